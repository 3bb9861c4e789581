# Shared by scripts/run.sh and scripts/test.sh: installs what is missing, times each stage.
# Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Packages to build the app (Tauri on WebKitGTK) and to run it.
# libayatana-appindicator3-1: the tray icon (loaded at run time; without it there is no tray).
BUILD_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev librsvg2-dev python3 libayatana-appindicator3-1)
# Packages the tests add: a virtual display, a private D-Bus, the WebKit WebDriver, a keychain,
# a notification server Plumbline did not write (python3-dbusmock), gdbus to question it, and
# python3-xlib to close a window as a window manager would (tests/support/x11.py).
TEST_PACKAGES=(xvfb xauth dbus webkit2gtk-driver gnome-keyring python3-dbusmock libglib2.0-bin python3-xlib)
TAURI_DRIVER_VERSION=2.1.0
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

CURRENT_STAGE=
STAGE_NAMES=()
STAGE_SECONDS=()

# stage NAME COMMAND...: runs a command, printing its name and how long it took.
stage() {
  local name=$1
  shift
  local start=$SECONDS
  CURRENT_STAGE=$name
  echo
  echo "==> $name"
  "$@"
  CURRENT_STAGE=
  local took=$((SECONDS - start))
  STAGE_NAMES+=("$name")
  STAGE_SECONDS+=("$took")
  echo "<== $name: ${took}s"
}

print_stage_table() {
  echo
  echo "Stage durations:"
  local i
  for i in "${!STAGE_NAMES[@]}"; do
    printf '  %-36s %5ss\n' "${STAGE_NAMES[$i]}" "${STAGE_SECONDS[$i]}"
  done
  printf '  %-36s %5ss\n' "total" "$SECONDS"
  if [ -n "${CURRENT_STAGE:-}" ]; then
    echo "FAILED in stage: $CURRENT_STAGE"
  fi
}

# CI=true (or any value but false/0), as the CI machine sets it: missing pieces fail, not skip.
in_ci() {
  [ -n "${CI:-}" ] && [ "$CI" != false ] && [ "$CI" != 0 ]
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages PKG...: installs the Debian/Ubuntu packages that are not installed yet.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages present: $*"
    return
  fi
  echo "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_packages nodejs npm
  fi
  local version
  version=$(node -p 'process.versions.node')
  local major=${version%%.*} rest=${version#*.}
  local minor=${rest%%.*}
  if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    echo "Node.js $version is too old: the UI's build (Vite 8) needs $NODE_MIN_MAJOR.$NODE_MIN_MINOR or newer." >&2
    echo "Install a current Node.js (for example from your distribution's backports or nodesource) and run again." >&2
    exit 1
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null; then
    echo "Rust is not installed: install it with rustup (https://rustup.rs) and run again." >&2
    exit 1
  fi
  if command -v rustup >/dev/null; then
    local have
    have=$(rustup component list --installed 2>/dev/null || true)
    for component in rustfmt clippy; do
      grep -q "^$component" <<<"$have" || rustup component add "$component"
    done
  fi
}

ensure_toolchains() {
  ensure_node
  ensure_rust
}

ensure_tauri_driver() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if command -v tauri-driver >/dev/null && tauri-driver --version 2>/dev/null | grep -q "$TAURI_DRIVER_VERSION"; then
    echo "tauri-driver $TAURI_DRIVER_VERSION present"
    return
  fi
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
}

# A target directory outside the clone is reused when one exists (CI on a machine that has
# built Plumbline before); without it, the clone's own target/ is used.
use_shared_target_dir() {
  local shared="${PLUMBLINE_SHARED_TARGET:-$HOME/.cache/plumbline/target}"
  if [ -z "${CARGO_TARGET_DIR:-}" ] && [ -d "$shared" ]; then
    export CARGO_TARGET_DIR="$shared"
    echo "reusing the cargo target directory $shared"
  fi
  TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
}

npm_install() {
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
}

build_ui() {
  (cd ui && npm run --silent build)
}
