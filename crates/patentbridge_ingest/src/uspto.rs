//! Streaming reader for USPTO full-text XML grants and applications.

use std::path::Path;

use crate::{IngestError, RecordStream};

pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

