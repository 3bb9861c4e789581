//! Every validator rule, with a manifest that passes it and one that fails it at the right
//! pointer.

#![allow(clippy::unwrap_used)]

use plumbline_manifest::{Context, Report, lint};
use serde_json::{Value, json};

const GOOD_V4: &str = include_str!("data/good-4.1.json");
const GOOD_V3: &str = include_str!("data/good-3.x.json");

fn lint_edited(base: &str, edit: impl FnOnce(&mut Value)) -> Report {
    lint_edited_with(base, &Context::default(), edit)
}

fn lint_edited_with(base: &str, context: &Context, edit: impl FnOnce(&mut Value)) -> Report {
    let mut value: Value = serde_json::from_str(base).unwrap();
    edit(&mut value);
    lint(
        serde_json::to_string_pretty(&value).unwrap().as_bytes(),
        context,
    )
}

fn set(value: &mut Value, pointer: &str, to: Value) {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = to;
}

/// The codes found, with their pointers, errors first.
fn codes(report: &Report) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|f| (f.code.clone(), f.pointer.clone()))
        .collect()
}

fn has(report: &Report, code: &str, pointer: &str) -> bool {
    codes(report).contains(&(code.to_owned(), pointer.to_owned()))
}

#[test]
fn the_good_manifests_pass_every_rule() {
    for good in [GOOD_V4, GOOD_V3] {
        let report = lint(good.as_bytes(), &Context::default());
        assert_eq!(codes(&report), [], "{good}");
        assert!(report.passes());
    }
}

#[test]
fn placeholders_must_be_settings_or_built_ins() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/source_url",
            json!("https://{{tenant}}.punchlist.example/{{procore.project.id}}?q={{missing}}"),
        );
    });
    assert!(
        has(&report, "placeholder-undefined", "/fullscreen/source_url"),
        "{report:?}"
    );
    assert!(report.errors[0].message.contains("{{missing}}"));
    assert!(!report.passes());
    // The same placeholder defined in the component's schema passes.
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/source_url",
            json!("https://{{tenant}}.punchlist.example/?q={{mode}}"),
        );
    });
    assert_eq!(codes(&report), []);
    // A placeholder defined in the other component's schema does not count.
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/source_url",
            json!("https://app.punchlist.example/{{tenant}}"),
        );
    });
    assert!(
        has(&report, "placeholder-undefined", "/sidepanel/source_url"),
        "{report:?}"
    );
}

#[test]
fn placeholders_only_in_subdomain_path_and_query() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/source_url",
            json!("https://punchlist.{{tenant}}/x"),
        );
    });
    assert!(
        has(&report, "placeholder-position", "/fullscreen/source_url"),
        "{report:?}"
    );
    assert!(report.errors[0].message.contains("domain"));
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/source_url",
            json!("https://{{tenant}}.punchlist.example/x#{{mode}}"),
        );
    });
    assert!(
        has(&report, "placeholder-position", "/fullscreen/source_url"),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/source_url",
            json!("https://{{tenant.punchlist.example/x"),
        );
    });
    assert!(
        has(&report, "placeholder-malformed", "/fullscreen/source_url"),
        "{report:?}"
    );
}

#[test]
fn urls_parse_use_https_and_have_a_host() {
    for (url, code) in [
        ("http://app.punchlist.example/panel", "url-invalid"),
        ("https:///panel", "url-invalid"),
        ("app.punchlist.example/panel", "url-invalid"),
        ("", "url-missing"),
    ] {
        let report = lint_edited(GOOD_V4, |m| set(m, "/sidepanel/source_url", json!(url)));
        assert!(
            has(&report, code, "/sidepanel/source_url"),
            "{url}: {report:?}"
        );
    }
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/post_installation_instruction/page/url",
            json!("ftp://docs.example/setup"),
        );
    });
    assert!(
        has(
            &report,
            "url-invalid",
            "/post_installation_instruction/page/url"
        ),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/user_configuration/schema/properties/tenant/support_link/url",
            json!("not a url"),
        );
    });
    assert!(
        has(
            &report,
            "url-invalid",
            "/fullscreen/user_configuration/schema/properties/tenant/support_link/url"
        ),
        "{report:?}"
    );
}

#[test]
fn required_properties_must_exist() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/user_configuration/schema/required",
            json!(["tenant", "region"]),
        );
    });
    assert!(
        has(
            &report,
            "required-undefined",
            "/fullscreen/user_configuration/schema/required/1"
        ),
        "{report:?}"
    );
    assert_eq!(report.errors.len(), 1);
}

#[test]
fn side_panel_views_are_dotted_and_present() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/views",
            json!([
                "project.punch_list.detail",
                "Punch List Detail",
                "punch_list"
            ]),
        );
    });
    assert!(
        has(&report, "view-format", "/sidepanel/views/1"),
        "{report:?}"
    );
    assert!(
        has(&report, "view-format", "/sidepanel/views/2"),
        "{report:?}"
    );
    assert!(!has(&report, "view-format", "/sidepanel/views/0"));
    let report = lint_edited(GOOD_V4, |m| set(m, "/sidepanel/views", json!([])));
    assert!(
        has(&report, "views-missing", "/sidepanel/views"),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/views",
            json!(["project.punch_list.detail", "project.punch_list.detail"]),
        );
    });
    assert!(
        has(&report, "view-duplicate", "/sidepanel/views/1"),
        "{report:?}"
    );
    assert!(report.passes(), "a repeated view is a warning");
}

