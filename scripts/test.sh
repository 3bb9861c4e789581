#!/usr/bin/env bash
# Sets up a fresh Debian or Ubuntu machine and runs every test Plumbline has.
# CI runs exactly this (.ci/run). Prints each stage's duration at the end.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/deb.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
stage "tauri-driver" ensure_tauri_driver
use_shared_target_dir
stage "npm ci" npm_install
stage "architecture boundaries" bash -c "python3 scripts/check_boundaries.py && python3 scripts/check_boundaries.py --self-test"
stage "UI type check (svelte-check)" bash -c "cd ui && npm run --silent check"
stage "UI lint (eslint)" bash -c "cd ui && npm run --silent lint"
stage "UI unit tests (vitest)" bash -c "cd ui && npm run --silent test"
stage "UI build (vite)" build_ui
stage "cargo fmt --check" cargo fmt --all -- --check
stage "clippy -D warnings" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "build tests" cargo test --workspace --locked --no-run
# Every Rust test, the end-to-end suite included: a virtual display, a private session bus,
# a notification recorder owning org.freedesktop.Notifications on that bus, and a real
# Secret Service (gnome-keyring) with a throw-away keyring.
stage "Rust tests and end-to-end (Xvfb, D-Bus)" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- scripts/with-test-services.sh \
  cargo test --workspace --locked
# The package a partner installs: built by the same function as scripts/package.sh, checked by
# lintian (errors and warnings fail), AppStream and desktop-file-validate, then installed, run
# (CLI and window) and removed, with the partner's data checked to be still there.
stage "package (.deb)" build_deb
stage "lintian, AppStream, desktop entry" lint_deb "$DEB_PATH"
stage "installed package (install, run, remove)" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- scripts/with-test-services.sh \
  scripts/try-deb.sh "$DEB_PATH"
