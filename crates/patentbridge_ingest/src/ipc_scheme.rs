//! Reader for the IPC scheme files: the Chinese flat table (IPC 2026.01,
//! CNIPA translation) and the English core table (IPC 2006.01).

use std::path::{Path, PathBuf};

use patentbridge_domain::ClassificationCode;

use crate::IngestError;

/// One symbol of the scheme with whichever title the file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpcSchemeEntry {
    pub symbol: String,
    pub level: String,
    pub parent_symbol: Option<String>,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
}

/// Which language a scheme file carries, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Chinese,
    English,
}

/// Finds the scheme table in a folder (or takes the file itself).
pub fn scheme_file(path: &Path) -> Result<PathBuf, IngestError> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    let entries = std::fs::read_dir(path).map_err(crate::io_error(path))?;
    let mut csvs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    csvs.sort();
    csvs.into_iter()
        .next()
        .ok_or_else(|| IngestError::UnknownFormat {
            path: path.to_path_buf(),
            reason: "no IPC scheme CSV in this folder".into(),
        })
}

/// Reads a whole scheme table (tens of thousands of rows; small enough to hold).
/// Rows whose symbol does not parse are counted and skipped.
pub fn read_scheme(path: &Path) -> Result<(Vec<IpcSchemeEntry>, usize), IngestError> {
    let file = scheme_file(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&file)
        .map_err(|e| malformed(&file, e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| malformed(&file, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let language = if col("title_zh").is_some() {
        Language::Chinese
    } else if col("title_en").is_some() {
        Language::English
    } else {
        return Err(malformed(
            &file,
            "header has neither title_zh nor title_en".into(),
        ));
    };
    let (Some(symbol_col), Some(level_col)) = (col("symbol"), col("level")) else {
        return Err(malformed(&file, "header lacks symbol or level".into()));
    };
    let parent_col = col("parent_symbol");
    let title_col = col("title_zh").or(col("title_en")).unwrap_or(0);
    let mut out = Vec::new();
    let mut skipped = 0;
    for row in reader.records() {
        let Ok(row) = row else {
            skipped += 1;
            continue;
        };
        let get = |i: usize| row.get(i).unwrap_or("").trim();
        let Ok(symbol) = ClassificationCode::parse(get(symbol_col)) else {
            skipped += 1;
            continue;
        };
        let parent = parent_col
            .map(get)
            .filter(|p| !p.is_empty())
            .and_then(|p| ClassificationCode::parse(p).ok())
            .map(|c| c.to_string());
        let title = clean_title(get(title_col));
        let title = (!title.is_empty()).then_some(title);
        let (title_zh, title_en) = match language {
            Language::Chinese => (title, None),
            Language::English => (None, title),
        };
        out.push(IpcSchemeEntry {
            symbol: symbol.to_string(),
            level: get(level_col).to_string(),
            parent_symbol: parent,
            title_zh,
            title_en,
        });
    }
    Ok((out, skipped))
}

fn malformed(path: &Path, reason: String) -> IngestError {
    IngestError::Malformed {
        path: path.to_path_buf(),
        format: "IPC scheme CSV",
        reason,
    }
}

/// Removes PDF-extraction artefacts: version tags like `[20250101]` and the
/// stray spaces between Chinese characters.
pub fn clean_title(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('[') {
        let tail = &rest[start + 1..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits >= 6 && tail.as_bytes().get(digits) == Some(&b']') {
            s.push_str(&rest[..start]);
            rest = &tail[digits + 1..];
        } else {
            s.push_str(&rest[..=start]);
            rest = tail;
        }
    }
    s.push_str(rest);
    let chars: Vec<char> = s.chars().collect();
    let is_cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| **c != ' ');
            if prev.is_some_and(is_cjk) && next.is_some_and(|n| is_cjk(*n)) {
                continue;
            }
            if prev == Some(' ') {
                continue;
            }
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_artefacts_are_removed_from_chinese_titles() {
        assert_eq!(
            clean_title("用于 播种、种植 或施厩肥[20250101]"),
            "用于播种、种植或施厩肥"
        );
        assert_eq!(clean_title("入A01C5/00； 可变换"), "入A01C5/00；可变换");
        assert_eq!(clean_title("Hand  tools"), "Hand tools");
    }
}
