//! The weight table: per scenario, one weight per indicator, in tenths of
//! a percent, summing to 100 %. Tables are versioned; every valuation
//! names the version it used.
//!
//! GB/T 42748-2023 names the dimensions and indicators but its official
//! weights are not published in machine-readable form: the platform's
//! first table ([`WeightTable::standard`]) is its own proposal, and the
//! bureau edits it.

use std::collections::BTreeMap;

use crate::{FieldError, Text, text};

use super::{Indicator, Scenario};

/// 100 % in tenths of a percent.
pub const TOTAL: u32 = 1000;

/// A versioned weight table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightTable {
    version: i64,
    /// (scenario, indicator) → tenths of a percent.
    weights: BTreeMap<(Scenario, Indicator), u32>,
}

/// Weights of the first table in whole percent, in `Indicator::ALL` order.
const STANDARD: [(Scenario, [u32; 16]); 5] = [
    (
        Scenario::TransferLicence,
        [8, 5, 3, 6, 5, 4, 10, 4, 7, 6, 5, 10, 5, 6, 7, 9],
    ),
    (
        Scenario::Pledge,
        [14, 10, 10, 6, 4, 4, 12, 3, 4, 3, 3, 6, 4, 6, 5, 6],
    ),
    (
        Scenario::Insurance,
        [10, 12, 4, 6, 8, 6, 8, 6, 6, 4, 6, 4, 4, 5, 5, 6],
    ),
    (
        Scenario::Equity,
        [6, 4, 3, 6, 4, 4, 10, 5, 8, 8, 6, 12, 6, 4, 6, 8],
    ),
    (
        Scenario::Triage,
        [12, 4, 2, 5, 3, 3, 14, 4, 5, 6, 4, 6, 5, 7, 8, 12],
    ),
];

impl WeightTable {
    /// The platform's first table, version 1.
    pub fn standard() -> WeightTable {
        let mut weights = BTreeMap::new();
        for (scenario, row) in STANDARD {
            for (indicator, w) in Indicator::ALL.into_iter().zip(row) {
                weights.insert((scenario, indicator), w * 10);
            }
        }
        WeightTable {
            version: 1,
            weights,
        }
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    /// The same weights under another version number (when stored).
    pub fn with_version(mut self, version: i64) -> WeightTable {
        self.version = version;
        self
    }

    /// The weight in tenths of a percent.
    pub fn weight(&self, scenario: Scenario, indicator: Indicator) -> u32 {
        self.weights
            .get(&(scenario, indicator))
            .copied()
            .unwrap_or(0)
    }

    /// Every (scenario, indicator, weight), in order.
    pub fn entries(&self) -> impl Iterator<Item = (Scenario, Indicator, u32)> + '_ {
        self.weights.iter().map(|(&(s, i), &w)| (s, i, w))
    }

    /// Rebuilds a stored table; refuses one that is not whole.
    pub fn from_entries(
        version: i64,
        entries: impl IntoIterator<Item = (Scenario, Indicator, u32)>,
    ) -> Result<WeightTable, Vec<FieldError>> {
        let weights = entries.into_iter().map(|(s, i, w)| ((s, i), w)).collect();
        let table = WeightTable { version, weights };
        table.check()?;
        Ok(table)
    }

    /// Parses the editing form: one field `scenario.indicator_code` per
    /// weight, in percent with at most one decimal (`12`, `12.5`). Every
    /// scenario's weights must sum to 100 %; every error is reported,
    /// named by the scenario's field, in both languages.
    pub fn parse<'a>(
        version: i64,
        form: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<WeightTable, Vec<FieldError>> {
        let mut weights = BTreeMap::new();
        let mut errors = Vec::new();
        for (key, raw) in form {
            let Some((s, i)) = key.split_once('.') else {
                continue;
            };
            let (Ok(scenario), Some(indicator)) = (Scenario::parse(s), Indicator::parse(i)) else {
                continue;
            };
            match parse_percent_tenths(raw) {
                Ok(w) => {
                    weights.insert((scenario, indicator), w);
                }
                Err(why) => {
                    let (sl, il) = (scenario.label(), indicator.label());
                    errors.push(FieldError::text(
                        scenario.weights_field(),
                        Text::owned(
                            format!("{}：“{}”的权重{}", sl.zh(), il.zh(), why.zh()),
                            format!("{}: the weight of {} {}", sl.en(), il.en(), why.en()),
                        ),
                    ));
                }
            }
        }
        let table = WeightTable { version, weights };
        if let Err(more) = table.check() {
            for e in more {
                if !errors.iter().any(|x| x.field == e.field) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() {
            Ok(table)
        } else {
            Err(errors)
        }
    }

    /// Every scenario has every indicator and sums to 100 %.
    fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for scenario in Scenario::ALL {
            let missing: Vec<Indicator> = Indicator::ALL
                .into_iter()
                .filter(|i| !self.weights.contains_key(&(scenario, *i)))
                .collect();
            let label = scenario.label();
            if let Some(first) = missing.first() {
                let il = first.label();
                errors.push(FieldError::text(
                    scenario.weights_field(),
                    Text::owned(
                        format!(
                            "{}：缺少“{}”等 {} 项指标的权重",
                            label.zh(),
                            il.zh(),
                            missing.len()
                        ),
                        format!(
                            "{}: the weights of {} and {} more indicators are missing",
                            label.en(),
                            il.en(),
                            missing.len() - 1
                        ),
                    ),
                ));
                continue;
            }
            let sum: u32 = Indicator::ALL
                .into_iter()
                .map(|i| self.weight(scenario, i))
                .sum();
            if sum != TOTAL {
                let shown = f64::from(sum) / 10.0;
                errors.push(FieldError::text(
                    scenario.weights_field(),
                    Text::owned(
                        format!("{}：权重合计为 {shown}%，应为 100%", label.zh()),
                        format!("{}: the weights sum to {shown}%, not 100%", label.en()),
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `12`, `12.5`, `12.5%` → 125 tenths; negative, more than one decimal,
/// above 100 or not a number is refused.
fn parse_percent_tenths(raw: &str) -> Result<u32, Text> {
    let s = raw.trim().trim_end_matches(['%', '％']).trim();
    if s.is_empty() {
        return Err(Text::new("不能为空", "is empty"));
    }
    if s.starts_with('-') {
        return Err(Text::new("不能为负数", "cannot be negative"));
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(text!("“{s}”不是百分数", "“{s}” is not a percentage"));
    }
    if frac.len() > 1 {
        return Err(Text::new("最多一位小数", "takes at most one decimal"));
    }
    let w: u32 = whole.parse().unwrap_or(0);
    let f: u32 = frac.parse().unwrap_or(0);
    let tenths = w * 10 + f;
    if tenths > TOTAL {
        return Err(Text::new("不能超过 100%", "cannot exceed 100%"));
    }
    Ok(tenths)
}
