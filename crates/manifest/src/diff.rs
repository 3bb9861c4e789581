//! The semantic diff of two manifests: every field that changed, and what the change means
//! for the customers who update (`building_apps_promote_manifest.md`: project selections and
//! app settings do not carry over; DMSA admins re-pick permitted projects).
//!
//! The walk is structural, so no field is ever missed, including ones Plumbline does not
//! know; the meaning is then read from where the change is. Lists of names (views, required
//! settings) are compared as sets, 3.x instances by name, so a reordering is not a change of
//! every element.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{Manifest, Pointer, capitalized};

/// What happened to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change, as `plumbline manifest diff --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// RFC 6901 pointer: into the old manifest for a removal, the new one otherwise.
    pub pointer: String,
    pub kind: ChangeKind,
    #[ts(type = "unknown")]
    pub before: Option<Value>,
    #[ts(type = "unknown")]
    pub after: Option<Value>,
    /// What it means for customers.
    pub impact: String,
}

/// The changes from `old` to `new`, in document order.
pub fn diff(old: &Manifest, new: &Manifest) -> Vec<Change> {
    let mut changes = Vec::new();
    walk(
        Some(old.value()),
        Some(new.value()),
        &Pointer::root(),
        &mut Vec::new(),
        &mut changes,
    );
    for change in &mut changes {
        change.impact = impact(change, old.value(), new.value());
    }
    changes
}

/// Containers whose appearance or disappearance is best told member by member.
fn expands(path: &[String]) -> bool {
    match path {
        [p] => p == "permissions",
        [p, _] => p == "permissions",
        [.., last] => last == "properties" || last == "views" || last == "required",
        [] => true,
    }
}

fn walk(
    old: Option<&Value>,
    new: Option<&Value>,
    at: &Pointer,
    path: &mut Vec<String>,
    out: &mut Vec<Change>,
) {
    let empty_object = Value::Object(Default::default());
    let empty_array = Value::Array(Vec::new());
    let (old, new) = match (old, new) {
        (None, None) => return,
        (Some(o), Some(n)) if o == n => return,
        // A container that appeared or went: its members, one by one.
        (None, Some(n @ Value::Object(_))) if expands(path) => (&empty_object, n),
        (Some(o @ Value::Object(_)), None) if expands(path) => (o, &empty_object),
        (None, Some(n @ Value::Array(_))) if expands(path) => (&empty_array, n),
        (Some(o @ Value::Array(_)), None) if expands(path) => (o, &empty_array),
        (Some(o), Some(n)) => (o, n),
        (o, n) => {
            out.push(change(at, o, n));
            return;
        }
    };
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, value) in o {
                path.push(key.clone());
                walk(Some(value), n.get(key), &at.push(key), path, out);
                path.pop();
            }
            for (key, value) in n.iter().filter(|(k, _)| !o.contains_key(*k)) {
                path.push(key.clone());
                walk(None, Some(value), &at.push(key), path, out);
                path.pop();
            }
        }
        (Value::Array(o), Value::Array(n)) if o.iter().chain(n).all(is_scalar) => {
            let removed: Vec<_> = o
                .iter()
                .enumerate()
                .filter(|(_, v)| !n.contains(v))
                .collect();
            let added: Vec<_> = n
                .iter()
                .enumerate()
                .filter(|(_, v)| !o.contains(v))
                .collect();
            if removed.is_empty() && added.is_empty() {
                // Same members in another order.
                out.push(change(at, Some(old), Some(new)));
            }
            for (index, value) in removed {
                out.push(change(&at.push(index), Some(value), None));
            }
            for (index, value) in added {
                out.push(change(&at.push(index), None, Some(value)));
            }
        }
        (Value::Array(o), Value::Array(n)) => {
            // Instances match by uuid, then name, then position.
            let identity = |v: &Value, index: usize| {
                ["uuid", "name"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(Value::as_str).map(|s| format!("{k}:{s}")))
                    .unwrap_or_else(|| format!("#{index}"))
            };
            let old_ids: Vec<String> = o.iter().enumerate().map(|(i, v)| identity(v, i)).collect();
            let new_ids: Vec<String> = n.iter().enumerate().map(|(i, v)| identity(v, i)).collect();
            for (index, value) in o.iter().enumerate() {
                let matched = new_ids.iter().position(|id| *id == old_ids[index]);
                path.push(index.to_string());
                match matched {
                    Some(j) => walk(Some(value), Some(&n[j]), &at.push(j), path, out),
                    None => walk(Some(value), None, &at.push(index), path, out),
                }
                path.pop();
            }
            for (index, value) in n
                .iter()
                .enumerate()
                .filter(|(j, _)| !old_ids.contains(&new_ids[*j]))
            {
                path.push(index.to_string());
                walk(None, Some(value), &at.push(index), path, out);
                path.pop();
            }
        }
        (o, n) => out.push(change(at, Some(o), Some(n))),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn change(at: &Pointer, before: Option<&Value>, after: Option<&Value>) -> Change {
    Change {
        pointer: at.to_string(),
        kind: match (before, after) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        },
        before: before.cloned(),
        after: after.cloned(),
        impact: String::new(),
    }
}

