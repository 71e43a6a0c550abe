#!/usr/bin/env bash
# Screenshots of every screen, with axe-core: builds the renderer, starts a Ropo One
# simulator and the preview server (fresh data folder, throwaway keyring in a D-Bus session),
# runs screenshots.ts against them, and stops both. PNGs go to test-results/screens/.
#   bash renderer/scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# Node 24 where .ci/run puts it, when the system's node is older.
node24="${XDG_CACHE_HOME:-$HOME/.cache}/usage-place-reporter/node-v24/package/bin"
if [ -x "$node24/node" ]; then export PATH="$node24:$PATH"; fi

npm run --silent build:renderer >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SCREENS_PREVIEW_PORT="${SCREENS_PREVIEW_PORT:-5181}"
export SCREENS_SIM_PORT="${SCREENS_SIM_PORT:-8791}"
export USAGEPLACE_DATA_DIR="$work/data"
export USAGEPLACE_KEYCHAIN_SERVICE="upr-screens-$$"
export USAGEPLACE_BACKOFF_BASE_MS=300
export USAGEPLACE_BACKOFF_CAP_MS=30000
export XDG_DATA_HOME="$work/keyrings"
export SCREENS_SIM_TOKEN_FILE="$work/sim-token"
mkdir -p "$USAGEPLACE_DATA_DIR" "$XDG_DATA_HOME"

dbus-run-session -- sh -c '
  echo -n screens | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  node electron/cli/usageplace.ts sandbox --port "$SCREENS_SIM_PORT" --token-file "$SCREENS_SIM_TOKEN_FILE" >"$USAGEPLACE_DATA_DIR/sim.log" 2>&1 &
  sim=$!
  node electron/preview/preview-server.ts --port "$SCREENS_PREVIEW_PORT" >"$USAGEPLACE_DATA_DIR/preview.log" 2>&1 &
  preview=$!
  for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$SCREENS_PREVIEW_PORT/" >/dev/null && curl -sf "http://127.0.0.1:$SCREENS_SIM_PORT/__sim" >/dev/null && [ -s "$SCREENS_SIM_TOKEN_FILE" ] && break
    sleep 0.2
  done
  SCREENS_SIM_TOKEN="$(cat "$SCREENS_SIM_TOKEN_FILE")"
  export SCREENS_SIM_TOKEN
  status=0
  node renderer/scripts/screenshots.ts || status=$?
  kill $preview $sim 2>/dev/null
  wait 2>/dev/null
  exit $status
'
