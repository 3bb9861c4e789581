//! Which Procore tools an app's routes touch, for the least-privilege warnings.
//!
//! A DMSA app's `permissions` grant tools (Procore's tool names, as the permissions editor
//! writes them); its calls go to REST routes. This table says which route segments belong to
//! which tool. It is deliberately incomplete: a tool that is not in it is never warned about,
//! because Plumbline cannot tell whether the app needs it. Every segment is checked against
//! Procore's real operation list in the tests.

/// A tool and the route segments that belong to it.
pub const TOOL_SEGMENTS: &[(&str, &[&str])] = &[
    ("action_plans", &["action_plans"]),
    (
        "bidding",
        &["bid_packages", "bids", "bid_forms", "bid_board_projects"],
    ),
    (
        "budgeting",
        &[
            "budget_views",
            "budget_line_items",
            "budget_changes",
            "budget_modifications",
        ],
    ),
    ("change_events", &["change_events"]),
    (
        "change_orders",
        &[
            "change_order_packages",
            "prime_change_orders",
            "commitment_change_orders",
            "change_order_requests",
            "potential_change_orders",
        ],
    ),
    (
        "commitments",
        &[
            "purchase_order_contracts",
            "work_order_contracts",
            "commitment_contracts",
        ],
    ),
    (
        "correspondence",
        &["correspondences", "generic_tool_items", "generic_tools"],
    ),
    (
        "daily_log",
        &[
            "daily_logs",
            "manpower_logs",
            "weather_logs",
            "notes_logs",
            "delivery_logs",
            "equipment_logs",
            "work_logs",
            "call_logs",
            "visitor_logs",
        ],
    ),
    (
        "directory",
        &[
            "users",
            "vendors",
            "people",
            "distribution_groups",
            "directory",
        ],
    ),
    ("direct_costs", &["direct_costs"]),
    ("documents", &["folders", "files", "documents"]),
    (
        "drawings",
        &[
            "drawings",
            "drawing_areas",
            "drawing_sets",
            "drawing_revisions",
            "drawing_uploads",
        ],
    ),
    ("emails", &["emails", "email_communications"]),
    ("equipment", &["equipment_register", "managed_equipment"]),
    ("forms", &["forms", "form_templates"]),
    (
        "incidents",
        &["incidents", "injuries", "near_misses", "witness_statements"],
    ),
    (
        "inspections",
        &["checklist", "inspections", "inspection_templates"],
    ),
    (
        "invoicing",
        &["requisitions", "invoices", "payment_applications"],
    ),
    ("meetings", &["meetings", "meeting_topics"]),
    ("observations", &["observations"]),
    ("photos", &["images", "image_categories"]),
    ("prime_contracts", &["prime_contracts", "prime_contract"]),
    ("punch_list", &["punch_items", "punch_list"]),
    ("rfi", &["rfis"]),
    (
        "schedule",
        &[
            "schedule",
            "schedules",
            "tasks",
            "calendar_items",
            "lookaheads",
        ],
    ),
    (
        "specifications",
        &["specification_sections", "specification_areas"],
    ),
    ("submittals", &["submittals"]),
    ("timesheets", &["timesheets", "timecard_entries"]),
];

/// The tool's route segments, when the table knows the tool.
fn segments_of(tool: &str) -> Option<&'static [&'static str]> {
    let tool = tool.to_ascii_lowercase().replace([' ', '-'], "_");
    TOOL_SEGMENTS
        .iter()
        .find(|(name, _)| *name == tool)
        .map(|(_, segments)| *segments)
}

/// Whether least privilege can be judged for this tool at all.
pub fn is_known(tool: &str) -> bool {
    segments_of(tool).is_some()
}

/// Whether any of the routes (`GET /rest/v1.0/projects/{project_id}/rfis`, `/v1.0/rfis`, …)
/// touches the tool. Unknown tools count as touched: Plumbline cannot tell.
pub fn touched_by<S: AsRef<str>>(tool: &str, routes: &[S]) -> bool {
    let Some(segments) = segments_of(tool) else {
        return true;
    };
    routes.iter().any(|route| {
        let path = route.as_ref().rsplit(' ').next().unwrap_or_default();
        path.split('/')
            .filter(|s| !s.starts_with(['{', ':']))
            .any(|s| segments.contains(&s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_touch_their_tools() {
        let routes = [
            "GET /rest/v1.0/projects/{project_id}/rfis",
            "POST /v1.0/folders",
        ];
        assert!(touched_by("rfi", &routes));
        assert!(touched_by("documents", &routes));
        assert!(!touched_by("budgeting", &routes));
        assert!(
            !touched_by("Punch List", &routes),
            "names are matched loosely"
        );
        assert!(touched_by("some_tool_we_do_not_know", &routes));
        // A parameter named like a tool is not a use of it.
        assert!(!touched_by(
            "observations",
            &["GET /rest/v1.0/x/{observations}"]
        ));
    }

    #[test]
    fn every_segment_is_in_procores_real_operation_list() {
        let real = include_str!("../../deprecations/tests/data/procore-operations-2026-04.tsv");
        let segments: std::collections::HashSet<&str> = real
            .lines()
            .filter_map(|line| line.split('\t').nth(1))
            .flat_map(|path| path.split('/'))
            .collect();
        for (tool, tool_segments) in TOOL_SEGMENTS {
            for segment in *tool_segments {
                assert!(
                    segments.contains(segment),
                    "{tool}: {segment} is not a real route segment"
                );
            }
        }
    }
}
