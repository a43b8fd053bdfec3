//! Telling an input's format from its path and first bytes, and opening it
//! with that format's reader. No reader imports this module.

use std::path::Path;

use crate::format::Format;
use crate::{IngestError, RecordStream};

/// Opens an input (a file, or for PatentsView the folder or any of its tables)
/// in the given format, or the detected one.
pub fn open(path: &Path, format: Option<Format>) -> Result<RecordStream, IngestError> {
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    open_as(path, format)
}

/// Detects the format from the path and the first bytes of the file.
pub fn detect(path: &Path) -> Result<Format, IngestError> {
    let unknown = |reason: &str| IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if path.is_dir() {
        return if crate::patentsview::find_tables(path).is_ok() {
            Ok(Format::PatentsView)
        } else {
            Err(unknown(
                "a folder is read only as PatentsView tables, and none were found",
            ))
        };
    }
    if crate::template::is_workbook(path) {
        return Ok(Format::TemplateCsv);
    }
    let mut head = vec![0u8; 8192];
    let mut file = std::fs::File::open(path).map_err(crate::io_error(path))?;
    let n = std::io::Read::read(&mut file, &mut head).map_err(crate::io_error(path))?;
    head.truncate(n);
    let text: String = head.iter().map(|&b| b as char).collect();
    let trimmed = text
        .trim_start_matches('\u{feff}')
        .trim_start_matches("\u{ef}\u{bb}\u{bf}")
        .trim_start();
    if trimmed.starts_with('<') {
        return if text.contains("<us-patent-grant")
            || text.contains("<us-patent-application")
            || text.contains("PATDOC")
            || text.contains("<patent-application-publication")
            || text.contains("us-patent-grant")
        {
            Ok(Format::UsptoXml)
        } else if text.contains("<ep-patent-document") {
            Ok(Format::EpoXml)
        } else if text.contains("exch:exchange-document") || text.contains("<exchange-document") {
            Ok(Format::DocdbXml)
        } else {
            Err(unknown("XML, but not USPTO, EPO full-text or DocDB"))
        };
    }
    let first_line = trimmed.split(['\r', '\n']).next().unwrap_or("");
    let header = first_line.to_ascii_lowercase();
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if header.starts_with("publication_number,title_zh") {
        Ok(Format::CnG06fCsv)
    } else if header.starts_with("patent_id,") || file_name.starts_with("nvidia_") {
        Ok(Format::PatentsView)
    } else if header.contains("lens id") || header.contains("jurisdiction,kind,publication number")
    {
        Ok(Format::LensCsv)
    } else if header.starts_with("publication number,publication date,title,priority data") {
        Ok(Format::PatentscopeCsv)
    } else if header.starts_with("row no,publication number,kind code") {
        Ok(Format::LandscapeCsv)
    } else if is_template_header(&head) {
        Ok(Format::TemplateCsv)
    } else {
        Err(unknown("the header row matches none of the known exports"))
    }
}

/// True when the first line, read as UTF-8, names a template column. (`text`
/// above maps each byte to one char, so Chinese headers never match there.)
fn is_template_header(head: &[u8]) -> bool {
    let utf8 = String::from_utf8_lossy(head);
    let first_line = utf8
        .trim_start_matches('\u{feff}')
        .split(['\r', '\n'])
        .next()
        .unwrap_or("");
    ["公开号", "申请号", "专利号"]
        .iter()
        .any(|h| first_line.contains(h))
}

fn open_as(path: &Path, format: Format) -> Result<RecordStream, IngestError> {
    match format {
        Format::CnG06fCsv => crate::cn_csv::open(path),
        Format::PatentsView => crate::patentsview::open(path),
        Format::LensCsv => crate::lens::open_lens(path),
        Format::PatentscopeCsv => crate::lens::open_patentscope(path),
        Format::LandscapeCsv => crate::lens::open_landscape(path),
        Format::TemplateCsv => crate::template::open(path),
        Format::UsptoXml => crate::uspto::open(path),
        Format::EpoXml => crate::epo::open_fulltext(path),
        Format::DocdbXml => crate::epo::open_docdb(path),
    }
}
