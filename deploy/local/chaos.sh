#!/usr/bin/env bash
# Stockflow's chaos suite: the system at production shape on one machine - two warehouse processes
# and two catalog processes (one consumer group, one Redis database, one PostgreSQL server), a Kafka
# broker from the Maven jars - under a recorded workload of adjustments with Idempotency-Keys, while
# one fault after another hits it. After each: every acknowledged write is in its level and once in
# the ledger, unknown outcomes retried with their keys applied exactly once, no version went
# backwards, and both catalogs show it all within a bound. One line per scenario; exit code 1 on any
# loss or failed check. The last results go to docs/chaos.md.
#
#   deploy/local/chaos.sh             the whole suite (10-15 minutes on a 2-core machine)
#   deploy/local/chaos.sh stop        stops what an interrupted suite left running
#   CHAOS_SCENARIOS="relay-leader-kill postgres-restart" deploy/local/chaos.sh    some scenarios only
#
# It uses run.sh's functions and settings with its own ports, data directory (deploy/local/.chaos),
# databases (chaos_warehouse, chaos_catalog: dropped and created afresh) and Redis database (5), so it
# runs beside a local run. The postgres-restart scenario restarts the PostgreSQL server at
# PGHOST:PGPORT (pg_ctlcluster or pg_ctl, as the data directory's owner; CHAOS_PG_RESTART replaces the
# command), so it stops whatever else uses that server for a moment: CHAOS_SCENARIOS can leave it out.
set -euo pipefail

CHAOS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# run.sh's settings for this suite (read when it is sourced below)
DATA_DIR="${CHAOS_DATA_DIR:-$CHAOS_HOME/.chaos/data}"
RUN_DIR="${CHAOS_RUN_DIR:-$CHAOS_HOME/.chaos/run}"
LOG_DIR="$RUN_DIR/logs"
WAREHOUSE_DB="${CHAOS_WAREHOUSE_DB:-chaos_warehouse}"
CATALOG_DB="${CHAOS_CATALOG_DB:-chaos_catalog}"
REDIS_DB="${CHAOS_REDIS_DB:-5}"
KAFKA_MODE=process
KAFKA_PORT="${CHAOS_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${CHAOS_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
WAREHOUSE_PORT="${CHAOS_WAREHOUSE_PORT:-18081}"       # replica n listens on this + 2(n-1)
CATALOG_PORT="${CHAOS_CATALOG_PORT:-18082}"
WAREHOUSE_MANAGEMENT_PORT="$((WAREHOUSE_PORT + 1000))"
CATALOG_MANAGEMENT_PORT="$((CATALOG_PORT + 1000))"
DEMO_DATA=false
# shellcheck source=deploy/local/run.sh
source "$CHAOS_HOME/run.sh"

SCENARIOS="${CHAOS_SCENARIOS:-relay-leader-kill catalog-kill catalog-rolling-restart broker-kill postgres-restart redis-flush catalog-stall}"
STALL_SECONDS="${CHAOS_STALL_SECONDS:-50}"          # SIGSTOP: beyond the consumer's 45 s session timeout
BROKER_DOWN_SECONDS="${CHAOS_BROKER_DOWN_SECONDS:-5}"
DOCS_PAGE="${CHAOS_DOCS_PAGE:-$ROOT/docs/chaos.md}"
RESULTS="$RUN_DIR/results.md"
NOTES="$RUN_DIR/notes.md"         # what the faults reported (leader takeover, partitions, durations)
REPLICAS=(warehouse-1 warehouse-2 catalog-1 catalog-2)

