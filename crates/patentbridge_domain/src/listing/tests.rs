use super::*;

fn form() -> ListingForm {
    ListingForm {
        title: "高精度压力传感器".into(),
        patents: "CN115525164A".into(),
        mode: "transfer".into(),
        price_model: "fixed".into(),
        price_yuan: "120000".into(),
        problem: "现有传感器温漂大".into(),
        advantages: "温漂降低 60 %".into(),
        trl: "6".into(),
        scenarios: "工业过程控制".into(),
        industry: "high_end_equipment".into(),
        broker_name: "王经理".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    }
}

fn open_form(payment: &str, fee: &str, pct: &str, basis: &str) -> ListingForm {
    ListingForm {
        mode: "open_licence".into(),
        price_model: "fixed".into(),
        open_payment: payment.into(),
        open_fee_yuan: fee.into(),
        open_royalty_percent: pct.into(),
        open_royalty_basis: basis.into(),
        open_term_years: "3".into(),
        ..form()
    }
}

fn fields(errors: &[FieldError]) -> Vec<&'static str> {
    errors.iter().map(|e| e.field).collect()
}

fn facts(number: &str) -> ListedPatentFacts {
    ListedPatentFacts {
        number: PatentNumber::parse(number).unwrap(),
        patent_type: PatentType::Invention,
        legal_status: LegalStatus::InForce,
        held_by_lister: true,
        preserved: false,
        other_live_modes: vec![],
    }
}

#[test]
fn a_complete_form_parses_into_a_listing() {
    let spec = ListingSpec::parse(&form()).unwrap();
    assert_eq!(spec.mode, ListingMode::Transfer);
    assert_eq!(spec.price, Price::Fixed(Fen::from_yuan(120_000)));
    assert_eq!(spec.trl.level(), 6);
    assert_eq!(spec.industry, Industry::HighEndEquipment);
    assert!(check_patents(&spec, &[facts("CN115525164A")]).is_empty());
}

#[test]
fn an_empty_form_names_every_missing_field_in_both_languages() {
    let errors = ListingSpec::parse(&ListingForm::default()).unwrap_err();
    let f = fields(&errors);
    for field in [
        "title",
        "problem",
        "advantages",
        "scenarios",
        "broker_name",
        "broker_phone",
        "patents",
        "mode",
        "price_model",
        "trl",
    ] {
        assert!(f.contains(&field), "{field} missing from {f:?}");
    }
    assert!(
        errors
            .iter()
            .all(|e| !e.message.zh().is_empty() && !e.message.en().is_empty())
    );
}

#[test]
fn bad_patent_numbers_and_duplicates_are_named() {
    let errors = ListingSpec::parse(&ListingForm {
        patents: "CN115525164A, nonsense, CN115525164A".into(),
        ..form()
    })
    .unwrap_err();
    assert_eq!(fields(&errors), vec!["patents", "patents"]);
    assert!(errors[0].message.zh().contains("nonsense"));
    assert!(errors[1].message.en().contains("twice"));
}

#[test]
fn a_readiness_level_outside_one_to_nine_is_refused() {
    for bad in ["0", "10", "x"] {
        let errors = ListingSpec::parse(&ListingForm {
            trl: bad.into(),
            ..form()
        })
        .unwrap_err();
        assert_eq!(fields(&errors), vec!["trl"]);
        assert!(errors[0].message.zh().contains("GB/T 22900"));
    }
}

#[test]
fn open_licence_fees_within_the_caps_are_accepted() {
    let spec = ListingSpec::parse(&open_form("lump_sum", "20000000", "", "")).unwrap();
    assert_eq!(
        spec.open_licence.unwrap().payment,
        OpenLicencePayment::LumpSum(Fen::from_yuan(20_000_000))
    );
    assert!(ListingSpec::parse(&open_form("royalty", "", "20", "net_sales")).is_ok());
    assert!(ListingSpec::parse(&open_form("royalty", "", "40", "profit")).is_ok());
    assert!(
        ListingSpec::parse(&open_form(
            "entry_plus_royalty",
            "50000",
            "3.5",
            "net_sales"
        ))
        .is_ok()
    );
}

