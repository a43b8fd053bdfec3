//! The mall's buyer side end to end: "want this" with the zero-price-first
//! rule, favourites, the comparison, packages and the inbox.

use super::*;
use patentbridge_app::{listings, market};

/// A published transfer listing of `owner` on a fresh patent it holds.
pub(super) async fn published(
    app: &TestApp,
    owner: i64,
    number: &str,
    title: &str,
    price_model: &str,
) -> i64 {
    let form = ListingForm {
        title: title.into(),
        mode: "transfer".into(),
        price_model: price_model.into(),
        price_yuan: "80000".into(),
        problem: format!("{title}要解决的问题"),
        advantages: format!("{title}的优势"),
        trl: "6".into(),
        scenarios: format!("{title}的应用场景"),
        industry: "new_energy".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    };
    app.listing_on(owner, number, form, true).await
}

/// Every package of an organisation, drafts too, newest first.
async fn packages_of(app: &TestApp, organisation: i64) -> Vec<patentbridge_storage::PackageRecord> {
    market::organisation_packages(app.app(), app.admin(), organisation)
        .await
        .unwrap()
}

/// The session cookie of `login` and the CSRF token of a page it opens.
async fn page_session(app: &TestApp, login: &str, page: &str) -> (String, String) {
    let cookie = format!("pb_session={}", app.token_for(login).await);
    let r = app.get_with(page, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.body);
    (cookie, csrf_of(&r.body))
}

#[tokio::test]
async fn market_an_sme_member_sends_an_inquiry_and_the_owner_sees_it_in_the_inbox() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (_, buyer) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津买方科技有限公司",
        "buyer@example.cn",
    )
    .await;
    let listing = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;

    // The page form, as the listing's page posts it.
    let (cookie, csrf) = page_session(&app, &buyer, "/favourites").await;
    let r = app
        .post_form(
            &format!("/mall/listings/{listing}/want"),
            &[("csrf", &csrf), ("message", "我们想了解授权条件")],
            &cookie,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let (owner_cookie, _) = page_session(&app, "tto@tju.example.cn", "/inbox").await;
    let inbox = app.get_with("/inbox?lang=en", Some(&owner_cookie)).await;
    assert!(
        inbox.body.contains("New inquiry: 锂电池隔膜涂覆工艺"),
        "{}",
        inbox.body
    );
    assert!(inbox.body.contains("notification unread"));
    assert!(
        inbox.body.contains("我们想了解授权条件"),
        "the received inquiry is listed"
    );
    let token = app.token_for("tto@tju.example.cn").await;
    let notes = app.get_as("/api/v1/notifications", &token).await.json();
    let inquiry = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "inquiry")
        .expect("an inquiry notification")
        .clone();
    assert_eq!(inquiry["read"], false);
    assert_eq!(inquiry["link"], format!("/listings/{listing}"));

    let csrf = csrf_of(&inbox.body);
    let r = app
        .post_form("/inbox/read", &[("csrf", &csrf)], &owner_cookie, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let notes = app.get_as("/api/v1/notifications", &token).await.json();
    assert!(notes.as_array().unwrap().iter().all(|n| n["read"] == true));
}

