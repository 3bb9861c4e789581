#!/usr/bin/env bash
# Start-up benchmark (README, "Benchmarks"): builds the release app and a bare Tauri window
# with the same settings, seeds a Portfolio of 50 apps, and runs bench/startup.py under Xvfb
# inside a private D-Bus session. Extra arguments go to bench/startup.py (e.g. --runs 9).
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "npm ci" npm_install
stage "UI build" build_ui
stage "release builds" bash -c "cargo build --release --locked --features custom-protocol --bin plumbline-desktop -p plumbline-desktop &&
  cargo build --release --locked -p plumbline-bench-bare-window --features plumbline-bench-bare-window/custom-protocol &&
  cargo build --release --locked -p plumbline-cli"

work=$(mktemp -d)
trap 'rm -rf "$work"; print_stage_table' EXIT
seed_portfolio() {
  local roles=(owner admin developer) envs=(production developer-sandbox monthly-sandbox federal)
  for i in $(seq 1 50); do
    "$TARGET_DIR/release/plumbline" --db "$work/bench.sqlite3" apps add "Benchmark App $i" \
      --role "${roles[$((i % 3))]}" --env "${envs[$((i % 4))]}" >/dev/null
  done
  "$TARGET_DIR/release/plumbline" --db "$work/bench.sqlite3" apps list --json | python3 -c 'import json,sys; n=len(json.load(sys.stdin)); assert n == 50, n; print(f"portfolio of {n} apps ready")'
}
stage "seed 50 apps" seed_portfolio
stage "benchmark" xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  python3 bench/startup.py --app "$TARGET_DIR/release/plumbline-desktop" \
  --bare "$TARGET_DIR/release/bare-window" --db "$work/bench.sqlite3" "$@"
