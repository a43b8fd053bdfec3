//! Reader for the Chinese G06F abstracts CSV.

use std::path::Path;

use patentbridge_domain::{LegalStatus, Patent};

use crate::csv_source::{Encoding, non_empty, open_csv, parse_classes, parse_number, split_multi};
use crate::format::Format;
use crate::{IngestError, RecordStream};

const SOURCE: &str = "cn-g06f-csv";

pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    open_csv(
        path,
        Format::CnG06fCsv,
        Encoding::Utf8OrLatin1,
        b',',
        |row| {
            let raw = row.get("publication_number");
            let number = parse_number("publication_number", raw)?;
            let mut patent = Patent::new(number, SOURCE);
            patent.title_zh = non_empty(row.get("title_zh"));
            if patent.title_zh.is_none() {
                return Err(format!("publication_number \"{raw}\": title_zh is empty"));
            }
            patent.abstract_zh = non_empty(row.get("abstract_zh"));
            patent.keywords = split_multi(row.get("keywords_en"), &[";"]);
            patent.cpc = parse_classes(row.get("cpc_labels"), &[";"]);
            if patent.number.kind().is_some_and(|k| k.starts_with('A')) {
                patent.legal_status = LegalStatus::Pending;
            }
            Ok(patent)
        },
    )
}
