//! The legacy per-resource reference JSON (`/api/v1/resource_groups?version=rest_v1`): resource
//! groups whose endpoints carry `verb`, `path`, `deprecated_at`, `support_level` and a
//! `changelog[]` of dated entries. Unknown fields are skipped as they stream past.

use std::fmt;
use std::io::Read;

use plumbline_domain::{ChangelogEntry, OperationFacts, ReferenceKind};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::reference::{ParsedReference, ReferenceError, day_of, lenient_text, sniff};
use crate::route::RouteKey;

#[derive(Deserialize)]
struct Group {
    #[serde(default, deserialize_with = "lenient_text")]
    name: Option<String>,
    #[serde(default, alias = "actions")]
    endpoints: Vec<Endpoint>,
}

#[derive(Deserialize)]
struct Endpoint {
    #[serde(default, deserialize_with = "lenient_text")]
    verb: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    path: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    summary: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    deprecated_at: Option<String>,
    #[serde(default, alias = "sunset", deserialize_with = "lenient_text")]
    sunset_at: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    support_level: Option<String>,
    #[serde(default)]
    changelog: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(rename = "type", default, deserialize_with = "lenient_text")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    datestamp: Option<String>,
    #[serde(default)]
    breaking: Option<bool>,
    #[serde(default, deserialize_with = "lenient_text")]
    summary: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    endpoint: Option<String>,
}

/// The groups, found at the top level or under `resource_groups`/`data`.
struct Groups(Vec<Group>);

impl<'de> Deserialize<'de> for Groups {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Groups;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of resource groups")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Groups, A::Error> {
                let mut groups = Vec::new();
                while let Some(group) = seq.next_element::<Group>()? {
                    groups.push(group);
                }
                Ok(Groups(groups))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Groups, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    if found.is_none() && matches!(key.as_str(), "resource_groups" | "data") {
                        found = Some(map.next_value::<Groups>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                found.ok_or_else(|| de::Error::custom("no list of resource groups"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the legacy resource-groups document.
pub fn parse_legacy(reader: impl Read) -> Result<ParsedReference, ReferenceError> {
    let mut de = serde_json::Deserializer::from_reader(sniff(reader)?);
    let Groups(groups) = Groups::deserialize(&mut de).map_err(ReferenceError::from_json)?;
    de.end().map_err(ReferenceError::from_json)?;
    let mut facts = Vec::new();
    let mut changelog = Vec::new();
    for group in groups {
        for endpoint in group.endpoints {
            let (Some(verb), Some(path)) = (endpoint.verb, endpoint.path) else {
                continue;
            };
            let method = verb.trim().to_ascii_uppercase();
            let key = RouteKey::new(&method, &path).ok();
            let mut deprecated_at = endpoint.deprecated_at.as_deref().and_then(day_of);
            let mut deprecated = deprecated_at.is_some();
            for change in endpoint.changelog {
                let entry = ChangelogEntry {
                    kind: change.kind.unwrap_or_default(),
                    datestamp: change.datestamp.as_deref().and_then(day_of),
                    breaking: change.breaking.unwrap_or(false),
                    summary: change.summary.unwrap_or_default(),
                    endpoint: change.endpoint,
                };
                if entry.kind.eq_ignore_ascii_case("deprecation") {
                    deprecated = true;
                    deprecated_at = deprecated_at.or(entry.datestamp);
                }
                if let Some(key) = &key {
                    changelog.push((key.clone(), entry));
                }
            }
            facts.push(OperationFacts {
                method,
                path,
                summary: endpoint.summary,
                tag: group.name.clone(),
                deprecated,
                deprecated_at,
                sunset: endpoint.sunset_at.as_deref().and_then(day_of),
                link: None,
                replacement: None,
                support_level: endpoint.support_level,
            });
        }
    }
    ParsedReference::new(ReferenceKind::Legacy, None, facts, changelog)
}
