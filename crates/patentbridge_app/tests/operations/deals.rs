//! Deals: from the forklift maker's inquiry on Tianjin University's
//! licence to a contract both sign by its SHA-256, the licence filing and
//! its deadline, royalty reports, payments and the outcome ledger; and an
//! open licence taken by notice and payment.

use chrono::NaiveDate;
use patentbridge_app::deals::{
    self, AcceptanceNotice, FilingStatus, OutcomeForm, RoyaltyReportForm, StepData,
};
use patentbridge_domain::Fen;
use patentbridge_domain::deal::{
    DealEvent, DealState, FilingUrgency, OfferForm, OfferTerms, PaymentPlan, Side,
};
use patentbridge_domain::listing::ListingMode;
use sha2::{Digest, Sha256};

use super::*;

/// The day the tests' contracts are signed.
const SIGNED_ON: &str = "2026-03-02";

fn day(raw: &str) -> NaiveDate {
    patentbridge_domain::parse_date(raw).expect("a date like 2026-03-02")
}

/// The owner's offer: 3 % of net sales, ¥20,000 on entry, for two years.
fn royalty_offer() -> OfferForm {
    OfferForm {
        payment: "royalty".into(),
        royalty_basis: Some("net_sales".into()),
        royalty_bp: Some(300),
        entry_fee_fen: Some(2_000_000),
        term_months: Some(24),
        territory: "中国大陆".into(),
        scope: "电动叉车电池管理系统".into(),
        ..OfferForm::default()
    }
}

fn offer(terms: OfferForm) -> StepData {
    StepData {
        terms: Some(terms),
        ..StepData::default()
    }
}

fn sign(sha256: &str) -> StepData {
    StepData {
        sha256: Some(sha256.into()),
        ..StepData::default()
    }
}

fn record(number: &str, on: &str) -> StepData {
    StepData {
        record_number: Some(number.into()),
        recorded_on: Some(on.into()),
        ..StepData::default()
    }
}

/// Takes a step that must succeed and returns the state it leads to.
async fn take(app: &App, who: &Caller, deal: i64, event: DealEvent, data: &StepData) -> DealState {
    deals::step(app, who, deal, event, data)
        .await
        .unwrap_or_else(|e| panic!("{event:?} on deal {deal}: {e:?}"))
}

/// The forklift maker's deal on the world's licence, brought to a drafted
/// contract on the owner's royalty offer; (deal, the contract's SHA-256).
async fn drafted(w: &World, app: &App) -> (i64, String) {
    let deal = deals::open(app, &w.sme, w.listing, Some("想了解普通许可的条件"))
        .await
        .expect("the SME opens a deal");
    take(
        app,
        &w.office,
        deal,
        DealEvent::Offer,
        &offer(royalty_offer()),
    )
    .await;
    take(
        app,
        &w.sme,
        deal,
        DealEvent::AcceptOffer,
        &StepData::default(),
    )
    .await;
    let view = deals::view(app, &w.sme, deal).await.unwrap();
    (deal, view.documents[0].sha256.clone())
}

/// The same deal signed by both sides on `app`'s day.
async fn signed(w: &World, app: &App) -> i64 {
    let (deal, sha) = drafted(w, app).await;
    take(app, &w.sme, deal, DealEvent::Sign, &sign(&sha)).await;
    take(app, &w.office, deal, DealEvent::Sign, &sign(&sha)).await;
    deal
}

/// The same deal filed and in performance.
async fn in_force(w: &World, app: &App) -> i64 {
    let deal = signed(w, app).await;
    let on = app.today().to_string();
    take(
        app,
        &w.office,
        deal,
        DealEvent::Record,
        &record("BA2026000123", &on),
    )
    .await;
    take(
        app,
        &w.sme,
        deal,
        DealEvent::StartPerformance,
        &StepData::default(),
    )
    .await;
    deal
}

