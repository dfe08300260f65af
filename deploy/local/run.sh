#!/usr/bin/env bash
# Runs the whole Stockflow system on one machine, without Docker:
# PostgreSQL and Redis (checked, started if installed but stopped), a single-node KRaft Kafka
# broker from the Maven-resolved jars, warehouse-service (8081, management 9081) and catalog-service
# (8082, management 9082), with authentication on and the demo keys of demo-keys.sh.
#
#   deploy/local/run.sh            foreground; Ctrl-C stops everything it started
#   deploy/local/run.sh start      returns once everything is healthy
#   deploy/local/run.sh stop       stops everything a previous start started, nothing else
#   deploy/local/run.sh status     what runs, with PIDs and health
#   deploy/local/run.sh topic      watch the events on warehouse.stock (headers included)
#   deploy/local/run.sh logs [x]   follow the logs (all, or kafka|warehouse|catalog|redis|build)
#   deploy/local/run.sh reset      (stopped) delete Kafka data, databases and catalog Redis keys
#
# Every setting below can be overridden from the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/local"
DATA_DIR="${DATA_DIR:-$HERE/.data}"   # Kafka log dirs, Redis dir: delete it to start afresh
RUN_DIR="${RUN_DIR:-$HERE/.run}"      # PID files of this run
LOG_DIR="${LOG_DIR:-$RUN_DIR/logs}"

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DB="${REDIS_DB:-0}"
WAREHOUSE_DB="${WAREHOUSE_DB:-warehouse}"   # database names on that server
CATALOG_DB="${CATALOG_DB:-catalog}"

KAFKA_MODE="${KAFKA_MODE:-process}"   # process | docker | external
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-$KAFKA_HOST:$KAFKA_PORT}"
KAFKA_TOPIC="${KAFKA_TOPIC:-warehouse.stock}"
KAFKA_DLQ_TOPIC="${KAFKA_DLQ_TOPIC:-$KAFKA_TOPIC.dlq}"
KAFKA_TOPIC_PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-12}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_IMAGE="${KAFKA_IMAGE:-}"        # docker mode; default apache/kafka:<version of the jars>
KAFKA_LIB="$ROOT/deploy/kafka/target/lib"

WAREHOUSE_PORT="${WAREHOUSE_PORT:-8081}"
CATALOG_PORT="${CATALOG_PORT:-8082}"
# health and metrics (no key): each service's management interface
WAREHOUSE_MANAGEMENT_PORT="${WAREHOUSE_MANAGEMENT_PORT:-9081}"
CATALOG_MANAGEMENT_PORT="${CATALOG_MANAGEMENT_PORT:-9082}"
WAREHOUSE_JAR="$ROOT/warehouse-service/target/quarkus-app/quarkus-run.jar"
CATALOG_JAR="$ROOT/catalog-service/target/quarkus-app/quarkus-run.jar"
# The services' JVM settings (G1, pause goal, fixed heap and marking threshold, MALLOC_ARENA_MAX) are
# the ones the images and the Kubernetes manifests use, from one file that says why each is there.
SERVICE_JVM_ENV="$ROOT/deploy/k8s/base/service-jvm.env"
jvm_setting() { # KEY: its value in $SERVICE_JVM_ENV (KEY=value lines, no quotes)
  sed -n "s/^$1=//p" "$SERVICE_JVM_ENV"
}
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-$(jvm_setting JAVA_OPTS)}"
SERVICE_MALLOC_ARENA_MAX="${SERVICE_MALLOC_ARENA_MAX:-$(jvm_setting MALLOC_ARENA_MAX)}"
[[ -n "$SERVICE_JAVA_OPTS" && -n "$SERVICE_MALLOC_ARENA_MAX" ]] ||
  { echo "ERROR: no JAVA_OPTS or MALLOC_ARENA_MAX in $SERVICE_JVM_ENV" >&2; exit 1; }
# authentication is on (AUTH_ENABLED=false turns it off); the demo keys, unless set beforehand
# shellcheck source=deploy/local/demo-keys.sh
source "$HERE/demo-keys.sh"

