//! Reader for the university bulk-upload template (CSV with Chinese headers,
//! or the same columns in the first worksheet of an `.xlsx` workbook).
//!
//! The columns are documented for users in `docs/upload-template.md`. Headers
//! are matched leniently: white space, a byte-order mark, full-width brackets
//! and a "（必填）" marker are ignored, and each column has a few aliases.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use calamine::{DataRef, Reader, Xlsx};

use patentbridge_domain::{ApplicantType, LegalStatus, Party, Patent, PatentType, Text, text};

use crate::csv_source::{
    Encoding, Row, has_cjk, header_key, non_empty, open_csv, parse_classes, parse_count,
    parse_date_field, parse_number, split_multi,
};
use crate::format::Format;
use crate::{IngestError, Location, PositionUnit, Progress, RecordOutcome, RecordStream};

const SOURCE: &str = "upload-template";

/// Separators of multi-value cells: ASCII and full-width semicolons.
const MULTI: &[&str] = &[";", "；"];

/// Each column with the header spellings accepted for it.
pub(crate) mod columns {
    pub const NUMBER: &[&str] = &[
        "公开号(或专利号)",
        "公开号",
        "公开(公告)号",
        "公告号",
        "授权公告号",
        "专利号",
        "publication number",
    ];
    pub const APPLICATION_NUMBER: &[&str] = &["申请号", "application number"];
    pub const PATENT_TYPE: &[&str] = &["专利类型", "patent type"];
    pub const TITLE_ZH: &[&str] = &["发明名称", "专利名称", "中文名称", "名称"];
    pub const TITLE_EN: &[&str] = &["英文名称", "英文标题", "title"];
    pub const ABSTRACT_ZH: &[&str] = &["摘要", "中文摘要"];
    pub const ABSTRACT_EN: &[&str] = &["英文摘要", "abstract"];
    pub const CLAIMS: &[&str] = &["主权项", "权利要求"];
    pub const KEYWORDS: &[&str] = &["关键词"];
    pub const APPLICANTS: &[&str] = &["申请人", "专利权人", "申请(专利权)人", "applicants"];
    pub const APPLICANT_TYPE: &[&str] = &["申请人类型"];
    pub const APPLICANT_ADDRESS: &[&str] = &["申请人地址", "地址"];
    pub const INVENTORS: &[&str] = &["发明人", "设计人", "inventors"];
    pub const APPLICATION_DATE: &[&str] = &["申请日", "application date"];
    pub const PUBLICATION_DATE: &[&str] = &["公开日", "公开(公告)日", "publication date"];
    pub const GRANT_DATE: &[&str] = &["授权公告日", "授权日", "grant date"];
    pub const IPC: &[&str] = &["IPC分类号", "IPC", "分类号", "主分类号"];
    pub const CPC: &[&str] = &["CPC分类号", "CPC"];
    pub const LEGAL_STATUS: &[&str] = &["法律状态", "legal status"];
    pub const CITED_BY: &[&str] = &["被引次数", "被引用次数"];
    pub const FAMILY_SIZE: &[&str] = &["同族数量", "同族数"];
}

/// The template's records, each rejection in English (for the import log).
pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    let stream = read(path)?;
    Ok(RecordStream {
        format: stream.format,
        progress: stream.progress,
        records: Box::new(stream.records.map(|o| RecordOutcome {
            location: o.location,
            result: o.result.map_err(|reason| reason.en().to_string()),
        })),
    })
}

/// The template's records, each rejection in both languages: the people
/// who upload a template read why a row was refused.
pub fn read(path: &Path) -> Result<RecordStream<Text>, IngestError> {
    if is_workbook(path) {
        open_xlsx(path)
    } else {
        require_utf8(path)?;
        open_csv(
            path,
            Format::TemplateCsv,
            Encoding::Utf8OrLatin1,
            b',',
            parse_row,
        )
    }
}

/// Excel's plain "CSV" in a Chinese locale is GBK; refuse it with a hint
/// rather than import garbled names.
fn require_utf8(path: &Path) -> Result<(), IngestError> {
    let mut head = Vec::with_capacity(8192);
    File::open(path)
        .and_then(|f| f.take(8192).read_to_end(&mut head))
        .map_err(crate::io_error(path))?;
    match std::str::from_utf8(&head) {
        // A character cut at the end of the sample is not an error.
        Err(e) if e.error_len().is_some() => Err(IngestError::Malformed {
            path: path.to_path_buf(),
            format: "upload template",
            reason: "the file is not UTF-8 (probably GBK); in Excel save it as \
                     \"CSV UTF-8\" or upload the .xlsx"
                .into(),
        }),
        _ => Ok(()),
    }
}

