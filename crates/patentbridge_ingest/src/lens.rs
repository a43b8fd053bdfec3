//! Readers for Lens.org and WIPO Patentscope exports and the WIPO landscape family table.

use std::path::Path;

use crate::{IngestError, RecordStream};

pub fn open_lens(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

pub fn open_patentscope(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

pub fn open_landscape(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}