#[tokio::test]
async fn an_sme_and_a_university_reach_a_signed_licence_bound_to_the_contracts_sha256() {
    let w = world().await;
    let app = w.app_on(SIGNED_ON);
    let deal = deals::open(&app, &w.sme, w.listing, Some("想了解普通许可的条件"))
        .await
        .unwrap();
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::Inquiry);
    assert_eq!(view.deal.mode, ListingMode::OrdinaryLicence);
    assert_eq!((view.deal.sme_id, view.deal.owner_id), (w.forklift, w.tju));
    assert_eq!(view.side, Some(Side::Sme));
    assert_eq!(
        view.next,
        [DealEvent::Message, DealEvent::Offer, DealEvent::Withdraw]
    );
    let owner_view = deals::view(&app, &w.office, deal).await.unwrap();
    assert_eq!(owner_view.side, Some(Side::Owner));
    assert_eq!(
        owner_view.next,
        [DealEvent::Message, DealEvent::Offer, DealEvent::Reject]
    );

    // An offer needs its terms, and terms a licence can be drafted from.
    let fields = invalid(
        deals::step(
            &app,
            &w.office,
            deal,
            DealEvent::Offer,
            &StepData::default(),
        )
        .await,
    );
    says(
        on(&fields, "terms"),
        "请填写报价条件",
        "an offer needs its terms",
    );
    let vague = OfferForm {
        payment: "royalty".into(),
        ..OfferForm::default()
    };
    let fields = invalid(deals::step(&app, &w.office, deal, DealEvent::Offer, &offer(vague)).await);
    assert_eq!(names(&fields), ["royalty_bp", "term_months", "territory"]);
    says(
        on(&fields, "term_months"),
        "许可须有期限",
        "a licence needs a term of 1 to 240 months",
    );

    assert_eq!(
        take(
            &app,
            &w.office,
            deal,
            DealEvent::Offer,
            &offer(royalty_offer())
        )
        .await,
        DealState::Negotiation
    );
    // The side that made the offer cannot accept it.
    let text = conflict(
        deals::step(
            &app,
            &w.office,
            deal,
            DealEvent::AcceptOffer,
            &StepData::default(),
        )
        .await,
    );
    assert_eq!(text.zh(), "不能接受自己的报价，请等待对方回应");
    assert_eq!(
        text.en(),
        "you cannot accept your own offer; wait for the other side"
    );
    assert_eq!(
        take(
            &app,
            &w.sme,
            deal,
            DealEvent::AcceptOffer,
            &StepData::default()
        )
        .await,
        DealState::ContractDrafted
    );

    // The PDF served is the document whose SHA-256 is shown.
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.documents.len(), 1);
    let document = &view.documents[0];
    assert_eq!(document.template, "patent_licence_ordinary");
    let (pdf, file_name, sha) = deals::contract_pdf(&app, &w.sme, deal).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{:?}", &pdf[..pdf.len().min(8)]);
    assert_eq!(hex::encode(Sha256::digest(&pdf)), sha);
    assert_eq!(sha, document.sha256);
    assert_eq!(
        file_name,
        format!("PB-DEAL-{deal:06}-patent_licence_ordinary.pdf")
    );
    let (owners_copy, _, _) = deals::contract_pdf(&app, &w.office, deal).await.unwrap();
    assert_eq!(owners_copy, pdf, "both sides read the same contract");

    // A signature names the SHA-256 read; a wrong one is refused.
    let fields =
        invalid(deals::step(&app, &w.sme, deal, DealEvent::Sign, &StepData::default()).await);
    says(
        on(&fields, "sha256"),
        "签署须注明所阅读合同的 SHA-256",
        "signing names the SHA-256 of the contract you read",
    );
    let wrong = "0".repeat(64);
    let text = conflict(deals::step(&app, &w.sme, deal, DealEvent::Sign, &sign(&wrong)).await);
    assert_eq!(text.zh(), "合同已更新，请阅读新版本后再签署");
    assert_eq!(
        text.en(),
        "the contract changed since you opened it; read the new one before signing"
    );
    assert_eq!(
        take(&app, &w.sme, deal, DealEvent::Sign, &sign(&sha)).await,
        DealState::PartlySigned
    );
    let text = conflict(deals::step(&app, &w.sme, deal, DealEvent::Sign, &sign(&sha)).await);
    says(
        &text,
        "您已签署该合同",
        "you have already signed this contract",
    );
    assert_eq!(
        take(&app, &w.office, deal, DealEvent::Sign, &sign(&sha)).await,
        DealState::Signed
    );

    // Signing made it effective today and created the obligations: the
    // entry fee and eight quarters of royalty.
    let view = deals::view(&app, &w.office, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::Signed);
    assert_eq!(view.deal.effective_on, Some(day(SIGNED_ON)));
    let mut sides: Vec<&str> = view.signatures.iter().map(|s| s.side.as_str()).collect();
    sides.sort_unstable();
    assert_eq!(sides, ["owner", "sme"]);
    assert!(view.signatures.iter().all(|s| s.sha256 == sha));
    assert_eq!(view.obligations.len(), 9, "{:?}", view.obligations);
    let entry = &view.obligations[0];
    assert_eq!(entry.amount_fen, Some(2_000_000));
    assert_eq!(entry.due_on, day("2026-04-01"));
    says(&entry.description, "入门费", "entry fee");
    let quarters: Vec<_> = view
        .obligations
        .iter()
        .filter(|o| o.period_start.is_some())
        .collect();
    assert_eq!(quarters.len(), 8);
    assert!(quarters.iter().all(|o| o.amount_fen.is_none()));
    assert_eq!(quarters[0].period_start, Some(day(SIGNED_ON)));
    assert_eq!(quarters[7].period_end, Some(day("2028-03-02")));
    let events: Vec<&str> = view.steps.iter().map(|s| s.event.as_str()).collect();
    assert_eq!(events, ["inquire", "offer", "accept_offer", "sign", "sign"]);
}