/// True for the Excel workbook extensions the template reader accepts.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Turns one template row into a patent.
pub(crate) fn parse_row(row: &Row) -> Result<Patent, Text> {
    use columns::*;
    let raw = row.get_any(NUMBER).trim();
    if raw.is_empty() {
        return Err(Text::new(
            "公开号为空",
            "公开号 (publication number) is empty",
        ));
    }
    if raw.to_ascii_uppercase().starts_with("ZL") {
        return Err(text!(
            "公开号“{raw}”：ZL 号是申请号，请填在“申请号”列，并在此填写公开号或授权公告号，例如 CN114000001A",
            "公开号 (publication number) \"{raw}\": a ZL number is an application number; \
             put it under 申请号 and give the publication or grant number, e.g. CN114000001A"
        ));
    }
    let number = parse_number("公开号 (publication number)", raw)
        .map_err(|reason| Text::owned(format!("公开号“{raw}”无法识别"), reason))?;
    let mut patent = Patent::new(number, SOURCE);

    let title = row.get_any(TITLE_ZH);
    patent.title_en = non_empty(row.get_any(TITLE_EN));
    if has_cjk(title) || patent.title_en.is_some() {
        patent.title_zh = non_empty(title);
    } else {
        patent.title_en = non_empty(title);
    }
    if patent.title_zh.is_none() && patent.title_en.is_none() {
        return Err(text!(
            "公开号“{raw}”：发明名称和英文名称都为空",
            "公开号 \"{raw}\": 发明名称 and 英文名称 (title) are both empty"
        ));
    }

    patent.application_number = non_empty(row.get_any(APPLICATION_NUMBER));
    if let Some(t) = PatentType::parse(row.get_any(PATENT_TYPE)) {
        patent.patent_type = t;
    }
    patent.abstract_zh = non_empty(row.get_any(ABSTRACT_ZH));
    patent.abstract_en = non_empty(row.get_any(ABSTRACT_EN));
    patent.claims = non_empty(row.get_any(CLAIMS));
    patent.keywords = split_multi(row.get_any(KEYWORDS), MULTI);

    let names = split_multi(row.get_any(APPLICANTS), MULTI);
    let types: Vec<Option<ApplicantType>> = split_multi(row.get_any(APPLICANT_TYPE), MULTI)
        .iter()
        .map(|t| ApplicantType::parse(t))
        .collect();
    let addresses = split_multi(row.get_any(APPLICANT_ADDRESS), MULTI);
    patent.applicants = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // One address belongs to the first applicant; one type applies to all.
            let address = addresses.get(i).map(String::as_str);
            let party = Party::new(name, address);
            let given = if types.len() == 1 {
                types[0]
            } else {
                types.get(i).copied().flatten()
            };
            match given {
                Some(t) => party.with_type(t),
                None => party,
            }
        })
        .collect();
    patent.inventors = split_multi(row.get_any(INVENTORS), MULTI);

    patent.application_date = parse_date_field(row.get_any(APPLICATION_DATE));
    patent.publication_date = parse_date_field(row.get_any(PUBLICATION_DATE));
    patent.grant_date = parse_date_field(row.get_any(GRANT_DATE));
    patent.ipc = parse_classes(row.get_any(IPC), MULTI);
    patent.cpc = parse_classes(row.get_any(CPC), MULTI);
    patent.legal_status =
        LegalStatus::parse(row.get_any(LEGAL_STATUS)).unwrap_or(if patent.grant_date.is_some() {
            LegalStatus::InForce
        } else if patent.number.kind().is_some_and(|k| k.starts_with('A')) {
            LegalStatus::Pending
        } else {
            LegalStatus::Unknown
        });
    patent.cited_by_count = parse_count(row.get_any(CITED_BY));
    patent.family_size = parse_count(row.get_any(FAMILY_SIZE));
    Ok(patent)
}

// ---------------------------------------------------------------------------
// The template as an .xlsx workbook.
// ---------------------------------------------------------------------------

/// A worksheet row (1-based row number and its cells as text), or an error.
type SheetRow = Result<(u64, Vec<String>), (u64, Text)>;