BUILD="${BUILD:-auto}"                # auto (when jars are missing or sources newer) | always | never
DEMO_DATA="${DEMO_DATA:-true}"
DEMO_WAREHOUSES="${DEMO_WAREHOUSES:-20}"
DEMO_PRODUCTS="${DEMO_PRODUCTS:-10000}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"   # seconds, per component

WAREHOUSE_URL="http://127.0.0.1:$WAREHOUSE_PORT"
CATALOG_URL="http://127.0.0.1:$CATALOG_PORT"
WAREHOUSE_MANAGEMENT_URL="http://127.0.0.1:$WAREHOUSE_MANAGEMENT_PORT"
CATALOG_MANAGEMENT_URL="http://127.0.0.1:$CATALOG_MANAGEMENT_PORT"

# --- output -------------------------------------------------------------------------------
say()  { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$((SECONDS))s"; }

# --- process bookkeeping: one PID file per process this script started ----------------------
pid_file() { echo "$RUN_DIR/$1.pid"; }

# The command line must still contain the marker: a PID file never makes us kill a stranger
# that got the same PID after a reboot.
alive() {
  local name=$1 marker=$2 pid
  [[ -f "$(pid_file "$name")" ]] || return 1
  pid=$(<"$(pid_file "$name")")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o args= 2>/dev/null | grep -qF -- "$marker"
}

marker_of() {
  case $1 in
    kafka) echo "kafka.Kafka $DATA_DIR/kafka/server.properties" ;;
    warehouse | warehouse-*) echo "$WAREHOUSE_JAR" ;;
    catalog | catalog-*) echo "$CATALOG_JAR" ;;
    redis) echo "redis-server" ;;
    supervisor) echo "run.sh" ;;
  esac
}

# Starts a command detached into its own session (so a closed terminal does not kill it in
# `start` mode), output to its log, PID recorded.
spawn() {
  local name=$1; shift
  : >"$LOG_DIR/$name.log"
  # 3>&- 4>&-: the saved terminal copies must not keep a caller's pipe open for good
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 3>&- 4>&- &
  echo $! >"$(pid_file "$name")"
}

stop_process() {
  local name=$1 pid
  if alive "$name" "$(marker_of "$name")"; then
    pid=$(<"$(pid_file "$name")")
    printf '==> stopping %s (pid %s)' "$name" "$pid"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; printf '.'; done
    if kill -0 "$pid" 2>/dev/null; then printf ' killing'; kill -KILL "$pid" 2>/dev/null || true; fi
    echo
  fi
  rm -f "$(pid_file "$name")"
}

stop_all() {
  # reverse start order: consumers before producers before the broker
  stop_process catalog
  stop_process warehouse
  stop_process kafka
  if [[ -f "$RUN_DIR/kafka.container" ]]; then
    say "stopping Kafka container $(<"$RUN_DIR/kafka.container")"
    docker stop "$(<"$RUN_DIR/kafka.container")" >/dev/null 2>&1 || true
    rm -f "$RUN_DIR/kafka.container"
  fi
  stop_process redis
  if [[ -f "$RUN_DIR/postgres.started" ]]; then
    say "stopping PostgreSQL (this script started it)"
    pg_ctlcluster --skip-systemctl-redirect "$(<"$RUN_DIR/postgres.started")" main stop || true
    rm -f "$RUN_DIR/postgres.started"
  fi
  rm -f "$(pid_file supervisor)"
}

running_components() {
  local name
  for name in supervisor kafka warehouse catalog redis; do
    alive "$name" "$(marker_of "$name")" && echo "$name"
  done
  [[ -f "$RUN_DIR/kafka.container" ]] && echo "kafka-container"
  return 0
}

# --- checks -------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

need_command() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

check_tools() {
  need_command java "Install a Java 17 JDK (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)."
  need_command mvn "Install Maven 3.8+ (Debian/Ubuntu: apt-get install maven)."
  need_command curl "Install curl (apt-get install curl)."
  need_command setsid "Install util-linux (it provides setsid)."
  local version
  version=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  [[ ${version%%.*} -ge 17 ]] || die "Java 17 or newer is needed; 'java' is $version."
}

