//! The demand side's pages. Every change goes through
//! [`patentbridge_app::demands`], the same code the JSON API uses; forms
//! carry their CSRF token, a refused form comes back with the input kept
//! and the errors beside the fields, and a successful post is answered
//! with 303 See Other.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use patentbridge_domain::demand::DemandForm;
use patentbridge_domain::policy::Action;

use crate::csrf::PageCaller;
use crate::error::{PageError, PageResultExt};
use crate::forms::{Fields, PageForm, PageUpload};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::routes::account_pages::signed_in_or_redirect;
use crate::routes::account_pages::{errors_of, safe_next};
use crate::views::demand as view;
use crate::views::forms::Errors;
use patentbridge_app::demands;
use patentbridge_app::{App, Error, granted};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/demands", get(list).post(create))
        .route("/demands/new", get(new_form))
        .route("/demands/analyse", get(analyse_page).post(analyse))
        .route("/demands/{id}", get(detail))
        .route("/demands/{id}/edit", get(edit_form).post(edit))
        .route("/demands/{id}/transitions", post(transition))
        .route("/matches/{id}/feedback", post(feedback))
        .route("/matches/pipeline", get(pipeline))
        .route("/listings/{id}/matches", get(listing_matches))
}

fn notice_text(ctx: &Ctx, q: &[(String, String)]) -> Option<Cow<'static, str>> {
    let key = q
        .iter()
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.as_str())?;
    let text = match key {
        "published" => Text::new(
            "需求已发布，以下是平台的推荐。",
            "The need is published; here is what the platform recommends.",
        ),
        "saved" => Text::new("已保存。", "Saved."),
        "moved" => Text::new("状态已更新。", "The state is updated."),
        "rated" => Text::new("评价已记录，谢谢。", "Your rating is recorded. Thank you."),
        _ => return None,
    };
    Some(ctx.say(text))
}

fn form_of(f: &Fields) -> DemandForm {
    DemandForm {
        title: f.get("title").to_string(),
        problem: f.get("problem").to_string(),
        product: f.get("product").to_string(),
        industry: f.get("industry").to_string(),
        ipc: f.get("ipc").to_string(),
        budget_min_yuan: f.get("budget_min_yuan").to_string(),
        budget_max_yuan: f.get("budget_max_yuan").to_string(),
        modes: f.all("modes").map(str::to_string).collect(),
        deadline: f.get("deadline").to_string(),
        district: f.get("district").to_string(),
    }
}

fn form_from(spec: &patentbridge_domain::demand::DemandSpec) -> DemandForm {
    let yuan = |f: Option<patentbridge_domain::Fen>| {
        f.map(|f| format!("{}.{:02}", f.value() / 100, f.value() % 100))
            .unwrap_or_default()
    };
    DemandForm {
        title: spec.title.clone(),
        problem: spec.problem.clone(),
        product: spec.product.clone(),
        industry: spec.industry.as_str().to_string(),
        ipc: spec
            .ipc
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        budget_min_yuan: yuan(spec.budget.min),
        budget_max_yuan: yuan(spec.budget.max),
        modes: spec.modes.iter().map(|m| m.as_str().to_string()).collect(),
        deadline: spec.deadline.map(|d| d.to_string()).unwrap_or_default(),
        district: spec
            .district
            .map(|d| d.value().to_string())
            .unwrap_or_default(),
    }
}

async fn may_post(app: &App, page: &PageCaller) -> Result<bool, Error> {
    granted(demands::demand_organisation(app, &page.caller, None).await)
}

async fn list(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let mine = demands::my_demands(&app, &page.caller)
        .await
        .page_err(&ctx)?;
    let published = demands::published(&app, &page.caller, 50)
        .await
        .page_err(&ctx)?;
    let may_post = may_post(&app, &page).await.page_err(&ctx)?;
    Ok(view::list(
        &ctx,
        &mine,
        &published,
        may_post,
        demands::may_analyse(&page.caller),
        notice_text(&ctx, &q).as_deref(),
    )
    .into_response())
}

