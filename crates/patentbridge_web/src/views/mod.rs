//! The HTML of the pages, as maud templates: one shared layout with the
//! header, the language switch and the footer, and one module per page.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Ctx, Lang};
use crate::i18n::{Text, labels};

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
    let full_title = if title.is_empty() {
        ctx.say(labels::SITE_NAME).to_string()
    } else {
        format!("{title} · {}", ctx.say(labels::SITE_NAME))
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
                a class="skip-link" href="#main" { (ctx.say(labels::SKIP_TO_CONTENT)) }
                header class="site-header" {
                    div class="wrap header-row" {
                        a class="brand" href="/" {
                            span class="brand-mark" aria-hidden="true" { "PB" }
                            span class="brand-text" {
                                span class="brand-name" { (ctx.say(labels::SITE_NAME)) }
                                span class="brand-tagline" { (ctx.say(labels::TAGLINE)) }
                            }
                        }
                        nav class="site-nav" aria-label=(ctx.say(labels::NAV_LABEL)) {
                            (nav_link("/", &ctx.say(labels::NAV_HOME), Nav::Home))
                            a href="/mall" { (ctx.say(Text::new("专利商城", "Patent mall"))) }
                            (nav_link("/search", &ctx.say(labels::NAV_SEARCH), Nav::Search))
                            a href="/pool" { (ctx.say(Text::new("专利池", "Patent pool"))) }
                            a href="/packages" { (ctx.say(Text::new("专利包", "Packages"))) }
                            a href="/demands" id="nav-demands" { (ctx.say(Text::new("技术需求", "Needs"))) }
                            (nav_link("/api", &ctx.say(labels::NAV_API), Nav::Api))
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
                        p { (ctx.say(labels::FOOTER)) }
                        p class="muted" { (ctx.say(labels::FOOTER_NOTE)) }
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
                    a href="/sign-in" id="nav-sign-in" { (ctx.say(Text::new("登录", "Sign in"))) }
                    a href="/sign-up" class="button small" id="nav-sign-up" { (ctx.say(Text::new("注册", "Sign up"))) }
                }
                Some(u) => {
                    @if u.has_organisation { a href="/my-organisation" { (ctx.say(Text::new("我的机构", "My organisation"))) } }
                    @if u.pool_member {
                        a href="/listings" id="nav-listings" { (ctx.say(Text::new("我的挂牌", "My listings"))) }
                        a href="/pool/screening" { (ctx.say(Text::new("筛查", "Screening"))) }
                        a href="/pool/intake" { (ctx.say(Text::new("入池审核", "Intake"))) }
                    }
                    @if u.reviewer { a href="/review/listings" id="nav-review" { (ctx.say(Text::new("挂牌审核", "Review"))) } }
                    @if u.reviewer || u.oversees { a href="/matches/pipeline" id="nav-pipeline" { (ctx.say(Text::new("匹配进展", "Pipeline"))) } }
                    @if u.has_organisation { a href="/deals" id="nav-deals" { (ctx.say(Text::new("交易", "Deals"))) } }
                    a href="/favourites" { (ctx.say(Text::new("收藏", "Saved"))) }
                    a href="/inbox" { (ctx.say(Text::new("消息", "Inbox"))) }
                    @if u.is_admin {
                        a href="/admin/organisations" { (ctx.say(Text::new("机构认证", "Verification"))) }
                        a href="/admin/users" { (ctx.say(Text::new("用户", "Users"))) }
                    }
                    @if u.oversees { a href="/audit" { (ctx.say(Text::new("审计", "Audit"))) } }
                    a href="/account" class="user-name" id="nav-account" title=(ctx.say(Text::new("我的账户", "My account"))) { (u.display_name) }
                    form class="inline" method="post" action="/sign-out" {
                        input type="hidden" name=(crate::csrf::CSRF_FIELD) value=(u.csrf);
                        button type="submit" class="link" id="nav-sign-out" { (ctx.say(Text::new("退出", "Sign out"))) }
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
        div class="lang-switch" role="group" aria-label=(ctx.say(labels::LANG_SWITCH_LABEL)) {
            (item(Lang::Zh, "中文"))
            span class="sep" aria-hidden="true" { "|" }
            (item(Lang::En, "English"))
        }
    }
}

/// The search form: a plain GET form to `/search`, so it works without scripts.
pub fn search_form(ctx: &Ctx, q: &str, big: bool) -> Markup {
    html! {
        form class={ "search-form" @if big { " big" } } action="/search" method="get" role="search" {
            label class="visually-hidden" for="q" { (ctx.say(labels::SEARCH_LABEL)) }
            input id="q" name="q" type="search" value=(q) maxlength=(patentbridge_search::MAX_QUERY_CHARS) placeholder=(ctx.say(labels::SEARCH_PLACEHOLDER))
                autocomplete="off" autofocus[big];
            button id="search-button" type="submit" { (ctx.say(labels::SEARCH_BUTTON)) }
        }
    }
}

/// A coloured badge for a legal status code.
pub fn status_badge(ctx: &Ctx, raw: &str) -> Markup {
    html! {
        span class={ "badge status-" (raw) } { (ctx.say(crate::i18n::legal_status_label(raw))) }
    }
}
