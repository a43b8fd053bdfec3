//! The in-memory matching index: inverted lists with integer term ids for
//! jieba words (BM25) and for character bigrams (TF-IDF cosine), a forward
//! list of each document's words (for query expansion and explanations),
//! random-indexing vectors of words and documents (the association
//! similarity), and each document's codes. A query only touches the
//! documents its words and bigrams reach; the association similarity and the
//! hybrid fusion are computed for the few hundred best of those.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use crate::assoc;
use crate::text::{bigram_keys, words};
use crate::{Document, Evidence, IpcOverlap, Method, Query, Retrieved, ScoreParts, ipc};

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation.
const B: f32 = 0.75;
/// A title word counts as this many body words: a title names the invention,
/// the abstract also describes its context.
const TITLE_BOOST: f32 = 2.0;
/// Documents fed back for query expansion: enough to average out one
/// off-topic hit, few enough to stay on topic.
const FEEDBACK_DOCS: usize = 10;
/// Words the expansion adds.
const FEEDBACK_TERMS: usize = 20;
/// Share of the expanded query that stays the original query.
const FEEDBACK_ORIGINAL: f32 = 0.5;
/// Words in more than this share of the documents are never added by
/// expansion: they say little and their lists are long.
const FEEDBACK_MAX_DF: f32 = 0.1;
/// Candidates each scorer contributes to the hybrid.
const CANDIDATES: usize = 300;
/// Documents tokenised between two progress reports.
const PROGRESS_CHUNK: usize = 2048;

/// How much each part counts in the hybrid score. IPC and industry weights
/// apply only when the query has codes of that kind, so a query without
/// codes is ranked by text alone and its scores still span `0..=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HybridWeights {
    /// BM25 over words.
    pub text: f64,
    /// Character-bigram cosine, part of the semantic part.
    pub bigrams: f64,
    /// Feedback-expanded BM25 (RM3-style), part of the semantic part.
    pub feedback: f64,
    pub ipc: f64,
    pub industry: f64,
    /// Random-indexing association similarity, part of the semantic part.
    pub assoc: f64,
}

