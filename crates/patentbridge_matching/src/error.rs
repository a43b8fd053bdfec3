//! The errors of the matching crate: only reading labelled data can fail;
//! building and querying an index cannot.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error(
        "no labelled data at {0} (give the CSV file or the folder holding cn_patents_g06f_abstracts/cn_g06f_abstracts.csv)"
    )]
    NotFound(PathBuf),
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Malformed {
        path: PathBuf,
        line: u64,
        message: String,
    },
}
