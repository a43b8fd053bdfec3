//! `SearchIndex`: building, updating and querying the tantivy index of the catalogue.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use patentbridge_domain::{Patent, PatentNumber};
use tantivy::collector::sort_key::{ComparatorEnum, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexBuilder, IndexReader, IndexWriter, Order, ReloadPolicy, Score,
    Searcher, TantivyDocument, TantivyError, Term,
};

use crate::analyzer::{ZH_EN, index_tokenizers, query_tokenizers};
use crate::facets::FacetCollector;
use crate::highlight::{Highlighter, marked_html, snippet_html};
use crate::query::{check_length, parse, space_out_chinese};
use crate::schema::{self, CITED_BY, Fields, SORT_DATE, days_to_date, facet_index};
use crate::{Facet, FacetCounts, Hit, SearchError, SearchRequest, SearchResults, Sort};

/// Memory the index writer may use before it flushes a segment, over all threads.
const WRITER_HEAP_BYTES: usize = 192_000_000;
const MAX_WRITER_THREADS: usize = 2;
/// Hits per page when none is asked for, and the most a page may hold.
pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;
const SNIPPET_CHARS: usize = 160;

/// Field boosts of the default (unqualified) query fields.
const BOOSTS: &[(&str, Score)] = &[
    ("title", 3.0),
    ("abstract", 1.0),
    ("claims", 0.5),
    ("applicant", 1.0),
    ("inventor", 1.0),
    ("keyword", 1.5),
    ("ipc", 1.0),
    ("cpc", 1.0),
];

