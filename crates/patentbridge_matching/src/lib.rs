//! The retrieval core of the supply–demand matching engine.
//!
//! A [`MatchIndex`] is built once over the things that can be matched
//! (patents, or listings with their patents' text) and answers a [`Query`]
//! (a demand's text, with IPC codes and industries when it has them) with the
//! best documents and the parts of their scores. Four methods are offered so
//! they can be compared on labelled data ([`evaluate`]): plain BM25 over jieba
//! words, TF-IDF cosine over Chinese character bigrams, a "semantic"
//! similarity of corpus-learned word associations (random indexing), and the
//! hybrid the platform uses, which fuses the normalised scores of all of them
//! with IPC and industry proximity.
//!
//! Everything is computed in memory from the documents' text: no network, no
//! model files, and the index is immutable after it is built, so one index
//! can serve many threads.

mod assoc;
mod error;
pub mod eval;
mod index;
mod ipc;
pub mod labelled;
mod text;

pub use error::MatchError;
pub use index::{HybridWeights, MatchIndex};
pub use ipc::IpcLevel;
pub use labelled::{LabelledQuery, LabelledSet, MethodScores, evaluate};

/// One thing that can be matched: a patent, or a listing (its text plus its patents' text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub body: String,
    pub ipc: Vec<String>,
    pub industries: Vec<String>,
}

/// What is being matched against the documents: a demand's text, or a
/// listing's text when looking for demands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub ipc: Vec<String>,
    pub industries: Vec<String>,
}

impl Query {
    /// A query of text alone, with no codes.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// How documents are scored against a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// BM25 over jieba words, the title counted more than the body.
    Bm25,
    /// TF-IDF cosine over Chinese character bigrams (and whole Latin words),
    /// which does not care how jieba segments either side.
    CharBigrams,
    /// Word associations learned from the corpus at build time (random
    /// indexing: words are alike when they share documents, texts are alike
    /// when their words are), among the documents BM25 or bigrams reach.
    /// Only words in at least two documents and at most a tenth of them have
    /// associations; a query with none of those finds nothing this way.
    Semantic,
    /// The normalised scores of the three above fused (see
    /// [`HybridWeights`]), plus IPC and industry proximity when the query has
    /// codes.
    Hybrid,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Bm25,
        Method::CharBigrams,
        Method::Semantic,
        Method::Hybrid,
    ];

    /// The name for printing and for command-line options.
    pub fn name(self) -> &'static str {
        match self {
            Method::Bm25 => "bm25",
            Method::CharBigrams => "char_bigrams",
            Method::Semantic => "semantic",
            Method::Hybrid => "hybrid",
        }
    }

    /// Reads a name as [`Method::name`] prints it (`-` for `_` accepted).
    pub fn parse(name: &str) -> Option<Method> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        Method::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// One document in a result list.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrieved {
    /// The document's position in the vector the index was built from.
    pub doc: usize,
    /// The method's score; comparable only within one call.
    pub score: f64,
    pub parts: ScoreParts,
}

/// The parts of a score, each normalised to `0..=1` so they can be shown.
///
/// `text` (BM25) and `semantic` (association, bigram and feedback scores by
/// their weights) are relative to the best candidate of the same query (1 is
/// the best in this result list); `ipc` and `industry` are
/// absolute (1 is the same IPC group, or every industry of the query shared).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScoreParts {
    pub text: f64,
    pub semantic: f64,
    pub ipc: f64,
    pub industry: f64,
    /// Absolute, unlike `text` and `semantic`: the idf-weighted share of the
    /// query's distinct words that the document contains (a word the corpus
    /// never saw counts with the highest idf). 1 means every word of the
    /// query is there; comparable across queries, so one threshold can
    /// decide what is worth pushing to an inbox.
    pub coverage: f64,
}

/// Why a document matches a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Query words the document contains, the most informative (highest idf)
    /// first, at most [`Evidence::MAX_TERMS`].
    pub shared_terms: Vec<String>,
    /// For each query code with something in common, the closest document code.
    pub ipc: Vec<IpcOverlap>,
    /// Industries named by both.
    pub industries: Vec<String>,
}

impl Evidence {
    pub const MAX_TERMS: usize = 8;
}

/// A query IPC code and the document code closest to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpcOverlap {
    pub query_code: String,
    pub doc_code: String,
    pub level: IpcLevel,
}

#[cfg(test)]
mod tests;
