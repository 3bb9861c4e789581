//! The scheduler on a clock the test drives: a sleep, an offline spell, catching up once,
//! "Sync now", the rate-limit budget; and the runner stops when its handle is dropped.

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plumbline_domain::{AppId, RateSnapshot, UnixMillis};
use plumbline_engine::scheduler::{
    Clock, Job, Jobs, MIN_SYNC_INTERVAL, Outcome, Plan, REFERENCE_INTERVAL, spawn, sync_interval,
};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const T0: UnixMillis = UnixMillis(1_780_000_000_000);

fn at(minutes: i64) -> UnixMillis {
    UnixMillis(T0.0 + minutes * MINUTE)
}

fn app(id: i64) -> AppId {
    AppId(id)
}

/// Runs everything due at `now` with `outcome`, as the runner would; returns what ran.
fn turn(plan: &mut Plan, now: UnixMillis, outcome: Outcome) -> Vec<Job> {
    let due = plan.due(now);
    for job in &due {
        plan.finished(*job, outcome, now);
    }
    due
}

#[test]
fn on_start_everything_runs_once_then_waits_its_interval() {
    let mut plan = Plan::new(T0);
    plan.set_apps(
        &[(app(1), MIN_SYNC_INTERVAL), (app(2), MIN_SYNC_INTERVAL)],
        T0,
    );
    assert_eq!(
        turn(&mut plan, T0, Outcome::Done),
        vec![
            Job::Sync(app(1)),
            Job::Sync(app(2)),
            Job::Reference,
            Job::Evaluate
        ]
    );
    // The evaluation ran after the syncs it covers: one, not one per sync.
    assert!(turn(&mut plan, T0, Outcome::Done).is_empty());
    assert!(turn(&mut plan, at(14), Outcome::Done).is_empty());
    assert_eq!(
        turn(&mut plan, at(15), Outcome::Done),
        vec![Job::Sync(app(1)), Job::Sync(app(2))]
    );
}

#[test]
fn after_a_night_asleep_each_job_catches_up_once() {
    let mut plan = Plan::new(T0);
    plan.set_apps(&[(app(1), MIN_SYNC_INTERVAL)], T0);
    turn(&mut plan, T0, Outcome::Done);
    turn(&mut plan, T0, Outcome::Done);
    // Suspended for 30 hours: 120 sync intervals and more than a day of reference checks.
    let woke = at(30 * 60);
    assert_eq!(
        turn(&mut plan, woke, Outcome::Done),
        vec![Job::Sync(app(1)), Job::Reference]
    );
    assert_eq!(turn(&mut plan, woke, Outcome::Done), vec![Job::Evaluate]);
    assert!(turn(&mut plan, woke, Outcome::Done).is_empty());
    assert_eq!(plan.next_due(woke), Some(at(30 * 60 + 15)));
}

#[test]
fn offline_backs_off_quietly_and_recovers_at_the_normal_interval() {
    let mut plan = Plan::new(T0);
    plan.set_apps(&[(app(1), MIN_SYNC_INTERVAL)], T0);
    let sync = Job::Sync(app(1));
    plan.finished(Job::Reference, Outcome::Done, T0);
    plan.finished(Job::Evaluate, Outcome::Done, T0);

    // First failure: said once; the retries double, capped at the job's interval.
    assert!(plan.finished(sync, Outcome::Offline, T0));
    let mut now = T0;
    let mut waits = Vec::new();
    for _ in 0..6 {
        let due = plan.next_due(now).unwrap();
        waits.push((due.0 - now.0) / MINUTE);
        now = due;
        assert_eq!(plan.due(now), vec![sync]);
        assert!(
            !plan.finished(sync, Outcome::Offline, now),
            "said only once"
        );
    }
    assert_eq!(waits, vec![1, 2, 4, 8, 15, 15]);
    // No evaluation for a sync that wrote nothing.
    assert!(!plan.due(now).contains(&Job::Evaluate));

    // Back online.
    now = plan.next_due(now).unwrap();
    plan.finished(sync, Outcome::Done, now);
    assert_eq!(plan.due(now), vec![Job::Evaluate]);
    plan.finished(Job::Evaluate, Outcome::Done, now);
    assert_eq!(plan.next_due(now).unwrap().0 - now.0, 15 * MINUTE);
    // The next spell is reported again.
    assert!(plan.finished(sync, Outcome::Offline, now));
}

