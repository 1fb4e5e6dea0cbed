#!/usr/bin/env bash
# Entry point of `npm start`, `npm test`, `npm run bench` and `npm run lint`.
# Runs the workspace on Node 24 whatever node this machine has (Node itself is
# fetched from the npm registry into a cache folder outside the repo), installs
# the locked dependencies when they are missing or stale, then hands over.
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE_DIR="${SLEEP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sleep-platform}"
NODE_MAJOR="$(tr -dc '0-9' < .nvmrc)"

log() { printf '› %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major node)" = "$NODE_MAJOR" ]; then return; fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "unsupported CPU architecture: $(uname -m)" >&2; exit 1 ;;
  esac
  local dir="$CACHE_DIR/node-$NODE_MAJOR-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    log "fetching Node $NODE_MAJOR (node-linux-$arch) from the npm registry"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_MAJOR" >/dev/null)
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    tar -xzf "$tmp"/*.tgz -C "$dir.partial" --strip-components=1
    rm -rf "$dir" "$tmp"
    mv "$dir.partial" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
}

ensure_dependencies() {
  local stamp=node_modules/.installed-from
  local want
  want="$(node -v) $(sha256sum package-lock.json | cut -c1-64)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s' "$want" > "$stamp"
  fi
}

ensure_node
ensure_dependencies

command="${1:?usage: run.sh start|test|bench|lint}"
shift
export SWC_NODE_PROJECT="$PWD/tsconfig.base.json"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}"
exec node -r @swc-node/register "tools/dev/src/$command.ts" "$@"
