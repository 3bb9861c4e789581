//! The one scheduler of background work: each connected app's installation sync on an
//! interval its rate-limit budget allows, the reference data checked once a day, and alert
//! evaluation after every sync and import. The window, the tray and `plumbline watch` are
//! its clients.
//!
//! [`Plan`] decides, on times it is given, what is due; it holds no clock, so tests drive it
//! through sleeps and offline spells. Each job's next run is set from when it last finished,
//! so a machine that slept for a day runs each job once on waking instead of replaying every
//! missed run. Offline, a job backs off (1, 2, 4 … minutes, never beyond its interval) and
//! says so once, not at every try. [`spawn`] runs a plan on the async runtime until its
//! [`SchedulerHandle`] is dropped.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use plumbline_domain::{AppId, RateSnapshot, UnixMillis};
use tokio::sync::Notify;

/// Background syncs take at most this share of an app's hourly request budget: the partner's
/// own app must never be starved by its dashboard.
const BUDGET_SHARE: f64 = 0.05;
/// The shortest interval between two background syncs of one app.
pub const MIN_SYNC_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// Procore's API reference changes rarely; a conditional request once a day is enough.
pub const REFERENCE_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);
/// The first retry after a job found the network down.
const FIRST_BACKOFF: Duration = Duration::from_secs(60);
/// The longest the runner sleeps between looks at the clock. Its sleep does not count time
/// the machine spent suspended, so it wakes this often to notice a resume.
const TICK: Duration = Duration::from_secs(60);

/// A unit of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// The companies where one app is installed.
    Sync(AppId),
    /// Procore's API reference (deprecations), conditionally.
    Reference,
    /// Record and notify alerts from what the store now holds.
    Evaluate,
}

/// How a job ended, as the plan needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The network or Procore could not be reached: try again soon, quietly.
    Offline,
    /// Procore asked to wait (rate limit) until then.
    WaitUntil(UnixMillis),
    /// Anything else (refused credentials, a bad answer): recorded where the partner sees it;
    /// the next try waits the normal interval.
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    due: UnixMillis,
    interval: Duration,
    /// Consecutive offline failures.
    offline: u32,
}

/// What is due when. Evaluation is not on a timer: it is due once after each sync or import
/// (and on start), however many of those came together.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    entries: BTreeMap<Job, Entry>,
    evaluate: bool,
}

fn after(now: UnixMillis, wait: Duration) -> UnixMillis {
    UnixMillis(
        now.0
            .saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
    )
}

impl Plan {
    /// A plan whose reference check and evaluation are due at once.
    pub fn new(now: UnixMillis) -> Self {
        let mut plan = Self::default();
        plan.entries.insert(
            Job::Reference,
            Entry {
                due: now,
                interval: REFERENCE_INTERVAL,
                offline: 0,
            },
        );
        plan.evaluate = true;
        plan
    }

    /// Brings the syncs in line with the apps connected now: a new app is due at once, a
    /// removed one is dropped, an interval that changed applies from the next run.
    pub fn set_apps(&mut self, apps: &[(AppId, Duration)], now: UnixMillis) {
        self.entries
            .retain(|job, _| !matches!(job, Job::Sync(app) if !apps.iter().any(|(a, _)| a == app)));
        for &(app, interval) in apps {
            self.entries
                .entry(Job::Sync(app))
                .and_modify(|e| e.interval = interval)
                .or_insert(Entry {
                    due: now,
                    interval,
                    offline: 0,
                });
        }
    }

    /// "Sync now": every app's sync is due at once.
    pub fn sync_all_now(&mut self, now: UnixMillis) {
        for (job, entry) in &mut self.entries {
            if matches!(job, Job::Sync(_)) {
                entry.due = now;
            }
        }
    }

    /// Something outside the plan changed the store (an import): evaluate on the next turn.
    pub fn request_evaluation(&mut self) {
        self.evaluate = true;
    }

    /// The jobs due at `now`, syncs and the reference first, evaluation last (it reads what
    /// they wrote).
    pub fn due(&self, now: UnixMillis) -> Vec<Job> {
        let mut due: Vec<Job> = self
            .entries
            .iter()
            .filter(|(_, e)| e.due <= now)
            .map(|(job, _)| *job)
            .collect();
        if self.evaluate {
            due.push(Job::Evaluate);
        }
        due
    }

