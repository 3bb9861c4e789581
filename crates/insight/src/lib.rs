//! Plumbline's surge detector: uninstall surges, and drops in installations or listing views,
//! in small daily counts (often 0 to 20 a day, many zeros, more on weekdays).
//!
//! The method is the one in `surge-detection.md` (simulated before it was written down), in
//! closed form: weekday factors and a Gamma-posterior level with a guard band, method-of-moments
//! over-dispersion, a negative-binomial predictive, and three rules (A: one day; C: 7 days;
//! B: a CUSUM for a doubling). It takes the days and counts and the day to evaluate as of, and
//! reads no clock: the CLI, the tests, the simulator ([`simulate`]) and the bands it is held
//! to ([`bands`]) all call the same [`evaluate`].
//!
//! Where the page leaves a choice, this is what was chosen, and why:
//! - **Guard band**: day t's baseline (level, weekday factors, over-dispersion) ends at t - 3,
//!   so days t-1 and t-2 are left out and day t moves neither t+1's nor t+2's baseline.
//! - **Over-dispersion**: each of the 84 days' expected count is its weekday factor times the
//!   84 days' own mean rate, so one pass of per-weekday sums gives it.
//! - **Rule C**: the 7 days' expected counts are each day's weekday factor times day t's level,
//!   which is what the variance E7 + E7²/a + Σmu²/r describes (one shared level from day t's
//!   posterior); after a new level is accepted the week is judged at that level at once.
//! - **Rule B's p**: the negative-binomial tail of the run's total, like rule C's.
//! - **Several rules on one day**: the one with the smallest p speaks for the day (observed,
//!   expected, window); the severity is the highest any of them reached.
//! - **Episodes** enter the baseline at their expected values from their first alert's day
//!   on. Standing in the evidence before it too (a 7-day window, a CUSUM run) was tried: it
//!   moved no band beyond noise, and it let day t move the baseline of t+2 (an alert on t+1
//!   that day t contributed to would rewrite days up to t-3), breaking the guard band. A new level
//!   is accepted when alerts still fire 28 days after the first one; its days then count at
//!   their observed values again, from the third day on (the guard band again: day t's alert
//!   must not move the baseline of t+1 and t+2). Missing days count as quiet days for closing
//!   an episode.
//! - **Reopening**: an alert while a closed episode's last stood-in day is still in the
//!   alerting day's 28-day level window was judged against the baseline that episode held, so
//!   it reopens that episode rather than notifying a new one. A doubled level at 1 to 3 a day
//!   alerts only every few days against the held baseline; without this rule it was notified
//!   exactly once in 30% to 72% of shifts (Poisson; 40% to 77% at shape 4, full grid), and the
//!   weeks after a holiday's rebound gave 0.9 to 2 false alerts a year. The cost: a new surge
//!   within 30 days of an episode's end is shown as that episode's continuation.
//! - **Identity**: an episode is identified by its first alert's day. The pass is causal, so
//!   evaluating again, or with later days added, gives the same identities; after a past day
//!   is revised, [`Evaluation::carry_episode_ids`] keeps an episode's earlier identity.
//! - **Cold start**: alerts from 35 calendar days after the first day with a number.
//! - **Drops** mirror the rules on the lower tail; the minimum counts (x >= 3, S7 >= 4) have
//!   no mirror, since p <= 2e-4 (1e-3 for a week) already needs about 8 (7) expected.

mod detect;
mod series;

pub mod bands;
pub mod simulate;
pub mod stats;

pub use detect::{
    COLD_START_DAYS, Config, DEFAULT_LAG_DAYS, DayAlert, DayRange, DayTrace, Direction,
    EPISODE_QUIET_DAYS, Episode, Evaluation, NEW_LEVEL_DAYS, NewLevel, Rule, Severity, State,
    evaluate, trace,
};
pub use series::Series;
