//! Snippets and highlighted titles: matched terms wrapped in `<mark>…</mark>`,
//! everything else HTML-escaped, cut to a window around the densest matches.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

/// How many characters of context are kept before the first match of a snippet.
const LEAD_CONTEXT_CHARS: usize = 20;

/// Marks the query's terms for one field in texts of that field.
pub(crate) struct Highlighter {
    analyzer: TextAnalyzer,
    terms: HashSet<String>,
}

impl Highlighter {
    /// The terms `query` looks for in `field`, matched with the index analyser.
    pub(crate) fn new(analyzer: TextAnalyzer, query: &dyn Query, field: Field) -> Highlighter {
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field
                && let Some(text) = term.value().as_str()
            {
                terms.insert(text.to_string());
            }
        });
        Highlighter { analyzer, terms }
    }

    /// Byte ranges of matched words in `text`, sorted and without overlaps.
    pub(crate) fn ranges(&mut self, text: &str) -> Vec<Range<usize>> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let mut ranges = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if self.terms.contains(&token.text) {
                ranges.push(token.offset_from..token.offset_to);
            }
        }
        collapse(ranges)
    }
}

fn collapse(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A passage of at most `max_chars` characters of `text`, placed to hold as
/// many of the `ranges` as it can, with an ellipsis where text was cut.
pub(crate) fn snippet_html(text: &str, ranges: &[Range<usize>], max_chars: usize) -> String {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    let byte_at = |char_index: usize| starts.get(char_index).copied().unwrap_or(text.len());
    let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
    let window_from = |first: usize| {
        let mut ws = first.saturating_sub(LEAD_CONTEXT_CHARS);
        if ws + max_chars > n {
            ws = n.saturating_sub(max_chars);
        }
        (ws, (ws + max_chars).min(n))
    };
    let mut best = window_from(0);
    let mut best_count = 0;
    for r in ranges {
        let (ws, we) = window_from(char_at(r.start));
        let (bs, be) = (byte_at(ws), byte_at(we));
        let count = ranges
            .iter()
            .filter(|x| x.start >= bs && x.end <= be)
            .count();
        if count > best_count {
            best = (ws, we);
            best_count = count;
        }
    }
    let (mut ws, mut we) = best;
    // Latin words are not cut in half at the window's edges: the window
    // shrinks to whole words (never past a match, never below a few words).
    let chars: Vec<char> = text.chars().collect();
    let in_word = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    let first_match = ranges
        .iter()
        .map(|r| char_at(r.start))
        .filter(|&c| c >= ws)
        .min()
        .unwrap_or(we);
    if ws > 0 && in_word(ws - 1) && in_word(ws) {
        let mut s = ws;
        while s < first_match.min(ws + 20) && in_word(s) {
            s += 1;
        }
        if s < first_match.min(ws + 20) {
            ws = s;
            while ws < first_match && chars.get(ws).is_some_and(|c| c.is_whitespace()) {
                ws += 1;
            }
        }
    }
    let last_match_end = ranges
        .iter()
        .filter(|r| r.end <= byte_at(we))
        .map(|r| char_at(r.end))
        .max()
        .unwrap_or(ws);
    if we < n && in_word(we - 1) && in_word(we) {
        let mut e = we;
        while e > ws + 20 && in_word(e - 1) {
            e -= 1;
        }
        if e > ws + 20 && e >= last_match_end {
            we = e;
        }
    }
    let (bs, be) = (byte_at(ws), byte_at(we));
    let inside: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| r.start >= bs && r.end <= be)
        .cloned()
        .collect();
    let mut html = String::new();
    if ws > 0 {
        html.push('…');
    }
    html.push_str(&marked_html(&text[bs..be], bs, &inside));
    if we < n {
        html.push('…');
    }
    html
}

/// All of `text` with `ranges` (byte offsets into the original text starting
/// at `base`) marked.
pub(crate) fn marked_html(text: &str, base: usize, ranges: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + ranges.len() * 13);
    let mut at = 0;
    for r in ranges {
        let (s, e) = (r.start - base, r.end - base);
        escape_into(&mut html, &text[at..s]);
        html.push_str("<mark>");
        escape_into(&mut html, &text[s..e]);
        html.push_str("</mark>");
        at = e;
    }
    escape_into(&mut html, &text[at..]);
    html
}

pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_snippets_start_and_end_on_whole_words() {
        let text = "The invention discloses a battery separator, belonging to the technical field of power batteries, with a long tail of further words here";
        let at = text.find("separator").unwrap();
        let matched = std::ops::Range {
            start: at,
            end: at + "separator".len(),
        };
        let html = snippet_html(text, std::slice::from_ref(&matched), 60);
        let body = html.trim_start_matches('…').trim_end_matches('…');
        let first = body.split_whitespace().next().unwrap();
        assert!(
            text.split_whitespace().any(|w| w == first),
            "starts mid-word: {html}"
        );
        let last = body
            .split_whitespace()
            .last()
            .unwrap()
            .trim_end_matches(',');
        assert!(
            text.split_whitespace()
                .any(|w| w.trim_end_matches(',') == last),
            "ends mid-word: {html}"
        );
        assert!(html.contains("<mark>separator</mark>"));
    }

    #[test]
    fn marks_wrap_ranges_and_other_text_is_escaped() {
        let text = "a <b> & sensor";
        let start = text.find("sensor").unwrap_or(0);
        assert_eq!(
            marked_html(text, 0, std::slice::from_ref(&(start..start + 6))),
            "a &lt;b&gt; &amp; <mark>sensor</mark>"
        );
    }

    #[test]
    fn overlapping_ranges_collapse_into_one() {
        assert_eq!(collapse(vec![3..6, 0..4, 8..9]), vec![0..6, 8..9]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_match_with_ellipses() {
        let text = format!("{}压力传感器{}", "前".repeat(200), "后".repeat(200));
        let s = text.find("压力").unwrap_or(0);
        let found = s..s + "压力传感器".len();
        let html = snippet_html(&text, std::slice::from_ref(&found), 60);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>压力传感器</mark>"));
        assert_eq!(
            html.replace("<mark>", "")
                .replace("</mark>", "")
                .chars()
                .count(),
            62
        );
    }

    #[test]
    fn a_text_without_matches_shows_its_beginning() {
        assert_eq!(snippet_html("short text", &[], 160), "short text");
        assert_eq!(snippet_html("abcdef", &[], 3), "abc…");
    }
}
