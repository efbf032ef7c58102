#!/usr/bin/env bash
# The funnel through the web host (issue 18): the issue 6 workload in a real Loudou database, the real host started
# as a process on 127.0.0.1, driven over HTTP by loudou-bench-web (one client for the overhead against the engine's own
# time, 20 clients with a different filter each, stage moves until the funnel shows them) and the host's snapshot load
# timed in the client's process. On SQLite always, and on PostgreSQL when LOUDOU_BENCH_POSTGRES_NPGSQL names a server
# (an Npgsql connection string without Database: the script uses loudou_bench_web_N, dropped and made again when the
# workload changed). Appends the figures, the machine and its load average to bench/results/<machine>/web.md.
# Usage: bench/web.sh [--deals N] [--dir DIR] [loudou-bench-web measure options, e.g. --seconds 10 --moves 10]
# (default 1,000,000 deals; the workload and the databases are kept in DIR, default $TMPDIR/loudou-bench-web-N, and
# reused while the workload's marker matches; each run moves --moves deals one stage on, never the same deal twice).
set -euo pipefail
cd "$(dirname "$0")/.."
deals=1000000
dir=
measure=()
while [ $# -gt 0 ]; do
  case $1 in
    --deals) deals=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) measure+=("$1"); shift ;;
  esac
done
dir=${dir:-${TMPDIR:-/tmp}/loudou-bench-web-$deals}
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out" "$dir"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%F %H:%M')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo "+changes")
for project in bench/Loudou.Bench.Compare bench/Loudou.Bench.Web src/Loudou.Web; do
  dotnet build "$project" -c Release -nologo -v q >&2
done
work=$(mktemp -d)
source bench/host.sh
trap 'stop_host; rm -rf "$work"' EXIT
# Copies, so that a rebuild during a long run does not change the programs measured.
for name in Loudou.Bench.Compare Loudou.Bench.Web Loudou.Web; do
  cp -r "artifacts/bin/$name/release" "$work/$name"
done
dotnet "$work/Loudou.Bench.Compare/loudou-bench.dll" generate --deals "$deals" --dir "$dir/workload" >&2

targets=("sqlite:$dir/loudou.db")
if [ -n "${LOUDOU_BENCH_POSTGRES_NPGSQL:-}" ]; then
  targets+=("postgres:${LOUDOU_BENCH_POSTGRES_NPGSQL};Database=loudou_bench_web_$deals")
fi
sections=()
for target in "${targets[@]}"; do
  provider=${target%%:*}
  dotnet "$work/Loudou.Bench.Web/loudou-bench-web.dll" load --db "$target" --dir "$dir/workload" >&2
  # The host as scripts/run.sh starts it, without the demo.
  start_host "$provider" "${target#*:}" "$work/host-$provider.log" --Loudou:Demo:CreateWhenEmpty=false
  # The dotnet process itself (the subshell exec'd into it), for its memory.
  dotnet "$work/Loudou.Bench.Web/loudou-bench-web.dll" measure --db "$target" --url "$url" --host-pid "$host_pid" --out "$work/$provider.txt" "${measure[@]}" >&2 \
    || { cat "$work/host-$provider.log" >&2; exit 1; }
  stop_host
  sections+=("$provider")
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## loudou-bench-web, $deals deals, $started–$(date -u '+%H:%M') UTC, commit $commit"
  echo
  echo "Machine: $machine, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/ { print $2 }') GiB, .NET $(dotnet --version)."
  echo "Load average (1/5/15 min) at start: $load_start; at end: $load_end. Options: ${measure[*]:-defaults (21 runs, 3 loads, 20 clients × 60 s, 100 ms pause, 100 moves)}."
  echo
  for provider in "${sections[@]}"; do
    echo "### $provider"
    echo
    echo '```'
    cat "$work/$provider.txt"
    echo '```'
    echo
  done
} | tee -a "$out/web.md"
