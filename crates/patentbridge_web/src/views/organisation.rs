//! An organisation's page (profile, verification, figures, members,
//! invitations) and the page that accepts an invitation.

use maud::{Markup, html};
use patentbridge_domain::{MembershipRole, Verification};
use patentbridge_storage::{InvitationRecord, OrganisationFigures, OrganisationRecord, UserRecord};

use super::forms::{Errors, Input, button_form, csrf_input, field, notice, verification_badge};
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::Text;

/// The region's name in the page's language, with its code.
pub fn region_label(ctx: &Ctx, org: &OrganisationRecord) -> String {
    match org.region {
        Some(r) => match r.name() {
            Some(name) => format!("{} ({r})", ctx.say(name)),
            None => r.to_string(),
        },
        None => "—".to_string(),
    }
}

/// Everything the organisation page shows.
pub struct OrganisationView<'a> {
    pub org: &'a OrganisationRecord,
    pub figures: &'a [OrganisationFigures],
    /// Shown to members, administrators and the bureau only.
    pub members: Option<&'a [(UserRecord, MembershipRole)]>,
    pub invitations: Option<&'a [InvitationRecord]>,
    pub can_manage: bool,
    pub can_verify: bool,
    /// An invitation link just made, shown once.
    pub new_invitation: Option<&'a str>,
    pub invite_errors: Errors,
    pub notice: Option<&'a str>,
}

