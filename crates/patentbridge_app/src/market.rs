//! The mall's buyer side, shared by the pages and the JSON API: an SME's
//! "want this" (with the configurable zero-price-first rule), favourites,
//! the comparison of listings, packages, and the inbox.

use std::sync::OnceLock;

use patentbridge_domain::listing::{ListingState, ZeroPriceRule};
use patentbridge_domain::package::{PackageForm, PackageSpec, PackageState};
use patentbridge_domain::policy::Action;
use patentbridge_domain::{Text, text};
use patentbridge_storage::{
    InquiryRecord, ListingQuery, ListingRecord, Notification, OrganisationRecord, PackageFilter,
    PackageRecord,
};

use crate::listings::no_listing;
use crate::organisations::{acting_for, resource_of};
use crate::{App, Caller, Error};

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
pub async fn acting_sme(app: &App, caller: &Caller) -> Result<OrganisationRecord, Error> {
    acting_for(
        app,
        caller,
        None,
        |k| k == patentbridge_domain::OrganisationKind::Sme,
        Action::UseDealsAsSme,
        Text::new(
            "仅已认证中小企业的成员可提出意向",
            "only members of a verified SME ask for patents",
        ),
    )
    .await
}

/// A listing that exists, or 404.
async fn existing_listing(app: &App, id: i64) -> Result<ListingRecord, Error> {
    app.store.listing(id).await?.ok_or_else(|| no_listing(id))
}

