//! The patent catalogue: idempotent batch upserts that write the search
//! outbox in the same transaction, and loading records back into domain values.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use patentbridge_domain::{
    ApplicantType, ClassificationCode, LegalStatus, Party, Patent, PatentNumber, PatentType,
    RegionCode, RegisterEvent, RegisterEventKind,
};

use patentbridge_domain::listing::{
    ListingEvent, ListingState, PauseReason, transition as listing_transition,
};

use crate::audit::{AuditContext, write_audit};
use crate::listings::{ListingMove, apply_move};
use crate::migrate::fnv1a;
use crate::{BeginWrite, StorageError, Store, with_pool};

/// What a batch upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl std::ops::AddAssign for UpsertSummary {
    fn add_assign(&mut self, o: Self) {
        self.inserted += o.inserted;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
    }
}

/// Headline figures of the catalogue.
#[derive(Debug, Clone, Default)]
pub struct CatalogueStats {
    pub patents: i64,
    pub in_force: i64,
    /// Patents with at least one applicant of each type, by `ApplicantType::as_str`.
    pub by_applicant_type: Vec<(String, i64)>,
    /// (jurisdiction, count), largest first.
    pub by_jurisdiction: Vec<(String, i64)>,
    pub ipc_titles: i64,
}

#[derive(sqlx::FromRow)]
struct PatentRow {
    id: i64,
    number: String,
    application_number: Option<String>,
    patent_type: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    abstract_zh: Option<String>,
    abstract_en: Option<String>,
    claims: Option<String>,
    keywords: String,
    application_date: Option<NaiveDate>,
    publication_date: Option<NaiveDate>,
    grant_date: Option<NaiveDate>,
    legal_status: String,
    cited_by_count: Option<i64>,
    family_size: Option<i64>,
    source: String,
}

#[derive(sqlx::FromRow)]
struct ClassificationRow {
    patent_id: i64,
    scheme: String,
    code: String,
}

#[derive(sqlx::FromRow)]
struct PartyRow {
    patent_id: i64,
    role: String,
    name: String,
    party_type: Option<String>,
    type_overridden: bool,
    address: Option<String>,
    region_code: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    patent_id: i64,
    event_date: NaiveDate,
    kind: String,
    detail: String,
}

const PATENT_COLUMNS: &str = "id, number, application_number, patent_type, title_zh, title_en, abstract_zh, \
    abstract_en, claims, keywords, application_date, publication_date, grant_date, legal_status, \
    cited_by_count, family_size, source";

/// A stable fingerprint of everything stored for a record, so re-importing an
/// unchanged record writes nothing.
fn fingerprint(p: &Patent) -> String {
    format!("{:016x}", fnv1a(format!("{p:?}").as_bytes()))
}

