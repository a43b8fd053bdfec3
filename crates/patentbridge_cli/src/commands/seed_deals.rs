//! Seeds the demo's deals through the same operations the pages use: the
//! demo SMEs (`sme1`, `sme2`) deal with Tianjin University (`tju-tto`) on its
//! published listings, leaving at least one deal in every state of the
//! deal workflow — among them a signed ordinary licence and a recorded
//! transfer with their contracts, a licence in force with a royalty report
//! and an outcome entry, and an accepted open licence.

use anyhow::{Context, Result, anyhow};
use patentbridge_domain::Login;
use patentbridge_domain::deal::{DealEvent, DealState};
use patentbridge_domain::listing::{ListingMode, ListingState};
use patentbridge_storage::{ListingQuery, ListingRecord};
use patentbridge_web::AppState;
use patentbridge_web::auth::CurrentActor;
use patentbridge_web::operations::deals::{
    self, AcceptanceNotice, OutcomeForm, RoyaltyReportForm, StepData,
};

async fn actor(state: &AppState, username: &str) -> Result<Option<CurrentActor>> {
    let login = Login::parse(&format!("{username}@demo.patentbridge.cn"))
        .map_err(|e| anyhow!("demo login {username}: {e}"))?;
    Ok(state
        .store
        .find_user_by_login(&login)
        .await?
        .map(CurrentActor::trusted))
}

/// The path from an inquiry to each target state, as (side, event).
fn path_to(target: DealState) -> Vec<(&'static str, DealEvent)> {
    use DealEvent as E;
    let full = [
        ("owner", E::Offer),
        ("sme", E::AcceptOffer),
        ("sme", E::Sign),
        ("owner", E::Sign),
        ("owner", E::Record),
        ("owner", E::StartPerformance),
        ("owner", E::Complete),
    ];
    let upto = |n: usize| full[..n].to_vec();
    match target {
        DealState::Inquiry => Vec::new(),
        DealState::Negotiation => upto(1),
        DealState::ContractDrafted => upto(2),
        DealState::PartlySigned => upto(3),
        DealState::Signed => upto(4),
        DealState::Recorded => upto(5),
        DealState::InForce => upto(6),
        DealState::Completed => upto(7),
        DealState::Withdrawn => vec![("owner", E::Offer), ("sme", E::Withdraw)],
        DealState::Rejected => vec![("owner", E::Reject)],
        DealState::Disputed => {
            let mut p = upto(6);
            p.push(("sme", E::Dispute));
            p
        }
        DealState::Terminated => {
            let mut p = upto(6);
            p.push(("sme", E::Dispute));
            p.push(("owner", E::Terminate));
            p
        }
    }
}

