//! Readers for Lens.org and WIPO Patentscope exports and the WIPO landscape family table.
//!
//! All three are CSV; Lens joins multiple values with `;;`, Patentscope with
//! `;` (and is ISO-8859-1 with CR-only line endings), the landscape table with
//! ` | `. Line endings of every kind are normalised before parsing.

use std::path::Path;

use patentbridge_domain::{ClassificationCode, Party, Patent};

use crate::csv_source::{
    Encoding, is_real_name, non_empty, open_csv, parse_class, parse_classes, parse_count,
    parse_date_field, parse_number, set_title, split_multi,
};
use crate::format::Format;
use crate::{IngestError, RecordStream};

pub fn open_lens(path: &Path) -> Result<RecordStream, IngestError> {
    open_csv(path, Format::LensCsv, Encoding::Utf8OrLatin1, b',', |row| {
        let raw = row.get("Publication Number");
        let number = parse_number("Publication Number", raw)?;
        let mut patent = Patent::new(number, "lens");
        set_title(&mut patent, row.get("Title"));
        if patent.title_en.is_none() && patent.title_zh.is_none() {
            return Err(format!(
                "Publication Number \"{}\": Title is empty",
                raw.trim()
            ));
        }
        patent.application_number = non_empty(row.get("Application Number"));
        patent.application_date = parse_date_field(row.get("Application Date"));
        patent.publication_date = parse_date_field(row.get("Publication Date"));
        if row.get("Type").trim() == "Granted Patent" {
            patent.grant_date = patent.publication_date;
        }
        patent.applicants = parties(row.get("Applicants"), &[";;"]);
        patent.inventors = names(row.get("Inventors"), &[";;"]);
        patent.cpc = parse_classes(row.get("CPC Classifications"), &[";;"]);
        patent.ipc = parse_classes(row.get("IPCR Classifications"), &[";;"]);
        patent.cited_by_count = parse_count(row.get("Cited Count"));
        patent.family_size = parse_count(row.get("Simple Family Size"));
        Ok(patent)
    })
}

pub fn open_patentscope(path: &Path) -> Result<RecordStream, IngestError> {
    open_csv(
        path,
        Format::PatentscopeCsv,
        Encoding::Latin1,
        b',',
        |row| {
            let raw = row.get("Publication Number");
            let number = parse_number("Publication Number", raw)?;
            let mut patent = Patent::new(number, "patentscope");
            set_title(&mut patent, row.get("Title"));
            if patent.title_en.is_none() && patent.title_zh.is_none() {
                return Err(format!(
                    "Publication Number \"{}\": Title is empty or NA",
                    raw.trim()
                ));
            }
            patent.publication_date = parse_date_field(row.get("Publication Date"));
            patent.applicants = parties(row.get("Applicants"), &[";"]);
            patent.inventors = names(row.get("Inventors"), &[";"]);
            patent.ipc = parse_classes(row.get("IPC"), &[";"]);
            Ok(patent)
        },
    )
}

pub fn open_landscape(path: &Path) -> Result<RecordStream, IngestError> {
    open_csv(
        path,
        Format::LandscapeCsv,
        Encoding::Utf8OrLatin1,
        b',',
        |row| {
            let serial = row.get("publication number").trim();
            let kind = row.get("kind code").trim();
            // Some exports already end the number with its kind code.
            let joined =
                if kind.is_empty() || serial.ends_with(kind) && serial.len() > kind.len() + 2 {
                    serial.to_string()
                } else {
                    format!("{serial}{kind}")
                };
            let number = parse_number("publication number", &joined)?;
            let mut patent = Patent::new(number, "wipo-landscape");
            set_title(&mut patent, row.get("title"));
            if patent.title_en.is_none() && patent.title_zh.is_none() {
                return Err(format!("publication number \"{joined}\": title is empty"));
            }
            patent.application_date = parse_date_field(row.get("application date"));
            patent.publication_date = parse_date_field(row.get("publication date"));
            // B and C kind codes are grant publications.
            if kind.starts_with('B') || kind.starts_with('C') {
                patent.grant_date = patent.publication_date;
            }
            patent.applicants = parties(row.get("applicant"), &["|"]);
            // Inventors are padded and may carry a country after a run of spaces:
            // "SOLDIN STEVEN J    US".
            patent.inventors = names(row.get("inventors"), &["|"])
                .into_iter()
                .map(|n| n.split("  ").next().unwrap_or(&n).trim().to_string())
                .collect();
            patent.ipc = split_multi(row.get("ipc classes"), &["|"])
                .iter()
                .filter_map(|c| landscape_class(c))
                .collect();
            patent.family_size = parse_count(row.get("family size"));
            Ok(patent)
        },
    )
}

/// The landscape table writes symbols without spaces or slash, the main
/// group padded to three digits: `C07D41700` is C07D 417/00, `A61K031426`
/// is A61K 31/426.
fn landscape_class(raw: &str) -> Option<ClassificationCode> {
    let s = raw.trim();
    if s.contains('/') || s.len() < 9 || !s.is_ascii() {
        return parse_class(s);
    }
    let (subclass, group) = s.split_at(4);
    let (main, sub) = group.split_at(3);
    parse_class(&format!("{subclass}{main}/{sub}"))
}

fn names(raw: &str, separators: &[&str]) -> Vec<String> {
    split_multi(raw, separators)
        .into_iter()
        .filter(|n| is_real_name(n))
        .collect()
}

fn parties(raw: &str, separators: &[&str]) -> Vec<Party> {
    names(raw, separators)
        .iter()
        .map(|n| Party::new(n, None))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landscape_symbols_get_their_slash_back() {
        let c = |s| landscape_class(s).map(|c| c.to_string());
        assert_eq!(c("C07D41700").as_deref(), Some("C07D417/00"));
        assert_eq!(c("A61K031426").as_deref(), Some("A61K31/426"));
        assert_eq!(c("A61K0314164").as_deref(), Some("A61K31/4164"));
        assert_eq!(c("H01J04900").as_deref(), Some("H01J49/00"));
    }
}
