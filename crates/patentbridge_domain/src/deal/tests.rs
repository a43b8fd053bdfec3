use chrono::NaiveDate;

use super::*;
use crate::listing::RoyaltyBasis;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn facts(last_offer_by: Option<Side>, sme: bool, owner: bool) -> DealFacts {
    DealFacts {
        last_offer_by,
        signed_by_sme: sme,
        signed_by_owner: owner,
        ..DealFacts::default()
    }
}

/// (from, event, side, facts, to) for every allowed step.
fn allowed() -> Vec<(DealState, DealEvent, Side, DealFacts, DealState)> {
    use DealEvent as E;
    use DealState as S;
    let none = DealFacts::default();
    let mut v = Vec::new();
    for side in [Side::Sme, Side::Owner] {
        for s in DealState::ALL {
            if !s.is_final() {
                v.push((*s, E::Message, side, none, *s));
            }
        }
        v.push((S::Inquiry, E::Offer, side, none, S::Negotiation));
        v.push((S::Negotiation, E::Offer, side, none, S::Negotiation));
        v.push((
            S::Negotiation,
            E::AcceptOffer,
            side,
            facts(Some(side.other()), false, false),
            S::ContractDrafted,
        ));
        v.push((S::ContractDrafted, E::Offer, side, none, S::Negotiation));
        v.push((S::PartlySigned, E::Offer, side, none, S::Negotiation));
        v.push((S::ContractDrafted, E::Sign, side, none, S::PartlySigned));
        let other_signed = match side {
            Side::Sme => facts(None, false, true),
            Side::Owner => facts(None, true, false),
        };
        v.push((S::PartlySigned, E::Sign, side, other_signed, S::Signed));
        v.push((S::Recorded, E::StartPerformance, side, none, S::InForce));
        for s in [S::Signed, S::Recorded, S::InForce] {
            v.push((s, E::Dispute, side, none, S::Disputed));
        }
        let raised_by_other = DealFacts {
            disputed_by: Some(side.other()),
            before_dispute: Some(S::Signed),
            ..none
        };
        v.push((S::Disputed, E::Resolve, side, raised_by_other, S::Signed));
        v.push((
            S::Disputed,
            E::Terminate,
            side,
            raised_by_other,
            S::Terminated,
        ));
    }
    for s in [
        S::Inquiry,
        S::Negotiation,
        S::ContractDrafted,
        S::PartlySigned,
    ] {
        v.push((s, E::Withdraw, Side::Sme, none, S::Withdrawn));
        v.push((s, E::Reject, Side::Owner, none, S::Rejected));
    }
    v.push((S::Signed, E::Record, Side::Owner, none, S::Recorded));
    v.push((S::InForce, E::Complete, Side::Owner, none, S::Completed));
    v
}

#[test]
fn every_allowed_deal_step_goes_where_expected() {
    for (from, event, side, f, to) in allowed() {
        assert_eq!(
            transition(from, event, side, f),
            Ok(to),
            "{from:?} {event:?} by {side:?}"
        );
    }
}

#[test]
fn every_other_deal_step_is_refused_with_a_reason_in_both_languages() {
    let all = allowed();
    // Every combination of facts a step could depend on.
    let dispute = |by: Side| DealFacts {
        disputed_by: Some(by),
        before_dispute: Some(DealState::Signed),
        ..DealFacts::default()
    };
    let fact_sets = [
        dispute(Side::Sme),
        dispute(Side::Owner),
        DealFacts::default(),
        facts(Some(Side::Sme), false, false),
        facts(Some(Side::Owner), false, false),
        facts(None, true, false),
        facts(None, false, true),
    ];
    let mut refused = 0;
    for from in DealState::ALL {
        for event in DealEvent::ALL {
            for side in [Side::Sme, Side::Owner] {
                for f in fact_sets {
                    let expected = all
                        .iter()
                        .find(|(s, e, sd, ff, _)| {
                            s == from && e == event && *sd == side && *ff == f
                        })
                        .map(|a| a.4);
                    let got = transition(*from, *event, side, f);
                    match (expected, got) {
                        (Some(to), Ok(got)) => assert_eq!(to, got),
                        (Some(_), Err(r))
                            if *event == DealEvent::AcceptOffer || *event == DealEvent::Sign =>
                        {
                            panic!("{from:?} {event:?} {side:?} {f:?}: refused {r:?}")
                        }
                        (Some(_), Err(r)) => panic!("{from:?} {event:?}: {r:?}"),
                        (None, Ok(to)) => {
                            // Steps that do not depend on the facts are
                            // listed once with default facts.
                            let listed = all.iter().any(|(s, e, sd, _, t)| {
                                s == from && e == event && *sd == side && *t == to
                            });
                            assert!(
                                listed,
                                "{from:?} {event:?} by {side:?} with {f:?} should be refused, went to {to:?}"
                            );
                        }
                        (None, Err(r)) => {
                            refused += 1;
                            assert!(!r.text.zh().is_empty() && !r.text.en().is_empty());
                        }
                    }
                }
            }
        }
    }
    assert!(refused > 500, "{refused}");
}

