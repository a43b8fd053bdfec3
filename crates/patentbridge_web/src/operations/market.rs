//! The mall's buyer side, shared by the pages and the JSON API: an SME's
//! "want this" (with the configurable zero-price-first rule), favourites,
//! the comparison of listings, packages, and the inbox.

use std::sync::OnceLock;

use patentbridge_domain::listing::{ListingState, ZeroPriceRule};
use patentbridge_domain::package::{PackageForm, PackageSpec, PackageState};
use patentbridge_domain::policy::Action;
use patentbridge_storage::{
    InquiryRecord, ListingQuery, ListingRecord, Notification, OrganisationRecord, PackageFilter,
    PackageRecord,
};

use crate::auth::CurrentActor;
use crate::operations::organisations::{acting_for, resource_of};
use crate::{AppError, AppState};

/// The environment variable choosing the zero-price-first rule.
pub const ZERO_PRICE_RULE_VAR: &str = "PATENTBRIDGE_ZERO_PRICE_RULE";

/// The zero-price-first rule: `PATENTBRIDGE_ZERO_PRICE_RULE`
/// (`per_sme_and_owner`, the default, or `per_sme`), read once. An unknown
/// value is logged and the default applies.
pub fn zero_price_rule() -> ZeroPriceRule {
    static RULE: OnceLock<ZeroPriceRule> = OnceLock::new();
    *RULE.get_or_init(|| match std::env::var(ZERO_PRICE_RULE_VAR) {
        Ok(raw) if !raw.trim().is_empty() => ZeroPriceRule::parse(&raw).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "{ZERO_PRICE_RULE_VAR}: using per_sme_and_owner");
            ZeroPriceRule::PerSmeAndOwner
        }),
        _ => ZeroPriceRule::PerSmeAndOwner,
    })
}

/// The longest message an inquiry may carry, in characters.
pub const MAX_MESSAGE: usize = 2000;

/// The verified SME the caller acts for in the mall.
pub async fn acting_sme(
    state: &AppState,
    caller: &CurrentActor,
) -> Result<OrganisationRecord, AppError> {
    acting_for(
        state,
        caller,
        None,
        |k| k == patentbridge_domain::OrganisationKind::Sme,
        Action::UseDealsAsSme,
        "only members of a verified SME ask for patents (仅已认证中小企业的成员可提出意向)",
    )
    .await
}

/// A listing that exists, or 404.
async fn existing_listing(state: &AppState, id: i64) -> Result<ListingRecord, AppError> {
    state
        .store
        .listing(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no listing {id}")))
}

/// An SME member's "want this": the inquiry is stored and the owner told;
/// a second zero-price claim the rule forbids is a 422 on `listing`.
pub async fn send_inquiry(
    state: &AppState,
    caller: &CurrentActor,
    listing_id: i64,
    message: &str,
) -> Result<i64, AppError> {
    let user = caller.signed_in_user()?;
    let sme = acting_sme(state, caller).await?;
    existing_listing(state, listing_id).await?;
    let message = message.trim();
    if message.chars().count() > MAX_MESSAGE {
        return Err(AppError::field(
            "message",
            format!("留言最多 {MAX_MESSAGE} 字"),
            format!("the message has at most {MAX_MESSAGE} characters"),
        ));
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(sme.id);
    state
        .store
        .create_inquiry(
            &ctx,
            listing_id,
            sme.id,
            user.id,
            message,
            zero_price_rule(),
        )
        .await?
        .map_err(|e| AppError::Invalid(vec![e]))
}

/// Marks a published listing as a favourite of the signed-in user.
pub async fn add_favourite(
    state: &AppState,
    caller: &CurrentActor,
    listing_id: i64,
) -> Result<bool, AppError> {
    let user = caller.signed_in_user()?;
    caller.require_scope(patentbridge_domain::policy::Scope::Write)?;
    let listing = existing_listing(state, listing_id).await?;
    if listing.state != ListingState::Published {
        return Err(AppError::NotFound(format!("no listing {listing_id}")));
    }
    Ok(state
        .store
        .add_favourite(&caller.audit_context(), user.id, listing_id)
        .await?)
}

/// Removes a favourite of the signed-in user.
pub async fn remove_favourite(
    state: &AppState,
    caller: &CurrentActor,
    listing_id: i64,
) -> Result<bool, AppError> {
    let user = caller.signed_in_user()?;
    caller.require_scope(patentbridge_domain::policy::Scope::Write)?;
    Ok(state
        .store
        .remove_favourite(&caller.audit_context(), user.id, listing_id)
        .await?)
}

/// The signed-in user's favourite listings, newest mark first.
pub async fn favourites(
    state: &AppState,
    caller: &CurrentActor,
) -> Result<Vec<ListingRecord>, AppError> {
    let user = caller.signed_in_user()?;
    let ids = state.store.favourite_ids(user.id).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = state
        .store
        .find_listings_unfaceted(&ListingQuery {
            ids: Some(ids.clone()),
            // A favourite taken off the mall (paused, back to draft) is
            // not shown: its content is the owner's again.
            states: vec![ListingState::Published],
            limit: 500,
            ..ListingQuery::default()
        })
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|l| l.id == *id).cloned())
        .collect())
}