impl Store {
    /// Inserts new records and updates changed ones, keyed by normalised number,
    /// in one transaction: either the whole batch is stored (with its outbox
    /// entries) or nothing is. Unchanged records are left alone.
    pub async fn upsert_patents(&self, batch: &[Patent]) -> Result<UpsertSummary, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut summary = UpsertSummary::default();
            let mut pause_for: Vec<(i64, PauseReason)> = Vec::new();
            for patent in batch {
                let mut patent = patent.clone();
                patent.legal_status = patent.derived_status();
                let number = patent.number.to_string();
                let existing: Option<(i64, String)> =
                    sqlx::query_as("SELECT id, content_hash FROM patents WHERE number = $1")
                        .bind(&number)
                        .fetch_optional(&mut *tx)
                        .await?;
                // Types set by hand survive re-imports of the same applicant.
                if let Some((id, _)) = &existing {
                    let overridden: Vec<(String, String)> = sqlx::query_as(
                        "SELECT name, party_type FROM patent_parties WHERE patent_id = $1 AND type_overridden AND party_type IS NOT NULL",
                    )
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                    for (name, ty) in overridden {
                        if let (Some(party), Some(ty)) = (
                            patent.applicants.iter_mut().find(|a| a.name == name),
                            ApplicantType::parse(&ty),
                        ) {
                            party.applicant_type = ty;
                            party.type_overridden = true;
                        }
                    }
                }
                let hash = fingerprint(&patent);
                let id = match existing {
                    Some((_, old_hash)) if old_hash == hash => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some((id, _)) => {
                        if !patent.events.is_empty() || patent.legal_status != LegalStatus::Unknown
                        {
                            let rows: Vec<(NaiveDate, String, String)> = sqlx::query_as(
                                "SELECT event_date, kind, detail FROM patent_events WHERE patent_id = $1",
                            )
                            .bind(id)
                            .fetch_all(&mut *tx)
                            .await?;
                            let old: Vec<RegisterEvent> = rows
                                .into_iter()
                                .filter_map(|(date, kind, detail)| {
                                    RegisterEventKind::parse(&kind).map(|kind| RegisterEvent {
                                        date,
                                        kind,
                                        detail,
                                    })
                                })
                                .collect();
                            let added: Vec<RegisterEvent> = patent
                                .events
                                .iter()
                                .filter(|e| !old.contains(e))
                                .cloned()
                                .collect();
                            if let Some(reason) =
                                PauseReason::from_register(&added, patent.legal_status)
                            {
                                pause_for.push((id, reason));
                            }
                        }
                        sqlx::query(
                            // A record from a sparser source fills gaps but never
                            // erases what a richer source stored (COALESCE).
                            "UPDATE patents SET application_number = COALESCE($2, application_number), patent_type = $3, \
                             title_zh = COALESCE($4, title_zh), title_en = COALESCE($5, title_en), \
                             abstract_zh = COALESCE($6, abstract_zh), abstract_en = COALESCE($7, abstract_en), \
                             claims = COALESCE($8, claims), keywords = CASE WHEN $9 = '' THEN keywords ELSE $9 END, \
                             application_date = COALESCE($10, application_date), \
                             publication_date = COALESCE($11, publication_date), grant_date = COALESCE($12, grant_date), \
                             legal_status = CASE WHEN $13 = 'unknown' THEN legal_status ELSE $13 END, \
                             cited_by_count = COALESCE($14, cited_by_count), family_size = COALESCE($15, family_size), \
                             region_code = COALESCE($16, region_code), source = $17, content_hash = $18, updated_at = $19, \
                             number_base = $20, jurisdiction = $21, kind_code = $22 WHERE id = $1",
                        )
                        .bind(id)
                        .bind(&patent.application_number)
                        .bind(patent.patent_type.as_str())
                        .bind(&patent.title_zh)
                        .bind(&patent.title_en)
                        .bind(&patent.abstract_zh)
                        .bind(&patent.abstract_en)
                        .bind(&patent.claims)
                        .bind(patent.keywords.join("\n"))
                        .bind(patent.application_date)
                        .bind(patent.publication_date)
                        .bind(patent.grant_date)
                        .bind(patent.legal_status.as_str())
                        .bind(patent.cited_by_count)
                        .bind(patent.family_size)
                        .bind(patent.region().map(|r| r.to_string()))
                        .bind(&patent.source)
                        .bind(&hash)
                        .bind(now)
                        .bind(patent.number.without_kind())
                        .bind(patent.number.jurisdiction().as_str())
                        .bind(patent.number.kind())
                        .execute(&mut *tx)
                        .await?;
                        // Lists are replaced only by a source that has them.
                        let groups = [
                            (
                                "DELETE FROM patent_classifications WHERE patent_id = $1 AND scheme = 'ipc'",
                                patent.ipc.is_empty(),
                            ),
                            (
                                "DELETE FROM patent_classifications WHERE patent_id = $1 AND scheme = 'cpc'",
                                patent.cpc.is_empty(),
                            ),
                            (
                                "DELETE FROM patent_parties WHERE patent_id = $1 AND role = 'applicant'",
                                patent.applicants.is_empty(),
                            ),
                            (
                                "DELETE FROM patent_parties WHERE patent_id = $1 AND role = 'inventor'",
                                patent.inventors.is_empty(),
                            ),
                            (
                                "DELETE FROM patent_events WHERE patent_id = $1",
                                patent.events.is_empty(),
                            ),
                        ];
                        for (delete, keep) in groups {
                            if !keep {
                                sqlx::query(delete).bind(id).execute(&mut *tx).await?;
                            }
                        }
                        summary.updated += 1;
                        id
                    }
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO patents (number, number_base, jurisdiction, kind_code, application_number, \
                             patent_type, title_zh, title_en, abstract_zh, abstract_en, claims, keywords, \
                             application_date, publication_date, grant_date, legal_status, cited_by_count, \
                             family_size, region_code, source, content_hash, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                             $19, $20, $21, $22, $22) RETURNING id",
                        )
                        .bind(&number)
                        .bind(patent.number.without_kind())
                        .bind(patent.number.jurisdiction().as_str())
                        .bind(patent.number.kind())
                        .bind(&patent.application_number)
                        .bind(patent.patent_type.as_str())
                        .bind(&patent.title_zh)
                        .bind(&patent.title_en)
                        .bind(&patent.abstract_zh)
                        .bind(&patent.abstract_en)
                        .bind(&patent.claims)
                        .bind(patent.keywords.join("\n"))
                        .bind(patent.application_date)
                        .bind(patent.publication_date)
                        .bind(patent.grant_date)
                        .bind(patent.legal_status.as_str())
                        .bind(patent.cited_by_count)
                        .bind(patent.family_size)
                        .bind(patent.region().map(|r| r.to_string()))
                        .bind(&patent.source)
                        .bind(&hash)
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?;
                        summary.inserted += 1;
                        id
                    }
                };
                // Each child table gets one multi-row INSERT per record.
                let classes: Vec<(&str, i64, &str)> = [("ipc", &patent.ipc), ("cpc", &patent.cpc)]
                    .into_iter()
                    .flat_map(|(scheme, codes)| {
                        codes
                            .iter()
                            .enumerate()
                            .map(move |(i, c)| (scheme, i as i64, c.as_str()))
                    })
                    .collect();
                if !classes.is_empty() {
                    let sql = format!(
                        "INSERT INTO patent_classifications (patent_id, scheme, position, code) VALUES {}",
                        value_rows(classes.len(), 4)
                    );
                    let mut query = sqlx::query(&sql);
                    for (scheme, pos, code) in &classes {
                        query = query.bind(id).bind(*scheme).bind(*pos).bind(*code);
                    }
                    query.execute(&mut *tx).await?;
                }
                let parties = patent.applicants.len() + patent.inventors.len();
                if parties > 0 {
                    let sql = format!(
                        "INSERT INTO patent_parties (patent_id, role, position, name, party_type, type_overridden, address, region_code) VALUES {}",
                        value_rows(parties, 8)
                    );
                    let mut query = sqlx::query(&sql);
                    for (pos, a) in patent.applicants.iter().enumerate() {
                        query = query
                            .bind(id)
                            .bind("applicant")
                            .bind(pos as i64)
                            .bind(&a.name)
                            .bind(Some(a.applicant_type.as_str()))
                            .bind(a.type_overridden)
                            .bind(a.address.as_deref())
                            .bind(a.region.map(|r| r.to_string()));
                    }
                    for (pos, name) in patent.inventors.iter().enumerate() {
                        query = query
                            .bind(id)
                            .bind("inventor")
                            .bind(pos as i64)
                            .bind(name)
                            .bind(None::<&str>)
                            .bind(false)
                            .bind(None::<&str>)
                            .bind(None::<String>);
                    }
                    query.execute(&mut *tx).await?;
                }
                if !patent.events.is_empty() {
                    let sql = format!(
                        "INSERT INTO patent_events (patent_id, position, event_date, kind, detail) VALUES {}",
                        value_rows(patent.events.len(), 5)
                    );
                    let mut query = sqlx::query(&sql);
                    for (pos, e) in patent.events.iter().enumerate() {
                        query = query
                            .bind(id)
                            .bind(pos as i64)
                            .bind(e.date)
                            .bind(e.kind.as_str())
                            .bind(&e.detail);
                    }
                    query.execute(&mut *tx).await?;
                }
                // A listed patent that lapsed, was invalidated, transferred
                // away, preserved or left unpaid pauses its live listings in
                // this same transaction, and the owners are told.
                for (patent_id, reason) in pause_for.drain(..) {
                    let live: Vec<(i64, String, Option<String>)> = sqlx::query_as(
                        "SELECT l.id, l.state, l.pause_reason FROM listings l JOIN listing_patents lp ON lp.listing_id = l.id \
                         WHERE lp.patent_id = $1 AND l.state IN ('under_review', 'published', 'paused')",
                    )
                    .bind(patent_id)
                    .fetch_all(&mut *tx)
                    .await?;
                    for (listing_id, state, paused_for) in live {
                        let Ok(from) = ListingState::parse(&state) else {
                            continue;
                        };
                        let paused_for = paused_for.and_then(|r| PauseReason::parse(&r).ok());
                        // Already paused by the register: leave it as it is.
                        if paused_for.is_some_and(|r| !r.owner_may_resume()) {
                            continue;
                        }
                        let Ok(to) =
                            listing_transition(from, paused_for, ListingEvent::Pause(reason))
                        else {
                            continue;
                        };
                        let mv = ListingMove {
                            from,
                            to,
                            event: "pause",
                            pause_reason: Some(reason),
                            note: Some(format!("{}: {}", patent.number, reason.label().en())),
                        };
                        let _moved = apply_move!(tx, &AuditContext::system(), listing_id, &mv, now);
                    }
                }
                sqlx::query("INSERT INTO search_outbox (patent_number, operation, created_at) VALUES ($1, 'upsert', $2)")
                    .bind(&number)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(summary)
        })
    }

    /// Looks a patent up by its normalised number; a number given without its
    /// kind code finds the record when exactly one kind is stored.
    pub async fn get_patent(&self, number: &str) -> Result<Option<Patent>, StorageError> {
        let Ok(parsed) = PatentNumber::parse(number) else {
            return Ok(None);
        };
        let exact = parsed.to_string();
        let id: Option<(i64,)> = with_pool!(self, |pool| {
            match sqlx::query_as("SELECT id FROM patents WHERE number = $1")
                .bind(&exact)
                .fetch_optional(pool)
                .await?
            {
                Some(found) => Some(found),
                None => {
                    let candidates: Vec<(i64,)> = sqlx::query_as(
                        "SELECT id FROM patents WHERE number_base = $1 ORDER BY id LIMIT 2",
                    )
                    .bind(parsed.without_kind())
                    .fetch_all(pool)
                    .await?;
                    if candidates.len() == 1 {
                        candidates.into_iter().next()
                    } else {
                        None
                    }
                }
            }
        });
        match id {
            Some((id,)) => Ok(self
                .load_range(id - 1, id, 1)
                .await?
                .into_iter()
                .next()
                .map(|(_, p)| p)),
            None => Ok(None),
        }
    }

    /// Patents in id order after `after_id`, at most `limit`, with their ids:
    /// the cursor for walking the whole catalogue (reindexing, exports).
    pub async fn patents_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Patent)>, StorageError> {
        self.load_range(after_id, i64::MAX, limit).await
    }

    /// The patents with these normalised numbers that exist.
    pub async fn patents_by_numbers(
        &self,
        numbers: &[String],
    ) -> Result<Vec<Patent>, StorageError> {
        let mut out = Vec::with_capacity(numbers.len());
        for n in numbers {
            if let Some(p) = self.get_patent(n).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    pub async fn count_patents(&self) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, |pool| sqlx::query_as("SELECT COUNT(*) FROM patents")
            .fetch_one(pool)
            .await?);
        Ok(n)
    }

    /// Headline figures for the home page and the dashboard.
    pub async fn catalogue_stats(&self) -> Result<CatalogueStats, StorageError> {
        with_pool!(self, |pool| {
            let (patents,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM patents")
                .fetch_one(pool)
                .await?;
            let (in_force,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM patents WHERE legal_status = 'in_force'")
                    .fetch_one(pool)
                    .await?;
            let by_applicant_type: Vec<(String, i64)> = sqlx::query_as(
                "SELECT party_type, COUNT(DISTINCT patent_id) AS n FROM patent_parties \
                 WHERE role = 'applicant' AND party_type IS NOT NULL GROUP BY party_type ORDER BY n DESC",
            )
            .fetch_all(pool)
            .await?;
            let by_jurisdiction: Vec<(String, i64)> = sqlx::query_as(
                "SELECT jurisdiction, COUNT(*) AS n FROM patents GROUP BY jurisdiction ORDER BY n DESC, jurisdiction",
            )
            .fetch_all(pool)
            .await?;
            let (ipc_titles,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ipc_titles")
                .fetch_one(pool)
                .await?;
            Ok(CatalogueStats {
                patents,
                in_force,
                by_applicant_type,
                by_jurisdiction,
                ipc_titles,
            })
        })
    }

    /// Sets an applicant's type by hand on one patent; later imports keep it.
    /// Returns false when the patent or applicant is not found.
    pub async fn set_applicant_type(
        &self,
        number: &str,
        applicant: &str,
        applicant_type: ApplicantType,
    ) -> Result<bool, StorageError> {
        let Ok(number) = PatentNumber::parse(number) else {
            return Ok(false);
        };
        let number = number.to_string();
        let number = number.as_str();
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE patent_parties SET party_type = $1, type_overridden = $2 \
                 WHERE role = 'applicant' AND name = $3 AND patent_id = (SELECT id FROM patents WHERE number = $4)",
            )
            .bind(applicant_type.as_str())
            .bind(true)
            .bind(applicant)
            .bind(number)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed > 0 {
                // The stored fingerprint no longer describes the record; clear it
                // so the next import of the same source record re-applies cleanly.
                sqlx::query(
                    "UPDATE patents SET content_hash = '', updated_at = $2 WHERE number = $1",
                )
                .bind(number)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO search_outbox (patent_number, operation, created_at) VALUES ($1, 'upsert', $2)")
                    .bind(number)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(changed > 0)
        })
    }

    /// Loads up to `limit` patents with `after < id <= until`, children included.
    async fn load_range(
        &self,
        after: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Patent)>, StorageError> {
        let (rows, classes, parties, events) = with_pool!(self, |pool| {
            let rows: Vec<PatentRow> = sqlx::query_as(&format!(
                "SELECT {PATENT_COLUMNS} FROM patents WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3"
            ))
            .bind(after)
            .bind(until)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id))
            else {
                return Ok(Vec::new());
            };
            let classes: Vec<ClassificationRow> = sqlx::query_as(
                "SELECT patent_id, scheme, code FROM patent_classifications WHERE patent_id BETWEEN $1 AND $2 \
                 ORDER BY patent_id, scheme, position",
            )
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
            let parties: Vec<PartyRow> = sqlx::query_as(
                "SELECT patent_id, role, name, party_type, type_overridden, address, region_code FROM patent_parties \
                 WHERE patent_id BETWEEN $1 AND $2 ORDER BY patent_id, role, position",
            )
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
            let events: Vec<EventRow> = sqlx::query_as(
                "SELECT patent_id, event_date, kind, detail FROM patent_events WHERE patent_id BETWEEN $1 AND $2 \
                 ORDER BY patent_id, position",
            )
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
            (rows, classes, parties, events)
        });
        assemble(rows, classes, parties, events)
    }
}

