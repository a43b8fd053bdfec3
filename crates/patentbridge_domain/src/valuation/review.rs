//! An expert's changes to a valuation: a new score for an indicator, or a
//! new value for a money input, each with a reason. The computed value
//! stays beside it.

use crate::{FieldError, Text, text};

use super::{Indicator, MoneyField};

/// An expert's score for an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorOverride {
    pub indicator: Indicator,
    pub score: u8,
    /// What the expert found, e.g. "经检索存在同族 EP 申请".
    pub value: String,
    pub reason: String,
}

/// An expert's value for a money input (in the field's stored unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputOverride {
    pub field: MoneyField,
    pub value: i64,
    pub reason: String,
}

/// All of an expert's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub indicators: Vec<IndicatorOverride>,
    pub inputs: Vec<InputOverride>,
}

impl Overrides {
    pub fn none() -> Overrides {
        Overrides::default()
    }
    pub fn for_indicator(&self, indicator: Indicator) -> Option<&IndicatorOverride> {
        self.indicators.iter().find(|o| o.indicator == indicator)
    }
    pub fn for_input(&self, field: MoneyField) -> Option<&InputOverride> {
        self.inputs.iter().find(|o| o.field == field)
    }
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty() && self.inputs.is_empty()
    }
}

/// The expert's form as typed: rows of (indicator code, score, value,
/// reason) and (money field, value, reason); a row with an empty score or
/// value is no change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideForm {
    pub indicators: Vec<(String, String, String, String)>,
    pub inputs: Vec<(String, String, String)>,
}

/// The longest reason kept.
pub const MAX_REASON: usize = 1000;

fn reason_error(field: &'static str, what: &Text, reason: &str) -> Option<FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        Some(FieldError::text(
            field,
            Text::owned(
                format!("调整“{}”须说明理由", what.zh()),
                format!("a change to {} needs a reason", what.en()),
            ),
        ))
    } else if reason.chars().count() > MAX_REASON {
        Some(FieldError::text(
            field,
            Text::owned(
                format!("“{}”的理由不能超过 {MAX_REASON} 字", what.zh()),
                format!(
                    "the reason for {} is longer than {MAX_REASON} characters",
                    what.en()
                ),
            ),
        ))
    } else {
        None
    }
}

impl OverrideForm {
    /// Parses every row, reporting every error; an unknown indicator or
    /// field, a score outside 0–100, a value out of range, a missing
    /// reason or two changes of the same item are refused.
    pub fn parse(&self) -> Result<Overrides, Vec<FieldError>> {
        let mut out = Overrides::default();
        let mut errors = Vec::new();
        for (code, score, value, reason) in &self.indicators {
            if score.trim().is_empty() {
                continue;
            }
            let Some(indicator) = Indicator::parse(code) else {
                errors.push(FieldError::text(
                    "indicators",
                    text!("没有指标“{code}”", "there is no indicator “{code}”"),
                ));
                continue;
            };
            let label = indicator.label();
            let score = match score.trim().parse::<u8>() {
                Ok(s) if s <= 100 => s,
                _ => {
                    errors.push(FieldError::text(
                        "indicators",
                        Text::owned(
                            format!("“{}”的专家评分须为 0 至 100 的整数", label.zh()),
                            format!(
                                "the expert's score for {} must be a whole number 0–100",
                                label.en()
                            ),
                        ),
                    ));
                    continue;
                }
            };
            if let Some(e) = reason_error("indicators", &label, reason) {
                errors.push(e);
                continue;
            }
            if out.for_indicator(indicator).is_some() {
                errors.push(FieldError::text(
                    "indicators",
                    Text::owned(
                        format!("“{}”调整了两次", label.zh()),
                        format!("{} is changed twice", label.en()),
                    ),
                ));
                continue;
            }
            out.indicators.push(IndicatorOverride {
                indicator,
                score,
                value: value.trim().chars().take(200).collect(),
                reason: reason.trim().to_string(),
            });
        }
        for (code, value, reason) in &self.inputs {
            if value.trim().is_empty() {
                continue;
            }
            let Some(field) = MoneyField::parse_code(code) else {
                errors.push(FieldError::text(
                    "inputs",
                    text!("没有参数“{code}”", "there is no money input “{code}”"),
                ));
                continue;
            };
            let parsed = match field.parse_value(value) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if let Some(e) = reason_error(field.as_str(), &field.label(), reason) {
                errors.push(e);
                continue;
            }
            if out.for_input(field).is_some() {
                let label = field.label();
                errors.push(FieldError::text(
                    field.as_str(),
                    Text::owned(
                        format!("“{}”调整了两次", label.zh()),
                        format!("{} is changed twice", label.en()),
                    ),
                ));
                continue;
            }
            out.inputs.push(InputOverride {
                field,
                value: parsed,
                reason: reason.trim().to_string(),
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}
