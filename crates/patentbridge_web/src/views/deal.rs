//! The deal pages: my deals (both sides) and the deal room — parties,
//! state and the next step, the timeline of messages and offers, the
//! contract (preview, download, its SHA-256 and the signatures bound to it),
//! the filing deadline, payment obligations with royalty reports, and the
//! outcome ledger.

use std::borrow::Cow;

use maud::{Markup, html};
use patentbridge_domain::Fen;
use patentbridge_domain::deal::{DealEvent, DealState, FilingUrgency, Side};
use patentbridge_domain::listing::ListingMode;
use patentbridge_storage::DealRecord;

use super::forms::{Errors, button_form, csrf_input, notice};
use super::{Nav, layout};
use crate::i18n::Ctx;
use crate::i18n::{Text, text};
use patentbridge_app::deals::DealView;
use patentbridge_domain::deal::{OfferForm, PaymentPlan};

fn yuan(fen: i64) -> String {
    Fen::new(fen).to_string()
}

fn state_badge(ctx: &Ctx, s: DealState) -> Markup {
    html! { span class={ "badge deal-" (s.as_str()) } data-state=(s.as_str()) { (ctx.say(s.label())) } }
}

fn mode_label(ctx: &Ctx, m: ListingMode) -> Cow<'static, str> {
    ctx.say(m.label())
}

