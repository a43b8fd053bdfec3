//! The demo's deals, taken through the same operations the pages use: the
//! demo SMEs (`sme1`, `sme2`) deal with Tianjin University (`tju-tto`) on
//! its published listings, leaving at least one deal in every state of the
//! deal workflow — among them a signed ordinary licence and a recorded
//! transfer with their contracts, a licence in force with a royalty report
//! and an outcome entry, and an accepted open licence.

use patentbridge_app::deals::{self, AcceptanceNotice, OutcomeForm, RoyaltyReportForm, StepData};
use patentbridge_app::{App, Caller, listings};
use patentbridge_domain::deal::{DealEvent, DealState};
use patentbridge_domain::listing::{ListingMode, ListingState};
use patentbridge_storage::ListingRecord;

use super::accounts;
use crate::{Context, SeedError};

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

/// Seeds the deals once (a platform with deals is left alone); returns
/// how many were opened. Needs the demo accounts and Tianjin University's
/// listings; without them it seeds nothing.
pub(super) async fn seed(app: &App, admin: &Caller) -> Result<Option<usize>, SeedError> {
    if !deals::my_deals(app, admin)
        .await
        .step(|| "the deals".into())?
        .is_empty()
    {
        return Ok(None);
    }
    let (Some(sme1), Some(sme2), Some(tto)) = (
        accounts::caller(app, admin, "sme1").await?,
        accounts::caller(app, admin, "sme2").await?,
        accounts::caller(app, admin, "tju-tto").await?,
    ) else {
        return Ok(Some(0));
    };
    let (_, listings) = listings::my_listings(app, &tto, Some(ListingState::Published))
        .await
        .step(|| "Tianjin University's listings".into())?;
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
        return Ok(Some(0));
    };
    let plan: Vec<(&Caller, &ListingRecord, DealState)> = vec![
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
            app,
            sme,
            listing.id,
            Some("您好，我们对这项专利很感兴趣，想了解交易条件。"),
        )
        .await
        .step(|| format!("deal on listing {}", listing.id))?;
        opened += 1;
        for (side, event) in path_to(target) {
            let who = if side == "owner" { &tto } else { sme };
            // A signature names the contract it was given to read.
            let sha256 = if event == DealEvent::Sign {
                deals::view(app, who, id)
                    .await
                    .step(|| format!("deal {id}"))?
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
                recorded_on: (event == DealEvent::Record).then(|| app.today().to_string()),
                message: (event == DealEvent::Dispute)
                    .then(|| "对方未按约定提供技术资料".to_string()),
                sha256,
                ..StepData::default()
            };
            deals::step(app, who, id, event, &data)
                .await
                .step(|| format!("deal {id} {}", event.as_str()))?;
        }
        if target == DealState::InForce {
            let v = deals::view(app, sme, id)
                .await
                .step(|| format!("deal {id}"))?;
            if let Some(first) = v.obligations.iter().find(|o| o.period_start.is_some()) {
                deals::file_royalty_report(
                    app,
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
                .step(|| format!("royalty report of deal {id}"))?;
            }
            deals::add_outcome(
                app,
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
            .step(|| format!("outcome of deal {id}"))?;
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
            app,
            &sme2,
            open.id,
            &AcceptanceNotice {
                payment_reference: "TJBANK-2026-000187".into(),
                paid_yuan: format!("{}.{:02}", fee.value() / 100, fee.value() % 100),
                message: Some("我公司接受该专利的开放许可条件。".into()),
            },
        )
        .await
        .step(|| "open-licence acceptance".into())?;
        opened += 1;
    }
    Ok(Some(opened))
}
