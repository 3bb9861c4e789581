//! The detector: one causal pass over the finalized days, so that adding a later day never
//! changes what was decided about an earlier one (episode identities depend on it).

use plumbline_domain::Day;
use serde::Serialize;

use crate::series::Series;
use crate::stats::NegBinomial;

/// No alerts until this many calendar days have passed since the first day with a number.
pub const COLD_START_DAYS: i32 = 35;
/// An episode closes after this many days without an alert.
pub const EPISODE_QUIET_DAYS: i32 = 7;
/// An episode still alerting this many days after its first alert is a new level, accepted.
pub const NEW_LEVEL_DAYS: i32 = 28;
/// The default lag after which a day's count is taken as final.
pub const DEFAULT_LAG_DAYS: u32 = 2;

/// Days between t and the last day its baseline may see: t-1 and t-2 are left out, so a
/// surge does not hide in its own baseline.
const GUARD_DAYS: usize = 2;
/// Weekday factors and over-dispersion look at this many days.
const PROFILE_DAYS: usize = 84;
/// Pseudo-days shrinking each weekday's rate towards the overall mean.
const PSEUDO_DAYS: f64 = 3.0;
/// The level's window: 28 days, widened 7 at a time up to 84 while it holds fewer than 10.
const LEVEL_DAYS: usize = 28;
const LEVEL_STEP_DAYS: usize = 7;
const LEVEL_MIN_EVENTS: f64 = 10.0;
/// Gamma prior of the level.
const PRIOR_SHAPE: f64 = 0.5;
const PRIOR_RATE: f64 = 1.0;
/// A closed episode reopens on an alert while its last stood-in day is still in the alerting
/// day's level window (28 days ending 2 days before it): that alert was judged against the
/// baseline the episode held, so it is the same change.
const REOPEN_DAYS: usize = LEVEL_DAYS + GUARD_DAYS;
/// Cap on the estimated 1/r.
const MAX_INV_DISPERSION: f64 = 2.0;

/// Rule A.
const SPIKE_MIN_COUNT: f64 = 3.0;
const SPIKE_MIN_EXCESS: f64 = 2.0;
const SPIKE_P: f64 = 2e-4;
/// Rule C.
const WEEK_DAYS: usize = 7;
const WEEK_MIN_COUNT: f64 = 4.0;
const WEEK_MIN_EXCESS: f64 = 3.0;
const WEEK_P: f64 = 1e-3;
/// Rule B.
const CUSUM_THRESHOLD: f64 = 7.0;
const CUSUM_MIN_EXCESS: f64 = 3.0;
/// Severity.
const CRITICAL_P: f64 = 1e-4;
const CRITICAL_EXCESS: f64 = 5.0;
/// Below this many a day the volume note is shown.
const LOW_VOLUME_PER_DAY: f64 = 1.0;

/// Which way a change is news: uninstalls rising, installations or listing views dropping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Rise,
    Drop,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rise => "rise",
            Direction::Drop => "drop",
        }
    }

    /// Observed minus expected, signed so that news is positive.
    fn excess(self, observed: f64, expected: f64) -> f64 {
        match self {
            Direction::Rise => observed - expected,
            Direction::Drop => expected - observed,
        }
    }
}

/// What the caller may choose; the method's own parameters are fixed (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Days after which a day's count is final: with `as_of` today and a lag of 2, the last
    /// day evaluated is the day before yesterday.
    pub lag_days: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            lag_days: DEFAULT_LAG_DAYS,
        }
    }
}

/// The rule behind an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// A: one day far above (or below) its expected count.
    Spike,
    /// C: the last 7 days together.
    Week,
    /// B: a sustained change, by a CUSUM for a doubling (or halving).
    Sustained,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Spike => "spike",
            Rule::Week => "week",
            Rule::Sustained => "sustained",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Warning,
    /// p <= 1e-4, or an excess of 5 or more.
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// Days `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayRange {
    pub start: Day,
    pub end: Day,
}

