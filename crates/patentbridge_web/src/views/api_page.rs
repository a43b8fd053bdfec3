//! The interactive API page: every operation of the OpenAPI document with a
//! small form; `static/api.js` sends it with `fetch` and shows the JSON.

use maud::{Markup, html};

use super::{ASSET_VERSION, Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::LangExt;
use crate::openapi::{API_PREFIX, Operation};

pub fn page(ctx: &Ctx, operations: &[Operation]) -> Markup {
    let t = ctx.t();
    let content = html! {
        h1 { (t.api_title) }
        p class="lead" { (t.api_intro) }
        p {
            a href={ (API_PREFIX) "/openapi.json" } { (t.api_document) }
        }
        noscript { p class="notice" { (t.needs_js) } }
        @for (i, op) in operations.iter().enumerate() {
            @let id = format!("op-{i}");
            section class="card endpoint" id=(id) {
                h2 class="endpoint-title" {
                    span class={ "method method-" (op.method.to_lowercase()) } { (op.method) }
                    " "
                    code class="endpoint-path" { (op.path) }
                }
                p { strong { (ctx.lang.pick(&op.summary_zh, &op.summary)) } }
                @if let Some(d) = &op.description { p class="muted" lang="en" { (d) } }
                form class="try-it" data-method=(op.method) data-path=(op.path) {
                    @if op.parameters.is_empty() {
                        p class="muted small" { (t.no_parameters) }
                    } @else {
                        fieldset {
                            legend { (t.parameters) }
                            div class="params" {
                                @for p in &op.parameters {
                                    @let input_id = format!("{id}-{}", p.name);
                                    div class="param" {
                                        label for=(input_id) {
                                            code { (p.name) }
                                            span class="muted small" { " (" (p.location) ")" }
                                            @if p.required { " " span class="required" { (t.required) } }
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
                    button type="submit" { (t.try_it) }
                    div class="response" hidden {
                        h3 { (t.response) " " span class="status" {} }
                        p class="small" { a class="request-url" href="#" target="_blank" rel="noopener" {} }
                        pre class="json" tabindex="0" { code {} }
                    }
                }
            }
        }
        script src={ "/static/api.js?v=" (ASSET_VERSION) } defer {}
    };
    layout(ctx, t.api_title, Nav::Api, content)
}
