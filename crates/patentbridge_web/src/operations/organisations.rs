//! Organisations: reading one as the policy allows, verification, and
//! invitations to join.

use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{
    Email, MembershipRole, OrganisationKind, Verification, VerificationEvent,
};
use patentbridge_storage::{InvitationRecord, NewInvitation, OrganisationRecord};

use crate::auth::{self, CurrentActor};
use crate::{AppError, AppState};

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
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    action: Action,
) -> Result<OrganisationRecord, AppError> {
    let Some(org) = state.store.get_organisation(id).await? else {
        return Err(AppError::NotFound(format!("no organisation {id}")));
    };
    caller.require(action, &resource_of(&org))?;
    Ok(org)
}

/// The organisation the caller acts for: `requested`, or else the first of
/// the caller's memberships whose kind `fits`; checked for `action` (an
/// organisation the caller may not see is 404). A caller with no fitting
/// membership is refused with `refusal` (403).
pub async fn acting_for(
    state: &AppState,
    caller: &CurrentActor,
    requested: Option<i64>,
    fits: impl Fn(OrganisationKind) -> bool,
    action: Action,
    refusal: &str,
) -> Result<OrganisationRecord, AppError> {
    let user = caller.signed_in_user()?;
    let id = match requested {
        Some(id) => id,
        None => user
            .memberships
            .iter()
            .find(|m| fits(m.org_kind))
            .map(|m| m.org_id)
            .ok_or_else(|| AppError::Forbidden(refusal.to_string()))?,
    };
    load_for(state, caller, id, action).await
}

/// Parses a verification event name.
pub fn parse_event(raw: &str) -> Result<VerificationEvent, AppError> {
    match raw.trim() {
        "submit" => Ok(VerificationEvent::Submit),
        "approve" => Ok(VerificationEvent::Approve),
        "reject" => Ok(VerificationEvent::Reject),
        "revoke" => Ok(VerificationEvent::Revoke),
        other => Err(AppError::field(
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
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    event: VerificationEvent,
) -> Result<Verification, AppError> {
    let action = match event {
        VerificationEvent::Submit => Action::EditOrganisation,
        _ => Action::VerifyOrganisation,
    };
    let org = load_for(state, caller, id, action).await?;
    let to = org
        .verification
        .transition(event)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(id);
    if state
        .store
        .set_verification(&ctx, id, org.verification, to)
        .await?
    {
        Ok(to)
    } else {
        Err(AppError::Conflict(
            "the organisation changed meanwhile; reload and try again".to_string(),
        ))
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
    state: &AppState,
    caller: &CurrentActor,
    organisation_id: i64,
    email: &str,
    role: &str,
) -> Result<CreatedInvitation, AppError> {
    let user = caller.signed_in_user()?;
    load_for(state, caller, organisation_id, Action::InviteMember).await?;
    let email = Email::parse(email).map_err(|e| AppError::Invalid(vec![e]))?;
    let role = MembershipRole::parse(role).map_err(|_| {
        AppError::field(
            "role",
            "角色应为 member（成员）或 manager（管理者）",
            "the role is member or manager",
        )
    })?;
    let token = auth::new_token();
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(organisation_id);
    let id = state
        .store
        .create_invitation(
            &ctx,
            &NewInvitation {
                organisation_id,
                email: email.clone(),
                role,
                token_hash: auth::token_hash(&token),
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
    state: &AppState,
    caller: &CurrentActor,
    token: &str,
) -> Result<InvitationRecord, AppError> {
    let user = caller.session_user()?;
    state
        .store
        .accept_invitation(&caller.audit_context(), &auth::token_hash(token), user.id)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(
                "this invitation is unknown or already used (邀请链接无效或已被使用)".to_string(),
            )
        })
}
