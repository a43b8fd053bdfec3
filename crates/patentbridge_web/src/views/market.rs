//! The mall's buyer pages: favourites with the compare form, the side-by-side
//! comparison, packages (list, detail, the curator's form), the inbox, and
//! the page that explains a refused "want this".

use std::borrow::Cow;

use maud::{Markup, html};
use patentbridge_domain::listing::{Industry, ListingState, Price};
use patentbridge_domain::package::{PackageForm, PackagePricing};
use patentbridge_storage::{InquiryRecord, ListingRecord, OrganisationRecord, PackageRecord};

use super::forms::{Errors, Input, button_form, csrf_input, error_summary, field, notice};
use super::{Nav, layout, status_badge};
use crate::i18n::Ctx;
use crate::i18n::{Text, text};
use patentbridge_app::market::Inbox;

/// A listing's price in the page's language.
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
                "先免费使用 {free_months} 个月，之后按{zh}",
                "free for {free_months} months, then {en}"
            ))
            .into_owned()
        }
    }
}

fn owner_name<'a>(ctx: &Ctx, l: &'a ListingRecord) -> &'a str {
    match (&l.owner_name_en, ctx.lang.is_zh()) {
        (Some(en), false) => en,
        _ => &l.owner_name_zh,
    }
}

fn listing_href(id: i64) -> String {
    format!("/mall/listings/{id}")
}

