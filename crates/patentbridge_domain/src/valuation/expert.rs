//! The expert pool: profiles, who may review what (fields and conflicts of
//! interest), and the states of a review.

use crate::listing::Industry;
use crate::{ClassificationCode, DomainError, FieldError, Text, text};

/// A qualification an expert holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualification {
    /// 技术经纪人
    TechnologyBroker,
    /// 资产评估师
    AssetAppraiser,
    /// 专利代理师
    PatentAgent,
    /// 律师
    Lawyer,
    /// 高级工程师
    SeniorEngineer,
    /// 研究员 / 教授
    Researcher,
}

impl Qualification {
    pub const ALL: [Qualification; 6] = [
        Qualification::TechnologyBroker,
        Qualification::AssetAppraiser,
        Qualification::PatentAgent,
        Qualification::Lawyer,
        Qualification::SeniorEngineer,
        Qualification::Researcher,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Qualification::TechnologyBroker => "technology_broker",
            Qualification::AssetAppraiser => "asset_appraiser",
            Qualification::PatentAgent => "patent_agent",
            Qualification::Lawyer => "lawyer",
            Qualification::SeniorEngineer => "senior_engineer",
            Qualification::Researcher => "researcher",
        }
    }
    pub fn parse(raw: &str) -> Result<Qualification, DomainError> {
        Self::ALL
            .into_iter()
            .find(|q| q.as_str() == raw.trim())
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "qualification",
                value: raw.to_string(),
            })
    }
    pub fn label(self) -> Text {
        match self {
            Qualification::TechnologyBroker => Text::new("技术经纪人", "Technology broker"),
            Qualification::AssetAppraiser => Text::new("资产评估师", "Asset appraiser"),
            Qualification::PatentAgent => Text::new("专利代理师", "Patent agent"),
            Qualification::Lawyer => Text::new("律师", "Lawyer"),
            Qualification::SeniorEngineer => Text::new("高级工程师", "Senior engineer"),
            Qualification::Researcher => Text::new("研究员/教授", "Researcher or professor"),
        }
    }
}

/// An expert's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertProfile {
    pub name: String,
    /// IPC subclasses (`H01M`) or classes (`G06`) the expert covers.
    pub fields: Vec<String>,
    pub industries: Vec<Industry>,
    pub qualifications: Vec<Qualification>,
    pub bio: String,
    pub available: bool,
}

/// The profile form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpertForm {
    pub name: String,
    /// IPC classes or subclasses, separated by spaces, commas or 、.
    pub fields: String,
    pub industries: Vec<String>,
    pub qualifications: Vec<String>,
    pub bio: String,
    pub available: bool,
}

impl ExpertProfile {
    /// Parses the form, reporting every field's error.
    pub fn parse(form: &ExpertForm) -> Result<ExpertProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = form.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 60 {
            errors.push(FieldError::new(
                "name",
                "请填写姓名（不超过 60 字）",
                "give a name (at most 60 characters)",
            ));
        }
        let mut fields = Vec::new();
        for raw in form
            .fields
            .split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
            .filter(|s| !s.is_empty())
        {
            match ClassificationCode::parse(raw) {
                Ok(code) if code.as_str().len() <= 4 => {
                    let c = code.as_str().to_string();
                    if !fields.contains(&c) {
                        fields.push(c);
                    }
                }
                _ => errors.push(FieldError::text(
                    "fields",
                    text!(
                        "“{raw}”不是 IPC 大类或小类（如 G06、H01M）",
                        "“{raw}” is not an IPC class or subclass (e.g. G06, H01M)"
                    ),
                )),
            }
        }
        let mut industries = Vec::new();
        for raw in form.industries.iter().filter(|s| !s.trim().is_empty()) {
            match Industry::parse(raw) {
                Ok(i) if !industries.contains(&i) => industries.push(i),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::text(
                    "industries",
                    text!("没有产业“{raw}”", "there is no industry “{raw}”"),
                )),
            }
        }
        if fields.is_empty() && industries.is_empty() && errors.is_empty() {
            errors.push(FieldError::new(
                "fields",
                "请至少填写一个 IPC 领域或选择一个产业",
                "give at least one IPC field or choose an industry",
            ));
        }
        let mut qualifications = Vec::new();
        for raw in form.qualifications.iter().filter(|s| !s.trim().is_empty()) {
            match Qualification::parse(raw) {
                Ok(q) if !qualifications.contains(&q) => qualifications.push(q),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::text(
                    "qualifications",
                    text!("没有资质“{raw}”", "there is no qualification “{raw}”"),
                )),
            }
        }
        let bio = form.bio.trim().to_string();
        if bio.chars().count() > 2000 {
            errors.push(FieldError::new(
                "bio",
                "简介不能超过 2000 字",
                "the biography is longer than 2000 characters",
            ));
        }
        if errors.is_empty() {
            Ok(ExpertProfile {
                name,
                fields,
                industries,
                qualifications,
                bio,
                available: form.available,
            })
        } else {
            Err(errors)
        }
    }

    /// How well the expert's fields cover a patent: 3 for the same IPC
    /// subclass, 2 for the same class, 1 for the same industry, 0 none.
    pub fn fit(&self, ipc: &[ClassificationCode], industry: Option<Industry>) -> u8 {
        let mut best = 0;
        for code in ipc {
            for f in &self.fields {
                if code.subclass() == Some(f.as_str()) {
                    best = best.max(3);
                } else if code.class() == Some(f.as_str()) {
                    best = best.max(2);
                }
            }
        }
        if best == 0 && industry.is_some_and(|i| self.industries.contains(&i)) {
            best = 1;
        }
        best
    }
}

