//! The dormant-patent pool's pages: the public summary, screening, the
//! intake review list, one entry's history, and bulk upload.

use std::borrow::Cow;

use maud::{Markup, html};
use patentbridge_domain::listing::Industry;
use patentbridge_domain::pool::{IntakeState, IntakeStep, Reason};
use patentbridge_storage::{OrganisationRecord, PoolEntryRecord, PoolStepRecord, PoolSummary};

use super::forms::{Errors, csrf_input, error_summary, notice};
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::Text;
use patentbridge_app::pool::{Screened, Screening, UploadRejection};

fn title_of<'a>(ctx: &Ctx, zh: Option<&'a str>, en: Option<&'a str>) -> &'a str {
    if ctx.lang.is_zh() {
        zh.or(en).unwrap_or("—")
    } else {
        en.or(zh).unwrap_or("—")
    }
}

fn org_name<'a>(ctx: &Ctx, zh: &'a str, en: Option<&'a str>) -> &'a str {
    match (en, ctx.lang.is_zh()) {
        (Some(en), false) => en,
        _ => zh,
    }
}

fn industry_label(ctx: &Ctx, code: &str) -> String {
    Industry::parse(code).map_or_else(|_| code.to_string(), |i| ctx.say(i.label()).to_string())
}

fn state_label(ctx: &Ctx, s: IntakeState) -> Cow<'static, str> {
    ctx.say(s.label())
}

/// The links between the pool's pages, for members of a source.
fn pool_tabs(ctx: &Ctx, current: &str) -> Markup {
    let links = [
        ("/pool", ctx.say(Text::new("概况", "Overview"))),
        (
            "/pool/screening",
            ctx.say(Text::new("沉睡专利筛查", "Screening")),
        ),
        (
            "/pool/intake",
            ctx.say(Text::new("入池审核", "Intake review")),
        ),
        (
            "/pool/upload",
            ctx.say(Text::new("批量上传", "Bulk upload")),
        ),
    ];
    html! {
        nav class="tabs" aria-label=(ctx.say(Text::new("专利池", "Patent pool"))) {
            @for (href, label) in links {
                a class="tab" href=(href) aria-current=[(href == current).then_some("page")] { (label) }
            }
        }
    }
}

/// `/pool`: the pool against the target, by owner and industry.
pub fn summary_page(ctx: &Ctx, s: &PoolSummary, member: bool) -> Markup {
    let percent = if s.target > 0 {
        (s.pooled * 100 / s.target).min(100)
    } else {
        0
    };
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("沉睡专利池", "Dormant-patent pool"))) }
            p class="muted" { (ctx.say(Text::new(
                "高校、科研院所和国有企业多年未转化的有效专利，经院系与技术转移中心审核后入池，面向中小企业推广。",
                "Patents in force that universities, institutes and SOEs have left unused for years, taken into the pool after department and tech-transfer office review and offered to SMEs."
            ))) }
        }
        @if member { (pool_tabs(ctx, "/pool")) }
        section class="card" {
            h2 { (ctx.say(Text::new("入池进度", "Progress"))) }
            p id="pool-count" {
                strong class="stat-value" { (s.pooled) } " / " (s.target) " "
                (ctx.say(Text::new("件（目标）", "patents (target)")))
            }
            progress class="pool-progress" max=(s.target) value=(s.pooled) aria-label=(ctx.say(Text::new("入池进度", "Progress"))) { (percent) "%" }
            p class="muted" { (ctx.say(Text::new("审核中：", "In review: "))) span id="pool-in-review" { (s.in_review) } }
        }
        div class="grid2" {
            section class="card" {
                h2 { (ctx.say(Text::new("按权利人", "By owner"))) }
                @if s.by_owner.is_empty() {
                    p class="muted" { (ctx.say(Text::new("暂无入池专利。", "Nothing pooled yet."))) }
                } @else {
                    table class="table" {
                        thead { tr { th { (ctx.say(Text::new("权利人", "Owner"))) } th class="num" { (ctx.say(Text::new("件数", "Patents"))) } } }
                        tbody { @for o in &s.by_owner {
                            tr { td { (org_name(ctx, &o.name_zh, o.name_en.as_deref())) } td class="num" { (o.count) } }
                        } }
                    }
                }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("按产业", "By industry"))) }
                @if s.by_industry.is_empty() {
                    p class="muted" { (ctx.say(Text::new("暂无入池专利。", "Nothing pooled yet."))) }
                } @else {
                    table class="table" {
                        thead { tr { th { (ctx.say(Text::new("产业", "Industry"))) } th class="num" { (ctx.say(Text::new("件数", "Patents"))) } } }
                        tbody { @for (code, n) in &s.by_industry {
                            tr { td { (industry_label(ctx, code)) } td class="num" { (n) } }
                        } }
                    }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("沉睡专利池", "Dormant-patent pool")),
        Nav::None,
        content,
    )
}

