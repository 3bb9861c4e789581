//! Faults a test or a demo can switch on: the misbehaviour a real network and a busy Procore
//! show, on purpose and reproducibly (seeded).

use std::time::Duration;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Faults {
    /// Added to every response.
    pub latency_ms: u64,
    /// Share of API requests answered `503` with `Retry-After`.
    pub error_rate: f64,
    /// The first API request, and every `every`-th after it, starts a burst of `length`
    /// `429`s.
    pub burst_429_every: u64,
    pub burst_429_length: u64,
    /// Share of API responses whose body is cut off mid-way.
    pub truncate_rate: f64,
    /// Share of connections reset as soon as they are accepted.
    pub reset_rate: f64,
    /// Access tokens stop working after this many seconds although `expires_in` says 5400.
    pub revoke_tokens_after_secs: Option<u64>,
    /// The next `n` token responses are lost: the simulator rotates the tokens, then resets the
    /// connection before answering (the lost-refresh-response case).
    pub drop_token_responses: u64,
    /// After serving this page of `/rest/v1.0/companies`, the first company on it uninstalls,
    /// so the pages after it shift (a company vanishing mid-pagination).
    pub vanish_company_after_page: Option<u32>,
    /// Share of API responses that are `200` with malformed JSON.
    pub malformed_json_rate: f64,
    /// Share of API responses that are `200` with an HTML page (a captive portal, a proxy).
    pub html_page_rate: f64,
    /// Announce `/rest/v1.0/companies` as deprecated with `Deprecation`, `Sunset` and `Link`
    /// headers (RFC 9745 / RFC 8594), as a server that follows the standards would.
    pub announce_deprecation: bool,
}

impl Faults {
    pub fn latency(&self) -> Option<Duration> {
        (self.latency_ms > 0).then(|| Duration::from_millis(self.latency_ms))
    }
}
