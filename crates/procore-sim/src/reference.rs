//! The API reference data on developers.procore.com: the OpenAPI document whose operations
//! carry `deprecated`, `x-deprecated-at` and `x-sunset`, and the legacy per-resource JSON with
//! `deprecated_at` and `changelog[]`. Both answer conditional requests with 304.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::date::ymd;
use crate::scenario::{Operation, Scenario};
use crate::state::SimState;

/// A rendered document with its validators.
pub struct Document {
    pub body: Vec<u8>,
    pub etag: String,
    pub last_modified: i64,
}

/// Both documents for both reference versions, rendered once at start-up.
pub struct Reference {
    pub openapi: [Document; 2],
    pub legacy: [Document; 2],
}

fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn document(value: &Value, published: i64) -> Document {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let etag = format!("\"{:016x}\"", fnv64(&body));
    Document {
        body,
        etag,
        last_modified: published,
    }
}

fn resource_group(path: &str) -> String {
    // "/rest/v1.0/companies/{company_id}/projects" -> "Projects"
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    let name = segments
        .iter()
        .skip(2)
        .last()
        .or(segments.last())
        .copied()
        .unwrap_or("General");
    let mut chars = name.replace('_', " ").chars().collect::<Vec<_>>();
    if let Some(first) = chars.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    chars.into_iter().collect()
}

/// A summary in the words Procore's reference uses ("List RFIs", "Show Project", "Delete
/// Upload"), from the method and the path's last resource name.
fn summary(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_with_id = segments.last().is_some_and(|s| s.starts_with('{'));
    let resource = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{') && !s.starts_with('v'))
        .map(|s| s.replace('_', " "))
        .unwrap_or_else(|| "resource".into());
    let verb = match (method, ends_with_id) {
        ("GET", true) => "Show",
        ("GET", false) => "List",
        ("POST", _) => "Create",
        ("PUT" | "PATCH", _) => "Update",
        ("DELETE", _) => "Delete",
        _ => method,
    };
    let mut words = resource.chars();
    let capitalized: String = words
        .next()
        .map(|c| c.to_uppercase().chain(words).collect())
        .unwrap_or_default();
    format!("{verb} {capitalized}")
}

fn openapi(ops: &[Operation], version: usize) -> Value {
    let mut paths: BTreeMap<&str, serde_json::Map<String, Value>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        let mut operation = json!({
            "operationId": format!("op{i}"),
            "summary": summary(&op.method, &op.path),
            "tags": [resource_group(&op.path)],
        });
        if let Some(at) = op.deprecated_at {
            operation["deprecated"] = json!(true);
            operation["x-deprecated-at"] = json!(ymd(at));
        }
        if let Some(sunset) = op.sunset {
            operation["x-sunset"] = json!(ymd(sunset));
        }
        paths
            .entry(op.path.as_str())
            .or_default()
            .insert(op.method.to_lowercase(), operation);
    }
    json!({
        "openapi": "3.0.1",
        "info": { "title": "Procore Rest API Documentation", "version": format!("2026.{}", version + 1) },
        "paths": paths,
    })
}

fn legacy(ops: &[Operation], previous: Option<&[Operation]>) -> Value {
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        let endpoint = format!("{} {}", op.method, op.path);
        let mut changelog = Vec::new();
        if let Some(at) = op.deprecated_at {
            changelog.push(
                json!({ "type": "deprecation", "datestamp": ymd(at), "breaking": false,
                "summary": format!("{endpoint} is deprecated"), "endpoint": endpoint }),
            );
        }
        let before = previous.and_then(|p| p.get(i)).and_then(|p| p.sunset);
        if let (Some(old), Some(new)) = (before, op.sunset)
            && old != new
        {
            changelog.push(json!({ "type": "sunset_change", "datestamp": ymd(new.min(old)), "breaking": true,
                "summary": format!("Sunset of {endpoint} moved from {} to {}", ymd(old), ymd(new)), "endpoint": endpoint }));
        }
        groups
            .entry(resource_group(&op.path))
            .or_default()
            .push(json!({
                "verb": op.method.to_lowercase(),
                "path": op.path,
                "deprecated_at": op.deprecated_at.map(ymd),
                "sunset_at": op.sunset.map(ymd),
                "support_level": "production",
                "changelog": changelog,
            }));
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(name, endpoints)| json!({ "name": name, "endpoints": endpoints }))
            .collect(),
    )
}

impl Reference {
    pub fn render(scenario: &Scenario) -> Self {
        let [v1, v2] = &scenario.reference;
        let [p1, p2] = scenario.reference_published;
        Self {
            openapi: [document(&openapi(v1, 0), p1), document(&openapi(v2, 1), p2)],
            legacy: [
                document(&legacy(v1, None), p1),
                document(&legacy(v2, Some(v1)), p2),
            ],
        }
    }
}

fn conditional(doc: &Document, headers: &HeaderMap) -> Response {
    let last_modified = httpdate::fmt_http_date(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(doc.last_modified.max(0) as u64),
    );
    let etag_matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == doc.etag || t.trim() == "*")
        });
    // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
    let not_modified = if headers.contains_key(header::IF_NONE_MATCH) {
        etag_matches
    } else {
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|since| since.as_secs() as i64 >= doc.last_modified)
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = doc.body.clone().into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        r
    };
    let h = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&doc.etag) {
        h.insert(header::ETAG, etag);
    }
    if let Ok(lm) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, lm);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=0, must-revalidate"),
    );
    response
}

/// `GET /api/v1/resource_groups/full_oas?version=1`.
pub async fn full_oas(State(sim): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let version = sim.live().scenario.reference_version(sim.clock.now());
    conditional(&sim.reference.openapi[version], &headers)
}

/// `GET /api/v1/resource_groups?version=rest_v1`.
pub async fn resource_groups(State(sim): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let version = sim.live().scenario.reference_version(sim.clock.now());
    conditional(&sim.reference.legacy[version], &headers)
}
