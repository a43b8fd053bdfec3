//! The dormant-patent pool end to end: screening, the intake chain with its
//! permissions, the public summary and bulk upload.

use patentbridge_app::pool;
use patentbridge_domain::pool::IntakeState;
use patentbridge_domain::{RegisterEvent, RegisterEventKind};

use super::*;

/// 天津大学 (verified) with a member and a manager, and one more of its
/// patents licensed a hundred days ago. Returns the organisation's id.
async fn university(app: &TestApp) -> i64 {
    let f = &app.fixture;
    let tju = f
        .verified("天津大学", OrganisationKind::University, "120104")
        .await;
    f.member(tju, "member@tju.example.cn", Member::Member).await;
    f.member(tju, "tto@tju.example.cn", Member::Manager).await;
    let mut licensed = hand_made(
        "CN114000003A",
        "锂离子电池负极材料",
        "天津大学",
        LegalStatus::InForce,
    );
    licensed.events = vec![RegisterEvent {
        date: chrono::Utc::now().date_naive() - chrono::Duration::days(100),
        kind: RegisterEventKind::LicenceFiling,
        detail: "专利实施许可合同备案".into(),
    }];
    app.with_patents(&[licensed]).await;
    tju
}

/// How many of the organisation's pool entries are in each intake state.
async fn state_counts(app: &TestApp, organisation: i64) -> Vec<(IntakeState, i64)> {
    pool::state_counts(app.app(), app.admin(), organisation)
        .await
        .unwrap()
}

/// Whether the catalogue holds a patent of this number.
async fn in_catalogue(app: &TestApp, number: &str) -> bool {
    match catalogue::patent(app.app(), number).await {
        Ok(_) => true,
        Err(patentbridge_app::Error::NotFound(_)) => false,
        Err(e) => panic!("reading {number}: {e:?}"),
    }
}

async fn step(app: &TestApp, token: &str, id: i64, step: &str) -> Reply {
    app.call(
        "POST",
        &format!("/api/v1/pool/entries/{id}/steps"),
        Some(token),
        Some(json!({ "step": step, "note": "同意" })),
    )
    .await
}

#[tokio::test]
async fn pool_screening_shows_a_dormant_university_patent_with_its_reasons_and_not_a_recently_licensed_one()
 {
    let app = TestApp::new().await;
    university(&app).await;
    let token = app.token_for("member@tju.example.cn").await;
    let page = app
        .get_with("/pool/screening", Some(&format!("pb_session={token}")))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (dormant, others) = page.body.split_once(r#"id="others""#).unwrap();
    assert!(dormant.contains("CN114000001A"), "{dormant}");
    assert!(dormant.contains("从未发生转让"));
    assert!(dormant.contains("✓ 权利人为高校"), "{dormant}");
    assert!(dormant.contains("提议入池"));
    assert!(!dormant.contains(r#"value="CN114000003A""#));
    assert!(others.contains("CN114000003A"));
    assert!(others.contains("✗ "));

    let api = app
        .get_as("/api/v1/pool/candidates?idle_years=3", &token)
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v = api.json();
    let numbers: Vec<&str> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&"CN114000001A"));
    assert!(!numbers.contains(&"CN114000003A"));
    // With a one-year idle period the licensed patent is still recent.
    let bad = app
        .get_as("/api/v1/pool/candidates?idle_years=0", &token)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["fields"]["idle_years"].is_string());
}

