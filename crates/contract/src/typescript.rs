use ts_rs::TS;

use crate::alerts::{
    AlertArgs, AlertChart, AlertChartDay, AlertInbox, AlertMute, AlertOpened, AlertSettings,
    ListAlertsArgs, QuietHoursSetting, SetAlertStateArgs, SetMuteArgs, SetQuietHoursArgs,
    SnoozeArgs, SurgeState, SurgeWatch,
};
use crate::commands::{
    AddAppArgs, AppArgs, AppInfo, AppInstallations, BeginSignInArgs, BootState, ConnectAccountArgs,
    FinishSignInArgs, FirstPaintArgs, IpcError, PageMark, RemoveAppArgs, SignInMethod,
    SignInStarted, UpdateAppArgs, command_table,
};
use crate::deprecations::{
    AppDeprecations, AppSunset, ReferenceChecked, ScanFolderArgs, SourceScan,
};
use crate::metrics::{
    AddAnnotationArgs, AppSparkline, ImportFileArgs, ImportPreview, ImportProgress, MetricsView,
    PortfolioTrendArgs, PortfolioTrends, RemoveAnnotationArgs, TrendArgs,
};
use plumbline_deprecations::{
    ApiHealth, HealthDaySummary, HealthRoute, RouteExposure, RouteStatus, SeenIn,
};
use plumbline_domain::{
    AccountEndpoints, AccountError, App, AppId, AppPatch, ConnectionOverview, Environment,
    ErrorCode, GrantType, InstallationEvent, InstallationKind, InstalledCompany, NewApp,
    RateSnapshot, Role, UnixMillis,
};
use plumbline_domain::{Alert, AlertKind, AlertSeverity, AlertState, Delivery};
use plumbline_domain::{
    Annotation, AnnotationKind, DailyMetric, Day, ImportKind, ImportRecord, MetricSource,
};
use plumbline_domain::{
    DateChange, DeprecationEvent, DeprecationEventKind, FactChange, ReferenceKind,
    ReferenceRevision, UseSource,
};
use plumbline_ingest::{ColumnMapping, ImportOutcome, Preview, Progress};
use plumbline_trends::{
    Granularity, Totals, Trend, TrendMetric, TrendPoint, TrendQuery, TrendScope,
};

/// Where the generated file lives, relative to the workspace root.
pub const GENERATED_TS_PATH: &str = "ui/src/ipc/contract.ts";

