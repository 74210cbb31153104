#!/usr/bin/env bash
# Installs (Debian packages), starts and stops a throwaway Virtuoso on 127.0.0.1 for tests and benches.
#
#   scripts/virtuoso.sh start [--keep-data]   install when missing, wipe the data dir, start, wait until SPARQL
#                                             answers, grant updates, add the test user; with --keep-data (after
#                                             `kill`), start on the existing data instead (the log is replayed)
#   scripts/virtuoso.sh stop                  stop the server by its pid (SIGTERM, then SIGKILL after 30 s)
#   scripts/virtuoso.sh kill                  SIGKILL by pid, as in a crash (data dir kept for start --keep-data)
#   scripts/virtuoso.sh status                exit 0 when the server of this data dir is running
#   scripts/virtuoso.sh install               only install virtuoso-opensource-7 (needs root)
#
# Settings (environment):
#   PATHWAY_KG_VIRTUOSO_DIR        data dir, wiped on start     (default /tmp/pathway-kg-virtuoso)
#   PATHWAY_KG_VIRTUOSO_HTTP_PORT  SPARQL/HTTP port             (default 18890)
#   PATHWAY_KG_VIRTUOSO_SQL_PORT   isql port                    (default 11111)
#   PATHWAY_KG_VIRTUOSO_BUFFERS    8 KiB page buffers           (default 100000, about 800 MiB)
#   PATHWAY_KG_VIRTUOSO_USER       a user with SPARQL_UPDATE for the authenticated endpoints
#   PATHWAY_KG_VIRTUOSO_PASSWORD   its password (both optional; the user is created only when both are set)
# The dba password is Virtuoso's default (dba): the server listens on 127.0.0.1 only and its data is thrown away.
set -euo pipefail

DIR=${PATHWAY_KG_VIRTUOSO_DIR:-/tmp/pathway-kg-virtuoso}
HTTP_PORT=${PATHWAY_KG_VIRTUOSO_HTTP_PORT:-18890}
SQL_PORT=${PATHWAY_KG_VIRTUOSO_SQL_PORT:-11111}
BUFFERS=${PATHWAY_KG_VIRTUOSO_BUFFERS:-100000}
PID_FILE="$DIR/virtuoso.pid"
INI_TEMPLATE=/usr/share/virtuoso-opensource-7/virtuoso.ini

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

