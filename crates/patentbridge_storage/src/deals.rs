//! Deals: the deal and its patents, every step taken with its message or
//! offer, contract documents and the signatures bound to their SHA-256,
//! the payment obligations of a schedule with royalty reports and
//! payments, overdue flags, and the outcome ledger.
//!
//! Each write is one transaction that also writes the step, the audit row
//! and the other side's notification: a failed step leaves the deal as it
//! was. Moves are compare-and-set on the state, so two people acting at
//! once cannot both move it.

use chrono::{DateTime, NaiveDate, Utc};
use patentbridge_domain::deal::{DealState, OfferTerms};
use patentbridge_domain::listing::ListingMode;
use patentbridge_domain::{LegalStatus, Text};

use crate::audit::{AuditContext, write_audit};
use crate::notifications::notify_organisation;
use crate::{BeginWrite, StorageError, Store, stored, with_pool};

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("deal {what} {value:?}"))
}

/// One patent of a deal, with what the contract and the signing checks need.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DealPatent {
    pub patent_id: i64,
    pub number: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub patent_type: String,
    pub legal_status: String,
    pub application_date: Option<NaiveDate>,
    pub grant_date: Option<NaiveDate>,
}

impl DealPatent {
    pub fn status(&self) -> LegalStatus {
        LegalStatus::parse(&self.legal_status).unwrap_or(LegalStatus::Unknown)
    }
}

/// A stored deal with both parties' names and its patents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealRecord {
    pub id: i64,
    pub listing_id: Option<i64>,
    pub listing_title: Option<String>,
    pub sme_id: i64,
    pub sme_name_zh: String,
    pub owner_id: i64,
    pub owner_name_zh: String,
    pub mode: ListingMode,
    pub state: DealState,
    /// The agreed terms, once an offer is accepted.
    pub terms: Option<OfferTerms>,
    pub pledgee_consent: bool,
    pub effective_on: Option<NaiveDate>,
    pub record_number: Option<String>,
    pub recorded_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub patents: Vec<DealPatent>,
}

#[derive(sqlx::FromRow)]
struct DealRow {
    id: i64,
    listing_id: Option<i64>,
    listing_title: Option<String>,
    sme_id: i64,
    sme_name_zh: String,
    owner_id: i64,
    owner_name_zh: String,
    mode: String,
    state: String,
    terms: Option<String>,
    pledgee_consent: bool,
    effective_on: Option<NaiveDate>,
    record_number: Option<String>,
    recorded_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const DEAL_SELECT: &str = "SELECT d.id, d.listing_id, l.title AS listing_title, d.sme_id, s.name_zh AS sme_name_zh, \
    d.owner_id, o.name_zh AS owner_name_zh, d.mode, d.state, d.terms, d.pledgee_consent, d.effective_on, \
    d.record_number, d.recorded_on, d.created_at, d.updated_at \
    FROM deals d JOIN organisations s ON s.id = d.sme_id JOIN organisations o ON o.id = d.owner_id \
    LEFT JOIN listings l ON l.id = d.listing_id";

/// One step of a deal's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealStep {
    pub id: i64,
    pub event: String,
    pub side: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub message: Option<String>,
    /// An offer's terms.
    pub offer: Option<OfferTerms>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    id: i64,
    event: String,
    side: String,
    from_state: Option<String>,
    to_state: String,
    message: Option<String>,
    offer: Option<String>,
    user_id: Option<i64>,
    user_name: Option<String>,
    at: DateTime<Utc>,
}

impl StepRow {
    fn into_step(self) -> Result<DealStep, StorageError> {
        Ok(DealStep {
            offer: stored::decode_optional_terms(
                self.offer.as_deref(),
                stored::Origin {
                    table: "deal_steps",
                    column: "offer",
                    id: self.id,
                },
            )?,
            id: self.id,
            event: self.event,
            side: self.side,
            from_state: self.from_state,
            to_state: self.to_state,
            message: self.message,
            user_id: self.user_id,
            user_name: self.user_name,
            at: self.at,
        })
    }
}

