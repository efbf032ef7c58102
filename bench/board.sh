#!/usr/bin/env bash
# The pipeline board's speed in a real browser (issue 22): the host started as scripts/run.sh starts it, on demo
# workspaces big enough to hold about 2,000 and 10,000 open deals (the demo keeps about 3.6% of its deals open), driven
# by `loudou-bench-page --page board`: first paint of the cards (new session each) and a completed drag (drag start to
# the card shown in its new column with the board read again). Appends the figures, the machine and its load average
# to bench/results/<machine>/board.md.
# Usage: bench/board.sh [--deals "56000 280000"] [--runs 11]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="56000 280000"
runs=11
while [ $# -gt 0 ]; do
  case $1 in
    --deals) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
started=$(date -u '+%F %H:%M')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo "+changes")
for project in bench/Loudou.Bench.Page src/Loudou.Web; do
  dotnet build "$project" -c Release -nologo -v q >&2
done
work=$(mktemp -d)
source bench/host.sh
trap 'stop_host; rm -rf "$work"' EXIT
for name in Loudou.Bench.Page Loudou.Web; do
  cp -r "artifacts/bin/$name/release" "$work/$name"
done

for deals in $sizes; do
  start_host sqlite "$work/demo-$deals.db" "$work/host-$deals.log" --Loudou:Demo:CreateWhenEmpty=true "--Loudou:Demo:Deals=$deals"
  dotnet "$work/Loudou.Bench.Page/loudou-bench-page.dll" --page board --url "$url" --login admin --password Loudou-demo-2026 \
    --runs "$runs" --label "$deals-deal demo (SQLite)" --out "$work/board-$deals.txt" >&2 || { cat "$work/host-$deals.log" >&2; exit 1; }
  stop_host
done

{
  echo "## loudou-bench-page --page board, $started–$(date -u '+%H:%M') UTC, commit $commit"
  echo
  echo "Machine: $machine, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/ { print $2 }') GiB, .NET $(dotnet --version), $(/usr/bin/chromium --version 2>/dev/null || echo chromium)."
  echo
  for deals in $sizes; do
    echo '```'
    cat "$work/board-$deals.txt"
    echo '```'
    echo
  done
} | tee -a "$out/board.md"
