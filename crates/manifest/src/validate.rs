//! The validator: every rule Procore writes down for manifests, and the ones a reviewer
//! would catch (`../shared/procore-platform.md` §4; `marketplace_checklist.md` for least
//! privilege and post-installation notes).

use std::collections::HashMap;

use crate::components::{Embedded, Placement, embedded};
use crate::model::{ConfigSchema, Document, Link, Permissions};
use crate::placeholders::{
    BUILT_INS, PlaceholderProblem, https_problem, placeholders, with_samples,
};
use crate::{Finding, Manifest, Pointer, Report, capitalized, tools};

/// Permission levels the permissions editor writes (listing pages also mention `admin`).
pub const PERMISSION_LEVELS: [&str; 3] = ["readonly", "standard", "admin"];

/// Grant types a 3.x OAuth instance may name.
const GRANT_TYPES: [&str; 2] = ["authorization_code", "client_credentials"];

/// What the validator knows beyond the manifest.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The routes the app is known to call (from the deprecation watch: scans, activity
    /// reports, syncs). `None` when nothing is known, which turns the unused-tool warning off.
    pub used_routes: Option<Vec<String>>,
}

/// Reads and validates a manifest; a file that cannot be read is one error.
pub fn lint(bytes: &[u8], context: &Context) -> Report {
    match Manifest::read(bytes) {
        Ok(manifest) => validate(&manifest, context),
        Err(finding) => Report::from_findings(vec![finding]),
    }
}

/// Validates a manifest that was read.
pub fn validate(manifest: &Manifest, context: &Context) -> Report {
    let mut out = Vec::new();
    let document = manifest.document();
    let components = embedded(document);
    for component in &components {
        check_component(component, &mut out);
    }
    check_duplicate_ids(document, &components, &mut out);
    match document {
        Document::V4(m) => {
            if let Some(permissions) = &m.permissions {
                check_permissions(permissions, context, &mut out);
            }
            if m.fullscreen.is_none() && m.sidepanel.is_none() && m.permissions.is_none() {
                out.push(Finding::warning(
                    Pointer::root(),
                    "nothing-defined",
                    "The manifest defines no component and no permissions: customers who install it get nothing. Add a full-screen or side-panel component, or the permissions of a data connector.",
                ));
            }
            check_post_installation(m.post_installation_instruction.as_ref(), &mut out);
            check_identity_version(
                m.app_manifest.as_ref().and_then(|a| a.version.as_deref()),
                &mut out,
            );
        }
        Document::V3(m) => {
            check_v3_oauth(m, &mut out);
            check_post_installation(m.post_installation_instruction.as_ref(), &mut out);
            check_identity_version(
                m.app_manifest.as_ref().and_then(|a| a.version.as_deref()),
                &mut out,
            );
        }
    }
    Report::from_findings(out)
}

fn check_component(c: &Embedded<'_>, out: &mut Vec<Finding>) {
    let url_at = c.at.push(c.url_field);
    match c.url.map(str::trim) {
        None | Some("") => out.push(Finding::error(
            url_at.clone(),
            "url-missing",
            format!(
                "{} has no {}: write the https address of the page Procore embeds.",
                capitalized(&c.label),
                c.url_field
            ),
        )),
        Some(url) => check_source_url(c, url, &url_at, out),
    }
    if let Some(schema) = c.schema {
        check_schema(c, schema, out);
    }
    match c.placement {
        Placement::Sidepanel => check_views(c, out),
        Placement::Fullscreen => {}
        Placement::Other => out.push(Finding::error(
            c.at.push("type"),
            "component-type",
            format!(
                "{} has type {}; a 3.x embedded instance is \"fullscreen\" or \"sidepanel\".",
                capitalized(&c.label),
                c.key
                    .split(':')
                    .next()
                    .filter(|k| !k.is_empty())
                    .map_or("nothing".to_owned(), |k| format!("\"{k}\""))
            ),
        )),
    }
}

