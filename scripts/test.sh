#!/usr/bin/env bash
# The test command. Installs what the tests need from Debian (only what is missing), starts a
# throwaway PostgreSQL and MariaDB on 127.0.0.1, builds, checks formatting, runs every test project and ends
# with the line "N passed, N failed". Exits non-zero when anything failed or no test ran.
# A service that does not start fails the run; nothing is ever skipped for want of one.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
log() { echo "[test] $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. Debian packages, only those missing -------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
    log "apt-get could not install ${missing[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# --- 2. A throwaway PostgreSQL on 127.0.0.1 --------------------------------------------------
work=$(mktemp -d /tmp/loudou-test.XXXXXX)
chmod 755 "$work"
pgdata=$work/pg
mkdir -p "$pgdata" "$work/sock" "$work/results"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata" "$work/sock"
cleanup() {
  as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1
  [ -f "$work/maria/pid" ] && kill "$(cat "$work/maria/pid")" 2>/dev/null && sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

port=$((55000 + RANDOM % 5000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
if ! as_pg "$(pg_bin)/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 \
  || ! as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $work/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
       start >/dev/null; then
  log "PostgreSQL did not start:"
  cat "$work/initdb.log" "$pgdata/server.log" >&2 2>/dev/null
  echo "0 passed, 1 failed"
  exit 1
fi
export LOUDOU_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
log "PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

# --- 2b. A throwaway MariaDB on 127.0.0.1, for `loudou pull` -----------------------------------
# Its own data folder and socket; a user loudou@127.0.0.1 without password that may create databases.
maria=$work/maria
mkdir -p "$maria"
as_mysql() { if [ "$(id -u)" -eq 0 ]; then runuser -u mysql -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown mysql:mysql "$maria"
mport=$((port + 1))
while (exec 3<>"/dev/tcp/127.0.0.1/$mport") 2>/dev/null; do mport=$((mport + 1)); done
maria_ok=0
if as_mysql mariadb-install-db --no-defaults --datadir="$maria/data" --auth-root-authentication-method=normal --skip-test-db >"$maria/install.log" 2>&1; then
  as_mysql /usr/sbin/mariadbd --no-defaults --datadir="$maria/data" --socket="$maria/sock" --port="$mport" --bind-address=127.0.0.1 \
    --skip-name-resolve --pid-file="$maria/pid" --log-error="$maria/error.log" --innodb-flush-log-at-trx-commit=0 >/dev/null 2>&1 &
  for _ in $(seq 1 60); do
    if mariadb --no-defaults -S "$maria/sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then maria_ok=1; break; fi
    sleep 1
  done
fi
if [ $maria_ok -eq 1 ] && mariadb --no-defaults -S "$maria/sock" -uroot \
     -e "CREATE USER 'loudou'@'127.0.0.1'; GRANT ALL ON *.* TO 'loudou'@'127.0.0.1' WITH GRANT OPTION;" >&2; then
  export LOUDOU_TEST_MARIADB="Server=127.0.0.1;Port=$mport;User ID=loudou"
  log "MariaDB $(/usr/sbin/mariadbd --version | awk '{print $3}') on 127.0.0.1:$mport"
else
  log "MariaDB did not start:"
  cat "$maria/install.log" "$maria/error.log" >&2 2>/dev/null
  echo "0 passed, 1 failed"
  exit 1
fi

# Chromium is used by the browser tests; check that it starts headless at all.
if ! timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
     --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
     --dump-dom 'data:text/html,<p>ok</p>' 2>/dev/null | grep -q '<p>ok</p>'; then
  log "Chromium did not start headless"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 3. Build, format check, tests ------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
failed_checks=0
if ! dotnet tool restore >&2 || ! dotnet build Loudou.slnx -c Release -nologo -v q >&2; then
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! dotnet format Loudou.slnx --verify-no-changes --no-restore >&2; then
  log "dotnet format --verify-no-changes: the code is not formatted (run: dotnet format Loudou.slnx)"
  failed_checks=1
fi

export LOUDOU_TEST_RESULTS=$work/results
dotnet test Loudou.slnx -c Release --no-build -nologo -v q --logger trx >&2
test_rc=$?

passed=0; failed=0; skipped=0
for trx in "$work"/results/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  # The Counters element leaves skipped tests out (notExecuted stays 0): count their results instead.
  n=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/[test] FAILED: \1/p' >&2
  grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/[test] SKIPPED: \1/p' >&2
  # A failure's message and the top of its stack, so that a CI log alone says why (the trx files go with the machine).
  awk '/<UnitTestResult [^>]*outcome="Failed"/ { failing = 1 }
       failing && /<Message>/ { shown = 1 }
       failing && shown && printed < 12 { print "[test]   " $0; printed++ }
       failing && /<\/UnitTestResult>/ { failing = 0; shown = 0; printed = 0 }' "$trx" >&2
done
# Tests skip only for a missing public data set (tests/Loudou.Testing/DataSets.cs), which CI always has.
if [ $skipped -gt 0 ]; then
  log "$skipped tests skipped: the public data sets were not found (set LOUDOU_DATASETS, or put them at ../shared/data)"
fi
projects=$(ls tests/*/*.Tests.csproj | wc -l)
reported=$(ls "$work"/results/*/*.trx 2>/dev/null | wc -l)
if [ "$reported" -lt "$projects" ]; then
  log "only $reported of $projects test projects reported results"
  failed=$((failed + projects - reported))
fi
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then
  log "dotnet test exited with $test_rc without a failed test: a test host crashed or did not run"
  failed=$((failed + 1))
fi
failed=$((failed + failed_checks))
if [ $skipped -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ] && [ $passed -gt 0 ]
