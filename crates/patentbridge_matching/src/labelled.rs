//! The labelled evaluation set (Chinese G06F abstracts with CPC labels) and
//! the evaluation of every method on it.
//!
//! Records sharing a CPC label count as relevant to each other, graded by
//! how many labels they share. The labels are never put into the index: the
//! documents are indexed by their text alone, and a query is a record's
//! title, with its own record treated as absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::eval::{Judgement, ndcg_at, recall_at, reciprocal_rank};
use crate::{Document, MatchError, MatchIndex, Method, Query};

/// Where the CSV lies inside the shared data folder.
pub const CSV_IN_FOLDER: &str = "cn_patents_g06f_abstracts/cn_g06f_abstracts.csv";

/// The records as documents, and their labels and splits.
#[derive(Debug, Clone)]
pub struct LabelledSet {
    pub path: PathBuf,
    pub documents: Vec<Document>,
    /// Per record: its title, CPC labels and split (`train`, `val`, `test_head`).
    pub titles: Vec<String>,
    pub labels: Vec<Vec<String>>,
    pub splits: Vec<String>,
}

/// One evaluation query: a record's title, judged by shared labels.
#[derive(Debug, Clone)]
pub struct LabelledQuery {
    /// The record the query comes from, excluded from its ranking.
    pub record: usize,
    pub query: Query,
    pub judgement: Judgement,
}

/// The scores of one method over a set of queries.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodScores {
    pub method: Method,
    pub queries: usize,
    pub ndcg_at_10: f64,
    pub recall_at_50: f64,
    pub mrr: f64,
    pub mean_query_ms: f64,
}

impl LabelledSet {
    /// Reads the CSV, given as the file or as a folder holding
    /// [`CSV_IN_FOLDER`].
    pub fn load(path: &Path) -> Result<LabelledSet, MatchError> {
        let file = if path.is_dir() {
            path.join(CSV_IN_FOLDER)
        } else {
            path.to_path_buf()
        };
        if !file.is_file() {
            return Err(MatchError::NotFound(file));
        }
        let malformed = |line: u64, message: String| MatchError::Malformed {
            path: file.clone(),
            line,
            message,
        };
        let mut reader = csv::Reader::from_path(&file).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => MatchError::Io {
                path: file.clone(),
                source,
            },
            other => malformed(1, format!("{other:?}")),
        })?;
        let headers = reader
            .headers()
            .map_err(|e| malformed(1, e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| malformed(1, format!("no column {name:?}")))
        };
        let (title, keywords, abstract_zh, cpc, split) = (
            column("title_zh")?,
            column("keywords_en")?,
            column("abstract_zh")?,
            column("cpc_labels")?,
            column("origin_split")?,
        );
        let mut set = LabelledSet {
            path: file.clone(),
            documents: Vec::new(),
            titles: Vec::new(),
            labels: Vec::new(),
            splits: Vec::new(),
        };
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                malformed(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| {
                record
                    .get(i)
                    .map(str::trim)
                    .ok_or_else(|| malformed(line, format!("missing field {}", i + 1)))
            };
            let labels: Vec<String> = field(cpc)?
                .split(';')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if labels.is_empty() {
                return Err(malformed(line, "no CPC label".into()));
            }
            let title = field(title)?.to_string();
            if title.is_empty() {
                return Err(malformed(line, "empty title_zh".into()));
            }
            set.documents.push(Document {
                title: title.clone(),
                body: format!("{}\n{}", field(abstract_zh)?, field(keywords)?),
                ipc: Vec::new(),
                industries: Vec::new(),
            });
            set.titles.push(title);
            set.labels.push(labels);
            set.splits.push(field(split)?.to_string());
        }
        if set.documents.is_empty() {
            return Err(malformed(1, "no records".into()));
        }
        Ok(set)
    }

    /// The queries from the records of the given splits: each record's
    /// title, judged against every other record by the labels they share.
    pub fn queries(&self, splits: &[&str]) -> Vec<LabelledQuery> {
        let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
        for (record, labels) in self.labels.iter().enumerate() {
            for l in labels {
                by_label.entry(l.as_str()).or_default().push(record);
            }
        }
        (0..self.documents.len())
            .filter(|&r| splits.contains(&self.splits[r].as_str()))
            .map(|record| {
                let mut judgement = Judgement::new();
                for l in &self.labels[record] {
                    for &other in &by_label[l.as_str()] {
                        if other != record {
                            *judgement.entry(other).or_default() += 1;
                        }
                    }
                }
                LabelledQuery {
                    record,
                    query: Query::text(self.titles[record].clone()),
                    judgement,
                }
            })
            .collect()
    }
}

/// Runs every query with each method and averages the metrics; queries
/// without any relevant document are skipped.
pub fn evaluate(
    index: &MatchIndex,
    queries: &[LabelledQuery],
    methods: &[Method],
) -> Vec<MethodScores> {
    let queries: Vec<&LabelledQuery> = queries
        .iter()
        .filter(|q| q.judgement.values().any(|&g| g > 0))
        .collect();
    let n = queries.len().max(1) as f64;
    methods
        .iter()
        .map(|&method| {
            let (mut ndcg, mut recall, mut rr, mut secs) = (0.0, 0.0, 0.0, 0.0);
            for q in &queries {
                let started = Instant::now();
                let ranking: Vec<usize> = index
                    .retrieve_excluding(&q.query, method, 50, Some(q.record))
                    .into_iter()
                    .map(|r| r.doc)
                    .collect();
                secs += started.elapsed().as_secs_f64();
                ndcg += ndcg_at(&ranking, &q.judgement, 10);
                recall += recall_at(&ranking, &q.judgement, 50);
                rr += reciprocal_rank(&ranking, &q.judgement);
            }
            MethodScores {
                method,
                queries: queries.len(),
                ndcg_at_10: ndcg / n,
                recall_at_50: recall / n,
                mrr: rr / n,
                mean_query_ms: secs * 1e3 / n,
            }
        })
        .collect()
}
