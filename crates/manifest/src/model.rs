//! The manifest, typed: every field Procore documents has a type, and every other field is
//! kept in an `extra` map so that nothing a partner wrote is lost
//! (`building_apps_define_manifest_v41.md`; the legacy 3.x shape from the same pages).
//!
//! Maps keep the order they were written in (IndexMap), so the form and the diff list
//! configuration fields and tools as the partner ordered them. The typed view is for reading;
//! the partner's own text stays the source of truth ([`crate::Manifest::text`]).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Fields Plumbline does not know, kept as they were.
pub type Extra = IndexMap<String, Value>;

/// A manifest in schema 4.1 (4.0 reads the same).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestV4 {
    pub schema_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_manifest: Option<AppIdentity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_installation_instruction: Option<PostInstallation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fullscreen: Option<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidepanel: Option<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `app_manifest`: the id and name the portal assigns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppIdentity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Some 3.x manifests carry their version here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What company admins are told after installing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostInstallation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A link with its label (`post_installation_instruction.page`, a property's `support_link`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A 4.1 embedded component: `fullscreen` or `sidepanel` (which has `views`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_configuration: Option<UserConfiguration>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `user_configuration` (4.1) or `configuration` (3.x): what a company admin fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<ConfigSchema>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The JSON-Schema-like object describing the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigSchema {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<IndexMap<String, Property>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One setting of a component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_link: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The service-account (DMSA) tool permissions: tool name to level, per scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Permissions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<IndexMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<IndexMap<String, String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A legacy 3.x manifest: components as instance lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestV3 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_manifest: Option<AppIdentity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<ComponentsV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_installation_instruction: Option<PostInstallation>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `components` of a 3.x manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentsV3 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<Instances<OauthInstance>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iframe: Option<Instances<IframeInstance>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"instances": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instances<T> {
    #[serde(default = "Vec::new")]
    pub instances: Vec<T>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The 3.x OAuth instance (at most one): how the app gets its tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OauthInstance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A 3.x embedded instance: a full-screen page or a side panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IframeInstance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iframe_src: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<UserConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which schema a manifest is written in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Document {
    V4(Box<ManifestV4>),
    V3(Box<ManifestV3>),
}
