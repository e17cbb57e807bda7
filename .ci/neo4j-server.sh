#!/usr/bin/env bash
# A real Neo4j 5 Community server for the integration tests, without Docker: the jars come from
# Maven Central (.ci/neo4j/pom.xml, resolved once into a cache), and .ci/neo4j/Launcher.java runs
# the embedded DBMS with its Bolt connector on loopback only. HTTP is off.
#
#   bash .ci/neo4j-server.sh start   # resolves/compiles if needed, starts it, waits (<= 120 s)
#                                    # until a Bolt query as neo4j succeeds, writes the PID
#   bash .ci/neo4j-server.sh stop    # stops it by that PID (SIGTERM, clean shutdown) and
#                                    # removes its temporary data folder
#   bash .ci/neo4j-server.sh env     # prints the export lines below, for eval "$(...)"
#   bash .ci/neo4j-server.sh fetch   # only resolves the jars and compiles the launcher
#   python .ci/neo4j/smoke.py [--gds] # with the env exported: checks a running server via the driver
#
# The caller (.ci/run, scripts/test.sh) exports, for the tests:
#   SKILLGRAPH_NEO4J_URI=bolt://127.0.0.1:7687      (port: NEO4J_PORT)
#   SKILLGRAPH_NEO4J_USER=neo4j
#   SKILLGRAPH_NEO4J_PASSWORD=skillgraph-ci-pw      (NEO4J_PASSWORD, at least 8 characters)
#   SKILLGRAPH_NEO4J_DATABASE=skillgraph            (NEO4J_DATABASE)
#
# Overridable: NEO4J_PORT (7687), NEO4J_PASSWORD (skillgraph-ci-pw), NEO4J_DATABASE (skillgraph:
# Community has one user database, named on the fresh data folder; names are case-insensitive
# and stored lower-case, 3-63 characters of a-z, 0-9, '.' and '-', starting with a letter),
# NEO4J_STATE (the folder for the PID file and the server's output, default
# ${TMPDIR:-/tmp}/skillgraph-neo4j-server-PORT, so servers on different ports never mix), NEO4J_CACHE (where the jars go, default
# ${XDG_CACHE_HOME:-$HOME/.cache}/skillgraph-ci), NEO4J_GDS=1 (also load the open-source Graph
# Data Science library, from its own lib folder), NEO4J_HEAP (2g), NEO4J_PAGECACHE (512m),
# JAVA_HOME (default the JDK 17, /usr/lib/jvm/java-17-openjdk-amd64), NEO4J_PYTHON (the python
# used for the Bolt readiness check, default python3; without the neo4j driver it checks the port).
# The database files and Neo4j's logs/ live in a fresh temporary folder; the console output goes
# to $NEO4J_STATE/server.out, outside it. This script exports nothing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/neo4j/pom.xml"
LAUNCHER_SRC="$HERE/neo4j/Launcher.java"

PORT="${NEO4J_PORT:-7687}"
PW="${NEO4J_PASSWORD:-skillgraph-ci-pw}"
DB="${NEO4J_DATABASE:-skillgraph}"
STATE="${NEO4J_STATE:-${TMPDIR:-/tmp}/skillgraph-neo4j-server-$PORT}"
CACHE="${NEO4J_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/skillgraph-ci}"
GDS="${NEO4J_GDS:-0}"
HEAP="${NEO4J_HEAP:-2g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
PY="${NEO4J_PYTHON:-python3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
PID_FILE="$STATE/server.pid"
DIR_FILE="$STATE/server.dir"
OUT_FILE="$STATE/server.out"

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$POM" | head -n 1; }
NEO4J_VERSION="$(pom_property neo4j.version)"
GDS_VERSION="$(pom_property gds.version)"
if [[ "$GDS" == 1 ]]; then
    HOME_DIR="$CACHE/neo4j-$NEO4J_VERSION-gds-$GDS_VERSION"
else
    HOME_DIR="$CACHE/neo4j-$NEO4J_VERSION"
fi
LIB="$HOME_DIR/lib"
PLUGINS="$HOME_DIR/plugins"
CLASSES="$HOME_DIR/classes"

# Neo4j's own JVM options (server.jvm.additional of its neo4j.conf, and the ones its config
# migrator recommends), less -XX:+AlwaysPreTouch (it would touch the whole heap at start).
JVM_FLAGS=(
    -Xms1g "-Xmx$HEAP"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
    -Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true
    -XX:FlightRecorderOptions=stackdepth=256 -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true -Dlog4j.layout.jsonTemplate.maxStringLength=32768
    -Dfile.encoding=UTF-8
)

port_open() {
    "$PY" - "$PORT" <<'EOF'
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

# 0: a query as neo4j ran in the database; 1: not yet; 2: no neo4j driver (port check only).
bolt_ready() {
    NEO4J_PASSWORD="$PW" "$PY" - "$PORT" "$DB" <<'EOF'
import os, sys
try:
    import neo4j
except ImportError:
    sys.exit(2)
try:
    with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{sys.argv[1]}",
                                    auth=("neo4j", os.environ["NEO4J_PASSWORD"]),
                                    connection_timeout=2) as driver:
        driver.execute_query("RETURN 1", database_=sys.argv[2])
except Exception:
    sys.exit(1)
EOF
}

