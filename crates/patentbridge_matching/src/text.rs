//! Turning text into the units the index counts: jieba words (the same
//! segmentation as the search index, one dictionary per process) and
//! character bigrams, which match across segmentation differences.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The words of a text, repeats kept.
pub(crate) fn words(text: &str) -> Vec<String> {
    patentbridge_search::text_words(text)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Bit set on the key of a whole Latin word, so it never equals a bigram key
/// (two chars take at most 42 bits).
const WORD_KEY: u64 = 1 << 63;

fn han_key(a: Option<char>, b: char) -> u64 {
    (u64::from(a.map_or(0, u32::from)) << 21) | u64::from(u32::from(b))
}

fn word_key(word: &str) -> u64 {
    // SipHash with fixed keys: the same word gives the same key in every run.
    let mut h = DefaultHasher::new();
    word.hash(&mut h);
    WORD_KEY | (h.finish() >> 1)
}

/// Appends the bigram keys of a text: every pair of adjacent Han characters,
/// a lone Han character by itself, and each run of Latin letters and digits
/// as one lower-cased word. Anything else separates runs.
pub(crate) fn bigram_keys(text: &str, out: &mut Vec<u64>) {
    let mut han_run: Option<char> = None;
    let mut han_len = 0usize;
    let mut latin = String::new();
    let end_han = |han_run: &mut Option<char>, han_len: &mut usize, out: &mut Vec<u64>| {
        if *han_len == 1
            && let Some(c) = *han_run
        {
            out.push(han_key(None, c));
        }
        *han_run = None;
        *han_len = 0;
    };
    for c in text.chars() {
        if is_han(c) {
            if !latin.is_empty() {
                out.push(word_key(&latin));
                latin.clear();
            }
            if let Some(prev) = han_run {
                out.push(han_key(Some(prev), c));
            }
            han_run = Some(c);
            han_len += 1;
        } else {
            end_han(&mut han_run, &mut han_len, out);
            if c.is_alphanumeric() {
                latin.extend(c.to_lowercase());
            } else if !latin.is_empty() {
                out.push(word_key(&latin));
                latin.clear();
            }
        }
    }
    end_han(&mut han_run, &mut han_len, out);
    if !latin.is_empty() {
        out.push(word_key(&latin));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        bigram_keys(text, &mut out);
        out
    }

    #[test]
    fn han_text_gives_one_bigram_per_adjacent_pair() {
        assert_eq!(keys("锂电池").len(), 2);
        assert_eq!(keys("锂电池"), keys("锂电池"));
        assert_eq!(keys("电池")[0], keys("锂电池")[1]);
    }

    #[test]
    fn latin_words_are_one_lower_cased_unit_and_punctuation_splits() {
        assert_eq!(keys("Sensor"), keys("sensor"));
        assert_eq!(keys("传感 sensor，电"), {
            let mut v = keys("传感");
            v.extend(keys("sensor"));
            v.extend(keys("电"));
            v
        });
        assert!(keys("，。 ").is_empty());
    }
}