port_of() { # replica name [management]: its port
  local base
  case $1 in
    warehouse-*) base=$WAREHOUSE_PORT ;;
    catalog-*) base=$CATALOG_PORT ;;
  esac
  base=$((base + 2 * (${1##*-} - 1)))
  if [[ ${2:-} == management ]]; then echo $((base + 1000)); else echo "$base"; fi
}
url_of() { echo "http://127.0.0.1:$(port_of "$1" "${2:-}")"; }
urls() { local name out=""; for name in "$@"; do out+="${out:+,}$(url_of "$name")"; done; echo "$out"; }
pid_of() { cat "$(pid_file "$1")"; }
key_of_role() { # role: the first key of STOCKFLOW_KEYS with that role
  local entry entries
  IFS=',' read -ra entries <<<"$STOCKFLOW_KEYS"
  for entry in "${entries[@]}"; do
    [[ ${entry#*:} == "$1":* ]] && { echo "${entry##*:}"; return 0; }
  done
  die "STOCKFLOW_KEYS has no key with role $1"
}

start_replica() {
  local name=$1
  case $name in
    # a catalog calls the warehouse replica of its own number (no load balancer on one machine)
    warehouse-*) start_warehouse "$name" "$(port_of "$name")" "$(port_of "$name" management)" ;;
    catalog-*) WAREHOUSE_URL="$(url_of "warehouse-${name##*-}")" \
      start_catalog "$name" "$(port_of "$name")" "$(port_of "$name" management)" ;;
  esac
}

await_replica() {
  wait_until "$1" "$STARTUP_TIMEOUT" "$1" healthy "$(url_of "$1" management)"
}

# --- the relay's leader: the warehouse whose session holds the relay's advisory lock ---------
relay_leader() {
  local port pid name
  port=$(pg_sql -c "select a.client_port from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and a.datname = '$WAREHOUSE_DB'
      and a.application_name = 'warehouse-outbox-relay' limit 1" 2>/dev/null) || return 1
  [[ -n "$port" ]] || return 1
  pid=$(ss -Htnp state established "( sport = :$port )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
  for name in warehouse-1 warehouse-2; do
    if alive "$name" "$(marker_of "$name")" && [[ "$(pid_of "$name")" == "$pid" ]]; then echo "$name"; return 0; fi
  done
  return 1
}
relay_led_by_other_than() { local now; now=$(relay_leader) && [[ "$now" != "$1" ]]; }

# --- PostgreSQL restart: the server this suite uses, as its data directory's owner ---------------
restart_postgres() {
  if [[ -n "${CHAOS_PG_RESTART:-}" ]]; then bash -c "$CHAOS_PG_RESTART"; return; fi
  local dir major owner cluster bin
  dir=$(pg_sql -c 'show data_directory')
  major=$(pg_sql -c 'show server_version_num'); major=${major:0:2}
  owner=$(stat -c %U "$dir")
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v d="$dir" '$6 == d {print $1 " " $2}' || true)
  if [[ -n "$cluster" ]]; then
    as_user "$owner" "pg_ctlcluster --skip-systemctl-redirect $cluster restart -m fast"
  else
    bin=/usr/lib/postgresql/$major/bin/pg_ctl
    [[ -x $bin ]] || bin=$(command -v pg_ctl)
    as_user "$owner" "$bin -D '$dir' -m fast -w restart -l '$dir.log'"
  fi
}
millis() { echo $(($(date +%s%N) / 1000000)); }
day_millis() { local t=$1; echo $(((10#${t:0:2} * 3600 + 10#${t:3:2} * 60 + 10#${t:6:2}) * 1000 + 10#${t:9:3})); } # HH:MM:SS.mmm
as_user() { if [[ "$(id -un)" == "$1" ]]; then bash -c "$2"; else su "$1" -c "$2"; fi; }

# the catalog group's members with partitions: one line each, the partition count last
group_members() {
  kafka_java org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$(kafka_client_config)" --describe --group catalog --members 2>/dev/null |
    awk '$1 == "catalog" && $NF ~ /^[0-9]+$/ && $NF > 0'
}
# one member holding every partition: the dead one left and the rebalance completed
group_has_one_member() { [[ "$(group_members | awk '{print $NF}')" == "$KAFKA_TOPIC_PARTITIONS" ]]; }

redis_cmd() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }

# --- faults: each returns once it is done; what it leaves dead, heal brings back ------------------
fault() {
  local started=$SECONDS leader name killed_at elected
  case $1 in
    relay-leader-kill)
      leader=$(relay_leader) || die "no warehouse holds the relay's advisory lock"
      say "the relay's leader is $leader (pid $(pid_of "$leader")): kill -9"
      killed_at=$(day_millis "$(date +%H:%M:%S.%3N)")
      kill -KILL "$(pid_of "$leader")"
      wait_until "another relay leader" 60 "" relay_led_by_other_than "$leader"
      name=$(relay_leader)
      elected=$(grep 'is now the active outbox relay' "$LOG_DIR/$name.log" | tail -n 1)
      say "$name took the relay over $(($(day_millis "${elected:0:12}") - killed_at)) ms after the kill (its log); $leader stays down" ;;
    catalog-kill)
      say "kill -9 catalog-2 (pid $(pid_of catalog-2)); catalog-1 takes its partitions once its session expires"
      killed_at=$(millis)
      kill -KILL "$(pid_of catalog-2)"
      wait_until "catalog-1 alone in the consumer group" 120 catalog-1 group_has_one_member
      say "catalog-1 holds all $(group_members | awk '{s += $NF} END {print s}') partitions $(($(millis) - killed_at)) ms after the kill (seen by polling the group)" ;;
    catalog-rolling-restart)
      for name in catalog-1 catalog-2; do
        stop_process "$name"
        start_replica "$name"
        await_replica "$name"
      done
      say "rolling restart of both catalogs took $((SECONDS - started)) s" ;;
    broker-kill)
      say "kill -9 the Kafka broker (pid $(pid_of kafka)), down for ${BROKER_DOWN_SECONDS}s"
      kill -KILL "$(pid_of kafka)"
      sleep "$BROKER_DOWN_SECONDS"
      start_kafka_process
      wait_until "Kafka" "$STARTUP_TIMEOUT" kafka kafka_ready
      say "broker back after $((SECONDS - started)) s" ;;
    postgres-restart)
      say "restarting PostgreSQL"
      restart_postgres >"$LOG_DIR/postgres-restart.log" 2>&1 ||
        { cat "$LOG_DIR/postgres-restart.log" >&2; die "restarting PostgreSQL failed"; }
      wait_until "PostgreSQL" 60 "" pg_ready
      say "PostgreSQL restarted in $((SECONDS - started)) s" ;;
    redis-flush)
      say "FLUSHDB of the catalog's Redis database $REDIS_DB"
      redis_cmd flushdb >/dev/null ;;
    catalog-stall)
      say "SIGSTOP catalog-1 (pid $(pid_of catalog-1)) for ${STALL_SECONDS}s"
      kill -STOP "$(pid_of catalog-1)"
      sleep "$STALL_SECONDS"
      kill -CONT "$(pid_of catalog-1)"
      say "catalog-1 continues; the group's members and partitions: $(group_members | awk '{printf "%s ", $NF}')" ;;
    *) die "unknown fault '$1'" ;;
  esac
}

# Everything up and ready again: what a fault left dead is started, a stopped process continued.
heal() {
  local name
  alive kafka "$(marker_of kafka)" || { start_kafka_process; wait_until "Kafka" "$STARTUP_TIMEOUT" kafka kafka_ready; }
  for name in "${REPLICAS[@]}"; do
    if alive "$name" "$(marker_of "$name")"; then
      kill -CONT "$(pid_of "$name")" 2>/dev/null || true
    else
      say "$name is down: starting it"
      start_replica "$name"
    fi
  done
  for name in "${REPLICAS[@]}"; do await_replica "$name"; done
  disown -a
}

stop_chaos() {
  local name
  for name in catalog-2 catalog-1 warehouse-2 warehouse-1; do
    alive "$name" "$(marker_of "$name")" && kill -CONT "$(pid_of "$name")" 2>/dev/null
    stop_process "$name"
  done
  stop_process kafka
  stop_process redis
}

fresh_start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  stop_chaos >/dev/null
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  check_tools
  need_command ss "Install iproute2 (it provides ss: the relay's leader is found from its socket)."
  need_command redis-cli "Install redis-tools (redis-cli)."
  ensure_postgres
  pg_sql -c "drop database if exists $WAREHOUSE_DB with (force)" -c "drop database if exists $CATALOG_DB with (force)" >/dev/null
  pg_sql -c "create database $WAREHOUSE_DB" -c "create database $CATALOG_DB" >/dev/null
  ensure_redis
  redis_cmd flushdb >/dev/null
  [[ -d "$ROOT/e2e/target/lib" && -d "$ROOT/e2e/target/classes/io/stockflow/e2e/chaos" ]] || BUILD=always
  build
  start_kafka
  start_replica warehouse-1
  create_topics
  await_replica warehouse-1
  start_replica warehouse-2
  start_replica catalog-1
  start_replica catalog-2
  for name in "${REPLICAS[@]}"; do await_replica "$name"; done
  disown -a  # their ends (kill -9 included) are the faults' business, not job-control news
  say "two warehouses ($(urls warehouse-1 warehouse-2)), two catalogs ($(urls catalog-1 catalog-2)), Kafka $KAFKA_BOOTSTRAP_SERVERS: ready ($(elapsed))"
}

