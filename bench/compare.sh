#!/usr/bin/env bash
# Loudou's funnel engine against DuckDB on the issue 6 workload, with fixed parameters
# (1,000,000 deals, 7 warm runs, 5 cold runs, 2 threads each), saved to bench/results/<machine>/compare.txt.
# Usage: bench/compare.sh [extra loudou-bench arguments, e.g. --dir /data/loudou-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
dotnet build bench/Loudou.Bench.Compare -c Release -nologo -v q >&2
artifacts/bin/Loudou.Bench.Compare/release/loudou-bench compare --deals 1000000 --runs 7 --cold-runs 5 --threads 2 --out "$out/compare.txt" "$@"
echo "results in $out/compare.txt" >&2
