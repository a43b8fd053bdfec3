//! The results page: hits, facet filters with counts, sort and pages.

use std::collections::HashMap;

use maud::{Markup, PreEscaped, html};
use patentbridge_search::{Facet, FacetCounts, Hit, SearchResults, Sort};

use super::{Nav, layout, search_form, status_badge};
use crate::i18n::LangExt;
use crate::i18n::{Ctx, Lang, facet_label, facet_value_label};
use crate::search_params::{MAX_PAGE, SearchParams};

/// Facet values shown before the list is cut (the most frequent first).
const FACET_VALUES_SHOWN: usize = 12;

/// What the search produced.
pub enum Outcome {
    Results {
        results: SearchResults,
        /// Chinese and English titles of IPC classes in the facet list.
        class_titles: HashMap<String, (Option<String>, Option<String>)>,
    },
    /// Why the query could not be understood.
    BadQuery(patentbridge_domain::Text),
}

pub fn page(ctx: &Ctx, params: &SearchParams, outcome: &Outcome) -> Markup {
    let t = ctx.t();
    let title = if params.q.is_empty() {
        t.search_title.to_string()
    } else {
        format!("{} – {}", params.q, t.search_title)
    };
    let content = html! {
        h1 class="visually-hidden" { (t.search_title) }
        (search_form(ctx, &params.q, false))
        @match outcome {
            Outcome::BadQuery(reason) => {
                div id="results" class="results" {
                    div class="notice error" role="alert" {
                        p { strong { (t.bad_query) } }
                        p { (t.bad_query_hint) }
                        p class="muted small" { (reason.get(ctx.lang)) }
                    }
                }
            }
            Outcome::Results { results, class_titles } => {
                div class="search-layout" {
                    aside class="facets" aria-label=(t.filters) {
                        h2 { (t.filters) }
                        @for fc in ordered_facets(&results.facets) {
                            (facet_block(ctx, params, fc, class_titles))
                        }
                    }
                    section id="results" class="results" aria-label=(t.results_label) {
                        (results_header(ctx, params, results))
                        @if results.hits.is_empty() {
                            div class="notice" role="status" {
                                p { strong { (t.no_results) } }
                                p { (t.no_results_hint) }
                            }
                        } @else {
                            ol class="hits" start=((params.page - 1) * params.per_page + 1) {
                                @for hit in &results.hits {
                                    li { (hit_card(ctx.lang, hit)) }
                                }
                            }
                            (pager(ctx, params, results.total))
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::Search, content)
}

fn ordered_facets(facets: &[FacetCounts]) -> impl Iterator<Item = &FacetCounts> {
    // The order a clerk narrows by: status and owner first, codes last.
    const ORDER: [Facet; 8] = [
        Facet::LegalStatus,
        Facet::ApplicantType,
        Facet::Region,
        Facet::PatentType,
        Facet::Jurisdiction,
        Facet::IpcSection,
        Facet::IpcClass,
        Facet::Year,
    ];
    ORDER
        .into_iter()
        .filter_map(move |f| facets.iter().find(|fc| fc.facet == f))
}

fn facet_block(
    ctx: &Ctx,
    params: &SearchParams,
    fc: &FacetCounts,
    class_titles: &HashMap<String, (Option<String>, Option<String>)>,
) -> Markup {
    let t = ctx.t();
    let mut values: Vec<(String, Option<u64>)> = fc
        .values
        .iter()
        .take(FACET_VALUES_SHOWN)
        .map(|(v, n)| (v.clone(), Some(*n)))
        .collect();
    if fc.facet == Facet::Year {
        values.sort_by(|a, b| b.0.cmp(&a.0));
    }
    // A selected value stays visible (so it can be cleared) even with no count.
    for (f, v) in &params.filters {
        if *f == fc.facet && !values.iter().any(|(x, _)| x == v) {
            let n = fc.values.iter().find(|(x, _)| x == v).map(|(_, n)| *n);
            values.push((v.clone(), n));
        }
    }
    if values.is_empty() {
        return html! {};
    }
    let label_of = |v: &str| -> String {
        if fc.facet == Facet::IpcClass {
            let title = class_titles.get(v).and_then(|(zh, en)| match ctx.lang {
                Lang::Zh => zh.as_ref().or(en.as_ref()),
                Lang::En => en.as_ref().or(zh.as_ref()),
            });
            match title {
                Some(title) => format!("{v} {title}"),
                None => v.to_string(),
            }
        } else {
            facet_value_label(ctx.lang, fc.facet, v)
        }
    };
    html! {
        section class="facet" {
            h3 { (facet_label(ctx.lang, fc.facet)) }
            ul {
                @for (value, count) in &values {
                    @let on = params.has_filter(fc.facet, value);
                    li {
                        a class={ "facet-link" @if on { " on" } }
                            href=(params.toggled(fc.facet, value).href())
                            rel="nofollow"
                            data-facet=(fc.facet.name()) data-value=(value) {
                            span class="box" aria-hidden="true" { @if on { "☑" } @else { "☐" } }
                            span class="facet-label" { (label_of(value)) }
                            @if on { span class="visually-hidden" { (t.selected) } }
                            @if let Some(n) = count { span class="count" { (n) } }
                        }
                    }
                }
            }
        }
    }
}

fn results_header(ctx: &Ctx, params: &SearchParams, results: &SearchResults) -> Markup {
    let t = ctx.t();
    let sorts = [
        (Sort::Relevance, t.sort_relevance),
        (Sort::NewestFirst, t.sort_newest),
        (Sort::OldestFirst, t.sort_oldest),
        (Sort::MostCited, t.sort_cited),
    ];
    html! {
        div class="results-header" {
            p class="result-count" role="status" { (ctx.lang.results_count(results.total)) }
            nav class="sort" aria-label=(t.sort_label) {
                span { (t.sort_label) }
                @for (sort, label) in sorts {
                    @if params.sort == sort {
                        span class="sort-option current" aria-current="true" { (label) }
                    } @else {
                        a class="sort-option" href=(params.with_sort(sort).href()) rel="nofollow" { (label) }
                    }
                }
            }
        }
        @if results.exact_number_match {
            p class="notice ok" { (t.exact_match) }
        }
        @if !params.filters.is_empty() {
            div class="active-filters" {
                span { (t.active_filters) }
                @for (f, v) in &params.filters {
                    a class="chip removable" href=(params.toggled(*f, v).href())
                        title=(t.remove_filter) rel="nofollow" {
                        (facet_label(ctx.lang, *f)) ": " (facet_value_label(ctx.lang, *f, v))
                        span aria-hidden="true" { " ×" }
                        span class="visually-hidden" { " " (t.remove_filter) }
                    }
                }
                a class="clear-filters" href=(params.without_filters().href()) { (t.clear_filters) }
            }
        }
    }
}

fn hit_card(lang: Lang, hit: &Hit) -> Markup {
    let t = lang.t();
    let href = format!("/patents/{}", hit.number);
    // The search crate escapes everything but its own <mark> tags.
    let title = if hit.title_html.trim().is_empty() {
        None
    } else {
        Some(PreEscaped(hit.title_html.as_str()))
    };
    // The highlighted title is the one that matched best; when the reader's
    // language has its own title and that is not the one shown, add it below.
    let shown = hit.title_html.replace("<mark>", "").replace("</mark>", "");
    let preferred = match lang {
        Lang::Zh => hit.title_zh.as_deref(),
        Lang::En => hit.title_en.as_deref(),
    };
    let other_title = preferred.filter(|p| html! { (p) }.into_string() != shown);
    html! {
        article class="hit" data-number=(hit.number) {
            h3 class="hit-title" {
                a href=(href) {
                    span class="hit-number" { (hit.number) }
                    " "
                    @match title {
                        Some(title) => span class="hit-title-text" { (title) },
                        None => span class="hit-title-text muted" { (t.untitled) },
                    }
                }
            }
            @if let Some(other) = other_title {
                p class="hit-title-other" { (other) }
            }
            p class="hit-meta" {
                (status_badge(lang, &hit.legal_status))
                @if !hit.applicants.is_empty() {
                    span class="hit-applicants" { (hit.applicants.join("；")) }
                }
                @if let Some(d) = hit.publication_date {
                    span class="hit-date" { (t.publication_date) " " (d.format("%Y-%m-%d").to_string()) }
                }
                @if !hit.ipc.is_empty() {
                    span class="hit-ipc" { "IPC " (hit.ipc.iter().take(3).cloned().collect::<Vec<_>>().join(", ")) }
                }
            }
            @if !hit.snippet_html.trim().is_empty() {
                p class="snippet" { (PreEscaped(hit.snippet_html.as_str())) }
            }
        }
    }
}

fn pager(ctx: &Ctx, params: &SearchParams, total: usize) -> Markup {
    let t = ctx.t();
    let pages = total.div_ceil(params.per_page).clamp(1, MAX_PAGE);
    if pages <= 1 {
        return html! {};
    }
    let current = params.page.min(pages);
    // First, last, and two either side of the current page.
    let mut shown: Vec<usize> = vec![1, pages];
    shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(pages));
    shown.sort_unstable();
    shown.dedup();
    html! {
        nav class="pager" aria-label=(t.pager_label) {
            @if current > 1 {
                a class="pager-prev" rel="prev" href=(params.with_page(current - 1).href()) { "‹ " (t.prev_page) }
            }
            @for (i, p) in shown.iter().enumerate() {
                @if i > 0 && shown[i - 1] + 1 < *p {
                    span class="gap" aria-hidden="true" { "…" }
                }
                @if *p == current {
                    span class="current" aria-current="page" { (p) }
                } @else {
                    a href=(params.with_page(*p).href()) { (p) }
                }
            }
            @if current < pages {
                a class="pager-next" rel="next" href=(params.with_page(current + 1).href()) { (t.next_page) " ›" }
            }
            span class="page-of muted" { (ctx.lang.page_of(current, pages)) }
        }
    }
}
