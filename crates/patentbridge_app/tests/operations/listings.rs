//! Listings: the office writes drafts for its university, the rules from
//! the patents' records are checked, an operation centre publishes, and
//! only what is published is seen by everyone.

use patentbridge_app::{Caller, listings};
use patentbridge_domain::listing::{ListingEvent, ListingState, PauseReason};
use patentbridge_storage::ListingQuery;

use super::*;

/// The ids of the listings the mall shows, in order.
async fn in_mall(app: &App) -> Vec<i64> {
    let page = listings::mall(
        app,
        ListingQuery {
            limit: 50,
            ..ListingQuery::default()
        },
    )
    .await
    .unwrap();
    let mut ids: Vec<i64> = page.items.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn an_office_member_writes_a_draft_that_only_its_university_and_reviewers_can_see() {
    let w = world().await;
    let app = w.app();
    let id = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .expect("the office writes a draft");
    let draft = listings::load_visible(app, &w.office, id).await.unwrap();
    assert_eq!(draft.state, ListingState::Draft);
    assert_eq!(draft.organisation_id, w.tju);
    assert_eq!(draft.owner_name_zh, TJU);
    assert_eq!(draft.spec.title, "动力电池高镍正极材料专利转让");
    assert_eq!(draft.patents[0].number, ELECTRODE);
    assert!(listings::load_visible(app, &w.reviewer, id).await.is_ok());

    for stranger in [&Caller::anonymous(), &w.sme, &w.stranger] {
        let text = not_found(listings::load_visible(app, stranger, id).await);
        says(
            &text,
            &format!("没有挂牌 {id}"),
            &format!("no listing {id}"),
        );
    }
    assert_eq!(
        in_mall(app).await,
        [w.listing],
        "the draft is not in the mall"
    );

    // Only a source's member writes listings: an SME's buyer cannot.
    let text = forbidden(listings::create(app, &w.sme, None, &transfer_form(ELECTRODE)).await);
    says(
        &text,
        "仅高校、科研院所、国有企业成员",
        "only members of a verified university",
    );
}

#[tokio::test]
async fn a_patent_not_held_lapsed_or_unknown_is_refused_on_the_patents_field_and_nothing_is_stored()
{
    let w = world().await;
    let app = w.app();
    let create = |patents: &'static str| {
        let office = w.office.clone();
        let tju = w.tju;
        async move { listings::create(app, &office, Some(tju), &transfer_form(patents)).await }
    };

    let fields = invalid(create(SENSOR).await);
    assert_eq!(names(&fields), ["patents"]);
    says(
        on(&fields, "patents"),
        "专利权人不是本单位",
        &format!("patent {SENSOR} is not held by your organisation"),
    );

    let fields = invalid(create(SEPARATOR).await);
    assert_eq!(names(&fields), ["patents"]);
    says(
        on(&fields, "patents"),
        "只有有效专利可以挂牌",
        "only patents in force can be listed",
    );

    let fields = invalid(create(UNKNOWN).await);
    says(
        on(&fields, "patents"),
        "不在专利库中",
        "is not in the catalogue",
    );

    // Every patent is checked at once: each refused one is named.
    let fields = invalid(create("CN202210000401A, CN114000002A").await);
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert!(fields.iter().any(|f| f.message.en().contains(SENSOR)));
    assert!(fields.iter().any(|f| f.message.en().contains(SEPARATOR)));

    // A utility model offered under an open licence needs its evaluation report.
    let mut form = open_licence_form();
    form.patents = ROLLER.into();
    let fields = invalid(listings::create(app, &w.office, Some(w.tju), &form).await);
    says(
        on(&fields, "evaluation_report"),
        "专利权评价报告",
        "needs the patent evaluation report",
    );

    // The form's own rules are every field's at once.
    let mut form = transfer_form(ELECTRODE);
    form.title = "  ".into();
    form.trl = "10".into();
    let fields = invalid(listings::create(app, &w.office, Some(w.tju), &form).await);
    assert_eq!(names(&fields), ["title", "trl"]);
    says(on(&fields, "title"), "请填写标题", "please fill in title");
    says(
        on(&fields, "trl"),
        "技术成熟度须为 1 至 9 级",
        "readiness level must be 1 to 9",
    );

    let (_, mine) = listings::my_listings(app, &w.office, None).await.unwrap();
    assert_eq!(
        mine.iter().map(|l| l.id).collect::<Vec<_>>(),
        [w.listing],
        "nothing refused was stored"
    );
}

