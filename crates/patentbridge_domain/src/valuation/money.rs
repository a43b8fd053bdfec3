//! The money estimate: the income approach (relief from royalty), the
//! cost approach and the market approach from comparable prices on the
//! platform, a range, a sensitivity table and, for a pledge, the
//! realisable (变现) value. Every input is named with its source.

use std::collections::BTreeMap;

use crate::{Fen, FieldError, Text, text};

use super::review::{InputOverride, Overrides};
use super::{Dimension, Facts, Scenario, Score, remaining_years, round_to_yuan};

/// A money input of the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoneyField {
    /// Annual sales of the products using the patent, in fen.
    RevenueBase,
    /// Yearly growth of those sales, in basis points.
    GrowthRate,
    /// Royalty rate on sales, in basis points.
    RoyaltyRate,
    /// Discount rate, in basis points.
    DiscountRate,
    /// Income tax rate, in basis points.
    TaxRate,
    /// Remaining economic life, in whole years.
    EconomicLife,
    /// What it would cost to develop the technology again, in fen.
    ReplacementCost,
}

impl MoneyField {
    pub const ALL: [MoneyField; 7] = [
        MoneyField::RevenueBase,
        MoneyField::GrowthRate,
        MoneyField::RoyaltyRate,
        MoneyField::DiscountRate,
        MoneyField::TaxRate,
        MoneyField::EconomicLife,
        MoneyField::ReplacementCost,
    ];

    /// The form field and stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyField::RevenueBase => "revenue_base",
            MoneyField::GrowthRate => "growth_rate",
            MoneyField::RoyaltyRate => "royalty_rate",
            MoneyField::DiscountRate => "discount_rate",
            MoneyField::TaxRate => "tax_rate",
            MoneyField::EconomicLife => "economic_life",
            MoneyField::ReplacementCost => "replacement_cost",
        }
    }

    pub fn parse_code(raw: &str) -> Option<MoneyField> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw.trim())
    }

    pub fn label(self) -> Text {
        match self {
            MoneyField::RevenueBase => Text::new("年销售收入基数", "Annual sales base"),
            MoneyField::GrowthRate => Text::new("收入年增长率", "Yearly sales growth"),
            MoneyField::RoyaltyRate => Text::new("许可费率（提成率）", "Royalty rate"),
            MoneyField::DiscountRate => Text::new("折现率", "Discount rate"),
            MoneyField::TaxRate => Text::new("所得税率", "Income tax rate"),
            MoneyField::EconomicLife => Text::new("剩余经济寿命", "Remaining economic life"),
            MoneyField::ReplacementCost => Text::new("重置成本", "Replacement cost"),
        }
    }

    /// A stored value as people read it.
    pub fn format(self, value: i64) -> Text {
        match self {
            MoneyField::RevenueBase | MoneyField::ReplacementCost => {
                Text::same(Fen::new(value).to_string())
            }
            MoneyField::EconomicLife => text!("{value} 年", "{value} years"),
            _ => {
                let pct = percent(value);
                Text::same(format!("{pct}%"))
            }
        }
    }

    /// Parses what a person typed for this field, checking its range.
    pub fn parse_value(self, raw: &str) -> Result<i64, FieldError> {
        let field = self.as_str();
        let label = self.label();
        let bad = |zh: String, en: String| {
            FieldError::text(
                field,
                Text::owned(
                    format!("{}{zh}", label.zh()),
                    format!("{} {en}", label.en()),
                ),
            )
        };
        let raw = raw.trim();
        match self {
            MoneyField::RevenueBase | MoneyField::ReplacementCost => {
                let fen = Fen::parse_yuan(raw).map_err(|_| {
                    bad(
                        format!("“{raw}”不是金额，请填写元，如 1200000"),
                        format!("“{raw}” is not an amount: give yuan, e.g. 1200000"),
                    )
                })?;
                if fen.value() < 0 {
                    return Err(bad("不能为负数".into(), "cannot be negative".into()));
                }
                if fen.value() > 100_000_000_000_000 {
                    return Err(bad(
                        "不能超过一万亿元".into(),
                        "cannot exceed one trillion yuan".into(),
                    ));
                }
                Ok(fen.value())
            }
            MoneyField::EconomicLife => {
                let years: i64 = raw.trim_end_matches('年').trim().parse().map_err(|_| {
                    bad(
                        format!("“{raw}”不是整数年数"),
                        format!("“{raw}” is not a whole number of years"),
                    )
                })?;
                if !(1..=30).contains(&years) {
                    return Err(bad(
                        "须在 1 至 30 年之间".into(),
                        "must be 1 to 30 years".into(),
                    ));
                }
                Ok(years)
            }
            _ => {
                let bp = parse_percent_bp(raw).map_err(|(zh, en)| bad(zh, en))?;
                let (lo, hi) = match self {
                    MoneyField::GrowthRate => (-5000, 5000),
                    MoneyField::RoyaltyRate => (0, 5000),
                    MoneyField::DiscountRate => (100, 5000),
                    _ => (0, 5000),
                };
                if bp < 0 && lo == 0 {
                    return Err(bad("不能为负数".into(), "cannot be negative".into()));
                }
                if bp < lo || bp > hi {
                    let (lo, hi) = (percent(lo), percent(hi));
                    return Err(bad(
                        format!("须在 {lo}% 至 {hi}% 之间"),
                        format!("must be between {lo}% and {hi}%"),
                    ));
                }
                Ok(bp)
            }
        }
    }
}

