//! `plumbline alerts …` and `plumbline watch --once`: the alert inbox and one pass of the
//! watch, headless. The bookkeeping is the store's, shared with the window: an alert
//! recorded here is the same alert there.

use clap::{Args, Subcommand, ValueEnum};
use plumbline_domain::{Alert, AlertKind, AlertState, AppId, UnixMillis};
use plumbline_store::{Mute, Store};

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub(crate) enum AlertsCommand {
    /// The inbox, newest first.
    List {
        #[arg(long)]
        app: Option<i64>,
        /// Include dismissed alerts.
        #[arg(long)]
        all: bool,
    },
    /// One alert with its explanation (marks it seen).
    Show { id: i64 },
    /// Dismiss an alert.
    Dismiss { id: i64 },
    /// Stop notifications for an app, a kind, or a kind of one app (they stay in the inbox).
    Mute(MuteArgs),
    /// Notify again for an app, a kind, or a kind of one app.
    Unmute(MuteArgs),
}

/// An app, a kind, or both: clap refuses neither (exit 2).
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub(crate) struct MuteArgs {
    #[arg(long)]
    app: Option<i64>,
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    Surge,
    Drop,
    Deprecation,
    Connection,
}

impl From<KindArg> for AlertKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Surge => AlertKind::Surge,
            KindArg::Drop => AlertKind::Drop,
            KindArg::Deprecation => AlertKind::Deprecation,
            KindArg::Connection => AlertKind::Connection,
        }
    }
}

fn line(a: &Alert) -> String {
    format!(
        "{:>5}  {}  {:<8} {:<11} {:<9} {}",
        a.id,
        a.day,
        a.severity.as_str(),
        a.kind.as_str(),
        a.state.as_str(),
        a.title
    )
}

pub(crate) fn alerts(store: &Store, command: AlertsCommand, json: bool) -> Result<(), Failure> {
    match command {
        AlertsCommand::List { app, all } => {
            let app = app
                .map(|id| store.get_app(AppId(id)).map(|a| a.id))
                .transpose()?;
            let list = store.alerts(app, all)?;
            emit(json, &list, || {
                if list.is_empty() {
                    "No alerts.".into()
                } else {
                    list.iter().map(line).collect::<Vec<_>>().join("\n")
                }
            })
        }
        AlertsCommand::Show { id } => {
            let alert = store
                .alert(id)?
                .ok_or_else(|| Failure(format!("No alert {id}: see `plumbline alerts list`.")))?;
            if alert.state == AlertState::New {
                store.set_alert_state(id, AlertState::Seen)?;
            }
            emit(json, &alert, || {
                format!(
                    "{}\n{} · {} · {} · {}\n\n{}",
                    alert.title,
                    alert.day,
                    alert.kind.as_str(),
                    alert.severity.as_str(),
                    alert.delivery.as_str(),
                    alert.body
                )
            })
        }
        AlertsCommand::Dismiss { id } => {
            if !store.set_alert_state(id, AlertState::Dismissed)? {
                return Err(Failure(format!(
                    "No alert {id}: see `plumbline alerts list`."
                )));
            }
            emit(json, &serde_json::json!({ "dismissed": id }), || {
                format!("Dismissed alert {id}.")
            })
        }
        AlertsCommand::Mute(args) | AlertsCommand::Unmute(args)
            if args.app.is_none() && args.kind.is_none() =>
        {
            Err(Failure(
                "Name an app (--app) or a kind (--kind), or both.".into(),
            ))
        }
        AlertsCommand::Mute(args) => {
            let mute = to_mute(&args);
            let added = store.mute(mute)?;
            emit(json, &serde_json::json!({ "muted": added }), || {
                if added { "Muted." } else { "Already muted." }.into()
            })
        }
        AlertsCommand::Unmute(args) => {
            let removed = store.unmute(to_mute(&args))?;
            emit(json, &serde_json::json!({ "unmuted": removed }), || {
                if removed {
                    "Unmuted."
                } else {
                    "It was not muted."
                }
                .into()
            })
        }
    }
}

fn to_mute(args: &MuteArgs) -> Mute {
    Mute {
        app: args.app.map(AppId),
        kind: args.kind.map(AlertKind::from),
    }
}

#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// One pass, then exit (the only mode this build has: run it from cron or a systemd timer).
    #[arg(long, required = true)]
    once: bool,
    /// Also raise the desktop notifications (quiet hours, mutes, snooze and the digest apply;
    /// an alert the window already notified is not notified again).
    #[arg(long)]
    notify: bool,
}

/// The local day and minute of the day, for quiet hours and "history is not news".
fn local_now() -> (plumbline_domain::Day, u16) {
    let now = jiff::Zoned::now();
    let day = plumbline_domain::Day::from_ymd(
        i32::from(now.year()),
        now.month() as u32,
        now.day() as u32,
    )
    .unwrap_or_else(|| plumbline_domain::Day::of(UnixMillis::now()));
    (day, now.hour() as u16 * 60 + now.minute() as u16)
}

/// One pass: evaluate every app, record the alerts not recorded before, print each new one
/// (a JSON line each with `--json`). Recording is shared with the window, so an alert found
/// here is not new there; notifying them is the window's (and, with the desktop notifier,
/// `--notify`'s) job.
pub(crate) fn watch(store: &mut Store, args: WatchArgs, json: bool) -> Result<(), Failure> {
    let now = UnixMillis::now();
    let current = plumbline_engine::alerts::current_alerts(store, now)?;
    let recorded = store.record_alerts(&current, now)?;
    for alert in &recorded {
        if json {
            println!("{}", serde_json::to_string(alert)?);
        } else {
            println!("{}", line(alert));
        }
    }
    if !json {
        eprintln!(
            "{} new alert{}.",
            recorded.len(),
            if recorded.len() == 1 { "" } else { "s" }
        );
    }
    if args.notify {
        let (today, minute) = local_now();
        let notifier = plumbline_notify::DesktopNotifier::default();
        let report = plumbline_engine::alerts::deliver(store, &notifier, now, minute, today)?;
        if report.held > 0 {
            eprintln!("{} held for quiet hours or a pause.", report.held);
        }
        if let Some(failure) = report.failures.first() {
            // The alerts stay in the inbox; the pass itself did its work.
            eprintln!("plumbline: {failure}");
        }
    }
    Ok(())
}