    /// Records how `job` ended at `now` and when it is due again. True when the job just went
    /// offline (the first failure of a spell): the one time it is worth saying.
    pub fn finished(&mut self, job: Job, outcome: Outcome, now: UnixMillis) -> bool {
        if job == Job::Evaluate {
            self.evaluate = false;
            return false;
        }
        let Some(entry) = self.entries.get_mut(&job) else {
            return false;
        };
        let mut went_offline = false;
        match outcome {
            Outcome::Done | Outcome::Failed => {
                entry.offline = 0;
                entry.due = after(now, entry.interval);
            }
            Outcome::WaitUntil(until) => {
                entry.offline = 0;
                entry.due = until.max(after(now, FIRST_BACKOFF));
            }
            Outcome::Offline => {
                went_offline = entry.offline == 0;
                let backoff = FIRST_BACKOFF
                    .saturating_mul(1 << entry.offline.min(16))
                    .min(entry.interval);
                entry.offline = entry.offline.saturating_add(1);
                entry.due = after(now, backoff);
            }
        }
        // A sync that wrote something is followed by an evaluation.
        if matches!(job, Job::Sync(_)) && outcome == Outcome::Done {
            self.evaluate = true;
        }
        went_offline
    }

    /// When the next job is due (now if one is), or `None` with nothing planned.
    pub fn next_due(&self, now: UnixMillis) -> Option<UnixMillis> {
        if self.evaluate {
            return Some(now);
        }
        self.entries.values().map(|e| e.due).min()
    }
}

/// How often one app can sync in the background: at most [`BUDGET_SHARE`] of its hourly
/// request budget (as Procore last reported it), never more often than
/// [`MIN_SYNC_INTERVAL`]. `requests_per_sync` is what the last sync cost.
pub fn sync_interval(rate: Option<&RateSnapshot>, requests_per_sync: u64) -> Duration {
    let Some(rate) = rate else {
        return MIN_SYNC_INTERVAL;
    };
    // The limit Procore reports may be the 10-second window's; an hourly budget is at least
    // that, so this errs on the side of syncing less.
    let per_hour = (rate.limit as f64 * BUDGET_SHARE) / requests_per_sync.max(1) as f64;
    if per_hour <= 0.0 {
        return Duration::from_secs(24 * 60 * 60);
    }
    let interval = Duration::from_secs_f64((3600.0 / per_hour).min(24.0 * 3600.0));
    interval.max(MIN_SYNC_INTERVAL)
}

/// The work itself, as the shell or the CLI does it. Each method runs one job to its end.
pub trait Jobs: Send + Sync + 'static {
    /// The connected apps to sync, each with its interval.
    fn apps(&self) -> impl Future<Output = Vec<(AppId, Duration)>> + Send;
    fn run(&self, job: Job) -> impl Future<Output = Outcome> + Send;
}

/// The wall clock, or a test's.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> UnixMillis;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixMillis {
        UnixMillis::now()
    }
}

#[derive(Debug, Default)]
struct Signals {
    wake: Notify,
    sync_all: std::sync::atomic::AtomicBool,
    evaluate: std::sync::atomic::AtomicBool,
}

/// Owns the running scheduler: dropping it stops the work (a job in flight is abandoned at
/// its next await; every write is one transaction, so nothing is left half done).
#[derive(Debug)]
pub struct SchedulerHandle {
    signals: Arc<Signals>,
    task: tokio::task::JoinHandle<()>,
}

impl SchedulerHandle {
    /// "Sync now": every connected app syncs on the next turn, then alerts are evaluated.
    pub fn sync_now(&self) {
        self.signals
            .sync_all
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.signals.wake.notify_one();
    }

    /// The store changed outside the scheduler (an import): evaluate alerts soon.
    pub fn evaluate_soon(&self) {
        self.signals
            .evaluate
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.signals.wake.notify_one();
    }
}

impl Drop for SchedulerHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Runs the scheduler on the current tokio runtime until the handle is dropped.
pub fn spawn<J: Jobs, C: Clock>(jobs: J, clock: C) -> SchedulerHandle {
    let signals = Arc::new(Signals::default());
    let task = tokio::spawn(run(jobs, clock, signals.clone()));
    SchedulerHandle { signals, task }
}

async fn run<J: Jobs, C: Clock>(jobs: J, clock: C, signals: Arc<Signals>) {
    use std::sync::atomic::Ordering;
    let mut plan = Plan::new(clock.now());
    loop {
        let now = clock.now();
        plan.set_apps(&jobs.apps().await, now);
        if signals.sync_all.swap(false, Ordering::SeqCst) {
            plan.sync_all_now(now);
        }
        if signals.evaluate.swap(false, Ordering::SeqCst) {
            plan.request_evaluation();
        }
        for job in plan.due(now) {
            let outcome = jobs.run(job).await;
            if plan.finished(job, outcome, clock.now()) {
                log::info!("scheduler: {job:?} could not reach the network; retrying quietly");
            }
        }
        let now = clock.now();
        let wait = plan
            .next_due(now)
            .map_or(TICK, |due| {
                Duration::from_millis(u64::try_from(due.0.saturating_sub(now.0)).unwrap_or(0))
            })
            .min(TICK);
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = signals.wake.notified() => {}
        }
    }
}
