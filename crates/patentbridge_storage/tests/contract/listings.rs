//! Listings on both backends: writing, moving, the facts behind the listing
//! rules, the mall's search and facets, and the automatic pause on import.

use super::*;
use patentbridge_domain::listing::{
    ListingEvent, ListingForm, ListingMode, ListingSpec, ListingState, PauseReason, transition,
};
use patentbridge_storage::{AuditContext, ListingMove, ListingQuery, NewOrganisation};

async fn university(store: &Store) -> i64 {
    store
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
        .unwrap()
}

fn spec(mode: &str, patents: &str) -> ListingSpec {
    ListingSpec::parse(&ListingForm {
        title: "压力传感器校准技术".into(),
        patents: patents.into(),
        mode: mode.into(),
        price_model: "fixed".into(),
        price_yuan: "80000".into(),
        open_payment: "lump_sum".into(),
        open_fee_yuan: "5000".into(),
        open_term_years: "3".into(),
        problem: "校准耗时".into(),
        advantages: "校准时间缩短 70 %".into(),
        trl: "6".into(),
        scenarios: "电容笔生产线".into(),
        industry: "information_technology".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    })
    .unwrap()
}

/// The notifications that tell of a pause.
async fn pause_notes(store: &Store, org: i64) -> Vec<patentbridge_storage::Notification> {
    let mut notes = store.notifications_for(&[org], None, 50).await.unwrap();
    notes.retain(|n| n.subject_en.contains("paused"));
    notes
}

async fn publish(store: &Store, id: i64) {
    for (from, event) in [
        (ListingState::Draft, ListingEvent::Submit),
        (ListingState::UnderReview, ListingEvent::Approve),
    ] {
        let to = transition(from, None, event).unwrap();
        let mv = ListingMove {
            from,
            to,
            event: event.as_str(),
            pause_reason: None,
            note: None,
        };
        assert!(
            store
                .move_listing(&AuditContext::system(), id, &mv)
                .await
                .unwrap()
        );
    }
}

contract_test!(
    a_listing_reads_back_with_its_patents_and_facets_copied,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN1A", "压力传感器校准方法")])
            .await
            .unwrap();
        let org = university(&store).await;
        let s = spec("transfer", "CN1A");
        let id = store
            .create_listing(&AuditContext::system(), org, &s)
            .await
            .unwrap();
        let got = store.listing(id).await.unwrap().expect("stored");
        assert_eq!(got.spec, s);
        assert_eq!(got.state, ListingState::Draft);
        assert_eq!(got.owner_name_zh, "天津大学");
        assert_eq!(got.district.as_deref(), Some("120104"));
        assert_eq!(got.ipc_class.as_deref(), Some("G01L"));
        assert_eq!(
            got.patents[0].title_zh.as_deref(),
            Some("压力传感器校准方法")
        );
        let facts = store
            .listed_patent_facts(
                org,
                &[
                    PatentNumber::parse("CN1A").unwrap(),
                    PatentNumber::parse("CN9A").unwrap(),
                ],
                None,
            )
            .await
            .unwrap();
        assert_eq!(facts.len(), 1, "the unknown number has no facts");
        assert!(facts[0].held_by_lister);
        assert_eq!(facts[0].legal_status, LegalStatus::InForce);
        assert!(
            facts[0].other_live_modes.is_empty(),
            "a draft binds nothing"
        );
    }
);

contract_test!(
    a_move_from_the_wrong_state_changes_nothing_and_every_move_is_recorded,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[sample("CN1A", "压力传感器校准方法")])
            .await
            .unwrap();
        let org = university(&store).await;
        let id = store
            .create_listing(&AuditContext::system(), org, &spec("open_licence", "CN1A"))
            .await
            .unwrap();
        let wrong = ListingMove {
            from: ListingState::UnderReview,
            to: ListingState::Published,
            event: "approve",
            pause_reason: None,
            note: None,
        };
        assert!(
            !store
                .move_listing(&AuditContext::system(), id, &wrong)
                .await
                .unwrap()
        );
        assert_eq!(
            store.listing(id).await.unwrap().unwrap().state,
            ListingState::Draft
        );
        publish(&store, id).await;
        let got = store.listing(id).await.unwrap().unwrap();
        assert_eq!(got.state, ListingState::Published);
        assert!(got.published_at.is_some());
        let moves = store.listing_transitions(id).await.unwrap();
        let events: Vec<&str> = moves.iter().map(|t| t.event.as_str()).collect();
        assert_eq!(events, vec!["create", "submit", "approve"]);
        // A live open licence shows in the facts of the same patent.
        let facts = store
            .listed_patent_facts(org, &[PatentNumber::parse("CN1A").unwrap()], None)
            .await
            .unwrap();
        assert_eq!(facts[0].other_live_modes, vec![ListingMode::OpenLicence]);
        let facts = store
            .listed_patent_facts(org, &[PatentNumber::parse("CN1A").unwrap()], Some(id))
            .await
            .unwrap();
        assert!(
            facts[0].other_live_modes.is_empty(),
            "the listing itself is left out"
        );
    }
);

