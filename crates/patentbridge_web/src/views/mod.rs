//! The HTML of the pages, as maud templates: one shared layout with the
//! header, the language switch and the footer, and one module per page.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Ctx, Lang};

pub mod account;
pub mod admin;
pub mod api_page;
pub mod deal;
pub mod demand;
pub mod error;
pub mod forms;
pub mod home;
pub mod listing;
pub mod market;
pub mod organisation;
pub mod patent;
pub mod pool;
pub mod search;

/// Which header link is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Search,
    Api,
    None,
}

/// Bumped when a static file changes, so browsers fetch the new one.
pub const ASSET_VERSION: &str = "7";

/// The page around the content of every page.
pub fn layout(ctx: &Ctx, title: &str, nav: Nav, content: Markup) -> Markup {
    let t = ctx.t();
    let full_title = if title.is_empty() {
        t.site_name.to_string()
    } else {
        format!("{title} · {}", t.site_name)
    };
    let nav_link = |href: &str, label: &str, me: Nav| {
        html! {
            a href=(href) aria-current=[(nav == me).then_some("page")] { (label) }
        }
    };
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (full_title) }
                link rel="stylesheet" href={ "/static/style.css?v=" (ASSET_VERSION) };
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            }
            body {
                a class="skip-link" href="#main" { (t.skip_to_content) }
                header class="site-header" {
                    div class="wrap header-row" {
                        a class="brand" href="/" {
                            span class="brand-mark" aria-hidden="true" { "PB" }
                            span class="brand-text" {
                                span class="brand-name" { (t.site_name) }
                                span class="brand-tagline" { (t.tagline) }
                            }
                        }
                        nav class="site-nav" aria-label=(t.nav_label) {
                            (nav_link("/", t.nav_home, Nav::Home))
                            a href="/mall" { (ctx.tr("专利商城", "Patent mall")) }
                            (nav_link("/search", t.nav_search, Nav::Search))
                            a href="/pool" { (ctx.tr("专利池", "Patent pool")) }
                            a href="/packages" { (ctx.tr("专利包", "Packages")) }
                            a href="/demands" id="nav-demands" { (ctx.tr("技术需求", "Needs")) }
                            (nav_link("/api", t.nav_api, Nav::Api))
                        }
                        (account_menu(ctx))
                        (lang_switch(ctx))
                    }
                }
                main id="main" class="wrap" {
                    (content)
                }
                footer class="site-footer" {
                    div class="wrap" {
                        p { (t.footer) }
                        p class="muted" { (t.footer_note) }
                    }
                }
            }
        }
    }
}

/// Sign-in and sign-up links, or the signed-in user's pages and sign-out.
fn account_menu(ctx: &Ctx) -> Markup {
    html! {
        div class="account-menu" {
            @match &ctx.user {
                None => {
                    a href="/sign-in" id="nav-sign-in" { (ctx.tr("登录", "Sign in")) }
                    a href="/sign-up" class="button small" id="nav-sign-up" { (ctx.tr("注册", "Sign up")) }
                }
                Some(u) => {
                    @if u.has_organisation { a href="/my-organisation" { (ctx.tr("我的机构", "My organisation")) } }
                    @if u.pool_member {
                        a href="/listings" id="nav-listings" { (ctx.tr("我的挂牌", "My listings")) }
                        a href="/pool/screening" { (ctx.tr("筛查", "Screening")) }
                        a href="/pool/intake" { (ctx.tr("入池审核", "Intake")) }
                    }
                    @if u.reviewer { a href="/review/listings" id="nav-review" { (ctx.tr("挂牌审核", "Review")) } }
                    @if u.reviewer || u.oversees { a href="/matches/pipeline" id="nav-pipeline" { (ctx.tr("匹配进展", "Pipeline")) } }
                    @if u.has_organisation { a href="/deals" id="nav-deals" { (ctx.tr("交易", "Deals")) } }
                    a href="/favourites" { (ctx.tr("收藏", "Saved")) }
                    a href="/inbox" { (ctx.tr("消息", "Inbox")) }
                    @if u.is_admin {
                        a href="/admin/organisations" { (ctx.tr("机构认证", "Verification")) }
                        a href="/admin/users" { (ctx.tr("用户", "Users")) }
                    }
                    @if u.oversees { a href="/audit" { (ctx.tr("审计", "Audit")) } }
                    a href="/account" class="user-name" id="nav-account" title=(ctx.tr("我的账户", "My account")) { (u.display_name) }
                    form class="inline" method="post" action="/sign-out" {
                        input type="hidden" name=(crate::csrf::CSRF_FIELD) value=(u.csrf);
                        button type="submit" class="link" id="nav-sign-out" { (ctx.tr("退出", "Sign out")) }
                    }
                }
            }
        }
    }
}

/// `中文 | English`: the current language as text, the other as a link that
/// keeps the path and query.
fn lang_switch(ctx: &Ctx) -> Markup {
    let item = |lang: Lang, label: &str| {
        html! {
            @if ctx.lang == lang {
                span class="lang-current" lang=(lang.html_lang()) aria-current="true" { (label) }
            } @else {
                a href=(ctx.switch_href(lang)) lang=(lang.html_lang()) hreflang=(lang.html_lang()) { (label) }
            }
        }
    };
    html! {
        div class="lang-switch" role="group" aria-label=(ctx.t().lang_switch_label) {
            (item(Lang::Zh, "中文"))
            span class="sep" aria-hidden="true" { "|" }
            (item(Lang::En, "English"))
        }
    }
}

/// The search form: a plain GET form to `/search`, so it works without scripts.
pub fn search_form(ctx: &Ctx, q: &str, big: bool) -> Markup {
    let t = ctx.t();
    html! {
        form class={ "search-form" @if big { " big" } } action="/search" method="get" role="search" {
            label class="visually-hidden" for="q" { (t.search_label) }
            input id="q" name="q" type="search" value=(q) placeholder=(t.search_placeholder)
                autocomplete="off" autofocus[big];
            button id="search-button" type="submit" { (t.search_button) }
        }
    }
}

/// A coloured badge for a legal status code.
pub fn status_badge(lang: Lang, raw: &str) -> Markup {
    html! {
        span class={ "badge status-" (raw) } { (crate::i18n::legal_status_label(lang, raw)) }
    }
}
