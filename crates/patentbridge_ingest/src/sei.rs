//! Reader for CNIPA's concordance between the strategic emerging industries
//! and the IPC (战略性新兴产业分类与国际专利分类参照关系表, 2021) into a
//! [`SeiConcordance`].
//!
//! The concordance comes as a JSON file and the same rules as a CSV, one row
//! per rule (`branch_no,branch_name,source_pdf_page,rule_idx,ipc_patterns,
//! ipc_exclusions,keywords`, patterns `;`-separated). This crate has no JSON
//! parser, so it reads the CSV: given the folder or the JSON file, it reads
//! the `…_rules.csv` beside it.

use std::path::{Path, PathBuf};

use patentbridge_domain::sei::{SeiBranch, SeiConcordance, SeiPattern, SeiRule};

use crate::IngestError;

const FORMAT: &str = "SEI concordance CSV";
/// The rules file's name in the shared data folder.
const RULES_FILE: &str = "sei_ipc_2021_rules.csv";
/// How any rules file's name ends.
const RULES_SUFFIX: &str = "_rules.csv";

/// Finds the rules CSV: the file itself, the `…_rules.csv` beside a JSON
/// file of the same stem, or the one in a folder.
pub fn sei_file(path: &Path) -> Result<PathBuf, IngestError> {
    if path.is_dir() {
        let preferred = path.join(RULES_FILE);
        if preferred.is_file() {
            return Ok(preferred);
        }
        let entries = std::fs::read_dir(path).map_err(crate::io_error(path))?;
        let mut rules: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(RULES_SUFFIX))
            })
            .collect();
        rules.sort();
        return rules
            .into_iter()
            .next()
            .ok_or_else(|| IngestError::UnknownFormat {
                path: path.to_path_buf(),
                reason: format!("no SEI concordance rules CSV (…{RULES_SUFFIX}) in this folder"),
            });
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let beside = path.with_file_name(format!("{stem}{RULES_SUFFIX}"));
        if beside.is_file() {
            return Ok(beside);
        }
        return Err(IngestError::UnknownFormat {
            path: path.to_path_buf(),
            reason: format!(
                "the SEI concordance is read from its rules CSV, and {} is not beside this JSON file",
                beside.display()
            ),
        });
    }
    Ok(path.to_path_buf())
}

/// Reads the whole concordance (a few hundred rows). Any malformed row stops
/// the read with the file, the line, the branch and what was wrong: a
/// concordance with a rule missing would classify patents wrongly without
/// saying so.
pub fn read_sei(path: &Path) -> Result<SeiConcordance, IngestError> {
    let file = sei_file(path)?;
    let opened = std::fs::File::open(&file).map_err(crate::io_error(&file))?;
    let mut reader = csv::ReaderBuilder::new().from_reader(opened);
    let headers = reader
        .headers()
        .map_err(|e| malformed(&file, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
            .ok_or_else(|| malformed(&file, format!("header lacks the column {name}")))
    };
    let cols = Columns {
        branch_no: col("branch_no")?,
        branch_name: col("branch_name")?,
        rule_idx: col("rule_idx")?,
        ipc_patterns: col("ipc_patterns")?,
        ipc_exclusions: col("ipc_exclusions")?,
        keywords: col("keywords")?,
    };
    let mut branches: Vec<SeiBranch> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            malformed(&file, format!("line {line}: {e}"))
        })?;
        let line = row.position().map_or(0, csv::Position::line);
        read_row(&row, &cols, &mut branches)
            .map_err(|reason| malformed(&file, format!("line {line}{reason}")))?;
    }
    if branches.is_empty() {
        return Err(malformed(&file, "no rules".into()));
    }
    SeiConcordance::new(branches).map_err(|e| malformed(&file, e.to_string()))
}

/// Where each field is in a row.
struct Columns {
    branch_no: usize,
    branch_name: usize,
    rule_idx: usize,
    ipc_patterns: usize,
    ipc_exclusions: usize,
    keywords: usize,
}