/// One alerting day. When several rules fire, the one with the smallest p speaks for the
/// day and the severity is the highest any of them reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayAlert {
    pub date: Day,
    pub rule: Rule,
    /// The episode's identity ([`Episode::id`]): the same for every day of one episode.
    pub episode: Day,
    /// The count over `window` (missing days left out)...
    pub observed: u64,
    /// ...against what was expected for the same days.
    pub expected: f64,
    /// P(a count at least this far from expected) under the model.
    pub p: f64,
    pub severity: Severity,
    pub window: DayRange,
}

/// A new level accepted after an episode kept alerting for [`NEW_LEVEL_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLevel {
    /// The first day of the episode's evidence.
    pub since: Day,
    /// The mean count per day since then.
    pub per_day: f64,
}

/// Consecutive alerting days with fewer than [`EPISODE_QUIET_DAYS`] quiet days between them:
/// one notification.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Episode {
    /// Stable identity: the day of its first alert, or, after
    /// [`Evaluation::carry_episode_ids`], the identity of the episode it continues.
    pub id: Day,
    pub first_alert: Day,
    /// The first day of the evidence behind its alerts (the start of a 7-day window or of a
    /// CUSUM run). Its days from `first_alert` on entered the baseline at their expected
    /// value.
    pub from: Day,
    pub last_alert: Day,
    /// Its last day (the last quiet day, or two days after its level was accepted); `None` while
    /// it is open.
    pub closed_on: Option<Day>,
    pub alert_days: u32,
    pub severity: Severity,
    /// Set when it lasted [`NEW_LEVEL_DAYS`] and its level became the expected one.
    pub new_level: Option<NewLevel>,
}

impl Episode {
    /// The days it covers, counting the quiet days an open one still waits for.
    pub fn span(&self) -> DayRange {
        DayRange {
            start: self.from.min(self.first_alert),
            end: self
                .closed_on
                .unwrap_or(self.last_alert.plus(EPISODE_QUIET_DAYS)),
        }
    }
}

/// What the detector can say about the series now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum State {
    /// No finalized day has a number.
    NoData,
    /// Fewer than [`COLD_START_DAYS`] of history: no alerts before `until`.
    Learning { until: Day },
    Watching {
        /// The expected count on an average day.
        level_per_day: f64,
        /// The smallest change over a week that rule C would report at this level (`None`
        /// when even a week of zeros would not be a significant drop).
        min_detectable_week: Option<u32>,
        /// Below about one a day: say that small changes cannot be seen.
        low_volume: bool,
    },
}

/// The detector's findings over one series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub direction: Direction,
    pub as_of: Day,
    /// The last day evaluated (`as_of` minus the lag, or the series' end if earlier).
    pub last_final: Option<Day>,
    /// The last finalized day with a number.
    pub last_observed: Option<Day>,
    /// While learning, the first day alerts can fire; `None` once watching (or with no data).
    pub learning_until: Option<Day>,
    pub state: State,
    /// One per alerting day, oldest first.
    pub alerts: Vec<DayAlert>,
    /// Oldest first.
    pub episodes: Vec<Episode>,
}

impl Evaluation {
    /// Gives each episode that overlaps one of `previous` (an earlier evaluation of the same
    /// metric, before a past day was revised) that episode's identity, so that a revision
    /// which moves an episode's first alert does not notify it twice.
    pub fn carry_episode_ids(&mut self, previous: &[Episode]) {
        let spans: Vec<(Day, DayRange)> = previous.iter().map(|p| (p.id, p.span())).collect();
        self.carry_episode_spans(&spans);
    }

