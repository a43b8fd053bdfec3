//! Account pages: sign-in, sign-up, password reset, and "my account"
//! (password change and API tokens).

use std::borrow::Cow;

use maud::{Markup, html};
use patentbridge_domain::policy::Scope;
use patentbridge_domain::registration::SELF_REGISTERED_KINDS;
use patentbridge_domain::tianjin::DISTRICTS;
use patentbridge_domain::{OrganisationKind, RegistrationForm};
use patentbridge_storage::{ApiTokenRecord, UserRecord};

use super::forms::{Errors, Input, csrf_input, error_summary, field, notice};
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::Text;

/// The sign-in form, with the login kept after a refusal.
/// `message` is a refusal (red), `info` good news such as "password changed".
pub fn sign_in(
    ctx: &Ctx,
    csrf: &str,
    login: &str,
    next: &str,
    message: Option<&str>,
    info: Option<&str>,
) -> Markup {
    let title = ctx.say(Text::new("登录", "Sign in"));
    let content = html! {
        section class="card narrow" {
            h1 { (title) }
            @if let Some(m) = message { (notice("bad", m)) }
            @if let Some(m) = info { (notice("ok", m)) }
            form method="post" action="/sign-in" class="stack" {
                (csrf_input(csrf))
                input type="hidden" name="next" value=(next);
                (field(ctx, Input::text("login", &ctx.say(Text::new("电子邮箱或手机号", "E-mail or mobile number")), login)
                    .required().autocomplete("username"), &Errors::default()))
                (field(ctx, Input::text("password", &ctx.say(Text::new("密码", "Password")), "")
                    .kind("password").required().autocomplete("current-password"), &Errors::default()))
                button type="submit" class="primary" id="sign-in-button" { (title) }
            }
            p class="muted small" {
                a href="/password-reset" { (ctx.say(Text::new("忘记密码？", "Forgot your password?"))) }
                " · "
                a href="/sign-up" { (ctx.say(Text::new("还没有账户？注册机构", "No account yet? Sign your organisation up"))) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

const SIGN_UP_LABELS: [(&str, Text); 14] = [
    ("kind", Text::new("机构类型", "Kind of organisation")),
    ("name_zh", Text::new("机构名称（中文）", "Name (Chinese)")),
    ("name_en", Text::new("机构名称（英文）", "Name (English)")),
    (
        "credit_code",
        Text::new("统一社会信用代码", "Unified social credit code"),
    ),
    (
        "region_code",
        Text::new("所在区（行政区划代码）", "District (region code)"),
    ),
    ("address", Text::new("地址", "Address")),
    ("industry", Text::new("所属行业", "Industry")),
    ("year", Text::new("年度", "Year")),
    (
        "revenue_yuan",
        Text::new("营业收入（元）", "Operating revenue (yuan)"),
    ),
    ("employees", Text::new("从业人员（人）", "Employees")),
    ("display_name", Text::new("联系人姓名", "Your name")),
    (
        "login",
        Text::new("电子邮箱或手机号", "E-mail or mobile number"),
    ),
    ("password", Text::new("密码", "Password")),
    (
        "password_confirm",
        Text::new("确认密码", "Confirm password"),
    ),
];

fn label(ctx: &Ctx, name: &str) -> Cow<'static, str> {
    SIGN_UP_LABELS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(Cow::Borrowed(""), |(_, label)| ctx.say(label.clone()))
}

/// The sign-up form: the organisation, its figures and the first user.
pub fn sign_up(ctx: &Ctx, csrf: &str, form: &RegistrationForm, errors: &Errors) -> Markup {
    let title = ctx.say(Text::new("机构注册", "Sign your organisation up"));
    let labels: Vec<(&str, Cow<'static, str>)> = SIGN_UP_LABELS
        .iter()
        .map(|(n, _)| (*n, label(ctx, n)))
        .collect();
    let f = |name: &'static str, value: &str| {
        field(ctx, Input::text(name, &label(ctx, name), value), errors)
    };
    let chosen = if form.kind.is_empty() {
        "sme"
    } else {
        form.kind.as_str()
    };
    let kind_error = errors.of("kind");
    let content = html! {
        section class="card" {
            h1 { (title) }
            p class="muted" {
                (ctx.say(Text::new(
                    "注册后，平台管理员将核验机构信息；中小企业通过认证后方可发起交易。带 * 的为必填项。",
                    "After you sign up, an administrator checks your organisation's details; an SME can enter deals once verified. Fields marked * are required.")))
            }
            (error_summary(ctx, errors, &labels))
            form method="post" action="/sign-up" class="stack" novalidate {
                (csrf_input(csrf))
                fieldset {
                    legend { (ctx.say(Text::new("机构信息", "Organisation"))) }
                    div class={ "field" @if kind_error.is_some() { " has-error" } } {
                        label for="f-kind" { (label(ctx, "kind")) span class="required" { " *" } }
                        select id="f-kind" name="kind" aria-invalid=[kind_error.map(|_| "true")] {
                            @for kind in SELF_REGISTERED_KINDS {
                                option value=(kind.as_str()) selected[kind.as_str() == chosen] {
                                    (ctx.say(kind.label()))
                                }
                            }
                        }
                        @if let Some(m) = kind_error { p class="field-error" id="f-kind-error" { (m) } }
                    }
                    (field(ctx, Input::text("name_zh", &label(ctx, "name_zh"), &form.name_zh).required(), errors))
                    (f("name_en", &form.name_en))
                    (field(ctx, Input::text("credit_code", &label(ctx, "credit_code"), &form.credit_code)
                        .required()
                        .hint(&ctx.say(Text::new("18 位，见营业执照", "18 characters, on the business licence"))), errors))
                    (field(ctx, Input::text("region_code", &label(ctx, "region_code"), &form.region_code)
                        .required()
                        .hint(&ctx.say(Text::new("6 位 GB/T 2260 代码，可从列表选择，如 120116 滨海新区", "six-digit GB/T 2260 code; pick from the list, e.g. 120116 Binhai New Area"))), errors))
                    datalist id="districts" {
                        @for d in DISTRICTS {
                            option value=(d.code) { (d.code) " " (ctx.say(d.name())) }
                        }
                    }
                    (f("address", &form.address))
                    (f("industry", &form.industry))
                }
                fieldset {
                    legend { (ctx.say(Text::new("经营情况（企业必填）", "Figures (required of enterprises)"))) }
                    div class="row3" {
                        (field(ctx, Input::text("year", &label(ctx, "year"), &form.year).kind("number"), errors))
                        (field(ctx, Input::text("revenue_yuan", &label(ctx, "revenue_yuan"), &form.revenue_yuan)
                            .hint(&ctx.say(Text::new("上一年度，单位：元", "last year, in yuan"))), errors))
                        (field(ctx, Input::text("employees", &label(ctx, "employees"), &form.employees).kind("number"), errors))
                    }
                }
                fieldset {
                    legend { (ctx.say(Text::new("管理员账户", "Your account"))) }
                    (field(ctx, Input::text("display_name", &label(ctx, "display_name"), &form.display_name).required().autocomplete("name"), errors))
                    (field(ctx, Input::text("login", &label(ctx, "login"), &form.login).required().autocomplete("username"), errors))
                    (field(ctx, Input::text("password", &label(ctx, "password"), "").kind("password").required()
                        .autocomplete("new-password")
                        .hint(&ctx.say(Text::new("至少 10 个字符，不能全是数字", "at least 10 characters, not only digits"))), errors))
                    (field(ctx, Input::text("password_confirm", &label(ctx, "password_confirm"), "").kind("password").required().autocomplete("new-password"), errors))
                }
                button type="submit" class="primary" id="sign-up-button" { (ctx.say(Text::new("提交注册", "Sign up"))) }
            }
        }
        script { (maud::PreEscaped(r#"document.getElementById('f-region_code').setAttribute('list','districts');"#)) }
    };
    layout(ctx, &title, Nav::None, content)
}

/// Asking for a password-reset link.
pub fn reset_request(ctx: &Ctx, csrf: &str, login: &str, sent: bool, errors: &Errors) -> Markup {
    let title = ctx.say(Text::new("重置密码", "Reset your password"));
    let content = html! {
        section class="card narrow" {
            h1 { (title) }
            @if sent {
                (notice("ok", &ctx.say(Text::new(
                    "如果该账户存在，重置链接已发出。未配置邮件服务器时，链接记录在服务器日志中，请联系平台管理员获取。链接 60 分钟内有效。",
                    "If the account exists, a reset link has been issued. With no mail server configured the link is written to the server log: ask the platform administrator for it. It works for 60 minutes."))))
            }
            form method="post" action="/password-reset" class="stack" {
                (csrf_input(csrf))
                (field(ctx, Input::text("login", &ctx.say(Text::new("电子邮箱或手机号", "E-mail or mobile number")), login).required(), errors))
                button type="submit" class="primary" { (ctx.say(Text::new("发送重置链接", "Send the reset link"))) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// Choosing a new password with a reset link.
pub fn reset_confirm(ctx: &Ctx, csrf: &str, token: &str, errors: &Errors) -> Markup {
    let title = ctx.say(Text::new("设置新密码", "Choose a new password"));
    let content = html! {
        section class="card narrow" {
            h1 { (title) }
            form method="post" action={ "/password-reset/" (token) } class="stack" {
                (csrf_input(csrf))
                (field(ctx, Input::text("password", &ctx.say(Text::new("新密码", "New password")), "").kind("password").required()
                    .autocomplete("new-password")
                    .hint(&ctx.say(Text::new("至少 10 个字符，不能全是数字", "at least 10 characters, not only digits"))), errors))
                (field(ctx, Input::text("password_confirm", &ctx.say(Text::new("确认新密码", "Confirm the new password")), "").kind("password").required(), errors))
                button type="submit" class="primary" { (ctx.say(Text::new("保存新密码", "Save the new password"))) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// What "my account" shows besides the user.
pub struct AccountView<'a> {
    pub user: &'a UserRecord,
    pub organisations: Vec<(i64, String, OrganisationKind)>,
    pub tokens: &'a [ApiTokenRecord],
    /// A token just created, shown this once.
    pub new_token: Option<&'a str>,
    pub password_errors: Errors,
    pub token_errors: Errors,
    pub notice: Option<&'a str>,
}

pub fn account(ctx: &Ctx, csrf: &str, v: &AccountView<'_>) -> Markup {
    let title = ctx.say(Text::new("我的账户", "My account"));
    let u = v.user;
    let content = html! {
        h1 { (title) }
        @if let Some(n) = v.notice { (notice("ok", n)) }
        div class="grid2" {
            section class="card" {
                h2 { (ctx.say(Text::new("账户信息", "Profile"))) }
                dl class="facts" {
                    dt { (ctx.say(Text::new("姓名", "Name"))) } dd { (u.display_name) }
                    @if let Some(e) = &u.email { dt { (ctx.say(Text::new("电子邮箱", "E-mail"))) } dd { (e) } }
                    @if let Some(p) = &u.phone { dt { (ctx.say(Text::new("手机号", "Mobile"))) } dd { (p) } }
                    dt { (ctx.say(Text::new("平台角色", "Platform roles"))) }
                    dd {
                        @if u.platform_roles.is_empty() { span class="muted" { "—" } }
                        @for r in &u.platform_roles {
                            span class="badge" { (ctx.say(r.label())) } " "
                        }
                    }
                    dt { (ctx.say(Text::new("所属机构", "Organisations"))) }
                    dd {
                        @if v.organisations.is_empty() { span class="muted" { "—" } }
                        @for (id, name, kind) in &v.organisations {
                            a href={ "/organisations/" (id) } { (name) }
                            span class="muted small" { " · " (ctx.say(kind.label())) }
                            br;
                        }
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("修改密码", "Change password"))) }
                p class="muted small" { (ctx.say(Text::new("修改后所有登录会话将结束，需要重新登录。", "All your sessions end; you sign in again afterwards."))) }
                form method="post" action="/account/password" class="stack" {
                    (csrf_input(csrf))
                    (field(ctx, Input::text("current_password", &ctx.say(Text::new("当前密码", "Current password")), "").kind("password").required().autocomplete("current-password"), &v.password_errors))
                    (field(ctx, Input::text("password", &ctx.say(Text::new("新密码", "New password")), "").kind("password").required().autocomplete("new-password"), &v.password_errors))
                    (field(ctx, Input::text("password_confirm", &ctx.say(Text::new("确认新密码", "Confirm the new password")), "").kind("password").required().autocomplete("new-password"), &v.password_errors))
                    button type="submit" { (ctx.say(Text::new("修改密码", "Change password"))) }
                }
            }
        }
        section class="card" id="tokens" {
            h2 { (ctx.say(Text::new("API 令牌", "API tokens"))) }
            p class="muted small" {
                (ctx.say(Text::new("供程序调用 JSON API 使用（请求头 Authorization: Bearer …）。令牌只在创建时显示一次，平台只保存其摘要。",
                        "For programs calling the JSON API (header Authorization: Bearer …). A token is shown once, when created; the platform keeps only its hash.")))
            }
            @if let Some(t) = v.new_token {
                div class="notice ok" role="status" {
                    strong { (ctx.say(Text::new("新令牌（请立即复制保存，不会再次显示）：", "Your new token (copy it now; it is not shown again):"))) }
                    pre class="token" id="new-token" { (t) }
                }
            }
            @if v.tokens.is_empty() {
                p class="muted" { (ctx.say(Text::new("还没有令牌。", "No tokens yet."))) }
            } @else {
                table class="table" {
                    thead { tr {
                        th { (ctx.say(Text::new("名称", "Name"))) } th { (ctx.say(Text::new("权限范围", "Scopes"))) }
                        th { (ctx.say(Text::new("创建时间", "Created"))) } th { (ctx.say(Text::new("最近使用", "Last used"))) } th {}
                    } }
                    tbody {
                        @for t in v.tokens {
                            tr {
                                td { (t.name) }
                                td { (t.scopes.join(", ")) }
                                td class="nowrap" { (t.created_at.format("%Y-%m-%d %H:%M")) }
                                td class="nowrap" { (t.last_used_at.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())) }
                                td {
                                    @if t.revoked_at.is_some() {
                                        span class="badge" { (ctx.say(Text::new("已撤销", "revoked"))) }
                                    } @else {
                                        (super::forms::button_form(&format!("/account/tokens/{}/revoke", t.id), csrf, &[], &ctx.say(Text::new("撤销", "Revoke")), "danger small"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 { (ctx.say(Text::new("创建令牌", "Create a token"))) }
            form method="post" action="/account/tokens" class="stack" {
                (csrf_input(csrf))
                (field(ctx, Input::text("name", &ctx.say(Text::new("名称（用途）", "Name (what it is for)")), "").required(), &v.token_errors))
                fieldset class={ "scopes" @if v.token_errors.of("scopes").is_some() { " has-error" } } {
                    legend { (ctx.say(Text::new("权限范围", "Scopes"))) }
                    @for s in Scope::ALL {
                        label class="check" {
                            input type="checkbox" name="scopes" value=(s.as_str()) checked[s == Scope::Read];
                            " " code { (s.as_str()) } " " (ctx.say(s.label()))
                        }
                    }
                    @if let Some(m) = v.token_errors.of("scopes") { p class="field-error" { (m) } }
                }
                button type="submit" { (ctx.say(Text::new("创建令牌", "Create token"))) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
