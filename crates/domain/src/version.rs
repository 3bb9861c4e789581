//! App versions and their lifecycle, as the Developer Portal runs them
//! (`building_apps_create_new.md`, `building_apps_promote_manifest.md`): created Ready for
//! Testing, promoted to production with release notes, and for Marketplace apps submitted
//! for review, then approved, rejected or withdrawn. Custom apps skip review.
//!
//! The portal has no API, so each move is the partner recording what they did there; these
//! rules decide which moves Plumbline offers.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, Invalid, Role, UnixMillis};

/// A version number `x.y.z` (the portal's "semantic version"): three numbers, compared as
/// numbers, so 1.10.0 comes after 1.9.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Semver {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Semver {
    /// Parses `x.y.z`; the message says what a partner should type instead.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        let refuse = || {
            format!(
                "\"{raw}\" is not a version number: the portal takes three numbers, such as 1.4.0."
            )
        };
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 {
            return Err(refuse());
        }
        let mut numbers = [0u32; 3];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            // Leading zeros ("01") are not semver, and a sign or space is not a number.
            if part.is_empty()
                || !part.bytes().all(|b| b.is_ascii_digit())
                || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(refuse());
            }
            *slot = part.parse().map_err(|_| refuse())?;
        }
        let [major, minor, patch] = numbers;
        Ok(Self {
            major,
            minor,
            patch,
        })
    }
}

impl Ord for Semver {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch))
    }
}

impl PartialOrd for Semver {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Whether an app is listed on the Marketplace (reviewed) or a custom app (no review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Distribution {
    Marketplace,
    Custom,
}

impl Distribution {
    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::Marketplace => "marketplace",
            Distribution::Custom => "custom",
        }
    }
}

impl FromStr for Distribution {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "marketplace" => Ok(Distribution::Marketplace),
            "custom" => Ok(Distribution::Custom),
            _ => Err(Invalid(format!(
                "unknown distribution {s:?}: use marketplace or custom"
            ))),
        }
    }
}

/// Where a version stands in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum VersionState {
    ReadyForTesting,
    Promoted,
    InReview,
    Approved,
    Rejected,
    Withdrawn,
}

impl VersionState {
    pub const ALL: [VersionState; 6] = [
        VersionState::ReadyForTesting,
        VersionState::Promoted,
        VersionState::InReview,
        VersionState::Approved,
        VersionState::Rejected,
        VersionState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionState::ReadyForTesting => "ready_for_testing",
            VersionState::Promoted => "promoted",
            VersionState::InReview => "in_review",
            VersionState::Approved => "approved",
            VersionState::Rejected => "rejected",
            VersionState::Withdrawn => "withdrawn",
        }
    }

    /// The portal's words.
    pub fn label(self) -> &'static str {
        match self {
            VersionState::ReadyForTesting => "Ready for Testing",
            VersionState::Promoted => "Promoted",
            VersionState::InReview => "In Review",
            VersionState::Approved => "Approved",
            VersionState::Rejected => "Rejected",
            VersionState::Withdrawn => "Withdrawn",
        }
    }
}

impl FromStr for VersionState {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        VersionState::ALL
            .into_iter()
            .find(|v| v.as_str() == wanted)
            .ok_or_else(|| Invalid(format!("unknown version state {s:?}")))
    }
}

/// What a partner records having done in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum VersionAction {
    /// Promote Version (to production), with release notes.
    Promote,
    /// Submit for Review (Marketplace apps).
    Submit,
    /// The reviewers approved (their email says so).
    Approve,
    /// The reviewers rejected, with comments.
    Reject,
    /// Withdraw from Review.
    Withdraw,
}

impl VersionAction {
    pub const ALL: [VersionAction; 5] = [
        VersionAction::Promote,
        VersionAction::Submit,
        VersionAction::Approve,
        VersionAction::Reject,
        VersionAction::Withdraw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionAction::Promote => "promote",
            VersionAction::Submit => "submit",
            VersionAction::Approve => "approve",
            VersionAction::Reject => "reject",
            VersionAction::Withdraw => "withdraw",
        }
    }

    /// The button's words in the portal.
    pub fn label(self) -> &'static str {
        match self {
            VersionAction::Promote => "Promote Version",
            VersionAction::Submit => "Submit for Review",
            VersionAction::Approve => "Record approval",
            VersionAction::Reject => "Record rejection",
            VersionAction::Withdraw => "Withdraw from Review",
        }
    }

    /// The state the move leads to from `from`, when it is a move the portal allows for an
    /// app distributed so. Roles are checked apart ([`allowed_actions`]).
    pub fn target(self, from: VersionState, distribution: Distribution) -> Option<VersionState> {
        use VersionAction as A;
        use VersionState as S;
        let reviewed = distribution == Distribution::Marketplace;
        match (self, from) {
            (A::Promote, S::ReadyForTesting) => Some(S::Promoted),
            // A withdrawn version may be submitted again; a rejected one is fixed in a new
            // version (the portal reviews a version as it was submitted).
            (A::Submit, S::Promoted | S::Withdrawn) if reviewed => Some(S::InReview),
            (A::Approve, S::InReview) => Some(S::Approved),
            (A::Reject, S::InReview) => Some(S::Rejected),
            (A::Withdraw, S::InReview) => Some(S::Withdrawn),
            _ => None,
        }
    }
}

