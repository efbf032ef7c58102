#!/usr/bin/env bash
# The run command: builds and starts Loudou's web host on 127.0.0.1 over the embedded SQLite file
# data/loudou.db (created on first start), with the demo workspace when the database is empty.
# Extra arguments go to the host, e.g. --urls http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${Loudou__Database__Provider:-Sqlite}
if [ "${provider,,}" = sqlite ]; then
  export Loudou__Database__ConnectionString="${Loudou__Database__ConnectionString:-$PWD/data/loudou.db}"
fi
echo "[run] building…" >&2
dotnet build src/Loudou.Web -c Release -nologo -v q >&2
exec dotnet artifacts/bin/Loudou.Web/release/Loudou.Web.dll --Loudou:Demo:CreateWhenEmpty=true "$@"
