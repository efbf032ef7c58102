#!/usr/bin/env bash
# Times `loudou demo` at fixed sizes into fresh SQLite files (and PostgreSQL when
# LOUDOU_BENCH_POSTGRES names a server it may create databases on), and appends the figures to
# bench/results/<machine>/demo.md. Usage: bench/demo.sh [SIZES...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
dotnet build src/Loudou.Cli -c Release -nologo -v q >&2
cli=artifacts/bin/Loudou.Cli/release/loudou.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
{
  echo "## loudou demo, $(date -u +%F), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo
  echo "| deals | database | wall seconds | peak RSS MB |"
  echo "| ---: | --- | ---: | ---: |"
} >> "$out/demo.md"
for n in "${sizes[@]}"; do
  targets=("sqlite:$work/demo-$n.db")
  if [ -n "${LOUDOU_BENCH_POSTGRES:-}" ]; then
    db="loudou_bench_$n"
    psql "${LOUDOU_BENCH_POSTGRES}" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >&2
    dotnet "$cli" db migrate --db "postgres:${LOUDOU_BENCH_POSTGRES_NPGSQL:?set LOUDOU_BENCH_POSTGRES_NPGSQL to the same server as an Npgsql connection string};Database=$db" >&2
    targets+=("postgres:${LOUDOU_BENCH_POSTGRES_NPGSQL};Database=$db")
  fi
  for target in "${targets[@]}"; do
    /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$cli" demo --deals "$n" --as-of 2026-11-25 --db "$target" >/dev/null 2>"$work/log"
    read -r seconds kb < "$work/time"
    echo "| $n | ${target%%:*} | $seconds | $((kb / 1024)) |" | tee -a "$out/demo.md"
  done
done
echo >> "$out/demo.md"
