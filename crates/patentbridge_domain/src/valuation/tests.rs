use chrono::NaiveDate;

use super::*;
use crate::RegisterEventKind;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn facts() -> Facts {
    Facts {
        today: d(2026, 12, 3),
        patent_type: PatentType::Invention,
        application_date: Some(d(2018, 3, 1)),
        legal_status: LegalStatus::InForce,
        events: vec![],
        claims: Some(
            "1. 一种电池管理方法，其特征在于包括步骤A。 2. 根据权利要求1所述的方法，其中A为B。 3. 一种电池管理装置，包括模块C。"
                .into(),
        ),
        family_size: Some(3),
        cited_by: Some(4),
        ipc: vec![
            ClassificationCode::parse("H01M 10/48").unwrap(),
            ClassificationCode::parse("G01R 31/36").unwrap(),
        ],
        field: Some(FieldFacts {
            subclass: "H01M".into(),
            filings: 120,
            median_year: 2019,
        }),
        sei: SeiFact::Inside {
            branches: vec!["新能源汽车相关设施制造".into()],
            keyword_qualified: false,
        },
        platform: PlatformFacts {
            deals_concluded: 1,
            open_licences: 0,
            inquiries: 2,
            favourites: 1,
            matched_needs: 1,
        },
        readiness: crate::listing::Trl::new(6),
        comparables: vec![
            comparable(1, 300_000, Some(10.0)),
            comparable(2, 500_000, Some(12.0)),
            comparable(3, 800_000, Some(8.0)),
        ],
    }
}

fn comparable(id: i64, yuan: i64, years: Option<f64>) -> Comparable {
    Comparable {
        kind: ComparableKind::Listing,
        id,
        title: format!("可比 {id}"),
        price: Fen::from_yuan(yuan),
        mode: Text::new("转让", "transfer"),
        same_group: true,
        remaining_years: years,
    }
}

#[test]
fn every_indicator_has_a_value_and_a_source_when_the_facts_are_there() {
    let measured = measure(&facts());
    assert_eq!(measured.len(), Indicator::ALL.len());
    for m in &measured {
        assert!(
            m.reading.score().is_some(),
            "{} has no value: {:?}",
            m.indicator.code(),
            m.reading
        );
        assert!(!m.source.zh().is_empty() && !m.source.en().is_empty());
        assert!(!m.indicator.definition().zh().is_empty());
        assert!(!m.indicator.scale().en().is_empty());
    }
}

