# The local run's demo API keys, for this machine only (deploy/local/run.sh prints them). Sourced by
# run.sh, bench.sh and check-consistency.sh; each variable can be set beforehand to replace its default.
#   API_KEYS        write keys (principals api-key-1, ...)        ADMIN_API_KEYS  admin keys (admin-key-1, ...)
#   STOCKFLOW_KEYS  name:role:secret,... (roles read, write, admin, service, ingest)
#   WAREHOUSE_API_KEY  the catalog's own key for its calls to the warehouse (role service)
# shellcheck shell=bash
: "${API_KEYS:=demo}"
: "${ADMIN_API_KEYS:=admin-demo}"
: "${STOCKFLOW_KEYS:=alice:write:alice-demo,shop:read:shop-demo,catalog:service:catalog-demo,dapr:ingest:ingest-demo}"
: "${WAREHOUSE_API_KEY:=catalog-demo}"
