use plumbline_domain::Environment;
use url::Url;

use crate::ProcoreError;

/// Where a Procore environment's surfaces live (`oauth/oauth_endpoints.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The OAuth host: `/oauth/authorize`, `/oauth/token`, ….
    pub login: Url,
    /// The REST API host: `/rest/v1.0/…`.
    pub api: Url,
    /// The developer documentation host serving the API reference data.
    pub docs: Url,
}

/// A Procore environment, or custom base URLs (the simulator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcoreEnvironment {
    Known(Environment),
    Custom(Box<Endpoints>),
}

fn parse(label: &str, value: &str) -> Result<Url, ProcoreError> {
    let url = Url::parse(value.trim()).map_err(|e| {
        ProcoreError::Invalid(format!("the {label} URL {value:?} is not a URL ({e})"))
    })?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(ProcoreError::Invalid(format!(
            "the {label} URL {value:?} must be http(s) with a host"
        )));
    }
    Ok(url)
}

impl Endpoints {
    pub fn custom(login: &str, api: &str, docs: &str) -> Result<Self, ProcoreError> {
        Ok(Self {
            login: parse("login", login)?,
            api: parse("API", api)?,
            docs: parse("docs", docs)?,
        })
    }
}

impl ProcoreEnvironment {
    pub fn endpoints(&self) -> Endpoints {
        let (login, api) = match self {
            ProcoreEnvironment::Custom(e) => return (**e).clone(),
            ProcoreEnvironment::Known(Environment::Production) => {
                ("https://login.procore.com", "https://api.procore.com")
            }
            ProcoreEnvironment::Known(Environment::DeveloperSandbox) => (
                "https://login-sandbox.procore.com",
                "https://sandbox.procore.com",
            ),
            ProcoreEnvironment::Known(Environment::MonthlySandbox) => (
                "https://login-sandbox-monthly.procore.com",
                "https://api-monthly.procore.com",
            ),
            ProcoreEnvironment::Known(Environment::Federal) => {
                ("https://login.procoregov.com", "https://api.procoregov.com")
            }
        };
        // Static, known-good URLs: parsing cannot fail.
        let url = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!("static URL {s}"));
        Endpoints {
            login: url(login),
            api: url(api),
            docs: url("https://developers.procore.com"),
        }
    }
}