contract_test!(
    the_mall_finds_published_listings_by_chinese_words_and_counts_facets,
    |store: Store, _location: DatabaseLocation| async move {
        store
            .upsert_patents(&[
                sample("CN1A", "压力传感器校准方法"),
                sample("CN2A", "锂电池隔膜"),
            ])
            .await
            .unwrap();
        let org = university(&store).await;
        let a = store
            .create_listing(&AuditContext::system(), org, &spec("transfer", "CN1A"))
            .await
            .unwrap();
        let mut b_spec = spec("ordinary_licence", "CN2A");
        b_spec.title = "锂电池隔膜材料".into();
        let b = store
            .create_listing(&AuditContext::system(), org, &b_spec)
            .await
            .unwrap();
        let draft = store
            .create_listing(&AuditContext::system(), org, &spec("equity", "CN1A"))
            .await
            .unwrap();
        publish(&store, a).await;
        publish(&store, b).await;
        let published = vec![ListingState::Published];
        let page = store
            .find_listings(&ListingQuery {
                states: published.clone(),
                limit: 10,
                ..ListingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, 2);
        assert!(page.items.iter().all(|l| l.id != draft));
        let mut modes = page.facets.mode.clone();
        modes.sort();
        assert_eq!(
            modes,
            vec![
                ("ordinary_licence".to_string(), 1),
                ("transfer".to_string(), 1)
            ]
        );
        assert_eq!(page.facets.owner, vec![(org, "天津大学".to_string(), 2)]);
        assert_eq!(page.facets.price_band, vec![("1-100000".to_string(), 2)]);
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let found = store
            .find_listings(&ListingQuery {
                states: published.clone(),
                words: words(&["隔膜"]),
                limit: 10,
                ..ListingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            found.items.iter().map(|l| l.id).collect::<Vec<_>>(),
            vec![b]
        );
        let by_facet = store
            .find_listings(&ListingQuery {
                states: published.clone(),
                mode: Some(ListingMode::Transfer),
                limit: 10,
                ..ListingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            by_facet.items.iter().map(|l| l.id).collect::<Vec<_>>(),
            vec![a]
        );
        let none = store
            .find_listings(&ListingQuery {
                states: published,
                words: words(&["100%_"]),
                limit: 10,
                ..ListingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(
            none.total, 0,
            "LIKE wildcards in a query are matched literally"
        );
    }
);

contract_test!(
    importing_a_termination_pauses_the_listing_in_the_same_transaction_and_tells_the_owner,
    |store: Store, _location: DatabaseLocation| async move {
        let p = sample("CN1A", "压力传感器校准方法");
        store
            .upsert_patents(std::slice::from_ref(&p))
            .await
            .unwrap();
        let org = university(&store).await;
        let id = store
            .create_listing(&AuditContext::system(), org, &spec("transfer", "CN1A"))
            .await
            .unwrap();
        publish(&store, id).await;
        let mut lapsed = p.clone();
        lapsed.events.push(RegisterEvent {
            date: date("2026-03-01"),
            kind: RegisterEventKind::Termination,
            detail: "未缴年费专利权终止".into(),
        });
        store.upsert_patents(&[lapsed.clone()]).await.unwrap();
        let got = store.listing(id).await.unwrap().unwrap();
        assert_eq!(got.state, ListingState::Paused);
        assert_eq!(got.pause_reason, Some(PauseReason::FeeUnpaid));
        let last = store.listing_transitions(id).await.unwrap().pop().unwrap();
        assert_eq!(
            (last.event.as_str(), last.reason.as_deref(), last.user_id),
            ("pause", Some("fee_unpaid"), None)
        );
        let notes = pause_notes(&store, org).await;
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].subject_zh.contains("未缴年费"),
            "{}",
            notes[0].subject_zh
        );
        let mall = store
            .find_listings(&ListingQuery {
                states: vec![ListingState::Published],
                limit: 10,
                ..ListingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(mall.total, 0, "the mall no longer shows it");
        // Importing the same record again changes nothing and tells nobody twice.
        store.upsert_patents(&[lapsed]).await.unwrap();
        assert_eq!(store.listing_transitions(id).await.unwrap().len(), 4);
        assert_eq!(pause_notes(&store, org).await.len(), 1);
    }
);

contract_test!(
    a_failed_import_batch_leaves_the_listing_published,
    |store: Store, location: DatabaseLocation| async move {
        let p = sample("CN1A", "压力传感器校准方法");
        store
            .upsert_patents(std::slice::from_ref(&p))
            .await
            .unwrap();
        let org = university(&store).await;
        let id = store
            .create_listing(&AuditContext::system(), org, &spec("transfer", "CN1A"))
            .await
            .unwrap();
        publish(&store, id).await;
        let mut transferred = p.clone();
        transferred.events.push(RegisterEvent {
            date: date("2026-03-01"),
            kind: RegisterEventKind::Transfer,
            detail: "转让给某公司".into(),
        });
        // The second record of the batch breaks a constraint the database
        // enforces, so the whole batch — and the pause — rolls back.
        execute_raw(
            &location,
            "CREATE UNIQUE INDEX break_titles ON patents (title_zh)",
        )
        .await;
        let clash = sample("CN2A", "压力传感器校准方法");
        assert!(store.upsert_patents(&[transferred, clash]).await.is_err());
        assert_eq!(
            store.listing(id).await.unwrap().unwrap().state,
            ListingState::Published
        );
        assert!(pause_notes(&store, org).await.is_empty());
    }
);
