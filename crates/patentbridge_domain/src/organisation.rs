//! Organisations on the platform: their kinds, the enterprise size class, and
//! the verification workflow an organisation passes before it may deal.

use crate::{DomainError, Fen, Text};

/// Every kind of body the mission names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrganisationKind {
    /// 高校: a university (策源地).
    University,
    /// 科研院所: a research institute (策源地).
    ResearchInstitute,
    /// 国有企业: a state-owned enterprise with a patent stock.
    StateOwnedEnterprise,
    /// 中小企业: a small or medium-sized enterprise taking patents up.
    Sme,
    /// 产业知识产权运营中心: one of the four industry operation centres.
    IndustryOperationCentre,
    /// 特色知识产权运营中心: a featured operation centre.
    FeaturedOperationCentre,
    /// 区知识产权运营中心: a district operation centre.
    DistrictOperationCentre,
    /// 银行: a bank offering pledge loans.
    Bank,
    /// 担保机构: a guarantor.
    Guarantor,
    /// 保险机构: an insurer writing patent insurance.
    Insurer,
    /// 知识产权服务机构: an agency (valuation, law, brokerage).
    ServiceAgency,
    /// 市知识产权局: the municipal IP bureau.
    IpBureau,
    /// 区知识产权主管部门: a district's IP office.
    DistrictOffice,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 13] = [
        OrganisationKind::University,
        OrganisationKind::ResearchInstitute,
        OrganisationKind::StateOwnedEnterprise,
        OrganisationKind::Sme,
        OrganisationKind::IndustryOperationCentre,
        OrganisationKind::FeaturedOperationCentre,
        OrganisationKind::DistrictOperationCentre,
        OrganisationKind::Bank,
        OrganisationKind::Guarantor,
        OrganisationKind::Insurer,
        OrganisationKind::ServiceAgency,
        OrganisationKind::IpBureau,
        OrganisationKind::DistrictOffice,
    ];

    /// The stable name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::University => "university",
            OrganisationKind::ResearchInstitute => "institute",
            OrganisationKind::StateOwnedEnterprise => "soe",
            OrganisationKind::Sme => "sme",
            OrganisationKind::IndustryOperationCentre => "industry_centre",
            OrganisationKind::FeaturedOperationCentre => "featured_centre",
            OrganisationKind::DistrictOperationCentre => "district_centre",
            OrganisationKind::Bank => "bank",
            OrganisationKind::Guarantor => "guarantor",
            OrganisationKind::Insurer => "insurer",
            OrganisationKind::ServiceAgency => "service_agency",
            OrganisationKind::IpBureau => "ip_bureau",
            OrganisationKind::DistrictOffice => "district_office",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "organisation kind",
                value: raw.to_string(),
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            OrganisationKind::University => Text::new("高校", "University"),
            OrganisationKind::ResearchInstitute => Text::new("科研院所", "Research institute"),
            OrganisationKind::StateOwnedEnterprise => {
                Text::new("国有企业", "State-owned enterprise")
            }
            OrganisationKind::Sme => Text::new("中小企业", "SME"),
            OrganisationKind::IndustryOperationCentre => {
                Text::new("产业知识产权运营中心", "Industry IP operation centre")
            }
            OrganisationKind::FeaturedOperationCentre => {
                Text::new("特色知识产权运营中心", "Featured IP operation centre")
            }
            OrganisationKind::DistrictOperationCentre => {
                Text::new("区知识产权运营中心", "District IP operation centre")
            }
            OrganisationKind::Bank => Text::new("银行", "Bank"),
            OrganisationKind::Guarantor => Text::new("担保机构", "Guarantor"),
            OrganisationKind::Insurer => Text::new("保险机构", "Insurer"),
            OrganisationKind::ServiceAgency => Text::new("知识产权服务机构", "IP service agency"),
            OrganisationKind::IpBureau => Text::new("市知识产权局", "Municipal IP bureau"),
            OrganisationKind::DistrictOffice => {
                Text::new("区知识产权主管部门", "District IP office")
            }
        }
    }

    /// Universities, institutes and SOEs: the holders of dormant patents
    /// that bulk-load their stock.
    pub fn is_patent_source(self) -> bool {
        matches!(
            self,
            OrganisationKind::University
                | OrganisationKind::ResearchInstitute
                | OrganisationKind::StateOwnedEnterprise
        )
    }

    pub fn is_operation_centre(self) -> bool {
        matches!(
            self,
            OrganisationKind::IndustryOperationCentre
                | OrganisationKind::FeaturedOperationCentre
                | OrganisationKind::DistrictOperationCentre
        )
    }

    /// Banks, guarantors and insurers: the parties of pledge financing.
    pub fn is_financial(self) -> bool {
        matches!(
            self,
            OrganisationKind::Bank | OrganisationKind::Guarantor | OrganisationKind::Insurer
        )
    }
}