/// `($1, $2), ($3, $4)` for `rows` rows of `columns` numbered parameters.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what} {value:?}"))
}

fn assemble(
    rows: Vec<PatentRow>,
    classes: Vec<ClassificationRow>,
    parties: Vec<PartyRow>,
    events: Vec<EventRow>,
) -> Result<Vec<(i64, Patent)>, StorageError> {
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let number =
            PatentNumber::parse(&r.number).map_err(|_| corrupt("patent number", &r.number))?;
        let mut p = Patent::new(number, &r.source);
        p.application_number = r.application_number;
        p.patent_type = PatentType::parse(&r.patent_type)
            .ok_or_else(|| corrupt("patent type", &r.patent_type))?;
        p.title_zh = r.title_zh;
        p.title_en = r.title_en;
        p.abstract_zh = r.abstract_zh;
        p.abstract_en = r.abstract_en;
        p.claims = r.claims;
        p.keywords = r
            .keywords
            .split('\n')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect();
        p.application_date = r.application_date;
        p.publication_date = r.publication_date;
        p.grant_date = r.grant_date;
        p.legal_status = LegalStatus::parse(&r.legal_status)
            .ok_or_else(|| corrupt("legal status", &r.legal_status))?;
        p.cited_by_count = r.cited_by_count;
        p.family_size = r.family_size;
        index.insert(r.id, out.len());
        out.push((r.id, p));
    }
    for c in classes {
        let Some(&i) = index.get(&c.patent_id) else {
            continue;
        };
        let code =
            ClassificationCode::parse(&c.code).map_err(|_| corrupt("classification", &c.code))?;
        match c.scheme.as_str() {
            "ipc" => out[i].1.ipc.push(code),
            _ => out[i].1.cpc.push(code),
        }
    }
    for party in parties {
        let Some(&i) = index.get(&party.patent_id) else {
            continue;
        };
        if party.role == "inventor" {
            out[i].1.inventors.push(party.name);
            continue;
        }
        let applicant_type = party
            .party_type
            .as_deref()
            .and_then(ApplicantType::parse)
            .unwrap_or_else(|| ApplicantType::infer(&party.name));
        out[i].1.applicants.push(Party {
            name: party.name,
            applicant_type,
            type_overridden: party.type_overridden,
            address: party.address,
            region: party
                .region_code
                .as_deref()
                .and_then(|c| RegionCode::parse(c).ok()),
        });
    }
    for e in events {
        let Some(&i) = index.get(&e.patent_id) else {
            continue;
        };
        let kind =
            RegisterEventKind::parse(&e.kind).ok_or_else(|| corrupt("register event", &e.kind))?;
        out[i].1.events.push(RegisterEvent {
            date: e.event_date,
            kind,
            detail: e.detail,
        });
    }
    Ok(out)
}
