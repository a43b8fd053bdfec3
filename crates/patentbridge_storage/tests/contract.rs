//! The storage contract: every test runs against SQLite and PostgreSQL.
//!
//! PostgreSQL tests create and drop their own database on the server named by
//! `PATENTBRIDGE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and say that they skip when no server answers.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use patentbridge_domain::{
    ApplicantType, ClassificationCode, LegalStatus, Party, Patent, PatentNumber, RegisterEvent,
    RegisterEventKind,
};
use patentbridge_storage::{DatabaseLocation, IpcTitle, OutboxOperation, Store};
use sqlx::Connection;

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// A fresh database of one backend, removed when dropped.
struct TestDb {
    store: Store,
    location: DatabaseLocation,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(unique_name("pb_storage"));
        let location = DatabaseLocation::Sqlite(dir.join("test.sqlite"));
        let store = Store::open(&location).await.unwrap();
        TestDb {
            store,
            location,
            cleanup: Cleanup::Dir(dir),
        }
    }

    async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("PATENTBRIDGE_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) if std::env::var_os("PATENTBRIDGE_REQUIRE_POSTGRES").is_some() => {
                panic!(
                    "PATENTBRIDGE_REQUIRE_POSTGRES is set but no PostgreSQL answers at {admin_url}: {e}"
                )
            }
            Err(e) => {
                eprintln!("skipping PostgreSQL contract test: no server at {admin_url} ({e})");
                return None;
            }
        };
        let name = unique_name("pb_contract");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        let url = match admin_url.rfind('/') {
            Some(i) => format!("{}/{name}", &admin_url[..i]),
            None => unreachable!("a postgres URL has a path"),
        };
        let location = DatabaseLocation::Postgres(url);
        let store = Store::open(&location).await.unwrap();
        Some(TestDb {
            store,
            location,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
            }
        }
    }
}

/// Runs a statement on the test database behind the store's back, to
/// provoke failures the interface cannot.
async fn execute_raw(location: &DatabaseLocation, sql: &str) {
    match location {
        DatabaseLocation::Sqlite(path) => {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        }
        DatabaseLocation::Postgres(url) => {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        }
    }
}

/// Declares one contract test and runs it on both backends.
macro_rules! contract_test {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn on_sqlite() {
                let db = TestDb::sqlite().await;
                ($body)(db.store.clone(), db.location.clone()).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some(db) = TestDb::postgres().await else {
                    return;
                };
                ($body)(db.store.clone(), db.location.clone()).await;
                db.finish().await;
            }
        }
    };
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn sample(number: &str, title: &str) -> Patent {
    let mut p = Patent::new(PatentNumber::parse(number).unwrap(), "test");
    p.title_zh = Some(title.to_string());
    p.title_en = Some("Pressure sensor calibration method".into());
    p.abstract_zh = Some("本申请公开了一种压力传感器校准方法。".into());
    p.claims = Some("1. 一种方法。".into());
    p.keywords = vec!["压力".into(), "传感器".into()];
    p.ipc = vec![
        ClassificationCode::parse("G01L 25/00").unwrap(),
        ClassificationCode::parse("G06F 3/041").unwrap(),
    ];
    p.cpc = vec![ClassificationCode::parse("G06F3/0414").unwrap()];
    p.applicants = vec![
        Party::new("天津大学", Some("天津市南开区卫津路92号")),
        Party::new("某某科技有限公司", None),
    ];
    p.inventors = vec!["张三".into(), "李四".into()];
    p.application_date = Some(date("2021-03-01"));
    p.publication_date = Some(date("2022-09-01"));
    p.grant_date = Some(date("2023-05-05"));
    p.legal_status = LegalStatus::Pending;
    p.events = vec![RegisterEvent {
        date: date("2023-05-05"),
        kind: RegisterEventKind::Grant,
        detail: "授权公告".into(),
    }];
    p.cited_by_count = Some(3);
    p.family_size = Some(2);
    p
}