#[tokio::test]
async fn the_agreed_terms_read_back_from_the_deal_are_the_offers_parsed_terms() {
    let w = world().await;
    let app = w.app_on(SIGNED_ON);
    let deal = deals::open(&app, &w.sme, w.listing, None).await.unwrap();
    take(
        &app,
        &w.office,
        deal,
        DealEvent::Offer,
        &offer(royalty_offer()),
    )
    .await;
    // The SME counters with use first, pay later; the owner accepts.
    let counter = OfferForm {
        payment: "pay_later".into(),
        free_months: Some(6),
        royalty_basis: Some("profit".into()),
        royalty_bp: Some(850),
        report_every_months: Some(6),
        term_months: Some(36),
        territory: "天津市、河北省".into(),
        scope: "电动叉车及仓储机器人电池包".into(),
        ..OfferForm::default()
    };
    take(
        &app,
        &w.sme,
        deal,
        DealEvent::Offer,
        &offer(counter.clone()),
    )
    .await;
    assert_eq!(
        take(
            &app,
            &w.office,
            deal,
            DealEvent::AcceptOffer,
            &StepData::default()
        )
        .await,
        DealState::ContractDrafted
    );

    let expected = counter.parse(ListingMode::OrdinaryLicence).unwrap();
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.terms.as_ref(), Some(&expected));
    match expected.payment {
        PaymentPlan::PayLater {
            free_months,
            royalty,
            report_every_months,
        } => {
            assert_eq!((free_months, report_every_months), (6, 6));
            assert_eq!(royalty.basis_points, 850);
        }
        other => panic!("pay later was offered, not {other:?}"),
    }
    // Each offer reads back as it was made, typed.
    let offers: Vec<&OfferTerms> = view
        .steps
        .iter()
        .filter(|s| s.event == "offer")
        .filter_map(|s| s.offer.as_ref())
        .collect();
    assert_eq!(
        offers,
        [
            &royalty_offer().parse(ListingMode::OrdinaryLicence).unwrap(),
            &expected
        ]
    );
    assert_eq!(
        OfferForm::from_terms(&expected)
            .parse(ListingMode::OrdinaryLicence)
            .unwrap(),
        expected,
        "the terms make the same form again"
    );

    // Signed, the schedule follows the agreed terms: nothing for six
    // months, then a report every six months to the end of three years.
    let sha = view.documents[0].sha256.clone();
    take(&app, &w.sme, deal, DealEvent::Sign, &sign(&sha)).await;
    take(&app, &w.office, deal, DealEvent::Sign, &sign(&sha)).await;
    let view = deals::view(&app, &w.office, deal).await.unwrap();
    assert_eq!(view.deal.terms.as_ref(), Some(&expected));
    let periods: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = view
        .obligations
        .iter()
        .map(|o| (o.period_start, o.period_end))
        .collect();
    assert_eq!(
        periods,
        [
            (Some(day("2026-09-02")), Some(day("2027-03-02"))),
            (Some(day("2027-03-02")), Some(day("2027-09-02"))),
            (Some(day("2027-09-02")), Some(day("2028-03-02"))),
            (Some(day("2028-03-02")), Some(day("2028-09-02"))),
            (Some(day("2028-09-02")), Some(day("2029-03-02"))),
        ]
    );
}