    /// [`Evaluation::carry_episode_ids`] from what was kept of the earlier episodes: each
    /// one's identity and [`Episode::span`].
    pub fn carry_episode_spans(&mut self, previous: &[(Day, DayRange)]) {
        let mut claimed = vec![false; previous.len()];
        let mut renamed: Vec<(Day, Day)> = Vec::new();
        for episode in &mut self.episodes {
            let span = episode.span();
            let earlier = previous.iter().enumerate().find(|(j, (_, other))| {
                !claimed[*j] && other.start <= span.end && span.start <= other.end
            });
            if let Some((j, &(id, _))) = earlier {
                claimed[j] = true;
                if id != episode.id {
                    renamed.push((episode.id, id));
                    episode.id = id;
                }
            }
        }
        for alert in &mut self.alerts {
            if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == alert.episode) {
                alert.episode = *to;
            }
        }
    }

    /// "this app's volume is too low to detect a rise smaller than N a week", when it is.
    pub fn volume_note(&self) -> Option<String> {
        match self.state {
            State::Watching {
                low_volume: true,
                min_detectable_week,
                ..
            } => Some(match min_detectable_week {
                Some(n) => format!(
                    "this app's volume is too low to detect a {} smaller than {n} a week",
                    self.direction.as_str()
                ),
                None => format!(
                    "this app's volume is too low to detect a {} at all",
                    self.direction.as_str()
                ),
            }),
            _ => None,
        }
    }
}

/// One evaluated day, for tests and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayTrace {
    pub day: Day,
    pub observed: Option<u32>,
    /// The predictive mean mu.
    pub expected: f64,
    /// 1/size of the predictive negative binomial: 1/a + 1/r.
    pub inv_size: f64,
    /// The over-dispersion 1/r estimated for the day.
    pub inv_dispersion: f64,
    /// Rule B's statistic after the day.
    pub cusum: f64,
    pub alert: Option<Rule>,
    /// Whether the day entered the baseline at its expected value.
    pub stood_in: bool,
}

/// Evaluates the finalized days of `series` (those at least `config.lag_days` before
/// `as_of`) for changes in `direction`.
pub fn evaluate(series: &Series, as_of: Day, config: &Config, direction: Direction) -> Evaluation {
    Engine::new(series, as_of, config, direction).run(None)
}

/// [`evaluate`], also returning the model of every day evaluated.
pub fn trace(
    series: &Series,
    as_of: Day,
    config: &Config,
    direction: Direction,
) -> (Evaluation, Vec<DayTrace>) {
    let mut days = Vec::new();
    let evaluation = Engine::new(series, as_of, config, direction).run(Some(&mut days));
    (evaluation, days)
}

/// The model behind day t's expectation.
#[derive(Debug, Clone, Copy)]
struct Model {
    factors: [f64; 7],
    /// Gamma posterior of the level.
    a: f64,
    b: f64,
    inv_r: f64,
}

impl Model {
    fn level(&self) -> f64 {
        self.a / self.b
    }

    fn mean(&self, dow: usize) -> f64 {
        self.factors[dow] * self.level()
    }

    fn inv_size(&self) -> f64 {
        1.0 / self.a + self.inv_r
    }

    /// The sum over days whose means sum to `e` and whose squared means sum to `m2`, with
    /// variance E + E²/a + Σmu²/r: one shared level drawn from the posterior.
    fn sum_of(&self, e: f64, m2: f64) -> NegBinomial {
        let inv_size = if e > 0.0 {
            1.0 / self.a + m2 / (e * e) * self.inv_r
        } else {
            0.0
        };
        NegBinomial::new(e, inv_size)
    }

    /// P of a total as extreme as `observed` in `direction`, when at most `limit`.
    fn tail_within(dist: NegBinomial, observed: u64, limit: f64, dir: Direction) -> Option<f64> {
        match dir {
            Direction::Rise => dist.upper_tail_within(observed, limit),
            Direction::Drop => dist.lower_tail_within(observed, limit),
        }
    }

    fn tail(dist: NegBinomial, observed: u64, dir: Direction) -> f64 {
        match dir {
            Direction::Rise => dist.upper_tail(observed),
            Direction::Drop => dist.lower_tail(observed),
        }
    }
}

/// Sums over a sliding window of the baseline, per weekday. Counts and integer sums are
/// exact in f64; stood-in (expected) values are the only fractions.
#[derive(Debug, Default)]
struct Window {
    /// Days `lo..hi` are in the sums.
    lo: usize,
    hi: usize,
    /// Days with a value, and their sum (observed or stood in).
    n: [f64; 7],
    s: [f64; 7],
    /// The same over observed days only, and Σ(x² - x), for the over-dispersion: a stood-in
    /// day has no variance of its own to contribute.
    n_obs: [f64; 7],
    s_obs: [f64; 7],
    q: f64,
}

