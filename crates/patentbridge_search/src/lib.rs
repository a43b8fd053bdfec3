//! The search index over the patent catalogue.
//!
//! The index is derived data: the database is the source of truth, and the
//! index can be deleted and rebuilt from it at any time. Chinese text is
//! segmented with jieba and English text is stemmed, in one analyser, so a
//! query in either language finds records in either.

mod analyzer;
mod facets;
mod highlight;
mod index;
mod query;
mod schema;

pub use analyzer::{query_words, text_words};
pub use index::{DEFAULT_PER_PAGE, MAX_PER_PAGE, SearchIndex};
use patentbridge_domain::Text;
pub use query::{MAX_QUERY_CHARS, MAX_QUERY_DEPTH};

/// A field a result list can be narrowed by, with counts per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Jurisdiction,
    /// IPC section letter, `G`.
    IpcSection,
    /// IPC class, `G06`.
    IpcClass,
    ApplicantType,
    /// Publication year (or application year when unpublished).
    Year,
    LegalStatus,
    /// GB/T 2260 code of the applicants' region.
    Region,
    PatentType,
}

impl Facet {
    pub const ALL: [Facet; 8] = [
        Facet::Jurisdiction,
        Facet::IpcSection,
        Facet::IpcClass,
        Facet::ApplicantType,
        Facet::Year,
        Facet::LegalStatus,
        Facet::Region,
        Facet::PatentType,
    ];
    /// The name used in URLs and JSON (`jurisdiction`, `ipc_section`, …).
    pub fn name(self) -> &'static str {
        match self {
            Facet::Jurisdiction => "jurisdiction",
            Facet::IpcSection => "ipc_section",
            Facet::IpcClass => "ipc_class",
            Facet::ApplicantType => "applicant_type",
            Facet::Year => "year",
            Facet::LegalStatus => "legal_status",
            Facet::Region => "region",
            Facet::PatentType => "patent_type",
        }
    }
    pub fn parse(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    NewestFirst,
    OldestFirst,
    MostCited,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::NewestFirst => "newest",
            Sort::OldestFirst => "oldest",
            Sort::MostCited => "cited",
        }
    }
    pub fn parse(name: &str) -> Option<Sort> {
        [
            Sort::Relevance,
            Sort::NewestFirst,
            Sort::OldestFirst,
            Sort::MostCited,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A search as the user asked for it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text: words in Chinese or English, `"quoted phrases"`,
    /// `AND`/`OR`/`NOT`/`+`/`-`, `field:value`; a patent number alone is an
    /// exact-number lookup. Empty means "everything".
    pub query: String,
    /// Facet filters; several values of one facet are OR-ed, facets are AND-ed.
    pub filters: Vec<(Facet, String)>,
    /// 1-based page.
    pub page: usize,
    pub per_page: usize,
    pub sort: Sort,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub number: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    /// A short passage of the best-matching text with matched terms wrapped
    /// in `<mark>…</mark>`; all other text is HTML-escaped.
    pub snippet_html: String,
    /// The title with matched terms marked the same way.
    pub title_html: String,
    pub applicants: Vec<String>,
    pub ipc: Vec<String>,
    pub publication_date: Option<chrono::NaiveDate>,
    pub legal_status: String,
    /// BM25 relevance; 0 when the results are sorted by date or citations.
    pub score: f32,
}

/// Counts for each value of one facet in the whole result set (not just the page).
#[derive(Debug, Clone)]
pub struct FacetCounts {
    pub facet: Facet,
    /// (value, count), most frequent first.
    pub values: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetCounts>,
    /// True when the query was a patent number that matched exactly.
    pub exact_number_match: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The query (in full; the message shows only its start) and why.
    #[error("cannot understand the query {}: {}", shortened(query), reason.en())]
    BadQuery { query: String, reason: Text },
    #[error("search index directory {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The query quoted for a message, cut after 100 characters: a refused
/// query may be very long, and the message need not repeat all of it.
fn shortened(query: &str) -> String {
    const SHOWN_CHARS: usize = 100;
    match query.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{:?}…", &query[..cut]),
        None => format!("{query:?}"),
    }
}
