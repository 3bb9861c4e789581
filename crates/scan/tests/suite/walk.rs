//! The walker on a real folder: ignores, skipped folders and files, paths, order.

use std::fs;
use std::path::Path;

use plumbline_scan::{ScanReport, scan};

use crate::support::uses_in;

fn write(root: &Path, relative: &str, contents: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
    fs::write(path, contents).expect("write test file");
}

#[test]
fn scans_source_files_and_skips_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // No .git folder: .gitignore must be honoured all the same.
    write(root, ".gitignore", b"generated/\n*.gen.js\n");
    write(
        root,
        "src/api/projects.ts",
        b"export const list = (id: number) =>\n  axios.get(`/rest/v1.0/companies/${id}/projects`);\n\
          export const one = (id: number) => axios.get(`/rest/v1.0/projects/${id}`);\n",
    );
    write(
        root,
        "src/sync.py",
        b"def push(pid, body):\n    return requests.post(f\"{API}/rest/v1.0/projects/{pid}/rfis\", json=body)\n",
    );
    write(
        root,
        "src/plain.go",
        b"package plain\n\nfunc Add(a, b int) int { return a + b }\n",
    );
    // Ignored by .gitignore.
    write(
        root,
        "generated/client.js",
        b"fetch('/rest/v1.0/generated')\n",
    );
    write(
        root,
        "src/api/client.gen.js",
        b"fetch('/rest/v1.0/generated')\n",
    );
    // Dependency and build folders, and hidden ones.
    write(
        root,
        "node_modules/procore-sdk/index.js",
        b"fetch('/rest/v1.0/sdk')\n",
    );
    write(
        root,
        "vendor/acme/Client.php",
        b"<?php Http::get('/rest/v1.0/vendor');\n",
    );
    write(root, "web/dist/app.js", b"fetch('/rest/v1.0/dist')\n");
    write(
        root,
        "api/bin/Debug/Gen.cs",
        b"var u = \"/rest/v1.0/bin\";\n",
    );
    write(root, ".cache/h.js", b"fetch('/rest/v1.0/hidden')\n");
    // Not a scanned language.
    write(root, "README.md", b"Calls GET /rest/v1.0/projects\n");
    // Skipped and counted: minified, binary, too large.
    write(root, "public/app.min.js", b"fetch('/rest/v1.0/minified')\n");
    write(
        root,
        "lib/blob.rb",
        b"\x00\x01\x02 HTTParty.get('/rest/v1.0/binary')\n",
    );
    let mut huge = b"fetch('/rest/v1.0/huge');\n".to_vec();
    huge.resize(2 * 1024 * 1024 + 1, b' ');
    write(root, "src/huge.js", &huge);
    // Not UTF-8 (Latin-1 comment): still scanned.
    write(
        root,
        "lib/latin1.rb",
        b"# caf\xe9\nHTTParty.delete('/rest/v1.0/projects/7')\n",
    );

    let report = scan(root).expect("scan a readable folder");
    assert_eq!(
        report,
        ScanReport {
            uses: [
                uses_in(
                    "lib/latin1.rb",
                    &[(2, Some("DELETE"), "/rest/v1.0/projects/7")]
                ),
                uses_in(
                    "src/api/projects.ts",
                    &[
                        (2, Some("GET"), "/rest/v1.0/companies/{}/projects"),
                        (3, Some("GET"), "/rest/v1.0/projects/{}"),
                    ]
                ),
                uses_in(
                    "src/sync.py",
                    &[(2, Some("POST"), "/rest/v1.0/projects/{}/rfis")]
                ),
            ]
            .concat(),
            files_scanned: 4,
            files_skipped: 3,
        }
    );
}

#[test]
fn a_root_named_like_a_skipped_folder_is_still_scanned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("build");
    write(
        &root,
        "main.go",
        b"resp, err := http.Get(base + \"/rest/v1.0/me\")\n",
    );
    let report = scan(&root).expect("scan a readable folder");
    assert_eq!(
        report.uses,
        uses_in("main.go", &[(1, Some("GET"), "/rest/v1.0/me")])
    );
    assert_eq!((report.files_scanned, report.files_skipped), (1, 0));
}