#[tokio::test]
async fn a_pool_entry_needs_the_department_then_a_manager_and_skipping_a_step_is_409() {
    let app = TestApp::new().await;
    university(&app).await;
    let member = app.token_for("member@tju.example.cn").await;
    let manager = app.token_for("tto@tju.example.cn").await;

    let r = app
        .call(
            "POST",
            "/api/v1/pool/entries",
            Some(&member),
            Some(json!({ "patents": ["CN114000001A"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["ids"][0].as_i64().unwrap();
    // Proposing it again while open is a conflict naming the patent.
    let again = app
        .call(
            "POST",
            "/api/v1/pool/entries",
            Some(&member),
            Some(json!({ "patents": ["CN114000001A"] })),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("CN114000001A"));
    // A recently licensed patent is not a candidate.
    let not_dormant = app
        .call(
            "POST",
            "/api/v1/pool/entries",
            Some(&member),
            Some(json!({ "patents": ["CN114000003A"] })),
        )
        .await;
    assert_eq!(not_dormant.status, StatusCode::UNPROCESSABLE_ENTITY);

    let skip = step(&app, &manager, id, "office_approve").await;
    assert_eq!(skip.status, StatusCode::CONFLICT, "{}", skip.body);
    let dept = step(&app, &member, id, "department_approve").await;
    assert_eq!(dept.status, StatusCode::OK, "{}", dept.body);
    assert_eq!(dept.json()["state"], "department_approved");
    let refused = step(&app, &member, id, "office_approve").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let before = app.get("/api/v1/pool").await.json();
    assert_eq!(before["pooled"], 0);
    assert_eq!(before["in_review"], 1);
    let office = step(&app, &manager, id, "office_approve").await;
    assert_eq!(office.status, StatusCode::OK, "{}", office.body);
    assert_eq!(office.json()["state"], "pooled");

    let summary = app.get("/api/v1/pool").await.json();
    assert_eq!(summary["pooled"], 1);
    assert_eq!(summary["target"], 3000);
    assert_eq!(summary["by_owner"][0]["name_zh"], "天津大学");
    let page = app.get("/pool").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"id="pool-count""#));
    assert!(page.body.contains("天津大学"));

    let history = app
        .get_with(
            &format!("/pool/entries/{id}"),
            Some(&format!("pb_session={member}")),
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert!(history.body.contains("院系审核通过"));
    assert!(history.body.contains("tto@tju.example.cn"));
    let entries = app
        .get_as("/api/v1/pool/entries?state=pooled", &member)
        .await
        .json();
    assert_eq!(entries["entries"][0]["number"], "CN114000001A");
}

#[tokio::test]
async fn pool_intake_page_approves_several_entries_at_once_with_the_form_token() {
    let app = TestApp::new().await;
    let tju = university(&app).await;
    let mut more = hand_made(
        "CN114000004A",
        "锂电池电解液",
        "天津大学",
        LegalStatus::InForce,
    );
    more.events.clear();
    app.with_patents(&[more]).await;
    let member = app.token_for("member@tju.example.cn").await;
    let r = app
        .call(
            "POST",
            "/api/v1/pool/entries",
            Some(&member),
            Some(json!({ "patents": ["CN114000001A", "CN114000004A"] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ids: Vec<String> = r.json()["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.to_string())
        .collect();
    let cookie = format!("pb_session={member}");
    let page = app.get_with("/pool/intake", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("院系审核通过"));
    let csrf = csrf_of(&page.body);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("state", "proposed"),
        ("step", "department_approve"),
    ];
    for id in &ids {
        fields.push(("entry", id.as_str()));
    }
    let posted = app.post_form("/pool/intake", &fields, &cookie, None).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let counts = state_counts(&app, tju).await;
    assert!(counts.contains(&(IntakeState::DepartmentApproved, 2)));
    // Rejecting without a note is refused with the field named.
    let fields = [
        ("csrf", csrf.as_str()),
        ("state", "department_approved"),
        ("step", "reject"),
        ("entry", ids[0].as_str()),
    ];
    let no_note = app.post_form("/pool/intake", &fields, &cookie, None).await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.body.contains("f-note"));
}

/// A multipart upload of one file to `/pool/upload`.
async fn upload(app: &TestApp, cookie: &str, csrf: &str, name: &str, content: &str) -> Reply {
    let boundary = "pbpoolboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    let req = Request::builder()
        .method("POST")
        .uri("/pool/upload")
        .header(header::HOST, "localhost")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, cookie);
    app.send(req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_pool_upload_with_a_bad_row_names_it_and_stores_nothing_and_a_good_one_proposes_all() {
    let app = TestApp::new().await;
    let tju = university(&app).await;
    // Loading records into the catalogue is for the office's managers.
    let token = app.token_for("tto@tju.example.cn").await;
    let cookie = format!("pb_session={token}");
    let page = app.get_with("/pool/upload", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = csrf_of(&page.body);
    let bad = "公开号,发明名称,申请人,法律状态\n\
               CN119000001A,一种储能电池热管理方法,天津大学,有效\n\
               ,缺少公开号的专利,天津大学,有效\n";
    let r = upload(&app, &cookie, &csrf, "pool.csv", bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"id="rejections""#), "{}", r.body);
    assert!(r.body.contains("<td class=\"num\">3</td>"), "{}", r.body);
    // The row's reason in the page's language: Chinese here, English on
    // the English page.
    assert!(r.body.contains("公开号为空"), "{}", r.body);
    let en = upload(&app, &format!("{cookie}; lang=en"), &csrf, "pool.csv", bad).await;
    assert!(en.body.contains("publication number"), "{}", en.body);
    assert!(!in_catalogue(&app, "CN119000001A").await);
    let summary = pool::summary(app.app()).await.unwrap();
    assert_eq!(summary.in_review, 0);

    let good = "公开号,发明名称,申请人,法律状态\n\
                CN119000001A,一种储能电池热管理方法,天津大学,有效\n\
                CN119000002A,一种储能电池均衡电路,天津大学,有效\n";
    let r = upload(&app, &cookie, &csrf, "pool.csv", good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let counts = state_counts(&app, tju).await;
    assert!(counts.contains(&(IntakeState::Proposed, 2)));
    // Without the form token nothing happens.
    let r = upload(&app, &cookie, &"0".repeat(64), "pool.csv", good).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_pool_upload_never_rewrites_another_holders_patent_and_is_for_managers() {
    let app = TestApp::new().await;
    university(&app).await;
    // CN114000002A is held by 天津某某科技有限公司 in the test catalogue.
    let takeover = "公开号,发明名称,申请人,法律状态\n\
                    CN114000002A,锂离子电池隔膜,天津大学,有效\n";
    let token = app.token_for("tto@tju.example.cn").await;
    let cookie = format!("pb_session={token}");
    let csrf = csrf_of(&app.get_with("/pool/upload", Some(&cookie)).await.body);
    let r = upload(&app, &cookie, &csrf, "pool.csv", takeover).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("权利人不是本单位"), "{}", r.body);
    // The reason is in the reader's language only, no longer glued
    // "中文 (English)": the English page names it in English.
    let en = format!("{cookie}; lang=en");
    let r = upload(&app, &en, &csrf, "pool.csv", takeover).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("another holder"), "{}", r.body);
    let kept = catalogue::patent(app.app(), "CN114000002A")
        .await
        .unwrap()
        .patent;
    assert_eq!(kept.applicants[0].name, "天津某某科技有限公司");
    assert_eq!(kept.legal_status, LegalStatus::Lapsed);
    // A plain member may screen and propose but not load records.
    let member = app.token_for("member@tju.example.cn").await;
    let cookie = format!("pb_session={member}");
    let csrf = csrf_of(&app.get_with("/pool/screening", Some(&cookie)).await.body);
    let good = "公开号,发明名称,申请人,法律状态\n\
                CN119000009A,一种储能电池热管理方法,天津大学,有效\n";
    let r = upload(&app, &cookie, &csrf, "pool.csv", good).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(!in_catalogue(&app, "CN119000009A").await);
}

#[tokio::test]
async fn pool_screening_is_refused_to_an_sme_member_and_sends_a_visitor_to_sign_in() {
    let app = TestApp::new().await;
    university(&app).await;
    let sme = app
        .with_organisation("天津某某科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    let user = app.with_user("sme@example.cn", &[]).await;
    app.with_membership(user, sme, MembershipRole::Manager)
        .await;
    let token = app.token_for("sme@example.cn").await;
    let api = app.get_as("/api/v1/pool/candidates", &token).await;
    assert!(
        matches!(api.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        api.status
    );
    let page = app
        .get_with("/pool/screening", Some(&format!("pb_session={token}")))
        .await;
    assert!(
        matches!(page.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        page.status
    );
    let propose = app
        .call(
            "POST",
            "/api/v1/pool/entries",
            Some(&token),
            Some(json!({ "patents": ["CN114000001A"] })),
        )
        .await;
    assert_eq!(propose.status, StatusCode::FORBIDDEN);
    let visitor = app.get("/pool/screening").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/pool/candidates").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/pool").await.status, StatusCode::OK);
}
