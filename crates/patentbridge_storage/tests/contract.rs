//! The storage contract: every test runs against SQLite and PostgreSQL.
//!
//! PostgreSQL tests create and drop their own database on the server named by
//! `PATENTBRIDGE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and say that they skip when no server answers.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{NaiveDate, Utc};
use patentbridge_domain::{
    ApplicantType, ClassificationCode, CreditCode, Email, Fen, LegalStatus, Login, MembershipRole,
    OrganisationKind, Party, Patent, PatentNumber, PlatformRole, RegionCode, RegisterEvent,
    RegisterEventKind, SizeClass, Verification, VerificationEvent,
};
use patentbridge_storage::{
    AuditContext, AuditFilter, DatabaseLocation, IpcTitle, NewApiToken, NewAuditEntry,
    NewInvitation, NewOrganisation, NewSession, NewUser, OrganisationFigures, OrganisationFilter,
    OutboxOperation, StorageError, Store,
};
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

/// Like [`execute_raw`], but hands back the database's answer.
async fn try_execute_raw(location: &DatabaseLocation, sql: &str) -> Result<(), sqlx::Error> {
    match location {
        DatabaseLocation::Sqlite(path) => {
            let mut c =
                sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await?;
            sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ())
        }
        DatabaseLocation::Postgres(url) => {
            let mut c = sqlx::PgConnection::connect(url).await?;
            sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ())
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
        let ids = store.outbox_ids().await.unwrap();
        store.acknowledge_outbox(&ids).await.unwrap();
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
        store.acknowledge_outbox(&[pending[0].id]).await.unwrap();
        let rest = store.pending_outbox(10).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].patent_number, "CN2A");
        // Only the entries named are removed, never others below them.
        store.upsert_patents(&[sample("CN3A", "三")]).await.unwrap();
        let newest = store.pending_outbox(10).await.unwrap().last().unwrap().id;
        store.acknowledge_outbox(&[newest]).await.unwrap();
        let left: Vec<String> = store
            .pending_outbox(10)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.patent_number)
            .collect();
        assert_eq!(left, vec!["CN2A".to_string()]);
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
    |store: Store, location: DatabaseLocation| async move {
        store.upsert_patents(&[sample("CN1A", "一")]).await.unwrap();
        // A second store on the same database finds every migration applied
        // (a changed migration would make it fail) and the data intact.
        let again = Store::open(&location).await.expect("reopens");
        assert_eq!(again.count_patents().await.unwrap(), 1);
        again.close().await;
    }
);

// ---- accounts, organisations and the audit trail ----

/// A valid SME credit code registered in Binhai New Area.
fn credit_code(org_code: &str) -> CreditCode {
    CreditCode::with_check_character(&format!("91120116{org_code}")).unwrap()
}

fn sme(name: &str, code: Option<CreditCode>, region: &str) -> NewOrganisation {
    NewOrganisation {
        kind: OrganisationKind::Sme,
        name_zh: name.to_string(),
        name_en: Some("Example Tech Co., Ltd.".into()),
        credit_code: code,
        region: Some(RegionCode::parse(region).unwrap()),
        address: Some("天津市滨海新区".into()),
        industry: Some("C39".into()),
    }
}

fn email_user(email: &str) -> NewUser {
    NewUser::with_login(
        &Login::parse(email).unwrap(),
        "张三",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    )
}

fn ctx(user_id: Option<i64>) -> AuditContext {
    AuditContext {
        user_id,
        organisation_id: None,
        request_id: Some("req-1".into()),
    }
}

