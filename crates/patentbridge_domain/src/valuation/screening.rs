//! Market-prospect screening of pooled and listed patents, packages of
//! complementary patents proposed from it (电商模式), and the backtest that
//! compares past valuations with what happened after.

use std::collections::BTreeMap;

use crate::{Fen, Text, text};

use super::Grade;

/// The signals the platform holds about one patent or listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProspectFacts {
    /// Published needs it matches at or above the push threshold.
    pub matched_needs: i64,
    /// The best match score with a published need, 0–1.
    pub best_match: Option<f64>,
    pub inquiries: i64,
    pub favourites: i64,
    /// Match ratings "relevant" and refusals from the SMEs.
    pub positive_ratings: i64,
    pub negative_ratings: i64,
    /// Catalogue filings of the patent's IPC subclass: all, the last three
    /// years, and the three years before.
    pub field_size: i64,
    pub field_recent: i64,
    pub field_before: i64,
    /// The economic dimension of its latest valuation, 0–100.
    pub economic_score: Option<f64>,
}

/// One part of the prospect score, with how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct ProspectPart {
    pub label: Text,
    pub points: f64,
    pub max: f64,
    pub detail: Text,
}

/// The market-prospect score (0–100) and its parts: demand on the
/// platform (50), the field's size and growth (25), the valuation's
/// economic dimension (25).
#[derive(Debug, Clone, PartialEq)]
pub struct ProspectScore {
    pub total: f64,
    pub parts: Vec<ProspectPart>,
}

impl ProspectScore {
    pub fn has_demand(&self) -> bool {
        self.parts.first().is_some_and(|p| p.points > 0.0)
    }
}

/// Scores a patent's market prospects.
pub fn prospect(f: &ProspectFacts) -> ProspectScore {
    let needs = (f.matched_needs as f64 * 10.0).min(25.0);
    let inquiries = (f.inquiries as f64 * 5.0).min(15.0);
    let favourites = (f.favourites as f64 * 3.0).min(10.0);
    let ratings = ((f.positive_ratings - f.negative_ratings) as f64 * 3.0).clamp(-10.0, 10.0);
    let demand = (needs + inquiries + favourites + ratings).clamp(0.0, 50.0);
    let (m, i, fav, pos, neg) = (
        f.matched_needs,
        f.inquiries,
        f.favourites,
        f.positive_ratings,
        f.negative_ratings,
    );
    let size = ((1.0 + f.field_size as f64).ln() * 2.0).min(10.0);
    let growth = if f.field_before > 0 {
        ((f.field_recent as f64 / f.field_before as f64 - 1.0) * 20.0).clamp(-5.0, 15.0)
    } else if f.field_recent > 0 {
        15.0
    } else {
        0.0
    };
    let field = (size + growth).clamp(0.0, 25.0);
    let (n, r, b) = (f.field_size, f.field_recent, f.field_before);
    let (economic, economic_detail) = match f.economic_score {
        Some(s) => (
            (s / 4.0).clamp(0.0, 25.0),
            text!(
                "最近一次评估的经济维度 {s:.1} 分",
                "economic dimension of the latest valuation: {s:.1}"
            ),
        ),
        None => (
            0.0,
            Text::new("尚无评估，计 0 分", "no valuation yet: 0 points"),
        ),
    };
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    let parts = vec![
        ProspectPart {
            label: Text::new("平台需求", "Demand on the platform"),
            points: round1(demand),
            max: 50.0,
            detail: text!(
                "匹配需求 {m} 个，询价 {i} 次，收藏 {fav} 次，企业评价 +{pos}/−{neg}",
                "{m} matched needs, {i} inquiries, {fav} favourites, ratings +{pos}/−{neg}"
            ),
        },
        ProspectPart {
            label: Text::new("领域规模与增长", "Size and growth of the field"),
            points: round1(field),
            max: 25.0,
            detail: text!(
                "目录中同小类 {n} 件；近三年 {r} 件，此前三年 {b} 件",
                "{n} catalogue filings of the subclass; {r} in the last three years, {b} in the three before"
            ),
        },
        ProspectPart {
            label: Text::new("经济价值", "Economic value"),
            points: round1(economic),
            max: 25.0,
            detail: economic_detail,
        },
    ];
    ProspectScore {
        total: round1(demand + field + economic),
        parts,
    }
}

