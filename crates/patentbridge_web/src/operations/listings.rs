//! Listings: writing them for one's organisation, moving them through their
//! states (owners submit, pause, resume and close; operation centres approve
//! or send back), with the listing rules checked against the patents' records
//! each time a listing is written, submitted, approved or resumed.

use patentbridge_domain::listing::{
    ListingEvent, ListingForm, ListingSpec, ListingState, PauseReason, check_patents, transition,
    transition_refusal,
};
use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{FieldError, OrganisationKind};
use patentbridge_storage::{ListingMove, ListingRecord, OrganisationRecord};

use crate::auth::CurrentActor;
use crate::operations::organisations::{acting_for, load_for, resource_of};
use crate::{AppError, AppState};

/// The organisation a caller lists for: the one named, or else the first of
/// the caller's organisations that may list (a university, institute or SOE).
pub async fn listing_organisation(
    state: &AppState,
    caller: &CurrentActor,
    requested: Option<i64>,
) -> Result<OrganisationRecord, AppError> {
    acting_for(
        state,
        caller,
        requested,
        OrganisationKind::is_patent_source,
        Action::ManageListings,
        "only members of a verified university, institute or state-owned enterprise write listings (仅高校、科研院所、国有企业成员可发布挂牌)",
    )
    .await
}

/// The spec parsed and checked against the patents' records.
async fn checked_spec(
    state: &AppState,
    organisation_id: i64,
    form: &ListingForm,
    except: Option<i64>,
) -> Result<ListingSpec, AppError> {
    let spec = ListingSpec::parse(form).map_err(AppError::Invalid)?;
    recheck(state, organisation_id, &spec, except).await?;
    Ok(spec)
}

/// Re-applies the rules that depend on the patents' records.
async fn recheck(
    state: &AppState,
    organisation_id: i64,
    spec: &ListingSpec,
    except: Option<i64>,
) -> Result<(), AppError> {
    let facts = state
        .store
        .listed_patent_facts(organisation_id, &spec.patents, except)
        .await?;
    let errors: Vec<FieldError> = check_patents(spec, &facts);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Writes a new listing as a draft.
pub async fn create(
    state: &AppState,
    caller: &CurrentActor,
    organisation_id: Option<i64>,
    form: &ListingForm,
) -> Result<i64, AppError> {
    let org = listing_organisation(state, caller, organisation_id).await?;
    let spec = checked_spec(state, org.id, form, None).await?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    Ok(state.store.create_listing(&ctx, org.id, &spec).await?)
}

/// Loads a listing the caller may see: published listings are public;
/// drafts, listings under review, paused and closed ones only the owner's
/// members and reviewers see. Others get 404.
pub async fn load_visible(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
) -> Result<ListingRecord, AppError> {
    let listing = state
        .store
        .listing(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no listing {id}")))?;
    if listing.state == ListingState::Published
        || may_manage(state, caller, &listing).await
        || may_review(caller)
    {
        Ok(listing)
    } else {
        Err(AppError::NotFound(format!("no listing {id}")))
    }
}

/// Whether the caller may manage the listing (a member of its owner).
pub async fn may_manage(state: &AppState, caller: &CurrentActor, listing: &ListingRecord) -> bool {
    match state.store.get_organisation(listing.organisation_id).await {
        Ok(Some(org)) => caller
            .require(Action::ManageListings, &resource_of(&org))
            .is_ok(),
        _ => false,
    }
}

/// Whether the caller reviews listings (operation centres, administrators).
pub fn may_review(caller: &CurrentActor) -> bool {
    caller
        .require(Action::ReviewListings, &Resource::Platform)
        .is_ok()
}

/// Replaces a draft's content.
pub async fn update(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    form: &ListingForm,
) -> Result<(), AppError> {
    let listing = load_visible(state, caller, id).await?;
    let org = load_for(
        state,
        caller,
        listing.organisation_id,
        Action::ManageListings,
    )
    .await?;
    if listing.state != ListingState::Draft {
        return Err(AppError::Conflict(format!(
            "only a draft can be edited; this listing is {} (只有草稿可以修改)",
            listing.state.label_en().to_lowercase()
        )));
    }
    let spec = checked_spec(state, org.id, form, Some(id)).await?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    if state.store.update_listing_draft(&ctx, id, &spec).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "the listing changed meanwhile; reload and try again (挂牌已变化，请刷新后重试)"
                .to_string(),
        ))
    }
}

/// Parses an event name of the listing workflow.
pub fn parse_event(raw: &str) -> Result<ListingEvent, AppError> {
    Ok(match raw.trim() {
        "submit" => ListingEvent::Submit,
        "approve" => ListingEvent::Approve,
        "reject" => ListingEvent::Reject,
        "pause" => ListingEvent::Pause(PauseReason::Owner),
        "resume" => ListingEvent::Resume,
        "close" => ListingEvent::Close,
        other => {
            return Err(AppError::field(
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
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    event: ListingEvent,
    note: &str,
) -> Result<ListingState, AppError> {
    let listing = load_visible(state, caller, id).await?;
    let note = note.trim();
    let mut ctx = caller.audit_context();
    match event {
        ListingEvent::Approve | ListingEvent::Reject => {
            caller.require(Action::ReviewListings, &Resource::Platform)?;
            if event == ListingEvent::Reject && note.is_empty() {
                return Err(AppError::field(
                    "note",
                    "退回时请写明原因，权利人据此修改",
                    "say why the listing is sent back, so the owner can fix it",
                ));
            }
        }
        _ => {
            load_for(
                state,
                caller,
                listing.organisation_id,
                Action::ManageListings,
            )
            .await?;
            ctx.organisation_id = Some(listing.organisation_id);
        }
    }
    let to = transition(listing.state, listing.pause_reason, event).map_err(|_| {
        let (zh, en) = transition_refusal(listing.state, event);
        AppError::Conflict(format!("{en} ({zh})"))
    })?;
    if matches!(
        event,
        ListingEvent::Submit | ListingEvent::Approve | ListingEvent::Resume
    ) {
        recheck(state, listing.organisation_id, &listing.spec, Some(id)).await?;
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
    if state.store.move_listing(&ctx, id, &mv).await? {
        if to == ListingState::Published {
            // The move is done; matching it to the published needs (and
            // pushing strong matches) must not undo it if it fails.
            if let Err(e) = crate::operations::demands::match_listing_to_needs(state, id).await {
                tracing::warn!(listing = id, error = %e, "matching a newly published listing failed");
            }
        }
        Ok(to)
    } else {
        Err(AppError::Conflict(
            "the listing changed meanwhile; reload and try again (挂牌已变化，请刷新后重试)"
                .to_string(),
        ))
    }
}
