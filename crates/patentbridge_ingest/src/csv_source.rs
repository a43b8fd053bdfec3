//! The CSV plumbing the CSV-family readers share: line-ending normalisation,
//! per-field decoding, header look-up and a record iterator that never stops
//! on one bad record.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use patentbridge_domain::{ClassificationCode, Patent, PatentNumber, Text, text};

use crate::format::Format;
use crate::{
    CountingReader, IngestError, Location, PositionUnit, Progress, RecordOutcome, RecordStream,
};

/// How the bytes of a field are turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 where the field is valid UTF-8, otherwise Windows-1252/Latin-1.
    Utf8OrLatin1,
    /// ISO-8859-1: every byte is the character with that code point.
    Latin1,
}

impl Encoding {
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8OrLatin1 => match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
            },
            Encoding::Latin1 => bytes.iter().map(|&b| b as char).collect(),
        }
    }
}

/// Windows-1252 for the bytes that it assigns in 0x80–0x9F, Latin-1 otherwise.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xa0).contains(&b) {
        HIGH[usize::from(b - 0x80)]
    } else {
        b as char
    }
}

/// Turns CR-only and CRLF line endings into LF, so the CSV parser and its line
/// numbers treat all three alike.
pub(crate) struct LineEndings<R> {
    inner: R,
    last_was_cr: bool,
}

impl<R: Read> LineEndings<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            last_was_cr: false,
        }
    }
}

impl<R: Read> Read for LineEndings<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            // Compact in place: `out` never overtakes the byte being read.
            let mut out = 0;
            for read in 0..n {
                let b = buf[read];
                let keep = !(b == b'\n' && self.last_was_cr);
                self.last_was_cr = b == b'\r';
                if keep {
                    buf[out] = if b == b'\r' { b'\n' } else { b };
                    out += 1;
                }
            }
            // A buffer holding only the LF of a CRLF pair shrinks to nothing;
            // read again rather than signal the end of the input.
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

/// Lower-cases a header and strips what people add around it: a byte-order
/// mark, all white space, a "（必填）" or "(required)" marker, a leading or trailing `*`.
pub(crate) fn header_key(raw: &str) -> String {
    let mut s: String = raw
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    for marker in ["(必填)", "(选填)", "(required)", "(optional)", "*"] {
        if let Some(stripped) = s.strip_suffix(marker) {
            s = stripped.trim_end().to_string();
        }
        if let Some(stripped) = s.strip_prefix(marker) {
            s = stripped.trim_start().to_string();
        }
    }
    s.trim().to_string()
}

/// One data row, with look-up by header name.
pub(crate) struct Row {
    fields: Vec<String>,
    columns: Arc<HashMap<String, usize>>,
}