/// Permission levels in order of access; absent is none.
fn rank(level: Option<&Value>) -> usize {
    match level.and_then(Value::as_str) {
        Some("readonly") => 1,
        Some("standard") => 2,
        Some("admin") => 3,
        Some(_) => 2,
        None => 0,
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The segments of a pointer (unescaped).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The component a pointer is inside, in words.
fn component_words(path: &[String], doc: &Value) -> String {
    match path.first().map(String::as_str) {
        Some("fullscreen") => "the full-screen page".into(),
        Some("sidepanel") => "the side panel".into(),
        Some("components") if path.len() >= 4 => {
            let name = doc
                .pointer(&format!(
                    "/components/{}/instances/{}/name",
                    path[1], path[3]
                ))
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("the embedded component \"{name}\"")
        }
        _ => "the app".into(),
    }
}

fn impact(change: &Change, old: &Value, new: &Value) -> String {
    let path = segments(&change.pointer);
    let doc = if change.kind == ChangeKind::Removed {
        old
    } else {
        new
    };
    let component = component_words(&path, doc);
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let kind = change.kind;
    let (before, after) = (change.before.as_ref(), change.after.as_ref());
    match names.as_slice() {
        ["schema_version"] => format!(
            "The manifest moves from schema {} to {}: check every component in the sandbox before promoting.",
            text(before), text(after)
        ),
        ["app_manifest", ..] => "The app's identity in the portal differs: check that both manifests are this app's.".into(),
        ["fullscreen" | "sidepanel"] | ["components", "iframe", "instances", _] => match kind {
            ChangeKind::Added => format!("Customers who update get {component}."),
            ChangeKind::Removed => format!("{} disappears for customers who update.", capitalized(&component)),
            ChangeKind::Changed => format!("{} changes.", capitalized(&component)),
        },
        [.., "source_url" | "iframe_src"] => {
            let new_placeholders = placeholder_names(after).into_iter().filter(|p| !placeholder_names(before).contains(p)).collect::<Vec<_>>();
            let mut words = format!("The address Procore embeds for {component} changes: test it in the sandbox.");
            if !new_placeholders.is_empty() {
                words.push_str(&format!(" It now uses {}.", new_placeholders.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(", ")));
            }
            words
        }
        [.., "views", _] => match kind {
            ChangeKind::Added => format!("{} also appears on \"{}\".", capitalized(&component), text(after)),
            ChangeKind::Removed => format!("{} no longer appears on \"{}\".", capitalized(&component), text(before)),
            ChangeKind::Changed => format!("{} appears on other pages.", capitalized(&component)),
        },
        [.., "views"] => format!("{} lists its pages in another order.", capitalized(&component)),
        [.., "schema", "properties", name] => {
            let required_now = required_in(new, &path).contains(&(*name).to_owned());
            match kind {
                ChangeKind::Added if required_now => format!("New required setting \"{name}\": company admins must fill it in before {component} works, and re-enter their settings (they do not carry over)."),
                ChangeKind::Added => format!("New setting \"{name}\" for {component}: company admins must re-enter settings after updating (they do not carry over)."),
                ChangeKind::Removed => format!("The setting \"{name}\" is no longer asked for; what admins entered for it is dropped."),
                ChangeKind::Changed => format!("The setting \"{name}\" changes: company admins must re-enter settings."),
            }
        }
        rest if property_detail(rest).is_some() => format!(
            "The setting \"{}\" changes how it is shown to company admins.",
            property_detail(rest).unwrap_or_default()
        ),
        [.., "schema", "required", _] => match kind {
            ChangeKind::Added => format!("The setting \"{}\" becomes required: company admins must fill it in before {component} works.", text(after)),
            ChangeKind::Removed => format!("The setting \"{}\" is no longer required.", text(before)),
            ChangeKind::Changed => "The required settings change: company admins must re-enter settings.".into(),
        },
        [.., "schema", "required"] => "The required settings are listed in another order; nothing changes for customers.".into(),
        rest if rest.iter().any(|s| matches!(*s, "user_configuration" | "configuration")) => format!("The settings of {component} change: company admins must re-enter settings."),
        ["permissions", scope, tool] => {
            let (was, now) = (rank(before), rank(after));
            let dmsa = "DMSA apps: admins must re-pick permitted projects.";
            if now > was {
                let from = if was == 0 { String::new() } else { format!(" (was {})", text(before)) };
                format!("Asks customers for more access: {} on the {scope} tool \"{tool}\"{from}. Company admins must approve it when they update. {dmsa}", text(after))
            } else if now < was {
                if now == 0 {
                    format!("Asks customers for less access: the {scope} tool \"{tool}\" is no longer needed. {dmsa}")
                } else {
                    format!("Asks customers for less access: {} instead of {} on the {scope} tool \"{tool}\". {dmsa}", text(after), text(before))
                }
            } else {
                format!("The {scope} tool \"{tool}\" permission is written differently. {dmsa}")
            }
        }
        ["permissions", ..] => "The permissions the app asks for change. DMSA apps: admins must re-pick permitted projects.".into(),
        ["post_installation_instruction", ..] => "Company admins see new post-installation instructions after updating.".into(),
        ["components", "oauth", ..] => "How the app gets its tokens changes: users may have to authorize the app again.".into(),
        [.., "description"] => format!("The description of {component} changes (shown to company admins)."),
        [.., "uuid"] => format!("{} has a different id: Procore treats it as another component, and admins set it up again.", capitalized(&component)),
        _ => "Plumbline does not know this field: check what it does in the portal before promoting.".into(),
    }
}

/// The setting a pointer is inside, when it points below one (`…/properties/name/type`).
fn property_detail<'a>(path: &[&'a str]) -> Option<&'a str> {
    let at = path.iter().rposition(|s| *s == "properties")?;
    (path.len() > at + 2 && at >= 1 && path[at - 1] == "schema").then(|| path[at + 1])
}

/// The `required` list of the schema a property pointer is in.
fn required_in(doc: &Value, path: &[String]) -> Vec<String> {
    let Some(properties_at) = path.iter().rposition(|s| s == "properties") else {
        return Vec::new();
    };
    let schema = Pointer::of(&path[..properties_at]).push("required");
    doc.pointer(schema.as_str())
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn placeholder_names(url: Option<&Value>) -> Vec<String> {
    url.and_then(Value::as_str)
        .and_then(|u| crate::placeholders::placeholders(u).ok())
        .map(|found| found.into_iter().map(|p| p.name).collect())
        .unwrap_or_default()
}
