//! Supply–demand matching as the pages and the API use it: the in-memory
//! match index over what may be recommended (published listings and pooled
//! patents), rebuilt when the database says that changed; ranking a
//! demand's candidates with the terms' fit and both sides' feedback; the
//! explanation of every match; and storing the matches, which pushes new
//! strong ones to both inboxes.

use std::collections::HashMap;
use std::sync::Arc;

use patentbridge_domain::Text;
use patentbridge_domain::demand::{
    DemandSpec, DemandState, FeedbackReason, FeedbackTally, FitNote, MatchReason, PUSH_THRESHOLD,
    ReasonKind, fit,
};
use patentbridge_domain::listing::Industry;
use patentbridge_matching::{Document, IpcLevel, MatchIndex, Method, Query};
use patentbridge_storage::{
    DemandFilter, DemandRecord, ListingQuery, ListingRecord, MatchDocument, MatchTarget, NewMatch,
    SavedMatch,
};

use crate::{App, Error};

/// How many candidates the engine retrieves before the terms and feedback
/// re-rank them.
const CANDIDATES: usize = 100;
/// How many matches of a demand are kept and shown.
pub const SHOWN: usize = 20;
/// How many published needs are checked for one listing.
const NEEDS_CHECKED: usize = 30;

/// The match index and the documents it was built from.
pub struct Corpus {
    version: String,
    pub docs: Vec<MatchDocument>,
    index: MatchIndex,
}

/// The process's match index, rebuilt on demand when the listings or the
/// pool changed. Requests that find it stale wait for one rebuild.
#[derive(Default)]
pub struct MatchCache {
    corpus: tokio::sync::Mutex<Option<Arc<Corpus>>>,
}

impl std::fmt::Debug for MatchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatchCache")
    }
}

fn document_of(d: &MatchDocument) -> Document {
    Document {
        title: d.title.clone(),
        body: d.body.clone(),
        ipc: d.ipc.clone(),
        industries: vec![d.industry.clone()],
    }
}

/// The current corpus, rebuilt first if the database changed since.
pub async fn corpus(app: &App) -> Result<Arc<Corpus>, Error> {
    let version = app.store.match_corpus_version().await?;
    let mut guard = app.matcher.corpus.lock().await;
    if let Some(c) = guard.as_ref()
        && c.version == version
    {
        return Ok(c.clone());
    }
    let docs = app.store.match_documents().await?;
    let documents: Vec<Document> = docs.iter().map(document_of).collect();
    let index = tokio::task::spawn_blocking(move || MatchIndex::build(documents)).await?;
    let built = Arc::new(Corpus {
        version,
        docs,
        index,
    });
    *guard = Some(built.clone());
    Ok(built)
}

/// A reason line with the same words in each language's form.
fn reason(kind: ReasonKind, zh: String, en: String, favourable: bool) -> MatchReason {
    MatchReason::new(kind, Text::owned(zh, en), favourable)
}

fn level_label(level: IpcLevel) -> (&'static str, &'static str) {
    match level {
        IpcLevel::Group => ("同一小组", "same group"),
        IpcLevel::MainGroup => ("同一大组", "same main group"),
        IpcLevel::Subclass => ("同一小类", "same subclass"),
        IpcLevel::Class => ("同一大类", "same class"),
    }
}

fn industry_label(code: &str, chinese: bool) -> String {
    match Industry::parse(code) {
        Ok(i) if chinese => i.label().zh().to_string(),
        Ok(i) => i.label().en().to_string(),
        Err(_) => code.to_string(),
    }
}

/// A candidate ranked for a demand.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub target: MatchTarget,
    pub owner_id: Option<i64>,
    pub title: String,
    pub score: f64,
    pub reasons: Vec<MatchReason>,
    /// The listing, as read for the terms' fit (none for a pooled patent).
    pub listing: Option<ListingRecord>,
}

/// How much of a need's key words a document must cover to count as a
/// full content match: a need's text is long and no single patent repeats
/// all of it.
const FULL_COVERAGE: f64 = 0.35;

/// The retrieval's relevance on an absolute 0–1 scale, so one push
/// threshold serves every demand. The engine's text and semantic parts are
/// relative to the best candidate (the top is always 1), so the absolute
/// coverage of the need's key words carries most of the weight; the
/// relative parts order close candidates; classification and industry
/// proximity count when the need names them.
fn relevance(parts: &patentbridge_matching::ScoreParts, has_codes: bool) -> f64 {
    let content = (parts.coverage / FULL_COVERAGE).min(1.0);
    let rank = 0.5 * parts.text + 0.5 * parts.semantic;
    // The relative rank only scales real content: the best of poor
    // candidates must stay poor.
    let score = if has_codes {
        content * (0.55 + 0.3 * rank) + 0.15 * parts.ipc.max(parts.industry)
    } else {
        content * (0.65 + 0.35 * rank)
    };
    score.clamp(0.0, 1.0)
}