/// Parses `1,2,3`: two to four distinct listing ids.
pub fn parse_compare_ids(raw: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for part in raw.split([',', ' ', '，']).filter(|s| !s.trim().is_empty()) {
        match part.trim().parse::<i64>() {
            Ok(id) if id > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                return Err(AppError::field(
                    "ids",
                    "挂牌编号应为数字，用逗号分隔",
                    "listing ids are numbers separated by commas",
                ));
            }
        }
    }
    if !(2..=4).contains(&ids.len()) {
        return Err(AppError::field(
            "ids",
            "请选择 2 至 4 个挂牌进行对比",
            "choose two to four listings to compare",
        ));
    }
    Ok(ids)
}

/// The published listings among `ids`, in the order asked; fewer than two
/// is a field error.
pub async fn compare(state: &AppState, ids: &[i64]) -> Result<Vec<ListingRecord>, AppError> {
    let found = state
        .store
        .find_listings_unfaceted(&ListingQuery {
            ids: Some(ids.to_vec()),
            states: vec![ListingState::Published],
            limit: 10,
            ..ListingQuery::default()
        })
        .await?;
    let listings: Vec<ListingRecord> = ids
        .iter()
        .filter_map(|id| found.iter().find(|l| l.id == *id).cloned())
        .collect();
    if listings.len() < 2 {
        return Err(AppError::field(
            "ids",
            "可对比的已发布挂牌不足两个",
            "fewer than two of these listings are published",
        ));
    }
    Ok(listings)
}

// ---- Packages ---------------------------------------------------------------

/// The organisation the caller curates packages for: `requested`, or the
/// first operation centre or patent source they belong to.
pub async fn curator_org(
    state: &AppState,
    caller: &CurrentActor,
    requested: Option<i64>,
) -> Result<OrganisationRecord, AppError> {
    acting_for(
        state,
        caller,
        requested,
        |k| k.is_operation_centre() || k.is_patent_source(),
        Action::CuratePackages,
        "only members of an operation centre, university, institute or SOE bundle packages (仅运营中心、高校、科研院所和国企成员可打包)",
    )
    .await
}