/// The search index. Cheap to clone; clones share one index, reader and writer.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Created on first write, so read-only users take no lock on the directory.
    writer: Mutex<Option<IndexWriter>>,
    and_parser: QueryParser,
    or_parser: QueryParser,
    schema_reset: bool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("num_docs", &self.num_docs())
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if
    /// needed. An index written with another schema (an older version of this
    /// crate) is derived data: it is deleted and an empty one is created in its
    /// place, and [`SearchIndex::schema_was_reset`] returns true so the caller
    /// can rebuild it from the database (`patentbridge reindex`).
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex, SearchError> {
        let io = |source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema::build();
        let builder = || {
            IndexBuilder::new()
                .schema(schema.clone())
                .tokenizers(index_tokenizers())
        };
        let open = || -> Result<Index, TantivyError> {
            let directory =
                MmapDirectory::open(dir).map_err(|e| TantivyError::SystemError(e.to_string()))?;
            builder().open_or_create(directory)
        };
        let (index, schema_reset) = match open() {
            Ok(index) => (index, false),
            Err(TantivyError::SchemaError(_) | TantivyError::IncompatibleIndex(_)) => {
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                (open()?, true)
            }
            Err(e) => return Err(e.into()),
        };
        // OnCommitWithDelay also picks up commits made by another process (a
        // `reindex` beside a running server); `commit` reloads at once.
        SearchIndex::from_index(index, fields, ReloadPolicy::OnCommitWithDelay, schema_reset)
    }

    /// An index held in memory only, for tests and throw-away use.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema::build();
        let index = IndexBuilder::new()
            .schema(schema)
            .tokenizers(index_tokenizers())
            .create_in_ram()?;
        SearchIndex::from_index(index, fields, ReloadPolicy::Manual, false)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        policy: ReloadPolicy,
        schema_reset: bool,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let schema = index.schema();
        let default_fields: Vec<Field> = BOOSTS
            .iter()
            .filter_map(|(name, _)| schema.get_field(name).ok())
            .collect();
        let make_parser = |and: bool| {
            let mut parser =
                QueryParser::new(schema.clone(), default_fields.clone(), query_tokenizers());
            for (name, boost) in BOOSTS {
                if let Ok(field) = schema.get_field(name) {
                    parser.set_field_boost(field, *boost);
                }
            }
            if and {
                parser.set_conjunction_by_default();
            }
            parser
        };
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                and_parser: make_parser(true),
                or_parser: make_parser(false),
                index,
                reader,
                fields,
                writer: Mutex::new(None),
                schema_reset,
            }),
        })
    }

    /// True when `open_or_create` found an index with an outdated schema and
    /// replaced it with an empty one: the catalogue needs reindexing.
    pub fn schema_was_reset(&self) -> bool {
        self.inner.schema_reset
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>, SearchError> {
        let mut guard = self
            .inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, MAX_WRITER_THREADS);
            *guard = Some(
                self.inner
                    .index
                    .writer_with_num_threads(threads, WRITER_HEAP_BYTES)?,
            );
        }
        Ok(guard)
    }

    /// Adds or replaces documents by number; call [`SearchIndex::commit`] to make them visible.
    pub fn upsert(&self, patents: &[Patent]) -> Result<(), SearchError> {
        let guard = self.writer()?;
        let Some(writer) = guard.as_ref() else {
            return Ok(());
        };
        let f = &self.inner.fields;
        for patent in patents {
            writer.delete_term(Term::from_field_text(f.number, &patent.number.to_string()));
            writer.add_document(schema::to_document(f, patent))?;
        }
        Ok(())
    }

    /// Removes documents by number (any spelling `PatentNumber::parse` accepts);
    /// call [`SearchIndex::commit`] to make it visible.
    pub fn delete(&self, numbers: &[String]) -> Result<(), SearchError> {
        let guard = self.writer()?;
        let Some(writer) = guard.as_ref() else {
            return Ok(());
        };
        for number in numbers {
            let normal = PatentNumber::parse(number)
                .map_or_else(|_| number.trim().to_string(), |n| n.to_string());
            writer.delete_term(Term::from_field_text(self.inner.fields.number, &normal));
        }
        Ok(())
    }

    /// Makes every change since the last commit durable and visible to searches
    /// that start after this returns.
    pub fn commit(&self) -> Result<(), SearchError> {
        // A handle that never wrote has nothing to commit and takes no writer lock.
        let mut guard = self
            .inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(writer) = guard.as_mut() {
            writer.commit()?;
        }
        drop(guard);
        self.inner.reader.reload()?;
        Ok(())
    }

    /// Removes every document; like the other changes, it takes effect at the
    /// next commit, so searches keep seeing the old documents during a reindex.
    pub fn clear(&self) -> Result<(), SearchError> {
        let guard = self.writer()?;
        if let Some(writer) = guard.as_ref() {
            writer.delete_all_documents()?;
        }
        Ok(())
    }

    /// The number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Runs a search. A query that is a patent number matching a record returns
    /// just the matching record(s) with `exact_number_match` set. Otherwise the
    /// words must all match (title ×3, keywords ×1.5, abstract, applicant,
    /// inventor and codes ×1, claims ×0.5); if none does, any word may. An
    /// empty query lists everything, newest first unless another order is asked.
    /// A query longer than [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) or
    /// nested deeper than [`MAX_QUERY_DEPTH`](crate::MAX_QUERY_DEPTH) is a
    /// `BadQuery`.
    /// Field names usable in queries: `title`, `abstract`, `claims`,
    /// `applicant`, `inventor`, `keyword`, `ipc`, `cpc` (any level: `ipc:G06F`),
    /// `number`.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.inner.reader.searcher();
        let per_page = if req.per_page == 0 {
            DEFAULT_PER_PAGE
        } else {
            req.per_page.min(MAX_PER_PAGE)
        };
        let page = Page {
            offset: req.page.max(1).saturating_sub(1).saturating_mul(per_page),
            limit: per_page,
        };
        let filters = self.filter_clauses(&req.filters);
        let text = req.query.trim();
        check_length(text)?;

        if let Ok(number) = PatentNumber::parse(text) {
            let query = self.with_filters(self.number_query(&number), &filters);
            let found = self.run(
                &searcher,
                query.as_ref(),
                query.as_ref(),
                Sort::Relevance,
                page,
            )?;
            if found.total > 0 {
                return Ok(SearchResults {
                    exact_number_match: true,
                    ..found
                });
            }
        }

        if text.is_empty() {
            let sort = if req.sort == Sort::Relevance {
                Sort::NewestFirst
            } else {
                req.sort
            };
            let query = self.with_filters(Box::new(AllQuery), &filters);
            return self.run(&searcher, query.as_ref(), &AllQuery, sort, page);
        }

        let spaced = space_out_chinese(text);
        let user_query = parse(&self.inner.and_parser, text, &spaced)?;
        let query = self.with_filters(user_query.box_clone(), &filters);
        let results = self.run(
            &searcher,
            query.as_ref(),
            user_query.as_ref(),
            req.sort,
            page,
        )?;
        if results.total > 0 {
            return Ok(results);
        }
        // Nothing has every word: settle for any of them.
        let user_query = parse(&self.inner.or_parser, text, &spaced)?;
        let query = self.with_filters(user_query.box_clone(), &filters);
        self.run(
            &searcher,
            query.as_ref(),
            user_query.as_ref(),
            req.sort,
            page,
        )
    }

    fn number_query(&self, number: &PatentNumber) -> Box<dyn Query> {
        let f = &self.inner.fields;
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(f.number, &number.to_string()), 2.0)),
            ),
            (Occur::Should, term(f.number_base, &number.without_kind())),
        ]))
    }

    /// One clause per filtered facet: any of its values (OR), the clauses to be AND-ed.
    fn filter_clauses(&self, filters: &[(Facet, String)]) -> Vec<Box<dyn Query>> {
        let mut clauses = Vec::new();
        for facet in Facet::ALL {
            let field = self.inner.fields.facets[facet_index(facet)];
            let values: Vec<Box<dyn Query>> = filters
                .iter()
                .filter(|(f, _)| *f == facet)
                .map(|(_, value)| {
                    let value = value.trim();
                    let value = match facet {
                        Facet::Jurisdiction | Facet::IpcSection | Facet::IpcClass => {
                            value.to_ascii_uppercase()
                        }
                        _ => value.to_string(),
                    };
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &value),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                })
                .collect();
            if !values.is_empty() {
                let any: Box<dyn Query> = Box::new(BooleanQuery::union(values));
                clauses.push(Box::new(ConstScoreQuery::new(any, 0.0)) as Box<dyn Query>);
            }
        }
        clauses
    }

    fn with_filters(&self, query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
        if filters.is_empty() {
            return query;
        }
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Runs `query` and builds the results; `highlight` is the part of the
    /// query whose terms are marked in titles and snippets.
    fn run(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        highlight: &dyn Query,
        sort: Sort,
        page: Page,
    ) -> Result<SearchResults, SearchError> {
        let top = TopDocs::with_limit(page.limit).and_offset(page.offset);
        let (docs, total, facets): (Vec<(Score, DocAddress)>, usize, Vec<FacetCounts>) = match sort
        {
            Sort::Relevance => {
                searcher.search(query, &(top.order_by_score(), Count, FacetCollector))?
            }
            Sort::NewestFirst | Sort::OldestFirst => {
                // Records without any date come last either way.
                let comparator = if sort == Sort::NewestFirst {
                    ComparatorEnum::from(Order::Desc)
                } else {
                    ComparatorEnum::ReverseNoneLower
                };
                let by_date = top.order_by((
                    SortByStaticFastValue::<i64>::for_field(SORT_DATE),
                    comparator,
                ));
                let (docs, total, facets) =
                    searcher.search(query, &(by_date, Count, FacetCollector))?;
                (
                    docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    total,
                    facets,
                )
            }
            Sort::MostCited => {
                let (docs, total, facets) = searcher.search(
                    query,
                    &(
                        top.order_by_fast_field::<u64>(CITED_BY, Order::Desc),
                        Count,
                        FacetCollector,
                    ),
                )?;
                (
                    docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    total,
                    facets,
                )
            }
        };
        let hits = self.hits(searcher, highlight, &docs)?;
        Ok(SearchResults {
            total,
            hits,
            facets,
            exact_number_match: false,
        })
    }

    fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        docs: &[(Score, DocAddress)],
    ) -> Result<Vec<Hit>, SearchError> {
        let f = &self.inner.fields;
        let analyzer = self.inner.index.tokenizers().get(ZH_EN).ok_or_else(|| {
            TantivyError::SchemaError(format!("the {ZH_EN} analyser is not registered"))
        })?;
        let mut titles = Highlighter::new(analyzer.clone(), query, f.title);
        let mut abstracts = Highlighter::new(analyzer.clone(), query, f.abstract_);
        let mut claims = Highlighter::new(analyzer, query, f.claims);
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let all = |field: Field| -> Vec<String> {
                doc.get_all(field)
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect()
            };
            let title_zh = text(f.title_zh);
            let title_en = text(f.title_en);

            // The title with the most matches, Chinese first on a tie.
            let mut title_html = String::new();
            let mut best = None;
            for t in [&title_zh, &title_en].into_iter().flatten() {
                let ranges = titles.ranges(t);
                if best.is_none_or(|n| ranges.len() > n) {
                    best = Some(ranges.len());
                    title_html = marked_html(t, 0, &ranges);
                }
            }

            // The passage with the most matches: abstracts, then the claims' lead, then the title.
            let mut candidates: Vec<(String, Vec<std::ops::Range<usize>>)> = Vec::new();
            for t in all(f.abstract_) {
                let ranges = abstracts.ranges(&t);
                candidates.push((t, ranges));
            }
            if let Some(t) = text(f.claims_lead) {
                let ranges = claims.ranges(&t);
                candidates.push((t, ranges));
            }
            if candidates.is_empty()
                && let Some(t) = title_zh.clone().or_else(|| title_en.clone())
            {
                let ranges = titles.ranges(&t);
                candidates.push((t, ranges));
            }
            let mut snippet = String::new();
            let mut best = None;
            for (t, ranges) in &candidates {
                if best.is_none_or(|n| ranges.len() > n) {
                    best = Some(ranges.len());
                    snippet = snippet_html(t, ranges, SNIPPET_CHARS);
                }
            }

            hits.push(Hit {
                number: text(f.number).unwrap_or_default(),
                title_zh,
                title_en,
                snippet_html: snippet,
                title_html,
                applicants: all(f.applicant),
                ipc: all(f.ipc_codes),
                publication_date: doc
                    .get_first(f.published)
                    .and_then(|v| v.as_i64())
                    .and_then(days_to_date),
                legal_status: text(f.facets[facet_index(Facet::LegalStatus)]).unwrap_or_default(),
                score: *score,
            });
        }
        Ok(hits)
    }
}

#[derive(Clone, Copy)]
struct Page {
    offset: usize,
    limit: usize,
}
