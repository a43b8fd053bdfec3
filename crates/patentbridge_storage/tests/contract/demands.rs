//! The demand side on both backends: demands and their moves, stored
//! matches pushed once to both inboxes, feedback, and the engine's corpus.

use super::market::{listing, owner, sme_with_member};
use super::*;
use patentbridge_domain::Text;
use patentbridge_domain::demand::{
    DemandEvent, DemandForm, DemandSpec, DemandState, FeedbackReason, FeedbackSide, MatchReason,
    ReasonKind, transition,
};
use patentbridge_storage::{DemandFilter, DemandMove, MatchTarget, NewMatch, Rating};

fn demand_spec(title: &str) -> DemandSpec {
    DemandSpec::parse(
        &DemandForm {
            title: title.into(),
            problem: "隔膜在高温下收缩，电池易短路".into(),
            product: "动力电池".into(),
            industry: "new_energy".into(),
            ipc: "H01M50/40".into(),
            budget_max_yuan: "200000".into(),
            modes: vec!["transfer".into()],
            deadline: "2030-01-01".into(),
            district: "120116".into(),
            ..DemandForm::default()
        },
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .unwrap()
}

fn publish() -> DemandMove {
    DemandMove {
        from: DemandState::Draft,
        to: transition(DemandState::Draft, DemandEvent::Publish).unwrap(),
        event: DemandEvent::Publish.as_str(),
        note: None,
    }
}

fn shared(word: &str) -> MatchReason {
    let mut r = MatchReason::new(
        ReasonKind::Terms,
        Text::owned(
            format!("共同关键词：{word}"),
            format!("shared words: {word}"),
        ),
        true,
    );
    r.terms = vec![word.to_string()];
    r
}

fn found(target: MatchTarget, score: f64) -> NewMatch {
    NewMatch {
        target,
        score,
        reasons: vec![shared("隔膜")],
    }
}

contract_test!(
    a_demand_is_stored_edited_published_once_and_read_back_with_its_history,
    |store: Store, _location: DatabaseLocation| async move {
        let (sme_org, user) = sme_with_member(&store).await;
        let c = ctx(Some(user));
        let id = store
            .create_demand(&c, sme_org, &demand_spec("耐高温隔膜"), false)
            .await
            .unwrap();
        let mut edited = demand_spec("耐高温电池隔膜");
        edited.budget.min = Some(Fen::from_yuan(50_000));
        assert!(store.update_demand(&c, id, &edited).await.unwrap());
        assert!(store.move_demand(&c, id, &publish()).await.unwrap());
        assert!(
            !store.move_demand(&c, id, &publish()).await.unwrap(),
            "a second publish from draft finds the demand published and changes nothing"
        );

        let d = store.demand(id).await.unwrap().unwrap();
        assert_eq!(d.spec, edited);
        assert_eq!(d.state, DemandState::Published);
        assert!(d.published_at.is_some());
        assert_eq!(d.organisation_id, sme_org);
        let moves = store.demand_transitions(id).await.unwrap();
        let events: Vec<_> = moves.iter().map(|m| m.event.as_str()).collect();
        assert_eq!(events, ["create", "publish"]);

        let mine = store
            .find_demands(&DemandFilter {
                organisation: Some(sme_org),
                ..DemandFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        let published = store
            .find_demands(&DemandFilter {
                states: vec![DemandState::Draft],
                ..DemandFilter::default()
            })
            .await
            .unwrap();
        assert!(published.is_empty());

        let close = DemandMove {
            from: DemandState::Published,
            to: DemandState::Closed,
            event: "close",
            note: None,
        };
        assert!(store.move_demand(&c, id, &close).await.unwrap());
        assert!(
            !store
                .update_demand(&c, id, &demand_spec("改"))
                .await
                .unwrap(),
            "a closed demand cannot be edited"
        );
        assert_eq!(store.demand(id).await.unwrap().unwrap().spec, edited);
    }
);

contract_test!(
    matches_are_stored_once_per_pair_and_reach_both_inboxes_once,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let (sme_org, user) = sme_with_member(&store).await;
        let strong = listing(&store, tju, "CN11A", "fixed", false).await;
        let weak = listing(&store, tju, "CN12A", "fixed", false).await;
        let id = store
            .create_demand(&ctx(Some(user)), sme_org, &demand_spec("隔膜"), true)
            .await
            .unwrap();

        let saved = store
            .save_matches(
                id,
                &[
                    found(MatchTarget::Listing(strong), 0.8),
                    found(MatchTarget::Listing(weak), 0.1),
                ],
                0.45,
            )
            .await
            .unwrap();
        assert!(saved.iter().all(|s| s.created));
        let kinds = |store: Store, org: i64| async move {
            let mut n = store.notifications_for(&[org], None, 50).await.unwrap();
            n.retain(|n| n.kind == "match");
            n
        };
        let to_sme = kinds(store.clone(), sme_org).await;
        let to_owner = kinds(store.clone(), tju).await;
        assert_eq!(to_sme.len(), 1, "one message to the SME");
        assert!(to_sme[0].subject_zh.contains("1 个新的推荐"));
        assert_eq!(
            to_owner.len(),
            1,
            "the owner hears of the strong match only"
        );

        let again = store
            .save_matches(
                id,
                &[
                    found(MatchTarget::Listing(strong), 0.9),
                    found(MatchTarget::Listing(weak), 0.2),
                ],
                0.45,
            )
            .await
            .unwrap();
        assert_eq!(
            again.iter().map(|s| s.id).collect::<Vec<_>>(),
            saved.iter().map(|s| s.id).collect::<Vec<_>>()
        );
        assert!(again.iter().all(|s| !s.created));
        assert_eq!(kinds(store.clone(), sme_org).await.len(), 1, "pushed once");

        let stored = store.matches_for_demand(id).await.unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].target, MatchTarget::Listing(strong));
        assert!((stored[0].score - 0.9).abs() < 1e-9);
        assert!(stored[0].pushed_at.is_some() && stored[1].pushed_at.is_none());
        assert_eq!(stored[0].owner_id, Some(tju));
        assert_eq!(stored[0].industry.as_deref(), Some("new_energy"));
        // The explanation reads back as the typed reasons it was saved as.
        assert_eq!(stored[0].reasons, vec![shared("隔膜")]);
        assert_eq!(store.matches_for_listing(strong).await.unwrap().len(), 1);
    }
);

