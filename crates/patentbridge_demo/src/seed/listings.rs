//! The demo's listings: for each verified university, institute and SOE,
//! a few of its patents in force are listed by the administrator in the
//! owner's name, cycling through every mode and price model the mall offers
//! (transfer, the three licences, open licence, equity; fixed, negotiable,
//! zero-price first, use first and pay later). Most are submitted and
//! published by review; a few wait for review or stay drafts so the review
//! queue and the owners' pages have work. Every listing passes the same
//! rules as one written on the page.

use patentbridge_app::{App, Caller, Error, listings, pool};
use patentbridge_domain::listing::{Industry, ListingEvent, ListingForm, ListingState};
use patentbridge_domain::{LegalStatus, OrganisationKind};
use patentbridge_storage::ListingQuery;

use super::organisations::verified_of;
use crate::catalogue::SplitMix64;
use crate::{Context, DEMO_SEED, SeedError};

/// (mode, price model, open-licence payment) — every mode and price model
/// appears at least once.
const OFFERS: &[(&str, &str, &str)] = &[
    ("open_licence", "fixed", "lump_sum"),
    ("transfer", "fixed", ""),
    ("ordinary_licence", "use_first_pay_later", ""),
    ("transfer", "zero_price_first", ""),
    ("exclusive_licence", "fixed", ""),
    ("equity", "negotiable", ""),
    ("open_licence", "use_first_pay_later", "royalty"),
    ("sole_licence", "negotiable", ""),
    ("transfer", "negotiable", ""),
    ("equity", "fixed", ""),
    ("open_licence", "fixed", "entry_plus_royalty"),
    ("ordinary_licence", "fixed", ""),
];

/// Listings per owner.
const PER_OWNER: usize = 4;

fn scenarios(industry: Industry) -> &'static str {
    match industry {
        Industry::InformationTechnology => "工业软件、智能终端、数据中心和通信设备企业",
        Industry::HighEndEquipment => "装备制造、自动化产线、检测仪器和机器人企业",
        Industry::NewMaterials => "新材料生产、化工、建材和电子材料企业",
        Industry::Biotechnology => "医药研发、生物制造、医疗器械和农业生物企业",
        Industry::NewEnergyVehicles => "整车、动力电池、电驱动和汽车零部件企业",
        Industry::NewEnergy => "光伏、风电、氢能和储能企业",
        Industry::EnergySavingEnvironmental => "环保工程、节能改造和水处理企业",
        Industry::DigitalCreative => "数字内容、影视制作和游戏企业",
        Industry::RelatedServices | Industry::Other => "相关制造和服务企业",
    }
}

/// The form of the `made`-th demo listing, of `offer`, for one patent.
fn form_for(
    rng: &mut SplitMix64,
    offer: (&str, &str, &str),
    made: usize,
    number: &str,
    title: &str,
    industry: Industry,
) -> ListingForm {
    let (mode, price_model, open_payment) = offer;
    let gain = 15 + rng.below(50);
    let cost = 10 + rng.below(35);
    ListingForm {
        title: title.chars().take(60).collect(),
        patents: number.to_string(),
        mode: mode.into(),
        price_model: price_model.into(),
        price_yuan: match price_model {
            "fixed" => ((5 + rng.below(120)) * 10_000).to_string(),
            "negotiable" if rng.chance(0.5) => ((20 + rng.below(200)) * 10_000).to_string(),
            _ => String::new(),
        },
        free_months: if price_model == "use_first_pay_later" {
            (6 + rng.below(13)).to_string()
        } else {
            String::new()
        },
        royalty_percent: if price_model == "use_first_pay_later" {
            format!("{}", 2 + rng.below(4))
        } else {
            String::new()
        },
        royalty_basis: "net_sales".into(),
        open_payment: open_payment.into(),
        open_fee_yuan: ((1 + rng.below(30)) * 10_000).to_string(),
        open_royalty_percent: format!("{}", 1 + rng.below(5)),
        open_royalty_basis: "net_sales".into(),
        open_term_years: (2 + rng.below(4)).to_string(),
        evaluation_report: if mode == "open_licence" {
            format!("PJ2024{:06}", 100 + made)
        } else {
            String::new()
        },
        problem: format!(
            "企业在“{}”相关环节普遍面临效率低、成本高的问题，现有方案难以兼顾性能与成本。",
            title.chars().take(30).collect::<String>()
        ),
        advantages: format!("经验证，效率提升约 {gain}%，综合成本降低约 {cost}%。"),
        trl: (4 + rng.below(6)).to_string(),
        scenarios: scenarios(industry).into(),
        industry: industry.as_str().into(),
        broker_name: "技术转移中心".into(),
        broker_phone: format!("022-2{:07}", 3_000_000 + rng.below(999_999)),
    }
}

/// Seeds the listings once (a mall with listings is left alone); returns
/// how many were written.
pub(super) async fn seed(app: &App, admin: &Caller) -> Result<Option<usize>, SeedError> {
    let any = listings::mall(
        app,
        ListingQuery {
            limit: 1,
            ..ListingQuery::default()
        },
    )
    .await
    .step(|| "the mall".into())?;
    let waiting = listings::review_queue(app, admin)
        .await
        .step(|| "the review queue".into())?;
    if any.total > 0 || !waiting.is_empty() {
        return Ok(None);
    }
    let mut rng = SplitMix64::new(DEMO_SEED ^ 0x4c49_5354);
    let mut made = 0;
    let mut offer = 0usize;
    for kind in [
        OrganisationKind::University,
        OrganisationKind::ResearchInstitute,
        OrganisationKind::StateOwnedEnterprise,
    ] {
        for owner in verified_of(app, admin, kind).await? {
            let (_, stock) = pool::stock(app, admin, Some(owner.id))
                .await
                .step(|| format!("the stock of {}", owner.name_zh))?;
            let mut listed_here = 0;
            for patent in stock
                .iter()
                .filter(|p| p.legal_status == LegalStatus::InForce && !p.listed)
            {
                if listed_here == PER_OWNER {
                    break;
                }
                let title = patent
                    .title_zh
                    .clone()
                    .or_else(|| patent.title_en.clone())
                    .unwrap_or_else(|| patent.number.clone());
                let industry = patent
                    .ipc
                    .as_ref()
                    .map_or(Industry::Other, Industry::from_ipc);
                let form = form_for(
                    &mut rng,
                    OFFERS[offer % OFFERS.len()],
                    made,
                    &patent.number,
                    &title,
                    industry,
                );
                // A patent the listing rules refuse (pooled, pledged, under
                // an open licence) is passed over, as an office would.
                let id = match listings::create(app, admin, Some(owner.id), &form).await {
                    Ok(id) => id,
                    Err(Error::Invalid(_)) => continue,
                    Err(e) => return Err(e).step(|| format!("listing {}", patent.number)),
                };
                // Most are published; every seventh waits for review, every
                // eleventh stays a draft.
                let stop = if made % 11 == 10 {
                    ListingState::Draft
                } else if made % 7 == 6 {
                    ListingState::UnderReview
                } else {
                    ListingState::Published
                };
                let mut state = ListingState::Draft;
                for event in [ListingEvent::Submit, ListingEvent::Approve] {
                    if state == stop {
                        break;
                    }
                    state = listings::apply(app, admin, id, event, "")
                        .await
                        .step(|| format!("{} of listing {id}", event.as_str()))?;
                }
                made += 1;
                offer += 1;
                listed_here += 1;
            }
        }
    }
    Ok(Some(made))
}
