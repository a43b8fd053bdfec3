//! One ready account per role, all with the demo password: the platform
//! administrator (made by the operator), the IP bureau, Binhai's district
//! officer, Tianjin University's tech-transfer office, two SMEs, a bank, an
//! expert and an industry operation centre's reviewer (made by the
//! administrator). Each signs in with its user name or
//! `<name>@demo.patentbridge.cn`.

use patentbridge_app::accounts::{self, NewAccountForm};
use patentbridge_app::{App, Caller, sessions};
use patentbridge_domain::{
    Login, MembershipRole, OrganisationKind, Password, PlatformRole, RegionCode, Username,
};

use crate::{Context, SeedError};

/// The demo accounts, in the order they are made.
pub const ACCOUNTS: [&str; 9] = [
    "admin",
    "bureau",
    "district-binhai",
    "tju-tto",
    "sme1",
    "sme2",
    "bank1",
    "expert1",
    "centre1",
];

/// The login of a demo account.
pub fn login(username: &str) -> Result<Login, SeedError> {
    Login::parse(&format!("{username}@demo.patentbridge.cn")).map_err(|e| SeedError {
        step: format!("demo login {username}"),
        source: patentbridge_app::Error::Invalid(vec![e]),
    })
}

fn form(
    username: &str,
    display_name: &str,
    password: &str,
    memberships: Vec<(i64, MembershipRole)>,
    platform_roles: Vec<PlatformRole>,
) -> Result<NewAccountForm, SeedError> {
    let login = login(username)?;
    let invalid = |e, what: &str| SeedError {
        step: what.to_string(),
        source: patentbridge_app::Error::Invalid(vec![e]),
    };
    let password =
        Password::parse(password, &login).map_err(|e| invalid(e, "PATENTBRIDGE_DEMO_PASSWORD"))?;
    let username = Username::parse(username).map_err(|e| invalid(e, "demo user name"))?;
    Ok(NewAccountForm {
        login,
        username: Some(username),
        display_name: display_name.to_string(),
        password,
        memberships,
        platform_roles,
    })
}

/// The demo administrator's id, if seeding ran before.
pub(super) async fn existing_admin(app: &App, operator: &Caller) -> Result<Option<i64>, SeedError> {
    Ok(accounts::user_by_login(app, operator, &login("admin")?)
        .await
        .step(|| "looking up the demo administrator".into())?
        .map(|u| u.id))
}

/// The operator makes the platform administrator, who makes the rest.
pub(super) async fn create_admin(
    app: &App,
    operator: &Caller,
    password: &str,
) -> Result<Caller, SeedError> {
    let admin = accounts::create_account(
        app,
        operator,
        form(
            "admin",
            "平台管理员",
            password,
            Vec::new(),
            vec![PlatformRole::Administrator],
        )?,
    )
    .await
    .step(|| "the demo administrator".into())?;
    sessions::act_as(app, operator, admin.id)
        .await
        .step(|| "acting as the demo administrator".into())
}

/// The other accounts, with their organisations found among `named`
/// (name, kind, id); returns every demo user name.
pub(super) async fn seed(
    app: &App,
    admin: &Caller,
    named: &[(String, OrganisationKind, i64)],
    password: &str,
) -> Result<Vec<&'static str>, SeedError> {
    let find = |kind: OrganisationKind, nth: usize| {
        named
            .iter()
            .filter(|(_, k, _)| *k == kind)
            .nth(nth)
            .map(|(_, _, id)| *id)
    };
    let by_name = |name: &str| {
        named
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, id)| *id)
    };
    let binhai = RegionCode::parse("120116").map_err(|e| SeedError {
        step: "Binhai's region code".into(),
        source: patentbridge_app::Error::bad_input(e.to_string(), e.to_string()),
    })?;
    let plan: [(&'static str, &str, Option<i64>, Option<PlatformRole>); 8] = [
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
        ("tju-tto", "天津大学技术转移中心", by_name("天津大学"), None),
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
    let mut made = vec!["admin"];
    for (username, display_name, organisation, role) in plan {
        let memberships = organisation
            .map(|o| vec![(o, MembershipRole::Manager)])
            .unwrap_or_default();
        accounts::create_account(
            app,
            admin,
            form(
                username,
                display_name,
                password,
                memberships,
                role.into_iter().collect(),
            )?,
        )
        .await
        .step(|| format!("demo account {username}"))?;
        made.push(username);
    }
    Ok(made)
}

/// The caller acting as demo user `username`, if it exists.
pub(super) async fn caller(
    app: &App,
    admin: &Caller,
    username: &str,
) -> Result<Option<Caller>, SeedError> {
    let Some(user) = accounts::user_by_login(app, admin, &login(username)?)
        .await
        .step(|| format!("looking up {username}"))?
    else {
        return Ok(None);
    };
    Ok(Some(
        sessions::act_as(app, admin, user.id)
            .await
            .step(|| format!("acting as {username}"))?,
    ))
}

/// A staff account of an SME (a member), made once, for the needs that
/// SMEs other than `sme1` and `sme2` post.
pub(super) async fn sme_staff(
    app: &App,
    admin: &Caller,
    organisation: i64,
    name: &str,
    password: &str,
) -> Result<Caller, SeedError> {
    let username = format!("staff-{organisation}");
    if let Some(c) = caller(app, admin, &username).await? {
        return Ok(c);
    }
    let account = accounts::create_account(
        app,
        admin,
        form(
            &username,
            &format!("{name}联络人"),
            password,
            vec![(organisation, MembershipRole::Member)],
            Vec::new(),
        )?,
    )
    .await
    .step(|| format!("staff account of {name}"))?;
    sessions::act_as(app, admin, account.id)
        .await
        .step(|| format!("acting as the staff of {name}"))
}
