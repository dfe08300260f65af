#!/usr/bin/env bash
# PostgreSQL CPU (every postgres process, the reaped backends included) and WAL per event of one variant, run
# by pgbench at a fixed rate (10 events a transaction). Usage: measure.sh variant [tx/s, 100] [seconds, 20]
#   outbox-insert-only      the levels and their ledger entries, an outbox row per event
#   outbox-and-relay-pass   the same, then a relay pass (stamp and notify, read, watermark)
#   logical-message         the levels and their ledger entries, pg_logical_emit_message per event (slot.sh on)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
variant=$1; rate=${2:-100}; seconds=${3:-20}
case $variant in
  outbox-insert-only) parts=(then-outbox-insert.sql) ;;
  outbox-and-relay-pass) parts=(then-outbox-insert.sql relay-pass.sql) ;;
  logical-message) parts=(then-logical-message.sql) ;;
  *) echo "unknown variant $variant" >&2; exit 2 ;;
esac
f=$(mktemp --suffix=.sql)
trap 'rm -f "$f"' EXIT
(cd "$HERE" && cat levels-and-ledger.sql "${parts[@]}") >"$f"
PSQL=(psql -qAt -h 127.0.0.1 -U postgres -d relay_probe)
cpu() {
  python3 - <<'P'
import os
t = 0
for p in filter(str.isdigit, os.listdir('/proc')):
    try:
        if open(f'/proc/{p}/comm').read().strip() != 'postgres':
            continue
        s = open(f'/proc/{p}/stat').read(); x = s[s.rindex(')') + 2:].split()
        t += int(x[11]) + int(x[12])
        if open(f'/proc/{p}/cmdline', 'rb').read().startswith(b'/usr/lib/postgresql'):
            t += int(x[13]) + int(x[14])  # the postmaster: its reaped children
    except (OSError, ValueError):
        pass
print(t)
P
}
# rows an earlier run left unstamped would be stamped, and charged, in this run: marked published first
"${PSQL[@]}" -c "UPDATE outbox SET position = nextval('outbox_position_seq') WHERE position IS NULL" \
  -c "UPDATE outbox_watermark SET published_through = (SELECT coalesce(max(position), 0) FROM outbox)"
"${PSQL[@]}" -c "VACUUM ANALYZE outbox" -c "VACUUM ANALYZE stock_level" -c "CHECKPOINT"
sleep 1
c0=$(cpu); w0=$("${PSQL[@]}" -c "SELECT pg_current_wal_lsn()")
out=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -f "$f" -R "$rate" -T "$seconds" -c 2 relay_probe 2>&1)
sleep 2
c1=$(cpu); w1=$("${PSQL[@]}" -c "SELECT pg_current_wal_lsn()")
n=$(grep "actually processed" <<<"$out" | grep -o "[0-9][0-9]*" | head -1)
wal=$("${PSQL[@]}" -c "SELECT pg_wal_lsn_diff('$w1', '$w0')")
python3 -c "print(f'$variant: {$n} tx, PostgreSQL CPU {($c1 - $c0) * 10 / $n / 10:.3f} ms/event, WAL {$wal / $n / 10:.0f} B/event')"
