#!/usr/bin/env bash
# Compares every stock level in the warehouse with the catalog's Redis state and prints the
# differences. Exit code 0: consistent; 1: differences; 2: could not check.
#   WAREHOUSE_URL (default http://127.0.0.1:8081), REDIS_URL (default redis://127.0.0.1:6379),
#   WAREHOUSE_API_KEY (a read or service key of the warehouse; default: the local run's, demo-keys.sh),
#   CHECK_SHOW (differences printed, default 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=deploy/local/demo-keys.sh
source deploy/local/demo-keys.sh
export WAREHOUSE_API_KEY

if [[ ! -d e2e/target/lib || ! -d e2e/target/classes ]]; then
  echo "building the checker (mvn -q -pl test-support,e2e package -DskipTests)" >&2
  mvn -q -pl test-support,e2e package -DskipTests >&2
fi
exec java -cp "e2e/target/classes:e2e/target/lib/*" io.stockflow.e2e.ConsistencyChecker
