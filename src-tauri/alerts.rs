//! Alerts in the window: the inbox's commands, and the pass that records alerts and raises
//! their desktop notifications (a click brings the window to the alert). The policy and the
//! bookkeeping are the engine's and the store's, shared with `plumbline watch`.

use std::sync::{Arc, Mutex};

use plumbline_contract::{
    ALERT_OPENED_EVENT, ALERTS_CHANGED_EVENT, AlertArgs, AlertChart, AlertChartDay, AlertInbox,
    AlertMute, AlertOpened, AlertSettings, AppArgs, IpcError, ListAlertsArgs, QuietHoursSetting,
    SetAlertStateArgs, SetMuteArgs, SetQuietHoursArgs, SnoozeArgs, SurgeState, SurgeWatch,
};
use plumbline_domain::{AppId, Day, UnixMillis};
use plumbline_engine::alerts::{Notification, Notifier};
use plumbline_engine::surges;
use plumbline_insight::State as Watched;
use plumbline_notify::Action;
use plumbline_store::{Mute, QuietHours, Store, StoreError};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::{Shell, with_reader, with_store};

fn settings(store: &Store) -> Result<AlertSettings, StoreError> {
    Ok(AlertSettings {
        quiet_hours: store.quiet_hours()?.map(|h| QuietHoursSetting {
            start_minute: h.start_minute,
            end_minute: h.end_minute,
        }),
        snoozed_until: store.snoozed_until()?,
        mutes: store
            .mutes()?
            .into_iter()
            .map(|m| AlertMute {
                app_id: m.app,
                kind: m.kind,
            })
            .collect(),
    })
}

#[tauri::command]
pub(crate) async fn list_alerts(
    shell: State<'_, Shell>,
    args: ListAlertsArgs,
) -> Result<AlertInbox, IpcError> {
    with_reader(&shell, move |store| {
        let unseen = store.unseen_alerts()?;
        Ok::<_, StoreError>(AlertInbox {
            alerts: store.alerts(args.app_id, args.include_dismissed)?,
            unseen,
        })
    })
    .await
}

/// The surge detector's watch over each of an app's metrics: "learning until …", "watching:
/// would notice +6 in a week".
#[tauri::command]
pub(crate) async fn surge_watch(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<Vec<SurgeWatch>, IpcError> {
    with_reader(&shell, move |store| {
        store.get_app(args.id)?;
        let today = Day::of(UnixMillis::now());
        let watched = surges::watch(store, args.id, today)?;
        Ok::<_, StoreError>(
            watched
                .into_iter()
                .map(|(metric, e)| {
                    let (state, level_per_day, min_detectable_week, low_volume) = match e.state {
                        Watched::NoData => (SurgeState::NoData, None, None, false),
                        Watched::Learning { .. } => (SurgeState::Learning, None, None, false),
                        Watched::Watching {
                            level_per_day,
                            min_detectable_week,
                            low_volume,
                        } => (
                            SurgeState::Watching,
                            Some(level_per_day),
                            min_detectable_week,
                            low_volume,
                        ),
                    };
                    SurgeWatch {
                        metric,
                        rises: metric == plumbline_domain::DailyMetric::Uninstalls,
                        state,
                        learning_until: e.learning_until,
                        level_per_day,
                        min_detectable_week,
                        low_volume,
                        last_final: e.last_final,
                    }
                })
                .collect(),
        )
    })
    .await
}

/// The days around a surge or drop alert, for its chart; `None` for other kinds.
#[tauri::command]
pub(crate) async fn alert_chart(
    shell: State<'_, Shell>,
    args: AlertArgs,
) -> Result<Option<AlertChart>, IpcError> {
    with_reader(&shell, move |store| {
        let Some(alert) = store.alert(args.id)? else {
            return Ok(None);
        };
        let chart = surges::episode_chart(store, &alert, Day::of(UnixMillis::now()))?;
        Ok::<_, StoreError>(chart.map(|c| {
            AlertChart {
                metric: c.metric,
                episode_start: c.episode.start,
                episode_end: c.episode.end,
                days: c
                    .days
                    .into_iter()
                    .map(|(day, observed, expected)| AlertChartDay {
                        day,
                        observed,
                        expected,
                    })
                    .collect(),
            }
        }))
    })
    .await
}

#[tauri::command]
pub(crate) async fn set_alert_state(
    shell: State<'_, Shell>,
    args: SetAlertStateArgs,
) -> Result<(), IpcError> {
    let found = with_store(&shell, move |store| {
        store.set_alert_state(args.id, args.state)
    })
    .await?;
    if found {
        Ok(())
    } else {
        Err(IpcError::new(
            plumbline_domain::ErrorCode::NotFound,
            "This alert no longer exists. Refresh the list.",
        ))
    }
}

#[tauri::command]
pub(crate) async fn alert_settings(shell: State<'_, Shell>) -> Result<AlertSettings, IpcError> {
    with_reader(&shell, settings).await
}

#[tauri::command]
pub(crate) async fn set_alert_mute(
    shell: State<'_, Shell>,
    args: SetMuteArgs,
) -> Result<AlertSettings, IpcError> {
    with_store(&shell, move |store| {
        let mute = Mute {
            app: args.mute.app_id,
            kind: args.mute.kind,
        };
        if mute.app.is_none() && mute.kind.is_none() {
            return Err(StoreError::Invalid(plumbline_domain::Invalid(
                "Mute an app, a kind of alert, or both.".into(),
            )));
        }
        if args.muted {
            store.mute(mute)?;
        } else {
            store.unmute(mute)?;
        }
        settings(store)
    })
    .await
}

#[tauri::command]
pub(crate) async fn set_quiet_hours(
    shell: State<'_, Shell>,
    args: SetQuietHoursArgs,
) -> Result<AlertSettings, IpcError> {
    with_store(&shell, move |store| {
        store.set_quiet_hours(args.hours.map(|h| QuietHours {
            start_minute: h.start_minute,
            end_minute: h.end_minute,
        }))?;
        settings(store)
    })
    .await
}

#[tauri::command]
pub(crate) async fn snooze_alerts(
    shell: State<'_, Shell>,
    args: SnoozeArgs,
) -> Result<AlertSettings, IpcError> {
    with_store(&shell, move |store| {
        store.snooze_until(args.until)?;
        settings(store)
    })
    .await
}

/// Desktop notifications whose click shows the window on the alert.
struct WindowNotifier {
    app: AppHandle,
    /// Which app each alert belongs to, for the click's event.
    apps: Vec<(i64, AppId)>,
    /// The demo apps: their notifications say they are demo data.
    demo_apps: Vec<AppId>,
}

impl Notifier for WindowNotifier {
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        let app = self.app.clone();
        let app_id = notification.alert_id.and_then(|id| {
            self.apps
                .iter()
                .find(|(a, _)| *a == id)
                .map(|(_, app)| *app)
        });
        // A summary is labelled demo when every alert in the pass is a demo app's.
        let demo = match app_id {
            Some(app) => self.demo_apps.contains(&app),
            None => self.apps.iter().all(|(_, a)| self.demo_apps.contains(a)),
        };
        let mute_app = app_id;
        plumbline_notify::show_with_actions(notification, demo, move |action| match action {
            Action::Open(alert_id) => {
                let route = match alert_id {
                    Some(id) => format!("/alerts/{id}"),
                    None => "/alerts".to_owned(),
                };
                crate::window_state::show_main_window(&app, Some(route));
                if let Err(e) = app.emit(ALERT_OPENED_EVENT, AlertOpened { alert_id, app_id }) {
                    log::warn!("could not open the clicked alert: {e}");
                }
            }
            Action::MuteApp(_) => {
                if let Some(app_id) = mute_app {
                    mute_from_notification(&app, app_id);
                }
            }
        })
    }
}