/// Basis points as a percentage without trailing zeros: 350 → `3.5`.
fn percent(bp: i64) -> String {
    let s = format!("{:.2}", bp as f64 / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `3`, `3.5`, `3.25%`, `-2` → basis points.
fn parse_percent_bp(raw: &str) -> Result<i64, (String, String)> {
    let s = raw.trim().trim_end_matches(['%', '％']).trim();
    let not = || {
        (
            format!("“{raw}”不是百分数，如 3.5"),
            format!("“{raw}” is not a percentage, e.g. 3.5"),
        )
    };
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 6
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(not());
    }
    if frac.len() > 2 {
        return Err((
            "最多两位小数".to_string(),
            "takes at most two decimals".to_string(),
        ));
    }
    let w: i64 = whole.parse().map_err(|_| not())?;
    let f: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let bp = w * 100 + f;
    Ok(if neg { -bp } else { bp })
}

/// The money form as typed; an empty field is not entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneyForm {
    pub values: BTreeMap<MoneyField, String>,
}

impl MoneyForm {
    pub fn set(mut self, field: MoneyField, raw: impl Into<String>) -> MoneyForm {
        self.values.insert(field, raw.into());
        self
    }
}

/// The money inputs a requester entered, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneyInputs {
    values: BTreeMap<MoneyField, i64>,
}

impl MoneyInputs {
    /// Parses every entered field, reporting every error.
    pub fn parse(form: &MoneyForm) -> Result<MoneyInputs, Vec<FieldError>> {
        let mut values = BTreeMap::new();
        let mut errors = Vec::new();
        for (&field, raw) in &form.values {
            if raw.trim().is_empty() {
                continue;
            }
            match field.parse_value(raw) {
                Ok(v) => {
                    values.insert(field, v);
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(MoneyInputs { values })
        } else {
            Err(errors)
        }
    }

    /// Inputs already checked (read back from storage).
    pub fn from_values(values: impl IntoIterator<Item = (MoneyField, i64)>) -> MoneyInputs {
        MoneyInputs {
            values: values.into_iter().collect(),
        }
    }

    pub fn get(&self, field: MoneyField) -> Option<i64> {
        self.values.get(&field).copied()
    }

    pub fn entries(&self) -> impl Iterator<Item = (MoneyField, i64)> + '_ {
        self.values.iter().map(|(&f, &v)| (f, v))
    }
}

/// Where an input's value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum InputSource {
    /// Typed by the person who asked for the valuation.
    Entered,
    /// Derived from the facts, and how.
    Computed(Text),
    /// A stated convention, and which.
    Convention(Text),
    /// Nobody gave it and nothing derives it: what to enter.
    Missing(Text),
}

impl InputSource {
    pub fn label(&self) -> Text {
        match self {
            InputSource::Entered => Text::new("申请人填写", "entered by the requester"),
            InputSource::Computed(how) => how.clone(),
            InputSource::Convention(which) => which.clone(),
            InputSource::Missing(what) => what.clone(),
        }
    }
}

/// One money input with its source and, when an expert changed it, the
/// expert's value and reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub field: MoneyField,
    pub value: Option<i64>,
    pub source: InputSource,
    pub expert: Option<InputOverride>,
}

impl Input {
    /// The value that counts: the expert's when there is one.
    pub fn effective(&self) -> Option<i64> {
        self.expert.as_ref().map(|o| o.value).or(self.value)
    }
}

/// What a comparable price is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComparableKind {
    /// A deal concluded on the platform.
    Deal,
    /// A published listing's asking price.
    Listing,
}