contract_test!(
    a_failed_save_of_matches_leaves_nothing_half_written,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let (sme_org, user) = sme_with_member(&store).await;
        let good = listing(&store, tju, "CN21A", "fixed", false).await;
        let id = store
            .create_demand(&ctx(Some(user)), sme_org, &demand_spec("隔膜"), true)
            .await
            .unwrap();
        let missing = good + 1000;
        let result = store
            .save_matches(
                id,
                &[
                    found(MatchTarget::Listing(good), 0.9),
                    found(MatchTarget::Listing(missing), 0.9),
                ],
                0.45,
            )
            .await;
        assert!(
            result.is_err(),
            "a match on a listing that does not exist fails"
        );
        assert!(store.matches_for_demand(id).await.unwrap().is_empty());
        let notes = store
            .notifications_for(&[sme_org, tju], None, 50)
            .await
            .unwrap();
        assert!(notes.iter().all(|n| n.kind != "match"));
    }
);

contract_test!(
    a_sides_second_rating_replaces_its_first_and_is_counted_by_industry,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let (sme_org, user) = sme_with_member(&store).await;
        let l = listing(&store, tju, "CN31A", "fixed", false).await;
        let id = store
            .create_demand(&ctx(Some(user)), sme_org, &demand_spec("隔膜"), true)
            .await
            .unwrap();
        let saved = store
            .save_matches(id, &[found(MatchTarget::Listing(l), 0.5)], 0.45)
            .await
            .unwrap();
        let m = saved[0].id;
        let c = ctx(Some(user));
        for reason in [FeedbackReason::Relevant, FeedbackReason::TooExpensive] {
            store
                .rate_match(
                    &c,
                    m,
                    &Rating {
                        side: FeedbackSide::Seeker,
                        organisation: sme_org,
                        user_id: user,
                        reason,
                        note: None,
                    },
                )
                .await
                .unwrap();
        }
        let record = store.match_record(m).await.unwrap().unwrap();
        assert_eq!(record.seeker_feedback, Some(FeedbackReason::TooExpensive));
        assert_eq!(record.owner_feedback, None);

        let counts = store.feedback_counts(Some("new_energy")).await.unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].reason, FeedbackReason::TooExpensive);
        assert_eq!(counts[0].count, 1);
        assert!(
            store
                .feedback_counts(Some("biomedicine"))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.seeker_feedback_by_listing().await.unwrap(),
            [(l, FeedbackReason::TooExpensive, 1)]
        );
        let pipeline = store.match_pipeline(Some("new_energy"), 50).await.unwrap();
        assert_eq!(pipeline.len(), 1);
        assert!(
            store
                .match_pipeline(Some("biomedicine"), 50)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

contract_test!(
    the_engine_reads_published_listings_with_their_patents_text_and_codes,
    |store: Store, _location: DatabaseLocation| async move {
        let tju = owner(&store, "天津大学").await;
        let published = listing(&store, tju, "CN41A", "fixed", false).await;
        let _draft = listing(&store, tju, "CN42A", "fixed", true).await;
        let before = store.match_corpus_version().await.unwrap();
        let docs = store.match_documents().await.unwrap();
        assert_eq!(docs.len(), 1, "drafts are not recommended");
        let doc = &docs[0];
        assert_eq!(doc.target, MatchTarget::Listing(published));
        assert_eq!(doc.owner_id, Some(tju));
        assert!(doc.body.contains("压力传感器校准方法"), "{}", doc.body);
        assert!(
            doc.ipc.iter().any(|c| c.starts_with("G01L")),
            "{:?}",
            doc.ipc
        );
        assert_eq!(doc.industry, "new_energy");

        listing(&store, tju, "CN43A", "fixed", false).await;
        assert_ne!(store.match_corpus_version().await.unwrap(), before);
    }
);
