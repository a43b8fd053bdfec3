//! Listings: writing them for one's organisation, moving them through their
//! states (owners submit, pause, resume and close; operation centres approve
//! or send back), with the listing rules checked against the patents' records
//! each time a listing is written, submitted, approved or resumed.

use patentbridge_domain::listing::{
    ListingEvent, ListingForm, ListingSpec, ListingState, PauseReason, check_patents, transition,
    transition_refusal,
};
use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{FieldError, OrganisationKind, Text, text};
use patentbridge_storage::{
    InquiryRecord, ListingMove, ListingPage, ListingQuery, ListingRecord, ListingTransition,
    OrganisationRecord,
};

use crate::organisations::{acting_for, load_for, resource_of};
use crate::{App, Caller, Error};

/// The organisation a caller lists for: the one named, or else the first of
/// the caller's organisations that may list (a university, institute or SOE).
pub async fn listing_organisation(
    app: &App,
    caller: &Caller,
    requested: Option<i64>,
) -> Result<OrganisationRecord, Error> {
    acting_for(
        app,
        caller,
        requested,
        OrganisationKind::is_patent_source,
        Action::ManageListings,
        Text::new(
            "仅高校、科研院所、国有企业成员可发布挂牌",
            "only members of a verified university, institute or state-owned enterprise write listings",
        ),
    )
    .await
}

/// The spec parsed and checked against the patents' records.
async fn checked_spec(
    app: &App,
    organisation_id: i64,
    form: &ListingForm,
    except: Option<i64>,
) -> Result<ListingSpec, Error> {
    let spec = ListingSpec::parse(form).map_err(Error::Invalid)?;
    recheck(app, organisation_id, &spec, except).await?;
    Ok(spec)
}

