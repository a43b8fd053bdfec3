//! The listing pages: the patent mall (`/mall`) and a listing's public page,
//! the owner's listings, form and management page, and the review queue.
//! Every change goes through [`patentbridge_app::listings`], the code the
//! JSON API uses.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use patentbridge_domain::listing::{ListingForm, ListingState, OpenLicencePayment, Price};
use patentbridge_storage::ListingRecord;

use super::account_pages::{errors_of, signed_in_or_redirect};
use crate::auth::CurrentActor;
use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt};
use crate::forms::{Fields, PageForm};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::listing_params::MallParams;
use crate::views::forms::Errors;
use crate::views::listing;
use patentbridge_app::{App, Error, granted};
use patentbridge_app::{listings, organisations};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/mall", get(mall))
        .route("/mall/listings/{id}", get(detail))
        .route("/listings", get(my_listings).post(create))
        .route("/listings/new", get(new_form))
        .route("/listings/{id}", get(manage))
        .route("/listings/{id}/edit", get(edit_form).post(edit))
        .route("/listings/{id}/transitions", post(transition))
        .route("/review/listings", get(review_queue))
}

fn notice_text(ctx: &Ctx, query: &[(String, String)]) -> Option<Cow<'static, str>> {
    let key = query
        .iter()
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.as_str())?;
    let text = match key {
        "saved" => Text::new(
            "草稿已保存。确认无误后请提交审核。",
            "Draft saved. Submit it for review when it is ready.",
        ),
        "submit" => Text::new(
            "已提交审核，运营中心审核通过后将在商城发布。",
            "Submitted; it appears in the mall once an operation centre approves it.",
        ),
        "approve" => Text::new("已审核通过并发布。", "Approved and published."),
        "reject" => Text::new("已退回权利人修改。", "Sent back to the owner."),
        "pause" => Text::new("已暂停。", "Paused."),
        "resume" => Text::new("已恢复。", "Resumed."),
        "close" => Text::new("已关闭。", "Closed."),
        "inquiry_sent" => Text::new(
            "意向已发送，权利人将与您联系。",
            "Your inquiry was sent; the owner will contact you.",
        ),
        "favourited" => Text::new("已收藏。", "Saved to your favourites."),
        _ => return None,
    };
    Some(ctx.say(text))
}

async fn mall(
    ctx: Ctx,
    caller: CurrentActor,
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let params = MallParams::parse(&pairs).page_err(&ctx)?;
    let page = listings::mall(&app, params.to_query())
        .await
        .page_err(&ctx)?;
    let zh = ctx.lang.is_zh();
    let owners = page.facets.owner.clone();
    let names: Vec<(i64, String)> = {
        let mut out = Vec::new();
        for (id, name_zh, _) in &owners {
            let en = if zh {
                None
            } else {
                organisations::names(&app, &caller, *id)
                    .await
                    .page_err(&ctx)?
                    .and_then(|(_, en)| en)
            };
            out.push((*id, en.unwrap_or_else(|| name_zh.clone())));
        }
        out
    };
    let owner_name = |id: i64| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    Ok(listing::mall(&ctx, &params, &page, &owner_name).into_response())
}

async fn detail(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let caller = &page.caller;
    let l = listings::load_visible(&app, caller, id)
        .await
        .page_err(&ctx)?;
    let can_manage = listings::may_manage(&app, caller, &l)
        .await
        .page_err(&ctx)?;
    let can_want = l.state == ListingState::Published
        && caller.user.is_some()
        && granted(patentbridge_app::market::acting_sme(&app, caller).await).page_err(&ctx)?;
    let is_favourite = patentbridge_app::market::is_favourite(&app, caller, id)
        .await
        .page_err(&ctx)?;
    Ok(listing::detail(
        &ctx,
        &listing::DetailView {
            listing: &l,
            csrf: &page.csrf,
            signed_in: caller.user.is_some(),
            can_want,
            is_favourite,
            can_manage,
            notice: notice_text(&ctx, &q).as_deref(),
        },
    )
    .into_response())
}

