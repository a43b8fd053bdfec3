//! The patent detail page: bibliography, titles and abstracts in both
//! languages, claims, classification with titles, parties and register events.

use chrono::NaiveDate;
use maud::{Markup, html};
use patentbridge_domain::Patent;

use super::{Nav, layout, status_badge};
use crate::i18n::labels;
use crate::i18n::{Ctx, Lang, Text, applicant_type_label, jurisdiction_label, region_label};
use patentbridge_app::catalogue::CodeTitle;

pub fn page(ctx: &Ctx, p: &Patent, ipc: &[CodeTitle], cpc: &[CodeTitle]) -> Markup {
    let lang = ctx.lang;
    let number = p.number.to_string();
    let heading = p
        .title(lang.is_zh())
        .unwrap_or(&ctx.say(labels::UNTITLED))
        .to_string();
    let date = |d: Option<NaiveDate>| match d {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => ctx.say(labels::NONE).to_string(),
    };
    let count =
        |n: Option<i64>| n.map_or_else(|| ctx.say(labels::NONE).to_string(), |n| n.to_string());
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
        p class="breadcrumb" { a href="/search" { "‹ " (ctx.say(labels::BACK_TO_SEARCH)) } }
        article class="patent" data-number=(number) {
            header class="patent-header" {
                p class="patent-number" { (number) " " (status_badge(ctx, p.legal_status.as_str())) }
                h1 { (heading) }
            }
            section class="card" {
                h2 { (ctx.say(labels::BIBLIOGRAPHY)) }
                table class="kv" {
                    tbody {
                        tr { th scope="row" { (ctx.say(labels::PUBLICATION_NUMBER)) } td { (number) } }
                        tr { th scope="row" { (ctx.say(labels::APPLICATION_NUMBER)) } td { (p.application_number.as_deref().unwrap_or(&ctx.say(labels::NONE))) } }
                        tr { th scope="row" { (ctx.say(labels::PATENT_TYPE)) } td { (ctx.say(p.patent_type.label())) } }
                        tr { th scope="row" { (ctx.say(labels::APPLICATION_DATE)) } td { (date(p.application_date)) } }
                        tr { th scope="row" { (ctx.say(labels::PUBLICATION_DATE)) } td { (date(p.publication_date)) } }
                        tr { th scope="row" { (ctx.say(labels::GRANT_DATE)) } td { (date(p.grant_date)) } }
                        tr { th scope="row" { (ctx.say(labels::JURISDICTION)) } td { (ctx.say(jurisdiction_label(p.number.jurisdiction().as_str()))) } }
                        tr { th scope="row" { (ctx.say(labels::LEGAL_STATUS)) } td { (status_badge(ctx, p.legal_status.as_str())) } }
                        tr { th scope="row" { (ctx.say(labels::CITED_BY)) } td { (count(p.cited_by_count)) } }
                        tr { th scope="row" { (ctx.say(labels::FAMILY_SIZE)) } td { (count(p.family_size)) } }
                        @if !p.keywords.is_empty() {
                            tr { th scope="row" { (ctx.say(labels::KEYWORDS)) } td { (p.keywords.join("、")) } }
                        }
                        tr { th scope="row" { (ctx.say(labels::SOURCE)) } td { code { (p.source) } } }
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(labels::ABSTRACT_HEADING)) }
                @for (l, title, abs) in [first, second] {
                    @if title.is_some() || abs.is_some() {
                        div class="text-version" lang=(l.html_lang()) {
                            h3 class="version-label" { (if l.is_zh() { ctx.say(labels::CHINESE) } else { ctx.say(labels::ENGLISH) }) }
                            @if let Some(title) = title { p class="version-title" { strong { (title) } } }
                            @if let Some(abs) = abs { p class="abstract" { (abs) } }
                        }
                    }
                }
            }
            @if let Some(claims) = &p.claims {
                section class="card" {
                    h2 { (ctx.say(labels::CLAIMS_HEADING)) }
                    details class="claims" {
                        summary { (ctx.say(labels::SHOW_CLAIMS)) }
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
                    h2 { (ctx.say(labels::CLASSIFICATION)) }
                    @for (scheme, codes) in [("IPC", ipc), ("CPC", cpc)] {
                        @if !codes.is_empty() {
                            h3 { (scheme) }
                            (code_table(ctx, codes))
                        }
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(labels::APPLICANTS)) }
                @if p.applicants.is_empty() {
                    p class="muted" { (ctx.say(labels::NONE)) }
                } @else {
                    div class="table-scroll" {
                        table class="grid" {
                            thead { tr { th scope="col" { (ctx.say(labels::NAME)) } th scope="col" { (ctx.say(labels::APPLICANT_TYPE)) } th scope="col" { (ctx.say(labels::REGION)) } th scope="col" { (ctx.say(labels::ADDRESS)) } } }
                            tbody {
                                @for a in &p.applicants {
                                    tr {
                                        td { (a.name) }
                                        td {
                                            (ctx.say(applicant_type_label(a.applicant_type.as_str())))
                                            @if a.type_overridden { " " span class="muted small" { "（" (ctx.say(labels::SET_BY_HAND)) "）" } }
                                        }
                                        td { @match a.region { Some(r) => (ctx.say(region_label(&r.to_string()))), None => (ctx.say(labels::NONE)) } }
                                        td { (a.address.as_deref().unwrap_or(&ctx.say(labels::NONE))) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !p.inventors.is_empty() {
                    h3 { (ctx.say(labels::INVENTORS)) }
                    p { (p.inventors.join(&*ctx.say(Text::new("、", ", ")))) }
                }
            }
            section class="card" {
                h2 { (ctx.say(labels::EVENTS)) }
                @if p.events.is_empty() {
                    p class="muted" { (ctx.say(labels::NO_EVENTS)) }
                } @else {
                    div class="table-scroll" {
                        table class="grid" {
                            thead { tr { th scope="col" { (ctx.say(labels::DATE)) } th scope="col" { (ctx.say(labels::EVENT)) } th scope="col" { (ctx.say(labels::EVENT_DETAIL)) } } }
                            tbody {
                                @for e in &events {
                                    tr {
                                        td class="nowrap" { (e.date.format("%Y-%m-%d").to_string()) }
                                        td { (ctx.say(e.kind.label())) }
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
    let title_cell = |title: &Option<String>, from: &Option<String>| {
        html! {
            @match title {
                Some(title) => {
                    (title)
                    @if let Some(from) = from {
                        " " span class="muted small" { "（" (ctx.say(labels::INHERITED_TITLE)) " " (from) "）" }
                    }
                }
                None => span class="muted" { (ctx.say(labels::NONE)) },
            }
        }
    };
    html! {
        div class="table-scroll" {
            table class="grid codes" {
                thead { tr { th scope="col" { (ctx.say(labels::CODE)) } th scope="col" lang="zh-CN" { (ctx.say(labels::TITLE_ZH)) } th scope="col" lang="en" { (ctx.say(labels::TITLE_EN)) } } }
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