#[test]
fn a_missing_fact_is_unknown_with_its_reason_and_carries_no_weight() {
    let mut f = facts();
    f.claims = None;
    f.cited_by = None;
    f.sei = SeiFact::NotLoaded;
    let measured = measure(&f);
    let claims = measured
        .iter()
        .find(|m| m.indicator == Indicator::Claims)
        .unwrap();
    assert_eq!(claims.reading.score(), None);
    assert!(claims.reading.display().zh().contains("权利要求"));
    let sei = measured
        .iter()
        .find(|m| m.indicator == Indicator::StrategicIndustry)
        .unwrap();
    assert!(sei.reading.display().en().contains("load-sei"));

    let table = WeightTable::standard();
    let full = value(
        &facts(),
        Scenario::Pledge,
        &table,
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    let partial = value(
        &f,
        Scenario::Pledge,
        &table,
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    assert!((full.score.coverage - 1.0).abs() < 1e-9);
    assert!(partial.score.coverage < 1.0);
}

#[test]
fn claims_are_counted_with_the_independent_ones() {
    assert_eq!(
        indicators_count("1. 一种方法。 2. 根据权利要求1所述的方法。 3. 一种装置。"),
        (3, 2)
    );
    assert_eq!(
        indicators_count(
            "1. A method. 2. The method according to claim 1. 3. A device as claimed in claim 1."
        ),
        (3, 1)
    );
    assert_eq!(indicators_count("一种方法，包括步骤。"), (1, 1));
}

fn indicators_count(s: &str) -> (usize, usize) {
    super::indicators::count_claims(s)
}

#[test]
fn the_term_follows_article_42() {
    assert_eq!(
        term_end(PatentType::Invention, d(2010, 5, 6)),
        d(2030, 5, 6)
    );
    assert_eq!(
        term_end(PatentType::UtilityModel, d(2020, 2, 29)),
        d(2030, 2, 28)
    );
    assert_eq!(term_end(PatentType::Design, d(2021, 6, 1)), d(2036, 6, 1));
    assert_eq!(term_end(PatentType::Design, d(2021, 5, 31)), d(2031, 5, 31));
}

#[test]
fn a_pledged_patent_under_preservation_scores_lower_on_the_legal_dimension() {
    let mut f = facts();
    let clean = value(
        &f,
        Scenario::Pledge,
        &WeightTable::standard(),
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    f.events = vec![
        RegisterEvent {
            date: d(2024, 1, 1),
            kind: RegisterEventKind::Pledge,
            detail: "某银行".into(),
        },
        RegisterEvent {
            date: d(2025, 1, 1),
            kind: RegisterEventKind::Preservation,
            detail: "某法院".into(),
        },
    ];
    let burdened = value(
        &f,
        Scenario::Pledge,
        &WeightTable::standard(),
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    let legal = |v: &Valuation| v.score.dimensions[0].1.unwrap();
    assert!(legal(&burdened) < legal(&clean) - 10.0);
    assert!(burdened.score.total < clean.score.total);
}

#[test]
fn the_same_inputs_give_the_same_valuation() {
    let inputs = MoneyInputs::parse(
        &MoneyForm::default()
            .set(MoneyField::RevenueBase, "2000000")
            .set(MoneyField::RoyaltyRate, "4"),
    )
    .unwrap();
    let a = value(
        &facts(),
        Scenario::TransferLicence,
        &WeightTable::standard(),
        &inputs,
        &Overrides::none(),
    );
    let b = value(
        &facts(),
        Scenario::TransferLicence,
        &WeightTable::standard(),
        &inputs,
        &Overrides::none(),
    );
    assert_eq!(a, b);
}

#[test]
fn relief_from_royalty_is_discounted_and_taxed() {
    // 1,000,000 yuan sales, 5 % royalty, 25 % tax, 10 % discount, 2 years:
    // 37,500/1.1 + 37,500/1.21 = 34,090.91 + 30,991.74 = 65,082.64 → 65,083 yuan.
    let mut f = facts();
    f.application_date = Some(d(2008, 12, 10)); // two years left
    let inputs = MoneyInputs::parse(
        &MoneyForm::default()
            .set(MoneyField::RevenueBase, "1000000")
            .set(MoneyField::RoyaltyRate, "5")
            .set(MoneyField::EconomicLife, "2"),
    )
    .unwrap();
    let v = value(
        &f,
        Scenario::TransferLicence,
        &WeightTable::standard(),
        &inputs,
        &Overrides::none(),
    );
    assert_eq!(v.money.primary, Some(Method::Income));
    let range = v.money.range.unwrap();
    assert_eq!(range.mid, Fen::from_yuan(65_083));
    assert!(range.low < range.mid && range.mid < range.high);
    let s = v.money.sensitivity.unwrap();
    assert_eq!(s.royalty_bp, [400, 500, 600]);
    assert_eq!(s.discount_bp, [800, 1000, 1200]);
    assert_eq!(s.values[1][1], range.mid);
    // Higher royalty is worth more; a higher discount rate less.
    assert!(s.values[2][1] > s.values[1][1] && s.values[1][2] < s.values[1][1]);
}

#[test]
fn without_sales_the_market_approach_gives_the_range_and_a_pledge_its_realisable_value() {
    let v = value(
        &facts(),
        Scenario::Pledge,
        &WeightTable::standard(),
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    assert_eq!(v.money.primary, Some(Method::Market));
    let income = v
        .money
        .methods
        .iter()
        .find(|m| m.method == Method::Income)
        .unwrap();
    assert!(
        income
            .outcome
            .as_ref()
            .unwrap_err()
            .zh()
            .contains("销售收入")
    );
    let range = v.money.range.unwrap();
    assert!(range.low <= range.mid && range.mid <= range.high);
    let r = v.money.realisable.unwrap();
    assert!(r.value < range.mid && r.factor > 0.25 && r.factor <= 0.6);
    assert!(v.money.sensitivity.is_none());
    // Every input names its source.
    for input in &v.money.inputs {
        assert!(!input.source.label().zh().is_empty(), "{:?}", input.field);
    }
}

#[test]
fn no_comparables_and_no_inputs_is_no_money_value_with_the_reasons() {
    let mut f = facts();
    f.comparables.clear();
    let v = value(
        &f,
        Scenario::TransferLicence,
        &WeightTable::standard(),
        &MoneyInputs::default(),
        &Overrides::none(),
    );
    assert_eq!(v.money.range, None);
    assert!(v.money.methods.iter().all(|m| m.outcome.is_err()));
}

#[test]
fn bad_money_inputs_are_refused_naming_the_field_in_both_languages() {
    let err = MoneyInputs::parse(
        &MoneyForm::default()
            .set(MoneyField::RoyaltyRate, "-2")
            .set(MoneyField::DiscountRate, "300%")
            .set(MoneyField::RevenueBase, "abc")
            .set(MoneyField::EconomicLife, "0"),
    )
    .unwrap_err();
    let fields: Vec<&str> = err.iter().map(|e| e.field).collect();
    for f in [
        "royalty_rate",
        "discount_rate",
        "revenue_base",
        "economic_life",
    ] {
        assert!(fields.contains(&f), "{f} not named in {fields:?}");
    }
    let royalty = err.iter().find(|e| e.field == "royalty_rate").unwrap();
    assert!(royalty.message.zh().contains("负数"));
    assert!(royalty.message.en().contains("negative"));
    let discount = err.iter().find(|e| e.field == "discount_rate").unwrap();
    assert!(discount.message.zh().contains("50%"));
    assert!(discount.message.en().contains("between 1% and 50%"));
}

#[test]
fn the_standard_table_sums_to_100_in_every_scenario() {
    let t = WeightTable::standard();
    for s in Scenario::ALL {
        let sum: u32 = Indicator::ALL.into_iter().map(|i| t.weight(s, i)).sum();
        assert_eq!(sum, weights::TOTAL, "{s:?}");
    }
    let again = WeightTable::from_entries(1, t.entries()).unwrap();
    assert_eq!(again, t);
}

#[test]
fn a_weight_table_that_does_not_sum_to_100_is_refused_by_scenario() {
    let t = WeightTable::standard();
    let mut form: Vec<(String, String)> = t
        .entries()
        .map(|(s, i, w)| {
            (
                format!("{}.{}", s.as_str(), i.code()),
                format!("{}.{}", w / 10, w % 10),
            )
        })
        .collect();
    // Take 5 points off one pledge weight.
    let key = format!("pledge.{}", Indicator::LegalStatus.code());
    for (k, v) in form.iter_mut() {
        if *k == key {
            *v = "9".into();
        }
    }
    let err =
        WeightTable::parse(2, form.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].field, "weights.pledge");
    assert!(err[0].message.zh().contains("95%"));
    assert!(err[0].message.en().contains("95%"));

    // A negative weight names the indicator.
    for (k, v) in form.iter_mut() {
        if *k == key {
            *v = "-14".into();
        }
    }
    let err =
        WeightTable::parse(2, form.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap_err();
    assert!(err[0].message.zh().contains("法律状态") && err[0].message.zh().contains("负数"));
    assert!(WeightTable::parse(2, std::iter::empty()).is_err());
}

#[test]
fn an_expert_override_replaces_the_score_and_keeps_the_computed_value() {
    let form = OverrideForm {
        indicators: vec![(
            "legal.family".into(),
            "90".into(),
            "EP、US 同族已授权".into(),
            "经检索，同族在欧洲和美国已授权".into(),
        )],
        inputs: vec![(
            "royalty_rate".into(),
            "4.5".into(),
            "同类电池管理技术许可费率 4%–5%".into(),
        )],
    };
    let overrides = form.parse().unwrap();
    let inputs =
        MoneyInputs::parse(&MoneyForm::default().set(MoneyField::RevenueBase, "1000000")).unwrap();
    let v = value(
        &facts(),
        Scenario::TransferLicence,
        &WeightTable::standard(),
        &inputs,
        &overrides,
    );
    let family = v
        .indicators
        .iter()
        .find(|a| a.measured.indicator == Indicator::Family)
        .unwrap();
    assert_eq!(family.measured.reading.score(), Some(70));
    assert_eq!(family.score(), Some(90));
    assert!(family.expert.as_ref().unwrap().reason.contains("欧洲"));
    let royalty = v
        .money
        .inputs
        .iter()
        .find(|i| i.field == MoneyField::RoyaltyRate)
        .unwrap();
    assert_eq!(royalty.value, Some(300));
    assert_eq!(royalty.effective(), Some(450));
}

#[test]
fn an_override_without_reason_or_out_of_range_is_refused() {
    let form = OverrideForm {
        indicators: vec![
            ("legal.family".into(), "90".into(), "".into(), "".into()),
            ("legal.claims".into(), "140".into(), "".into(), "x".into()),
            ("nonsense".into(), "10".into(), "".into(), "x".into()),
        ],
        inputs: vec![("discount_rate".into(), "300".into(), "why".into())],
    };
    let err = form.parse().unwrap_err();
    assert_eq!(err.len(), 4, "{err:?}");
    assert!(err.iter().any(|e| e.message.zh().contains("理由")));
    assert!(err.iter().any(|e| e.field == "discount_rate"));
}

#[test]
fn grades_follow_the_total() {
    assert_eq!(Grade::of(85.0), Grade::A);
    assert_eq!(Grade::of(65.0), Grade::B);
    assert_eq!(Grade::of(64.9), Grade::C);
    assert_eq!(Grade::of(10.0), Grade::D);
    for g in Grade::ALL {
        assert_eq!(Grade::parse(g.as_str()).unwrap(), g);
    }
    for s in Scenario::ALL {
        assert_eq!(Scenario::parse(s.as_str()).unwrap(), s);
    }
    for i in Indicator::ALL {
        assert_eq!(Indicator::parse(i.code()), Some(i));
    }
}
