//! The application driven in-process: the real router over a fresh SQLite
//! database and an in-memory search index, filled through the same store
//! and indexer the binary uses.

use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use patentbridge_domain::{ClassificationCode, LegalStatus, Party, Patent, PatentNumber};
use patentbridge_search::SearchIndex;
use patentbridge_storage::{DatabaseLocation, IpcTitle, Store};
use patentbridge_web::{AppState, indexing, router};
use serde_json::Value;
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

struct TestApp {
    state: AppState,
    dir: std::path::PathBuf,
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    async fn new() -> TestApp {
        let dir = std::env::temp_dir().join(format!(
            "pb-web-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let store = Store::open(&DatabaseLocation::Sqlite(dir.join("db.sqlite")))
            .await
            .unwrap();
        let mut patents: Vec<Patent> = patentbridge_ingest::demo::generate(30, 7).collect();
        patents.push(pressure_sensor());
        store.upsert_patents(&patents).await.unwrap();
        store
            .upsert_ipc_titles(&[IpcTitle {
                symbol: "G01L".into(),
                level: "subclass".into(),
                parent_symbol: Some("G01".into()),
                title_zh: Some("测量力、应力、转矩、功、机械功率、机械效率或流体压力".into()),
                title_en: Some("MEASURING FORCE, STRESS, TORQUE, WORK, MECHANICAL POWER".into()),
            }])
            .await
            .unwrap();
        let index = SearchIndex::in_memory().unwrap();
        indexing::drain_outbox(&store, &index).await.unwrap();
        TestApp {
            state: AppState::new(store, index),
            dir,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        let response = router(self.state.clone())
            .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        Reply {
            status,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn finish(self) {
        self.state.store.close().await;
        let _ = std::fs::remove_dir_all(self.dir);
    }
}

fn pressure_sensor() -> Patent {
    let mut p = Patent::new(PatentNumber::parse("CN115525164A").unwrap(), "test");
    p.title_zh = Some("压力传感器校准方法、设备、电容笔和可读存储介质".into());
    p.abstract_zh = Some("本申请公开了一种压力传感器校准方法、设备、电容笔和可读存储介质。".into());
    p.ipc = vec![ClassificationCode::parse("G01L 25/00").unwrap()];
    p.applicants = vec![Party::new("天津大学", Some("天津市南开区卫津路92号"))];
    p.legal_status = LegalStatus::Pending;
    p
}

#[tokio::test]
async fn the_home_page_is_chinese_by_default_and_english_on_request() {
    let app = TestApp::new().await;
    let zh = app.get("/").await;
    assert_eq!(zh.status, StatusCode::OK);
    assert!(zh.content_type.starts_with("text/html"));
    assert!(zh.body.contains("lang=\"zh-CN\""));
    assert!(zh.body.contains("专利检索"));
    let en = app.get("/?lang=en").await;
    assert!(en.body.contains("lang=\"en\""));
    assert!(en.body.contains("Search"));
    app.finish().await;
}

#[tokio::test]
async fn searching_a_chinese_term_lists_the_matching_patent_with_highlights() {
    let app = TestApp::new().await;
    let page = app
        .get("/search?q=%E5%8E%8B%E5%8A%9B%E4%BC%A0%E6%84%9F%E5%99%A8")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("CN115525164A"));
    assert!(page.body.contains("<mark>"));
    app.finish().await;
}

#[tokio::test]
async fn a_facet_filter_narrows_the_results() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/search?q=").await.json();
    let filtered = app
        .get("/api/v1/search?q=&legal_status=pending")
        .await
        .json();
    let (all, some) = (
        all["total"].as_u64().unwrap(),
        filtered["total"].as_u64().unwrap(),
    );
    assert_eq!(all, 31);
    assert!(some > 0 && some < all, "pending {some} of {all}");
    for hit in filtered["hits"].as_array().unwrap() {
        assert_eq!(hit["legal_status"], "pending");
    }
    app.finish().await;
}

#[tokio::test]
async fn the_patent_page_shows_classification_titles_in_both_languages() {
    let app = TestApp::new().await;
    let page = app.get("/patents/CN115525164A").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("压力传感器校准方法"));
    assert!(
        page.body.contains("测量力、应力"),
        "the G01L title is shown for G01L25/00"
    );
    let en = app.get("/patents/CN115525164A?lang=en").await;
    assert!(en.body.contains("MEASURING FORCE"));
    app.finish().await;
}

#[tokio::test]
async fn an_unknown_patent_is_a_404_page_and_a_404_json_error() {
    let app = TestApp::new().await;
    let page = app.get("/patents/CN000000000A").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.content_type.starts_with("text/html"));
    let api = app.get("/api/v1/patents/CN000000000A").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.json()["error"].as_str().is_some());
    let garbage = app.get("/api/v1/patents/not-a-number").await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);
    app.finish().await;
}

#[tokio::test]
async fn the_search_api_returns_total_and_hits_with_number_title_and_snippet() {
    let app = TestApp::new().await;
    let r = app
        .get("/api/v1/search?q=%E5%8E%8B%E5%8A%9B%E4%BC%A0%E6%84%9F%E5%99%A8&page=1")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert!(v["total"].as_u64().unwrap() >= 1);
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["number"] == "CN115525164A")
        .expect("listed");
    assert_eq!(
        hit["title"],
        "压力传感器校准方法、设备、电容笔和可读存储介质"
    );
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"));
    app.finish().await;
}

#[tokio::test]
async fn the_patent_api_returns_titles_abstracts_and_codes() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/patents/CN115525164A").await.json();
    assert_eq!(v["number"], "CN115525164A");
    assert_eq!(
        v["title_zh"],
        "压力传感器校准方法、设备、电容笔和可读存储介质"
    );
    assert!(
        v["abstract_zh"]
            .as_str()
            .unwrap()
            .starts_with("本申请公开了")
    );
    assert_eq!(v["ipc"][0]["code"], "G01L25/00");
    assert_eq!(v["applicants"][0]["type"], "university");
    assert_eq!(v["applicants"][0]["region"], "120104");
    app.finish().await;
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document_and_answers() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let documented: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    for path in patentbridge_web::routes::api::PATHS {
        let full = format!("/api/v1{path}");
        assert!(
            documented.contains(&full),
            "{full} is served but not documented"
        );
    }
    assert!(documented.iter().any(|p| p == "/healthz"));
    for path in &documented {
        let uri = path.replace("{number}", "CN115525164A");
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    }
    app.finish().await;
}

#[tokio::test]
async fn health_reports_the_database_and_the_index() {
    let app = TestApp::new().await;
    let v = app.get("/healthz").await.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["indexed_documents"], 31);
    assert_eq!(v["index_backlog"], 0);
    app.finish().await;
}

#[tokio::test]
async fn the_interactive_api_page_and_its_script_are_served() {
    let app = TestApp::new().await;
    let page = app.get("/api").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/api/v1/search"));
    assert!(page.body.contains("/static/"));
    app.finish().await;
}