impl Row {
    /// The field under the header (matched by [`header_key`]), or "" if absent.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.columns
            .get(&header_key(name))
            .and_then(|&i| self.fields.get(i))
            .map(|s| s.as_str())
            .unwrap_or("")
    }

    /// The first non-empty field among several alternative headers.
    pub(crate) fn get_any(&self, names: &[&str]) -> &str {
        names
            .iter()
            .map(|n| self.get(n))
            .find(|v| !v.trim().is_empty())
            .unwrap_or("")
    }

    /// A row of already-decoded fields, for sources other than CSV (xlsx).
    pub(crate) fn new(fields: Vec<String>, columns: Arc<HashMap<String, usize>>) -> Row {
        Row { fields, columns }
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Opens a CSV file and maps every data row through `parse`.
pub(crate) fn open_csv<F, R>(
    path: &Path,
    format: Format,
    encoding: Encoding,
    delimiter: u8,
    parse: F,
) -> Result<RecordStream<R>, IngestError>
where
    F: FnMut(&Row) -> Result<Patent, R> + Send + 'static,
    R: Reason + Send + 'static,
{
    let file = File::open(path).map_err(crate::io_error(path))?;
    let len = file.metadata().map_err(crate::io_error(path))?.len();
    let (progress, counter) = Progress::new(len);
    let input: Box<dyn Read + Send> = Box::new(LineEndings::new(BufReader::new(
        CountingReader::new(file, counter),
    )));
    let records = CsvRecords::new(path, input, encoding, delimiter, parse)?;
    Ok(RecordStream {
        format,
        progress,
        records: Box::new(records),
    })
}

/// A rejection reason a reader can give for a row it cannot read at all.
pub(crate) trait Reason {
    fn unreadable_record(error: &csv::Error) -> Self;
}

/// For the import log.
impl Reason for String {
    fn unreadable_record(error: &csv::Error) -> Self {
        format!("unreadable CSV record: {error}")
    }
}

/// For a person reading the rejection in the interface.
impl Reason for Text {
    fn unreadable_record(error: &csv::Error) -> Self {
        text!(
            "无法读取这一行 CSV 记录（{error}）",
            "unreadable CSV record: {error}"
        )
    }
}

/// Iterates the data rows of a CSV input, one [`RecordOutcome`] per row.
pub(crate) struct CsvRecords<F> {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read + Send>>,
    columns: Arc<HashMap<String, usize>>,
    encoding: Encoding,
    parse: F,
    record: csv::ByteRecord,
    done: bool,
}

impl<F, R> CsvRecords<F>
where
    F: FnMut(&Row) -> Result<Patent, R>,
{
    pub(crate) fn new(
        path: &Path,
        input: Box<dyn Read + Send>,
        encoding: Encoding,
        delimiter: u8,
        parse: F,
    ) -> Result<Self, IngestError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(input);
        let headers = reader.byte_headers().map_err(|e| IngestError::Malformed {
            path: path.to_path_buf(),
            format: "CSV",
            reason: format!("cannot read the header row: {e}"),
        })?;
        let columns = header_columns(headers, encoding);
        Ok(Self {
            path: path.to_path_buf(),
            reader,
            columns: Arc::new(columns),
            encoding,
            parse,
            record: csv::ByteRecord::new(),
            done: false,
        })
    }

    fn location(&self, line: u64) -> Location {
        Location {
            file: self.path.clone(),
            position: line,
            unit: PositionUnit::Line,
        }
    }
}

impl<F, R> Iterator for CsvRecords<F>
where
    F: FnMut(&Row) -> Result<Patent, R>,
    R: Reason,
{
    type Item = RecordOutcome<R>;

    fn next(&mut self) -> Option<RecordOutcome<R>> {
        loop {
            if self.done {
                return None;
            }
            let line_before = self.reader.position().line();
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {
                    let line = self.record.position().map_or(line_before, |p| p.line());
                    let row = Row {
                        fields: self
                            .record
                            .iter()
                            .map(|f| self.encoding.decode(f))
                            .collect(),
                        columns: self.columns.clone(),
                    };
                    if row.is_blank() {
                        continue;
                    }
                    let result = (self.parse)(&row).map(|mut p| {
                        p.normalise();
                        p
                    });
                    return Some(RecordOutcome {
                        location: self.location(line),
                        result,
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(line_before, |p| p.line());
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                    }
                    return Some(RecordOutcome {
                        location: self.location(line),
                        result: Err(R::unreadable_record(&e)),
                    });
                }
            }
        }
    }
}

/// Calls `f` on every data row of a CSV input; a malformed row stops the file.
pub(crate) fn for_each_row<F>(
    path: &Path,
    input: Box<dyn Read + Send>,
    encoding: Encoding,
    delimiter: u8,
    mut f: F,
) -> Result<(), IngestError>
where
    F: FnMut(&Row),
{
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let malformed = |e: csv::Error| IngestError::Malformed {
        path: path.to_path_buf(),
        format: "CSV",
        reason: e.to_string(),
    };
    let columns = Arc::new(header_columns(
        reader.byte_headers().map_err(malformed)?,
        encoding,
    ));
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(malformed)? {
        f(&Row {
            fields: record.iter().map(|b| encoding.decode(b)).collect(),
            columns: columns.clone(),
        });
    }
    Ok(())
}

fn header_columns(headers: &csv::ByteRecord, encoding: Encoding) -> HashMap<String, usize> {
    let mut columns = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        // The first of two same-named columns wins.
        columns.entry(header_key(&encoding.decode(h))).or_insert(i);
    }
    columns
}

// ---------------------------------------------------------------------------
// Field helpers.
// ---------------------------------------------------------------------------

