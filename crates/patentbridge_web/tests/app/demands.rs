//! The demand side end to end over the real router: posting a need,
//! ranked and explained matches, feedback that moves the ranking, the
//! owner's view of the needs its listing answers, pushes, the centres'
//! pipeline and the bulk analysis of a CSV.

use super::market::published;
use super::*;
use patentbridge_app::demands;
use patentbridge_storage::MatchRecord;

/// The matches stored for a demand, best first, as the administrators'
/// match pipeline reads them (without ranking the demand afresh).
async fn stored_matches(app: &TestApp, demand: i64) -> Vec<MatchRecord> {
    let mut matches: Vec<MatchRecord> = demands::pipeline(app.app(), app.admin(), Some("all"))
        .await
        .unwrap()
        .matches
        .into_iter()
        .filter(|m| m.demand_id == demand)
        .collect();
    matches.sort_by(|a, b| b.score.total_cmp(&a.score));
    matches
}

fn battery_need(publish: bool) -> serde_json::Value {
    serde_json::json!({
        "title": "锂电池热失控预警",
        "problem": "电动叉车的锂电池在高温仓库里容易热失控起火，需要提前预警的电池管理方法",
        "product": "电动叉车电池包",
        "industry": "new_energy",
        "budget_max_yuan": 50000,
        "modes": ["transfer", "ordinary_licence"],
        "district": "120116",
        "publish": publish,
    })
}

struct Market {
    app: TestApp,
    battery: i64,
    wheat: i64,
    sme: String,
    owner: String,
}

/// A university with a battery listing and an unrelated one, and an SME.
async fn market() -> Market {
    let app = TestApp::new().await;
    let (tju, owner) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let battery = published(
        &app,
        tju,
        "CN201910000001A",
        "锂电池热失控预警方法及电池管理系统",
        "fixed",
    )
    .await;
    let wheat = published(&app, tju, "CN201910000002A", "小麦节水种植方法", "fixed").await;
    let (_, sme) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津叉车科技有限公司",
        "buyer@forklift.example.cn",
    )
    .await;
    Market {
        app,
        battery,
        wheat,
        sme,
        owner,
    }
}