fn reason_list(ctx: &Ctx, reasons: &[Reason]) -> Markup {
    html! {
        ul class="reasons" {
            @for r in reasons {
                li class={ "reason " @if r.holds { "holds" } @else { "fails" } } {
                    (if r.holds { "✓ " } else { "✗ " }) (r.text.get(ctx.lang))
                }
            }
        }
    }
}

fn screened_row(ctx: &Ctx, s: &Screened, checkbox: bool) -> Markup {
    let p = &s.patent;
    html! {
        tr {
            @if checkbox {
                td { input type="checkbox" name="patent" value=(p.number) id={ "c-" (p.number) } checked; }
            }
            td { a href={ "/patents/" (p.number) } { code { (p.number) } } }
            td { (title_of(ctx, p.title_zh.as_deref(), p.title_en.as_deref())) }
            td { (ctx.say(s.industry.label())) }
            td { (reason_list(ctx, &s.verdict.reasons)) }
        }
    }
}

/// `/pool/screening`: the rules' field, the dormant candidates with their
/// reasons and checkboxes, and the others (collapsed).
pub fn screening_page(ctx: &Ctx, csrf: &str, s: &Screening, errors: &Errors) -> Markup {
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("沉睡专利筛查", "Dormant-patent screening"))) }
            p class="muted" { (org_name(ctx, &s.organisation.name_zh, s.organisation.name_en.as_deref())) " · " (ctx.say(Text::new("截至 ", "as of "))) (s.today) }
        }
        (pool_tabs(ctx, "/pool/screening"))
        (error_summary(ctx, errors, &[("patents", &ctx.say(Text::new("专利", "Patents"))), ("idle_years", &ctx.say(Text::new("闲置年限", "Idle years")))]))
        form class="filters-row card" method="get" action="/pool/screening" {
            label for="f-idle_years" {
                (ctx.say(Text::new("闲置年限（年）", "Idle period (years)")))
                input id="f-idle_years" name="idle_years" type="number" min="1" max="20" value=(s.idle_years);
            }
            button type="submit" class="button" { (ctx.say(Text::new("重新筛查", "Screen again"))) }
        }
        section class="card" {
            h2 { (ctx.say(Text::new("沉睡专利候选", "Dormant candidates"))) " " span class="badge" id="dormant-count" { (s.dormant.len()) } }
            @if s.dormant.is_empty() {
                p class="muted" { (ctx.say(Text::new("没有符合条件的专利。", "No patent meets every rule."))) }
            } @else {
                form method="post" action="/pool/screening" {
                    (csrf_input(csrf))
                    input type="hidden" name="idle_years" value=(s.idle_years);
                    div class="table-scroll" {
                        table class="table" id="dormant" {
                            thead { tr {
                                th { (ctx.say(Text::new("选择", "Pick"))) } th { (ctx.say(Text::new("专利号", "Number"))) } th { (ctx.say(Text::new("名称", "Title"))) }
                                th { (ctx.say(Text::new("产业", "Industry"))) } th { (ctx.say(Text::new("理由", "Reasons"))) }
                            } }
                            tbody { @for c in &s.dormant { (screened_row(ctx, c, true)) } }
                        }
                    }
                    div class="actions" {
                        button type="submit" class="button primary" id="propose" { (ctx.say(Text::new("提议入池", "Propose for the pool"))) }
                    }
                }
            }
        }
        section class="card" {
            details {
                summary {
                    (ctx.say(Text::new("不符合条件的专利", "Patents that do not qualify"))) " "
                    span class="badge" id="others-count" { (s.others.len()) }
                }
                div class="table-scroll" {
                    table class="table" id="others" {
                        thead { tr {
                            th { (ctx.say(Text::new("专利号", "Number"))) } th { (ctx.say(Text::new("名称", "Title"))) }
                            th { (ctx.say(Text::new("产业", "Industry"))) } th { (ctx.say(Text::new("理由", "Reasons"))) }
                        } }
                        tbody { @for c in &s.others { (screened_row(ctx, c, false)) } }
                    }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("沉睡专利筛查", "Dormant-patent screening")),
        Nav::None,
        content,
    )
}

/// What the intake page shows.
pub struct IntakeView<'a> {
    pub organisation: &'a OrganisationRecord,
    pub state: IntakeState,
    pub counts: &'a [(IntakeState, i64)],
    pub entries: &'a [PoolEntryRecord],
    pub page: i64,
    pub has_more: bool,
    /// The caller may take the office's final step.
    pub can_approve: bool,
    pub notice: Option<&'a str>,
    pub errors: Errors,
}

