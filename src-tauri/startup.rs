//! Start-up milestones on stderr when `PLUMBLINE_TRACE_STARTUP` is set: where the time
//! between exec and the first paint goes (see scripts/bench-startup.sh).

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static ENABLED: OnceLock<bool> = OnceLock::new();

fn enabled() -> bool {
    *ENABLED.get_or_init(|| std::env::var_os("PLUMBLINE_TRACE_STARTUP").is_some())
}

/// Records a milestone; `what` is only built when tracing is on.
pub(crate) fn mark<S: AsRef<str>>(what: impl FnOnce() -> S) {
    let start = *START.get_or_init(Instant::now);
    if enabled() {
        eprintln!(
            "startup {:>7.1} ms  {}",
            start.elapsed().as_secs_f64() * 1000.0,
            what().as_ref()
        );
    }
}
