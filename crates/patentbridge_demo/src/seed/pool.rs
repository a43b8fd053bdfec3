//! The demo's dormant-patent pool: the administrator screens each verified
//! university, institute and SOE's stock as of the demo register's date and
//! takes two of every five dormant candidates through the intake chain,
//! leaving one in ten proposed and one in ten waiting for the office so the
//! intake page has work.

use patentbridge_app::{App, Caller, Clock, pool};
use patentbridge_domain::OrganisationKind;
use patentbridge_domain::pool::IntakeStep;

use super::organisations::verified_of;
use crate::{Context, SeedError};

/// Seeds the pool once (a pool with entries is left alone); returns how
/// many patents went into it.
pub(super) async fn seed(app: &App, admin: &Caller) -> Result<Option<usize>, SeedError> {
    let summary = pool::summary(app).await.step(|| "the pool".into())?;
    if summary.pooled + summary.in_review > 0 {
        return Ok(None);
    }
    // The demo register ends at its "as of" day: screen as of that day.
    let as_of = crate::catalogue::as_of()
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(|| app.now());
    let then = app.clone().with_clock(Clock::fixed(as_of));
    let mut pooled = 0;
    for kind in [
        OrganisationKind::University,
        OrganisationKind::ResearchInstitute,
        OrganisationKind::StateOwnedEnterprise,
    ] {
        for org in verified_of(app, admin, kind).await? {
            let screening = pool::screening(&then, admin, Some(org.id), None)
                .await
                .step(|| format!("screening {}", org.name_zh))?;
            // Two of every five candidates, spread over the stock.
            let chosen: Vec<String> = screening
                .dormant
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 5 < 2)
                .map(|(_, s)| s.patent.number.clone())
                .collect();
            if chosen.is_empty() {
                continue;
            }
            let ids = pool::propose(&then, admin, Some(org.id), &chosen, None)
                .await
                .step(|| format!("proposing {}'s candidates", org.name_zh))?;
            for (j, id) in ids.into_iter().enumerate() {
                if j % 10 == 3 {
                    continue;
                }
                pool::step(
                    app,
                    admin,
                    id,
                    IntakeStep::DepartmentApprove,
                    Some("院系审核通过（演示数据）"),
                )
                .await
                .step(|| format!("department step of pool entry {id}"))?;
                if j % 10 == 6 {
                    continue;
                }
                pool::step(
                    app,
                    admin,
                    id,
                    IntakeStep::OfficeApprove,
                    Some("技术转移中心批准入池（演示数据）"),
                )
                .await
                .step(|| format!("office approval of pool entry {id}"))?;
                pooled += 1;
            }
        }
    }
    Ok(Some(pooled))
}
