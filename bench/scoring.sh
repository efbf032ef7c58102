#!/usr/bin/env bash
# Measures deal scoring on the UCI bank marketing data (bank-additional-full.csv, `duration` left out) and appends the
# figures to bench/results/<machine>/scoring.md: AUC by 5-fold cross-validation and on the time split, Brier score, the
# seconds to train on the 41,188 rows and to score 1,000,000 open deals, with the machine's load average.
# Usage: bench/scoring.sh [file|import]
#   file   (default) reads the file straight into the form the preset stores (bench/Loudou.Bench.Scoring, BankFile.cs);
#   import imports it through `loudou import deals --preset bank-marketing` into a fresh SQLite file and runs
#          `loudou score train`, the path a user takes.
# LOUDOU_DATASETS names the data folder (default ../shared/data beside the checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-file}
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
data=${LOUDOU_DATASETS:-$(cd .. && pwd)/shared/data}/bank-marketing/bank-additional-full.csv.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "## scoring, $mode, $(date -u +'%F %H:%M') UTC, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo '```'
} >> "$out/scoring.md"
if [ "$mode" = import ]; then
  dotnet build src/Loudou.Cli -c Release -nologo -v q >&2
  cli=artifacts/bin/Loudou.Cli/release/loudou.dll
  zcat "$data" > "$work/bank-additional-full.csv"
  /usr/bin/time -f "import: %e s wall" -o "$work/import-time" dotnet "$cli" import deals "$work/bank-additional-full.csv" --preset bank-marketing --db "sqlite:$work/bank.db" >&2
  cat "$work/import-time" >> "$out/scoring.md"
  /usr/bin/time -f "score train: %e s wall, %U s user" -o "$work/time" dotnet "$cli" score train --pipeline bank-marketing --format json --db "sqlite:$work/bank.db" > "$work/report.json"
  cat "$work/time" "$work/report.json" >> "$out/scoring.md"
else
  dotnet build bench/Loudou.Bench.Scoring -c Release -nologo -v q >&2
  dotnet artifacts/bin/Loudou.Bench.Scoring/release/loudou-bench-scoring.dll "$data" --score 1000000 > "$work/report.json" 2> "$work/log"
  cat "$work/log" >> "$out/scoring.md"
fi
echo '```' >> "$out/scoring.md"
tail -n 30 "$out/scoring.md"