log_lines() { { wc -l <"$LOG_DIR/$1.log"; } 2>/dev/null || echo 0; } # name

# Prints the progress lines (demo data, cache warm-up: done / total, rate, time left) service $1 logged
# after line $2, JSON or text, and sets PROGRESS_SEEN to the lines read.
show_progress() { # name, lines already seen
  local name=$1 seen=$2 now
  now=$(log_lines "$name")
  ((now > seen)) && sed -n "$((seen + 1)),${now}p" "$LOG_DIR/$name.log" | sed -n -E \
    's/.*"message":"((demo data|cache warm-up): [^"]*)".*/    \1/p; t; s/.*((demo data|cache warm-up): .*)$/    \1/p'
  PROGRESS_SEEN=$now
}

wait_until() { # description, seconds, pid-name or "", command...
  local what=$1 timeout=$2 name=$3; shift 3
  local deadline=$((SECONDS + timeout))
  PROGRESS_SEEN=0
  until "$@" >/dev/null 2>&1; do
    [[ -z "$name" ]] || show_progress "$name" "$PROGRESS_SEEN"
    if [[ -n "$name" ]] && ! alive "$name" "$(marker_of "$name")"; then
      echo "---- last lines of $LOG_DIR/$name.log ----" >&2
      tail -n 40 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited while starting (full log: $LOG_DIR/$name.log)"
    fi
    ((SECONDS < deadline)) || die "$what not ready after ${timeout}s${name:+ (log: $LOG_DIR/$name.log)}"
    sleep 0.5
  done
}

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT"; }
pg_sql() { PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tA "$@"; }