#[test]
fn procore_asking_to_wait_is_honoured_and_failures_wait_the_interval() {
    let mut plan = Plan::new(T0);
    plan.set_apps(&[(app(1), MIN_SYNC_INTERVAL)], T0);
    plan.finished(Job::Reference, Outcome::Done, T0);
    plan.finished(Job::Evaluate, Outcome::Done, T0);
    plan.finished(Job::Sync(app(1)), Outcome::WaitUntil(at(40)), T0);
    assert_eq!(plan.next_due(T0), Some(at(40)));
    plan.finished(Job::Sync(app(1)), Outcome::Failed, at(40));
    assert_eq!(plan.next_due(at(40)), Some(at(55)));
}

#[test]
fn sync_now_apps_coming_and_going_and_imports() {
    let mut plan = Plan::new(T0);
    plan.set_apps(&[(app(1), MIN_SYNC_INTERVAL)], T0);
    turn(&mut plan, T0, Outcome::Done);
    turn(&mut plan, T0, Outcome::Done);

    plan.sync_all_now(at(3));
    assert_eq!(plan.due(at(3)), vec![Job::Sync(app(1))]);
    turn(&mut plan, at(3), Outcome::Done);
    turn(&mut plan, at(3), Outcome::Done);

    // A newly connected app syncs at once; a removed one never again.
    plan.set_apps(&[(app(2), Duration::from_secs(3600))], at(5));
    assert_eq!(plan.due(at(5)), vec![Job::Sync(app(2))]);
    turn(&mut plan, at(5), Outcome::Done);
    turn(&mut plan, at(5), Outcome::Done);
    assert!(turn(&mut plan, at(64), Outcome::Done).is_empty());
    assert_eq!(
        turn(&mut plan, at(65), Outcome::Done),
        vec![Job::Sync(app(2))]
    );

    plan.request_evaluation();
    assert_eq!(plan.due(at(66)), vec![Job::Evaluate]);
    assert_eq!(REFERENCE_INTERVAL.as_millis() as i64, 24 * HOUR);
}

#[test]
fn the_sync_interval_keeps_within_the_rate_budget() {
    let rate = |limit| RateSnapshot {
        limit,
        remaining: limit,
        reset: T0,
    };
    assert_eq!(sync_interval(None, 1), MIN_SYNC_INTERVAL);
    // 3,600 an hour: 5% is 180 requests, far more than a one-request sync needs.
    assert_eq!(sync_interval(Some(&rate(3_600)), 1), MIN_SYNC_INTERVAL);
    // 600 an hour and a sync of 10 pages: 30 requests an hour, 3 syncs, every 20 minutes.
    assert_eq!(
        sync_interval(Some(&rate(600)), 10),
        Duration::from_secs(20 * 60)
    );
    // A tiny budget: at most a day apart.
    assert_eq!(
        sync_interval(Some(&rate(0)), 10),
        Duration::from_secs(24 * 3600)
    );
}

/// A clock the test moves, and jobs that record what ran.
#[derive(Clone, Default)]
struct TestClock(Arc<AtomicI64>);

impl Clock for TestClock {
    fn now(&self) -> UnixMillis {
        UnixMillis(self.0.load(Ordering::SeqCst))
    }
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Job>>>);

impl Jobs for Recorder {
    async fn apps(&self) -> Vec<(AppId, Duration)> {
        vec![(AppId(7), MIN_SYNC_INTERVAL)]
    }

    async fn run(&self, job: Job) -> Outcome {
        self.0.lock().unwrap().push(job);
        Outcome::Done
    }
}

async fn settle() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn the_runner_follows_the_clock_wakes_for_sync_now_and_stops_when_dropped() {
    let clock = TestClock(Arc::new(AtomicI64::new(T0.0)));
    let jobs = Recorder::default();
    let handle = spawn(jobs.clone(), clock.clone());
    settle().await;
    let ran = |jobs: &Recorder| std::mem::take(&mut *jobs.0.lock().unwrap());
    assert_eq!(
        ran(&jobs),
        vec![Job::Sync(AppId(7)), Job::Reference, Job::Evaluate]
    );

    // "Sync now" wakes it at once, without the clock moving.
    handle.sync_now();
    settle().await;
    assert_eq!(ran(&jobs), vec![Job::Sync(AppId(7)), Job::Evaluate]);

    // Sixteen minutes pass on the wall clock (the machine slept): it notices within a tick.
    clock.0.fetch_add(16 * MINUTE, Ordering::SeqCst);
    tokio::time::advance(Duration::from_secs(61)).await;
    settle().await;
    assert_eq!(ran(&jobs), vec![Job::Sync(AppId(7)), Job::Evaluate]);

    drop(handle);
    clock.0.fetch_add(10 * HOUR, Ordering::SeqCst);
    tokio::time::advance(Duration::from_secs(600)).await;
    settle().await;
    assert!(ran(&jobs).is_empty(), "a dropped handle stops the work");
}