/// The organisations on each side of a valued patent: an expert who works
/// for any of them may not review it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parties {
    /// The organisations holding the patent.
    pub owners: Vec<i64>,
    /// The organisation that asked for the review.
    pub requester: Option<i64>,
    /// The other party (a buyer, a bank), when the requester names one.
    pub counterparty: Option<i64>,
}

/// Why an expert with these memberships may not review for these parties,
/// or `None` when there is no conflict of interest.
pub fn conflict(expert_orgs: &[i64], parties: &Parties) -> Option<Text> {
    if expert_orgs.iter().any(|o| parties.owners.contains(o)) {
        return Some(Text::new(
            "利益冲突：专家任职于专利权人",
            "conflict of interest: the expert works for the patent's owner",
        ));
    }
    if parties.requester.is_some_and(|r| expert_orgs.contains(&r)) {
        return Some(Text::new(
            "利益冲突：专家任职于申请复核的机构",
            "conflict of interest: the expert works for the organisation asking for the review",
        ));
    }
    if parties
        .counterparty
        .is_some_and(|c| expert_orgs.contains(&c))
    {
        return Some(Text::new(
            "利益冲突：专家任职于交易另一方",
            "conflict of interest: the expert works for the other party",
        ));
    }
    None
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewState {
    /// Offered to the matching experts; nobody has taken it.
    Requested,
    /// An expert took it.
    Accepted,
    /// The expert signed the report.
    Submitted,
    /// The requester withdrew it before an expert submitted.
    Cancelled,
}

/// What happens to a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewEvent {
    Accept,
    Submit,
    Cancel,
    Rate,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Requested,
        ReviewState::Accepted,
        ReviewState::Submitted,
        ReviewState::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Requested => "requested",
            ReviewState::Accepted => "accepted",
            ReviewState::Submitted => "submitted",
            ReviewState::Cancelled => "cancelled",
        }
    }
    pub fn parse(raw: &str) -> Result<ReviewState, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "review state",
                value: raw.to_string(),
            })
    }
    pub fn label(self) -> Text {
        match self {
            ReviewState::Requested => Text::new("待专家承接", "Waiting for an expert"),
            ReviewState::Accepted => Text::new("专家复核中", "Under review"),
            ReviewState::Submitted => Text::new("已出具报告", "Report signed"),
            ReviewState::Cancelled => Text::new("已撤回", "Withdrawn"),
        }
    }

    /// The state after `event`, or why it cannot happen now.
    pub fn after(self, event: ReviewEvent) -> Result<ReviewState, Text> {
        use ReviewEvent as E;
        use ReviewState as S;
        match (self, event) {
            (S::Requested, E::Accept) => Ok(S::Accepted),
            (S::Accepted, E::Submit) => Ok(S::Submitted),
            (S::Requested, E::Cancel) => Ok(S::Cancelled),
            (S::Submitted, E::Rate) => Ok(S::Submitted),
            (S::Accepted | S::Submitted, E::Accept) => Err(Text::new(
                "该复核已由其他专家承接",
                "another expert has already taken this review",
            )),
            (_, E::Rate) => Err(Text::new(
                "报告出具后才能评价专家",
                "the expert can be rated once the report is signed",
            )),
            (S::Cancelled, _) => Err(Text::new("该复核已撤回", "this review was withdrawn")),
            (S::Submitted, _) => Err(Text::new(
                "报告已出具，不能再更改",
                "the report is signed and can no longer change",
            )),
            (S::Requested, E::Submit) => Err(Text::new(
                "请先承接该复核",
                "take the review before submitting it",
            )),
            (S::Accepted, E::Cancel) => Err(Text::new(
                "专家已承接，不能撤回",
                "an expert has taken it; it can no longer be withdrawn",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> ClassificationCode {
        ClassificationCode::parse(s).unwrap()
    }

    #[test]
    fn a_profile_form_is_parsed_with_every_error_named() {
        let form = ExpertForm {
            name: "王工".into(),
            fields: "H01M, G06、B60L".into(),
            industries: vec!["new_energy_vehicles".into()],
            qualifications: vec!["technology_broker".into(), "asset_appraiser".into()],
            bio: "十年电池行业经验".into(),
            available: true,
        };
        let p = ExpertProfile::parse(&form).unwrap();
        assert_eq!(p.fields, vec!["H01M", "G06", "B60L"]);
        assert_eq!(p.qualifications.len(), 2);

        let bad = ExpertForm {
            name: "".into(),
            fields: "H01M10/48 zz".into(),
            industries: vec!["spaceships".into()],
            qualifications: vec!["wizard".into()],
            ..ExpertForm::default()
        };
        let errs = ExpertProfile::parse(&bad).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        for f in ["name", "fields", "industries", "qualifications"] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn fit_prefers_the_subclass_then_the_class_then_the_industry() {
        let p = ExpertProfile {
            name: "x".into(),
            fields: vec!["H01M".into(), "G06".into()],
            industries: vec![Industry::NewMaterials],
            qualifications: vec![],
            bio: String::new(),
            available: true,
        };
        assert_eq!(p.fit(&[code("H01M 10/48")], None), 3);
        assert_eq!(p.fit(&[code("G06F 17/30")], None), 2);
        assert_eq!(p.fit(&[code("C08K 3/00")], Some(Industry::NewMaterials)), 1);
        assert_eq!(
            p.fit(&[code("A61K 36/00")], Some(Industry::Biotechnology)),
            0
        );
    }

    #[test]
    fn an_expert_of_either_side_has_a_conflict() {
        let parties = Parties {
            owners: vec![1],
            requester: Some(2),
            counterparty: Some(3),
        };
        assert!(conflict(&[1], &parties).unwrap().zh().contains("专利权人"));
        assert!(conflict(&[9, 2], &parties).unwrap().en().contains("asking"));
        assert!(
            conflict(&[3], &parties)
                .unwrap()
                .en()
                .contains("other party")
        );
        assert_eq!(conflict(&[4, 5], &parties), None);
        assert_eq!(conflict(&[], &parties), None);
    }

    #[test]
    fn review_states_move_only_forward() {
        use ReviewEvent as E;
        use ReviewState as S;
        assert_eq!(S::Requested.after(E::Accept), Ok(S::Accepted));
        assert_eq!(S::Accepted.after(E::Submit), Ok(S::Submitted));
        assert_eq!(S::Submitted.after(E::Rate), Ok(S::Submitted));
        assert_eq!(S::Requested.after(E::Cancel), Ok(S::Cancelled));
        for s in S::ALL {
            for e in [E::Accept, E::Submit, E::Cancel, E::Rate] {
                if let Err(why) = s.after(e) {
                    assert!(!why.zh().is_empty() && !why.en().is_empty());
                }
            }
        }
        assert!(S::Accepted.after(E::Accept).is_err());
        assert!(S::Submitted.after(E::Submit).is_err());
        assert!(S::Accepted.after(E::Rate).is_err());
    }
}