/// Re-applies the rules that depend on the patents' records.
async fn recheck(
    app: &App,
    organisation_id: i64,
    spec: &ListingSpec,
    except: Option<i64>,
) -> Result<(), Error> {
    let facts = app
        .store
        .listed_patent_facts(organisation_id, &spec.patents, except)
        .await?;
    let errors: Vec<FieldError> = check_patents(spec, &facts);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Writes a new listing as a draft.
pub async fn create(
    app: &App,
    caller: &Caller,
    organisation_id: Option<i64>,
    form: &ListingForm,
) -> Result<i64, Error> {
    let org = listing_organisation(app, caller, organisation_id).await?;
    let spec = checked_spec(app, org.id, form, None).await?;
    let ctx = caller.audit_for(org.id);
    Ok(app.store.create_listing(&ctx, org.id, &spec).await?)
}

/// Loads a listing the caller may see: published listings are public;
/// drafts, listings under review, paused and closed ones only the owner's
/// members and reviewers see. Others get 404.
pub async fn load_visible(app: &App, caller: &Caller, id: i64) -> Result<ListingRecord, Error> {
    let listing = app.store.listing(id).await?.ok_or_else(|| no_listing(id))?;
    if listing.state == ListingState::Published
        || may_manage(app, caller, &listing).await?
        || may_review(caller)
    {
        Ok(listing)
    } else {
        Err(no_listing(id))
    }
}

fn changed_meanwhile() -> Error {
    Error::Conflict(Text::new(
        "挂牌已变化，请刷新后重试",
        "the listing changed meanwhile; reload and try again",
    ))
}

pub(crate) fn no_listing(id: i64) -> Error {
    Error::NotFound(text!("没有挂牌 {id}", "no listing {id}"))
}

/// Whether the caller may manage the listing (a member of its owner).
pub async fn may_manage(
    app: &App,
    caller: &Caller,
    listing: &ListingRecord,
) -> Result<bool, Error> {
    Ok(
        match app.store.get_organisation(listing.organisation_id).await? {
            Some(org) => caller.may(Action::ManageListings, &resource_of(&org)),
            None => false,
        },
    )
}

/// Whether the caller reviews listings (operation centres, administrators).
pub fn may_review(caller: &Caller) -> bool {
    caller
        .require(Action::ReviewListings, &Resource::Platform)
        .is_ok()
}

/// Replaces a draft's content.
pub async fn update(app: &App, caller: &Caller, id: i64, form: &ListingForm) -> Result<(), Error> {
    let listing = load_visible(app, caller, id).await?;
    let org = load_for(app, caller, listing.organisation_id, Action::ManageListings).await?;
    if listing.state != ListingState::Draft {
        let label = listing.state.label();
        let (zh, en) = (label.zh(), label.en().to_lowercase());
        return Err(Error::Conflict(text!(
            "只有草稿可以修改；此挂牌为“{zh}”",
            "only a draft can be edited; this listing is {en}"
        )));
    }
    let spec = checked_spec(app, org.id, form, Some(id)).await?;
    let ctx = caller.audit_for(org.id);
    if app.store.update_listing_draft(&ctx, id, &spec).await? {
        Ok(())
    } else {
        Err(changed_meanwhile())
    }
}

/// Parses an event name of the listing workflow.
pub fn parse_event(raw: &str) -> Result<ListingEvent, Error> {
    Ok(match raw.trim() {
        "submit" => ListingEvent::Submit,
        "approve" => ListingEvent::Approve,
        "reject" => ListingEvent::Reject,
        "pause" => ListingEvent::Pause(PauseReason::Owner),
        "resume" => ListingEvent::Resume,
        "close" => ListingEvent::Close,
        other => {
            return Err(Error::field(
                "event",
                format!(
                    "未知的操作“{other}”（可选 submit、approve、reject、pause、resume、close）"
                ),
                format!(
                    "unknown event {other:?} (submit, approve, reject, pause, resume or close)"
                ),
            ));
        }
    })
}

/// Moves a listing. Owners submit, pause, resume and close; reviewers
/// approve and reject (with a note the owner sees). Submitting, approving
/// and resuming re-check the rules against the patents' records as they are
/// now, so a patent that lapsed meanwhile cannot slip through.
pub async fn apply(
    app: &App,
    caller: &Caller,
    id: i64,
    event: ListingEvent,
    note: &str,
) -> Result<ListingState, Error> {
    let listing = load_visible(app, caller, id).await?;
    let note = note.trim();
    let mut ctx = caller.audit_context();
    match event {
        ListingEvent::Approve | ListingEvent::Reject => {
            caller.require(Action::ReviewListings, &Resource::Platform)?;
            if event == ListingEvent::Reject && note.is_empty() {
                return Err(Error::field(
                    "note",
                    "退回时请写明原因，权利人据此修改",
                    "say why the listing is sent back, so the owner can fix it",
                ));
            }
        }
        _ => {
            load_for(app, caller, listing.organisation_id, Action::ManageListings).await?;
            ctx.organisation_id = Some(listing.organisation_id);
        }
    }
    let to = transition(listing.state, listing.pause_reason, event)
        .map_err(|_| Error::Conflict(transition_refusal(listing.state, event)))?;
    if matches!(
        event,
        ListingEvent::Submit | ListingEvent::Approve | ListingEvent::Resume
    ) {
        recheck(app, listing.organisation_id, &listing.spec, Some(id)).await?;
    }
    let pause_reason = match event {
        ListingEvent::Pause(r) => Some(r),
        _ => None,
    };
    let mv = ListingMove {
        from: listing.state,
        to,
        event: event.as_str(),
        pause_reason,
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    if app.store.move_listing(&ctx, id, &mv).await? {
        if to == ListingState::Published {
            // The move is done; matching it to the published needs (and
            // pushing strong matches) must not undo it if it fails.
            if let Err(e) = crate::matching::match_listing_to_needs(app, id).await {
                tracing::warn!(listing = id, error = %e.chain(), "matching a newly published listing failed");
            }
        }
        Ok(to)
    } else {
        Err(changed_meanwhile())
    }
}

/// The published listings the mall shows for `query`, with its facets;
/// whatever states the query names, only published listings are shown
/// (an owner's own listings in other states are [`organisation_listings`]).
pub async fn mall(app: &App, query: ListingQuery) -> Result<ListingPage, Error> {
    let query = ListingQuery {
        states: vec![ListingState::Published],
        ..query
    };
    Ok(app.store.find_listings(&query).await?)
}

/// An organisation's own listings in `states` (every state when empty),
/// for its members, with the mall's facets and filters of `query`.
pub async fn organisation_listings(
    app: &App,
    caller: &Caller,
    organisation_id: i64,
    states: Vec<ListingState>,
    query: ListingQuery,
) -> Result<ListingPage, Error> {
    listing_organisation(app, caller, Some(organisation_id)).await?;
    let query = ListingQuery {
        owner: Some(organisation_id),
        states,
        ..query
    };
    Ok(app.store.find_listings(&query).await?)
}

/// The caller's organisation's listings (the first that lists), in the
/// state asked for or every state; at most 500.
pub async fn my_listings(
    app: &App,
    caller: &Caller,
    state: Option<ListingState>,
) -> Result<(OrganisationRecord, Vec<ListingRecord>), Error> {
    let org = listing_organisation(app, caller, None).await?;
    let items = app
        .store
        .find_listings_unfaceted(&ListingQuery {
            owner: Some(org.id),
            states: state.into_iter().collect(),
            limit: 500,
            ..ListingQuery::default()
        })
        .await?;
    Ok((org, items))
}

/// The listings waiting for review, for operation centres and
/// administrators; at most 200.
pub async fn review_queue(app: &App, caller: &Caller) -> Result<Vec<ListingRecord>, Error> {
    caller.signed_in_user()?;
    if !may_review(caller) {
        return Err(Error::Forbidden(Text::new(
            "仅运营中心和管理员审核挂牌",
            "only operation centres and administrators review listings",
        )));
    }
    Ok(app
        .store
        .find_listings_unfaceted(&ListingQuery {
            states: vec![ListingState::UnderReview],
            limit: 200,
            ..ListingQuery::default()
        })
        .await?)
}

/// What the owner's page of a listing shows: the listing, its moves, and
/// for its owner the inquiries it received.
#[derive(Debug, Clone)]
pub struct Managed {
    pub listing: ListingRecord,
    pub history: Vec<ListingTransition>,
    pub inquiries: Vec<InquiryRecord>,
    pub can_manage: bool,
    pub can_review: bool,
}

/// A listing as its owner or a reviewer manages it; others get 404.
pub async fn managed(app: &App, caller: &Caller, id: i64) -> Result<Managed, Error> {
    let listing = load_visible(app, caller, id).await?;
    let can_manage = may_manage(app, caller, &listing).await?;
    let can_review = may_review(caller);
    if !can_manage && !can_review {
        return Err(no_listing(id));
    }
    let history = app.store.listing_transitions(id).await?;
    let inquiries = if can_manage {
        app.store.inquiries_for_listing(id).await?
    } else {
        Vec::new()
    };
    Ok(Managed {
        listing,
        history,
        inquiries,
        can_manage,
        can_review,
    })
}

/// A listing's moves, for those who manage or review it (`None` for
/// anyone else).
pub async fn history(
    app: &App,
    caller: &Caller,
    listing: &ListingRecord,
) -> Result<Option<Vec<ListingTransition>>, Error> {
    if may_manage(app, caller, listing).await? || may_review(caller) {
        Ok(Some(app.store.listing_transitions(listing.id).await?))
    } else {
        Ok(None)
    }
}
