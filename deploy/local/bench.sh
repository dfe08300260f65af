#!/usr/bin/env bash
# Benchmarks the system that `deploy/local/run.sh start` runs (with its demo data) and regenerates
# BENCHMARKS.md and its plots (bench/results/*.png). About 13 minutes on a 2-core machine.
#
#   deploy/local/bench.sh                         every phase
#   deploy/local/bench.sh BENCH_PHASES=writes,bulk BENCH_STEP_SECONDS=5
#   deploy/local/bench.sh --compare bench/results/costs.json   every phase; then each cost per operation beside
#                                                 that earlier run's, flagged (exit 3) where one grew beyond the spread
#   deploy/local/bench.sh --compare bench/results/costs.json BENCH_PHASES=prime,cost   the cost gate alone
#
# Settings are environment variables (or NAME=value arguments); see bench/README.md.
# The catalog warm-up phase restarts the catalog process (same command line and environment)
# after flushing its Redis database: leave BENCH_PHASES without "warmup" to keep it running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/local"
export RUN_DIR="${RUN_DIR:-$HERE/.run}"
export WAREHOUSE_URL="${WAREHOUSE_URL:-http://127.0.0.1:${WAREHOUSE_PORT:-8081}}"
export CATALOG_URL="${CATALOG_URL:-http://127.0.0.1:${CATALOG_PORT:-8082}}"
# health and metrics: the services' management interfaces (no key)
export WAREHOUSE_MANAGEMENT_URL="${WAREHOUSE_MANAGEMENT_URL:-http://127.0.0.1:${WAREHOUSE_MANAGEMENT_PORT:-9081}}"
export CATALOG_MANAGEMENT_URL="${CATALOG_MANAGEMENT_URL:-http://127.0.0.1:${CATALOG_MANAGEMENT_PORT:-9082}}"
# the keys the harness sends: the local run's first write and admin keys (demo-keys.sh)
# shellcheck source=deploy/local/demo-keys.sh
source "$HERE/demo-keys.sh"
export API_KEY="${API_KEY:-${API_KEYS%%,*}}"
export ADMIN_API_KEY="${ADMIN_API_KEY:-${ADMIN_API_KEYS%%,*}}"
export WAREHOUSE_DB_URL="${WAREHOUSE_DB_URL:-jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/warehouse}"
export DB_USER="${DB_USER:-${PGUSER:-postgres}}"
export REDIS_URL="${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}/${REDIS_DB:-0}}"
export BENCH_OUTPUT="${BENCH_OUTPUT:-$ROOT}"
# the generator's own GC pauses count as latency of every request in flight: ParallelGC's young pauses
# reached 25 ms here, G1 with a 5 ms goal keeps them short
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=5}"
JAR="$ROOT/bench/target/bench.jar"

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || die "java is not installed (Java 17 needed)"
command -v curl >/dev/null || die "curl is not installed"
curl -fsS -o /dev/null --max-time 5 "$WAREHOUSE_MANAGEMENT_URL/q/health/ready" 2>/dev/null ||
  die "warehouse-service is not ready at $WAREHOUSE_MANAGEMENT_URL: start the system first (deploy/local/run.sh start). Nothing was measured."
curl -fsS -o /dev/null --max-time 5 "$CATALOG_MANAGEMENT_URL/q/health/ready" 2>/dev/null ||
  printf 'WARNING: catalog-service is not ready at %s: the catalog phases will be skipped\n' "$CATALOG_MANAGEMENT_URL" >&2

# build the harness when it is missing or older than its sources
if [[ ! -f "$JAR" || -n "$(find "$ROOT/bench/src/main" "$ROOT/bench/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  printf '==> building the benchmark harness: mvn -q -pl bench -am package -DskipTests\n'
  (cd "$ROOT" && mvn -B -q -pl bench -am package -DskipTests) || die "building bench/ failed"
fi

args=()
while (($#)); do
  case $1 in
    --compare)
      [[ $# -ge 2 && -f $2 ]] || die "--compare needs an earlier run's costs.json (e.g. bench/results/costs.json)"
      # the run overwrites bench/results/costs.json: compare with a copy of what was there
      BENCH_COMPARE=$(mktemp --suffix=-costs.json); cp "$2" "$BENCH_COMPARE"; export BENCH_COMPARE; shift 2 ;;
    --compare=*)
      f=${1#--compare=}; [[ -f $f ]] || die "no such file: $f"
      BENCH_COMPARE=$(mktemp --suffix=-costs.json); cp "$f" "$BENCH_COMPARE"; export BENCH_COMPARE; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
exec java $BENCH_JAVA_OPTS -jar "$JAR" "${args[@]}"
