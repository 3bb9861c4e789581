use plumbline_domain::{AppId, AppPatch, ErrorCode, NewApp};

use crate::metrics::{
    AddAnnotationArgs, ImportFileArgs, ImportPreview, MetricsView, PortfolioTrendArgs,
    PortfolioTrends, RemoveAnnotationArgs, TrendArgs,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every error that crosses IPC: a stable code to branch on and a message to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// What the window shows about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Plumbline's version.
    pub version: String,
    /// The profile's database file.
    pub database_path: String,
    /// The folder holding the log file.
    pub log_dir: String,
    /// True while no Procore account is configured and the demo portfolio is shown.
    pub demo_mode: bool,
}

/// What the window needs for its first screen, handed to the page before its scripts run
/// (as `window.__PLUMBLINE_BOOT__`) so the Portfolio paints without waiting on IPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BootState {
    pub info: AppInfo,
    pub apps: Vec<plumbline_domain::App>,
    /// The desktop's interface font family ("Cantarell", "Ubuntu", or a CSS generic family
    /// such as "sans-serif"), when the shell knows it. The page draws in it; without it the
    /// page falls back to `system-ui`.
    pub ui_font: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddAppArgs {
    pub app: NewApp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateAppArgs {
    pub id: AppId,
    pub patch: AppPatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemoveAppArgs {
    pub id: AppId,
}

/// An app's installations as the last snapshot saw them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInstallations {
    /// Whether the app is connected to Procore.
    pub connected: bool,
    /// How it signs in; only service-account (client-credentials) apps can list the
    /// companies where they are installed.
    pub grant: Option<plumbline_domain::GrantType>,
    pub last_sync_at: Option<plumbline_domain::UnixMillis>,
    /// The last sync's failure, in the partner's words.
    pub last_error: Option<plumbline_domain::AccountError>,
    pub rate: Option<plumbline_domain::RateSnapshot>,
    /// Companies where the app is installed, by name.
    pub companies: Vec<plumbline_domain::InstalledCompany>,
    /// The most recent installs and uninstalls, newest first (the baseline is not among them).
    pub recent_events: Vec<plumbline_domain::InstallationEvent>,
    /// The companies that already had the app when tracking began, as one line.
    pub baseline: Option<InstallationBaseline>,
}

/// The first snapshot: how many companies already had the app, and when it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstallationBaseline {
    pub companies: u32,
    pub at: plumbline_domain::UnixMillis,
}

/// The page's own account of its first paint, for the start-up benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirstPaintArgs {
    /// Milliseconds from the start of the page's navigation to the end of its first paint
    /// (`performance.now()`), so the benchmark can tell the page's share from the process's.
    pub page_ms: f64,
    /// Where those milliseconds went: the page's own marks and its files' arrivals, in the
    /// same clock. The shell prints them with `PLUMBLINE_TRACE_STARTUP`.
    #[serde(default)]
    pub marks: Vec<PageMark>,
}

/// One moment in the page's start-up, in milliseconds since its navigation started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageMark {
    pub name: String,
    pub ms: f64,
}

/// Names one app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppArgs {
    pub id: AppId,
}

/// Connect a service-account app. The secret travels only from the UI to the shell, which
/// checks it with Procore and keeps it in the OS keychain; no response ever contains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectAccountArgs {
    pub id: AppId,
    pub endpoints: plumbline_domain::AccountEndpoints,
    pub client_id: String,
    pub client_secret: String,
}

/// Start a Procore user sign-in (authorization code, out-of-band): the shell remembers the
/// credentials until the code comes back, and answers the page to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeginSignInArgs {
    pub id: AppId,
    pub endpoints: plumbline_domain::AccountEndpoints,
    pub client_id: String,
    pub client_secret: String,
    pub method: SignInMethod,
}

/// How Procore's answer comes back to Plumbline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SignInMethod {
    /// The system browser opens Procore's page; after Authorize, Procore redirects to a
    /// one-shot listener on 127.0.0.1 at the port registered for Plumbline.
    Browser,
    /// Procore's page shows a code that the partner pastes into Plumbline (out-of-band).
    PasteCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    /// Procore's authorization page, to open (again) or copy if the browser did not show it.
    pub authorization_url: String,
    /// The system browser was asked to open the page (browser sign-in only).
    pub browser_opened: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinishSignInArgs {
    pub id: AppId,
    /// The pasted code; `None` for a browser sign-in, which waits for Procore's redirect.
    pub code: Option<String>,
}

