//! Line breaking for mixed Chinese and Latin text.
//!
//! Chinese may break between any two characters; Latin words and numbers
//! stay whole (a patent number split over two lines invites misreading).
//! Simple kinsoku (禁则): closing punctuation never starts a line and
//! opening brackets never end one; instead of hanging the mark into the
//! margin, the character before it moves down with it.

/// Characters that must not begin a line.
const NO_LINE_START: &str = "。，、；：？！）」』》〉】”’,.;:!?)]%·";
/// Characters that must not end a line.
const NO_LINE_END: &str = "（「『《〈【“‘([";

/// Breaks `text` into lines no wider than `first_width` (the first line) and
/// `width` (the rest), measuring characters with `advance`. Returns the
/// lines without trailing spaces.
pub fn wrap(
    text: &str,
    first_width: f32,
    width: f32,
    advance: impl Fn(char) -> f32,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line: Vec<String> = Vec::new();
    let mut line_width = 0.0;
    let measure = |s: &str| s.chars().map(&advance).sum::<f32>();

    for token in tokens(text) {
        let limit = if lines.is_empty() { first_width } else { width };
        let w = measure(&token);
        if token == " " {
            // Spaces only separate words; at the start of a line they vanish
            // and at its end `finish` trims them.
            if !line.is_empty() {
                line_width += w;
                line.push(token);
            }
            continue;
        }
        if line_width + w <= limit {
            line_width += w;
            line.push(token);
            continue;
        }
        // The token does not fit: decide what moves to the next line with it.
        let mut carried: Vec<String> = Vec::new();
        if starts_with_forbidden(&token) {
            carry_one(&mut line, &mut carried);
            // Marks come in runs (条）。): keep carrying until the new line
            // opens with a character that may start it.
            while line.len() > 1 && carried.first().is_some_and(|t| starts_with_forbidden(t)) {
                carry_one(&mut line, &mut carried);
            }
        }
        while line.len() > 1 && ends_with_forbidden(line.last()) {
            carry_one(&mut line, &mut carried);
        }
        if !line.is_empty() {
            lines.push(finish(&line));
        }
        line = carried;
        line.push(token);
        line_width = measure(&line.concat());
        // A single word wider than the line is cut by characters; nothing
        // else can make it fit.
        while line_width > width && line.len() == 1 {
            let (head, tail) = split_to_width(&line[0], width, &advance);
            if tail.is_empty() {
                break;
            }
            lines.push(head);
            line = vec![tail];
            line_width = measure(&line[0]);
        }
    }
    if !line.is_empty() {
        lines.push(finish(&line));
    }
    lines
}

fn carry_one(line: &mut Vec<String>, carried: &mut Vec<String>) {
    // Never empty the line entirely; a line of one forbidden mark is better
    // than an endless loop.
    if line.len() > 1
        && let Some(last) = line.pop()
    {
        carried.insert(0, last);
    }
    while line.last().is_some_and(|t| t == " ") {
        line.pop();
    }
}

fn starts_with_forbidden(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| NO_LINE_START.contains(c))
}

fn ends_with_forbidden(token: Option<&String>) -> bool {
    token
        .and_then(|t| t.chars().last())
        .is_some_and(|c| NO_LINE_END.contains(c))
}

fn finish(line: &[String]) -> String {
    line.concat().trim_end().to_string()
}

fn split_to_width(word: &str, width: f32, advance: &impl Fn(char) -> f32) -> (String, String) {
    let mut used = 0.0;
    let mut head = String::new();
    let mut chars = word.chars().peekable();
    while let Some(&c) = chars.peek() {
        if used + advance(c) > width && !head.is_empty() {
            break;
        }
        used += advance(c);
        head.push(c);
        chars.next();
    }
    (head, chars.collect())
}

/// Whether a character may be broken around like a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // radicals, punctuation, kana, ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // vertical forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // extension ideographs
        || "“”‘’".contains(c)
}

/// Splits text into break units: each CJK character, each space, and each
/// run of other characters (a Latin word, a number, an amount).
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() || is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(if c.is_whitespace() {
                " ".to_string()
            } else {
                c.to_string()
            });
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every CJK character one unit wide, everything else half.
    fn unit(c: char) -> f32 {
        if is_cjk(c) { 1.0 } else { 0.5 }
    }

    #[test]
    fn chinese_breaks_between_any_two_characters() {
        let lines = wrap("甲方将专利权转让给乙方", 4.0, 4.0, unit);
        assert_eq!(lines, ["甲方将专", "利权转让", "给乙方"]);
    }

    #[test]
    fn latin_words_are_kept_whole() {
        let lines = wrap("the licensee shall pay", 5.0, 5.0, unit);
        assert_eq!(lines, ["the", "licensee", "shall pay"]);
        let lines = wrap("专利号CN115525164A已授权", 6.5, 6.5, unit);
        assert_eq!(lines, ["专利号", "CN115525164A", "已授权"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap("甲方乙方，丙方", 4.0, 4.0, unit);
        assert_eq!(lines, ["甲方乙", "方，丙方"]);
        for line in wrap("一二三四。五六七八；九十。", 4.0, 4.0, unit) {
            assert!(!starts_with_forbidden(&line), "{line}");
        }
    }

    #[test]
    fn a_run_of_closing_marks_moves_down_with_the_character_before_it() {
        let lines = wrap("一二三）。四", 4.0, 4.0, unit);
        assert_eq!(lines, ["一二", "三）。四"]);
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        let lines = wrap("甲方乙（丙方）", 4.0, 4.0, unit);
        assert_eq!(lines, ["甲方乙", "（丙方）"]);
    }

    #[test]
    fn the_first_line_can_be_shorter_for_an_indent() {
        let lines = wrap("一二三四五六七八", 2.0, 4.0, unit);
        assert_eq!(lines, ["一二", "三四五六", "七八"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let lines = wrap("abcdefghij", 2.0, 2.0, unit);
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn empty_text_gives_no_lines() {
        assert!(wrap("", 4.0, 4.0, unit).is_empty());
    }
}
