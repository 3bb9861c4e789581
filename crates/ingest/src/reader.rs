//! Opening a file: its hash and progress as it is read, the encodings spreadsheets produce,
//! and a CSV reader over it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::ImportError;

/// Counts and hashes every byte on its way to the parser.
pub(crate) struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    pub(crate) bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// An open file, ready for the CSV parser.
pub(crate) struct Source {
    pub(crate) file_name: String,
    pub(crate) total: u64,
    pub(crate) csv: csv::Reader<BufReader<Hashing<File>>>,
}

impl Source {
    pub(crate) fn open(path: &Path) -> Result<Self, ImportError> {
        let io = |e: std::io::Error| ImportError::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let file = File::open(path).map_err(io)?;
        let total = file.metadata().map_err(io)?.len();
        let mut buffered = BufReader::with_capacity(
            256 * 1024,
            Hashing {
                inner: file,
                hasher: Sha256::new(),
                bytes: 0,
            },
        );
        let head = buffered.fill_buf().map_err(io)?;
        check_encoding(head)?;
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first header.
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buffered.consume(3);
        }
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buffered);
        Ok(Self {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            total,
            csv,
        })
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.csv.get_ref().get_ref().bytes
    }

    /// Reads what is left (so the hash covers the whole file) and returns the hash, hex.
    pub(crate) fn finish(self) -> Result<String, ImportError> {
        let mut rest = self.csv.into_inner();
        std::io::copy(&mut rest, &mut std::io::sink()).map_err(|e| ImportError::Io {
            path: String::new(),
            detail: e.to_string(),
        })?;
        let hashing = rest.into_inner();
        Ok(hashing
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// UTF-16 (Excel's "Unicode Text") cannot be read as CSV: say how to save it instead.
fn check_encoding(head: &[u8]) -> Result<(), ImportError> {
    let utf16_bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let sample = &head[..head.len().min(1024)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if utf16_bom || (sample.len() >= 16 && nuls * 4 >= sample.len()) {
        return Err(ImportError::Encoding(
            "This file is UTF-16 text (as a spreadsheet's \"Unicode Text\" saves it), not CSV. \
             Open it in the spreadsheet and save it as \"CSV UTF-8\", or download it from the \
             Developer Portal again, then import that file."
                .into(),
        ));
    }
    if head.is_empty() {
        return Err(ImportError::Empty(
            "The file is empty: download it from the Developer Portal again.".into(),
        ));
    }
    Ok(())
}

/// The CSV error as the partner should hear it, with its line.
pub(crate) fn csv_error(e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "this line is not UTF-8 text: is the file a CSV export? Save it as \"CSV UTF-8\" and try again".to_owned()
        }
        csv::ErrorKind::Io(io) => format!("the file could not be read further ({io})"),
        _ => format!("this line is not valid CSV ({e})"),
    };
    ImportError::at(line, None, message)
}
