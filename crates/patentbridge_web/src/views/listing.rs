//! The listing pages: the patent mall with its facets, a listing's public
//! page, the owner's form, list and management page, and the operation
//! centres' review queue.

use std::borrow::Cow;

use maud::{Markup, html};
use patentbridge_domain::listing::{
    Industry, ListingForm, ListingMode, ListingState, Price, PriceModelKind, RoyaltyBasis, Trl,
};
use patentbridge_storage::{
    ListingPage, ListingRecord, ListingTransition, OrganisationRecord, PRICE_BANDS,
};

use super::forms::{Errors, button_form, csrf_input, error_summary, notice};
use super::{Nav, layout, status_badge};
use crate::i18n::Ctx;
use crate::i18n::{Text, text};
use crate::listing_params::{MallParams, PER_PAGE};

/// The price as a buyer reads it.
pub fn price_text(ctx: &Ctx, price: &Price) -> String {
    match price {
        Price::Fixed(f) => f.to_string(),
        Price::Negotiable { reference: Some(f) } => {
            format!(
                "{}（{} {f}）",
                ctx.say(Text::new("面议", "Negotiable")),
                ctx.say(Text::new("参考价", "reference"))
            )
        }
        Price::Negotiable { reference: None } => {
            ctx.say(Text::new("面议", "Negotiable")).to_string()
        }
        Price::ZeroPriceFirst => ctx
            .say(Text::new("0 元（首件专利）", "¥0 (first patent)"))
            .to_string(),
        Price::UseFirstPayLater {
            free_months,
            royalty,
        } => {
            let royalty = royalty.describe();
            let (zh, en) = (royalty.zh(), royalty.en());
            ctx.say(text!(
                "先免费使用 {free_months} 个月，之后按{zh}缴费",
                "free for {free_months} months, then {en}"
            ))
            .into_owned()
        }
    }
}

/// What a buyer pays: the open-licence terms for an open licence, else the price.
pub fn offer_text(ctx: &Ctx, spec: &patentbridge_domain::listing::ListingSpec) -> String {
    match &spec.open_licence {
        Some(t) => ctx.say(t.payment.describe()).into_owned(),
        None => price_text(ctx, &spec.price),
    }
}

fn state_badge(ctx: &Ctx, state: ListingState) -> Markup {
    html! { span class={ "badge listing-" (state.as_str()) } { (ctx.say(state.label())) } }
}

fn mode_label(ctx: &Ctx, m: ListingMode) -> Cow<'static, str> {
    ctx.say(m.label())
}

fn owner_name<'a>(ctx: &Ctx, l: &'a ListingRecord) -> &'a str {
    match (&l.owner_name_en, ctx.lang.is_zh()) {
        (Some(en), false) => en,
        _ => &l.owner_name_zh,
    }
}

fn district_name(ctx: &Ctx, code: &str) -> String {
    patentbridge_domain::RegionCode::parse(code)
        .ok()
        .and_then(|r| r.name())
        .map(|name| ctx.say(name).into_owned())
        .unwrap_or_else(|| code.to_string())
}