#[tokio::test]
async fn a_draft_can_be_edited_but_a_listing_under_review_or_published_cannot() {
    let w = world().await;
    let app = w.app();
    let id = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .unwrap();
    let mut better = transfer_form(ELECTRODE);
    better.advantages = "循环寿命提高 45 %，成本降低 12 %".into();
    listings::update(app, &w.office, id, &better)
        .await
        .expect("a draft is edited");
    let edited = listings::load_visible(app, &w.office, id).await.unwrap();
    assert_eq!(edited.spec.advantages, "循环寿命提高 45 %，成本降低 12 %");

    // The edit is checked like the draft was.
    let fields = invalid(listings::update(app, &w.office, id, &transfer_form(SEPARATOR)).await);
    says(
        on(&fields, "patents"),
        "只有有效专利",
        "only patents in force",
    );

    listings::apply(app, &w.office, id, ListingEvent::Submit, "")
        .await
        .unwrap();
    let text = conflict(listings::update(app, &w.office, id, &transfer_form(ELECTRODE)).await);
    assert_eq!(text.zh(), "只有草稿可以修改；此挂牌为“审核中”");
    assert_eq!(
        text.en(),
        "only a draft can be edited; this listing is under review"
    );

    let text = conflict(listings::update(app, &w.office, w.listing, &licence_form()).await);
    assert_eq!(text.zh(), "只有草稿可以修改；此挂牌为“已发布”");
    assert_eq!(
        text.en(),
        "only a draft can be edited; this listing is published"
    );
}

#[tokio::test]
async fn a_submitted_listing_approved_by_an_operation_centre_is_published_and_visible_to_anyone() {
    let w = world().await;
    let app = w.app();
    let id = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .unwrap();
    assert_eq!(
        listings::apply(app, &w.office, id, ListingEvent::Submit, "")
            .await
            .unwrap(),
        ListingState::UnderReview
    );
    let queue = listings::review_queue(app, &w.reviewer).await.unwrap();
    assert_eq!(queue.iter().map(|l| l.id).collect::<Vec<_>>(), [id]);
    let text = forbidden(listings::review_queue(app, &w.sme).await);
    says(
        &text,
        "仅运营中心和管理员审核挂牌",
        "only operation centres",
    );
    // Under review it is still the owner's and the reviewers' only.
    not_found(listings::load_visible(app, &Caller::anonymous(), id).await);

    // The owner cannot publish its own listing: review is not its business.
    not_found(listings::apply(app, &w.office, id, ListingEvent::Approve, "").await);
    assert_eq!(
        listings::apply(app, &w.reviewer, id, ListingEvent::Approve, "")
            .await
            .unwrap(),
        ListingState::Published
    );

    let public = listings::load_visible(app, &Caller::anonymous(), id)
        .await
        .expect("a published listing is public");
    assert_eq!(public.state, ListingState::Published);
    assert!(public.published_at.is_some());
    assert_eq!(in_mall(app).await, [w.listing, id]);

    let managed = listings::managed(app, &w.office, id).await.unwrap();
    assert!(managed.can_manage && !managed.can_review);
    let events: Vec<&str> = managed.history.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(events, ["create", "submit", "approve"]);
    // The world's listing was approved by the administrator.
    let world_listing = listings::managed(app, w.f.admin(), w.listing)
        .await
        .unwrap();
    assert!(world_listing.can_review);
    assert_eq!(world_listing.listing.state, ListingState::Published);
}

#[tokio::test]
async fn sending_a_listing_back_needs_a_note_that_the_owner_then_reads() {
    let w = world().await;
    let app = w.app();
    let id = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .unwrap();
    listings::apply(app, &w.office, id, ListingEvent::Submit, "")
        .await
        .unwrap();
    let fields = invalid(listings::apply(app, &w.reviewer, id, ListingEvent::Reject, "  ").await);
    assert_eq!(names(&fields), ["note"]);
    says(
        on(&fields, "note"),
        "退回时请写明原因",
        "say why the listing is sent back",
    );
    assert_eq!(
        listings::apply(
            app,
            &w.reviewer,
            id,
            ListingEvent::Reject,
            "请补充循环寿命的第三方检测数据"
        )
        .await
        .unwrap(),
        ListingState::Draft
    );
    let managed = listings::managed(app, &w.office, id).await.unwrap();
    assert_eq!(managed.listing.state, ListingState::Draft);
    assert_eq!(
        managed.listing.review_note.as_deref(),
        Some("请补充循环寿命的第三方检测数据")
    );
    let last = managed.history.last().unwrap();
    assert_eq!(last.event, "reject");
    assert_eq!(last.note.as_deref(), Some("请补充循环寿命的第三方检测数据"));
    // Sent back, it is a draft again and may be edited and resubmitted.
    listings::update(app, &w.office, id, &transfer_form(ELECTRODE))
        .await
        .unwrap();
    assert_eq!(
        listings::apply(app, &w.office, id, ListingEvent::Submit, "")
            .await
            .unwrap(),
        ListingState::UnderReview
    );
}