/// A priced deal or listing of the same field.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparable {
    pub kind: ComparableKind,
    pub id: i64,
    pub title: String,
    pub price: Fen,
    /// The licence type or mode, as people read it.
    pub mode: Text,
    /// Same IPC main group (otherwise the same subclass or industry).
    pub same_group: bool,
    pub remaining_years: Option<f64>,
}

/// An approach to the money value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Income,
    Market,
    Cost,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Income, Method::Market, Method::Cost];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Income => "income",
            Method::Market => "market",
            Method::Cost => "cost",
        }
    }
    pub fn parse(raw: &str) -> Option<Method> {
        Self::ALL.into_iter().find(|m| m.as_str() == raw)
    }
    pub fn label(self) -> Text {
        match self {
            Method::Income => Text::new("收益法（许可费节省法）", "Income (relief from royalty)"),
            Method::Market => Text::new("市场法（平台可比价格）", "Market (comparable prices)"),
            Method::Cost => Text::new("成本法（重置成本）", "Cost (replacement cost)"),
        }
    }
}

/// A low, middle and high value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub low: Fen,
    pub mid: Fen,
    pub high: Fen,
}

/// One approach's result, or why it could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodResult {
    pub method: Method,
    pub outcome: Result<Range, Text>,
    /// How the figure was reached, step by step.
    pub working: Text,
}

/// The income value with the royalty rate ±1 point (rows) and the
/// discount rate ±2 points (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sensitivity {
    pub royalty_bp: [i64; 3],
    pub discount_bp: [i64; 3],
    pub values: [[Fen; 3]; 3],
}

/// The realisable value of a pledge and the factor applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Realisable {
    pub value: Fen,
    /// Share of the middle value, 0–1.
    pub factor: f64,
}

/// The whole money estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyEstimate {
    pub inputs: Vec<Input>,
    pub methods: Vec<MethodResult>,
    /// The approach the range is taken from: income, else market, else cost.
    pub primary: Option<Method>,
    pub range: Option<Range>,
    pub sensitivity: Option<Sensitivity>,
    pub realisable: Option<Realisable>,
    pub comparables: Vec<Comparable>,
}

const TAX_CONVENTION: Text = Text::new(
    "惯例：企业所得税税率 25%（《企业所得税法》第四条）",
    "convention: 25% enterprise income tax (Enterprise Income Tax Law art. 4)",
);
const DISCOUNT_CONVENTION: Text = Text::new(
    "惯例：10%（一年期贷款市场报价利率约 3% 加单项专利风险溢价 7 个百分点）",
    "convention: 10% (one-year loan prime rate about 3% plus a 7-point single-patent risk premium)",
);
const ROYALTY_CONVENTION: Text = Text::new(
    "惯例：3%（技术许可提成率常见区间 1%–5% 的中值）",
    "convention: 3% (middle of the usual 1%–5% royalty band)",
);
const GROWTH_CONVENTION: Text = Text::new("惯例：不假设增长", "convention: no growth assumed");

/// Present value of relief from royalty, in fen.
fn relief_from_royalty(
    revenue: f64,
    growth_bp: i64,
    royalty_bp: i64,
    discount_bp: i64,
    tax_bp: i64,
    years: i64,
) -> f64 {
    let g = growth_bp as f64 / 10_000.0;
    let r = royalty_bp as f64 / 10_000.0;
    let d = discount_bp as f64 / 10_000.0;
    let t = tax_bp as f64 / 10_000.0;
    (1..=years)
        .map(|y| {
            let sales = revenue * (1.0 + g).powi(y as i32 - 1);
            sales * r * (1.0 - t) / (1.0 + d).powi(y as i32)
        })
        .sum()
}

