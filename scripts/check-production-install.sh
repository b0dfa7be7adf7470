#!/usr/bin/env bash
# The production path a new operator takes: a clean copy of the committed tree, `npm ci --omit=dev`
# (no dev tools: no TypeScript, no test runner), then `npm start` on a throwaway data directory.
# Passes when the server answers /healthz, serves the built dashboard at / and the survey widget.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d /tmp/kunde-prod.XXXXXX)
port=$((42000 + RANDOM % 8000))
pid=""
cleanup() { [ -n "$pid" ] && kill -- -"$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

git archive --format=tar HEAD | tar -x -C "$work/"
cd "$work"
echo "production install: npm ci --omit=dev in $work"
npm ci --omit=dev --no-audit --no-fund >/dev/null
[ ! -d node_modules/vitest ] || { echo "vitest was installed: --omit=dev did not apply" >&2; exit 1; }

echo "production install: npm start on :$port"
set -m
KUNDE_DATA_DIR="$work/data" PORT=$port HOST=127.0.0.1 CI=true npm start >"$work/server.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 360); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -30 "$work/server.log"; echo "the server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { tail -30 "$work/server.log"; echo "no /healthz" >&2; exit 1; }
html=$(curl -fsS "http://127.0.0.1:$port/")
echo "$html" | grep -q '<div id="root">' || { echo "/ is not the dashboard: ${html:0:200}" >&2; exit 1; }
script=$(echo "$html" | grep -oE 'src="/assets/[^"]+\.js"' | head -1 | sed -e 's/^src="//' -e 's/"$//')
[ -n "$script" ] || { echo "the dashboard HTML names no built script (was it built?)" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port$script" >/dev/null || { echo "the dashboard script $script is not served" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/widget.js" >/dev/null || { echo "/widget.js is not served" >&2; exit 1; }
echo "production install: ok (dashboard $script and /widget.js served after npm ci --omit=dev)"