contract_test!(
    a_stored_patent_reads_back_field_for_field,
    |store: Store, _location: DatabaseLocation| async move {
        let p = sample("CN115525164A", "压力传感器校准方法");
        let summary = store
            .upsert_patents(std::slice::from_ref(&p))
            .await
            .unwrap();
        assert_eq!(summary.inserted, 1);
        let got = store
            .get_patent("CN 115525164 A")
            .await
            .unwrap()
            .expect("found");
        let mut want = p.clone();
        want.legal_status = LegalStatus::InForce; // the grant event moves the status
        assert_eq!(got, want);
        assert_eq!(got.applicants[0].region.unwrap().to_string(), "120104");
        assert_eq!(got.applicants[0].applicant_type, ApplicantType::University);
    }
);

contract_test!(
    a_number_without_kind_code_finds_the_only_stored_kind,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN115525164A", "标题")])
            .await
            .unwrap();
        assert!(store.get_patent("CN115525164").await.unwrap().is_some());
        assert!(store.get_patent("CN999").await.unwrap().is_none());
        assert!(store.get_patent("not a number").await.unwrap().is_none());
    }
);

contract_test!(
    reimporting_the_same_records_changes_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        let batch = vec![sample("CN1A", "一"), sample("CN2A", "二")];
        let first = store.upsert_patents(&batch).await.unwrap();
        assert_eq!((first.inserted, first.updated, first.unchanged), (2, 0, 0));
        let backlog = store.outbox_backlog().await.unwrap();
        let again = store.upsert_patents(&batch).await.unwrap();
        assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
        assert_eq!(
            store.outbox_backlog().await.unwrap(),
            backlog,
            "no new outbox entries"
        );
        assert_eq!(store.count_patents().await.unwrap(), 2);
    }
);

contract_test!(
    a_changed_record_is_updated_and_queued_for_the_index,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN1A", "旧标题")])
            .await
            .unwrap();
        let mark = store.outbox_high_water_mark().await.unwrap();
        store.acknowledge_outbox(mark).await.unwrap();
        let mut changed = sample("CN1A", "新标题");
        changed.inventors.pop();
        let s = store.upsert_patents(&[changed]).await.unwrap();
        assert_eq!(s.updated, 1);
        let got = store.get_patent("CN1A").await.unwrap().unwrap();
        assert_eq!(got.title_zh.as_deref(), Some("新标题"));
        assert_eq!(got.inventors, vec!["张三".to_string()]);
        let pending = store.pending_outbox(10).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].patent_number, "CN1A");
        assert_eq!(pending[0].operation, OutboxOperation::Upsert);
    }
);

contract_test!(
    a_failing_batch_leaves_nothing_behind,
    |store: Store, location: DatabaseLocation| async move {
        store.upsert_patents(&[sample("CN1A", "一")]).await.unwrap();
        let before = store.outbox_backlog().await.unwrap();
        // With the events table gone, the second record (which has events) fails
        // after the first record of the batch was written inside the transaction.
        execute_raw(
            &location,
            "ALTER TABLE patent_events RENAME TO patent_events_away",
        )
        .await;
        let mut no_events = sample("CN2A", "二");
        no_events.events.clear();
        let result = store
            .upsert_patents(&[no_events, sample("CN3A", "三")])
            .await;
        execute_raw(
            &location,
            "ALTER TABLE patent_events_away RENAME TO patent_events",
        )
        .await;
        assert!(result.is_err(), "the batch must fail");
        assert_eq!(
            store.count_patents().await.unwrap(),
            1,
            "the good record of a failed batch is not kept"
        );
        assert!(store.get_patent("CN2A").await.unwrap().is_none());
        assert_eq!(
            store.outbox_backlog().await.unwrap(),
            before,
            "no outbox rows from the failed batch"
        );
    }
);

