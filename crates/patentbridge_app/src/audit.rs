//! Reading the audit trail: administrators and the IP bureau read every
//! entry; a district officer reads the entries of the district's
//! organisations; anyone else is refused (an anonymous caller is asked to
//! sign in first).

use patentbridge_domain::Text;
use patentbridge_domain::policy::{Action, Actor, AuditScope, Resource, audit_scope};
use patentbridge_storage::{AuditEntry, AuditFilter};

use crate::{App, Caller, Error};

/// Entries in one page unless the caller asks for another number.
pub const DEFAULT_LIMIT: i64 = 100;
/// The most entries one page returns.
pub const MAX_LIMIT: i64 = 1000;
/// The most entries one export holds.
pub const MAX_EXPORT: i64 = 100_000;

/// Narrows the filter to what the caller may read, or refuses.
fn scope_filter(caller: &Caller, action: Action, filter: &mut AuditFilter) -> Result<(), Error> {
    match audit_scope(&caller.actor) {
        AuditScope::Everything => caller.require(action, &Resource::AuditLog { district: None }),
        AuditScope::Districts(districts) => {
            for d in &districts {
                caller.require(action, &Resource::AuditLog { district: Some(*d) })?;
            }
            filter.districts = Some(districts.iter().map(|d| d.to_string()).collect());
            Ok(())
        }
        AuditScope::Nothing => match caller.actor {
            Actor::Anonymous => Err(Error::sign_in_first()),
            Actor::User(_) => Err(Error::Forbidden(Text::new(
                "审计日志仅向管理员、知识产权局和区级管理人员开放",
                "the audit log is for administrators, the IP bureau and district officers",
            ))),
        },
    }
}

/// The entries the caller may read that match `filter`; an export
/// (`export`) needs the export permission and may hold more entries.
pub async fn entries(
    app: &App,
    caller: &Caller,
    mut filter: AuditFilter,
    export: bool,
) -> Result<Vec<AuditEntry>, Error> {
    let action = if export {
        Action::ExportAuditLog
    } else {
        Action::ViewAuditLog
    };
    scope_filter(caller, action, &mut filter)?;
    filter.limit = filter
        .limit
        .clamp(0, if export { MAX_EXPORT } else { MAX_LIMIT });
    Ok(app.store.audit_entries(&filter).await?)
}
