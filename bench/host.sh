# Sourced by the bench scripts: the web host as scripts/run.sh starts it, on a free port of 127.0.0.1, from the
# copy of its build in $work. start_host PROVIDER CONNECTION LOG [host options…] sets $url and $host_pid (the
# dotnet process itself: the subshell execs into it); stop_host ends it. Exits when the host does not start.
host_pid=
url=
start_host() {
  local provider=$1 connection=$2 log=$3
  shift 3
  (
    cd "$work"
    export Loudou__Database__Provider=${provider^} Loudou__Database__ConnectionString=$connection
    exec dotnet "$work/Loudou.Web/Loudou.Web.dll" --urls http://127.0.0.1:0 "$@" > "$log" 2>&1
  ) &
  host_pid=$!
  url=
  for _ in $(seq 1200); do
    url=$(grep -o 'is running at http://127\.0\.0\.1:[0-9]*' "$log" | head -1 | cut -d' ' -f4 || true)
    [ -n "$url" ] && break
    kill -0 "$host_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$url" ] || { echo "the host did not start" >&2; cat "$log" >&2; exit 1; }
}
stop_host() { if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; host_pid=; fi; }