async fn my_listings(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let tab = q
        .iter()
        .find(|(k, _)| k == "state")
        .and_then(|(_, v)| ListingState::parse(v).ok());
    let (org, items) = listings::my_listings(&app, &page.caller, tab)
        .await
        .page_err(&ctx)?;
    Ok(
        listing::my_listings(&ctx, &org, tab, &items, notice_text(&ctx, &q).as_deref())
            .into_response(),
    )
}

fn form_of(f: &Fields) -> ListingForm {
    let g = |n: &str| f.get(n).to_string();
    ListingForm {
        title: g("title"),
        patents: g("patents"),
        mode: g("mode"),
        price_model: g("price_model"),
        price_yuan: g("price_yuan"),
        free_months: g("free_months"),
        royalty_percent: g("royalty_percent"),
        royalty_basis: g("royalty_basis"),
        open_payment: g("open_payment"),
        open_fee_yuan: g("open_fee_yuan"),
        open_royalty_percent: g("open_royalty_percent"),
        open_royalty_basis: g("open_royalty_basis"),
        open_term_years: g("open_term_years"),
        evaluation_report: g("evaluation_report"),
        problem: g("problem"),
        advantages: g("advantages"),
        trl: g("trl"),
        scenarios: g("scenarios"),
        industry: g("industry"),
        broker_name: g("broker_name"),
        broker_phone: g("broker_phone"),
    }
}

/// A stored listing back as the form's text, for editing a draft.
fn form_from(l: &ListingRecord) -> ListingForm {
    let s = &l.spec;
    let yuan = |f: patentbridge_domain::Fen| format!("{}.{:02}", f.value() / 100, f.value() % 100);
    let pct = |bp: u32| format!("{}.{:02}", bp / 100, bp % 100);
    let mut f = ListingForm {
        title: s.title.clone(),
        patents: s
            .patents
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        mode: s.mode.as_str().into(),
        price_model: s.price.kind().as_str().into(),
        problem: s.problem.clone(),
        advantages: s.advantages.clone(),
        trl: s.trl.level().to_string(),
        scenarios: s.scenarios.clone(),
        industry: s.industry.as_str().into(),
        broker_name: s.broker.name.clone(),
        broker_phone: s.broker.phone.clone(),
        ..ListingForm::default()
    };
    match &s.price {
        Price::Fixed(p) | Price::Negotiable { reference: Some(p) } => f.price_yuan = yuan(*p),
        Price::UseFirstPayLater {
            free_months,
            royalty,
        } => {
            f.free_months = free_months.to_string();
            f.royalty_percent = pct(royalty.basis_points);
            f.royalty_basis = royalty.basis.as_str().into();
        }
        _ => {}
    }
    if let Some(t) = &s.open_licence {
        f.open_payment = t.payment.code().into();
        f.open_term_years = t.term_years.to_string();
        f.evaluation_report = t.evaluation_report.clone().unwrap_or_default();
        let (fee, royalty) = match t.payment {
            OpenLicencePayment::LumpSum(fee) => (Some(fee), None),
            OpenLicencePayment::Royalty(r) => (None, Some(r)),
            OpenLicencePayment::EntryPlusRoyalty { entry, royalty } => (Some(entry), Some(royalty)),
        };
        if let Some(fee) = fee {
            f.open_fee_yuan = yuan(fee);
        }
        if let Some(r) = royalty {
            f.open_royalty_percent = pct(r.basis_points);
            f.open_royalty_basis = r.basis.as_str().into();
        }
    }
    f
}

async fn new_form(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let org = listings::listing_organisation(&app, &page.caller, None)
        .await
        .page_err(&ctx)?;
    let heading = ctx.say(Text::new("新建挂牌", "New listing"));
    Ok(listing::form_page(
        &ctx,
        &page.csrf,
        "/listings",
        &heading,
        &ListingForm::default(),
        &Errors::default(),
        &org,
    )
    .into_response())
}