/// A contract document of a deal (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DealDocument {
    pub id: i64,
    pub template: String,
    pub template_version: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// A contract document to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub template: String,
    pub template_version: String,
    pub sha256: String,
    pub pdf: Vec<u8>,
}

/// A signature: who confirmed which document hash, when and from where.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Signature {
    pub document_id: i64,
    pub side: String,
    pub organisation_id: i64,
    pub user_id: i64,
    pub user_name: Option<String>,
    pub sha256: String,
    pub ip: Option<String>,
    pub signed_at: DateTime<Utc>,
}

/// A payment obligation to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewObligation {
    pub due_on: NaiveDate,
    pub amount_fen: Option<i64>,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub description: Text,
}

/// A stored obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObligationRecord {
    pub id: i64,
    pub deal_id: i64,
    pub due_on: NaiveDate,
    pub amount_fen: Option<i64>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub description: Text,
    pub paid_fen: Option<i64>,
    pub paid_on: Option<NaiveDate>,
    pub overdue_flagged_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct ObligationRow {
    id: i64,
    deal_id: i64,
    due_on: NaiveDate,
    amount_fen: Option<i64>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    description_zh: String,
    description_en: String,
    paid_fen: Option<i64>,
    paid_on: Option<NaiveDate>,
    overdue_flagged_at: Option<DateTime<Utc>>,
}

impl From<ObligationRow> for ObligationRecord {
    fn from(r: ObligationRow) -> Self {
        ObligationRecord {
            id: r.id,
            deal_id: r.deal_id,
            due_on: r.due_on,
            amount_fen: r.amount_fen,
            period_start: r.period_start,
            period_end: r.period_end,
            description: Text::owned(r.description_zh, r.description_en),
            paid_fen: r.paid_fen,
            paid_on: r.paid_on,
            overdue_flagged_at: r.overdue_flagged_at,
        }
    }
}

/// A royalty report for one period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoyaltyReport {
    pub id: i64,
    pub deal_id: i64,
    pub obligation_id: Option<i64>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub sales_fen: i64,
    pub base_fen: i64,
    pub royalty_fen: i64,
    pub note: Option<String>,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
}

/// A royalty report to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoyaltyReport {
    pub obligation_id: Option<i64>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub sales_fen: i64,
    pub base_fen: i64,
    pub royalty_fen: i64,
    pub note: Option<String>,
}

/// One entry of the outcome ledger.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Outcome {
    pub id: i64,
    pub deal_id: i64,
    pub period: String,
    pub product_name: String,
    /// none, filed or recognised.
    pub filing: String,
    pub filing_number: Option<String>,
    pub output_value_fen: i64,
    pub revenue_fen: i64,
    pub jobs: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
}

/// An outcome entry to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutcome {
    pub period: String,
    pub product_name: String,
    pub filing: String,
    pub filing_number: Option<String>,
    pub output_value_fen: i64,
    pub revenue_fen: i64,
    pub jobs: i64,
}

/// A deal to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeal {
    pub listing_id: Option<i64>,
    pub sme_id: i64,
    pub owner_id: i64,
    pub mode: ListingMode,
    /// `Inquiry`, or `InForce` for an accepted open licence.
    pub state: DealState,
    pub patent_ids: Vec<i64>,
    /// The first step's event (`inquire`, `accept_open_licence`).
    pub event: &'static str,
    pub message: Option<String>,
    /// Terms agreed at once (an open licence's declared terms).
    pub terms: Option<OfferTerms>,
    pub effective_on: Option<NaiveDate>,
    pub document: Option<NewDocument>,
    pub obligations: Vec<NewObligation>,
    /// Paid with the opening (an open licence's fee with its notice): the
    /// amount in fen and the day, recorded against the first obligation.
    pub paid_with_notice: Option<(i64, NaiveDate)>,
}