/// `/pool/intake`: the organisation's entries by state, with the step the
/// state allows for several entries at once and rejection with a note.
pub fn intake_page(ctx: &Ctx, csrf: &str, v: &IntakeView<'_>) -> Markup {
    let step = match v.state {
        IntakeState::Proposed => Some(IntakeStep::DepartmentApprove),
        IntakeState::DepartmentApproved if v.can_approve => Some(IntakeStep::OfficeApprove),
        _ => None,
    };
    let open = matches!(
        v.state,
        IntakeState::Proposed | IntakeState::DepartmentApproved
    );
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("入池审核", "Pool intake review"))) }
            p class="muted" { (org_name(ctx, &v.organisation.name_zh, v.organisation.name_en.as_deref())) }
        }
        (pool_tabs(ctx, "/pool/intake"))
        @if let Some(n) = v.notice { (notice("ok", n)) }
        (error_summary(ctx, &v.errors, &[("note", &ctx.say(Text::new("说明", "Note"))), ("step", &ctx.say(Text::new("操作", "Step"))), ("entry", &ctx.say(Text::new("条目", "Entries")))]))
        nav class="tabs" aria-label=(ctx.say(Text::new("状态", "State"))) {
            @for (s, n) in v.counts {
                a class="tab" href={ "/pool/intake?state=" (s.as_str()) } aria-current=[(*s == v.state).then_some("page")] {
                    (state_label(ctx, *s)) " (" (n) ")"
                }
            }
        }
        @if v.state == IntakeState::DepartmentApproved && !v.can_approve {
            (notice("warn", &ctx.say(Text::new("批准入池须由本机构管理者（技术转移中心）操作。", "The final approval is for the organisation's managers (the tech-transfer office)."))))
        }
        @if v.entries.is_empty() {
            p class="muted" { (ctx.say(Text::new("没有条目。", "No entries."))) }
        } @else {
            form method="post" action="/pool/intake" class="card" {
                (csrf_input(csrf))
                input type="hidden" name="state" value=(v.state.as_str());
                div class="table-scroll" {
                    table class="table" id="entries" {
                        thead { tr {
                            @if open { th { (ctx.say(Text::new("选择", "Pick"))) } }
                            th { (ctx.say(Text::new("专利号", "Number"))) } th { (ctx.say(Text::new("名称", "Title"))) }
                            th { (ctx.say(Text::new("产业", "Industry"))) } th { (ctx.say(Text::new("来源", "Source"))) }
                            th { (ctx.say(Text::new("更新", "Updated"))) } th {}
                        } }
                        tbody { @for e in v.entries {
                            tr {
                                @if open { td { input type="checkbox" name="entry" value=(e.id) aria-label=(e.number); } }
                                td { code { (e.number) } }
                                td { (title_of(ctx, e.title_zh.as_deref(), e.title_en.as_deref())) }
                                td { (industry_label(ctx, &e.industry)) }
                                td { (if e.source == "upload" { ctx.say(Text::new("批量上传", "Upload")) } else { ctx.say(Text::new("筛查", "Screening")) }) }
                                td class="nowrap" { (e.updated_at.format("%Y-%m-%d")) }
                                td { a href={ "/pool/entries/" (e.id) } { (ctx.say(Text::new("审核记录", "History"))) } }
                            }
                        } }
                    }
                }
                @if open {
                    div class="field" {
                        label for="f-note" { (ctx.say(Text::new("说明（不予入池时必填）", "Note (required to reject)"))) }
                        input id="f-note" name="note" type="text";
                    }
                    div class="actions" {
                        @if let Some(step) = step {
                            button type="submit" name="step" value=(step.as_str()) class="button primary" id="approve" {
                                (match step {
                                    IntakeStep::DepartmentApprove => ctx.say(Text::new("院系审核通过", "Department approves")),
                                    _ => ctx.say(Text::new("批准入池", "Approve into the pool")),
                                })
                            }
                        }
                        button type="submit" name="step" value="reject" class="button danger" id="reject" { (ctx.say(Text::new("不予入池", "Reject"))) }
                    }
                }
            }
            div class="pager" {
                @if v.page > 1 { a href={ "/pool/intake?state=" (v.state.as_str()) "&page=" (v.page - 1) } { (ctx.say(Text::new("上一页", "Previous"))) } }
                @if v.has_more { a href={ "/pool/intake?state=" (v.state.as_str()) "&page=" (v.page + 1) } { (ctx.say(Text::new("下一页", "Next"))) } }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("入池审核", "Pool intake review")),
        Nav::None,
        content,
    )
}

