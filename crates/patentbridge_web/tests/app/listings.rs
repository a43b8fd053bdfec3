//! Listings end to end over the real router: the owner writes and submits,
//! an operation centre publishes, the mall finds it by words and facets;
//! every rule of the listing refuses with a message in both languages; and a
//! register event imported for a listed patent takes it out of the mall.

use patentbridge_app::{listings, market};
use patentbridge_domain::{RegisterEvent, RegisterEventKind};
use patentbridge_storage::ListingQuery;

use super::*;

/// 天津大学 (verified) with a member of its tech-transfer office, an
/// industry operation centre with a member, and a verified SME member; plus
/// a utility model of 天津大学. Returns (owner token, centre token, SME token).
async fn listing_world(app: &TestApp) -> (String, String, String) {
    let f = &app.fixture;
    let tju = f
        .verified("天津大学", OrganisationKind::University, "120104")
        .await;
    let centre = f
        .verified(
            "天津市动力电池产业知识产权运营中心",
            OrganisationKind::IndustryOperationCentre,
            "120116",
        )
        .await;
    let sme = f
        .verified("天津锂能科技有限公司", OrganisationKind::Sme, "120116")
        .await;
    for (login, org) in [
        ("tto@tju.example.cn", tju),
        ("reviewer@centre.example.cn", centre),
        ("buyer@sme.example.cn", sme),
    ] {
        f.member(org, login, Member::Member).await;
    }
    let mut utility = hand_made(
        "CN215000001U",
        "电池极片辊压装置",
        "天津大学",
        LegalStatus::InForce,
    );
    utility.patent_type = patentbridge_domain::PatentType::UtilityModel;
    app.with_patents(&[utility]).await;
    (
        app.token_for("tto@tju.example.cn").await,
        app.token_for("reviewer@centre.example.cn").await,
        app.token_for("buyer@sme.example.cn").await,
    )
}

fn open_licence(patents: &str) -> serde_json::Value {
    json!({
        "title": "锂离子电池正极材料开放许可",
        "patents": [patents],
        "mode": "open_licence",
        "price_model": "fixed",
        "open_payment": "lump_sum",
        "open_fee_yuan": 50000,
        "open_term_years": 3,
        "problem": "正极材料循环寿命短",
        "advantages": "循环寿命提高 40 %",
        "trl": 6,
        "scenarios": "动力电池生产",
        "industry": "new_energy_vehicles",
        "broker_name": "王老师",
        "broker_phone": "022-27400000",
    })
}