#[tokio::test]
async fn the_licence_filing_deadline_runs_three_months_from_signing_until_the_owner_records_it() {
    let w = world().await;
    let deal = signed(&w, &w.app_on(SIGNED_ON)).await;
    let deadline = day("2026-06-02");
    for (today, urgency) in [
        (SIGNED_ON, FilingUrgency::OnTime { days_left: 92 }),
        ("2026-05-20", FilingUrgency::DueSoon { days_left: 13 }),
        ("2026-06-10", FilingUrgency::Overdue { days_late: 8 }),
    ] {
        let view = deals::view(&w.app_on(today), &w.office, deal)
            .await
            .unwrap();
        assert_eq!(
            view.filing,
            Some(FilingStatus { deadline, urgency }),
            "on {today}"
        );
        assert_eq!(view.today, day(today));
    }

    let app = w.app_on("2026-06-10");
    // Only the owner records the filing.
    let text = conflict(
        deals::step(
            &app,
            &w.sme,
            deal,
            DealEvent::Record,
            &record("BA2026000123", "2026-06-09"),
        )
        .await,
    );
    assert_eq!(text.zh(), "只有权利人（转让方/许可方）可以登记备案");
    assert_eq!(
        text.en(),
        "only the Owner (right holder) may record the registration or filing"
    );
    // The date is from the contract's effective date to today.
    for on in ["2026-03-01", "2026-06-11", "六月九日"] {
        let fields = invalid(
            deals::step(
                &app,
                &w.office,
                deal,
                DealEvent::Record,
                &record("BA2026000123", on),
            )
            .await,
        );
        says(
            on_field(&fields),
            "请填写登记或备案号及日期",
            "give the registration or filing number and its date",
        );
    }
    assert_eq!(
        take(
            &app,
            &w.office,
            deal,
            DealEvent::Record,
            &record("BA2026000123", "2026-06-09")
        )
        .await,
        DealState::Recorded
    );
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.record_number.as_deref(), Some("BA2026000123"));
    assert_eq!(view.deal.recorded_on, Some(day("2026-06-09")));
    assert_eq!(
        view.filing, None,
        "a recorded licence has nothing left to file"
    );
    assert_eq!(
        view.next,
        [
            DealEvent::Message,
            DealEvent::StartPerformance,
            DealEvent::Dispute
        ]
    );
}

/// The record step's one field error.
#[track_caller]
fn on_field(fields: &[patentbridge_domain::FieldError]) -> &Text {
    assert_eq!(names(fields), ["record_number"]);
    on(fields, "record_number")
}