/// Reads the first worksheet on a background thread that hands rows over a
/// small channel, so a large sheet is never held in memory as a whole.
fn open_xlsx(path: &Path) -> Result<RecordStream<Text>, IngestError> {
    let malformed = |reason: String| IngestError::Malformed {
        path: path.to_path_buf(),
        format: "xlsx",
        reason,
    };
    let file = File::open(path).map_err(crate::io_error(path))?;
    let len = file.metadata().map_err(crate::io_error(path))?.len();
    let (progress, counter) = Progress::new(len);
    let input = SeekCounting {
        inner: BufReader::new(file),
        count: counter.clone(),
        total: len,
    };
    let mut workbook: Xlsx<_> = Xlsx::new(input).map_err(|e| malformed(e.to_string()))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| malformed("the workbook has no worksheet".into()))?;
    let (tx, rx) = sync_channel::<SheetRow>(256);
    std::thread::spawn(move || {
        let mut cells = match workbook.worksheet_cells_reader(&sheet) {
            Ok(cells) => cells,
            Err(e) => {
                let reason = text!(
                    "无法读取工作表“{sheet}”（{e}）",
                    "cannot read worksheet {sheet:?}: {e}"
                );
                let _ = tx.send(Err((1, reason)));
                return;
            }
        };
        let mut current: Option<(u32, Vec<String>)> = None;
        loop {
            match cells.next_cell() {
                Ok(Some(cell)) => {
                    let (r, c) = cell.get_position();
                    if let Some((row, fields)) = current.take_if(|(row, _)| *row != r)
                        && tx.send(Ok((u64::from(row) + 1, fields))).is_err()
                    {
                        return;
                    }
                    let (_, fields) = current.get_or_insert_with(|| (r, Vec::new()));
                    let c = c as usize;
                    if fields.len() <= c {
                        fields.resize(c + 1, String::new());
                    }
                    fields[c] = cell_text(cell.get_value());
                }
                Ok(None) => {
                    if let Some((row, fields)) = current.take() {
                        let _ = tx.send(Ok((u64::from(row) + 1, fields)));
                    }
                    break;
                }
                Err(e) => {
                    let row = current.as_ref().map_or(1, |(r, _)| u64::from(*r) + 1);
                    let reason = text!(
                        "无法读取工作表中的单元格（{e}）",
                        "unreadable worksheet cell: {e}"
                    );
                    let _ = tx.send(Err((row, reason)));
                    break;
                }
            }
        }
        counter.store(len, Ordering::Relaxed);
    });
    Ok(RecordStream {
        format: Format::TemplateCsv,
        progress,
        records: Box::new(XlsxRecords {
            path: path.to_path_buf(),
            rows: rx,
            columns: None,
        }),
    })
}

struct XlsxRecords {
    path: PathBuf,
    rows: Receiver<SheetRow>,
    /// Set once the header row has been seen.
    columns: Option<Arc<HashMap<String, usize>>>,
}

impl Iterator for XlsxRecords {
    type Item = RecordOutcome<Text>;

    fn next(&mut self) -> Option<RecordOutcome<Text>> {
        loop {
            let (row_number, result) = match self.rows.recv().ok()? {
                Err((row, reason)) => (row, Err(reason)),
                Ok((number, fields)) => {
                    let Some(columns) = &self.columns else {
                        // Rows above the header (a title, a note) are skipped:
                        // the header is the first row naming the number column.
                        let keys: Vec<String> = fields.iter().map(|f| header_key(f)).collect();
                        if columns::NUMBER
                            .iter()
                            .any(|n| keys.contains(&header_key(n)))
                        {
                            let mut map = HashMap::new();
                            for (i, k) in keys.into_iter().enumerate() {
                                map.entry(k).or_insert(i);
                            }
                            self.columns = Some(Arc::new(map));
                        }
                        continue;
                    };
                    let row = Row::new(fields, columns.clone());
                    if row.is_blank() {
                        continue;
                    }
                    let result = parse_row(&row).map(|mut p| {
                        p.normalise();
                        p
                    });
                    (number, result)
                }
            };
            return Some(RecordOutcome {
                location: Location {
                    file: self.path.clone(),
                    position: row_number,
                    unit: PositionUnit::Line,
                },
                result,
            });
        }
    }
}

/// A cell as the text a CSV cell would hold; dates become `yyyy-mm-dd`.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        DataRef::DateTime(dt) => dt.as_f64().to_string(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// Counts bytes read for progress; a zip is read with seeks, so the count is
/// capped at the file size.
struct SeekCounting<R> {
    inner: R,
    count: Arc<AtomicU64>,
    total: u64,
}

impl<R: Read> Read for SeekCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.total;
        let _ = self
            .count
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| {
                Some((c + n as u64).min(total))
            });
        Ok(n)
    }
}

impl<R: Seek> Seek for SeekCounting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}