#[test]
fn an_offer_cannot_be_accepted_by_the_side_that_made_it_nor_a_contract_signed_twice() {
    let own = transition(
        DealState::Negotiation,
        DealEvent::AcceptOffer,
        Side::Sme,
        facts(Some(Side::Sme), false, false),
    )
    .unwrap_err();
    assert!(own.text.zh().contains("自己的报价"));
    let none = transition(
        DealState::Negotiation,
        DealEvent::AcceptOffer,
        Side::Sme,
        DealFacts::default(),
    )
    .unwrap_err();
    assert!(none.text.en().contains("no offer"));
    let twice = transition(
        DealState::PartlySigned,
        DealEvent::Sign,
        Side::Owner,
        facts(None, false, true),
    )
    .unwrap_err();
    assert!(twice.text.en().contains("already signed"));
    let record = transition(
        DealState::Signed,
        DealEvent::Record,
        Side::Sme,
        DealFacts::default(),
    )
    .unwrap_err();
    assert!(record.text.zh().contains("只有权利人"));
}

#[test]
fn next_events_list_what_each_side_may_do() {
    let sme = next_events(DealState::Inquiry, Side::Sme, DealFacts::default());
    assert_eq!(
        sme,
        [DealEvent::Message, DealEvent::Offer, DealEvent::Withdraw]
    );
    let owner = next_events(DealState::Inquiry, Side::Owner, DealFacts::default());
    assert_eq!(
        owner,
        [DealEvent::Message, DealEvent::Offer, DealEvent::Reject]
    );
    let drafted = next_events(
        DealState::ContractDrafted,
        Side::Owner,
        DealFacts::default(),
    );
    assert!(drafted.contains(&DealEvent::Sign));
    assert!(next_events(DealState::Completed, Side::Owner, DealFacts::default()).is_empty());
}

fn patent(status: LegalStatus) -> DealPatentFacts {
    DealPatentFacts {
        number: "CN1A".into(),
        legal_status: status,
        pledged: false,
        pledgee_consents: false,
        preserved: false,
        under_open_licence: false,
        other_live_deals: Vec::new(),
    }
}

#[test]
fn signing_is_refused_on_a_lapsed_preserved_or_unconsented_pledged_patent() {
    assert!(signing_refusals(ListingMode::Transfer, &[patent(LegalStatus::InForce)]).is_empty());
    assert!(signing_refusals(ListingMode::Transfer, &[patent(LegalStatus::Pending)]).is_empty());
    let lapsed = signing_refusals(ListingMode::OrdinaryLicence, &[patent(LegalStatus::Lapsed)]);
    assert_eq!(lapsed.len(), 1);
    assert!(lapsed[0].text.zh().contains("有效"));
    let mut pledged = patent(LegalStatus::InForce);
    pledged.pledged = true;
    let r = signing_refusals(ListingMode::Transfer, std::slice::from_ref(&pledged));
    assert!(r[0].text.en().contains("pledgee's consent"));
    pledged.pledgee_consents = true;
    assert!(signing_refusals(ListingMode::Transfer, &[pledged]).is_empty());
    let mut preserved = patent(LegalStatus::InForce);
    preserved.preserved = true;
    assert_eq!(signing_refusals(ListingMode::Equity, &[preserved]).len(), 1);
}

#[test]
fn an_exclusive_or_sole_licence_is_refused_while_an_open_licence_runs_but_an_ordinary_one_is_not() {
    let mut open = patent(LegalStatus::InForce);
    open.under_open_licence = true;
    for mode in [ListingMode::ExclusiveLicence, ListingMode::SoleLicence] {
        let r = signing_refusals(mode, std::slice::from_ref(&open));
        assert_eq!(r.len(), 1, "{mode:?}");
        assert!(r[0].text.zh().contains("第五十二条"));
    }
    assert!(signing_refusals(ListingMode::OrdinaryLicence, &[open]).is_empty());
}

#[test]
fn the_licence_filing_is_due_three_months_after_the_contract_takes_effect() {
    assert_eq!(filing_deadline(d("2026-11-30")), d("2027-02-28"));
    assert_eq!(
        filing_urgency(d("2026-01-10"), d("2026-02-01")),
        FilingUrgency::OnTime { days_left: 68 }
    );
    assert_eq!(
        filing_urgency(d("2026-01-10"), d("2026-03-20")),
        FilingUrgency::DueSoon { days_left: 21 }
    );
    assert_eq!(
        filing_urgency(d("2026-01-10"), d("2026-04-15")),
        FilingUrgency::Overdue { days_late: 5 }
    );
}

