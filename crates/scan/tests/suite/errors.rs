//! A root that cannot be scanned gives an error a person can act on.

use plumbline_scan::{ScanError, scan};

#[test]
fn missing_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-app");
    let err = scan(&missing).expect_err("a missing folder cannot be scanned");
    assert!(matches!(err, ScanError::RootNotFound { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot scan {}: no such folder; check the path of the source tree",
            missing.display()
        )
    );
}

#[test]
fn file_as_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("client.js");
    std::fs::write(&file, "fetch('/rest/v1.0/me')").expect("write test file");
    let err = scan(&file).expect_err("a file is not a source tree");
    assert!(matches!(err, ScanError::NotADirectory { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot scan {}: it is not a folder; pass the folder that holds the app's source code",
            file.display()
        )
    );
}