contract_test!(
    walking_the_catalogue_visits_every_patent_once,
    |store: Store, _location: DatabaseLocation| async move {
        let batch: Vec<Patent> = (1..=25)
            .map(|i| sample(&format!("CN{i}A"), "标题"))
            .collect();
        store.upsert_patents(&batch).await.unwrap();
        let mut after = 0;
        let mut seen = Vec::new();
        loop {
            let page = store.patents_after(after, 10).await.unwrap();
            let Some((last, _)) = page.last() else { break };
            after = *last;
            seen.extend(page.into_iter().map(|(_, p)| p.number.to_string()));
        }
        assert_eq!(seen.len(), 25);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 25);
    }
);

contract_test!(
    a_hand_set_applicant_type_survives_reimport,
    |store: Store, _location: DatabaseLocation| async move {
        store.upsert_patents(&[sample("CN1A", "一")]).await.unwrap();
        assert!(
            store
                .set_applicant_type(
                    "CN1A",
                    "某某科技有限公司",
                    ApplicantType::StateOwnedEnterprise
                )
                .await
                .unwrap()
        );
        store.upsert_patents(&[sample("CN1A", "一")]).await.unwrap();
        let got = store.get_patent("CN1A").await.unwrap().unwrap();
        assert_eq!(
            got.applicants[1].applicant_type,
            ApplicantType::StateOwnedEnterprise
        );
        assert!(got.applicants[1].type_overridden);
        assert!(
            !store
                .set_applicant_type("CN1A", "nobody", ApplicantType::Individual)
                .await
                .unwrap()
        );
    }
);

contract_test!(
    outbox_entries_are_acknowledged_in_order,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN1A", "一"), sample("CN2A", "二")])
            .await
            .unwrap();
        let pending = store.pending_outbox(1).await.unwrap();
        assert_eq!(pending.len(), 1);
        store.acknowledge_outbox(pending[0].id).await.unwrap();
        let rest = store.pending_outbox(10).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].patent_number, "CN2A");
    }
);

contract_test!(
    ipc_titles_from_two_languages_merge,
    |store: Store, _location: DatabaseLocation| async move {
        let zh = IpcTitle {
            symbol: "G06F".into(),
            level: "subclass".into(),
            parent_symbol: Some("G06".into()),
            title_zh: Some("电数字数据处理".into()),
            title_en: None,
        };
        let en = IpcTitle {
            symbol: "G06F".into(),
            level: "subclass".into(),
            parent_symbol: None,
            title_zh: None,
            title_en: Some("ELECTRIC DIGITAL DATA PROCESSING".into()),
        };
        store.upsert_ipc_titles(&[zh]).await.unwrap();
        store.upsert_ipc_titles(&[en]).await.unwrap();
        let got = store
            .ipc_titles(&["G06F".into(), "H99Z".into()])
            .await
            .unwrap();
        assert_eq!(got.len(), 1);
        let t = &got["G06F"];
        assert_eq!(t.title_zh.as_deref(), Some("电数字数据处理"));
        assert_eq!(
            t.title_en.as_deref(),
            Some("ELECTRIC DIGITAL DATA PROCESSING")
        );
        assert_eq!(t.parent_symbol.as_deref(), Some("G06"));
    }
);

contract_test!(
    catalogue_stats_count_by_type_and_office,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN1A", "一"), sample("US2B2", "二")])
            .await
            .unwrap();
        let s = store.catalogue_stats().await.unwrap();
        assert_eq!(s.patents, 2);
        assert_eq!(s.in_force, 2);
        assert!(s.by_applicant_type.contains(&("university".to_string(), 2)));
        assert_eq!(s.by_jurisdiction.len(), 2);
    }
);

contract_test!(
    reopening_applies_no_migration_twice,
    |store: Store, _location: DatabaseLocation| async move {
        // `Store::open` ran the migrations; running them again is a no-op.
        assert!(store.ping().await);
        assert_eq!(store.count_patents().await.unwrap(), 0);
    }
);
