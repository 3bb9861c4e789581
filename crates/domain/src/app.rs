use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Distribution, Invalid, UnixMillis};

/// Longest display name Plumbline accepts. Procore's own Marketplace name limit is 30
/// characters, but a portfolio entry may be an internal or custom app with a longer name, so
/// the store allows more while still refusing absurd input (a pasted document, say).
pub const DISPLAY_NAME_MAX_CHARS: usize = 120;

/// Plumbline's own identifier for an app in the partner's portfolio (a SQLite rowid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(type = "number")]
pub struct AppId(pub i64);

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The Procore environment an app lives in (`../shared/procore-platform.md` §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Environment {
    Production,
    DeveloperSandbox,
    MonthlySandbox,
    Federal,
}

impl Environment {
    pub const ALL: [Environment; 4] = [
        Environment::Production,
        Environment::DeveloperSandbox,
        Environment::MonthlySandbox,
        Environment::Federal,
    ];

    /// The stable spelling used in the database, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::DeveloperSandbox => "developer-sandbox",
            Environment::MonthlySandbox => "monthly-sandbox",
            Environment::Federal => "federal",
        }
    }

    /// How Procore's documentation names the environment.
    pub fn label(self) -> &'static str {
        match self {
            Environment::Production => "Production",
            Environment::DeveloperSandbox => "Developer Sandbox",
            Environment::MonthlySandbox => "Monthly Sandbox",
            Environment::Federal => "Federal (FedRAMP)",
        }
    }
}

impl FromStr for Environment {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Environment::ALL
            .into_iter()
            .find(|e| e.as_str() == wanted || (wanted == "sandbox" && *e == Environment::DeveloperSandbox))
            .ok_or_else(|| {
                Invalid(format!(
                    "unknown environment {s:?}: use one of production, developer-sandbox, monthly-sandbox, federal"
                ))
            })
    }
}

/// The partner's collaborator role on an app in the Developer Portal
/// (`building_apps_manage_collabs.md`): it decides what they may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Role {
    Owner,
    Admin,
    Developer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Admin, Role::Developer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Developer => "developer",
        }
    }

    /// Owners and Admins may create, modify and publish manifests and edit the listing;
    /// Developers may only view them.
    pub fn can_edit_versions_and_listing(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

impl FromStr for Role {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| {
                Invalid(format!(
                    "unknown role {s:?}: use one of owner, admin, developer"
                ))
            })
    }
}

/// A display name that has passed validation: trimmed, not empty, at most
/// [`DISPLAY_NAME_MAX_CHARS`] characters, no control characters. Any other text (markup
/// included) is allowed: it is data, and every view shows it as inert text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid(
                "The app name is empty: type the name partners know the app by.".into(),
            ));
        }
        let chars = name.chars().count();
        if chars > DISPLAY_NAME_MAX_CHARS {
            return Err(Invalid(format!(
                "The app name is {chars} characters long; the limit is {DISPLAY_NAME_MAX_CHARS}. Shorten it."
            )));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid(
                "The app name contains a line break or another control character; use a single line of text."
                    .into(),
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// An app in the partner's portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct App {
    pub id: AppId,
    pub display_name: String,
    /// The app's id in the Developer Portal, when the partner has entered it.
    pub procore_app_id: Option<String>,
    /// The OAuth client id (public; the secret never leaves the keychain).
    pub client_id: Option<String>,
    pub environment: Environment,
    pub role: Role,
    /// Seeded sample data shown in demo mode, never the partner's own.
    pub demo: bool,
    pub created_at: UnixMillis,
    pub updated_at: UnixMillis,
    /// Listed on the Marketplace (reviewed) or a custom app (not reviewed).
    pub distribution: Distribution,
}

/// What it takes to add an app to the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewApp {
    pub display_name: String,
    #[serde(default)]
    pub procore_app_id: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    pub environment: Environment,
    pub role: Role,
}