/// A stored baseline value for one day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Base {
    value: Option<f64>,
    stood_in: bool,
}

impl Window {
    fn apply(&mut self, base: Base, dow: usize, sign: f64) {
        let Some(v) = base.value else { return };
        self.n[dow] += sign;
        self.s[dow] += sign * v;
        if !base.stood_in {
            self.n_obs[dow] += sign;
            self.s_obs[dow] += sign * v;
            self.q += sign * (v * v - v);
        }
    }

    fn covers(&self, i: usize) -> bool {
        self.lo <= i && i < self.hi
    }

    /// Moves the window to days `lo..hi` (both only ever grow), adding the days it takes in
    /// and taking out the days it leaves.
    fn slide(&mut self, lo: usize, hi: usize, base: &[Base], dow: impl Fn(usize) -> usize) {
        while self.hi < hi {
            self.apply(base[self.hi], dow(self.hi), 1.0);
            self.hi += 1;
        }
        while self.lo < lo {
            self.apply(base[self.lo], dow(self.lo), -1.0);
            self.lo += 1;
        }
    }
}

/// An open episode and the days it has stood in.
#[derive(Debug, Clone)]
struct Open {
    episode: Episode,
    /// Index of its evidence's first day.
    from: usize,
    first: usize,
    last_alert: usize,
    /// The last day it stood in, once closed.
    closed_at: usize,
    /// The day its level was accepted; it stays open for the guard band's two days more.
    accepted_at: Option<usize>,
}

/// Rule B's running state.
#[derive(Debug, Default, Clone, Copy)]
struct Cusum {
    value: f64,
    from: usize,
    observed: f64,
    expected: f64,
    m2: f64,
}

/// One rule's finding on a day.
#[derive(Debug, Clone, Copy)]
struct Finding {
    rule: Rule,
    observed: u64,
    expected: f64,
    p: f64,
    from: usize,
    severity: Severity,
}

struct Engine<'a> {
    counts: &'a [Option<u32>],
    start: Day,
    /// Weekday (Monday 0) of index 0.
    first_dow: usize,
    as_of: Day,
    direction: Direction,
    /// Days evaluated: `0..len`.
    len: usize,
    base: Vec<Base>,
    mu: Vec<f64>,
    window: Window,
    /// The last [`LEVEL_DAYS`] of the same baseline, so the level's usual window is a sum of
    /// seven weekday totals rather than a walk over its days.
    level_window: Window,
    cusum: Cusum,
    open: Option<Open>,
    /// The episode closed last, while it can still reopen.
    closed: Option<Open>,
    alerts: Vec<DayAlert>,
    episodes: Vec<Episode>,
}

impl<'a> Engine<'a> {
    fn new(series: &'a Series, as_of: Day, config: &Config, direction: Direction) -> Self {
        let counts = series.counts();
        let last_final = i64::from(as_of.0) - i64::from(config.lag_days);
        let len = (last_final - i64::from(series.start().0) + 1).clamp(0, counts.len() as i64);
        let len = len as usize;
        Engine {
            counts: &counts[..len],
            start: series.start(),
            first_dow: (series.start().0 + 3).rem_euclid(7) as usize,
            as_of,
            direction,
            len,
            base: vec![
                Base {
                    value: None,
                    stood_in: false
                };
                len
            ],
            mu: vec![0.0; len],
            window: Window::default(),
            level_window: Window::default(),
            cusum: Cusum::default(),
            open: None,
            closed: None,
            alerts: Vec::new(),
            episodes: Vec::new(),
        }
    }

    fn day(&self, i: usize) -> Day {
        self.start.plus(i as i32)
    }

    fn dow(&self, i: usize) -> usize {
        (self.first_dow + i) % 7
    }