/// One listing as a card in the mall, favourites and queues.
pub fn card(ctx: &Ctx, l: &ListingRecord, href: &str) -> Markup {
    let s = &l.spec;
    html! {
        li class="hit listing-card" {
            h3 class="hit-title" { a href=(href) { (s.title) } }
            p class="hit-meta" {
                span class="badge mode" { (mode_label(ctx, s.mode)) }
                span class="price" { (offer_text(ctx, s)) }
                span { (ctx.say(Text::new("技术成熟度", "TRL"))) " " (s.trl.level()) }
                span { (ctx.say(s.industry.label())) }
                span { (owner_name(ctx, l)) }
                @if let Some(d) = &l.district { span { (district_name(ctx, d)) } }
            }
            p class="snippet" { (truncate(&s.problem, 120)) }
            p class="hit-meta" {
                @for p in &l.patents {
                    span class="hit-number" { (p.number) }
                }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The patent mall.
pub fn mall(
    ctx: &Ctx,
    params: &MallParams,
    page: &ListingPage,
    owner_name_of: &dyn Fn(i64) -> String,
) -> Markup {
    let f = &page.facets;
    let facet = |title: &str, name: &str, values: Vec<(String, String, i64)>| {
        let current = params
            .pairs()
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v);
        html! {
            @if !values.is_empty() {
                section class="facet" data-facet=(name) {
                    h3 { (title) }
                    ul {
                        @for (value, label, n) in &values {
                            @let on = current.as_deref() == Some(value.as_str());
                            li {
                                a class={ "facet-link" @if on { " on" } }
                                  href=(if on { params.href_with(name, None) } else { params.href_with(name, Some(value)) }) {
                                    span class="box" aria-hidden="true" { @if on { "☑" } @else { "☐" } }
                                    span class="facet-label" { (label) }
                                    span class="count" { (n) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let coded =
        |values: &[(String, i64)], label: &dyn Fn(&str) -> String| -> Vec<(String, String, i64)> {
            values
                .iter()
                .map(|(v, n)| (v.clone(), label(v), *n))
                .collect()
        };
    let mode_l = |v: &str| {
        ListingMode::parse(v)
            .map(|m| mode_label(ctx, m).to_string())
            .unwrap_or(v.to_string())
    };
    let pm_l = |v: &str| {
        PriceModelKind::parse(v)
            .map(|m| ctx.say(m.label()).to_string())
            .unwrap_or(v.to_string())
    };
    let ind_l = |v: &str| {
        Industry::parse(v)
            .map(|m| ctx.say(m.label()).to_string())
            .unwrap_or(v.to_string())
    };
    let band_l = |v: &str| band_label(ctx, v);
    let ipc_l = |v: &str| format!("{v} {}", ctx.say(ipc_section_name(v)));
    let dist_l = |v: &str| district_name(ctx, v);
    let pages = (page.total + PER_PAGE - 1) / PER_PAGE;
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("专利商城", "Patent mall"))) }
            p class="lead" { (ctx.say(Text::new("高校、科研院所和国有企业的专利：转让、许可、开放许可和作价入股。", "Patents of universities, institutes and state-owned enterprises: transfer, licence, open licence and equity."))) }
        }
        form class="search-form" action="/mall" method="get" role="search" {
            label class="visually-hidden" for="mall-q" { (ctx.say(Text::new("搜索挂牌", "Search listings"))) }
            input id="mall-q" name="q" type="search" value=(params.q) placeholder=(ctx.say(Text::new("技术、问题、专利号…", "Technology, problem, patent number…")));
            @for (k, v) in params.pairs() { @if k != "q" { input type="hidden" name=(k) value=(v); } }
            button id="mall-search" type="submit" { (ctx.say(Text::new("搜索", "Search"))) }
        }
        div class="search-layout" {
            aside class="facets" aria-label=(ctx.say(Text::new("筛选", "Filters"))) {
                h2 { (ctx.say(Text::new("筛选", "Filters"))) }
                (facet(&ctx.say(Text::new("交易方式", "Mode")), "mode", coded(&f.mode, &mode_l)))
                (facet(&ctx.say(Text::new("价格方式", "Price model")), "price_model", coded(&f.price_model, &pm_l)))
                (facet(&ctx.say(Text::new("价格区间", "Price range")), "price", coded(&bands_in_order(&f.price_band), &band_l)))
                (facet(&ctx.say(Text::new("产业", "Industry")), "industry", coded(&f.industry, &ind_l)))
                (facet(&ctx.say(Text::new("IPC 部", "IPC section")), "ipc", coded(&f.ipc_section, &ipc_l)))
                (facet(&ctx.say(Text::new("技术成熟度", "Readiness (TRL)")), "trl", f.trl.iter().map(|(t, n)| {
                    let label = Trl::new(*t as u8).map(|t| ctx.say(t.label()).to_string()).unwrap_or(t.to_string());
                    (t.to_string(), label, *n)
                }).collect()))
                (facet(&ctx.say(Text::new("权利人", "Owner")), "owner", f.owner.iter().map(|(id, _, n)| (id.to_string(), owner_name_of(*id), *n)).collect()))
                (facet(&ctx.say(Text::new("所在区", "District")), "district", coded(&f.district, &dist_l)))
            }
            section id="results" class="results" {
                div class="results-header" {
                    p class="result-count" id="listing-count" {
                        (ctx.say(Text::new("共 ", ""))) (page.total) (ctx.say(Text::new(" 项挂牌", " listings")))
                    }
                    @if !params.pairs().is_empty() {
                        a class="clear-filters" href="/mall" { (ctx.say(Text::new("清除全部条件", "Clear all"))) }
                    }
                }
                @if page.items.is_empty() {
                    div class="notice" role="status" {
                        p { strong { (ctx.say(Text::new("没有符合条件的挂牌。", "No listings match."))) } }
                        p { (ctx.say(Text::new("请减少筛选条件或换一个词。", "Remove a filter or try other words."))) }
                    }
                } @else {
                    ol class="hits" {
                        @for l in &page.items { (card(ctx, l, &format!("/mall/listings/{}", l.id))) }
                    }
                }
                @if pages > 1 {
                    nav class="pager" aria-label=(ctx.say(Text::new("分页", "Pages"))) {
                        @for p in 1..=pages.min(50) {
                            @if p == params.page { span class="current" { (p) } }
                            @else { a class="page" href=(params.href_page(p)) { (p) } }
                        }
                    }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("专利商城", "Patent mall")),
        Nav::None,
        content,
    )
}

fn band_label(ctx: &Ctx, band: &str) -> String {
    let label = match band {
        "0" => Text::new("0 元", "¥0"),
        "1-100000" => Text::new("10 万元以下", "Up to ¥100k"),
        "100001-500000" => Text::new("10–50 万元", "¥100k–500k"),
        "500001-1000000" => Text::new("50–100 万元", "¥500k–1m"),
        "1000001-" => Text::new("100 万元以上", "Over ¥1m"),
        other => Text::same(other),
    };
    ctx.say(label).into_owned()
}

/// The price bands in their own order (cheapest first), not by count.
fn bands_in_order(values: &[(String, i64)]) -> Vec<(String, i64)> {
    PRICE_BANDS
        .iter()
        .filter_map(|(b, _, _)| values.iter().find(|(v, _)| v == b).cloned())
        .collect()
}

/// Short names of the IPC sections, for the mall's filter.
fn ipc_section_name(section: &str) -> Text {
    match section {
        "A" => Text::new("人类生活必需", "Human necessities"),
        "B" => Text::new("作业；运输", "Operations; transport"),
        "C" => Text::new("化学；冶金", "Chemistry; metallurgy"),
        "D" => Text::new("纺织；造纸", "Textiles; paper"),
        "E" => Text::new("固定建筑物", "Fixed constructions"),
        "F" => Text::new("机械工程", "Mechanical engineering"),
        "G" => Text::new("物理", "Physics"),
        "H" => Text::new("电学", "Electricity"),
        _ => Text::new("", ""),
    }
}

/// What the public listing page may offer the visitor.
pub struct DetailView<'a> {
    pub listing: &'a ListingRecord,
    pub csrf: &'a str,
    pub signed_in: bool,
    pub can_want: bool,
    pub is_favourite: bool,
    pub can_manage: bool,
    pub notice: Option<&'a str>,
}

fn facts_of(ctx: &Ctx, l: &ListingRecord) -> Markup {
    let s = &l.spec;
    html! {
        dl class="facts" {
            dt { (ctx.say(Text::new("交易方式", "Mode"))) } dd { (mode_label(ctx, s.mode)) }
            @if s.open_licence.is_none() { dt { (ctx.say(Text::new("价格", "Price"))) } dd class="price" { (price_text(ctx, &s.price)) } }
            @if let Some(t) = &s.open_licence {
                dt { (ctx.say(Text::new("开放许可使用费", "Open-licence fee"))) } dd { (ctx.say(t.payment.describe())) }
                dt { (ctx.say(Text::new("许可期限", "Licence term"))) } dd { (t.term_years) (ctx.say(Text::new(" 年", " years"))) }
                @if let Some(r) = &t.evaluation_report {
                    dt { (ctx.say(Text::new("专利权评价报告", "Evaluation report"))) } dd { (r) }
                }
            }
            dt { (ctx.say(Text::new("技术成熟度", "Readiness (GB/T 22900)"))) } dd { (ctx.say(s.trl.label())) }
            dt { (ctx.say(Text::new("产业", "Industry"))) } dd { (ctx.say(s.industry.label())) }
            @if let Some(c) = &l.ipc_class { dt { "IPC" } dd { (c) } }
            dt { (ctx.say(Text::new("权利人", "Owner"))) } dd { a href={ "/organisations/" (l.organisation_id) } { (owner_name(ctx, l)) } }
            @if let Some(d) = &l.district { dt { (ctx.say(Text::new("所在区", "District"))) } dd { (district_name(ctx, d)) } }
            dt { (ctx.say(Text::new("联系人", "Contact broker"))) } dd { (s.broker.name) " · " (s.broker.phone) }
        }
    }
}

fn content_of(ctx: &Ctx, l: &ListingRecord) -> Markup {
    let s = &l.spec;
    html! {
        section class="card" {
            h2 { (ctx.say(Text::new("解决的问题", "The problem solved"))) }
            p { (s.problem) }
            h2 { (ctx.say(Text::new("量化优势", "Quantified advantages"))) }
            p { (s.advantages) }
            h2 { (ctx.say(Text::new("应用场景", "Application scenarios"))) }
            p { (s.scenarios) }
        }
        section class="card" {
            h2 { (ctx.say(Text::new("专利", "Patents"))) " (" (l.patents.len()) ")" }
            table class="table" {
                thead { tr { th { (ctx.say(Text::new("专利号", "Number"))) } th { (ctx.say(Text::new("名称", "Title"))) } th { (ctx.say(Text::new("类型", "Type"))) } th { (ctx.say(Text::new("法律状态", "Legal status"))) } } }
                tbody {
                    @for p in &l.patents {
                        tr {
                            td class="nowrap" { a href={ "/patents/" (p.number) } { (p.number) } }
                            td { (if ctx.lang.is_zh() { p.title_zh.as_deref().or(p.title_en.as_deref()) } else { p.title_en.as_deref().or(p.title_zh.as_deref()) }.unwrap_or("—")) }
                            td { (ctx.say(p.patent_type.label())) }
                            td { (status_badge(ctx, p.legal_status.as_str())) }
                        }
                    }
                }
            }
        }
    }
}

/// A listing's public page in the mall.
pub fn detail(ctx: &Ctx, v: &DetailView<'_>) -> Markup {
    let l = v.listing;
    let next = format!("/mall/listings/{}", l.id);
    let content = html! {
        nav class="breadcrumb" { a href="/mall" { (ctx.say(Text::new("专利商城", "Patent mall"))) } " › " (l.spec.title) }
        @if let Some(n) = v.notice { (notice("ok", n)) }
        @if l.state != ListingState::Published {
            (notice("warn", &format!("{}{}", ctx.say(Text::new("此挂牌当前未在商城展示：", "This listing is not shown in the mall: ")),
                l.pause_reason.map(|r| ctx.say(r.label())).unwrap_or(ctx.say(l.state.label())))))
        }
        div class="patent-header" {
            h1 id="listing-title" { (l.spec.title) }
            p { span class="badge mode" { (mode_label(ctx, l.spec.mode)) } " " (state_badge(ctx, l.state)) }
        }
        div class="grid2" {
            section class="card" { (facts_of(ctx, l)) }
            section class="card" {
                h2 { (ctx.say(Text::new("有意向？", "Interested?"))) }
                @if v.can_want {
                    form method="post" action={ "/mall/listings/" (l.id) "/want" } class="stack" {
                        (csrf_input(v.csrf))
                        label for="want-message" { (ctx.say(Text::new("留言（需求、用途、联系方式）", "Message (your need, intended use, contact)"))) }
                        textarea id="want-message" name="message" rows="3" {}
                        button type="submit" class="button primary" id="want-this" { (ctx.say(Text::new("我想要", "Want this"))) }
                    }
                    @if l.spec.mode == ListingMode::OpenLicence {
                        h3 { (ctx.say(Text::new("接受开放许可", "Take the open licence"))) }
                        p class="hint" { (ctx.say(Text::new(
                            "书面通知权利人并按公告的条件付款，许可即时生效（《专利法》第五十一条），无需洽谈。",
                            "Notify the owner in writing and pay on the declared terms: the licence takes effect at once (Patent Law art. 51), without negotiation."))) }
                        form method="post" action={ "/mall/listings/" (l.id) "/accept-open-licence" } class="stack" id="accept-open-licence" {
                            (csrf_input(v.csrf))
                            label for="payment-reference" { (ctx.say(Text::new("付款凭证号", "Payment reference"))) }
                            input id="payment-reference" name="payment_reference" type="text" required;
                            label for="paid-yuan" { (ctx.say(Text::new("已付金额（元）", "Amount paid (yuan)"))) }
                            input id="paid-yuan" name="paid_yuan" type="text";
                            button type="submit" class="button primary" { (ctx.say(Text::new("提交实施通知", "Send the notice"))) }
                        }
                    } @else {
                        form method="post" action={ "/mall/listings/" (l.id) "/deal" } class="stack" id="open-deal" {
                            (csrf_input(v.csrf))
                            label for="deal-message" { (ctx.say(Text::new("发起交易洽谈（留言）", "Open a deal (message)"))) }
                            textarea id="deal-message" name="message" rows="2" {}
                            button type="submit" class="button" id="start-deal" { (ctx.say(Text::new("发起交易", "Start a deal"))) }
                        }
                    }
                } @else if !v.signed_in {
                    p { (ctx.say(Text::new("认证的中小企业登录后可以提出意向。", "Verified SMEs sign in to ask for this patent."))) }
                    a class="button primary" href={ "/sign-in?next=" (crate::search_params::encode(&next)) } { (ctx.say(Text::new("登录后提出意向", "Sign in to ask"))) }
                } @else {
                    p class="muted" { (ctx.say(Text::new("只有已认证中小企业的成员可以提出意向。", "Only members of a verified SME can ask for a patent."))) }
                }
                @if v.signed_in {
                    p {
                        @if v.is_favourite {
                            (button_form(&format!("/mall/listings/{}/unfavourite", l.id), v.csrf, &[("next", &next)], &ctx.say(Text::new("★ 已收藏（取消）", "★ Saved (remove)")), "button small"))
                        } @else {
                            (button_form(&format!("/mall/listings/{}/favourite", l.id), v.csrf, &[("next", &next)], &ctx.say(Text::new("☆ 收藏", "☆ Save")), "button small"))
                        }
                    }
                }
                p { a href={ "/mall/compare?ids=" (l.id) } { (ctx.say(Text::new("加入对比", "Compare"))) } }
                @if v.can_manage { p { a href={ "/listings/" (l.id) } { (ctx.say(Text::new("管理此挂牌", "Manage this listing"))) } } }
            }
        }
        (content_of(ctx, l))
    };
    layout(ctx, &l.spec.title, Nav::None, content)
}

/// The owner's form for a new listing or a draft.
pub fn form_page(
    ctx: &Ctx,
    csrf: &str,
    action: &str,
    heading: &str,
    f: &ListingForm,
    errors: &Errors,
    org: &OrganisationRecord,
) -> Markup {
    let err = |name: &str| {
        errors
            .of(name)
            .map(|m| html! { p class="field-error" id={ (name) "-error" } { (m) } })
    };
    let text = |name: &'static str, label: &str, value: &str, hint: Option<&str>| {
        html! {
            div class={ "field" @if errors.of(name).is_some() { " has-error" } } {
                label for=(name) { (label) }
                input id=(name) name=(name) type="text" value=(value) aria-invalid=[errors.of(name).map(|_| "true")];
                @if let Some(h) = hint { p class="hint" { (h) } }
                (err(name).unwrap_or_default())
            }
        }
    };
    let area = |name: &'static str, label: &str, value: &str, hint: &str| {
        html! {
            div class={ "field" @if errors.of(name).is_some() { " has-error" } } {
                label for=(name) { (label) }
                textarea id=(name) name=(name) rows="3" aria-invalid=[errors.of(name).map(|_| "true")] { (value) }
                p class="hint" { (hint) }
                (err(name).unwrap_or_default())
            }
        }
    };
    let select =
        |name: &'static str, label: &str, current: &str, options: Vec<(String, String)>| {
            html! {
                div class={ "field" @if errors.of(name).is_some() { " has-error" } } {
                    label for=(name) { (label) }
                    select id=(name) name=(name) {
                        option value="" { (ctx.say(Text::new("请选择", "Choose"))) }
                        @for (v, l) in &options { option value=(v) selected[current == v] { (l) } }
                    }
                    (err(name).unwrap_or_default())
                }
            }
        };
    let basis_options = || {
        RoyaltyBasis::ALL
            .iter()
            .map(|b| (b.as_str().to_string(), ctx.say(b.label()).to_string()))
            .collect::<Vec<_>>()
    };
    let labels: Vec<(&str, Cow<'static, str>)> = vec![
        ("title", ctx.say(Text::new("标题", "Title"))),
        ("patents", ctx.say(Text::new("专利号", "Patent numbers"))),
        ("mode", ctx.say(Text::new("交易方式", "Mode"))),
        ("price_model", ctx.say(Text::new("价格方式", "Price model"))),
        ("price_yuan", ctx.say(Text::new("价格", "Price"))),
        (
            "free_months",
            ctx.say(Text::new("免费使用期", "Free period")),
        ),
        ("royalty_percent", ctx.say(Text::new("提成比例", "Royalty"))),
        (
            "open_payment",
            ctx.say(Text::new("支付方式", "Payment method")),
        ),
        ("open_fee_yuan", ctx.say(Text::new("许可费", "Licence fee"))),
        (
            "open_royalty_percent",
            ctx.say(Text::new("开放许可提成", "Open-licence royalty")),
        ),
        (
            "open_term_years",
            ctx.say(Text::new("许可期限", "Licence term")),
        ),
        (
            "evaluation_report",
            ctx.say(Text::new("专利权评价报告", "Evaluation report")),
        ),
        (
            "problem",
            ctx.say(Text::new("解决的问题", "Problem solved")),
        ),
        ("advantages", ctx.say(Text::new("量化优势", "Advantages"))),
        ("trl", ctx.say(Text::new("技术成熟度", "Readiness"))),
        ("scenarios", ctx.say(Text::new("应用场景", "Scenarios"))),
        ("industry", ctx.say(Text::new("产业", "Industry"))),
        ("broker_name", ctx.say(Text::new("联系人", "Contact"))),
        ("broker_phone", ctx.say(Text::new("联系电话", "Phone"))),
    ];
    let content = html! {
        div class="page-head" {
            h1 { (heading) }
            p class="lead" { (ctx.say(Text::new("挂牌单位：", "Listing for: "))) (org.name_zh) }
        }
        (error_summary(ctx, errors, &labels))
        form method="post" action=(action) class="card stack listing-form" novalidate {
            (csrf_input(csrf))
            input type="hidden" name="organisation" value=(org.id);
            (text("title", &ctx.say(Text::new("标题", "Title")), &f.title, Some(&ctx.say(Text::new("买方一眼能看懂的技术名称，例如“高精度压力传感器校准技术”", "A name a buyer understands at a glance")))))
            (area("patents", &ctx.say(Text::new("专利号", "Patent numbers")), &f.patents, &ctx.say(Text::new("一件或多件，用逗号或换行分隔，例如 CN115525164A", "One or more, separated by commas or new lines, e.g. CN115525164A"))))
            div class="grid2" {
                (select("mode", &ctx.say(Text::new("交易方式", "Mode")), &f.mode, ListingMode::ALL.iter().map(|m| (m.as_str().to_string(), mode_label(ctx, *m).to_string())).collect()))
                (select("price_model", &ctx.say(Text::new("价格方式", "Price model")), &f.price_model, PriceModelKind::ALL.iter().map(|m| (m.as_str().to_string(), ctx.say(m.label()).to_string())).collect()))
            }
            div class="grid2" {
                (text("price_yuan", &ctx.say(Text::new("价格（元）", "Price (yuan)")), &f.price_yuan, Some(&ctx.say(Text::new("一口价必填；面议时可填参考价", "Required for a fixed price; a reference for negotiable")))))
                (select("industry", &ctx.say(Text::new("所属产业", "Industry")), &f.industry, Industry::ALL.iter().map(|i| (i.as_str().to_string(), ctx.say(i.label()).to_string())).collect()))
            }
            fieldset class="stack" {
                legend { (ctx.say(Text::new("先使用后缴费", "Use first, pay later"))) }
                div class="grid2" {
                    (text("free_months", &ctx.say(Text::new("免费使用期（月）", "Free period (months)")), &f.free_months, None))
                    (text("royalty_percent", &ctx.say(Text::new("之后提成比例（%）", "Then royalty (%)")), &f.royalty_percent, None))
                }
                (select("royalty_basis", &ctx.say(Text::new("提成基数", "Royalty basis")), &f.royalty_basis, basis_options()))
            }
            fieldset class="stack" {
                legend { (ctx.say(Text::new("开放许可声明（仅开放许可填写）", "Open-licence declaration (open licence only)"))) }
                p class="hint" { (ctx.say(Text::new("上限：固定费用不超过 2000 万元；提成不超过净销售额的 20% 或利润的 40%。实用新型、外观设计须附专利权评价报告。", "Caps: a fixed fee of at most ¥20 million; a royalty of at most 20 % of net sales or 40 % of profit. Utility models and designs need the evaluation report."))) }
                (select("open_payment", &ctx.say(Text::new("支付方式", "Payment method")), &f.open_payment, vec![
                    ("lump_sum".into(), ctx.say(Text::new("一次性支付", "Lump sum")).into()),
                    ("royalty".into(), ctx.say(Text::new("按比例提成", "Running royalty")).into()),
                    ("entry_plus_royalty".into(), ctx.say(Text::new("入门费 + 提成", "Entry fee + royalty")).into()),
                ]))
                div class="grid2" {
                    (text("open_fee_yuan", &ctx.say(Text::new("许可费或入门费（元）", "Fee or entry fee (yuan)")), &f.open_fee_yuan, None))
                    (text("open_royalty_percent", &ctx.say(Text::new("提成比例（%）", "Royalty (%)")), &f.open_royalty_percent, None))
                }
                div class="grid2" {
                    (select("open_royalty_basis", &ctx.say(Text::new("提成基数", "Royalty basis")), &f.open_royalty_basis, basis_options()))
                    (text("open_term_years", &ctx.say(Text::new("许可期限（年）", "Licence term (years)")), &f.open_term_years, None))
                }
                (text("evaluation_report", &ctx.say(Text::new("专利权评价报告编号", "Evaluation report number")), &f.evaluation_report, None))
            }
            (area("problem", &ctx.say(Text::new("解决的问题", "The problem solved")), &f.problem, &ctx.say(Text::new("企业遇到的什么难题，这项技术能解决", "Which problem of a company this technology solves"))))
            (area("advantages", &ctx.say(Text::new("量化优势", "Quantified advantages")), &f.advantages, &ctx.say(Text::new("用数字说明，例如“能耗降低 30%”", "In figures, e.g. \"30 % less energy\""))))
            (select("trl", &ctx.say(Text::new("技术成熟度（GB/T 22900）", "Readiness (GB/T 22900)")), &f.trl, Trl::all().map(|t| (t.level().to_string(), ctx.say(t.label()).to_string())).collect()))
            (area("scenarios", &ctx.say(Text::new("应用场景", "Application scenarios")), &f.scenarios, &ctx.say(Text::new("可以用在哪些产品、产线或行业", "Products, lines or industries it fits"))))
            div class="grid2" {
                (text("broker_name", &ctx.say(Text::new("联系人（技术经纪人）", "Contact broker")), &f.broker_name, None))
                (text("broker_phone", &ctx.say(Text::new("联系电话", "Contact phone")), &f.broker_phone, None))
            }
            p { button type="submit" class="button primary" id="save-listing" { (ctx.say(Text::new("保存草稿", "Save draft"))) } }
        }
    };
    layout(ctx, heading, Nav::None, content)
}

/// The owner's (and reviewer's) page of one listing.
pub struct ManageView<'a> {
    pub listing: &'a ListingRecord,
    pub history: &'a [ListingTransition],
    /// Buyers' inquiries, for the owner.
    pub inquiries: &'a [patentbridge_storage::InquiryRecord],
    pub csrf: &'a str,
    pub can_manage: bool,
    pub can_review: bool,
    pub errors: Errors,
    pub notice: Option<&'a str>,
}

pub fn manage(ctx: &Ctx, v: &ManageView<'_>) -> Markup {
    let l = v.listing;
    let action = format!("/listings/{}/transitions", l.id);
    let event_button = |event: &str, label: Text, class: &str| {
        button_form(&action, v.csrf, &[("event", event)], &ctx.say(label), class)
    };
    let content = html! {
        nav class="breadcrumb" { a href="/listings" { (ctx.say(Text::new("我的挂牌", "My listings"))) } " › " (l.spec.title) }
        @if let Some(n) = v.notice { (notice("ok", n)) }
        @if !v.errors.is_empty() {
            div class="notice bad" role="alert" { ul { @for (_, m) in &v.errors.0 { li { (m) } } } }
        }
        div class="patent-header" {
            h1 id="listing-title" { (l.spec.title) }
            p { (state_badge(ctx, l.state)) " "
                @if let Some(r) = l.pause_reason { span class="badge pause-reason" { (ctx.say(r.label())) } } }
        }
        @if let Some(note) = &l.review_note {
            @if l.state == ListingState::Draft { (notice("warn", &format!("{}{note}", ctx.say(Text::new("审核意见：", "Reviewer's note: "))))) }
        }
        section class="card actions" {
            h2 { (ctx.say(Text::new("操作", "Actions"))) }
            @if v.can_manage {
                @match l.state {
                    ListingState::Draft => {
                        a class="button" href={ "/listings/" (l.id) "/edit" } { (ctx.say(Text::new("修改", "Edit"))) } " "
                        (event_button("submit", Text::new("提交审核", "Submit for review"), "button primary"))
                        " " (event_button("close", Text::new("关闭", "Close"), "button danger"))
                    }
                    ListingState::UnderReview => {
                        p class="muted" { (ctx.say(Text::new("等待运营中心审核。", "Waiting for an operation centre's review."))) }
                        (event_button("close", Text::new("撤回并关闭", "Withdraw and close"), "button danger"))
                    }
                    ListingState::Published => {
                        a class="button" href={ "/mall/listings/" (l.id) } { (ctx.say(Text::new("在商城查看", "View in the mall"))) } " "
                        a class="button" id="listing-matches" href={ "/listings/" (l.id) "/matches" } { (ctx.say(Text::new("定向推荐：谁可能需要", "Who could use it"))) } " "
                        (event_button("pause", Text::new("暂停", "Pause"), "button"))
                        " " (event_button("close", if l.spec.mode == ListingMode::OpenLicence { Text::new("撤回开放许可", "Withdraw the open licence") } else { Text::new("关闭", "Close") }, "button danger"))
                        @if l.spec.mode == ListingMode::OpenLicence {
                            p class="hint" { (ctx.say(Text::new("撤回开放许可不影响已经获得的许可。", "Withdrawing does not cancel licences already granted."))) }
                        }
                    }
                    ListingState::Paused => {
                        @if l.pause_reason.is_none_or(|r| r.owner_may_resume()) {
                            (event_button("resume", Text::new("恢复发布", "Resume"), "button primary"))
                        } @else {
                            p { (ctx.say(Text::new("专利状态恢复正常后可以申请重新审核。", "Once the patent is back in good standing, ask for a new review."))) }
                            (event_button("resume", Text::new("申请重新审核", "Ask for a new review"), "button primary"))
                        }
                        " " (event_button("close", Text::new("关闭", "Close"), "button danger"))
                    }
                    ListingState::Closed => { p class="muted" { (ctx.say(Text::new("已关闭。", "Closed."))) } }
                }
            }
            @if v.can_review && l.state == ListingState::UnderReview {
                (review_forms(ctx, v.csrf, l.id, "listing"))
            }
        }
        @if v.can_manage {
            section class="card" id="inquiries" {
                h2 { (ctx.say(Text::new("买方意向", "Buyers' inquiries"))) " (" (v.inquiries.len()) ")" }
                @if v.inquiries.is_empty() {
                    p class="muted" { (ctx.say(Text::new("暂无意向。", "No inquiries yet."))) }
                } @else {
                    table class="table" {
                        thead { tr { th { (ctx.say(Text::new("企业", "Company"))) } th { (ctx.say(Text::new("联系人", "Contact"))) } th { (ctx.say(Text::new("留言", "Message"))) } th { (ctx.say(Text::new("时间", "When"))) } } }
                        tbody {
                            @for i in v.inquiries {
                                tr {
                                    td { (i.organisation_name_zh) @if i.zero_price_owner_id.is_some() { " " span class="badge" { (ctx.say(Text::new("0元首件", "zero-price first"))) } } }
                                    td { (i.user_name) }
                                    td { (i.message) }
                                    td class="nowrap" { (i.created_at.format("%Y-%m-%d %H:%M")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        div class="grid2" {
            section class="card" { (facts_of(ctx, l)) }
            section class="card" {
                h2 { (ctx.say(Text::new("记录", "History"))) }
                ol class="history" {
                    @for t in v.history {
                        li {
                            span class="muted small" { (t.at.format("%Y-%m-%d %H:%M")) } " "
                            (ctx.say(event_label(&t.event)))
                            @if let Some(r) = t.reason.as_deref().and_then(|r| patentbridge_domain::listing::PauseReason::parse(r).ok()) { "（" (ctx.say(r.label())) "）" }
                            " · " (t.user_name.as_deref().unwrap_or(&ctx.say(Text::new("系统", "the platform"))))
                            @if let Some(n) = &t.note { div class="muted small" { (n) } }
                        }
                    }
                }
            }
        }
        (content_of(ctx, l))
    };
    layout(ctx, &l.spec.title, Nav::None, content)
}

fn event_label(event: &str) -> Text {
    match event {
        "create" => Text::new("创建草稿", "created"),
        "submit" => Text::new("提交审核", "submitted"),
        "approve" => Text::new("审核通过并发布", "approved and published"),
        "reject" => Text::new("退回修改", "sent back"),
        "pause" => Text::new("暂停", "paused"),
        "resume" => Text::new("恢复", "resumed"),
        "close" => Text::new("关闭", "closed"),
        other => Text::same(other),
    }
}

fn review_forms(ctx: &Ctx, csrf: &str, id: i64, back: &str) -> Markup {
    let action = format!("/listings/{id}/transitions");
    html! {
        div class="review-forms" {
            form class="inline" method="post" action=(action) {
                (csrf_input(csrf))
                input type="hidden" name="event" value="approve";
                input type="hidden" name="back" value=(back);
                button type="submit" class="button primary" id={ "approve-" (id) } { (ctx.say(Text::new("审核通过并发布", "Approve and publish"))) }
            }
            form class="inline" method="post" action=(action) {
                (csrf_input(csrf))
                input type="hidden" name="event" value="reject";
                input type="hidden" name="back" value=(back);
                label class="visually-hidden" for={ "note-" (id) } { (ctx.say(Text::new("退回原因", "Why it is sent back"))) }
                input type="text" id={ "note-" (id) } name="note" placeholder=(ctx.say(Text::new("退回原因（必填）", "Why it is sent back (required)")));
                button type="submit" class="button" { (ctx.say(Text::new("退回修改", "Send back"))) }
            }
        }
    }
}

/// The organisation's listings by state.
pub fn my_listings(
    ctx: &Ctx,
    org: &OrganisationRecord,
    tab: Option<ListingState>,
    listings: &[ListingRecord],
    notice_text: Option<&str>,
) -> Markup {
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("我的挂牌", "My listings"))) }
            p class="lead" { (org.name_zh) }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        p { a class="button primary" id="new-listing" href="/listings/new" { (ctx.say(Text::new("新建挂牌", "New listing"))) } }
        nav class="tabs" {
            a class="tab" href="/listings" aria-current=[tab.is_none().then_some("page")] { (ctx.say(Text::new("全部", "All"))) }
            @for s in ListingState::ALL {
                a class="tab" href={ "/listings?state=" (s.as_str()) } aria-current=[(tab == Some(*s)).then_some("page")] { (ctx.say(s.label())) }
            }
        }
        @if listings.is_empty() {
            p class="muted" { (ctx.say(Text::new("还没有挂牌。", "No listings yet."))) }
        } @else {
            table class="table" {
                thead { tr { th { (ctx.say(Text::new("标题", "Title"))) } th { (ctx.say(Text::new("方式", "Mode"))) } th { (ctx.say(Text::new("价格", "Price"))) } th { (ctx.say(Text::new("状态", "State"))) } th { (ctx.say(Text::new("更新", "Updated"))) } } }
                tbody {
                    @for l in listings {
                        tr {
                            td { a href={ "/listings/" (l.id) } { (l.spec.title) } }
                            td { (mode_label(ctx, l.spec.mode)) }
                            td { (offer_text(ctx, &l.spec)) }
                            td { (state_badge(ctx, l.state)) @if let Some(r) = l.pause_reason { " " span class="small muted" { (ctx.say(r.label())) } } }
                            td class="nowrap" { (l.updated_at.format("%Y-%m-%d")) }
                        }
                    }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("我的挂牌", "My listings")),
        Nav::None,
        content,
    )
}

/// The operation centres' review queue.
pub fn review_queue(
    ctx: &Ctx,
    csrf: &str,
    listings: &[ListingRecord],
    notice_text: Option<&str>,
) -> Markup {
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("挂牌审核", "Listing review"))) }
            p class="lead" { (ctx.say(Text::new("运营中心审核后，挂牌才在专利商城发布。", "A listing appears in the mall once an operation centre approves it."))) }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        @if listings.is_empty() {
            p class="muted" id="review-empty" { (ctx.say(Text::new("没有待审核的挂牌。", "Nothing to review."))) }
        } @else {
            ol class="hits" {
                @for l in listings {
                    li class="hit" {
                        h3 class="hit-title" { a href={ "/listings/" (l.id) } { (l.spec.title) } }
                        p class="hit-meta" {
                            span class="badge mode" { (mode_label(ctx, l.spec.mode)) }
                            span { (offer_text(ctx, &l.spec)) }
                            span { (owner_name(ctx, l)) }
                            @for p in &l.patents { span class="hit-number" { (p.number) } }
                        }
                        @if let Some(t) = &l.spec.open_licence {
                            p class="small" { (ctx.say(Text::new("开放许可：", "Open licence: "))) (ctx.say(t.payment.describe())) }
                        }
                        p class="snippet" { (truncate(&l.spec.problem, 160)) }
                        (review_forms(ctx, csrf, l.id, "queue"))
                    }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("挂牌审核", "Listing review")),
        Nav::None,
        content,
    )
}
