//! The HTML error page, in the user's language.

use axum::http::StatusCode;
use maud::{Markup, html};

use super::{Nav, layout, search_form};
use crate::i18n::Ctx;

/// `message` is safe to show (never an internal cause).
pub fn page(ctx: &Ctx, status: StatusCode, message: &str) -> Markup {
    let t = ctx.t();
    let heading = match status {
        StatusCode::NOT_FOUND => t.not_found_title,
        s if s.is_client_error() => t.bad_request_title,
        _ => t.internal_error_title,
    };
    let content = html! {
        section class="error-page" {
            p class="error-code" { (status.as_u16()) }
            h1 { (heading) }
            p class="lead" { (message) }
            (search_form(ctx, "", false))
            p { a href="/" { (t.back_home) } }
        }
    };
    layout(ctx, heading, Nav::None, content)
}
