//! The dormant-patent pool (沉睡专利池): the screening rules that flag a
//! patent as dormant, with the reason for each verdict, and the intake review
//! chain (proposer → department → tech-transfer office) a candidate passes
//! before it enters the pool.

use chrono::{Months, NaiveDate};

use crate::{DomainError, LegalStatus, OrganisationKind, RegisterEvent, RegisterEventKind, Text};

/// The plan's target for dormant patents taken into the pool.
pub const POOL_TARGET: i64 = 3_000;

/// The screening rules; documented in `docs/dormant-screening.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DormancyRules {
    /// A patent is dormant after this many years without a deal event.
    pub idle_years: u32,
    /// Owners whose stock is screened.
    pub owner_kinds: Vec<OrganisationKind>,
    /// Register events that show the patent is being used or traded.
    pub activity: Vec<RegisterEventKind>,
}

impl Default for DormancyRules {
    fn default() -> Self {
        DormancyRules {
            idle_years: 3,
            owner_kinds: vec![
                OrganisationKind::University,
                OrganisationKind::ResearchInstitute,
                OrganisationKind::StateOwnedEnterprise,
            ],
            activity: vec![
                RegisterEventKind::Transfer,
                RegisterEventKind::LicenceFiling,
                RegisterEventKind::Pledge,
                RegisterEventKind::CompulsoryLicence,
            ],
        }
    }
}

impl DormancyRules {
    /// The rules with another idle period (1 to 20 years).
    pub fn with_idle_years(mut self, years: u32) -> Result<Self, DomainError> {
        if !(1..=20).contains(&years) {
            return Err(DomainError::UnknownCode {
                kind: "idle period in years (1 to 20)",
                value: years.to_string(),
            });
        }
        self.idle_years = years;
        Ok(self)
    }
}

/// What the store knows about a patent for screening.
#[derive(Debug, Clone)]
pub struct DormancyFacts<'a> {
    pub owner_kind: OrganisationKind,
    pub legal_status: LegalStatus,
    pub grant_date: Option<NaiveDate>,
    pub events: &'a [RegisterEvent],
    /// A live listing or a pool entry already holds it.
    pub listed: bool,
    /// Dates of patent-product filings (专利产品备案) recorded on the platform.
    pub product_filings: &'a [NaiveDate],
}

/// One reason in a screening verdict, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub holds: bool,
    pub text: Text,
}

impl Reason {
    pub fn new(holds: bool, zh: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason {
            holds,
            text: Text::owned(zh.into(), en.into()),
        }
    }
}

/// A screening verdict: dormant when every reason holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub dormant: bool,
    pub reasons: Vec<Reason>,
    /// The last deal event, if any.
    pub last_activity: Option<NaiveDate>,
}