/// A published listing that may go into a package.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub listing_id: i64,
    pub owner_id: i64,
    pub title: String,
    /// The application scenario: the product type its IPC codes point to.
    pub product_type: Option<Text>,
    /// Its patents' IPC main groups, to tell complementary techniques apart.
    pub main_groups: Vec<String>,
    pub prospect: f64,
    /// The middle of its valuation, or else its asking price.
    pub value: Option<Fen>,
}

/// A proposed package.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub theme: Text,
    pub listing_ids: Vec<i64>,
    pub owners: Vec<i64>,
    /// The sum of the items' values.
    pub sum_of_values: Fen,
    /// 90 % of the sum: a bundle is sold below its parts.
    pub bundle_price: Fen,
    pub prospect: f64,
}

impl Proposal {
    /// A package of several owners needs each owner's consent.
    pub fn needs_consent(&self) -> bool {
        self.owners.len() > 1
    }
}

/// The share of the items' sum a bundle is priced at, in percent.
pub const BUNDLE_PERCENT: i64 = 90;
/// The most items in a proposed package.
pub const MAX_ITEMS: usize = 5;

/// Proposes packages: per application scenario, the listings with the best
/// prospects whose techniques differ (no two share an IPC main group), two
/// to [`MAX_ITEMS`] of them, each with a value; best prospects first.
pub fn propose_packages(candidates: &[Candidate]) -> Vec<Proposal> {
    let mut by_theme: BTreeMap<String, (Text, Vec<&Candidate>)> = BTreeMap::new();
    for c in candidates {
        if let (Some(t), Some(_)) = (&c.product_type, c.value) {
            by_theme
                .entry(t.zh().to_string())
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(c);
        }
    }
    let mut out = Vec::new();
    for (_, (theme, mut items)) in by_theme {
        items.sort_by(|a, b| {
            b.prospect
                .total_cmp(&a.prospect)
                .then(a.listing_id.cmp(&b.listing_id))
        });
        let mut picked: Vec<&Candidate> = Vec::new();
        for c in items {
            if picked.len() >= MAX_ITEMS {
                break;
            }
            let overlaps = picked
                .iter()
                .any(|p| p.main_groups.iter().any(|g| c.main_groups.contains(g)));
            if !overlaps {
                picked.push(c);
            }
        }
        if picked.len() < 2 {
            continue;
        }
        let sum: i64 = picked.iter().filter_map(|c| c.value).map(Fen::value).sum();
        let mut owners: Vec<i64> = picked.iter().map(|c| c.owner_id).collect();
        owners.sort_unstable();
        owners.dedup();
        let prospect = picked.iter().map(|c| c.prospect).sum::<f64>() / picked.len() as f64;
        out.push(Proposal {
            theme,
            listing_ids: picked.iter().map(|c| c.listing_id).collect(),
            owners,
            sum_of_values: Fen::new(sum),
            bundle_price: Fen::new(sum / 100 * BUNDLE_PERCENT),
            prospect: (prospect * 10.0).round() / 10.0,
        });
    }
    out.sort_by(|a, b| b.prospect.total_cmp(&a.prospect));
    out
}

/// What happened after one past valuation.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    pub grade: Grade,
    pub mid: Option<Fen>,
    /// A deal for the patent reached signing after the valuation.
    pub concluded: bool,
    /// The price of that deal.
    pub price: Option<Fen>,
    /// The patent lapsed, expired or was invalidated after the valuation.
    pub lapsed: bool,
    /// A payment of a deal for the patent fell overdue.
    pub defaulted: bool,
}

/// The outcomes of one grade's valuations.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeOutcome {
    pub grade: Grade,
    pub valuations: usize,
    pub concluded: usize,
    pub lapsed: usize,
    pub defaulted: usize,
    /// The median of deal price ÷ estimated middle, where both exist.
    pub median_price_to_mid: Option<f64>,
}

impl GradeOutcome {
    pub fn concluded_share(&self) -> Option<f64> {
        (self.valuations > 0).then(|| self.concluded as f64 / self.valuations as f64)
    }
}

