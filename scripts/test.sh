#!/usr/bin/env bash
# The test command (README, and what .ci/run runs): installs the project with its test
# extras into .venv, starts the Bolt test server (ArcadeDB, loopback only) unless
# SKILLGRAPH_NEO4J_URI already points at one, runs the whole suite, stops the server.
#
#   bash scripts/test.sh [pytest arguments]
#
# Full-data tests read SKILLGRAPH_DATA_DIR (skipped when unset, failures under CI=true);
# the browser test needs Debian's chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
export PATH="$PWD/.venv/bin:$PATH"

if [[ -z "${SKILLGRAPH_NEO4J_URI:-}" ]]; then
    if python -c 'import arcadedb_embedded' 2>/dev/null; then
        export BOLT_PORT="${BOLT_PORT:-7687}"
        export BOLT_PASSWORD="${BOLT_PASSWORD:-skillgraph-ci-pw}"
        bash .ci/bolt-server.sh start
        trap 'bash .ci/bolt-server.sh stop' EXIT
        export SKILLGRAPH_NEO4J_URI="bolt://127.0.0.1:$BOLT_PORT"
        export SKILLGRAPH_NEO4J_USER=root
        export SKILLGRAPH_NEO4J_PASSWORD="$BOLT_PASSWORD"
        export SKILLGRAPH_NEO4J_DATABASE=skills
    fi
fi

# A throw-away PostgreSQL server for the sessions store tests (Debian's postgresql), unless
# SKILLGRAPH_TEST_POSTGRES_URL already names one; stopped and removed after the run.
postgres_started=""
if [[ -z "${SKILLGRAPH_TEST_POSTGRES_URL:-}" ]] && compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    eval "$(bash .ci/postgres-server.sh start)"
    postgres_started=1
fi

status=0
python -m pytest "$@" || status=$?
if [[ -n "$postgres_started" ]]; then
    bash .ci/postgres-server.sh stop
fi
exit "$status"
