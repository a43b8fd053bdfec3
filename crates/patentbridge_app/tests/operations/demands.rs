//! Demands: a verified SME posts a need that is matched at once against
//! the published listings, with reasons; either side rates a match; the
//! listing's owner sees the needs its listing answers.

use patentbridge_app::demands;
use patentbridge_domain::demand::{
    DemandEvent, DemandForm, DemandState, FeedbackReason, FeedbackSide, ReasonKind,
};
use patentbridge_storage::MatchTarget;

use super::*;

/// The forklift maker's need: an early warning of thermal runaway.
fn battery_need() -> DemandForm {
    DemandForm {
        title: "锂电池热失控预警".into(),
        problem: "电动叉车的锂电池在高温仓库里容易热失控起火，需要提前预警的电池管理方法".into(),
        product: "电动叉车电池包".into(),
        industry: "new_energy".into(),
        budget_max_yuan: "50000".into(),
        modes: vec!["transfer".into(), "ordinary_licence".into()],
        district: BINHAI.into(),
        ..DemandForm::default()
    }
}

/// Posts the forklift maker's need, published; returns its id.
async fn posted(w: &World) -> i64 {
    demands::create(w.app(), &w.sme, None, &battery_need(), true)
        .await
        .expect("the SME posts its need")
}

/// The world listing's match on a demand, as the SME sees it.
async fn listing_match(w: &World, demand: i64) -> demands::MatchView {
    demands::demand_view(w.app(), &w.sme, demand)
        .await
        .unwrap()
        .matches
        .into_iter()
        .find(|m| m.target == MatchTarget::Listing(w.listing))
        .expect("the published listing is matched")
}

#[tokio::test]
async fn a_verified_sme_member_posts_a_need_that_is_matched_at_once_to_the_published_listing() {
    let w = world().await;
    let id = posted(&w).await;
    let view = demands::demand_view(w.app(), &w.sme, id).await.unwrap();
    assert_eq!(view.demand.state, DemandState::Published);
    assert_eq!(view.demand.organisation_id, w.forklift);
    assert_eq!(view.demand.organisation_name_zh, FORKLIFT);
    assert!(view.is_seeker);
    let first = view.matches.first().expect("a match");
    assert_eq!(
        first.target,
        MatchTarget::Listing(w.listing),
        "{:?}",
        view.matches
    );
    assert_eq!(first.title, "锂电池热失控预警方法及电池管理系统");
    assert_eq!(first.owner_name_zh.as_deref(), Some(TJU));
    assert!(first.score > 0.0 && first.score <= 1.0, "{}", first.score);
    assert_eq!(
        first.listing.as_ref().map(|l| l.id),
        Some(w.listing),
        "the listing comes with its match"
    );

    // Every reason speaks both languages; the shared words are named.
    assert!(
        first
            .reasons
            .iter()
            .all(|r| !r.text.zh().is_empty() && !r.text.en().is_empty()),
        "{:?}",
        first.reasons
    );
    let terms = first
        .reasons
        .iter()
        .find(|r| r.kind == ReasonKind::Terms)
        .expect("shared terms are a reason");
    assert!(
        terms
            .terms
            .iter()
            .any(|t| t.contains("失控") || t.contains("锂电池")),
        "{:?}",
        terms.terms
    );
    says(&terms.text, "共同关键词：", "shared terms: ");
    let mode = first
        .reasons
        .iter()
        .find(|r| r.kind == ReasonKind::Mode)
        .expect("the mode wanted is a reason");
    assert!(mode.favourable, "{mode:?}");

    // The match was stored when the need was posted, before anyone looked.
    let stored = demands::listing_matches(w.app(), &w.office, w.listing)
        .await
        .unwrap();
    assert_eq!(stored.needs[0].match_id, first.match_id);
}

