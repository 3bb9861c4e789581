#!/usr/bin/env bash
# Surge detector benchmark (crates/insight): the full grid of the method's bands (100
# simulated app-years per cell: every base rate x dispersion x injected surge, each band with
# PASS/FAIL), drops for reference, and the time of one evaluation of 100 apps x 10 years
# (budget 200 ms). Exits 1 when a band or the budget fails. APPS=N runs fewer app-years.
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "toolchain (Rust)" ensure_rust
use_shared_target_dir
stage "surge bands" cargo run --locked --release -p plumbline-insight --example surge_bands
