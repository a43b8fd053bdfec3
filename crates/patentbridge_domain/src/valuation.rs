//! Patent valuation that explains itself (评估评价体系).
//!
//! The indicator system follows the three dimensions of GB/T 42748-2023
//! (专利评估指引) — legal, technical, economic — with level-2 groups and
//! level-3 indicators. Every indicator is measured from facts the platform
//! holds ([`Facts`]) and says where its value came from; a fact the
//! platform does not have is [`Reading::Unknown`] with the reason, never a
//! silent default, and it carries no weight in the score. An expert may
//! replace any indicator's score and any money input, each with a reason
//! kept beside the computed value ([`Overrides`]).
//!
//! Scores are weighted per [`Scenario`] by a versioned [`WeightTable`]
//! (`weights`); the money estimate (`money`) uses the income
//! (relief-from-royalty), cost and market approaches. The same facts,
//! table, inputs and overrides always give the same [`Valuation`].

pub mod expert;
mod indicators;
pub mod money;
mod review;
pub mod screening;
pub mod weights;

#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};

use crate::listing::Trl;
use crate::{ClassificationCode, DomainError, Fen, LegalStatus, PatentType, RegisterEvent, Text};

pub use indicators::{Dimension, Group, Indicator, count_claims};
pub use money::{
    Comparable, ComparableKind, Input, InputSource, Method, MoneyEstimate, MoneyField, MoneyForm,
    MoneyInputs, Range, Sensitivity,
};
pub use review::{IndicatorOverride, InputOverride, OverrideForm, Overrides};
pub use weights::WeightTable;

/// What a valuation is for: each scenario weighs the indicators its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scenario {
    /// Transfer or licence (转让/许可).
    TransferLicence,
    /// Pledge financing (质押融资).
    Pledge,
    /// Patent insurance (专利保险).
    Insurance,
    /// Equity contribution (作价入股).
    Equity,
    /// Portfolio triage: keep, license out or let lapse (存量专利分级).
    Triage,
}

impl Scenario {
    pub const ALL: [Scenario; 5] = [
        Scenario::TransferLicence,
        Scenario::Pledge,
        Scenario::Insurance,
        Scenario::Equity,
        Scenario::Triage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::TransferLicence => "transfer_licence",
            Scenario::Pledge => "pledge",
            Scenario::Insurance => "insurance",
            Scenario::Equity => "equity",
            Scenario::Triage => "triage",
        }
    }

    pub fn parse(raw: &str) -> Result<Scenario, DomainError> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "valuation scenario",
                value: raw.to_string(),
            })
    }

    pub fn label(self) -> Text {
        match self {
            Scenario::TransferLicence => Text::new("转让/许可", "Transfer or licence"),
            Scenario::Pledge => Text::new("质押融资", "Pledge financing"),
            Scenario::Insurance => Text::new("专利保险", "Patent insurance"),
            Scenario::Equity => Text::new("作价入股", "Equity contribution"),
            Scenario::Triage => Text::new("存量专利分级", "Portfolio triage"),
        }
    }

    /// The form field of this scenario's weights, e.g. `weights.pledge`.
    pub fn weights_field(self) -> &'static str {
        match self {
            Scenario::TransferLicence => "weights.transfer_licence",
            Scenario::Pledge => "weights.pledge",
            Scenario::Insurance => "weights.insurance",
            Scenario::Equity => "weights.equity",
            Scenario::Triage => "weights.triage",
        }
    }
}

/// The catalogue's filings in the patent's technology field (its first IPC
/// subclass), for the age of the field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldFacts {
    pub subclass: String,
    /// Patents of the subclass in the catalogue with a filing date.
    pub filings: i64,
    /// The median filing year of those patents.
    pub median_year: i32,
}

