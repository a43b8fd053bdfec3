//! Turning the user's query text into a tantivy query: spacing out unspaced
//! Chinese so each word is a term, and parsing leniently.

use tantivy::query::{Query, QueryParser};

use crate::SearchError;
use crate::analyzer::split_words;

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Rewrites a query so that a run of Chinese outside quotes becomes one term
/// per word (`压力传感器温度` → `压力 传感器 温度`), which the parser then joins
/// with AND (or OR on the retry). A run right after `field:`, `+` or `-` is left
/// whole so the operator still applies to all of it. Full-width quotes and
/// spaces become their ASCII forms.
pub(crate) fn space_out_chinese(query: &str) -> String {
    let query: String = query
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '“' | '”' | '＂' => '"',
            '：' => ':',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(query.len() + 16);
    let mut in_quotes = false;
    let mut rest = query.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if in_quotes || !is_han(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let run_len = rest.find(|c: char| !is_han(c)).unwrap_or(rest.len());
        let (run, after) = rest.split_at(run_len);
        if matches!(out.chars().last(), Some(':' | '+' | '-')) {
            out.push_str(run);
        } else {
            out.push_str(&split_words(run).join(" "));
        }
        rest = after;
    }
    out
}

/// Parses strictly when possible; otherwise keeps what a lenient parse could
/// make of the text (a stray quote or bracket is not worth an error). Only
/// a query of which nothing usable remains is a `BadQuery`.
pub(crate) fn parse(
    parser: &QueryParser,
    original: &str,
    text: &str,
) -> Result<Box<dyn Query>, SearchError> {
    match parser.parse_query(text) {
        Ok(query) => Ok(query),
        Err(strict_error) => {
            let (query, _) = parser.parse_query_lenient(text);
            let mut has_terms = false;
            query.query_terms(&mut |_, _| has_terms = true);
            if has_terms {
                Ok(query)
            } else {
                Err(SearchError::BadQuery {
                    query: original.to_string(),
                    reason: strict_error.to_string(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspaced_chinese_becomes_several_words() {
        let spaced = space_out_chinese("压力传感器温度补偿");
        assert!(spaced.split(' ').count() >= 2, "{spaced}");
        assert_eq!(spaced.replace(' ', ""), "压力传感器温度补偿");
    }

    #[test]
    fn quoted_and_field_scoped_chinese_stays_whole() {
        assert_eq!(
            space_out_chinese("\"压力传感器温度\""),
            "\"压力传感器温度\""
        );
        assert_eq!(
            space_out_chinese("title:压力传感器温度"),
            "title:压力传感器温度"
        );
        assert_eq!(space_out_chinese("-压力传感器温度"), "-压力传感器温度");
    }

    #[test]
    fn english_and_operators_pass_through() {
        assert_eq!(
            space_out_chinese("sensor AND -valve ipc:G06F21/10"),
            "sensor AND -valve ipc:G06F21/10"
        );
    }

    #[test]
    fn full_width_quotes_become_ascii() {
        assert_eq!(space_out_chinese("“压力”"), "\"压力\"");
    }
}
