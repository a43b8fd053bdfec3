//! The demand side: SMEs' technology needs and their recorded moves; the
//! text the matching engine reads (published listings with their patents,
//! pooled patents); the matches it found, stored so either side can rate
//! them and so new ones reach both inboxes once; and the feedback tallies
//! that flow back into the ranking.

use chrono::{DateTime, NaiveDate, Utc};
use patentbridge_domain::demand::{
    Budget, DemandSpec, DemandState, FeedbackReason, FeedbackSide, MatchReason,
};
use patentbridge_domain::listing::{Industry, ListingMode};
use patentbridge_domain::{ClassificationCode, Fen, RegionCode};

use crate::audit::{AuditContext, write_audit};
use crate::notifications::notify_organisation;
use crate::{BeginWrite, StorageError, Store, stored, with_pool};

/// One stored demand with its SME's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name_zh: String,
    pub organisation_name_en: Option<String>,
    pub spec: DemandSpec,
    pub state: DemandState,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct DemandRow {
    id: i64,
    organisation_id: i64,
    organisation_name_zh: String,
    organisation_name_en: Option<String>,
    title: String,
    problem: String,
    product: String,
    industry: String,
    ipc: String,
    budget_min_fen: Option<i64>,
    budget_max_fen: Option<i64>,
    modes: String,
    deadline: Option<NaiveDate>,
    district: Option<String>,
    state: String,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

const DEMAND_COLUMNS: &str = "d.id, d.organisation_id, o.name_zh AS organisation_name_zh, \
    o.name_en AS organisation_name_en, d.title, d.problem, d.product, d.industry, d.ipc, \
    d.budget_min_fen, d.budget_max_fen, d.modes, d.deadline, d.district, d.state, d.created_by, \
    d.created_at, d.updated_at, d.published_at";

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("demand {what} {value:?}"))
}

impl DemandRow {
    fn into_record(self) -> Result<DemandRecord, StorageError> {
        let industry =
            Industry::parse(&self.industry).map_err(|_| corrupt("industry", &self.industry))?;
        let ipc = self
            .ipc
            .split_whitespace()
            .map(|c| ClassificationCode::parse(c).map_err(|_| corrupt("ipc", c)))
            .collect::<Result<Vec<_>, _>>()?;
        let modes = self
            .modes
            .split(',')
            .filter(|m| !m.is_empty())
            .map(|m| ListingMode::parse(m).map_err(|_| corrupt("mode", m)))
            .collect::<Result<Vec<_>, _>>()?;
        let district = self
            .district
            .as_deref()
            .map(|d| RegionCode::parse(d).map_err(|_| corrupt("district", d)))
            .transpose()?;
        let state = DemandState::parse(&self.state).map_err(|_| corrupt("state", &self.state))?;
        Ok(DemandRecord {
            id: self.id,
            organisation_id: self.organisation_id,
            organisation_name_zh: self.organisation_name_zh,
            organisation_name_en: self.organisation_name_en,
            spec: DemandSpec {
                title: self.title,
                problem: self.problem,
                product: self.product,
                industry,
                ipc,
                budget: Budget {
                    min: self.budget_min_fen.map(Fen::new),
                    max: self.budget_max_fen.map(Fen::new),
                },
                modes,
                deadline: self.deadline,
                district,
            },
            state,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            published_at: self.published_at,
        })
    }
}

/// One recorded move of a demand.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DemandTransition {
    pub from_state: Option<String>,
    pub to_state: String,
    pub event: String,
    pub note: Option<String>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// A requested move: compare-and-set from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandMove {
    pub from: DemandState,
    pub to: DemandState,
    /// `DemandEvent::as_str`.
    pub event: &'static str,
    pub note: Option<String>,
}

/// Which demands to list; every field set narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemandFilter {
    pub organisation: Option<i64>,
    pub states: Vec<DemandState>,
    pub limit: i64,
}

