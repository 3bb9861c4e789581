//! The embedded components of either schema, seen the same way: what the validator checks
//! and the diff compares does not depend on whether the partner wrote 4.1 or 3.x.

use crate::Pointer;
use crate::model::{ConfigSchema, Document, UserConfiguration};

/// Where a component appears in Procore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Fullscreen,
    Sidepanel,
    /// A 3.x instance whose `type` is neither (the validator says so).
    Other,
}

/// One embedded component, with the pointers of its fields.
#[derive(Debug, Clone)]
pub struct Embedded<'a> {
    /// The component's own pointer (`/fullscreen`, `/components/iframe/instances/1`).
    pub at: Pointer,
    pub placement: Placement,
    /// How a partner names it: "the full-screen component", "the side panel \"Docs\"".
    pub label: String,
    /// What matches it across versions: its placement, and for 3.x its name.
    pub key: String,
    pub uuid: Option<&'a str>,
    /// A 3.x instance's name (4.1 components have none).
    pub name: Option<&'a str>,
    /// `source_url` (4.1) or `iframe_src` (3.x).
    pub url_field: &'static str,
    pub url: Option<&'a str>,
    pub views: Option<&'a [String]>,
    /// `user_configuration` (4.1) or `configuration` (3.x).
    pub config_field: &'static str,
    pub schema: Option<&'a ConfigSchema>,
}

impl Embedded<'_> {
    /// The pointer of the configuration schema.
    pub fn schema_at(&self) -> Pointer {
        self.at.push(self.config_field).push("schema")
    }
}

fn schema_of(config: Option<&UserConfiguration>) -> Option<&ConfigSchema> {
    config.and_then(|c| c.schema.as_ref())
}

/// Every embedded component, in the order the manifest lists them.
pub fn embedded(document: &Document) -> Vec<Embedded<'_>> {
    match document {
        Document::V4(m) => [
            (
                "fullscreen",
                Placement::Fullscreen,
                &m.fullscreen,
                "the full-screen component",
            ),
            (
                "sidepanel",
                Placement::Sidepanel,
                &m.sidepanel,
                "the side panel",
            ),
        ]
        .into_iter()
        .filter_map(|(field, placement, component, label)| {
            let c = component.as_ref()?;
            Some(Embedded {
                at: Pointer::of([field]),
                placement,
                label: label.to_owned(),
                key: field.to_owned(),
                uuid: c.uuid.as_deref(),
                name: None,
                url_field: "source_url",
                url: c.source_url.as_deref(),
                views: c.views.as_deref(),
                config_field: "user_configuration",
                schema: schema_of(c.user_configuration.as_ref()),
            })
        })
        .collect(),
        Document::V3(m) => {
            let instances = m
                .components
                .as_ref()
                .and_then(|c| c.iframe.as_ref())
                .map(|i| i.instances.as_slice())
                .unwrap_or_default();
            instances
                .iter()
                .enumerate()
                .map(|(index, instance)| {
                    let placement = match instance.kind.as_deref() {
                        Some("fullscreen") => Placement::Fullscreen,
                        Some("sidepanel") => Placement::Sidepanel,
                        _ => Placement::Other,
                    };
                    let kind = match placement {
                        Placement::Fullscreen => "full-screen component",
                        Placement::Sidepanel => "side panel",
                        Placement::Other => "embedded component",
                    };
                    let name = instance.name.as_deref().unwrap_or("");
                    let label = if name.is_empty() {
                        format!("the {kind} #{}", index + 1)
                    } else {
                        format!("the {kind} \"{name}\"")
                    };
                    Embedded {
                        at: Pointer::of(["components", "iframe", "instances"]).push(index),
                        placement,
                        label,
                        key: format!(
                            "{}:{}",
                            instance.kind.as_deref().unwrap_or(""),
                            if name.is_empty() {
                                index.to_string()
                            } else {
                                name.to_owned()
                            }
                        ),
                        uuid: instance.uuid.as_deref(),
                        name: instance.name.as_deref().filter(|n| !n.is_empty()),
                        url_field: "iframe_src",
                        url: instance.iframe_src.as_deref(),
                        views: instance.views.as_deref(),
                        config_field: "configuration",
                        schema: schema_of(instance.configuration.as_ref()),
                    }
                })
                .collect()
        }
    }
}