/// Emitted by the shell (no payload) when a background sync changed what the Portfolio shows.
pub const CONNECTIONS_CHANGED_EVENT: &str = "connections-changed";

/// The command table: name, argument type (`None` for no arguments) and result type, as
/// TypeScript names. The shell registers exactly these names; a test in `src-tauri` checks it.
pub(crate) fn command_table(cfg: &ts_rs::Config) -> Vec<(&'static str, Option<String>, String)> {
    use plumbline_domain::App;
    fn n<T: TS>(cfg: &ts_rs::Config) -> String {
        T::name(cfg)
    }
    vec![
        ("app_info", None, n::<AppInfo>(cfg)),
        ("list_apps", None, n::<Vec<App>>(cfg)),
        ("add_app", Some(n::<AddAppArgs>(cfg)), n::<App>(cfg)),
        ("update_app", Some(n::<UpdateAppArgs>(cfg)), n::<App>(cfg)),
        ("remove_app", Some(n::<RemoveAppArgs>(cfg)), "null".into()),
        ("remove_demo_data", None, "number".into()),
        (
            "app_installations",
            Some(n::<AppArgs>(cfg)),
            n::<AppInstallations>(cfg),
        ),
        (
            "connect_account",
            Some(n::<ConnectAccountArgs>(cfg)),
            n::<AppInstallations>(cfg),
        ),
        (
            "sync_app_now",
            Some(n::<AppArgs>(cfg)),
            n::<AppInstallations>(cfg),
        ),
        (
            "disconnect_account",
            Some(n::<AppArgs>(cfg)),
            n::<AppInstallations>(cfg),
        ),
        (
            "begin_sign_in",
            Some(n::<BeginSignInArgs>(cfg)),
            n::<SignInStarted>(cfg),
        ),
        (
            "finish_sign_in",
            Some(n::<FinishSignInArgs>(cfg)),
            n::<AppInstallations>(cfg),
        ),
        ("cancel_sign_in", Some(n::<AppArgs>(cfg)), "null".into()),
        (
            "portfolio_connections",
            None,
            n::<Vec<plumbline_domain::ConnectionOverview>>(cfg),
        ),
        (
            "metrics_trend",
            Some(n::<TrendArgs>(cfg)),
            n::<MetricsView>(cfg),
        ),
        (
            "portfolio_trends",
            Some(n::<PortfolioTrendArgs>(cfg)),
            n::<PortfolioTrends>(cfg),
        ),
        (
            "preview_import",
            Some(n::<ImportFileArgs>(cfg)),
            n::<ImportPreview>(cfg),
        ),
        (
            "import_csv",
            Some(n::<ImportFileArgs>(cfg)),
            n::<plumbline_ingest::ImportOutcome>(cfg),
        ),
        // Raw-body commands (the bytes of a file, its name in `x-file-name`): called through
        // `sendFile` in ui/src/ipc, never through `call`.
        ("stage_import_file", Some("never".into()), "string".into()),
        ("save_export", Some("never".into()), "string".into()),
        (
            "add_annotation",
            Some(n::<AddAnnotationArgs>(cfg)),
            n::<plumbline_domain::Annotation>(cfg),
        ),
        (
            "remove_annotation",
            Some(n::<RemoveAnnotationArgs>(cfg)),
            "null".into(),
        ),
        (
            "app_deprecations",
            Some(n::<AppArgs>(cfg)),
            n::<crate::AppDeprecations>(cfg),
        ),
        (
            "check_reference",
            Some(n::<AppArgs>(cfg)),
            n::<crate::ReferenceChecked>(cfg),
        ),
        (
            "scan_folder",
            Some(n::<crate::ScanFolderArgs>(cfg)),
            n::<crate::AppDeprecations>(cfg),
        ),
        ("pick_folder", None, "string | null".into()),
        ("portfolio_sunsets", None, n::<Vec<crate::AppSunset>>(cfg)),
        (
            "list_alerts",
            Some(n::<crate::ListAlertsArgs>(cfg)),
            n::<crate::AlertInbox>(cfg),
        ),
        (
            "set_alert_state",
            Some(n::<crate::SetAlertStateArgs>(cfg)),
            "null".into(),
        ),
        ("alert_settings", None, n::<crate::AlertSettings>(cfg)),
        (
            "surge_watch",
            Some(n::<AppArgs>(cfg)),
            n::<Vec<crate::SurgeWatch>>(cfg),
        ),
        (
            "alert_chart",
            Some(n::<crate::AlertArgs>(cfg)),
            n::<Option<crate::AlertChart>>(cfg),
        ),
        (
            "set_alert_mute",
            Some(n::<crate::SetMuteArgs>(cfg)),
            n::<crate::AlertSettings>(cfg),
        ),
        (
            "set_quiet_hours",
            Some(n::<crate::SetQuietHoursArgs>(cfg)),
            n::<crate::AlertSettings>(cfg),
        ),
        (
            "snooze_alerts",
            Some(n::<crate::SnoozeArgs>(cfg)),
            n::<crate::AlertSettings>(cfg),
        ),
        ("desktop_settings", None, n::<crate::DesktopSettings>(cfg)),
        (
            "set_desktop_settings",
            Some(n::<crate::SetDesktopSettingsArgs>(cfg)),
            n::<crate::DesktopSettings>(cfg),
        ),
        (
            "list_versions",
            Some(n::<AppArgs>(cfg)),
            n::<crate::VersionsView>(cfg),
        ),
        (
            "version_detail",
            Some(n::<crate::VersionArgs>(cfg)),
            n::<crate::VersionDetail>(cfg),
        ),
        (
            "lint_manifest",
            Some(n::<crate::LintManifestArgs>(cfg)),
            n::<plumbline_manifest::Report>(cfg),
        ),
        (
            "create_version",
            Some(n::<crate::CreateVersionArgs>(cfg)),
            n::<crate::SavedVersion>(cfg),
        ),
        (
            "edit_version",
            Some(n::<crate::EditVersionArgs>(cfg)),
            n::<crate::SavedVersion>(cfg),
        ),
        (
            "promotion_plan",
            Some(n::<crate::VersionArgs>(cfg)),
            n::<crate::PromotionPlanView>(cfg),
        ),
        (
            "record_version_action",
            Some(n::<crate::RecordVersionActionArgs>(cfg)),
            n::<plumbline_domain::AppVersion>(cfg),
        ),
        (
            "diff_versions",
            Some(n::<crate::DiffVersionsArgs>(cfg)),
            n::<Vec<crate::VersionChangeView>>(cfg),
        ),
        (
            "listing_view",
            Some(n::<AppArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        (
            "precheck_listing",
            Some(n::<crate::ListingDraftArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        (
            "save_listing",
            Some(n::<crate::ListingDraftArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        // Raw body: the file's bytes, with `x-file-name`, `x-app-id` and `x-media-role`.
        (
            "add_listing_media",
            Some("never".into()),
            n::<crate::ListingView>(cfg),
        ),
        (
            "remove_listing_media",
            Some(n::<crate::RemoveMediaArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        (
            "move_screenshot",
            Some(n::<crate::MoveScreenshotArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        (
            "submit_listing",
            Some(n::<AppArgs>(cfg)),
            n::<crate::ListingView>(cfg),
        ),
        (
            "save_listing_preview",
            Some(n::<AppArgs>(cfg)),
            "string".into(),
        ),
        (
            "export_files",
            Some(n::<crate::FilesDirArgs>(cfg)),
            n::<crate::FilesOutcome>(cfg),
        ),
        (
            "import_files",
            Some(n::<crate::FilesDirArgs>(cfg)),
            n::<crate::FilesOutcome>(cfg),
        ),
        (
            "mark_first_paint",
            Some(n::<FirstPaintArgs>(cfg)),
            "null".into(),
        ),
    ]
}

/// The names of every command the shell must register.
pub fn command_names() -> Vec<&'static str> {
    command_table(&ts_rs::Config::new())
        .into_iter()
        .map(|(name, _, _)| name)
        .collect()
}