/// What a match points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchTarget {
    Listing(i64),
    /// A pooled patent not offered in a live listing.
    Patent(i64),
}

/// One thing the engine can recommend, with the text it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchDocument {
    pub target: MatchTarget,
    /// The listing's or the patent holder's organisation.
    pub owner_id: Option<i64>,
    pub title: String,
    /// Listing text and its patents' titles, abstracts and keywords.
    pub body: String,
    pub ipc: Vec<String>,
    /// `Industry::as_str`.
    pub industry: String,
}

/// A match the engine found, to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMatch {
    pub target: MatchTarget,
    pub score: f64,
    /// The explanation, one line per reason.
    pub reasons: Vec<MatchReason>,
}

/// A stored match: its id, and whether this call created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedMatch {
    pub id: i64,
    pub target: MatchTarget,
    pub created: bool,
}

/// One stored match with both sides' names and ratings.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRecord {
    pub id: i64,
    pub demand_id: i64,
    pub demand_title: String,
    pub demand_state: String,
    /// The SME that posted the demand.
    pub seeker_id: i64,
    pub seeker_name_zh: String,
    pub target: MatchTarget,
    pub target_title: String,
    /// The listing's owner, or the pooled patent's pool organisation.
    pub owner_id: Option<i64>,
    pub owner_name_zh: Option<String>,
    /// The listing's (or pool entry's) industry code.
    pub industry: Option<String>,
    pub score: f64,
    pub reasons: Vec<MatchReason>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub pushed_at: Option<DateTime<Utc>>,
    pub seeker_feedback: Option<FeedbackReason>,
    pub owner_feedback: Option<FeedbackReason>,
}

#[derive(sqlx::FromRow)]
struct MatchRow {
    id: i64,
    demand_id: i64,
    demand_title: String,
    demand_state: String,
    seeker_id: i64,
    seeker_name_zh: String,
    listing_id: Option<i64>,
    patent_id: Option<i64>,
    target_title: Option<String>,
    owner_id: Option<i64>,
    owner_name_zh: Option<String>,
    industry: Option<String>,
    score: f64,
    reasons: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    pushed_at: Option<DateTime<Utc>>,
    seeker_feedback: Option<String>,
    owner_feedback: Option<String>,
}

const MATCH_SELECT: &str = "SELECT m.id, m.demand_id, d.title AS demand_title, d.state AS demand_state, \
    d.organisation_id AS seeker_id, so.name_zh AS seeker_name_zh, m.listing_id, m.patent_id, \
    COALESCE(l.title, p.title_zh, p.title_en, p.number) AS target_title, \
    COALESCE(l.organisation_id, pe.organisation_id) AS owner_id, oo.name_zh AS owner_name_zh, \
    COALESCE(l.industry, pe.industry) AS industry, m.score, m.reasons, m.created_at, m.updated_at, m.pushed_at, \
    (SELECT f.reason FROM match_feedback f WHERE f.match_id = m.id AND f.side = 'seeker') AS seeker_feedback, \
    (SELECT f.reason FROM match_feedback f WHERE f.match_id = m.id AND f.side = 'owner') AS owner_feedback \
    FROM matches m JOIN demands d ON d.id = m.demand_id JOIN organisations so ON so.id = d.organisation_id \
    LEFT JOIN listings l ON l.id = m.listing_id LEFT JOIN patents p ON p.id = m.patent_id \
    LEFT JOIN pool_entries pe ON pe.patent_id = m.patent_id AND pe.state = 'pooled' \
    LEFT JOIN organisations oo ON oo.id = COALESCE(l.organisation_id, pe.organisation_id)";