/// Adds one row's rule to its branch (a new one when the number changes).
/// The error is the rest of the message after the line number.
fn read_row(
    row: &csv::StringRecord,
    cols: &Columns,
    branches: &mut Vec<SeiBranch>,
) -> Result<(), String> {
    let get = |i: usize| row.get(i).unwrap_or("").trim();
    let number = get(cols.branch_no);
    let name = get(cols.branch_name);
    if number.is_empty() {
        return Err(": branch_no is empty".into());
    }
    let here = |rule: usize| format!(" (branch {number}, rule {rule})");
    match branches.last() {
        Some(last) if last.number == number => {
            if last.name != name {
                return Err(format!(
                    " (branch {number}): branch_name {name:?} differs from {:?} on the branch's earlier rows",
                    last.name
                ));
            }
        }
        _ => {
            if branches.iter().any(|b| b.number == number) {
                return Err(format!(
                    " (branch {number}): the branch's rows must be together, but it appears again after other branches"
                ));
            }
            branches.push(SeiBranch {
                number: number.to_string(),
                name: name.to_string(),
                rules: Vec::new(),
            });
        }
    }
    let Some(branch) = branches.last_mut() else {
        return Err(": no branch".into());
    };
    let expected = branch.rules.len();
    let raw_idx = get(cols.rule_idx);
    match raw_idx.parse::<usize>() {
        Ok(idx) if idx == expected => {}
        _ => {
            return Err(format!(
                " (branch {number}): rule_idx {raw_idx:?} where {expected} was expected"
            ));
        }
    }
    let patterns = split_patterns(get(cols.ipc_patterns))
        .map_err(|e| format!("{}: ipc_patterns: {e}", here(expected)))?;
    if patterns.is_empty() {
        return Err(format!("{}: ipc_patterns is empty", here(expected)));
    }
    let exclusions = split_patterns(get(cols.ipc_exclusions))
        .map_err(|e| format!("{}: ipc_exclusions: {e}", here(expected)))?;
    let keywords = get(cols.keywords);
    branch.rules.push(SeiRule {
        patterns,
        exclusions,
        keywords: if keywords.is_empty() {
            Vec::new()
        } else {
            vec![keywords.to_string()]
        },
    });
    Ok(())
}

/// `G06F11*;G06F21*;H04L1*`; empty pieces (a trailing `;`) are skipped, so
/// an empty field is no patterns.
fn split_patterns(field: &str) -> Result<Vec<SeiPattern>, String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| SeiPattern::parse(p).map_err(|e| e.to_string()))
        .collect()
}

