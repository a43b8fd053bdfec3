//! The buyers' side of the mall: SMEs' inquiries ("want this") with the
//! zero-price-first rule checked in the same transaction, users' favourites,
//! and the packages curators bundle from published listings.
//!
//! A refusal the user can act on (the listing is not published, the
//! zero-price patent was already taken, a package item is not published)
//! comes back as `Ok(Err(FieldError))` with nothing stored; `Err` is for
//! the database.

use chrono::{DateTime, Utc};
use patentbridge_domain::listing::{ListingMode, ListingState, PriceModelKind, ZeroPriceRule};
use patentbridge_domain::package::{PackagePricing, PackageSpec, PackageState, pricing_errors};
use patentbridge_domain::{Fen, FieldError};

use crate::audit::{AuditContext, write_audit};
use crate::notifications::notify_organisation;
use crate::{BeginWrite, StorageError, Store, with_pool};

/// One stored inquiry with the names the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InquiryRecord {
    pub id: i64,
    pub listing_id: i64,
    pub listing_title: String,
    /// The listing's owner.
    pub owner_id: i64,
    pub owner_name_zh: String,
    /// The SME that sent it.
    pub organisation_id: i64,
    pub organisation_name_zh: String,
    pub user_id: i64,
    pub user_name: String,
    pub message: String,
    /// Set when the inquiry claimed a zero-price first patent from this owner.
    pub zero_price_owner_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// One listing of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageItem {
    pub listing_id: i64,
    pub title: String,
    pub owner_id: i64,
    pub owner_name_zh: String,
    pub mode: ListingMode,
    pub state: ListingState,
    pub price: Option<Fen>,
}

/// A stored package with its items in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRecord {
    pub id: i64,
    /// The curating organisation.
    pub organisation_id: i64,
    pub curator_name_zh: String,
    pub title: String,
    pub theme: String,
    pub industry: String,
    pub description: String,
    pub pricing: PackagePricing,
    pub state: PackageState,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub items: Vec<PackageItem>,
}