/// Applies the rules to one patent as of `today`.
pub fn screen(rules: &DormancyRules, facts: &DormancyFacts<'_>, today: NaiveDate) -> Verdict {
    let mut reasons = Vec::new();
    let owner_ok = rules.owner_kinds.contains(&facts.owner_kind);
    reasons.push(Reason::new(
        owner_ok,
        format!("权利人为{}", facts.owner_kind.label().zh()),
        format!("held by a {}", facts.owner_kind.label().en().to_lowercase()),
    ));
    let in_force = facts.legal_status == LegalStatus::InForce;
    reasons.push(Reason::new(
        in_force,
        format!("法律状态：{}", facts.legal_status.label().zh()),
        format!(
            "legal status: {}",
            facts.legal_status.label().en().to_lowercase()
        ),
    ));
    let last_activity = facts
        .events
        .iter()
        .filter(|e| rules.activity.contains(&e.kind))
        .map(|e| e.date)
        .chain(facts.product_filings.iter().copied())
        .max();
    let cutoff = today
        .checked_sub_months(Months::new(rules.idle_years * 12))
        .unwrap_or(today);
    let idle = last_activity.is_none_or(|d| d < cutoff);
    let n = rules.idle_years;
    reasons.push(match (last_activity, idle) {
        (None, _) => Reason::new(
            true,
            "从未发生转让、许可、质押或产品备案".to_string(),
            "never transferred, licensed, pledged or filed for a product".to_string(),
        ),
        (Some(d), true) => Reason::new(
            true,
            format!("最近一次转让、许可、质押或备案在 {d}，已超过 {n} 年"),
            format!("last transfer, licence, pledge or filing on {d}, more than {n} years ago"),
        ),
        (Some(d), false) => Reason::new(
            false,
            format!("{d} 有转让、许可、质押或备案，未满 {n} 年"),
            format!("transferred, licensed, pledged or filed on {d}, within {n} years"),
        ),
    });
    // A freshly granted patent has had no time to be used.
    if let Some(g) = facts.grant_date {
        let old_enough = g < cutoff;
        reasons.push(Reason::new(
            old_enough,
            format!(
                "授权于 {g}{}",
                if old_enough {
                    format!("，已超过 {n} 年")
                } else {
                    format!("，未满 {n} 年")
                }
            ),
            format!(
                "granted on {g}{}",
                if old_enough {
                    format!(", more than {n} years ago")
                } else {
                    format!(", within {n} years")
                }
            ),
        ));
    }
    reasons.push(Reason::new(
        !facts.listed,
        if facts.listed {
            "已挂牌或已入池".to_string()
        } else {
            "尚未挂牌".to_string()
        },
        if facts.listed {
            "already listed or pooled".to_string()
        } else {
            "not listed yet".to_string()
        },
    ));
    Verdict {
        dormant: reasons.iter().all(|r| r.holds),
        reasons,
        last_activity,
    }
}

/// Where a candidate stands in the intake review chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntakeState {
    /// Proposed by someone at the owner; waits for the department.
    Proposed,
    /// The department agreed; waits for the tech-transfer office.
    DepartmentApproved,
    /// The office approved: the patent is in the pool.
    Pooled,
    Rejected,
}

/// A step of the intake review chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeStep {
    DepartmentApprove,
    OfficeApprove,
    Reject,
}

impl IntakeState {
    pub const ALL: [IntakeState; 4] = [
        IntakeState::Proposed,
        IntakeState::DepartmentApproved,
        IntakeState::Pooled,
        IntakeState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IntakeState::Proposed => "proposed",
            IntakeState::DepartmentApproved => "department_approved",
            IntakeState::Pooled => "pooled",
            IntakeState::Rejected => "rejected",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "intake state",
                value: raw.to_string(),
            })
    }
    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            IntakeState::Proposed => Text::new("待院系审核", "Awaiting department"),
            IntakeState::DepartmentApproved => {
                Text::new("待技术转移中心审批", "Awaiting tech-transfer office")
            }
            IntakeState::Pooled => Text::new("已入池", "In the pool"),
            IntakeState::Rejected => Text::new("未通过", "Rejected"),
        }
    }

    pub fn apply(self, step: IntakeStep) -> Result<IntakeState, DomainError> {
        match (self, step) {
            (IntakeState::Proposed, IntakeStep::DepartmentApprove) => {
                Ok(IntakeState::DepartmentApproved)
            }
            (IntakeState::DepartmentApproved, IntakeStep::OfficeApprove) => Ok(IntakeState::Pooled),
            (IntakeState::Proposed | IntakeState::DepartmentApproved, IntakeStep::Reject) => {
                Ok(IntakeState::Rejected)
            }
            _ => Err(DomainError::Transition {
                workflow: "pool intake",
                from: self.as_str(),
                event: step.as_str(),
            }),
        }
    }
}

impl IntakeStep {
    pub fn as_str(self) -> &'static str {
        match self {
            IntakeStep::DepartmentApprove => "department_approve",
            IntakeStep::OfficeApprove => "office_approve",
            IntakeStep::Reject => "reject",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        [
            IntakeStep::DepartmentApprove,
            IntakeStep::OfficeApprove,
            IntakeStep::Reject,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw.trim())
        .ok_or_else(|| DomainError::UnknownCode {
            kind: "intake step",
            value: raw.to_string(),
        })
    }
    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            IntakeStep::DepartmentApprove => Text::new("院系审核通过", "Department approved"),
            IntakeStep::OfficeApprove => {
                Text::new("技术转移中心批准入池", "Office approved into the pool")
            }
            IntakeStep::Reject => Text::new("不予入池", "Rejected"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ev(date: &str, kind: RegisterEventKind) -> RegisterEvent {
        RegisterEvent {
            date: d(date),
            kind,
            detail: String::new(),
        }
    }

    fn facts(events: &[RegisterEvent]) -> DormancyFacts<'_> {
        DormancyFacts {
            owner_kind: OrganisationKind::University,
            legal_status: LegalStatus::InForce,
            grant_date: Some(d("2018-05-01")),
            events,
            listed: false,
            product_filings: &[],
        }
    }