impl FromStr for VersionAction {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        VersionAction::ALL
            .into_iter()
            .find(|a| a.as_str() == wanted)
            .ok_or_else(|| Invalid(format!("unknown action {s:?}")))
    }
}

/// The moves offered on a version in this state to a partner with this role: none to a
/// Developer, who may view versions but not create, promote or submit them (§5).
pub fn allowed_actions(
    state: VersionState,
    distribution: Distribution,
    role: Role,
) -> Vec<VersionAction> {
    if !role.can_edit_versions_and_listing() {
        return Vec::new();
    }
    VersionAction::ALL
        .into_iter()
        .filter(|a| a.target(state, distribution).is_some())
        .collect()
}

/// Why a move is refused, in a sentence, or the state it leads to.
pub fn check_action(
    action: VersionAction,
    state: VersionState,
    distribution: Distribution,
    role: Role,
) -> Result<VersionState, Invalid> {
    if !role.can_edit_versions_and_listing() {
        return Err(Invalid(format!(
            "As a Developer on this app you may view versions but not {} them: ask an Owner or Admin, or change your role in the app's settings if it changed in the portal.",
            match action {
                VersionAction::Promote => "promote",
                VersionAction::Submit | VersionAction::Withdraw => "submit or withdraw",
                VersionAction::Approve | VersionAction::Reject => "record reviews of",
            }
        )));
    }
    if action == VersionAction::Submit && distribution == Distribution::Custom {
        return Err(Invalid(
            "Custom apps are not reviewed: a promoted version of a custom app is already live."
                .into(),
        ));
    }
    action.target(state, distribution).ok_or_else(|| {
        let offered = allowed_actions(state, distribution, role);
        let next = if offered.is_empty() {
            "nothing more can be done with it; create a new version".to_owned()
        } else {
            format!(
                "from there: {}",
                offered
                    .iter()
                    .map(|a| a.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Invalid(format!(
            "A version that is {} cannot be moved by {}; {next}.",
            state.label(),
            action.label()
        ))
    })
}

/// One recorded move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionTransition {
    /// `None` for the creation (Ready for Testing).
    pub action: Option<VersionAction>,
    pub state: VersionState,
    pub role: Role,
    pub at: UnixMillis,
    /// The reviewer's comments on a rejection.
    #[serde(default)]
    pub comments: Option<String>,
}

/// A stored version of an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppVersion {
    pub id: i64,
    pub app_id: AppId,
    pub version: String,
    pub state: VersionState,
    /// The manifest exactly as the partner wrote it.
    pub manifest: String,
    pub release_notes: String,
    pub created_at: UnixMillis,
    pub history: Vec<VersionTransition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_compares_as_numbers_and_refuses_what_the_portal_refuses() {
        let v = |s| Semver::parse(s).unwrap();
        assert!(v("1.10.0") > v("1.9.9"));
        assert!(v("2.0.0") > v("1.99.99"));
        assert_eq!(v(" 1.4.0 ").to_string(), "1.4.0");
        for bad in [
            "1.4",
            "1.4.0.1",
            "v1.4.0",
            "1.4.x",
            "01.4.0",
            "1.-4.0",
            "",
            "1..0",
            "1.4.0-beta",
        ] {
            assert!(Semver::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn marketplace_versions_go_through_review() {
        use VersionAction as A;
        use VersionState as S;
        let m = Distribution::Marketplace;
        assert_eq!(
            allowed_actions(S::ReadyForTesting, m, Role::Owner),
            [A::Promote]
        );
        assert_eq!(allowed_actions(S::Promoted, m, Role::Admin), [A::Submit]);
        assert_eq!(
            allowed_actions(S::InReview, m, Role::Owner),
            [A::Approve, A::Reject, A::Withdraw]
        );
        assert_eq!(allowed_actions(S::Withdrawn, m, Role::Owner), [A::Submit]);
        assert!(allowed_actions(S::Approved, m, Role::Owner).is_empty());
        assert!(allowed_actions(S::Rejected, m, Role::Owner).is_empty());
        let refused = check_action(A::Approve, S::ReadyForTesting, m, Role::Owner).unwrap_err();
        assert!(
            refused.0.contains("Ready for Testing") && refused.0.contains("Promote Version"),
            "{refused}"
        );
    }

    #[test]
    fn custom_apps_skip_review() {
        let c = Distribution::Custom;
        assert_eq!(
            allowed_actions(VersionState::ReadyForTesting, c, Role::Owner),
            [VersionAction::Promote]
        );
        assert!(allowed_actions(VersionState::Promoted, c, Role::Owner).is_empty());
        let refused = check_action(
            VersionAction::Submit,
            VersionState::Promoted,
            c,
            Role::Owner,
        )
        .unwrap_err();
        assert!(refused.0.contains("not reviewed"), "{refused}");
    }

    #[test]
    fn developers_may_only_view() {
        for state in VersionState::ALL {
            assert!(allowed_actions(state, Distribution::Marketplace, Role::Developer).is_empty());
        }
        let refused = check_action(
            VersionAction::Promote,
            VersionState::ReadyForTesting,
            Distribution::Marketplace,
            Role::Developer,
        )
        .unwrap_err();
        assert!(refused.0.contains("Developer"), "{refused}");
        assert_eq!(
            check_action(
                VersionAction::Promote,
                VersionState::ReadyForTesting,
                Distribution::Marketplace,
                Role::Admin
            ),
            Ok(VersionState::Promoted)
        );
    }
}