fn check_source_url(c: &Embedded<'_>, url: &str, at: &Pointer, out: &mut Vec<Finding>) {
    let found = match placeholders(url) {
        Ok(found) => found,
        Err(PlaceholderProblem::Malformed(what)) => {
            out.push(Finding::error(
                at.clone(),
                "placeholder-malformed",
                format!(
                    "In {}'s URL, {what}. A placeholder is written {{{{name}}}}.",
                    c.label
                ),
            ));
            return;
        }
        Err(PlaceholderProblem::Position { name, part }) => {
            out.push(Finding::error(
                at.clone(),
                "placeholder-position",
                format!("The placeholder {{{{{name}}}}} in {}'s URL is in the {part}; Procore fills placeholders only in the subdomain, the path and the query.", c.label),
            ));
            return;
        }
    };
    let defined = |name: &str| {
        BUILT_INS.contains(&name)
            || c.schema
                .and_then(|s| s.properties.as_ref())
                .is_some_and(|p| p.contains_key(name))
    };
    for placeholder in found.iter().filter(|p| !defined(&p.name)) {
        out.push(Finding::error(
            at.clone(),
            "placeholder-undefined",
            format!(
                "The placeholder {{{{{}}}}} in {}'s URL is not a setting of this component or one Procore fills ({}). Add it to {} under \"properties\", or fix its spelling.",
                placeholder.name,
                c.label,
                BUILT_INS.join(", "),
                c.schema_at()
            ),
        ));
    }
    if let Some(problem) = https_problem(&with_samples(url, &found)) {
        out.push(Finding::error(
            at.clone(),
            "url-invalid",
            format!("{}'s URL {problem}.", capitalized(&c.label)),
        ));
    }
}

fn check_schema(c: &Embedded<'_>, schema: &ConfigSchema, out: &mut Vec<Finding>) {
    let at = c.schema_at();
    let properties = schema.properties.as_ref();
    for (index, name) in schema.required.iter().flatten().enumerate() {
        if !properties.is_some_and(|p| p.contains_key(name)) {
            out.push(Finding::error(
                at.push("required").push(index),
                "required-undefined",
                format!("\"{name}\" is listed as required in {}'s settings but is not one of its properties. Add the property or remove it from \"required\".", c.label),
            ));
        }
    }
    for (name, property) in properties.into_iter().flatten() {
        let property_at = at.push("properties").push(name);
        if let Some(kind) = property.kind.as_deref()
            && !["string", "number", "integer", "boolean"].contains(&kind)
        {
            out.push(Finding::warning(
                property_at.push("type"),
                "property-type",
                format!("The setting \"{name}\" has type \"{kind}\"; Procore's settings form shows string, number, integer and boolean fields."),
            ));
        }
        if let Some(link) = &property.support_link {
            check_link(
                link,
                &property_at.push("support_link"),
                &format!("the support link of \"{name}\""),
                out,
            );
        }
    }
}

fn check_views(c: &Embedded<'_>, out: &mut Vec<Finding>) {
    let at = c.at.push("views");
    let views = c.views.unwrap_or_default();
    if views.is_empty() {
        out.push(Finding::error(
            at.clone(),
            "views-missing",
            format!("{} lists no views: name the Procore pages it opens beside, such as \"commitments.purchase_orders.detail\".", capitalized(&c.label)),
        ));
    }
    let mut seen = HashMap::new();
    for (index, view) in views.iter().enumerate() {
        if !is_dotted_view(view) {
            out.push(Finding::error(
                at.push(index),
                "view-format",
                format!("The view \"{view}\" is not in Procore's dotted form (lowercase words joined by dots, such as \"commitments.work_order_contracts.detail\")."),
            ));
        }
        if let Some(first) = seen.insert(view.as_str(), index) {
            out.push(Finding::warning(
                at.push(index),
                "view-duplicate",
                format!(
                    "The view \"{view}\" is listed twice (also at {}).",
                    at.push(first)
                ),
            ));
        }
    }
}

/// `tool.page.detail`: lowercase words (letters, digits, `_`) joined by at least one dot.
fn is_dotted_view(view: &str) -> bool {
    let parts: Vec<&str> = view.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.starts_with(|c: char| c.is_ascii_lowercase())
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

fn check_duplicate_ids(document: &Document, components: &[Embedded<'_>], out: &mut Vec<Finding>) {
    let mut ids: Vec<(&str, Pointer)> = components
        .iter()
        .filter_map(|c| c.uuid.map(|id| (id, c.at.push("uuid"))))
        .collect();
    if let Document::V3(m) = document {
        let oauth = m.components.as_ref().and_then(|c| c.oauth.as_ref());
        for (index, instance) in oauth
            .map(|o| o.instances.iter())
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(id) = instance.uuid.as_deref() {
                ids.push((
                    id,
                    Pointer::of(["components", "oauth", "instances"])
                        .push(index)
                        .push("uuid"),
                ));
            }
        }
        let mut names = HashMap::new();
        for c in components {
            if let Some(name) = c.name
                && let Some(first) = names.insert(name, c.at.clone())
            {
                out.push(Finding::error(
                    c.at.push("name"),
                    "duplicate-component-name",
                    format!("Two embedded instances are named \"{name}\" (also {first}); admins could not tell them apart. Rename one."),
                ));
            }
        }
    }
    let mut seen: HashMap<&str, Pointer> = HashMap::new();
    for (id, at) in ids {
        if id.trim().is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id) {
            out.push(Finding::error(
                at,
                "duplicate-component-id",
                format!("The component id {id} is used twice (also at {first}). Each component has its own id; copy the right one from the portal."),
            ));
        } else {
            seen.insert(id, at);
        }
    }
}

