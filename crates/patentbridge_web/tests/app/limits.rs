//! What the server does at its limits: a failure of ours is a 500 that
//! shows no cause, a burst of sign-ins is checked or turned away without
//! failing, and a search query deep enough to overflow the query parser is
//! refused before it is parsed — and the server answers afterwards.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use patentbridge_app::password::Passwords;

use super::*;

#[tokio::test]
async fn limits_a_failure_of_ours_is_a_500_that_says_only_that_it_was_logged() {
    let app = TestApp::new().await;
    // The database goes away under the running application.
    app.app().close().await;

    let api = app.get("/api/v1/stats").await;
    assert_eq!(
        api.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        api.body
    );
    assert!(api.content_type.starts_with("application/json"));
    assert_eq!(
        api.json(),
        json!({
            "status": 500,
            "error": "internal error; it has been logged",
            "error_zh": "服务器内部错误，已记录，请稍后再试",
        })
    );

    let page = app.get("/patents/CN115525164A?lang=en").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.content_type.starts_with("text/html"));
    assert!(
        page.body.contains("internal error; it has been logged"),
        "{}",
        page.body
    );
    // What failed is in the log, not in the answers.
    let cause = catalogue::stats(app.app())
        .await
        .expect_err("the database is closed");
    assert!(cause.is_internal(), "{cause:?}");
    let chain = cause.chain();
    let details: Vec<&str> = chain.split(": ").filter(|d| d.len() >= 12).collect();
    assert!(!details.is_empty(), "{chain}");
    for detail in details {
        assert!(!api.body.contains(detail), "{chain}: {}", api.body);
        assert!(!page.body.contains(detail), "{chain}: {}", page.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_64_concurrent_wrong_sign_ins_are_refused_locked_or_turned_away_and_none_fails() {
    // One password worker with room for two more checks waiting.
    let passwords = Passwords::new(1, 2);
    let app = TestApp::with_app(|a| a.with_passwords(passwords.clone())).await;
    app.with_user("sme1@example.cn", &[]).await;
    app.with_user("sme2@example.cn", &[]).await;

    // The worker is busy with something else when the burst arrives.
    let (release, gate) = std::sync::mpsc::channel::<()>();
    let started = Arc::new(AtomicBool::new(false));
    let hold = tokio::spawn({
        let (passwords, started) = (passwords.clone(), started.clone());
        async move {
            passwords
                .run(move || {
                    started.store(true, Ordering::SeqCst);
                    let _ = gate.recv_timeout(Duration::from_secs(10));
                })
                .await
        }
    });
    while !started.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut asks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let router = app.router.clone();
        asks.spawn(async move {
            let request = sign_in_request("sme1@example.cn", "not the password");
            send_to(&router, request).await
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    release.send(()).unwrap();
    hold.await.unwrap().unwrap();

    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    while let Some(answer) = asks.join_next().await {
        let r = answer.expect("no sign-in crashes");
        let status = r.status.as_u16();
        assert!(
            matches!(status, 401 | 423 | 503),
            "a sign-in answered {status}: {}",
            r.body
        );
        let v = r.json();
        assert_eq!(v["status"], status);
        if status == 503 {
            assert!(v["error"].as_str().unwrap().contains("try again"), "{v}");
            assert!(v["error_zh"].as_str().unwrap().contains("稍后再试"), "{v}");
        }
        *statuses.entry(status).or_default() += 1;
    }
    assert_eq!(statuses.values().sum::<usize>(), 64);
    assert!(
        statuses.get(&401).is_some_and(|n| *n >= 1),
        "the queued checks are made: {statuses:?}"
    );
    assert!(
        statuses.get(&503).is_some_and(|n| *n >= 1),
        "a busy worker and a full queue turn the rest away: {statuses:?}"
    );

    // The workers are free again: another account signs in.
    let after = app.sign_in("sme2@example.cn", PASSWORD).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
}

#[tokio::test]
async fn limits_search_refuses_queries_that_would_overflow_the_parser_in_both_languages() {
    let app = TestApp::new().await;
    let too_long = [
        (
            "2,100 nested brackets",
            format!("{}压力{}", "(".repeat(2100), ")".repeat(2100)),
        ),
        ("3,000 NOTs", format!("{}压力", "NOT ".repeat(3000))),
        ("2,000 title:(", format!("{}压力", "title:(".repeat(2000))),
    ];
    // Short enough, but nested too deeply.
    let too_deep = [(
        "300 nested brackets",
        format!("{}压力{}", "(".repeat(300), ")".repeat(300)),
    )];
    let cases = too_long
        .iter()
        .map(|(what, q)| (what, q, "the query is too long", "检索式过长"))
        .chain(
            too_deep
                .iter()
                .map(|(what, q)| (what, q, "the query nests too deeply", "检索式嵌套过深")),
        );
    for (what, q, en, zh) in cases {
        let api = app.get(&format!("/api/v1/search?q={}", enc(q))).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{what}: {}", api.body);
        let v = api.json();
        assert_eq!(v["status"], 400);
        assert!(v["error"].as_str().unwrap().contains(en), "{what}: {v}");
        assert!(v["error_zh"].as_str().unwrap().contains(zh), "{what}: {v}");

        let page = app.get(&format!("/search?q={}", enc(q))).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{what}");
        assert!(page.content_type.starts_with("text/html"));
        assert!(page.body.contains(zh), "{what}");
        // A refused query too long to run is not written back whole.
        if q.chars().count() > patentbridge_search::MAX_QUERY_CHARS {
            assert!(!page.body.contains(q.as_str()), "{what}");
        }
        let page = app.get(&format!("/search?q={}&lang=en", enc(q))).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{what}");
        assert!(page.body.contains(en), "{what}");
    }

    // The server keeps answering.
    let r = app
        .get(&format!("/api/v1/search?q={}", enc("压力传感器")))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["total"].as_u64().unwrap() >= 1);
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}