async fn audit_count(store: &Store) -> usize {
    store
        .audit_entries(&AuditFilter {
            limit: 10_000,
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .len()
}

/// An organisation code with a valid check character (GB 11714).
const ORG_CODE_A: &str = "MA05J2KX8";
const ORG_CODE_B: &str = "MA05J2KY6";

contract_test!(
    an_organisation_round_trips_with_its_credit_code_and_region,
    |store: Store, _location: DatabaseLocation| async move {
        let code = credit_code(ORG_CODE_A);
        let new = sme("某某科技有限公司", Some(code.clone()), "120116");
        let id = store
            .create_organisation(&AuditContext::system(), &new)
            .await
            .unwrap();
        let got = store.get_organisation(id).await.unwrap().expect("stored");
        assert_eq!(got.kind, OrganisationKind::Sme);
        assert_eq!(got.name_zh, new.name_zh);
        assert_eq!(got.name_en, new.name_en);
        assert_eq!(got.credit_code.as_ref(), Some(&code));
        assert_eq!(got.region.unwrap().to_string(), "120116");
        assert_eq!(got.address, new.address);
        assert_eq!(got.industry.as_deref(), Some("C39"));
        assert_eq!(got.verification, Verification::Unverified);
        let by_code = store
            .find_organisation_by_credit_code(&code)
            .await
            .unwrap()
            .expect("found by code");
        assert_eq!(by_code, got);
        assert!(store.get_organisation(id + 1000).await.unwrap().is_none());

        let figures = OrganisationFigures {
            year: 2024,
            revenue: Fen::from_yuan(12_000_000),
            employees: 85,
            size_class: SizeClass::Small,
        };
        let ctx = AuditContext::system();
        store
            .upsert_organisation_figures(&ctx, id, &figures)
            .await
            .unwrap();
        let revised = OrganisationFigures {
            employees: 90,
            ..figures
        };
        store
            .upsert_organisation_figures(&ctx, id, &revised)
            .await
            .unwrap();
        assert_eq!(store.organisation_figures(id).await.unwrap(), vec![revised]);
    }
);

contract_test!(
    organisations_are_listed_by_kind_and_verification,
    |store: Store, _location: DatabaseLocation| async move {
        let ctx = AuditContext::system();
        let a = store
            .create_organisation(&ctx, &sme("甲", None, "120116"))
            .await
            .unwrap();
        store
            .create_organisation(&ctx, &sme("乙", None, "120104"))
            .await
            .unwrap();
        let mut bank = sme("某银行", None, "120101");
        bank.kind = OrganisationKind::Bank;
        store.create_organisation(&ctx, &bank).await.unwrap();
        let pending = Verification::Unverified
            .transition(VerificationEvent::Submit)
            .unwrap();
        assert!(
            store
                .set_verification(&ctx, a, Verification::Unverified, pending)
                .await
                .unwrap()
        );
        let smes = OrganisationFilter {
            kind: Some(OrganisationKind::Sme),
            ..OrganisationFilter::default()
        };
        assert_eq!(store.list_organisations(&smes).await.unwrap().len(), 2);
        assert_eq!(store.count_organisations(&smes).await.unwrap(), 2);
        let waiting = OrganisationFilter {
            verification: Some(Verification::Pending),
            ..OrganisationFilter::default()
        };
        let got = store.list_organisations(&waiting).await.unwrap();
        assert_eq!(got.iter().map(|o| o.id).collect::<Vec<_>>(), vec![a]);
        let page = OrganisationFilter {
            limit: 2,
            offset: 2,
            ..OrganisationFilter::default()
        };
        assert_eq!(store.list_organisations(&page).await.unwrap().len(), 1);
    }
);

contract_test!(
    a_duplicate_credit_code_is_a_conflict_and_stores_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        let ctx = AuditContext::system();
        let code = credit_code(ORG_CODE_A);
        store
            .create_organisation(&ctx, &sme("甲", Some(code.clone()), "120116"))
            .await
            .unwrap();
        let audits = audit_count(&store).await;
        let err = store
            .create_organisation(&ctx, &sme("乙", Some(code), "120116"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StorageError::Conflict {
                    what: "credit code"
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            store
                .count_organisations(&OrganisationFilter::default())
                .await
                .unwrap(),
            1
        );
        assert_eq!(audit_count(&store).await, audits, "no audit row");
        store
            .create_organisation(&ctx, &sme("丙", Some(credit_code(ORG_CODE_B)), "120116"))
            .await
            .unwrap();
    }
);

contract_test!(
    a_duplicate_email_or_phone_is_a_conflict_and_stores_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        let ctx = AuditContext::system();
        store
            .create_user(&ctx, &email_user("Zhang.San@tju.edu.cn"))
            .await
            .unwrap();
        let phone = NewUser::with_login(&Login::parse("13812345678").unwrap(), "李四", "h");
        store.create_user(&ctx, &phone).await.unwrap();
        let audits = audit_count(&store).await;
        let err = store
            .create_user(&ctx, &email_user("zhang.san@TJU.edu.cn"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StorageError::Conflict { what: "e-mail" }),
            "{err:?}"
        );
        let err = store.create_user(&ctx, &phone).await.unwrap_err();
        assert!(
            matches!(err, StorageError::Conflict { what: "phone" }),
            "{err:?}"
        );
        assert_eq!(store.list_users(100, 0).await.unwrap().len(), 2);
        assert_eq!(audit_count(&store).await, audits, "no audit rows");
        let found = store
            .find_user_by_login(&Login::parse("ZHANG.SAN@tju.edu.cn").unwrap())
            .await
            .unwrap()
            .expect("e-mail is matched regardless of case");
        assert_eq!(found.email.as_deref(), Some("Zhang.San@tju.edu.cn"));
        assert!(
            store
                .find_user_by_login(&Login::parse("+86 138 1234 5678").unwrap())
                .await
                .unwrap()
                .is_some()
        );
    }
);

contract_test!(
    every_state_change_writes_exactly_one_audit_row_with_before_and_after,
    |store: Store, _location: DatabaseLocation| async move {
        let admin = ctx(None);
        let org = store
            .create_organisation(&admin, &sme("甲", None, "120116"))
            .await
            .unwrap();
        let user = store
            .create_user(&admin, &email_user("sme1@example.com"))
            .await
            .unwrap();
        let admin = ctx(Some(user));
        let before = audit_count(&store).await;
        assert_eq!(before, 2, "one row per creation");

        store
            .set_verification(&admin, org, Verification::Unverified, Verification::Pending)
            .await
            .unwrap();
        assert_eq!(audit_count(&store).await, before + 1);
        let last = &store.audit_entries(&AuditFilter::default()).await.unwrap()[0];
        assert_eq!(last.action, "organisation.verification");
        assert_eq!(last.entity_type, "organisation");
        assert_eq!(last.entity_id, org.to_string());
        assert_eq!(last.user_id, Some(user));
        assert_eq!(last.organisation_id, Some(org));
        assert_eq!(last.request_id.as_deref(), Some("req-1"));
        assert_eq!(
            last.before_summary.as_deref(),
            Some("verification=unverified")
        );
        assert_eq!(last.after_summary.as_deref(), Some("verification=pending"));
        assert_eq!(last.district.as_deref(), Some("120116"));

        // A stale transition changes nothing and writes nothing.
        assert!(
            !store
                .set_verification(&admin, org, Verification::Unverified, Verification::Pending)
                .await
                .unwrap()
        );
        assert_eq!(audit_count(&store).await, before + 1);

        store
            .add_membership(&admin, user, org, MembershipRole::Member)
            .await
            .unwrap();
        store
            .add_membership(&admin, user, org, MembershipRole::Manager)
            .await
            .unwrap();
        let last = &store.audit_entries(&AuditFilter::default()).await.unwrap()[0];
        assert_eq!(last.before_summary.as_deref(), Some("role=member"));
        assert_eq!(last.after_summary.as_deref(), Some("role=manager"));
        assert_eq!(audit_count(&store).await, before + 3);

        store
            .grant_platform_role(&admin, user, PlatformRole::Expert)
            .await
            .unwrap();
        store
            .set_password_hash(&admin, user, "new-hash")
            .await
            .unwrap();
        assert_eq!(audit_count(&store).await, before + 5);
        let user_rec = store.get_user(user).await.unwrap().unwrap();
        assert_eq!(user_rec.password_hash, "new-hash");
        assert!(!format!("{user_rec:?}").contains("new-hash"));
    }
);

contract_test!(
    a_change_whose_audit_row_cannot_be_written_is_not_kept,
    |store: Store, location: DatabaseLocation| async move {
        execute_raw(&location, "ALTER TABLE audit_log RENAME TO audit_log_away").await;
        let result = store
            .create_organisation(&AuditContext::system(), &sme("甲", None, "120116"))
            .await;
        execute_raw(&location, "ALTER TABLE audit_log_away RENAME TO audit_log").await;
        assert!(result.is_err(), "the change must fail with its audit row");
        assert_eq!(
            store
                .count_organisations(&OrganisationFilter::default())
                .await
                .unwrap(),
            0,
            "the organisation is not kept"
        );
        assert_eq!(audit_count(&store).await, 0);
    }
);

contract_test!(
    the_audit_log_refuses_update_and_delete,
    |store: Store, location: DatabaseLocation| async move {
        store
            .append_audit(
                &ctx(Some(7)),
                &NewAuditEntry {
                    action: "test.poke".into(),
                    entity_type: "thing".into(),
                    entity_id: "1".into(),
                    ..NewAuditEntry::default()
                },
            )
            .await
            .unwrap();
        let update = try_execute_raw(&location, "UPDATE audit_log SET action = 'forged'").await;
        let err = update.expect_err("UPDATE is refused").to_string();
        assert!(err.contains("append-only"), "{err}");
        let delete = try_execute_raw(&location, "DELETE FROM audit_log").await;
        let err = delete.expect_err("DELETE is refused").to_string();
        assert!(err.contains("append-only"), "{err}");
        let entries = store.audit_entries(&AuditFilter::default()).await.unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action, "test.poke");
        assert_eq!(entries[0].user_id, Some(7));
    }
);

contract_test!(
    failed_logins_lock_at_the_threshold_and_reset,
    |store: Store, _location: DatabaseLocation| async move {
        let id = store
            .create_user(&AuditContext::system(), &email_user("sme1@example.com"))
            .await
            .unwrap();
        let lock_for = std::time::Duration::from_secs(15 * 60);
        for attempt in 1..=9 {
            assert!(
                !store.record_failed_login(id, 10, lock_for).await.unwrap(),
                "attempt {attempt} does not lock"
            );
        }
        let user = store.get_user(id).await.unwrap().unwrap();
        assert_eq!(user.failed_logins, 9);
        assert!(!user.is_locked(Utc::now()));
        assert!(store.record_failed_login(id, 10, lock_for).await.unwrap());
        let user = store.get_user(id).await.unwrap().unwrap();
        assert!(user.is_locked(Utc::now()), "locked for a period");
        assert!(!user.is_locked(Utc::now() + chrono::Duration::minutes(16)));
        let locks = store
            .audit_entries(&AuditFilter {
                action: Some("user.lock".into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(locks.len(), 1, "the lock is audited");

        assert!(store.unlock_user(&ctx(None), id).await.unwrap());
        assert!(
            !store
                .get_user(id)
                .await
                .unwrap()
                .unwrap()
                .is_locked(Utc::now())
        );
        store.record_failed_login(id, 10, lock_for).await.unwrap();
        store.reset_failed_logins(id).await.unwrap();
        assert_eq!(store.get_user(id).await.unwrap().unwrap().failed_logins, 0);
    }
);

contract_test!(
    a_session_expires_and_ends_at_sign_out,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let id = store
            .create_user(&sys, &email_user("sme1@example.com"))
            .await
            .unwrap();
        let now = Utc::now();
        let expires_at = now + chrono::Duration::hours(1);
        store
            .create_session(
                &sys,
                &NewSession {
                    token_hash: "session-hash".into(),
                    user_id: id,
                    csrf_token: "csrf".into(),
                    expires_at,
                    ip: Some("127.0.0.1".into()),
                },
            )
            .await
            .unwrap();
        let (user, csrf) = store
            .session_user("session-hash", now)
            .await
            .unwrap()
            .expect("live session");
        assert_eq!(user.id, id);
        assert_eq!(csrf, "csrf");
        assert!(
            store
                .session_user("session-hash", expires_at + chrono::Duration::seconds(1))
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        assert!(store.session_user("other", now).await.unwrap().is_none());
        assert!(store.delete_session(&sys, "session-hash").await.unwrap());
        assert!(
            store
                .session_user("session-hash", now)
                .await
                .unwrap()
                .is_none()
        );
        assert!(!store.delete_session(&sys, "session-hash").await.unwrap());
    }
);

contract_test!(
    an_api_token_is_found_by_its_hash_until_revoked,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let user = store
            .create_user(&sys, &email_user("bank1@example.com"))
            .await
            .unwrap();
        let token = NewApiToken {
            user_id: user,
            name: "ci".into(),
            token_hash: "token-hash".into(),
            scopes: vec!["read".into(), "deals".into()],
        };
        let id = store.create_api_token(&sys, &token).await.unwrap();
        let err = store.create_api_token(&sys, &token).await.unwrap_err();
        assert!(
            matches!(err, StorageError::Conflict { what: "API token" }),
            "{err:?}"
        );
        let found = store
            .find_api_token("token-hash", Utc::now())
            .await
            .unwrap()
            .expect("active");
        assert_eq!(found.id, id);
        assert_eq!(found.scopes, vec!["read".to_string(), "deals".to_string()]);
        assert!(found.last_used_at.is_some());
        assert!(!store.revoke_api_token(&sys, user + 1, id).await.unwrap());
        assert!(store.revoke_api_token(&sys, user, id).await.unwrap());
        assert!(
            store
                .find_api_token("token-hash", Utc::now())
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store.list_api_tokens(user).await.unwrap()[0]
                .revoked_at
                .is_some()
        );
    }
);

contract_test!(
    a_password_reset_token_works_once,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let user = store
            .create_user(&sys, &email_user("sme1@example.com"))
            .await
            .unwrap();
        let now = Utc::now();
        store
            .create_password_reset(&sys, user, "reset-hash", now + chrono::Duration::hours(1))
            .await
            .unwrap();
        store
            .create_password_reset(&sys, user, "old-hash", now - chrono::Duration::minutes(1))
            .await
            .unwrap();
        assert_eq!(
            store
                .consume_password_reset(&sys, "old-hash", now)
                .await
                .unwrap(),
            None,
            "expired"
        );
        assert_eq!(
            store
                .consume_password_reset(&sys, "reset-hash", now)
                .await
                .unwrap(),
            Some(user)
        );
        assert_eq!(
            store
                .consume_password_reset(&sys, "reset-hash", now)
                .await
                .unwrap(),
            None,
            "spent"
        );
        assert!(store.set_password_hash(&sys, user, "fresh").await.unwrap());
    }
);

contract_test!(
    the_audit_log_filters_by_organisation_action_and_district,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let binhai = store
            .create_organisation(&sys, &sme("滨海企业", None, "120116"))
            .await
            .unwrap();
        let nankai = store
            .create_organisation(&sys, &sme("南开企业", None, "120104"))
            .await
            .unwrap();
        for org in [binhai, nankai] {
            store
                .set_verification(&sys, org, Verification::Unverified, Verification::Pending)
                .await
                .unwrap();
        }
        let start = Utc::now() - chrono::Duration::minutes(1);
        let of = |f: AuditFilter| {
            let store = store.clone();
            async move { store.audit_entries(&f).await.unwrap() }
        };
        let by_org = of(AuditFilter {
            organisation_id: Some(binhai),
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(by_org.len(), 2);
        assert!(by_org.iter().all(|e| e.organisation_id == Some(binhai)));
        let by_action = of(AuditFilter {
            action: Some("organisation.verification".into()),
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(by_action.len(), 2);
        let by_district = of(AuditFilter {
            districts: Some(vec!["120104".into()]),
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(by_district.len(), 2);
        assert!(
            by_district
                .iter()
                .all(|e| e.organisation_id == Some(nankai))
        );
        let both = of(AuditFilter {
            districts: Some(vec!["120104".into(), "120116".into()]),
            action: Some("organisation.create".into()),
            entity_type: Some("organisation".into()),
            since: Some(start),
            until: Some(Utc::now() + chrono::Duration::minutes(1)),
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(both.len(), 2);
        assert!(
            of(AuditFilter {
                districts: Some(vec![]),
                ..AuditFilter::default()
            })
            .await
            .is_empty()
        );
        assert!(
            of(AuditFilter {
                until: Some(start),
                ..AuditFilter::default()
            })
            .await
            .is_empty()
        );
        let page = of(AuditFilter {
            limit: 1,
            offset: 1,
            ..AuditFilter::default()
        })
        .await;
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].action, "organisation.verification");
    }
);

contract_test!(
    memberships_and_platform_roles_load_with_the_user,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let tju = store
            .create_organisation(
                &sys,
                &NewOrganisation {
                    kind: OrganisationKind::University,
                    ..sme("天津大学", None, "120104")
                },
            )
            .await
            .unwrap();
        let firm = store
            .create_organisation(&sys, &sme("甲", None, "120116"))
            .await
            .unwrap();
        let user = store
            .create_user(&sys, &email_user("tju-tto@example.com"))
            .await
            .unwrap();
        store
            .add_membership(&sys, user, tju, MembershipRole::Manager)
            .await
            .unwrap();
        store
            .add_membership(&sys, user, firm, MembershipRole::Member)
            .await
            .unwrap();
        let binhai = RegionCode::parse("120116").unwrap();
        store
            .grant_platform_role(
                &sys,
                user,
                PlatformRole::DistrictOfficer { district: binhai },
            )
            .await
            .unwrap();
        store
            .grant_platform_role(&sys, user, PlatformRole::Expert)
            .await
            .unwrap();
        let got = store
            .find_user_by_login(&Login::parse("tju-tto@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        let policy = got.policy_user();
        assert_eq!(policy.memberships.len(), 2);
        assert_eq!(policy.memberships[0].org_id, tju);
        assert_eq!(policy.memberships[0].org_kind, OrganisationKind::University);
        assert_eq!(policy.memberships[0].role, MembershipRole::Manager);
        assert_eq!(policy.memberships[1].role, MembershipRole::Member);
        assert!(
            got.platform_roles
                .contains(&PlatformRole::DistrictOfficer { district: binhai })
        );
        assert!(got.platform_roles.contains(&PlatformRole::Expert));
        let members = store.organisation_members(tju).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].1, MembershipRole::Manager);

        assert!(store.remove_membership(&sys, user, firm).await.unwrap());
        assert!(
            store
                .revoke_platform_role(&sys, user, PlatformRole::Expert)
                .await
                .unwrap()
        );
        let got = store.get_user(user).await.unwrap().unwrap();
        assert_eq!(got.memberships.len(), 1);
        assert_eq!(got.platform_roles.len(), 1);
    }
);

contract_test!(
    an_accepted_invitation_makes_a_member_once,
    |store: Store, _location: DatabaseLocation| async move {
        let sys = AuditContext::system();
        let org = store
            .create_organisation(&sys, &sme("甲", None, "120116"))
            .await
            .unwrap();
        let manager = store
            .create_user(&sys, &email_user("boss@example.com"))
            .await
            .unwrap();
        let invitee = store
            .create_user(&sys, &email_user("new@example.com"))
            .await
            .unwrap();
        store
            .create_invitation(
                &sys,
                &NewInvitation {
                    organisation_id: org,
                    email: Email::parse("new@example.com").unwrap(),
                    role: MembershipRole::Member,
                    token_hash: "invite-hash".into(),
                    created_by: manager,
                },
            )
            .await
            .unwrap();
        assert!(
            store.list_invitations(org).await.unwrap()[0]
                .accepted_at
                .is_none()
        );
        let accepted = store
            .accept_invitation(&sys, "invite-hash", invitee)
            .await
            .unwrap()
            .expect("accepted");
        assert_eq!(accepted.organisation_id, org);
        assert!(
            store
                .accept_invitation(&sys, "invite-hash", invitee)
                .await
                .unwrap()
                .is_none(),
            "spent"
        );
        let user = store.get_user(invitee).await.unwrap().unwrap();
        assert_eq!(user.memberships.len(), 1);
        assert_eq!(user.memberships[0].role, MembershipRole::Member);
    }
);

contract_test!(
    a_user_signs_in_by_user_name_once_one_is_set,
    |store: Store, _location: DatabaseLocation| async move {
        let login = patentbridge_domain::Login::parse("admin@example.com").unwrap();
        let user = store
            .create_user(
                &patentbridge_storage::AuditContext::system(),
                &patentbridge_storage::NewUser::with_login(&login, "管理员", "hash"),
            )
            .await
            .unwrap();
        let name = patentbridge_domain::Login::parse("admin").unwrap();
        assert!(store.find_user_by_login(&name).await.unwrap().is_none());
        let username = patentbridge_domain::Username::parse("admin").unwrap();
        let ctx = patentbridge_storage::AuditContext::system();
        assert!(store.set_username(&ctx, user, &username).await.unwrap());
        let found = store
            .find_user_by_login(&name)
            .await
            .unwrap()
            .expect("found by name");
        assert_eq!(found.id, user);
        let other = store
            .create_user(
                &ctx,
                &patentbridge_storage::NewUser::with_login(
                    &patentbridge_domain::Login::parse("b@example.com").unwrap(),
                    "B",
                    "hash",
                ),
            )
            .await
            .unwrap();
        let err = store
            .set_username(&ctx, other, &username)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                patentbridge_storage::StorageError::Conflict { what: "user name" }
            ),
            "{err}"
        );
    }
);

contract_test!(
    a_sparser_source_fills_gaps_but_never_erases_a_richer_record,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("US1B2", "标题")])
            .await
            .unwrap();
        // The same number from an export with only a title and one IPC code.
        let mut sparse = Patent::new(PatentNumber::parse("US1B2").unwrap(), "lens");
        sparse.title_en = Some("Better English title".into());
        sparse.ipc = vec![ClassificationCode::parse("H01M").unwrap()];
        let s = store.upsert_patents(&[sparse]).await.unwrap();
        assert_eq!(s.updated, 1);
        let got = store.get_patent("US1B2").await.unwrap().unwrap();
        assert_eq!(got.title_en.as_deref(), Some("Better English title"));
        assert_eq!(got.title_zh.as_deref(), Some("标题"), "kept");
        assert!(got.abstract_zh.is_some() && got.claims.is_some(), "kept");
        assert_eq!(got.application_date, Some(date("2021-03-01")), "kept");
        assert_eq!(
            got.ipc.len(),
            1,
            "a source that has IPC codes replaces them"
        );
        assert_eq!(got.cpc.len(), 1, "kept");
        assert_eq!(got.applicants.len(), 2, "kept");
        assert_eq!(got.inventors.len(), 2, "kept");
        assert_eq!(got.events.len(), 1, "kept");
        assert_eq!(
            got.legal_status,
            LegalStatus::InForce,
            "an unknown status does not overwrite"
        );
        assert_eq!(got.source, "lens");
    }
);

contract_test!(
    a_sign_up_stores_the_organisation_its_figures_and_its_manager_together,
    |store: Store, _location: DatabaseLocation| async move {
        let org = sme("注册科技有限公司", Some(credit_code(ORG_CODE_A)), "120116");
        let figures = OrganisationFigures {
            year: 2025,
            revenue: Fen::from_yuan(5_000_000),
            employees: 30,
            size_class: SizeClass::Small,
        };
        let done = store
            .register_organisation(&ctx(None), &org, Some(&figures), &email_user("boss@reg.cn"))
            .await
            .unwrap();
        let user = store.get_user(done.user_id).await.unwrap().unwrap();
        assert_eq!(user.memberships.len(), 1);
        assert_eq!(user.memberships[0].org_id, done.organisation_id);
        assert_eq!(user.memberships[0].role, MembershipRole::Manager);
        assert_eq!(
            store
                .organisation_figures(done.organisation_id)
                .await
                .unwrap(),
            vec![figures]
        );
        let entries = store
            .audit_entries(&AuditFilter {
                limit: 100,
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(entries.len(), 4, "organisation, user, figures, membership");
        assert!(entries.iter().all(|e| e.user_id == Some(done.user_id)));
    }
);

contract_test!(
    a_refused_sign_up_leaves_nothing_behind,
    |store: Store, _location: DatabaseLocation| async move {
        let first = sme("先注册公司", Some(credit_code(ORG_CODE_A)), "120116");
        store
            .register_organisation(&ctx(None), &first, None, &email_user("taken@reg.cn"))
            .await
            .unwrap();
        let audit_before = audit_count(&store).await;
        let orgs_before = store
            .count_organisations(&OrganisationFilter::default())
            .await
            .unwrap();

        // Same e-mail (in another case), new credit code: the organisation
        // row written before the user row must be rolled back.
        let second = sme("后注册公司", Some(credit_code(ORG_CODE_B)), "120116");
        let err = store
            .register_organisation(&ctx(None), &second, None, &email_user("TAKEN@reg.cn"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StorageError::Conflict { what: "e-mail" }),
            "{err}"
        );
        // Same credit code, new e-mail.
        let err = store
            .register_organisation(&ctx(None), &first, None, &email_user("new@reg.cn"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StorageError::Conflict {
                    what: "credit code"
                }
            ),
            "{err}"
        );

        assert_eq!(
            store
                .count_organisations(&OrganisationFilter::default())
                .await
                .unwrap(),
            orgs_before
        );
        assert!(
            store
                .find_organisation_by_credit_code(&credit_code(ORG_CODE_B))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .find_user_by_login(&Login::parse("new@reg.cn").unwrap())
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(audit_count(&store).await, audit_before);
    }
);

contract_test!(
    a_reset_token_sets_the_password_once_and_ends_the_sessions,
    |store: Store, _location: DatabaseLocation| async move {
        let user = store
            .create_user(&ctx(None), &email_user("reset@reg.cn"))
            .await
            .unwrap();
        let now = Utc::now();
        store
            .create_session(
                &ctx(Some(user)),
                &NewSession {
                    token_hash: "s".repeat(64),
                    user_id: user,
                    csrf_token: "c".repeat(64),
                    expires_at: now + chrono::Duration::hours(1),
                    ip: None,
                },
            )
            .await
            .unwrap();
        let token = "r".repeat(64);
        store
            .create_password_reset(&ctx(None), user, &token, now + chrono::Duration::hours(1))
            .await
            .unwrap();
        let peeked = store.password_reset_user(&token, now).await.unwrap();
        assert_eq!(peeked.map(|u| u.id), Some(user));
        assert_eq!(
            store
                .reset_password(&ctx(None), &token, now, "$argon2id$new")
                .await
                .unwrap(),
            Some(user)
        );
        let stored = store.get_user(user).await.unwrap().unwrap();
        assert_eq!(stored.password_hash, "$argon2id$new");
        assert!(
            store
                .session_user(&"s".repeat(64), now)
                .await
                .unwrap()
                .is_none()
        );
        // Spent: neither peeking nor resetting works a second time.
        assert!(
            store
                .password_reset_user(&token, now)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .reset_password(&ctx(None), &token, now, "$argon2id$other")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store.get_user(user).await.unwrap().unwrap().password_hash,
            "$argon2id$new"
        );
    }
);

#[path = "contract/listings.rs"]
mod listings;
// ---- The dormant-patent pool -----------------------------------------------

/// A university named like the applicant of [`sample`], and two of its
/// patents plus one held by someone else.
async fn pool_fixture(store: &Store) -> i64 {
    let org = store
        .create_organisation(
            &AuditContext::system(),
            &NewOrganisation {
                kind: OrganisationKind::University,
                name_zh: "天津大学".into(),
                name_en: Some("Tianjin University".into()),
                credit_code: None,
                region: Some(RegionCode::parse("120104").unwrap()),
                address: None,
                industry: None,
            },
        )
        .await
        .unwrap();
    let mut a = sample("CN114000101A", "一种压力传感器");
    a.legal_status = LegalStatus::InForce;
    let b = sample("CN114000102A", "一种温度传感器");
    let mut other = sample("CN114000103A", "一种湿度传感器");
    other.applicants = vec![Party::new("某某科技有限公司", None)];
    store.upsert_patents(&[a, b, other]).await.unwrap();
    org
}

async fn patent_id(store: &Store, org: i64, number: &str) -> i64 {
    store
        .pool_stock(org)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.number == number)
        .unwrap_or_else(|| panic!("{number} is not in the stock"))
        .patent_id
}

fn candidate(patent_id: i64) -> patentbridge_storage::NewPoolEntry {
    patentbridge_storage::NewPoolEntry {
        patent_id,
        reasons: vec![patentbridge_domain::pool::Reason::new(
            true,
            "尚未挂牌",
            "not listed yet",
        )],
        industry: "high_end_equipment".into(),
    }
}

contract_test!(
    pool_stock_is_what_the_organisation_holds_and_an_entry_walks_the_chain_into_the_summary,
    |store: Store, _location: DatabaseLocation| async move {
        use patentbridge_domain::pool::{IntakeState, IntakeStep};
        use patentbridge_storage::{PoolEntryFilter, PoolSource};
        let org = pool_fixture(&store).await;
        let stock = store.pool_stock(org).await.unwrap();
        let numbers: Vec<&str> = stock.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["CN114000101A", "CN114000102A"]);
        let a = &stock[0];
        assert_eq!(a.legal_status, LegalStatus::InForce);
        assert_eq!(a.grant_date, Some(date("2023-05-05")));
        assert_eq!(
            a.ipc.as_ref().map(|c| c.to_string()).as_deref(),
            Some("G01L25/00")
        );
        assert_eq!(a.events.len(), 1);
        assert!(!a.listed && !a.pooled);

        let user = store
            .create_user(&ctx(None), &email_user("pool@example.com"))
            .await
            .unwrap();
        let who = ctx(Some(user));
        let ids = store
            .propose_pool_entries(&who, org, PoolSource::Screening, &[candidate(a.patent_id)])
            .await
            .unwrap();
        assert_eq!(ids.len(), 1);
        let id = ids[0];
        assert!(store.pool_stock(org).await.unwrap()[0].pooled);
        // The same patent cannot be proposed twice while its entry is open.
        let err = store
            .propose_pool_entries(&who, org, PoolSource::Screening, &[candidate(a.patent_id)])
            .await
            .unwrap_err();
        assert!(err.to_string().contains("CN114000101A"), "{err}");

        let step = |from: IntakeState, s: IntakeStep, note: Option<&'static str>| {
            let store = store.clone();
            let who = who.clone();
            async move {
                let to = from.apply(s).unwrap();
                store
                    .advance_pool_entry(&who, id, from, to, s, note)
                    .await
                    .unwrap()
            }
        };
        // Skipping the department is the domain's refusal; a stale state is false.
        assert!(
            IntakeState::Proposed
                .apply(IntakeStep::OfficeApprove)
                .is_err()
        );
        assert!(
            !step(
                IntakeState::DepartmentApproved,
                IntakeStep::OfficeApprove,
                None
            )
            .await
        );
        assert!(
            step(
                IntakeState::Proposed,
                IntakeStep::DepartmentApprove,
                Some("同意")
            )
            .await
        );
        assert!(!step(IntakeState::Proposed, IntakeStep::DepartmentApprove, None).await);
        let in_review = store.pool_summary().await.unwrap();
        assert_eq!((in_review.pooled, in_review.in_review), (0, 1));
        assert!(
            step(
                IntakeState::DepartmentApproved,
                IntakeStep::OfficeApprove,
                None
            )
            .await
        );

        let (entry, steps) = store.get_pool_entry(id).await.unwrap().expect("stored");
        assert_eq!(entry.state, IntakeState::Pooled);
        assert_eq!(entry.number, "CN114000101A");
        assert_eq!(entry.source, "screening");
        let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
        assert_eq!(names, ["propose", "department_approve", "office_approve"]);
        assert_eq!(steps[1].note.as_deref(), Some("同意"));
        assert_eq!(steps[1].user_name.as_deref(), Some("张三"));
        assert!(store.get_pool_entry(id + 1000).await.unwrap().is_none());

        let pooled = store
            .list_pool_entries(&PoolEntryFilter {
                organisation_id: Some(org),
                state: Some(IntakeState::Pooled),
                ..PoolEntryFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(pooled.len(), 1);
        let counts = store.pool_state_counts(org).await.unwrap();
        assert!(counts.contains(&(IntakeState::Pooled, 1)));
        let summary = store.pool_summary().await.unwrap();
        assert_eq!(
            (summary.pooled, summary.in_review, summary.target),
            (1, 0, 3000)
        );
        assert_eq!(summary.by_owner.len(), 1);
        assert_eq!(summary.by_owner[0].name_zh, "天津大学");
        assert_eq!(
            summary.by_industry,
            vec![("high_end_equipment".to_string(), 1)]
        );
        let audit = store
            .audit_entries(&AuditFilter {
                entity_type: Some("pool_entry".into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(audit.len(), 3);
        assert!(audit.iter().all(|e| e.organisation_id == Some(org)));
    }
);

contract_test!(
    pool_a_refused_proposal_stores_nothing,
    |store: Store, _location: DatabaseLocation| async move {
        use patentbridge_storage::{PoolEntryFilter, PoolSource};
        let org = pool_fixture(&store).await;
        let a = patent_id(&store, org, "CN114000101A").await;
        let b = patent_id(&store, org, "CN114000102A").await;
        let sys = AuditContext::system();
        store
            .propose_pool_entries(&sys, org, PoolSource::Upload, &[candidate(a)])
            .await
            .unwrap();
        let before = audit_count(&store).await;
        // B is fine, A is already open: the whole batch is refused.
        let err = store
            .propose_pool_entries(&sys, org, PoolSource::Upload, &[candidate(b), candidate(a)])
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StorageError::PatentTaken { number, .. } if number == "CN114000101A"),
            "{err}"
        );
        // A patent someone else holds is refused too.
        let (other, _) = store
            .patents_after(0, 100)
            .await
            .unwrap()
            .into_iter()
            .find(|(_, p)| p.number.to_string() == "CN114000103A")
            .expect("stored");
        let err = store
            .propose_pool_entries(
                &sys,
                org,
                PoolSource::Upload,
                &[candidate(b), candidate(other)],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StorageError::Invalid(_)), "{err}");
        let all = store
            .list_pool_entries(&PoolEntryFilter::default())
            .await
            .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(audit_count(&store).await, before);
    }
);

#[path = "contract/market.rs"]
mod market;

#[path = "contract/demands.rs"]
mod demands;

#[path = "contract/deals.rs"]
mod deals;
