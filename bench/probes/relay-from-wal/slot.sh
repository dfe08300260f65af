#!/usr/bin/env bash
# on: a fresh logical slot (pgoutput, messages on) read by pg_recvlogical into /dev/null; off: neither.
# Needs wal_level = logical.
pkill -f "pg_recvlogical .*relay_probe" || true
sleep 0.5
psql -qAt -h 127.0.0.1 -U postgres -d relay_probe \
  -c "SELECT pg_drop_replication_slot('probe') FROM pg_replication_slots WHERE slot_name = 'probe'" >/dev/null
if [[ ${1:-off} == on ]]; then
  psql -qAt -h 127.0.0.1 -U postgres -d relay_probe -c "SELECT pg_create_logical_replication_slot('probe', 'pgoutput')" >/dev/null
  pg_recvlogical -h 127.0.0.1 -U postgres -d relay_probe --slot probe --start -o proto_version=1 \
    -o publication_names=probe_pub -o messages=true -f /dev/null -s 1 >/dev/null 2>&1 &
  sleep 1
fi
