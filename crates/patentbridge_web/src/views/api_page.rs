//! The interactive API page: every operation of the OpenAPI document with a
//! small form; `static/api.js` sends it with `fetch` and shows the JSON.

use maud::{Markup, html};

use super::{ASSET_VERSION, Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::labels;
use crate::openapi::{API_PREFIX, Operation};

pub fn page(ctx: &Ctx, operations: &[Operation]) -> Markup {
    let content = html! {
        h1 { (ctx.say(labels::API_TITLE)) }
        p class="lead" { (ctx.say(labels::API_INTRO)) }
        p {
            a href={ (API_PREFIX) "/openapi.json" } { (ctx.say(labels::API_DOCUMENT)) }
        }
        noscript { p class="notice" { (ctx.say(labels::NEEDS_JS)) } }
        @for (i, op) in operations.iter().enumerate() {
            @let id = format!("op-{i}");
            section class="card endpoint" id=(id) {
                h2 class="endpoint-title" {
                    span class={ "method method-" (op.method.to_lowercase()) } { (op.method) }
                    " "
                    code class="endpoint-path" { (op.path) }
                }
                p { strong { (ctx.say(op.summary_text())) } }
                @if let Some(d) = &op.description { p class="muted" lang="en" { (d) } }
                form class="try-it" data-method=(op.method) data-path=(op.path) {
                    @if op.parameters.is_empty() {
                        p class="muted small" { (ctx.say(labels::NO_PARAMETERS)) }
                    } @else {
                        fieldset {
                            legend { (ctx.say(labels::PARAMETERS)) }
                            div class="params" {
                                @for p in &op.parameters {
                                    @let input_id = format!("{id}-{}", p.name);
                                    div class="param" {
                                        label for=(input_id) {
                                            code { (p.name) }
                                            span class="muted small" { " (" (p.location) ")" }
                                            @if p.required { " " span class="required" { (ctx.say(labels::REQUIRED)) } }
                                        }
                                        @if p.choices.is_empty() {
                                            input id=(input_id) name=(p.name) data-in=(p.location)
                                                type="text" required[p.required]
                                                value=[p.required.then_some(()).and(p.example.as_deref())]
                                                placeholder=[p.example.as_deref()];
                                        } @else {
                                            select id=(input_id) name=(p.name) data-in=(p.location) {
                                                option value="" { "" }
                                                @for c in &p.choices { option value=(c) { (c) } }
                                            }
                                        }
                                        span class="param-help muted small" lang="en" { (p.description) }
                                    }
                                }
                            }
                        }
                    }
                    button type="submit" { (ctx.say(labels::TRY_IT)) }
                    div class="response" hidden {
                        h3 { (ctx.say(labels::RESPONSE)) " " span class="status" {} }
                        p class="small" { a class="request-url" href="#" target="_blank" rel="noopener" {} }
                        pre class="json" tabindex="0" { code {} }
                    }
                }
            }
        }
        script src={ "/static/api.js?v=" (ASSET_VERSION) } defer {}
    };
    layout(ctx, &ctx.say(labels::API_TITLE), Nav::Api, content)
}
