//! The patent catalogue record.

use chrono::NaiveDate;

use crate::status::status_after_events;
use crate::{
    ClassificationCode, LegalStatus, Party, PatentNumber, RegionCode, RegisterEvent, Text,
};

/// The statutory type of a patent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatentType {
    Invention,
    UtilityModel,
    Design,
    Plant,
}

impl PatentType {
    pub fn as_str(self) -> &'static str {
        match self {
            PatentType::Invention => "invention",
            PatentType::UtilityModel => "utility_model",
            PatentType::Design => "design",
            PatentType::Plant => "plant",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "invention" | "发明" | "utility" | "发明专利" | "发明申请" | "发明授权" => {
                Some(PatentType::Invention)
            }
            "utility_model" | "实用新型" => Some(PatentType::UtilityModel),
            "design" | "外观设计" => Some(PatentType::Design),
            "plant" => Some(PatentType::Plant),
            _ => None,
        }
    }
    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            PatentType::Invention => Text::new("发明", "Invention"),
            PatentType::UtilityModel => Text::new("实用新型", "Utility model"),
            PatentType::Design => Text::new("外观设计", "Design"),
            PatentType::Plant => Text::new("植物专利", "Plant"),
        }
    }

    /// Infers the type from the office and kind code (CN U/Y are utility
    /// models, S designs; US S designs, P plants).
    pub fn from_number(number: &PatentNumber) -> PatentType {
        let kind = number.kind().unwrap_or("");
        let k = kind.chars().next().unwrap_or(' ');
        match (number.jurisdiction().as_str(), k) {
            ("CN", 'U' | 'Y') => PatentType::UtilityModel,
            (_, 'U' | 'Y') => PatentType::UtilityModel,
            (_, 'S') => PatentType::Design,
            ("US", 'P') if kind.len() == 2 => PatentType::Plant,
            _ if number.serial().starts_with('D') => PatentType::Design,
            _ => PatentType::Invention,
        }
    }
}

/// A patent as the catalogue holds it. Text fields are `None` when the source
/// lacks them; a record from any source fits this one shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Patent {
    pub number: PatentNumber,
    pub application_number: Option<String>,
    pub patent_type: PatentType,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub abstract_zh: Option<String>,
    pub abstract_en: Option<String>,
    pub claims: Option<String>,
    /// Keywords the source supplies (not derived by us).
    pub keywords: Vec<String>,
    pub ipc: Vec<ClassificationCode>,
    pub cpc: Vec<ClassificationCode>,
    pub applicants: Vec<Party>,
    pub inventors: Vec<String>,
    pub application_date: Option<NaiveDate>,
    pub publication_date: Option<NaiveDate>,
    pub grant_date: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub events: Vec<RegisterEvent>,
    pub cited_by_count: Option<i64>,
    pub family_size: Option<i64>,
    /// Which importer or generator produced the record, e.g. `cn-g06f-csv`.
    pub source: String,
}

impl Patent {
    /// An empty record for a number, to be filled in by an importer.
    pub fn new(number: PatentNumber, source: &str) -> Patent {
        Patent {
            patent_type: PatentType::from_number(&number),
            number,
            application_number: None,
            title_zh: None,
            title_en: None,
            abstract_zh: None,
            abstract_en: None,
            claims: None,
            keywords: Vec::new(),
            ipc: Vec::new(),
            cpc: Vec::new(),
            applicants: Vec::new(),
            inventors: Vec::new(),
            application_date: None,
            publication_date: None,
            grant_date: None,
            legal_status: LegalStatus::Unknown,
            events: Vec::new(),
            cited_by_count: None,
            family_size: None,
            source: source.to_string(),
        }
    }

    /// The best title for a reader of the given language, falling back to the other.
    pub fn title(&self, chinese_first: bool) -> Option<&str> {
        let (a, b) = if chinese_first {
            (&self.title_zh, &self.title_en)
        } else {
            (&self.title_en, &self.title_zh)
        };
        a.as_deref().or(b.as_deref())
    }

    /// The region of the first applicant with one.
    pub fn region(&self) -> Option<RegionCode> {
        self.applicants.iter().find_map(|a| a.region)
    }

    /// The status implied by the register events over the status the source gave.
    pub fn derived_status(&self) -> LegalStatus {
        if self.events.is_empty() {
            self.legal_status
        } else {
            status_after_events(self.legal_status, &self.events)
        }
    }

    /// Trims text fields, drops empty ones, and removes duplicate codes and
    /// parties, so that the same source record always normalises to the same value.
    pub fn normalise(&mut self) {
        for field in [
            &mut self.title_zh,
            &mut self.title_en,
            &mut self.abstract_zh,
            &mut self.abstract_en,
            &mut self.claims,
            &mut self.application_number,
        ] {
            if let Some(text) = field.take() {
                // NUL is valid in a Rust string but refused by PostgreSQL text.
                let text = text.replace('\0', "");
                let t = text.trim();
                if !t.is_empty() && !t.eq_ignore_ascii_case("NA") {
                    *field = Some(t.to_string());
                }
            }
        }
        dedup_keep_order(&mut self.ipc);
        dedup_keep_order(&mut self.cpc);
        self.keywords.retain(|k| !k.trim().is_empty());
        dedup_keep_order(&mut self.keywords);
        self.inventors.retain(|k| !k.trim().is_empty());
        dedup_keep_order(&mut self.inventors);
        let mut seen = std::collections::HashSet::new();
        self.applicants
            .retain(|a| !a.name.is_empty() && seen.insert(a.name.clone()));
    }
}

fn dedup_keep_order<T: PartialEq + Clone>(v: &mut Vec<T>) {
    let mut out: Vec<T> = Vec::with_capacity(v.len());
    for x in v.drain(..) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    *v = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_give_the_patent_type() {
        let t = |n: &str| PatentType::from_number(&PatentNumber::parse(n).unwrap());
        assert_eq!(t("CN115525164A"), PatentType::Invention);
        assert_eq!(t("CN215525164U"), PatentType::UtilityModel);
        assert_eq!(t("CN305525164S"), PatentType::Design);
        assert_eq!(t("USD654321S"), PatentType::Design);
        assert_eq!(t("US10001996B2"), PatentType::Invention);
    }

    #[test]
    fn normalising_drops_blanks_and_duplicates() {
        let mut p = Patent::new(PatentNumber::parse("CN1A").unwrap(), "test");
        p.title_zh = Some("  标题 ".into());
        p.title_en = Some("NA".into());
        p.ipc = vec![
            ClassificationCode::parse("G06F").unwrap(),
            ClassificationCode::parse("G06F").unwrap(),
        ];
        p.applicants = vec![Party::new("天津大学", None), Party::new("天津大学", None)];
        p.normalise();
        assert_eq!(p.title_zh.as_deref(), Some("标题"));
        assert_eq!(p.title_en, None);
        assert_eq!(p.ipc.len(), 1);
        assert_eq!(p.applicants.len(), 1);
    }
}