#[tokio::test]
async fn the_sme_reports_royalties_at_the_agreed_rate_and_pays_what_is_due() {
    let w = world().await;
    let deal = in_force(&w, &w.app_on(SIGNED_ON)).await;
    let app = w.app_on("2026-06-15");
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::InForce);
    let entry = view.obligations[0].clone();
    let quarter = view
        .obligations
        .iter()
        .find(|o| o.period_start.is_some())
        .cloned()
        .unwrap();
    let report = RoyaltyReportForm {
        obligation_id: Some(quarter.id),
        period_start: quarter.period_start.unwrap().to_string(),
        period_end: quarter.period_end.unwrap().to_string(),
        sales_yuan: "1000000".into(),
        profit_yuan: String::new(),
        note: Some("首个季度，叉车电池包销售 420 套".into()),
    };

    // Only the SME reports its use.
    let text = forbidden(deals::file_royalty_report(&app, &w.office, deal, &report).await);
    says(
        &text,
        "仅交易中的企业一方可以填报",
        "only the SME of the deal reports its use",
    );
    deals::file_royalty_report(&app, &w.sme, deal, &report)
        .await
        .expect("the SME files its report");
    let fields = invalid(deals::file_royalty_report(&app, &w.sme, deal, &report).await);
    says(
        on(&fields, "period_start"),
        "该报告期已经填报过",
        "a report for this period was already filed",
    );
    // A report cannot rewrite the fixed entry fee.
    let fields = invalid(
        deals::file_royalty_report(
            &app,
            &w.sme,
            deal,
            &RoyaltyReportForm {
                obligation_id: Some(entry.id),
                ..report.clone()
            },
        )
        .await,
    );
    assert_eq!(names(&fields), ["obligation_id"]);

    let view = deals::view(&app, &w.office, deal).await.unwrap();
    assert_eq!(view.reports.len(), 1);
    assert_eq!(view.reports[0].sales_fen, 100_000_000);
    assert_eq!(view.reports[0].royalty_fen, 3_000_000, "3 % of ¥1,000,000");
    let due = view
        .obligations
        .iter()
        .find(|o| o.id == quarter.id)
        .unwrap();
    assert_eq!(due.amount_fen, Some(3_000_000));

    // A cent does not settle ¥30,000; the full amount does, once.
    let fields = invalid(deals::record_payment(&app, &w.sme, deal, quarter.id, "0.01").await);
    says(
        on(&fields, "paid_yuan"),
        "须付清应付金额 ¥30000.00",
        "pay the full amount due, ¥30000.00",
    );
    deals::record_payment(&app, &w.sme, deal, quarter.id, "30000")
        .await
        .expect("the royalty is paid");
    let text = conflict(deals::record_payment(&app, &w.sme, deal, quarter.id, "30000").await);
    says(&text, "该款项不存在或已支付", "is already paid");
    deals::record_payment(&app, &w.sme, deal, entry.id, "20000")
        .await
        .expect("the entry fee is paid");
    // The next quarter's amount is not known before its report.
    let next = view
        .obligations
        .iter()
        .filter(|o| o.period_start.is_some())
        .nth(1)
        .unwrap();
    let fields = invalid(deals::record_payment(&app, &w.sme, deal, next.id, "30000").await);
    says(
        on(&fields, "obligation_id"),
        "提成须先填报",
        "file the royalty report first",
    );

    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    let paid: Vec<(i64, Option<i64>, Option<NaiveDate>)> = view
        .obligations
        .iter()
        .filter(|o| o.paid_on.is_some())
        .map(|o| (o.id, o.paid_fen, o.paid_on))
        .collect();
    assert_eq!(
        paid,
        [
            (entry.id, Some(2_000_000), Some(day("2026-06-15"))),
            (quarter.id, Some(3_000_000), Some(day("2026-06-15"))),
        ]
    );
}