/// An SME member's "want this": the inquiry is stored and the owner told;
/// a second zero-price claim the rule forbids is a 422 on `listing`.
pub async fn send_inquiry(
    app: &App,
    caller: &Caller,
    listing_id: i64,
    message: &str,
) -> Result<i64, Error> {
    let user = caller.signed_in_user()?;
    let sme = acting_sme(app, caller).await?;
    existing_listing(app, listing_id).await?;
    let message = message.trim();
    if message.chars().count() > MAX_MESSAGE {
        return Err(Error::field(
            "message",
            format!("留言最多 {MAX_MESSAGE} 字"),
            format!("the message has at most {MAX_MESSAGE} characters"),
        ));
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(sme.id);
    app.store
        .create_inquiry(
            &ctx,
            listing_id,
            sme.id,
            user.id,
            message,
            zero_price_rule(),
        )
        .await?
        .map_err(|e| Error::Invalid(vec![e]))
}

/// Marks a published listing as a favourite of the signed-in user.
pub async fn add_favourite(app: &App, caller: &Caller, listing_id: i64) -> Result<bool, Error> {
    let user = caller.signed_in_user()?;
    caller.require_scope(patentbridge_domain::policy::Scope::Write)?;
    let listing = existing_listing(app, listing_id).await?;
    if listing.state != ListingState::Published {
        return Err(no_listing(listing_id));
    }
    Ok(app
        .store
        .add_favourite(&caller.audit_context(), user.id, listing_id)
        .await?)
}

/// Removes a favourite of the signed-in user.
pub async fn remove_favourite(app: &App, caller: &Caller, listing_id: i64) -> Result<bool, Error> {
    let user = caller.signed_in_user()?;
    caller.require_scope(patentbridge_domain::policy::Scope::Write)?;
    Ok(app
        .store
        .remove_favourite(&caller.audit_context(), user.id, listing_id)
        .await?)
}

/// The signed-in user's favourite listings, newest mark first.
pub async fn favourites(app: &App, caller: &Caller) -> Result<Vec<ListingRecord>, Error> {
    let user = caller.signed_in_user()?;
    let ids = app.store.favourite_ids(user.id).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = app
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
pub fn parse_compare_ids(raw: &str) -> Result<Vec<i64>, Error> {
    let mut ids = Vec::new();
    for part in raw.split([',', ' ', '，']).filter(|s| !s.trim().is_empty()) {
        match part.trim().parse::<i64>() {
            Ok(id) if id > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                return Err(Error::field(
                    "ids",
                    "挂牌编号应为数字，用逗号分隔",
                    "listing ids are numbers separated by commas",
                ));
            }
        }
    }
    if !(2..=4).contains(&ids.len()) {
        return Err(Error::field(
            "ids",
            "请选择 2 至 4 个挂牌进行对比",
            "choose two to four listings to compare",
        ));
    }
    Ok(ids)
}

/// The published listings among `ids`, in the order asked; fewer than two
/// is a field error.
pub async fn compare(app: &App, ids: &[i64]) -> Result<Vec<ListingRecord>, Error> {
    let found = app
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
        return Err(Error::field(
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
    app: &App,
    caller: &Caller,
    requested: Option<i64>,
) -> Result<OrganisationRecord, Error> {
    acting_for(
        app,
        caller,
        requested,
        |k| k.is_operation_centre() || k.is_patent_source(),
        Action::CuratePackages,
        Text::new(
            "仅运营中心、高校、科研院所和国企成员可打包",
            "only members of an operation centre, university, institute or SOE bundle packages",
        ),
    )
    .await
}

/// Creates a draft package from the curator's form.
pub async fn create_package(
    app: &App,
    caller: &Caller,
    organisation: Option<i64>,
    form: &PackageForm,
) -> Result<i64, Error> {
    let org = curator_org(app, caller, organisation).await?;
    let spec = PackageSpec::parse(form).map_err(Error::Invalid)?;
    // A university, institute or SOE bundles its own listings only; the
    // operation centres bundle across owners.
    if org.kind.is_patent_source() {
        let ids: Vec<i64> = spec.items.iter().map(|(id, _)| *id).collect();
        let listings = app
            .store
            .find_listings_unfaceted(&ListingQuery {
                ids: Some(ids),
                limit: 500,
                ..ListingQuery::default()
            })
            .await?;
        if let Some(foreign) = listings.iter().find(|l| l.organisation_id != org.id) {
            return Err(Error::field(
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
    app.store
        .create_package(&ctx, org.id, &spec)
        .await?
        .map_err(|e| Error::Invalid(vec![e]))
}

/// Whether the caller curates for the package's organisation.
pub async fn may_curate(
    app: &App,
    caller: &Caller,
    package: &PackageRecord,
) -> Result<bool, Error> {
    if caller.user.is_none() {
        return Ok(false);
    }
    let Some(org) = app.store.get_organisation(package.organisation_id).await? else {
        return Ok(false);
    };
    Ok(caller
        .require(Action::CuratePackages, &resource_of(&org))
        .is_ok())
}

/// A package the caller may see: a published one, or any of their own
/// organisation's; anything else is 404.
pub async fn package_for(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(PackageRecord, bool), Error> {
    let missing = || Error::NotFound(text!("没有专利包 {id}", "no package {id}"));
    let package = app.store.package(id).await?.ok_or_else(missing)?;
    let curator = may_curate(app, caller, &package).await?;
    if package.state != PackageState::Published && !curator {
        return Err(missing());
    }
    Ok((package, curator))
}

/// The published packages, newest first.
pub async fn published_packages(app: &App) -> Result<Vec<PackageRecord>, Error> {
    Ok(app
        .store
        .packages(&PackageFilter {
            state: Some(PackageState::Published),
            curator: None,
        })
        .await?)
}

/// An organisation's packages in every state (drafts too), newest first, at
/// most 200, for those who curate packages for it (its members, if it may
/// curate, and administrators); anyone else is refused as by
/// [`curator_org`].
pub async fn organisation_packages(
    app: &App,
    caller: &Caller,
    organisation_id: i64,
) -> Result<Vec<PackageRecord>, Error> {
    let org = curator_org(app, caller, Some(organisation_id)).await?;
    Ok(app
        .store
        .packages(&PackageFilter {
            state: None,
            curator: Some(org.id),
        })
        .await?)
}

/// Publishes (`publish`) or closes a package of the caller's organisation;
/// a package not in a state that allows it is 409.
pub async fn move_package(
    app: &App,
    caller: &Caller,
    id: i64,
    publish: bool,
) -> Result<PackageState, Error> {
    let (package, curator) = package_for(app, caller, id).await?;
    if !curator {
        return Err(Error::Forbidden(Text::new(
            "只有专利包的整理机构可以修改",
            "only the package's curators may change it",
        )));
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(package.organisation_id);
    let (moved, to) = if publish {
        (
            app.store.publish_package(&ctx, id).await?,
            PackageState::Published,
        )
    } else {
        (
            app.store.close_package(&ctx, id).await?,
            PackageState::Closed,
        )
    };
    if moved {
        Ok(to)
    } else {
        Err(Error::Conflict(Text::owned(
            format!(
                "专利包当前状态为“{}”，不能改为“{}”",
                package.state.label().zh(),
                to.label().zh()
            ),
            format!(
                "the package is {} and cannot become {}",
                package.state.as_str(),
                to.as_str()
            ),
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

fn organisation_ids(caller: &Caller) -> Vec<i64> {
    caller
        .user
        .as_ref()
        .map(|u| u.memberships.iter().map(|m| m.org_id).collect())
        .unwrap_or_default()
}

/// The notifications of the caller and their organisations, newest first,
/// and the inquiries they received and sent.
pub async fn inbox(app: &App, caller: &Caller) -> Result<Inbox, Error> {
    let user = caller.signed_in_user()?;
    let orgs = organisation_ids(caller);
    let notifications = app
        .store
        .notifications_for(&orgs, Some(user.id), 100)
        .await?;
    let mut received = Vec::new();
    let mut sent = Vec::new();
    for m in &user.memberships {
        if m.org_kind == patentbridge_domain::OrganisationKind::Sme {
            sent.extend(app.store.inquiries_of_organisation(m.org_id).await?);
        } else {
            received.extend(app.store.inquiries_to_owner(m.org_id).await?);
        }
    }
    Ok(Inbox {
        notifications,
        received,
        sent,
    })
}

/// Marks every notification of the caller and their organisations read.
pub async fn mark_read(app: &App, caller: &Caller) -> Result<u64, Error> {
    let user = caller.signed_in_user()?;
    Ok(app
        .store
        .mark_notifications_read(&organisation_ids(caller), user.id)
        .await?)
}

/// Whether the signed-in user keeps the listing among their favourites.
pub async fn is_favourite(app: &App, caller: &Caller, listing_id: i64) -> Result<bool, Error> {
    match caller.user.as_ref() {
        Some(u) => Ok(app.store.favourite_ids(u.id).await?.contains(&listing_id)),
        None => Ok(false),
    }
}

/// The organisations the caller may curate packages for.
pub async fn curatable(app: &App, caller: &Caller) -> Result<Vec<OrganisationRecord>, Error> {
    let mut out = Vec::new();
    if let Some(user) = &caller.user {
        for m in &user.memberships {
            if let Some(org) = app.store.get_organisation(m.org_id).await?
                && caller.may(Action::CuratePackages, &resource_of(&org))
            {
                out.push(org);
            }
        }
    }
    Ok(out)
}

/// Published listings whose text holds all of `words`, for choosing a
/// package's items; at most 50.
pub async fn find_published(app: &App, words: Vec<String>) -> Result<Vec<ListingRecord>, Error> {
    Ok(app
        .store
        .find_listings_unfaceted(&ListingQuery {
            words,
            states: vec![ListingState::Published],
            limit: 50,
            ..ListingQuery::default()
        })
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
