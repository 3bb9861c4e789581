#!/usr/bin/env bash
# Sets up a fresh Debian or Ubuntu machine and runs Plumbline. With no Procore account
# configured it opens in demo mode. Extra arguments go to the app (for example --db PATH).
source "$(dirname "$0")/lib.sh"

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "npm ci" npm_install
stage "UI build" build_ui
stage "app build (release)" cargo build --release --locked --features custom-protocol --bin plumbline-desktop
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: Plumbline's window needs a desktop session." >&2
  echo "On a server, use the CLI instead: cargo run -p plumbline-cli -- apps list" >&2
  exit 1
fi
exec "$TARGET_DIR/release/plumbline-desktop" "$@"
