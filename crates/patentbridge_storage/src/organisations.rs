//! Organisations: their registered details, verification state and yearly
//! figures. Every change writes its audit entry in the same transaction.

use chrono::{DateTime, Utc};
use patentbridge_domain::{CreditCode, Fen, OrganisationKind, RegionCode, SizeClass, Verification};

use crate::audit::{AuditContext, summary, write_audit};
use crate::{BeginWrite, StorageError, Store, with_pool};

/// An organisation to register; it starts unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub credit_code: Option<CreditCode>,
    pub region: Option<RegionCode>,
    pub address: Option<String>,
    pub industry: Option<String>,
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRecord {
    pub id: i64,
    pub kind: OrganisationKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub credit_code: Option<CreditCode>,
    pub region: Option<RegionCode>,
    pub address: Option<String>,
    pub industry: Option<String>,
    pub verification: Verification,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An enterprise's figures for one year: the domain's type, stored as is.
pub use patentbridge_domain::YearFigures as OrganisationFigures;

/// Which organisations to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    pub verification: Option<Verification>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for OrganisationFilter {
    fn default() -> Self {
        OrganisationFilter {
            kind: None,
            verification: None,
            limit: 100,
            offset: 0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    kind: String,
    name_zh: String,
    name_en: Option<String>,
    credit_code: Option<String>,
    region_code: Option<String>,
    address: Option<String>,
    industry: Option<String>,
    verification: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const ORGANISATION_COLUMNS: &str = "id, kind, name_zh, name_en, credit_code, region_code, address, industry, \
    verification, created_at, updated_at";

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what} {value:?}"))
}

impl TryFrom<OrganisationRow> for OrganisationRecord {
    type Error = StorageError;

    fn try_from(r: OrganisationRow) -> Result<Self, StorageError> {
        Ok(OrganisationRecord {
            id: r.id,
            kind: OrganisationKind::parse(&r.kind)
                .map_err(|_| corrupt("organisation kind", &r.kind))?,
            name_zh: r.name_zh,
            name_en: r.name_en,
            credit_code: r
                .credit_code
                .map(|c| CreditCode::parse(&c).map_err(|_| corrupt("credit code", &c)))
                .transpose()?,
            region: r
                .region_code
                .map(|c| RegionCode::parse(&c).map_err(|_| corrupt("region code", &c)))
                .transpose()?,
            address: r.address,
            industry: r.industry,
            verification: Verification::parse(&r.verification)
                .map_err(|_| corrupt("verification", &r.verification))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// The audit summary of a new organisation.
pub(crate) fn organisation_summary(org: &NewOrganisation) -> String {
    summary(&[
        ("kind", Some(org.kind.as_str().to_string())),
        ("name_zh", Some(org.name_zh.clone())),
        ("name_en", org.name_en.clone()),
        (
            "credit_code",
            org.credit_code.as_ref().map(|c| c.as_str().to_string()),
        ),
        ("region_code", org.region.map(|r| r.to_string())),
        ("industry", org.industry.clone()),
    ])
}

pub(crate) fn figures_summary(f: &OrganisationFigures) -> String {
    format!(
        "year={}; revenue_fen={}; employees={}; size_class={}",
        f.year,
        f.revenue.value(),
        f.employees,
        f.size_class.as_str()
    )
}

/// Inserts an organisation row (unverified) in a transaction and yields its id.
macro_rules! insert_organisation {
    ($tx:expr, $org:expr, $credit_code:expr, $region:expr, $now:expr) => {{
        let org: &$crate::NewOrganisation = $org;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (kind, name_zh, name_en, credit_code, region_code, address, industry, \
             verification, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'unverified', $8, $8) \
             RETURNING id",
        )
        .bind(org.kind.as_str())
        .bind(&org.name_zh)
        .bind(&org.name_en)
        .bind(&$credit_code)
        .bind(&$region)
        .bind(&org.address)
        .bind(&org.industry)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use insert_organisation;

/// Inserts or replaces an organisation's figures for a year in a transaction.
macro_rules! insert_figures {
    ($tx:expr, $organisation_id:expr, $figures:expr) => {{
        let figures: &$crate::OrganisationFigures = $figures;
        sqlx::query(
            "INSERT INTO organisation_figures (organisation_id, year, revenue_fen, employees, size_class) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id, year) DO UPDATE SET \
             revenue_fen = excluded.revenue_fen, employees = excluded.employees, size_class = excluded.size_class",
        )
        .bind($organisation_id)
        .bind(i64::from(figures.year))
        .bind(figures.revenue.value())
        .bind(i64::from(figures.employees))
        .bind(figures.size_class.as_str())
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_figures;

impl Store {
    /// Registers an organisation (unverified). A credit code already
    /// registered is a [`StorageError::Conflict`] and stores nothing.
    pub async fn create_organisation(
        &self,
        ctx: &AuditContext,
        org: &NewOrganisation,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        let credit_code = org.credit_code.as_ref().map(|c| c.as_str().to_string());
        let region = org.region.map(|r| r.to_string());
        let after = organisation_summary(org);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = insert_organisation!(tx, org, credit_code, region, now);
            write_audit!(
                tx,
                ctx,
                Some(id),
                now,
                "organisation.create",
                "organisation",
                id.to_string(),
                None::<String>,
                Some(after)
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    pub async fn get_organisation(
        &self,
        id: i64,
    ) -> Result<Option<OrganisationRecord>, StorageError> {
        let row: Option<OrganisationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(OrganisationRecord::try_from).transpose()
    }

    pub async fn find_organisation_by_credit_code(
        &self,
        code: &CreditCode,
    ) -> Result<Option<OrganisationRecord>, StorageError> {
        let row: Option<OrganisationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE credit_code = $1"
            ))
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(OrganisationRecord::try_from).transpose()
    }

    /// Organisations in id order, narrowed by kind and verification state.
    pub async fn list_organisations(
        &self,
        filter: &OrganisationFilter,
    ) -> Result<Vec<OrganisationRecord>, StorageError> {
        let rows: Vec<OrganisationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ORGANISATION_COLUMNS} FROM organisations \
                 WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR verification = $2) \
                 ORDER BY id LIMIT $3 OFFSET $4"
            ))
            .bind(filter.kind.map(|k| k.as_str()))
            .bind(filter.verification.map(|v| v.as_str()))
            .bind(filter.limit.max(0))
            .bind(filter.offset.max(0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(OrganisationRecord::try_from).collect()
    }

    /// How many organisations the filter matches (ignoring its paging).
    pub async fn count_organisations(
        &self,
        filter: &OrganisationFilter,
    ) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM organisations \
                 WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR verification = $2)",
            )
            .bind(filter.kind.map(|k| k.as_str()))
            .bind(filter.verification.map(|v| v.as_str()))
            .fetch_one(pool)
            .await?
        });
        Ok(n)
    }

    /// Moves an organisation from `from` to `to` (which the caller computed
    /// with [`Verification::transition`]). Returns false, writing nothing,
    /// when the organisation does not exist or is no longer in `from` (a
    /// concurrent change won).
    pub async fn set_verification(
        &self,
        ctx: &AuditContext,
        id: i64,
        from: Verification,
        to: Verification,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE organisations SET verification = $3, updated_at = $4 WHERE id = $1 AND verification = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            write_audit!(
                tx,
                ctx,
                Some(id),
                now,
                "organisation.verification",
                "organisation",
                id.to_string(),
                Some(format!("verification={}", from.as_str())),
                Some(format!("verification={}", to.as_str()))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Stores (or replaces) an organisation's figures for one year.
    pub async fn upsert_organisation_figures(
        &self,
        ctx: &AuditContext,
        organisation_id: i64,
        figures: &OrganisationFigures,
    ) -> Result<(), StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let previous: Option<(i64, i64, String)> = sqlx::query_as(
                "SELECT revenue_fen, employees, size_class FROM organisation_figures \
                 WHERE organisation_id = $1 AND year = $2",
            )
            .bind(organisation_id)
            .bind(i64::from(figures.year))
            .fetch_optional(&mut *tx)
            .await?;
            let previous = previous.map(|(revenue, employees, size)| {
                format!(
                    "year={}; revenue_fen={revenue}; employees={employees}; size_class={size}",
                    figures.year
                )
            });
            insert_figures!(tx, organisation_id, figures);
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "organisation.figures",
                "organisation",
                organisation_id.to_string(),
                previous,
                Some(figures_summary(figures))
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// An organisation's figures, oldest year first.
    pub async fn organisation_figures(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<OrganisationFigures>, StorageError> {
        let rows: Vec<(i64, i64, i64, String)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT year, revenue_fen, employees, size_class FROM organisation_figures \
                 WHERE organisation_id = $1 ORDER BY year",
            )
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(year, revenue, employees, size)| {
                Ok(OrganisationFigures {
                    year: i32::try_from(year).map_err(|_| corrupt("year", &year.to_string()))?,
                    revenue: Fen::new(revenue),
                    employees: u32::try_from(employees)
                        .map_err(|_| corrupt("employees", &employees.to_string()))?,
                    size_class: SizeClass::parse(&size)
                        .map_err(|_| corrupt("size class", &size))?,
                })
            })
            .collect()
    }
}
