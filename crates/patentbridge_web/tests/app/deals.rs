//! Deals end to end over the real router: from an inquiry to a signed
//! ordinary licence bound to its contract's hash, the legal refusals at
//! signing, open-licence acceptance by notice and payment, royalty reports,
//! payments and the outcome ledger.

use super::*;
use patentbridge_domain::{RegisterEvent, RegisterEventKind};
use sha2::{Digest, Sha256};

/// A published listing of `owner` on a fresh patent in force.
async fn listing(app: &TestApp, owner: i64, number: &str, form: ListingForm) -> i64 {
    let form = ListingForm {
        problem: "电池热失控".into(),
        advantages: "提前预警".into(),
        trl: "6".into(),
        scenarios: "电动叉车".into(),
        industry: "new_energy".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..form
    };
    app.listing_on(owner, number, form, true).await
}

fn ordinary_licence() -> ListingForm {
    ListingForm {
        title: "锂电池热失控预警方法普通许可".into(),
        mode: "ordinary_licence".into(),
        price_model: "negotiable".into(),
        ..ListingForm::default()
    }
}

struct Parties {
    app: TestApp,
    sme: String,
    owner: String,
    listing: i64,
}

async fn parties() -> Parties {
    let app = TestApp::new().await;
    let (tju, owner) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (_, sme) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津叉车科技有限公司",
        "buyer@forklift.example.cn",
    )
    .await;
    let listing = listing(&app, tju, "CN201910000101A", ordinary_licence()).await;
    Parties {
        app,
        sme,
        owner,
        listing,
    }
}

fn royalty_terms() -> serde_json::Value {
    serde_json::json!({
        "price_fen": null, "payment": "royalty", "royalty_basis": "net_sales", "royalty_bp": 300,
        "entry_fee_fen": 2000000, "term_months": 24, "territory": "中国大陆", "scope": "电动叉车电池管理",
    })
}

async fn ev(app: &TestApp, token: &str, deal: i64, body: serde_json::Value) -> Reply {
    app.call(
        "POST",
        &format!("/api/v1/deals/{deal}/events"),
        Some(token),
        Some(body),
    )
    .await
}

/// Opens a deal and brings it to a drafted contract; (deal, sme token, owner token).
async fn drafted(p: &Parties) -> (i64, String, String) {
    let sme = p.app.token_for(&p.sme).await;
    let owner = p.app.token_for(&p.owner).await;
    let r = p
        .app
        .call(
            "POST",
            "/api/v1/deals",
            Some(&sme),
            Some(serde_json::json!({"listing_id": p.listing, "message": "想了解许可条件"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let deal = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["state"], "inquiry");
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "offer", "terms": royalty_terms()}),
    )
    .await;
    assert_eq!(r.json()["state"], "negotiation", "{}", r.body);
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "accept_offer"}),
    )
    .await;
    assert_eq!(r.json()["state"], "contract_drafted", "{}", r.body);
    (deal, sme, owner)
}