    fn run(mut self, mut trace: Option<&mut Vec<DayTrace>>) -> Evaluation {
        let first = self.counts.iter().position(Option::is_some);
        let learn_from = first.map(|f| f + COLD_START_DAYS as usize);
        for t in first.unwrap_or(self.len)..self.len {
            self.settle(t);
            let model = self.model(t);
            let mu = model.mean(self.dow(t));
            self.mu[t] = mu;
            let x = self.counts[t];
            let finding = match x {
                Some(x) if learn_from.is_some_and(|l| t >= l) => self.rules(t, x, &model),
                _ => None,
            };
            self.step_episode(t, finding);
            if let Some(days) = trace.as_deref_mut() {
                days.push(DayTrace {
                    day: self.day(t),
                    observed: x,
                    expected: mu,
                    inv_size: model.inv_size(),
                    inv_dispersion: model.inv_r,
                    cusum: self.cusum.value,
                    alert: finding.map(|f| f.rule),
                    stood_in: self.base[t].stood_in,
                });
            }
        }
        self.finish(first, learn_from)
    }

    fn finish(mut self, first: Option<usize>, learn_from: Option<usize>) -> Evaluation {
        for episode in [self.closed.take(), self.open.take()].into_iter().flatten() {
            self.episodes.push(episode.episode);
        }
        let last_final = self.len.checked_sub(1).map(|i| self.day(i));
        let last_observed = self
            .counts
            .iter()
            .rposition(Option::is_some)
            .map(|i| self.day(i));
        let (state, learning_until) = match (first, learn_from) {
            (Some(_), Some(learn)) if learn >= self.len => {
                let until = self.day(learn);
                (State::Learning { until }, Some(until))
            }
            (Some(_), Some(_)) => {
                let model = self.model(self.len);
                let level = model.level();
                (
                    State::Watching {
                        level_per_day: level,
                        min_detectable_week: min_detectable_week(&model, self.direction),
                        low_volume: level < LOW_VOLUME_PER_DAY,
                    },
                    None,
                )
            }
            _ => (State::NoData, None),
        };
        Evaluation {
            direction: self.direction,
            as_of: self.as_of,
            last_final,
            last_observed,
            learning_until,
            state,
            alerts: self.alerts,
            episodes: self.episodes,
        }
    }

    /// The model for day t, from the baseline of days up to t - 3.
    fn model(&mut self, t: usize) -> Model {
        let end = t.saturating_sub(GUARD_DAYS).min(self.len);
        let dow = |i: usize| (self.first_dow + i) % 7;
        self.window
            .slide(end.saturating_sub(PROFILE_DAYS), end, &self.base, dow);
        self.level_window
            .slide(end.saturating_sub(LEVEL_DAYS), end, &self.base, dow);
        let w = &self.window;

        // Weekday factors, each shrunk towards the overall mean with 3 pseudo-days.
        let (days, total): (f64, f64) = (w.n.iter().sum(), w.s.iter().sum());
        let mut factors = [1.0; 7];
        if days > 0.0 && total > 0.0 {
            let mean = total / days;
            for (d, f) in factors.iter_mut().enumerate() {
                *f = (w.s[d] + PSEUDO_DAYS * mean) / (w.n[d] + PSEUDO_DAYS) / mean;
            }
            let norm = factors.iter().sum::<f64>() / 7.0;
            factors.iter_mut().for_each(|f| *f /= norm);
        }

        // Over-dispersion by the method of moments over the same days, against e = f·L.
        let weight: f64 = (0..7).map(|d| factors[d] * w.n[d]).sum();
        let mut inv_r = 0.0;
        if weight > 0.0 && total > 0.0 {
            let level = total / weight;
            let cross: f64 = (0..7).map(|d| factors[d] * w.s_obs[d]).sum();
            let squares: f64 = (0..7).map(|d| factors[d] * factors[d] * w.n_obs[d]).sum();
            let denominator = level * level * squares;
            if denominator > 0.0 {
                let numerator = w.q - 2.0 * level * cross + denominator;
                inv_r = (numerator / denominator).clamp(0.0, MAX_INV_DISPERSION);
            }
        }

        // The level: 28 days ending at t - 3, widened while it holds fewer than 10 events.
        // The 28 days come from their weekday totals; only a widening walks further back.
        let l = &self.level_window;
        let mut sum_x: f64 = l.s.iter().sum();
        let mut sum_f: f64 = (0..7).map(|d| factors[d] * l.n[d]).sum();
        let mut i = l.lo;
        let mut target = LEVEL_DAYS;
        let mut taken = end - l.lo;
        loop {
            while taken < target && i > 0 {
                i -= 1;
                taken += 1;
                if let Some(v) = self.base[i].value {
                    sum_x += v;
                    sum_f += factors[self.dow(i)];
                }
            }
            if sum_x >= LEVEL_MIN_EVENTS || target >= PROFILE_DAYS || i == 0 {
                break;
            }
            target += LEVEL_STEP_DAYS;
        }
        Model {
            factors,
            a: PRIOR_SHAPE + sum_x,
            b: PRIOR_RATE + sum_f,
            inv_r,
        }
    }

