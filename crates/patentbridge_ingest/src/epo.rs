//! Streaming readers for EPO full-text XML and DocDB exchange documents.

use std::path::Path;

use crate::{IngestError, RecordStream};

pub fn open_fulltext(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

pub fn open_docdb(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

