//! Reader that joins the PatentsView tables by patent_id.

use std::path::Path;

use crate::{IngestError, RecordStream};

pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "reader not written yet".into(),
    })
}


/// The five table paths found beside (or inside) the given path.
pub fn find_tables(path: &Path) -> Result<(), IngestError> {
    Err(IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: "not written yet".into(),
    })
}