/// A date in any spelling `parse_date` knows; a blank or bad date is absent.
pub(crate) fn parse_date_field(raw: &str) -> Option<chrono::NaiveDate> {
    patentbridge_domain::parse_optional_date(raw).ok().flatten()
}

/// Parses a number, with a reason that names the field.
pub(crate) fn parse_number(field: &str, raw: &str) -> Result<PatentNumber, String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.eq_ignore_ascii_case("NA") {
        return Err(format!("{field} is empty"));
    }
    PatentNumber::parse(raw).map_err(|e| format!("{field} \"{raw}\": {}", reason_of(&e)))
}

/// The reason text of a domain error, without a repeated value if it has one.
fn reason_of(e: &patentbridge_domain::DomainError) -> String {
    match e {
        patentbridge_domain::DomainError::PatentNumber(_, why) => (*why).to_string(),
        other => other.to_string(),
    }
}

/// Trimmed text, or `None` when empty or an `NA` placeholder.
pub(crate) fn non_empty(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("NA")).then(|| t.to_string())
}

/// Splits a multi-value field on any of the separators, trimming and dropping
/// blanks and `NA` placeholders.
pub(crate) fn split_multi(raw: &str, separators: &[&str]) -> Vec<String> {
    let mut parts = vec![raw.to_string()];
    for sep in separators {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts.into_iter().filter_map(|p| non_empty(&p)).collect()
}

/// Parses classification symbols, dropping those that do not parse.
pub(crate) fn parse_classes(raw: &str, separators: &[&str]) -> Vec<ClassificationCode> {
    split_multi(raw, separators)
        .iter()
        .filter_map(|s| parse_class(s))
        .collect()
}

/// Parses one symbol; a trailing version date and flags
/// (`20060101AFI20130528VHKR`) are dropped by [`ClassificationCode::parse`].
pub(crate) fn parse_class(raw: &str) -> Option<ClassificationCode> {
    ClassificationCode::parse(raw).ok()
}

/// True when the text contains a CJK ideograph.
pub(crate) fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

/// Puts a title into `title_zh` or `title_en` by whether it has CJK characters.
pub(crate) fn set_title(patent: &mut Patent, title: &str) {
    if let Some(t) = non_empty(title) {
        if has_cjk(&t) {
            patent.title_zh = Some(t);
        } else {
            patent.title_en = Some(t);
        }
    }
}

/// A non-negative integer count, or `None` for blanks and junk.
pub(crate) fn parse_count(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|n| *n >= 0)
}

/// True when a party name has at least one letter or digit (drops `????`).
pub(crate) fn is_real_name(name: &str) -> bool {
    name.chars().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalise(input: &[u8], chunk: usize) -> Vec<u8> {
        struct Chunked<'a>(&'a [u8], usize);
        impl Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        LineEndings::new(Chunked(input, chunk))
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn cr_and_crlf_line_endings_become_lf_across_buffer_boundaries() {
        for chunk in [1, 2, 3, 64] {
            assert_eq!(normalise(b"a\rb\r\nc\nd\r", chunk), b"a\nb\nc\nd\n");
        }
    }

    #[test]
    fn headers_match_with_required_markers_and_full_width_brackets() {
        assert_eq!(header_key("\u{feff} 公开号（必填） "), "公开号");
        assert_eq!(header_key("Publication Number"), "publicationnumber");
        assert_eq!(header_key("公开号 (或专利号)"), "公开号(或专利号)");
        assert_eq!(header_key("*发明名称"), "发明名称");
    }

    #[test]
    fn classification_symbols_lose_their_version_and_flags() {
        let c = parse_class("G07F 9/10 20060101AFI20130528VHKR").unwrap();
        assert_eq!(c.as_str(), "G07F9/10");
        assert!(parse_class("A21D 13/").is_none());
    }

    #[test]
    fn latin1_bytes_decode_to_their_code_points() {
        assert_eq!(Encoding::Latin1.decode(b"\xf8stergaard"), "østergaard");
        assert_eq!(Encoding::Utf8OrLatin1.decode(b"\x93Pizza\x94"), "“Pizza”");
        assert_eq!(Encoding::Utf8OrLatin1.decode("天津".as_bytes()), "天津");
    }
}