#[tokio::test]
async fn deals_an_sme_and_a_university_reach_a_signed_ordinary_licence_bound_to_the_contracts_hash()
{
    let p = parties().await;
    let sme = p.app.token_for(&p.sme).await;
    let owner = p.app.token_for(&p.owner).await;
    let r = p
        .app
        .call(
            "POST",
            "/api/v1/deals",
            Some(&sme),
            Some(serde_json::json!({"listing_id": p.listing})),
        )
        .await;
    let deal = r.json()["id"].as_i64().unwrap();
    assert_eq!(
        r.json()["next"],
        serde_json::json!(["message", "offer", "withdraw"])
    );
    let owner_view = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}"), &owner)
        .await
        .json();
    assert_eq!(
        owner_view["next"],
        serde_json::json!(["message", "offer", "reject"])
    );

    // An offer cannot be accepted by the side that made it; a bad offer is 422.
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "offer", "terms": {"payment": "royalty"}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "offer", "terms": royalty_terms()}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "accept_offer"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("自己的报价"));
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "accept_offer"}),
    )
    .await;
    assert_eq!(r.json()["state"], "contract_drafted", "{}", r.body);
    let sha = r.json()["documents"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        r.json()["documents"][0]["template"],
        "patent_licence_ordinary"
    );

    // The PDF served is the one whose hash is shown.
    let pdf = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}/contract.pdf"), &sme)
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert_eq!(hex::encode(Sha256::digest(&pdf.bytes)), sha);

    // Signing with a stale hash is refused; then both sign the same hash.
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "sign", "sha256": "0000"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "sign", "sha256": sha}),
    )
    .await;
    assert_eq!(r.json()["state"], "partly_signed", "{}", r.body);
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "sign", "sha256": sha}),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "no second signature by the same side"
    );
    let r = ev(&p.app, &owner, deal, serde_json::json!({"event": "sign"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a signature names the hash read"
    );
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "sign", "sha256": sha}),
    )
    .await;
    let v = r.json();
    assert_eq!(v["state"], "signed", "{}", r.body);
    let signatures = v["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    assert!(signatures.iter().all(|s| s["sha256"] == sha.as_str()));
    assert!(v["effective_on"].is_string());
    assert_eq!(
        v["filing"]["status"], "on_time",
        "the 3-month filing deadline is tracked"
    );
    let obligations = v["obligations"].as_array().unwrap();
    assert_eq!(obligations[0]["amount_fen"], 2000000, "the entry fee");
    assert_eq!(
        obligations.len(),
        9,
        "the entry fee and eight quarters of royalty"
    );

    // Only the owner records the filing; then performance and reports.
    let record = serde_json::json!({"event": "record", "record_number": "BA2026000123", "recorded_on": chrono::Utc::now().date_naive().to_string()});
    let r = ev(&p.app, &sme, deal, record.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("只有权利人"));
    assert_eq!(
        ev(&p.app, &owner, deal, record).await.json()["state"],
        "recorded"
    );
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "start_performance"}),
    )
    .await;
    assert_eq!(r.json()["state"], "in_force");
    let quarter = &r.json()["obligations"][1];
    let report = serde_json::json!({
        "obligation_id": quarter["id"], "period_start": quarter["period_start"], "period_end": quarter["period_end"],
        "sales_yuan": "1000000",
    });
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/royalty-reports"),
            Some(&sme),
            Some(report.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/royalty-reports"),
            Some(&sme),
            Some(report),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "one report per period"
    );
    let v = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}"), &owner)
        .await
        .json();
    assert_eq!(
        v["royalty_reports"][0]["royalty_fen"], 3_000_000,
        "3 % of ¥1,000,000"
    );
    assert_eq!(v["obligations"][1]["amount_fen"], 3_000_000);
    let payments = format!("/api/v1/deals/{deal}/payments");
    let pay = |yuan: &str| serde_json::json!({"obligation_id": quarter["id"], "paid_yuan": yuan});
    let r = p
        .app
        .call("POST", &payments, Some(&sme), Some(pay("0.01")))
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a cent does not settle ¥30,000"
    );
    let r = p
        .app
        .call("POST", &payments, Some(&sme), Some(pay("30000")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A royalty report cannot rewrite the fixed entry fee.
    let fee = v["obligations"][0]["id"].clone();
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/royalty-reports"),
            Some(&sme),
            Some(serde_json::json!({"obligation_id": fee, "period_start": "2026-01-01", "period_end": "2026-04-01", "sales_yuan": "0"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // The outcome ledger: recognition only after filing.
    let outcome = |filing: &str| {
        serde_json::json!({
            "period": "2026-Q4", "product_name": "电池管理模组", "filing": filing, "filing_number": "ZLCP-1",
            "output_value_yuan": "3200000", "revenue_yuan": "2100000", "jobs": "8",
        })
    };
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/outcomes"),
            Some(&sme),
            Some(outcome("recognised")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/outcomes"),
            Some(&sme),
            Some(outcome("filed")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = p
        .app
        .call(
            "POST",
            &format!("/api/v1/deals/{deal}/outcomes"),
            Some(&owner),
            Some(outcome("filed")),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "only the SME reports outcomes"
    );

    let history: Vec<String> = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}"), &sme)
        .await
        .json()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        history,
        [
            "inquire",
            "offer",
            "accept_offer",
            "sign",
            "sign",
            "record",
            "start_performance"
        ]
    );
}

#[tokio::test]
async fn deals_signing_on_a_patent_that_lapsed_meanwhile_is_refused_and_the_deal_stays_as_it_was() {
    let p = parties().await;
    let (deal, sme, _) = drafted(&p).await;
    let mut lapsed = hand_made(
        "CN201910000101A",
        "锂电池热失控预警方法普通许可",
        "天津大学",
        LegalStatus::Lapsed,
    );
    lapsed.events = vec![RegisterEvent {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        kind: RegisterEventKind::Termination,
        detail: "未缴年费专利权终止".into(),
    }];
    p.app.with_patents(&[lapsed]).await;
    let before = p.app.audit_count().await;
    let sha = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}"), &sme)
        .await
        .json()["documents"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "sign", "sha256": sha}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("已不在有效状态"), "{}", r.body);
    let v = p
        .app
        .get_as(&format!("/api/v1/deals/{deal}"), &sme)
        .await
        .json();
    assert_eq!(v["state"], "contract_drafted");
    assert!(v["signatures"].as_array().unwrap().is_empty());
    assert_eq!(p.app.audit_count().await, before);
}

#[tokio::test]
async fn deals_an_open_licence_is_taken_by_notice_and_payment_and_is_in_force_at_once() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (_, sme) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津叉车科技有限公司",
        "buyer@forklift.example.cn",
    )
    .await;
    let open = listing(
        &app,
        tju,
        "CN201910000102A",
        ListingForm {
            title: "电池管理方法开放许可".into(),
            mode: "open_licence".into(),
            price_model: "fixed".into(),
            open_payment: "lump_sum".into(),
            open_fee_yuan: "50000".into(),
            open_term_years: "3".into(),
            ..ListingForm::default()
        },
    )
    .await;
    let token = app.token_for(&sme).await;
    // No negotiation on an open licence.
    let r = app
        .call(
            "POST",
            "/api/v1/deals",
            Some(&token),
            Some(serde_json::json!({"listing_id": open})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .call("POST", "/api/v1/deals/open-licence", Some(&token), Some(serde_json::json!({"listing_id": open, "payment_reference": "", "paid_yuan": "100"})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let (fields, _) = field_names(&r);
    assert_eq!(fields, ["paid_yuan", "payment_reference"]);
    let r = app
        .call("POST", "/api/v1/deals/open-licence", Some(&token), Some(serde_json::json!({"listing_id": open, "payment_reference": "TJBANK-001", "paid_yuan": "50000"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["state"], "in_force");
    assert_eq!(v["documents"][0]["template"], "open_licence_acceptance");
    assert_eq!(v["obligations"][0]["paid_fen"], 5_000_000);
    assert!(v["effective_on"].is_string());

    // Withdrawing the open licence closes the listing; the licence granted stays.
    let deal = v["id"].as_i64().unwrap();
    let owner = app.token_for("tto@tju.example.cn").await;
    let r = app
        .call(
            "POST",
            &format!("/api/v1/listings/{open}/transitions"),
            Some(&owner),
            Some(serde_json::json!({"event": "close"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = app
        .get_as(&format!("/api/v1/deals/{deal}"), &token)
        .await
        .json();
    assert_eq!(after["state"], "in_force");
}

#[tokio::test]
async fn deals_are_hidden_from_strangers_and_the_deal_pages_render_in_both_languages() {
    let p = parties().await;
    let (deal, sme, _) = drafted(&p).await;
    let (_, other) = member_of(
        &p.app,
        OrganisationKind::Sme,
        "另一家公司",
        "other@sme.example.cn",
    )
    .await;
    let other = p.app.token_for(&other).await;
    assert_eq!(
        p.app
            .get_as(&format!("/api/v1/deals/{deal}"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        p.app
            .get_as(&format!("/api/v1/deals/{deal}/contract.pdf"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ev(&p.app, &other, deal, serde_json::json!({"event": "sign"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let cookie = format!("pb_session={sme}");
    for (uri, zh, en) in [
        ("/deals".to_string(), "我的交易", "My deals"),
        (format!("/deals/{deal}"), "合同", "Contract"),
    ] {
        let r = p.app.get_with(&uri, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(r.body.contains(zh), "{uri}");
        let r = p
            .app
            .get_with(&format!("{uri}?lang=en"), Some(&cookie))
            .await;
        assert!(r.body.contains(en), "{uri}");
    }
}

#[tokio::test]
async fn deals_a_redrafted_contract_is_a_new_document_and_the_side_that_disputes_cannot_end_the_deal_alone()
 {
    let p = parties().await;
    let (deal, sme, owner) = drafted(&p).await;
    let uri = format!("/api/v1/deals/{deal}");
    let first = p.app.get_as(&uri, &sme).await.json()["documents"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "sign", "sha256": first}),
    )
    .await;
    assert_eq!(r.json()["state"], "partly_signed");
    // The same terms offered and accepted again make a new draft: the old
    // signature does not carry over.
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "offer", "terms": royalty_terms()}),
    )
    .await;
    assert_eq!(r.json()["state"], "negotiation", "{}", r.body);
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "accept_offer"}),
    )
    .await;
    let second = r.json()["documents"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "sign", "sha256": first}),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "the old draft cannot be signed"
    );
    for token in [&sme, &owner] {
        let r = ev(
            &p.app,
            token,
            deal,
            serde_json::json!({"event": "sign", "sha256": second}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(p.app.get_as(&uri, &sme).await.json()["state"], "signed");

    // The SME disputes; it can neither settle nor end the deal alone.
    let r = ev(
        &p.app,
        &sme,
        deal,
        serde_json::json!({"event": "dispute", "message": "资料未交付"}),
    )
    .await;
    assert_eq!(r.json()["state"], "disputed");
    for e in ["resolve", "terminate"] {
        let r = ev(&p.app, &sme, deal, serde_json::json!({"event": e})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{e}: {}", r.body);
    }
    // The owner settles: the licence returns to signed and still has to be filed.
    let r = ev(
        &p.app,
        &owner,
        deal,
        serde_json::json!({"event": "resolve"}),
    )
    .await;
    assert_eq!(r.json()["state"], "signed", "{}", r.body);
    assert_eq!(r.json()["filing"]["status"], "on_time");
}