#[tokio::test]
async fn market_a_second_zero_price_claim_from_the_same_owner_is_422_in_both_languages() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (_, buyer) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津买方科技有限公司",
        "buyer@example.cn",
    )
    .await;
    let first = published(&app, tju, "CN200000001A", "零元专利一", "zero_price_first").await;
    let second = published(&app, tju, "CN200000002A", "零元专利二", "zero_price_first").await;
    let token = app.token_for(&buyer).await;

    let ok = app
        .call(
            "POST",
            &format!("/api/v1/listings/{first}/inquiries"),
            Some(&token),
            Some(json!({"message": "想要"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert!(ok.json()["id"].as_i64().is_some());

    let refused = app
        .call(
            "POST",
            &format!("/api/v1/listings/{second}/inquiries"),
            Some(&token),
            Some(json!({"message": "还想要"})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let body = refused.json();
    assert!(body["error"].is_string());
    assert!(
        body["fields"]["listing"]
            .as_str()
            .unwrap()
            .contains("zero-price")
    );
    assert!(
        body["fields_zh"]["listing"]
            .as_str()
            .unwrap()
            .contains("0 元")
    );

    // The page shows the reason too.
    let (cookie, csrf) = page_session(&app, &buyer, "/favourites").await;
    let page = app
        .post_form(
            &format!("/mall/listings/{second}/want"),
            &[("csrf", &csrf), ("message", "")],
            &cookie,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("0 元转让的首件专利"), "{}", page.body);
}

#[tokio::test]
async fn market_want_asks_a_visitor_to_sign_in_and_refuses_a_university_member() {
    let app = TestApp::new().await;
    let (tju, uni) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let listing = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;

    // The form token is checked before anything else, so a visitor posts
    // with the token of the form cookie a page gave them.
    let page = app.get("/sign-up").await;
    let visitor = Request::builder()
        .method("POST")
        .uri(format!("/mall/listings/{listing}/want"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie_of(&page, "pb_csrf"))
        .body(Body::from(form_encode(&[
            ("csrf", &csrf_of(&page.body)),
            ("message", ""),
        ])))
        .unwrap();
    let r = app.router.clone().oneshot(visitor).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        format!(
            "/sign-in?next={}",
            enc(&format!("/mall/listings/{listing}"))
        )
    );

    let token = app.token_for(&uni).await;
    let r = app
        .call(
            "POST",
            &format!("/api/v1/listings/{listing}/inquiries"),
            Some(&token),
            Some(json!({"message": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let anonymous = app
        .call(
            "POST",
            &format!("/api/v1/listings/{listing}/inquiries"),
            None,
            Some(json!({})),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let (cookie, csrf) = page_session(&app, &uni, "/favourites").await;
    let page = app
        .post_form(
            &format!("/mall/listings/{listing}/want"),
            &[("csrf", &csrf)],
            &cookie,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        listings::managed(app.app(), app.admin(), listing)
            .await
            .unwrap()
            .inquiries
            .is_empty()
    );
}

#[tokio::test]
async fn market_favourites_are_added_and_removed_and_two_are_compared_side_by_side() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (_, buyer) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津买方科技有限公司",
        "buyer@example.cn",
    )
    .await;
    let a = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;
    let b = published(
        &app,
        tju,
        "CN200000002A",
        "固态电解质制备方法",
        "negotiable",
    )
    .await;

    let (cookie, csrf) = page_session(&app, &buyer, "/favourites").await;
    for id in [a, b, a] {
        let r = app
            .post_form(
                &format!("/mall/listings/{id}/favourite"),
                &[("csrf", &csrf), ("next", "/favourites")],
                &cookie,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let token = app.token_for(&buyer).await;
    let favs = app.get_as("/api/v1/favourites", &token).await.json();
    assert_eq!(favs.as_array().unwrap().len(), 2, "adding twice is once");
    let page = app.get_with("/favourites", Some(&cookie)).await;
    assert!(page.body.contains(r#"name="ids""#));
    assert!(page.body.contains("固态电解质制备方法"));

    let compare = app.get(&format!("/mall/compare?ids={a},{b}&lang=en")).await;
    assert_eq!(compare.status, StatusCode::OK, "{}", compare.body);
    let table = &compare.body[compare.body.find(r#"id="compare""#).unwrap()..];
    for text in [
        "锂电池隔膜涂覆工艺",
        "固态电解质制备方法",
        "CN200000001A",
        "CN200000002A",
        "Fixed price",
        "Negotiable",
        "Problem solved",
        "锂电池隔膜涂覆工艺的优势",
    ] {
        assert!(table.contains(text), "{text}");
    }
    // The checkbox form sends the ids repeated.
    let repeated = app.get(&format!("/mall/compare?ids={a}&ids={b}")).await;
    assert_eq!(repeated.status, StatusCode::OK);
    let one = app.get(&format!("/mall/compare?ids={a}")).await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = app
        .call(
            "DELETE",
            &format!("/api/v1/favourites/{a}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .post_form(
            &format!("/mall/listings/{b}/unfavourite"),
            &[("csrf", &csrf)],
            &cookie,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let favs = app.get_as("/api/v1/favourites", &token).await.json();
    assert!(favs.as_array().unwrap().is_empty());
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/favourites/{a}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .call("PUT", "/api/v1/favourites/99999", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn market_an_operation_centre_member_bundles_two_listings_and_publishes_the_package() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (centre, staff) = member_of(
        &app,
        OrganisationKind::IndustryOperationCentre,
        "新能源产业知识产权运营中心",
        "staff@centre.example.cn",
    )
    .await;
    let a = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;
    let b = published(&app, tju, "CN200000002A", "固态电解质制备方法", "fixed").await;

    let (cookie, csrf) =
        page_session(&app, &staff, &format!("/packages/new?q={}", enc("锂电池"))).await;
    let search = app
        .get_with(&format!("/packages/new?q={}", enc("隔膜")), Some(&cookie))
        .await;
    assert!(
        search
            .body
            .contains(&format!(r#"name="listing" value="{a}""#))
    );
    assert!(
        !search
            .body
            .contains(&format!(r#"name="listing" value="{b}""#))
    );
    let ids = format!("{a}, {b}");
    let refused = app
        .post_form(
            "/packages",
            &[
                ("csrf", &csrf),
                ("title", "新能源电池专利包"),
                ("theme", "锂电池"),
                ("industry", "new_energy"),
                ("pricing", "per_item"),
                ("listing_ids", &ids),
            ],
            &cookie,
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("每个挂牌都需要填写价格"),
        "{}",
        refused.body
    );
    // Ticked on the page with a price beside each: a per-item draft.
    let (pa, pb) = (format!("price_{a}"), format!("price_{b}"));
    let (sa, sb) = (a.to_string(), b.to_string());
    let per_item = app
        .post_form(
            "/packages",
            &[
                ("csrf", &csrf),
                ("title", "按件专利包"),
                ("theme", "锂电池"),
                ("industry", "new_energy"),
                ("pricing", "per_item"),
                ("listing", &sa),
                ("listing", &sb),
                (&pa, "80000"),
                (&pb, "90000"),
            ],
            &cookie,
            None,
        )
        .await;
    assert_eq!(per_item.status, StatusCode::SEE_OTHER, "{}", per_item.body);
    let stored = packages_of(&app, centre).await;
    assert_eq!(stored[0].items[1].price.map(|f| f.value()), Some(9_000_000));

    let created = app
        .post_form(
            "/packages",
            &[
                ("csrf", &csrf),
                ("title", "新能源电池专利包"),
                ("theme", "锂电池"),
                ("industry", "new_energy"),
                ("pricing", "bundle"),
                ("bundle_price", "150000"),
                ("listing_ids", &ids),
            ],
            &cookie,
            None,
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let list = app.get("/packages").await;
    assert!(
        !list.body.contains("新能源电池专利包"),
        "a draft is not public"
    );
    let packages = packages_of(&app, centre).await;
    let id = packages[0].id;
    assert_eq!(
        app.get(&format!("/packages/{id}")).await.status,
        StatusCode::NOT_FOUND
    );

    let draft = app
        .get_with(&format!("/packages/{id}"), Some(&cookie))
        .await;
    assert_eq!(draft.status, StatusCode::OK);
    let r = app
        .post_form(
            &format!("/packages/{id}/publish"),
            &[("csrf", &csrf_of(&draft.body))],
            &cookie,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let list = app.get("/packages").await;
    assert!(list.body.contains("新能源电池专利包"));
    let detail = app.get(&format!("/packages/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("¥150000.00"));
    assert!(detail.body.contains("固态电解质制备方法"));
    let api = app.get(&format!("/api/v1/packages/{id}")).await.json();
    assert_eq!(api["bundle_price_fen"], 15_000_000);
    assert_eq!(api["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/api/v1/packages")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1,
        "the per-item draft stays private"
    );
}

#[tokio::test]
async fn market_an_sme_cannot_create_a_package() {
    let app = TestApp::new().await;
    let (tju, _) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (sme, buyer) = member_of(
        &app,
        OrganisationKind::Sme,
        "天津买方科技有限公司",
        "buyer@example.cn",
    )
    .await;
    let a = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;
    let b = published(&app, tju, "CN200000002A", "固态电解质制备方法", "fixed").await;
    let token = app.token_for(&buyer).await;
    let r = app
        .call(
            "POST",
            "/api/v1/packages",
            Some(&token),
            Some(json!({
                "title": "包", "theme": "主题", "industry": "new_energy", "pricing": "bundle",
                "bundle_price_yuan": "1000", "items": [{"listing_id": a}, {"listing_id": b}]
            })),
        )
        .await;
    assert!(
        matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        r.body
    );
    let cookie = format!("pb_session={token}");
    let page = app.get_with("/packages/new", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    for organisation in [tju, sme] {
        assert!(packages_of(&app, organisation).await.is_empty());
    }
}

#[tokio::test]
async fn market_api_paths_are_listed_and_documented() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    for p in [
        "/listings/{id}/inquiries",
        "/favourites",
        "/favourites/{id}",
        "/packages",
        "/packages/{id}",
        "/notifications",
    ] {
        assert!(doc["paths"].get(format!("/api/v1{p}")).is_some(), "{p}");
        assert!(patentbridge_web::routes::api::PATHS.contains(&p), "{p}");
    }
}

#[tokio::test]
async fn market_a_university_bundles_only_its_own_listings() {
    let app = TestApp::new().await;
    let (tju, tto) = member_of(
        &app,
        OrganisationKind::University,
        "天津大学",
        "tto@tju.example.cn",
    )
    .await;
    let (nku, _) = member_of(
        &app,
        OrganisationKind::University,
        "南开大学",
        "tto@nku.example.cn",
    )
    .await;
    let own = published(&app, tju, "CN200000001A", "锂电池隔膜涂覆工艺", "fixed").await;
    let other = published(&app, nku, "CN200000002A", "固态电解质制备方法", "fixed").await;
    let own2 = published(&app, tju, "CN200000003A", "正极材料包覆方法", "fixed").await;
    let token = app.token_for(&tto).await;
    let body = |items: serde_json::Value| {
        json!({
            "title": "储能专利包", "theme": "储能", "industry": "new_energy", "pricing": "bundle",
            "bundle_price_yuan": "300000", "items": items
        })
    };
    let r = app
        .call(
            "POST",
            "/api/v1/packages",
            Some(&token),
            Some(body(json!([{"listing_id": own}, {"listing_id": other}]))),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["fields"]["listing_ids"]
            .as_str()
            .unwrap()
            .contains("another owner")
    );
    let r = app
        .call(
            "POST",
            "/api/v1/packages",
            Some(&token),
            Some(body(json!([{"listing_id": own}, {"listing_id": own2}]))),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
