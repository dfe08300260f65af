#!/usr/bin/env bash
# Measures this checkout (head) against an earlier commit (base) in one sitting, in alternation:
# base, head, then head, base, and so on, each on databases, a Redis database and Kafka data of its own,
# with this checkout's harness. On these hosts an operation's CPU drifts by tens of percent within an
# hour on the same build; the ratio of two neighbouring measurements cancels most of that drift.
#
#   deploy/local/ab.sh <commit> [pairs] [NAME=value ...]
#   deploy/local/ab.sh b6cd079 2 BENCH_COST_ONLY=event     about 7 minutes a side and pair
#
# Settings are the bench's (bench/README.md); BENCH_PHASES defaults to prime,cost. The sides use the
# local run's ports, so the local run must be stopped. Results: $AB_DIR/<n>-base, <n>-head (each a
# BENCH_OUTPUT) and $AB_DIR/AB.md, the table of head/base ratios; the sides' databases and data are
# dropped at the end unless AB_KEEP=1. The base must be a commit whose
# deploy/local/run.sh takes RUN_DIR, DATA_DIR, WAREHOUSE_DB, CATALOG_DB and REDIS_DB.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/local"
AB_DIR="${AB_DIR:-$HERE/.ab}"

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

(($#)) || die "usage: deploy/local/ab.sh <commit> [pairs] [NAME=value ...]"
base_ref=$1; shift
pairs=2
if (($#)) && [[ $1 =~ ^[0-9]+$ ]]; then pairs=$1; shift; fi
((pairs >= 1)) || die "pairs must be at least 1"
for setting in "$@"; do
  [[ $setting == *=* ]] || die "not a NAME=value setting: $setting"
  export "${setting?}"
done
export BENCH_PHASES="${BENCH_PHASES:-prime,cost}"
PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"

base_commit=$(git -C "$ROOT" rev-parse --verify --quiet "$base_ref^{commit}") || die "no such commit: $base_ref"
head_name=$(git -C "$ROOT" rev-parse --short HEAD)
[[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no) ]] || head_name+="+changes"
base_name=$(git -C "$ROOT" rev-parse --short "$base_commit")
curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${WAREHOUSE_MANAGEMENT_PORT:-9081}/q/health" 2>/dev/null &&
  die "a warehouse-service answers on the local run's ports: stop it first (deploy/local/run.sh stop)"

base_src="$AB_DIR/base-src"
mkdir -p "$AB_DIR"
if [[ ! -d $base_src ]] || [[ $(git -C "$base_src" rev-parse HEAD 2>/dev/null) != "$base_commit" ]]; then
  git -C "$ROOT" worktree remove --force "$base_src" 2>/dev/null || rm -rf "$base_src"
  git -C "$ROOT" worktree prune
  say "checking out $base_name in $base_src"
  git -C "$ROOT" worktree add --detach --quiet "$base_src" "$base_commit"
fi
# both builds before any measurement, so no compiler runs beside one
say "building the base ($base_name) and the head ($head_name): mvn -q package -DskipTests"
(cd "$base_src" && mvn -B -q package -DskipTests) || die "building the base failed"
(cd "$ROOT" && mvn -B -q package -DskipTests) || die "building the head failed"

# side, command...: runs the command with the side's environment, which its run.sh and the harness take
in_side() {
  local side=$1 redis_db=${AB_HEAD_REDIS_DB:-15}
  shift
  [[ $side == base ]] && redis_db=${AB_BASE_REDIS_DB:-14}
  (
    export RUN_DIR="$AB_DIR/$side/run" DATA_DIR="$AB_DIR/$side/data" WAREHOUSE_DB="ab_${side}_warehouse" \
      CATALOG_DB="ab_${side}_catalog" REDIS_DB="$redis_db" BUILD=never \
      WAREHOUSE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/ab_${side}_warehouse"
    "$@"
  )
}
run_sh() { # side, command
  local script="$HERE/run.sh"
  [[ $1 == base ]] && script="$base_src/deploy/local/run.sh"
  in_side "$1" "$script" "$2"
}
running=""
stop_running() { [[ -z $running ]] || run_sh "$running" stop >/dev/null 2>&1 || true; }
trap stop_running EXIT

for side in base head; do
  say "$side: fresh databases, Redis database and Kafka data"
  run_sh "$side" reset >/dev/null
done
rm -rf "${AB_DIR:?}"/[0-9]*-base "${AB_DIR:?}"/[0-9]*-head

for ((n = 1; n <= pairs; n++)); do
  order="base head"
  ((n % 2 == 0)) && order="head base" # ABBA: a drift over the sitting weighs on both sides alike
  for side in $order; do
    say "pair $n of $pairs: $side"
    run_sh "$side" start >"$AB_DIR/$side.start.log" 2>&1 || die "$side did not start: $AB_DIR/$side.start.log"
    running=$side
    # a base older than the demo loader's own ANALYZE would plan the first drift sync without statistics
    psql -h "$PGHOST" -p "$PGPORT" -U "${PGUSER:-postgres}" -d "ab_${side}_warehouse" -qc ANALYZE
    in_side "$side" env BENCH_OUTPUT="$AB_DIR/$n-$side" "$HERE/bench.sh" >"$AB_DIR/$n-$side.log" 2>&1 ||
      die "the bench of $side failed: $AB_DIR/$n-$side.log"
    grep -E '^    [a-z].*ms CPU/' "$AB_DIR/$n-$side.log" | sed 's/^/    /' || true
    run_sh "$side" stop >/dev/null
    running=""
  done
done

java -cp "$ROOT/bench/target/bench.jar" io.stockflow.bench.cost.CostAb "$AB_DIR" "$base_name" "$head_name"

if [[ ${AB_KEEP:-0} != 1 ]]; then # AB_KEEP=1 leaves the sides' databases and data for a look
  for side in base head; do run_sh "$side" reset >/dev/null 2>&1 || true; done
fi
