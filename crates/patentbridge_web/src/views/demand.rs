//! The demand side's pages: the needs list, the need form, a need with its
//! ranked and explained matches and the rating form, a listing's matches
//! (needs, companies, application scenarios), the centres' pipeline and the
//! bulk analysis of a CSV of collected needs.

use maud::{Markup, html};
use patentbridge_domain::demand::{DemandForm, DemandState, FeedbackReason};
use patentbridge_domain::listing::{Industry, ListingMode};
use patentbridge_domain::tianjin;
use patentbridge_storage::{DemandRecord, MatchTarget};

use super::forms::{Errors, Input, button_form, csrf_input, error_summary, field, notice};
use super::market::price_text;
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::Text;
use patentbridge_app::demands::{AnalysedRow, DemandView, ListingMatches, MatchView, Pipeline};
use patentbridge_domain::demand::{MatchReason, shared_terms};

/// `text` with every occurrence of `terms` wrapped in `<mark>`; the
/// longest term wins where two start at the same place. Letters are
/// compared without case.
pub fn highlight(text: &str, terms: &[String]) -> Markup {
    let lower = text.to_lowercase();
    // Lower-casing may change byte lengths (rare outside ASCII); then match as is.
    let hay = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let mut terms: Vec<&str> = terms
        .iter()
        .map(String::as_str)
        .filter(|t| !t.is_empty())
        .collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if let Some(t) = terms.iter().find(|t| hay[i..].starts_with(**t)) {
            let end = i + t.len();
            if text.is_char_boundary(end) {
                if start < i {
                    pieces.push((false, &text[start..i]));
                }
                pieces.push((true, &text[i..end]));
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        pieces.push((false, &text[start..]));
    }
    html! {
        @for (marked, piece) in pieces {
            @if marked { mark { (piece) } } @else { (piece) }
        }
    }
}

fn short(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

fn state_badge(ctx: &Ctx, s: DemandState) -> Markup {
    html! { span class={ "badge state-" (s.as_str()) } data-state=(s.as_str()) { (ctx.say(s.label())) } }
}

fn score_bar(ctx: &Ctx, score: f64) -> Markup {
    let pct = (score * 100.0).round().clamp(0.0, 100.0);
    html! {
        div class="score" title=(ctx.say(Text::new("匹配度", "Match score"))) {
            span class="score-bar" { span class="score-fill" style={ "width:" (pct) "%" } {} }
            span class="score-value" data-score=(format!("{score:.4}")) { (pct) "%" }
        }
    }
}

fn reasons_list(ctx: &Ctx, reasons: &[MatchReason]) -> Markup {
    html! {
        ul class="reasons" {
            @for r in reasons {
                li class={ "reason " @if r.favourable { "good" } @else { "bad" } } data-kind=(r.kind.as_str()) {
                    span aria-hidden="true" { @if r.favourable { "✓ " } @else { "✗ " } }
                    (r.text.get(ctx.lang))
                }
            }
        }
    }
}

fn reason_select(ctx: &Ctx, current: Option<FeedbackReason>) -> Markup {
    html! {
        select name="reason" aria-label=(ctx.say(Text::new("评价理由", "Reason"))) {
            @for r in FeedbackReason::ALL {
                option value=(r.as_str()) selected[current == Some(*r)] { (ctx.say(r.label())) }
            }
        }
    }
}

/// The rating form of one match.
fn rating_form(
    ctx: &Ctx,
    csrf: &str,
    match_id: i64,
    current: Option<FeedbackReason>,
    next: &str,
) -> Markup {
    html! {
        form class="rating" method="post" action={ "/matches/" (match_id) "/feedback" } data-match=(match_id) {
            (csrf_input(csrf))
            input type="hidden" name="next" value=(next);
            label { (ctx.say(Text::new("评价：", "Rate: "))) (reason_select(ctx, current)) }
            input type="text" name="note" placeholder=(ctx.say(Text::new("说明（选“其他”时必填）", "Note (needed for “other”)"))) maxlength="500";
            button type="submit" class="small" { (ctx.say(Text::new("提交评价", "Send rating"))) }
            @if let Some(r) = current {
                span class="muted rated" data-rated=(r.as_str()) { " " (ctx.say(Text::new("已评价：", "Rated: "))) (ctx.say(r.label())) }
            }
        }
    }
}

/// `GET /demands`.
pub fn list(
    ctx: &Ctx,
    mine: &[DemandRecord],
    published: &[DemandRecord],
    may_post: bool,
    may_analyse: bool,
    notice_text: Option<&str>,
) -> Markup {
    let title = ctx.say(Text::new("技术需求", "Technology needs"));
    let table = |rows: &[DemandRecord], show_org: bool| {
        html! {
            table class="table" {
                thead { tr {
                    th { (ctx.say(Text::new("需求", "Need"))) }
                    @if show_org { th { (ctx.say(Text::new("企业", "Enterprise"))) } }
                    th { (ctx.say(Text::new("领域", "Field"))) }
                    th { (ctx.say(Text::new("预算", "Budget"))) }
                    th { (ctx.say(Text::new("状态", "State"))) }
                } }
                tbody {
                    @for d in rows {
                        tr data-demand=(d.id) {
                            td { a href={ "/demands/" (d.id) } { (d.spec.title) } }
                            @if show_org { td { (d.organisation_name_zh) } }
                            td { (ctx.say(d.spec.industry.label())) }
                            td { (ctx.say(d.spec.budget.describe().unwrap_or(Text::new("不限", "open")))) }
                            td { (state_badge(ctx, d.state)) }
                        }
                    }
                }
            }
        }
    };
    let content = html! {
        div class="page-head" {
            h1 { (title) }
            div class="actions" {
                @if may_post { a class="button primary" href="/demands/new" id="new-demand" { (ctx.say(Text::new("发布技术需求", "Post a need"))) } }
                @if may_analyse {
                    a class="button" href="/matches/pipeline" { (ctx.say(Text::new("匹配进展", "Match pipeline"))) }
                    a class="button" href="/demands/analyse" { (ctx.say(Text::new("批量需求分析", "Bulk analysis"))) }
                }
            }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        p class="help" { (ctx.say(Text::new(
            "企业发布技术需求后，平台自动从专利商城和休眠专利池中找出能解决问题的专利，并说明匹配理由。",
            "Once an enterprise posts a need, the platform finds patents in the mall and the dormant pool that answer it, and says why each matches."))) }
        @if may_post {
            section class="card" {
                h2 { (ctx.say(Text::new("我的需求", "My needs"))) }
                @if mine.is_empty() {
                    p class="muted" { (ctx.say(Text::new("还没有发布需求。", "No needs posted yet."))) }
                } @else { (table(mine, false)) }
            }
        }
        section class="card" {
            h2 { (ctx.say(Text::new("已发布的需求", "Published needs"))) }
            @if published.is_empty() {
                p class="muted" { (ctx.say(Text::new("暂无已发布的需求。", "No published needs yet."))) }
            } @else { (table(published, true)) }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

fn mode_checks(ctx: &Ctx, chosen: &[String]) -> Markup {
    html! {
        fieldset class="field" {
            legend { (ctx.say(Text::new("希望的交易方式（可多选，不选为不限）", "Wanted modes (any if none ticked)"))) }
            @for m in ListingMode::ALL {
                label class="check" {
                    input type="checkbox" name="modes" value=(m.as_str()) checked[chosen.iter().any(|c| c == m.as_str())];
                    " " (ctx.say(m.label()))
                }
            }
        }
    }
}

/// `GET /demands/new` and the edit form, with the input kept and errors
/// beside the fields.
pub fn form(
    ctx: &Ctx,
    csrf: &str,
    action: &str,
    f: &DemandForm,
    errors: &Errors,
    editing: bool,
) -> Markup {
    let title = if editing {
        ctx.say(Text::new("修改技术需求", "Edit the need"))
    } else {
        ctx.say(Text::new("发布技术需求", "Post a technology need"))
    };
    let labels = [
        ("title", ctx.say(Text::new("需求标题", "Title"))),
        (
            "problem",
            ctx.say(Text::new("要解决的问题", "Problem to solve")),
        ),
        (
            "product",
            ctx.say(Text::new("产品或工艺", "Product or process")),
        ),
        ("industry", ctx.say(Text::new("所属领域", "Field"))),
        ("ipc", ctx.say(Text::new("分类号", "Classification codes"))),
        (
            "budget_min_yuan",
            ctx.say(Text::new("预算下限（元）", "Lowest budget (yuan)")),
        ),
        (
            "budget_max_yuan",
            ctx.say(Text::new("预算上限（元）", "Highest budget (yuan)")),
        ),
        ("modes", ctx.say(Text::new("交易方式", "Modes"))),
        ("deadline", ctx.say(Text::new("截止日期", "Deadline"))),
        ("district", ctx.say(Text::new("所在区", "District"))),
    ];
    let label = |name: &str| {
        labels
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, l)| l.as_ref())
    };
    let area = |name: &'static str, value: &str, rows: u8, required: bool, hint: &str| {
        let error = errors.of(name);
        html! {
            div class={ "field" @if error.is_some() { " has-error" } } {
                label for={ "f-" (name) } { (label(name)) @if required { span class="required" { " *" } } }
                textarea id={ "f-" (name) } name=(name) rows=(rows) required[required] aria-invalid=[error.map(|_| "true")] { (value) }
                @if !hint.is_empty() { p class="hint" { (hint) } }
                @if let Some(m) = error { p class="field-error" id={ "f-" (name) "-error" } { (m) } }
            }
        }
    };
    let content = html! {
        div class="page-head" { h1 { (title) } }
        (error_summary(ctx, errors, &labels))
        form method="post" action=(action) class="form wide" id="demand-form" {
            (csrf_input(csrf))
            (field(ctx, Input::text("title", label("title"), &f.title).required()
                .hint(&ctx.say(Text::new("一句话说明需要什么技术，例如：电动叉车电池热失控预警", "One line, e.g. early warning of battery thermal runaway in electric forklifts"))), errors))
            (area("problem", &f.problem, 5, true, &ctx.say(Text::new("现在遇到的问题、希望达到的指标，中英文均可", "The problem today and the targets; Chinese or English"))))
            (area("product", &f.product, 2, false, &ctx.say(Text::new("技术将用于哪种产品或工艺", "The product or process the technology goes into"))))
            div class={ "field" @if errors.of("industry").is_some() { " has-error" } } {
                label for="f-industry" { (label("industry")) }
                select id="f-industry" name="industry" {
                    @for i in Industry::ALL {
                        option value=(i.as_str()) selected[f.industry == i.as_str()] { (ctx.say(i.label())) }
                    }
                }
                @if let Some(m) = errors.of("industry") { p class="field-error" { (m) } }
            }
            (field(ctx, Input::text("ipc", label("ipc"), &f.ipc).hint(&ctx.say(Text::new("选填，例如 H01M10/44；知道时可提高匹配精度", "Optional, e.g. H01M10/44; sharpens matching"))), errors))
            div class="grid2" {
                (field(ctx, Input::text("budget_min_yuan", label("budget_min_yuan"), &f.budget_min_yuan).hint(&ctx.say(Text::new("选填", "Optional"))), errors))
                (field(ctx, Input::text("budget_max_yuan", label("budget_max_yuan"), &f.budget_max_yuan).hint(&ctx.say(Text::new("选填", "Optional"))), errors))
            }
            (mode_checks(ctx, &f.modes))
            @if let Some(m) = errors.of("modes") { p class="field-error" { (m) } }
            div class="grid2" {
                (field(ctx, Input::text("deadline", label("deadline"), &f.deadline).kind("date"), errors))
                div class={ "field" @if errors.of("district").is_some() { " has-error" } } {
                    label for="f-district" { (label("district")) }
                    select id="f-district" name="district" {
                        option value="" { (ctx.say(Text::new("不限", "Any"))) }
                        @for d in tianjin::DISTRICTS {
                            option value=(d.code) selected[f.district == d.code.to_string()] { (ctx.say(d.name())) }
                        }
                    }
                    @if let Some(m) = errors.of("district") { p class="field-error" { (m) } }
                }
            }
            div class="actions" {
                @if editing {
                    button type="submit" class="primary" { (ctx.say(Text::new("保存", "Save"))) }
                } @else {
                    button type="submit" name="publish" value="1" class="primary" id="publish-demand" { (ctx.say(Text::new("发布并匹配", "Publish and match"))) }
                    button type="submit" name="publish" value="0" { (ctx.say(Text::new("保存草稿", "Save as draft"))) }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

fn match_card(ctx: &Ctx, csrf: &str, rank: usize, m: &MatchView, rate: bool, next: &str) -> Markup {
    let terms = shared_terms(&m.reasons);
    let (href, kind_label, kind) = match m.target {
        MatchTarget::Listing(id) => (
            format!("/mall/listings/{id}"),
            ctx.say(Text::new("挂牌", "Listing")),
            "listing",
        ),
        MatchTarget::Patent(_) => (
            format!("/patents/{}", m.patent_number.clone().unwrap_or_default()),
            ctx.say(Text::new("休眠专利", "Dormant patent")),
            "patent",
        ),
    };
    html! {
        section class="card match" data-match=(m.match_id) data-rank=(rank) data-kind=(kind) {
            div class="match-head" {
                span class="rank" { "#" (rank) }
                h3 { a href=(href) class="match-title" { (highlight(&m.title, &terms)) } }
                span class="badge" { (kind_label) }
                (score_bar(ctx, m.score))
            }
            @if let Some(l) = &m.listing {
                p class="summary" { (highlight(&short(&l.spec.problem, 160), &terms)) }
                p class="muted" {
                    (l.owner_name_zh) " · " (ctx.say(l.spec.mode.label()))
                    " · " (price_text(ctx, &l.spec.price))
                }
            } @else if let Some(owner) = &m.owner_name_zh {
                p class="muted" { (owner) }
            }
            (reasons_list(ctx, &m.reasons))
            @if rate { (rating_form(ctx, csrf, m.match_id, m.seeker_feedback, next)) }
        }
    }
}

/// `GET /demands/{id}`.
pub fn detail(
    ctx: &Ctx,
    csrf: &str,
    v: &DemandView,
    may_rate: bool,
    notice_text: Option<&str>,
) -> Markup {
    let d = &v.demand;
    let s = &d.spec;
    let here = format!("/demands/{}", d.id);
    let event = |event: &str, label: &str, class: &str| {
        button_form(
            &format!("{here}/transitions"),
            csrf,
            &[("event", event)],
            label,
            class,
        )
    };
    let content = html! {
        div class="page-head" {
            h1 { (s.title) " " (state_badge(ctx, d.state)) }
            @if v.is_seeker {
                div class="actions" {
                    @match d.state {
                        DemandState::Draft => {
                            a class="button" href={ (here) "/edit" } { (ctx.say(Text::new("修改", "Edit"))) }
                            (event("publish", &ctx.say(Text::new("发布并匹配", "Publish and match")), "primary"))
                            (event("close", &ctx.say(Text::new("关闭", "Close")), ""))
                        }
                        DemandState::Published => {
                            a class="button" href={ (here) "/edit" } { (ctx.say(Text::new("修改", "Edit"))) }
                            (event("match", &ctx.say(Text::new("已找到，标记为已对接", "Found it: mark matched")), ""))
                            (event("close", &ctx.say(Text::new("关闭", "Close")), ""))
                        }
                        DemandState::Matched => {
                            (event("reopen", &ctx.say(Text::new("重新发布", "Reopen")), ""))
                            (event("close", &ctx.say(Text::new("关闭", "Close")), ""))
                        }
                        DemandState::Closed => {}
                    }
                }
            }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        section class="card" {
            dl class="facts" {
                dt { (ctx.say(Text::new("企业", "Enterprise"))) } dd { (d.organisation_name_zh) }
                dt { (ctx.say(Text::new("要解决的问题", "Problem"))) } dd { (s.problem) }
                @if !s.product.is_empty() { dt { (ctx.say(Text::new("产品或工艺", "Product or process"))) } dd { (s.product) } }
                dt { (ctx.say(Text::new("领域", "Field"))) } dd { (ctx.say(s.industry.label())) }
                @if !s.ipc.is_empty() { dt { (ctx.say(Text::new("分类号", "Classification"))) } dd { (s.ipc.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")) } }
                dt { (ctx.say(Text::new("预算", "Budget"))) } dd { (ctx.say(s.budget.describe().unwrap_or(Text::new("不限", "open")))) }
                dt { (ctx.say(Text::new("交易方式", "Modes"))) } dd {
                    @if s.modes.is_empty() { (ctx.say(Text::new("不限", "any"))) }
                    @else { (s.modes.iter().map(|m| ctx.say(m.label())).collect::<Vec<_>>().join("、")) }
                }
                @if let Some(dl) = s.deadline { dt { (ctx.say(Text::new("截止日期", "Deadline"))) } dd { (dl.to_string()) } }
                @if let Some(r) = s.district { dt { (ctx.say(Text::new("所在区", "District"))) } dd { (ctx.say(r.name().unwrap_or_else(|| Text::same(r.value().to_string())))) } }
            }
        }
        @if d.state == DemandState::Draft {
            p class="muted" { (ctx.say(Text::new("草稿不会被匹配；发布后平台立即给出推荐。", "Drafts are not matched; recommendations appear once published."))) }
        } @else if v.is_seeker || !v.matches.is_empty() {
            h2 { (ctx.say(Text::new("推荐的专利与挂牌", "Recommended patents and listings"))) }
            p class="help" { (ctx.say(Text::new(
                "按匹配度排序；黄色标出与需求相同的关键词。评价会影响今后的推荐。",
                "Ranked by match score; words shared with your need are highlighted. Your ratings shape later recommendations."))) }
            @if v.matches.is_empty() {
                p class="muted" id="no-matches" { (ctx.say(Text::new("暂未找到匹配的专利。需求发布期间，新挂牌匹配时会通知您。", "No matching patents yet. You will be told when a new listing matches."))) }
            }
            div id="matches" {
                @for (i, m) in v.matches.iter().enumerate() {
                    (match_card(ctx, csrf, i + 1, m, may_rate, &here))
                }
            }
        }
        details class="card" {
            summary { (ctx.say(Text::new("记录", "History"))) }
            ul {
                @for t in &v.history {
                    li { (t.at.format("%Y-%m-%d %H:%M").to_string()) " · " (t.event) " → " (t.to_state)
                        @if let Some(u) = &t.user_name { " · " (u) } }
                }
            }
        }
    };
    layout(ctx, &s.title, Nav::None, content)
}

/// `GET /listings/{id}/matches`.
pub fn listing_matches(
    ctx: &Ctx,
    csrf: &str,
    m: &ListingMatches,
    may_rate: bool,
    notice_text: Option<&str>,
) -> Markup {
    let l = &m.listing;
    let title = ctx.say(Text::new("定向推荐", "Who could use it"));
    let here = format!("/listings/{}/matches", l.id);
    let content = html! {
        div class="page-head" {
            h1 { (title) " · " (l.spec.title) }
            a class="button" href={ "/listings/" (l.id) } { (ctx.say(Text::new("返回挂牌", "Back to the listing"))) }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        div class="grid2" {
            section class="card" id="scenarios" {
                h2 { (ctx.say(Text::new("应用场景", "Application scenarios"))) }
                h3 { (ctx.say(Text::new("产业", "Industries"))) }
                ul { @for (_, name) in &m.industries { li { (name.get(ctx.lang)) } } }
                h3 { (ctx.say(Text::new("产品类型", "Product types"))) }
                @if m.product_types.is_empty() { p class="muted" { (ctx.say(Text::new("无", "None found"))) } }
                ul { @for t in &m.product_types { li { (t.get(ctx.lang)) } } }
            }
            section class="card" id="companies" {
                h2 { (ctx.say(Text::new("可能需要的企业", "Companies that could use it"))) }
                @if m.companies.is_empty() { p class="muted" { (ctx.say(Text::new("暂无", "None yet"))) } }
                ul {
                    @for c in &m.companies {
                        li { a href={ "/organisations/" (c.organisation_id) } { (c.name_zh) } " — " (c.because.get(ctx.lang)) }
                    }
                }
            }
        }
        h2 { (ctx.say(Text::new("匹配的企业需求", "Matching enterprise needs"))) }
        @if m.needs.is_empty() {
            p class="muted" { (ctx.say(Text::new("暂无匹配的已发布需求。", "No published need matches yet."))) }
        }
        @for (i, n) in m.needs.iter().enumerate() {
            @let terms = shared_terms(&n.reasons);
            section class="card match" data-match=(n.match_id) {
                div class="match-head" {
                    span class="rank" { "#" (i + 1) }
                    h3 { a href={ "/demands/" (n.demand_id) } { (highlight(&n.demand_title, &terms)) } }
                    span class="muted" { (n.seeker_name_zh) }
                    (score_bar(ctx, n.score))
                }
                (reasons_list(ctx, &n.reasons))
                @if may_rate { (rating_form(ctx, csrf, n.match_id, n.owner_feedback, &here)) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// `GET /matches/pipeline`.
pub fn pipeline(ctx: &Ctx, p: &Pipeline) -> Markup {
    let title = ctx.say(Text::new("匹配进展", "Match pipeline"));
    let chosen = p.industry.map(|i| i.as_str()).unwrap_or("all");
    let content = html! {
        div class="page-head" { h1 { (title) } }
        form method="get" action="/matches/pipeline" class="inline-form" {
            label { (ctx.say(Text::new("产业：", "Industry: ")))
                select name="industry" {
                    option value="all" selected[chosen == "all"] { (ctx.say(Text::new("全部", "All"))) }
                    @for i in Industry::ALL { option value=(i.as_str()) selected[chosen == i.as_str()] { (ctx.say(i.label())) } }
                }
            }
            " " button type="submit" class="small" { (ctx.say(Text::new("查看", "Show"))) }
        }
        div class="grid2" {
            section class="card" id="feedback-reasons" {
                h2 { (ctx.say(Text::new("评价理由", "Feedback reasons"))) }
                @if p.feedback.is_empty() { p class="muted" { (ctx.say(Text::new("还没有评价。", "No ratings yet."))) } }
                table class="table" {
                    tbody {
                        @for f in &p.feedback {
                            tr data-reason=(f.reason.as_str()) {
                                td { (ctx.say(f.reason.label())) }
                                td { (ctx.say(f.side.label())) }
                                td class="num" { (f.count) }
                            }
                        }
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("概况", "Overview"))) }
                p { (ctx.say(Text::new("匹配数：", "Matches: "))) strong { (p.matches.len()) } }
                p { (ctx.say(Text::new("已推送：", "Pushed: "))) strong { (p.matches.iter().filter(|m| m.pushed_at.is_some()).count()) } }
                p { (ctx.say(Text::new("已评价：", "Rated: "))) strong { (p.matches.iter().filter(|m| m.seeker_feedback.is_some() || m.owner_feedback.is_some()).count()) } }
            }
        }
        table class="table" id="pipeline" {
            thead { tr {
                th { (ctx.say(Text::new("需求", "Need"))) } th { (ctx.say(Text::new("企业", "Enterprise"))) }
                th { (ctx.say(Text::new("推荐", "Recommended"))) } th { (ctx.say(Text::new("权利人", "Owner"))) }
                th { (ctx.say(Text::new("匹配度", "Score"))) } th { (ctx.say(Text::new("评价", "Rating"))) }
            } }
            tbody {
                @for m in &p.matches {
                    tr {
                        td { a href={ "/demands/" (m.demand_id) } { (m.demand_title) } }
                        td { (m.seeker_name_zh) }
                        td { @match m.target {
                            MatchTarget::Listing(id) => { a href={ "/mall/listings/" (id) } { (m.target_title) } }
                            MatchTarget::Patent(_) => { (m.target_title) }
                        } }
                        td { (m.owner_name_zh.clone().unwrap_or_default()) }
                        td class="num" { (format!("{:.0}%", m.score * 100.0)) }
                        td {
                            @if let Some(r) = m.seeker_feedback { (ctx.say(r.label())) }
                            @if let Some(r) = m.owner_feedback { " / " (ctx.say(r.label())) }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// `GET /demands/analyse` and its results.
pub fn analyse(ctx: &Ctx, csrf: &str, rows: Option<&[AnalysedRow]>, errors: &Errors) -> Markup {
    let title = ctx.say(Text::new("批量需求分析", "Bulk analysis of needs"));
    let content = html! {
        div class="page-head" { h1 { (title) } }
        p class="help" { (ctx.say(Text::new(
            "上传区里收集的企业需求表（UTF-8 CSV，第一行为表头：企业名称、需求标题、问题描述、产品或工艺、所属领域、分类号、预算下限、预算上限、交易方式、截止日期、所在区；需求标题和问题描述必填）。每条需求列出最匹配的 5 项，不保存任何数据。",
            "Upload the enterprise needs a district collected (UTF-8 CSV with a header row: enterprise, title, problem, product, industry, ipc, budget_min, budget_max, modes, deadline, district; title and problem required). Each need gets its five best matches; nothing is stored."))) }
        @if let Some(m) = errors.of("file") { (notice("bad", m)) }
        form method="post" action="/demands/analyse" enctype="multipart/form-data" class="form" {
            (csrf_input(csrf))
            div class="field" {
                label for="f-file" { (ctx.say(Text::new("需求表（CSV）", "Needs (CSV)"))) }
                input id="f-file" type="file" name=(crate::forms::FILE_FIELD) accept=".csv,text/csv" required;
            }
            button type="submit" class="primary" { (ctx.say(Text::new("分析", "Analyse"))) }
        }
        @if let Some(rows) = rows {
            table class="table" id="analysis" {
                thead { tr { th { (ctx.say(Text::new("行", "Line"))) } th { (ctx.say(Text::new("企业", "Enterprise"))) } th { (ctx.say(Text::new("需求", "Need"))) } th { (ctx.say(Text::new("最匹配的专利与挂牌", "Best matches"))) } } }
                tbody {
                    @for r in rows {
                        tr data-line=(r.line) {
                            td class="num" { (r.line) }
                            td { (r.enterprise) }
                            td { (r.title) }
                            td {
                                @match &r.result {
                                    Ok(ranked) if ranked.is_empty() => { span class="muted" { (ctx.say(Text::new("未找到", "none found"))) } }
                                    Ok(ranked) => {
                                        ol { @for m in ranked {
                                            li {
                                                @match m.target {
                                                    MatchTarget::Listing(id) => { a href={ "/mall/listings/" (id) } { (m.title) } }
                                                    MatchTarget::Patent(_) => { (m.title) }
                                                }
                                                " " span class="muted" { (format!("{:.0}%", m.score * 100.0)) }
                                            }
                                        } }
                                    }
                                    Err(errors) => {
                                        ul class="field-error" { @for e in errors { li { (e.field) "：" (e.message.get(ctx.lang)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
