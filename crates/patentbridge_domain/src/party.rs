//! Applicants, assignees and inventors, and the inference of an applicant's type.

use crate::{RegionCode, Text};

/// What kind of body an applicant is; drives dormant-patent screening and statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicantType {
    University,
    ResearchInstitute,
    StateOwnedEnterprise,
    PrivateEnterprise,
    Individual,
}

impl ApplicantType {
    pub const ALL: [ApplicantType; 5] = [
        ApplicantType::University,
        ApplicantType::ResearchInstitute,
        ApplicantType::StateOwnedEnterprise,
        ApplicantType::PrivateEnterprise,
        ApplicantType::Individual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantType::University => "university",
            ApplicantType::ResearchInstitute => "institute",
            ApplicantType::StateOwnedEnterprise => "soe",
            ApplicantType::PrivateEnterprise => "enterprise",
            ApplicantType::Individual => "individual",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == raw)
            .or(match raw.trim() {
                "高校" | "大学" | "院校" => Some(ApplicantType::University),
                "科研院所" | "研究所" | "科研单位" => {
                    Some(ApplicantType::ResearchInstitute)
                }
                "国企" | "国有企业" | "央企" => Some(ApplicantType::StateOwnedEnterprise),
                "企业" | "民营企业" | "公司" => Some(ApplicantType::PrivateEnterprise),
                "个人" => Some(ApplicantType::Individual),
                _ => None,
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            ApplicantType::University => Text::new("高校", "University"),
            ApplicantType::ResearchInstitute => Text::new("科研院所", "Research institute"),
            ApplicantType::StateOwnedEnterprise => Text::new("国有企业", "State-owned enterprise"),
            ApplicantType::PrivateEnterprise => Text::new("企业", "Enterprise"),
            ApplicantType::Individual => Text::new("个人", "Individual"),
        }
    }

    /// Infers the type from the name as registered, in Chinese or English.
    pub fn infer(name: &str) -> ApplicantType {
        let n = name.trim();
        let upper = n.to_uppercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        let has_en = |words: &[&str]| {
            upper
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|tok| words.contains(&tok))
        };
        let institute_suffix = ["研究院", "研究所", "研究中心", "科学院", "实验室", "设计院"];
        if institute_suffix.iter().any(|s| n.ends_with(s)) {
            return ApplicantType::ResearchInstitute;
        }
        if has(&["大学", "学院", "学校"]) && !has(&["有限公司", "有限责任公司"])
            || has_en(&[
                "UNIV",
                "UNIVERSITY",
                "UNIVERSITAET",
                "UNIVERSITE",
                "COLLEGE",
                "UNIVERSIDAD",
                "UNIVERSITA",
            ])
        {
            return ApplicantType::University;
        }
        if has(&institute_suffix) && !has(&["有限公司", "有限责任公司", "公司"])
            || has_en(&[
                "INST",
                "INSTITUTE",
                "INSTITUT",
                "ACADEMY",
                "ACAD",
                "CNRS",
                "FRAUNHOFER",
                "LABORATORY",
                "CENTRE",
                "CENTER",
                "RES",
            ]) && !has_en(&["INC", "CORP", "LTD", "LLC", "CO", "GMBH", "AG"])
        {
            return ApplicantType::ResearchInstitute;
        }
        if has(&[
            "国家电网",
            "国网",
            "中国石油",
            "中国石化",
            "中石化",
            "中石油",
            "中国航天",
            "中国航空",
            "中国电子科技集团",
            "中国船舶",
            "中国中车",
            "中车",
            "中国建筑",
            "中国移动",
            "中国联通",
            "中国电信",
            "中国铁建",
            "中国中铁",
            "中国核",
            "中国兵器",
            "中国海洋石油",
            "中海油",
            "渤化",
            "天津港",
            "天钢",
            "天津市政",
            "中国汽车技术研究中心",
        ]) || (n.starts_with("中国")
            || n.starts_with("中建")
            || n.starts_with("中交")
            || n.starts_with("中冶"))
            && has(&["集团", "有限公司"])
            || has_en(&["SINOPEC", "PETROCHINA", "CNOOC", "COMAC", "CRRC"])
            || upper.contains("STATE GRID")
            || upper.starts_with("CHINA NAT")
        {
            return ApplicantType::StateOwnedEnterprise;
        }
        if has(&["公司", "厂", "集团", "企业", "合作社", "事务所"])
            || upper.ends_with(" A/S")
            || upper.contains(" S.A.")
            || upper.contains(" S.P.A.")
            || has_en(&[
                "INC",
                "CORP",
                "CORPORATION",
                "LTD",
                "LIMITED",
                "LLC",
                "CO",
                "COMPANY",
                "GMBH",
                "AG",
                "SA",
                "SAS",
                "SPA",
                "KK",
                "BV",
                "NV",
                "AB",
                "AS",
                "OY",
                "PLC",
                "LP",
                "LLP",
                "HOLDINGS",
                "TECHNOLOGIES",
                "TECH",
                "SYSTEMS",
                "IND",
                "INDUSTRIES",
                "PHARMACEUTICALS",
                "LAB",
                "LABS",
                "GROUP",
                "INTERNATIONAL",
                "ENTERPRISES",
                "MFG",
                "HUT",
            ])
        {
            return ApplicantType::PrivateEnterprise;
        }
        ApplicantType::Individual
    }
}