    /// Rules A, C and B on day t; the most significant finding, with the highest severity.
    fn rules(&mut self, t: usize, x: u32, model: &Model) -> Option<Finding> {
        let dir = self.direction;
        let mu = self.mu[t];
        let xf = f64::from(x);
        let severity = |p: f64, excess: f64| {
            if p <= CRITICAL_P || excess >= CRITICAL_EXCESS {
                Severity::Critical
            } else {
                Severity::Warning
            }
        };
        let mut findings: [Option<Finding>; 3] = [None; 3];

        // A: one day. For drops the minimum count has no mirror: p <= 2e-4 already needs an
        // expected count of about 8 or more.
        let excess = dir.excess(xf, mu);
        let big_enough = dir == Direction::Drop || xf >= SPIKE_MIN_COUNT;
        if big_enough && excess >= SPIKE_MIN_EXCESS {
            let day = NegBinomial::new(mu, model.inv_size());
            if let Some(p) = Model::tail_within(day, u64::from(x), SPIKE_P, dir) {
                findings[0] = Some(Finding {
                    rule: Rule::Spike,
                    observed: u64::from(x),
                    expected: mu,
                    p,
                    from: t,
                    severity: severity(p, excess),
                });
            }
        }

        // C: the last 7 days, each day's mean under today's model.
        let from = (t + 1).saturating_sub(WEEK_DAYS);
        let (mut s7, mut e7, mut m2) = (0u64, 0.0, 0.0);
        for i in from..=t {
            if let Some(c) = self.counts[i] {
                let m = model.mean(self.dow(i));
                s7 += u64::from(c);
                e7 += m;
                m2 += m * m;
            }
        }
        let excess = dir.excess(s7 as f64, e7);
        let big_enough = dir == Direction::Drop || s7 as f64 >= WEEK_MIN_COUNT;
        if big_enough
            && excess >= WEEK_MIN_EXCESS
            && let Some(p) = Model::tail_within(model.sum_of(e7, m2), s7, WEEK_P, dir)
        {
            findings[1] = Some(Finding {
                rule: Rule::Week,
                observed: s7,
                expected: e7,
                p,
                from,
                severity: severity(p, excess),
            });
        }

        // B: the log-likelihood-ratio CUSUM for mu -> 2mu (or mu/2).
        let c = &mut self.cusum;
        let next = (c.value + cusum_step(xf, mu, model.inv_r, dir)).max(0.0);
        if next <= 0.0 {
            *c = Cusum::default();
        } else {
            if c.value <= 0.0 {
                *c = Cusum {
                    from: t,
                    ..Cusum::default()
                };
            }
            c.value = next;
            c.observed += xf;
            c.expected += mu;
            c.m2 += mu * mu;
        }
        let excess = dir.excess(c.observed, c.expected);
        if c.value >= CUSUM_THRESHOLD && excess >= CUSUM_MIN_EXCESS {
            let run = model.sum_of(c.expected, c.m2);
            let p = Model::tail(run, c.observed as u64, dir);
            findings[2] = Some(Finding {
                rule: Rule::Sustained,
                observed: c.observed as u64,
                expected: c.expected,
                p,
                from: c.from,
                severity: severity(p, excess),
            });
            *c = Cusum::default();
        }

        let severity = findings.iter().flatten().map(|f| f.severity).max()?;
        let mut best = *findings
            .iter()
            .flatten()
            .min_by(|a, b| a.p.total_cmp(&b.p).then(a.rule.cmp(&b.rule)))?;
        best.severity = severity;
        Some(best)
    }