fn with(mut base: serde_json::Value, changes: serde_json::Value) -> serde_json::Value {
    for (k, v) in changes.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

async fn create(app: &TestApp, token: &str, body: serde_json::Value) -> Reply {
    app.call("POST", "/api/v1/listings", Some(token), Some(body))
        .await
}

async fn move_listing(app: &TestApp, token: &str, id: i64, event: &str, note: &str) -> Reply {
    app.call(
        "POST",
        &format!("/api/v1/listings/{id}/transitions"),
        Some(token),
        Some(json!({ "event": event, "note": note })),
    )
    .await
}

/// Creates and publishes a listing; returns its id.
async fn published(app: &TestApp, owner: &str, centre: &str, body: serde_json::Value) -> i64 {
    let r = create(app, owner, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(
        move_listing(app, owner, id, "submit", "").await.status,
        StatusCode::OK
    );
    let r = move_listing(app, centre, id, "approve", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

#[tokio::test]
async fn an_open_licence_listing_goes_through_review_into_the_mall_and_is_found_by_chinese_words_and_facets()
 {
    let app = TestApp::new().await;
    let (owner, centre, _) = listing_world(&app).await;
    let r = create(&app, &owner, open_licence("CN114000001A")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["state"]["code"], "draft");
    assert_eq!(v["open_licence"]["terms_zh"], "一次性支付 ¥50000.00");
    assert_eq!(
        app.get("/api/v1/listings").await.json()["total"],
        0,
        "a draft is not in the mall"
    );
    assert_eq!(
        app.get(&format!("/api/v1/listings/{id}")).await.status,
        StatusCode::NOT_FOUND
    );

    let r = move_listing(&app, &owner, id, "submit", "").await;
    assert_eq!(r.json()["state"]["code"], "under_review");
    // The owner cannot publish its own listing; the centre's queue holds it.
    assert_eq!(
        move_listing(&app, &owner, id, "approve", "").await.status,
        StatusCode::NOT_FOUND
    );
    let queue = app.get_as("/api/v1/review/listings", &centre).await.json();
    assert_eq!(queue["listings"][0]["id"], id);
    let r = move_listing(&app, &centre, id, "approve", "").await;
    assert_eq!(r.json()["state"]["code"], "published");

    let found = app
        .get(&format!("/api/v1/listings?q={}", enc("锂离子电池正极")))
        .await
        .json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["listings"][0]["id"], id);
    assert_eq!(
        app.get("/api/v1/listings?mode=open_licence").await.json()["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/listings?mode=transfer").await.json()["total"],
        0
    );
    assert_eq!(
        app.get(&format!("/api/v1/listings?q={}", enc("量子计算")))
            .await
            .json()["total"],
        0
    );
    let all = app.get("/api/v1/listings").await.json();
    assert_eq!(all["facets"]["mode"], json!([["open_licence", 1]]));
    assert_eq!(
        all["facets"]["industry"],
        json!([["new_energy_vehicles", 1]])
    );

    let mall = app
        .get(&format!("/mall?q={}&lang=en", enc("正极材料")))
        .await;
    assert_eq!(mall.status, StatusCode::OK);
    assert!(mall.body.contains("锂离子电池正极材料开放许可") && mall.body.contains("Open licence"));
    let detail = app.get(&format!("/mall/listings/{id}")).await;
    assert!(detail.body.contains("开放许可使用费") && detail.body.contains("登录后提出意向"));
    // The history names each step.
    let history = app
        .get_as(&format!("/api/v1/listings/{id}"), &owner)
        .await
        .json()["history"]
        .clone();
    let events: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, vec!["create", "submit", "approve"]);
}

#[tokio::test]
async fn every_listing_rule_refuses_with_the_field_and_a_message_in_both_languages() {
    let app = TestApp::new().await;
    let (owner, centre, _) = listing_world(&app).await;
    let refused = |r: &Reply, field: &str, en: &str, zh: &str| {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let v = r.json();
        let message = v["fields"][field]
            .as_str()
            .unwrap_or_else(|| panic!("no {field} in {v}"));
        assert!(message.contains(en), "{message}");
        assert!(v["fields_zh"][field].as_str().unwrap().contains(zh), "{v}");
    };
    // Open-licence caps.
    let r = create(
        &app,
        &owner,
        with(
            open_licence("CN114000001A"),
            json!({"open_fee_yuan": "20000000.01"}),
        ),
    )
    .await;
    refused(&r, "open_fee_yuan", "¥20 million", "2000 万元");
    let r = create(&app, &owner, with(open_licence("CN114000001A"),
        json!({"open_payment": "royalty", "open_royalty_percent": 25, "open_royalty_basis": "net_sales"}))).await;
    refused(&r, "open_royalty_percent", "20 % of net sales", "20%");
    let r = create(&app, &owner, with(open_licence("CN114000001A"),
        json!({"open_payment": "royalty", "open_royalty_percent": 41, "open_royalty_basis": "profit"}))).await;
    refused(&r, "open_royalty_percent", "40 % of profit", "40%");
    // A utility model needs its evaluation report.
    let r = create(&app, &owner, open_licence("CN215000001U")).await;
    refused(
        &r,
        "evaluation_report",
        "evaluation report",
        "专利权评价报告",
    );
    let r = create(
        &app,
        &owner,
        with(
            open_licence("CN215000001U"),
            json!({"evaluation_report": "PJ2025-0001"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A lapsed patent, one held by someone else, an unknown one.
    let r = create(&app, &owner, open_licence("CN114000002A")).await;
    refused(&r, "patents", "only patents in force", "只有有效专利");
    assert!(r.json()["fields"]["patents"].as_str().is_some());
    let r = create(&app, &owner, open_licence("CN999999999A")).await;
    refused(&r, "patents", "not in the catalogue", "不在专利库");
    // Zero-price first patent: one patent, transferred.
    let zero = with(
        open_licence("CN114000001A"),
        json!({"mode": "transfer", "price_model": "zero_price_first", "patents": ["CN114000001A", "CN215000001U"]}),
    );
    refused(
        &create(&app, &owner, zero).await,
        "patents",
        "exactly one patent",
        "只能挂牌一件",
    );
    // No exclusive or sole licence while an open licence runs, and the reverse.
    published(&app, &owner, &centre, open_licence("CN114000001A")).await;
    for mode in ["exclusive_licence", "sole_licence"] {
        let r = create(
            &app,
            &owner,
            with(
                open_licence("CN114000001A"),
                json!({"mode": mode, "price_yuan": 80000}),
            ),
        )
        .await;
        refused(&r, "mode", "no ", "开放许可期间");
    }
    let ordinary = create(
        &app,
        &owner,
        with(
            open_licence("CN114000001A"),
            json!({"mode": "ordinary_licence", "price_yuan": 80000}),
        ),
    )
    .await;
    assert_eq!(
        ordinary.status,
        StatusCode::CREATED,
        "an ordinary licence may run beside it"
    );
    // Nothing refused was stored: two drafts and one published listing.
    let tju = app.org_id("天津大学").await;
    let count = listings::organisation_listings(
        app.app(),
        app.admin(),
        tju,
        Vec::new(),
        ListingQuery {
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .items
    .len();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn transitions_from_the_wrong_state_are_409_and_sending_back_needs_a_reason() {
    let app = TestApp::new().await;
    let (owner, centre, sme) = listing_world(&app).await;
    let id = create(&app, &owner, open_licence("CN114000001A"))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let r = move_listing(&app, &centre, id, "approve", "").await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a draft cannot be approved: {}",
        r.body
    );
    // The Chinese message has its own field now.
    assert!(r.json()["error_zh"].as_str().unwrap().contains("草稿"));
    assert_eq!(
        move_listing(&app, &owner, id, "resume", "").await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        move_listing(&app, &owner, id, "submit", "").await.status,
        StatusCode::OK
    );
    let r = move_listing(&app, &centre, id, "reject", "  ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["fields"]["note"].is_string());
    let r = move_listing(&app, &centre, id, "reject", "请补充量化指标").await;
    assert_eq!(r.json()["state"]["code"], "draft");
    let v = app
        .get_as(&format!("/api/v1/listings/{id}"), &owner)
        .await
        .json();
    assert_eq!(v["review_note"], "请补充量化指标");
    // An SME cannot move someone else's listing; a draft can be edited.
    assert_eq!(
        move_listing(&app, &sme, id, "close", "").await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/listings/{id}"),
            Some(&owner),
            Some(with(
                open_licence("CN114000001A"),
                json!({"advantages": "循环寿命提高 45 %，成本降低 12 %"}),
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        move_listing(&app, &owner, id, "submit", "").await.status,
        StatusCode::OK
    );
    assert_eq!(
        move_listing(&app, &centre, id, "approve", "").await.status,
        StatusCode::OK
    );
    // Pause and resume by the owner; a published listing cannot be edited.
    assert_eq!(
        move_listing(&app, &owner, id, "pause", "").await.json()["state"]["code"],
        "paused"
    );
    assert_eq!(app.get("/api/v1/listings").await.json()["total"], 0);
    assert_eq!(
        move_listing(&app, &owner, id, "resume", "").await.json()["state"]["code"],
        "published"
    );
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/listings/{id}"),
            Some(&owner),
            Some(open_licence("CN114000001A")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Withdrawing the open licence closes the listing for good.
    assert_eq!(
        move_listing(&app, &owner, id, "close", "撤回开放许可")
            .await
            .json()["state"]["code"],
        "closed"
    );
    assert_eq!(
        move_listing(&app, &owner, id, "resume", "").await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        move_listing(&app, &owner, id, "close", "").await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn importing_a_lapse_of_a_listed_patent_pauses_its_listing_and_the_mall_no_longer_shows_it() {
    let app = TestApp::new().await;
    let (owner, centre, _) = listing_world(&app).await;
    let id = published(&app, &owner, &centre, open_licence("CN114000001A")).await;
    assert_eq!(app.get("/api/v1/listings").await.json()["total"], 1);
    let mut lapsed = hand_made(
        "CN114000001A",
        "锂离子电池正极材料",
        "天津大学",
        LegalStatus::InForce,
    );
    lapsed.events = vec![
        RegisterEvent {
            date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            kind: RegisterEventKind::Grant,
            detail: String::new(),
        },
        RegisterEvent {
            date: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            kind: RegisterEventKind::Termination,
            detail: "未缴年费专利权终止".into(),
        },
    ];
    app.with_patents(&[lapsed]).await;
    assert_eq!(
        app.get("/api/v1/listings").await.json()["total"],
        0,
        "the mall no longer shows it"
    );
    assert_eq!(
        app.get(&format!("/mall/listings/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let v = app
        .get_as(&format!("/api/v1/listings/{id}"), &owner)
        .await
        .json();
    assert_eq!(v["state"]["code"], "paused");
    assert_eq!(v["pause_reason"]["code"], "fee_unpaid");
    assert_eq!(v["pause_reason"]["zh"], "未缴年费");
    // The owner is told, and cannot bring it back while the patent is lapsed.
    let owner_caller = app.caller_for("tto@tju.example.cn").await;
    let inbox = market::inbox(app.app(), &owner_caller)
        .await
        .unwrap()
        .notifications;
    assert!(inbox.iter().any(|n| n.subject_zh.contains("未缴年费")
        && n.link.as_deref() == Some(&*format!("/listings/{id}"))));
    let r = move_listing(&app, &owner, id, "resume", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["fields"]["patents"]
            .as_str()
            .unwrap()
            .contains("only patents in force")
    );
    // The owner's page shows the reason.
    let page = app
        .get_with(
            &format!("/listings/{id}"),
            Some(&format!("pb_session={owner}")),
        )
        .await;
    assert!(page.body.contains("未缴年费"), "{}", page.body);
}

#[tokio::test]
async fn the_listing_form_names_each_wrong_field_keeps_what_was_typed_and_saves_a_good_draft() {
    let app = TestApp::new().await;
    let (owner, _, _) = listing_world(&app).await;
    let cookie = format!("pb_session={owner}");
    let form = app.get_with("/listings/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("技术成熟度") && form.body.contains("开放许可声明"));
    let csrf = csrf_of(&form.body);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("title", "锂电正极开放许可"),
        ("patents", "CN114000001A"),
        ("mode", "open_licence"),
        ("price_model", "fixed"),
        ("open_payment", "lump_sum"),
        ("open_fee_yuan", "30000000"),
        ("open_term_years", "3"),
        ("problem", "循环寿命短"),
        ("advantages", "寿命提高 40%"),
        ("trl", "6"),
        ("scenarios", "动力电池"),
        ("broker_name", "王老师"),
        ("broker_phone", "022-27400000"),
    ];
    let r = app.post_form("/listings", &fields, &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("2000 万元"), "the cap is named");
    assert!(
        r.body.contains("锂电正极开放许可"),
        "what was typed is kept"
    );
    fields[6] = ("open_fee_yuan", "30000");
    let r = app.post_form("/listings", &fields, &cookie, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let manage = app.get_with("/listings", Some(&cookie)).await;
    assert!(manage.body.contains("锂电正极开放许可") && manage.body.contains("草稿"));
}
