#!/usr/bin/env bash
# Runs every benchmark with fixed parameters and copies the reports to bench/results/<machine>/.
# Usage: bench/run.sh [extra BenchmarkDotNet arguments, e.g. --filter '*StageHistory*']
set -euo pipefail
cd "$(dirname "$0")/.."
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
dotnet build bench/Loudou.Benchmarks -c Release -nologo -v q >&2
dotnet artifacts/bin/Loudou.Benchmarks/release/Loudou.Benchmarks.dll \
  --filter '*' --join --exporters github --artifacts "artifacts/bench" "$@"
mkdir -p "$out"
cp artifacts/bench/results/*-report-github.md "$out/"
{ echo "machine: $machine"; echo "date: $(date -u +%F)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"; echo "cores: $(nproc)"; echo "dotnet: $(dotnet --version)"; } > "$out/machine.txt"
echo "results in $out" >&2
