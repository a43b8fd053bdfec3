//! Oversight pages: the verification queue, user management with sign-in
//! locks, and the audit log.

use chrono::Utc;
use maud::{Markup, html};
use patentbridge_domain::Verification;
use patentbridge_storage::{AuditEntry, OrganisationRecord, UserRecord};

use super::forms::{button_form, notice, verification_badge};
use super::organisation::region_label;
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::Text;
use crate::search_params::encode;

/// The verification queue, filtered by state.
pub fn organisations(
    ctx: &Ctx,
    csrf: &str,
    state: Option<Verification>,
    orgs: &[OrganisationRecord],
    message: Option<&str>,
) -> Markup {
    let title = ctx.say(Text::new("机构认证", "Organisation verification"));
    let tab = |v: Option<Verification>, label: &str| {
        let href = match v {
            Some(v) => format!("/admin/organisations?state={}", v.as_str()),
            None => "/admin/organisations?state=all".to_string(),
        };
        html! { a href=(href) class="tab" aria-current=[(v == state).then_some("page")] { (label) } }
    };
    let content = html! {
        h1 { (title) }
        @if let Some(m) = message { (notice("ok", m)) }
        nav class="tabs" aria-label=(ctx.say(Text::new("按状态筛选", "Filter by state"))) {
            (tab(Some(Verification::Pending), &ctx.say(Text::new("待审核", "Awaiting review"))))
            (tab(Some(Verification::Verified), &ctx.say(Text::new("已认证", "Verified"))))
            (tab(Some(Verification::Rejected), &ctx.say(Text::new("未通过", "Rejected"))))
            (tab(Some(Verification::Unverified), &ctx.say(Text::new("未提交", "Not submitted"))))
            (tab(None, &ctx.say(Text::new("全部", "All"))))
        }
        @if orgs.is_empty() {
            p class="muted card" { (ctx.say(Text::new("没有符合条件的机构。", "No organisations in this state."))) }
        } @else {
            table class="table card" {
                thead { tr {
                    th { (ctx.say(Text::new("机构", "Organisation"))) } th { (ctx.say(Text::new("类型", "Kind"))) }
                    th { (ctx.say(Text::new("统一社会信用代码", "Credit code"))) } th { (ctx.say(Text::new("地区", "District"))) }
                    th { (ctx.say(Text::new("状态", "State"))) } th { (ctx.say(Text::new("操作", "Action"))) }
                } }
                tbody {
                    @for o in orgs {
                        @let action = format!("/organisations/{}/verification", o.id);
                        tr data-organisation=(o.id) {
                            td { a href={ "/organisations/" (o.id) } { (o.name_zh) } }
                            td { (ctx.say(o.kind.label())) }
                            td { code { (o.credit_code.as_ref().map_or("—", |c| c.as_str())) } }
                            td { (region_label(ctx, o)) }
                            td { (verification_badge(ctx, o.verification)) }
                            td class="nowrap" {
                                @if o.verification == Verification::Pending {
                                    (button_form(&action, csrf, &[("event", "approve"), ("back", "queue")], &ctx.say(Text::new("通过", "Approve")), "primary small"))
                                    (button_form(&action, csrf, &[("event", "reject"), ("back", "queue")], &ctx.say(Text::new("驳回", "Reject")), "danger small"))
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

/// User management: roles, memberships and sign-in locks.
pub fn users(ctx: &Ctx, csrf: &str, users: &[UserRecord], message: Option<&str>) -> Markup {
    let title = ctx.say(Text::new("用户管理", "Users"));
    let now = Utc::now();
    let content = html! {
        h1 { (title) }
        @if let Some(m) = message { (notice("ok", m)) }
        table class="table card" {
            thead { tr {
                th { "ID" } th { (ctx.say(Text::new("姓名", "Name"))) } th { (ctx.say(Text::new("登录名", "Login"))) }
                th { (ctx.say(Text::new("平台角色", "Platform roles"))) } th class="num" { (ctx.say(Text::new("所属机构", "Organisations"))) }
                th class="num" { (ctx.say(Text::new("连续输错", "Wrong passwords"))) } th { (ctx.say(Text::new("登录状态", "Sign-in"))) }
            } }
            tbody {
                @for u in users {
                    tr data-user=(u.id) {
                        td { (u.id) }
                        td { (u.display_name) }
                        td { (u.email.as_deref().or(u.phone.as_deref()).unwrap_or("—")) }
                        td {
                            @for r in &u.platform_roles { span class="badge" { (ctx.say(r.label())) } " " }
                        }
                        td class="num" {
                            @for m in &u.memberships { a href={ "/organisations/" (m.org_id) } { (m.org_id) } " " }
                        }
                        td class="num" { (u.failed_logins) }
                        td class="nowrap" {
                            @if let Some(until) = u.locked_until.filter(|t| *t > now) {
                                span class="badge status-lapsed lock" {
                                    (ctx.say(Text::new("已锁定至 ", "Locked until "))) (until.format("%Y-%m-%d %H:%M UTC"))
                                }
                                " "
                                (button_form(&format!("/admin/users/{}/unlock", u.id), csrf, &[], &ctx.say(Text::new("解锁", "Unlock")), "small"))
                            } @else {
                                span class="muted" { (ctx.say(Text::new("正常", "OK"))) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// The audit log with its filters and the CSV export of the same filter.
pub fn audit(
    ctx: &Ctx,
    entries: &[AuditEntry],
    pairs: &[(String, String)],
    offset: i64,
    limit: i64,
) -> Markup {
    let title = ctx.say(Text::new("审计日志", "Audit log"));
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
            .to_string()
    };
    let kept: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| !v.is_empty() && !matches!(k.as_str(), "offset" | "format" | "lang"))
        .map(|(k, v)| format!("{}={}", k, encode(v)))
        .collect();
    let kept = kept.join("&");
    let page_href = |off: i64| format!("/audit?{kept}&offset={off}");
    let content = html! {
        h1 { (title) }
        form class="card filters-row" method="get" action="/audit" {
            label { (ctx.say(Text::new("操作", "Action"))) input name="action" value=(value("action")) placeholder="organisation.verification"; }
            label { (ctx.say(Text::new("对象类型", "Entity type"))) input name="entity_type" value=(value("entity_type")) placeholder="user"; }
            label { (ctx.say(Text::new("用户 ID", "User id"))) input name="user_id" value=(value("user_id")) inputmode="numeric" size="6"; }
            label { (ctx.say(Text::new("机构 ID", "Organisation id"))) input name="organisation_id" value=(value("organisation_id")) inputmode="numeric" size="6"; }
            button type="submit" { (ctx.say(Text::new("筛选", "Filter"))) }
            a class="button" href={ "/api/v1/audit?format=csv&" (kept) } download { (ctx.say(Text::new("导出 CSV", "Export CSV"))) }
        }
        @if entries.is_empty() {
            p class="muted card" { (ctx.say(Text::new("没有符合条件的记录。", "No entries match."))) }
        } @else {
            table class="table card audit" {
                thead { tr {
                    th { (ctx.say(Text::new("时间 (UTC)", "Time (UTC)"))) } th { (ctx.say(Text::new("用户", "User"))) } th { (ctx.say(Text::new("机构", "Org."))) }
                    th { (ctx.say(Text::new("操作", "Action"))) } th { (ctx.say(Text::new("对象", "Entity"))) }
                    th { (ctx.say(Text::new("变更前", "Before"))) } th { (ctx.say(Text::new("变更后", "After"))) } th { (ctx.say(Text::new("请求", "Request"))) }
                } }
                tbody {
                    @for e in entries {
                        tr {
                            td class="nowrap" { (e.at.format("%Y-%m-%d %H:%M:%S")) }
                            td { (e.user_id.map_or("—".to_string(), |u| u.to_string())) }
                            td { (e.organisation_id.map_or("—".to_string(), |o| o.to_string())) }
                            td { code { (e.action) } }
                            td { (e.entity_type) " " (e.entity_id) }
                            td class="summary" { (e.before_summary.as_deref().unwrap_or("")) }
                            td class="summary" { (e.after_summary.as_deref().unwrap_or("")) }
                            td class="small muted" { (e.request_id.as_deref().map_or("", |r| r.get(..8).unwrap_or(r))) }
                        }
                    }
                }
            }
        }
        nav class="pager" {
            @if offset > 0 { a href=(page_href((offset - limit).max(0))) { "← " (ctx.say(Text::new("上一页", "Previous"))) } }
            @if entries.len() as i64 == limit { a href=(page_href(offset + limit)) { (ctx.say(Text::new("下一页", "Next"))) " →" } }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