/// The TypeScript declarations of the whole contract, as committed in [`GENERATED_TS_PATH`].
pub fn typescript() -> String {
    // JSON numbers: ids and times stay far below 2^53, so `number` is exact.
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        UnixMillis::decl(&cfg),
        AppId::decl(&cfg),
        Environment::decl(&cfg),
        Role::decl(&cfg),
        App::decl(&cfg),
        NewApp::decl(&cfg),
        AppPatch::decl(&cfg),
        ErrorCode::decl(&cfg),
        AccountError::decl(&cfg),
        RateSnapshot::decl(&cfg),
        InstalledCompany::decl(&cfg),
        InstallationKind::decl(&cfg),
        InstallationEvent::decl(&cfg),
        IpcError::decl(&cfg),
        AppInfo::decl(&cfg),
        BootState::decl(&cfg),
        AddAppArgs::decl(&cfg),
        UpdateAppArgs::decl(&cfg),
        RemoveAppArgs::decl(&cfg),
        AppArgs::decl(&cfg),
        FirstPaintArgs::decl(&cfg),
        PageMark::decl(&cfg),
        AccountEndpoints::decl(&cfg),
        ConnectAccountArgs::decl(&cfg),
        GrantType::decl(&cfg),
        BeginSignInArgs::decl(&cfg),
        SignInMethod::decl(&cfg),
        SignInStarted::decl(&cfg),
        FinishSignInArgs::decl(&cfg),
        crate::commands::InstallationBaseline::decl(&cfg),
        AppInstallations::decl(&cfg),
        ConnectionOverview::decl(&cfg),
        Day::decl(&cfg),
        DailyMetric::decl(&cfg),
        MetricSource::decl(&cfg),
        ImportKind::decl(&cfg),
        ImportRecord::decl(&cfg),
        AnnotationKind::decl(&cfg),
        Annotation::decl(&cfg),
        TrendMetric::decl(&cfg),
        Granularity::decl(&cfg),
        TrendScope::decl(&cfg),
        TrendQuery::decl(&cfg),
        TrendPoint::decl(&cfg),
        Totals::decl(&cfg),
        Trend::decl(&cfg),
        ColumnMapping::decl(&cfg),
        Preview::decl(&cfg),
        Progress::decl(&cfg),
        ImportOutcome::decl(&cfg),
        TrendArgs::decl(&cfg),
        MetricsView::decl(&cfg),
        PortfolioTrendArgs::decl(&cfg),
        AppSparkline::decl(&cfg),
        PortfolioTrends::decl(&cfg),
        ImportFileArgs::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportProgress::decl(&cfg),
        AddAnnotationArgs::decl(&cfg),
        RemoveAnnotationArgs::decl(&cfg),
        ReferenceKind::decl(&cfg),
        ReferenceRevision::decl(&cfg),
        FactChange::decl(&cfg),
        DateChange::decl(&cfg),
        UseSource::decl(&cfg),
        DeprecationEventKind::decl(&cfg),
        DeprecationEvent::decl(&cfg),
        RouteStatus::decl(&cfg),
        SeenIn::decl(&cfg),
        RouteExposure::decl(&cfg),
        HealthDaySummary::decl(&cfg),
        HealthRoute::decl(&cfg),
        ApiHealth::decl(&cfg),
        SourceScan::decl(&cfg),
        AppDeprecations::decl(&cfg),
        ScanFolderArgs::decl(&cfg),
        ReferenceChecked::decl(&cfg),
        AppSunset::decl(&cfg),
        AlertKind::decl(&cfg),
        AlertSeverity::decl(&cfg),
        AlertState::decl(&cfg),
        Delivery::decl(&cfg),
        Alert::decl(&cfg),
        AlertOpened::decl(&cfg),
        ListAlertsArgs::decl(&cfg),
        AlertInbox::decl(&cfg),
        SetAlertStateArgs::decl(&cfg),
        AlertMute::decl(&cfg),
        SetMuteArgs::decl(&cfg),
        QuietHoursSetting::decl(&cfg),
        SetQuietHoursArgs::decl(&cfg),
        SnoozeArgs::decl(&cfg),
        AlertSettings::decl(&cfg),
        SurgeState::decl(&cfg),
        SurgeWatch::decl(&cfg),
        AlertArgs::decl(&cfg),
        AlertChartDay::decl(&cfg),
        AlertChart::decl(&cfg),
        crate::desktop::TrayStatus::decl(&cfg),
        crate::desktop::DesktopSettings::decl(&cfg),
        crate::desktop::SetDesktopSettingsArgs::decl(&cfg),
        plumbline_domain::Distribution::decl(&cfg),
        plumbline_domain::VersionState::decl(&cfg),
        plumbline_domain::VersionAction::decl(&cfg),
        plumbline_domain::VersionTransition::decl(&cfg),
        plumbline_domain::AppVersion::decl(&cfg),
        plumbline_manifest::Finding::decl(&cfg),
        plumbline_manifest::Report::decl(&cfg),
        plumbline_manifest::ChangeKind::decl(&cfg),
        crate::versions::VersionArgs::decl(&cfg),
        crate::versions::VersionsView::decl(&cfg),
        crate::versions::VersionSummary::decl(&cfg),
        crate::versions::VersionDetail::decl(&cfg),
        crate::versions::ActionSteps::decl(&cfg),
        crate::versions::LintManifestArgs::decl(&cfg),
        crate::versions::CreateVersionArgs::decl(&cfg),
        crate::versions::EditVersionArgs::decl(&cfg),
        crate::versions::SavedVersion::decl(&cfg),
        crate::versions::RecordVersionActionArgs::decl(&cfg),
        crate::versions::DiffVersionsArgs::decl(&cfg),
        crate::versions::VersionChangeView::decl(&cfg),
        crate::versions::PromotionPlanView::decl(&cfg),
        plumbline_listing::MediaFormat::decl(&cfg),
        plumbline_listing::Contact::decl(&cfg),
        plumbline_listing::Pricing::decl(&cfg),
        plumbline_listing::HelpfulLink::decl(&cfg),
        plumbline_listing::RequiredTool::decl(&cfg),
        plumbline_listing::ListingDetails::decl(&cfg),
        plumbline_listing::ListingFinding::decl(&cfg),
        plumbline_listing::FieldCount::decl(&cfg),
        plumbline_listing::ListingReport::decl(&cfg),
        plumbline_listing::ListingChangeKind::decl(&cfg),
        plumbline_listing::ListingChange::decl(&cfg),
        crate::listing::ListingDraft::decl(&cfg),
        crate::listing::MediaView::decl(&cfg),
        crate::listing::ListingView::decl(&cfg),
        crate::listing::ListingDraftArgs::decl(&cfg),
        crate::listing::RemoveMediaArgs::decl(&cfg),
        crate::listing::MoveScreenshotArgs::decl(&cfg),
        crate::listing::FilesDirArgs::decl(&cfg),
        crate::listing::FilesOutcome::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/contract by `cargo run -p plumbline-contract --bin generate-ts`.\n\
         // Do not edit: change the Rust types and regenerate.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(decl.trim_end());
        out.push('\n');
    }
    out.push_str("\n/** Every command the shell answers: its arguments (sent as `{ args }`) and result. */\n");
    out.push_str("export interface Commands {\n");
    for (name, args, result) in command_table(&cfg) {
        let args = args.unwrap_or_else(|| "null".into());
        out.push_str(&format!(
            "  {name}: {{ args: {args}; result: {result} }};\n"
        ));
    }
    out.push_str("}\n\n/** The error codes, for exhaustive checks in the UI. */\n");
    out.push_str("export const ERROR_CODES: readonly ErrorCode[] = [");
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("\"{c:?}\""))
        .collect();
    out.push_str(&codes.join(", "));
    out.push_str("];\n\n/** The longest app name the store accepts. */\n");
    out.push_str(&format!(
        "export const DISPLAY_NAME_MAX_CHARS = {};\n",
        plumbline_domain::DISPLAY_NAME_MAX_CHARS
    ));
    out.push_str(&format!(
        "\n/** Emitted when a background sync changed what the Portfolio shows. */\nexport const CONNECTIONS_CHANGED_EVENT = \"{}\";\n",
        crate::commands::CONNECTIONS_CHANGED_EVENT
    ));
    out.push_str(&format!(
        "\n/** Emitted with an ImportProgress while a file is read. */\nexport const IMPORT_PROGRESS_EVENT = \"{}\";\n",
        crate::metrics::IMPORT_PROGRESS_EVENT
    ));
    out.push_str(&format!(
        "\n/** Emitted when alerts were recorded or changed without the window asking. */\nexport const ALERTS_CHANGED_EVENT = \"{}\";\n",
        crate::alerts::ALERTS_CHANGED_EVENT
    ));
    out.push_str(&format!(
        "\n/** Emitted with an AlertOpened when a notification is clicked. */\nexport const ALERT_OPENED_EVENT = \"{}\";\n",
        crate::alerts::ALERT_OPENED_EVENT
    ));
    out.push_str(&format!(
        "\n/** Emitted when the deprecation watch's data changed without the window asking. */\nexport const DEPRECATIONS_CHANGED_EVENT = \"{}\";\n",
        crate::deprecations::DEPRECATIONS_CHANGED_EVENT
    ));
    out.push_str(&format!(
        "\n/** Emitted when numbers changed without the window asking. */\nexport const METRICS_CHANGED_EVENT = \"{}\";\n",
        crate::metrics::METRICS_CHANGED_EVENT
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn committed_typescript_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(GENERATED_TS_PATH);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == typescript(),
            "{} is stale: run `cargo run -p plumbline-contract --bin generate-ts` and commit it",
            path.display()
        );
    }

    #[test]
    fn error_codes_serialize_as_their_names() {
        // ERROR_CODES is written from Debug; the wire format is serde's. They must agree.
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{code:?}\"")
            );
        }
        assert!(typescript().contains("export type ErrorCode = \"Offline\" | \"Unauthorized\""));
    }

    #[test]
    fn app_fields_are_camel_case_in_both_languages() {
        let ts = typescript();
        assert!(ts.contains("displayName: string"), "{ts}");
        assert!(
            ts.contains("add_app: { args: AddAppArgs; result: App }"),
            "{ts}"
        );
    }
}