#[tokio::test]
async fn a_product_is_recognised_as_patent_intensive_only_after_it_was_filed() {
    let w = world().await;
    let app = w.app_on(SIGNED_ON);
    let deal = in_force(&w, &app).await;
    let outcome = |period: &str, filing: &str, number: Option<&str>| OutcomeForm {
        period: period.into(),
        product_name: "智能电池管理模组".into(),
        filing: filing.into(),
        filing_number: number.map(String::from),
        output_value_yuan: "3200000".into(),
        revenue_yuan: "2100000".into(),
        jobs: "8".into(),
    };

    let fields = invalid(
        deals::add_outcome(
            &app,
            &w.sme,
            deal,
            &outcome("2026-Q2", "recognised", Some("ZLCP2026060001")),
        )
        .await,
    );
    assert_eq!(names(&fields), ["filing"]);
    says(
        on(&fields, "filing"),
        "专利密集型产品认定须先完成专利产品备案",
        "recognition as a patent-intensive product comes after the product's filing",
    );
    let fields =
        invalid(deals::add_outcome(&app, &w.sme, deal, &outcome("2026-Q2", "filed", None)).await);
    says(
        on(&fields, "filing_number"),
        "已备案或已认定时请填写备案号",
        "give the filing number",
    );
    let fields = invalid(
        deals::add_outcome(
            &app,
            &w.sme,
            deal,
            &OutcomeForm {
                jobs: "-1".into(),
                ..outcome("2026-Q5", "filed", Some("ZLCP2026060001"))
            },
        )
        .await,
    );
    assert_eq!(names(&fields), ["jobs", "period"]);

    deals::add_outcome(
        &app,
        &w.sme,
        deal,
        &outcome("2026-Q2", "filed", Some("ZLCP2026060001")),
    )
    .await
    .expect("the product is filed");
    deals::add_outcome(
        &app,
        &w.sme,
        deal,
        &outcome("2026-Q4", "recognised", Some("ZLCP2026060001")),
    )
    .await
    .expect("after its filing the product is recognised");
    let fields = invalid(
        deals::add_outcome(
            &app,
            &w.sme,
            deal,
            &outcome("2026-Q4", "recognised", Some("ZLCP2026060001")),
        )
        .await,
    );
    says(
        on(&fields, "period"),
        "该产品本期已经填报过",
        "this product was already reported for the period",
    );
    forbidden(
        deals::add_outcome(
            &app,
            &w.office,
            deal,
            &outcome("2027-Q1", "filed", Some("ZLCP2027010001")),
        )
        .await,
    );
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    let ledger: Vec<(&str, &str)> = view
        .outcomes
        .iter()
        .map(|o| (o.period.as_str(), o.filing.as_str()))
        .collect();
    assert_eq!(ledger.len(), 2);
    assert!(ledger.contains(&("2026-Q2", "filed")) && ledger.contains(&("2026-Q4", "recognised")));
    assert!(view.outcomes.iter().all(|o| o.revenue_fen == 210_000_000));

    // A deal not yet signed has nothing to report.
    let inquiry = deals::open(&app, &w.stranger, w.listing, None)
        .await
        .unwrap();
    let text = conflict(
        deals::add_outcome(
            &app,
            &w.stranger,
            inquiry,
            &outcome("2026-Q2", "none", None),
        )
        .await,
    );
    assert_eq!(text.zh(), "意向状态的交易尚不能填报");
    assert_eq!(
        text.en(),
        "a deal that is inquiry has nothing to report yet"
    );
}

#[tokio::test]
async fn an_open_licence_is_taken_by_notice_and_payment_and_is_in_force_at_once() {
    let w = world().await;
    let app = w.app_on(SIGNED_ON);
    let listing =
        w.f.listing(&w.office, w.tju, &open_licence_form(), true)
            .await;

    // No negotiation on an open licence.
    let fields = invalid(deals::open(&app, &w.sme, listing, None).await);
    says(
        on(&fields, "listing"),
        "开放许可无需洽谈",
        "an open licence needs no negotiation",
    );
    let fields = invalid(
        deals::accept_open_licence(
            &app,
            &w.sme,
            listing,
            &AcceptanceNotice {
                payment_reference: " ".into(),
                paid_yuan: "100".into(),
                message: None,
            },
        )
        .await,
    );
    assert_eq!(names(&fields), ["paid_yuan", "payment_reference"]);
    says(
        on(&fields, "paid_yuan"),
        "须随通知支付 ¥50000.00",
        "¥50000.00 must be paid with the notice",
    );
    says(
        on(&fields, "payment_reference"),
        "请填写付款凭证号",
        "give the payment's reference",
    );

    let notice = AcceptanceNotice {
        payment_reference: "TJBANK-20260302-0088".into(),
        paid_yuan: "50000".into(),
        message: Some("我司接受开放许可声明的全部条件".into()),
    };
    let deal = deals::accept_open_licence(&app, &w.sme, listing, &notice)
        .await
        .expect("the SME takes the open licence");
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::InForce);
    assert_eq!(view.deal.mode, ListingMode::OpenLicence);
    assert_eq!(view.deal.effective_on, Some(day(SIGNED_ON)));
    assert_eq!(view.documents[0].template, "open_licence_acceptance");
    assert_eq!(view.filing, None);
    assert_eq!(
        view.deal.terms,
        Some(OfferTerms {
            price: Some(Fen::new(5_000_000)),
            payment: PaymentPlan::Lump { due_days: 0 },
            term_months: Some(36),
            territory: "中华人民共和国境内".into(),
            scope: "电网侧储能电站、工商业储能".into(),
            equity_share_bp: None,
        })
    );
    assert_eq!(view.obligations.len(), 1);
    assert_eq!(view.obligations[0].amount_fen, Some(5_000_000));
    assert_eq!(
        view.obligations[0].paid_fen,
        Some(5_000_000),
        "what was paid with the notice settles the fee"
    );
    assert_eq!(view.obligations[0].paid_on, Some(day(SIGNED_ON)));
    let message = view.steps[0].message.as_deref().unwrap();
    assert!(
        message.contains("付款凭证：TJBANK-20260302-0088")
            && message.contains("我司接受开放许可声明的全部条件"),
        "{message}"
    );
    let (pdf, _, sha) = deals::contract_pdf(&app, &w.office, deal).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(hex::encode(Sha256::digest(&pdf)), sha);

    let text = conflict(deals::accept_open_licence(&app, &w.sme, listing, &notice).await);
    assert_eq!(text.zh(), "贵单位已取得该开放许可");
    assert_eq!(
        text.en(),
        "your organisation already holds this open licence"
    );
    // Another SME takes its own licence on the same terms.
    deals::accept_open_licence(&app, &w.stranger, listing, &notice)
        .await
        .expect("an open licence is open to every SME");
}