fn quantile(sorted: &[i64], q: f64) -> f64 {
    if sorted.len() == 1 {
        return sorted[0] as f64;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let frac = pos - lo as f64;
    sorted[lo] as f64 * (1.0 - frac) + sorted[hi] as f64 * frac
}

pub(super) fn estimate(
    facts: &Facts,
    scenario: Scenario,
    score: &Score,
    entered: &MoneyInputs,
    overrides: &Overrides,
) -> MoneyEstimate {
    let remaining = remaining_years(facts);
    let inputs: Vec<Input> = MoneyField::ALL
        .into_iter()
        .map(|field| {
            let (value, source) = match entered.get(field) {
                Some(v) => (Some(v), InputSource::Entered),
                None => match field {
                    MoneyField::RevenueBase => (
                        None,
                        InputSource::Missing(Text::new(
                            "未填写：收益法需要使用该专利产品的年销售收入",
                            "not entered: the income approach needs the yearly sales of products using the patent",
                        )),
                    ),
                    MoneyField::ReplacementCost => (
                        None,
                        InputSource::Missing(Text::new(
                            "未填写：成本法需要重新研发该技术的成本",
                            "not entered: the cost approach needs what it would cost to develop the technology again",
                        )),
                    ),
                    MoneyField::GrowthRate => (Some(0), InputSource::Convention(GROWTH_CONVENTION)),
                    MoneyField::RoyaltyRate => {
                        (Some(300), InputSource::Convention(ROYALTY_CONVENTION))
                    }
                    MoneyField::DiscountRate => {
                        (Some(1000), InputSource::Convention(DISCOUNT_CONVENTION))
                    }
                    MoneyField::TaxRate => (Some(2500), InputSource::Convention(TAX_CONVENTION)),
                    MoneyField::EconomicLife => match remaining {
                        Some(y) => (
                            Some(y.floor() as i64),
                            InputSource::Computed(Text::new(
                                "取剩余保护期的整年数",
                                "whole years of the remaining term",
                            )),
                        ),
                        None => (
                            None,
                            InputSource::Missing(Text::new(
                                "未知：无申请日，请填写剩余经济寿命",
                                "unknown: no filing date; enter the remaining economic life",
                            )),
                        ),
                    },
                },
            };
            Input {
                field,
                value,
                source,
                expert: overrides.for_input(field).cloned(),
            }
        })
        .collect();
    let get = |f: MoneyField| {
        inputs
            .iter()
            .find(|i| i.field == f)
            .and_then(Input::effective)
    };

    let mut methods = Vec::new();
    let mut sensitivity = None;

    // Income approach.
    let income = match (get(MoneyField::RevenueBase), get(MoneyField::EconomicLife)) {
        (Some(revenue), Some(life)) => {
            let g = get(MoneyField::GrowthRate).unwrap_or(0);
            let r = get(MoneyField::RoyaltyRate).unwrap_or(0);
            let d = get(MoneyField::DiscountRate).unwrap_or(1000);
            let t = get(MoneyField::TaxRate).unwrap_or(0);
            let life = if let Some(rem) = remaining {
                life.min(rem.floor() as i64)
            } else {
                life
            };
            let pv = |r: i64, d: i64| {
                round_to_yuan(relief_from_royalty(
                    revenue as f64,
                    g,
                    r.max(0),
                    d.max(50),
                    t,
                    life,
                ))
            };
            let royalty_bp = [(r - 100).max(0), r, r + 100];
            let discount_bp = [(d - 200).max(50), d, d + 200];
            let mut values = [[Fen::new(0); 3]; 3];
            for (i, &rr) in royalty_bp.iter().enumerate() {
                for (j, &dd) in discount_bp.iter().enumerate() {
                    values[i][j] = pv(rr, dd);
                }
            }
            let range = Range {
                low: values[0][2],
                mid: values[1][1],
                high: values[2][0],
            };
            sensitivity = Some(Sensitivity {
                royalty_bp,
                discount_bp,
                values,
            });
            let (rev, rp, dp, tp, gp) = (
                Fen::new(revenue).to_string(),
                percent(r),
                percent(d),
                percent(t),
                percent(g),
            );
            let mid = range.mid.to_string();
            MethodResult {
                method: Method::Income,
                outcome: Ok(range),
                working: text!(
                    "∑(第 t 年销售收入 × 许可费率 × (1 − 所得税率) ÷ (1 + 折现率)^t)，t = 1…{life}；销售收入基数 {rev}，年增长 {gp}%，许可费率 {rp}%，所得税率 {tp}%，折现率 {dp}% → {mid}",
                    "∑(sales in year t × royalty × (1 − tax) ÷ (1 + discount)^t), t = 1…{life}; sales base {rev}, growth {gp}%, royalty {rp}%, tax {tp}%, discount {dp}% → {mid}"
                ),
            }
        }
        (None, _) => MethodResult {
            method: Method::Income,
            outcome: Err(Text::new(
                "未计算：缺少年销售收入基数",
                "not computed: no yearly sales base",
            )),
            working: Text::new("", ""),
        },
        (Some(_), None) => MethodResult {
            method: Method::Income,
            outcome: Err(Text::new(
                "未计算：缺少剩余经济寿命",
                "not computed: no remaining economic life",
            )),
            working: Text::new("", ""),
        },
    };
    methods.push(income);

    // Market approach.
    let market = if facts.comparables.is_empty() {
        MethodResult {
            method: Method::Market,
            outcome: Err(Text::new(
                "未计算：平台上没有同领域的已定价交易或挂牌",
                "not computed: no priced deal or listing of the same field on the platform",
            )),
            working: Text::new("", ""),
        }
    } else {
        let mut prices: Vec<i64> = facts.comparables.iter().map(|c| c.price.value()).collect();
        prices.sort_unstable();
        let mut their_years: Vec<f64> = facts
            .comparables
            .iter()
            .filter_map(|c| c.remaining_years)
            .collect();
        their_years.sort_by(f64::total_cmp);
        let adj = match (remaining, their_years.get(their_years.len() / 2)) {
            (Some(mine), Some(&theirs)) if theirs > 0.0 => (mine / theirs).clamp(0.5, 1.5),
            _ => 1.0,
        };
        let (lo_q, hi_q) = (quantile(&prices, 0.25), quantile(&prices, 0.75));
        let median = quantile(&prices, 0.5);
        let (lo, hi) = if prices.len() == 1 {
            (median * 0.8, median * 1.2)
        } else {
            (lo_q, hi_q)
        };
        let range = Range {
            low: round_to_yuan(lo * adj),
            mid: round_to_yuan(median * adj),
            high: round_to_yuan(hi * adj),
        };
        let n = prices.len();
        let (med, mid) = (round_to_yuan(median).to_string(), range.mid.to_string());
        MethodResult {
            method: Method::Market,
            outcome: Ok(range),
            working: text!(
                "{n} 个可比价格的中位数 {med} × 剩余保护期调整系数 {adj:.2}（本专利剩余年数 ÷ 可比对象剩余年数中位数，限 0.5–1.5）→ {mid}；区间取四分位数",
                "median of {n} comparable prices {med} × remaining-term factor {adj:.2} (this patent's years left ÷ the comparables' median, within 0.5–1.5) → {mid}; range from the quartiles"
            ),
        }
    };
    methods.push(market);

    // Cost approach.
    let cost = match get(MoneyField::ReplacementCost) {
        None => MethodResult {
            method: Method::Cost,
            outcome: Err(Text::new(
                "未计算：缺少重置成本",
                "not computed: no replacement cost",
            )),
            working: Text::new("", ""),
        },
        Some(cost) => {
            let share = match (remaining, facts.application_date) {
                (Some(rem), Some(filed)) => {
                    let total = (super::term_end(facts.patent_type, filed) - filed).num_days()
                        as f64
                        / 365.25;
                    (rem / total).clamp(0.0, 1.0)
                }
                _ => 1.0,
            };
            let mid = cost as f64 * share;
            let range = Range {
                low: round_to_yuan(mid * 0.8),
                mid: round_to_yuan(mid),
                high: round_to_yuan(mid * 1.2),
            };
            let (c, m) = (Fen::new(cost).to_string(), range.mid.to_string());
            let pct = share * 100.0;
            MethodResult {
                method: Method::Cost,
                outcome: Ok(range),
                working: text!(
                    "重置成本 {c} × 剩余保护期占总保护期比例 {pct:.1}% → {m}；区间 ±20%",
                    "replacement cost {c} × share of the term left {pct:.1}% → {m}; range ±20%"
                ),
            }
        }
    };
    methods.push(cost);

    let primary = [Method::Income, Method::Market, Method::Cost]
        .into_iter()
        .find(|m| methods.iter().any(|r| r.method == *m && r.outcome.is_ok()));
    let range = primary.and_then(|m| {
        methods
            .iter()
            .find(|r| r.method == m)
            .and_then(|r| r.outcome.clone().ok())
    });
    let realisable = match (scenario, range) {
        (Scenario::Pledge, Some(range)) => {
            let legal = score
                .dimensions
                .iter()
                .find(|(d, _)| *d == Dimension::Legal)
                .and_then(|(_, s)| *s)
                .unwrap_or(0.0);
            let liquidity = if facts.comparables.len() >= 3 {
                1.0
            } else {
                0.7
            };
            let factor = 0.25 + 0.35 * (legal / 100.0) * liquidity;
            Some(Realisable {
                value: round_to_yuan(range.mid.value() as f64 * factor),
                factor,
            })
        }
        _ => None,
    };
    MoneyEstimate {
        inputs,
        methods,
        primary,
        range,
        sensitivity,
        realisable,
        comparables: facts.comparables.clone(),
    }
}

/// How the realisable value is reached, for the page.
pub fn realisable_rule() -> Text {
    Text::new(
        "变现价值 = 中值 × (25% + 35% × 法律维度得分 ÷ 100 × 流动性)；同领域可比价格不少于 3 个时流动性取 1，否则 0.7",
        "realisable value = middle × (25% + 35% × legal score ÷ 100 × liquidity); liquidity is 1 with at least 3 comparable prices of the field, 0.7 otherwise",
    )
}
