// Generated from crates/contract by `cargo run -p plumbline-contract --bin generate-ts`.
// Do not edit: change the Rust types and regenerate.

export type UnixMillis = number;
export type AppId = number;
export type Environment = "production" | "developerSandbox" | "monthlySandbox" | "federal";
export type Role = "Owner" | "Admin" | "Developer";
export type App = { id: AppId, displayName: string, 
/**
 * The app's id in the Developer Portal, when the partner has entered it.
 */
procoreAppId: string | null, 
/**
 * The OAuth client id (public; the secret never leaves the keychain).
 */
clientId: string | null, environment: Environment, role: Role, 
/**
 * Seeded sample data shown in demo mode, never the partner's own.
 */
demo: boolean, createdAt: UnixMillis, updatedAt: UnixMillis, 
/**
 * Listed on the Marketplace (reviewed) or a custom app (not reviewed).
 */
distribution: Distribution, };
export type NewApp = { displayName: string, procoreAppId: string | null, clientId: string | null, environment: Environment, role: Role, };
export type AppPatch = { displayName?: string, environment?: Environment, role?: Role, distribution?: Distribution, };
export type ErrorCode = "Offline" | "Unauthorized" | "RateLimited" | "Conflict" | "Invalid" | "NotFound" | "Internal";
export type AccountError = { code: ErrorCode, message: string, at: UnixMillis, };
export type RateSnapshot = { limit: number, remaining: number, reset: UnixMillis, };
export type InstalledCompany = { companyId: number, name: string, isActive: boolean, since: UnixMillis, };
export type InstallationKind = "install" | "uninstall";
export type InstallationEvent = { id: number, appId: AppId, companyId: number, companyName: string, kind: InstallationKind, 
/**
 * True for companies already installed when tracking began: not an install that day.
 */
baseline: boolean, at: UnixMillis, };
export type IpcError = { code: ErrorCode, message: string, };
export type AppInfo = { 
/**
 * Plumbline's version.
 */
version: string, 
/**
 * The profile's database file.
 */
databasePath: string, 
/**
 * The folder holding the log file.
 */
logDir: string, 
/**
 * True while no Procore account is configured and the demo portfolio is shown.
 */
demoMode: boolean, };
export type BootState = { info: AppInfo, apps: Array<App>, 
/**
 * The desktop's interface font family ("Cantarell", "Ubuntu", or a CSS generic family
 * such as "sans-serif"), when the shell knows it. The page draws in it; without it the
 * page falls back to `system-ui`.
 */
uiFont: string | null, };
export type AddAppArgs = { app: NewApp, };
export type UpdateAppArgs = { id: AppId, patch: AppPatch, };
export type RemoveAppArgs = { id: AppId, };
export type AppArgs = { id: AppId, };
export type FirstPaintArgs = { 
/**
 * Milliseconds from the start of the page's navigation to the end of its first paint
 * (`performance.now()`), so the benchmark can tell the page's share from the process's.
 */
pageMs: number, 
/**
 * Where those milliseconds went: the page's own marks and its files' arrivals, in the
 * same clock. The shell prints them with `PLUMBLINE_TRACE_STARTUP`.
 */
marks: Array<PageMark>, };
export type PageMark = { name: string, ms: number, };
export type AccountEndpoints = { "kind": "known", environment: Environment, } | { "kind": "custom", loginUrl: string, apiUrl: string, docsUrl: string, };
export type ConnectAccountArgs = { id: AppId, endpoints: AccountEndpoints, clientId: string, clientSecret: string, };
export type GrantType = "clientCredentials" | "authorizationCode";
export type BeginSignInArgs = { id: AppId, endpoints: AccountEndpoints, clientId: string, clientSecret: string, method: SignInMethod, };
export type SignInMethod = "browser" | "pasteCode";
export type SignInStarted = { 
/**
 * Procore's authorization page, to open (again) or copy if the browser did not show it.
 */
authorizationUrl: string, 
/**
 * The system browser was asked to open the page (browser sign-in only).
 */
browserOpened: boolean, };
export type FinishSignInArgs = { id: AppId, 
/**
 * The pasted code; `None` for a browser sign-in, which waits for Procore's redirect.
 */
code: string | null, };
export type InstallationBaseline = { companies: number, at: UnixMillis, };
export type AppInstallations = { 
/**
 * Whether the app is connected to Procore.
 */
connected: boolean, 
/**
 * How it signs in; only service-account (client-credentials) apps can list the
 * companies where they are installed.
 */
grant: GrantType | null, lastSyncAt: UnixMillis | null, 
/**
 * The last sync's failure, in the partner's words.
 */
lastError: AccountError | null, rate: RateSnapshot | null, 
/**
 * Companies where the app is installed, by name.
 */
companies: Array<InstalledCompany>, 
/**
 * The most recent installs and uninstalls, newest first (the baseline is not among them).
 */
recentEvents: Array<InstallationEvent>, 
/**
 * The companies that already had the app when tracking began, as one line.
 */
baseline: InstallationBaseline | null, };
export type ConnectionOverview = { appId: AppId, grant: GrantType, lastSyncAt: UnixMillis | null, 
/**
 * The last sync's failure, cleared by the next success.
 */
lastError: AccountError | null, 
/**
 * Companies where the app was installed at the last snapshot.
 */
companies: number, };
export type Day = string;
export type DailyMetric = "views" | "installs" | "uninstalls";
export type MetricSource = "manual" | "csv" | "rest";
export type ImportKind = "metrics" | "activity";
export type ImportRecord = { id: number, appId: AppId, kind: ImportKind, fileName: string, 
/**
 * SHA-256 of the file's bytes, hex.
 */
sha256: string, importedAt: UnixMillis, rows: number, firstDay: Day | null, lastDay: Day | null, };
export type AnnotationKind = "release" | "listing" | "note";
export type Annotation = { id: number, appId: AppId, day: Day, kind: AnnotationKind, text: string, createdAt: UnixMillis, };
export type TrendMetric = "views" | "installs" | "uninstalls" | "net" | "active" | "conversion";
export type Granularity = "day" | "week" | "month";
export type TrendScope = { "kind": "app", id: AppId, } | { "kind": "portfolio" };
export type TrendQuery = { scope: TrendScope, 
/**
 * First day, inclusive.
 */
from: Day, 
/**
 * Last day, inclusive.
 */
to: Day, by: Granularity, };
export type TrendPoint = { 
/**
 * The bucket's first day (the range's first day for a partial first bucket).
 */
start: Day, views: number | null, installs: number | null, uninstalls: number | null, net: number | null, 
/**
 * Installed companies at the end of the bucket.
 */
active: number, conversion: number | null, 
/**
 * Where this bucket's numbers came from.
 */
sources: Array<MetricSource>, };
export type Totals = { views: number, installs: number, uninstalls: number, net: number, activeAtEnd: number, 
/**
 * Installations per view over the days that had a views number.
 */
conversion: number | null, };
export type Trend = { query: TrendQuery, points: Array<TrendPoint>, totals: Totals, previous: Totals, 
/**
 * The first and last day the store has numbers for, in this scope.
 */
span: [Day, Day] | null, 
/**
 * When the numbers were last refreshed (latest import or sync).
 */
asOf: UnixMillis | null, 
/**
 * Every source behind the points.
 */
sources: Array<MetricSource>, };
export type ColumnMapping = { 
/**
 * The header as the file wrote it.
 */
header: string, 
/**
 * What Plumbline reads it as; `None` when it could not map it (the column is ignored).
 */
readsAs: string | null, };
export type Preview = { kind: ImportKind, fileName: string, 
/**
 * SHA-256 of the file, hex: the same file imported again is recognised.
 */
sha256: string, bytes: number, 
/**
 * Data rows (headers, titles and blank lines not counted).
 */
rows: number, firstDay: Day | null, lastDay: Day | null, 
/**
 * Every column of every table in the file and what it is read as.
 */
columns: Array<ColumnMapping>, 
/**
 * Headers Plumbline could not map; those columns are ignored.
 */
unmapped: Array<string>, 
/**
 * Totals of the numbers the import would store (metrics export).
 */
views: number, installs: number, uninstalls: number, 
/**
 * Calls in the report (API Call Activity Report).
 */
calls: number, };
export type Progress = { bytes: number, totalBytes: number, rows: number, };
export type ImportOutcome = { import: ImportRecord, preview: Preview, };
export type TrendArgs = { query: TrendQuery, };
export type MetricsView = { trend: Trend, annotations: Array<Annotation>, };
export type PortfolioTrendArgs = { from: Day, to: Day, by: Granularity, };
export type AppSparkline = { appId: AppId, 
/**
 * Net installations per bucket (`null` for a bucket without numbers).
 */
net: (number | null)[], installs: number, uninstalls: number, 
/**
 * Installed companies at the end of the range.
 */
active: number, };
export type PortfolioTrends = { total: Trend, apps: Array<AppSparkline>, };
export type ImportFileArgs = { appId: AppId, 
/**
 * A path on this computer: dropped on the window, or staged by `stage_import_file`.
 */
path: string, 
/**
 * `None`: tell from the file's header.
 */
kind: ImportKind | null, };
export type ImportPreview = { path: string, preview: Preview, 
/**
 * The same bytes were imported for this app before (importing again changes nothing).
 */
alreadyImported: ImportRecord | null, };
export type ImportProgress = { path: string, progress: Progress, };
export type AddAnnotationArgs = { appId: AppId, day: Day, kind: AnnotationKind, text: string, };
export type RemoveAnnotationArgs = { id: number, };
export type ReferenceKind = "openApi" | "legacy";
export type ReferenceRevision = { id: number, kind: ReferenceKind, 
/**
 * The URL it was fetched from, or the file's name.
 */
source: string, sha256: string, etag: string | null, lastModified: string | null, 
/**
 * `info.version` of an OpenAPI document.
 */
version: string | null, operations: number, deprecated: number, 
/**
 * When this revision was accepted.
 */
acceptedAt: UnixMillis, 
/**
 * The last time a conditional check found it still current.
 */
checkedAt: UnixMillis, };
export type FactChange = "deprecated" | "undeprecated" | "deprecation_moved" | "sunset_announced" | "sunset_earlier" | "sunset_later" | "sunset_withdrawn" | "removed" | "added";
export type DateChange = { change: FactChange, 
/**
 * The date before (deprecation or sunset date, by `change`), if it had one.
 */
before: Day | null, after: Day | null, 
/**
 * When the revision that showed it was accepted.
 */
seenAt: UnixMillis, };
export type UseSource = "activity" | "scan" | "headers";
export type DeprecationEventKind = "new_deprecation" | "sunset_earlier" | "sunset_milestone" | "calls_after_sunset";
export type DeprecationEvent = { id: number, appId: AppId, kind: DeprecationEventKind, 
/**
 * `GET /rest/v1.0/projects/{}/rfis`: the normalized route.
 */
route: string, 
/**
 * The identity that makes it unique for the app: the route with the milestone and the
 * sunset date, or the change it reports.
 */
key: string, 
/**
 * The day it is about (the milestone's day, the day the change was seen, the last call
 * after the sunset).
 */
day: Day, 
/**
 * Days left to the sunset for milestones (90, 30, 7, 1).
 */
milestone: number | null, sunset: Day | null, 
/**
 * One sentence a partner reads.
 */
message: string, recordedAt: UnixMillis, };
export type RouteStatus = "sunset" | "deprecated" | "unknown" | "active";
export type SeenIn = { source: UseSource, 
/**
 * Source file (scan), relative to the scanned folder.
 */
file: string | null, line: number | null, 
/**
 * Calls in the activity reports (last 30 days before today).
 */
calls: number | null, lastCalled: Day | null, 
/**
 * The scanned folder, for a scan.
 */
root: string | null, 
/**
 * The call in the source did not show its method: the use is matched to every method
 * of the path.
 */
methodGuessed: boolean, };
export type RouteExposure = { 
/**
 * Upper case; `*` for an unknown route whose method no source showed.
 */
method: string, 
/**
 * The reference's template, or the normalized path of an unknown route.
 */
path: string, 
/**
 * The normalized route: `GET /rest/v1.0/projects/{}/rfis`.
 */
route: string, status: RouteStatus, summary: string | null, deprecatedAt: Day | null, sunset: Day | null, 
/**
 * Negative once the sunset has passed.
 */
daysLeft: number | null, 
/**
 * How the reference's dates for it changed, oldest first.
 */
history: Array<DateChange>, calls30d: number, lastCalled: Day | null, 
/**
 * Calls per day over the 30 days ending today, oldest first (for a sparkline).
 */
dailyCalls: number[], seenIn: Array<SeenIn>, 
/**
 * Procore's page about it.
 */
link: string | null, 
/**
 * The operation that replaces it, where the reference names one.
 */
replacement: string | null, };
export type HealthDaySummary = { day: Day, calls: number, unauthorized: number, forbidden: number, notFound: number, rateLimited: number, 
/**
 * Calls to routes the reference marks deprecated.
 */
deprecatedCalls: number, };
export type HealthRoute = { method: string, 
/**
 * As the activity report writes it (`/v1.0/projects/:project_id/rfis`).
 */
route: string, calls: number, unauthorized: number, forbidden: number, notFound: number, rateLimited: number, deprecated: boolean, 
/**
 * 401, 403, 404 and 429 answers per day of the span, oldest first: the route's trend.
 */
dailyErrors: number[], };
export type ApiHealth = { from: Day, to: Day, days: Array<HealthDaySummary>, routes: Array<HealthRoute>, };
export type SourceScan = { root: string, scannedAt: UnixMillis, filesScanned: number, };
export type AppDeprecations = { appId: AppId, 
/**
 * The day the countdowns count from.
 */
today: Day, 
/**
 * Most urgent first.
 */
routes: Array<RouteExposure>, 
/**
 * The reference revisions in force (OpenAPI, legacy), with when each was last checked.
 */
references: Array<ReferenceRevision>, scans: Array<SourceScan>, 
/**
 * The last 14 days of activity, when an activity report was imported.
 */
health: ApiHealth | null, 
/**
 * The watch's events for this app, newest first.
 */
events: Array<DeprecationEvent>, };
export type ScanFolderArgs = { id: AppId, 
/**
 * An absolute path, from the folder picker or typed.
 */
path: string, };
export type ReferenceChecked = { 
/**
 * One sentence per document: "not modified", "accepted 1,953 operations, 2 changes".
 */
summary: Array<string>, deprecations: AppDeprecations, };
export type AppSunset = { appId: AppId, 
/**
 * `GET /rest/v1.0/...` of the nearest sunset, if any used route has one.
 */
route: string | null, sunset: Day | null, daysLeft: number | null, status: RouteStatus | null, 
/**
 * Used routes that are deprecated or sunset.
 */
deprecatedRoutes: number, 
/**
 * Used routes the reference does not list.
 */
unknownRoutes: number, };
export type AlertKind = "surge" | "drop" | "deprecation" | "connection";
export type AlertSeverity = "info" | "warning" | "critical";
export type AlertState = "new" | "seen" | "dismissed";
export type Delivery = "pending" | "held" | "notified" | "digest" | "history" | "muted";
export type Alert = { id: number, appId: AppId, kind: AlertKind, identity: string, day: Day, severity: AlertSeverity, title: string, body: string, state: AlertState, delivery: Delivery, createdAt: UnixMillis, 
/**
 * When its notification (or the summary that carried it) went out.
 */
notifiedAt: UnixMillis | null, };
export type AlertOpened = { 
/**
 * The alert clicked; `None` for a summary (open the inbox).
 */
alertId: number | null, appId: AppId | null, };
export type ListAlertsArgs = { 
/**
 * One app's alerts, or every app's.
 */
appId: AppId | null, includeDismissed: boolean, };
export type AlertInbox = { alerts: Array<Alert>, unseen: number, };
export type SetAlertStateArgs = { id: number, state: AlertState, };
export type AlertMute = { appId: AppId | null, kind: AlertKind | null, };
export type SetMuteArgs = { mute: AlertMute, 
/**
 * True to mute, false to unmute.
 */
muted: boolean, };
export type QuietHoursSetting = { startMinute: number, endMinute: number, };
export type SetQuietHoursArgs = { 
/**
 * `None` turns quiet hours off.
 */
hours: QuietHoursSetting | null, };
export type SnoozeArgs = { 
/**
 * Pause notifications until then; `None` resumes them.
 */
until: UnixMillis | null, };
export type AlertSettings = { quietHours: QuietHoursSetting | null, snoozedUntil: UnixMillis | null, mutes: Array<AlertMute>, };
export type SurgeState = "noData" | "learning" | "watching";
export type SurgeWatch = { metric: DailyMetric, 
/**
 * True for uninstalls (watched for rises); false for drops.
 */
rises: boolean, state: SurgeState, learningUntil: Day | null, 
/**
 * The expected count on an average day.
 */
levelPerDay: number | null, 
/**
 * The smallest change over a week it would notice (`None`: none at this volume).
 */
minDetectableWeek: number | null, 
/**
 * Too few a day to see small changes: the window says so.
 */
lowVolume: boolean, 
/**
 * The last day evaluated (days after it are not final yet).
 */
lastFinal: Day | null, };
export type AlertArgs = { id: number, };
export type AlertChartDay = { day: Day, 
/**
 * `None`: the day has no number (missing, not zero).
 */
observed: number | null, 
/**
 * What the detector expected that day (`None` while it was still learning).
 */
expected: number | null, };
export type AlertChart = { metric: DailyMetric, episodeStart: Day, episodeEnd: Day, days: Array<AlertChartDay>, };
export type TrayStatus = "shown" | "noHost" | "unavailable";
export type DesktopSettings = { 
/**
 * Closing the window keeps Plumbline running in the tray (minimized without a tray).
 */
closeToTray: boolean, tray: TrayStatus, 
/**
 * Plumbline starts, in the tray, when the partner logs in.
 */
startAtLogin: boolean, 
/**
 * False where Plumbline cannot register itself to start at login on this system.
 */
startAtLoginSupported: boolean, };
export type SetDesktopSettingsArgs = { closeToTray: boolean | null, startAtLogin: boolean | null, };
export type Distribution = "marketplace" | "custom";
export type VersionState = "readyForTesting" | "promoted" | "inReview" | "approved" | "rejected" | "withdrawn";
export type VersionAction = "promote" | "submit" | "approve" | "reject" | "withdraw";
export type VersionTransition = { 
/**
 * `None` for the creation (Ready for Testing).
 */
action: VersionAction | null, state: VersionState, role: Role, at: UnixMillis, 
/**
 * The reviewer's comments on a rejection.
 */
comments: string | null, };
export type AppVersion = { id: number, appId: AppId, version: string, state: VersionState, 
/**
 * The manifest exactly as the partner wrote it.
 */
manifest: string, releaseNotes: string, createdAt: UnixMillis, history: Array<VersionTransition>, };
export type Finding = { 
/**
 * RFC 6901 pointer to the field ("" for the whole file).
 */
pointer: string, 
/**
 * A stable code (`placeholder-undefined`, `permission-level`, …) for scripts.
 */
code: string, 
/**
 * A sentence a partner understands.
 */
message: string, };
export type Report = { errors: Array<Finding>, warnings: Array<Finding>, };
export type ChangeKind = "added" | "removed" | "changed";
export type VersionArgs = { id: AppId, version: string, };
export type VersionsView = { 
/**
 * Owners and Admins may create and move versions; Developers only view.
 */
canEdit: boolean, distribution: Distribution, versions: Array<VersionSummary>, };
export type VersionSummary = { version: AppVersion, 
/**
 * The moves this partner may record on it now.
 */
offered: Array<VersionAction>, errors: number, warnings: number, };
export type VersionDetail = { version: AppVersion, offered: Array<VersionAction>, report: Report, steps: Array<ActionSteps>, };
export type ActionSteps = { action: VersionAction, steps: Array<string>, };
export type LintManifestArgs = { id: AppId, text: string, };
export type CreateVersionArgs = { id: AppId, version: string, manifest: string, releaseNotes: string, };
export type EditVersionArgs = { id: AppId, version: string, manifest: string | null, releaseNotes: string | null, };
export type SavedVersion = { version: AppVersion, report: Report, };
export type RecordVersionActionArgs = { id: AppId, version: string, action: VersionAction, 
/**
 * Promote: the release notes pasted into the portal.
 */
releaseNotes: string | null, 
/**
 * Reject: the reviewer's comments.
 */
comments: string | null, };
export type DiffVersionsArgs = { id: AppId, from: string, to: string, };
export type VersionChangeView = { 
/**
 * RFC 6901 pointer into the manifest ("" for the release notes).
 */
pointer: string, kind: ChangeKind, 
/**
 * The value before, as JSON text (absent when added).
 */
before: string | null, after: string | null, impact: string, 
/**
 * `manifest` or `releaseNotes`.
 */
within: string, };
export type PromotionPlanView = { version: string, 
/**
 * The version customers have now (the last promoted before this one).
 */
replaces: string | null, changes: Array<VersionChangeView>, 
/**
 * The portal's warning: project selections and app settings do not carry over.
 */
warning: string, steps: Array<string>, report: Report, };
export type MediaFormat = "png" | "jpeg" | "mp4" | "mov";
export type Contact = { 
/**
 * `contact_us` or `learn_how`.
 */
button: string, email?: string | null, url?: string | null, };
export type Pricing = { subscription_required: boolean, third_party_connector: boolean, free_trial: boolean, details: string, };
export type HelpfulLink = { label: string, url: string, };
export type RequiredTool = { tool: string, level: string, };
export type ListingDetails = { categories: Array<string>, contact: Contact | null, 
/**
 * `allow` or `disallow`.
 */
installation: string | null, built_by: string | null, sold_by: string | null, pricing: Pricing | null, regions: Array<string>, support_email: string | null, support_url: string | null, helpful_links: Array<HelpfulLink>, required_tools: Array<RequiredTool>, };
export type ListingFinding = { 
/**
 * The field: `name`, `features/2`, `screenshots/1`, `helpful_links/0/url`, …
 */
field: string, code: string, message: string, };
export type FieldCount = { field: string, count: number, min: number | null, max: number | null, };
export type ListingReport = { errors: Array<ListingFinding>, warnings: Array<ListingFinding>, counts: Array<FieldCount>, };
export type ListingChangeKind = "added" | "removed" | "changed";
export type ListingChange = { field: string, kind: ListingChangeKind, before: string | null, after: string | null, };
export type ListingDraft = { name: string, tagline: string, summary: string, howItWorks: string, features: Array<string>, 
/**
 * As `listing.json` holds them (snake_case keys).
 */
details: ListingDetails, };
export type MediaView = { 
/**
 * `logo`, `screenshot` or `video`.
 */
role: string, index: number, fileName: string, 
/**
 * What the header says, when it says anything the Marketplace takes.
 */
format: MediaFormat | null, width: number | null, height: number | null, sizeBytes: number, 
/**
 * A data URL for images, to show them.
 */
dataUrl: string | null, };
export type ListingView = { 
/**
 * Owners and Admins edit and submit; Developers view.
 */
canEdit: boolean, 
/**
 * Whether a draft was ever saved.
 */
saved: boolean, draft: ListingDraft, media: Array<MediaView>, report: ListingReport, 
/**
 * Whether the listing was ever submitted (recorded here).
 */
submitted: boolean, 
/**
 * The draft against the listing last submitted.
 */
changes: Array<ListingChange>, };
export type ListingDraftArgs = { id: AppId, draft: ListingDraft, };
export type RemoveMediaArgs = { id: AppId, role: string, index: number, };
export type MoveScreenshotArgs = { id: AppId, from: number, to: number, };
export type FilesDirArgs = { 
/**
 * The app to export (ignored by an import, which finds its app).
 */
id: AppId | null, dir: string, };
export type FilesOutcome = { appId: AppId, dir: string, 
/**
 * Sentences: what was written or changed.
 */
lines: Array<string>, };