run_scenario() {
  CHAOS_WAREHOUSE_URLS="$(urls warehouse-1 warehouse-2)" CHAOS_CATALOG_URLS="$(urls catalog-1 catalog-2)" \
    REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB" CHAOS_RESULTS="$RESULTS" \
    CHAOS_WRITE_KEY="${API_KEYS%%,*}" CHAOS_READ_KEY="$(key_of_role read)" CHAOS_ADMIN_KEY="${ADMIN_API_KEYS%%,*}" \
    CHAOS_SERVICE_KEY="$WAREHOUSE_API_KEY" \
    java -Xmx256m -cp "$ROOT/e2e/target/classes:$ROOT/e2e/target/lib/*" io.stockflow.e2e.chaos.ChaosDriver \
    "$1" "$CHAOS_HOME/chaos.sh" fault "$1"
}

write_docs_page() { # total seconds, failures
  mkdir -p "$(dirname "$DOCS_PAGE")"
  {
    cat <<EOF
# Chaos suite: last results

Written by \`deploy/local/chaos.sh\` (what it does: README, "Chaos suite"). Run $(date -u '+%Y-%m-%d %H:%M UTC') on
$(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown): two warehouses, two
catalogs, one Kafka broker, PostgreSQL and Redis on one machine; $2 scenario(s) failed; ${1}s in all.

Each scenario runs on fresh products under ${CHAOS_CLIENTS:-6} clients sending adjustments with Idempotency-Keys to
both warehouses in turn, and a reader on both catalogs. *Converged*: from the end of the workload until
every catalog shows every level, Redis holds the warehouse's versions and the consistency checker finds
no difference. *Retried / applied*: commands without a definite answer, sent again with their key, and
how many of them were applied (each exactly once in the ledger). Statuses count every attempt.

| scenario | result | converged | fault took | commands | applied | refused (4xx) | retried / applied | unresolved | statuses | catalog reads | problems |
|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
    cat "$RESULTS" 2>/dev/null || true
    printf '\nWhat the faults reported:\n\n'
    cat "$NOTES" 2>/dev/null || true
  } >"$DOCS_PAGE"
}

cmd_suite() {
  SECONDS=0
  exec 3>&1 4>&2
  trap '{ echo; say "stopping"; stop_chaos; } >&3 2>&4; exit 130' INT TERM
  trap 'stop_chaos >&3 2>&4' EXIT
  fresh_start
  : >"$RESULTS"
  : >"$NOTES"
  local scenario failed=0 lines=() output line
  for scenario in $SCENARIOS; do
    heal
    say "scenario $scenario"
    output=$(run_scenario "$scenario" | tee -a /dev/fd/3 || true)
    line=$(grep -E '^\S+ +(PASS|FAIL) ' <<<"$output" || true)
    lines+=("${line:-$scenario FAIL (the driver did not finish; see above)}")
    grep '^==> ' <<<"$output" | grep -v '(log: ' | sed "s/^==> /- $scenario: /" >>"$NOTES" || true
    [[ ${lines[-1]} == *" PASS "* ]] || failed=$((failed + 1))
  done
  write_docs_page "$SECONDS" "$failed"
  echo
  echo "Chaos suite: $(wc -w <<<"$SCENARIOS") scenario(s), $failed failed, ${SECONDS}s (results: ${DOCS_PAGE#"$ROOT"/})"
  printf '%s\n' "${lines[@]}"
  ((failed == 0))
}

chaos_main() {
  local command=${1:-run}
  [[ $# -gt 0 ]] && shift
  case $command in
    run) cmd_suite ;;
    fault) fault "$@" ;;
    stop) stop_chaos ;;
    -h | --help | help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$command' (try: $0 help)" ;;
  esac
}

chaos_main "$@"
