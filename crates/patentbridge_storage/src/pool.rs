//! The dormant-patent pool (沉睡专利池): an organisation's stock for
//! screening, proposing candidates, the intake review steps and the pool's
//! summary. Every change writes its `pool_steps` row and its audit entry in
//! the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use patentbridge_domain::pool::{IntakeState, IntakeStep, POOL_TARGET, Reason};
use patentbridge_domain::{
    ClassificationCode, LegalStatus, PatentType, RegisterEvent, RegisterEventKind,
};

use crate::audit::{AuditContext, write_audit};
use crate::holdings::{LIVE_LISTED_PATENTS, held_by};
use crate::{BeginWrite, StorageError, Store, stored, with_pool};

/// One patent an organisation holds, with what screening needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockPatent {
    pub patent_id: i64,
    pub number: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub patent_type: PatentType,
    pub legal_status: LegalStatus,
    pub grant_date: Option<NaiveDate>,
    /// The first IPC code, if any.
    pub ipc: Option<ClassificationCode>,
    pub events: Vec<RegisterEvent>,
    /// In a live listing (under review, published or paused).
    pub listed: bool,
    /// In a pool entry that is not rejected.
    pub pooled: bool,
}

/// Where a pool entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolSource {
    Screening,
    Upload,
}

impl PoolSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PoolSource::Screening => "screening",
            PoolSource::Upload => "upload",
        }
    }
}

/// A candidate to propose: the patent by id, why and its industry code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoolEntry {
    pub patent_id: i64,
    /// The screening verdict's reasons.
    pub reasons: Vec<Reason>,
    pub industry: String,
}

/// A stored pool entry with its patent's number and titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolEntryRecord {
    pub id: i64,
    pub patent_id: i64,
    pub number: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub organisation_id: i64,
    pub state: IntakeState,
    pub reasons: Vec<Reason>,
    pub source: String,
    pub industry: String,
    pub proposed_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One step of an entry's history: who did what, when, with which note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolStepRecord {
    pub step: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// Which entries to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolEntryFilter {
    pub organisation_id: Option<i64>,
    pub state: Option<IntakeState>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for PoolEntryFilter {
    fn default() -> Self {
        PoolEntryFilter {
            organisation_id: None,
            state: None,
            limit: 100,
            offset: 0,
        }
    }
}

/// An owner's share of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolOwnerCount {
    pub organisation_id: i64,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub count: i64,
}

/// The pool as a whole: pooled against the target, by owner and industry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub pooled: i64,
    pub target: i64,
    /// Entries proposed or department-approved.
    pub in_review: i64,
    /// Pooled entries per owner, largest first.
    pub by_owner: Vec<PoolOwnerCount>,
    /// Pooled entries per industry code, largest first.
    pub by_industry: Vec<(String, i64)>,
}

#[derive(sqlx::FromRow)]
struct StockRow {
    id: i64,
    number: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    patent_type: String,
    legal_status: String,
    grant_date: Option<NaiveDate>,
    ipc: Option<String>,
    listed: bool,
    pooled: bool,
}

#[derive(sqlx::FromRow)]
struct StockEventRow {
    patent_id: i64,
    event_date: NaiveDate,
    kind: String,
    detail: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    patent_id: i64,
    number: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    organisation_id: i64,
    state: String,
    reasons: String,
    source: String,
    industry: String,
    proposed_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    step: String,
    from_state: Option<String>,
    to_state: String,
    user_id: Option<i64>,
    user_name: Option<String>,
    note: Option<String>,
    at: DateTime<Utc>,
}

const ENTRY_COLUMNS: &str = "e.id, e.patent_id, p.number, p.title_zh, p.title_en, e.organisation_id, \
    e.state, e.reasons, e.source, e.industry, e.proposed_by, e.created_at, e.updated_at";

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what} {value:?}"))
}

impl TryFrom<EntryRow> for PoolEntryRecord {
    type Error = StorageError;