    /// Sets day i's baseline value, keeping the window's sums in step.
    fn set_base(&mut self, i: usize, base: Base) {
        let dow = self.dow(i);
        if self.window.covers(i) {
            self.window.apply(self.base[i], dow, -1.0);
            self.window.apply(base, dow, 1.0);
        }
        if self.level_window.covers(i) {
            self.level_window.apply(self.base[i], dow, -1.0);
            self.level_window.apply(base, dow, 1.0);
        }
        self.base[i] = base;
    }

    fn observed(&self, i: usize) -> Base {
        Base {
            value: self.counts[i].map(f64::from),
            stood_in: false,
        }
    }

    fn stand_in(&mut self, i: usize) {
        if self.counts[i].is_some() && !self.base[i].stood_in {
            self.set_base(
                i,
                Base {
                    value: Some(self.mu[i]),
                    stood_in: true,
                },
            );
        }
    }

    /// Before day t is modelled: an accepted level takes effect 3 days after it was accepted
    /// (its days count as observed again, so the baseline catches up at once), leaving days
    /// t-1 and t-2 out of it as the guard band leaves them out of everything else.
    fn settle(&mut self, t: usize) {
        let due = self
            .open
            .as_ref()
            .and_then(|o| o.accepted_at)
            .is_some_and(|a| t > a + GUARD_DAYS);
        if !due {
            return;
        }
        if let Some(mut open) = self.open.take() {
            for i in open.from..t {
                let base = self.observed(i);
                self.set_base(i, base);
            }
            self.cusum = Cusum::default();
            open.episode.closed_on = Some(self.day(t - 1));
            self.episodes.push(open.episode);
        }
    }

    /// Day t's alert (if any) joins or opens an episode; the day enters the baseline; an
    /// episode closes after 7 quiet days or is accepted as the new level after 28.
    fn step_episode(&mut self, t: usize, finding: Option<Finding>) {
        if self
            .closed
            .as_ref()
            .is_some_and(|c| t - c.closed_at > REOPEN_DAYS)
            && let Some(closed) = self.closed.take()
        {
            self.episodes.push(closed.episode);
        }
        if let Some(f) = finding {
            if self.open.is_none()
                && let Some(mut closed) = self.closed.take()
            {
                // The days between stay as observed: rewriting them now would let day t move
                // the baseline of t+1.
                closed.episode.closed_on = None;
                self.open = Some(closed);
            }
            let id = match self.open.as_mut() {
                Some(open) => {
                    open.last_alert = t;
                    open.episode.last_alert = self.start.plus(t as i32);
                    open.episode.alert_days += 1;
                    open.episode.severity = open.episode.severity.max(f.severity);
                    if f.from < open.from {
                        open.from = f.from;
                        open.episode.from = self.start.plus(f.from as i32);
                    }
                    open.episode.id
                }
                None => {
                    let day = self.day(t);
                    self.open = Some(Open {
                        episode: Episode {
                            id: day,
                            first_alert: day,
                            from: self.day(f.from),
                            last_alert: day,
                            closed_on: None,
                            alert_days: 1,
                            severity: f.severity,
                            new_level: None,
                        },
                        from: f.from,
                        first: t,
                        last_alert: t,
                        closed_at: t,
                        accepted_at: None,
                    });
                    day
                }
            };
            self.alerts.push(DayAlert {
                date: self.day(t),
                rule: f.rule,
                episode: id,
                observed: f.observed,
                expected: f.expected,
                p: f.p,
                severity: f.severity,
                window: DayRange {
                    start: self.day(f.from),
                    end: self.day(t),
                },
            });
        }

        let base = self.observed(t);
        self.set_base(t, base);
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let (from, first, last_alert) = (open.from, open.first, open.last_alert);
        let accepting = open.accepted_at.is_some();
        if !accepting && finding.is_some() && t + 1 - first >= NEW_LEVEL_DAYS as usize {
            // Still alerting 28 days on: this is the level now ([`Engine::settle`] lets the
            // baseline see it from t+3 on).
            let (sum, days) = (from..=t)
                .filter_map(|i| self.counts[i])
                .fold((0.0, 0.0), |(s, n), c| (s + f64::from(c), n + 1.0));
            let since = self.day(from);
            if let Some(open) = self.open.as_mut() {
                open.accepted_at = Some(t);
                open.episode.new_level = Some(NewLevel {
                    since,
                    per_day: if days > 0.0 { sum / days } else { 0.0 },
                });
            }
        }
        self.stand_in(t);
        if !accepting
            && finding.is_none()
            && t - last_alert >= EPISODE_QUIET_DAYS as usize
            && let Some(mut open) = self.open.take()
        {
            open.episode.closed_on = Some(self.day(t));
            open.closed_at = t;
            self.closed = Some(open);
        }
    }
}

