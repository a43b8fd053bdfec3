//! Readers that stream patent files into [`Patent`] records.
//!
//! Each reader yields one [`RecordOutcome`] per source record: either a
//! parsed patent or the reason it was rejected, with the file and the line or
//! document number, so one bad record never stops the rest of a batch. The
//! crate only reads; writing to the catalogue is the caller's job.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use patentbridge_domain::Patent;

pub mod cn_csv;
mod csv_source;
pub mod epo;
pub mod format;
pub mod ipc_scheme;
pub mod lens;
mod open;
pub mod patentsview;
pub mod progress;
pub mod sei;
pub mod template;
pub mod uspto;
mod xml;

pub use format::Format;
pub use open::{detect, open};
pub use progress::CountingReader;

/// Where in a file a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line number of the record's first line (CSV), or the 1-based
    /// index of the document in a concatenated XML file.
    pub position: u64,
    pub unit: PositionUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionUnit {
    Line,
    Document,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            PositionUnit::Line => "line",
            PositionUnit::Document => "document",
        };
        write!(f, "{}:{} {}", self.file.display(), unit, self.position)
    }
}

/// One source record: parsed, or rejected with a reason. The reason is
/// English text for the operator's import log, or, from a reader whose
/// rejections a person reads in the interface (the upload template, see
/// [`template::read`]), a [`Text`](patentbridge_domain::Text) in both
/// languages.
#[derive(Debug)]
pub struct RecordOutcome<R = String> {
    pub location: Location,
    pub result: Result<Patent, R>,
}

/// Errors that stop a whole file (it cannot be opened or is not of the format).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot tell the format ({reason}); name it with --format")]
    UnknownFormat { path: PathBuf, reason: String },
    #[error("{path}: not a valid {format} file: {reason}")]
    Malformed {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
}

/// How far a reader has got through its input, for progress bars.
#[derive(Debug, Clone)]
pub struct Progress {
    read: Arc<AtomicU64>,
    pub total_bytes: u64,
}

impl Progress {
    pub fn new(total_bytes: u64) -> (Progress, Arc<AtomicU64>) {
        let read = Arc::new(AtomicU64::new(0));
        (
            Progress {
                read: read.clone(),
                total_bytes,
            },
            read,
        )
    }
    pub fn bytes_read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }
}

/// A stream of records from one input, with its progress.
pub struct RecordStream<R = String> {
    pub format: Format,
    pub progress: Progress,
    pub records: Box<dyn Iterator<Item = RecordOutcome<R>> + Send>,
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> IngestError + '_ {
    move |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    }
}