    fn try_from(r: EntryRow) -> Result<Self, StorageError> {
        Ok(PoolEntryRecord {
            id: r.id,
            patent_id: r.patent_id,
            number: r.number,
            title_zh: r.title_zh,
            title_en: r.title_en,
            organisation_id: r.organisation_id,
            state: IntakeState::parse(&r.state).map_err(|_| corrupt("intake state", &r.state))?,
            reasons: stored::decode_screening_reasons(
                &r.reasons,
                stored::Origin {
                    table: "pool_entries",
                    column: "reasons",
                    id: r.id,
                },
            )?,
            source: r.source,
            industry: r.industry,
            proposed_by: r.proposed_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl Store {
    /// The patents an organisation holds (by the one holdings rule), with
    /// their first IPC code, register events and whether a live listing or
    /// an open pool entry already holds them; in number order.
    pub async fn pool_stock(&self, organisation_id: i64) -> Result<Vec<StockPatent>, StorageError> {
        let held = held_by("p.id", "$1");
        let rows: Vec<StockRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT p.id, p.number, p.title_zh, p.title_en, p.patent_type, p.legal_status, p.grant_date, \
                 (SELECT c.code FROM patent_classifications c WHERE c.patent_id = p.id AND c.scheme = 'ipc' \
                  ORDER BY c.position LIMIT 1) AS ipc, \
                 EXISTS (SELECT 1 FROM ({LIVE_LISTED_PATENTS}) ll WHERE ll.patent_id = p.id) AS listed, \
                 EXISTS (SELECT 1 FROM pool_entries pe WHERE pe.patent_id = p.id AND pe.state <> 'rejected') AS pooled \
                 FROM patents p WHERE {held} ORDER BY p.number"
            ))
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        let held_events = held_by("e.patent_id", "$1");
        let events: Vec<StockEventRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT e.patent_id, e.event_date, e.kind, e.detail FROM patent_events e \
                 WHERE {held_events} ORDER BY e.patent_id, e.position"
            ))
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        let mut out = Vec::with_capacity(rows.len());
        let mut index = HashMap::with_capacity(rows.len());
        for r in rows {
            index.insert(r.id, out.len());
            out.push(StockPatent {
                patent_id: r.id,
                number: r.number,
                title_zh: r.title_zh,
                title_en: r.title_en,
                patent_type: PatentType::parse(&r.patent_type)
                    .ok_or_else(|| corrupt("patent type", &r.patent_type))?,
                legal_status: LegalStatus::parse(&r.legal_status)
                    .ok_or_else(|| corrupt("legal status", &r.legal_status))?,
                grant_date: r.grant_date,
                ipc: r.ipc.and_then(|c| ClassificationCode::parse(&c).ok()),
                events: Vec::new(),
                listed: r.listed,
                pooled: r.pooled,
            });
        }
        for e in events {
            let Some(&i) = index.get(&e.patent_id) else {
                continue;
            };
            let kind = RegisterEventKind::parse(&e.kind)
                .ok_or_else(|| corrupt("register event", &e.kind))?;
            out[i].events.push(RegisterEvent {
                date: e.event_date,
                kind,
                detail: e.detail,
            });
        }
        Ok(out)
    }

