//! Deals on both backends: opening, compare-and-set steps with documents
//! and signatures, a failed step leaving nothing half-written, royalty
//! reports, payments, overdue flags and the outcome ledger.

use super::market::{listing, owner, sme_with_member};
use super::*;
use patentbridge_domain::Text;
use patentbridge_domain::deal::{DealState, OfferTerms, PaymentPlan};
use patentbridge_domain::listing::ListingMode;
use patentbridge_storage::{
    DealMove, NewDeal, NewDocument, NewObligation, NewOutcome, NewRoyaltyReport, NewSignature,
};

struct Fixture {
    store: Store,
    deal: i64,
    sme: i64,
    owner: i64,
    user: i64,
}

async fn fixture(store: Store) -> Fixture {
    let tju = owner(&store, "天津大学").await;
    let (sme, user) = sme_with_member(&store).await;
    let l = listing(&store, tju, "CN51A", "fixed", false).await;
    let patent = store.listing(l).await.unwrap().unwrap();
    let patent_id = (store_patent_id(&store, &patent.patents[0].number).await,);
    let deal = store
        .create_deal(
            &ctx(Some(user)),
            &NewDeal {
                listing_id: Some(l),
                sme_id: sme,
                owner_id: tju,
                mode: ListingMode::OrdinaryLicence,
                state: DealState::Inquiry,
                patent_ids: vec![patent_id.0],
                event: "inquire",
                message: Some("想了解许可条件".into()),
                terms: None,
                effective_on: None,
                document: None,
                obligations: Vec::new(),
                paid_with_notice: None,
            },
        )
        .await
        .unwrap();
    Fixture {
        store,
        deal,
        sme,
        owner: tju,
        user,
    }
}

async fn store_patent_id(store: &Store, number: &str) -> i64 {
    store
        .patent_ids_by_number(&[number.to_string()])
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .1
}

fn step(from: DealState, to: DealState, event: &'static str, side: &'static str) -> DealMove {
    DealMove {
        from: Some(from),
        to: Some(to),
        event,
        side,
        ..DealMove::default()
    }
}

fn document(sha: &str) -> NewDocument {
    NewDocument {
        template: "patent_licence_ordinary".into(),
        template_version: "2026.1".into(),
        sha256: sha.into(),
        pdf: b"%PDF-1.7 test".to_vec(),
    }
}

