//! Seeds the demo's dormant-patent pool: screens each verified university,
//! institute and SOE's stock as of the demo date and takes about 40 % of
//! its dormant candidates through the intake chain as the system, leaving
//! a few proposed and department-approved so the intake page has work.

use anyhow::Result;
use patentbridge_domain::OrganisationKind;
use patentbridge_domain::pool::{DormancyRules, IntakeState, IntakeStep};
use patentbridge_storage::{
    AuditContext, NewPoolEntry, OrganisationFilter, PoolEntryFilter, PoolSource, Store,
};
use patentbridge_web::operations::pool::{reasons_text, screen_stock};

/// Seeds the pool once (a pool with entries is left alone) and returns how
/// many patents went into it.
pub async fn seed_pool(store: &Store) -> Result<usize> {
    let existing = store
        .list_pool_entries(&PoolEntryFilter {
            limit: 1,
            ..PoolEntryFilter::default()
        })
        .await?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let today = patentbridge_ingest::demo::as_of();
    let rules = DormancyRules::default();
    let mut pooled = 0;
    for kind in [
        OrganisationKind::University,
        OrganisationKind::ResearchInstitute,
        OrganisationKind::StateOwnedEnterprise,
    ] {
        let owners = store
            .list_organisations(&OrganisationFilter {
                kind: Some(kind),
                verification: Some(patentbridge_domain::Verification::Verified),
                limit: 10_000,
                offset: 0,
            })
            .await?;
        for org in owners {
            let stock = store.pool_stock(org.id).await?;
            let (dormant, _) = screen_stock(&org, stock, &rules, today);
            // Two of every five candidates, spread over the stock.
            let chosen: Vec<NewPoolEntry> = dormant
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 5 < 2)
                .map(|(_, s)| NewPoolEntry {
                    patent_id: s.patent.patent_id,
                    reasons: reasons_text(&s.verdict),
                    industry: s.industry.as_str().to_string(),
                })
                .collect();
            if chosen.is_empty() {
                continue;
            }
            let ctx = AuditContext {
                organisation_id: Some(org.id),
                ..AuditContext::system()
            };
            let ids = store
                .propose_pool_entries(&ctx, org.id, PoolSource::Screening, &chosen)
                .await?;
            for (j, id) in ids.into_iter().enumerate() {
                // One in ten stays proposed, one in ten waits for the office.
                if j % 10 == 3 {
                    continue;
                }
                store
                    .advance_pool_entry(
                        &ctx,
                        id,
                        IntakeState::Proposed,
                        IntakeState::DepartmentApproved,
                        IntakeStep::DepartmentApprove,
                        Some("院系审核通过（演示数据）"),
                    )
                    .await?;
                if j % 10 == 6 {
                    continue;
                }
                store
                    .advance_pool_entry(
                        &ctx,
                        id,
                        IntakeState::DepartmentApproved,
                        IntakeState::Pooled,
                        IntakeStep::OfficeApprove,
                        Some("技术转移中心批准入池（演示数据）"),
                    )
                    .await?;
                pooled += 1;
            }
        }
    }
    Ok(pooled)
}
