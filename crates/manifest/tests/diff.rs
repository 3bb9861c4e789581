//! The semantic diff: each kind of change, with the impact a partner must hear before
//! promoting.

#![allow(clippy::unwrap_used)]

use plumbline_manifest::{Change, ChangeKind, Manifest, diff};
use serde_json::{Value, json};

const GOOD_V4: &str = include_str!("data/good-4.1.json");
const GOOD_V3: &str = include_str!("data/good-3.x.json");

fn changes(base: &str, edit: impl FnOnce(&mut Value)) -> Vec<Change> {
    let mut value: Value = serde_json::from_str(base).unwrap();
    edit(&mut value);
    let old = Manifest::read(base.as_bytes()).unwrap();
    let new = Manifest::read(serde_json::to_string_pretty(&value).unwrap().as_bytes()).unwrap();
    diff(&old, &new)
}

/// Sets the field, adding it to its object when it is new.
fn set(value: &mut Value, pointer: &str, to: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer}"));
    match parent {
        Value::Object(map) => {
            map.insert(key.to_owned(), to);
        }
        other => other[key.parse::<usize>().unwrap()] = to,
    }
}

fn one(changes: &[Change]) -> &Change {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    &changes[0]
}

#[test]
fn identical_manifests_have_no_changes_even_reformatted() {
    let value: Value = serde_json::from_str(GOOD_V4).unwrap();
    let old = Manifest::read(GOOD_V4.as_bytes()).unwrap();
    let compact = Manifest::read(serde_json::to_string(&value).unwrap().as_bytes()).unwrap();
    assert_eq!(diff(&old, &compact), []);
}

#[test]
fn a_url_change_names_its_new_placeholders() {
    let c = changes(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/source_url",
            json!(
                "https://app.punchlist.example/panel/{{procore.project.id}}/{{procore.company.id}}"
            ),
        );
    });
    let c = one(&c);
    assert_eq!(
        (c.pointer.as_str(), c.kind),
        ("/sidepanel/source_url", ChangeKind::Changed)
    );
    assert!(
        c.impact.contains("side panel") && c.impact.contains("{{procore.company.id}}"),
        "{}",
        c.impact
    );
    assert_eq!(
        c.before,
        Some(json!(
            "https://app.punchlist.example/panel/{{procore.project.id}}"
        ))
    );
}

#[test]
fn views_added_and_removed_one_by_one() {
    let c = changes(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/views",
            json!(["commitments.purchase_orders.detail", "rfi.detail"]),
        );
    });
    assert_eq!(c.len(), 2, "{c:#?}");
    assert_eq!(
        (c[0].pointer.as_str(), c[0].kind),
        ("/sidepanel/views/0", ChangeKind::Removed)
    );
    assert!(
        c[0].impact
            .contains("no longer appears on \"project.punch_list.detail\""),
        "{}",
        c[0].impact
    );
    assert_eq!(
        (c[1].pointer.as_str(), c[1].kind),
        ("/sidepanel/views/1", ChangeKind::Added)
    );
    assert!(
        c[1].impact.contains("also appears on \"rfi.detail\""),
        "{}",
        c[1].impact
    );
}

#[test]
fn settings_added_removed_and_newly_required() {
    let c = changes(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/user_configuration/schema/properties/region",
            json!({"name": "Region", "type": "string"}),
        );
        set(
            m,
            "/fullscreen/user_configuration/schema/required",
            json!(["tenant", "region"]),
        );
    });
    assert_eq!(c.len(), 2, "{c:#?}");
    let required = c
        .iter()
        .find(|c| c.pointer.ends_with("/required/1"))
        .unwrap();
    assert!(
        required.impact.contains("\"region\" becomes required"),
        "{}",
        required.impact
    );
    let added = c
        .iter()
        .find(|c| c.pointer.ends_with("/properties/region"))
        .unwrap();
    assert_eq!(added.kind, ChangeKind::Added);
    assert!(
        added.impact.contains("New required setting \"region\"")
            && added.impact.contains("re-enter"),
        "{}",
        added.impact
    );

    let c = changes(GOOD_V4, |m| {
        m.pointer_mut("/fullscreen/user_configuration/schema/properties")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("mode");
    });
    let c = one(&c);
    assert_eq!(c.kind, ChangeKind::Removed);
    assert!(
        c.impact.contains("\"mode\" is no longer asked for"),
        "{}",
        c.impact
    );

    let c = changes(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/user_configuration/schema/properties/mode/name",
            json!("Layout"),
        );
    });
    assert!(
        one(&c).impact.contains("\"mode\" changes how it is shown"),
        "{}",
        one(&c).impact
    );
}