    /// Proposes patents of an organisation for the pool in one transaction,
    /// each with a first `propose` step. A patent already in an open entry
    /// is [`StorageError::PatentTaken`] naming it, and a patent the
    /// organisation does not hold is [`StorageError::Invalid`]; either way
    /// nothing is stored. Returns the new entries' ids in order.
    pub async fn propose_pool_entries(
        &self,
        ctx: &AuditContext,
        organisation_id: i64,
        source: PoolSource,
        entries: &[NewPoolEntry],
    ) -> Result<Vec<i64>, StorageError> {
        let now = Utc::now();
        let held = held_by("p.id", "$2");
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids = Vec::with_capacity(entries.len());
            for entry in entries {
                let found: Option<(String, bool)> = sqlx::query_as(&format!(
                    "SELECT p.number, {held} FROM patents p WHERE p.id = $1"
                ))
                .bind(entry.patent_id)
                .bind(organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let number = match found {
                    Some((number, true)) => number,
                    _ => {
                        return Err(StorageError::Invalid(
                            "a patent the organisation does not hold",
                        ));
                    }
                };
                let open: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM pool_entries WHERE patent_id = $1 AND state <> 'rejected'",
                )
                .bind(entry.patent_id)
                .fetch_optional(&mut *tx)
                .await?;
                if open.is_some() {
                    return Err(StorageError::PatentTaken {
                        number,
                        what: "an open pool entry",
                    });
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO pool_entries (patent_id, organisation_id, state, reasons, source, industry, \
                     proposed_by, created_at, updated_at) VALUES ($1, $2, 'proposed', $3, $4, $5, $6, $7, $7) \
                     RETURNING id",
                )
                .bind(entry.patent_id)
                .bind(organisation_id)
                .bind(stored::encode_screening_reasons(&entry.reasons))
                .bind(source.as_str())
                .bind(&entry.industry)
                .bind(ctx.user_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO pool_steps (entry_id, step, from_state, to_state, user_id, note, at) \
                     VALUES ($1, 'propose', NULL, 'proposed', $2, NULL, $3)",
                )
                .bind(id)
                .bind(ctx.user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                write_audit!(
                    tx,
                    ctx,
                    Some(organisation_id),
                    now,
                    "pool.propose",
                    "pool_entry",
                    id.to_string(),
                    None::<String>,
                    Some(format!(
                        "patent={number}; state=proposed; source={}; industry={}",
                        source.as_str(),
                        entry.industry
                    ))
                );
                ids.push(id);
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Moves an entry from `from` to `to` by `step` (which the caller
    /// checked with [`IntakeState::apply`]), recording the step with its
    /// note. Returns false, writing nothing, when the entry does not exist
    /// or is no longer in `from`.
    pub async fn advance_pool_entry(
        &self,
        ctx: &AuditContext,
        entry_id: i64,
        from: IntakeState,
        to: IntakeState,
        step: IntakeStep,
        note: Option<&str>,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let moved: Option<(i64,)> = sqlx::query_as(
                "UPDATE pool_entries SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2 \
                 RETURNING organisation_id",
            )
            .bind(entry_id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((organisation_id,)) = moved else {
                return Ok(false);
            };
            sqlx::query(
                "INSERT INTO pool_steps (entry_id, step, from_state, to_state, user_id, note, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(entry_id)
            .bind(step.as_str())
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(ctx.user_id)
            .bind(note)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "pool.step",
                "pool_entry",
                entry_id.to_string(),
                Some(format!("state={}", from.as_str())),
                Some(format!("state={}; step={}", to.as_str(), step.as_str()))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Entries narrowed by organisation and state, newest first.
    pub async fn list_pool_entries(
        &self,
        filter: &PoolEntryFilter,
    ) -> Result<Vec<PoolEntryRecord>, StorageError> {
        let rows: Vec<EntryRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ENTRY_COLUMNS} FROM pool_entries e JOIN patents p ON p.id = e.patent_id \
                 WHERE ($1 IS NULL OR e.organisation_id = $1) AND ($2 IS NULL OR e.state = $2) \
                 ORDER BY e.id DESC LIMIT $3 OFFSET $4"
            ))
            .bind(filter.organisation_id)
            .bind(filter.state.map(|s| s.as_str()))
            .bind(filter.limit.max(0))
            .bind(filter.offset.max(0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(PoolEntryRecord::try_from).collect()
    }

    /// How many entries an organisation has in each state.
    pub async fn pool_state_counts(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(IntakeState, i64)>, StorageError> {
        let rows: Vec<(String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT state, COUNT(*) FROM pool_entries WHERE organisation_id = $1 GROUP BY state",
            )
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        let mut counts: Vec<(IntakeState, i64)> =
            IntakeState::ALL.into_iter().map(|s| (s, 0)).collect();
        for (state, n) in rows {
            let s = IntakeState::parse(&state).map_err(|_| corrupt("intake state", &state))?;
            if let Some(slot) = counts.iter_mut().find(|(k, _)| *k == s) {
                slot.1 = n;
            }
        }
        Ok(counts)
    }

    /// One entry with its steps, oldest first.
    pub async fn get_pool_entry(
        &self,
        id: i64,
    ) -> Result<Option<(PoolEntryRecord, Vec<PoolStepRecord>)>, StorageError> {
        let row: Option<EntryRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ENTRY_COLUMNS} FROM pool_entries e JOIN patents p ON p.id = e.patent_id \
                 WHERE e.id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let steps: Vec<StepRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.step, s.from_state, s.to_state, s.user_id, u.display_name AS user_name, s.note, s.at \
                 FROM pool_steps s LEFT JOIN users u ON u.id = s.user_id WHERE s.entry_id = $1 ORDER BY s.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        let steps = steps
            .into_iter()
            .map(|s| PoolStepRecord {
                step: s.step,
                from_state: s.from_state,
                to_state: s.to_state,
                user_id: s.user_id,
                user_name: s.user_name,
                note: s.note,
                at: s.at,
            })
            .collect();
        Ok(Some((PoolEntryRecord::try_from(row)?, steps)))
    }

    /// The pool's size against [`POOL_TARGET`], what is in review, and the
    /// pooled entries by owner and by industry.
    pub async fn pool_summary(&self) -> Result<PoolSummary, StorageError> {
        let (pooled, in_review): (i64, i64) = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN state = 'pooled' THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN state IN ('proposed', 'department_approved') THEN 1 ELSE 0 END), 0) \
                 FROM pool_entries",
            )
            .fetch_one(pool)
            .await?
        });
        let owners: Vec<(i64, String, Option<String>, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT o.id, o.name_zh, o.name_en, COUNT(*) AS n FROM pool_entries e \
                 JOIN organisations o ON o.id = e.organisation_id WHERE e.state = 'pooled' \
                 GROUP BY o.id, o.name_zh, o.name_en ORDER BY n DESC, o.id",
            )
            .fetch_all(pool)
            .await?
        });
        let by_industry: Vec<(String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT industry, COUNT(*) AS n FROM pool_entries WHERE state = 'pooled' \
                 GROUP BY industry ORDER BY n DESC, industry",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(PoolSummary {
            pooled,
            target: POOL_TARGET,
            in_review,
            by_owner: owners
                .into_iter()
                .map(
                    |(organisation_id, name_zh, name_en, count)| PoolOwnerCount {
                        organisation_id,
                        name_zh,
                        name_en,
                        count,
                    },
                )
                .collect(),
            by_industry,
        })
    }
}