#[test]
fn permission_levels_are_known_and_admin_is_a_warning() {
    let report = lint_edited(GOOD_V4, |m| {
        set(m, "/permissions/project/punch_list", json!("write"))
    });
    assert!(
        has(
            &report,
            "permission-level",
            "/permissions/project/punch_list"
        ),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V4, |m| {
        set(m, "/permissions/project/punch_list", json!("admin"))
    });
    assert!(
        has(
            &report,
            "permission-admin",
            "/permissions/project/punch_list"
        ),
        "{report:?}"
    );
    assert!(report.passes(), "least privilege is advice");
}

#[test]
fn tools_the_used_routes_never_touch_are_warned_about_only_when_routes_are_known() {
    let context = Context {
        used_routes: Some(vec![
            "GET /rest/v1.0/projects/{project_id}/punch_items".into(),
            "GET /rest/v1.0/companies/{company_id}/users".into(),
        ]),
    };
    let report = lint_edited_with(GOOD_V4, &context, |_| {});
    assert!(
        has(&report, "permission-unused", "/permissions/project/photos"),
        "{report:?}"
    );
    assert!(!has(
        &report,
        "permission-unused",
        "/permissions/project/punch_list"
    ));
    assert!(!has(
        &report,
        "permission-unused",
        "/permissions/company/directory"
    ));
    let context = Context {
        used_routes: Some(vec![
            "GET /v1.0/images".into(),
            "GET /v1.0/punch_items".into(),
            "GET /v1.0/users".into(),
        ]),
    };
    assert_eq!(codes(&lint_edited_with(GOOD_V4, &context, |_| {})), []);
    // Nothing known: no warning (the app may well use it).
    assert!(!has(
        &lint_edited(GOOD_V4, |_| {}),
        "permission-unused",
        "/permissions/project/photos"
    ));
}

#[test]
fn component_ids_are_unique() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/sidepanel/uuid",
            json!("a1b2c3d4-0000-4000-8000-000000000002"),
        );
    });
    assert!(
        has(&report, "duplicate-component-id", "/sidepanel/uuid"),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V3, |m| {
        set(m, "/components/iframe/instances/1/uuid", json!("o-1"))
    });
    assert!(
        has(
            &report,
            "duplicate-component-id",
            "/components/oauth/instances/0/uuid"
        ),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V3, |m| {
        set(
            m,
            "/components/iframe/instances/1/name",
            json!("Daily Log Sync"),
        );
    });
    assert!(
        has(
            &report,
            "duplicate-component-name",
            "/components/iframe/instances/1/name"
        ),
        "{report:?}"
    );
}

#[test]
fn at_most_one_legacy_oauth_instance_with_a_known_grant() {
    let report = lint_edited(GOOD_V3, |m| {
        set(
            m,
            "/components/oauth/instances",
            json!([
                {"uuid": "o-1", "grant_type": "authorization_code"},
                {"uuid": "o-2", "grant_type": "client_credentials"}
            ]),
        );
    });
    assert!(
        has(&report, "oauth-instances", "/components/oauth/instances"),
        "{report:?}"
    );
    let report = lint_edited(GOOD_V3, |m| {
        set(
            m,
            "/components/oauth/instances/0/grant_type",
            json!("password"),
        )
    });
    assert!(
        has(
            &report,
            "oauth-grant-type",
            "/components/oauth/instances/0/grant_type"
        ),
        "{report:?}"
    );
}

#[test]
fn legacy_instances_are_checked_like_components() {
    let report = lint_edited(GOOD_V3, |m| {
        set(
            m,
            "/components/iframe/instances/0/iframe_src",
            json!("http://sync.example.com/{{nope}}"),
        );
        set(m, "/components/iframe/instances/1/type", json!("popup"));
    });
    assert!(
        has(
            &report,
            "placeholder-undefined",
            "/components/iframe/instances/0/iframe_src"
        ),
        "{report:?}"
    );
    assert!(
        has(
            &report,
            "url-invalid",
            "/components/iframe/instances/0/iframe_src"
        ),
        "{report:?}"
    );
    assert!(
        has(
            &report,
            "component-type",
            "/components/iframe/instances/1/type"
        ),
        "{report:?}"
    );
}

#[test]
fn versions_in_the_manifest_are_semver() {
    let report = lint_edited(GOOD_V3, |m| set(m, "/app_manifest/version", json!("2.3")));
    assert!(
        has(&report, "version-semver", "/app_manifest/version"),
        "{report:?}"
    );
}

#[test]
fn post_installation_notes_and_an_empty_manifest_are_warned_about() {
    let report = lint_edited(GOOD_V4, |m| {
        m.as_object_mut()
            .unwrap()
            .remove("post_installation_instruction");
    });
    assert!(
        has(
            &report,
            "post-installation-missing",
            "/post_installation_instruction/notes"
        ),
        "{report:?}"
    );
    assert!(report.passes());
    let report = lint(
        br#"{"schema_version": "4.1", "post_installation_instruction": {"notes": "n"}}"#,
        &Context::default(),
    );
    assert!(has(&report, "nothing-defined", ""), "{report:?}");
}

#[test]
fn settings_types_outside_the_form_are_warned_about() {
    let report = lint_edited(GOOD_V4, |m| {
        set(
            m,
            "/fullscreen/user_configuration/schema/properties/mode/type",
            json!("array"),
        );
    });
    assert!(
        has(
            &report,
            "property-type",
            "/fullscreen/user_configuration/schema/properties/mode/type"
        ),
        "{report:?}"
    );
}

#[test]
fn a_tool_with_a_slash_is_pointed_at_escaped() {
    let report = lint_edited(GOOD_V4, |m| {
        set(m, "/permissions/project", json!({"a/b~c": "superuser"}))
    });
    assert!(
        has(&report, "permission-level", "/permissions/project/a~1b~0c"),
        "{report:?}"
    );
}
