//! End-to-end tests of the web crate: the real router over a fresh SQLite
//! database and an in-memory index, driven in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use patentbridge_domain::{ClassificationCode, LegalStatus, Party, Patent, PatentNumber};
use patentbridge_search::SearchIndex;
use patentbridge_storage::{DatabaseLocation, IpcTitle, Store};
use patentbridge_web::{AppState, indexing, router};
use tower::ServiceExt;

struct TestApp {
    state: AppState,
    db: std::path::PathBuf,
}

struct Reply {
    status: StatusCode,
    content_type: String,
    set_cookie: Option<String>,
    body: String,
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
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let db = std::env::temp_dir().join(format!(
            "patentbridge-web-test-{}-{n}-{}.sqlite",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let store = Store::open(&DatabaseLocation::Sqlite(db.clone()))
            .await
            .unwrap();
        let index = SearchIndex::in_memory().unwrap();
        let mut patents: Vec<Patent> = patentbridge_ingest::demo::generate(30, 7).collect();
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
        store.upsert_patents(&patents).await.unwrap();
        store
            .upsert_ipc_titles(&[IpcTitle {
                symbol: "G01L".into(),
                level: "subclass".into(),
                parent_symbol: Some("G01".into()),
                title_zh: Some("测量力、应力、转矩、功、机械功率、机械效率或流体压力".into()),
                title_en: Some("Measuring force, stress, torque, work, mechanical power".into()),
            }])
            .await
            .unwrap();
        indexing::drain_outbox(&store, &index).await.unwrap();
        TestApp {
            state: AppState::new(store, index),
            db,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, None).await
    }

    async fn get_with(&self, uri: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::builder().uri(uri);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let res = router(self.state.clone())
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let header_text = |name| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let set_cookie = header_text(header::SET_COOKIE);
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            content_type,
            set_cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
        }
    }
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
        let op = &item["get"];
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
