//! End-to-end tests of the web crate: the real router over a fresh SQLite
//! database and an in-memory index, driven in-process. The world each test
//! needs is built with [`patentbridge_demo::Fixture`], through the
//! application layer, as the platform itself would build it.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use patentbridge_app::{App, Caller, accounts, audit, catalogue, organisations};
use patentbridge_demo::fixture::{Fixture, Member};
use patentbridge_domain::listing::ListingForm;
use patentbridge_domain::{
    ClassificationCode, CreditCode, LegalStatus, Login, MembershipRole, OrganisationKind, Party,
    Patent, PatentNumber, PlatformRole, RegionCode,
};
use patentbridge_storage::{AuditFilter, IpcTitle};
use patentbridge_web::openapi::{self, check::check_response};
use patentbridge_web::router;
use serde_json::json;
use tower::ServiceExt;

/// The password of every user the tests register (the fixture's).
const PASSWORD: &str = patentbridge_demo::fixture::PASSWORD;

const BINHAI: &str = "120116";
const XIQING: &str = "120111";

struct TestApp {
    fixture: Fixture,
    router: Router,
}

struct Reply {
    status: StatusCode,
    content_type: String,
    set_cookie: Option<String>,
    body: String,
    /// The body as sent, for binary answers (a PDF).
    bytes: Vec<u8>,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn pressure_sensor_patent() -> Patent {
    let mut p = Patent::new(PatentNumber::parse("CN115525164A").unwrap(), "test");
    p.title_zh = Some("压力传感器校准方法、设备、电容笔和可读存储介质".into());
    p.title_en = Some(
        "Pressure sensor calibration method, device, capacitive pen and readable storage medium"
            .into(),
    );
    p.abstract_zh =
        Some("本申请公开了一种压力传感器校准方法，根据电容笔的压力值校准传感器。".into());
    p.claims = Some("1. 一种压力传感器校准方法，其特征在于……\n2. 根据权利要求1所述的方法。".into());
    p.ipc = vec![ClassificationCode::parse("G01L25/00").unwrap()];
    p.applicants = vec![Party::new("天津大学", Some("天津市南开区卫津路92号"))];
    p.inventors = vec!["张三".into()];
    p.application_date = chrono::NaiveDate::from_ymd_opt(2022, 9, 1);
    p.publication_date = chrono::NaiveDate::from_ymd_opt(2022, 12, 20);
    p.legal_status = LegalStatus::Pending;
    p
}

fn hand_made(number: &str, title: &str, applicant: &str, status: LegalStatus) -> Patent {
    let mut p = Patent::new(PatentNumber::parse(number).unwrap(), "test");
    p.title_zh = Some(title.into());
    p.abstract_zh = Some(format!("{title}的技术方案。"));
    p.ipc = vec![ClassificationCode::parse("H01M10/0525").unwrap()];
    p.applicants = vec![Party::new(applicant, Some("天津市滨海新区"))];
    p.legal_status = status;
    p
}

impl TestApp {
    async fn new() -> TestApp {
        TestApp::with_app(|app| app).await
    }

    /// The test catalogue, served by the application `adapt` makes of the
    /// fixture's (its own password workers, say).
    async fn with_app(adapt: impl FnOnce(App) -> App) -> TestApp {
        let fixture = Fixture::new().await;
        let mut patents: Vec<Patent> = patentbridge_demo::catalogue::generate(30, 7).collect();
        // Hand-made records so the tests do not depend on what the demo generates.
        patents.push(pressure_sensor_patent());
        patents.push(hand_made(
            "CN114000001A",
            "锂离子电池正极材料",
            "天津大学",
            LegalStatus::InForce,
        ));
        patents.push(hand_made(
            "CN114000002A",
            "锂离子电池隔膜",
            "天津某某科技有限公司",
            LegalStatus::Lapsed,
        ));
        fixture.patents(&patents).await;
        fixture
            .ipc_titles(&[IpcTitle {
                symbol: "G01L".into(),
                level: "subclass".into(),
                parent_symbol: Some("G01".into()),
                title_zh: Some("测量力、应力、转矩、功、机械功率、机械效率或流体压力".into()),
                title_en: Some("Measuring force, stress, torque, work, mechanical power".into()),
            }])
            .await;
        let router = router(adapt(fixture.app().clone()));
        TestApp { fixture, router }
    }

    /// The application the router serves.
    fn app(&self) -> &App {
        self.fixture.app()
    }

    /// The platform administrator of the fixture.
    fn admin(&self) -> &Caller {
        self.fixture.admin()
    }