async fn new_form(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    demands::demand_organisation(&app, &page.caller, None)
        .await
        .page_err(&ctx)?;
    Ok(view::form(
        &ctx,
        &page.csrf,
        "/demands",
        &DemandForm::default(),
        &Errors::default(),
        false,
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
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let form = form_of(&f);
    let publish = f.get("publish") == "1";
    match demands::create(&app, &page.caller, None, &form, publish).await {
        Ok(id) => {
            let notice = if publish { "published" } else { "saved" };
            Ok(Redirect::to(&format!("/demands/{id}?notice={notice}")).into_response())
        }
        Err(e @ Error::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::form(
                &ctx,
                &page.csrf,
                "/demands",
                &form,
                &errors_of(&ctx, &e),
                false,
            ),
        )
            .into_response()),
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn detail(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let v = demands::demand_view(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    let may_rate = v.is_seeker;
    Ok(view::detail(
        &ctx,
        &page.csrf,
        &v,
        may_rate,
        notice_text(&ctx, &q).as_deref(),
    )
    .into_response())
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
    let d = demands::load_visible_demand(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    demands::demand_organisation(&app, &page.caller, Some(d.organisation_id))
        .await
        .page_err(&ctx)?;
    Ok(view::form(
        &ctx,
        &page.csrf,
        &format!("/demands/{id}/edit"),
        &form_from(&d.spec),
        &Errors::default(),
        true,
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
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let form = form_of(&f);
    match demands::update(&app, &page.caller, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/demands/{id}?notice=saved")).into_response()),
        Err(e @ Error::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::form(
                &ctx,
                &page.csrf,
                &format!("/demands/{id}/edit"),
                &form,
                &errors_of(&ctx, &e),
                true,
            ),
        )
            .into_response()),
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
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let event = demands::parse_event(f.get("event")).page_err(&ctx)?;
    let note = Some(f.get("note")).filter(|n| !n.trim().is_empty());
    demands::apply_event(&app, &page.caller, id, event, note)
        .await
        .page_err(&ctx)?;
    Ok(Redirect::to(&format!("/demands/{id}?notice=moved")).into_response())
}

async fn feedback(
    ctx: Ctx,
    State(app): State<App>,
    Path(id): Path<i64>,
    form: PageForm<Fields>,
) -> Result<Response, PageError> {
    let PageForm {
        page, fields: f, ..
    } = form;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let back = safe_next(f.get("next")).unwrap_or("/demands").to_string();
    let reason = demands::parse_reason(f.get("reason")).page_err(&ctx)?;
    let note = Some(f.get("note")).filter(|n| !n.trim().is_empty());
    match demands::rate(&app, &page.caller, id, reason, note).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}?notice=rated#matches")).into_response()),
        Err(e @ Error::Invalid(_)) => {
            let messages: Vec<String> = errors_of(&ctx, &e).0.into_iter().map(|(_, m)| m).collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::views::market::refused(
                    &ctx,
                    &ctx.say(Text::new("评价未提交", "The rating was not sent")),
                    &messages,
                    &back,
                ),
            )
                .into_response())
        }
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}

async fn pipeline(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let industry = q
        .iter()
        .find(|(k, _)| k == "industry")
        .map(|(_, v)| v.as_str());
    let p = demands::pipeline(&app, &page.caller, industry)
        .await
        .page_err(&ctx)?;
    Ok(view::pipeline(&ctx, &p).into_response())
}

async fn listing_matches(
    ctx: Ctx,
    page: PageCaller,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    let m = demands::listing_matches(&app, &page.caller, id)
        .await
        .page_err(&ctx)?;
    let may_rate = patentbridge_app::listings::may_manage(&app, &page.caller, &m.listing)
        .await
        .page_err(&ctx)?;
    Ok(view::listing_matches(
        &ctx,
        &page.csrf,
        &m,
        may_rate,
        notice_text(&ctx, &q).as_deref(),
    )
    .into_response())
}

async fn analyse_page(ctx: Ctx, page: PageCaller) -> Result<Response, PageError> {
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    page.caller
        .require(
            Action::AnalyseDemands,
            &patentbridge_domain::policy::Resource::Platform,
        )
        .page_err(&ctx)?;
    Ok(view::analyse(&ctx, &page.csrf, None, &Errors::default()).into_response())
}

async fn analyse(
    ctx: Ctx,
    State(app): State<App>,
    upload: PageUpload,
) -> Result<Response, PageError> {
    let PageUpload { page, bytes, .. } = upload;
    if let Some(r) = signed_in_or_redirect(&ctx, &page) {
        return Ok(r);
    }
    match demands::analyse_csv(&app, &page.caller, &bytes).await {
        Ok(rows) => {
            Ok(view::analyse(&ctx, &page.csrf, Some(&rows), &Errors::default()).into_response())
        }
        Err(e @ Error::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view::analyse(&ctx, &page.csrf, None, &errors_of(&ctx, &e)),
        )
            .into_response()),
        Err(e) => Err(PageError::new(e, &ctx)),
    }
}
