# The local run's demo API keys, for this machine only (deploy/local/run.sh prints them). Sourced by
# run.sh, bench.sh and check-consistency.sh; each variable can be set beforehand to replace its default.
#   API_KEYS        write keys (principals api-key-1, ...)        ADMIN_API_KEYS  admin keys (admin-key-1, ...)
#   STOCKFLOW_KEYS  name:role:secret,... (roles read, write, admin, service, ingest)
#   WAREHOUSE_API_KEY  the catalog's own key for its calls to the warehouse (role service)
#   CONSOLE_STAFF_KEY  the key run.sh suggests for signing in to the staff console (alice, role write)
#   CONSOLE_SESSION_KEY  encrypts the console's session cookie (32+ characters; shared by replicas)
# shellcheck shell=bash
: "${API_KEYS:=demo}"
: "${ADMIN_API_KEYS:=admin-demo}"
: "${STOCKFLOW_KEYS:=alice:write:alice-demo,shop:read:shop-demo,catalog:service:catalog-demo,dapr:ingest:ingest-demo}"
: "${WAREHOUSE_API_KEY:=catalog-demo}"
: "${CONSOLE_STAFF_KEY:=alice-demo}"
: "${CONSOLE_SESSION_KEY:=local-demo-console-session-key-0123456789}"
