//! Signing up: an organisation, its figures, its first user and that user's
//! manager membership, stored in one transaction so a refused sign-up
//! (an e-mail or credit code already taken) leaves nothing behind.

use chrono::Utc;
use patentbridge_domain::MembershipRole;

use crate::accounts::{insert_user, upsert_membership, user_summary};
use crate::audit::{AuditContext, write_audit};
use crate::organisations::{
    figures_summary, insert_figures, insert_organisation, organisation_summary,
};
use crate::{
    BeginWrite, NewOrganisation, NewUser, OrganisationFigures, StorageError, Store, with_pool,
};

/// The ids a sign-up created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    pub organisation_id: i64,
    pub user_id: i64,
}

impl Store {
    /// Registers an organisation (unverified) with its figures and its first
    /// user, who becomes its manager. Any refusal, such as a
    /// [`StorageError::Conflict`] on the e-mail, phone or credit code,
    /// stores nothing at all.
    pub async fn register_organisation(
        &self,
        ctx: &AuditContext,
        org: &NewOrganisation,
        figures: Option<&OrganisationFigures>,
        user: &NewUser,
    ) -> Result<Registered, StorageError> {
        if user.email.is_none() && user.phone.is_none() {
            return Err(StorageError::Invalid("a user needs an e-mail or a phone"));
        }
        let now = Utc::now();
        let credit_code = org.credit_code.as_ref().map(|c| c.as_str().to_string());
        let region = org.region.map(|r| r.to_string());
        let email = user.email.as_ref().map(|e| e.as_str().to_string());
        let phone = user.phone.as_ref().map(|p| p.as_str().to_string());
        let role = MembershipRole::Manager.as_str();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let organisation_id = insert_organisation!(tx, org, credit_code, region, now);
            let user_id = insert_user!(tx, user, email, phone, now);
            // The new user is who made the change, whoever the context says.
            let ctx = &AuditContext {
                user_id: Some(user_id),
                organisation_id: Some(organisation_id),
                request_id: ctx.request_id.clone(),
            };
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "organisation.create",
                "organisation",
                organisation_id.to_string(),
                None::<String>,
                Some(organisation_summary(org))
            );
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "user.create",
                "user",
                user_id.to_string(),
                None::<String>,
                Some(user_summary(user))
            );
            if let Some(figures) = figures {
                insert_figures!(tx, organisation_id, figures);
                write_audit!(
                    tx,
                    ctx,
                    Some(organisation_id),
                    now,
                    "organisation.figures",
                    "organisation",
                    organisation_id.to_string(),
                    None::<String>,
                    Some(figures_summary(figures))
                );
            }
            upsert_membership!(tx, user_id, organisation_id, role);
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "membership.set",
                "membership",
                format!("{user_id}/{organisation_id}"),
                None::<String>,
                Some(format!("role={role}"))
            );
            tx.commit().await?;
            Ok(Registered {
                organisation_id,
                user_id,
            })
        })
    }
}