    #[test]
    fn an_untouched_university_patent_in_force_is_dormant_with_every_reason_given() {
        let events = [ev("2018-05-01", RegisterEventKind::Grant)];
        let v = screen(&DormancyRules::default(), &facts(&events), d("2026-11-24"));
        assert!(v.dormant);
        assert!(v.reasons.iter().all(|r| r.holds));
        assert!(
            v.reasons
                .iter()
                .any(|r| r.text.zh().contains("从未发生转让"))
        );
    }

    #[test]
    fn a_recent_licence_filing_keeps_a_patent_out_of_the_dormant_list() {
        let events = [
            ev("2018-05-01", RegisterEventKind::Grant),
            ev("2025-02-01", RegisterEventKind::LicenceFiling),
        ];
        let v = screen(&DormancyRules::default(), &facts(&events), d("2026-11-24"));
        assert!(!v.dormant);
        assert_eq!(v.last_activity, Some(d("2025-02-01")));
        // With a one-year idle period the same patent is dormant again.
        let one_year = DormancyRules::default().with_idle_years(1).unwrap();
        assert!(screen(&one_year, &facts(&events), d("2026-11-24")).dormant);
    }

    #[test]
    fn sme_owned_lapsed_listed_or_fresh_patents_are_not_dormant() {
        let events = [];
        let today = d("2026-11-24");
        let rules = DormancyRules::default();
        let mut f = facts(&events);
        f.owner_kind = OrganisationKind::Sme;
        assert!(!screen(&rules, &f, today).dormant);
        let mut f = facts(&events);
        f.legal_status = LegalStatus::Lapsed;
        assert!(!screen(&rules, &f, today).dormant);
        let mut f = facts(&events);
        f.listed = true;
        assert!(!screen(&rules, &f, today).dormant);
        let mut f = facts(&events);
        f.grant_date = Some(d("2025-01-01"));
        let v = screen(&rules, &f, today);
        assert!(!v.dormant);
        assert!(
            v.reasons
                .iter()
                .any(|r| !r.holds && r.text.en().contains("within 3 years"))
        );
    }

    #[test]
    fn a_product_filing_counts_as_activity() {
        let events = [];
        let filings = [d("2026-01-01")];
        let mut f = facts(&events);
        f.product_filings = &filings;
        assert!(!screen(&DormancyRules::default(), &f, d("2026-11-24")).dormant);
    }

    #[test]
    fn the_idle_period_must_be_one_to_twenty_years() {
        assert!(DormancyRules::default().with_idle_years(0).is_err());
        assert!(DormancyRules::default().with_idle_years(21).is_err());
        assert_eq!(
            DormancyRules::default()
                .with_idle_years(5)
                .unwrap()
                .idle_years,
            5
        );
    }

    #[test]
    fn intake_goes_proposer_department_office_and_refuses_skipping_a_step() {
        let s = IntakeState::Proposed;
        assert!(s.apply(IntakeStep::OfficeApprove).is_err());
        let s = s.apply(IntakeStep::DepartmentApprove).unwrap();
        assert_eq!(s, IntakeState::DepartmentApproved);
        let s = s.apply(IntakeStep::OfficeApprove).unwrap();
        assert_eq!(s, IntakeState::Pooled);
        assert!(s.apply(IntakeStep::Reject).is_err());
        assert_eq!(
            IntakeState::DepartmentApproved.apply(IntakeStep::Reject),
            Ok(IntakeState::Rejected)
        );
        assert!(
            IntakeState::Rejected
                .apply(IntakeStep::DepartmentApprove)
                .is_err()
        );
    }
}