    async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, None).await
    }

    async fn get_with(&self, uri: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::builder().uri(uri);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A GET with `Authorization: Bearer <token>`.
    async fn get_as(&self, uri: &str, token: &str) -> Reply {
        let req = Request::builder()
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// `POST /api/v1/session` with a login and password.
    async fn sign_in(&self, login: &str, password: &str) -> Reply {
        self.send(sign_in_request(login, password)).await
    }

    /// Signs in and returns the bearer token, failing the test otherwise.
    async fn token_for(&self, login: &str) -> String {
        let r = self.sign_in(login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_string()
    }

    /// `DELETE /api/v1/session` with a bearer token.
    async fn sign_out(&self, token: &str) -> Reply {
        let req = Request::builder()
            .method("DELETE")
            .uri("/api/v1/session")
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Registers a user who signs in with [`PASSWORD`].
    async fn with_user(&self, login: &str, roles: &[PlatformRole]) -> i64 {
        self.fixture.user(login, roles).await
    }

    /// Registers an (unverified) organisation in a district.
    async fn with_organisation(&self, name: &str, kind: OrganisationKind, district: &str) -> i64 {
        self.fixture.organisation(name, kind, district).await
    }

    async fn with_membership(&self, user_id: i64, organisation_id: i64, role: MembershipRole) {
        self.fixture
            .membership(user_id, organisation_id, role)
            .await;
    }

    /// Stores patents as an import does, and indexes them.
    async fn with_patents(&self, patents: &[Patent]) {
        self.fixture.patents(patents).await;
    }

    /// The caller acting as the user who signs in with `login`.
    async fn caller_for(&self, login: &str) -> Caller {
        let user = accounts::user_by_login(self.app(), self.admin(), &Login::parse(login).unwrap())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no user {login}"));
        self.fixture.caller(user.id).await
    }

    /// The id of the organisation of this Chinese name.
    async fn org_id(&self, name_zh: &str) -> i64 {
        organisations::verification_queue(self.app(), self.admin(), None)
            .await
            .unwrap()
            .iter()
            .find(|o| o.name_zh == name_zh)
            .unwrap_or_else(|| panic!("no organisation {name_zh}"))
            .id
    }

    /// A listing of `organisation` on a fresh patent in force that it
    /// holds, written by its first member (or the administrator when it
    /// has none), and published when `publish`; returns its id.
    async fn listing_on(
        &self,
        organisation: i64,
        number: &str,
        form: ListingForm,
        publish: bool,
    ) -> i64 {
        let profile = organisations::profile(self.app(), self.admin(), organisation)
            .await
            .unwrap();
        let holder = &profile.org.name_zh;
        self.with_patents(&[hand_made(number, &form.title, holder, LegalStatus::InForce)])
            .await;
        let author = match profile.members.unwrap_or_default().first() {
            Some((user, _)) => self.fixture.caller(user.id).await,
            None => self.admin().clone(),
        };
        let form = ListingForm {
            patents: number.into(),
            ..form
        };
        self.fixture
            .listing(&author, organisation, &form, publish)
            .await
    }

    /// A request with an optional bearer token and an optional JSON body.
    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }

    /// How many organisations are registered, as the administrators'
    /// verification queue lists them.
    async fn organisation_count(&self) -> usize {
        organisations::verification_queue(self.app(), self.admin(), None)
            .await
            .unwrap()
            .len()
    }

    /// How many entries the audit trail holds, as an administrator's export
    /// reads them.
    async fn audit_count(&self) -> usize {
        let filter = AuditFilter {
            limit: audit::MAX_EXPORT,
            ..AuditFilter::default()
        };
        audit::entries(self.app(), self.admin(), filter, true)
            .await
            .unwrap()
            .len()
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        send_to(&self.router, req).await
    }
}

/// `POST /api/v1/session` with a login and password, as a request.
fn sign_in_request(login: &str, password: &str) -> Request<Body> {
    let body = json!({ "login": login, "password": password }).to_string();
    Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

/// Sends a request to the router and holds the answer to the OpenAPI
/// document: an API answer whose status is not documented for its
/// operation, or whose JSON departs from the documented schema, fails the
/// test that received it. Every API call of the suite goes through here.
async fn send_to(router: &axum::Router, req: Request<Body>) -> Reply {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let reply = reply(router.clone().oneshot(req).await.unwrap()).await;
    if let Err(problems) = check_response(
        &openapi::document(),
        &method,
        &path,
        reply.status.as_u16(),
        &reply.content_type,
        &reply.bytes,
    ) {
        panic!(
            "the answer departs from the OpenAPI document:\n{}\nbody: {}",
            problems.join("\n"),
            reply.body.chars().take(2000).collect::<String>()
        );
    }
    reply
}

async fn reply(res: axum::response::Response) -> Reply {
    let (parts, body) = res.into_parts();
    let status = parts.status;
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
    // Every cookie set, one per line.
    let cookies: Vec<&str> = parts
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let set_cookie = (!cookies.is_empty()).then(|| cookies.join("\n"));
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    Reply {
        status,
        content_type,
        set_cookie,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

/// A verified organisation of `kind` in Binhai with one member;
/// (organisation, login).
async fn member_of(
    app: &TestApp,
    kind: OrganisationKind,
    name: &str,
    login: &str,
) -> (i64, String) {
    let org = app.fixture.verified(name, kind, BINHAI).await;
    app.fixture.member(org, login, Member::Member).await;
    (org, login.to_string())
}

fn enc(s: &str) -> String {
    patentbridge_web::search_params::encode(s)
}

#[tokio::test]
async fn home_page_renders_in_chinese_by_default_and_in_english_with_lang_en() {
    let app = TestApp::new().await;
    let zh = app.get("/").await;
    assert_eq!(zh.status, StatusCode::OK);
    assert!(zh.content_type.starts_with("text/html"));
    assert!(zh.body.contains(r#"<html lang="zh-CN">"#), "{}", zh.body);
    assert!(zh.body.contains("专利总数"));
    assert!(zh.body.contains(r#"id="search-button""#));
    assert!(zh.body.contains("English"));

    let en = app.get("/?lang=en").await;
    assert!(en.body.contains(r#"<html lang="en">"#));
    assert!(en.body.contains("Patents"));
    assert!(en.set_cookie.as_deref().unwrap_or("").contains("lang=en"));
    assert!(
        en.set_cookie
            .as_deref()
            .unwrap_or("")
            .contains("SameSite=Lax")
    );

    let by_cookie = app.get_with("/", Some("lang=en")).await;
    assert!(by_cookie.body.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn search_page_for_pressure_sensor_lists_the_patent_with_a_mark() {
    let app = TestApp::new().await;
    let page = app.get(&format!("/search?q={}", enc("压力传感器"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"id="results""#));
    assert!(page.body.contains(r#"class="hit""#));
    assert!(page.body.contains("/patents/CN115525164A"));
    assert!(page.body.contains("<mark>"), "{}", page.body);
}

#[tokio::test]
async fn a_facet_filter_narrows_the_results() {
    let app = TestApp::new().await;
    let all = app
        .get(&format!("/api/v1/search?q={}", enc("锂离子电池")))
        .await
        .json();
    let narrowed = app
        .get(&format!(
            "/api/v1/search?q={}&legal_status=in_force",
            enc("锂离子电池")
        ))
        .await
        .json();
    let total = |v: &serde_json::Value| v["total"].as_u64().unwrap();
    assert!(total(&all) >= 2, "{all}");
    assert!(total(&narrowed) < total(&all));
    assert!(
        narrowed["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["legal_status"] == "in_force")
    );

    let page = app
        .get(&format!(
            "/search?q={}&legal_status=in_force",
            enc("锂离子电池")
        ))
        .await;
    assert!(page.body.contains("CN114000001A"));
    assert!(!page.body.contains("CN114000002A"));
}

#[tokio::test]
async fn the_patent_detail_page_shows_ipc_titles_from_the_subclass() {
    let app = TestApp::new().await;
    let page = app.get("/patents/CN115525164A").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("压力传感器校准方法"));
    assert!(page.body.contains("G01L25/00"));
    assert!(page.body.contains("测量力、应力、转矩"));
    assert!(page.body.contains("Measuring force, stress"));
    assert!(page.body.contains("<details"));
}

#[tokio::test]
async fn an_unknown_patent_gives_a_404_html_page_and_a_404_json_error() {
    let app = TestApp::new().await;
    let page = app.get("/patents/CN999999999A").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("未找到专利"));
    let en = app.get("/patents/CN999999999A?lang=en").await;
    assert!(en.body.contains("No patent CN999999999A"));

    for uri in [
        "/api/v1/patents/CN999999999A",
        "/api/v1/patents/not-a-number",
    ] {
        let api = app.get(uri).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(api.json()["status"], 404);
    }
    assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_search_api_returns_total_and_hits_with_number_title_and_snippet() {
    let app = TestApp::new().await;
    let r = app
        .get(&format!("/api/v1/search?q={}", enc("压力传感器")))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert!(v["total"].as_u64().unwrap() >= 1);
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["number"] == "CN115525164A")
        .expect("the patent is among the hits");
    assert!(hit["title"].as_str().unwrap().contains("压力传感器"));
    assert!(hit["snippet"].is_string());
    assert!(v["facets"].is_object());
}

#[tokio::test]
async fn the_patent_api_returns_chinese_title_and_abstract() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/patents/CN115525164A").await.json();
    assert_eq!(
        v["title_zh"],
        "压力传感器校准方法、设备、电容笔和可读存储介质"
    );
    assert!(v["abstract_zh"].as_str().unwrap().contains("压力传感器"));
    assert_eq!(v["ipc"][0]["code"], "G01L25/00");
    assert!(
        v["ipc"][0]["title_en"]
            .as_str()
            .unwrap()
            .starts_with("Measuring")
    );
    assert_eq!(v["publication_date"], "2022-12-20");
}

#[tokio::test]
async fn every_api_route_appears_in_openapi_json_and_answers_without_a_server_error() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in patentbridge_web::routes::api::PATHS {
        assert!(
            paths.contains_key(&format!("/api/v1{p}")),
            "{p} is not documented"
        );
    }
    assert!(paths.contains_key("/healthz"));
    for (path, item) in paths {
        // Only the reads are tried; sign-in and sign-out have their own tests.
        let Some(op) = item.get("get") else {
            continue;
        };
        let mut uri = path.clone();
        let mut query = Vec::new();
        for param in op["parameters"].as_array().unwrap() {
            let name = param["name"].as_str().unwrap();
            let Some(example) = param["example"]
                .as_str()
                .map(str::to_string)
                .or_else(|| param["example"].as_i64().map(|n| n.to_string()))
            else {
                continue;
            };
            if param["in"] == "path" {
                uri = uri.replace(&format!("{{{name}}}"), &enc(&example));
            } else if name == "q" {
                query.push(format!("q={}", enc(&example)));
            }
        }
        if !query.is_empty() {
            uri = format!("{uri}?{}", query.join("&"));
        }
        let r = app.get(&uri).await;
        assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
        assert!(r.content_type.starts_with("application/json"), "{uri}");
    }
    let api_page = app.get("/api").await;
    assert_eq!(api_page.status, StatusCode::OK);
    assert!(api_page.body.contains("/api/v1/search"));
}

#[tokio::test]
async fn healthz_returns_ok() {
    let app = TestApp::new().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_binary() {
    let app = TestApp::new().await;
    let r = app.get("/static/style.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/css"));
    assert!(r.body.contains("PingFang SC"));
}

#[tokio::test]
async fn signing_in_returns_a_token_that_works_as_a_bearer_for_me() {
    let app = TestApp::new().await;
    let sme = app
        .with_organisation("天津某某科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    let user = app.with_user("sme1@example.cn", &[]).await;
    app.with_membership(user, sme, MembershipRole::Manager)
        .await;

    let r = app.sign_in("SME1@example.cn", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r.set_cookie.clone().unwrap();
    assert!(cookie.starts_with("pb_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http gets no Secure flag: {cookie}"
    );
    let v = r.json();
    assert_eq!(v["user"]["id"], user);
    assert_eq!(v["user"]["memberships"][0]["organisation_id"], sme);
    assert_eq!(v["user"]["memberships"][0]["role"], "manager");
    let token = v["token"].as_str().unwrap();

    let me = app.get_as("/api/v1/me", token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["email"], "sme1@example.cn");

    let session_value = cookie.split(';').next().unwrap();
    let by_cookie = app.get_with("/api/v1/me", Some(session_value)).await;
    assert_eq!(by_cookie.status, StatusCode::OK);

    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let forged = app.get_as("/api/v1/me", "not-a-token").await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_admin_gets_the_administrator_role_in_the_sign_in_answer() {
    let app = TestApp::new().await;
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;
    let r = app.sign_in("admin@example.cn", PASSWORD).await;
    assert_eq!(
        r.json()["user"]["roles"],
        serde_json::json!(["administrator"])
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_401() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    let wrong = app.sign_in("sme1@example.cn", "not the password").await;
    let unknown = app.sign_in("nobody@example.cn", PASSWORD).await;
    let not_a_login = app.sign_in("not a login", PASSWORD).await;
    for r in [&wrong, &unknown, &not_a_login] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert_eq!(r.json()["error"], "wrong login or password");
        assert!(r.set_cookie.is_none());
    }
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_account_even_against_the_right_one() {
    let app = TestApp::new().await;
    app.with_user("13800000000", &[]).await;
    for attempt in 1..=9 {
        let r = app.sign_in("13800000000", "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let tenth = app.sign_in("13800000000", "not the password").await;
    assert_eq!(tenth.status, StatusCode::LOCKED, "{}", tenth.body);

    let right = app.sign_in("13800000000", PASSWORD).await;
    assert_eq!(right.status, StatusCode::LOCKED);
    let message = right.json()["error"].as_str().unwrap().to_string();
    assert!(message.starts_with("account locked until "), "{message}");
    // The Chinese message has its own field now.
    let message_zh = right.json()["error_zh"].as_str().unwrap().to_string();
    assert!(message_zh.contains("账户已锁定"), "{message_zh}");
}

#[tokio::test]
async fn a_right_password_resets_the_count_of_wrong_ones() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    for _ in 0..9 {
        app.sign_in("sme1@example.cn", "not the password").await;
    }
    assert_eq!(
        app.sign_in("sme1@example.cn", PASSWORD).await.status,
        StatusCode::OK
    );
    let after = app.sign_in("sme1@example.cn", "not the password").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn deleting_the_session_ends_it_and_the_token_stops_working() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    let token = app.token_for("sme1@example.cn").await;
    let r = app.sign_out(&token).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.set_cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.get_as("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.sign_out(&token).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_audit_log_is_401_anonymous_403_for_an_sme_member_and_200_for_an_admin() {
    let app = TestApp::new().await;
    let sme = app
        .with_organisation("天津某某科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    let member = app.with_user("sme1@example.cn", &[]).await;
    app.with_membership(member, sme, MembershipRole::Member)
        .await;
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;

    let anonymous = app.get("/api/v1/audit").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["error"], "sign in first");

    let member_token = app.token_for("sme1@example.cn").await;
    let refused = app.get_as("/api/v1/audit", &member_token).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let refused_csv = app.get_as("/api/v1/audit?format=csv", &member_token).await;
    assert_eq!(refused_csv.status, StatusCode::FORBIDDEN);

    let admin_token = app.token_for("admin@example.cn").await;
    let listed = app.get_as("/api/v1/audit", &admin_token).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let entries = listed.json()["entries"].as_array().unwrap().clone();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"organisation.create"), "{actions:?}");
    assert!(actions.contains(&"user.create"), "{actions:?}");

    let narrowed = app
        .get_as(
            &format!("/api/v1/audit?organisation_id={sme}&action=organisation.create&limit=1"),
            &admin_token,
        )
        .await
        .json();
    let narrowed = narrowed["entries"].as_array().unwrap();
    assert_eq!(narrowed.len(), 1);
    assert_eq!(narrowed[0]["organisation_id"], sme);
    assert_eq!(narrowed[0]["district"], BINHAI);
}

#[tokio::test]
async fn the_audit_csv_export_has_a_bom_a_header_row_and_the_chinese_intact() {
    let app = TestApp::new().await;
    app.with_organisation("天津某某科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    app.with_user("bureau@example.cn", &[PlatformRole::IpBureau])
        .await;
    let token = app.token_for("bureau@example.cn").await;
    let r = app.get_as("/api/v1/audit?format=csv", &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.content_type, "text/csv; charset=utf-8");
    assert!(r.body.starts_with('\u{feff}'), "no byte-order mark");
    let header_row = r
        .body
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap();
    assert!(
        header_row.starts_with("id,at,user_id,organisation_id,district,action"),
        "{header_row}"
    );
    assert!(r.body.contains("organisation.create"));
    assert!(r.body.contains("天津某某科技有限公司"), "{}", r.body);
    assert!(r.body.lines().count() >= 3);
}

#[tokio::test]
async fn a_district_officer_sees_only_the_entries_of_the_district() {
    let app = TestApp::new().await;
    let binhai_sme = app
        .with_organisation("滨海科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    let xiqing_sme = app
        .with_organisation("西青科技有限公司", OrganisationKind::Sme, XIQING)
        .await;
    let officer = PlatformRole::DistrictOfficer {
        district: RegionCode::parse(BINHAI).unwrap(),
    };
    app.with_user("district-binhai@example.cn", &[officer])
        .await;
    let token = app.token_for("district-binhai@example.cn").await;

    let r = app.get_as("/api/v1/audit", &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let entries = v["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(
        entries.iter().all(|e| e["district"] == BINHAI),
        "{entries:?}"
    );
    assert!(entries.iter().any(|e| e["organisation_id"] == binhai_sme));

    let other = app
        .get_as(
            &format!("/api/v1/audit?organisation_id={xiqing_sme}"),
            &token,
        )
        .await
        .json();
    assert_eq!(other["entries"], serde_json::json!([]));
}

// ---- Page forms ------------------------------------------------------------

/// The value of the hidden CSRF field of a page.
fn csrf_of(body: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = body.find(marker).expect("the page has a form token") + marker.len();
    body[start..start + 64].to_string()
}

/// `name=value` of a cookie the response set.
fn cookie_of(reply: &Reply, name: &str) -> String {
    reply
        .set_cookie
        .as_deref()
        .unwrap_or("")
        .lines()
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", reply.set_cookie))
        .to_string()
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    /// Posts a form as a browser would, with cookies and an optional Origin.
    async fn post_form(
        &self,
        uri: &str,
        pairs: &[(&str, &str)],
        cookie: &str,
        origin: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie);
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        self.send(req.body(Body::from(form_encode(pairs))).unwrap())
            .await
    }
}

fn sign_up_fields<'a>(credit_code: &'a str, csrf: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("kind", "sme"),
        ("name_zh", "天津页测科技有限公司"),
        ("credit_code", credit_code),
        ("region_code", "120116"),
        ("year", "2025"),
        ("revenue_yuan", "3000000"),
        ("employees", "25"),
        ("display_name", "赵磊"),
        ("login", "zhaolei@yece.example.cn"),
        ("password", "a long enough password"),
        ("password_confirm", "a long enough password"),
    ]
}

#[tokio::test]
async fn a_page_form_without_its_token_or_from_another_site_is_refused_and_stores_nothing() {
    let app = TestApp::new().await;
    let page = app.get("/sign-up").await;
    assert_eq!(page.status, StatusCode::OK);
    let cookie = cookie_of(&page, "pb_csrf");
    assert!(
        page.set_cookie
            .as_deref()
            .unwrap()
            .contains("SameSite=Strict")
    );
    let token = csrf_of(&page.body);
    let code = patentbridge_domain::CreditCode::from_parts("91", "120116", "MA07KP3A")
        .unwrap()
        .as_str()
        .to_string();
    let before = app.organisation_count().await;

    let wrong = "0".repeat(64);
    let forged = app
        .post_form("/sign-up", &sign_up_fields(&code, &wrong), &cookie, None)
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let cross_site = app
        .post_form(
            "/sign-up",
            &sign_up_fields(&code, &token),
            &cookie,
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert_eq!(app.organisation_count().await, before, "nothing stored");

    let done = app
        .post_form(
            "/sign-up",
            &sign_up_fields(&code, &token),
            &cookie,
            Some("http://localhost"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(cookie_of(&done, "pb_session").len() > 70);
    assert_eq!(app.organisation_count().await, before + 1);
}

#[tokio::test]
async fn the_sign_up_page_names_each_wrong_field_in_english_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let page = app.get("/sign-up?lang=en").await;
    let cookie = format!("{}; lang=en", cookie_of(&page, "pb_csrf"));
    let token = csrf_of(&page.body);
    let before = app.organisation_count().await;
    let mut fields = sign_up_fields("91120116MA07KP3A00", &token);
    fields.retain(|(k, _)| *k != "password_confirm");
    fields.push(("password_confirm", "something else entirely"));
    fields.retain(|(k, _)| *k != "region_code");
    fields.push(("region_code", "12345"));
    let r = app.post_form("/sign-up", &fields, &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("unified social credit code"), "{}", r.body);
    assert!(r.body.contains("a region code is six digits"));
    assert!(r.body.contains("the two passwords differ"));
    assert!(
        r.body.contains(r#"value="天津页测科技有限公司""#),
        "typed values are kept"
    );
    assert!(
        !r.body.contains("a long enough password"),
        "passwords are never echoed"
    );
    assert_eq!(app.organisation_count().await, before);
}

#[tokio::test]
async fn a_locked_account_shows_on_the_admin_users_page_and_unlocking_lets_it_sign_in() {
    let app = TestApp::new().await;
    let sme = app.with_user("locked@example.cn", &[]).await;
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;
    for _ in 0..10 {
        app.sign_in("locked@example.cn", "not the password").await;
    }
    assert_eq!(
        app.sign_in("locked@example.cn", PASSWORD).await.status,
        StatusCode::LOCKED
    );
    // A session token is also the page cookie.
    let admin = format!("pb_session={}", app.token_for("admin@example.cn").await);
    let page = app.get_with("/admin/users?lang=en", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    let row_start = page
        .body
        .find(&format!(r#"data-user="{sme}""#))
        .expect("the user is listed");
    let row = &page.body[row_start..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Locked until"), "{row}");

    let unlocked = app
        .post_form(
            &format!("/admin/users/{sme}/unlock"),
            &[("csrf", &csrf_of(&page.body))],
            &admin,
            None,
        )
        .await;
    assert_eq!(unlocked.status, StatusCode::SEE_OTHER, "{}", unlocked.body);
    assert_eq!(
        app.sign_in("locked@example.cn", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn oversight_pages_send_visitors_to_sign_in_and_refuse_members() {
    let app = TestApp::new().await;
    let r = app.get("/admin/users").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A visitor's post to an administrator's form (a valid form token, no
    // session) is asked to sign in, not told the page does not exist.
    let page = app.get("/sign-in").await;
    let unlock = app
        .post_form(
            "/admin/users/1/unlock",
            &[("csrf", &csrf_of(&page.body))],
            &cookie_of(&page, "pb_csrf"),
            None,
        )
        .await;
    assert_eq!(unlock.status, StatusCode::UNAUTHORIZED, "{}", unlock.body);
    assert!(unlock.body.contains("请先登录"), "{}", unlock.body);
    let member = app.with_user("member@example.cn", &[]).await;
    let org = app
        .with_organisation("成员公司", OrganisationKind::Sme, "120116")
        .await;
    app.with_membership(member, org, MembershipRole::Member)
        .await;
    let cookie = format!("pb_session={}", app.token_for("member@example.cn").await);
    for path in ["/admin/users", "/admin/organisations"] {
        let r = app.get_with(path, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = app.get_with("/audit", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .get_with(&format!("/organisations/{org}"), Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("成员公司"));
}

/// Every role against every route that exists so far, with the status each
/// must get. It grows with each feature: a new route or role adds a column
/// or a row here.
#[tokio::test]
async fn the_permission_matrix_holds_for_every_role_and_route() {
    let app = TestApp::new().await;
    let binhai = RegionCode::parse("120116").unwrap();
    let sme = app
        .with_organisation("天津某科技有限公司", OrganisationKind::Sme, "120116")
        .await;
    let tju = app
        .with_organisation("天津大学", OrganisationKind::University, "120104")
        .await;
    let bank = app
        .with_organisation("某银行", OrganisationKind::Bank, "120101")
        .await;
    let sme_user = app.with_user("sme@example.com", &[]).await;
    app.with_membership(sme_user, sme, MembershipRole::Manager)
        .await;
    let tto = app.with_user("tto@example.com", &[]).await;
    app.with_membership(tto, tju, MembershipRole::Manager).await;
    let banker = app.with_user("bank@example.com", &[]).await;
    app.with_membership(banker, bank, MembershipRole::Member)
        .await;
    app.with_user("expert@example.com", &[PlatformRole::Expert])
        .await;
    app.with_user(
        "binhai@example.com",
        &[PlatformRole::DistrictOfficer { district: binhai }],
    )
    .await;
    app.with_user("bureau@example.com", &[PlatformRole::IpBureau])
        .await;
    app.with_user("admin@example.com", &[PlatformRole::Administrator])
        .await;

    let routes: Vec<String> = [
        "/",
        "/search?q=sensor",
        "/patents/CN115525164A",
        "/api",
        "/healthz",
        "/api/v1/search?q=sensor",
        "/api/v1/patents/CN115525164A",
        "/api/v1/stats",
        "/api/v1/openapi.json",
        "/api/v1/me",
        "/api/v1/audit",
        "/api/v1/audit?format=csv",
        "/api/v1/tokens",
        &format!("/api/v1/organisations/{sme}"),
        &format!("/api/v1/organisations/{tju}"),
        "/api/v1/admin/users",
        "/account",
        "/my-organisation",
        &format!("/organisations/{sme}"),
        &format!("/organisations/{tju}"),
        "/admin/organisations",
        "/admin/users",
        "/audit",
        "/mall",
        "/api/v1/listings",
        "/api/v1/pool",
        "/api/v1/review/listings",
        "/review/listings",
        "/listings",
        "/pool/screening",
        "/packages",
        "/api/v1/packages",
        "/favourites",
        "/inbox",
        "/api/v1/notifications",
        "/api/v1/favourites",
        "/demands",
        "/api/v1/demands",
        "/matches/pipeline",
        "/api/v1/matches/pipeline",
        "/demands/analyse",
        "/deals",
        "/api/v1/deals",
        "/api/v1/deals/999999",
    ]
    .map(str::to_string)
    .into();
    // Writes that reach the policy but change nothing: each fails after the
    // check it exercises (a wrong password, an empty name, an unverified
    // organisation that cannot be approved, an e-mail that is not one …).
    let new_password = "another long passphrase";
    let writes: [(&str, String, serde_json::Value); 19] = [
        ("POST", "/api/v1/registrations".into(), json!({})),
        (
            "PUT",
            "/api/v1/me/password".into(),
            json!({"current_password": "not it", "new_password": new_password,
                   "password_confirm": new_password}),
        ),
        (
            "POST",
            "/api/v1/password-resets".into(),
            json!({"login": "nobody@example.com"}),
        ),
        (
            "POST",
            "/api/v1/password-resets/confirm".into(),
            json!({"token": "dead", "new_password": new_password,
                   "password_confirm": new_password}),
        ),
        (
            "POST",
            "/api/v1/tokens".into(),
            json!({"name": "", "scopes": ["read"]}),
        ),
        ("DELETE", "/api/v1/tokens/999999".into(), json!(null)),
        (
            "POST",
            format!("/api/v1/organisations/{sme}/verification"),
            json!({"event": "approve"}),
        ),
        (
            "POST",
            format!("/api/v1/organisations/{sme}/invitations"),
            json!({"email": "not-an-email", "role": "member"}),
        ),
        (
            "POST",
            "/api/v1/invitations/accept".into(),
            json!({"token": "dead"}),
        ),
        (
            "POST",
            format!("/api/v1/admin/users/{sme_user}/unlock"),
            json!(null),
        ),
        (
            "POST",
            "/api/v1/listings".into(),
            json!({"organisation": tju}),
        ),
        (
            "POST",
            "/api/v1/listings/999999/transitions".into(),
            json!({"event": "approve"}),
        ),
        (
            "POST",
            "/api/v1/listings/999999/inquiries".into(),
            json!({"message": "想了解"}),
        ),
        ("POST", "/api/v1/packages".into(), json!({})),
        (
            "POST",
            "/api/v1/pool/entries".into(),
            json!({"patents": []}),
        ),
        ("POST", "/api/v1/demands".into(), json!({"title": ""})),
        (
            "POST",
            "/api/v1/matches/999999/feedback".into(),
            json!({"reason": "relevant"}),
        ),
        (
            "POST",
            "/api/v1/deals".into(),
            json!({"listing_id": 999999}),
        ),
        (
            "POST",
            "/api/v1/deals/999999/events".into(),
            json!({"event": "message", "message": "你好"}),
        ),
    ];
    // One row per actor: a status per read above, then one per write. The
    // account pages are read with the same bearer token the session cookie
    // would carry; a visitor is sent to sign in (303).
    #[rustfmt::skip]
    let expected: [(&str, [u16; 44], [u16; 19]); 8] = [
        (
            "",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401, 401, 404, 404, 401, 303, 303, 404, 404, 303, 303, 303, 200, 200, 200, 401, 303, 303, 303, 200, 200, 303, 303, 401, 401, 303, 401, 303, 401, 303, 303, 401, 401],
            [422, 401, 202, 404, 401, 401, 404, 401, 401, 401, 401, 404, 401, 401, 401, 401, 401, 401, 401],
        ),
        (
            "sme@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 200, 404, 404, 200, 303, 200, 404, 404, 404, 403, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 403, 422, 404, 404, 404, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "tto@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 404, 200, 404, 200, 303, 404, 200, 404, 404, 403, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 404, 404, 404, 404, 403, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "bank@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 404, 404, 404, 200, 303, 404, 404, 404, 404, 403, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 404, 404, 404, 404, 404, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "expert@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 404, 404, 404, 200, 303, 404, 404, 404, 404, 403, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 404, 404, 404, 404, 404, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "binhai@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 200, 303, 200, 404, 404, 404, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 403, 403, 404, 404, 404, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "bureau@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200, 303, 200, 200, 404, 404, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 403, 403, 404, 404, 403, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
        (
            "admin@example.com",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404],
            [422, 422, 202, 404, 422, 404, 409, 403, 404, 400, 422, 404, 403, 403, 403, 403, 404, 403, 404],
        ),
    ];
    let mut wrong = Vec::new();
    for (login, reads, write_statuses) in expected {
        let token = if login.is_empty() {
            None
        } else {
            Some(app.token_for(login).await)
        };
        let who = if login.is_empty() { "anonymous" } else { login };
        for (route, want) in routes.iter().zip(reads) {
            let reply = match &token {
                Some(t) => app.get_as(route, t).await,
                None => app.get(route).await,
            };
            if reply.status.as_u16() != want {
                wrong.push(format!(
                    "{who} GET {route}: got {}, want {want}",
                    reply.status.as_u16()
                ));
            }
        }
        for ((method, route, body), want) in writes.iter().zip(write_statuses) {
            let body = (!body.is_null()).then(|| body.clone());
            let reply = app.call(method, route, token.as_deref(), body).await;
            if reply.status.as_u16() != want {
                wrong.push(format!(
                    "{who} {method} {route}: got {}, want {want}: {}",
                    reply.status.as_u16(),
                    reply.body
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "permission matrix differs:\n{}",
        wrong.join("\n")
    );
}

/// A valid unified social credit code in Binhai with `org` as its
/// organisation part.
fn credit_code(org: &str) -> String {
    CreditCode::from_parts("91", BINHAI, org)
        .unwrap()
        .as_str()
        .to_string()
}

/// A sign-up body that passes every check; numbers as JSON numbers.
fn registration(login: &str, credit_code: &str) -> serde_json::Value {
    json!({
        "kind": "sme",
        "name_zh": "天津智感科技有限公司",
        "name_en": "Tianjin Zhigan Technology Co., Ltd.",
        "credit_code": credit_code,
        "region_code": BINHAI,
        "address": "天津市滨海新区新港二号路 1 号",
        "industry": "仪器仪表制造业",
        "year": 2025,
        "revenue_yuan": 12_000_000,
        "employees": "45",
        "display_name": "王敏",
        "login": login,
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    })
}

/// The field names of a 422 answer, in English and in Chinese.
fn field_names(r: &Reply) -> (Vec<String>, Vec<String>) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = r.json();
    let names = |key: &str| {
        let mut names: Vec<String> = v[key].as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    };
    (names("fields"), names("fields_zh"))
}

#[tokio::test]
async fn a_registration_with_bad_fields_names_each_one_in_both_languages_and_stores_nothing() {
    let app = TestApp::new().await;
    let good_code = credit_code("MA05K8XQ");
    let last = good_code.chars().last().unwrap();
    let bad_code = format!(
        "{}{}",
        &good_code[..17],
        if last == '0' { '1' } else { '0' }
    );
    let mut bad = registration("not-an-email@", &bad_code);
    bad["region_code"] = json!("120199");
    bad["password"] = json!("short");
    bad["password_confirm"] = json!("short");
    let organisations = app.organisation_count().await;
    let audit = app.audit_count().await;

    let r = app
        .call("POST", "/api/v1/registrations", None, Some(bad))
        .await;
    let (en, zh) = field_names(&r);
    assert_eq!(en, ["credit_code", "login", "password", "region_code"]);
    assert_eq!(zh, en);
    let v = r.json();
    assert_ne!(v["fields"]["password"], v["fields_zh"]["password"]);
    assert_eq!(app.organisation_count().await, organisations);
    assert_eq!(app.audit_count().await, audit);
}

#[tokio::test]
async fn a_good_registration_signs_in_and_shows_its_organisation_pending() {
    let app = TestApp::new().await;
    let code = credit_code("MA05K8XQ");
    let r = app
        .call(
            "POST",
            "/api/v1/registrations",
            None,
            Some(registration("wangmin@zhigan.example.cn", &code)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["verification"], "pending");
    let org = v["organisation_id"].as_i64().unwrap();

    let token = app.token_for("wangmin@zhigan.example.cn").await;
    let me = app.get_as("/api/v1/me", &token).await.json();
    assert_eq!(me["id"], v["user_id"]);
    assert_eq!(me["memberships"][0]["organisation_id"], org);
    assert_eq!(me["memberships"][0]["role"], "manager");
    let shown = app
        .get_as(&format!("/api/v1/organisations/{org}"), &token)
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let shown = shown.json();
    assert_eq!(shown["verification"], "pending");
    assert_eq!(shown["credit_code"], code.as_str());
    assert_eq!(shown["figures"][0]["year"], 2025);
    assert_eq!(shown["figures"][0]["employees"], 45);
    assert_eq!(shown["figures"][0]["revenue_fen"], 1_200_000_000_i64);
    // Nobody outside sees a pending SME.
    let anonymous = app.get(&format!("/api/v1/organisations/{org}")).await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn registering_a_taken_e_mail_or_credit_code_is_a_field_error() {
    let app = TestApp::new().await;
    let code = credit_code("MA05K8XQ");
    let first = app
        .call(
            "POST",
            "/api/v1/registrations",
            None,
            Some(registration("wangmin@zhigan.example.cn", &code)),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let organisations = app.organisation_count().await;

    let same_login = app
        .call(
            "POST",
            "/api/v1/registrations",
            None,
            Some(registration(
                "WangMin@zhigan.example.cn",
                &credit_code("MA05K9XQ"),
            )),
        )
        .await;
    assert_eq!(field_names(&same_login).0, ["login"]);
    let same_code = app
        .call(
            "POST",
            "/api/v1/registrations",
            None,
            Some(registration("other@zhigan.example.cn", &code)),
        )
        .await;
    assert_eq!(field_names(&same_code).0, ["credit_code"]);
    assert_eq!(app.organisation_count().await, organisations);

    let not_json = app
        .send(
            Request::builder()
                .method("POST")
                .uri("/api/v1/registrations")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"year\": [2025]}"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        not_json.status,
        StatusCode::BAD_REQUEST,
        "{}",
        not_json.body
    );
    assert!(not_json.json()["error"].as_str().unwrap().contains("year"));
}

#[tokio::test]
async fn an_admin_approves_a_pending_organisation_once_and_nobody_else_may() {
    let app = TestApp::new().await;
    let r = app
        .call(
            "POST",
            "/api/v1/registrations",
            None,
            Some(registration(
                "wangmin@zhigan.example.cn",
                &credit_code("MA05K8XQ"),
            )),
        )
        .await;
    let org = r.json()["organisation_id"].as_i64().unwrap();
    let uri = format!("/api/v1/organisations/{org}/verification");
    let approve = json!({ "event": "approve" });
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;
    let admin = app.token_for("admin@example.cn").await;
    let member = app.token_for("wangmin@zhigan.example.cn").await;

    let by_member = app
        .call("POST", &uri, Some(&member), Some(approve.clone()))
        .await;
    assert_eq!(
        by_member.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_member.body
    );
    let by_nobody = app.call("POST", &uri, None, Some(approve.clone())).await;
    assert_eq!(
        by_nobody.status,
        StatusCode::NOT_FOUND,
        "{}",
        by_nobody.body
    );
    let unknown = app
        .call(
            "POST",
            &uri,
            Some(&admin),
            Some(json!({ "event": "bless" })),
        )
        .await;
    assert_eq!(field_names(&unknown).0, ["event"]);

    let approved = app
        .call("POST", &uri, Some(&admin), Some(approve.clone()))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.json()["verification"], "verified");
    let again = app.call("POST", &uri, Some(&admin), Some(approve)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let shown = app
        .get_as(&format!("/api/v1/organisations/{org}"), &member)
        .await
        .json();
    assert_eq!(shown["verification"], "verified");
    // A verified SME is still its own business.
    let anonymous = app.get(&format!("/api/v1/organisations/{org}")).await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_sees_a_locked_account_and_unlocking_it_lets_the_right_password_in() {
    let app = TestApp::new().await;
    let user = app.with_user("locked@example.cn", &[]).await;
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;
    let admin = app.token_for("admin@example.cn").await;
    for _ in 0..10 {
        app.sign_in("locked@example.cn", "not the password").await;
    }
    assert_eq!(
        app.sign_in("locked@example.cn", PASSWORD).await.status,
        StatusCode::LOCKED
    );

    let listed = app.get_as("/api/v1/admin/users?limit=50", &admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let v = listed.json();
    assert_eq!(v["limit"], 50);
    let row = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == user)
        .unwrap()
        .clone();
    assert_eq!(row["locked"], true, "{row}");
    assert_eq!(row["email"], "locked@example.cn");
    // The count starts again once the lock is set.
    assert!(row["failed_logins"].is_i64(), "{row}");
    let until = row["locked_until"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(until).is_ok(),
        "{until}"
    );
    let admin_row = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "admin@example.cn")
        .unwrap()
        .clone();
    assert_eq!(admin_row["locked"], false);
    assert_eq!(admin_row["locked_until"], serde_json::Value::Null);
    assert_eq!(admin_row["roles"], json!(["administrator"]));

    let unlock = format!("/api/v1/admin/users/{user}/unlock");
    app.with_user("member@example.cn", &[]).await;
    let not_admin = app.token_for("member@example.cn").await;
    assert_eq!(
        app.call("POST", &unlock, Some(&not_admin), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app.call("POST", &unlock, Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        app.sign_in("locked@example.cn", PASSWORD).await.status,
        StatusCode::OK
    );
    let twice = app.call("POST", &unlock, Some(&admin), None).await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
}

#[tokio::test]
async fn an_api_token_is_shown_once_carries_only_its_scopes_and_dies_when_revoked() {
    let app = TestApp::new().await;
    app.with_user("admin@example.cn", &[PlatformRole::Administrator])
        .await;
    let session = app.token_for("admin@example.cn").await;
    let made = app
        .call(
            "POST",
            "/api/v1/tokens",
            Some(&session),
            Some(json!({ "name": "nightly export", "scopes": ["read"] })),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let made = made.json();
    assert_eq!(made["scopes"], json!(["read"]));
    assert_eq!(made["name"], "nightly export");
    let token = made["token"].as_str().unwrap().to_string();
    let id = made["id"].as_i64().unwrap();

    let listed = app.get_as("/api/v1/tokens", &session).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert!(!listed.body.contains(&token), "the secret is listed");
    let listed = listed.json();
    assert_eq!(listed[0]["id"], id);
    assert!(listed[0].get("token").is_none());

    let me = app.get_as("/api/v1/me", &token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["email"], "admin@example.cn");
    let audit = app.get_as("/api/v1/audit", &token).await;
    assert_eq!(audit.status, StatusCode::FORBIDDEN, "{}", audit.body);
    let admin_users = app.get_as("/api/v1/admin/users", &token).await;
    assert_eq!(admin_users.status, StatusCode::FORBIDDEN);
    let minted = app
        .call(
            "POST",
            "/api/v1/tokens",
            Some(&token),
            Some(json!({ "name": "more", "scopes": ["read"] })),
        )
        .await;
    assert_eq!(minted.status, StatusCode::FORBIDDEN, "{}", minted.body);

    let revoked = app
        .call(
            "DELETE",
            &format!("/api/v1/tokens/{id}"),
            Some(&session),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.body);
    assert_eq!(
        app.get_as("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .call(
            "DELETE",
            &format!("/api/v1/tokens/{id}"),
            Some(&session),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    app.with_user("sme1@example.cn", &[]).await;
    let sme = app.token_for("sme1@example.cn").await;
    let too_much = app
        .call(
            "POST",
            "/api/v1/tokens",
            Some(&sme),
            Some(json!({ "name": "root", "scopes": ["read", "admin"] })),
        )
        .await;
    assert_eq!(field_names(&too_much).0, ["scopes"]);
    let unknown = app
        .call(
            "POST",
            "/api/v1/tokens",
            Some(&sme),
            Some(json!({ "name": "x", "scopes": ["everything"] })),
        )
        .await;
    assert_eq!(field_names(&unknown).0, ["scopes"]);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_sessions() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    let token = app.token_for("sme1@example.cn").await;
    let new = "a much better passphrase";
    let wrong = app
        .call(
            "PUT",
            "/api/v1/me/password",
            Some(&token),
            Some(json!({
                "current_password": "not the password",
                "new_password": new,
                "password_confirm": new,
            })),
        )
        .await;
    assert_eq!(field_names(&wrong).0, ["current_password"]);
    let anonymous = app
        .call(
            "PUT",
            "/api/v1/me/password",
            None,
            Some(json!({
                "current_password": PASSWORD,
                "new_password": new,
                "password_confirm": new,
            })),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let right = app
        .call(
            "PUT",
            "/api/v1/me/password",
            Some(&token),
            Some(json!({
                "current_password": PASSWORD,
                "new_password": new,
                "password_confirm": new,
            })),
        )
        .await;
    assert_eq!(right.status, StatusCode::NO_CONTENT, "{}", right.body);
    assert_eq!(
        app.get_as("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("sme1@example.cn", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("sme1@example.cn", new).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_password_reset_answers_alike_for_any_login_and_its_token_works_once() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    let known = app
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({ "login": "sme1@example.cn" })),
        )
        .await;
    let unknown = app
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({ "login": "nobody@example.cn" })),
        )
        .await;
    for r in [&known, &unknown] {
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
        assert_eq!(r.json(), json!({ "status": "sent if the account exists" }));
    }

    let token =
        accounts::request_password_reset(app.app(), &Caller::anonymous(), "sme1@example.cn")
            .await
            .unwrap()
            .expect("a known login gets a token");
    let confirm = |password: &str| json!({ "token": token, "new_password": password, "password_confirm": password });
    let short = app
        .call(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            Some(confirm("short")),
        )
        .await;
    assert_eq!(field_names(&short).0, ["new_password"]);
    let new = "a much better passphrase";
    let done = app
        .call(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            Some(confirm(new)),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    assert_eq!(
        app.sign_in("sme1@example.cn", new).await.status,
        StatusCode::OK
    );
    let twice = app
        .call(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            Some(confirm("yet another passphrase")),
        )
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND, "{}", twice.body);
}

#[tokio::test]
async fn a_cookie_authenticated_api_write_without_the_csrf_header_is_refused() {
    let app = TestApp::new().await;
    app.with_user("sme1@example.cn", &[]).await;
    let r = app.sign_in("sme1@example.cn", PASSWORD).await;
    let cookie = r.set_cookie.unwrap();
    let session = cookie.split(';').next().unwrap().to_string();
    let refused = app
        .send(
            Request::builder()
                .method("DELETE")
                .uri("/api/v1/session")
                .header(header::COOKIE, &session)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let wrong_token = app
        .send(
            Request::builder()
                .method("POST")
                .uri("/api/v1/tokens")
                .header(header::COOKIE, &session)
                .header("x-csrf-token", "not-the-token")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"x","scopes":["read"]}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    // The session lives on.
    let me = app.get_with("/api/v1/me", Some(&session)).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn a_manager_invites_by_e_mail_and_the_invitee_joins_once() {
    let app = TestApp::new().await;
    let sme = app
        .with_organisation("天津某某科技有限公司", OrganisationKind::Sme, BINHAI)
        .await;
    let manager = app.with_user("boss@example.cn", &[]).await;
    app.with_membership(manager, sme, MembershipRole::Manager)
        .await;
    let member = app.with_user("staff@example.cn", &[]).await;
    app.with_membership(member, sme, MembershipRole::Member)
        .await;
    app.with_user("new@example.cn", &[]).await;
    let boss = app.token_for("boss@example.cn").await;
    let staff = app.token_for("staff@example.cn").await;
    let uri = format!("/api/v1/organisations/{sme}/invitations");

    let by_member = app
        .call(
            "POST",
            &uri,
            Some(&staff),
            Some(json!({ "email": "new@example.cn", "role": "member" })),
        )
        .await;
    assert_eq!(
        by_member.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_member.body
    );
    let bad_role = app
        .call(
            "POST",
            &uri,
            Some(&boss),
            Some(json!({ "email": "new@example.cn", "role": "owner" })),
        )
        .await;
    assert_eq!(field_names(&bad_role).0, ["role"]);

    let made = app
        .call(
            "POST",
            &uri,
            Some(&boss),
            Some(json!({ "email": "new@example.cn", "role": "member" })),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let invitation = made.json()["token"].as_str().unwrap().to_string();

    let newcomer = app.token_for("new@example.cn").await;
    let accepted = app
        .call(
            "POST",
            "/api/v1/invitations/accept",
            Some(&newcomer),
            Some(json!({ "token": invitation })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(
        accepted.json(),
        json!({ "organisation_id": sme, "role": "member" })
    );
    let me = app.get_as("/api/v1/me", &newcomer).await.json();
    assert_eq!(me["memberships"][0]["organisation_id"], sme);
    let shown = app
        .get_as(&format!("/api/v1/organisations/{sme}"), &newcomer)
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.json()["figures"].is_array());

    let again = app
        .call(
            "POST",
            "/api/v1/invitations/accept",
            Some(&newcomer),
            Some(json!({ "token": invitation })),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
}

#[path = "app/pool.rs"]
mod pool;

#[path = "app/listings.rs"]
mod listings;
#[path = "app/market.rs"]
mod market;

#[path = "app/demands.rs"]
mod demands;

#[path = "app/deals.rs"]
mod deals;

#[path = "app/limits.rs"]
mod limits;
