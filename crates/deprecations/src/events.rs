//! The events the alerts notify on, derived from an app's exposure. Each has an identity
//! (`key`) that stays the same however often it is derived, so recording is idempotent: the
//! store keeps the first and ignores the rest.

use plumbline_domain::{Day, DeprecationEventKind, FactChange, NewDeprecationEvent};

use crate::exposure::RouteExposure;

/// Days before a sunset at which a countdown event is recorded, nearest last.
pub const SUNSET_MILESTONES: [i32; 4] = [90, 30, 7, 1];

fn plural(n: i32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The events `exposure` implies on `today`. Only the tightest milestone reached is derived
/// (a route first seen 5 days before its sunset gets the 7-day one, not all four); a sunset
/// date that moves starts a new countdown, since the key carries the date.
pub fn deprecation_events(exposure: &[RouteExposure], today: Day) -> Vec<NewDeprecationEvent> {
    let mut events = Vec::new();
    for route in exposure {
        let name = format!("{} {}", route.method, route.path);
        if let (Some(sunset), Some(days_left)) = (route.sunset, route.days_left)
            && days_left >= 0
            && let Some(&milestone) = SUNSET_MILESTONES.iter().rev().find(|&&m| days_left <= m)
        {
            let when = if days_left == 0 {
                "today".to_owned()
            } else {
                format!("in {days_left} day{}", plural(days_left))
            };
            events.push(NewDeprecationEvent {
                kind: DeprecationEventKind::SunsetMilestone,
                route: route.route.clone(),
                key: format!("milestone:{milestone}:{sunset}:{}", route.route),
                day: today,
                milestone: Some(milestone),
                sunset: Some(sunset),
                message: format!("{name} stops working {when}, on {sunset}."),
            });
        }
        for change in &route.history {
            let seen = Day::of(change.seen_at);
            match change.change {
                FactChange::Deprecated => events.push(NewDeprecationEvent {
                    kind: DeprecationEventKind::NewDeprecation,
                    route: route.route.clone(),
                    key: format!("deprecated:{}:{}", change.seen_at.0, route.route),
                    day: seen,
                    milestone: None,
                    sunset: route.sunset,
                    message: format!("Procore deprecated {name}, which this app uses."),
                }),
                FactChange::SunsetEarlier => {
                    let (Some(before), Some(after)) = (change.before, change.after) else {
                        continue;
                    };
                    events.push(NewDeprecationEvent {
                        kind: DeprecationEventKind::SunsetEarlier,
                        route: route.route.clone(),
                        key: format!("sunset_earlier:{after}:{}", route.route),
                        day: seen,
                        milestone: None,
                        sunset: Some(after),
                        message: format!(
                            "Procore moved the sunset of {name} earlier, from {before} to {after}."
                        ),
                    });
                }
                _ => {}
            }
        }
        if let (Some(sunset), Some(last)) = (route.sunset, route.last_called)
            && last >= sunset
        {
            events.push(NewDeprecationEvent {
                kind: DeprecationEventKind::CallsAfterSunset,
                route: route.route.clone(),
                key: format!("calls_after_sunset:{sunset}:{}", route.route),
                day: last,
                milestone: None,
                sunset: Some(sunset),
                message: format!(
                    "This app still called {name} on {last}, after its sunset on {sunset}: \
                     those calls fail in production."
                ),
            });
        }
    }
    events
}
