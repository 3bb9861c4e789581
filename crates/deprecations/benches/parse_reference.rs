//! How fast, and in how little memory, a 50 MB OpenAPI document is read, against
//! `python3 -c 'import json; json.load(open(F))'` on the same file and machine.
//!
//! `cargo bench -p plumbline-deprecations --bench parse_reference` (or
//! `scripts/bench-deprecations.sh`). Budget (the deprecation-watch issue): at most 3 s, at
//! most 150 MB peak resident memory, and no slower than Python's json.load.
//!
//! Each measurement is a whole process (this binary re-run with `--parse FILE`, or python3),
//! so start-up counts on both sides and the peak resident memory is the parser's alone, not
//! the generator's.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use plumbline_deprecations::parse_openapi;

const TARGET_BYTES: usize = 50 * 1024 * 1024;
const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--parse") {
        parse_and_report(Path::new(&args[i + 1]));
        return;
    }
    let file = document();
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "document: {} ({:.1} MB)",
        file.display(),
        size as f64 / 1_048_576.0
    );
    let me = std::env::current_exe().expect("the bench binary");
    let mut ours = Vec::new();
    let mut peaks = Vec::new();
    let mut python = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let out = Command::new(&me)
            .arg("--parse")
            .arg(&file)
            .output()
            .expect("run the parser");
        ours.push(started.elapsed().as_secs_f64());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let peak: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("peak_rss_mb "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN);
        peaks.push(peak);
        let started = Instant::now();
        let status = Command::new("python3")
            .arg("-c")
            .arg("import json, sys; json.load(open(sys.argv[1]))")
            .arg(&file)
            .status();
        match status {
            Ok(s) if s.success() => python.push(started.elapsed().as_secs_f64()),
            _ => println!("python3 is not available: no comparison"),
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (ours, peak, python) = (median(&mut ours), median(&mut peaks), median(&mut python));
    println!("plumbline parse (whole process): {ours:.3} s median of {RUNS}");
    println!("peak resident memory:            {peak:.1} MB");
    println!("python3 json.load (whole process): {python:.3} s median of {RUNS}");
    println!("ratio plumbline / python:          {:.2}", ours / python);
    let within = ours <= 3.0 && peak <= 150.0 && ours <= python;
    println!(
        "{}",
        if within {
            "within budget (<= 3 s, <= 150 MB, no slower than python3)"
        } else {
            "OVER BUDGET"
        }
    );
}

fn parse_and_report(file: &Path) {
    let started = Instant::now();
    let reader = std::fs::File::open(file).expect("open the document");
    let parsed = parse_openapi(reader).expect("the document parses");
    println!(
        "operations {} deprecated {} in {:.3} s",
        parsed.operations.len(),
        parsed.deprecated(),
        started.elapsed().as_secs_f64()
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    println!("peak_rss_mb {:.1}", peak_kb / 1024.0);
}

/// A document shaped like Procore's: ~2,600 paths whose operations carry long
/// descriptions, parameters, request bodies and response schemas (what the parser skips),
/// generated once into the target directory.
fn document() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("openapi-50mb.json");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() as usize >= TARGET_BYTES) {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let schema = |i: usize| {
        let mut props = String::new();
        for p in 0..40 {
            if p > 0 {
                props.push(',');
            }
            props.push_str(&format!(
                "\"field_{p}\":{{\"type\":\"string\",\"description\":\"Field {p} of resource {i}: \
                 what it holds, how it is validated and when it was introduced.\",\"example\":\"value {p}\"}}"
            ));
        }
        format!(
            "{{\"type\":\"object\",\"properties\":{{{props}}},\"required\":[\"field_0\",\"field_1\"]}}"
        )
    };
    write!(
        out,
        "{{\"openapi\":\"3.0.1\",\"info\":{{\"title\":\"Procore Rest API Documentation\",\"version\":\"2026.12\"}},\"paths\":{{"
    )
    .expect("write");
    let mut written = 0usize;
    let mut i = 0usize;
    while written < TARGET_BYTES {
        let path = format!(
            "/rest/v1.{}/projects/{{project_id}}/resource_{i}/{{id}}",
            i % 3
        );
        let mut item = String::new();
        for (k, method) in ["get", "patch", "delete"].iter().enumerate() {
            if k > 0 {
                item.push(',');
            }
            let deprecated = if i.is_multiple_of(40) {
                ",\"deprecated\":true,\"x-deprecated-at\":\"2026-01-15\",\"x-sunset\":\"2027-01-15\""
            } else {
                ""
            };
            item.push_str(&format!(
                "\"{method}\":{{\"summary\":\"{method} resource {i}\",\"description\":\"{}\",\
                 \"operationId\":\"{method}Resource{i}\",\"tags\":[\"Resource {i}\"]{deprecated},\
                 \"parameters\":[{{\"name\":\"project_id\",\"in\":\"path\",\"required\":true,\"schema\":{{\"type\":\"integer\"}}}},\
                 {{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{{\"type\":\"integer\"}}}}],\
                 \"requestBody\":{{\"content\":{{\"application/json\":{{\"schema\":{}}}}}}},\
                 \"responses\":{{\"200\":{{\"description\":\"OK\",\"content\":{{\"application/json\":{{\"schema\":{}}}}}}}}}}}",
                "Long prose about the endpoint. ".repeat(20),
                schema(i),
                schema(i + 1),
            ));
        }
        let entry = format!("{}\"{path}\":{{{item}}}", if i > 0 { "," } else { "" });
        written += entry.len();
        out.write_all(entry.as_bytes()).expect("write");
        i += 1;
    }
    write!(out, "}},\"components\":{{\"schemas\":{{}}}}}}").expect("write");
    out.flush().expect("flush");
    path
}