impl NewApp {
    /// An app with just a name: production, the partner its Owner (what a partner adding their
    /// own app usually means; the CLI's defaults too).
    pub fn named(display_name: &str) -> Self {
        Self {
            display_name: display_name.to_owned(),
            procore_app_id: None,
            client_id: None,
            environment: Environment::Production,
            role: Role::Owner,
        }
    }
}

/// A partial update: fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppPatch {
    #[serde(default)]
    #[ts(optional)]
    pub display_name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub environment: Option<Environment>,
    #[serde(default)]
    #[ts(optional)]
    pub role: Option<Role>,
    #[serde(default)]
    #[ts(optional)]
    pub distribution: Option<Distribution>,
}

/// Procore ids and client ids are opaque tokens: trim them, drop empty ones, and refuse
/// whitespace or control characters inside, which only ever come from a bad paste.
pub(crate) fn clean_identifier(label: &str, raw: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(value) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > 200 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Invalid(format!(
            "The {label} must be a single token without spaces, at most 200 characters; copy it again from the Developer Portal."
        )));
    }
    Ok(Some(value.to_owned()))
}

impl NewApp {
    /// Checks every field and returns the cleaned values the store writes.
    pub fn validate(&self) -> Result<ValidNewApp, Invalid> {
        Ok(ValidNewApp {
            display_name: DisplayName::parse(&self.display_name)?,
            procore_app_id: clean_identifier("Procore app id", self.procore_app_id.as_deref())?,
            client_id: clean_identifier("client id", self.client_id.as_deref())?,
            environment: self.environment,
            role: self.role,
        })
    }
}

/// A [`NewApp`] whose fields passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewApp {
    pub display_name: DisplayName,
    pub procore_app_id: Option<String>,
    pub client_id: Option<String>,
    pub environment: Environment,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_is_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Site Diary  ").map(DisplayName::into_string),
            Ok("Site Diary".into())
        );
        let at_limit = "é".repeat(DISPLAY_NAME_MAX_CHARS);
        assert!(
            DisplayName::parse(&at_limit).is_ok(),
            "the limit counts characters, not bytes"
        );
        let err = DisplayName::parse(&"x".repeat(10_000)).unwrap_err();
        assert!(
            err.0.contains("10000 characters") && err.0.contains("limit is 120"),
            "{err}"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("two\nlines").is_err());
    }

    #[test]
    fn markup_is_just_text() {
        let name = DisplayName::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(name.as_str(), "<script>alert(1)</script>");
    }

    #[test]
    fn environment_and_role_parse_loosely_and_print_stably() {
        assert_eq!(
            "Developer_Sandbox".parse::<Environment>(),
            Ok(Environment::DeveloperSandbox)
        );
        assert_eq!(
            "sandbox".parse::<Environment>(),
            Ok(Environment::DeveloperSandbox)
        );
        assert_eq!(" ADMIN ".parse::<Role>(), Ok(Role::Admin));
        assert!(
            "moon"
                .parse::<Environment>()
                .unwrap_err()
                .0
                .contains("production")
        );
        for env in Environment::ALL {
            assert_eq!(env.as_str().parse::<Environment>(), Ok(env));
        }
        assert_eq!(
            serde_json::to_string(&Environment::MonthlySandbox).unwrap(),
            "\"monthlySandbox\""
        );
    }

    #[test]
    fn identifiers_refuse_bad_pastes() {
        assert_eq!(clean_identifier("client id", Some("  ")), Ok(None));
        assert_eq!(
            clean_identifier("client id", Some(" abc ")),
            Ok(Some("abc".into()))
        );
        assert!(clean_identifier("client id", Some("ab c")).is_err());
    }

    #[test]
    fn only_owners_and_admins_edit() {
        assert!(Role::Owner.can_edit_versions_and_listing());
        assert!(Role::Admin.can_edit_versions_and_listing());
        assert!(!Role::Developer.can_edit_versions_and_listing());
    }
}
