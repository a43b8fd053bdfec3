//! The HTML error page, in the user's language.

use axum::http::StatusCode;
use maud::{Markup, html};

use super::{Nav, layout, search_form};
use crate::i18n::Ctx;
use crate::i18n::labels;

/// `message` is safe to show (never an internal cause).
pub fn page(ctx: &Ctx, status: StatusCode, message: &str) -> Markup {
    let heading = match status {
        StatusCode::NOT_FOUND => ctx.say(labels::NOT_FOUND_TITLE),
        s if s.is_client_error() => ctx.say(labels::BAD_REQUEST_TITLE),
        _ => ctx.say(labels::INTERNAL_ERROR_TITLE),
    };
    let content = html! {
        section class="error-page" {
            p class="error-code" { (status.as_u16()) }
            h1 { (heading) }
            p class="lead" { (message) }
            (search_form(ctx, "", false))
            p { a href="/" { (ctx.say(labels::BACK_HOME)) } }
        }
    };
    layout(ctx, &heading, Nav::None, content)
}
