//! The importers against real files and a real SQLite store: round trips, merges, and every
//! kind of bad file refused with its line and column, leaving the store as it was.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use plumbline_domain::{AppId, Day, ImportKind, NewApp, UnixMillis};
use plumbline_ingest::{ImportError, detect_kind, import_file, preview_file};
use plumbline_store::{Bucket, Scope, Store};

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    app: AppId,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
        let app = store
            .add_app(
                &NewApp::named("Site Diary").validate().unwrap(),
                UnixMillis(1),
            )
            .unwrap()
            .id;
        Self { dir, store, app }
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(
        &mut self,
        path: &Path,
        kind: ImportKind,
    ) -> Result<plumbline_ingest::ImportOutcome, ImportError> {
        import_file(
            &mut self.store,
            self.app,
            path,
            kind,
            UnixMillis(5),
            &mut |_| {},
        )
    }

    /// (views, installs, uninstalls) over everything.
    fn totals(&self) -> (u64, u64, u64) {
        self.store
            .bucket_sums(Scope::App(self.app), Bucket::Month, Day(0), Day(40_000))
            .unwrap()
            .iter()
            .fold((0, 0, 0), |t, b| {
                (t.0 + b.views, t.1 + b.installs, t.2 + b.uninstalls)
            })
    }

    fn calls(&self) -> u64 {
        self.store
            .api_calls_by_day(self.app, Day(0), Day(40_000))
            .unwrap()
            .iter()
            .map(|d| d.1)
            .sum()
    }

    /// Nothing at all was written.
    fn assert_untouched(&self) {
        assert!(self.store.imports(self.app).unwrap().is_empty());
        assert!(
            self.store
                .metrics_span(Scope::App(self.app))
                .unwrap()
                .is_none()
        );
        assert_eq!(self.calls(), 0);
    }
}

const METRICS: &str = "\
Date,Marketplace Visits,Installations,Revenue
2026-03-01,120,3,0
03/02/2026,80,1,0
2026-03-03,95,0,0

Activity
Date,Company,Event
2026-03-01,Summit Builders,INSTALLED
2026-03-01,Granite Co,INSTALLED
2026-03-01,Old Yard,UNINSTALLED
2026-03-03,Granite Co,UNINSTALLED
2026-03-04,Harbor Build,INSTALLED
";

#[test]
fn the_metrics_export_round_trips_with_its_activity_list() {
    let mut f = Fixture::new();
    let path = f.file("metrics.csv", METRICS);
    assert_eq!(detect_kind(&path).unwrap(), ImportKind::Metrics);
    let preview = preview_file(&path, ImportKind::Metrics, &mut |_| {}).unwrap();
    assert_eq!(preview.rows, 8);
    assert_eq!(
        (
            preview.first_day.unwrap().to_string(),
            preview.last_day.unwrap().to_string()
        ),
        ("2026-03-01".to_owned(), "2026-03-04".to_owned())
    );
    assert_eq!(preview.unmapped, vec!["Revenue".to_owned()]);
    // The table's installations win; uninstalls come from the list; the 4th only from the list.
    assert_eq!(
        (preview.views, preview.installs, preview.uninstalls),
        (295, 5, 2)
    );
    f.assert_untouched();

    let outcome = f.import(&path, ImportKind::Metrics).unwrap();
    assert_eq!(outcome.import.rows, 8);
    assert_eq!(outcome.import.sha256, preview.sha256);
    assert_eq!(f.totals(), (295, 5, 2));
    // The same file again, and the same rows in another file: nothing counted twice.
    f.import(&path, ImportKind::Metrics).unwrap();
    let overlap = f.file(
        "later.csv",
        "date,views,installs,uninstalls\n2026-03-03,95,0,1\n2026-03-05,10,2,0\n",
    );
    f.import(&overlap, ImportKind::Metrics).unwrap();
    assert_eq!(
        f.totals(),
        (305, 7, 2),
        "the later export's numbers replace the earlier ones"
    );
    assert_eq!(f.store.imports(f.app).unwrap().len(), 3);
}

const ACTIVITY: &str = "\
Date,Response Code,HTTP Method,Normalized Route,Count
2026-11-01,200,GET,/v1.0/projects/:project_id/observations,40
2026-11-01,429,get,/v1.0/projects/:project_id/observations,2
2026-11-02,200,POST,/rest/v1.0/companies/:company_id/users,5
2026-11-02,200,POST,/rest/v1.0/companies/:company_id/users,1
";

#[test]
fn the_activity_report_round_trips_and_repeated_rows_add_up_once() {
    let mut f = Fixture::new();
    let path = f.file("activity.csv", ACTIVITY);
    assert_eq!(detect_kind(&path).unwrap(), ImportKind::Activity);
    let preview = preview_file(&path, ImportKind::Activity, &mut |_| {}).unwrap();
    assert_eq!((preview.rows, preview.calls), (4, 48));
    f.import(&path, ImportKind::Activity).unwrap();
    f.import(&path, ImportKind::Activity).unwrap();
    let days = f
        .store
        .api_calls_by_day(f.app, Day(0), Day(40_000))
        .unwrap();
    let summary: Vec<_> = days
        .iter()
        .map(|(d, all, failed)| (d.to_string(), *all, *failed))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("2026-11-01".to_owned(), 42, 2),
            ("2026-11-02".to_owned(), 6, 0)
        ]
    );
}