fn malformed(path: &Path, reason: String) -> IngestError {
    IngestError::Malformed {
        path: path.to_path_buf(),
        format: FORMAT,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use patentbridge_domain::ClassificationCode;
    use patentbridge_domain::sei::SeiMatchKind;

    use super::*;

    const HEADER: &str = "\u{feff}branch_no,branch_name,source_pdf_page,rule_idx,ipc_patterns,ipc_exclusions,keywords\n";

    /// A fresh folder under the system's temporary directory, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir()
                .join(format!("patentbridge-sei-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn write(&self, file: &str, text: &str) -> PathBuf {
            let path = self.0.join(file);
            std::fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn code(raw: &str) -> ClassificationCode {
        ClassificationCode::parse(raw).unwrap()
    }

    fn err_of(path: &Path) -> String {
        read_sei(path).expect_err("refused").to_string()
    }

    /// Made-up rules in the table's shape.
    fn small_table() -> String {
        format!(
            "{HEADER}\
             1.1,甲产业,10,0,G06F11*;G06F21*,G06F11/14,整机装配和外设维修\n\
             1.1,甲产业,10,1,B41J;H04W4*;,,\n\
             6.3,丙产业,12,0,F24S10*,F24S10/00,\n"
        )
    }

    #[test]
    fn a_small_sei_rules_file_is_read_into_branches_and_rules() {
        let dir = TempDir::new("small");
        let csv = dir.write("sample_rules.csv", &small_table());
        let concordance = read_sei(&csv).unwrap();
        let branches = concordance.branches();
        assert_eq!(branches.len(), 2);
        assert_eq!(branches[0].number, "1.1");
        assert_eq!(branches[0].name, "甲产业");
        assert_eq!(branches[0].rules.len(), 2);
        let first = &branches[0].rules[0];
        let written: Vec<String> = first.patterns.iter().map(SeiPattern::as_written).collect();
        assert_eq!(written, ["G06F11*", "G06F21*"]);
        assert_eq!(first.exclusions[0].as_written(), "G06F11/14");
        assert_eq!(first.keywords, ["整机装配和外设维修"]);
        let second = &branches[0].rules[1];
        assert_eq!(second.patterns.len(), 2, "a trailing ';' adds nothing");
        assert!(second.exclusions.is_empty() && second.keywords.is_empty());
        assert_eq!(branches[1].industry().en(), "New energy");

        let found = concordance.classify(&[code("B41J 2/01"), code("F24S 10/40")], "");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].kind, SeiMatchKind::IpcOnly);
        assert_eq!(found[1].pattern, "F24S10*");
    }

    #[test]
    fn the_sei_reader_takes_the_folder_the_csv_or_the_json_beside_it() {
        let dir = TempDir::new("paths");
        dir.write("sample_rules.csv", &small_table());
        let json = dir.write("sample.json", "{}");
        assert_eq!(read_sei(&dir.0).unwrap().branches().len(), 2);
        assert_eq!(read_sei(&json).unwrap().branches().len(), 2);
        let lonely = dir.write("other.json", "{}");
        let err = err_of(&lonely);
        assert!(err.contains("other_rules.csv"), "{err}");

        let empty = TempDir::new("empty-folder");
        let err = err_of(&empty.0);
        assert!(err.contains("no SEI concordance rules CSV"), "{err}");
        let err = err_of(&empty.0.join("missing_rules.csv"));
        assert!(err.contains("cannot read"), "{err}");
    }

    #[test]
    fn a_malformed_sei_row_names_the_file_line_branch_and_fault() {
        let dir = TempDir::new("malformed");
        let cases = [
            (
                "1.1,甲,10,0,G06F11*,,\n1.2,乙,10,0,G06F1*;X99*,,\n",
                "line 3 (branch 1.2, rule 0): ipc_patterns: invalid classification code \"X99*\"",
            ),
            (
                "1.1,甲,10,0,G06F11*,G06F 1/,\n",
                "line 2 (branch 1.1, rule 0): ipc_exclusions",
            ),
            (
                "1.1,甲,10,0,G06F11*,,\n1.1,甲,10,2,G06F12*,,\n",
                "line 3 (branch 1.1): rule_idx \"2\" where 1 was expected",
            ),
            (
                "1.1,甲,10,0,G06F11*,,\n1.1,乙,10,1,G06F12*,,\n",
                "line 3 (branch 1.1): branch_name \"乙\" differs",
            ),
            (
                "1.1,甲,10,0,G06F11*,,\n1.2,乙,10,0,G06F12*,,\n1.1,甲,10,1,G06F13*,,\n",
                "line 4 (branch 1.1): the branch's rows must be together",
            ),
            (
                "1.1,甲,10,0,;,,\n",
                "line 2 (branch 1.1, rule 0): ipc_patterns is empty",
            ),
            (",甲,10,0,G06F11*,,\n", "line 2: branch_no is empty"),
            ("1.1,甲,10,0,G06F11*\n", "line 2: "),
            ("11,甲,10,0,G06F11*,,\n", "\"11\": SEI branch number"),
            ("", "no rules"),
        ];
        for (rows, expected) in cases {
            let path = dir.write("bad_rules.csv", &format!("{HEADER}{rows}"));
            let err = err_of(&path);
            assert!(err.contains("bad_rules.csv"), "{err}");
            assert!(err.contains(FORMAT), "{err}");
            assert!(err.contains(expected), "{expected:?} in {err}");
        }
        let path = dir.write("bad_rules.csv", "branch_no,branch_name,rule_idx\n");
        let err = err_of(&path);
        assert!(
            err.contains("header lacks the column ipc_patterns"),
            "{err}"
        );
    }

    /// The shared data folder, or `None` (and a note) when it is not there;
    /// `PATENTBRIDGE_REQUIRE_SHARED_DATA=1` turns the skip into a failure.
    fn shared_data() -> Option<PathBuf> {
        let dir = std::env::var_os("PATENTBRIDGE_SHARED_DATA").map(PathBuf::from);
        let found = dir.as_ref().is_some_and(|d| d.is_dir());
        if found {
            return dir;
        }
        if std::env::var("PATENTBRIDGE_REQUIRE_SHARED_DATA").as_deref() == Ok("1") {
            panic!("PATENTBRIDGE_SHARED_DATA not set or not a folder: {dir:?}");
        }
        match dir {
            None => eprintln!("skipped: PATENTBRIDGE_SHARED_DATA not set"),
            Some(d) => eprintln!(
                "skipped: PATENTBRIDGE_SHARED_DATA not set to a folder ({})",
                d.display()
            ),
        }
        None
    }

    #[test]
    fn the_real_sei_concordance_reads_whole_and_places_known_codes() {
        let Some(data) = shared_data() else { return };
        let folder = data.join("cnipa_strategic_emerging_industries_ipc_2021");
        let concordance = read_sei(&folder).unwrap_or_else(|e| panic!("{e}"));
        let branches = concordance.branches();
        assert_eq!(branches.len(), 40);
        let rules: usize = branches.iter().map(|b| b.rules.len()).sum();
        assert_eq!(rules, 303);
        assert_eq!(branches[0].number, "1.1");
        assert_eq!(branches[39].number, "9.2");
        assert!(
            branches
                .iter()
                .all(|b| b.industry_number().is_some_and(|n| (1..=9).contains(&n)))
        );
        // The JSON file is read through the CSV beside it.
        let json = folder.join("sei_ipc_2021.json");
        assert_eq!(read_sei(&json).unwrap(), concordance);

        // A lithium-ion cell is a new-energy-vehicle part when the text is
        // about vehicles; a flat-plate solar collector is solar on its IPC alone.
        let found = concordance.classify(
            &[code("H01M 10/0525"), code("F24S 10/00")],
            "一种电动汽车用锂离子电池",
        );
        let numbers: Vec<&str> = found.iter().map(|m| m.branch.number.as_str()).collect();
        assert_eq!(numbers, ["5.2", "6.3"]);
        assert_eq!(
            found[0].kind,
            SeiMatchKind::KeywordQualified {
                keywords_found: true
            }
        );
        assert_eq!(found[0].pattern, "H01M10/0525");
        assert_eq!(found[0].branch.industry().en(), "New-energy vehicles");
        assert_eq!(found[1].kind, SeiMatchKind::IpcOnly);
        assert_eq!(found[1].pattern, "F24S10*");
        assert_eq!(found[1].branch.industry().en(), "New energy");

        // G06F 21/60 is excluded from 1.1's security rule and listed in 1.4.
        let found = concordance.classify(&[code("G06F 21/60")], "");
        let numbers: Vec<&str> = found.iter().map(|m| m.branch.number.as_str()).collect();
        assert_eq!(numbers, ["1.4"]);
        let found = concordance.classify(&[code("G06F 21/00")], "");
        let numbers: Vec<&str> = found.iter().map(|m| m.branch.number.as_str()).collect();
        assert_eq!(numbers, ["1.1"]);
        assert_eq!(found[0].pattern, "G06F21*");
    }
}