/// `GET /favourites`: cards with a compare checkbox each.
pub fn favourites(ctx: &Ctx, csrf: &str, listings: &[ListingRecord]) -> Markup {
    let title = ctx.say(Text::new("我的收藏", "My favourites"));
    let content = html! {
        div class="page-head" { h1 { (title) } }
        @if listings.is_empty() {
            p class="muted" { (ctx.say(Text::new("还没有收藏的挂牌。", "No favourite listings yet."))) }
        } @else {
            form method="get" action="/mall/compare" id="compare-form" {
                p class="help" { (ctx.say(Text::new("勾选 2 至 4 个挂牌进行对比。", "Tick two to four listings to compare them."))) }
                div class="grid2" {
                    @for l in listings {
                        section class="card" data-listing=(l.id) {
                            h2 { a href=(listing_href(l.id)) { (l.spec.title) } }
                            dl class="facts" {
                                dt { (ctx.say(Text::new("权利人", "Owner"))) } dd { (owner_name(ctx, l)) }
                                dt { (ctx.say(Text::new("方式", "Mode"))) } dd { (ctx.say(l.spec.mode.label())) }
                                dt { (ctx.say(Text::new("价格", "Price"))) } dd { (price_text(ctx, &l.spec.price)) }
                                dt { (ctx.say(Text::new("状态", "State"))) } dd { span class="badge" { (ctx.say(l.state.label())) } }
                            }
                            div class="actions" {
                                label class="check" {
                                    input type="checkbox" name="ids" value=(l.id);
                                    " " (ctx.say(Text::new("对比", "Compare")))
                                }
                            }
                        }
                    }
                }
                button type="submit" class="primary" { (ctx.say(Text::new("对比所选", "Compare selected"))) }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("取消收藏", "Remove"))) }
                div class="actions" {
                    @for l in listings {
                        (button_form(&format!("/mall/listings/{}/unfavourite", l.id), csrf,
                            &[("next", "/favourites")],
                            &format!("{} ✕", l.spec.title), "small"))
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// `GET /mall/compare`: one column per listing.
pub fn compare(ctx: &Ctx, listings: &[ListingRecord]) -> Markup {
    let title = ctx.say(Text::new("挂牌对比", "Compare listings"));
    type Row<'a> = (
        Cow<'static, str>,
        Box<dyn Fn(&ListingRecord) -> Markup + 'a>,
    );
    let rows: Vec<Row<'_>> = vec![
        (
            ctx.say(Text::new("权利人", "Owner")),
            Box::new(|l: &ListingRecord| html! { (owner_name(ctx, l)) }),
        ),
        (
            ctx.say(Text::new("交易方式", "Mode")),
            Box::new(|l: &ListingRecord| html! { (ctx.say(l.spec.mode.label())) }),
        ),
        (
            ctx.say(Text::new("定价方式", "Price model")),
            Box::new(|l: &ListingRecord| {
                let k = l.spec.price.kind();
                html! { (ctx.say(k.label())) }
            }),
        ),
        (
            ctx.say(Text::new("价格", "Price")),
            Box::new(|l: &ListingRecord| html! { (price_text(ctx, &l.spec.price)) }),
        ),
        (
            ctx.say(Text::new("技术成熟度", "Readiness (TRL)")),
            Box::new(|l: &ListingRecord| html! { (ctx.say(l.spec.trl.label())) }),
        ),
        (
            ctx.say(Text::new("产业领域", "Industry")),
            Box::new(|l: &ListingRecord| html! { (ctx.say(l.spec.industry.label())) }),
        ),
        (
            ctx.say(Text::new("IPC 分类", "IPC class")),
            Box::new(
                |l: &ListingRecord| html! { code { (l.ipc_class.as_deref().unwrap_or("—")) } },
            ),
        ),
        (
            ctx.say(Text::new("专利", "Patents")),
            Box::new(|l: &ListingRecord| {
                html! {
                    ul class="plain" {
                        @for p in &l.patents {
                            li {
                                a href={ "/patents/" (p.number) } { code { (p.number) } }
                                " " (ctx.say(p.patent_type.label())) " "
                                (status_badge(ctx, p.legal_status.as_str()))
                            }
                        }
                    }
                }
            }),
        ),
        (
            ctx.say(Text::new("解决的问题", "Problem solved")),
            Box::new(|l: &ListingRecord| html! { (l.spec.problem) }),
        ),
        (
            ctx.say(Text::new("技术优势", "Advantages")),
            Box::new(|l: &ListingRecord| html! { (l.spec.advantages) }),
        ),
        (
            ctx.say(Text::new("应用场景", "Scenarios")),
            Box::new(|l: &ListingRecord| html! { (l.spec.scenarios) }),
        ),
    ];
    let content = html! {
        div class="page-head" { h1 { (title) } }
        div class="table-scroll" {
            table class="table card compare" id="compare" {
                thead {
                    tr {
                        th { }
                        @for l in listings {
                            th scope="col" data-listing=(l.id) { a href=(listing_href(l.id)) { (l.spec.title) } }
                        }
                    }
                }
                tbody {
                    @for (label, cell) in &rows {
                        tr {
                            th scope="row" { (label) }
                            @for l in listings { td { (cell(l)) } }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// A page that only explains why something was refused, with a way back.
pub fn refused(ctx: &Ctx, title: &str, messages: &[String], back: &str) -> Markup {
    let content = html! {
        div class="page-head" { h1 { (title) } }
        div class="notice bad" role="alert" id="refusal" {
            @for m in messages { p { (m) } }
        }
        p { a class="button" href=(back) { (ctx.say(Text::new("返回", "Back"))) } }
    };
    layout(ctx, title, Nav::None, content)
}

fn pricing_text(ctx: &Ctx, p: &PackageRecord) -> String {
    match p.pricing {
        PackagePricing::Bundle(f) => {
            format!("{} {f}", ctx.say(Text::new("打包价", "Bundle price")))
        }
        PackagePricing::PerItem => ctx
            .say(Text::new("按件定价", "Priced per listing"))
            .to_string(),
    }
}

fn industry_text(ctx: &Ctx, raw: &str) -> String {
    Industry::parse(raw).map_or_else(|_| raw.to_string(), |i| ctx.say(i.label()).to_string())
}

/// `GET /packages`.
pub fn packages(ctx: &Ctx, list: &[PackageRecord], may_create: bool) -> Markup {
    let title = ctx.say(Text::new("专利包", "Patent packages"));
    let content = html! {
        div class="page-head" { h1 { (title) } }
        @if may_create {
            p { a class="button primary" href="/packages/new" { (ctx.say(Text::new("新建专利包", "New package"))) } }
        }
        @if list.is_empty() {
            p class="muted" { (ctx.say(Text::new("暂无已发布的专利包。", "No published packages yet."))) }
        }
        div class="grid2" {
            @for p in list {
                section class="card" data-package=(p.id) {
                    h2 { a href={ "/packages/" (p.id) } { (p.title) } }
                    dl class="facts" {
                        dt { (ctx.say(Text::new("主题", "Theme"))) } dd { (p.theme) }
                        dt { (ctx.say(Text::new("产业领域", "Industry"))) } dd { (industry_text(ctx, &p.industry)) }
                        dt { (ctx.say(Text::new("组包机构", "Curated by"))) } dd { (p.curator_name_zh) }
                        dt { (ctx.say(Text::new("挂牌数", "Listings"))) } dd { (p.items.len()) }
                        dt { (ctx.say(Text::new("定价", "Pricing"))) } dd { (pricing_text(ctx, p)) }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// `GET /packages/{id}`.
pub fn package(
    ctx: &Ctx,
    csrf: &str,
    p: &PackageRecord,
    curator: bool,
    notice_text: Option<&str>,
) -> Markup {
    let content = html! {
        p class="breadcrumb" { a href="/packages" { (ctx.say(Text::new("专利包", "Patent packages"))) } }
        div class="page-head" {
            h1 { (p.title) " " span class="badge" data-state=(p.state.as_str()) { (ctx.say(p.state.label())) } }
            p class="muted" { (p.theme) " · " (industry_text(ctx, &p.industry)) " · " (p.curator_name_zh) }
        }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        @if !p.description.is_empty() { section class="card" { p { (p.description) } } }
        section class="card" {
            h2 { (pricing_text(ctx, p)) }
            table class="table" {
                thead { tr {
                    th { (ctx.say(Text::new("挂牌", "Listing"))) }
                    th { (ctx.say(Text::new("权利人", "Owner"))) }
                    th { (ctx.say(Text::new("方式", "Mode"))) }
                    @if p.pricing == PackagePricing::PerItem { th class="num" { (ctx.say(Text::new("价格", "Price"))) } }
                } }
                tbody {
                    @for i in &p.items {
                        tr data-listing=(i.listing_id) {
                            td {
                                a href=(listing_href(i.listing_id)) { (i.title) }
                                @if i.state != ListingState::Published {
                                    " " span class="badge" { (ctx.say(i.state.label())) }
                                }
                            }
                            td { (i.owner_name_zh) }
                            td { (ctx.say(i.mode.label())) }
                            @if p.pricing == PackagePricing::PerItem {
                                td class="num" { (i.price.map(|f| f.to_string()).unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
        @if curator {
            div class="actions" {
                @if p.state == patentbridge_domain::package::PackageState::Draft {
                    (button_form(&format!("/packages/{}/publish", p.id), csrf, &[], &ctx.say(Text::new("发布", "Publish")), "primary"))
                }
                @if p.state.may_close() {
                    (button_form(&format!("/packages/{}/close", p.id), csrf, &[], &ctx.say(Text::new("关闭", "Close")), "danger"))
                }
            }
        }
    };
    layout(ctx, &p.title, Nav::None, content)
}

/// What the curator's form shows besides the typed values.
pub struct PackageFormView<'a> {
    pub form: &'a PackageForm,
    pub errors: Errors,
    /// The organisations the user may curate for.
    pub organisations: &'a [OrganisationRecord],
    pub chosen_organisation: Option<i64>,
    /// Published listings found by the search box, to tick.
    pub found: &'a [ListingRecord],
    pub q: &'a str,
}

/// `GET /packages/new`.
pub fn package_form(ctx: &Ctx, csrf: &str, v: &PackageFormView<'_>) -> Markup {
    let title = ctx.say(Text::new("新建专利包", "New package"));
    let f = v.form;
    let labels = [
        ("title", ctx.say(Text::new("名称", "Title"))),
        ("theme", ctx.say(Text::new("主题", "Theme"))),
        ("industry", ctx.say(Text::new("产业领域", "Industry"))),
        ("listing_ids", ctx.say(Text::new("挂牌编号", "Listing ids"))),
        ("pricing", ctx.say(Text::new("定价方式", "Pricing"))),
        (
            "bundle_price",
            ctx.say(Text::new("打包价（元）", "Bundle price (yuan)")),
        ),
        (
            "item_prices",
            ctx.say(Text::new("各挂牌价格（元）", "Prices per listing (yuan)")),
        ),
    ];
    let label = |name: &str| {
        labels
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, l)| l.as_ref())
    };
    let content = html! {
        p class="breadcrumb" { a href="/packages" { (ctx.say(Text::new("专利包", "Patent packages"))) } }
        div class="page-head" { h1 { (title) } }
        form class="card filters-row" method="get" action="/packages/new" {
            label { (ctx.say(Text::new("查找已发布的挂牌", "Find published listings")))
                input type="search" name="q" value=(v.q); }
            button type="submit" { (ctx.say(Text::new("查找", "Find"))) }
        }
        (error_summary(ctx, &v.errors, &labels))
        form class="card stack" method="post" action="/packages" id="package-form" {
            (csrf_input(csrf))
            @if v.organisations.len() > 1 {
                div class="field" {
                    label for="f-organisation_id" { (ctx.say(Text::new("组包机构", "Curating organisation"))) }
                    select id="f-organisation_id" name="organisation_id" {
                        @for o in v.organisations {
                            option value=(o.id) selected[v.chosen_organisation == Some(o.id)] { (o.name_zh) }
                        }
                    }
                }
            }
            (field(ctx, Input::text("title", label("title"), &f.title).required(), &v.errors))
            (field(ctx, Input::text("theme", label("theme"), &f.theme).required(), &v.errors))
            div class={ "field" @if v.errors.of("industry").is_some() { " has-error" } } {
                label for="f-industry" { (label("industry")) }
                select id="f-industry" name="industry" {
                    option value="" { "—" }
                    @for i in Industry::ALL {
                        option value=(i.as_str()) selected[f.industry == i.as_str()] { (ctx.say(i.label())) }
                    }
                }
                @if let Some(m) = v.errors.of("industry") { p class="field-error" { (m) } }
            }
            (field(ctx, Input::text("description", &ctx.say(Text::new("简介", "Description")), &f.description), &v.errors))
            @if !v.found.is_empty() {
                fieldset {
                    legend { (ctx.say(Text::new("勾选挂牌", "Tick listings"))) }
                    @for l in v.found {
                        label class="check" {
                            input type="checkbox" name="listing" value=(l.id);
                            " #" (l.id) " " (l.spec.title) " · " (owner_name(ctx, l)) " · " (price_text(ctx, &l.spec.price))
                        }
                        label class="check" {
                            (ctx.say(Text::new("按件价格（元）", "Price per listing (yuan)"))) " "
                            input type="text" name={ "price_" (l.id) } size="10" inputmode="decimal";
                        }
                    }
                }
            }
            (field(ctx, Input::text("listing_ids", label("listing_ids"), &f.listing_ids)
                .hint(&ctx.say(Text::new("用逗号分隔，如 3, 5, 8；也可在上方勾选", "separated by commas, e.g. 3, 5, 8; or tick them above"))), &v.errors))
            div class={ "field" @if v.errors.of("pricing").is_some() { " has-error" } } {
                label { (label("pricing")) }
                label class="check" { input type="radio" name="pricing" value="bundle" checked[f.pricing != "per_item"]; " " (ctx.say(Text::new("打包价", "One bundle price"))) }
                label class="check" { input type="radio" name="pricing" value="per_item" checked[f.pricing == "per_item"]; " " (ctx.say(Text::new("按件定价", "A price per listing"))) }
                @if let Some(m) = v.errors.of("pricing") { p class="field-error" { (m) } }
            }
            (field(ctx, Input::text("bundle_price", label("bundle_price"), &f.bundle_price_yuan), &v.errors))
            (field(ctx, Input::text("item_prices", label("item_prices"), &f.item_prices_yuan)
                .hint(&ctx.say(Text::new("按件定价时，按挂牌编号的顺序填写，用逗号分隔", "for per-item pricing, in the order of the listing ids, separated by commas"))), &v.errors))
            button type="submit" class="primary" { (ctx.say(Text::new("保存为草稿", "Save as draft"))) }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

fn inquiry_rows(ctx: &Ctx, list: &[InquiryRecord], received: bool) -> Markup {
    html! {
        table class="table" {
            thead { tr {
                th { (ctx.say(Text::new("时间", "When"))) }
                th { (ctx.say(Text::new("挂牌", "Listing"))) }
                th { @if received { (ctx.say(Text::new("意向企业", "From"))) } @else { (ctx.say(Text::new("权利人", "Owner"))) } }
                th { (ctx.say(Text::new("留言", "Message"))) }
            } }
            tbody {
                @for i in list {
                    tr data-inquiry=(i.id) {
                        td class="nowrap" { (i.created_at.format("%Y-%m-%d %H:%M")) }
                        td { a href=(listing_href(i.listing_id)) { (i.listing_title) } }
                        td { @if received { (i.organisation_name_zh) " · " (i.user_name) } @else { (i.owner_name_zh) } }
                        td { (i.message) }
                    }
                }
            }
        }
    }
}

/// `GET /inbox`.
pub fn inbox(ctx: &Ctx, csrf: &str, inbox: &Inbox, notice_text: Option<&str>) -> Markup {
    let title = ctx.say(Text::new("消息", "Inbox"));
    let unread = inbox
        .notifications
        .iter()
        .filter(|n| n.read_at.is_none())
        .count();
    let content = html! {
        div class="page-head" { h1 { (title) } }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        section class="card" id="notifications" {
            h2 { (ctx.say(Text::new("通知", "Notifications"))) " " @if unread > 0 { span class="badge unread" { (unread) } } }
            @if inbox.notifications.is_empty() {
                p class="muted" { (ctx.say(Text::new("暂无通知。", "No notifications."))) }
            } @else {
                ul class="notifications" {
                    @for n in &inbox.notifications {
                        li class={ "notification" @if n.read_at.is_none() { " unread" } } data-kind=(n.kind) {
                            span class="muted nowrap" { (n.created_at.format("%Y-%m-%d %H:%M")) } " "
                            @let subject = ctx.say(Text::owned(n.subject_zh.clone(), n.subject_en.clone()));
                            @match &n.link {
                                Some(link) => { a href=(link) { (subject) } }
                                None => { (subject) }
                            }
                        }
                    }
                }
                @if unread > 0 {
                    (button_form("/inbox/read", csrf, &[], &ctx.say(Text::new("全部标为已读", "Mark all read")), "small"))
                }
            }
        }
        @if !inbox.received.is_empty() {
            section class="card" id="received" {
                h2 { (ctx.say(Text::new("收到的意向", "Inquiries received"))) }
                (inquiry_rows(ctx, &inbox.received, true))
            }
        }
        @if !inbox.sent.is_empty() {
            section class="card" id="sent" {
                h2 { (ctx.say(Text::new("发出的意向", "Inquiries sent"))) }
                (inquiry_rows(ctx, &inbox.sent, false))
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