async fn post_need(m: &Market, token: &str) -> i64 {
    let r = m
        .app
        .call(
            "POST",
            "/api/v1/demands",
            Some(token),
            Some(battery_need(true)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["state"], "published");
    r.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn demands_an_sme_posts_a_need_and_gets_ranked_listings_each_with_score_and_reasons() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let id = post_need(&m, &token).await;

    let r = m
        .app
        .get_as(&format!("/api/v1/demands/{id}/matches"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.json()["items"].as_array().unwrap().clone();
    assert!(!items.is_empty(), "{}", r.body);
    let first = &items[0];
    assert_eq!(
        first["listing_id"], m.battery,
        "the battery listing ranks first: {}",
        r.body
    );
    assert_eq!(first["rank"], 1);
    let score = first["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0);
    let reasons = first["reasons"].as_array().unwrap();
    let terms = reasons
        .iter()
        .find(|r| r["kind"] == "terms")
        .expect("shared terms are a reason");
    let words: Vec<&str> = terms["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("热失控") || w.contains("锂电池")),
        "{words:?}"
    );
    assert!(
        reasons
            .iter()
            .all(|r| r["zh"].is_string() && r["en"].is_string())
    );
    // The budget is ¥50,000 and the listing asks ¥80,000: said, not hidden.
    assert!(
        reasons
            .iter()
            .any(|r| r["kind"] == "price" && r["favourable"] == false),
        "{reasons:?}"
    );
    if let Some(wheat) = items.iter().find(|i| i["listing_id"] == m.wheat) {
        assert!(wheat["score"].as_f64().unwrap() < score);
    }

    // Strong matches reach the SME's inbox once, however often it looks.
    let again = m
        .app
        .get_as(&format!("/api/v1/demands/{id}/matches"), &token)
        .await;
    assert_eq!(again.json()["items"][0]["match_id"], first["match_id"]);
    let inbox = m.app.get_as("/api/v1/notifications", &token).await;
    let pushes = inbox
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "match")
        .count();
    if score >= patentbridge_domain::demand::PUSH_THRESHOLD {
        assert_eq!(pushes, 1, "{}", inbox.body);
        let owner = m.app.token_for(&m.owner).await;
        let owner_inbox = m.app.get_as("/api/v1/notifications", &owner).await;
        assert!(
            owner_inbox.body.contains("\"match\""),
            "{}",
            owner_inbox.body
        );
    } else {
        assert_eq!(pushes, 0);
    }
}

#[tokio::test]
async fn demands_a_need_with_bad_fields_is_422_naming_each_field_and_stores_nothing() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let before = m.app.audit_count().await;
    let r = m
        .app
        .call(
            "POST",
            "/api/v1/demands",
            Some(&token),
            Some(serde_json::json!({"title": "", "problem": "x", "budget_min_yuan": "9", "budget_max_yuan": "1", "deadline": "2001-01-01"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let (fields, zh) = field_names(&r);
    for f in ["title", "budget_max_yuan", "deadline"] {
        assert!(fields.contains(&f.to_string()), "{f}: {fields:?}");
    }
    assert_eq!(zh.len(), fields.len());
    assert_eq!(m.app.audit_count().await, before);
    let mine = m.app.get_as("/api/v1/demands", &token).await;
    assert_eq!(mine.json().as_array().unwrap().len(), 0);

    // Only a member of a verified SME posts needs.
    let owner = m.app.token_for(&m.owner).await;
    let r = m
        .app
        .call(
            "POST",
            "/api/v1/demands",
            Some(&owner),
            Some(battery_need(true)),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn demands_moves_from_the_wrong_state_are_409_with_the_reason() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let r = m
        .app
        .call(
            "POST",
            "/api/v1/demands",
            Some(&token),
            Some(battery_need(false)),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["state"], "draft");
    let mv = |event: &str| serde_json::json!({"event": event});
    let uri = format!("/api/v1/demands/{id}/transitions");
    let r = m
        .app
        .call("POST", &uri, Some(&token), Some(mv("match")))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("草稿"), "{}", r.body);
    let r = m
        .app
        .call("POST", &uri, Some(&token), Some(mv("publish")))
        .await;
    assert_eq!(r.json()["state"], "published", "{}", r.body);
    let r = m
        .app
        .call("POST", &uri, Some(&token), Some(mv("match")))
        .await;
    assert_eq!(r.json()["state"], "matched", "{}", r.body);
    let r = m
        .app
        .call("POST", &uri, Some(&token), Some(mv("fly")))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let history = m.app.get_as(&format!("/api/v1/demands/{id}"), &token).await;
    assert_eq!(history.json()["history"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn demands_rating_a_match_too_expensive_lowers_it_and_the_centre_sees_the_reason() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let id = post_need(&m, &token).await;
    let uri = format!("/api/v1/demands/{id}/matches");
    let before = m.app.get_as(&uri, &token).await.json()["items"][0].clone();
    let match_id = before["match_id"].as_i64().unwrap();

    let r = m
        .app
        .call(
            "POST",
            &format!("/api/v1/matches/{match_id}/feedback"),
            Some(&token),
            Some(serde_json::json!({"reason": "too_expensive"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["side"], "seeker");

    let after = m.app.get_as(&uri, &token).await.json();
    let rated = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["match_id"] == match_id)
        .unwrap()
        .clone();
    assert!(rated["score"].as_f64().unwrap() < before["score"].as_f64().unwrap());
    assert_eq!(rated["seeker_feedback"], "too_expensive");
    assert!(
        rated["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "feedback")
    );

    // "Other" needs a note; a stranger cannot rate.
    let r = m
        .app
        .call(
            "POST",
            &format!("/api/v1/matches/{match_id}/feedback"),
            Some(&token),
            Some(serde_json::json!({"reason": "other"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, stranger) = member_of(
        &m.app,
        OrganisationKind::Sme,
        "另一家公司",
        "other@sme.example.cn",
    )
    .await;
    let stranger = m.app.token_for(&stranger).await;
    let r = m
        .app
        .call(
            "POST",
            &format!("/api/v1/matches/{match_id}/feedback"),
            Some(&stranger),
            Some(serde_json::json!({"reason": "relevant"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let (_, centre) = member_of(
        &m.app,
        OrganisationKind::IndustryOperationCentre,
        "新能源产业运营中心",
        "centre@example.cn",
    )
    .await;
    let centre = m.app.token_for(&centre).await;
    let p = m
        .app
        .get_as("/api/v1/matches/pipeline?industry=new_energy", &centre)
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let feedback = p.json()["feedback"].as_array().unwrap().clone();
    assert_eq!(feedback.len(), 1);
    assert_eq!(feedback[0]["reason"], "too_expensive");
    let sme_view = m.app.get_as("/api/v1/matches/pipeline", &token).await;
    assert_eq!(sme_view.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demands_the_owner_sees_the_needs_its_listing_answers_and_its_application_scenarios() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let id = post_need(&m, &token).await;
    let owner = m.app.token_for(&m.owner).await;
    let r = m
        .app
        .get_as(&format!("/api/v1/listings/{}/matches", m.battery), &owner)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let need = &v["items"][0];
    assert_eq!(need["demand_id"], id, "{}", r.body);
    assert!(need["score"].as_f64().unwrap() > 0.0);
    assert!(
        v["companies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name_zh"] == "天津叉车科技有限公司")
    );
    assert!(!v["scenarios"]["industries"].as_array().unwrap().is_empty());

    // The owner rates as the owner.
    let match_id = need["match_id"].as_i64().unwrap();
    let r = m
        .app
        .call(
            "POST",
            &format!("/api/v1/matches/{match_id}/feedback"),
            Some(&owner),
            Some(serde_json::json!({"reason": "relevant"})),
        )
        .await;
    assert_eq!(r.json()["side"], "owner", "{}", r.body);

    // Another SME may not look at the owner's match page.
    let r = m
        .app
        .get_as(&format!("/api/v1/listings/{}/matches", m.battery), &token)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demands_a_newly_approved_listing_is_pushed_to_the_sme_whose_need_it_answers() {
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
    let token = app.token_for(&sme).await;
    let r = app
        .call(
            "POST",
            "/api/v1/demands",
            Some(&token),
            Some(battery_need(true)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.json()["id"].as_i64().unwrap();
    let matches = app
        .get_as(&format!("/api/v1/demands/{id}/matches"), &token)
        .await;
    assert_eq!(
        matches.json()["items"].as_array().unwrap().len(),
        0,
        "nothing listed yet"
    );

    // A listing is submitted and a centre approves it over the API.
    let listing = app
        .listing_on(
            tju,
            "CN201910000009A",
            ListingForm {
                title: "锂电池热失控预警方法".into(),
                mode: "transfer".into(),
                price_model: "negotiable".into(),
                problem: "锂电池热失控起火，电池管理提前预警".into(),
                advantages: "提前 10 分钟预警".into(),
                trl: "6".into(),
                scenarios: "电动叉车、储能电站".into(),
                industry: "new_energy".into(),
                broker_name: "王老师".into(),
                broker_phone: "022-27400000".into(),
                ..Default::default()
            },
            false,
        )
        .await;
    let owner = app.token_for("tto@tju.example.cn").await;
    let r = app
        .call(
            "POST",
            &format!("/api/v1/listings/{listing}/transitions"),
            Some(&owner),
            Some(serde_json::json!({"event": "submit"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (_, centre) = member_of(
        &app,
        OrganisationKind::IndustryOperationCentre,
        "运营中心",
        "centre@example.cn",
    )
    .await;
    let centre = app.token_for(&centre).await;
    let r = app
        .call(
            "POST",
            &format!("/api/v1/listings/{listing}/transitions"),
            Some(&centre),
            Some(serde_json::json!({"event": "approve"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let stored = stored_matches(&app, id).await;
    assert_eq!(stored.len(), 1, "approval matched the listing to the need");
    let inbox = app.get_as("/api/v1/notifications", &token).await;
    let pushed = inbox
        .json()
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "match");
    assert_eq!(
        pushed,
        stored[0].score >= patentbridge_domain::demand::PUSH_THRESHOLD,
        "{}",
        inbox.body
    );
}

#[tokio::test]
async fn demands_a_district_office_analyses_a_csv_of_needs_and_a_bad_row_is_named_by_its_line() {
    let m = market().await;
    let officer = m
        .app
        .with_user(
            "officer@binhai.example.cn",
            &[PlatformRole::DistrictOfficer {
                district: RegionCode::parse(BINHAI).unwrap(),
            }],
        )
        .await;
    let _ = officer;
    let token = m.app.token_for("officer@binhai.example.cn").await;
    let csv = "企业名称,需求标题,问题描述,预算上限\n\
               天津叉车科技有限公司,锂电池热失控预警,电动叉车锂电池热失控需要预警,100000\n\
               某食品公司,,没有标题的需求,abc\n\
               天津农业公司,小麦节水种植,小麦种植需要节水,\n";
    let send = |token: String, body: &'static str| {
        let req = Request::builder()
            .method("POST")
            .uri("/api/v1/demands/analyse")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(body))
            .unwrap();
        m.app.send(req)
    };
    let r = send(token.clone(), csv).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = r.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["matches"][0]["listing_id"], m.battery, "{}", r.body);
    assert_eq!(rows[1]["line"], 3);
    let errors: Vec<&str> = rows[1]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["title", "budget_max_yuan"]);
    assert_eq!(rows[2]["matches"][0]["listing_id"], m.wheat, "{}", r.body);

    let r = send(token, "企业名称,预算\nA,1\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("line 1"), "{}", r.body);
    let sme = m.app.token_for(&m.sme).await;
    let r = send(sme, csv).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an SME is not a broker: {}",
        r.body
    );
}

#[tokio::test]
async fn demands_the_need_page_shows_highlighted_matches_and_takes_a_rating_in_both_languages() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let id = post_need(&m, &token).await;
    let cookie = format!("pb_session={token}");
    let page = m
        .app
        .get_with(&format!("/demands/{id}"), Some(&cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<mark>"), "shared words are highlighted");
    assert!(page.body.contains("推荐的专利与挂牌"));
    assert!(page.body.contains("价格太高"));
    let en = m
        .app
        .get_with(&format!("/demands/{id}?lang=en"), Some(&cookie))
        .await;
    assert!(en.body.contains("Recommended patents and listings"));
    assert!(en.body.contains("Too expensive"));

    let csrf = csrf_of(&page.body);
    let match_id = stored_matches(&m.app, id).await[0].id;
    let r = m
        .app
        .post_form(
            &format!("/matches/{match_id}/feedback"),
            &[
                ("csrf", &csrf),
                ("reason", "too_expensive"),
                ("note", ""),
                ("next", &format!("/demands/{id}")),
            ],
            &cookie,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let record = stored_matches(&m.app, id)
        .await
        .into_iter()
        .find(|r| r.id == match_id)
        .unwrap();
    assert_eq!(
        record.seeker_feedback,
        Some(patentbridge_domain::demand::FeedbackReason::TooExpensive)
    );
}

#[tokio::test]
async fn demands_the_owner_centre_and_district_pages_render_in_both_languages() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    post_need(&m, &token).await;
    let owner = format!("pb_session={}", m.app.token_for(&m.owner).await);
    let page = m
        .app
        .get_with(&format!("/listings/{}/matches", m.battery), Some(&owner))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("匹配的企业需求") && page.body.contains("锂电池热失控预警"),
        "{}",
        page.body
    );
    assert!(page.body.contains("应用场景"));
    let en = m
        .app
        .get_with(
            &format!("/listings/{}/matches?lang=en", m.battery),
            Some(&owner),
        )
        .await;
    assert!(en.body.contains("Matching enterprise needs"));

    let (_, centre) = member_of(
        &m.app,
        OrganisationKind::IndustryOperationCentre,
        "运营中心",
        "centre@example.cn",
    )
    .await;
    let centre = format!("pb_session={}", m.app.token_for(&centre).await);
    for (uri, zh, en) in [
        ("/matches/pipeline", "匹配进展", "Match pipeline"),
        ("/demands/analyse", "批量需求分析", "Bulk analysis of needs"),
        ("/demands", "已发布的需求", "Published needs"),
    ] {
        let r = m.app.get_with(uri, Some(&centre)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(r.body.contains(zh), "{uri}");
        let r = m
            .app
            .get_with(&format!("{uri}?lang=en"), Some(&centre))
            .await;
        assert!(r.body.contains(en), "{uri}");
    }
    let sme = format!("pb_session={token}");
    let r = m.app.get_with("/demands/new", Some(&sme)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("发布并匹配"));
    let r = m.app.get_with("/matches/pipeline", Some(&sme)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demands_a_refused_need_form_keeps_the_input_and_names_the_fields() {
    let m = market().await;
    let token = m.app.token_for(&m.sme).await;
    let cookie = format!("pb_session={token}");
    let page = m.app.get_with("/demands/new", Some(&cookie)).await;
    let csrf = csrf_of(&page.body);
    let r = m
        .app
        .post_form(
            "/demands",
            &[
                ("csrf", &csrf),
                ("title", ""),
                ("problem", "保留这段文字"),
                ("budget_max_yuan", "很多"),
                ("publish", "1"),
            ],
            &cookie,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("保留这段文字"), "the input is kept");
    assert!(r.body.contains("请填写需求标题"));
    assert!(r.body.contains("预算上限须为金额"));
    let mine = m.app.get_as("/api/v1/demands", &token).await;
    assert_eq!(mine.json().as_array().unwrap().len(), 0, "nothing stored");
}