/// Enterprise size class (企业规模).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SizeClass {
    Micro,
    Small,
    Medium,
    Large,
}

/// One 万元 (ten thousand yuan) in fen.
const WAN_YUAN: i64 = 10_000 * 100;

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [
        SizeClass::Micro,
        SizeClass::Small,
        SizeClass::Medium,
        SizeClass::Large,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.label().zh() == s)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "size class",
                value: raw.to_string(),
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            SizeClass::Micro => Text::new("微型", "Micro"),
            SizeClass::Small => Text::new("小型", "Small"),
            SizeClass::Medium => Text::new("中型", "Medium"),
            SizeClass::Large => Text::new("大型", "Large"),
        }
    }

    /// Classifies an enterprise by its employees and annual operating revenue.
    ///
    /// Simplification: every enterprise is judged by the thresholds for
    /// industry (工业) of the 2011 《中小企业划型标准规定》, whatever its
    /// sector, instead of the sixteen sector tables:
    ///
    /// - large: 1000 employees or more *and* revenue of 40 000 万元 or more
    ///   (the rule counts an enterprise as an SME when either is below);
    /// - medium: at least 300 employees and 2 000 万元;
    /// - small: at least 20 employees and 300 万元;
    /// - micro: fewer than 20 employees or less than 300 万元.
    pub fn classify(employees: u32, revenue: Fen) -> SizeClass {
        let at_least =
            |people: u32, wan: i64| employees >= people && revenue.value() >= wan * WAN_YUAN;
        if at_least(1000, 40_000) {
            SizeClass::Large
        } else if at_least(300, 2_000) {
            SizeClass::Medium
        } else if at_least(20, 300) {
            SizeClass::Small
        } else {
            SizeClass::Micro
        }
    }

    /// Whether the class counts as small or medium-sized (中小微企业).
    pub fn is_sme(self) -> bool {
        self != SizeClass::Large
    }
}

/// Where an organisation stands in verification by the administrators; an
/// SME may use deals only once verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verification {
    /// Registered, documents not yet submitted.
    Unverified,
    /// Submitted and waiting for an administrator.
    Pending,
    Verified,
    /// Turned down; the organisation may correct and resubmit.
    Rejected,
}

/// What can happen to an organisation's verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerificationEvent {
    /// The organisation submits (or resubmits) its details for review.
    Submit,
    /// An administrator confirms the details.
    Approve,
    /// An administrator turns the submission down.
    Reject,
    /// An administrator withdraws a verification, e.g. after the registered
    /// details changed; the organisation must submit again.
    Revoke,
}

impl VerificationEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationEvent::Submit => "submit",
            VerificationEvent::Approve => "approve",
            VerificationEvent::Reject => "reject",
            VerificationEvent::Revoke => "revoke",
        }
    }
}