/// A requested move: compare-and-set from `from` to `to`, with what the
/// step carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealMove {
    pub from: Option<DealState>,
    pub to: Option<DealState>,
    /// `DealEvent::as_str`.
    pub event: &'static str,
    /// `Side::as_str`.
    pub side: &'static str,
    pub message: Option<String>,
    /// An offer's terms.
    pub offer: Option<OfferTerms>,
    /// Set the agreed terms (accepting an offer).
    pub agreed_terms: Option<OfferTerms>,
    /// A new contract document (drafting).
    pub document: Option<NewDocument>,
    pub effective_on: Option<NaiveDate>,
    pub record: Option<(String, NaiveDate)>,
    pub pledgee_consent: Option<bool>,
    /// Obligations created by this step (both signatures in).
    pub obligations: Vec<NewObligation>,
}

/// A signature to add in the move that signing makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignature {
    pub document_id: i64,
    pub side: &'static str,
    pub organisation_id: i64,
    pub user_id: i64,
    pub sha256: String,
    pub ip: Option<String>,
}

macro_rules! insert_obligations {
    ($tx:expr, $deal:expr, $list:expr) => {
        for o in $list {
            sqlx::query(
                "INSERT INTO obligations (deal_id, due_on, amount_fen, period_start, period_end, description_zh, description_en) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind($deal)
            .bind(o.due_on)
            .bind(o.amount_fen)
            .bind(o.period.map(|p| p.0))
            .bind(o.period.map(|p| p.1))
            .bind(o.description.zh())
            .bind(o.description.en())
            .execute(&mut *$tx)
            .await?;
        }
    };
}

macro_rules! insert_document {
    ($tx:expr, $deal:expr, $doc:expr, $now:expr) => {{
        let doc: &NewDocument = $doc;
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM deal_documents WHERE deal_id = $1 AND sha256 = $2")
                .bind($deal)
                .bind(&doc.sha256)
                .fetch_optional(&mut *$tx)
                .await?;
        match existing {
            Some((id,)) => id,
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO deal_documents (deal_id, template, template_version, sha256, pdf, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind($deal)
                .bind(&doc.template)
                .bind(&doc.template_version)
                .bind(&doc.sha256)
                .bind(&doc.pdf)
                .bind($now)
                .fetch_one(&mut *$tx)
                .await?;
                id
            }
        }
    }};
}

impl Store {
    /// Opens a deal with its patents, first step, audit row, the owner's
    /// notification and — for an accepted open licence — its notice
    /// document and obligations, in one transaction.
    pub async fn create_deal(&self, ctx: &AuditContext, d: &NewDeal) -> Result<i64, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO deals (listing_id, sme_id, owner_id, mode, state, terms, effective_on, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(d.listing_id)
            .bind(d.sme_id)
            .bind(d.owner_id)
            .bind(d.mode.as_str())
            .bind(d.state.as_str())
            .bind(d.terms.as_ref().map(stored::encode_terms))
            .bind(d.effective_on)
            .bind(ctx.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (i, p) in d.patent_ids.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO deal_patents (deal_id, patent_id, position) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(p)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO deal_steps (deal_id, event, side, from_state, to_state, message, offer, user_id, at) \
                 VALUES ($1, $2, 'sme', NULL, $3, $4, NULL, $5, $6)",
            )
            .bind(id)
            .bind(d.event)
            .bind(d.state.as_str())
            .bind(d.message.as_deref())
            .bind(ctx.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(doc) = &d.document {
                insert_document!(tx, id, doc, now);
            }
            insert_obligations!(tx, id, &d.obligations);
            if let Some((paid, on)) = d.paid_with_notice {
                sqlx::query(
                    "UPDATE obligations SET paid_fen = $2, paid_on = $3 WHERE id = \
                     (SELECT id FROM obligations WHERE deal_id = $1 ORDER BY due_on, id LIMIT 1)",
                )
                .bind(id)
                .bind(paid)
                .bind(on)
                .execute(&mut *tx)
                .await?;
            }
            write_audit!(
                tx,
                ctx,
                Some(d.sme_id),
                now,
                "deal.create",
                "deal",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "state={}; mode={}; owner={}; listing={}",
                    d.state.as_str(),
                    d.mode.as_str(),
                    d.owner_id,
                    d.listing_id
                        .map_or_else(|| "-".to_string(), |l| l.to_string())
                ))
            );
            let (sme_name,): (String,) =
                sqlx::query_as("SELECT name_zh FROM organisations WHERE id = $1")
                    .bind(d.sme_id)
                    .fetch_one(&mut *tx)
                    .await?;
            notify_organisation!(
                tx,
                d.owner_id,
                "deal",
                format!(
                    "{sme_name}：{}",
                    if d.state == DealState::InForce {
                        "已接受开放许可"
                    } else {
                        "发起交易意向"
                    }
                ),
                format!(
                    "{sme_name}: {}",
                    if d.state == DealState::InForce {
                        "accepted the open licence"
                    } else {
                        "opened a deal"
                    }
                ),
                format!("/deals/{id}"),
                now
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Moves a deal (or records a message or an offer) if it is still in
    /// `mv.from`; `false` when it is not, with nothing written. A signature,
    /// when given, is stored in the same transaction.
    pub async fn move_deal(
        &self,
        ctx: &AuditContext,
        id: i64,
        mv: &DealMove,
        signature: Option<&NewSignature>,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        let from = mv
            .from
            .ok_or(StorageError::Invalid("a deal move needs its from-state"))?;
        let to = mv.to.unwrap_or(from);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE deals SET state = $3, updated_at = $4, \
                 terms = COALESCE($5, terms), effective_on = COALESCE($6, effective_on), \
                 record_number = COALESCE($7, record_number), recorded_on = COALESCE($8, recorded_on), \
                 pledgee_consent = COALESCE($9, pledgee_consent) \
                 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .bind(mv.agreed_terms.as_ref().map(stored::encode_terms))
            .bind(mv.effective_on)
            .bind(mv.record.as_ref().map(|r| r.0.as_str()))
            .bind(mv.record.as_ref().map(|r| r.1))
            .bind(mv.pledgee_consent)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO deal_steps (deal_id, event, side, from_state, to_state, message, offer, user_id, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(mv.event)
            .bind(mv.side)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(mv.message.as_deref())
            .bind(mv.offer.as_ref().map(stored::encode_terms))
            .bind(ctx.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(doc) = &mv.document {
                insert_document!(tx, id, doc, now);
            }
            if let Some(s) = signature {
                // Only the deal's current document may be signed: one drafted
                // meanwhile (another offer accepted) makes this a stale move.
                let signed = sqlx::query(
                    "INSERT INTO deal_signatures (deal_id, document_id, side, organisation_id, user_id, sha256, ip, signed_at) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
                     WHERE $2 = (SELECT MAX(id) FROM deal_documents WHERE deal_id = $1) \
                     AND $6 = (SELECT sha256 FROM deal_documents WHERE id = $2)",
                )
                .bind(id)
                .bind(s.document_id)
                .bind(s.side)
                .bind(s.organisation_id)
                .bind(s.user_id)
                .bind(&s.sha256)
                .bind(s.ip.as_deref())
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if signed == 0 {
                    return Ok(false);
                }
            }
            insert_obligations!(tx, id, &mv.obligations);
            let (sme, owner): (i64, i64) =
                sqlx::query_as("SELECT sme_id, owner_id FROM deals WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let acting = if mv.side == "owner" { owner } else { sme };
            write_audit!(
                tx,
                ctx,
                Some(acting),
                now,
                "deal.step",
                "deal",
                id.to_string(),
                Some(format!("state={}", from.as_str())),
                Some(format!(
                    "state={}; event={}; side={}",
                    to.as_str(),
                    mv.event,
                    mv.side
                ))
            );
            let other = if mv.side == "owner" { sme } else { owner };
            notify_organisation!(
                tx,
                other,
                "deal",
                format!("交易 #{id}：对方{}", step_label_zh(mv.event)),
                format!("Deal #{id}: the other side {}", step_label_en(mv.event)),
                format!("/deals/{id}"),
                now
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The ids of patents by their stored numbers: `(number, id)` for those
    /// that exist.
    pub async fn patent_ids_by_number(
        &self,
        numbers: &[String],
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let mut out = Vec::new();
        for n in numbers {
            let row: Option<(String, i64)> = with_pool!(self, |pool| {
                sqlx::query_as("SELECT number, id FROM patents WHERE number = $1")
                    .bind(n)
                    .fetch_optional(pool)
                    .await?
            });
            out.extend(row);
        }
        Ok(out)
    }

    /// For each of `patent_ids`, the modes of its deals other than `except`
    /// that are signed and not ended: `(patent id, mode)`.
    pub async fn live_deal_modes(
        &self,
        patent_ids: &[i64],
        except: Option<i64>,
    ) -> Result<Vec<(i64, ListingMode)>, StorageError> {
        if patent_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = patent_ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT dp.patent_id, d.mode FROM deal_patents dp JOIN deals d ON d.id = dp.deal_id \
             WHERE dp.patent_id IN ({}) AND d.id <> $1 AND d.state IN ('signed', 'recorded', 'in_force', 'disputed')",
            ids.join(", ")
        );
        let rows: Vec<(i64, String)> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(except.unwrap_or(0))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(p, m)| Ok((p, ListingMode::parse(&m).map_err(|_| corrupt("mode", &m))?)))
            .collect()
    }

    /// Patents by id, as a deal lists them.
    pub async fn deal_patents_by_ids(&self, ids: &[i64]) -> Result<Vec<DealPatent>, StorageError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT id AS patent_id, number, title_zh, title_en, patent_type, legal_status, application_date, grant_date \
             FROM patents WHERE id IN ({}) ORDER BY id",
            list.join(", ")
        );
        let rows = with_pool!(self, |pool| { sqlx::query_as(&sql).fetch_all(pool).await? });
        Ok(rows)
    }

    /// One deal.
    pub async fn deal(&self, id: i64) -> Result<Option<DealRecord>, StorageError> {
        Ok(self.deals_where("d.id = $1", id).await?.into_iter().next())
    }

    /// The deals an organisation takes part in, on either side, newest first.
    pub async fn deals_of(&self, organisation: i64) -> Result<Vec<DealRecord>, StorageError> {
        self.deals_where("(d.sme_id = $1 OR d.owner_id = $1)", organisation)
            .await
    }

    /// Every deal (administrators, statistics), newest first, at most 500.
    pub async fn all_deals(&self) -> Result<Vec<DealRecord>, StorageError> {
        self.deals_where("d.id > $1", 0).await
    }

    async fn deals_where(&self, clause: &str, arg: i64) -> Result<Vec<DealRecord>, StorageError> {
        let sql =
            format!("{DEAL_SELECT} WHERE {clause} ORDER BY d.updated_at DESC, d.id DESC LIMIT 500");
        let (rows, patents): (Vec<DealRow>, Vec<(i64, DealPatent)>) = with_pool!(self, |pool| {
            let rows: Vec<DealRow> = sqlx::query_as(&sql).bind(arg).fetch_all(pool).await?;
            let mut patents = Vec::new();
            if !rows.is_empty() {
                let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
                let found: Vec<DealPatentRow> = sqlx::query_as(&format!(
                    "SELECT dp.deal_id, p.id AS patent_id, p.number, p.title_zh, p.title_en, p.patent_type, p.legal_status, \
                     p.application_date, p.grant_date FROM deal_patents dp JOIN patents p ON p.id = dp.patent_id \
                     WHERE dp.deal_id IN ({}) ORDER BY dp.deal_id, dp.position",
                    ids.join(", ")
                ))
                .fetch_all(pool)
                .await?;
                patents = found.into_iter().map(DealPatentRow::split).collect();
            }
            (rows, patents)
        });
        rows.into_iter()
            .map(|r| {
                Ok(DealRecord {
                    id: r.id,
                    listing_id: r.listing_id,
                    listing_title: r.listing_title,
                    sme_id: r.sme_id,
                    sme_name_zh: r.sme_name_zh,
                    owner_id: r.owner_id,
                    owner_name_zh: r.owner_name_zh,
                    mode: ListingMode::parse(&r.mode).map_err(|_| corrupt("mode", &r.mode))?,
                    state: DealState::parse(&r.state).map_err(|_| corrupt("state", &r.state))?,
                    terms: stored::decode_optional_terms(
                        r.terms.as_deref(),
                        stored::Origin {
                            table: "deals",
                            column: "terms",
                            id: r.id,
                        },
                    )?,
                    pledgee_consent: r.pledgee_consent,
                    effective_on: r.effective_on,
                    record_number: r.record_number,
                    recorded_on: r.recorded_on,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    patents: patents
                        .iter()
                        .filter(|(d, _)| *d == r.id)
                        .map(|(_, p)| p.clone())
                        .collect(),
                })
            })
            .collect()
    }

    /// A deal's steps, oldest first.
    pub async fn deal_steps(&self, id: i64) -> Result<Vec<DealStep>, StorageError> {
        let rows: Vec<StepRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.event, s.side, s.from_state, s.to_state, s.message, s.offer, s.user_id, \
                 u.display_name AS user_name, s.at FROM deal_steps s LEFT JOIN users u ON u.id = s.user_id \
                 WHERE s.deal_id = $1 ORDER BY s.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(StepRow::into_step).collect()
    }

    /// A deal's contract documents, newest first.
    pub async fn deal_documents(&self, id: i64) -> Result<Vec<DealDocument>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, template, template_version, sha256, created_at FROM deal_documents \
                 WHERE deal_id = $1 ORDER BY id DESC",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// A document's PDF bytes.
    pub async fn deal_document_pdf(
        &self,
        document_id: i64,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let row: Option<(Vec<u8>,)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT pdf FROM deal_documents WHERE id = $1")
                .bind(document_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(b,)| b))
    }

    /// A deal's signatures, oldest first.
    pub async fn deal_signatures(&self, id: i64) -> Result<Vec<Signature>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.document_id, s.side, s.organisation_id, s.user_id, u.display_name AS user_name, s.sha256, s.ip, s.signed_at \
                 FROM deal_signatures s LEFT JOIN users u ON u.id = s.user_id WHERE s.deal_id = $1 ORDER BY s.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// A deal's obligations by due date.
    pub async fn obligations(&self, deal_id: i64) -> Result<Vec<ObligationRecord>, StorageError> {
        let rows: Vec<ObligationRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, deal_id, due_on, amount_fen, period_start, period_end, description_zh, description_en, \
                 paid_fen, paid_on, overdue_flagged_at FROM obligations WHERE deal_id = $1 ORDER BY due_on, id",
            )
            .bind(deal_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ObligationRecord::from).collect())
    }

    /// Records a payment against an obligation of the deal; `false` when
    /// the obligation is not the deal's or is already paid.
    pub async fn record_payment(
        &self,
        ctx: &AuditContext,
        deal_id: i64,
        obligation_id: i64,
        paid_fen: i64,
        paid_on: NaiveDate,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE obligations SET paid_fen = $3, paid_on = $4 WHERE id = $1 AND deal_id = $2 AND paid_on IS NULL",
            )
            .bind(obligation_id)
            .bind(deal_id)
            .bind(paid_fen)
            .bind(paid_on)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            let (owner,): (i64,) = sqlx::query_as("SELECT owner_id FROM deals WHERE id = $1")
                .bind(deal_id)
                .fetch_one(&mut *tx)
                .await?;
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "deal.payment",
                "obligation",
                obligation_id.to_string(),
                None::<String>,
                Some(format!(
                    "deal={deal_id}; paid_fen={paid_fen}; paid_on={paid_on}"
                ))
            );
            notify_organisation!(
                tx,
                owner,
                "deal",
                format!("交易 #{deal_id}：对方已登记付款"),
                format!("Deal #{deal_id}: the other side recorded a payment"),
                format!("/deals/{deal_id}"),
                now
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Stores a royalty report; the obligation it settles (if any) gets the
    /// royalty as its amount due. One transaction; the owner is told.
    pub async fn add_royalty_report(
        &self,
        ctx: &AuditContext,
        deal_id: i64,
        r: &NewRoyaltyReport,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO royalty_reports (deal_id, obligation_id, period_start, period_end, sales_fen, base_fen, royalty_fen, note, user_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(deal_id)
            .bind(r.obligation_id)
            .bind(r.period_start)
            .bind(r.period_end)
            .bind(r.sales_fen)
            .bind(r.base_fen)
            .bind(r.royalty_fen)
            .bind(r.note.as_deref())
            .bind(ctx.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(o) = r.obligation_id {
                // Only an unpaid royalty period of the same dates takes the
                // reported amount; a fixed amount is never rewritten.
                let set = sqlx::query(
                    "UPDATE obligations SET amount_fen = $3 WHERE id = $1 AND deal_id = $2 AND paid_on IS NULL \
                     AND period_start = $4 AND period_end = $5",
                )
                .bind(o)
                .bind(deal_id)
                .bind(r.royalty_fen)
                .bind(r.period_start)
                .bind(r.period_end)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if set == 0 {
                    return Err(StorageError::Invalid(
                        "the report's obligation is not an unpaid royalty period with these dates",
                    ));
                }
            }
            let (sme, owner): (i64, i64) =
                sqlx::query_as("SELECT sme_id, owner_id FROM deals WHERE id = $1")
                    .bind(deal_id)
                    .fetch_one(&mut *tx)
                    .await?;
            write_audit!(
                tx,
                ctx,
                Some(sme),
                now,
                "deal.royalty_report",
                "royalty_report",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "deal={deal_id}; period={}..{}; sales_fen={}; royalty_fen={}",
                    r.period_start, r.period_end, r.sales_fen, r.royalty_fen
                ))
            );
            notify_organisation!(
                tx,
                owner,
                "deal",
                format!(
                    "交易 #{deal_id}：收到提成报告（{} 至 {}）",
                    r.period_start, r.period_end
                ),
                format!(
                    "Deal #{deal_id}: royalty report for {} to {}",
                    r.period_start, r.period_end
                ),
                format!("/deals/{deal_id}"),
                now
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// A deal's royalty reports by period.
    pub async fn royalty_reports(&self, deal_id: i64) -> Result<Vec<RoyaltyReport>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, deal_id, obligation_id, period_start, period_end, sales_fen, base_fen, royalty_fen, note, user_id, created_at \
                 FROM royalty_reports WHERE deal_id = $1 ORDER BY period_start",
            )
            .bind(deal_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Stores an outcome entry. Audited.
    pub async fn add_outcome(
        &self,
        ctx: &AuditContext,
        deal_id: i64,
        o: &NewOutcome,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO outcomes (deal_id, period, product_name, filing, filing_number, output_value_fen, revenue_fen, jobs, user_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(deal_id)
            .bind(&o.period)
            .bind(&o.product_name)
            .bind(&o.filing)
            .bind(o.filing_number.as_deref())
            .bind(o.output_value_fen)
            .bind(o.revenue_fen)
            .bind(o.jobs)
            .bind(ctx.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let (sme,): (i64,) = sqlx::query_as("SELECT sme_id FROM deals WHERE id = $1")
                .bind(deal_id)
                .fetch_one(&mut *tx)
                .await?;
            write_audit!(
                tx,
                ctx,
                Some(sme),
                now,
                "deal.outcome",
                "outcome",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "deal={deal_id}; period={}; product={}; filing={}; output_fen={}; revenue_fen={}; jobs={}",
                    o.period, o.product_name, o.filing, o.output_value_fen, o.revenue_fen, o.jobs
                ))
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// A deal's outcome entries by period.
    pub async fn outcomes(&self, deal_id: i64) -> Result<Vec<Outcome>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, deal_id, period, product_name, filing, filing_number, output_value_fen, revenue_fen, jobs, user_id, created_at \
                 FROM outcomes WHERE deal_id = $1 ORDER BY period, id",
            )
            .bind(deal_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Flags every unpaid obligation due before `today` that was not flagged
    /// yet: both sides and every verified industry operation centre are
    /// told once. Returns how many were flagged.
    pub async fn flag_overdue_obligations(&self, today: NaiveDate) -> Result<usize, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let due: Vec<(i64, i64, String, i64, i64)> = sqlx::query_as(
                "SELECT o.id, o.deal_id, o.description_zh, d.sme_id, d.owner_id FROM obligations o JOIN deals d ON d.id = o.deal_id \
                 WHERE o.paid_on IS NULL AND o.overdue_flagged_at IS NULL AND o.due_on < $1 \
                 AND d.state IN ('signed', 'recorded', 'in_force', 'disputed')",
            )
            .bind(today)
            .fetch_all(&mut *tx)
            .await?;
            let centres: Vec<(i64,)> = sqlx::query_as(
                "SELECT id FROM organisations WHERE kind = 'industry_operation_centre' AND verification = 'verified'",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (obligation, deal, what, sme, owner) in &due {
                sqlx::query("UPDATE obligations SET overdue_flagged_at = $2 WHERE id = $1")
                    .bind(obligation)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let mut told: Vec<i64> = vec![*sme, *owner];
                told.extend(centres.iter().map(|c| c.0));
                for org in told {
                    notify_organisation!(
                        tx,
                        org,
                        "overdue",
                        format!("交易 #{deal} 的付款已逾期：{what}"),
                        format!("Deal #{deal}: a payment is overdue ({what})"),
                        format!("/deals/{deal}"),
                        now
                    );
                }
            }
            tx.commit().await?;
            Ok(due.len())
        })
    }
}

#[derive(sqlx::FromRow)]
struct DealPatentRow {
    deal_id: i64,
    patent_id: i64,
    number: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    patent_type: String,
    legal_status: String,
    application_date: Option<NaiveDate>,
    grant_date: Option<NaiveDate>,
}

impl DealPatentRow {
    fn split(self) -> (i64, DealPatent) {
        (
            self.deal_id,
            DealPatent {
                patent_id: self.patent_id,
                number: self.number,
                title_zh: self.title_zh,
                title_en: self.title_en,
                patent_type: self.patent_type,
                legal_status: self.legal_status,
                application_date: self.application_date,
                grant_date: self.grant_date,
            },
        )
    }
}

fn step_label_zh(event: &str) -> &'static str {
    match event {
        "message" => "发来留言",
        "offer" => "提出了报价",
        "accept_offer" => "接受了报价，合同已生成",
        "sign" => "签署了合同",
        "record" => "登记了备案",
        "start_performance" => "开始履行",
        "complete" => "确认交易完成",
        "withdraw" => "撤回了交易",
        "reject" => "拒绝了交易",
        "dispute" => "提出了争议",
        "resolve" => "确认争议已解决",
        "terminate" => "终止了交易",
        _ => "更新了交易",
    }
}

fn step_label_en(event: &str) -> &'static str {
    match event {
        "message" => "sent a message",
        "offer" => "made an offer",
        "accept_offer" => "accepted the offer; the contract is drafted",
        "sign" => "signed the contract",
        "record" => "recorded the filing",
        "start_performance" => "started performance",
        "complete" => "completed the deal",
        "withdraw" => "withdrew",
        "reject" => "rejected the deal",
        "dispute" => "raised a dispute",
        "resolve" => "resolved the dispute",
        "terminate" => "terminated the deal",
        _ => "updated the deal",
    }
}
