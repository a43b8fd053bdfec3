//! Acting as another user: the door the operator's commands and the demo's
//! seeding use, closed to everyone else.

use patentbridge_app::{Caller, sessions};
use patentbridge_domain::policy::Scope;

use crate::{forbidden, not_found, says, world};

#[tokio::test]
async fn an_administrator_acts_as_a_user_with_that_users_rights_only() {
    let w = world().await;
    let office_id = w.office.user.as_ref().expect("a user").id;
    let acting = sessions::act_as(w.app(), w.f.admin(), office_id)
        .await
        .expect("the administrator may act as a user");
    assert_eq!(acting.user.as_ref().map(|u| u.id), Some(office_id));
    // The user's rights, not the administrator's: the office cannot act as
    // anyone in turn (user management does not exist for them).
    let sme_id = w.sme.user.as_ref().expect("a user").id;
    not_found(sessions::act_as(w.app(), &acting, sme_id).await);
}

#[tokio::test]
async fn an_api_token_cannot_act_as_another_user_even_an_administrators() {
    let w = world().await;
    let admin =
        w.f.admin()
            .user
            .clone()
            .expect("the administrator is a user");
    let token = Caller::by_api_token(admin, Scope::ALL.to_vec());
    let office_id = w.office.user.as_ref().expect("a user").id;
    let refused = forbidden(sessions::act_as(w.app(), &token, office_id).await);
    says(&refused, "API 令牌", "API token");
}

#[tokio::test]
async fn a_member_cannot_act_as_another_member() {
    let w = world().await;
    let office_id = w.office.user.as_ref().expect("a user").id;
    not_found(sessions::act_as(w.app(), &w.sme, office_id).await);
}

#[tokio::test]
async fn an_account_in_an_organisation_that_does_not_exist_is_refused_on_its_memberships() {
    use patentbridge_app::accounts::{self, NewAccountForm};
    use patentbridge_domain::{Login, MembershipRole, Password};

    let w = world().await;
    let login = Login::parse("xinren@tju.edu.cn").expect("an e-mail login");
    let form = NewAccountForm {
        password: Password::parse(patentbridge_demo::fixture::PASSWORD, &login)
            .expect("the fixture's password passes the policy"),
        login,
        username: None,
        display_name: "新人".into(),
        memberships: vec![
            (w.tju, MembershipRole::Member),
            (9_999, MembershipRole::Member),
        ],
        platform_roles: Vec::new(),
    };
    let fields = crate::invalid(accounts::create_account(w.app(), w.f.admin(), form).await);
    assert_eq!(crate::names(&fields), ["memberships"]);
    says(
        crate::on(&fields, "memberships"),
        "9999",
        "no organisation 9999",
    );
    let login = Login::parse("xinren@tju.edu.cn").expect("an e-mail login");
    let found = accounts::user_by_login(w.app(), w.f.admin(), &login).await;
    assert!(
        matches!(found, Ok(None)),
        "nothing of the refused account is stored: {found:?}"
    );
}
