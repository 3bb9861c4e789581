#!/usr/bin/env bash
# Deprecation-watch benchmark (README, "Benchmarks"): a 50 MB OpenAPI document read as a
# stream beside python3's json.load of the same file, and a scan of a 100,000-file source tree.
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}"
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "reference parse" cargo bench --locked -p plumbline-deprecations --bench parse_reference
stage "source scan" cargo bench --locked -p plumbline-scan --bench scan_tree