impl MatchRow {
    fn into_record(self) -> Result<MatchRecord, StorageError> {
        let target = match (self.listing_id, self.patent_id) {
            (Some(l), _) => MatchTarget::Listing(l),
            (None, Some(p)) => MatchTarget::Patent(p),
            (None, None) => {
                return Err(StorageError::Corrupt(format!(
                    "match {} has no target",
                    self.id
                )));
            }
        };
        let reason = |r: Option<String>| {
            r.map(|r| FeedbackReason::parse(&r).map_err(|_| corrupt("feedback", &r)))
                .transpose()
        };
        Ok(MatchRecord {
            id: self.id,
            demand_id: self.demand_id,
            demand_title: self.demand_title,
            demand_state: self.demand_state,
            seeker_id: self.seeker_id,
            seeker_name_zh: self.seeker_name_zh,
            target,
            target_title: self.target_title.unwrap_or_default(),
            owner_id: self.owner_id,
            owner_name_zh: self.owner_name_zh,
            industry: self.industry,
            score: self.score,
            reasons: stored::decode_match_reasons(
                &self.reasons,
                stored::Origin {
                    table: "matches",
                    column: "reasons",
                    id: self.id,
                },
            )?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            pushed_at: self.pushed_at,
            seeker_feedback: reason(self.seeker_feedback)?,
            owner_feedback: reason(self.owner_feedback)?,
        })
    }
}

/// One side's rating of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating<'a> {
    pub side: FeedbackSide,
    /// The organisation the rater acts for.
    pub organisation: i64,
    pub user_id: i64,
    pub reason: FeedbackReason,
    pub note: Option<&'a str>,
}

/// How often one reason was given, by which side, on matches of listings
/// of one industry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackCount {
    pub side: FeedbackSide,
    pub reason: FeedbackReason,
    pub count: i64,
}