/// An applicant, assignee or inventor as named on the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub applicant_type: ApplicantType,
    /// True when a person set the type by hand; re-inference must keep it.
    pub type_overridden: bool,
    pub address: Option<String>,
    pub region: Option<RegionCode>,
}

impl Party {
    /// A party whose type and region are inferred from its name and address.
    pub fn new(name: &str, address: Option<&str>) -> Party {
        let address = address
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        Party {
            name: name.trim().to_string(),
            applicant_type: ApplicantType::infer(name),
            type_overridden: false,
            region: address.as_deref().and_then(RegionCode::from_address),
            address,
        }
    }

    /// Sets the type by hand.
    pub fn with_type(mut self, applicant_type: ApplicantType) -> Party {
        self.applicant_type = applicant_type;
        self.type_overridden = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::ApplicantType::*;
    use super::*;

    #[test]
    fn chinese_names_are_typed_by_their_form() {
        assert_eq!(ApplicantType::infer("天津大学"), University);
        assert_eq!(
            ApplicantType::infer("中国科学院天津工业生物技术研究所"),
            ResearchInstitute
        );
        assert_eq!(
            ApplicantType::infer("国家电网有限公司"),
            StateOwnedEnterprise
        );
        assert_eq!(
            ApplicantType::infer("天津渤化化工发展有限公司"),
            StateOwnedEnterprise
        );
        assert_eq!(
            ApplicantType::infer("天津某某科技有限公司"),
            PrivateEnterprise
        );
        assert_eq!(ApplicantType::infer("张三"), Individual);
    }

    #[test]
    fn english_names_are_typed_by_their_form() {
        assert_eq!(ApplicantType::infer("UNIV TIANJIN"), University);
        assert_eq!(
            ApplicantType::infer("NVIDIA CORPORATION"),
            PrivateEnterprise
        );
        assert_eq!(ApplicantType::infer("PIZZA HUT INC"), PrivateEnterprise);
        assert_eq!(
            ApplicantType::infer("FRAUNHOFER GES FORSCHUNG"),
            ResearchInstitute
        );
        assert_eq!(
            ApplicantType::infer("STATE GRID CORP CHINA"),
            StateOwnedEnterprise
        );
        assert_eq!(ApplicantType::infer("MARKOWETZ FRANZ"), Individual);
    }

    #[test]
    fn an_overridden_type_is_marked_as_such() {
        let p = Party::new("天津某某科技有限公司", Some("天津市滨海新区"))
            .with_type(StateOwnedEnterprise);
        assert!(p.type_overridden);
        assert_eq!(p.region.unwrap().to_string(), "120116");
    }
}