#[test]
fn a_bom_and_crlf_line_ends_read_the_same_as_plain_text() {
    let mut plain = Fixture::new();
    let path = plain.file("plain.csv", METRICS);
    plain.import(&path, ImportKind::Metrics).unwrap();
    let mut excel = Fixture::new();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(METRICS.replace('\n', "\r\n").into_bytes());
    let path = excel.file("excel.csv", bytes);
    assert_eq!(detect_kind(&path).unwrap(), ImportKind::Metrics);
    excel.import(&path, ImportKind::Metrics).unwrap();
    assert_eq!(excel.totals(), plain.totals());
}

fn refused(name: &str, bytes: &[u8], kind: ImportKind, expected: &[&str]) {
    let mut f = Fixture::new();
    let path = f.file(name, bytes);
    let preview = preview_file(&path, kind, &mut |_| {})
        .unwrap_err()
        .to_string();
    let import = f.import(&path, kind).unwrap_err().to_string();
    assert_eq!(preview, import, "{name}: the preview and the import agree");
    for part in expected {
        assert!(
            import.contains(part),
            "{name}: {import:?} should say {part:?}"
        );
    }
    f.assert_untouched();
}

#[test]
fn malformed_files_are_refused_with_their_line_and_column_and_write_nothing() {
    use ImportKind::{Activity, Metrics};
    refused(
        "missing-columns.csv",
        b"Date,Response Code,HTTP Method,Normalized Route\n2026-11-01,200,GET,/a\n",
        Activity,
        &["line 1", "lacks Count"],
    );
    refused(
        "no-metrics.csv",
        b"Date,Company Size\n2026-11-01,12\n",
        Metrics,
        &["line 1", "no column for listing views"],
    );
    refused(
        "bad-date.csv",
        b"Date,Views\n2026-11-01,5\n2026-13-45,5\n",
        Metrics,
        &["line 3, column \u{201c}Date\u{201d}", "not a date"],
    );
    refused(
        "negative.csv",
        b"Date,Views,Installs\n2026-11-01,5,-3\n",
        Metrics,
        &["line 2, column \u{201c}Installs\u{201d}", "negative"],
    );
    refused(
        "text-count.csv",
        ACTIVITY.replace(",40\n", ",forty\n").as_bytes(),
        Activity,
        &["line 2, column \u{201c}Count\u{201d}", "not a whole number"],
    );
    refused(
        "header-only.csv",
        b"Date,Response Code,HTTP Method,Normalized Route,Count\r\n",
        Activity,
        &["no rows"],
    );
    refused("empty.csv", b"", Metrics, &["empty"]);
    refused(
        "repeated-day.csv",
        b"Date,Views\n2026-11-01,5\n2026-11-02,5\n2026-11-01,7\n",
        Metrics,
        &["line 4", "already on line 2"],
    );
    refused(
        "bad-event.csv",
        b"Date,Event\n2026-11-01,INSTALLED\n2026-11-02,REINSTALLED\n",
        Metrics,
        &[
            "line 3, column \u{201c}Event\u{201d}",
            "neither INSTALLED nor UNINSTALLED",
        ],
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ACTIVITY.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    refused("utf16.csv", &utf16, Activity, &["UTF-16", "CSV UTF-8"]);
}

#[test]
fn a_bad_last_line_after_many_good_ones_leaves_nothing_behind() {
    let mut body = String::from("Date,Response Code,HTTP Method,Normalized Route,Count\n");
    for i in 0..20_000 {
        body.push_str(&format!("2026-11-01,200,GET,/v1.0/things/{i},1\n"));
    }
    body.push_str("2026-11-02,200,GET,no-slash,1\n");
    refused(
        "late-error.csv",
        body.as_bytes(),
        ImportKind::Activity,
        &[
            "line 20002, column \u{201c}Normalized Route\u{201d}",
            "not a route",
        ],
    );
}

#[test]
fn a_hundred_megabytes_of_garbage_is_refused_quickly_and_writes_nothing() {
    let mut f = Fixture::new();
    // Deterministic noise (xorshift), 100 MB.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut bytes = vec![0u8; 100 * 1024 * 1024];
    for chunk in bytes.chunks_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
    }
    let path = f.file("garbage.csv", &bytes);
    drop(bytes);
    for kind in [ImportKind::Metrics, ImportKind::Activity] {
        let error = f.import(&path, kind).unwrap_err().to_string();
        assert!(
            error.contains("line 1") || error.contains("UTF-16") || error.contains("not UTF-8"),
            "{error}"
        );
    }
    assert!(detect_kind(&path).is_err());
    f.assert_untouched();
}