/** Every command the shell answers: its arguments (sent as `{ args }`) and result. */
export interface Commands {
  app_info: { args: null; result: AppInfo };
  list_apps: { args: null; result: Array<App> };
  add_app: { args: AddAppArgs; result: App };
  update_app: { args: UpdateAppArgs; result: App };
  remove_app: { args: RemoveAppArgs; result: null };
  remove_demo_data: { args: null; result: number };
  app_installations: { args: AppArgs; result: AppInstallations };
  connect_account: { args: ConnectAccountArgs; result: AppInstallations };
  sync_app_now: { args: AppArgs; result: AppInstallations };
  disconnect_account: { args: AppArgs; result: AppInstallations };
  begin_sign_in: { args: BeginSignInArgs; result: SignInStarted };
  finish_sign_in: { args: FinishSignInArgs; result: AppInstallations };
  cancel_sign_in: { args: AppArgs; result: null };
  portfolio_connections: { args: null; result: Array<ConnectionOverview> };
  metrics_trend: { args: TrendArgs; result: MetricsView };
  portfolio_trends: { args: PortfolioTrendArgs; result: PortfolioTrends };
  preview_import: { args: ImportFileArgs; result: ImportPreview };
  import_csv: { args: ImportFileArgs; result: ImportOutcome };
  stage_import_file: { args: never; result: string };
  save_export: { args: never; result: string };
  add_annotation: { args: AddAnnotationArgs; result: Annotation };
  remove_annotation: { args: RemoveAnnotationArgs; result: null };
  app_deprecations: { args: AppArgs; result: AppDeprecations };
  check_reference: { args: AppArgs; result: ReferenceChecked };
  scan_folder: { args: ScanFolderArgs; result: AppDeprecations };
  pick_folder: { args: null; result: string | null };
  portfolio_sunsets: { args: null; result: Array<AppSunset> };
  list_alerts: { args: ListAlertsArgs; result: AlertInbox };
  set_alert_state: { args: SetAlertStateArgs; result: null };
  alert_settings: { args: null; result: AlertSettings };
  surge_watch: { args: AppArgs; result: Array<SurgeWatch> };
  alert_chart: { args: AlertArgs; result: AlertChart | null };
  set_alert_mute: { args: SetMuteArgs; result: AlertSettings };
  set_quiet_hours: { args: SetQuietHoursArgs; result: AlertSettings };
  snooze_alerts: { args: SnoozeArgs; result: AlertSettings };
  desktop_settings: { args: null; result: DesktopSettings };
  set_desktop_settings: { args: SetDesktopSettingsArgs; result: DesktopSettings };
  list_versions: { args: AppArgs; result: VersionsView };
  version_detail: { args: VersionArgs; result: VersionDetail };
  lint_manifest: { args: LintManifestArgs; result: Report };
  create_version: { args: CreateVersionArgs; result: SavedVersion };
  edit_version: { args: EditVersionArgs; result: SavedVersion };
  promotion_plan: { args: VersionArgs; result: PromotionPlanView };
  record_version_action: { args: RecordVersionActionArgs; result: AppVersion };
  diff_versions: { args: DiffVersionsArgs; result: Array<VersionChangeView> };
  listing_view: { args: AppArgs; result: ListingView };
  precheck_listing: { args: ListingDraftArgs; result: ListingView };
  save_listing: { args: ListingDraftArgs; result: ListingView };
  add_listing_media: { args: never; result: ListingView };
  remove_listing_media: { args: RemoveMediaArgs; result: ListingView };
  move_screenshot: { args: MoveScreenshotArgs; result: ListingView };
  submit_listing: { args: AppArgs; result: ListingView };
  save_listing_preview: { args: AppArgs; result: string };
  export_files: { args: FilesDirArgs; result: FilesOutcome };
  import_files: { args: FilesDirArgs; result: FilesOutcome };
  mark_first_paint: { args: FirstPaintArgs; result: null };
}

/** The error codes, for exhaustive checks in the UI. */
export const ERROR_CODES: readonly ErrorCode[] = ["Offline", "Unauthorized", "RateLimited", "Conflict", "Invalid", "NotFound", "Internal"];

/** The longest app name the store accepts. */
export const DISPLAY_NAME_MAX_CHARS = 120;

/** Emitted when a background sync changed what the Portfolio shows. */
export const CONNECTIONS_CHANGED_EVENT = "connections-changed";

/** Emitted with an ImportProgress while a file is read. */
export const IMPORT_PROGRESS_EVENT = "import-progress";

/** Emitted when alerts were recorded or changed without the window asking. */
export const ALERTS_CHANGED_EVENT = "alerts-changed";

/** Emitted with an AlertOpened when a notification is clicked. */
export const ALERT_OPENED_EVENT = "alert-opened";

/** Emitted when the deprecation watch's data changed without the window asking. */
export const DEPRECATIONS_CHANGED_EVENT = "deprecations-changed";

/** Emitted when numbers changed without the window asking. */
export const METRICS_CHANGED_EVENT = "metrics-changed";
