#!/usr/bin/env bash
# Install (if missing) and start a loopback-only PostgreSQL cluster for the
# store tests, then print ONE line on stdout for the caller to eval:
#   export PROXYWATCH_TEST_PG=postgresql://...
# Everything else goes to stderr so `eval "$(bash tools/ci_postgres.sh)"` works.
# Idempotent: safe to run again on a machine where the cluster already runs.
set -euo pipefail

ROLE=${PROXYWATCH_PG_ROLE:-proxywatch}
PASS=${PROXYWATCH_PG_PASSWORD:-proxywatch}
DB=${PROXYWATCH_PG_DB:-proxywatch_test}

log() { echo "ci_postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
    log "creating cluster $VERSION main"
    pg_createcluster "$VERSION" main >&2
fi

# Loopback only: the test server must never listen on a public interface.
pg_conftool "$VERSION" main set listen_addresses localhost >&2

STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $4}')
if [ "$STATUS" != "online" ]; then
    log "starting cluster $VERSION main"
    pg_ctlcluster "$VERSION" main start >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')

psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -p $PORT $*"; }

for _ in $(seq 1 30); do
    if su postgres -c "pg_isready -q -p $PORT"; then break; fi
    sleep 1
done

if [ "$(psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"")" != "1" ]; then
    psql_su "-c \"CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'\"" >&2
fi
if [ "$(psql_su "-c \"SELECT 1 FROM pg_database WHERE datname='$DB'\"")" != "1" ]; then
    psql_su "-c \"CREATE DATABASE $DB OWNER $ROLE\"" >&2
fi

echo "export PROXYWATCH_TEST_PG=postgresql://$ROLE:$PASS@127.0.0.1:$PORT/$DB"
