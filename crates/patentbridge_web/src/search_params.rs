//! The search parameters shared by the results page and the JSON API: read
//! from the query string, turned into a `SearchRequest`, and written back into
//! links (filter toggles, sort, pages) that keep everything else.

use patentbridge_search::{Facet, MAX_QUERY_CHARS, SearchRequest, Sort};

pub use patentbridge_search::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

/// Deep pages cost the index more and nobody reads them.
pub const MAX_PAGE: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchParams {
    pub q: String,
    pub page: usize,
    pub per_page: usize,
    pub sort: Sort,
    pub filters: Vec<(Facet, String)>,
}

impl SearchParams {
    /// The query as pages show it again (the title, the search box): at
    /// most [`MAX_QUERY_CHARS`] characters, so a refused query of
    /// megabytes is not written back into the page.
    pub fn shown_q(&self) -> String {
        match self.q.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => format!("{}…", &self.q[..cut]),
            None => self.q.clone(),
        }
    }

    /// Reads the parameters leniently: an unreadable page or sort falls back
    /// to the default, unknown parameters (`lang`) are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> SearchParams {
        let mut p = SearchParams {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..SearchParams::default()
        };
        for (k, v) in pairs {
            match k.as_str() {
                "q" => p.q = v.trim().to_string(),
                "page" => p.page = v.trim().parse().unwrap_or(1),
                "per_page" => p.per_page = v.trim().parse().unwrap_or(DEFAULT_PER_PAGE),
                "sort" => p.sort = Sort::parse(v.trim()).unwrap_or_default(),
                other => {
                    if let Some(f) = Facet::parse(other) {
                        let v = v.trim();
                        if !v.is_empty() && !p.has_filter(f, v) {
                            p.filters.push((f, v.to_string()));
                        }
                    }
                }
            }
        }
        p.page = p.page.clamp(1, MAX_PAGE);
        p.per_page = p.per_page.clamp(1, MAX_PER_PAGE);
        p
    }

    pub fn to_request(&self) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            filters: self.filters.clone(),
            page: self.page,
            per_page: self.per_page,
            sort: self.sort,
        }
    }

    pub fn has_filter(&self, facet: Facet, value: &str) -> bool {
        self.filters.iter().any(|(f, v)| *f == facet && v == value)
    }

    /// The same search with one filter added or removed, back on page 1.
    pub fn toggled(&self, facet: Facet, value: &str) -> SearchParams {
        let mut p = self.clone();
        p.page = 1;
        if p.has_filter(facet, value) {
            p.filters.retain(|(f, v)| !(*f == facet && v == value));
        } else {
            p.filters.push((facet, value.to_string()));
        }
        p
    }

    pub fn without_filters(&self) -> SearchParams {
        SearchParams {
            filters: Vec::new(),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_sort(&self, sort: Sort) -> SearchParams {
        SearchParams {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: usize) -> SearchParams {
        SearchParams {
            page,
            ..self.clone()
        }
    }

    /// A `/search?…` link; defaults are left out to keep URLs short.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        for (f, v) in &self.filters {
            parts.push(format!("{}={}", f.name(), encode(v)));
        }
        if self.sort != Sort::Relevance {
            parts.push(format!("sort={}", self.sort.name()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            parts.push(format!("per_page={}", self.per_page));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/search".to_string()
        } else {
            format!("/search?{}", parts.join("&"))
        }
    }
}

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
pub fn encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn toggling_a_filter_keeps_the_query_and_other_filters() {
        let p = SearchParams::from_pairs(&pairs(&[
            ("q", "压力 传感器"),
            ("jurisdiction", "CN"),
            ("page", "3"),
            ("lang", "en"),
        ]));
        assert_eq!(
            p.toggled(Facet::LegalStatus, "in_force").href(),
            "/search?q=%E5%8E%8B%E5%8A%9B%20%E4%BC%A0%E6%84%9F%E5%99%A8&jurisdiction=CN&legal_status=in_force"
        );
        assert_eq!(p.toggled(Facet::Jurisdiction, "CN").filters, vec![]);
    }

    #[test]
    fn a_query_is_shown_again_at_most_as_long_as_a_query_may_be() {
        let long = "压".repeat(MAX_QUERY_CHARS * 100);
        let p = SearchParams::from_pairs(&pairs(&[("q", &long)]));
        assert_eq!(p.shown_q().chars().count(), MAX_QUERY_CHARS + 1);
        assert!(p.shown_q().ends_with('…'));
        let short = SearchParams::from_pairs(&pairs(&[("q", "压力传感器")]));
        assert_eq!(short.shown_q(), "压力传感器");
    }

    #[test]
    fn nonsense_numbers_fall_back_to_defaults() {
        let p = SearchParams::from_pairs(&pairs(&[
            ("page", "-1"),
            ("per_page", "9999"),
            ("sort", "x"),
        ]));
        assert_eq!(
            (p.page, p.per_page, p.sort),
            (1, MAX_PER_PAGE, Sort::Relevance)
        );
    }
}