#[tokio::test]
async fn a_need_with_bad_fields_names_each_field_in_both_languages_and_stores_nothing() {
    let w = world().await;
    let bad = DemandForm {
        title: "".into(),
        problem: "叉车电池".into(),
        budget_min_yuan: "90000".into(),
        budget_max_yuan: "10000".into(),
        deadline: "2001-01-01".into(),
        district: "天津".into(),
        ..DemandForm::default()
    };
    let fields = invalid(demands::create(w.app(), &w.sme, None, &bad, true).await);
    assert_eq!(
        names(&fields),
        ["budget_max_yuan", "deadline", "district", "title"]
    );
    says(
        on(&fields, "title"),
        "请填写需求标题",
        "please fill in a title",
    );
    says(
        on(&fields, "budget_max_yuan"),
        "预算上限不能低于下限",
        "the highest budget cannot be below the lowest",
    );
    says(
        on(&fields, "deadline"),
        "截止日期不能早于今天",
        "the deadline cannot be in the past",
    );
    says(
        on(&fields, "district"),
        "请选择天津的区",
        "choose a Tianjin district",
    );
    let message = Error::Invalid(fields).message();
    assert_eq!(
        message.en(),
        "please correct: title, budget_max_yuan, deadline, district"
    );
    assert!(message.zh().starts_with("请更正："));
    assert!(
        demands::my_demands(w.app(), &w.sme)
            .await
            .unwrap()
            .is_empty(),
        "nothing was stored"
    );

    // Only a member of a verified SME posts needs.
    let text = forbidden(demands::create(w.app(), &w.office, None, &battery_need(), true).await);
    says(
        &text,
        "仅已认证中小企业的成员可发布技术需求",
        "only members of a verified SME post technology needs",
    );
}

#[tokio::test]
async fn a_need_moves_from_draft_to_matched_and_a_move_from_the_wrong_state_is_a_bilingual_conflict()
 {
    let w = world().await;
    let app = w.app();
    let id = demands::create(app, &w.sme, None, &battery_need(), false)
        .await
        .unwrap();
    let view = demands::demand_view(app, &w.sme, id).await.unwrap();
    assert_eq!(view.demand.state, DemandState::Draft);
    assert!(view.matches.is_empty(), "a draft is not matched");
    // A draft is the SME's own.
    not_found(demands::demand_view(app, &w.stranger, id).await);

    let text = conflict(demands::apply_event(app, &w.sme, id, DemandEvent::Match, None).await);
    assert_eq!(text.zh(), "草稿状态的需求不能标记为已对接");
    assert_eq!(text.en(), "a demand that is draft cannot mark as matched");

    for (event, to) in [
        (DemandEvent::Publish, DemandState::Published),
        (DemandEvent::Match, DemandState::Matched),
        (DemandEvent::Reopen, DemandState::Published),
        (DemandEvent::Close, DemandState::Closed),
    ] {
        let note = (event == DemandEvent::Match).then_some("已与天津大学洽谈");
        assert_eq!(
            demands::apply_event(app, &w.sme, id, event, note)
                .await
                .unwrap(),
            to,
            "{event:?}"
        );
    }
    let text = conflict(demands::apply_event(app, &w.sme, id, DemandEvent::Reopen, None).await);
    assert_eq!(text.zh(), "已关闭状态的需求不能重新发布");
    assert_eq!(text.en(), "a demand that is closed cannot reopen");
    // Publishing matched it; the match is kept after closing.
    let view = demands::demand_view(app, &w.sme, id).await.unwrap();
    assert!(
        view.matches
            .iter()
            .any(|m| m.target == MatchTarget::Listing(w.listing))
    );
    let events: Vec<&str> = view.history.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(
        &events[events.len() - 4..],
        ["publish", "match", "reopen", "close"]
    );
    assert!(
        view.history
            .iter()
            .any(|h| h.note.as_deref() == Some("已与天津大学洽谈"))
    );
    // Someone else's SME cannot move it.
    not_found(demands::apply_event(app, &w.stranger, id, DemandEvent::Reopen, None).await);
    let text = conflict(demands::update(app, &w.sme, id, &battery_need()).await);
    says(
        &text,
        "已关闭状态的需求不能修改",
        "a closed demand cannot be edited",
    );
}

