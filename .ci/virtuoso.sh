#!/usr/bin/env bash
# A real SPARQL 1.1 server for the endpoint tests: Virtuoso Open Source 7 from Debian.
#
#   eval "$(.ci/virtuoso.sh start)"   # installs if needed, starts, prints the test environment
#   .ci/virtuoso.sh stop              # stops it and removes its database folder
#
# "start" prints only `export` lines on stdout (everything else goes to stderr):
#   ARCHIVE_TEST_SPARQL_ENDPOINT   the SPARQL query endpoint  http://127.0.0.1:PORT/sparql
#   ARCHIVE_TEST_GRAPH_STORE       the Graph Store Protocol endpoint, with HTTP Digest
#                                  authentication              .../sparql-graph-crud-auth
#   ARCHIVE_TEST_ENDPOINT_USER     dba
#   ARCHIVE_TEST_ENDPOINT_PASSWORD the dba password set below
#
# Why these choices:
# * The package is virtuoso-opensource-7-bin (server and isql only). The
#   virtuoso-opensource meta-package also installs a system service that asks for
#   a password through debconf and starts on the public default ports.
# * The server listens on 127.0.0.1 only, with a fresh database in $VIRTUOSO_DIR.
# * Writing graphs: Virtuoso's /sparql-graph-crud-auth is the Graph Store Protocol
#   (PUT/DELETE ?graph=IRI) behind HTTP Digest authentication; the dba account may
#   write. No SPARQL_UPDATE grant to the anonymous "SPARQL" user is needed, so the
#   open /sparql endpoint stays read-only.
# * The dba password is changed from the built-in "dba" with USER_SET_PASSWORD over
#   isql (the +pwddba start option did not take effect on a new database).
#
# Settings (environment): VIRTUOSO_DIR (default: ${TMPDIR:-/tmp}/archive-virtuoso),
# VIRTUOSO_HTTP_PORT (28890), VIRTUOSO_SQL_PORT (21111), VIRTUOSO_DBA_PASSWORD
# (archive-ci), VIRTUOSO_INSTALL (1: apt-get install when virtuoso-t is missing).
set -euo pipefail

DIR=${VIRTUOSO_DIR:-${TMPDIR:-/tmp}/archive-virtuoso}
HTTP_PORT=${VIRTUOSO_HTTP_PORT:-28890}
SQL_PORT=${VIRTUOSO_SQL_PORT:-21111}
PASSWORD=${VIRTUOSO_DBA_PASSWORD:-archive-ci}
INSTALL=${VIRTUOSO_INSTALL:-1}

say() { echo "virtuoso.sh: $*" >&2; }

install() {
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null && return 0
    if [ "$INSTALL" != 1 ]; then
        say "virtuoso-t is not installed (and VIRTUOSO_INSTALL=$INSTALL)"
        exit 1
    fi
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    say "installing virtuoso-opensource-7-bin"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        virtuoso-opensource-7-bin >&2
}

write_ini() {
    cat > "$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $DIR/virtuoso.db
ErrorLogFile = $DIR/virtuoso.log
LockFile = $DIR/virtuoso.lck
TransactionFile = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $DIR/virtuoso-temp.db
TransactionFile = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$SQL_PORT
DisableUnixSocket = 1
DirsAllowed = ., $DIR
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DefaultIsolation = 2
ResultSetMaxRows = 100000

[HTTPServer]
ServerPort = 127.0.0.1:$HTTP_PORT
ServerRoot = $DIR
MaxClientConnections = 5
ServerThreads = 5
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
EOF
}

answers() {
    local url="http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D"
    if command -v curl >/dev/null; then
        curl -sf -o /dev/null --max-time 2 "$url"
    else
        python3 -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null
    fi
}

start() {
    install
    if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
        say "already running (pid $(cat "$DIR/pid")); stop it first"
        exit 1
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    write_ini
    virtuoso-t +foreground +configfile "$DIR/virtuoso.ini" \
        </dev/null >"$DIR/server.out" 2>&1 &
    echo $! > "$DIR/pid"
    say "started pid $(cat "$DIR/pid"), waiting for http://127.0.0.1:$HTTP_PORT/sparql"
    for _ in $(seq 1 120); do
        if answers; then
            break
        fi
        if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
            say "the server stopped; its log:"
            tail -20 "$DIR/virtuoso.log" >&2 || true
            exit 1
        fi
        sleep 0.5
    done
    answers || { say "no answer after 60 s"; exit 1; }
    if [ "$PASSWORD" != dba ]; then
        isql-vt "127.0.0.1:$SQL_PORT" dba dba \
            exec="USER_SET_PASSWORD ('dba', '$PASSWORD');" >&2
    fi
    echo "export ARCHIVE_TEST_SPARQL_ENDPOINT=http://127.0.0.1:$HTTP_PORT/sparql"
    echo "export ARCHIVE_TEST_GRAPH_STORE=http://127.0.0.1:$HTTP_PORT/sparql-graph-crud-auth"
    echo "export ARCHIVE_TEST_ENDPOINT_USER=dba"
    echo "export ARCHIVE_TEST_ENDPOINT_PASSWORD=$PASSWORD"
}

stop() {
    if [ -f "$DIR/pid" ]; then
        local pid
        pid=$(cat "$DIR/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
