//! Reader that joins the PatentsView tables by patent_id.
//!
//! The side tables (abstract, CPC, assignee, inventor) are loaded into maps;
//! the patent table is streamed, one record per row.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use patentbridge_domain::{
    ApplicantType, ClassificationCode, LegalStatus, Party, Patent, PatentType,
};

use crate::csv_source::{
    CsvRecords, Encoding, LineEndings, Row, for_each_row, non_empty, parse_date_field, parse_number,
};
use crate::format::Format;
use crate::{CountingReader, IngestError, Progress, RecordStream};

const SOURCE: &str = "patentsview";

const PATENT: &str = "_patent.csv";
const ABSTRACT: &str = "_patent_abstract.csv";
const CPC: &str = "_cpc.csv";
const ASSIGNEE: &str = "_assignee.csv";
const INVENTOR: &str = "_inventor.csv";

/// The tables of one PatentsView extract; only the patent table is required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub patent: PathBuf,
    pub abstracts: Option<PathBuf>,
    pub cpc: Option<PathBuf>,
    pub assignee: Option<PathBuf>,
    pub inventor: Option<PathBuf>,
}

/// The five table paths found beside (or inside) the given path.
pub fn find_tables(path: &Path) -> Result<Tables, IngestError> {
    let not_found = |reason: String| IngestError::UnknownFormat {
        path: path.to_path_buf(),
        reason,
    };
    let (dir, given_prefix) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Test the longer suffix first: `x_patent_abstract.csv` is not a patent table.
        let prefix = [ABSTRACT, PATENT, CPC, ASSIGNEE, INVENTOR]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .ok_or_else(|| {
                not_found(format!(
                    "a PatentsView table name ends in {PATENT}, {ABSTRACT}, {CPC}, {ASSIGNEE} or {INVENTOR}"
                ))
            })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        (dir, Some(prefix.to_string()))
    };
    let prefix = match given_prefix {
        Some(p) => p,
        None => {
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .map_err(crate::io_error(path))?
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(PATENT))
                .collect();
            names.sort();
            let first = names
                .first()
                .ok_or_else(|| not_found(format!("no *{PATENT} table in the folder")))?;
            first.trim_end_matches(PATENT).to_string()
        }
    };
    let table = |suffix: &str| {
        let p = dir.join(format!("{prefix}{suffix}"));
        p.is_file().then_some(p)
    };
    let patent =
        table(PATENT).ok_or_else(|| not_found(format!("no {prefix}{PATENT} beside it")))?;
    Ok(Tables {
        patent,
        abstracts: table(ABSTRACT),
        cpc: table(CPC),
        assignee: table(ASSIGNEE),
        inventor: table(INVENTOR),
    })
}

pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    let tables = find_tables(path)?;
    let abstracts = load_side(tables.abstracts.as_deref(), |row| {
        non_empty(row.get("patent_abstract")).map(|a| (0, a))
    })?;
    let cpc = load_side(tables.cpc.as_deref(), |row| {
        Some((
            sequence(row, "cpc_sequence"),
            row.get("cpc_group").trim().to_string(),
        ))
    })?;
    let assignees = load_side(tables.assignee.as_deref(), |row| {
        let org = row.get("disambig_assignee_organization").trim();
        let name = if org.is_empty() {
            person(
                row.get("disambig_assignee_individual_name_first"),
                row.get("disambig_assignee_individual_name_last"),
            )?
        } else {
            org.to_string()
        };
        // assignee_type: 2/3 US/foreign company, 4/5 US/foreign individual;
        // a leading 1 marks a part interest (12, 13, …).
        let kind = row
            .get("assignee_type")
            .trim()
            .trim_start_matches('1')
            .to_string();
        Some((
            sequence(row, "assignee_sequence"),
            format!("{kind}\t{name}"),
        ))
    })?;
    let inventors = load_side(tables.inventor.as_deref(), |row| {
        let name = person(
            row.get("disambig_inventor_name_first"),
            row.get("disambig_inventor_name_last"),
        )?;
        Some((sequence(row, "inventor_sequence"), name))
    })?;

    let patent_path = tables.patent;
    let file = File::open(&patent_path).map_err(crate::io_error(&patent_path))?;
    let len = file
        .metadata()
        .map_err(crate::io_error(&patent_path))?
        .len();
    let (progress, counter) = Progress::new(len);
    let input: Box<dyn Read + Send> = Box::new(LineEndings::new(BufReader::new(
        CountingReader::new(file, counter),
    )));
    let records = CsvRecords::new(
        &patent_path,
        input,
        Encoding::Utf8OrLatin1,
        b',',
        move |row| {
            let id = row.get("patent_id").trim();
            if id.is_empty() {
                return Err("patent_id is empty".to_string());
            }
            let kind = row.get("wipo_kind").trim();
            let number = parse_number("patent_id", &format!("US{id}{kind}"))?;
            let mut patent = Patent::new(number, SOURCE);
            if let Some(t) = PatentType::parse(row.get("patent_type")) {
                patent.patent_type = t;
            }
            patent.title_en = non_empty(row.get("patent_title"));
            if patent.title_en.is_none() {
                return Err(format!("patent {id}: patent_title is empty"));
            }
            patent.abstract_en = abstracts.get(id).and_then(|a| a.first().cloned());
            let date = parse_date_field(row.get("patent_date"));
            patent.grant_date = date;
            patent.publication_date = date;
            patent.legal_status = if row.get("withdrawn").trim() == "1" {
                LegalStatus::Withdrawn
            } else {
                LegalStatus::InForce
            };
            if let Some(codes) = cpc.get(id) {
                patent.cpc = codes
                    .iter()
                    .filter_map(|c| ClassificationCode::parse(c).ok())
                    .collect();
            }
            if let Some(parties) = assignees.get(id) {
                patent.applicants = parties.iter().map(|p| assignee(p)).collect();
            }
            if let Some(names) = inventors.get(id) {
                patent.inventors = names.clone();
            }
            Ok(patent)
        },
    )?;
    Ok(RecordStream {
        format: Format::PatentsView,
        progress,
        records: Box::new(records),
    })
}

/// Builds a party from the `type\tname` value held in the assignee map.
fn assignee(value: &str) -> Party {
    let (kind, name) = value.split_once('\t').unwrap_or(("", value));
    let mut party = Party::new(name, None);
    match kind {
        // Individuals as registered; the table says so, no need to infer.
        "4" | "5" => party.applicant_type = ApplicantType::Individual,
        "2" | "3" if party.applicant_type == ApplicantType::Individual => {
            party.applicant_type = ApplicantType::PrivateEnterprise;
        }
        _ => {}
    }
    party
}

fn person(first: &str, last: &str) -> Option<String> {
    let name = format!("{} {}", first.trim(), last.trim());
    non_empty(name.trim())
}

fn sequence(row: &Row, column: &str) -> u32 {
    row.get(column).trim().parse().unwrap_or(u32::MAX)
}

/// Reads a side table into patent_id → values ordered by sequence.
fn load_side<F>(
    path: Option<&Path>,
    mut value: F,
) -> Result<HashMap<String, Vec<String>>, IngestError>
where
    F: FnMut(&Row) -> Option<(u32, String)>,
{
    let Some(path) = path else {
        return Ok(HashMap::new());
    };
    let file = File::open(path).map_err(crate::io_error(path))?;
    let input: Box<dyn Read + Send> = Box::new(LineEndings::new(BufReader::new(file)));
    let mut staged: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    for_each_row(path, input, Encoding::Utf8OrLatin1, b',', |row| {
        let id = row.get("patent_id").trim().to_string();
        if !id.is_empty()
            && let Some(v) = value(row)
        {
            staged.entry(id).or_default().push(v);
        }
    })?;
    Ok(staged
        .into_iter()
        .map(|(id, mut values)| {
            values.sort_by_key(|(seq, _)| *seq);
            (id, values.into_iter().map(|(_, v)| v).collect())
        })
        .collect())
}