async fn create(
    ctx: Ctx,
    State(app): State<App>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let requested = f.get("organisation").trim().parse::<i64>().ok();
    let form = form_of(&f);
    match listings::create(&app, &page.caller, requested, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/listings/{id}?notice=saved")).into_response()),
        Err(e @ Error::Invalid(_)) => {
            let org = listings::listing_organisation(&app, &page.caller, requested)
                .await
                .page_err(&ctx)?;
            let body = listing::form_page(
                &ctx,
                &page.csrf,
                "/listings",
                &ctx.say(Text::new("新建挂牌", "New listing")),
                &form,
                &errors_of(&ctx, &e),
                &org,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn manage_view(
    ctx: &Ctx,
    page: &PageCaller,
    app: &App,
    id: i64,
    errors: Errors,
    notice: Option<&str>,
) -> Result<maud::Markup, PageError> {
    let m = listings::managed(app, &page.caller, id)
        .await
        .page_err(ctx)?;
    let (l, history, inquiries, can_manage, can_review) = (
        m.listing,
        m.history,
        m.inquiries,
        m.can_manage,
        m.can_review,
    );
    Ok(listing::manage(
        ctx,
        &listing::ManageView {
            listing: &l,
            history: &history,
            inquiries: &inquiries,
            csrf: &page.csrf,
            can_manage,
            can_review,
            errors,
            notice,
        },
    ))
}

async fn manage(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let notice = notice_text(&ctx, &q);
    Ok(
        manage_view(&ctx, &page, &app, id, Errors::default(), notice.as_deref())
            .await?
            .into_response(),
    )
}

async fn edit_form(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let l = listings::load_visible(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    let org = listings::listing_organisation(&app, &page.caller, Some(l.organisation_id))
        .await
        .page_err(&ctx)?;
    let action = format!("/listings/{id}/edit");
    Ok(listing::form_page(
        &ctx,
        &page.csrf,
        &action,
        &ctx.say(Text::new("修改挂牌草稿", "Edit draft")),
        &form_from(&l),
        &Errors::default(),
        &org,
    )
    .into_response())
}

async fn edit(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let form = form_of(&f);
    match listings::update(&app, &page.caller, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/listings/{id}?notice=saved")).into_response()),
        Err(e @ Error::Invalid(_)) => {
            let l = listings::load_visible(&app, &page.caller, id)
                .await
                .page_err(&ctx)?;
            let org = listings::listing_organisation(&app, &page.caller, Some(l.organisation_id))
                .await
                .page_err(&ctx)?;
            let action = format!("/listings/{id}/edit");
            let body = listing::form_page(
                &ctx,
                &page.csrf,
                &action,
                &ctx.say(Text::new("修改挂牌草稿", "Edit draft")),
                &form,
                &errors_of(&ctx, &e),
                &org,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn transition(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    let event = listings::parse_event(f.get("event")).page_err(&ctx)?;
    match listings::apply(&app, &page.caller, id, event, f.get("note")).await {
        Ok(_) => {
            let key = event.as_str();
            let target = if f.get("back") == "queue" {
                format!("/review/listings?notice={key}")
            } else {
                format!("/listings/{id}?notice={key}")
            };
            Ok(Redirect::to(&target).into_response())
        }
        // A rule the patents now break, or a missing reason: shown on the
        // listing's page with the message, nothing changed.
        Err(e @ (Error::Invalid(_) | Error::Conflict(_))) => {
            let errors = match &e {
                Error::Conflict(m) => Errors(vec![("event", m.get(ctx.lang).to_string())]),
                _ => errors_of(&ctx, &e),
            };
            let status = crate::error::status(&e);
            let body = manage_view(&ctx, &page, &app, id, errors, None).await?;
            Ok((status, body).into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn review_queue(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let items = listings::review_queue(&app, &page.caller)
        .await
        .page_err(&ctx)?;
    Ok(
        listing::review_queue(&ctx, &page.csrf, &items, notice_text(&ctx, &q).as_deref())
            .into_response(),
    )
}