/// What the strategic-emerging-industry concordance says of the patent.
#[derive(Debug, Clone, PartialEq)]
pub enum SeiFact {
    /// The concordance has not been loaded (`patentbridge load-sei`).
    NotLoaded,
    /// No IPC code of the patent falls in any branch.
    Outside,
    /// The branches the patent's codes fall in; `keyword_qualified` when
    /// every match is of a rule the table limits to certain products.
    Inside {
        branches: Vec<String>,
        keyword_qualified: bool,
    },
}

/// The patent's record on the platform itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlatformFacts {
    /// Deals for the patent that reached signing or beyond.
    pub deals_concluded: i64,
    /// Open licences accepted.
    pub open_licences: i64,
    /// Inquiries on its listings.
    pub inquiries: i64,
    /// Users who keep one of its listings as a favourite.
    pub favourites: i64,
    /// Published needs it matches at or above the push threshold.
    pub matched_needs: i64,
}

impl PlatformFacts {
    /// Demand signals in one count.
    pub fn demand_signals(&self) -> i64 {
        self.inquiries + self.favourites + self.matched_needs
    }
}

/// Everything a valuation reads: gathered by the application from the
/// catalogue, the register, the concordance and the platform's records.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub today: NaiveDate,
    pub patent_type: PatentType,
    pub application_date: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub events: Vec<RegisterEvent>,
    /// The claims as the source gives them; `None` when it has none.
    pub claims: Option<String>,
    pub family_size: Option<i64>,
    pub cited_by: Option<i64>,
    pub ipc: Vec<ClassificationCode>,
    pub field: Option<FieldFacts>,
    pub sei: SeiFact,
    pub platform: PlatformFacts,
    /// The readiness level its live listing states.
    pub readiness: Option<Trl>,
    /// Priced deals and listings of the same field, for the market approach.
    pub comparables: Vec<Comparable>,
}

/// The last day of protection: 20 years from filing for an invention, 10
/// for a utility model, 15 for a design filed from 1 June 2021 (10
/// before), 20 for a plant variety (Patent Law art. 42).
pub fn term_end(patent_type: PatentType, application_date: NaiveDate) -> NaiveDate {
    let years = match patent_type {
        PatentType::Invention | PatentType::Plant => 20,
        PatentType::UtilityModel => 10,
        PatentType::Design => {
            if application_date >= NaiveDate::from_ymd_opt(2021, 6, 1).expect("valid date") {
                15
            } else {
                10
            }
        }
    };
    let year = application_date.year() + years;
    application_date
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .expect("a date 10 to 20 years on exists")
}

/// Years of protection left on `today`, 0 when the term has run out.
pub fn remaining_years(facts: &Facts) -> Option<f64> {
    let filed = facts.application_date?;
    let end = term_end(facts.patent_type, filed);
    let days = (end - facts.today).num_days().max(0);
    Some(days as f64 / 365.25)
}

/// One indicator's value for this patent.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The value as people read it, and its score from 0 to 100.
    Known { value: Text, score: u8 },
    /// The platform does not know it, and why.
    Unknown { why: Text },
}

impl Reading {
    pub fn score(&self) -> Option<u8> {
        match self {
            Reading::Known { score, .. } => Some(*score),
            Reading::Unknown { .. } => None,
        }
    }
    /// The value, or the reason it is unknown.
    pub fn display(&self) -> &Text {
        match self {
            Reading::Known { value, .. } => value,
            Reading::Unknown { why } => why,
        }
    }
}

/// An indicator measured from the facts, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub indicator: Indicator,
    pub reading: Reading,
    /// Where the value came from, e.g. "专利著录项目：申请日".
    pub source: Text,
}

/// A measured indicator and, when an expert replaced it, the expert's word.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub measured: Measured,
    pub expert: Option<IndicatorOverride>,
}

impl Assessed {
    /// The score that counts: the expert's when there is one.
    pub fn score(&self) -> Option<u8> {
        match &self.expert {
            Some(o) => Some(o.score),
            None => self.measured.reading.score(),
        }
    }
}

