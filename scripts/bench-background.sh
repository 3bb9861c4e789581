#!/usr/bin/env bash
# Background benchmark (README, "Benchmarks"): builds the release app and runs
# bench/background.py under Xvfb inside a private D-Bus session: Plumbline in the tray with its
# window closed (CPU over a minute, resident memory) and the tray's "Open Plumbline" to the
# window's first paint. Extra arguments go to bench/background.py (e.g. --window 120).
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "npm ci" npm_install
stage "UI build" build_ui
stage "release build" cargo build --release --locked --features custom-protocol --bin plumbline-desktop -p plumbline-desktop
stage "benchmark" xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  python3 bench/background.py --app "$TARGET_DIR/release/plumbline-desktop" "$@"