ensure_postgres() {
  need_command psql "Install the PostgreSQL client and server: apt-get install postgresql (Debian/Ubuntu) or brew install postgresql@15 (macOS)."
  if ! pg_ready; then
    local cluster="" dir
    for dir in /etc/postgresql/*/main; do [[ -d "$dir" ]] && cluster=$(basename "$(dirname "$dir")"); done
    if is_local "$PGHOST" && command -v pg_ctlcluster >/dev/null && [[ -n "$cluster" ]]; then
      say "PostgreSQL $cluster is installed but stopped: starting it"
      pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
      echo "$cluster" >"$RUN_DIR/postgres.started"
      wait_until "PostgreSQL" 30 "" pg_ready
    else
      die "PostgreSQL does not answer at $PGHOST:$PGPORT. Install and start it (apt-get install postgresql; pg_ctlcluster <version> main start), or point PGHOST/PGPORT at one."
    fi
  fi
  pg_sql -c 'select 1' >/dev/null ||
    die "cannot log in to PostgreSQL at $PGHOST:$PGPORT as '$PGUSER'. The local run expects trust authentication for 127.0.0.1 (pg_hba.conf), or set PGUSER/PGPASSWORD."
  local db
  for db in "$WAREHOUSE_DB" "$CATALOG_DB"; do
    if [[ -z "$(pg_sql -c "select 1 from pg_database where datname = '$db'")" ]]; then
      say "creating database $db"
      pg_sql -c "create database $db" >/dev/null
    fi
  done
}

redis_ready() {
  if command -v redis-cli >/dev/null; then
    [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
  else
    port_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}

ensure_redis() {
  redis_ready && return 0
  if is_local "$REDIS_HOST" && command -v redis-server >/dev/null; then
    say "Redis is installed but not running: starting it on $REDIS_HOST:$REDIS_PORT (no persistence)"
    mkdir -p "$DATA_DIR/redis"
    : >"$LOG_DIR/redis.log"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$DATA_DIR/redis" --logfile "$LOG_DIR/redis.log" --pidfile "$(pid_file redis)"
    wait_until "Redis" 30 "" redis_ready
  else
    die "Redis does not answer at $REDIS_HOST:$REDIS_PORT. Install it (apt-get install redis-server, or brew install redis) or point REDIS_HOST/REDIS_PORT at one."
  fi
}

# --- build --------------------------------------------------------------------------------
catalog_present() { [[ -f "$ROOT/catalog-service/pom.xml" ]]; }

build_needed() {
  compgen -G "$KAFKA_LIB/kafka-tools-*.jar" >/dev/null || return 0
  # the Kafka jars keep their repository dates, so only the services' jars tell the build's age
  local artifacts=("$WAREHOUSE_JAR")
  catalog_present && artifacts+=("$CATALOG_JAR")
  local oldest="" artifact
  for artifact in "${artifacts[@]}"; do
    [[ -f "$artifact" ]] || return 0
    if [[ -z "$oldest" || "$artifact" -ot "$oldest" ]]; then oldest=$artifact; fi
  done
  # any pom or source newer than the oldest artifact
  [[ -n "$(find "$ROOT" -path "$ROOT/deploy/local" -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$oldest" -print 2>/dev/null | head -n 1)" ]]
}

build() {
  case $BUILD in
    never) return 0 ;;
    always) ;;
    auto) build_needed || { say "build is up to date"; return 0; } ;;
    *) die "BUILD must be auto, always or never" ;;
  esac
  say "building: mvn -q -DskipTests package (log: $LOG_DIR/build.log)"
  local started=$SECONDS
  if ! (cd "$ROOT" && mvn -B -q -DskipTests package) >"$LOG_DIR/build.log" 2>&1; then
    tail -n 40 "$LOG_DIR/build.log" >&2
    die "the build failed (full log: $LOG_DIR/build.log)"
  fi
  say "built in $((SECONDS - started))s"
}

# --- Kafka --------------------------------------------------------------------------------
kafka_java() { # main class, args...: the Kafka command-line tools, from the same jars
  local main=$1; shift
  java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$KAFKA_LIB/*" "$main" "$@"
}

# Short client timeouts keep every check interruptible (Ctrl-C, `run.sh stop`) within seconds.
kafka_client_config() {
  mkdir -p "$DATA_DIR/kafka"
  printf 'default.api.timeout.ms=4000\nrequest.timeout.ms=3000\n' >"$DATA_DIR/kafka/client.properties"
  echo "$DATA_DIR/kafka/client.properties"
}

kafka_topics() {
  kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$(kafka_client_config)" "$@"
}

kafka_ready() { kafka_topics --list; }

write_kafka_config() {
  mkdir -p "$DATA_DIR/kafka/data"
  cat >"$DATA_DIR/kafka/server.properties" <<EOF
# generated by deploy/local/run.sh: single-node KRaft broker for the local run
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/kafka/data
num.partitions=$KAFKA_TOPIC_PARTITIONS
# topics are created explicitly, as in production: a typo must fail, not make a new topic
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# after a restart the controller refuses the broker's new registration until the old session
# expires (default 9 s): a short session makes restarts quick
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=2000
EOF
}

start_kafka_process() {
  compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" >/dev/null ||
    die "no Kafka jars in $KAFKA_LIB: run 'mvn -q -DskipTests package' (or BUILD=always)"
  write_kafka_config
  if [[ ! -f "$DATA_DIR/kafka/data/meta.properties" ]]; then
    # a cluster id is 16 random bytes, base64url without padding
    local cluster_id
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c 1-22)
    say "formatting Kafka storage in $DATA_DIR/kafka/data (cluster $cluster_id)"
    kafka_java kafka.tools.StorageTool format --standalone --ignore-formatted -t "$cluster_id" \
      -c "$DATA_DIR/kafka/server.properties" >"$LOG_DIR/kafka-format.log" 2>&1 ||
      { cat "$LOG_DIR/kafka-format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  say "starting Kafka broker on $KAFKA_HOST:$KAFKA_PORT (log: $LOG_DIR/kafka.log)"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options
  spawn kafka java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$DATA_DIR/kafka/server.properties"
}

start_kafka_docker() {
  need_command docker "KAFKA_MODE=docker needs Docker; the default KAFKA_MODE=process does not."
  docker info >/dev/null 2>&1 ||
    die "KAFKA_MODE=docker, but the Docker daemon does not answer. The default KAFKA_MODE=process needs no Docker."
  local version image container
  version=$(basename "$(compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" | head -n 1)" .jar)
  image=${KAFKA_IMAGE:-apache/kafka:${version#kafka_2.13-}}
  say "starting Kafka container $image on $KAFKA_HOST:$KAFKA_PORT"
  container=$(docker run -d --rm --name "stockflow-kafka-$KAFKA_PORT" -p "$KAFKA_HOST:$KAFKA_PORT:9092" \
    -e KAFKA_NODE_ID=1 -e KAFKA_PROCESS_ROLES=broker,controller \
    -e KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093 \
    -e "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT" \
    -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER \
    -e KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT \
    -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093 \
    -e KAFKA_AUTO_CREATE_TOPICS_ENABLE=false \
    -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1 \
    -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1 -e KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 \
    "$image") || die "docker run $image failed"
  echo "$container" >"$RUN_DIR/kafka.container"
}

start_kafka() {
  case $KAFKA_MODE in
    process | docker)
      port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
        die "something already listens on $KAFKA_HOST:$KAFKA_PORT. Stop it, or use it with KAFKA_MODE=external."
      if [[ $KAFKA_MODE == process ]]; then start_kafka_process; else start_kafka_docker; fi ;;
    external) say "using the Kafka broker at $KAFKA_BOOTSTRAP_SERVERS (KAFKA_MODE=external)" ;;
    *) die "KAFKA_MODE must be process, docker or external" ;;
  esac
}

create_topics() {
  local name=""
  [[ $KAFKA_MODE == process ]] && name=kafka
  wait_until "Kafka at $KAFKA_BOOTSTRAP_SERVERS" "$STARTUP_TIMEOUT" "$name" kafka_ready
  local topic
  for topic in "$KAFKA_TOPIC" "$KAFKA_DLQ_TOPIC"; do
    kafka_topics --create --if-not-exists --topic "$topic" --partitions "$KAFKA_TOPIC_PARTITIONS" \
      --replication-factor 1 2>&1 | grep -v 'collide' || true
  done
  say "Kafka ready, topics $KAFKA_TOPIC and $KAFKA_DLQ_TOPIC ($KAFKA_TOPIC_PARTITIONS partitions) ($(elapsed))"
}

# --- services -----------------------------------------------------------------------------
start_service() { # name, jar, port, management port, extra env...
  local name=$1 jar=$2 port=$3 management_port=$4; shift 4
  port_open 127.0.0.1 "$port" && die "port $port is taken: cannot start $name (set ${name^^}_PORT)"
  port_open 127.0.0.1 "$management_port" &&
    die "port $management_port is taken: cannot start $name (set ${name^^}_MANAGEMENT_PORT)"
  say "starting $name on $port, management $management_port (log: $LOG_DIR/$name.log)"
  # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS holds several options
  spawn "$name" env HTTP_PORT="$port" MANAGEMENT_PORT="$management_port" DB_USER="$PGUSER" \
    DB_PASSWORD="${PGPASSWORD:-}" KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" \
    KAFKA_TOPIC="$KAFKA_TOPIC" KAFKA_DLQ_TOPIC="$KAFKA_DLQ_TOPIC" \
    ${AUTH_ENABLED:+AUTH_ENABLED="$AUTH_ENABLED"} STOCKFLOW_KEYS="$STOCKFLOW_KEYS" API_KEYS="$API_KEYS" \
    ADMIN_API_KEYS="$ADMIN_API_KEYS" MALLOC_ARENA_MAX="$SERVICE_MALLOC_ARENA_MAX" "$@" java $SERVICE_JAVA_OPTS -jar "$jar"
}

healthy() { curl -fs -o /dev/null --max-time 5 "$1/q/health/ready"; } # $1: a management URL

post_demo_data() { # name, url, json
  local name=$1 url=$2 body=$3 status pid
  say "loading $name demo data: POST $url $body"
  PROGRESS_SEEN=$(log_lines "$name")
  curl -sS -o "$LOG_DIR/$name-demo-data.json" -w '%{http_code}' --max-time 600 \
    -X POST "$url" -H 'Content-Type: application/json' -H "X-API-Key: ${ADMIN_API_KEYS%%,*}" \
    -d "$body" >"$LOG_DIR/$name-demo-data.status" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do # the service logs its progress every few seconds
    sleep 1
    show_progress "$name" "$PROGRESS_SEEN"
  done
  wait "$pid" && status=$(tail -c 3 "$LOG_DIR/$name-demo-data.status") || status=000
  show_progress "$name" "$PROGRESS_SEEN"
  case $status in
    2??) say "$name demo data loaded ($(elapsed))" ;;
    404 | 405) warn "$name has no demo-data endpoint yet ($url answered $status): no demo data loaded" ;;
    *) warn "$name demo data failed with HTTP $status: see $LOG_DIR/$name-demo-data.json and $LOG_DIR/$name.log" ;;
  esac
}

# "once": only into an empty system, so restarts keep what the user changed
has_items() { # url: true when a list answers with a non-empty "items"
  curl -fsS --max-time 10 -H "X-API-Key: ${API_KEYS%%,*}" "$1" 2>/dev/null | grep -q '"items" *: *\[ *[{"]'
}

start_warehouse() { # [name port management-port]: another replica beside the first
  start_service "${1:-warehouse}" "$WAREHOUSE_JAR" "${2:-$WAREHOUSE_PORT}" "${3:-$WAREHOUSE_MANAGEMENT_PORT}" \
    WAREHOUSE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$WAREHOUSE_DB" \
    REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB" CONSOLE_SESSION_KEY="$CONSOLE_SESSION_KEY"
}

start_catalog() { # [name port management-port]: another replica beside the first
  start_service "${1:-catalog}" "$CATALOG_JAR" "${2:-$CATALOG_PORT}" "${3:-$CATALOG_MANAGEMENT_PORT}" \
    CATALOG_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$CATALOG_DB" \
    REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB" WAREHOUSE_URL="$WAREHOUSE_URL" \
    WAREHOUSE_API_KEY="$WAREHOUSE_API_KEY"
}

start_everything() {
  SECONDS=0
  check_tools
  ensure_postgres
  ensure_redis
  say "PostgreSQL at $PGHOST:$PGPORT and Redis at $REDIS_HOST:$REDIS_PORT answer"
  build
  start_kafka
  # the warehouse starts while the broker comes up: its producer waits for it
  start_warehouse
  create_topics
  wait_until "warehouse-service" "$STARTUP_TIMEOUT" warehouse healthy "$WAREHOUSE_MANAGEMENT_URL"
  say "warehouse-service ready ($(elapsed))"
  if [[ $DEMO_DATA == true ]] && ! has_items "$WAREHOUSE_URL/v1/warehouses"; then
    post_demo_data warehouse "$WAREHOUSE_URL/v1/admin/demo-data" \
      "{\"warehouses\":$DEMO_WAREHOUSES,\"products\":$DEMO_PRODUCTS}"
  fi
  if catalog_present; then
    [[ -f "$CATALOG_JAR" ]] || die "catalog-service is in the tree but $CATALOG_JAR is missing: run with BUILD=always"
    # after the warehouse demo data, so the catalog's warm-up already sees it
    start_catalog
    say "waiting for catalog-service to warm its cache"
    wait_until "catalog-service" "$STARTUP_TIMEOUT" catalog healthy "$CATALOG_MANAGEMENT_URL"
    say "catalog-service ready ($(elapsed))"
    if [[ $DEMO_DATA == true ]] && ! has_items "$CATALOG_URL/v1/products?limit=1"; then
      post_demo_data catalog "$CATALOG_URL/v1/admin/demo-data" "{\"products\":$DEMO_PRODUCTS}"
    fi
  else
    warn "no catalog-service module in $ROOT yet: running without the catalog (port $CATALOG_PORT)"
  fi
  print_summary
}

print_summary() {
  local write=${API_KEYS%%,*} admin=${ADMIN_API_KEYS%%,*} product="SKU-000042" read_url entry name role
  local -a entries
  if catalog_present; then read_url="$CATALOG_URL/v1/products/$product"; else read_url="$WAREHOUSE_URL/v1/inventory/product/$product"; fi
  cat <<EOF

Stockflow is up ($(elapsed)).
  warehouse-service  $WAREHOUSE_URL   (swagger, with a key: $WAREHOUSE_URL/q/swagger-ui)
                     management $WAREHOUSE_MANAGEMENT_URL   (no key: /q/health, /q/metrics)
EOF
  if catalog_present; then
    echo "  catalog-service    $CATALOG_URL   (swagger, with a key: $CATALOG_URL/q/swagger-ui)"
    echo "                     management $CATALOG_MANAGEMENT_URL   (no key: /q/health, /q/metrics)"
  fi
  cat <<EOF
  Kafka              $KAFKA_BOOTSTRAP_SERVERS  topic $KAFKA_TOPIC   (watch it: $0 topic)
  PostgreSQL         $PGHOST:$PGPORT databases warehouse, catalog;  Redis $REDIS_HOST:$REDIS_PORT db $REDIS_DB
  Logs: $LOG_DIR/    Data: $DATA_DIR/

API keys, header X-API-Key (authentication is ${AUTH_ENABLED:-on}; AUTH_ENABLED=false turns it off):
  key                role     principal
  $(printf '%-18s %-8s %s' "$write" write "api-key-1 (API_KEYS)")
  $(printf '%-18s %-8s %s' "$admin" admin "admin-key-1 (ADMIN_API_KEYS)")
EOF
  IFS=',' read -ra entries <<<"$STOCKFLOW_KEYS"
  for entry in "${entries[@]}"; do
    name=${entry%%:*} role=${entry#*:}
    printf '  %-18s %-8s %s\n' "${role#*:}" "${role%%:*}" "$name (STOCKFLOW_KEYS)"
  done
  cat <<EOF
  The catalog calls the warehouse with its own key, WAREHOUSE_API_KEY.

Staff console: $WAREHOUSE_URL/console   sign in with the staff key $CONSOLE_STAFF_KEY
  (any read, write or admin key signs in; changes are recorded in the ledger under the key's name)

Try:
  curl -s $read_url -H 'X-API-Key: $write'
  curl -s -X POST $WAREHOUSE_URL/v1/inventory/adjustments -H 'Content-Type: application/json' -H 'X-API-Key: $write' \\
       -H 'X-On-Behalf-Of: alice' -d '{"productId":"$product","warehouseId":"WH-01","delta":5,"reason":"received"}'
  curl -s $read_url -H 'X-API-Key: $write'
  curl -s $WAREHOUSE_MANAGEMENT_URL/q/health/ready

EOF
}

# --- commands -----------------------------------------------------------------------------
# Checked before any trap is set: a refused second start must not stop the first one.
ensure_not_running() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"
  local running
  running=$(running_components | tr '\n' ' ')
  [[ -z "$running" ]] || die "already running (${running% }). See '$0 status', or '$0 stop' first."
}

cmd_foreground() {
  ensure_not_running
  # a trap can run inside a check whose output goes to /dev/null: print through saved copies
  exec 3>&1 4>&2
  trap '{ echo; say "stopping"; stop_all; } >&3 2>&4; exit 130' INT TERM
  trap 'stop_all >&3 2>&4' EXIT
  echo $$ >"$(pid_file supervisor)"   # lets `run.sh stop` end this run from another terminal
  start_everything
  say "running in the foreground: Ctrl-C stops everything this script started"
  local names=(kafka warehouse) name
  [[ $KAFKA_MODE == process ]] || names=(warehouse)
  catalog_present && names+=(catalog)
  while true; do
    for name in "${names[@]}"; do
      if ! alive "$name" "$(marker_of "$name")"; then
        warn "$name exited (log: $LOG_DIR/$name.log); stopping the rest"
        exit 1
      fi
    done
    sleep 1
  done
}

cmd_start() {
  ensure_not_running
  # a failed start leaves nothing behind; a successful one leaves everything running
  exec 3>&1 4>&2
  trap 'status=$?; if ((status != 0)); then stop_all >&3 2>&4; fi' EXIT
  trap 'exit 130' INT TERM
  echo $$ >"$(pid_file supervisor)"   # a `run.sh stop` during the start ends this script first
  start_everything
  rm -f "$(pid_file supervisor)"
  echo "Stop it with: $0 stop"
}

cmd_stop() {
  [[ -d "$RUN_DIR" ]] || { say "nothing to stop"; return 0; }
  if alive supervisor "$(marker_of supervisor)"; then
    local pid
    pid=$(<"$(pid_file supervisor)")
    say "asking run.sh (pid $pid) to stop first"
    kill -TERM "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  stop_all
  say "stopped"
}

status_line() { # name, marker, url
  local name=$1 health="" pid
  if alive "$name" "$2"; then
    pid=$(<"$(pid_file "$name")")
    if [[ -n "${3:-}" ]]; then
      if healthy "$3"; then health=", ready"; else health=", NOT ready"; fi
    fi
    printf '  %-10s running (pid %s%s)\n' "$name" "$pid" "$health"
  else
    printf '  %-10s stopped\n' "$name"
    return 1
  fi
}

cmd_status() {
  local down=0
  echo "Stockflow local run ($RUN_DIR):"
  status_line kafka "$(marker_of kafka)" || down=1
  status_line warehouse "$WAREHOUSE_JAR" "$WAREHOUSE_MANAGEMENT_URL" || down=1
  if catalog_present; then status_line catalog "$CATALOG_JAR" "$CATALOG_MANAGEMENT_URL" || down=1; fi
  if alive supervisor run.sh; then echo "  run.sh     pid $(<"$(pid_file supervisor)") (starting, or running in the foreground)"; fi
  if pg_ready 2>/dev/null; then echo "  postgres   answers at $PGHOST:$PGPORT"; else echo "  postgres   DOWN at $PGHOST:$PGPORT"; down=1; fi
  if redis_ready; then echo "  redis      answers at $REDIS_HOST:$REDIS_PORT"; else echo "  redis      DOWN at $REDIS_HOST:$REDIS_PORT"; down=1; fi
  return $down
}

cmd_topic() {
  compgen -G "$KAFKA_LIB/kafka-tools-*.jar" >/dev/null || die "no Kafka tools in $KAFKA_LIB: build first"
  say "events on $KAFKA_TOPIC at $KAFKA_BOOTSTRAP_SERVERS (Ctrl-C to stop; --from-beginning for history)"
  kafka_java org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --topic "$KAFKA_TOPIC" --property print.headers=true --property print.key=true \
    --property print.partition=true --property print.offset=true "$@"
}

cmd_logs() {
  mkdir -p "$LOG_DIR"
  if [[ $# -gt 0 ]]; then exec tail -n 50 -F "$LOG_DIR/$1.log"; fi
  exec tail -n 20 -F "$LOG_DIR"/*.log
}

cmd_reset() {
  [[ -z "$(running_components)" ]] || die "stop the system first ($0 stop)"
  say "deleting $DATA_DIR, databases $WAREHOUSE_DB and $CATALOG_DB, Redis keys catalog:* in db $REDIS_DB"
  rm -rf "$DATA_DIR"
  if pg_ready; then
    pg_sql -c "drop database if exists $WAREHOUSE_DB" -c "drop database if exists $CATALOG_DB" >/dev/null
  fi
  if redis_ready && command -v redis-cli >/dev/null; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" --scan --pattern 'catalog:*' |
      xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" del >/dev/null
  fi
  say "reset done"
}

main() {
  local command=${1:-run}
  [[ $# -gt 0 ]] && shift
  case $command in
    run | foreground) cmd_foreground ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    topic) cmd_topic "$@" ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset ;;
    -h | --help | help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$command' (try: $0 help)" ;;
  esac
}

# deploy/local/chaos.sh sources this file for its functions and settings
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