contract_test!(
    a_deal_opens_moves_by_compare_and_set_and_reads_back_with_its_history,
    |store: Store, _location: DatabaseLocation| async move {
        let f = fixture(store).await;
        let c = ctx(Some(f.user));
        let d = f.store.deal(f.deal).await.unwrap().unwrap();
        assert_eq!(d.state, DealState::Inquiry);
        assert_eq!(d.sme_id, f.sme);
        assert_eq!(d.patents.len(), 1);
        let owner_notes = f
            .store
            .notifications_for(&[f.owner], None, 10)
            .await
            .unwrap();
        assert!(owner_notes.iter().any(|n| n.kind == "deal"));

        let mut offer = step(DealState::Inquiry, DealState::Negotiation, "offer", "owner");
        offer.offer = Some(lump(8_000_000));
        assert!(f.store.move_deal(&c, f.deal, &offer, None).await.unwrap());
        assert!(
            !f.store.move_deal(&c, f.deal, &offer, None).await.unwrap(),
            "the deal is no longer an inquiry"
        );
        let mut accept = step(
            DealState::Negotiation,
            DealState::ContractDrafted,
            "accept_offer",
            "sme",
        );
        accept.agreed_terms = Some(lump(8_000_000));
        accept.document = Some(document("aa11"));
        assert!(f.store.move_deal(&c, f.deal, &accept, None).await.unwrap());
        let docs = f.store.deal_documents(f.deal).await.unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(
            f.store
                .deal_document_pdf(docs[0].id)
                .await
                .unwrap()
                .unwrap(),
            b"%PDF-1.7 test"
        );

        let sign = |side: &'static str, org: i64, from, to| {
            (
                step(from, to, "sign", side),
                NewSignature {
                    document_id: docs[0].id,
                    side,
                    organisation_id: org,
                    user_id: f.user,
                    sha256: "aa11".into(),
                    ip: Some("127.0.0.1".into()),
                },
            )
        };
        let (mv, s) = sign(
            "sme",
            f.sme,
            DealState::ContractDrafted,
            DealState::PartlySigned,
        );
        assert!(f.store.move_deal(&c, f.deal, &mv, Some(&s)).await.unwrap());
        let (mut mv, s) = sign("owner", f.owner, DealState::PartlySigned, DealState::Signed);
        mv.effective_on = Some(date("2026-12-01"));
        mv.obligations = vec![NewObligation {
            due_on: date("2026-12-31"),
            amount_fen: Some(8_000_000),
            period: None,
            description: Text::new("一次性支付", "lump sum"),
        }];
        assert!(f.store.move_deal(&c, f.deal, &mv, Some(&s)).await.unwrap());
        let signatures = f.store.deal_signatures(f.deal).await.unwrap();
        assert_eq!(signatures.len(), 2);
        assert!(signatures.iter().all(|s| s.sha256 == "aa11"));
        let d = f.store.deal(f.deal).await.unwrap().unwrap();
        assert_eq!(d.state, DealState::Signed);
        assert_eq!(d.effective_on, Some(date("2026-12-01")));
        assert_eq!(d.terms, Some(lump(8_000_000)));
        let steps = f.store.deal_steps(f.deal).await.unwrap();
        assert_eq!(
            steps[1].offer,
            Some(lump(8_000_000)),
            "the offer reads back typed"
        );
        let steps: Vec<String> = f
            .store
            .deal_steps(f.deal)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.event)
            .collect();
        assert_eq!(steps, ["inquire", "offer", "accept_offer", "sign", "sign"]);
        assert_eq!(f.store.obligations(f.deal).await.unwrap().len(), 1);
        assert_eq!(f.store.deals_of(f.sme).await.unwrap().len(), 1);
        assert_eq!(f.store.deals_of(f.owner).await.unwrap().len(), 1);
    }
);

contract_test!(
    a_failed_deal_step_leaves_nothing_half_written,
    |store: Store, _location: DatabaseLocation| async move {
        let f = fixture(store).await;
        let c = ctx(Some(f.user));
        let mut accept = step(
            DealState::Inquiry,
            DealState::ContractDrafted,
            "accept_offer",
            "sme",
        );
        accept.document = Some(document("bb22"));
        accept.agreed_terms = Some(lump(1));
        // A negative amount breaks the obligations' CHECK after the state,
        // the step and the document were written in the transaction.
        accept.obligations = vec![NewObligation {
            due_on: date("2026-12-31"),
            amount_fen: Some(-1),
            period: None,
            description: Text::new("坏", "bad"),
        }];
        let before_audit = audit_count(&f.store).await;
        assert!(f.store.move_deal(&c, f.deal, &accept, None).await.is_err());
        let d = f.store.deal(f.deal).await.unwrap().unwrap();
        assert_eq!(d.state, DealState::Inquiry);
        assert_eq!(d.terms, None);
        assert!(f.store.deal_documents(f.deal).await.unwrap().is_empty());
        assert!(f.store.obligations(f.deal).await.unwrap().is_empty());
        assert_eq!(f.store.deal_steps(f.deal).await.unwrap().len(), 1);
        assert_eq!(audit_count(&f.store).await, before_audit);
    }
);