/// The query a demand makes.
pub fn demand_query(spec: &DemandSpec) -> Query {
    Query {
        text: spec.match_text(),
        ipc: spec.ipc.iter().map(|c| c.as_str().to_string()).collect(),
        industries: if spec.industry == Industry::Other {
            Vec::new()
        } else {
            vec![spec.industry.as_str().to_string()]
        },
    }
}

/// Ranks the corpus for a demand: retrieval, then the terms' fit (mode,
/// price against budget, district), this SME's own earlier ratings and the
/// other SMEs' ratings of each listing. Best first, at most [`SHOWN`].
pub async fn rank_for_demand(app: &App, demand: &DemandRecord) -> Result<Vec<Ranked>, Error> {
    let corpus = corpus(app).await?;
    let query = demand_query(&demand.spec);
    let retrieved = {
        let corpus = corpus.clone();
        let query = query.clone();
        tokio::task::spawn_blocking(move || {
            let hits = corpus.index.retrieve(&query, Method::Hybrid, CANDIDATES);
            hits.into_iter()
                .map(|h| {
                    let evidence = corpus.index.explain(&query, h.doc);
                    (h, evidence)
                })
                .collect::<Vec<_>>()
        })
        .await?
    };

    let listing_ids: Vec<i64> = retrieved
        .iter()
        .filter_map(|(h, _)| match corpus.docs[h.doc].target {
            MatchTarget::Listing(id) => Some(id),
            MatchTarget::Patent(_) => None,
        })
        .collect();
    let listings: HashMap<i64, ListingRecord> = if listing_ids.is_empty() {
        HashMap::new()
    } else {
        app.store
            .find_listings_unfaceted(&ListingQuery {
                ids: Some(listing_ids.clone()),
                limit: listing_ids.len() as i64,
                ..ListingQuery::default()
            })
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect()
    };
    let own: HashMap<MatchTarget, FeedbackReason> = app
        .store
        .matches_for_demand(demand.id)
        .await?
        .into_iter()
        .filter_map(|m| m.seeker_feedback.map(|f| (m.target, f)))
        .collect();
    let mut tallies: HashMap<i64, FeedbackTally> = HashMap::new();
    for (listing, reason, count) in app.store.seeker_feedback_by_listing().await? {
        let t = tallies.entry(listing).or_default();
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if reason == FeedbackReason::Relevant {
            t.relevant += count;
        } else if reason.is_negative() {
            t.negative += count;
        }
    }

    let mut ranked = Vec::new();
    for (hit, evidence) in retrieved {
        let doc = &corpus.docs[hit.doc];
        let mut reasons = Vec::new();
        // One-character words (包, 用) say little and would mark half a title.
        let terms: Vec<String> = evidence
            .shared_terms
            .iter()
            .filter(|t| t.chars().count() >= 2)
            .cloned()
            .collect();
        if !terms.is_empty() {
            let mut r = reason(
                ReasonKind::Terms,
                format!("共同关键词：{}", terms.join("、")),
                format!("shared terms: {}", terms.join(", ")),
                true,
            );
            r.terms = terms;
            reasons.push(r);
        }
        let covered = (hit.parts.coverage * 100.0).round();
        reasons.push(reason(
            ReasonKind::Coverage,
            format!("覆盖需求关键词的 {covered}%"),
            format!("covers {covered} % of the need's key words"),
            hit.parts.coverage >= FULL_COVERAGE / 2.0,
        ));
        if hit.parts.semantic >= 0.6 && hit.parts.coverage >= 0.2 {
            reasons.push(reason(
                ReasonKind::Semantic,
                "内容语义相近".to_string(),
                "similar in meaning".to_string(),
                true,
            ));
        }
        if let Some(best) = evidence.ipc.first() {
            let (zh, en) = level_label(best.level);
            reasons.push(reason(
                ReasonKind::Ipc,
                format!(
                    "分类号相近：{} ↔ {}（{zh}）",
                    best.query_code, best.doc_code
                ),
                format!(
                    "close classification: {} ↔ {} ({en})",
                    best.query_code, best.doc_code
                ),
                true,
            ));
        }
        if !evidence.industries.is_empty() {
            let zh: Vec<String> = evidence
                .industries
                .iter()
                .map(|i| industry_label(i, true))
                .collect();
            let en: Vec<String> = evidence
                .industries
                .iter()
                .map(|i| industry_label(i, false))
                .collect();
            reasons.push(reason(
                ReasonKind::Industry,
                format!("同属产业：{}", zh.join("、")),
                format!("same industry: {}", en.join(", ")),
                true,
            ));
        }
        let mut score = relevance(
            &hit.parts,
            !query.ipc.is_empty() || !query.industries.is_empty(),
        );
        match doc.target {
            MatchTarget::Listing(id) => {
                // A listing that left the mall since the index was built is
                // not recommended.
                let Some(listing) = listings.get(&id) else {
                    continue;
                };
                let district = listing
                    .district
                    .as_deref()
                    .and_then(|d| patentbridge_domain::RegionCode::parse(d).ok());
                let f = fit(
                    &demand.spec,
                    listing.spec.mode,
                    &listing.spec.price,
                    district,
                );
                score *= f.factor;
                for note in &f.notes {
                    let kind = match note {
                        FitNote::ModeWanted(_) | FitNote::ModeNotWanted(_) => ReasonKind::Mode,
                        FitNote::SameDistrict(_) => ReasonKind::District,
                        _ => ReasonKind::Price,
                    };
                    reasons.push(reason(
                        kind,
                        note.describe(true),
                        note.describe(false),
                        note.is_favourable(),
                    ));
                }
                if let Some(t) = tallies.get(&id) {
                    score *= t.factor();
                }
            }
            MatchTarget::Patent(_) => reasons.push(reason(
                ReasonKind::Pool,
                "休眠专利池中的专利，交易方式与价格可议".to_string(),
                "a dormant patent from the pool: mode and price open".to_string(),
                true,
            )),
        }
        if let Some(rated) = own.get(&doc.target) {
            score *= rated.own_factor();
            reasons.push(reason(
                ReasonKind::Feedback,
                format!("您曾评价：{}", rated.label().zh()),
                format!("you rated it: {}", rated.label().en()),
                !rated.is_negative(),
            ));
        }
        let listing = match doc.target {
            MatchTarget::Listing(id) => listings.get(&id).cloned(),
            MatchTarget::Patent(_) => None,
        };
        ranked.push(Ranked {
            target: doc.target,
            owner_id: doc.owner_id,
            title: doc.title.clone(),
            score: score.clamp(0.0, 1.0),
            reasons,
            listing,
        });
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked.truncate(SHOWN);
    Ok(ranked)
}

/// Ranks and stores a demand's matches; new strong ones are pushed to both
/// inboxes by the store. Returns the ranking with the stored ids.
pub async fn refresh_demand(
    app: &App,
    demand: &DemandRecord,
) -> Result<Vec<(SavedMatch, Ranked)>, Error> {
    let ranked = rank_for_demand(app, demand).await?;
    let found: Vec<NewMatch> = ranked
        .iter()
        .map(|r| NewMatch {
            target: r.target,
            score: r.score,
            reasons: r.reasons.clone(),
        })
        .collect();
    let saved = app
        .store
        .save_matches(demand.id, &found, PUSH_THRESHOLD)
        .await?;
    Ok(saved.into_iter().zip(ranked).collect())
}

/// The published needs a listing answers: published demands are retrieved
/// with the listing's text, then each is ranked from its own side (and its
/// matches stored, so new strong ones are pushed) so both directions show
/// the same score. Returns the demands checked and, for those whose
/// ranking holds the listing, the match id, the demand and the ranking.
pub async fn match_listing_to_needs(
    app: &App,
    listing_id: i64,
) -> Result<(Vec<DemandRecord>, Vec<(i64, DemandRecord, Ranked)>), Error> {
    let demands = app
        .store
        .find_demands(&DemandFilter {
            states: vec![DemandState::Published, DemandState::Matched],
            limit: 1000,
            ..DemandFilter::default()
        })
        .await?;
    let corpus = corpus(app).await?;
    let Some(doc) = corpus
        .docs
        .iter()
        .find(|d| d.target == MatchTarget::Listing(listing_id))
        .cloned()
    else {
        return Ok((Vec::new(), Vec::new()));
    };
    if demands.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let docs: Vec<patentbridge_matching::Document> = demands
        .iter()
        .map(|d| patentbridge_matching::Document {
            title: d.spec.title.clone(),
            body: format!("{}\n{}", d.spec.problem, d.spec.product),
            ipc: d.spec.ipc.iter().map(|c| c.as_str().to_string()).collect(),
            industries: vec![d.spec.industry.as_str().to_string()],
        })
        .collect();
    let query = patentbridge_matching::Query {
        text: format!("{}\n{}", doc.title, doc.body),
        ipc: doc.ipc.clone(),
        industries: vec![doc.industry.clone()],
    };
    let hits = tokio::task::spawn_blocking(move || {
        let index = patentbridge_matching::MatchIndex::build(docs);
        index.retrieve(&query, patentbridge_matching::Method::Hybrid, NEEDS_CHECKED)
    })
    .await?;
    let candidates: Vec<DemandRecord> = hits.into_iter().map(|h| demands[h.doc].clone()).collect();
    let mut needs = Vec::new();
    for demand in &candidates {
        for (saved, ranked) in refresh_demand(app, demand).await? {
            if ranked.target == MatchTarget::Listing(listing_id) {
                needs.push((saved.id, demand.clone(), ranked));
            }
        }
    }
    needs.sort_by(|a, b| b.2.score.total_cmp(&a.2.score));
    Ok((candidates, needs))
}
