//! Deprecation signals Procore sent on the responses Plumbline received: the raw material of
//! the deprecation watch.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, UnixMillis};

/// One route's `Deprecation` / `Sunset` / `Link` headers, as last seen for one app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeprecationSignal {
    pub app_id: AppId,
    /// `GET`, `POST`…
    pub method: String,
    /// The request path, e.g. `/rest/v1.0/companies`.
    pub path: String,
    /// The route said it is deprecated (`Deprecation: true` or a date).
    pub deprecated: bool,
    /// When it was (or will be) deprecated, when the header gave a date.
    pub deprecated_at: Option<UnixMillis>,
    /// When it stops working (`Sunset`).
    pub sunset_at: Option<UnixMillis>,
    /// Where Procore explains it (`Link rel="deprecation"` or `rel="sunset"`).
    pub link: Option<String>,
    pub first_seen: UnixMillis,
    pub last_seen: UnixMillis,
}