#[tokio::test]
async fn rating_a_match_too_expensive_records_the_seekers_reason_and_lowers_the_match() {
    let w = world().await;
    let id = posted(&w).await;
    let before = listing_match(&w, id).await;
    assert_eq!(
        demands::rate(
            w.app(),
            &w.sme,
            before.match_id,
            FeedbackReason::TooExpensive,
            None
        )
        .await
        .unwrap(),
        FeedbackSide::Seeker
    );
    let after = listing_match(&w, id).await;
    assert_eq!(after.match_id, before.match_id);
    assert_eq!(after.seeker_feedback, Some(FeedbackReason::TooExpensive));
    assert!(
        after.score < before.score,
        "{} then {}",
        before.score,
        after.score
    );
    let feedback = after
        .reasons
        .iter()
        .find(|r| r.kind == ReasonKind::Feedback)
        .expect("the rating is a reason");
    says(
        &feedback.text,
        "您曾评价：价格太高",
        "you rated it: Too expensive",
    );
    assert!(!feedback.favourable);

    // "Other" needs a note; with one it is taken.
    let fields = invalid(
        demands::rate(
            w.app(),
            &w.sme,
            before.match_id,
            FeedbackReason::Other,
            Some("  "),
        )
        .await,
    );
    says(
        on(&fields, "note"),
        "选择“其他”时请写明原因",
        "say why when choosing “other”",
    );
    demands::rate(
        w.app(),
        &w.sme,
        before.match_id,
        FeedbackReason::Other,
        Some("需要先做小批量试用"),
    )
    .await
    .unwrap();
    assert_eq!(
        listing_match(&w, id).await.seeker_feedback,
        Some(FeedbackReason::Other)
    );

    // A stranger does not know the match exists.
    let text = not_found(
        demands::rate(
            w.app(),
            &w.stranger,
            before.match_id,
            FeedbackReason::Relevant,
            None,
        )
        .await,
    );
    says(
        &text,
        &format!("没有匹配 {}", before.match_id),
        &format!("no match {}", before.match_id),
    );
}

#[tokio::test]
async fn the_listing_owner_sees_the_needs_its_listing_answers_and_rates_as_the_owner() {
    let w = world().await;
    let id = posted(&w).await;
    let found = demands::listing_matches(w.app(), &w.office, w.listing)
        .await
        .unwrap();
    assert_eq!(found.listing.id, w.listing);
    let need = found.needs.first().expect("the need is found");
    assert_eq!(need.demand_id, id);
    assert_eq!(need.demand_title, "锂电池热失控预警");
    assert_eq!(need.seeker_name_zh, FORKLIFT);
    assert!(need.score > 0.0);
    assert!(!need.reasons.is_empty());
    let company = found
        .companies
        .iter()
        .find(|c| c.organisation_id == w.forklift)
        .expect("the SME is a company that could use it");
    assert_eq!(company.name_zh, FORKLIFT);
    says(
        &company.because,
        "发布了匹配的需求：锂电池热失控预警",
        "posted a matching need: 锂电池热失控预警",
    );
    assert!(
        found
            .industries
            .iter()
            .any(|(code, name)| code == "new_energy"
                && name.zh() == "新能源"
                && name.en() == "New energy"),
        "{:?}",
        found.industries
    );

    assert_eq!(
        demands::rate(
            w.app(),
            &w.office,
            need.match_id,
            FeedbackReason::Relevant,
            None
        )
        .await
        .unwrap(),
        FeedbackSide::Owner
    );
    let again = demands::listing_matches(w.app(), &w.office, w.listing)
        .await
        .unwrap();
    assert_eq!(
        again.needs[0].owner_feedback,
        Some(FeedbackReason::Relevant)
    );
    // The owner's rating is not the seeker's.
    assert_eq!(listing_match(&w, id).await.seeker_feedback, None);

    // The reviewer may look; the SMEs may not.
    assert!(
        demands::listing_matches(w.app(), &w.reviewer, w.listing)
            .await
            .is_ok()
    );
    for sme in [&w.sme, &w.stranger] {
        let text = not_found(demands::listing_matches(w.app(), sme, w.listing).await);
        says(
            &text,
            &format!("没有挂牌 {}", w.listing),
            &format!("no listing {}", w.listing),
        );
    }
}
