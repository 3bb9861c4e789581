#!/usr/bin/env bash
# One alert evaluation pass over 100 apps x 10 years of daily metrics (budget 200 ms):
# engine::alerts::current_alerts and the recording, on a real SQLite file, as the tray and
# `plumbline watch` run them. Prints the first pass and the steady ones; exits 1 over budget.
source "$(dirname "$0")/lib.sh"
trap print_stage_table EXIT

stage "toolchain (Rust)" ensure_rust
use_shared_target_dir
stage "alert pass" cargo bench --locked -p plumbline-engine --bench alerts_pass
