//! Listings: writing them, moving them through their states (each move
//! recorded with who and why), the facts the listing rules need about their
//! patents, the mall's filtered and faceted search, and the automatic pause
//! when an import changes a listed patent's standing.

use chrono::{DateTime, Utc};
use patentbridge_domain::listing::{
    Broker, Industry, ListedPatentFacts, ListingMode, ListingSpec, ListingState,
    OpenLicencePayment, OpenLicenceTerms, PauseReason, Price, PriceModelKind, Royalty,
    RoyaltyBasis, Trl,
};
use patentbridge_domain::{LegalStatus, PatentNumber, PatentType, RegisterEventKind};

use crate::audit::{AuditContext, write_audit};
use crate::holdings::held_by;
use crate::{BeginWrite, StorageError, Store, with_pool};

/// Links a listing to its patents, in order, on an open transaction; a
/// number not in the catalogue is [`StorageError::Invalid`] (the caller's
/// transaction then stores nothing).
macro_rules! write_listing_patents {
    ($tx:expr, $id:expr, $numbers:expr) => {{
        for (pos, n) in $numbers.iter().enumerate() {
            let pid: Option<(i64,)> = sqlx::query_as("SELECT id FROM patents WHERE number = $1")
                .bind(n.to_string())
                .fetch_optional(&mut *$tx)
                .await?;
            let pid = pid
                .ok_or(StorageError::Invalid(
                    "a listed patent is not in the catalogue",
                ))?
                .0;
            sqlx::query(
                "INSERT INTO listing_patents (listing_id, patent_id, position) VALUES ($1, $2, $3)",
            )
            .bind($id)
            .bind(pid)
            .bind(pos as i64)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Recomputes a listing's derived columns (IPC class, search text) from its
/// content and patents, on an open transaction.
macro_rules! refresh_derived {
    ($tx:expr, $id:expr) => {{
        let id: i64 = $id;
        let texts: Vec<(Option<String>, Option<String>, Option<String>, Option<String>, String)> = sqlx::query_as(
            "SELECT p.title_zh, p.title_en, p.abstract_zh, p.abstract_en, p.keywords FROM listing_patents lp \
             JOIN patents p ON p.id = lp.patent_id WHERE lp.listing_id = $1 ORDER BY lp.position",
        )
        .bind(id)
        .fetch_all(&mut *$tx)
        .await?;
        let names: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT pp.name FROM listing_patents lp JOIN patent_parties pp ON pp.patent_id = lp.patent_id \
             WHERE lp.listing_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *$tx)
        .await?;
        let own: (String, String, String, String, String) = sqlx::query_as(
            "SELECT l.title, l.problem, l.advantages, l.scenarios, o.name_zh FROM listings l \
             JOIN organisations o ON o.id = l.organisation_id WHERE l.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *$tx)
        .await?;
        let numbers: Vec<(String,)> = sqlx::query_as(
            "SELECT p.number FROM listing_patents lp JOIN patents p ON p.id = lp.patent_id WHERE lp.listing_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *$tx)
        .await?;
        let mut text = vec![own.0, own.1, own.2, own.3, own.4];
        for (a, b, c, d, k) in texts {
            text.extend([a, b, c, d].into_iter().flatten());
            text.push(k);
        }
        text.extend(names.into_iter().map(|(n,)| n));
        text.extend(numbers.into_iter().map(|(n,)| n));
        let search_text = text.join("\n").to_lowercase();
        let ipc: Option<(String,)> = sqlx::query_as(
            "SELECT c.code FROM listing_patents lp JOIN patent_classifications c ON c.patent_id = lp.patent_id \
             WHERE lp.listing_id = $1 AND c.scheme = 'ipc' ORDER BY lp.position, c.position LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *$tx)
        .await?;
        let ipc_class = ipc.map(|(c,)| c.replace(' ', "").chars().take(4).collect::<String>());
        sqlx::query("UPDATE listings SET search_text = $2, ipc_class = $3 WHERE id = $1")
            .bind(id)
            .bind(search_text)
            .bind(ipc_class)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Applies a compare-and-set move on an open transaction, records the
/// transition and the audit entry, and tells the owner when someone outside
/// it (a reviewer, the register) moved the listing. Evaluates to whether the
/// listing moved.
macro_rules! apply_move {
    ($tx:expr, $ctx:expr, $id:expr, $mv:expr, $now:expr) => {{
        let ctx: &AuditContext = $ctx;
        let mv: &ListingMove = $mv;
        let id: i64 = $id;
        let changed = sqlx::query(
            "UPDATE listings SET state = $3, pause_reason = $4, updated_at = $5, \
             review_note = CASE WHEN $6 IS NULL THEN review_note ELSE $6 END, \
             published_at = CASE WHEN $3 = 'published' AND published_at IS NULL THEN $5 ELSE published_at END \
             WHERE id = $1 AND state = $2",
        )
        .bind(id)
        .bind(mv.from.as_str())
        .bind(mv.to.as_str())
        .bind(mv.pause_reason.map(|r| r.as_str()))
        .bind($now)
        .bind(mv.note.as_deref())
        .execute(&mut *$tx)
        .await?
        .rows_affected();
        if changed > 0 {
            sqlx::query(
                "INSERT INTO listing_transitions (listing_id, from_state, to_state, event, reason, note, user_id, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(mv.from.as_str())
            .bind(mv.to.as_str())
            .bind(mv.event)
            .bind(mv.pause_reason.map(|r| r.as_str()))
            .bind(mv.note.as_deref())
            .bind(ctx.user_id)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            let (owner, title): (i64, String) =
                sqlx::query_as("SELECT organisation_id, title FROM listings WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *$tx)
                    .await?;
            write_audit!(
                $tx,
                ctx,
                Some(owner),
                $now,
                "listing.transition",
                "listing",
                id.to_string(),
                Some(format!("state={}", mv.from.as_str())),
                Some(format!(
                    "state={}; event={}{}",
                    mv.to.as_str(),
                    mv.event,
                    mv.pause_reason.map(|r| format!("; reason={}", r.as_str())).unwrap_or_default()
                ))
            );
            if ctx.organisation_id != Some(owner) {
                let (zh, en) = match mv.pause_reason {
                    Some(r) if mv.to == ListingState::Paused => (
                        format!("挂牌“{title}”已暂停：{}", r.label().zh()),
                        format!("Listing “{title}” was paused: {}", r.label().en()),
                    ),
                    _ => (
                        format!("挂牌“{title}”状态变为：{}", mv.to.label().zh()),
                        format!("Listing “{title}” is now {}", mv.to.label().en().to_lowercase()),
                    ),
                };
                $crate::notifications::notify_organisation!($tx, owner, "listing", zh, en, format!("/listings/{id}"), $now);
            }
        }
        changed > 0
    }};
}
pub(crate) use apply_move;

/// One patent of a listing, as the listing pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPatent {
    pub number: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub patent_type: PatentType,
    pub legal_status: LegalStatus,
}

/// A stored listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub owner_name_zh: String,
    pub owner_name_en: Option<String>,
    /// The owner's GB/T 2260 region code.
    pub district: Option<String>,
    pub spec: ListingSpec,
    pub state: ListingState,
    pub pause_reason: Option<PauseReason>,
    pub review_note: Option<String>,
    /// The first patent's first IPC class (e.g. `G01L`).
    pub ipc_class: Option<String>,
    pub patents: Vec<ListedPatent>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// One recorded move of a listing.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ListingTransition {
    pub from_state: Option<String>,
    pub to_state: String,
    pub event: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// A requested move: compare-and-set from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingMove {
    pub from: ListingState,
    pub to: ListingState,
    /// `ListingEvent::as_str`.
    pub event: &'static str,
    /// Set when the move pauses; cleared otherwise.
    pub pause_reason: Option<PauseReason>,
    /// The reviewer's or owner's note.
    pub note: Option<String>,
}

/// The mall's price bands, in yuan, for the price facet.
pub const PRICE_BANDS: &[(&str, i64, Option<i64>)] = &[
    ("0", 0, Some(0)),
    ("1-100000", 1, Some(100_000)),
    ("100001-500000", 100_001, Some(500_000)),
    ("500001-1000000", 500_001, Some(1_000_000)),
    ("1000001-", 1_000_001, None),
];

/// Which listings to find.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingQuery {
    /// Words every listing must contain (listing text, its patents' titles,
    /// abstracts, keywords, applicants); lower-case.
    pub words: Vec<String>,
    pub states: Vec<ListingState>,
    pub mode: Option<ListingMode>,
    pub price_model: Option<PriceModelKind>,
    /// A key of [`PRICE_BANDS`].
    pub price_band: Option<String>,
    pub industry: Option<Industry>,
    /// An IPC section letter (`G`) or class (`G01L`).
    pub ipc: Option<String>,
    pub owner: Option<i64>,
    pub district: Option<String>,
    pub trl: Option<u8>,
    /// Only these ids (the compare view, favourites).
    pub ids: Option<Vec<i64>>,
    pub limit: i64,
    pub offset: i64,
}

/// Counts per value of each facet, over the listings the query matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingFacets {
    pub mode: Vec<(String, i64)>,
    pub price_model: Vec<(String, i64)>,
    pub price_band: Vec<(String, i64)>,
    pub industry: Vec<(String, i64)>,
    pub ipc_section: Vec<(String, i64)>,
    /// (organisation id, Chinese name, count).
    pub owner: Vec<(i64, String, i64)>,
    pub district: Vec<(String, i64)>,
    pub trl: Vec<(i64, i64)>,
}

/// A page of listings with the total and the facets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingPage {
    pub total: i64,
    pub items: Vec<ListingRecord>,
    pub facets: ListingFacets,
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: i64,
    organisation_id: i64,
    owner_name_zh: String,
    owner_name_en: Option<String>,
    district: Option<String>,
    title: String,
    mode: String,
    price_model: String,
    price_fen: Option<i64>,
    free_months: Option<i64>,
    royalty_basis: Option<String>,
    royalty_bp: Option<i64>,
    open_payment: Option<String>,
    open_fee_fen: Option<i64>,
    open_royalty_basis: Option<String>,
    open_royalty_bp: Option<i64>,
    open_term_years: Option<i64>,
    evaluation_report: Option<String>,
    problem: String,
    advantages: String,
    trl: i64,
    scenarios: String,
    industry: String,
    broker_name: String,
    broker_phone: String,
    state: String,
    pause_reason: Option<String>,
    review_note: Option<String>,
    ipc_class: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct ListedPatentRow {
    listing_id: i64,
    number: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    patent_type: String,
    legal_status: String,
}

const LISTING_COLUMNS: &str = "l.id, l.organisation_id, o.name_zh AS owner_name_zh, o.name_en AS owner_name_en, \
    l.district, l.title, l.mode, l.price_model, l.price_fen, l.free_months, l.royalty_basis, l.royalty_bp, \
    l.open_payment, l.open_fee_fen, l.open_royalty_basis, l.open_royalty_bp, l.open_term_years, \
    l.evaluation_report, l.problem, l.advantages, l.trl, l.scenarios, l.industry, l.broker_name, \
    l.broker_phone, l.state, l.pause_reason, l.review_note, l.ipc_class, l.created_at, l.updated_at, \
    l.published_at";

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("listing {what} {value:?}"))
}

fn royalty(basis: Option<&str>, bp: Option<i64>) -> Result<Royalty, StorageError> {
    let basis = basis.ok_or_else(|| corrupt("royalty basis", ""))?;
    Ok(Royalty {
        basis: RoyaltyBasis::parse(basis).map_err(|_| corrupt("royalty basis", basis))?,
        basis_points: bp.unwrap_or(0).max(0) as u32,
    })
}

impl ListingRow {
    fn into_record(self, patents: Vec<ListedPatent>) -> Result<ListingRecord, StorageError> {
        let mode = ListingMode::parse(&self.mode).map_err(|_| corrupt("mode", &self.mode))?;
        let kind = PriceModelKind::parse(&self.price_model)
            .map_err(|_| corrupt("price model", &self.price_model))?;
        let price = match kind {
            PriceModelKind::Fixed => {
                Price::Fixed(patentbridge_domain::Fen::new(self.price_fen.unwrap_or(0)))
            }
            PriceModelKind::Negotiable => Price::Negotiable {
                reference: self.price_fen.map(patentbridge_domain::Fen::new),
            },
            PriceModelKind::ZeroPriceFirst => Price::ZeroPriceFirst,
            PriceModelKind::UseFirstPayLater => Price::UseFirstPayLater {
                free_months: self.free_months.unwrap_or(0).clamp(0, u16::MAX as i64) as u16,
                royalty: royalty(self.royalty_basis.as_deref(), self.royalty_bp)?,
            },
        };
        let open_licence = match self.open_payment.as_deref() {
            None => None,
            Some(code) => {
                let fee = patentbridge_domain::Fen::new(self.open_fee_fen.unwrap_or(0));
                let payment = match code {
                    "lump_sum" => OpenLicencePayment::LumpSum(fee),
                    "royalty" => OpenLicencePayment::Royalty(royalty(
                        self.open_royalty_basis.as_deref(),
                        self.open_royalty_bp,
                    )?),
                    "entry_plus_royalty" => OpenLicencePayment::EntryPlusRoyalty {
                        entry: fee,
                        royalty: royalty(self.open_royalty_basis.as_deref(), self.open_royalty_bp)?,
                    },
                    other => return Err(corrupt("open-licence payment", other)),
                };
                Some(OpenLicenceTerms {
                    payment,
                    term_years: self.open_term_years.unwrap_or(0).clamp(0, 100) as u16,
                    evaluation_report: self.evaluation_report.clone(),
                })
            }
        };
        let numbers = patents
            .iter()
            .map(|p| PatentNumber::parse(&p.number).map_err(|_| corrupt("patent", &p.number)))
            .collect::<Result<Vec<_>, _>>()?;
        let spec = ListingSpec {
            title: self.title,
            patents: numbers,
            mode,
            price,
            open_licence,
            problem: self.problem,
            advantages: self.advantages,
            trl: u8::try_from(self.trl)
                .ok()
                .and_then(Trl::new)
                .ok_or_else(|| corrupt("readiness level", &self.trl.to_string()))?,
            scenarios: self.scenarios,
            industry: Industry::parse(&self.industry)
                .map_err(|_| corrupt("industry", &self.industry))?,
            broker: Broker {
                name: self.broker_name,
                phone: self.broker_phone,
            },
        };
        Ok(ListingRecord {
            id: self.id,
            organisation_id: self.organisation_id,
            owner_name_zh: self.owner_name_zh,
            owner_name_en: self.owner_name_en,
            district: self.district,
            spec,
            state: ListingState::parse(&self.state).map_err(|_| corrupt("state", &self.state))?,
            pause_reason: match self.pause_reason.as_deref() {
                None => None,
                Some(r) => Some(PauseReason::parse(r).map_err(|_| corrupt("pause reason", r))?),
            },
            review_note: self.review_note,
            ipc_class: self.ipc_class,
            patents,
            created_at: self.created_at,
            updated_at: self.updated_at,
            published_at: self.published_at,
        })
    }
}

/// The price columns of a spec: (price_fen, free_months, royalty basis, royalty bp).
fn price_columns(price: &Price) -> (Option<i64>, Option<i64>, Option<&'static str>, Option<i64>) {
    match price {
        Price::Fixed(f) => (Some(f.value()), None, None, None),
        Price::Negotiable { reference } => (reference.map(|f| f.value()), None, None, None),
        Price::ZeroPriceFirst => (Some(0), None, None, None),
        Price::UseFirstPayLater {
            free_months,
            royalty,
        } => (
            None,
            Some(i64::from(*free_months)),
            Some(royalty.basis.as_str()),
            Some(i64::from(royalty.basis_points)),
        ),
    }
}

/// The open-licence columns: (payment, fee, royalty basis, royalty bp, term, report).
type OpenColumns = (
    Option<&'static str>,
    Option<i64>,
    Option<&'static str>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

fn open_columns(terms: Option<&OpenLicenceTerms>) -> OpenColumns {
    let Some(t) = terms else {
        return (None, None, None, None, None, None);
    };
    let (fee, royalty) = match t.payment {
        OpenLicencePayment::LumpSum(f) => (Some(f.value()), None),
        OpenLicencePayment::Royalty(r) => (None, Some(r)),
        OpenLicencePayment::EntryPlusRoyalty { entry, royalty } => {
            (Some(entry.value()), Some(royalty))
        }
    };
    (
        Some(t.payment.code()),
        fee,
        royalty.map(|r| r.basis.as_str()),
        royalty.map(|r| i64::from(r.basis_points)),
        Some(i64::from(t.term_years)),
        t.evaluation_report.clone(),
    )
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(word: &str) -> String {
    let mut s = String::with_capacity(word.len() + 2);
    s.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

enum Arg {
    Int(i64),
    Text(String),
}

/// Builds the WHERE clause of a listing query. Facet counts are taken over
/// the same filtered set (drill-down), so a chosen facet shows its one value.
fn where_clause(q: &ListingQuery, args: &mut Vec<Arg>) -> String {
    let mut clauses: Vec<String> = Vec::new();
    fn push(clauses: &mut Vec<String>, clause: &str, arg: Arg, args: &mut Vec<Arg>) {
        args.push(arg);
        clauses.push(clause.replace('?', &format!("${}", args.len())));
    }
    if !q.states.is_empty() {
        let marks: Vec<String> = q
            .states
            .iter()
            .map(|s| {
                args.push(Arg::Text(s.as_str().to_string()));
                format!("${}", args.len())
            })
            .collect();
        clauses.push(format!("l.state IN ({})", marks.join(", ")));
    }
    for w in &q.words {
        push(
            &mut clauses,
            "l.search_text LIKE ? ESCAPE '\\'",
            Arg::Text(like_pattern(w)),
            args,
        );
    }
    if let Some(m) = q.mode {
        push(
            &mut clauses,
            "l.mode = ?",
            Arg::Text(m.as_str().into()),
            args,
        );
    }
    if let Some(p) = q.price_model {
        push(
            &mut clauses,
            "l.price_model = ?",
            Arg::Text(p.as_str().into()),
            args,
        );
    }
    if let Some((_, lo, hi)) = q
        .price_band
        .as_deref()
        .and_then(|b| PRICE_BANDS.iter().find(|(k, _, _)| *k == b))
    {
        push(&mut clauses, "l.price_fen >= ?", Arg::Int(lo * 100), args);
        if let Some(hi) = hi {
            push(&mut clauses, "l.price_fen <= ?", Arg::Int(hi * 100), args);
        }
    }
    if let Some(i) = q.industry {
        push(
            &mut clauses,
            "l.industry = ?",
            Arg::Text(i.as_str().into()),
            args,
        );
    }
    if let Some(ipc) = &q.ipc {
        push(
            &mut clauses,
            "l.ipc_class LIKE ? ESCAPE '\\'",
            Arg::Text(format!("{}%", like_pattern(ipc).trim_matches('%'))),
            args,
        );
    }
    if let Some(o) = q.owner {
        push(&mut clauses, "l.organisation_id = ?", Arg::Int(o), args);
    }
    if let Some(d) = &q.district {
        push(&mut clauses, "l.district = ?", Arg::Text(d.clone()), args);
    }
    if let Some(t) = q.trl {
        push(&mut clauses, "l.trl = ?", Arg::Int(i64::from(t)), args);
    }
    if let Some(ids) = &q.ids {
        if ids.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
            clauses.push(format!("l.id IN ({})", list.join(", ")));
        }
    }
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    }
}

macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_str()),
            };
        }
        q
    }};
}

