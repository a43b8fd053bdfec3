use chrono::NaiveDate;

use super::*;
use crate::listing::{Royalty, RoyaltyBasis};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn form() -> DemandForm {
    DemandForm {
        title: "电动叉车电池热失控预警".into(),
        problem: "锂电池在高温仓库中容易热失控，需要提前预警".into(),
        product: "电动叉车电池包".into(),
        industry: "new_energy_vehicles".into(),
        ipc: "H01M10/44, H01M 10/48".into(),
        budget_min_yuan: "100000".into(),
        budget_max_yuan: "500000".into(),
        modes: vec!["ordinary_licence".into(), "转让".into()],
        deadline: "2027-06-30".into(),
        district: "120116".into(),
    }
}

fn spec() -> DemandSpec {
    DemandSpec::parse(&form(), today()).unwrap()
}

#[test]
fn a_complete_form_parses_into_a_demand() {
    let d = spec();
    assert_eq!(d.industry, Industry::NewEnergyVehicles);
    assert_eq!(d.ipc.len(), 2);
    assert_eq!(d.budget.max, Some(Fen::from_yuan(500_000)));
    assert_eq!(
        d.modes,
        [ListingMode::OrdinaryLicence, ListingMode::Transfer]
    );
    assert_eq!(d.district, Some(RegionCode::parse("120116").unwrap()));
    assert!(d.match_text().contains("热失控"));
}

#[test]
fn only_the_title_and_the_problem_are_required() {
    let d = DemandSpec::parse(
        &DemandForm {
            title: "Need".into(),
            problem: "Reduce battery fires".into(),
            ..DemandForm::default()
        },
        today(),
    )
    .unwrap();
    assert!(d.modes.is_empty() && d.wants(ListingMode::Equity));
    assert_eq!(d.budget, Budget::default());
}