/// "Mute this app" on a notification: the app's alerts stay in the inbox, unnotified, until
/// the partner unmutes it in the window or with `plumbline alerts unmute`.
fn mute_from_notification(app: &AppHandle, app_id: AppId) {
    let shell = app.state::<Shell>();
    let Ok(store) = shell.store() else { return };
    let muted = store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .mute(Mute {
            app: Some(app_id),
            kind: None,
        });
    match muted {
        Ok(_) => {
            log::info!("muted app {} from its notification", app_id.0);
            if let Err(e) = app.emit(ALERTS_CHANGED_EVENT, ()) {
                log::warn!("could not tell the window about the mute: {e}");
            }
        }
        Err(e) => log::warn!("could not mute app {} from its notification: {e}", app_id.0),
    }
}

/// The local day and minute of the day, for quiet hours and "history is not news".
fn local_now() -> (Day, u16) {
    let now = jiff::Zoned::now();
    let day = Day::from_ymd(i32::from(now.year()), now.month() as u32, now.day() as u32)
        .unwrap_or_else(|| Day::of(UnixMillis::now()));
    (day, now.hour() as u16 * 60 + now.minute() as u16)
}

/// 08:00 local time after now: "until tomorrow" morning, as the window's Settings mean it.
pub(crate) fn next_morning() -> UnixMillis {
    let now = jiff::Zoned::now();
    let morning = now
        .with()
        .time(jiff::civil::time(8, 0, 0, 0))
        .build()
        .ok()
        .and_then(|m| {
            if m <= now {
                m.checked_add(jiff::Span::new().days(1)).ok()
            } else {
                Some(m)
            }
        });
    morning.map_or(UnixMillis(UnixMillis::now().0 + 12 * 3_600_000), |m| {
        UnixMillis(m.timestamp().as_millisecond())
    })
}

/// One pass: record the alerts the store's data implies, then notify the new ones. Runs on a
/// blocking thread (SQLite and D-Bus); a demo app's notifications say so.
pub(crate) fn pass(store: &Mutex<Store>, app: &AppHandle) {
    let mut store = store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let now = UnixMillis::now();
    let recorded = plumbline_engine::alerts::current_alerts(&mut store, now)
        .and_then(|current| store.record_alerts(&current, now));
    let recorded = match recorded {
        Ok(recorded) => recorded,
        Err(e) => {
            log::warn!("alerts: evaluation failed: {e}");
            return;
        }
    };
    let apps = store
        .undelivered_alerts()
        .unwrap_or_default()
        .iter()
        .map(|a| (a.id, a.app_id))
        .collect();
    let demo_apps = store.demo_app_ids().unwrap_or_default();
    let notifier = WindowNotifier {
        app: app.clone(),
        apps,
        demo_apps,
    };
    let (today, minute) = local_now();
    match plumbline_engine::alerts::deliver(&mut store, &notifier, now, minute, today) {
        Ok(report) => {
            for failure in &report.failures {
                log::warn!("alerts: {failure}");
            }
            log::info!(
                "alerts: {} new, {} notified, {} held",
                recorded.len(),
                report.notified.len(),
                report.held
            );
        }
        Err(e) => log::warn!("alerts: delivery failed: {e}"),
    }
    drop(store);
    if let Err(e) = app.emit(ALERTS_CHANGED_EVENT, ()) {
        log::warn!("could not tell the window about new alerts: {e}");
    }
}

/// Runs [`pass`] off the async runtime.
pub(crate) async fn pass_in_background(store: Arc<Mutex<Store>>, app: AppHandle) {
    let _ = tauri::async_runtime::spawn_blocking(move || pass(&store, &app)).await;
}