#[test]
fn a_pay_later_schedule_becomes_quarterly_royalty_obligations_after_the_free_months() {
    let royalty = Royalty {
        basis: RoyaltyBasis::NetSales,
        basis_points: 300,
    };
    let o = pay_later_obligations(d("2026-01-01"), 6, royalty, 3, d("2027-01-01"));
    assert_eq!(o.len(), 2);
    assert_eq!(o[0].period, Some((d("2026-07-01"), d("2026-10-01"))));
    assert_eq!(o[0].due, d("2026-10-31"));
    assert_eq!(o[1].period, Some((d("2026-10-01"), d("2027-01-01"))));
    assert!(
        o[0].description.zh().contains("净销售额的3.00 %"),
        "{}",
        o[0].description.zh()
    );
    assert_eq!(
        royalty_due(Fen::from_yuan(1_000_000), royalty),
        Fen::from_yuan(30_000)
    );
    assert!(is_overdue(d("2026-10-31"), false, d("2026-11-01")));
    assert!(!is_overdue(d("2026-10-31"), true, d("2026-11-01")));
}

#[test]
fn the_agreed_terms_become_payment_obligations_from_the_effective_day() {
    let royalty = Royalty {
        basis: RoyaltyBasis::NetSales,
        basis_points: 500,
    };
    let lump = OfferTerms {
        price: Some(Fen::from_yuan(80_000)),
        payment: PaymentPlan::Lump { due_days: 30 },
        term_months: Some(24),
        territory: "中国大陆".into(),
        scope: "电动叉车".into(),
        equity_share_bp: None,
    };
    let o = obligations_for(&lump, d("2026-12-01"));
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].due, d("2026-12-31"));
    assert_eq!(o[0].amount, Some(Fen::from_yuan(80_000)));

    let running = OfferTerms {
        price: None,
        payment: PaymentPlan::Royalty {
            royalty,
            entry_fee: Some(Fen::from_yuan(10_000)),
        },
        term_months: Some(12),
        ..lump.clone()
    };
    let o = obligations_for(&running, d("2026-01-01"));
    assert_eq!(o.len(), 5, "the entry fee and four quarters");
    assert_eq!(o[0].amount, Some(Fen::from_yuan(10_000)));
    assert!(
        o[1..]
            .iter()
            .all(|x| x.amount.is_none() && x.period.is_some())
    );

    let free = OfferTerms {
        price: Some(Fen::new(0)),
        payment: PaymentPlan::Free,
        ..lump
    };
    assert!(obligations_for(&free, d("2026-01-01")).is_empty());
}

#[test]
fn the_side_that_raised_a_dispute_cannot_settle_or_end_it_alone_and_settling_returns_to_the_state_before()
 {
    let raised_by_sme = DealFacts {
        disputed_by: Some(Side::Sme),
        before_dispute: Some(DealState::Signed),
        ..DealFacts::default()
    };
    for e in [DealEvent::Resolve, DealEvent::Terminate] {
        let r = transition(DealState::Disputed, e, Side::Sme, raised_by_sme).unwrap_err();
        assert!(r.text.zh().contains("对方确认"));
    }
    assert_eq!(
        transition(
            DealState::Disputed,
            DealEvent::Resolve,
            Side::Owner,
            raised_by_sme
        ),
        Ok(DealState::Signed),
        "a signed licence still has to be filed after the dispute"
    );
}

#[test]
fn a_patent_already_transferred_or_exclusively_licensed_under_another_deal_cannot_be_dealt_again() {
    let with = |others: Vec<ListingMode>| DealPatentFacts {
        other_live_deals: others,
        ..patent(LegalStatus::InForce)
    };
    assert_eq!(
        signing_refusals(ListingMode::Transfer, &[with(vec![ListingMode::Transfer])]).len(),
        1
    );
    assert_eq!(
        signing_refusals(
            ListingMode::OrdinaryLicence,
            &[with(vec![ListingMode::ExclusiveLicence])]
        )
        .len(),
        1
    );
    assert_eq!(
        signing_refusals(
            ListingMode::SoleLicence,
            &[with(vec![ListingMode::OpenLicence])]
        )
        .len(),
        1
    );
    assert!(
        signing_refusals(
            ListingMode::OrdinaryLicence,
            &[with(vec![ListingMode::OrdinaryLicence])]
        )
        .is_empty()
    );
    assert!(
        signing_refusals(
            ListingMode::Transfer,
            &[with(vec![ListingMode::OrdinaryLicence])]
        )
        .is_empty()
    );
}

#[test]
fn a_royalty_on_a_huge_base_does_not_wrap() {
    let r = Royalty {
        basis: RoyaltyBasis::NetSales,
        basis_points: 10_000,
    };
    assert_eq!(royalty_due(Fen::new(i64::MAX), r), Fen::new(i64::MAX));
}
