//! Organisations: reading one as the policy allows, verification, and
//! invitations to join.

use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{
    Email, MembershipRole, OrganisationKind, Verification, VerificationEvent,
};
use patentbridge_storage::{
    InvitationRecord, NewInvitation, NewOrganisation, OrganisationFigures, OrganisationFilter,
    OrganisationRecord, UserRecord,
};

use patentbridge_domain::{Text, text};

use crate::{App, Caller, Error, tokens};

/// The policy's view of an organisation.
pub fn resource_of(org: &OrganisationRecord) -> Resource {
    Resource::Organisation {
        id: org.id,
        kind: org.kind,
        district: org.region,
        verification: org.verification,
    }
}

/// Loads an organisation and checks the caller may do `action` to it; an
/// organisation the caller may not see is 404 like one that does not exist.
pub async fn load_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<OrganisationRecord, Error> {
    let Some(org) = app.store.get_organisation(id).await? else {
        return Err(Error::NotFound(text!(
            "没有机构 {id}",
            "no organisation {id}"
        )));
    };
    caller.require(action, &resource_of(&org))?;
    Ok(org)
}

/// The organisation the caller acts for: `requested`, or else the first of
/// the caller's memberships whose kind `fits`; checked for `action` (an
/// organisation the caller may not see is 404). A caller with no fitting
/// membership is refused with `refusal` (403).
pub async fn acting_for(
    app: &App,
    caller: &Caller,
    requested: Option<i64>,
    fits: impl Fn(OrganisationKind) -> bool,
    action: Action,
    refusal: Text,
) -> Result<OrganisationRecord, Error> {
    let user = caller.signed_in_user()?;
    let id = match requested {
        Some(id) => id,
        None => user
            .memberships
            .iter()
            .find(|m| fits(m.org_kind))
            .map(|m| m.org_id)
            .ok_or(Error::Forbidden(refusal))?,
    };
    load_for(app, caller, id, action).await
}

/// Parses a verification event name.
pub fn parse_event(raw: &str) -> Result<VerificationEvent, Error> {
    match raw.trim() {
        "submit" => Ok(VerificationEvent::Submit),
        "approve" => Ok(VerificationEvent::Approve),
        "reject" => Ok(VerificationEvent::Reject),
        "revoke" => Ok(VerificationEvent::Revoke),
        other => Err(Error::field(
            "event",
            format!("未知的认证操作“{other}”（可选 submit、approve、reject、revoke）"),
            format!("unknown verification event {other:?} (submit, approve, reject or revoke)"),
        )),
    }
}

/// Moves an organisation's verification: its managers submit, an
/// administrator approves, rejects or revokes. A transition the current
/// state does not allow is 409 with the reason.
pub async fn apply_verification(
    app: &App,
    caller: &Caller,
    id: i64,
    event: VerificationEvent,
) -> Result<Verification, Error> {
    let action = match event {
        VerificationEvent::Submit => Action::EditOrganisation,
        _ => Action::VerifyOrganisation,
    };
    let org = load_for(app, caller, id, action).await?;
    let to = org.verification.transition(event).map_err(|_| {
        let label = org.verification.label();
        let (zh, en) = (label.zh(), label.en());
        let ev = event.as_str();
        Error::Conflict(text!(
            "机构认证状态为“{zh}”，不能执行“{ev}”",
            "organisation verification: cannot {ev} from state {en}"
        ))
    })?;
    let ctx = caller.audit_for(id);
    if app
        .store
        .set_verification(&ctx, id, org.verification, to)
        .await?
    {
        Ok(to)
    } else {
        Err(Error::Conflict(Text::new(
            "机构信息已变化，请刷新后重试",
            "the organisation changed meanwhile; reload and try again",
        )))
    }
}

/// An invitation just made: the token goes into the link and is shown once.
#[derive(Debug)]
pub struct CreatedInvitation {
    pub id: i64,
    pub token: String,
}

/// Invites someone by e-mail to join an organisation (its managers).
pub async fn invite(
    app: &App,
    caller: &Caller,
    organisation_id: i64,
    email: &str,
    role: &str,
) -> Result<CreatedInvitation, Error> {
    let user = caller.signed_in_user()?;
    load_for(app, caller, organisation_id, Action::InviteMember).await?;
    let email = Email::parse(email).map_err(|e| Error::Invalid(vec![e]))?;
    let role = MembershipRole::parse(role).map_err(|_| {
        Error::field(
            "role",
            "角色应为 member（成员）或 manager（管理者）",
            "the role is member or manager",
        )
    })?;
    let token = tokens::new_token();
    let ctx = caller.audit_for(organisation_id);
    let id = app
        .store
        .create_invitation(
            &ctx,
            &NewInvitation {
                organisation_id,
                email: email.clone(),
                role,
                token_hash: tokens::token_hash(&token),
                created_by: user.id,
            },
        )
        .await?;
    tracing::warn!(
        organisation_id,
        email = %email,
        invitation_link = %format!("/invitations/{token}"),
        "invitation link (no mail server configured: pass it to the invitee)"
    );
    Ok(CreatedInvitation { id, token })
}