impl Store {
    /// The facts the listing rules need about each of `numbers` that exists:
    /// type, status, whether `organisation_id` holds it, court preservation,
    /// and the modes of other live listings including it.
    pub async fn listed_patent_facts(
        &self,
        organisation_id: i64,
        numbers: &[PatentNumber],
        except_listing: Option<i64>,
    ) -> Result<Vec<ListedPatentFacts>, StorageError> {
        let held = held_by("p.id", "$2");
        let sql = format!(
            "SELECT p.id, p.number, p.patent_type, p.legal_status, {held} AS held FROM patents p WHERE p.number = $1"
        );
        let mut facts = Vec::new();
        with_pool!(self, |pool| {
            for number in numbers {
                let row: Option<(i64, String, String, String, bool)> = sqlx::query_as(&sql)
                    .bind(number.to_string())
                    .bind(organisation_id)
                    .fetch_optional(pool)
                    .await?;
                let Some((id, _, patent_type, status, held)) = row else {
                    continue;
                };
                let events: Vec<(String,)> = sqlx::query_as(
                    "SELECT kind FROM patent_events WHERE patent_id = $1 AND kind IN ('preservation', 'preservation_release') \
                     ORDER BY event_date, position",
                )
                .bind(id)
                .fetch_all(pool)
                .await?;
                let preserved = events
                    .last()
                    .is_some_and(|(k,)| k == RegisterEventKind::Preservation.as_str());
                let modes: Vec<(String,)> = sqlx::query_as(
                    "SELECT l.mode FROM listing_patents lp JOIN listings l ON l.id = lp.listing_id \
                     WHERE lp.patent_id = $1 AND l.state IN ('under_review', 'published', 'paused') AND l.id <> $2",
                )
                .bind(id)
                .bind(except_listing.unwrap_or(-1))
                .fetch_all(pool)
                .await?;
                facts.push(ListedPatentFacts {
                    number: number.clone(),
                    patent_type: PatentType::parse(&patent_type).unwrap_or(PatentType::Invention),
                    legal_status: LegalStatus::parse(&status).unwrap_or(LegalStatus::Unknown),
                    held_by_lister: held,
                    preserved,
                    other_live_modes: modes
                        .iter()
                        .filter_map(|(m,)| ListingMode::parse(m).ok())
                        .collect(),
                });
            }
        });
        Ok(facts)
    }

