#!/usr/bin/env bash
# The deal list API straight after a bulk load (issue 28): a fresh database, the host started as scripts/run.sh starts it
# with the demo made at start-up (Loudou:Demo:CreateWhenEmpty), then at once CLIENTS concurrent clients page through
# GET /api/v1/deals for SECONDS seconds, each over one kept-alive connection (curl with many URLs per run). Before the
# demo ended with ANALYZE, PostgreSQL served this at 26 requests a second (p95 3.5 s) until autovacuum analysed the
# tables a minute later (191 a second, p95 0.25 s). On SQLite always, on PostgreSQL when LOUDOU_BENCH_POSTGRES_NPGSQL
# names a server (with LOUDOU_BENCH_POSTGRES as a psql connection string to make the database loudou_bench_list).
# Appends the figures, the machine and its load average to bench/results/<machine>/list-after-load.md.
# Usage: bench/list-after-load.sh [--deals N] [--clients N] [--seconds N]   (defaults: 20,000 deals, 20 clients, 30 s)
set -euo pipefail
cd "$(dirname "$0")/.."
deals=20000
clients=20
seconds=30
while [ $# -gt 0 ]; do
  case $1 in
    --deals) deals=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
started=$(date -u '+%F %H:%M')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo "+changes")
for project in src/Loudou.Web src/Loudou.Cli; do
  dotnet build "$project" -c Release -nologo -v q >&2
done
work=$(mktemp -d)
source bench/host.sh
trap 'stop_host; rm -rf "$work"' EXIT
for name in Loudou.Web Loudou.Cli; do
  cp -r "artifacts/bin/$name/release" "$work/$name"
done

# Pages of the list, sorted as the deals page sorts them, for one client: a run of curl over one connection.
client() {
  local base=$1 token=$2 until=$3 client=$4 urls=() page
  # Few URLs per run: the clock is checked between runs, so the window overshoots by at most one run.
  for page in $(seq 1 5); do
    # curl's -o applies to one URL: one per URL, so no body reaches the timing lines.
    urls+=(-o /dev/null "$base/api/v1/deals?page=$(( (page + client) % 40 + 1 ))&pageSize=50")
  done
  while [ "$(date +%s)" -lt "$until" ]; do
    curl -s -H "Authorization: Bearer $token" -w '%{http_code} %{time_total}\n' "${urls[@]}" || true
  done
}

targets=("sqlite:$work/loudou.db")
if [ -n "${LOUDOU_BENCH_POSTGRES_NPGSQL:-}" ]; then
  psql "${LOUDOU_BENCH_POSTGRES:?set LOUDOU_BENCH_POSTGRES too}" -qc "DROP DATABASE IF EXISTS loudou_bench_list" -c "CREATE DATABASE loudou_bench_list" >&2
  targets+=("postgres:${LOUDOU_BENCH_POSTGRES_NPGSQL};Database=loudou_bench_list")
fi
lines=()
for target in "${targets[@]}"; do
  provider=${target%%:*}
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  # As scripts/run.sh starts it (PostgreSQL migrated by the host too): the database set up and the demo made before it listens.
  start_host "$provider" "${target#*:}" "$work/host-$provider.log" --Loudou:Database:MigrateOnStartup=true --Loudou:Demo:CreateWhenEmpty=true --Loudou:Demo:Deals="$deals"
  ready=$(echo "$(date +%s.%N) - $t0" | bc)
  token=$(dotnet "$work/Loudou.Cli/loudou.dll" token create --user admin --expires 1 --db "$target" 2>/dev/null | tail -1)
  until=$(( $(date +%s) + seconds ))
  begun=$(date +%s.%N)
  pids=()
  for c in $(seq 1 "$clients"); do
    client "$url" "$token" "$until" "$c" > "$work/$provider-$c.txt" &
    pids+=($!)
  done
  wait "${pids[@]}"
  took=$(echo "$(date +%s.%N) - $begun" | bc)
  stop_host
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  cat "$work/$provider"-*.txt > "$work/$provider.txt"
  bad=$(awk '$1 != 200' "$work/$provider.txt" | wc -l)
  line=$(sort -k2 -g "$work/$provider.txt" | awk -v s="$took" -v ready="$ready" -v p="$provider" -v bad="$bad" -v l0="$load_start" -v l1="$load_end" '
    { t[NR] = $2 }
    END { printf "| %s | %.0f s | %d | %.0f | %.0f ms | %.0f ms | %d | %s → %s |", p, ready, NR, NR / s, t[int(NR * 0.5)] * 1000, t[int(NR * 0.95)] * 1000, bad, l0, l1 }')
  lines+=("$line")
done
{
  echo "## Deal list straight after the demo load, $deals deals, $clients clients × $seconds s, $started UTC, commit $commit"
  echo
  echo "Machine: $machine, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), .NET $(dotnet --version)."
  echo
  echo "| database | start-up with the demo | requests | per second (over the measured time) | p50 | p95 | not 200 | load average (1/5/15 min) start → end |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${lines[@]}"
  echo
} | tee -a "$out/list-after-load.md"
