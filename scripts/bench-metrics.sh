#!/usr/bin/env bash
# Metrics benchmark (README, "Benchmarks"): a store of 100 apps x 10 years of daily metrics
# and 5 million API call rows (built once, kept under target/tmp), one app's weekly and the
# portfolio's monthly series beside the same SQL in the sqlite3 shell, and a 1-million-row
# activity import beside the shell's .import. Prints a table with ratios and budgets.
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "system packages" ensure_packages "${BUILD_PACKAGES[@]}" sqlite3
stage "toolchains (Node.js, Rust)" ensure_toolchains
use_shared_target_dir
stage "benchmark" cargo bench --locked -p plumbline-trends --bench metrics