    /// Stores a new listing as a draft of `organisation_id`. The patents
    /// must exist (checked with [`Store::listed_patent_facts`] first); a
    /// missing one is [`StorageError::Invalid`] and nothing is stored.
    pub async fn create_listing(
        &self,
        ctx: &AuditContext,
        organisation_id: i64,
        spec: &ListingSpec,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        let (price_fen, free_months, royalty_basis, royalty_bp) = price_columns(&spec.price);
        let (open_payment, open_fee, open_basis, open_bp, open_term, report) =
            open_columns(spec.open_licence.as_ref());
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO listings (organisation_id, title, mode, price_model, price_fen, free_months, royalty_basis, \
                 royalty_bp, open_payment, open_fee_fen, open_royalty_basis, open_royalty_bp, open_term_years, \
                 evaluation_report, problem, advantages, trl, scenarios, industry, broker_name, broker_phone, state, \
                 district, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                 'draft', (SELECT region_code FROM organisations WHERE id = $1), $22, $23, $23) RETURNING id",
            )
            .bind(organisation_id)
            .bind(&spec.title)
            .bind(spec.mode.as_str())
            .bind(spec.price.kind().as_str())
            .bind(price_fen)
            .bind(free_months)
            .bind(royalty_basis)
            .bind(royalty_bp)
            .bind(open_payment)
            .bind(open_fee)
            .bind(open_basis)
            .bind(open_bp)
            .bind(open_term)
            .bind(&report)
            .bind(&spec.problem)
            .bind(&spec.advantages)
            .bind(i64::from(spec.trl.level()))
            .bind(&spec.scenarios)
            .bind(spec.industry.as_str())
            .bind(&spec.broker.name)
            .bind(&spec.broker.phone)
            .bind(ctx.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            write_listing_patents!(tx, id, &spec.patents);
            refresh_derived!(tx, id);
            sqlx::query(
                "INSERT INTO listing_transitions (listing_id, from_state, to_state, event, user_id, at) \
                 VALUES ($1, NULL, 'draft', 'create', $2, $3)",
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
                "listing.create",
                "listing",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "title={}; mode={}; price_model={}",
                    spec.title,
                    spec.mode.as_str(),
                    spec.price.kind().as_str()
                ))
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Replaces a draft's content; `false` when the listing is no longer a
    /// draft (nothing is changed then).
    pub async fn update_listing_draft(
        &self,
        ctx: &AuditContext,
        id: i64,
        spec: &ListingSpec,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        let (price_fen, free_months, royalty_basis, royalty_bp) = price_columns(&spec.price);
        let (open_payment, open_fee, open_basis, open_bp, open_term, report) =
            open_columns(spec.open_licence.as_ref());
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE listings SET title = $2, mode = $3, price_model = $4, price_fen = $5, free_months = $6, \
                 royalty_basis = $7, royalty_bp = $8, open_payment = $9, open_fee_fen = $10, open_royalty_basis = $11, \
                 open_royalty_bp = $12, open_term_years = $13, evaluation_report = $14, problem = $15, advantages = $16, \
                 trl = $17, scenarios = $18, industry = $19, broker_name = $20, broker_phone = $21, updated_at = $22 \
                 WHERE id = $1 AND state = 'draft'",
            )
            .bind(id)
            .bind(&spec.title)
            .bind(spec.mode.as_str())
            .bind(spec.price.kind().as_str())
            .bind(price_fen)
            .bind(free_months)
            .bind(royalty_basis)
            .bind(royalty_bp)
            .bind(open_payment)
            .bind(open_fee)
            .bind(open_basis)
            .bind(open_bp)
            .bind(open_term)
            .bind(&report)
            .bind(&spec.problem)
            .bind(&spec.advantages)
            .bind(i64::from(spec.trl.level()))
            .bind(&spec.scenarios)
            .bind(spec.industry.as_str())
            .bind(&spec.broker.name)
            .bind(&spec.broker.phone)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM listing_patents WHERE listing_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            write_listing_patents!(tx, id, &spec.patents);
            refresh_derived!(tx, id);
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "listing.update",
                "listing",
                id.to_string(),
                None::<String>,
                Some(format!("title={}", spec.title))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Moves a listing from `mv.from` to `mv.to`, recording who and why;
    /// `false` when the listing was not in `mv.from` (nothing changes). The
    /// owner's organisation is told when someone else moved it.
    pub async fn move_listing(
        &self,
        ctx: &AuditContext,
        id: i64,
        mv: &ListingMove,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let moved = apply_move!(tx, ctx, id, mv, now);
            tx.commit().await?;
            Ok(moved)
        })
    }

    /// One listing with its owner and patents.
    pub async fn listing(&self, id: i64) -> Result<Option<ListingRecord>, StorageError> {
        let page = self
            .find_listings_unfaceted(&ListingQuery {
                ids: Some(vec![id]),
                limit: 1,
                ..ListingQuery::default()
            })
            .await?;
        Ok(page.into_iter().next())
    }

    /// The recorded moves of a listing, oldest first.
    pub async fn listing_transitions(
        &self,
        id: i64,
    ) -> Result<Vec<ListingTransition>, StorageError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT t.from_state, t.to_state, t.event, t.reason, t.note, t.user_id, u.display_name AS user_name, t.at \
                 FROM listing_transitions t LEFT JOIN users u ON u.id = t.user_id WHERE t.listing_id = $1 ORDER BY t.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Listings matching the query, newest published first, without facets.
    pub async fn find_listings_unfaceted(
        &self,
        q: &ListingQuery,
    ) -> Result<Vec<ListingRecord>, StorageError> {
        let mut args = Vec::new();
        let filter = where_clause(q, &mut args);
        let limit = if q.limit <= 0 { 20 } else { q.limit.min(500) };
        let sql = format!(
            "SELECT {LISTING_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.organisation_id{filter} \
             ORDER BY COALESCE(l.published_at, l.updated_at) DESC, l.id DESC LIMIT {limit} OFFSET {}",
            q.offset.max(0)
        );
        let (rows, patents): (Vec<ListingRow>, Vec<ListedPatentRow>) = with_pool!(self, |pool| {
            let rows: Vec<ListingRow> = bind_args!(sqlx::query_as(&sql), &args)
                .fetch_all(pool)
                .await?;
            let patents = if rows.is_empty() {
                Vec::new()
            } else {
                let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
                sqlx::query_as(&format!(
                    "SELECT lp.listing_id, p.number, p.title_zh, p.title_en, p.patent_type, p.legal_status \
                     FROM listing_patents lp JOIN patents p ON p.id = lp.patent_id \
                     WHERE lp.listing_id IN ({}) ORDER BY lp.listing_id, lp.position",
                    ids.join(", ")
                ))
                .fetch_all(pool)
                .await?
            };
            (rows, patents)
        });
        rows.into_iter()
            .map(|row| {
                let own = patents
                    .iter()
                    .filter(|p| p.listing_id == row.id)
                    .map(|p| ListedPatent {
                        number: p.number.clone(),
                        title_zh: p.title_zh.clone(),
                        title_en: p.title_en.clone(),
                        patent_type: PatentType::parse(&p.patent_type)
                            .unwrap_or(PatentType::Invention),
                        legal_status: LegalStatus::parse(&p.legal_status)
                            .unwrap_or(LegalStatus::Unknown),
                    })
                    .collect();
                row.into_record(own)
            })
            .collect()
    }

    /// Listings matching the query with the total and facet counts.
    pub async fn find_listings(&self, q: &ListingQuery) -> Result<ListingPage, StorageError> {
        let items = self.find_listings_unfaceted(q).await?;
        let mut args = Vec::new();
        let filter = where_clause(q, &mut args);
        let from =
            format!("FROM listings l JOIN organisations o ON o.id = l.organisation_id{filter}");
        let band_case = {
            let arms: Vec<String> = PRICE_BANDS
                .iter()
                .map(|(k, lo, hi)| match hi {
                    Some(hi) => format!(
                        "WHEN l.price_fen BETWEEN {} AND {} THEN '{k}'",
                        lo * 100,
                        hi * 100
                    ),
                    None => format!("WHEN l.price_fen >= {} THEN '{k}'", lo * 100),
                })
                .collect();
            format!("CASE {} ELSE '' END", arms.join(" "))
        };
        let text_facet = |column: &str| {
            format!(
                "SELECT {column} AS v, COUNT(*) AS n {from} GROUP BY {column} ORDER BY n DESC, v"
            )
        };
        let facet_sql = [
            text_facet("l.mode"),
            text_facet("l.price_model"),
            text_facet(&band_case),
            text_facet("l.industry"),
            text_facet("SUBSTR(COALESCE(l.ipc_class, ''), 1, 1)"),
            text_facet("COALESCE(l.district, '')"),
        ];
        let count_sql = format!("SELECT COUNT(*) {from}");
        let owner_sql = format!(
            "SELECT l.organisation_id, o.name_zh, COUNT(*) AS n {from} GROUP BY l.organisation_id, o.name_zh \
             ORDER BY n DESC, o.name_zh LIMIT 30"
        );
        let trl_sql = format!("SELECT l.trl, COUNT(*) AS n {from} GROUP BY l.trl ORDER BY l.trl");
        let (total, texts, owners, trls) = with_pool!(self, |pool| {
            let (total,): (i64,) = bind_args!(sqlx::query_as(&count_sql), &args)
                .fetch_one(pool)
                .await?;
            let mut texts: Vec<Vec<(String, i64)>> = Vec::new();
            for sql in &facet_sql {
                let rows: Vec<(String, i64)> = bind_args!(sqlx::query_as(sql), &args)
                    .fetch_all(pool)
                    .await?;
                texts.push(rows.into_iter().filter(|(v, _)| !v.is_empty()).collect());
            }
            let owners: Vec<(i64, String, i64)> = bind_args!(sqlx::query_as(&owner_sql), &args)
                .fetch_all(pool)
                .await?;
            let trls: Vec<(i64, i64)> = bind_args!(sqlx::query_as(&trl_sql), &args)
                .fetch_all(pool)
                .await?;
            (total, texts, owners, trls)
        });
        let mut texts = texts.into_iter();
        let mut next = || texts.next().unwrap_or_default();
        let facets = ListingFacets {
            mode: next(),
            price_model: next(),
            price_band: next(),
            industry: next(),
            ipc_section: next(),
            district: next(),
            owner: owners,
            trl: trls,
        };
        Ok(ListingPage {
            total,
            items,
            facets,
        })
    }
}
