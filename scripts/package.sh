#!/usr/bin/env bash
# Builds the Debian package (artifacts/plumbline_<version>_<arch>.deb) with Tauri's bundler,
# installing what is missing first. Downloads nothing beyond the package registries.
# What goes into it and why: packaging/README.md.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/deb.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "npm ci" npm_install
stage "UI build" build_ui
stage "package (.deb)" build_deb
stage "lintian" lint_deb "$DEB_PATH"
echo
echo "Built $DEB_PATH"
echo "Install it with: sudo apt install $DEB_PATH"