/// A grade from the total score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// A from 80, B from 65, C from 50, D below.
    pub fn of(score: f64) -> Grade {
        if score >= 80.0 {
            Grade::A
        } else if score >= 65.0 {
            Grade::B
        } else if score >= 50.0 {
            Grade::C
        } else {
            Grade::D
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
    pub fn parse(raw: &str) -> Result<Grade, DomainError> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str() == raw.trim())
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "valuation grade",
                value: raw.to_string(),
            })
    }
    pub fn label(self) -> Text {
        match self {
            Grade::A => Text::new("A 级（价值高）", "A (high value)"),
            Grade::B => Text::new("B 级（价值较高）", "B (good value)"),
            Grade::C => Text::new("C 级（价值一般）", "C (fair value)"),
            Grade::D => Text::new("D 级（价值较低）", "D (low value)"),
        }
    }
}

/// The weighted scores of a valuation.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// 0–100, over the indicators with a value.
    pub total: f64,
    /// Legal, technical and economic, in that order; `None` when no
    /// indicator of the dimension has a value.
    pub dimensions: [(Dimension, Option<f64>); 3],
    /// The share of the scenario's weight that indicators with a value
    /// carry, 0–1: below 0.6 the grade is provisional.
    pub coverage: f64,
    pub grade: Grade,
}

impl Score {
    pub fn provisional(&self) -> bool {
        self.coverage < 0.6
    }
}

/// A whole valuation: what it was for, the weights it used, every
/// indicator, the scores and the money estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuation {
    pub scenario: Scenario,
    pub weights_version: i64,
    pub indicators: Vec<Assessed>,
    pub score: Score,
    pub money: MoneyEstimate,
}

/// Measures every indicator, in [`Indicator::ALL`] order.
pub fn measure(facts: &Facts) -> Vec<Measured> {
    Indicator::ALL
        .into_iter()
        .map(|indicator| indicators::measure_one(indicator, facts))
        .collect()
}

/// Scores assessed indicators with a scenario's weights.
pub fn score(indicators: &[Assessed], table: &WeightTable, scenario: Scenario) -> Score {
    let mut known_weight = 0u32;
    let mut sum = 0f64;
    let mut per_dim = [(0u32, 0f64); 3];
    for a in indicators {
        let w = table.weight(scenario, a.measured.indicator);
        if let Some(s) = a.score() {
            known_weight += w;
            sum += f64::from(w) * f64::from(s);
            let d = a.measured.indicator.dimension().index();
            per_dim[d].0 += w;
            per_dim[d].1 += f64::from(w) * f64::from(s);
        }
    }
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    let total = if known_weight == 0 {
        0.0
    } else {
        round1(sum / f64::from(known_weight))
    };
    let dim = |d: Dimension| {
        let (w, s) = per_dim[d.index()];
        (d, (w > 0).then(|| round1(s / f64::from(w))))
    };
    Score {
        total,
        dimensions: [
            dim(Dimension::Legal),
            dim(Dimension::Technical),
            dim(Dimension::Economic),
        ],
        coverage: f64::from(known_weight) / f64::from(weights::TOTAL),
        grade: Grade::of(total),
    }
}

/// Values a patent: measures the facts, lays the expert's overrides over
/// them, scores with the table and estimates the money.
pub fn value(
    facts: &Facts,
    scenario: Scenario,
    table: &WeightTable,
    inputs: &MoneyInputs,
    overrides: &Overrides,
) -> Valuation {
    let indicators: Vec<Assessed> = measure(facts)
        .into_iter()
        .map(|measured| Assessed {
            expert: overrides.for_indicator(measured.indicator).cloned(),
            measured,
        })
        .collect();
    let score = score(&indicators, table, scenario);
    let money = money::estimate(facts, scenario, &score, inputs, overrides);
    Valuation {
        scenario,
        weights_version: table.version(),
        indicators,
        score,
        money,
    }
}

/// Whole yuan of an amount in fen, for rounding estimates.
pub(crate) fn round_to_yuan(fen: f64) -> Fen {
    Fen::new(((fen / 100.0).round() * 100.0) as i64)
}