#[test]
fn every_bad_field_is_reported_at_once_in_both_languages() {
    let errors = DemandSpec::parse(
        &DemandForm {
            title: " ".into(),
            problem: String::new(),
            industry: "steam engines".into(),
            ipc: "not-a-code".into(),
            budget_min_yuan: "9".into(),
            budget_max_yuan: "1".into(),
            modes: vec!["barter".into()],
            deadline: "2020-01-01".into(),
            district: "999999".into(),
            ..DemandForm::default()
        },
        today(),
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    for f in [
        "title",
        "problem",
        "industry",
        "ipc",
        "budget_max_yuan",
        "modes",
        "deadline",
        "district",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert!(
        errors
            .iter()
            .all(|e| !e.message.zh().is_empty() && !e.message.en().is_empty())
    );
}

#[test]
fn a_negative_budget_and_a_malformed_date_are_refused() {
    let errors = DemandSpec::parse(
        &DemandForm {
            budget_min_yuan: "-5".into(),
            deadline: "next week".into(),
            ..form()
        },
        today(),
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["budget_min_yuan", "deadline"]);
}

#[test]
fn every_allowed_demand_transition_goes_where_expected() {
    use DemandEvent as E;
    use DemandState as S;
    let allowed = [
        (S::Draft, E::Publish, S::Published),
        (S::Published, E::Match, S::Matched),
        (S::Matched, E::Reopen, S::Published),
        (S::Draft, E::Close, S::Closed),
        (S::Published, E::Close, S::Closed),
        (S::Matched, E::Close, S::Closed),
    ];
    for (from, event, to) in allowed {
        assert_eq!(transition(from, event), Ok(to), "{from:?} {event:?}");
    }
    for from in DemandState::ALL {
        for event in DemandEvent::ALL {
            if allowed.iter().any(|(f, e, _)| f == from && e == event) {
                continue;
            }
            assert!(
                transition(*from, *event).is_err(),
                "{from:?} {event:?} should be refused"
            );
            let refusal = transition_refusal(*from, *event);
            let (zh, en) = (refusal.zh(), refusal.en());
            assert!(zh.contains(from.label().zh()) && en.contains("cannot"));
        }
    }
}

#[test]
fn a_price_within_budget_and_a_wanted_mode_keep_the_score() {
    let f = fit(
        &spec(),
        ListingMode::OrdinaryLicence,
        &Price::Fixed(Fen::from_yuan(300_000)),
        None,
    );
    assert_eq!(f.factor, 1.0);
    assert_eq!(
        f.notes,
        [
            FitNote::ModeWanted(ListingMode::OrdinaryLicence),
            FitNote::WithinBudget(Fen::from_yuan(300_000))
        ]
    );
    assert!(f.notes.iter().all(FitNote::is_favourable));
}

#[test]
fn a_price_above_budget_and_an_unwanted_mode_push_a_listing_down() {
    let d = spec();
    let slightly = fit(
        &d,
        ListingMode::OrdinaryLicence,
        &Price::Fixed(Fen::from_yuan(600_000)),
        None,
    );
    let far = fit(
        &d,
        ListingMode::OrdinaryLicence,
        &Price::Fixed(Fen::from_yuan(5_000_000)),
        None,
    );
    assert!(far.factor < slightly.factor && slightly.factor < 1.0);
    assert!(!slightly.notes[1].is_favourable());
    assert!(slightly.notes[1].describe(true).contains("超出预算"));
    let equity = fit(
        &d,
        ListingMode::Equity,
        &Price::Negotiable { reference: None },
        None,
    );
    assert!(equity.factor < 1.0);
    assert_eq!(
        equity.notes,
        [
            FitNote::ModeNotWanted(ListingMode::Equity),
            FitNote::Negotiable
        ]
    );
}

#[test]
fn zero_price_pay_later_and_the_same_district_lift_a_listing() {
    let d = spec();
    let binhai = RegionCode::parse("120116").ok();
    let zero = fit(&d, ListingMode::Transfer, &Price::ZeroPriceFirst, binhai);
    assert!(zero.factor > 1.2);
    assert!(
        zero.notes
            .iter()
            .any(|n| n.describe(true).contains("滨海新区"))
    );
    let later = fit(
        &d,
        ListingMode::OrdinaryLicence,
        &Price::UseFirstPayLater {
            free_months: 12,
            royalty: Royalty {
                basis: RoyaltyBasis::NetSales,
                basis_points: 300,
            },
        },
        RegionCode::parse("120104").ok(),
    );
    assert!(later.factor > 1.0 && later.factor < zero.factor);
}

#[test]
fn a_raters_own_reason_moves_the_recommendation_and_others_move_it_a_little() {
    assert!(FeedbackReason::Relevant.own_factor() > 1.0);
    assert!(FeedbackReason::WrongField.own_factor() < FeedbackReason::TooExpensive.own_factor());
    assert!(FeedbackReason::TooExpensive.is_negative());
    assert!(!FeedbackReason::Relevant.is_negative());
    assert_eq!(FeedbackTally::default().factor(), 1.0);
    let disliked = FeedbackTally {
        relevant: 0,
        negative: 20,
    };
    let liked = FeedbackTally {
        relevant: 20,
        negative: 0,
    };
    let one = FeedbackTally {
        relevant: 0,
        negative: 1,
    };
    assert!(disliked.factor() < one.factor() && one.factor() < 1.0);
    assert!(liked.factor() > 1.0 && liked.factor() <= 1.2);
}

#[test]
fn feedback_reasons_parse_from_code_and_both_labels() {
    for r in FeedbackReason::ALL {
        assert_eq!(FeedbackReason::parse(r.as_str()), Ok(*r));
        assert_eq!(FeedbackReason::parse(r.label().zh()), Ok(*r));
        assert_eq!(FeedbackReason::parse(r.label().en()), Ok(*r));
    }
    assert_eq!(FeedbackReason::ALL.len(), 8);
}

#[test]
fn classification_codes_point_to_product_types_most_specific_first() {
    let codes: Vec<ClassificationCode> = ["H01M10/44", "H01M4/13", "G01L25/00", "H01M10/48"]
        .iter()
        .map(|c| ClassificationCode::parse(c).unwrap())
        .collect();
    let types = product_types(&codes);
    assert_eq!(
        types,
        [
            ("动力电池与储能电池", "traction and storage batteries"),
            ("电池与燃料电池", "batteries and fuel cells"),
            ("测量仪器与传感器", "measuring instruments and sensors"),
        ]
    );
}