/// `/pool/entries/{id}`: an entry, why it was proposed, and its steps.
pub fn entry_page(ctx: &Ctx, e: &PoolEntryRecord, steps: &[PoolStepRecord]) -> Markup {
    let step_label = |s: &str| match IntakeStep::parse(s) {
        Ok(step) => ctx.say(step.label()).to_string(),
        Err(_) if s == "propose" => ctx.say(Text::new("提议入池", "Proposed")).to_string(),
        Err(_) => s.to_string(),
    };
    let content = html! {
        div class="page-head" {
            h1 { code { (e.number) } " " (title_of(ctx, e.title_zh.as_deref(), e.title_en.as_deref())) }
            p { span class="badge" id="entry-state" data-state=(e.state.as_str()) { (state_label(ctx, e.state)) } }
        }
        (pool_tabs(ctx, ""))
        div class="grid2" {
            section class="card" {
                h2 { (ctx.say(Text::new("入池理由", "Why it was proposed"))) }
                ul class="reasons" { @for r in &e.reasons { li { (if r.holds { "✓ " } else { "✗ " }) (r.text.get(ctx.lang)) } } }
                dl class="facts" {
                    dt { (ctx.say(Text::new("产业", "Industry"))) } dd { (industry_label(ctx, &e.industry)) }
                    dt { (ctx.say(Text::new("专利", "Patent"))) } dd { a href={ "/patents/" (e.number) } { (e.number) } }
                }
            }
            section class="card" {
                h2 { (ctx.say(Text::new("审核记录", "History"))) }
                table class="table" id="steps" {
                    thead { tr { th { (ctx.say(Text::new("时间", "When"))) } th { (ctx.say(Text::new("操作", "Step"))) } th { (ctx.say(Text::new("操作人", "Who"))) } th { (ctx.say(Text::new("说明", "Note"))) } } }
                    tbody { @for s in steps {
                        tr {
                            td class="nowrap" { (s.at.format("%Y-%m-%d %H:%M")) }
                            td { (step_label(&s.step)) }
                            td { (s.user_name.as_deref().unwrap_or(&ctx.say(Text::new("系统", "System")))) }
                            td { (s.note.as_deref().unwrap_or("")) }
                        }
                    } }
                }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("入池审核记录", "Pool entry")),
        Nav::None,
        content,
    )
}

/// `/pool/upload`: the template file form, and each refused row.
pub fn upload_page(
    ctx: &Ctx,
    csrf: &str,
    rejections: &[UploadRejection],
    errors: &Errors,
    done: Option<usize>,
) -> Markup {
    let content = html! {
        div class="page-head" {
            h1 { (ctx.say(Text::new("批量上传入池", "Bulk intake upload"))) }
            p class="muted" { (ctx.say(Text::new(
                "使用高校专利批量上传模板（CSV UTF-8 或 .xlsx）。有任何一行不合格时，整份文件都不会导入。",
                "Use the university upload template (CSV UTF-8 or .xlsx). If any row is refused, nothing from the file is stored."
            ))) }
        }
        (pool_tabs(ctx, "/pool/upload"))
        @if let Some(n) = done {
            (notice("ok", &format!("{} {n} {}", ctx.say(Text::new("已导入并提议入池", "Stored and proposed")), ctx.say(Text::new("件专利。", "patents.")))))
        }
        (error_summary(ctx, errors, &[("file", &ctx.say(Text::new("文件", "File")))]))
        @if !rejections.is_empty() {
            div class="notice bad" role="alert" id="rejections" {
                strong { (ctx.say(Text::new("以下各行不合格，文件未导入：", "These rows were refused; nothing was stored:"))) }
                table class="table" {
                    thead { tr { th { (ctx.say(Text::new("行", "Row"))) } th { (ctx.say(Text::new("原因", "Reason"))) } } }
                    tbody { @for r in rejections { tr { td class="num" { (r.row) } td { (r.reason.get(ctx.lang)) } } } }
                }
            }
        }
        form class="card" method="post" action="/pool/upload" enctype="multipart/form-data" {
            (csrf_input(csrf))
            div class="field" {
                label for="f-file" { (ctx.say(Text::new("模板文件", "Template file"))) }
                input id="f-file" name=(crate::forms::FILE_FIELD) type="file" accept=".csv,.xlsx,.xlsm" required;
            }
            div class="actions" {
                button type="submit" class="button primary" { (ctx.say(Text::new("上传并提议入池", "Upload and propose"))) }
            }
        }
    };
    layout(
        ctx,
        &ctx.say(Text::new("批量上传入池", "Bulk intake upload")),
        Nav::None,
        content,
    )
}