#[tokio::test]
async fn an_sme_member_cannot_manage_a_universitys_listing() {
    let w = world().await;
    let app = w.app();
    // The published listing is public, so the refusal says so openly.
    for event in [ListingEvent::Close, ListingEvent::Pause(PauseReason::Owner)] {
        let text = forbidden(listings::apply(app, &w.sme, w.listing, event, "").await);
        says(&text, "无权执行此操作", "not allowed to manage listings");
    }
    forbidden(listings::update(app, &w.sme, w.listing, &licence_form()).await);
    // A draft does not exist for the SME at all.
    let draft = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .unwrap();
    not_found(listings::apply(app, &w.sme, draft, ListingEvent::Submit, "").await);
    not_found(listings::update(app, &w.sme, draft, &transfer_form(ELECTRODE)).await);
    not_found(listings::managed(app, &w.sme, draft).await);
    // Nothing moved.
    let listing = listings::load_visible(app, &w.office, w.listing)
        .await
        .unwrap();
    assert_eq!(listing.state, ListingState::Published);
}

#[tokio::test]
async fn moves_from_the_wrong_state_are_conflicts_that_say_why_in_both_languages() {
    let w = world().await;
    let app = w.app();
    let id = listings::create(app, &w.office, Some(w.tju), &transfer_form(ELECTRODE))
        .await
        .unwrap();
    let text = conflict(listings::apply(app, &w.reviewer, id, ListingEvent::Approve, "").await);
    assert_eq!(text.zh(), "草稿状态的挂牌不能审核通过");
    assert_eq!(text.en(), "a listing that is draft cannot be approved");
    let text = conflict(listings::apply(app, &w.office, id, ListingEvent::Resume, "").await);
    assert_eq!(text.zh(), "草稿状态的挂牌不能恢复");
    assert_eq!(text.en(), "a listing that is draft cannot be resumed");

    // Pausing takes the published listing out of public view; resuming
    // brings it back.
    let owner_pause = ListingEvent::Pause(PauseReason::Owner);
    assert_eq!(
        listings::apply(app, &w.office, w.listing, owner_pause, "")
            .await
            .unwrap(),
        ListingState::Paused
    );
    not_found(listings::load_visible(app, &Caller::anonymous(), w.listing).await);
    let text = conflict(listings::apply(app, &w.office, w.listing, owner_pause, "").await);
    assert_eq!(text.zh(), "已暂停状态的挂牌不能暂停");
    assert_eq!(text.en(), "a listing that is paused cannot be paused");
    assert_eq!(
        listings::apply(app, &w.office, w.listing, ListingEvent::Resume, "")
            .await
            .unwrap(),
        ListingState::Published
    );

    let text = conflict(listings::apply(app, &w.office, w.listing, ListingEvent::Submit, "").await);
    assert_eq!(text.zh(), "已发布状态的挂牌不能提交审核");
    assert!(
        text.en()
            .starts_with("a listing that is published cannot be "),
        "{}",
        text.en()
    );

    // Closing is for good.
    assert_eq!(
        listings::apply(app, &w.office, w.listing, ListingEvent::Close, "撤回挂牌")
            .await
            .unwrap(),
        ListingState::Closed
    );
    for (event, zh, en) in [
        (
            ListingEvent::Resume,
            "已关闭状态的挂牌不能恢复",
            "a listing that is closed cannot be resumed",
        ),
        (
            ListingEvent::Close,
            "已关闭状态的挂牌不能关闭",
            "a listing that is closed cannot be closed",
        ),
    ] {
        let text = conflict(listings::apply(app, &w.office, w.listing, event, "").await);
        assert_eq!((text.zh(), text.en()), (zh, en));
    }
    let text =
        conflict(listings::apply(app, &w.reviewer, w.listing, ListingEvent::Approve, "").await);
    assert_eq!(text.zh(), "已关闭状态的挂牌不能审核通过");
}