#[test]
fn permissions_raised_lowered_added_and_removed() {
    let c = changes(GOOD_V4, |m| {
        set(m, "/permissions/project/photos", json!("standard"));
        set(m, "/permissions/project/punch_list", json!("readonly"));
        set(m, "/permissions/company/documents", json!("readonly"));
        m.pointer_mut("/permissions/company")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("directory");
    });
    let find = |p: &str| {
        c.iter()
            .find(|c| c.pointer == p)
            .unwrap_or_else(|| panic!("{p}: {c:#?}"))
    };
    let raised = find("/permissions/project/photos");
    assert!(
        raised
            .impact
            .starts_with("Asks customers for more access: standard")
            && raised.impact.contains("(was readonly)"),
        "{}",
        raised.impact
    );
    assert!(raised.impact.contains("re-pick permitted projects"));
    let lowered = find("/permissions/project/punch_list");
    assert!(
        lowered
            .impact
            .starts_with("Asks customers for less access: readonly instead of standard"),
        "{}",
        lowered.impact
    );
    let added = find("/permissions/company/documents");
    assert_eq!(added.kind, ChangeKind::Added);
    assert!(
        added.impact.starts_with(
            "Asks customers for more access: readonly on the company tool \"documents\"."
        ),
        "{}",
        added.impact
    );
    let removed = find("/permissions/company/directory");
    assert_eq!(removed.kind, ChangeKind::Removed);
    assert!(
        removed.impact.contains("no longer needed"),
        "{}",
        removed.impact
    );
    assert_eq!(c.len(), 4);
}

#[test]
fn a_whole_permissions_block_is_told_tool_by_tool() {
    let base =
        r#"{"schema_version": "4.1", "fullscreen": {"source_url": "https://a.example.com/x"}}"#;
    let c = changes(base, |m| {
        m["permissions"] = json!({"project": {"rfi": "readonly", "submittals": "admin"}});
    });
    assert_eq!(
        c.iter().map(|c| c.pointer.as_str()).collect::<Vec<_>>(),
        [
            "/permissions/project/rfi",
            "/permissions/project/submittals"
        ]
    );
    assert!(
        c.iter()
            .all(|c| c.kind == ChangeKind::Added && c.impact.contains("more access"))
    );
}

#[test]
fn components_post_installation_and_unknown_fields() {
    let c = changes(GOOD_V4, |m| {
        m.as_object_mut().unwrap().remove("sidepanel");
        set(
            m,
            "/post_installation_instruction/notes",
            json!("New steps."),
        );
        set(m, "/unknown_top_level", json!("changed"));
    });
    let find = |p: &str| {
        c.iter()
            .find(|c| c.pointer == p)
            .unwrap_or_else(|| panic!("{p}: {c:#?}"))
    };
    assert!(
        find("/sidepanel")
            .impact
            .contains("The side panel disappears"),
        "{}",
        find("/sidepanel").impact
    );
    assert!(
        find("/post_installation_instruction/notes")
            .impact
            .contains("post-installation")
    );
    assert!(
        find("/unknown_top_level")
            .impact
            .contains("does not know this field")
    );
}

#[test]
fn legacy_instances_match_by_identity_not_position() {
    let c = changes(GOOD_V3, |m| {
        let instances = m
            .pointer_mut("/components/iframe/instances")
            .unwrap()
            .as_array_mut()
            .unwrap();
        instances.reverse();
        instances[0]["views"] = json!(["daily_log.list", "daily_log.detail"]);
    });
    let c = one(&c);
    assert_eq!(
        (c.pointer.as_str(), c.kind),
        ("/components/iframe/instances/0/views/1", ChangeKind::Added)
    );
    assert!(
        c.impact
            .contains("\"Log panel\" also appears on \"daily_log.detail\""),
        "{}",
        c.impact
    );
}

#[test]
fn the_json_has_the_documented_shape() {
    let c = changes(GOOD_V4, |m| {
        set(m, "/permissions/project/photos", json!("standard"))
    });
    let printed = serde_json::to_value(&c).unwrap();
    assert_eq!(printed[0]["pointer"], "/permissions/project/photos");
    assert_eq!(printed[0]["kind"], "changed");
    assert_eq!(printed[0]["before"], "readonly");
    assert_eq!(printed[0]["after"], "standard");
    assert!(printed[0]["impact"].is_string());
}

#[test]
fn the_demo_versions_read_clean_and_their_update_tells_admins_what_to_do() {
    let demo = |name: &str| {
        let path = format!(
            "{}/../store/src/demo_manifests/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        Manifest::read(&std::fs::read(path).unwrap()).unwrap()
    };
    let context = plumbline_manifest::Context::default();
    for name in [
        "punch-list-pro-1.0.0.json",
        "punch-list-pro-1.1.0.json",
        "site-diary-sync-2.3.0.json",
    ] {
        let report = plumbline_manifest::validate(&demo(name), &context);
        assert_eq!(
            (report.errors.len(), report.warnings.len()),
            (0, 0),
            "{name}: {report:?}"
        );
    }
    let newest = plumbline_manifest::validate(&demo("punch-list-pro-1.2.0.json"), &context);
    assert!(newest.passes());
    assert_eq!(
        newest
            .warnings
            .iter()
            .map(|w| w.code.as_str())
            .collect::<Vec<_>>(),
        ["permission-admin"]
    );
    let changes = diff(
        &demo("punch-list-pro-1.1.0.json"),
        &demo("punch-list-pro-1.2.0.json"),
    );
    let impacts: Vec<&str> = changes.iter().map(|c| c.impact.as_str()).collect();
    assert!(
        impacts
            .iter()
            .any(|i| i.contains("New required setting \"region\"")),
        "{impacts:#?}"
    );
    assert!(
        impacts.iter().any(|i| i.contains("more access: admin")),
        "{impacts:#?}"
    );
    assert!(
        impacts
            .iter()
            .any(|i| i.contains("also appears on \"commitments.purchase_orders.detail\"")),
        "{impacts:#?}"
    );
}