install_virtuoso() {
  local missing=()
  command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource-7)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "${missing[*]} not installed and not running as root, so apt-get cannot install it"
  command -v apt-get >/dev/null || die "${missing[*]} not installed and apt-get not found (Debian packages expected)"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own system instance is never started (policy-rc.d or not), the preseed only keeps postinst quiet.
  printf '%s\n' 'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba' \
                'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba' | debconf-set-selections
  local log; log=$(mktemp)
  if ! { apt-get -o DPkg::Lock::Timeout=300 update -q && \
         apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2; rm -f "$log"
    die "apt-get install ${missing[*]} failed (see the lines above)"
  fi
  rm -f "$log"
  command -v virtuoso-t >/dev/null || die "virtuoso-t still missing after installing virtuoso-opensource-7"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # the pid must still be our virtuoso-t, not a recycled pid
  grep -q virtuoso-t "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

isql() { isql-vt "127.0.0.1:$SQL_PORT" dba dba VERBOSE=OFF BANNER=OFF PROMPT=OFF ERRORS=STDOUT "$@"; }

write_ini() {
  [ -f "$INI_TEMPLATE" ] || die "$INI_TEMPLATE missing (is virtuoso-opensource-7 installed?)"
  sed -e "s#/var/lib/virtuoso-opensource-7/db#$DIR/db#g" \
      -e "s#^ServerPort\s*=\s*1111\b.*#ServerPort = 127.0.0.1:$SQL_PORT#" \
      -e "s#^ServerPort\s*=\s*8890\b.*#ServerPort = 127.0.0.1:$HTTP_PORT#" \
      -e "s#^DefaultHost\s*=.*#DefaultHost = localhost:$HTTP_PORT#" \
      -e "s#^DirsAllowed\s*=.*#DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, $DIR/load#" \
      -e "s#^ResultSetMaxRows\s*=.*#ResultSetMaxRows = 1000000#" \
      -e "s#^NumberOfBuffers\s*=\s*10000\b.*#NumberOfBuffers = $BUFFERS#" \
      -e "s#^MaxDirtyBuffers\s*=\s*6000\b.*#MaxDirtyBuffers = $((BUFFERS * 3 / 4))#" \
      "$INI_TEMPLATE" > "$DIR/virtuoso.ini"
}

start() {
  local keep=0
  [ "${1:-}" = --keep-data ] && keep=1
  install_virtuoso
  if pid=$(running_pid); then die "already running (pid $pid) for $DIR"; fi
  [ -f "$DIR/virtuoso.ini" ] || keep=0
  if [ $keep = 0 ]; then
    rm -rf "$DIR"; mkdir -p "$DIR/db" "$DIR/load"
    write_ini
  fi
  ( cd "$DIR/db" && exec nohup virtuoso-t +foreground +configfile "$DIR/virtuoso.ini" \
      > "$DIR/virtuoso.out" 2>&1 < /dev/null ) &
  echo $! > "$PID_FILE"                      # exec => this pid is virtuoso-t itself
  local url="http://127.0.0.1:$HTTP_PORT/sparql"
  for _ in $(seq 1 600); do                  # up to 120 s (a crashed db replays its log first)
    curl -fsS -o /dev/null "$url?query=ASK%7B%7D" 2>/dev/null && break
    if ! running_pid >/dev/null; then
      for log in "$DIR/db/virtuoso.log" "$DIR/virtuoso.out"; do
        if [ -s "$log" ]; then { echo "--- $log"; tail -n 30 "$log"; } >&2; fi
      done
      die "virtuoso-t exited during start-up (its log is above)"
    fi
    sleep 0.2
  done
  curl -fsS -o /dev/null "$url?query=ASK%7B%7D" || die "no answer from $url after 120 s"
  if [ $keep = 1 ]; then                     # grants and the test user are in the kept database already
    echo "virtuoso up (data kept): pid $(cat "$PID_FILE"), $url, isql 127.0.0.1:$SQL_PORT, data $DIR"
    return 0
  fi
  # Anonymous SPARQL Update and Graph Store writes on /sparql and /sparql-graph-crud (tests only).
  local sql="GRANT SPARQL_UPDATE TO \"SPARQL\";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
  if [ -n "${PATHWAY_KG_VIRTUOSO_USER:-}" ] && [ -n "${PATHWAY_KG_VIRTUOSO_PASSWORD:-}" ]; then
    case "$PATHWAY_KG_VIRTUOSO_USER$PATHWAY_KG_VIRTUOSO_PASSWORD" in
      *[!A-Za-z0-9_.-]*) die "PATHWAY_KG_VIRTUOSO_USER and PATHWAY_KG_VIRTUOSO_PASSWORD may hold only A-Z a-z 0-9 _ . -";;
    esac
    sql="$sql
DB.DBA.USER_CREATE ('$PATHWAY_KG_VIRTUOSO_USER', '$PATHWAY_KG_VIRTUOSO_PASSWORD');
GRANT SPARQL_UPDATE TO \"$PATHWAY_KG_VIRTUOSO_USER\";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('$PATHWAY_KG_VIRTUOSO_USER', 7);"
  fi
  local out
  out=$(printf '%s\ncheckpoint;\n' "$sql" | isql 2>&1) || die "isql setup failed: $out"
  if grep -q -E '\*\*\* Error|Error [0-9A-Z]+:' <<<"$out"; then die "isql setup failed: $out"; fi
  echo "virtuoso up: pid $(cat "$PID_FILE"), $url, isql 127.0.0.1:$SQL_PORT, data $DIR"
}

stop() {
  local pid
  if ! pid=$(running_pid); then rm -f "$PID_FILE"; echo "virtuoso not running for $DIR"; return 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "virtuoso pid $pid killed after 30 s" >&2; fi
  rm -f "$PID_FILE"
  echo "virtuoso stopped (pid $pid)"
}

crash() {
  local pid
  pid=$(running_pid) || die "not running for $DIR"
  kill -KILL "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PID_FILE"
  echo "virtuoso killed (pid $pid)"
}

case "${1:-}" in
  start) shift; start "$@";;
  stop) stop;;
  kill) crash;;
  status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 1; fi;;
  install) install_virtuoso;;
  *) die "usage: scripts/virtuoso.sh start [--keep-data] | stop | kill | status | install";;
esac