#[test]
fn open_licence_fees_above_the_caps_are_refused_with_the_cap_named() {
    let e = ListingSpec::parse(&open_form("lump_sum", "20000000.01", "", "")).unwrap_err();
    assert_eq!(fields(&e), vec!["open_fee_yuan"]);
    assert!(e[0].message.zh().contains("2000 万元"));
    let e = ListingSpec::parse(&open_form("royalty", "", "20.01", "net_sales")).unwrap_err();
    assert_eq!(fields(&e), vec!["open_royalty_percent"]);
    assert!(e[0].message.en().contains("20 % of net sales"));
    let e = ListingSpec::parse(&open_form("royalty", "", "41", "profit")).unwrap_err();
    assert!(e[0].message.en().contains("40 % of profit"));
    let e = ListingSpec::parse(&open_form(
        "entry_plus_royalty",
        "30000000",
        "25",
        "net_sales",
    ))
    .unwrap_err();
    assert_eq!(fields(&e), vec!["open_fee_yuan", "open_royalty_percent"]);
}

#[test]
fn an_open_licence_needs_a_payment_method_and_term_and_a_published_fee() {
    let e = ListingSpec::parse(&ListingForm {
        open_term_years: "".into(),
        ..open_form("", "", "", "")
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["open_payment", "open_term_years"]);
    let e = ListingSpec::parse(&ListingForm {
        price_model: "negotiable".into(),
        ..open_form("lump_sum", "1000", "", "")
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["price_model"]);
}

#[test]
fn a_utility_model_under_an_open_licence_needs_an_evaluation_report() {
    let spec = ListingSpec::parse(&open_form("lump_sum", "1000", "", "")).unwrap();
    let mut utility = facts("CN115525164A");
    utility.patent_type = PatentType::UtilityModel;
    let e = check_patents(&spec, std::slice::from_ref(&utility));
    assert_eq!(fields(&e), vec!["evaluation_report"]);
    assert!(e[0].message.zh().contains("专利权评价报告"));
    let with_report = ListingSpec::parse(&ListingForm {
        evaluation_report: "PJ2024-0012".into(),
        ..open_form("lump_sum", "1000", "", "")
    })
    .unwrap();
    assert!(check_patents(&with_report, &[utility]).is_empty());
}

#[test]
fn no_exclusive_or_sole_listing_while_an_open_licence_runs_and_the_reverse() {
    let mut under_open = facts("CN115525164A");
    under_open.other_live_modes = vec![ListingMode::OpenLicence];
    for mode in ["exclusive_licence", "sole_licence"] {
        let spec = ListingSpec::parse(&ListingForm {
            mode: mode.into(),
            ..form()
        })
        .unwrap();
        let e = check_patents(&spec, std::slice::from_ref(&under_open));
        assert_eq!(fields(&e), vec!["mode"], "{mode}");
        assert!(e[0].message.zh().contains("开放许可期间"));
    }
    let ordinary = ListingSpec::parse(&ListingForm {
        mode: "ordinary_licence".into(),
        ..form()
    })
    .unwrap();
    assert!(check_patents(&ordinary, std::slice::from_ref(&under_open)).is_empty());

    let mut under_exclusive = facts("CN115525164A");
    under_exclusive.other_live_modes = vec![ListingMode::ExclusiveLicence];
    let open = ListingSpec::parse(&open_form("lump_sum", "1000", "", "")).unwrap();
    let e = check_patents(&open, &[under_exclusive]);
    assert_eq!(fields(&e), vec!["mode"]);
    assert!(e[0].message.en().contains("exclusive licence"));
}

#[test]
fn lapsed_preserved_foreign_held_or_unknown_patents_cannot_be_listed() {
    let spec = ListingSpec::parse(&form()).unwrap();
    let mut lapsed = facts("CN115525164A");
    lapsed.legal_status = LegalStatus::Lapsed;
    let e = check_patents(&spec, &[lapsed]);
    assert_eq!(fields(&e), vec!["patents"]);
    assert!(e[0].message.zh().contains("失效"));
    assert!(e[0].message.en().contains("only patents in force"));
    let mut preserved = facts("CN115525164A");
    preserved.preserved = true;
    assert!(
        check_patents(&spec, &[preserved])[0]
            .message
            .zh()
            .contains("财产保全")
    );
    let mut foreign = facts("CN115525164A");
    foreign.held_by_lister = false;
    assert!(
        check_patents(&spec, &[foreign])[0]
            .message
            .zh()
            .contains("不是本单位")
    );
    assert!(
        check_patents(&spec, &[])[0]
            .message
            .en()
            .contains("not in the catalogue")
    );
}

#[test]
fn the_zero_price_first_patent_is_one_patent_transferred() {
    let zero = ListingForm {
        price_model: "zero_price_first".into(),
        price_yuan: "".into(),
        ..form()
    };
    assert_eq!(
        ListingSpec::parse(&zero).unwrap().price,
        Price::ZeroPriceFirst
    );
    let e = ListingSpec::parse(&ListingForm {
        mode: "ordinary_licence".into(),
        ..zero.clone()
    })
    .unwrap_err();
    assert!(e[0].message.en().contains("transfers only"));
    let e = ListingSpec::parse(&ListingForm {
        patents: "CN115525164A CN115525165A".into(),
        ..zero
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["patents"]);
}

#[test]
fn the_zero_price_rule_counts_first_per_sme_and_owner_or_per_sme() {
    let rule = ZeroPriceRule::PerSmeAndOwner;
    assert!(rule.check(7, &[]).is_ok());
    assert!(rule.check(7, &[3]).is_ok());
    let e = rule.check(7, &[3, 7]).unwrap_err();
    assert!(e.message.zh().contains("该权利人"));
    assert!(ZeroPriceRule::PerSme.check(7, &[3]).is_err());
    assert!(ZeroPriceRule::PerSme.check(7, &[]).is_ok());
    assert_eq!(ZeroPriceRule::parse("per_sme"), Ok(ZeroPriceRule::PerSme));
    assert!(ZeroPriceRule::parse("first_come").is_err());
}

#[test]
fn use_first_pay_later_needs_a_free_period_and_a_royalty_and_applies_to_licences() {
    let later = ListingForm {
        mode: "ordinary_licence".into(),
        price_model: "use_first_pay_later".into(),
        free_months: "12".into(),
        royalty_percent: "3".into(),
        royalty_basis: "net_sales".into(),
        ..form()
    };
    assert_eq!(
        ListingSpec::parse(&later).unwrap().price,
        Price::UseFirstPayLater {
            free_months: 12,
            royalty: Royalty {
                basis: RoyaltyBasis::NetSales,
                basis_points: 300
            }
        }
    );
    let e = ListingSpec::parse(&ListingForm {
        free_months: "48".into(),
        royalty_percent: "0".into(),
        ..later.clone()
    })
    .unwrap_err();
    assert_eq!(fields(&e), vec!["free_months", "royalty_percent"]);
    let e = ListingSpec::parse(&ListingForm {
        mode: "transfer".into(),
        ..later
    })
    .unwrap_err();
    assert!(e[0].message.en().contains("licences only"));
}

#[test]
fn every_allowed_listing_transition_goes_where_expected() {
    use ListingEvent as E;
    use ListingState as S;
    let owner = Some(PauseReason::Owner);
    let lapsed = Some(PauseReason::Lapsed);
    let cases = [
        (S::Draft, None, E::Submit, S::UnderReview),
        (S::UnderReview, None, E::Approve, S::Published),
        (S::UnderReview, None, E::Reject, S::Draft),
        (S::Published, None, E::Pause(PauseReason::Owner), S::Paused),
        (S::Published, None, E::Pause(PauseReason::Lapsed), S::Paused),
        (
            S::UnderReview,
            None,
            E::Pause(PauseReason::Invalidated),
            S::Paused,
        ),
        (
            S::Paused,
            owner,
            E::Pause(PauseReason::TransferredAway),
            S::Paused,
        ),
        (S::Paused, owner, E::Resume, S::Published),
        (S::Paused, lapsed, E::Resume, S::UnderReview),
        (S::Draft, None, E::Close, S::Closed),
        (S::UnderReview, None, E::Close, S::Closed),
        (S::Published, None, E::Close, S::Closed),
        (S::Paused, lapsed, E::Close, S::Closed),
    ];
    for (from, reason, event, to) in cases {
        assert_eq!(
            transition(from, reason, event),
            Ok(to),
            "{from:?} {event:?}"
        );
    }
}

#[test]
fn every_other_listing_transition_is_refused_with_a_message() {
    use ListingEvent as E;
    let events = [
        E::Submit,
        E::Approve,
        E::Reject,
        E::Pause(PauseReason::Owner),
        E::Pause(PauseReason::Lapsed),
        E::Resume,
        E::Close,
    ];
    let mut refused = 0;
    for &from in ListingState::ALL {
        for event in events {
            if let Err(e) = transition(from, Some(PauseReason::Owner), event) {
                refused += 1;
                assert!(e.to_string().contains(from.as_str()));
                let refusal = transition_refusal(from, event);
                let (zh, en) = (refusal.zh(), refusal.en());
                assert!(zh.contains(from.label().zh()) && en.contains("cannot"));
                // English past participles, not a verb with "d" stuck on.
                assert!(!en.ends_with("submitd") && !en.ends_with("rejectd"), "{en}");
            }
        }
    }
    // 5 states × 7 events = 35, of which 12 are allowed: draft 2, under
    // review 4, published 3, paused 3, closed none.
    assert_eq!(refused, 35 - 12);
    assert!(transition(ListingState::Closed, None, E::Resume).is_err());
    assert!(transition(ListingState::Draft, None, E::Pause(PauseReason::Owner)).is_err());
    assert!(transition(ListingState::Paused, None, E::Pause(PauseReason::Owner)).is_err());
}

#[test]
fn register_events_that_arrive_decide_the_pause_reason() {
    let ev = |kind, detail: &str| RegisterEvent {
        date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        kind,
        detail: detail.into(),
    };
    use RegisterEventKind as K;
    assert_eq!(
        PauseReason::from_register(&[ev(K::Termination, "未缴年费终止")], LegalStatus::Lapsed),
        Some(PauseReason::FeeUnpaid)
    );
    assert_eq!(
        PauseReason::from_register(&[ev(K::Termination, "放弃")], LegalStatus::Lapsed),
        Some(PauseReason::Lapsed)
    );
    assert_eq!(
        PauseReason::from_register(&[ev(K::Invalidation, "")], LegalStatus::Invalidated),
        Some(PauseReason::Invalidated)
    );
    assert_eq!(
        PauseReason::from_register(&[ev(K::Transfer, "新权利人")], LegalStatus::InForce),
        Some(PauseReason::TransferredAway)
    );
    assert_eq!(
        PauseReason::from_register(&[ev(K::Preservation, "法院")], LegalStatus::InForce),
        Some(PauseReason::CourtPreservation)
    );
    assert_eq!(
        PauseReason::from_register(&[], LegalStatus::Expired),
        Some(PauseReason::Expired)
    );
    assert_eq!(
        PauseReason::from_register(&[ev(K::LicenceFiling, "")], LegalStatus::InForce),
        None
    );
    assert_eq!(PauseReason::from_register(&[], LegalStatus::InForce), None);
}

#[test]
fn industries_are_guessed_from_ipc_codes() {
    let c = |s: &str| crate::ClassificationCode::parse(s).unwrap();
    assert_eq!(
        Industry::from_ipc(&c("G06F 16/00")),
        Industry::InformationTechnology
    );
    assert_eq!(
        Industry::from_ipc(&c("H01M 10/05")),
        Industry::NewEnergyVehicles
    );
    assert_eq!(
        Industry::from_ipc(&c("C12N 15/11")),
        Industry::Biotechnology
    );
    assert_eq!(Industry::from_ipc(&c("A23L 2/00")), Industry::Other);
}
