//! The demo's organisations: the bodies the plan names (the IP bureau, the
//! 4 industry, 10 featured and 16 district operation centres, the 15
//! universities and institutes) and the invented SMEs, state-owned
//! enterprises and banks of the demo catalogue, with valid credit codes and
//! two years of figures for each SME. The operator creates the platform
//! administrator; the administrator registers and verifies the rest.

use patentbridge_app::{App, Caller, organisations, sessions};
use patentbridge_domain::tianjin::{DISTRICTS, FEATURED_CENTRES, INDUSTRY_CENTRES, SOURCES};
use patentbridge_domain::{
    CreditCode, Fen, OrganisationKind, RegionCode, SizeClass, Verification, VerificationEvent,
};
use patentbridge_storage::{NewOrganisation, OrganisationFigures};

use super::accounts;
use crate::catalogue::{SplitMix64, demo_banks, demo_smes, demo_soes};
use crate::{Context, DEMO_SEED, SeedError};

/// What this step made when it ran.
pub(super) struct Created {
    pub organisations: usize,
    pub accounts: Vec<&'static str>,
}

fn new(
    kind: OrganisationKind,
    name_zh: &str,
    name_en: Option<&str>,
    district: Option<u32>,
    address: Option<String>,
) -> NewOrganisation {
    NewOrganisation {
        kind,
        name_zh: name_zh.to_string(),
        name_en: name_en.map(str::to_string),
        credit_code: None,
        region: district.and_then(|d| RegionCode::parse(&format!("{d:06}")).ok()),
        address,
        industry: None,
    }
}

/// Seeds the organisations and the accounts once (a store whose demo
/// administrator exists is left alone); returns what it made and the
/// administrator the later steps act as.
pub(super) async fn seed(
    app: &App,
    operator: &Caller,
    password: &str,
) -> Result<(Option<Created>, Caller), SeedError> {
    if let Some(id) = accounts::existing_admin(app, operator).await? {
        let admin = sessions::act_as(app, operator, id)
            .await
            .step(|| "the demo administrator".into())?;
        return Ok((None, admin));
    }
    let admin = accounts::create_admin(app, operator, password).await?;
    let mut rng = SplitMix64::new(DEMO_SEED);
    let mut serial = 0u32;
    // Deterministic organisation-code bodies: "MA" plus six base-36 digits.
    let mut next_code = |prefix: &str, division: u32| -> Option<CreditCode> {
        serial += 1;
        let body = format!("MA{:06}", (serial * 7919) % 1_000_000);
        CreditCode::from_parts(prefix, &format!("{division:06}"), &body).ok()
    };
    let mut verified: Vec<NewOrganisation> = vec![
        new(
            OrganisationKind::IpBureau,
            "天津市知识产权局",
            Some("Tianjin Intellectual Property Office"),
            Some(120000),
            Some("天津市河西区".into()),
        ),
        new(
            OrganisationKind::DistrictOffice,
            "天津市滨海新区知识产权局",
            Some("Binhai New Area Intellectual Property Office"),
            Some(120116),
            None,
        ),
    ];
    for c in INDUSTRY_CENTRES {
        verified.push(new(
            OrganisationKind::IndustryOperationCentre,
            c.name_zh,
            Some(c.name_en),
            None,
            None,
        ));
    }
    for c in FEATURED_CENTRES {
        verified.push(new(
            OrganisationKind::FeaturedOperationCentre,
            c.name_zh,
            Some(c.name_en),
            None,
            None,
        ));
    }
    for d in DISTRICTS {
        let name = format!("天津市{}知识产权运营服务中心", d.name_zh);
        let name_en = format!("{} IP Operation Service Centre", d.name_en);
        verified.push(new(
            OrganisationKind::DistrictOperationCentre,
            &name,
            Some(&name_en),
            Some(d.code),
            None,
        ));
    }
    for s in SOURCES {
        let kind = if s.is_university {
            OrganisationKind::University
        } else {
            OrganisationKind::ResearchInstitute
        };
        let mut org = new(kind, s.name_zh, Some(s.name_en), Some(s.district), None);
        org.credit_code = next_code("12", s.district);
        verified.push(org);
    }
    for c in demo_soes() {
        let mut org = new(
            OrganisationKind::StateOwnedEnterprise,
            c.name,
            None,
            Some(c.district),
            Some(c.street.to_string()),
        );
        org.credit_code = next_code("91", c.district);
        verified.push(org);
    }
    for name in demo_banks() {
        let mut org = new(OrganisationKind::Bank, name, None, Some(120000), None);
        org.credit_code = next_code("91", 120000);
        verified.push(org);
    }
    let mut created = 0;
    let mut named: Vec<(String, OrganisationKind, i64)> = Vec::new();
    for org in &verified {
        let id = create(app, &admin, org).await?;
        verify(app, &admin, id, true).await?;
        named.push((org.name_zh.clone(), org.kind, id));
        created += 1;
    }
    // SMEs: most verified, some waiting for review, some not yet submitted,
    // with two years of figures each.
    for (i, c) in demo_smes().enumerate() {
        let mut org = new(
            OrganisationKind::Sme,
            c.name,
            None,
            Some(c.district),
            Some(c.street.to_string()),
        );
        org.credit_code = next_code("91", c.district);
        let id = create(app, &admin, &org).await?;
        created += 1;
        if i % 5 < 3 {
            named.push((org.name_zh.clone(), OrganisationKind::Sme, id));
        }
        if i % 5 != 4 {
            verify(app, &admin, id, i % 5 != 3).await?;
        }
        let mut employees = 15 + rng.below(280) as u32;
        let mut revenue_wan = 200 + rng.below(15_000) as i64;
        for year in [2023, 2024] {
            let revenue = Fen::from_yuan(revenue_wan * 10_000);
            let figures = OrganisationFigures {
                year,
                revenue,
                employees,
                size_class: SizeClass::classify(employees, revenue),
            };
            organisations::record_figures(app, &admin, id, &figures)
                .await
                .step(|| format!("figures of {}", c.name))?;
            employees += rng.below(30) as u32;
            revenue_wan += rng.below(3_000) as i64;
        }
    }
    let accounts = accounts::seed(app, &admin, &named, password).await?;
    Ok((
        Some(Created {
            organisations: created,
            accounts,
        }),
        admin,
    ))
}

async fn create(app: &App, admin: &Caller, org: &NewOrganisation) -> Result<i64, SeedError> {
    organisations::create(app, admin, org)
        .await
        .step(|| format!("organisation {}", org.name_zh))
}

/// Submits an organisation for verification and, when `approve`, has the
/// administrator approve it.
async fn verify(app: &App, admin: &Caller, id: i64, approve: bool) -> Result<(), SeedError> {
    let mut events = vec![VerificationEvent::Submit];
    if approve {
        events.push(VerificationEvent::Approve);
    }
    for event in events {
        organisations::apply_verification(app, admin, id, event)
            .await
            .step(|| format!("verification of organisation {id}"))?;
    }
    Ok(())
}

/// The verified organisations of `kind`, in the order they were created.
pub(super) async fn verified_of(
    app: &App,
    admin: &Caller,
    kind: OrganisationKind,
) -> Result<Vec<patentbridge_storage::OrganisationRecord>, SeedError> {
    let mut all = organisations::verification_queue(app, admin, Some(Verification::Verified))
        .await
        .step(|| "the verified organisations".into())?;
    all.retain(|o| o.kind == kind);
    all.sort_by_key(|o| o.id);
    Ok(all)
}
