#!/usr/bin/env bash
# Times `loudou import deals` of an N-row file in the generic format (9 columns: external_id, name,
# account, channel, owner, amount, created_at, stage, stage_date) against `sqlite3 .import` of the
# same file into a plain table, in the same run, then a re-import of the unchanged file, and the
# same import into PostgreSQL when LOUDOU_BENCH_POSTGRES_NPGSQL names a server (with
# LOUDOU_BENCH_POSTGRES as a psql connection string to create the database), and the storage
# engine's floor (bench/import-floor.sql: the same rows into Loudou's schema by sqlite3 itself).
# Appends a table to bench/results/<machine>/import.md.   Usage: bench/import.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
machine=${LOUDOU_BENCH_MACHINE:-$(hostname)-$(nproc)core}
out=bench/results/$machine
mkdir -p "$out"
dotnet build src/Loudou.Cli -c Release -nologo -v q >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so that a rebuild during a long run does not change the program measured.
cp -r artifacts/bin/Loudou.Cli/release "$work/cli"
cli=$work/cli/loudou.dll
file=$work/deals.csv
awk -v n="$rows" 'BEGIN {
  srand(42); split("lead,nurturing,needs,proposal,closing,won,lost", st, ",")
  print "external_id,name,account,channel,owner,amount,created_at,stage,stage_date"
  for (i = 1; i <= n; i++) {
    c = int(rand() * 540); d = c + int(rand() * 60)
    printf "B-%d,Deal %d,Account %d,Channel %d,Rep %d,%d.%02d,%s,%s,%s\n", i, i, int(rand() * 20000), int(rand() * 8), int(rand() * 40),
      int(rand() * 1000000), int(rand() * 100), strftime("%Y-%m-%d", 1700000000 + c * 86400, 1), st[1 + int(rand() * 7)], strftime("%Y-%m-%d", 1700000000 + d * 86400, 1)
  }
}' > "$file"
timed() { # label, command...: runs it under /usr/bin/time, prints "label seconds peakMB" (and keeps it in $work/lines)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/log" 2>&1 || { cat "$work/log" >&2; echo "$label failed $(cut -d' ' -f1 /proc/loadavg)" >> "$out/import.md"; exit 1; }
  read -r seconds kb < "$work/time"
  echo "$label $seconds $((kb / 1024))" | tee -a "$work/lines" >&2
  echo "$label $seconds $((kb / 1024))"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results=()
results+=("$(timed "sqlite3 .import (plain table)" sqlite3 "$work/plain.db" -cmd ".mode csv" ".import $file deals")")
results+=("$(timed "loudou import, SQLite, first" dotnet "$cli" import deals "$file" --db "sqlite:$work/loudou.db")")
tail -1 "$work/log" >&2
results+=("$(timed "loudou import, SQLite, unchanged re-import" dotnet "$cli" import deals "$file" --db "sqlite:$work/loudou.db")")
tail -1 "$work/log" >&2
results+=("$(timed "sqlite3 .import (plain table), again" sqlite3 "$work/plain2.db" -cmd ".mode csv" ".import $file deals")")
# The engine's floor: the same rows into Loudou's schema by sqlite3 itself (bench/import-floor.sql),
# wrapped as the bulk load is: one transaction, 64 MB cache, secondary indexes dropped and rebuilt.
dotnet "$cli" db migrate --db "sqlite:$work/floor.db" >&2
indexes="type = 'index' AND tbl_name IN ('deals', 'stage_transitions') AND sql IS NOT NULL"
{
  echo "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; ATTACH '$work/plain.db' AS p; BEGIN;"
  sqlite3 "$work/floor.db" "SELECT 'DROP INDEX \"' || name || '\";' FROM sqlite_master WHERE $indexes"
  cat bench/import-floor.sql
  sqlite3 "$work/floor.db" "SELECT sql || ';' FROM sqlite_master WHERE $indexes"
  echo "COMMIT;"
} > "$work/floor.sql"
results+=("$(timed "sqlite3 INSERT…SELECT into Loudou's schema (engine floor)" sqlite3 "$work/floor.db" ".read $work/floor.sql")")
if [ -n "${LOUDOU_BENCH_POSTGRES_NPGSQL:-}" ]; then
  psql "${LOUDOU_BENCH_POSTGRES:?set LOUDOU_BENCH_POSTGRES too}" -qc "DROP DATABASE IF EXISTS loudou_bench_import" -c "CREATE DATABASE loudou_bench_import" >&2
  pg="postgres:${LOUDOU_BENCH_POSTGRES_NPGSQL};Database=loudou_bench_import"
  dotnet "$cli" db migrate --db "$pg" >&2
  results+=("$(timed "loudou import, PostgreSQL (binary COPY), first" dotnet "$cli" import deals "$file" --db "$pg")")
  tail -1 "$work/log" >&2
  results+=("$(timed "loudou import, PostgreSQL, unchanged re-import" dotnet "$cli" import deals "$file" --db "$pg")")
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sqlite_first=$(printf '%s\n' "${results[@]}" | awk '/^sqlite3 \.import/ { s = s ? (s < $(NF-1) ? s : $(NF-1)) : $(NF-1) } END { print s }')
floor=$(printf '%s\n' "${results[@]}" | awk '/engine floor/ { print $(NF-1) }')
{
  echo "## loudou import deals, $rows rows, $(date -u '+%F %H:%M') UTC, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo
  echo "Load average (1/5/15 min) before: $load_before; after: $load_after. File: $(du -m "$file" | cut -f1) MB, 9 columns."
  echo
  echo "| run | wall seconds | peak RSS MB | × sqlite3 .import (faster of its two runs) | × engine floor |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for r in "${results[@]}"; do
    label=${r% * *}; rest=${r##"$label "}; seconds=${rest% *}; mb=${rest#* }
    echo "| $label | $seconds | $mb | $(awk -v a="$seconds" -v b="$sqlite_first" 'BEGIN { printf "%.1f", a / b }') | $(awk -v a="$seconds" -v b="$floor" 'BEGIN { printf "%.2f", a / b }') |"
  done
  echo
} | tee -a "$out/import.md"
