# Shared by scripts/run and scripts/test: installs what a fresh machine lacks, idempotently.
# Needs: rustup's Rust (cargo, rustup) and, for npm-based tools, Node.js + npm
# (installed with apt-get when missing and we are root).
# shellcheck shell=bash

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${CHAT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/helpdesk-chat/tools}"

# cargo-leptos compiles this into the leptos crates (it names /pkg/chat.js and chat.wasm).
# Every cargo command gets the same value, so `cargo test` neither rebuilds leptos nor
# leaves behind a server binary that asks for /pkg/.js.
export LEPTOS_OUTPUT_NAME=chat

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PACKAGE... : installs Debian packages as root, or stops with the command to run.
apt_install() {
  if is_root; then
    say "installing $* (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    die "missing $*. Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
  fi
}

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

wasm_bindgen_version() {
  # The CLI must equal the crate version in Cargo.lock exactly.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Build tools with a lighter release profile than their own (fat LTO, one codegen unit):
# cargo-leptos installs in ~10 minutes instead of ~23 on 2 cores, and runs the same.
quick_install_profile() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 "$@"
}

ensure_cargo_tools() {
  ensure_rust
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (10 to 25 minutes on 2 cores, once)"
    # --ignore-rust-version: its lockfile pins a crate that asks for a newer rustc than it needs.
    quick_install_profile cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version
  fi
  ensure_wasm_bindgen
}

ensure_wasm_bindgen() {
  local wb
  wb="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
    say "installing wasm-bindgen-cli $wb (a few minutes, once)"
    # Not --locked: its lockfile names a crate version the registry no longer has.
    quick_install_profile cargo install wasm-bindgen-cli --version "$wb" --force
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    apt_install nodejs npm
  fi
}

# wasm-opt from npm's binaryen. Debian's binaryen (v108) produces wasm that fails to
# hydrate, so ours goes first on PATH.
ensure_wasm_opt() {
  ensure_node
  local bin="$TOOLS_DIR/node_modules/.bin"
  if ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    say "installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
    mkdir -p "$TOOLS_DIR"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
  export PATH="$bin:$PATH"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    apt_install chromium
  fi
}

# nginx: the load balancer in front of several instances (scripts/cluster).
ensure_nginx() {
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx
  fi
}

target_dir() {
  echo "${CARGO_TARGET_DIR:-$PWD/target}"
}

# cargo-leptos --precompress writes .gz at a fast level (the agent app's wasm: 476 KB);
# browsers without brotli get gzip -9 instead (405 KB). Rewrites each .gz from its file.
recompress_gzip() {
  local site="$1" gz
  find "$site" -name '*.gz' -print0 | while IFS= read -r -d '' gz; do
    [ -f "${gz%.gz}" ] && gzip -9 -n -c "${gz%.gz}" > "$gz"
  done
}