/// Which packages to list; every field set narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFilter {
    pub state: Option<PackageState>,
    pub curator: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PackageRow {
    id: i64,
    organisation_id: i64,
    curator_name_zh: String,
    title: String,
    theme: String,
    industry: String,
    description: String,
    pricing: String,
    bundle_price_fen: Option<i64>,
    state: String,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PackageItemRow {
    package_id: i64,
    listing_id: i64,
    title: String,
    owner_id: i64,
    owner_name_zh: String,
    mode: String,
    state: String,
    item_price_fen: Option<i64>,
}

const INQUIRY_SELECT: &str = "SELECT i.id, i.listing_id, l.title AS listing_title, l.organisation_id AS owner_id, \
     o.name_zh AS owner_name_zh, i.organisation_id, s.name_zh AS organisation_name_zh, i.user_id, \
     u.display_name AS user_name, i.message, i.zero_price_owner_id, i.created_at \
     FROM inquiries i JOIN listings l ON l.id = i.listing_id JOIN organisations o ON o.id = l.organisation_id \
     JOIN organisations s ON s.id = i.organisation_id JOIN users u ON u.id = i.user_id";

const PACKAGE_SELECT: &str = "SELECT p.id, p.organisation_id, o.name_zh AS curator_name_zh, p.title, p.theme, \
     p.industry, p.description, p.pricing, p.bundle_price_fen, p.state, p.created_by, p.created_at, p.updated_at \
     FROM packages p JOIN organisations o ON o.id = p.organisation_id";

fn not_published() -> FieldError {
    FieldError::new(
        "listing",
        "该挂牌不存在或未发布，不能提交意向",
        "this listing does not exist or is not published",
    )
}

impl Store {
    /// An SME's "want this" for a published listing, in one transaction:
    /// for a zero-price first listing the `rule` is checked against the
    /// owners this SME already claimed one from; then the inquiry, its audit
    /// entry and a notification to the owner's organisation are written.
    pub async fn create_inquiry(
        &self,
        ctx: &AuditContext,
        listing_id: i64,
        sme_org_id: i64,
        user_id: i64,
        message: &str,
        rule: ZeroPriceRule,
    ) -> Result<Result<i64, FieldError>, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let listing: Option<(i64, String, String, String)> = sqlx::query_as(
                "SELECT organisation_id, title, state, price_model FROM listings WHERE id = $1",
            )
            .bind(listing_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((owner, title, state, price_model)) = listing else {
                return Ok(Err(not_published()));
            };
            if state != ListingState::Published.as_str() {
                return Ok(Err(not_published()));
            }
            let zero_price = price_model == PriceModelKind::ZeroPriceFirst.as_str();
            if zero_price {
                // Two claims of one SME must not both pass: a no-op write to
                // its row serialises them on PostgreSQL (SQLite already holds
                // the write lock since BEGIN IMMEDIATE).
                sqlx::query("UPDATE organisations SET updated_at = updated_at WHERE id = $1")
                    .bind(sme_org_id)
                    .execute(&mut *tx)
                    .await?;
                let earlier: Vec<(i64,)> = sqlx::query_as(
                    "SELECT DISTINCT zero_price_owner_id FROM inquiries \
                     WHERE organisation_id = $1 AND zero_price_owner_id IS NOT NULL",
                )
                .bind(sme_org_id)
                .fetch_all(&mut *tx)
                .await?;
                let earlier: Vec<i64> = earlier.into_iter().map(|(o,)| o).collect();
                if let Err(refusal) = rule.check(owner, &earlier) {
                    return Ok(Err(refusal));
                }
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO inquiries (listing_id, organisation_id, user_id, message, zero_price_owner_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(listing_id)
            .bind(sme_org_id)
            .bind(user_id)
            .bind(message)
            .bind(zero_price.then_some(owner))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(sme_org_id),
                now,
                "inquiry.create",
                "inquiry",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "listing={listing_id}; owner={owner}{}",
                    if zero_price { "; zero_price_first" } else { "" }
                ))
            );
            notify_organisation!(
                tx,
                owner,
                "inquiry",
                format!("新的意向：{title}"),
                format!("New inquiry: {title}"),
                format!("/listings/{listing_id}"),
                now
            );
            tx.commit().await?;
            Ok(Ok(id))
        })
    }

    async fn inquiries_where(
        &self,
        clause: &str,
        id: i64,
    ) -> Result<Vec<InquiryRecord>, StorageError> {
        let sql = format!("{INQUIRY_SELECT} WHERE {clause} = $1 ORDER BY i.id DESC LIMIT 500");
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The inquiries on one listing, newest first.
    pub async fn inquiries_for_listing(
        &self,
        listing_id: i64,
    ) -> Result<Vec<InquiryRecord>, StorageError> {
        self.inquiries_where("i.listing_id", listing_id).await
    }

    /// The inquiries an SME sent, newest first.
    pub async fn inquiries_of_organisation(
        &self,
        sme_org_id: i64,
    ) -> Result<Vec<InquiryRecord>, StorageError> {
        self.inquiries_where("i.organisation_id", sme_org_id).await
    }

    /// The inquiries on the listings an owner holds, newest first.
    pub async fn inquiries_to_owner(
        &self,
        owner_org_id: i64,
    ) -> Result<Vec<InquiryRecord>, StorageError> {
        self.inquiries_where("l.organisation_id", owner_org_id)
            .await
    }

    // ---- Favourites ---------------------------------------------------------

    /// Marks a listing as a favourite of `user_id`; `false` when it already
    /// was (nothing changes).
    pub async fn add_favourite(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        listing_id: i64,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let added = sqlx::query(
                "INSERT INTO favourites (user_id, listing_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, listing_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(listing_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if added {
                write_audit!(
                    tx,
                    ctx,
                    None::<i64>,
                    now,
                    "favourite.add",
                    "listing",
                    listing_id.to_string(),
                    None::<String>,
                    Some(format!("user={user_id}"))
                );
            }
            tx.commit().await?;
            Ok(added)
        })
    }

    /// Removes a favourite; `false` when it was not one.
    pub async fn remove_favourite(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        listing_id: i64,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let removed =
                sqlx::query("DELETE FROM favourites WHERE user_id = $1 AND listing_id = $2")
                    .bind(user_id)
                    .bind(listing_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    > 0;
            if removed {
                write_audit!(
                    tx,
                    ctx,
                    None::<i64>,
                    now,
                    "favourite.remove",
                    "listing",
                    listing_id.to_string(),
                    Some(format!("user={user_id}")),
                    None::<String>
                );
            }
            tx.commit().await?;
            Ok(removed)
        })
    }

    /// The listings a user marked, newest mark first.
    pub async fn favourite_ids(&self, user_id: i64) -> Result<Vec<i64>, StorageError> {
        let rows: Vec<(i64,)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT listing_id FROM favourites WHERE user_id = $1 ORDER BY created_at DESC, listing_id DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    // ---- Packages -----------------------------------------------------------

    /// Stores a draft package of `curator_org` in one transaction. Every
    /// item must be a published listing and the pricing complete; otherwise
    /// the refusal comes back and nothing is stored.
    pub async fn create_package(
        &self,
        ctx: &AuditContext,
        curator_org: i64,
        spec: &PackageSpec,
    ) -> Result<Result<i64, FieldError>, StorageError> {
        if let Some(e) = pricing_errors(spec.pricing, &spec.items).into_iter().next() {
            return Ok(Err(e));
        }
        if spec.items.is_empty() {
            return Ok(Err(FieldError::new(
                "listing_ids",
                "专利包至少包含一个挂牌",
                "a package holds at least one listing",
            )));
        }
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for (listing_id, _) in &spec.items {
                let state: Option<(String,)> =
                    sqlx::query_as("SELECT state FROM listings WHERE id = $1")
                        .bind(listing_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if state.as_ref().map(|(s,)| s.as_str()) != Some(ListingState::Published.as_str()) {
                    return Ok(Err(FieldError::new(
                        "listing_ids",
                        format!("挂牌 {listing_id} 不存在或未发布，不能加入专利包"),
                        format!("listing {listing_id} does not exist or is not published"),
                    )));
                }
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO packages (organisation_id, title, theme, industry, description, pricing, \
                 bundle_price_fen, state, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9) RETURNING id",
            )
            .bind(curator_org)
            .bind(&spec.title)
            .bind(&spec.theme)
            .bind(spec.industry.as_str())
            .bind(&spec.description)
            .bind(spec.pricing.as_str())
            .bind(spec.pricing.bundle_price().map(Fen::value))
            .bind(ctx.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (pos, (listing_id, price)) in spec.items.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO package_items (package_id, listing_id, position, item_price_fen) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(listing_id)
                .bind(pos as i64)
                .bind(price.map(Fen::value))
                .execute(&mut *tx)
                .await?;
            }
            write_audit!(
                tx,
                ctx,
                Some(curator_org),
                now,
                "package.create",
                "package",
                id.to_string(),
                None::<String>,
                Some(format!(
                    "title={}; pricing={}; items={}",
                    spec.title,
                    spec.pricing.as_str(),
                    spec.items
                        .iter()
                        .map(|(l, _)| l.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ))
            );
            tx.commit().await?;
            Ok(Ok(id))
        })
    }

    /// Compare-and-set of a package's state; `false` when it was not in
    /// `from` (nothing changes).
    async fn move_package(
        &self,
        ctx: &AuditContext,
        id: i64,
        from: PackageState,
        to: PackageState,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE packages SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if changed {
                let (curator,): (i64,) =
                    sqlx::query_as("SELECT organisation_id FROM packages WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                write_audit!(
                    tx,
                    ctx,
                    Some(curator),
                    now,
                    "package.transition",
                    "package",
                    id.to_string(),
                    Some(format!("state={}", from.as_str())),
                    Some(format!("state={}", to.as_str()))
                );
            }
            tx.commit().await?;
            Ok(changed)
        })
    }

    /// Publishes a draft package; `false` when it is not a draft.
    pub async fn publish_package(&self, ctx: &AuditContext, id: i64) -> Result<bool, StorageError> {
        self.move_package(ctx, id, PackageState::Draft, PackageState::Published)
            .await
    }

    /// Closes a draft or published package; `false` when it is neither.
    pub async fn close_package(&self, ctx: &AuditContext, id: i64) -> Result<bool, StorageError> {
        for from in [PackageState::Published, PackageState::Draft] {
            if self
                .move_package(ctx, id, from, PackageState::Closed)
                .await?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// One package with its items.
    pub async fn package(&self, id: i64) -> Result<Option<PackageRecord>, StorageError> {
        let sql = format!("{PACKAGE_SELECT} WHERE p.id = $1");
        let rows: Vec<PackageRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_all(pool).await?
        });
        Ok(self.with_items(rows).await?.into_iter().next())
    }

    /// Packages matching the filter, newest first.
    pub async fn packages(
        &self,
        filter: &PackageFilter,
    ) -> Result<Vec<PackageRecord>, StorageError> {
        let sql = format!(
            "{PACKAGE_SELECT} WHERE ($1 IS NULL OR p.state = $1) AND ($2 IS NULL OR p.organisation_id = $2) \
             ORDER BY p.id DESC LIMIT 200"
        );
        let rows: Vec<PackageRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(filter.state.map(PackageState::as_str))
                .bind(filter.curator)
                .fetch_all(pool)
                .await?
        });
        self.with_items(rows).await
    }

    async fn with_items(&self, rows: Vec<PackageRow>) -> Result<Vec<PackageRecord>, StorageError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let sql = format!(
            "SELECT pi.package_id, pi.listing_id, l.title, l.organisation_id AS owner_id, o.name_zh AS owner_name_zh, \
             l.mode, l.state, pi.item_price_fen FROM package_items pi JOIN listings l ON l.id = pi.listing_id \
             JOIN organisations o ON o.id = l.organisation_id WHERE pi.package_id IN ({}) \
             ORDER BY pi.package_id, pi.position",
            ids.join(", ")
        );
        let items: Vec<PackageItemRow> =
            with_pool!(self, |pool| { sqlx::query_as(&sql).fetch_all(pool).await? });
        rows.into_iter()
            .map(|r| {
                let corrupt =
                    |what: &str| StorageError::Corrupt(format!("package {}: {what}", r.id));
                let pricing = match (r.pricing.as_str(), r.bundle_price_fen) {
                    ("bundle", Some(f)) => PackagePricing::Bundle(Fen::new(f)),
                    ("per_item", _) => PackagePricing::PerItem,
                    _ => return Err(corrupt("pricing")),
                };
                let state = PackageState::parse(&r.state).map_err(|_| corrupt("state"))?;
                let items = items
                    .iter()
                    .filter(|i| i.package_id == r.id)
                    .map(|i| {
                        Ok(PackageItem {
                            listing_id: i.listing_id,
                            title: i.title.clone(),
                            owner_id: i.owner_id,
                            owner_name_zh: i.owner_name_zh.clone(),
                            mode: ListingMode::parse(&i.mode).map_err(|_| corrupt("item mode"))?,
                            state: ListingState::parse(&i.state)
                                .map_err(|_| corrupt("item state"))?,
                            price: i.item_price_fen.map(Fen::new),
                        })
                    })
                    .collect::<Result<Vec<_>, StorageError>>()?;
                Ok(PackageRecord {
                    id: r.id,
                    organisation_id: r.organisation_id,
                    curator_name_zh: r.curator_name_zh,
                    title: r.title,
                    theme: r.theme,
                    industry: r.industry,
                    description: r.description,
                    pricing,
                    state,
                    created_by: r.created_by,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    items,
                })
            })
            .collect()
    }
}
