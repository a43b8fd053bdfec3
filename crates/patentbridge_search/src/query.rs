//! Turning the user's query text into a tantivy query: spacing out unspaced
//! Chinese so each word is a term, refusing text too long or too deeply
//! nested to parse safely, and parsing leniently.

use patentbridge_domain::{Text, text};
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

/// The longest query accepted, in characters. Far more than a person types;
/// every word costs a clause per default field, and a query of 10,000
/// distinct words took two seconds and 160 MB of memory to run.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The deepest a query may nest brackets and `NOT`s, as counted by
/// [`nesting_depth`]. tantivy's query grammar recurses once per level, using
/// about 3 KiB of stack each: its lenient parser overflows a 2 MiB thread
/// (a tokio worker's) at about 700 unclosed brackets or 670 unclosed
/// `title:(`, and a 256 KiB thread at 80. 32 levels leave a wide margin.
pub const MAX_QUERY_DEPTH: usize = 32;

/// Refuses a query longer than [`MAX_QUERY_CHARS`], before any work on it.
pub(crate) fn check_length(query: &str) -> Result<(), SearchError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::BadQuery {
            query: query.to_string(),
            reason: text!(
                "检索式过长（最多 {MAX_QUERY_CHARS} 个字符）",
                "the query is too long (at most {MAX_QUERY_CHARS} characters)"
            ),
        });
    }
    Ok(())
}

/// An upper bound on how many levels tantivy's recursive query grammar
/// descends into `text`, without parsing it.
///
/// tantivy recurses at each `(` (a group, or a field's group `title:(`) and
/// at each `NOT` keyword (which applies to the next leaf, itself possibly a
/// group); `+`, `-`, boosts and field names do not recurse. So every `(`
/// counts one level until the `)` that closes it, and every `NOT` counts one
/// level until its group closes (not merely until its leaf ends, which is
/// hard to tell without parsing, so several `NOT`s in one group add up).
///
/// A `)` inside a phrase, a range, a set, a regex or after a backslash does
/// not close a group for tantivy; rather than follow those rules here, a `)`
/// closes a level only while none of `" ' \ [ { /` has appeared yet. After
/// that, brackets only add up: the count may run high, never low.
pub(crate) fn nesting_depth(text: &str) -> usize {
    // The NOTs counted in each open group; the first entry is the top level.
    let mut nots: Vec<usize> = vec![0];
    let mut depth = 0;
    let mut deepest = 0;
    let mut closing_is_reliable = true;
    for (at, c) in text.char_indices() {
        match c {
            '(' => {
                nots.push(0);
                depth += 1;
            }
            ')' if closing_is_reliable && nots.len() > 1 => {
                depth -= 1 + nots.pop().unwrap_or(0);
            }
            '"' | '\'' | '\\' | '[' | '{' | '/' => closing_is_reliable = false,
            'N' if is_not_keyword(&text[at..]) => {
                if let Some(count) = nots.last_mut() {
                    *count += 1;
                }
                depth += 1;
            }
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// `NOT` followed by whitespace, wherever it stands (counting one inside a
/// word only makes the depth run high).
fn is_not_keyword(rest: &str) -> bool {
    rest.strip_prefix("NOT")
        .and_then(|after| after.chars().next())
        .is_some_and(char::is_whitespace)
}

/// Parses strictly when possible; otherwise keeps what a lenient parse could
/// make of the text (a stray quote or bracket is not worth an error). Only
/// a query of which nothing usable remains is a `BadQuery`. A query nested
/// deeper than [`MAX_QUERY_DEPTH`] is refused before tantivy sees it.
pub(crate) fn parse(
    parser: &QueryParser,
    original: &str,
    text: &str,
) -> Result<Box<dyn Query>, SearchError> {
    if nesting_depth(text) > MAX_QUERY_DEPTH {
        return Err(SearchError::BadQuery {
            query: original.to_string(),
            reason: text!(
                "检索式嵌套过深（括号和 NOT 最多 {MAX_QUERY_DEPTH} 层）",
                "the query nests too deeply (at most {MAX_QUERY_DEPTH} levels of brackets and NOT)"
            ),
        });
    }
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
                    reason: Text::owned(
                        format!("检索式语法有误：{strict_error}"),
                        strict_error.to_string(),
                    ),
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
    fn brackets_count_until_they_close() {
        assert_eq!(nesting_depth("sensor"), 0);
        assert_eq!(nesting_depth("(a OR b) AND (c OR d)"), 1);
        assert_eq!(nesting_depth("((a)) (b)"), 2);
        assert_eq!(nesting_depth("title:(a OR (b AND c))"), 2);
        assert_eq!(nesting_depth("((((a"), 4);
        assert_eq!(nesting_depth("a) ) ((b"), 2);
    }

    #[test]
    fn each_not_counts_until_its_group_closes() {
        assert_eq!(nesting_depth("NOT a"), 1);
        assert_eq!(nesting_depth("NOT NOT NOT a"), 3);
        assert_eq!(nesting_depth("a NOT b NOT c"), 2);
        assert_eq!(nesting_depth("(a NOT b) (c NOT d)"), 2);
        assert_eq!(nesting_depth("NOT (NOT (a))"), 4);
        assert_eq!(nesting_depth("NOTE a"), 0);
    }

    #[test]
    fn a_closing_bracket_after_a_quote_escape_or_range_no_longer_counts() {
        // tantivy reads these `)` as part of a phrase, a word or a range.
        assert_eq!(nesting_depth("(\"a)\" (b\\) (c"), 3);
        assert_eq!(nesting_depth("(a [x TO y) (b"), 2);
        assert_eq!(nesting_depth("(it's) (c)"), 2);
        assert_eq!(nesting_depth("(a) \"p\" (b) (c)"), 2);
    }

    #[test]
    fn full_width_quotes_become_ascii() {
        assert_eq!(space_out_chinese("“压力”"), "\"压力\"");
    }
}
