//! Seeds the demo data set's organisations: the bodies the plan names (the
//! IP bureau, the 4 industry, 10 featured and 16 district operation centres,
//! the 15 universities and institutes) and the invented SMEs, state-owned
//! enterprises and banks of the demo catalogue, with valid credit codes; and
//! one ready account per role.

use anyhow::Result;
use patentbridge_domain::tianjin::{DISTRICTS, FEATURED_CENTRES, INDUSTRY_CENTRES, SOURCES};
use patentbridge_domain::{
    CreditCode, Fen, Login, MembershipRole, OrganisationKind, Password, PlatformRole, RegionCode,
    SizeClass, Username, Verification,
};
use patentbridge_ingest::demo::{SplitMix64, demo_banks, demo_smes, demo_soes};
use patentbridge_storage::{
    AuditContext, NewOrganisation, NewUser, OrganisationFigures, OrganisationFilter, Store,
};

/// What seeding did.
pub struct Seeded {
    pub organisations: usize,
    pub accounts: Vec<&'static str>,
}

/// The demo password when `PATENTBRIDGE_DEMO_PASSWORD` is not set.
pub const DEFAULT_DEMO_PASSWORD: &str = "demo-password";

/// Seeds the organisations once: a store that has any is left alone.
pub async fn seed_organisations(store: &Store, password: &str) -> Result<Option<Seeded>> {
    if store
        .count_organisations(&OrganisationFilter::default())
        .await?
        > 0
    {
        return Ok(None);
    }
    let ctx = AuditContext::system();
    let mut rng = SplitMix64::new(super::demo::DEMO_SEED);
    let mut serial = 0u32;
    // Deterministic organisation-code bodies: "MA" plus six base-36 digits.
    let mut next_code = |prefix: &str, division: u32| -> Option<CreditCode> {
        serial += 1;
        let body = format!("MA{:06}", (serial * 7919) % 1_000_000);
        CreditCode::from_parts(prefix, &format!("{division:06}"), &body).ok()
    };
    let mut created = 0;
    let add = |kind: OrganisationKind,
               name_zh: &str,
               name_en: Option<&str>,
               district: Option<u32>,
               address: Option<String>| {
        NewOrganisation {
            kind,
            name_zh: name_zh.to_string(),
            name_en: name_en.map(str::to_string),
            credit_code: None,
            region: district.and_then(|d| RegionCode::parse(&format!("{d:06}")).ok()),
            address,
            industry: None,
        }
    };
    let mut verified: Vec<NewOrganisation> = Vec::new();
    verified.push(add(
        OrganisationKind::IpBureau,
        "天津市知识产权局",
        Some("Tianjin Intellectual Property Office"),
        Some(120000),
        Some("天津市河西区".into()),
    ));
    verified.push(add(
        OrganisationKind::DistrictOffice,
        "天津市滨海新区知识产权局",
        Some("Binhai New Area Intellectual Property Office"),
        Some(120116),
        None,
    ));
    for c in INDUSTRY_CENTRES {
        verified.push(add(
            OrganisationKind::IndustryOperationCentre,
            c.name_zh,
            Some(c.name_en),
            None,
            None,
        ));
    }
    for c in FEATURED_CENTRES {
        verified.push(add(
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
        verified.push(add(
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
        let mut org = add(kind, s.name_zh, Some(s.name_en), Some(s.district), None);
        org.credit_code = next_code("12", s.district);
        verified.push(org);
    }
    for c in demo_soes() {
        let mut org = add(
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
        let mut org = add(OrganisationKind::Bank, name, None, Some(120000), None);
        org.credit_code = next_code("91", 120000);
        verified.push(org);
    }
    let mut ids: Vec<(String, OrganisationKind, i64)> = Vec::new();
    for org in &verified {
        let id = store.create_organisation(&ctx, org).await?;
        ids.push((org.name_zh.clone(), org.kind, id));
        store
            .set_verification(&ctx, id, Verification::Unverified, Verification::Pending)
            .await?;
        store
            .set_verification(&ctx, id, Verification::Pending, Verification::Verified)
            .await?;
        created += 1;
    }
    // SMEs: most verified, some waiting for review, some not yet submitted,
    // with two years of figures each.
    for (i, c) in demo_smes().enumerate() {
        let mut org = add(
            OrganisationKind::Sme,
            c.name,
            None,
            Some(c.district),
            Some(c.street.to_string()),
        );
        org.credit_code = next_code("91", c.district);
        let id = store.create_organisation(&ctx, &org).await?;
        created += 1;
        if i % 5 < 3 {
            ids.push((org.name_zh.clone(), OrganisationKind::Sme, id));
        }
        if i % 5 != 4 {
            store
                .set_verification(&ctx, id, Verification::Unverified, Verification::Pending)
                .await?;
            if i % 5 != 3 {
                store
                    .set_verification(&ctx, id, Verification::Pending, Verification::Verified)
                    .await?;
            }
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
            store
                .upsert_organisation_figures(&ctx, id, &figures)
                .await?;
            employees += rng.below(30) as u32;
            revenue_wan += rng.below(3_000) as i64;
        }
    }
    let accounts = seed_accounts(store, &ids, password).await?;
    Ok(Some(Seeded {
        organisations: created,
        accounts,
    }))
}

/// One ready account per role: (user name, display name, organisation it
/// belongs to, membership role, platform role).
async fn seed_accounts(
    store: &Store,
    organisations: &[(String, OrganisationKind, i64)],
    password: &str,
) -> Result<Vec<&'static str>> {
    let ctx = AuditContext::system();
    let find = |kind: OrganisationKind, nth: usize| {
        organisations
            .iter()
            .filter(|(_, k, _)| *k == kind)
            .nth(nth)
            .map(|(_, _, id)| *id)
    };
    let named = |name: &str| {
        organisations
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, id)| *id)
    };
    let binhai = RegionCode::parse("120116")?;
    let plan: Vec<(&'static str, &str, Option<i64>, Option<PlatformRole>)> = vec![
        (
            "admin",
            "平台管理员",
            None,
            Some(PlatformRole::Administrator),
        ),
        (
            "bureau",
            "市知识产权局",
            find(OrganisationKind::IpBureau, 0),
            Some(PlatformRole::IpBureau),
        ),
        (
            "district-binhai",
            "滨海新区知识产权局",
            find(OrganisationKind::DistrictOffice, 0),
            Some(PlatformRole::DistrictOfficer { district: binhai }),
        ),
        ("tju-tto", "天津大学技术转移中心", named("天津大学"), None),
        ("sme1", "中小企业一", find(OrganisationKind::Sme, 0), None),
        ("sme2", "中小企业二", find(OrganisationKind::Sme, 1), None),
        (
            "bank1",
            "银行客户经理",
            find(OrganisationKind::Bank, 0),
            None,
        ),
        ("expert1", "技术经纪人", None, Some(PlatformRole::Expert)),
        (
            "centre1",
            "运营中心审核员",
            find(OrganisationKind::IndustryOperationCentre, 0),
            None,
        ),
    ];
    let mut created = Vec::new();
    for (username, display_name, organisation, platform_role) in plan {
        let email = Login::parse(&format!("{username}@demo.patentbridge.cn"))
            .map_err(|e| anyhow::anyhow!(e.message_en))?;
        let secret = Password::parse(password, &email)
            .map_err(|e| anyhow::anyhow!("PATENTBRIDGE_DEMO_PASSWORD: {}", e.message_en))?;
        let hash =
            tokio::task::spawn_blocking(move || patentbridge_web::auth::hash_password(&secret))
                .await?;
        let user = store
            .create_user(&ctx, &NewUser::with_login(&email, display_name, &hash))
            .await?;
        store
            .set_username(
                &ctx,
                user,
                &Username::parse(username).map_err(|e| anyhow::anyhow!(e.message_en))?,
            )
            .await?;
        if let Some(org) = organisation {
            store
                .add_membership(&ctx, user, org, MembershipRole::Manager)
                .await?;
        }
        if let Some(role) = platform_role {
            store.grant_platform_role(&ctx, user, role).await?;
        }
        created.push(username);
    }
    Ok(created)
}
