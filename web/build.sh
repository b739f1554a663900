#!/bin/sh
# Copies the browser build of socket.io-client from web/node_modules (installed by
# `npm ci` from the committed package-lock.json) to where the knowledge API serves it:
# knowledge/web/static/vendor/socket.io.min.js. The copy is a build output, not committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/node_modules/socket.io-client/dist/socket.io.min.js"
dest="$here/../knowledge/web/static/vendor"
charts="$here/node_modules/chart.js/dist/chart.umd.min.js"
if [ ! -f "$src" ] || [ ! -f "$charts" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
mkdir -p "$dest"
cp "$src" "$dest/socket.io.min.js"
echo "socket.io-client $(node -p "require('$here/node_modules/socket.io-client/package.json').version") -> $dest/socket.io.min.js"
# Chart.js for the dashboard's charts page (knowledge/web/static/dashboard-charts.js).
cp "$charts" "$dest/chart.umd.min.js"
echo "chart.js $(node -p "require('$here/node_modules/chart.js/package.json').version") -> $dest/chart.umd.min.js"