fn check_permissions(permissions: &Permissions, context: &Context, out: &mut Vec<Finding>) {
    for (scope, tools) in [
        ("company", &permissions.company),
        ("project", &permissions.project),
    ] {
        for (tool, level) in tools.iter().flat_map(|t| t.iter()) {
            let at = Pointer::of(["permissions", scope, tool]);
            if tool.trim().is_empty() {
                out.push(Finding::error(
                    at.clone(),
                    "permission-tool",
                    "A permission names no tool.",
                ));
                continue;
            }
            if !PERMISSION_LEVELS.contains(&level.as_str()) {
                out.push(Finding::error(
                    at.clone(),
                    "permission-level",
                    format!("\"{level}\" is not a permission level; the {scope} tool \"{tool}\" takes readonly, standard or admin."),
                ));
                continue;
            }
            if level == "admin" {
                out.push(Finding::warning(
                    at.clone(),
                    "permission-admin",
                    format!("The app asks for admin on the {scope} tool \"{tool}\". Reviewers check least privilege: ask for standard or readonly unless the app configures the tool itself."),
                ));
            }
            if let Some(routes) = &context.used_routes
                && tools::is_known(tool)
                && !tools::touched_by(tool, routes)
            {
                out.push(Finding::warning(
                    at,
                    "permission-unused",
                    format!("None of the {} routes the app is known to call touches the {scope} tool \"{tool}\". If the app does not use it, remove it: reviewers check least privilege.", routes.len()),
                ));
            }
        }
    }
}

fn check_v3_oauth(m: &crate::model::ManifestV3, out: &mut Vec<Finding>) {
    let Some(oauth) = m.components.as_ref().and_then(|c| c.oauth.as_ref()) else {
        return;
    };
    let at = Pointer::of(["components", "oauth", "instances"]);
    if oauth.instances.len() > 1 {
        out.push(Finding::error(
            at.clone(),
            "oauth-instances",
            format!("A 3.x manifest may have at most one OAuth instance; this one has {}. Keep the one with the grant type the app uses.", oauth.instances.len()),
        ));
    }
    for (index, instance) in oauth.instances.iter().enumerate() {
        match instance.grant_type.as_deref() {
            Some(grant) if GRANT_TYPES.contains(&grant) => {}
            Some(grant) => out.push(Finding::error(
                at.push(index).push("grant_type"),
                "oauth-grant-type",
                format!("\"{grant}\" is not a grant type; use authorization_code or client_credentials."),
            )),
            None => out.push(Finding::error(
                at.push(index).push("grant_type"),
                "oauth-grant-type",
                "The OAuth instance names no grant type; use authorization_code or client_credentials.",
            )),
        }
    }
}

fn check_post_installation(post: Option<&crate::model::PostInstallation>, out: &mut Vec<Finding>) {
    let at = Pointer::of(["post_installation_instruction"]);
    let notes = post
        .and_then(|p| p.notes.as_deref())
        .map(str::trim)
        .unwrap_or("");
    if notes.is_empty() {
        out.push(Finding::warning(
            at.push("notes"),
            "post-installation-missing",
            "No post-installation notes: the Marketplace checklist asks for them, and admins need them to finish setting the app up.",
        ));
    }
    if let Some(page) = post.and_then(|p| p.page.as_ref()) {
        check_link(page, &at.push("page"), "the post-installation page", out);
    }
}

fn check_link(link: &Link, at: &Pointer, what: &str, out: &mut Vec<Finding>) {
    match link.url.as_deref().map(str::trim) {
        None | Some("") => out.push(Finding::error(
            at.push("url"),
            "url-missing",
            format!("{} has no URL.", capitalized(what)),
        )),
        Some(url) => {
            if let Some(problem) = https_problem(url) {
                out.push(Finding::error(
                    at.push("url"),
                    "url-invalid",
                    format!("{}'s URL {problem}.", capitalized(what)),
                ));
            }
        }
    }
}

fn check_identity_version(version: Option<&str>, out: &mut Vec<Finding>) {
    if let Some(version) = version
        && let Err(problem) = plumbline_domain::Semver::parse(version)
    {
        out.push(Finding::error(
            Pointer::of(["app_manifest", "version"]),
            "version-semver",
            problem,
        ));
    }
}