/// Outcomes per grade, A to D.
pub fn backtest(rows: &[BacktestRow]) -> Vec<GradeOutcome> {
    Grade::ALL
        .into_iter()
        .map(|grade| {
            let of: Vec<&BacktestRow> = rows.iter().filter(|r| r.grade == grade).collect();
            let mut ratios: Vec<f64> = of
                .iter()
                .filter_map(|r| match (r.price, r.mid) {
                    (Some(p), Some(m)) if m.value() > 0 => {
                        Some(p.value() as f64 / m.value() as f64)
                    }
                    _ => None,
                })
                .collect();
            ratios.sort_by(f64::total_cmp);
            GradeOutcome {
                grade,
                valuations: of.len(),
                concluded: of.iter().filter(|r| r.concluded).count(),
                lapsed: of.iter().filter(|r| r.lapsed).count(),
                defaulted: of.iter().filter(|r| r.defaulted).count(),
                median_price_to_mid: (!ratios.is_empty()).then(|| ratios[ratios.len() / 2]),
            }
        })
        .collect()
}

/// Whether the grades order outcomes as they should: a better grade
/// concluded at least as often and lapsed no more often than a worse one
/// (over the grades with valuations). `None` with fewer than two such grades.
pub fn grades_discriminate(outcomes: &[GradeOutcome]) -> Option<bool> {
    let with: Vec<&GradeOutcome> = outcomes.iter().filter(|o| o.valuations > 0).collect();
    if with.len() < 2 {
        return None;
    }
    let share = |n: usize, o: &GradeOutcome| n as f64 / o.valuations as f64;
    Some(with.windows(2).all(|w| {
        share(w[0].concluded, w[0]) >= share(w[1].concluded, w[1])
            && share(w[0].lapsed, w[0]) <= share(w[1].lapsed, w[1])
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demand_on_the_platform_ranks_a_patent_above_one_without() {
        let field = ProspectFacts {
            field_size: 200,
            field_recent: 60,
            field_before: 50,
            economic_score: Some(60.0),
            ..ProspectFacts::default()
        };
        let wanted = ProspectFacts {
            matched_needs: 2,
            inquiries: 1,
            favourites: 1,
            ..field.clone()
        };
        // The unwanted one even has the better field and valuation.
        let unwanted = ProspectFacts {
            field_size: 400,
            field_recent: 80,
            economic_score: Some(70.0),
            ..field
        };
        let (a, b) = (prospect(&wanted), prospect(&unwanted));
        assert!(a.total > b.total, "{} vs {}", a.total, b.total);
        assert!(a.has_demand() && !b.has_demand());
        assert_eq!(a.parts.len(), 3);
        assert!(a.total <= 100.0);
    }

    fn cand(id: i64, owner: i64, theme: &str, group: &str, prospect: f64) -> Candidate {
        Candidate {
            listing_id: id,
            owner_id: owner,
            title: format!("L{id}"),
            product_type: Some(Text::same(theme)),
            main_groups: vec![group.into()],
            prospect,
            value: Some(Fen::from_yuan(100_000)),
        }
    }

    #[test]
    fn packages_bundle_complementary_listings_of_one_scenario_below_their_sum() {
        let c = vec![
            cand(1, 10, "电池", "H01M10/00", 80.0),
            cand(2, 11, "电池", "H01M4/00", 70.0),
            cand(3, 10, "电池", "H01M10/00", 90.0), // same technique as 1
            cand(4, 12, "显示", "G09G3/00", 50.0),  // alone in its scenario
        ];
        let p = propose_packages(&c);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].listing_ids, vec![3, 2]);
        assert_eq!(p[0].owners, vec![10, 11]);
        assert!(p[0].needs_consent());
        assert_eq!(p[0].sum_of_values, Fen::from_yuan(200_000));
        assert_eq!(p[0].bundle_price, Fen::from_yuan(180_000));
    }

    #[test]
    fn the_backtest_counts_outcomes_per_grade() {
        let row = |grade, concluded, lapsed| BacktestRow {
            grade,
            mid: Some(Fen::from_yuan(100)),
            concluded,
            price: concluded.then(|| Fen::from_yuan(120)),
            lapsed,
            defaulted: false,
        };
        let rows = vec![
            row(Grade::A, true, false),
            row(Grade::A, true, false),
            row(Grade::C, false, true),
            row(Grade::C, true, false),
        ];
        let out = backtest(&rows);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].valuations, 2);
        assert_eq!(out[0].concluded_share(), Some(1.0));
        assert_eq!(out[0].median_price_to_mid, Some(1.2));
        assert_eq!(out[2].lapsed, 1);
        assert_eq!(grades_discriminate(&out), Some(true));
        assert_eq!(grades_discriminate(&out[..1]), None);
    }
}