/// The signed-in user joins the organisation of an invitation.
pub async fn accept_invitation(
    app: &App,
    caller: &Caller,
    token: &str,
) -> Result<InvitationRecord, Error> {
    let user = caller.session_user()?;
    app.store
        .accept_invitation(&caller.audit_context(), &tokens::token_hash(token), user.id)
        .await?
        .ok_or_else(|| {
            Error::NotFound(Text::new(
                "邀请链接无效或已被使用",
                "this invitation is unknown or already used",
            ))
        })
}

/// An organisation's page: the profile, and what the caller may see and do.
#[derive(Debug, Clone)]
pub struct Profile {
    pub org: OrganisationRecord,
    /// The yearly figures (revenue, staff): the organisation's own
    /// business, for its members, administrators, the IP bureau and the
    /// district's officers; empty for anyone else.
    pub figures: Vec<OrganisationFigures>,
    /// Whether the caller may see the figures at all.
    pub sees_figures: bool,
    /// The members and their roles, for insiders.
    pub members: Option<Vec<(UserRecord, MembershipRole)>>,
    /// Open invitations, for its managers and administrators.
    pub invitations: Option<Vec<InvitationRecord>>,
    pub can_manage: bool,
    pub can_verify: bool,
}

/// The organisation as the caller may see it (404 if they may not).
pub async fn profile(app: &App, caller: &Caller, id: i64) -> Result<Profile, Error> {
    let org = load_for(app, caller, id, Action::ViewOrganisation).await?;
    let resource = resource_of(&org);
    let actor = &caller.actor;
    let insider = actor.is_member_of(id) || actor.is_admin() || actor.is_ip_bureau();
    let can_manage = caller.may(Action::EditOrganisation, &resource) && actor.is_manager_of(id);
    let can_verify = caller.may(Action::VerifyOrganisation, &resource);
    let sees_figures = insider || actor.is_officer_of(org.region);
    let figures = if sees_figures {
        app.store.organisation_figures(id).await?
    } else {
        Vec::new()
    };
    let members = if insider {
        Some(app.store.organisation_members(id).await?)
    } else {
        None
    };
    let invitations = if can_manage || actor.is_admin() {
        Some(app.store.list_invitations(id).await?)
    } else {
        None
    };
    Ok(Profile {
        org,
        figures,
        sees_figures,
        members,
        invitations,
        can_manage,
        can_verify,
    })
}

/// Organisations for the administrators' verification queue: those in
/// `verification` (every one when `None`), at most 500.
pub async fn verification_queue(
    app: &App,
    caller: &Caller,
    verification: Option<Verification>,
) -> Result<Vec<OrganisationRecord>, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    Ok(app
        .store
        .list_organisations(&OrganisationFilter {
            verification,
            limit: 500,
            ..OrganisationFilter::default()
        })
        .await?)
}

/// The organisations of the caller's memberships, in membership order.
pub async fn my_organisations(
    app: &App,
    caller: &Caller,
) -> Result<Vec<OrganisationRecord>, Error> {
    let user = caller.signed_in_user()?;
    let mut out = Vec::new();
    for m in &user.memberships {
        if let Some(o) = app.store.get_organisation(m.org_id).await? {
            out.push(o);
        }
    }
    Ok(out)
}

/// An organisation's names (Chinese, English if any), for labelling
/// lists; one that does not exist, or that the caller may not see, has none.
pub async fn names(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Option<(String, Option<String>)>, Error> {
    Ok(app
        .store
        .get_organisation(id)
        .await?
        .filter(|o| caller.may(Action::ViewOrganisation, &resource_of(o)))
        .map(|o| (o.name_zh, o.name_en)))
}

/// An administrator registers an organisation on its behalf (the bodies
/// the plan names, a bank that signs a framework agreement); it starts
/// unverified like any other. A name or credit code already taken is a
/// conflict naming the field.
pub async fn create(app: &App, caller: &Caller, org: &NewOrganisation) -> Result<i64, Error> {
    caller.require(Action::ManageUsers, &Resource::Platform)?;
    app.store
        .create_organisation(&caller.audit_context(), org)
        .await
        .map_err(|e| match e {
            patentbridge_storage::StorageError::Conflict {
                what: "credit code",
            } => Error::field(
                "credit_code",
                "该统一社会信用代码已有机构注册",
                "an organisation with this credit code is already registered",
            ),
            other => other.into(),
        })
}

/// Records an organisation's figures for a year (its managers, or an
/// administrator); a later record of the same year replaces it.
pub async fn record_figures(
    app: &App,
    caller: &Caller,
    organisation_id: i64,
    figures: &OrganisationFigures,
) -> Result<(), Error> {
    load_for(app, caller, organisation_id, Action::EditOrganisation).await?;
    Ok(app
        .store
        .upsert_organisation_figures(&caller.audit_for(organisation_id), organisation_id, figures)
        .await?)
}
