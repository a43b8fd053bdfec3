//! The text analyser shared by indexing and querying: jieba segmentation,
//! lower-casing, a few stop words and English stemming, so Chinese and English
//! text are searchable through the same fields.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenStream, Tokenizer, TokenizerManager,
};

/// The name the bilingual analyser is registered under. Changing what the
/// analyser does should change this name, so that an index built with the old
/// analyser no longer matches the schema and is rebuilt.
pub(crate) const ZH_EN: &str = "zh_en_v1";
/// The analyser for classification codes and other identifiers: the whole
/// value as one lower-cased token.
pub(crate) const CODE: &str = "code_v1";

/// Tokens longer than this many bytes are dropped (base64 blobs, sequences).
const MAX_TOKEN_BYTES: usize = 60;
/// Whether jieba may guess unknown words with its hidden Markov model.
const HMM: bool = true;

/// Words too common to narrow a query; dropped at index and query time alike.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "at", "by", "with", "from", "is",
    "are", "be", "as", "its", "it", "that", "this", "said", "的", "一种", "及其", "与", "和", "及",
];

/// The one jieba dictionary of the process: building it takes a noticeable
/// fraction of a second, so every tokenizer clone shares it.
pub(crate) fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Splits text with jieba. In search mode, the dictionary words inside a
/// longer word (`传感器` inside `压力传感器`) are emitted too, at the position of
/// the word that contains them, so phrase queries still line up. Positions
/// count words, not characters; whitespace and punctuation are dropped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct JiebaTokenizer {
    search_mode: bool,
}

impl JiebaTokenizer {
    pub(crate) fn for_indexing() -> Self {
        JiebaTokenizer { search_mode: true }
    }
    pub(crate) fn for_queries() -> Self {
        JiebaTokenizer { search_mode: false }
    }
}

pub(crate) struct JiebaTokenStream<'a> {
    words: Vec<jieba_rs::Token<'a>>,
    positions: Vec<usize>,
    next: usize,
    token: Token,
}

fn is_word(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream<'a> {
        let raw = if self.search_mode {
            jieba().cut_for_search(text, HMM)
        } else {
            jieba().cut(text, HMM)
        };
        // Search mode emits the parts of a word just before the word itself,
        // and the words proper tile the text. Walking backwards, a token that
        // lies strictly inside the current word is one of its parts.
        let mut parent = vec![0usize; raw.len()];
        let mut current: Option<usize> = None;
        for i in (0..raw.len()).rev() {
            let t = &raw[i];
            let inside = current.is_some_and(|p| {
                let w = &raw[p];
                w.byte_start <= t.byte_start
                    && t.byte_end <= w.byte_end
                    && t.byte_end - t.byte_start < w.byte_end - w.byte_start
            });
            if inside {
                parent[i] = current.unwrap_or(i);
            } else {
                current = Some(i);
                parent[i] = i;
            }
        }
        let mut positions = vec![0usize; raw.len()];
        let mut next_position = 0;
        for i in 0..raw.len() {
            if parent[i] == i && is_word(raw[i].word) {
                positions[i] = next_position;
                next_position += 1;
            }
        }
        let mut words = Vec::with_capacity(raw.len());
        let mut word_positions = Vec::with_capacity(raw.len());
        for (i, t) in raw.into_iter().enumerate() {
            if is_word(t.word) {
                word_positions.push(positions[parent[i]]);
                words.push(t);
            }
        }
        JiebaTokenStream {
            words,
            positions: word_positions,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for JiebaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(word) = self.words.get(self.next) else {
            return false;
        };
        self.token.offset_from = word.byte_start;
        self.token.offset_to = word.byte_end;
        self.token.position = self.positions[self.next];
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(word.word);
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

fn bilingual(tokenizer: JiebaTokenizer) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

fn code() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// The analysers the index uses on documents (search-mode segmentation).
pub(crate) fn index_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(ZH_EN, bilingual(JiebaTokenizer::for_indexing()));
    manager.register(CODE, code());
    manager
}

/// The analysers the query parser uses: whole words only, so `压力传感器`
/// asks for that word rather than for each of its parts.
pub(crate) fn query_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(ZH_EN, bilingual(JiebaTokenizer::for_queries()));
    manager.register(CODE, code());
    manager
}