/// `GET /deals`.
pub fn list(ctx: &Ctx, deals: &[DealRecord], notice_text: Option<&str>) -> Markup {
    let title = ctx.say(Text::new("我的交易", "My deals"));
    let content = html! {
        div class="page-head" { h1 { (title) } }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        @if deals.is_empty() {
            p class="muted" { (ctx.say(Text::new("还没有交易。在专利商城的挂牌页面可以发起交易或接受开放许可。", "No deals yet. Start one from a listing in the mall, or take an open licence there."))) }
        } @else {
            table class="table" id="deals" {
                thead { tr {
                    th { "#" } th { (ctx.say(Text::new("挂牌", "Listing"))) } th { (ctx.say(Text::new("方式", "Mode"))) }
                    th { (ctx.say(Text::new("企业", "SME"))) } th { (ctx.say(Text::new("权利人", "Owner"))) } th { (ctx.say(Text::new("状态", "State"))) }
                } }
                tbody {
                    @for d in deals {
                        tr data-deal=(d.id) {
                            td { a href={ "/deals/" (d.id) } { "PB-DEAL-" (format!("{:06}", d.id)) } }
                            td { (d.listing_title.clone().unwrap_or_default()) }
                            td { (mode_label(ctx, d.mode)) }
                            td { (d.sme_name_zh) }
                            td { (d.owner_name_zh) }
                            td { (state_badge(ctx, d.state)) }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}

/// The terms in a sentence of the reader's language.
fn terms_text(t: &OfferForm) -> Text {
    let mut parts: Vec<Text> = Vec::new();
    let pct = |bp: u32| format!("{}.{:02} %", bp / 100, bp % 100);
    if let Some(p) = t.price_fen {
        let p = yuan(p);
        parts.push(text!("价格 {p}", "price {p}"));
    }
    match t.payment.as_str() {
        "lump" => {
            let days = t.due_days.unwrap_or(30);
            parts.push(text!(
                "一次性支付，生效后 {days} 日内",
                "lump sum within {days} days"
            ));
        }
        "royalty" => {
            let rate = pct(t.royalty_bp.unwrap_or(0));
            parts.push(text!("提成 {rate}", "royalty {rate}"));
            if let Some(e) = t.entry_fee_fen {
                let e = yuan(e);
                parts.push(text!("入门费 {e}", "entry fee {e}"));
            }
        }
        "pay_later" => {
            let (months, rate) = (t.free_months.unwrap_or(0), pct(t.royalty_bp.unwrap_or(0)));
            parts.push(text!(
                "先使用后付费：免费 {months} 个月，之后提成 {rate}",
                "use first, pay later: free for {months} months, then royalty {rate}"
            ));
        }
        "free" => parts.push(Text::new("免费（0元）", "free (¥0)")),
        _ => {}
    }
    if let Some(m) = t.term_months {
        parts.push(text!("期限 {m} 个月", "term {m} months"));
    }
    if !t.territory.is_empty() {
        let place = &t.territory;
        parts.push(text!("地域 {place}", "territory {place}"));
    }
    if !t.scope.is_empty() {
        let field = &t.scope;
        parts.push(text!("领域 {field}", "field {field}"));
    }
    if let Some(bp) = t.equity_share_bp {
        let share = pct(bp);
        parts.push(text!("股权 {share}", "share {share}"));
    }
    let zh: Vec<&str> = parts.iter().map(Text::zh).collect();
    let en: Vec<&str> = parts.iter().map(Text::en).collect();
    Text::owned(zh.join("；"), en.join("; "))
}

fn offer_form(ctx: &Ctx, csrf: &str, action: &str, t: &OfferForm) -> Markup {
    let v = |x: Option<i64>| {
        x.map(|f| format!("{}.{:02}", f / 100, f % 100))
            .unwrap_or_default()
    };
    let pct = |bp: Option<u32>| {
        bp.map(|b| format!("{}.{:02}", b / 100, b % 100))
            .unwrap_or_default()
    };
    html! {
        form method="post" action=(action) class="form offer" id="offer-form" {
            (csrf_input(csrf))
            input type="hidden" name="event" value="offer";
            div class="grid2" {
                label { (ctx.say(Text::new("价格（元）", "Price (yuan)"))) input type="text" name="price_yuan" value=(v(t.price_fen)); }
                label { (ctx.say(Text::new("付款方式", "Payment")))
                    select name="payment" {
                        @for (code, label) in [("lump", Text::new("一次性支付", "Lump sum")), ("royalty", Text::new("提成", "Royalty")), ("pay_later", Text::new("先使用后付费", "Use first, pay later")), ("free", Text::new("免费", "Free"))] {
                            option value=(code) selected[t.payment == code] { (ctx.say(label)) }
                        }
                    }
                }
                label { (ctx.say(Text::new("提成基数", "Royalty basis")))
                    select name="royalty_basis" {
                        option value="net_sales" selected[t.royalty_basis.as_deref() != Some("profit")] { (ctx.say(Text::new("净销售额", "Net sales"))) }
                        option value="profit" selected[t.royalty_basis.as_deref() == Some("profit")] { (ctx.say(Text::new("利润", "Profit"))) }
                    }
                }
                label { (ctx.say(Text::new("提成比例（%）", "Royalty (%)"))) input type="text" name="royalty_percent" value=(pct(t.royalty_bp)); }
                label { (ctx.say(Text::new("入门费（元）", "Entry fee (yuan)"))) input type="text" name="entry_fee_yuan" value=(v(t.entry_fee_fen)); }
                label { (ctx.say(Text::new("免费期（月）", "Free months"))) input type="text" name="free_months" value=(t.free_months.map(|m| m.to_string()).unwrap_or_default()); }
                label { (ctx.say(Text::new("许可期限（月）", "Term (months)"))) input type="text" name="term_months" value=(t.term_months.map(|m| m.to_string()).unwrap_or_default()); }
                label { (ctx.say(Text::new("股权比例（%，作价入股）", "Equity share (%, equity)"))) input type="text" name="equity_percent" value=(pct(t.equity_share_bp)); }
                label { (ctx.say(Text::new("地域范围", "Territory"))) input type="text" name="territory" value=(t.territory); }
                label { (ctx.say(Text::new("实施领域", "Field of use"))) input type="text" name="scope" value=(t.scope); }
            }
            label { (ctx.say(Text::new("说明", "Note"))) textarea name="message" rows="2" {} }
            button type="submit" class="button primary" id="send-offer" { (ctx.say(Text::new("提出报价", "Send the offer"))) }
        }
    }
}

/// `GET /deals/{id}`: the deal room.
pub fn room(
    ctx: &Ctx,
    csrf: &str,
    v: &DealView,
    errors: &Errors,
    notice_text: Option<&str>,
) -> Markup {
    let d = &v.deal;
    let here = format!("/deals/{}", d.id);
    let events = format!("{here}/events");
    let title = format!("PB-DEAL-{:06}", d.id);
    let may = |e: DealEvent| v.next.contains(&e);
    let simple = |e: DealEvent, label: Text, class: &str| {
        button_form(
            &events,
            csrf,
            &[("event", e.as_str())],
            &ctx.say(label),
            class,
        )
    };
    let current = v.documents.first();
    let is_sme = v.side == Some(Side::Sme);
    let content = html! {
        nav class="breadcrumb" { a href="/deals" { (ctx.say(Text::new("我的交易", "My deals"))) } " › " (title) }
        @if let Some(n) = notice_text { (notice("ok", n)) }
        @if !errors.is_empty() {
            div class="notice bad" role="alert" { ul { @for (_, m) in &errors.0 { li { (m) } } } }
        }
        div class="patent-header" {
            h1 { (d.listing_title.clone().unwrap_or_else(|| title.clone())) " " (state_badge(ctx, d.state)) }
            p class="muted" {
                (title) " · " (mode_label(ctx, d.mode)) " · "
                (ctx.say(Text::new("权利人：", "Owner: "))) (d.owner_name_zh) " · " (ctx.say(Text::new("企业：", "SME: "))) (d.sme_name_zh)
            }
        }
        @if let Some(f) = v.filing {
            @match f.urgency {
                FilingUrgency::OnTime { days_left } => (notice("warn", &format!("{} {}（{} {} {}）", ctx.say(Text::new("许可合同须在生效后 3 个月内向国家知识产权局备案，截止", "The licence must be filed with CNIPA within 3 months of taking effect, by")), f.deadline, ctx.say(Text::new("还剩", "days left:")), days_left, ctx.say(Text::new("天", ""))))),
                FilingUrgency::DueSoon { days_left } => (notice("warn", &format!("{} {}（{} {} {}）", ctx.say(Text::new("备案即将到期：", "Filing due soon:")), f.deadline, ctx.say(Text::new("还剩", "days left:")), days_left, ctx.say(Text::new("天", ""))))),
                FilingUrgency::Overdue { days_late } => (notice("bad", &format!("{} {}（{} {} {}）", ctx.say(Text::new("备案已逾期：", "Filing overdue:")), f.deadline, ctx.say(Text::new("逾期", "late by")), days_late, ctx.say(Text::new("天", "days"))))),
            }
        }
        div class="grid2" {
            section class="card" id="next-step" {
                h2 { (ctx.say(Text::new("下一步", "Next step"))) }
                @if v.side.is_none() {
                    p class="muted" { (ctx.say(Text::new("您在旁查看此交易。", "You are following this deal."))) }
                } @else if v.next.is_empty() {
                    p class="muted" { (ctx.say(Text::new("交易已结束。", "The deal is over."))) }
                }
                @if may(DealEvent::AcceptOffer) {
                    p { (ctx.say(Text::new("对方的报价：", "The other side's offer: "))) (v.steps.iter().rev().find(|s| s.event == "offer").and_then(|s| s.offer.as_ref()).map(|t| ctx.say(terms_text(&OfferForm::from_terms(t)))).unwrap_or_default()) }
                    (simple(DealEvent::AcceptOffer, Text::new("接受报价并生成合同", "Accept and draft the contract"), "button primary"))
                }
                @if may(DealEvent::Sign) {
                    @if let Some(doc) = current {
                        form method="post" action=(events) class="stack" id="sign-form" {
                            (csrf_input(csrf))
                            input type="hidden" name="event" value="sign";
                            input type="hidden" name="sha256" value=(doc.sha256);
                            p { (ctx.say(Text::new("请先阅读合同（下方可预览和下载）。签署即确认此文件：", "Read the contract first (preview and download below). Signing confirms this file:"))) }
                            p { code class="sha" { (doc.sha256) } }
                            @if v.side == Some(Side::Owner) {
                                label class="check" { input type="checkbox" name="pledgee_consent" value="true"; " " (ctx.say(Text::new("已取得质权人书面同意（专利已质押时）", "The pledgee's written consent is held (if the patent is pledged)"))) }
                            }
                            label class="check" { input type="checkbox" name="read" value="1" required; " " (ctx.say(Text::new("我已阅读并同意合同全部条款", "I have read and agree to every clause"))) }
                            button type="submit" class="button primary" id="sign-contract" { (ctx.say(Text::new("签署合同", "Sign the contract"))) }
                        }
                    }
                }
                @if may(DealEvent::Record) {
                    form method="post" action=(events) class="stack" id="record-form" {
                        (csrf_input(csrf))
                        input type="hidden" name="event" value="record";
                        label for="record-number" { (ctx.say(Text::new("登记号或备案号", "Registration or filing number"))) }
                        input id="record-number" name="record_number" type="text" required;
                        label for="recorded-on" { (ctx.say(Text::new("登记或备案日期", "Date recorded"))) }
                        input id="recorded-on" name="recorded_on" type="text" required placeholder="YYYY-MM-DD" value=(chrono::Utc::now().date_naive().to_string());
                        button type="submit" class="button primary" { (ctx.say(Text::new("登记备案", "Record"))) }
                    }
                }
                @if may(DealEvent::StartPerformance) { (simple(DealEvent::StartPerformance, Text::new("开始履行", "Start performance"), "button primary")) }
                @if may(DealEvent::Complete) { (simple(DealEvent::Complete, Text::new("确认交易完成", "Complete the deal"), "button")) }
                @if may(DealEvent::Resolve) { (simple(DealEvent::Resolve, Text::new("争议已解决，继续履行", "Resolved: continue"), "button")) }
                @if may(DealEvent::Terminate) { (simple(DealEvent::Terminate, Text::new("终止交易", "Terminate"), "button danger")) }
                @if may(DealEvent::Withdraw) { (simple(DealEvent::Withdraw, Text::new("撤回交易", "Withdraw"), "button danger")) }
                @if may(DealEvent::Reject) { (simple(DealEvent::Reject, Text::new("拒绝交易", "Reject"), "button danger")) }
                @if may(DealEvent::Dispute) { (simple(DealEvent::Dispute, Text::new("提出争议", "Raise a dispute"), "button danger")) }
                @if may(DealEvent::Message) {
                    form method="post" action=(events) class="stack" id="message-form" {
                        (csrf_input(csrf))
                        input type="hidden" name="event" value="message";
                        label for="message" { (ctx.say(Text::new("留言", "Message"))) }
                        textarea id="message" name="message" rows="2" required {}
                        button type="submit" class="button" { (ctx.say(Text::new("发送", "Send"))) }
                    }
                }
            }
            section class="card" id="contract" {
                h2 { (ctx.say(Text::new("合同", "Contract"))) }
                @if let Some(t) = &v.deal.terms { p { strong { (ctx.say(Text::new("约定条件：", "Agreed terms: "))) } (ctx.say(terms_text(&OfferForm::from_terms(t)))) } }
                @match current {
                    None => p class="muted" { (ctx.say(Text::new("接受报价后平台按制式合同文本生成合同。", "The standard contract is drafted when an offer is accepted."))) },
                    Some(doc) => {
                        p { (doc.template) " · " (ctx.say(Text::new("第 ", "version "))) (doc.template_version) (ctx.say(Text::new(" 版", ""))) }
                        p { "SHA-256：" code class="sha" { (doc.sha256) } }
                        p {
                            a class="button" href={ "/api/v1/deals/" (d.id) "/contract.pdf" } id="download-contract" { (ctx.say(Text::new("下载合同 PDF", "Download the PDF"))) }
                        }
                        h3 { (ctx.say(Text::new("签署", "Signatures"))) }
                        @if v.signatures.is_empty() { p class="muted" { (ctx.say(Text::new("尚无签署。", "Not signed yet."))) } }
                        ul id="signatures" {
                            @for s in &v.signatures {
                                li data-side=(s.side) {
                                    (if s.side == "sme" { ctx.say(Text::new("企业", "SME")) } else { ctx.say(Text::new("权利人", "Owner")) }) "：" (s.user_name.clone().unwrap_or_default())
                                    " · " (s.signed_at.format("%Y-%m-%d %H:%M UTC").to_string())
                                    " · IP " (s.ip.clone().unwrap_or_else(|| "-".into()))
                                    @if current.is_some_and(|c| c.sha256 == s.sha256) { " · " span class="ok" { (ctx.say(Text::new("哈希一致 ✓", "hash matches ✓"))) } }
                                }
                            }
                        }
                        details { summary { (ctx.say(Text::new("预览", "Preview"))) }
                            iframe class="pdf-preview" src={ "/api/v1/deals/" (d.id) "/contract.pdf#view=FitH" } title=(ctx.say(Text::new("合同预览", "Contract preview"))) {}
                        }
                    }
                }
            }
        }
        @if may(DealEvent::Offer) {
            section class="card" {
                h2 { (ctx.say(Text::new("报价 / 还价", "Offer / counter-offer"))) }
                (offer_form(ctx, csrf, &events, &v.deal.terms.as_ref().map(OfferForm::from_terms).unwrap_or(OfferForm { payment: "lump".into(), ..OfferForm::default() })))
            }
        }
        @if !v.obligations.is_empty() {
            section class="card" id="obligations" {
                h2 { (ctx.say(Text::new("付款计划", "Payments"))) }
                table class="table" {
                    thead { tr { th { (ctx.say(Text::new("到期日", "Due"))) } th { (ctx.say(Text::new("事项", "What"))) } th { (ctx.say(Text::new("应付", "Due amount"))) } th { (ctx.say(Text::new("已付", "Paid"))) } th {} } }
                    tbody {
                        @for o in &v.obligations {
                            @let overdue = o.paid_on.is_none() && o.due_on < chrono::Utc::now().date_naive();
                            tr class={ @if overdue { "overdue" } } data-obligation=(o.id) {
                                td { (o.due_on.to_string()) @if overdue { " " span class="badge deal-disputed" { (ctx.say(Text::new("逾期", "overdue"))) } } }
                                td { (o.description.get(ctx.lang)) }
                                td class="num" { (o.amount_fen.map(yuan).unwrap_or_else(|| ctx.say(Text::new("待报告", "on report")).to_string())) }
                                td class="num" { (o.paid_fen.map(yuan).unwrap_or_default()) " " (o.paid_on.map(|p| p.to_string()).unwrap_or_default()) }
                                td {
                                    @if is_sme && o.paid_on.is_none() && o.amount_fen.is_some() {
                                        form method="post" action={ (here) "/payments" } class="inline" {
                                            (csrf_input(csrf))
                                            input type="hidden" name="obligation_id" value=(o.id);
                                            input type="text" name="paid_yuan" size="10" value=(o.amount_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default()) aria-label=(ctx.say(Text::new("付款金额", "Amount paid")));
                                            button type="submit" class="small" { (ctx.say(Text::new("登记付款", "Record payment"))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if is_sme && matches!(d.state, DealState::Signed | DealState::Recorded | DealState::InForce | DealState::Completed | DealState::Disputed) {
            div class="grid2" {
                @if v.deal.terms.as_ref().is_some_and(|t| matches!(t.payment, PaymentPlan::Royalty { .. } | PaymentPlan::PayLater { .. })) {
                    section class="card" {
                        h2 { (ctx.say(Text::new("提成报告", "Royalty report"))) }
                        form method="post" action={ (here) "/royalty-reports" } class="stack" id="royalty-form" {
                            (csrf_input(csrf))
                            label { (ctx.say(Text::new("对应付款事项", "For the payment")))
                                select name="obligation_id" {
                                    @for o in v.obligations.iter().filter(|o| o.period_start.is_some() && o.paid_on.is_none()) {
                                        option value=(o.id) data-start=(o.period_start.map(|x| x.to_string()).unwrap_or_default()) data-end=(o.period_end.map(|x| x.to_string()).unwrap_or_default()) {
                                            (o.period_start.map(|x| x.to_string()).unwrap_or_default()) " – " (o.period_end.map(|x| x.to_string()).unwrap_or_default())
                                        }
                                    }
                                }
                            }
                            label for="period-start" { (ctx.say(Text::new("报告期开始", "Period start"))) }
                            input id="period-start" name="period_start" type="date" required value=(v.obligations.iter().find(|o| o.period_start.is_some() && o.paid_on.is_none()).and_then(|o| o.period_start).map(|x| x.to_string()).unwrap_or_default());
                            label for="period-end" { (ctx.say(Text::new("报告期结束", "Period end"))) }
                            input id="period-end" name="period_end" type="date" required value=(v.obligations.iter().find(|o| o.period_start.is_some() && o.paid_on.is_none()).and_then(|o| o.period_end).map(|x| x.to_string()).unwrap_or_default());
                            label for="sales-yuan" { (ctx.say(Text::new("本期净销售额（元）", "Net sales in the period (yuan)"))) }
                            input id="sales-yuan" name="sales_yuan" type="text" required;
                            label for="profit-yuan" { (ctx.say(Text::new("本期利润（元，按利润提成时必填）", "Profit (yuan, when the royalty is on profit)"))) }
                            input id="profit-yuan" name="profit_yuan" type="text";
                            button type="submit" class="button primary" id="file-report" { (ctx.say(Text::new("提交提成报告", "File the report"))) }
                        }
                        @if !v.reports.is_empty() {
                            table class="table" id="reports" {
                                thead { tr { th { (ctx.say(Text::new("报告期", "Period"))) } th { (ctx.say(Text::new("销售额", "Sales"))) } th { (ctx.say(Text::new("应付提成", "Royalty due"))) } } }
                                tbody { @for r in &v.reports { tr { td { (r.period_start.to_string()) " – " (r.period_end.to_string()) } td class="num" { (yuan(r.sales_fen)) } td class="num" { (yuan(r.royalty_fen)) } } } }
                            }
                        }
                    }
                }
                section class="card" {
                    h2 { (ctx.say(Text::new("实施成效", "Outcomes"))) }
                    form method="post" action={ (here) "/outcomes" } class="stack" id="outcome-form" {
                        (csrf_input(csrf))
                        label for="period" { (ctx.say(Text::new("期间（如 2026-Q4 或 2026）", "Period (e.g. 2026-Q4 or 2026)"))) }
                        input id="period" name="period" type="text" required;
                        label for="product-name" { (ctx.say(Text::new("产品名称", "Product"))) }
                        input id="product-name" name="product_name" type="text" required;
                        label for="filing" { (ctx.say(Text::new("专利产品备案", "Patent-product filing"))) }
                        select id="filing" name="filing" {
                            option value="none" { (ctx.say(Text::new("未备案", "Not filed"))) }
                            option value="filed" { (ctx.say(Text::new("已备案", "Filed"))) }
                            option value="recognised" { (ctx.say(Text::new("已认定为专利密集型产品", "Recognised as patent-intensive"))) }
                        }
                        label for="filing-number" { (ctx.say(Text::new("备案号", "Filing number"))) }
                        input id="filing-number" name="filing_number" type="text";
                        label for="output-value" { (ctx.say(Text::new("产值（元）", "Output value (yuan)"))) }
                        input id="output-value" name="output_value_yuan" type="text" required;
                        label for="revenue" { (ctx.say(Text::new("销售收入（元）", "Revenue (yuan)"))) }
                        input id="revenue" name="revenue_yuan" type="text" required;
                        label for="jobs" { (ctx.say(Text::new("新增就业（人）", "Jobs created"))) }
                        input id="jobs" name="jobs" type="text" required;
                        button type="submit" class="button primary" id="add-outcome" { (ctx.say(Text::new("登记成效", "Record the outcome"))) }
                    }
                }
            }
        }
        @if !v.outcomes.is_empty() {
            section class="card" {
                h2 { (ctx.say(Text::new("成效台账", "Outcome ledger"))) }
                table class="table" id="outcomes" {
                    thead { tr { th { (ctx.say(Text::new("期间", "Period"))) } th { (ctx.say(Text::new("产品", "Product"))) } th { (ctx.say(Text::new("备案", "Filing"))) } th { (ctx.say(Text::new("产值", "Output"))) } th { (ctx.say(Text::new("收入", "Revenue"))) } th { (ctx.say(Text::new("就业", "Jobs"))) } } }
                    tbody {
                        @for o in &v.outcomes {
                            tr { td { (o.period) } td { (o.product_name) }
                                td { (match o.filing.as_str() { "filed" => ctx.say(Text::new("已备案", "filed")), "recognised" => ctx.say(Text::new("已认定", "recognised")), _ => ctx.say(Text::new("未备案", "not filed")) }) " " (o.filing_number.clone().unwrap_or_default()) }
                                td class="num" { (yuan(o.output_value_fen)) } td class="num" { (yuan(o.revenue_fen)) } td class="num" { (o.jobs) } }
                        }
                    }
                }
            }
        }
        section class="card" id="timeline" {
            h2 { (ctx.say(Text::new("时间线", "Timeline"))) }
            ol class="timeline" {
                @for s in &v.steps {
                    li data-event=(s.event) {
                        span class="muted" { (s.at.format("%Y-%m-%d %H:%M").to_string()) " · " (s.user_name.clone().unwrap_or_default()) " · " }
                        strong { (DealEvent::parse(&s.event).map(|e| ctx.say(e.label()).to_string()).unwrap_or_else(|_| match s.event.as_str() { "inquire" => ctx.say(Text::new("发起意向", "opened the deal")).to_string(), "accept_open_licence" => ctx.say(Text::new("接受开放许可", "took the open licence")).to_string(), other => other.to_string() })) }
                        " → " (DealState::parse(&s.to_state).map(|x| ctx.say(x.label()).to_string()).unwrap_or_default())
                        @if let Some(m) = &s.message { p { (m) } }
                        @if let Some(t) = s.offer.as_ref().map(OfferForm::from_terms) { p class="offer" { (ctx.say(Text::new("报价：", "Offer: "))) (ctx.say(terms_text(&t))) } }
                    }
                }
            }
        }
    };
    layout(ctx, &title, Nav::None, content)
}