# Resolves the jars (once per pom content) and compiles the launcher (once per source).
fetch() {
    mkdir -p "$HOME_DIR"
    exec 9>"$HOME_DIR/.lock"
    flock 9
    local want
    want="$(sha256sum < "$POM" | cut -d' ' -f1) gds=$GDS"
    if [[ "$(cat "$LIB/.complete" 2>/dev/null)" != "$want" ]]; then
        rm -rf "$LIB" "$PLUGINS" "$CLASSES"
        local args=(-q -B -Dstyle.color=never -f "$POM" package "-Dneo4j.lib=$LIB")
        [[ "$GDS" == 1 ]] && args+=(-Pgds "-Dneo4j.plugins=$PLUGINS")
        echo "neo4j-server: resolving Neo4j $NEO4J_VERSION$([[ "$GDS" == 1 ]] && echo " + GDS $GDS_VERSION") into $LIB" >&2
        if ! mvn "${args[@]}" >"$HOME_DIR/maven.log" 2>&1; then
            echo "neo4j-server: Maven failed; its output ($HOME_DIR/maven.log):" >&2
            cat "$HOME_DIR/maven.log" >&2
            exit 1
        fi
        echo "$want" > "$LIB/.complete"
    fi
    want="$(sha256sum < "$LAUNCHER_SRC" | cut -d' ' -f1)"
    if [[ "$(cat "$CLASSES/.complete" 2>/dev/null)" != "$want" ]]; then
        rm -rf "$CLASSES"
        mkdir -p "$CLASSES"
        "$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" -cp "$LIB/*" "$LAUNCHER_SRC"
        echo "$want" > "$CLASSES/.complete"
    fi
    exec 9>&-
}

start() {
    mkdir -p "$STATE"
    if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        echo "neo4j-server: already running (PID $(cat "$PID_FILE"))" >&2
        exit 1
    fi
    if port_open; then
        echo "neo4j-server: something already listens on 127.0.0.1:$PORT" >&2
        exit 1
    fi
    fetch
    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/skillgraph-neo4j.XXXXXX")"
    echo "$dir" > "$DIR_FILE"
    local settings=(
        "server.bolt.listen_address=127.0.0.1:$PORT"
        "initial.dbms.default_database=$DB"
        "server.memory.pagecache.size=$PAGECACHE"
        # A wrong-password test must not lock user neo4j out (defaults: 3 attempts, 5 s).
        "dbms.security.auth_max_failed_attempts=1000"
        "dbms.security.auth_lock_time=1s"
        "dbms.usage_report.enabled=false"
        "internal.server.bolt.connection_shutdown_wait_time=1s"
        "internal.server.bolt.thread_pool_shutdown_wait_time=1s"
    )
    if [[ "$GDS" == 1 ]]; then
        settings+=(
            "server.directories.plugins=$PLUGINS"
            "dbms.security.procedures.unrestricted=gds.*"
            "gds.export.location=$dir/gds-export"
        )
    fi
    local t0=$SECONDS
    (cd "$dir" && NEO4J_PASSWORD="$PW" exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" \
        -cp "$LIB/*:$CLASSES" Launcher "$dir" "${settings[@]}") >"$OUT_FILE" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" > "$PID_FILE"
    local rc
    while (( SECONDS - t0 <= 120 )); do
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        if grep -qs "neo4j-launcher: started" "$OUT_FILE" && port_open; then
            rc=0
            bolt_ready || rc=$?
            if (( rc != 1 )); then
                local how="a Bolt query as neo4j succeeded"
                (( rc == 2 )) && how="port open; no neo4j driver in $PY to run a query"
                echo "neo4j-server: Neo4j $NEO4J_VERSION$([[ "$GDS" == 1 ]] && echo " + GDS $GDS_VERSION") on bolt://127.0.0.1:$PORT, database $DB, user neo4j ($how; PID $pid, data $dir, $((SECONDS - t0)) s)"
                return 0
            fi
        fi
        sleep 0.5
    done
    echo "neo4j-server: Neo4j did not become ready on bolt://127.0.0.1:$PORT; server output:" >&2
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
            # A clean shutdown (the launcher's shutdown hook) takes a few seconds.
            for _ in $(seq 1 120); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.25
            done
            if kill -0 "$pid" 2>/dev/null; then
                echo "neo4j-server: PID $pid ignored SIGTERM for 30 s; killing it" >&2
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

env_lines() {
    printf 'export SKILLGRAPH_NEO4J_URI=%q\n' "bolt://127.0.0.1:$PORT"
    printf 'export SKILLGRAPH_NEO4J_USER=neo4j\n'
    printf 'export SKILLGRAPH_NEO4J_PASSWORD=%q\n' "$PW"
    printf 'export SKILLGRAPH_NEO4J_DATABASE=%q\n' "$DB"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) env_lines ;;
    fetch) fetch ;;
    *) echo "usage: $0 start|stop|env|fetch" >&2; exit 2 ;;
esac