/// Rule B's increment: the log-likelihood ratio of day x between mean 2mu (or mu/2) and mu,
/// for a negative binomial of size r; x·ln 2 - mu (or mu/2 - x·ln 2) when 1/r = 0.
fn cusum_step(x: f64, mu: f64, inv_r: f64, dir: Direction) -> f64 {
    let ln2 = std::f64::consts::LN_2;
    if inv_r <= 0.0 {
        return match dir {
            Direction::Rise => x * ln2 - mu,
            Direction::Drop => mu / 2.0 - x * ln2,
        };
    }
    match dir {
        Direction::Rise => {
            // x ln(2(r+mu)/(r+2mu)) - r ln((r+2mu)/(r+mu)), with u = mu/(r+mu).
            let u = mu * inv_r / (1.0 + mu * inv_r);
            x * (ln2 - u.ln_1p()) - u.ln_1p() / inv_r
        }
        Direction::Drop => {
            // x ln((r+mu)/(2r+mu)) + r ln((r+mu)/(r+mu/2)).
            let m = mu * inv_r;
            let v = (m / 2.0) / (1.0 + m / 2.0);
            x * ((1.0 + m) / (2.0 + m)).ln() + v.ln_1p() / inv_r
        }
    }
}

/// The smallest change over an average week that rule C reports at the model's level.
fn min_detectable_week(model: &Model, dir: Direction) -> Option<u32> {
    let level = model.level();
    let e7 = 7.0 * level;
    let m2 = level * level * model.factors.iter().map(|f| f * f).sum::<f64>();
    let week = model.sum_of(e7, m2);
    let excess = |s: u64| dir.excess(s as f64, e7);
    let n = match dir {
        Direction::Rise => {
            let low = (e7 + WEEK_MIN_EXCESS).ceil().max(WEEK_MIN_COUNT) as u64;
            let fires = |s: u64| week.upper_tail(s) <= WEEK_P;
            // Double until it fires, then bisect: the tail falls as s grows.
            let (mut lo, mut hi) = (low, low.max(1));
            while !fires(hi) {
                lo = hi;
                hi = hi.checked_mul(2)?;
            }
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if fires(mid) { hi = mid } else { lo = mid + 1 }
            }
            excess(hi)
        }
        Direction::Drop => {
            let high = (e7 - WEEK_MIN_EXCESS).floor();
            if high < 0.0 {
                return None;
            }
            let fires = |s: u64| week.lower_tail(s) <= WEEK_P;
            if !fires(0) {
                return None;
            }
            // The largest s that fires, by bisection on [0, high].
            let (mut lo, mut hi) = (0u64, high as u64);
            while lo < hi {
                let mid = lo + (hi - lo).div_ceil(2);
                if fires(mid) { lo = mid } else { hi = mid - 1 }
            }
            excess(lo)
        }
    };
    Some(n.ceil() as u32)
}