/// Seeds the deals once (a store with deals is left alone); returns how
/// many were opened. Needs the demo accounts and Tianjin University's
/// listings; without them it seeds nothing.
pub async fn seed_deals(state: &AppState) -> Result<usize> {
    if !state.store.all_deals().await?.is_empty() {
        return Ok(0);
    }
    let (Some(sme1), Some(sme2), Some(tto)) = (
        actor(state, "sme1").await?,
        actor(state, "sme2").await?,
        actor(state, "tju-tto").await?,
    ) else {
        return Ok(0);
    };
    let tju = tto
        .user
        .as_ref()
        .and_then(|u| u.memberships.first())
        .map(|m| m.org_id)
        .context("tju-tto has no organisation")?;
    let listings: Vec<ListingRecord> = state
        .store
        .find_listings_unfaceted(&ListingQuery {
            owner: Some(tju),
            states: vec![ListingState::Published],
            limit: 50,
            ..ListingQuery::default()
        })
        .await?;
    let of_mode = |mode: ListingMode| listings.iter().find(|l| l.spec.mode == mode);
    let transfer = listings.iter().find(|l| {
        l.spec.mode == ListingMode::Transfer
            && !matches!(
                l.spec.price,
                patentbridge_domain::listing::Price::ZeroPriceFirst
            )
    });
    let licence = of_mode(ListingMode::OrdinaryLicence)
        .or(of_mode(ListingMode::ExclusiveLicence))
        .or(of_mode(ListingMode::SoleLicence));
    let (Some(transfer), Some(licence)) = (transfer, licence) else {
        return Ok(0);
    };
    let plan: Vec<(&CurrentActor, &ListingRecord, DealState)> = vec![
        (&sme1, licence, DealState::InForce),
        (&sme2, licence, DealState::Signed),
        (&sme1, transfer, DealState::Recorded),
        (&sme2, transfer, DealState::Negotiation),
        (&sme1, transfer, DealState::Inquiry),
        (&sme2, licence, DealState::ContractDrafted),
        (&sme2, licence, DealState::PartlySigned),
        (&sme1, licence, DealState::Completed),
        (&sme2, licence, DealState::Withdrawn),
        (&sme1, transfer, DealState::Rejected),
        (&sme2, licence, DealState::Disputed),
        (&sme1, licence, DealState::Terminated),
    ];
    let mut opened = 0;
    for (sme, listing, target) in plan {
        let id = deals::open(
            state,
            sme,
            listing.id,
            Some("您好，我们对这项专利很感兴趣，想了解交易条件。"),
        )
        .await
        .map_err(|e| anyhow!("demo deal on listing {}: {e}", listing.id))?;
        opened += 1;
        for (side, event) in path_to(target) {
            let who = if side == "owner" { &tto } else { sme };
            // A signature names the contract it was given to read.
            let sha256 = if event == DealEvent::Sign {
                deals::view(state, who, id)
                    .await
                    .map_err(|e| anyhow!("{e}"))?
                    .documents
                    .first()
                    .map(|d| d.sha256.clone())
            } else {
                None
            };
            let data = StepData {
                terms: (event == DealEvent::Offer).then(|| deals::listing_default_terms(listing)),
                record_number: (event == DealEvent::Record).then(|| {
                    format!(
                        "{}X{:06}",
                        if listing.spec.mode == ListingMode::Transfer {
                            "ZL"
                        } else {
                            "BA"
                        },
                        id
                    )
                }),
                recorded_on: (event == DealEvent::Record)
                    .then(|| chrono::Utc::now().date_naive().to_string()),
                message: (event == DealEvent::Dispute)
                    .then(|| "对方未按约定提供技术资料".to_string()),
                sha256,
                ..StepData::default()
            };
            deals::step(state, who, id, event, &data, Some("127.0.0.1".into()))
                .await
                .map_err(|e| anyhow!("demo deal {id} {}: {e}", event.as_str()))?;
        }
        if target == DealState::InForce {
            let v = deals::view(state, sme, id)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            if let Some(first) = v.obligations.iter().find(|o| o.period_start.is_some()) {
                deals::file_royalty_report(
                    state,
                    sme,
                    id,
                    &RoyaltyReportForm {
                        obligation_id: Some(first.id),
                        period_start: first
                            .period_start
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        period_end: first.period_end.map(|d| d.to_string()).unwrap_or_default(),
                        sales_yuan: "1250000".into(),
                        profit_yuan: "310000".into(),
                        note: Some("首个报告期".into()),
                    },
                )
                .await
                .map_err(|e| anyhow!("demo royalty report: {e}"))?;
            }
            deals::add_outcome(
                state,
                sme,
                id,
                &OutcomeForm {
                    period: "2026-Q4".into(),
                    product_name: "智能电池管理模组".into(),
                    filing: "filed".into(),
                    filing_number: Some("ZLCP2026120001".into()),
                    output_value_yuan: "3200000".into(),
                    revenue_yuan: "2100000".into(),
                    jobs: "8".into(),
                },
            )
            .await
            .map_err(|e| anyhow!("demo outcome: {e}"))?;
        }
    }
    if let Some(open) = of_mode(ListingMode::OpenLicence) {
        let fee = match open.spec.open_licence.as_ref().map(|o| o.payment) {
            Some(patentbridge_domain::listing::OpenLicencePayment::LumpSum(f)) => f,
            Some(patentbridge_domain::listing::OpenLicencePayment::EntryPlusRoyalty {
                entry,
                ..
            }) => entry,
            _ => patentbridge_domain::Fen::new(0),
        };
        deals::accept_open_licence(
            state,
            &sme2,
            open.id,
            &AcceptanceNotice {
                payment_reference: "TJBANK-2026-000187".into(),
                paid_yuan: format!("{}.{:02}", fee.value() / 100, fee.value() % 100),
                message: Some("我公司接受该专利的开放许可条件。".into()),
            },
        )
        .await
        .map_err(|e| anyhow!("demo open-licence acceptance: {e}"))?;
        opened += 1;
    }
    Ok(opened)
}