contract_test!(
    royalty_reports_payments_overdue_flags_and_outcomes_are_kept_per_deal,
    |store: Store, _location: DatabaseLocation| async move {
        let f = fixture(store).await;
        let c = ctx(Some(f.user));
        let mut mv = step(
            DealState::Inquiry,
            DealState::InForce,
            "start_performance",
            "owner",
        );
        mv.obligations = vec![
            NewObligation {
                due_on: date("2026-01-31"),
                amount_fen: None,
                period: Some((date("2025-10-01"), date("2026-01-01"))),
                description: Text::new("提成", "royalty"),
            },
            NewObligation {
                due_on: date("2026-02-28"),
                amount_fen: Some(100_000),
                period: None,
                description: Text::new("入门费", "entry fee"),
            },
        ];
        assert!(f.store.move_deal(&c, f.deal, &mv, None).await.unwrap());
        let obligations = f.store.obligations(f.deal).await.unwrap();
        let report = f
            .store
            .add_royalty_report(
                &c,
                f.deal,
                &NewRoyaltyReport {
                    obligation_id: Some(obligations[0].id),
                    period_start: date("2025-10-01"),
                    period_end: date("2026-01-01"),
                    sales_fen: 100_000_000,
                    base_fen: 100_000_000,
                    royalty_fen: 3_000_000,
                    note: None,
                },
            )
            .await
            .unwrap();
        assert!(report > 0);
        assert_eq!(
            f.store.obligations(f.deal).await.unwrap()[0].amount_fen,
            Some(3_000_000)
        );
        assert!(
            f.store
                .record_payment(&c, f.deal, obligations[0].id, 3_000_000, date("2026-01-20"))
                .await
                .unwrap()
        );
        assert!(
            !f.store
                .record_payment(&c, f.deal, obligations[0].id, 1, date("2026-01-21"))
                .await
                .unwrap()
        );

        // The entry fee is unpaid past its date: flagged once to both sides.
        assert_eq!(
            f.store
                .flag_overdue_obligations(date("2026-03-10"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            f.store
                .flag_overdue_obligations(date("2026-03-11"))
                .await
                .unwrap(),
            0
        );
        for org in [f.sme, f.owner] {
            let notes = f.store.notifications_for(&[org], None, 50).await.unwrap();
            assert_eq!(notes.iter().filter(|n| n.kind == "overdue").count(), 1);
        }

        let outcome = NewOutcome {
            period: "2026-Q1".into(),
            product_name: "智能电池包".into(),
            filing: "filed".into(),
            filing_number: Some("BA2026-001".into()),
            output_value_fen: 500_000_000,
            revenue_fen: 300_000_000,
            jobs: 12,
        };
        f.store.add_outcome(&c, f.deal, &outcome).await.unwrap();
        assert!(
            f.store.add_outcome(&c, f.deal, &outcome).await.is_err(),
            "one entry per product and period"
        );
        let ledger = f.store.outcomes(f.deal).await.unwrap();
        assert_eq!(ledger.len(), 1);
        assert_eq!(ledger[0].jobs, 12);
        assert_eq!(f.store.royalty_reports(f.deal).await.unwrap().len(), 1);
    }
);

/// Terms of a lump sum of `fen`, due in 30 days.
fn lump(fen: i64) -> OfferTerms {
    OfferTerms {
        price: Some(patentbridge_domain::Fen::new(fen)),
        payment: PaymentPlan::Lump { due_days: 30 },
        term_months: None,
        territory: "中华人民共和国境内".into(),
        scope: String::new(),
        equity_share_bp: None,
    }
}

contract_test!(
    stored_terms_that_cannot_be_read_are_an_error_naming_the_row_not_empty_terms,
    |store: Store, location: DatabaseLocation| async move {
        let f = fixture(store).await;
        execute_raw(
            &location,
            &format!(
                "UPDATE deals SET terms = '{{\"payment\":\"barter\"}}' WHERE id = {}",
                f.deal
            ),
        )
        .await;
        let err = f.store.deal(f.deal).await.unwrap_err().to_string();
        assert!(err.contains("deals.terms"), "{err}");
        assert!(err.contains("barter"), "{err}");
    }
);
