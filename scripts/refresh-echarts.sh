#!/usr/bin/env bash
# Refreshes the vendored Apache ECharts under src/Loudou.Web/wwwroot/lib/echarts from npm:
# the minified full build, its licence and notice, and the version it came from. No CDN is ever
# used: the pages serve this copy. Usage: scripts/refresh-echarts.sh [VERSION] (default 6.1.0).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-6.1.0}
target=src/Loudou.Web/wwwroot/lib/echarts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@$version" --silent >/dev/null && tar xzf "echarts-$version.tgz")
mkdir -p "$target"
cp "$work/package/dist/echarts.min.js" "$target/echarts.min.js"
cp "$work/package/LICENSE" "$target/LICENSE"
cp "$work/package/NOTICE" "$target/NOTICE"
echo "$version" > "$target/VERSION"
echo "echarts $version → $target" >&2
