//! Procore's OpenAPI document, read as a stream: per operation only the method, the path
//! template, the summary, the tag and what it says about deprecation. Requests, responses,
//! schemas and descriptions (nearly all of the 40-55 MB) are skipped by serde's `IgnoredAny`
//! as they stream past, never built in memory.

use std::fmt;
use std::io::Read;

use plumbline_domain::OperationFacts;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::reference::{ParsedReference, ReferenceError, day_of, lenient_text, sniff};

/// The top level: everything but `openapi`/`swagger`, `info.version` and `paths` is skipped.
#[derive(Deserialize)]
struct Document {
    openapi: Option<IgnoredAny>,
    swagger: Option<IgnoredAny>,
    info: Option<Info>,
    paths: Option<Paths>,
}

#[derive(Deserialize)]
struct Info {
    #[serde(default, deserialize_with = "lenient_text")]
    version: Option<String>,
}

/// The operations of every path, flattened as they are read.
struct Paths(Vec<OperationFacts>);

#[derive(Deserialize)]
struct PathItem {
    get: Option<Operation>,
    post: Option<Operation>,
    put: Option<Operation>,
    patch: Option<Operation>,
    delete: Option<Operation>,
    head: Option<Operation>,
    options: Option<Operation>,
}

#[derive(Deserialize)]
struct Operation {
    #[serde(default, deserialize_with = "lenient_text")]
    summary: Option<String>,
    #[serde(default, deserialize_with = "first_tag")]
    tags: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    deprecated: bool,
    #[serde(rename = "x-deprecated-at", default, deserialize_with = "lenient_text")]
    deprecated_at: Option<String>,
    #[serde(rename = "x-sunset", default, deserialize_with = "lenient_text")]
    sunset: Option<String>,
    #[serde(rename = "externalDocs")]
    external_docs: Option<ExternalDocs>,
    #[serde(rename = "x-docs-url", default, deserialize_with = "lenient_text")]
    docs_url: Option<String>,
    #[serde(
        rename = "x-deprecation-link",
        default,
        deserialize_with = "lenient_text"
    )]
    deprecation_link: Option<String>,
    #[serde(rename = "x-replaced-by", default, deserialize_with = "lenient_text")]
    replaced_by: Option<String>,
    #[serde(rename = "x-replacement", default, deserialize_with = "lenient_text")]
    replacement: Option<String>,
}

#[derive(Deserialize)]
struct ExternalDocs {
    #[serde(default, deserialize_with = "lenient_text")]
    url: Option<String>,
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean")
        }
        fn visit_bool<E>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E>(self, v: &str) -> Result<bool, E> {
            Ok(v.eq_ignore_ascii_case("true"))
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
    }
    d.deserialize_any(V)
}

/// The first of `tags`, skipping the rest without keeping them.
fn first_tag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of tags")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut first = None;
            while let Some(tag) = seq.next_element::<Option<TagText>>()? {
                if first.is_none() {
                    first = tag.map(|t| t.0);
                }
            }
            Ok(first)
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

struct TagText(String);

impl<'de> Deserialize<'de> for TagText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient_text(d).map(|t| TagText(t.unwrap_or_default()))
    }
}

impl<'de> Deserialize<'de> for Paths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Paths;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of paths")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Paths, A::Error> {
                let mut operations = Vec::new();
                while let Some(path) = map.next_key::<String>()? {
                    let item: PathItem = map.next_value()?;
                    let methods = [
                        ("GET", item.get),
                        ("POST", item.post),
                        ("PUT", item.put),
                        ("PATCH", item.patch),
                        ("DELETE", item.delete),
                        ("HEAD", item.head),
                        ("OPTIONS", item.options),
                    ];
                    for (method, op) in methods {
                        if let Some(op) = op {
                            operations.push(op.into_facts(method, &path));
                        }
                    }
                }
                Ok(Paths(operations))
            }
        }
        d.deserialize_map(V)
    }
}

impl Operation {
    fn into_facts(self, method: &str, path: &str) -> OperationFacts {
        let deprecated_at = self.deprecated_at.as_deref().and_then(day_of);
        OperationFacts {
            method: method.to_owned(),
            path: path.to_owned(),
            summary: self.summary,
            tag: self.tags,
            deprecated: self.deprecated || deprecated_at.is_some(),
            deprecated_at,
            sunset: self.sunset.as_deref().and_then(day_of),
            link: self
                .deprecation_link
                .or(self.docs_url)
                .or(self.external_docs.and_then(|d| d.url)),
            replacement: self.replaced_by.or(self.replacement),
            support_level: None,
        }
    }
}

/// Reads an OpenAPI document from `reader` (a file or a response body).
pub fn parse_openapi(reader: impl Read) -> Result<ParsedReference, ReferenceError> {
    let mut de = serde_json::Deserializer::from_reader(sniff(reader)?);
    let document = Document::deserialize(&mut de).map_err(ReferenceError::from_json)?;
    de.end().map_err(ReferenceError::from_json)?;
    if document.openapi.is_none() && document.swagger.is_none() {
        return Err(ReferenceError::WrongShape(
            "it has no \"openapi\" field, so it is not an OpenAPI document".into(),
        ));
    }
    let Some(Paths(operations)) = document.paths else {
        return Err(ReferenceError::WrongShape(
            "it has no \"paths\": no operations to read".into(),
        ));
    };
    ParsedReference::new(
        plumbline_domain::ReferenceKind::OpenApi,
        document.info.and_then(|i| i.version),
        operations,
        Vec::new(),
    )
}