impl Verification {
    pub const ALL: [Verification; 4] = [
        Verification::Unverified,
        Verification::Pending,
        Verification::Verified,
        Verification::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Unverified => "unverified",
            Verification::Pending => "pending",
            Verification::Verified => "verified",
            Verification::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "verification state",
                value: raw.to_string(),
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            Verification::Unverified => Text::new("未认证", "Unverified"),
            Verification::Pending => Text::new("审核中", "Pending review"),
            Verification::Verified => Text::new("已认证", "Verified"),
            Verification::Rejected => Text::new("未通过", "Rejected"),
        }
    }

    pub fn is_verified(self) -> bool {
        self == Verification::Verified
    }

    /// The state after `event`, or an error when the event is not allowed
    /// from this state.
    pub fn transition(self, event: VerificationEvent) -> Result<Verification, DomainError> {
        use Verification::*;
        use VerificationEvent::*;
        match (self, event) {
            // A first submission, or a resubmission after a rejection or a
            // revocation.
            (Unverified | Rejected, Submit) => Ok(Pending),
            // Only a pending submission is decided on.
            (Pending, Approve) => Ok(Verified),
            (Pending, Reject) => Ok(Rejected),
            // A verification can be withdrawn, never silently redone.
            (Verified, Revoke) => Ok(Unverified),
            (from, event) => Err(DomainError::Transition {
                workflow: "organisation verification",
                from: from.as_str(),
                event: event.as_str(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_name() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Ok(kind));
            assert!(!kind.label().zh().is_empty() && !kind.label().en().is_empty());
        }
        assert!(OrganisationKind::parse("company").is_err());
    }

    #[test]
    fn sources_centres_and_financial_bodies_are_grouped() {
        let sources: Vec<_> = OrganisationKind::ALL
            .into_iter()
            .filter(|k| k.is_patent_source())
            .collect();
        assert_eq!(
            sources,
            [
                OrganisationKind::University,
                OrganisationKind::ResearchInstitute,
                OrganisationKind::StateOwnedEnterprise
            ]
        );
        assert_eq!(
            OrganisationKind::ALL
                .iter()
                .filter(|k| k.is_operation_centre())
                .count(),
            3
        );
        assert!(OrganisationKind::Insurer.is_financial());
        assert!(!OrganisationKind::Sme.is_financial());
    }

    fn wan(n: i64) -> Fen {
        Fen::new(n * WAN_YUAN)
    }

    #[test]
    fn size_class_follows_the_industrial_thresholds() {
        assert_eq!(SizeClass::classify(5, wan(50)), SizeClass::Micro);
        assert_eq!(SizeClass::classify(19, wan(10_000)), SizeClass::Micro);
        assert_eq!(SizeClass::classify(500, wan(299)), SizeClass::Micro);
        assert_eq!(SizeClass::classify(20, wan(300)), SizeClass::Small);
        assert_eq!(SizeClass::classify(299, wan(30_000)), SizeClass::Small);
        assert_eq!(SizeClass::classify(300, wan(2_000)), SizeClass::Medium);
        assert_eq!(SizeClass::classify(999, wan(100_000)), SizeClass::Medium);
        assert_eq!(SizeClass::classify(5_000, wan(39_999)), SizeClass::Medium);
        assert_eq!(SizeClass::classify(1_000, wan(40_000)), SizeClass::Large);
    }

    #[test]
    fn revenue_just_below_a_threshold_in_fen_does_not_reach_it() {
        let just_below = Fen::new(300 * WAN_YUAN - 1);
        assert_eq!(SizeClass::classify(50, just_below), SizeClass::Micro);
    }

    #[test]
    fn size_classes_parse_from_english_or_chinese() {
        assert_eq!(SizeClass::parse("small"), Ok(SizeClass::Small));
        assert_eq!(SizeClass::parse("中型"), Ok(SizeClass::Medium));
        assert!(SizeClass::parse("huge").is_err());
        assert!(SizeClass::Medium.is_sme() && !SizeClass::Large.is_sme());
    }

    #[test]
    fn an_organisation_is_verified_after_submission_and_approval() {
        let v = Verification::Unverified
            .transition(VerificationEvent::Submit)
            .and_then(|v| v.transition(VerificationEvent::Approve))
            .unwrap();
        assert!(v.is_verified());
    }

    #[test]
    fn a_rejected_organisation_cannot_be_verified_without_resubmitting() {
        let rejected = Verification::Pending
            .transition(VerificationEvent::Reject)
            .unwrap();
        assert_eq!(
            rejected.transition(VerificationEvent::Approve),
            Err(DomainError::Transition {
                workflow: "organisation verification",
                from: "rejected",
                event: "approve",
            })
        );
        let again = rejected.transition(VerificationEvent::Submit).unwrap();
        assert_eq!(
            again.transition(VerificationEvent::Approve),
            Ok(Verification::Verified)
        );
    }

    #[test]
    fn an_unsubmitted_organisation_cannot_be_approved_or_rejected() {
        assert!(
            Verification::Unverified
                .transition(VerificationEvent::Approve)
                .is_err()
        );
        assert!(
            Verification::Unverified
                .transition(VerificationEvent::Reject)
                .is_err()
        );
    }

    #[test]
    fn a_revoked_verification_must_be_submitted_again() {
        let v = Verification::Verified
            .transition(VerificationEvent::Revoke)
            .unwrap();
        assert_eq!(v, Verification::Unverified);
        assert!(
            Verification::Verified
                .transition(VerificationEvent::Submit)
                .is_err()
        );
        assert!(
            Verification::Pending
                .transition(VerificationEvent::Submit)
                .is_err()
        );
    }

    #[test]
    fn verification_states_round_trip() {
        for v in Verification::ALL {
            assert_eq!(Verification::parse(v.as_str()), Ok(v));
        }
    }
}