/// Splits a run of Chinese text into words (default mode, no parts), for
/// turning an unspaced Chinese query into several terms.
pub(crate) fn split_words(text: &str) -> Vec<&str> {
    jieba()
        .cut(text, HMM)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| is_word(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(analyzer, text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn search_mode_emits_a_compound_and_its_parts() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        let words = texts(&mut a, "一种压力传感器");
        assert!(words.contains(&"传感器".to_string()), "{words:?}");
        assert!(words.contains(&"压力".to_string()), "{words:?}");
    }

    #[test]
    fn parts_share_the_position_of_their_word() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        let toks = tokens(&mut a, "中华人民共和国 成立");
        let whole = toks
            .iter()
            .find(|(t, _)| t == "中华人民共和国")
            .expect("whole word");
        let part = toks.iter().find(|(t, _)| t == "中华").expect("part");
        let next = toks.iter().find(|(t, _)| t == "成立").expect("next word");
        assert_eq!(whole.1, part.1);
        assert_eq!(next.1, whole.1 + 1);
    }

    #[test]
    fn english_is_lower_cased_and_stemmed() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        assert_eq!(
            texts(&mut a, "Pressure Sensors, measuring"),
            ["pressur", "sensor", "measur"]
        );
        let mut q = bilingual(JiebaTokenizer::for_queries());
        assert_eq!(texts(&mut q, "sensor"), ["sensor"]);
    }

    #[test]
    fn punctuation_and_stop_words_are_dropped_without_gaps_in_meaning() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        let toks = tokens(&mut a, "the sensor, and a probe.");
        let words: Vec<&str> = toks.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(words, ["sensor", "probe"]);
        // positions still count the removed stop words, on both sides alike
        assert!(toks[1].1 > toks[0].1);
    }

    #[test]
    fn byte_offsets_point_at_the_chinese_word() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        let text = "本发明公开了压力传感器";
        let mut stream = a.token_stream(text);
        let mut found = false;
        while let Some(t) = stream.next() {
            assert_eq!(&text[t.offset_from..t.offset_to].to_lowercase(), &t.text);
            found |= t.text == "传感器";
        }
        assert!(found);
    }

    #[test]
    fn overlong_tokens_are_removed() {
        let mut a = bilingual(JiebaTokenizer::for_indexing());
        let long = "x".repeat(100);
        assert_eq!(texts(&mut a, &format!("valve {long}")), ["valv"]);
    }

    #[test]
    fn query_mode_keeps_a_word_whole() {
        let mut q = bilingual(JiebaTokenizer::for_queries());
        let words = texts(&mut q, "传感器");
        assert_eq!(words, ["传感器"]);
    }

    #[test]
    fn codes_are_one_lower_cased_token() {
        let mut c = code();
        assert_eq!(texts(&mut c, "G06F21/10"), ["g06f21/10"]);
    }
}

/// The words of a query for substring matching (the listing mall's text
/// filter): jieba's precise cut, lower-cased, without punctuation or
/// whitespace, each word once.
pub fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in jieba().cut(query, false) {
        let w = w.word.trim().to_lowercase();
        if w.chars().any(char::is_alphanumeric) && !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

/// The words of a text for statistical matching (the matching engine's BM25
/// and term statistics): jieba's search-mode cut, so the dictionary words
/// inside a long word come out too, lower-cased, without punctuation,
/// whitespace or stop words. Repeats are kept because term frequency counts.
pub fn text_words(text: &str) -> Vec<String> {
    jieba()
        .cut_for_search(text, HMM)
        .into_iter()
        .filter(|t| is_word(t.word))
        .map(|t| t.word.trim().to_lowercase())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

#[cfg(test)]
mod query_word_tests {
    #[test]
    fn a_chinese_query_is_cut_into_words_and_punctuation_dropped() {
        let words = super::query_words("压力传感器，Calibration 方法");
        assert!(words.contains(&"压力".to_string()) || words.contains(&"压力传感器".to_string()));
        assert!(words.contains(&"calibration".to_string()));
        assert!(words.iter().all(|w| w != "，" && !w.is_empty()));
    }

    #[test]
    fn text_words_keep_repeats_and_parts_but_drop_stop_words() {
        let words = super::text_words("一种压力传感器的校准，压力传感器 and Sensor");
        let count = |w: &str| words.iter().filter(|x| x.as_str() == w).count();
        assert_eq!(count("压力"), 2, "{words:?}");
        assert_eq!(count("传感器"), 2, "{words:?}");
        // search mode: the dictionary words inside 传感器 come out too
        assert_eq!(count("传感"), 2, "{words:?}");
        assert_eq!(count("sensor"), 1, "{words:?}");
        assert_eq!(count("一种") + count("的") + count("and"), 0, "{words:?}");
        assert!(words.iter().all(|w| w != "，" && !w.trim().is_empty()));
    }
}
