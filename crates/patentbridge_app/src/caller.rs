//! Who asks for a workflow: the policy's [`Actor`], the signed-in user, the
//! scopes of the API token used, and what the audit trail records of the
//! request. A front door builds a [`Caller`] — the web crate from a bearer
//! token or the session cookie ([`crate::sessions::identify`]), a command
//! from a user it trusts — and every workflow asks it before acting.

use patentbridge_domain::PlatformRole;
use patentbridge_domain::policy::{Action, Actor, Decision, Resource, Scope, User, decide};
use patentbridge_domain::{Text, text};
use patentbridge_storage::{AuditContext, UserRecord};

use crate::Error;

/// The caller of a workflow.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    /// The signed-in user, `None` when anonymous.
    pub user: Option<UserRecord>,
    /// The hash of the session token the caller presented, when signed in
    /// by a session (not by an API token); signing out deletes it.
    pub session: Option<String>,
    /// The scopes of the API token the caller presented; `None` for a
    /// session or a trusted command, which may do all the user may.
    pub scopes: Option<Vec<Scope>>,
    /// The id of the request, for the audit trail.
    pub request_id: Option<String>,
    /// The client's address, recorded with a signature or a session.
    pub ip: Option<String>,
}

impl Caller {
    /// Nobody signed in.
    pub fn anonymous() -> Caller {
        Caller {
            actor: Actor::Anonymous,
            user: None,
            session: None,
            scopes: None,
            request_id: None,
            ip: None,
        }
    }

    /// A user signed in by the session whose token hashes to `session`.
    pub fn by_session(user: UserRecord, session: String) -> Caller {
        Caller {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            session: Some(session),
            ..Caller::anonymous()
        }
    }

    /// A user calling with an API token limited to `scopes`.
    pub fn by_api_token(user: UserRecord, scopes: Vec<Scope>) -> Caller {
        Caller {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            scopes: Some(scopes),
            ..Caller::anonymous()
        }
    }

    /// A user acting from a trusted command on this machine (the demo's
    /// seeding, an administrator's command): the same policy applies, but
    /// no request carried it.
    pub fn trusted(user: UserRecord) -> Caller {
        Caller {
            actor: Actor::User(user.policy_user()),
            user: Some(user),
            ..Caller::anonymous()
        }
    }

    /// The operator of this installation at its command line (`import`,
    /// `load-ipc`, `set-applicant-type`, the demo's first accounts): acts
    /// with an administrator's rights, as no user — the audit trail records
    /// the system.
    pub fn operator() -> Caller {
        Caller {
            actor: Actor::User(User {
                user_id: 0,
                memberships: Vec::new(),
                platform_roles: vec![PlatformRole::Administrator],
            }),
            ..Caller::anonymous()
        }
    }

    /// The same caller with the request's id and the client's address.
    pub fn with_request(mut self, request_id: Option<String>, ip: Option<String>) -> Caller {
        self.request_id = request_id;
        self.ip = ip;
        self
    }

    /// Asks the policy, after checking that an API token carries the scope
    /// the action needs: a token without it is refused.
    ///
    /// The platform's own actions (managing users, verifying organisations)
    /// ask an anonymous caller to sign in first.
    pub fn require(&self, action: Action, resource: &Resource) -> Result<(), Error> {
        self.require_scope(action.scope())?;
        let decided = require(&self.actor, action, resource);
        match (&self.actor, resource) {
            (Actor::Anonymous, Resource::Platform) if decided.is_err() => {
                Err(Error::sign_in_first())
            }
            _ => decided,
        }
    }

    /// Whether the policy allows `action` on `resource` to this caller.
    pub fn may(&self, action: Action, resource: &Resource) -> bool {
        self.require(action, resource).is_ok()
    }

    /// Refuses an API token that lacks `scope`; sessions have every scope.
    pub fn require_scope(&self, scope: Scope) -> Result<(), Error> {
        match &self.scopes {
            Some(scopes) if !scopes.contains(&scope) => {
                let scope = scope.as_str();
                Err(Error::Forbidden(text!(
                    "此 API 令牌没有“{scope}”权限范围",
                    "this API token lacks the {scope:?} scope"
                )))
            }
            _ => Ok(()),
        }
    }

    /// The signed-in user of a session, or 401; account changes (password,
    /// API tokens) are refused to API tokens, which must not mint more power.
    pub fn session_user(&self) -> Result<&UserRecord, Error> {
        let user = self.signed_in_user()?;
        if self.scopes.is_some() {
            return Err(Error::Forbidden(Text::new(
                "请用密码登录后操作；API 令牌不能修改账户",
                "sign in with a password for this; an API token cannot change the account",
            )));
        }
        Ok(user)
    }

    /// The signed-in user, or 401.
    pub fn signed_in_user(&self) -> Result<&UserRecord, Error> {
        self.user.as_ref().ok_or_else(Error::sign_in_first)
    }

    /// How the audit trail records a change this caller makes.
    pub fn audit_context(&self) -> AuditContext {
        AuditContext {
            user_id: self.user.as_ref().map(|u| u.id),
            organisation_id: None,
            request_id: self.request_id.clone(),
        }
    }

    /// The audit context of a change made for `organisation_id`.
    pub fn audit_for(&self, organisation_id: i64) -> AuditContext {
        AuditContext {
            organisation_id: Some(organisation_id),
            ..self.audit_context()
        }
    }
}

/// Asks the policy: Allow passes, Forbidden is a refusal, Hidden is "not
/// found" so that what a caller may not see does not exist for them.
pub fn require(actor: &Actor, action: Action, resource: &Resource) -> Result<(), Error> {
    match decide(actor, action, resource) {
        Decision::Allow => Ok(()),
        Decision::Forbidden => {
            let what = action.label();
            let (zh, en) = (what.zh(), what.en());
            Err(Error::Forbidden(text!(
                "无权执行此操作：{zh}",
                "not allowed to {en}"
            )))
        }
        Decision::Hidden => Err(Error::NotFound(Text::new("未找到", "not found"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_is_a_refusal_and_hidden_is_not_found() {
        let anonymous = Actor::Anonymous;
        let err = require(&anonymous, Action::ManageUsers, &Resource::Platform).unwrap_err();
        assert!(matches!(err, Error::NotFound(_)), "{err:?}");
        assert!(require(&anonymous, Action::SearchCatalogue, &Resource::Catalogue).is_ok());
        let err = require(
            &anonymous,
            Action::EditPatent,
            &Resource::Patent { owner_org: None },
        )
        .unwrap_err();
        assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    }

    #[test]
    fn an_anonymous_caller_must_sign_in_first() {
        let err = Caller::anonymous().signed_in_user().unwrap_err();
        assert!(matches!(err, Error::Unauthenticated(_)));
        let err = Caller::anonymous()
            .require(Action::ManageUsers, &Resource::Platform)
            .unwrap_err();
        assert!(matches!(err, Error::Unauthenticated(_)), "{err:?}");
    }

    #[test]
    fn a_refusal_names_the_action_in_each_language() {
        let err = require(
            &Actor::Anonymous,
            Action::EditPatent,
            &Resource::Patent { owner_org: None },
        )
        .unwrap_err();
        let Error::Forbidden(text) = err else {
            panic!("a refusal")
        };
        assert_eq!(text.zh(), "无权执行此操作：修改专利信息");
        assert_eq!(text.en(), "not allowed to edit the patent");
    }
}
