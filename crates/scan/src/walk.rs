//! Walks a source tree in parallel and scans each source file.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path};
use std::sync::{Mutex, PoisonError};

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use memchr::memmem;

use crate::language::{Language, language_of};
use crate::{ScanError, ScanReport, SourceUse, scan_text, sort_uses};

/// Files larger than this are generated or bundled code, not a partner's own calls.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// A NUL byte within this many leading bytes marks a file as binary.
const BINARY_PROBE_BYTES: usize = 8 * 1024;

/// Folders that hold dependencies, build output or tool caches, skipped wherever they are
/// (below the root), whether or not a `.gitignore` names them.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "vendor",
    "bower_components",
    ".git",
    "dist",
    "build",
    "target",
    "bin",
    "obj",
    "__pycache__",
    ".venv",
    "venv",
    "Pods",
];

const MINIFIED_SUFFIXES: &[&str] = &[".min.js", ".min.mjs", ".min.cjs"];

/// Scans the source tree at `root` for Procore REST API calls.
///
/// The walk respects `.gitignore` (also outside a git repository), `.ignore` and hidden
/// files as ripgrep does, and always skips dependency and build folders such as
/// `node_modules`, `vendor`, `dist` and `target`, minified scripts, files over 2 MB and
/// binary files.
pub fn scan(root: &Path) -> Result<ScanReport, ScanError> {
    check_root(root)?;
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| !is_skipped_dir(entry));
    let totals = Mutex::new(Totals::default());
    let mut visitors = Visitors {
        root,
        totals: &totals,
    };
    builder.build_parallel().visit(&mut visitors);
    let totals = totals.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut uses = totals.uses;
    sort_uses(&mut uses);
    Ok(ScanReport {
        uses,
        files_scanned: totals.scanned,
        files_skipped: totals.skipped,
    })
}

fn check_root(root: &Path) -> Result<(), ScanError> {
    let path = root.to_path_buf();
    let meta = match std::fs::metadata(root) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(ScanError::RootNotFound { path });
        }
        Err(source) => return Err(ScanError::Unreadable { path, source }),
    };
    if !meta.is_dir() {
        return Err(ScanError::NotADirectory { path });
    }
    // The walker reports an unreadable root only as an entry error; say it up front.
    std::fs::read_dir(root).map_err(|source| ScanError::Unreadable { path, source })?;
    Ok(())
}

fn is_skipped_dir(entry: &DirEntry) -> bool {
    entry.depth() > 0
        && entry.file_type().is_some_and(|t| t.is_dir())
        && entry
            .file_name()
            .to_str()
            .is_some_and(|name| SKIPPED_DIRS.contains(&name))
}

#[derive(Default)]
struct Totals {
    uses: Vec<SourceUse>,
    scanned: u64,
    skipped: u64,
}

impl Totals {
    fn merge(&mut self, other: &mut Totals) {
        self.uses.append(&mut other.uses);
        self.scanned += other.scanned;
        self.skipped += other.skipped;
    }
}

struct Visitors<'s> {
    root: &'s Path,
    totals: &'s Mutex<Totals>,
}

impl<'s> ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(FileVisitor {
            root: self.root,
            totals: self.totals,
            local: Totals::default(),
            finder: memmem::Finder::new(b"/rest/v"),
            buf: Vec::new(),
        })
    }
}

/// One walker thread's state; its findings join the shared totals when the thread is done.
struct FileVisitor<'s> {
    root: &'s Path,
    totals: &'s Mutex<Totals>,
    local: Totals,
    finder: memmem::Finder<'static>,
    /// Reused across files so that a read costs no allocation.
    buf: Vec<u8>,
}

impl Drop for FileVisitor<'_> {
    fn drop(&mut self) {
        let mut totals = self.totals.lock().unwrap_or_else(PoisonError::into_inner);
        totals.merge(&mut self.local);
    }
}

impl ParallelVisitor for FileVisitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file())
                    && let Some(language) = language_of(entry.path())
                {
                    self.scan_file(entry.path(), language);
                }
            }
            Err(_) => self.local.skipped += 1,
        }
        WalkState::Continue
    }
}

impl FileVisitor<'_> {
    fn scan_file(&mut self, path: &Path, language: Language) {
        if is_minified(path) || self.read(path).is_err() {
            self.local.skipped += 1;
            return;
        }
        let head = &self.buf[..self.buf.len().min(BINARY_PROBE_BYTES)];
        if memchr::memchr(0, head).is_some() {
            self.local.skipped += 1;
            return;
        }
        self.local.scanned += 1;
        if self.finder.find(&self.buf).is_none() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buf);
        let file = relative_path(self.root, path);
        self.local.uses.extend(scan_text(&text, language, &file));
    }

    /// Reads the file into the reusable buffer; an error for files over the size limit.
    fn read(&mut self, path: &Path) -> io::Result<()> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        if len > MAX_FILE_BYTES {
            return Err(io::Error::other("file too large"));
        }
        self.buf.clear();
        // One byte more than the limit tells a file that grew since the stat.
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut self.buf)?;
        if self.buf.len() as u64 > MAX_FILE_BYTES {
            return Err(io::Error::other("file too large"));
        }
        Ok(())
    }
}

fn is_minified(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| {
            let name = name.to_ascii_lowercase();
            MINIFIED_SUFFIXES.iter().any(|s| name.ends_with(s))
        })
}

/// `path` relative to `root`, with '/' separators on every platform.
fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy()),
            _ => None,
        })
        .collect();
    parts.join("/")
}
