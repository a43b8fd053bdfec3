//! The results page: hits, facet filters with counts, sort and pages.

use std::collections::HashMap;

use maud::{Markup, PreEscaped, html};
use patentbridge_search::{Facet, FacetCounts, Hit, SearchResults, Sort};

use super::{Nav, layout, search_form, status_badge};
use crate::i18n::labels;
use crate::i18n::{Ctx, Lang, facet_label, facet_value_label, page_of, results_count};
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
    let title = if params.q.is_empty() {
        ctx.say(labels::SEARCH_TITLE).to_string()
    } else {
        format!("{} – {}", params.shown_q(), ctx.say(labels::SEARCH_TITLE))
    };
    let content = html! {
        h1 class="visually-hidden" { (ctx.say(labels::SEARCH_TITLE)) }
        (search_form(ctx, &params.shown_q(), false))
        @match outcome {
            Outcome::BadQuery(reason) => {
                div id="results" class="results" {
                    div class="notice error" role="alert" {
                        p { strong { (ctx.say(labels::BAD_QUERY)) } }
                        p { (ctx.say(labels::BAD_QUERY_HINT)) }
                        p class="muted small" { (reason.get(ctx.lang)) }
                    }
                }
            }
            Outcome::Results { results, class_titles } => {
                div class="search-layout" {
                    aside class="facets" aria-label=(ctx.say(labels::FILTERS)) {
                        h2 { (ctx.say(labels::FILTERS)) }
                        @for fc in ordered_facets(&results.facets) {
                            (facet_block(ctx, params, fc, class_titles))
                        }
                    }
                    section id="results" class="results" aria-label=(ctx.say(labels::RESULTS_LABEL)) {
                        (results_header(ctx, params, results))
                        @if results.hits.is_empty() {
                            div class="notice" role="status" {
                                p { strong { (ctx.say(labels::NO_RESULTS)) } }
                                p { (ctx.say(labels::NO_RESULTS_HINT)) }
                            }
                        } @else {
                            ol class="hits" start=((params.page - 1) * params.per_page + 1) {
                                @for hit in &results.hits {
                                    li { (hit_card(ctx, hit)) }
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
            ctx.say(facet_value_label(fc.facet, v)).into_owned()
        }
    };
    html! {
        section class="facet" {
            h3 { (ctx.say(facet_label(fc.facet))) }
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
                            @if on { span class="visually-hidden" { (ctx.say(labels::SELECTED)) } }
                            @if let Some(n) = count { span class="count" { (n) } }
                        }
                    }
                }
            }
        }
    }
}

fn results_header(ctx: &Ctx, params: &SearchParams, results: &SearchResults) -> Markup {
    let sorts = [
        (Sort::Relevance, ctx.say(labels::SORT_RELEVANCE)),
        (Sort::NewestFirst, ctx.say(labels::SORT_NEWEST)),
        (Sort::OldestFirst, ctx.say(labels::SORT_OLDEST)),
        (Sort::MostCited, ctx.say(labels::SORT_CITED)),
    ];
    html! {
        div class="results-header" {
            p class="result-count" role="status" { (ctx.say(results_count(results.total))) }
            nav class="sort" aria-label=(ctx.say(labels::SORT_LABEL)) {
                span { (ctx.say(labels::SORT_LABEL)) }
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
            p class="notice ok" { (ctx.say(labels::EXACT_MATCH)) }
        }
        @if !params.filters.is_empty() {
            div class="active-filters" {
                span { (ctx.say(labels::ACTIVE_FILTERS)) }
                @for (f, v) in &params.filters {
                    a class="chip removable" href=(params.toggled(*f, v).href())
                        title=(ctx.say(labels::REMOVE_FILTER)) rel="nofollow" {
                        (ctx.say(facet_label(*f))) ": " (ctx.say(facet_value_label(*f, v)))
                        span aria-hidden="true" { " ×" }
                        span class="visually-hidden" { " " (ctx.say(labels::REMOVE_FILTER)) }
                    }
                }
                a class="clear-filters" href=(params.without_filters().href()) { (ctx.say(labels::CLEAR_FILTERS)) }
            }
        }
    }
}

fn hit_card(ctx: &Ctx, hit: &Hit) -> Markup {
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
    let preferred = match ctx.lang {
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
                        None => span class="hit-title-text muted" { (ctx.say(labels::UNTITLED)) },
                    }
                }
            }
            @if let Some(other) = other_title {
                p class="hit-title-other" { (other) }
            }
            p class="hit-meta" {
                (status_badge(ctx, &hit.legal_status))
                @if !hit.applicants.is_empty() {
                    span class="hit-applicants" { (hit.applicants.join("；")) }
                }
                @if let Some(d) = hit.publication_date {
                    span class="hit-date" { (ctx.say(labels::PUBLICATION_DATE)) " " (d.format("%Y-%m-%d").to_string()) }
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
        nav class="pager" aria-label=(ctx.say(labels::PAGER_LABEL)) {
            @if current > 1 {
                a class="pager-prev" rel="prev" href=(params.with_page(current - 1).href()) { "‹ " (ctx.say(labels::PREV_PAGE)) }
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
                a class="pager-next" rel="next" href=(params.with_page(current + 1).href()) { (ctx.say(labels::NEXT_PAGE)) " ›" }
            }
            span class="page-of muted" { (ctx.say(page_of(current, pages))) }
        }
    }
}
