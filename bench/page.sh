#!/usr/bin/env bash
# The funnel dashboard's speed in a real browser (issue 19): the host started as scripts/run.sh starts it, Debian's
# Chromium driven by loudou-bench-page, on the 20k-deal demo workspace and on the 1M-deal workload of bench/web.sh
# (its SQLite database, made by `loudou-bench-web load` when missing). Times the first view (navigation to every chart
# drawn) and a filter change (to every chart drawn again); goals on 2 cores: first view ≤ 1.5 s at 20k, ≤ 3 s at 1M,
# a filter change ≤ 500 ms at 1M. Appends the figures, the machine and its load average to bench/results/<machine>/page.md.
# Usage: bench/page.sh [--deals N] [--skip-demo] [loudou-bench-page options, e.g. --runs 11 --changes 20]
set -euo pipefail
cd "$(dirname "$0")/.."
deals=1000000
demo=1
measure=()
while [ $# -gt 0 ]; do
  case $1 in
    --deals) deals=$2; shift 2 ;;
    --skip-demo) demo=0; shift ;;
    *) measure+=("$1"); shift ;;
  esac
done
dir=${TMPDIR:-/tmp}/loudou-bench-web-$deals
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out" "$dir"
started=$(date -u '+%F %H:%M')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo "+changes")
for project in bench/Loudou.Bench.Compare bench/Loudou.Bench.Web bench/Loudou.Bench.Page src/Loudou.Web src/Loudou.Cli; do
  dotnet build "$project" -c Release -nologo -v q >&2
done
work=$(mktemp -d)
source bench/host.sh
trap 'stop_host; rm -rf "$work"' EXIT
for name in Loudou.Bench.Compare Loudou.Bench.Web Loudou.Bench.Page Loudou.Web Loudou.Cli; do
  cp -r "artifacts/bin/$name/release" "$work/$name"
done

sections=()
if [ "$demo" = 1 ]; then
  rm -f "$work/demo.db"
  start_host sqlite "$work/demo.db" "$work/host.log" --Loudou:Demo:CreateWhenEmpty=true
  dotnet "$work/Loudou.Bench.Page/loudou-bench-page.dll" --url "$url" --login admin --password Loudou-demo-2026 \
    --label "20,000-deal demo (SQLite)" --out "$work/demo.txt" "${measure[@]}" >&2 || { cat "$work/host.log" >&2; exit 1; }
  stop_host
  sections+=(demo)
fi

dotnet "$work/Loudou.Bench.Compare/loudou-bench.dll" generate --deals "$deals" --dir "$dir/workload" >&2
dotnet "$work/Loudou.Bench.Web/loudou-bench-web.dll" load --db "sqlite:$dir/loudou.db" --dir "$dir/workload" >&2
# The workload's admin gets a password for the browser to sign in with (the load gives it a random one).
password="bench-page-$(date +%s)"
Loudou__Database__Provider=Sqlite Loudou__Database__ConnectionString="$dir/loudou.db" \
  dotnet "$work/Loudou.Cli/loudou.dll" user password bench-admin --password "$password" >&2
start_host sqlite "$dir/loudou.db" "$work/host.log" --Loudou:Demo:CreateWhenEmpty=false
dotnet "$work/Loudou.Bench.Page/loudou-bench-page.dll" --url "$url" --login bench-admin --password "$password" \
  --label "$deals-deal workload (SQLite)" --out "$work/workload.txt" "${measure[@]}" >&2 || { cat "$work/host.log" >&2; exit 1; }
stop_host
sections+=(workload)

{
  echo "## loudou-bench-page, $started–$(date -u '+%H:%M') UTC, commit $commit"
  echo
  echo "Machine: $machine, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/ { print $2 }') GiB, .NET $(dotnet --version), $(/usr/bin/chromium --version 2>/dev/null || echo chromium)."
  echo
  for section in "${sections[@]}"; do
    echo '```'
    cat "$work/$section.txt"
    echo '```'
    echo
  done
} | tee -a "$out/page.md"