impl Default for HybridWeights {
    /// Tuned by hand on the title queries of the `train` split of the
    /// labelled Chinese G06F set (`eval-matching --splits train --weights
    /// text,bigrams,feedback,assoc`), never on the reported val and
    /// test_head queries. There nDCG@10 was 0.135 for BM25 or bigrams
    /// alone, 0.149 for their best mix with feedback, 0.157 for the
    /// association alone and 0.160 with text and bigrams at a tenth of the
    /// association's weight (flat from a twentieth to a sixth). Feedback
    /// added nothing once the association was in (0.1603 against 0.1600)
    /// and costs a second pass, so it is off. The IPC and industry weights
    /// are not tuned: the labelled queries have no codes.
    fn default() -> Self {
        HybridWeights {
            text: 0.1,
            bigrams: 0.1,
            feedback: 0.0,
            assoc: 1.0,
            ipc: 0.3,
            industry: 0.15,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    /// A term frequency while building; a weight once built.
    value: f32,
}

/// The matching index; see the module documentation.
#[derive(Debug)]
pub struct MatchIndex {
    word_ids: HashMap<String, u32>,
    word_text: Vec<String>,
    word_postings: Vec<Vec<Posting>>,
    word_idf: Vec<f32>,
    /// Per document: `K1 * (1 - B + B * len / avg_len)`.
    length_norm: Vec<f32>,
    /// Per document: its words as (term, weighted frequency), and its length.
    forward: Vec<Vec<(u32, f32)>>,
    doc_len: Vec<f32>,
    bigram_ids: HashMap<u64, u32>,
    /// Weights already divided by the document's vector length.
    bigram_postings: Vec<Vec<Posting>>,
    bigram_idf: Vec<f32>,
    ipc: Vec<Vec<String>>,
    industries: Vec<Vec<String>>,
    weights: HybridWeights,
    /// Per word `assoc::DIM` floats; empty when the weight is 0.
    context: Vec<f32>,
    /// Per document `assoc::DIM` floats.
    doc_vectors: Vec<f32>,
}

/// A document's units, counted.
struct Tokenised {
    words: Vec<(String, f32)>,
    len: f32,
    bigrams: Vec<(u64, f32)>,
}

fn tokenise(doc: &Document) -> Tokenised {
    let mut counts: HashMap<String, f32> = HashMap::new();
    let mut len = 0.0;
    for w in words(&doc.title) {
        *counts.entry(w).or_default() += TITLE_BOOST;
        len += TITLE_BOOST;
    }
    for w in words(&doc.body) {
        *counts.entry(w).or_default() += 1.0;
        len += 1.0;
    }
    let mut words: Vec<(String, f32)> = counts.into_iter().collect();
    words.sort_by(|a, b| a.0.cmp(&b.0));
    let mut keys = Vec::new();
    bigram_keys(&doc.title, &mut keys);
    let title_keys = keys.len();
    bigram_keys(&doc.body, &mut keys);
    let mut bigrams: HashMap<u64, f32> = HashMap::new();
    for (i, k) in keys.into_iter().enumerate() {
        *bigrams.entry(k).or_default() += if i < title_keys { TITLE_BOOST } else { 1.0 };
    }
    let mut bigrams: Vec<(u64, f32)> = bigrams.into_iter().collect();
    bigrams.sort_by_key(|b| b.0);
    Tokenised {
        words,
        len,
        bigrams,
    }
}

/// Tokenises on every core (jieba is most of the build time), a chunk at a
/// time, handing each document's units to `merge` in document order. Merging
/// chunk by chunk keeps only one chunk's words as strings at once.
fn tokenise_all(docs: &[Document], progress: &impl Fn(usize), mut merge: impl FnMut(Tokenised)) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done = 0;
    for chunk in docs.chunks(PROGRESS_CHUNK) {
        let per = chunk.len().div_ceil(threads).max(1);
        let parts: Vec<Vec<Tokenised>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk
                .chunks(per)
                .map(|part| s.spawn(move || part.iter().map(tokenise).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        parts.into_iter().flatten().for_each(&mut merge);
        done += chunk.len();
        progress(done);
    }
}

fn idf(n: usize, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A document and its score, ordered by score, then by lower document first.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit {
    score: f32,
    doc: u32,
}

impl Eq for Hit {}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Scores accumulated over the documents a query reaches.
struct Accumulator {
    score: Vec<f32>,
    touched: Vec<u32>,
    exclude: Option<u32>,
}

impl Accumulator {
    fn new(n: usize, exclude: Option<usize>) -> Self {
        Accumulator {
            score: vec![0.0; n],
            touched: Vec::new(),
            exclude: exclude.map(|d| d as u32),
        }
    }

    fn add(&mut self, doc: u32, s: f32) {
        if Some(doc) == self.exclude || s <= 0.0 {
            return;
        }
        let slot = &mut self.score[doc as usize];
        if *slot == 0.0 {
            self.touched.push(doc);
        }
        *slot += s;
    }

    fn get(&self, doc: u32) -> f32 {
        self.score[doc as usize]
    }

    /// The best `k` reached documents, best first.
    fn top(&self, k: usize) -> Vec<Hit> {
        if k == 0 {
            return Vec::new();
        }
        let mut heap: BinaryHeap<Reverse<Hit>> = BinaryHeap::with_capacity(k + 1);
        for &doc in &self.touched {
            let hit = Hit {
                score: self.score[doc as usize],
                doc,
            };
            if heap.len() < k {
                heap.push(Reverse(hit));
            } else if heap.peek().is_some_and(|Reverse(worst)| hit > *worst) {
                heap.pop();
                heap.push(Reverse(hit));
            }
        }
        heap.into_sorted_vec().into_iter().map(|r| r.0).collect()
    }
}

impl MatchIndex {
    /// Builds the index; the documents keep their positions as ids.
    pub fn build(docs: Vec<Document>) -> MatchIndex {
        Self::build_with_progress(docs, |_| {})
    }

    /// Builds the index, reporting how many documents are tokenised so far.
    pub fn build_with_progress(docs: Vec<Document>, progress: impl Fn(usize)) -> MatchIndex {
        Self::build_with_weights(docs, HybridWeights::default(), progress)
    }

    /// Builds the index with other hybrid weights (for tuning).
    pub fn build_with_weights(
        docs: Vec<Document>,
        weights: HybridWeights,
        progress: impl Fn(usize),
    ) -> MatchIndex {
        let n = docs.len();
        let mut word_ids: HashMap<String, u32> = HashMap::new();
        let mut word_text: Vec<String> = Vec::new();
        let mut word_postings: Vec<Vec<Posting>> = Vec::new();
        let mut bigram_ids: HashMap<u64, u32> = HashMap::new();
        let mut bigram_postings: Vec<Vec<Posting>> = Vec::new();
        let mut forward = Vec::with_capacity(n);
        let mut doc_len = Vec::with_capacity(n);
        let mut next_doc = 0u32;
        tokenise_all(&docs, &progress, |t| {
            let doc = next_doc;
            next_doc += 1;
            let mut fwd = Vec::with_capacity(t.words.len());
            for (w, tf) in t.words {
                let id = *word_ids.entry(w).or_insert_with_key(|w| {
                    word_text.push(w.clone());
                    word_postings.push(Vec::new());
                    (word_text.len() - 1) as u32
                });
                word_postings[id as usize].push(Posting { doc, value: tf });
                fwd.push((id, tf));
            }
            fwd.sort_by_key(|p| p.0);
            forward.push(fwd);
            doc_len.push(t.len);
            for (k, tf) in t.bigrams {
                let id = *bigram_ids.entry(k).or_insert_with(|| {
                    bigram_postings.push(Vec::new());
                    (bigram_postings.len() - 1) as u32
                });
                bigram_postings[id as usize].push(Posting { doc, value: tf });
            }
        });

        let word_idf: Vec<f32> = word_postings.iter().map(|p| idf(n, p.len())).collect();
        let avg_len = doc_len.iter().sum::<f32>() / n.max(1) as f32;
        let length_norm = doc_len
            .iter()
            .map(|&l| K1 * (1.0 - B + B * l / avg_len.max(1e-6)))
            .collect();

        // Bigram weights: (1 + ln tf) * idf, divided by the length of the
        // document's vector so a dot product is a cosine.
        let bigram_idf: Vec<f32> = bigram_postings.iter().map(|p| idf(n, p.len())).collect();
        let mut norm = vec![0.0f32; n];
        for (postings, &idf) in bigram_postings.iter_mut().zip(&bigram_idf) {
            for p in postings.iter_mut() {
                p.value = (1.0 + p.value.ln()) * idf;
                norm[p.doc as usize] += p.value * p.value;
            }
        }
        for postings in &mut bigram_postings {
            for p in postings.iter_mut() {
                p.value /= norm[p.doc as usize].sqrt().max(1e-6);
            }
            postings.shrink_to_fit();
        }
        for postings in &mut word_postings {
            postings.shrink_to_fit();
        }

        let (context, doc_vectors) = {
            let max_df = (FEEDBACK_MAX_DF * n as f32).max(2.0) as usize;
            let weighted: Vec<Vec<(u32, f32)>> = forward
                .iter()
                .map(|f| {
                    f.iter()
                        .map(|&(t, tf)| (t, (1.0 + tf.ln()) * word_idf[t as usize]))
                        .collect()
                })
                .collect();
            let context = assoc::context_vectors(&weighted, word_text.len(), |t| {
                let df = word_postings[t as usize].len();
                df >= 2 && df <= max_df
            });
            let mut docs_v = Vec::with_capacity(n * assoc::DIM);
            for w in &weighted {
                docs_v.extend(assoc::text_vector(w, &context));
            }
            (context, docs_v)
        };
        let (ipc, industries) = docs
            .into_iter()
            .map(|d| {
                (
                    d.ipc.iter().map(|c| ipc::normalise(c)).collect(),
                    d.industries,
                )
            })
            .unzip();
        MatchIndex {
            word_ids,
            word_text,
            word_postings,
            word_idf,
            length_norm,
            forward,
            doc_len,
            bigram_ids,
            bigram_postings,
            bigram_idf,
            ipc,
            industries,
            weights,
            context,
            doc_vectors,
        }
    }

    pub fn len(&self) -> usize {
        self.forward.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forward.is_empty()
    }

    /// An estimate of the heap memory the index holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        let lists = |v: &Vec<Vec<Posting>>| {
            v.iter()
                .map(|p| p.capacity() * size_of::<Posting>() + size_of::<Vec<Posting>>())
                .sum::<usize>()
        };
        let strings = |v: &[Vec<String>]| {
            v.iter()
                .map(|s| {
                    size_of::<Vec<String>>() + s.iter().map(|c| c.capacity() + 24).sum::<usize>()
                })
                .sum::<usize>()
        };
        // A hash map entry costs its key and value plus about one control
        // byte, at a load factor of about 7/8.
        let word_map = self
            .word_ids
            .keys()
            .map(|k| (24 + 4 + 1) * 8 / 7 + k.capacity())
            .sum::<usize>();
        let bigram_map = self.bigram_ids.capacity() * (8 + 4 + 1);
        lists(&self.word_postings)
            + lists(&self.bigram_postings)
            + self
                .forward
                .iter()
                .map(|f| f.capacity() * 8 + size_of::<Vec<(u32, f32)>>())
                .sum::<usize>()
            + self
                .word_text
                .iter()
                .map(|w| w.capacity() + 24)
                .sum::<usize>()
            + word_map
            + bigram_map
            + (self.word_idf.len() + self.bigram_idf.len()) * 4
            + (self.length_norm.len() + self.doc_len.len()) * 4
            + strings(&self.ipc)
            + strings(&self.industries)
            + (self.context.capacity() + self.doc_vectors.capacity()) * size_of::<f32>()
    }

    /// The best `limit` documents for the query by the method, best first;
    /// scores comparable within one call.
    pub fn retrieve(&self, query: &Query, method: Method, limit: usize) -> Vec<Retrieved> {
        self.retrieve_excluding(query, method, limit, None)
    }

    /// As [`MatchIndex::retrieve`], with one document treated as absent in
    /// every stage (query expansion and normalisation included): for
    /// evaluating with a document's own text as the query, and for "more
    /// like this one".
    pub fn retrieve_excluding(
        &self,
        query: &Query,
        method: Method,
        limit: usize,
        exclude: Option<usize>,
    ) -> Vec<Retrieved> {
        if self.is_empty() || limit == 0 {
            return Vec::new();
        }
        let terms = self.query_terms(&query.text);
        let mut results = match method {
            Method::Bm25 => {
                let acc = self.bm25(&terms, exclude);
                single(&acc, limit, |parts, s| parts.text = s)
            }
            Method::CharBigrams => {
                let acc = self.bigram_cosine(&query.text, exclude);
                single(&acc, limit, |parts, s| parts.semantic = s)
            }
            Method::Semantic => {
                let text = self.bm25(&terms, exclude);
                let bigrams = self.bigram_cosine(&query.text, exclude);
                let candidates = candidate_pool(&[&text, &bigrams], CANDIDATES.max(limit));
                let mut acc = Accumulator::new(self.len(), exclude);
                for (&d, s) in candidates.iter().zip(self.association(&terms, &candidates)) {
                    acc.add(d, s);
                }
                single(&acc, limit, |parts, s| parts.semantic = s)
            }
            Method::Hybrid => self.hybrid(query, &terms, limit, exclude),
        };
        let weights = self.coverage_weights(&query.text);
        for r in &mut results {
            r.parts.coverage = self.coverage(&weights, r.doc);
        }
        results
    }

    /// The query's distinct words with their idf (a word the corpus never
    /// saw gets the highest idf there is) and the total.
    fn coverage_weights(&self, text: &str) -> (Vec<(Option<u32>, f32)>, f32) {
        let unseen = ((self.len() as f32 + 1.0) / 0.5).ln();
        let mut seen_words: Vec<String> = Vec::new();
        let mut weights = Vec::new();
        for w in words(text) {
            if seen_words.contains(&w) {
                continue;
            }
            let id = self.word_ids.get(&w).copied();
            let idf = id.map_or(unseen, |t| self.word_idf[t as usize]).max(0.0);
            seen_words.push(w);
            weights.push((id, idf));
        }
        let total = weights.iter().map(|w| w.1).sum();
        (weights, total)
    }

    fn coverage(&self, (weights, total): &(Vec<(Option<u32>, f32)>, f32), doc: usize) -> f64 {
        if *total <= 0.0 {
            return 0.0;
        }
        let fwd = &self.forward[doc];
        let found: f32 = weights
            .iter()
            .filter_map(|(id, idf)| {
                id.filter(|t| fwd.binary_search_by_key(t, |p| p.0).is_ok())
                    .map(|_| *idf)
            })
            .sum();
        f64::from(found / total).clamp(0.0, 1.0)
    }

    /// Why a document matches: the query words it shares (for highlighting),
    /// the IPC overlap and the industry overlap.
    pub fn explain(&self, query: &Query, doc: usize) -> Evidence {
        let Some(fwd) = self.forward.get(doc) else {
            return Evidence::default();
        };
        let mut shared: Vec<(u32, f32)> = self
            .query_terms(&query.text)
            .into_iter()
            .filter(|(t, _)| fwd.binary_search_by_key(t, |p| p.0).is_ok())
            .map(|(t, _)| (t, self.word_idf[t as usize]))
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (_, pairs) = ipc::overlaps(&query.ipc, &self.ipc[doc]);
        Evidence {
            shared_terms: shared
                .into_iter()
                .take(Evidence::MAX_TERMS)
                .map(|(t, _)| self.word_text[t as usize].clone())
                .collect(),
            ipc: pairs
                .into_iter()
                .map(|(q, d, level)| IpcOverlap {
                    query_code: query.ipc[q].clone(),
                    doc_code: self.ipc[doc][d].clone(),
                    level,
                })
                .collect(),
            industries: shared_industries(&query.industries, &self.industries[doc]),
        }
    }

    /// The query's known words with their counts, in term-id order.
    fn query_terms(&self, text: &str) -> Vec<(u32, f32)> {
        let mut counts: HashMap<u32, f32> = HashMap::new();
        for w in words(text) {
            if let Some(&id) = self.word_ids.get(&w) {
                *counts.entry(id).or_default() += 1.0;
            }
        }
        let mut terms: Vec<(u32, f32)> = counts.into_iter().collect();
        terms.sort_by_key(|t| t.0);
        terms
    }

    fn bm25(&self, terms: &[(u32, f32)], exclude: Option<usize>) -> Accumulator {
        let mut acc = Accumulator::new(self.len(), exclude);
        for &(t, weight) in terms {
            let idf = self.word_idf[t as usize] * weight;
            for p in &self.word_postings[t as usize] {
                let tf = p.value;
                acc.add(
                    p.doc,
                    idf * tf * (K1 + 1.0) / (tf + self.length_norm[p.doc as usize]),
                );
            }
        }
        acc
    }

    fn bigram_cosine(&self, text: &str, exclude: Option<usize>) -> Accumulator {
        let mut keys = Vec::new();
        bigram_keys(text, &mut keys);
        let mut counts: HashMap<u32, f32> = HashMap::new();
        for k in keys {
            if let Some(&id) = self.bigram_ids.get(&k) {
                *counts.entry(id).or_default() += 1.0;
            }
        }
        let mut query: Vec<(u32, f32)> = counts
            .into_iter()
            .map(|(id, tf)| (id, (1.0 + tf.ln()) * self.bigram_idf[id as usize]))
            .collect();
        query.sort_by_key(|q| q.0);
        let norm = query
            .iter()
            .map(|q| q.1 * q.1)
            .sum::<f32>()
            .sqrt()
            .max(1e-6);
        let mut acc = Accumulator::new(self.len(), exclude);
        for (id, w) in query {
            let w = w / norm;
            for p in &self.bigram_postings[id as usize] {
                acc.add(p.doc, w * p.value);
            }
        }
        acc
    }

    /// RM3-style expansion: the words of the best first-round documents,
    /// weighted by their share of each document and the document's share of
    /// the first-round score, mixed with the original query and run again.
    fn feedback(&self, terms: &[(u32, f32)], top: &[Hit], exclude: Option<usize>) -> Accumulator {
        let total: f32 = top.iter().map(|h| h.score).sum();
        if top.is_empty() || total <= 0.0 {
            return self.bm25(terms, exclude);
        }
        let max_df = (FEEDBACK_MAX_DF * self.len() as f32).max(2.0) as usize;
        let mut expansion: HashMap<u32, f32> = HashMap::new();
        for hit in top {
            let d = hit.doc as usize;
            let share = hit.score / total;
            for &(t, tf) in &self.forward[d] {
                if self.word_postings[t as usize].len() <= max_df {
                    *expansion.entry(t).or_default() += share * tf / self.doc_len[d].max(1.0);
                }
            }
        }
        let mut expansion: Vec<(u32, f32)> = expansion.into_iter().collect();
        expansion.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        expansion.truncate(FEEDBACK_TERMS);
        let expansion_total: f32 = expansion.iter().map(|e| e.1).sum();
        let original_total: f32 = terms.iter().map(|t| t.1).sum();
        let mut mixed: HashMap<u32, f32> = HashMap::new();
        for &(t, w) in terms {
            *mixed.entry(t).or_default() += FEEDBACK_ORIGINAL * w / original_total.max(1e-6);
        }
        for (t, w) in expansion {
            *mixed.entry(t).or_default() +=
                (1.0 - FEEDBACK_ORIGINAL) * w / expansion_total.max(1e-6);
        }
        let mut mixed: Vec<(u32, f32)> = mixed.into_iter().collect();
        mixed.sort_by_key(|m| m.0);
        self.bm25(&mixed, exclude)
    }

    /// The association similarity (cosine of random-indexing vectors, 0 when
    /// negative) of the query to each candidate.
    fn association(&self, terms: &[(u32, f32)], candidates: &[u32]) -> Vec<f32> {
        let weighted: Vec<(u32, f32)> = terms
            .iter()
            .map(|&(t, qtf)| (t, qtf * self.word_idf[t as usize]))
            .collect();
        let query = assoc::text_vector(&weighted, &self.context);
        candidates
            .iter()
            .map(|&d| {
                let d = d as usize;
                assoc::dot(
                    &query,
                    &self.doc_vectors[d * assoc::DIM..(d + 1) * assoc::DIM],
                )
                .max(0.0)
            })
            .collect()
    }

    fn hybrid(
        &self,
        query: &Query,
        terms: &[(u32, f32)],
        limit: usize,
        exclude: Option<usize>,
    ) -> Vec<Retrieved> {
        let w = &self.weights;
        let text = self.bm25(terms, exclude);
        let bigrams = if w.bigrams > 0.0 {
            self.bigram_cosine(&query.text, exclude)
        } else {
            Accumulator::new(0, None)
        };
        let pool = CANDIDATES.max(limit);
        let mut candidates = candidate_pool(&[&text, &bigrams], pool);
        let max = |acc: &Accumulator, candidates: &[u32]| {
            candidates
                .iter()
                .filter(|_| !acc.score.is_empty())
                .map(|&d| acc.get(d))
                .fold(0.0f32, f32::max)
        };
        let (max_text, max_bigrams) = (max(&text, &candidates), max(&bigrams, &candidates));
        let feedback = if w.feedback > 0.0 {
            // Expand from the documents both first-round scorers agree on,
            // which are more often on topic than BM25's alone.
            let mut first: Vec<Hit> = candidates
                .iter()
                .map(|&d| Hit {
                    score: (w.text * norm_or_zero(&text, max_text, d)
                        + w.bigrams * norm_or_zero(&bigrams, max_bigrams, d))
                        as f32,
                    doc: d,
                })
                .collect();
            first.sort_unstable_by(|a, b| b.cmp(a));
            first.truncate(FEEDBACK_DOCS);
            self.feedback(terms, &first, exclude)
        } else {
            Accumulator::new(0, None)
        };
        candidates.extend(feedback.top(pool).into_iter().map(|h| h.doc));
        candidates.sort_unstable();
        candidates.dedup();
        let max_feedback = max(&feedback, &candidates);
        let semantic_weight = w.bigrams + w.feedback + w.assoc;
        let assoc_scores: HashMap<u32, f32> = if w.assoc > 0.0 {
            candidates
                .iter()
                .copied()
                .zip(self.association(terms, &candidates))
                .collect()
        } else {
            HashMap::new()
        };
        let max_assoc = assoc_scores.values().copied().fold(0.0f32, f32::max);
        let ipc_weight = if query.ipc.is_empty() { 0.0 } else { w.ipc };
        let industry_weight = if query.industries.is_empty() {
            0.0
        } else {
            w.industry
        };
        let total_weight = w.text + semantic_weight + ipc_weight + industry_weight;
        if total_weight <= 0.0 {
            return Vec::new();
        }
        let mut scored: Vec<Retrieved> = candidates
            .into_iter()
            .map(|d| {
                let doc = d as usize;
                let semantic = if semantic_weight > 0.0 {
                    (w.bigrams * norm_or_zero(&bigrams, max_bigrams, d)
                        + w.feedback * norm_or_zero(&feedback, max_feedback, d)
                        + if max_assoc > 0.0 {
                            w.assoc * f64::from(assoc_scores[&d] / max_assoc)
                        } else {
                            0.0
                        })
                        / semantic_weight
                } else {
                    0.0
                };
                let parts = ScoreParts {
                    text: norm_or_zero(&text, max_text, d),
                    semantic,
                    ipc: if ipc_weight > 0.0 {
                        ipc::overlaps(&query.ipc, &self.ipc[doc]).0
                    } else {
                        0.0
                    },
                    industry: industry_share(&query.industries, &self.industries[doc]),
                    coverage: 0.0,
                };
                let score = (w.text * parts.text
                    + semantic_weight * parts.semantic
                    + ipc_weight * parts.ipc
                    + industry_weight * parts.industry)
                    / total_weight;
                Retrieved { doc, score, parts }
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        scored.truncate(limit);
        scored
    }
}

/// The union of the best `pool` documents of each first-round scorer, in
/// document order.
fn candidate_pool(scorers: &[&Accumulator], pool: usize) -> Vec<u32> {
    let mut candidates: Vec<u32> = Vec::new();
    for acc in scorers {
        if !acc.score.is_empty() {
            candidates.extend(acc.top(pool).into_iter().map(|h| h.doc));
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

fn norm_or_zero(acc: &Accumulator, max: f32, d: u32) -> f64 {
    if acc.score.is_empty() || max <= 0.0 {
        0.0
    } else {
        f64::from(acc.get(d) / max)
    }
}

/// The result list of one scorer, its scores normalised by the best.
fn single(acc: &Accumulator, limit: usize, set: impl Fn(&mut ScoreParts, f64)) -> Vec<Retrieved> {
    let top = acc.top(limit);
    let best = top.first().map_or(1.0, |h| h.score).max(1e-12);
    top.into_iter()
        .map(|h| {
            let mut parts = ScoreParts::default();
            set(&mut parts, f64::from(h.score / best));
            Retrieved {
                doc: h.doc as usize,
                score: f64::from(h.score),
                parts,
            }
        })
        .collect()
}

fn same_industry(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn shared_industries(query: &[String], doc: &[String]) -> Vec<String> {
    query
        .iter()
        .filter(|q| doc.iter().any(|d| same_industry(q, d)))
        .cloned()
        .collect()
}

/// The share of the query's industries the document names too.
fn industry_share(query: &[String], doc: &[String]) -> f64 {
    if query.is_empty() {
        return 0.0;
    }
    shared_industries(query, doc).len() as f64 / query.len() as f64
}
