//! Reader for the Chinese G06F abstracts CSV.

use std::path::Path;

use crate::{IngestError, RecordStream};

pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