/// Creates a draft package from the curator's form.
pub async fn create_package(
    state: &AppState,
    caller: &CurrentActor,
    organisation: Option<i64>,
    form: &PackageForm,
) -> Result<i64, AppError> {
    let org = curator_org(state, caller, organisation).await?;
    let spec = PackageSpec::parse(form).map_err(AppError::Invalid)?;
    // A university, institute or SOE bundles its own listings only; the
    // operation centres bundle across owners.
    if org.kind.is_patent_source() {
        let ids: Vec<i64> = spec.items.iter().map(|(id, _)| *id).collect();
        let listings = state
            .store
            .find_listings_unfaceted(&ListingQuery {
                ids: Some(ids),
                limit: 500,
                ..ListingQuery::default()
            })
            .await?;
        if let Some(foreign) = listings.iter().find(|l| l.organisation_id != org.id) {
            return Err(AppError::field(
                "listing_ids",
                format!(
                    "挂牌 {} 不属于本单位；高校、院所和国企只能打包本单位的挂牌",
                    foreign.id
                ),
                format!(
                    "listing {} belongs to another owner; a source bundles its own listings only",
                    foreign.id
                ),
            ));
        }
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    state
        .store
        .create_package(&ctx, org.id, &spec)
        .await?
        .map_err(|e| AppError::Invalid(vec![e]))
}

/// Whether the caller curates for the package's organisation.
pub async fn may_curate(
    state: &AppState,
    caller: &CurrentActor,
    package: &PackageRecord,
) -> Result<bool, AppError> {
    if caller.user.is_none() {
        return Ok(false);
    }
    let Some(org) = state
        .store
        .get_organisation(package.organisation_id)
        .await?
    else {
        return Ok(false);
    };
    Ok(caller
        .require(Action::CuratePackages, &resource_of(&org))
        .is_ok())
}

/// A package the caller may see: a published one, or any of their own
/// organisation's; anything else is 404.
pub async fn package_for(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
) -> Result<(PackageRecord, bool), AppError> {
    let missing = || AppError::NotFound(format!("no package {id}"));
    let package = state.store.package(id).await?.ok_or_else(missing)?;
    let curator = may_curate(state, caller, &package).await?;
    if package.state != PackageState::Published && !curator {
        return Err(missing());
    }
    Ok((package, curator))
}

/// The published packages, newest first.
pub async fn published_packages(state: &AppState) -> Result<Vec<PackageRecord>, AppError> {
    Ok(state
        .store
        .packages(&PackageFilter {
            state: Some(PackageState::Published),
            curator: None,
        })
        .await?)
}

/// Publishes (`publish`) or closes a package of the caller's organisation;
/// a package not in a state that allows it is 409.
pub async fn move_package(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    publish: bool,
) -> Result<PackageState, AppError> {
    let (package, curator) = package_for(state, caller, id).await?;
    if !curator {
        return Err(AppError::Forbidden(
            "only the package's curators may change it".to_string(),
        ));
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(package.organisation_id);
    let (moved, to) = if publish {
        (
            state.store.publish_package(&ctx, id).await?,
            PackageState::Published,
        )
    } else {
        (
            state.store.close_package(&ctx, id).await?,
            PackageState::Closed,
        )
    };
    if moved {
        Ok(to)
    } else {
        Err(AppError::Conflict(format!(
            "the package is {} and cannot become {} (专利包当前状态为“{}”)",
            package.state.as_str(),
            to.as_str(),
            package.state.label_zh()
        )))
    }
}

// ---- Inbox --------------------------------------------------------------------

/// What the inbox shows.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    pub notifications: Vec<Notification>,
    /// Inquiries on the listings of the caller's organisations.
    pub received: Vec<InquiryRecord>,
    /// Inquiries the caller's SMEs sent.
    pub sent: Vec<InquiryRecord>,
}

fn organisation_ids(caller: &CurrentActor) -> Vec<i64> {
    caller
        .user
        .as_ref()
        .map(|u| u.memberships.iter().map(|m| m.org_id).collect())
        .unwrap_or_default()
}

/// The notifications of the caller and their organisations, newest first,
/// and the inquiries they received and sent.
pub async fn inbox(state: &AppState, caller: &CurrentActor) -> Result<Inbox, AppError> {
    let user = caller.signed_in_user()?;
    let orgs = organisation_ids(caller);
    let notifications = state
        .store
        .notifications_for(&orgs, Some(user.id), 100)
        .await?;
    let mut received = Vec::new();
    let mut sent = Vec::new();
    for m in &user.memberships {
        if m.org_kind == patentbridge_domain::OrganisationKind::Sme {
            sent.extend(state.store.inquiries_of_organisation(m.org_id).await?);
        } else {
            received.extend(state.store.inquiries_to_owner(m.org_id).await?);
        }
    }
    Ok(Inbox {
        notifications,
        received,
        sent,
    })
}

/// Marks every notification of the caller and their organisations read.
pub async fn mark_read(state: &AppState, caller: &CurrentActor) -> Result<u64, AppError> {
    let user = caller.signed_in_user()?;
    Ok(state
        .store
        .mark_notifications_read(&organisation_ids(caller), user.id)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_takes_two_to_four_distinct_ids() {
        assert_eq!(parse_compare_ids("1,2, 3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_compare_ids("4,4,5").unwrap(), vec![4, 5]);
        assert!(parse_compare_ids("1").is_err());
        assert!(parse_compare_ids("1,2,3,4,5").is_err());
        assert!(parse_compare_ids("1,x").is_err());
    }
}