pub fn page(ctx: &Ctx, csrf: &str, v: &OrganisationView<'_>) -> Markup {
    let org = v.org;
    let name = match (&org.name_en, ctx.lang.is_zh()) {
        (Some(en), false) => en.as_str(),
        _ => org.name_zh.as_str(),
    };
    let verification_note = match org.verification {
        Verification::Verified => None,
        Verification::Pending => Some(ctx.say(Text::new(
            "已提交认证，等待平台管理员审核。",
            "Submitted for verification; an administrator will review it.",
        ))),
        Verification::Rejected => Some(ctx.say(Text::new(
            "认证未通过。请核对机构信息后重新提交。",
            "Verification was turned down. Check the details and submit again.",
        ))),
        Verification::Unverified => Some(ctx.say(Text::new(
            "尚未认证。中小企业须通过认证才能发起交易。",
            "Not verified yet. An SME must be verified before it can enter deals.",
        ))),
    };
    let action = format!("/organisations/{}/verification", org.id);
    let content = html! {
        div class="page-head" {
            h1 { (name) " " (verification_badge(ctx, org.verification)) }
            p class="muted" { (ctx.say(org.kind.label())) }
        }
        @if let Some(n) = v.notice { (notice("ok", n)) }
        @if let Some(note) = verification_note { (notice("warn", &note)) }
        div class="grid2" {
            section class="card" {
                h2 { (ctx.say(Text::new("机构信息", "Profile"))) }
                dl class="facts" {
                    dt { (ctx.say(Text::new("中文名称", "Chinese name"))) } dd { (org.name_zh) }
                    @if let Some(en) = &org.name_en { dt { (ctx.say(Text::new("英文名称", "English name"))) } dd { (en) } }
                    dt { (ctx.say(Text::new("统一社会信用代码", "Credit code"))) }
                    dd { code { (org.credit_code.as_ref().map_or("—", |c| c.as_str())) } }
                    dt { (ctx.say(Text::new("所在地区", "District"))) } dd { (region_label(ctx, org)) }
                    @if let Some(a) = &org.address { dt { (ctx.say(Text::new("地址", "Address"))) } dd { (a) } }
                    @if let Some(i) = &org.industry { dt { (ctx.say(Text::new("行业", "Industry"))) } dd { (i) } }
                    dt { (ctx.say(Text::new("注册时间", "Signed up"))) } dd { (org.created_at.format("%Y-%m-%d")) }
                }
                div class="actions" {
                    @if v.can_manage && matches!(org.verification, Verification::Unverified | Verification::Rejected) {
                        (button_form(&action, csrf, &[("event", "submit")], &ctx.say(Text::new("提交认证", "Submit for verification")), "primary"))
                    }
                    @if v.can_verify && org.verification == Verification::Pending {
                        (button_form(&action, csrf, &[("event", "approve")], &ctx.say(Text::new("通过认证", "Approve")), "primary"))
                        (button_form(&action, csrf, &[("event", "reject")], &ctx.say(Text::new("驳回", "Reject")), "danger"))
                    }
                    @if v.can_verify && org.verification == Verification::Verified {
                        (button_form(&action, csrf, &[("event", "revoke")], &ctx.say(Text::new("撤销认证", "Revoke verification")), "danger"))
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("经营情况", "Figures"))) }
                @if v.figures.is_empty() {
                    p class="muted" { (ctx.say(Text::new("未填报。", "None reported."))) }
                } @else {
                    table class="table" {
                        thead { tr {
                            th { (ctx.say(Text::new("年度", "Year"))) } th class="num" { (ctx.say(Text::new("营业收入（元）", "Revenue (yuan)"))) }
                            th class="num" { (ctx.say(Text::new("从业人员", "Employees"))) } th { (ctx.say(Text::new("规模", "Size"))) }
                        } }
                        tbody {
                            @for f in v.figures {
                                tr {
                                    td { (f.year) }
                                    td class="num" { (f.revenue) }
                                    td class="num" { (f.employees) }
                                    td { (ctx.say(f.size_class.label())) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(members) = v.members {
            section class="card" {
                h2 { (ctx.say(Text::new("成员", "Members"))) }
                table class="table" {
                    thead { tr { th { (ctx.say(Text::new("姓名", "Name"))) } th { (ctx.say(Text::new("登录名", "Login"))) } th { (ctx.say(Text::new("角色", "Role"))) } } }
                    tbody {
                        @for (u, role) in members {
                            tr {
                                td { (u.display_name) }
                                td { (u.email.as_deref().or(u.phone.as_deref()).unwrap_or("—")) }
                                td { (ctx.say(role.label())) }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(invitations) = v.invitations {
            section class="card" id="invitations" {
                h2 { (ctx.say(Text::new("邀请成员", "Invitations"))) }
                @if let Some(link) = v.new_invitation {
                    div class="notice ok" role="status" {
                        strong { (ctx.say(Text::new("邀请链接（只显示这一次，请发给被邀请人）：", "Invitation link (shown this once; send it to the invitee):"))) }
                        pre class="token" id="invitation-link" { (link) }
                    }
                }
                @if !invitations.is_empty() {
                    table class="table" {
                        thead { tr { th { (ctx.say(Text::new("电子邮箱", "E-mail"))) } th { (ctx.say(Text::new("角色", "Role"))) } th { (ctx.say(Text::new("发出时间", "Sent"))) } th { (ctx.say(Text::new("状态", "State"))) } } }
                        tbody {
                            @for i in invitations {
                                tr {
                                    td { (i.email) }
                                    td { (ctx.say(i.role.label())) }
                                    td class="nowrap" { (i.created_at.format("%Y-%m-%d %H:%M")) }
                                    td { @if i.accepted_at.is_some() { (ctx.say(Text::new("已加入", "joined"))) } @else { (ctx.say(Text::new("待接受", "open"))) } }
                                }
                            }
                        }
                    }
                }
                @if v.can_manage {
                    form method="post" action={ "/organisations/" (org.id) "/invitations" } class="stack inline-fields" {
                        (csrf_input(csrf))
                        (field(ctx, Input::text("email", &ctx.say(Text::new("被邀请人电子邮箱", "Invitee's e-mail")), "").kind("email").required(), &v.invite_errors))
                        div class="field" {
                            label for="f-role" { (ctx.say(Text::new("角色", "Role"))) }
                            select id="f-role" name="role" {
                                option value="member" { (ctx.say(Text::new("成员", "Member"))) }
                                option value="manager" { (ctx.say(Text::new("管理者", "Manager"))) }
                            }
                        }
                        button type="submit" { (ctx.say(Text::new("生成邀请链接", "Create invitation link"))) }
                    }
                }
            }
        }
    };
    layout(ctx, name, Nav::None, content)
}

/// The invitation page: join as the signed-in user, or sign in first.
pub fn invitation(ctx: &Ctx, csrf: &str, token: &str, signed_in: bool) -> Markup {
    let title = ctx.say(Text::new("接受邀请", "Accept the invitation"));
    let here = format!("/invitations/{token}");
    let content = html! {
        section class="card narrow" {
            h1 { (title) }
            @if signed_in {
                p { (ctx.say(Text::new("确认以当前账户加入该机构。", "Join the organisation with the account you are signed in with."))) }
                form method="post" action=(here) {
                    (csrf_input(csrf))
                    button type="submit" class="primary" { (ctx.say(Text::new("加入机构", "Join"))) }
                }
            } @else {
                p { (ctx.say(Text::new("请先登录；没有账户的，请联系邀请人或先注册。", "Sign in first; without an account, ask the person who invited you or sign up."))) }
                a class="button primary" href={ "/sign-in?next=" (here) } { (ctx.say(Text::new("登录", "Sign in"))) }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
