#!/usr/bin/env bash
# Chart benchmark (README, "Benchmarks"): a release build of the app under Xvfb inside a
# private D-Bus session, an app with ten years of daily metrics, and the page's own timing of
# its ten-year daily chart, from the start of a build to the end of its first draw.
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "tauri-driver" ensure_tauri_driver
stage "npm ci" npm_install
stage "UI build" build_ui
stage "benchmark" xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test --release --locked --test bench_chart -- --ignored --nocapture