fn ipc_text(spec: &DemandSpec) -> String {
    spec.ipc
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn modes_text(spec: &DemandSpec) -> String {
    spec.modes
        .iter()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Stores a new demand of `organisation`, as a draft or published at
    /// once, with its first recorded move.
    pub async fn create_demand(
        &self,
        ctx: &AuditContext,
        organisation: i64,
        spec: &DemandSpec,
        publish: bool,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        let state = if publish {
            DemandState::Published
        } else {
            DemandState::Draft
        };
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO demands (organisation_id, title, problem, product, industry, ipc, budget_min_fen, \
                 budget_max_fen, modes, deadline, district, state, created_by, created_at, updated_at, published_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id",
            )
            .bind(organisation)
            .bind(&spec.title)
            .bind(&spec.problem)
            .bind(&spec.product)
            .bind(spec.industry.as_str())
            .bind(ipc_text(spec))
            .bind(spec.budget.min.map(Fen::value))
            .bind(spec.budget.max.map(Fen::value))
            .bind(modes_text(spec))
            .bind(spec.deadline)
            .bind(spec.district.map(|d| d.value().to_string()))
            .bind(state.as_str())
            .bind(ctx.user_id)
            .bind(now)
            .bind(publish.then_some(now))
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO demand_transitions (demand_id, from_state, to_state, event, note, user_id, at) \
                 VALUES ($1, NULL, $2, 'create', NULL, $3, $4)",
            )
            .bind(id)
            .bind(state.as_str())
            .bind(ctx.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(organisation),
                now,
                "demand.create",
                "demand",
                id.to_string(),
                None::<String>,
                Some(format!("state={}; title={}", state.as_str(), spec.title))
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Rewrites a draft or published demand; `false` when it is in neither
    /// state (nothing is changed then).
    pub async fn update_demand(
        &self,
        ctx: &AuditContext,
        id: i64,
        spec: &DemandSpec,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE demands SET title = $2, problem = $3, product = $4, industry = $5, ipc = $6, \
                 budget_min_fen = $7, budget_max_fen = $8, modes = $9, deadline = $10, district = $11, updated_at = $12 \
                 WHERE id = $1 AND state IN ('draft', 'published')",
            )
            .bind(id)
            .bind(&spec.title)
            .bind(&spec.problem)
            .bind(&spec.product)
            .bind(spec.industry.as_str())
            .bind(ipc_text(spec))
            .bind(spec.budget.min.map(Fen::value))
            .bind(spec.budget.max.map(Fen::value))
            .bind(modes_text(spec))
            .bind(spec.deadline)
            .bind(spec.district.map(|d| d.value().to_string()))
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            let (owner,): (i64,) =
                sqlx::query_as("SELECT organisation_id FROM demands WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            write_audit!(
                tx,
                ctx,
                Some(owner),
                now,
                "demand.update",
                "demand",
                id.to_string(),
                None::<String>,
                Some(format!("title={}", spec.title))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Moves a demand if it is still in `mv.from`; `false` when it is not
    /// (someone else moved it first), with nothing written.
    pub async fn move_demand(
        &self,
        ctx: &AuditContext,
        id: i64,
        mv: &DemandMove,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE demands SET state = $3, updated_at = $4, \
                 published_at = CASE WHEN $3 = 'published' AND published_at IS NULL THEN $4 ELSE published_at END \
                 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(mv.from.as_str())
            .bind(mv.to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO demand_transitions (demand_id, from_state, to_state, event, note, user_id, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(mv.from.as_str())
            .bind(mv.to.as_str())
            .bind(mv.event)
            .bind(mv.note.as_deref())
            .bind(ctx.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let (owner,): (i64,) =
                sqlx::query_as("SELECT organisation_id FROM demands WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            write_audit!(
                tx,
                ctx,
                Some(owner),
                now,
                "demand.transition",
                "demand",
                id.to_string(),
                Some(format!("state={}", mv.from.as_str())),
                Some(format!("state={}; event={}", mv.to.as_str(), mv.event))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// One demand.
    pub async fn demand(&self, id: i64) -> Result<Option<DemandRecord>, StorageError> {
        let sql = format!(
            "SELECT {DEMAND_COLUMNS} FROM demands d JOIN organisations o ON o.id = d.organisation_id WHERE d.id = $1"
        );
        let row: Option<DemandRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.map(DemandRow::into_record).transpose()
    }

    /// Demands by the filter, newest first (at most 1,000).
    pub async fn find_demands(&self, f: &DemandFilter) -> Result<Vec<DemandRecord>, StorageError> {
        let mut clauses = Vec::new();
        if let Some(org) = f.organisation {
            clauses.push(format!("d.organisation_id = {org}"));
        }
        if !f.states.is_empty() {
            let states: Vec<String> = f
                .states
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            clauses.push(format!("d.state IN ({})", states.join(", ")));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let limit = if f.limit <= 0 { 200 } else { f.limit.min(1000) };
        let sql = format!(
            "SELECT {DEMAND_COLUMNS} FROM demands d JOIN organisations o ON o.id = d.organisation_id{filter} \
             ORDER BY d.updated_at DESC, d.id DESC LIMIT {limit}"
        );
        let rows: Vec<DemandRow> =
            with_pool!(self, |pool| { sqlx::query_as(&sql).fetch_all(pool).await? });
        rows.into_iter().map(DemandRow::into_record).collect()
    }

    /// The recorded moves of a demand, oldest first.
    pub async fn demand_transitions(&self, id: i64) -> Result<Vec<DemandTransition>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT t.from_state, t.to_state, t.event, t.note, t.user_id, u.display_name AS user_name, t.at \
                 FROM demand_transitions t LEFT JOIN users u ON u.id = t.user_id WHERE t.demand_id = $1 ORDER BY t.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// A token that changes whenever what the engine reads changes: the
    /// published listings and the pooled patents. The web layer rebuilds
    /// its in-memory match index when it differs.
    pub async fn match_corpus_version(&self) -> Result<String, StorageError> {
        let row: (i64, Option<String>, i64, Option<String>) = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM listings WHERE state = 'published'), \
                 (SELECT CAST(MAX(updated_at) AS TEXT) FROM listings), \
                 (SELECT COUNT(*) FROM pool_entries WHERE state = 'pooled'), \
                 (SELECT CAST(MAX(updated_at) AS TEXT) FROM pool_entries)",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(format!(
            "{}|{}|{}|{}",
            row.0,
            row.1.unwrap_or_default(),
            row.2,
            row.3.unwrap_or_default()
        ))
    }

    /// Everything the engine may recommend: every published listing (its
    /// text and its patents' text and classification codes) and every
    /// pooled patent that no live listing offers.
    pub async fn match_documents(&self) -> Result<Vec<MatchDocument>, StorageError> {
        type ListingText = (i64, i64, String, String, String, String, String);
        type PatentText = (
            i64,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        type Corpus = (
            Vec<ListingText>,
            Vec<(i64, i64)>,
            Vec<(i64, i64, String)>,
            Vec<(i64, String)>,
        );
        let (listings, listed, pooled, codes): Corpus = with_pool!(self, |pool| {
            let listings = sqlx::query_as(
                "SELECT id, organisation_id, title, problem, advantages, scenarios, industry FROM listings \
                 WHERE state = 'published' ORDER BY id",
            )
            .fetch_all(pool)
            .await?;
            let listed = sqlx::query_as(
                "SELECT lp.listing_id, lp.patent_id FROM listing_patents lp JOIN listings l ON l.id = lp.listing_id \
                 WHERE l.state = 'published' ORDER BY lp.listing_id, lp.position",
            )
            .fetch_all(pool)
            .await?;
            let pooled = sqlx::query_as(
                "SELECT pe.patent_id, pe.organisation_id, pe.industry FROM pool_entries pe WHERE pe.state = 'pooled' \
                 AND NOT EXISTS (SELECT 1 FROM listing_patents lp JOIN listings l ON l.id = lp.listing_id \
                 WHERE lp.patent_id = pe.patent_id AND l.state IN ('under_review', 'published', 'paused')) \
                 ORDER BY pe.patent_id",
            )
            .fetch_all(pool)
            .await?;
            let codes = sqlx::query_as(
                "SELECT c.patent_id, c.code FROM patent_classifications c WHERE c.scheme = 'ipc' AND (\
                 c.patent_id IN (SELECT lp.patent_id FROM listing_patents lp JOIN listings l ON l.id = lp.listing_id WHERE l.state = 'published') \
                 OR c.patent_id IN (SELECT patent_id FROM pool_entries WHERE state = 'pooled')) ORDER BY c.patent_id, c.position",
            )
            .fetch_all(pool)
            .await?;
            (listings, listed, pooled, codes)
        });
        let mut wanted: Vec<i64> = listed.iter().map(|(_, p)| *p).collect();
        wanted.extend(pooled.iter().map(|(p, _, _)| *p));
        wanted.sort_unstable();
        wanted.dedup();
        let mut texts: std::collections::HashMap<i64, PatentText> =
            std::collections::HashMap::new();
        for chunk in wanted.chunks(500) {
            let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT id, CAST(0 AS BIGINT), title_zh, title_en, abstract_zh, abstract_en, keywords FROM patents WHERE id IN ({})",
                ids.join(", ")
            );
            let rows: Vec<PatentText> =
                with_pool!(self, |pool| { sqlx::query_as(&sql).fetch_all(pool).await? });
            texts.extend(rows.into_iter().map(|r| (r.0, r)));
        }
        let mut codes_of: std::collections::HashMap<i64, Vec<String>> =
            std::collections::HashMap::new();
        for (patent, code) in codes {
            codes_of.entry(patent).or_default().push(code);
        }
        let patent_body = |id: i64| -> (String, String) {
            texts.get(&id).map_or_else(Default::default, |t| {
                let title = t.2.clone().or_else(|| t.3.clone()).unwrap_or_default();
                let body = [&t.2, &t.3, &t.4, &t.5]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .chain(std::iter::once(t.6.clone()))
                    .collect::<Vec<_>>()
                    .join("\n");
                (title, body)
            })
        };

        let mut patents_of: std::collections::HashMap<i64, Vec<i64>> =
            std::collections::HashMap::new();
        for (listing, patent) in listed {
            patents_of.entry(listing).or_default().push(patent);
        }
        let mut docs = Vec::with_capacity(listings.len() + pooled.len());
        for (id, owner, title, problem, advantages, scenarios, industry) in listings {
            let mut body = vec![problem, advantages, scenarios];
            let mut ipc = Vec::new();
            for p in patents_of.get(&id).into_iter().flatten() {
                body.push(patent_body(*p).1);
                ipc.extend(codes_of.get(p).into_iter().flatten().cloned());
            }
            ipc.dedup();
            docs.push(MatchDocument {
                target: MatchTarget::Listing(id),
                owner_id: Some(owner),
                title,
                body: body.join("\n"),
                ipc,
                industry,
            });
        }
        for (patent, owner, industry) in pooled {
            let (title, body) = patent_body(patent);
            docs.push(MatchDocument {
                target: MatchTarget::Patent(patent),
                owner_id: Some(owner),
                title,
                body,
                ipc: codes_of.remove(&patent).unwrap_or_default(),
                industry,
            });
        }
        Ok(docs)
    }

    /// Stores the matches found for a demand: new pairs are inserted,
    /// known ones get the new score and reasons. New matches scoring at
    /// least `push_threshold` that were never pushed are announced, in the
    /// same transaction, to the SME (one message) and to each owner, and
    /// marked pushed, so a match reaches an inbox once.
    pub async fn save_matches(
        &self,
        demand_id: i64,
        found: &[NewMatch],
        push_threshold: f64,
    ) -> Result<Vec<SavedMatch>, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (seeker, demand_title): (i64, String) =
                sqlx::query_as("SELECT organisation_id, title FROM demands WHERE id = $1")
                    .bind(demand_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let mut saved = Vec::with_capacity(found.len());
            let mut pushed: Vec<(Option<i64>, String, String)> = Vec::new();
            for m in found {
                let (column, target) = match m.target {
                    MatchTarget::Listing(id) => ("listing_id", id),
                    MatchTarget::Patent(id) => ("patent_id", id),
                };
                let existing: Option<(i64, Option<DateTime<Utc>>)> = sqlx::query_as(&format!(
                    "SELECT id, pushed_at FROM matches WHERE demand_id = $1 AND {column} = $2"
                ))
                .bind(demand_id)
                .bind(target)
                .fetch_optional(&mut *tx)
                .await?;
                let (id, created, was_pushed) = match existing {
                    Some((id, pushed_at)) => {
                        sqlx::query("UPDATE matches SET score = $2, reasons = $3, updated_at = $4 WHERE id = $1")
                            .bind(id)
                            .bind(m.score)
                            .bind(stored::encode_match_reasons(&m.reasons))
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        (id, false, pushed_at.is_some())
                    }
                    None => {
                        // Another refresh of the same demand may insert the
                        // pair first (PostgreSQL does not serialise them):
                        // then this one just updates it.
                        let inserted: Option<(i64,)> = sqlx::query_as(&format!(
                            "INSERT INTO matches (demand_id, {column}, score, reasons, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $5) \
                             ON CONFLICT (demand_id, {column}) WHERE {column} IS NOT NULL DO NOTHING RETURNING id"
                        ))
                        .bind(demand_id)
                        .bind(target)
                        .bind(m.score)
                        .bind(stored::encode_match_reasons(&m.reasons))
                        .bind(now)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match inserted {
                            Some((id,)) => (id, true, false),
                            None => {
                                let (id, pushed_at): (i64, Option<DateTime<Utc>>) =
                                    sqlx::query_as(&format!(
                                        "SELECT id, pushed_at FROM matches WHERE demand_id = $1 AND {column} = $2"
                                    ))
                                    .bind(demand_id)
                                    .bind(target)
                                    .fetch_one(&mut *tx)
                                    .await?;
                                (id, false, pushed_at.is_some())
                            }
                        }
                    }
                };
                if !was_pushed && m.score >= push_threshold {
                    sqlx::query("UPDATE matches SET pushed_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    let owner_and_title: Option<(i64, String)> = match m.target {
                        MatchTarget::Listing(l) => {
                            sqlx::query_as("SELECT organisation_id, title FROM listings WHERE id = $1")
                                .bind(l)
                                .fetch_optional(&mut *tx)
                                .await?
                        }
                        MatchTarget::Patent(p) => {
                            sqlx::query_as(
                                "SELECT pe.organisation_id, COALESCE(p.title_zh, p.title_en, p.number) FROM pool_entries pe \
                                 JOIN patents p ON p.id = pe.patent_id WHERE pe.patent_id = $1 AND pe.state = 'pooled'",
                            )
                            .bind(p)
                            .fetch_optional(&mut *tx)
                            .await?
                        }
                    };
                    // The owner follows a listing's matches on the listing's
                    // match page, a pooled patent's on the demand's page.
                    let link = match m.target {
                        MatchTarget::Listing(l) => format!("/listings/{l}/matches"),
                        MatchTarget::Patent(_) => format!("/demands/{demand_id}"),
                    };
                    match owner_and_title {
                        Some((owner, title)) => pushed.push((Some(owner), title, link)),
                        None => pushed.push((None, String::new(), link)),
                    }
                }
                saved.push(SavedMatch {
                    id,
                    target: m.target,
                    created,
                });
            }
            if !pushed.is_empty() {
                let n = pushed.len();
                notify_organisation!(
                    tx,
                    seeker,
                    "match",
                    format!("需求“{demand_title}”有 {n} 个新的推荐"),
                    format!("{n} new recommendation(s) for your need “{demand_title}”"),
                    format!("/demands/{demand_id}"),
                    now
                );
                let mut told: Vec<i64> = Vec::new();
                for (owner, title, link) in pushed {
                    if let Some(owner) = owner
                        && owner != seeker
                        && !told.contains(&owner)
                    {
                        told.push(owner);
                        notify_organisation!(
                            tx,
                            owner,
                            "match",
                            format!("“{title}”与一项企业需求匹配：{demand_title}"),
                            format!("“{title}” matches an enterprise's need: {demand_title}"),
                            link,
                            now
                        );
                    }
                }
            }
            tx.commit().await?;
            Ok(saved)
        })
    }

    async fn matches_where(
        &self,
        clause: &str,
        id: i64,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StorageError> {
        let sql =
            format!("{MATCH_SELECT} WHERE {clause} ORDER BY m.score DESC, m.id LIMIT {limit}");
        let rows: Vec<MatchRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_all(pool).await?
        });
        rows.into_iter().map(MatchRow::into_record).collect()
    }

    /// One stored match.
    pub async fn match_record(&self, id: i64) -> Result<Option<MatchRecord>, StorageError> {
        Ok(self
            .matches_where("m.id = $1", id, 1)
            .await?
            .into_iter()
            .next())
    }

    /// The stored matches of a demand, best first.
    pub async fn matches_for_demand(
        &self,
        demand_id: i64,
    ) -> Result<Vec<MatchRecord>, StorageError> {
        self.matches_where("m.demand_id = $1", demand_id, 500).await
    }

    /// The stored matches of a listing with published or matched demands,
    /// best first.
    pub async fn matches_for_listing(
        &self,
        listing_id: i64,
    ) -> Result<Vec<MatchRecord>, StorageError> {
        self.matches_where(
            "m.listing_id = $1 AND d.state IN ('published', 'matched')",
            listing_id,
            500,
        )
        .await
    }

    /// The match pipeline an operation centre follows: listing and pool
    /// matches of an industry (every industry when `None`), best first.
    pub async fn match_pipeline(
        &self,
        industry: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StorageError> {
        let limit = limit.clamp(1, 1000);
        let sql = match industry {
            Some(_) => format!(
                "{MATCH_SELECT} WHERE COALESCE(l.industry, pe.industry) = $1 ORDER BY m.updated_at DESC, m.score DESC LIMIT {limit}"
            ),
            None => {
                format!("{MATCH_SELECT} ORDER BY m.updated_at DESC, m.score DESC LIMIT {limit}")
            }
        };
        let rows: Vec<MatchRow> = with_pool!(self, |pool| {
            let q = sqlx::query_as(&sql);
            let q = match industry {
                Some(i) => q.bind(i.to_string()),
                None => q,
            };
            q.fetch_all(pool).await?
        });
        rows.into_iter().map(MatchRow::into_record).collect()
    }

    /// Rates a match for one side; a second rating by the same side
    /// replaces the first. Audited.
    pub async fn rate_match(
        &self,
        ctx: &AuditContext,
        match_id: i64,
        rating: &Rating<'_>,
    ) -> Result<(), StorageError> {
        let Rating {
            side,
            organisation,
            user_id,
            reason,
            note,
        } = *rating;
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let before: Option<(String,)> = sqlx::query_as(
                "SELECT reason FROM match_feedback WHERE match_id = $1 AND side = $2",
            )
            .bind(match_id)
            .bind(side.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM match_feedback WHERE match_id = $1 AND side = $2")
                .bind(match_id)
                .bind(side.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO match_feedback (match_id, side, organisation_id, user_id, reason, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(match_id)
            .bind(side.as_str())
            .bind(organisation)
            .bind(user_id)
            .bind(reason.as_str())
            .bind(note)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(organisation),
                now,
                "match.feedback",
                "match",
                match_id.to_string(),
                before.map(|(r,)| format!("reason={r}")),
                Some(format!(
                    "side={}; reason={}",
                    side.as_str(),
                    reason.as_str()
                ))
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// Every seeker's ratings per listing: `(listing, reason, count)`.
    pub async fn seeker_feedback_by_listing(
        &self,
    ) -> Result<Vec<(i64, FeedbackReason, i64)>, StorageError> {
        let rows: Vec<(i64, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT m.listing_id, f.reason, COUNT(*) FROM match_feedback f JOIN matches m ON m.id = f.match_id \
                 WHERE f.side = 'seeker' AND m.listing_id IS NOT NULL GROUP BY m.listing_id, f.reason",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(l, r, n)| {
                FeedbackReason::parse(&r)
                    .map(|r| (l, r, n))
                    .map_err(|_| corrupt("feedback", &r))
            })
            .collect()
    }

    /// A patent's publication number by its id.
    pub async fn patent_number_of(&self, id: i64) -> Result<Option<String>, StorageError> {
        let row: Option<(String,)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT number FROM patents WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(n,)| n))
    }

    /// How often each reason was given on matches of an industry's listings
    /// and pooled patents (every industry when `None`), most frequent first.
    pub async fn feedback_counts(
        &self,
        industry: Option<&str>,
    ) -> Result<Vec<FeedbackCount>, StorageError> {
        let filter = if industry.is_some() {
            "WHERE COALESCE(l.industry, pe.industry) = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT f.side, f.reason, COUNT(*) FROM match_feedback f JOIN matches m ON m.id = f.match_id \
             LEFT JOIN listings l ON l.id = m.listing_id \
             LEFT JOIN pool_entries pe ON pe.patent_id = m.patent_id AND pe.state = 'pooled' {filter} \
             GROUP BY f.side, f.reason ORDER BY COUNT(*) DESC, f.reason"
        );
        let rows: Vec<(String, String, i64)> = with_pool!(self, |pool| {
            let q = sqlx::query_as(&sql);
            let q = match industry {
                Some(i) => q.bind(i.to_string()),
                None => q,
            };
            q.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(s, r, count)| {
                Ok(FeedbackCount {
                    side: FeedbackSide::parse(&s).map_err(|_| corrupt("side", &s))?,
                    reason: FeedbackReason::parse(&r).map_err(|_| corrupt("feedback", &r))?,
                    count,
                })
            })
            .collect()
    }
}