#[tokio::test]
async fn a_deal_is_hidden_from_strangers_and_overseers_read_it_without_taking_steps() {
    let w = world().await;
    let app = w.app_on(SIGNED_ON);
    let (deal, sha) = drafted(&w, &app).await;

    let text = not_found(deals::view(&app, &w.stranger, deal).await);
    assert_eq!(text.zh(), format!("没有交易 {deal}"));
    assert_eq!(text.en(), format!("no deal {deal}"));
    not_found(deals::contract_pdf(&app, &w.stranger, deal).await);
    not_found(deals::step(&app, &w.stranger, deal, DealEvent::Sign, &sign(&sha)).await);
    assert!(deals::my_deals(&app, &w.stranger).await.unwrap().is_empty());
    assert!(matches!(
        deals::view(&app, &Caller::anonymous(), deal).await,
        Err(Error::Unauthenticated(_))
    ));

    // The operation centre oversees deals: it reads them, takes no step.
    let view = deals::view(&app, &w.reviewer, deal).await.unwrap();
    assert_eq!(view.side, None);
    assert!(view.next.is_empty());
    let text = forbidden(deals::step(&app, &w.reviewer, deal, DealEvent::Sign, &sign(&sha)).await);
    says(
        &text,
        "仅交易双方可以操作",
        "only the two parties take steps",
    );

    for party in [&w.sme, &w.office] {
        let mine = deals::my_deals(&app, party).await.unwrap();
        assert_eq!(mine.iter().map(|d| d.id).collect::<Vec<_>>(), [deal]);
    }
    // Nothing the others tried was recorded.
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::ContractDrafted);
    assert!(view.signatures.is_empty());
}

#[tokio::test]
async fn terms_the_contract_cannot_print_are_refused_on_the_terms_and_nothing_is_drafted() {
    let w = world().await;
    let app = w.f.app().clone();
    let deal = deals::open(&app, &w.sme, w.listing, None).await.unwrap();
    let odd = OfferForm {
        scope: "电动叉车电池管理系统🦀".into(),
        ..royalty_offer()
    };
    take(&app, &w.office, deal, DealEvent::Offer, &offer(odd)).await;
    let fields = invalid(
        deals::step(
            &app,
            &w.sme,
            deal,
            DealEvent::AcceptOffer,
            &StepData::default(),
        )
        .await,
    );
    assert_eq!(names(&fields), ["terms"]);
    says(on(&fields, "terms"), "🦀", "🦀");
    let view = deals::view(&app, &w.sme, deal).await.unwrap();
    assert_eq!(view.deal.state, DealState::Negotiation);
    assert!(view.documents.is_empty());
}
