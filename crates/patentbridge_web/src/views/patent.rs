//! The patent detail page: bibliography, titles and abstracts in both
//! languages, claims, classification with titles, parties and register events.

use chrono::NaiveDate;
use maud::{Markup, html};
use patentbridge_domain::Patent;

use super::{Nav, layout, status_badge};
use crate::i18n::LangExt;
use crate::i18n::{
    Ctx, Lang, applicant_type_label, event_label, jurisdiction_label, patent_type_label,
    region_label,
};
use patentbridge_app::catalogue::CodeTitle;

pub fn page(ctx: &Ctx, p: &Patent, ipc: &[CodeTitle], cpc: &[CodeTitle]) -> Markup {
    let t = ctx.t();
    let lang = ctx.lang;
    let number = p.number.to_string();
    let heading = p.title(lang.is_zh()).unwrap_or(t.untitled).to_string();
    let date = |d: Option<NaiveDate>| match d {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => t.none.to_string(),
    };
    let count = |n: Option<i64>| n.map_or_else(|| t.none.to_string(), |n| n.to_string());
    // The page language first, then the other one when present.
    let (first, second) = match lang {
        Lang::Zh => (
            (Lang::Zh, &p.title_zh, &p.abstract_zh),
            (Lang::En, &p.title_en, &p.abstract_en),
        ),
        Lang::En => (
            (Lang::En, &p.title_en, &p.abstract_en),
            (Lang::Zh, &p.title_zh, &p.abstract_zh),
        ),
    };
    let mut events = p.events.clone();
    events.sort_by_key(|e| e.date);
    let content = html! {
        p class="breadcrumb" { a href="/search" { "‹ " (t.back_to_search) } }
        article class="patent" data-number=(number) {
            header class="patent-header" {
                p class="patent-number" { (number) " " (status_badge(lang, p.legal_status.as_str())) }
                h1 { (heading) }
            }
            section class="card" {
                h2 { (t.bibliography) }
                table class="kv" {
                    tbody {
                        tr { th scope="row" { (t.publication_number) } td { (number) } }
                        tr { th scope="row" { (t.application_number) } td { (p.application_number.as_deref().unwrap_or(t.none)) } }
                        tr { th scope="row" { (t.patent_type) } td { (patent_type_label(lang, p.patent_type)) } }
                        tr { th scope="row" { (t.application_date) } td { (date(p.application_date)) } }
                        tr { th scope="row" { (t.publication_date) } td { (date(p.publication_date)) } }
                        tr { th scope="row" { (t.grant_date) } td { (date(p.grant_date)) } }
                        tr { th scope="row" { (t.jurisdiction) } td { (jurisdiction_label(lang, p.number.jurisdiction().as_str())) } }
                        tr { th scope="row" { (t.legal_status) } td { (status_badge(lang, p.legal_status.as_str())) } }
                        tr { th scope="row" { (t.cited_by) } td { (count(p.cited_by_count)) } }
                        tr { th scope="row" { (t.family_size) } td { (count(p.family_size)) } }
                        @if !p.keywords.is_empty() {
                            tr { th scope="row" { (t.keywords) } td { (p.keywords.join("、")) } }
                        }
                        tr { th scope="row" { (t.source) } td { code { (p.source) } } }
                    }
                }
            }
            section class="card" {
                h2 { (t.abstract_heading) }
                @for (l, title, abs) in [first, second] {
                    @if title.is_some() || abs.is_some() {
                        div class="text-version" lang=(l.html_lang()) {
                            h3 class="version-label" { (if l.is_zh() { t.chinese } else { t.english }) }
                            @if let Some(title) = title { p class="version-title" { strong { (title) } } }
                            @if let Some(abs) = abs { p class="abstract" { (abs) } }
                        }
                    }
                }
            }
            @if let Some(claims) = &p.claims {
                section class="card" {
                    h2 { (t.claims_heading) }
                    details class="claims" {
                        summary { (t.show_claims) }
                        div class="claims-text" {
                            @for para in claims.split('\n').filter(|l| !l.trim().is_empty()) {
                                p { (para.trim()) }
                            }
                        }
                    }
                }
            }
            @if !ipc.is_empty() || !cpc.is_empty() {
                section class="card" {
                    h2 { (t.classification) }
                    @for (scheme, codes) in [("IPC", ipc), ("CPC", cpc)] {
                        @if !codes.is_empty() {
                            h3 { (scheme) }
                            (code_table(ctx, codes))
                        }
                    }
                }
            }
            section class="card" {
                h2 { (t.applicants) }
                @if p.applicants.is_empty() {
                    p class="muted" { (t.none) }
                } @else {
                    div class="table-scroll" {
                        table class="grid" {
                            thead { tr { th scope="col" { (t.name) } th scope="col" { (t.applicant_type) } th scope="col" { (t.region) } th scope="col" { (t.address) } } }
                            tbody {
                                @for a in &p.applicants {
                                    tr {
                                        td { (a.name) }
                                        td {
                                            (applicant_type_label(lang, a.applicant_type.as_str()))
                                            @if a.type_overridden { " " span class="muted small" { "（" (t.set_by_hand) "）" } }
                                        }
                                        td { @match a.region { Some(r) => (region_label(lang, &r.to_string())), None => (t.none) } }
                                        td { (a.address.as_deref().unwrap_or(t.none)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !p.inventors.is_empty() {
                    h3 { (t.inventors) }
                    p { (p.inventors.join(lang.pick("、", ", "))) }
                }
            }
            section class="card" {
                h2 { (t.events) }
                @if p.events.is_empty() {
                    p class="muted" { (t.no_events) }
                } @else {
                    div class="table-scroll" {
                        table class="grid" {
                            thead { tr { th scope="col" { (t.date) } th scope="col" { (t.event) } th scope="col" { (t.event_detail) } } }
                            tbody {
                                @for e in &events {
                                    tr {
                                        td class="nowrap" { (e.date.format("%Y-%m-%d").to_string()) }
                                        td { (event_label(lang, e.kind)) }
                                        td { (e.detail) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &format!("{number} {heading}"), Nav::Search, content)
}

fn code_table(ctx: &Ctx, codes: &[CodeTitle]) -> Markup {
    let t = ctx.t();
    let title_cell = |title: &Option<String>, from: &Option<String>| {
        html! {
            @match title {
                Some(title) => {
                    (title)
                    @if let Some(from) = from {
                        " " span class="muted small" { "（" (t.inherited_title) " " (from) "）" }
                    }
                }
                None => span class="muted" { (t.none) },
            }
        }
    };
    html! {
        div class="table-scroll" {
            table class="grid codes" {
                thead { tr { th scope="col" { (t.code) } th scope="col" lang="zh-CN" { (t.title_zh) } th scope="col" lang="en" { (t.title_en) } } }
                tbody {
                    @for c in codes {
                        tr {
                            td class="nowrap" { code { (c.code) } }
                            td lang="zh-CN" { (title_cell(&c.title_zh, &c.zh_from)) }
                            td lang="en" { (title_cell(&c.title_en, &c.en_from)) }
                        }
                    }
                }
            }
        }
    }
}
