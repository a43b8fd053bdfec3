//! A deal in performance: the SME's royalty reports (the royalty due
//! computed from the agreed rate), payments against the obligations, and
//! the outcome ledger with the two-step patent-product filing.

use patentbridge_domain::deal::{DealState, PaymentPlan, Side, royalty_due};
use patentbridge_domain::listing::{ListingMode, RoyaltyBasis};
use patentbridge_domain::{Fen, FieldError, Text};
use patentbridge_storage::{DealRecord, NewOutcome, NewRoyaltyReport, OrganisationRecord};

use super::load;
use crate::{App, Caller, Error};

async fn sme_side(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(DealRecord, OrganisationRecord), Error> {
    let (deal, side) = load(app, caller, id).await?;
    match side {
        Some((Side::Sme, org)) => Ok((deal, org)),
        _ => Err(Error::Forbidden(Text::new(
            "仅交易中的企业一方可以填报",
            "only the SME of the deal reports its use",
        ))),
    }
}

fn in_performance(deal: &DealRecord) -> Result<(), Error> {
    if matches!(
        deal.state,
        DealState::Signed
            | DealState::Recorded
            | DealState::InForce
            | DealState::Completed
            | DealState::Disputed
    ) {
        Ok(())
    } else {
        Err(Error::Conflict(Text::owned(
            format!("{}状态的交易尚不能填报", deal.state.label().zh()),
            format!(
                "a deal that is {} has nothing to report yet",
                deal.state.label().en().to_lowercase()
            ),
        )))
    }
}

/// The largest amount a report or an outcome may state: ¥1 trillion.
const MAX_AMOUNT_FEN: i64 = 100_000_000_000_000;

/// A royalty report as typed.
#[derive(Debug, Clone, Default)]
pub struct RoyaltyReportForm {
    pub obligation_id: Option<i64>,
    pub period_start: String,
    pub period_end: String,
    /// Net sales in the period, in yuan.
    pub sales_yuan: String,
    /// Profit in the period, in yuan, when the royalty is a share of profit.
    pub profit_yuan: String,
    pub note: Option<String>,
}

/// The SME files a royalty report; the royalty due is computed from the
/// agreed rate and set on the period's obligation.
pub async fn file_royalty_report(
    app: &App,
    caller: &Caller,
    id: i64,
    form: &RoyaltyReportForm,
) -> Result<i64, Error> {
    let (deal, org) = sme_side(app, caller, id).await?;
    in_performance(&deal)?;
    let royalty = match deal.terms.as_ref().map(|t| t.payment) {
        Some(PaymentPlan::Royalty { royalty, .. } | PaymentPlan::PayLater { royalty, .. }) => {
            royalty
        }
        _ => {
            return Err(Error::Conflict(Text::new(
                "本交易无提成条款",
                "this deal has no running royalty to report",
            )));
        }
    };
    let mut errors = Vec::new();
    let date = |field: &'static str, raw: &str, errors: &mut Vec<FieldError>| {
        patentbridge_domain::parse_date(raw).ok().or_else(|| {
            errors.push(FieldError::new(
                field,
                "日期格式应为 YYYY-MM-DD",
                "a date like 2026-12-31",
            ));
            None
        })
    };
    let start = date("period_start", &form.period_start, &mut errors);
    let end = date("period_end", &form.period_end, &mut errors);
    if let (Some(s), Some(e)) = (start, end)
        && s >= e
    {
        errors.push(FieldError::new(
            "period_end",
            "报告期结束须晚于开始",
            "the period must end after it starts",
        ));
    }
    let money = |field: &'static str, raw: &str, required: bool, errors: &mut Vec<FieldError>| {
        match Fen::parse_yuan(raw) {
            Ok(f) if (0..=MAX_AMOUNT_FEN).contains(&f.value()) => Some(f),
            _ if !required && raw.trim().is_empty() => None,
            _ => {
                errors.push(FieldError::new(
                    field,
                    "金额须为元，最多两位小数",
                    "an amount in yuan with at most two decimals",
                ));
                None
            }
        }
    };
    let sales = money("sales_yuan", &form.sales_yuan, true, &mut errors);
    let profit = money(
        "profit_yuan",
        &form.profit_yuan,
        royalty.basis == RoyaltyBasis::Profit,
        &mut errors,
    );
    if let Some(o) = form.obligation_id
        && !app.store.obligations(id).await?.iter().any(|x| {
            x.id == o && x.paid_on.is_none() && x.period_start == start && x.period_end == end
        })
    {
        errors.push(FieldError::new(
            "obligation_id",
            "只能为本交易未付款、期间一致的提成事项填报",
            "a report settles an unpaid royalty period of this deal with the same dates",
        ));
    }
    if form
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > 500)
    {
        errors.push(FieldError::new(
            "note",
            "说明最多 500 字",
            "the note has at most 500 characters",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let sales = sales.unwrap_or(Fen::new(0));
    let base = match royalty.basis {
        RoyaltyBasis::NetSales => sales,
        RoyaltyBasis::Profit => profit.unwrap_or(Fen::new(0)),
    };
    let ctx = caller.audit_for(org.id);
    let report = NewRoyaltyReport {
        obligation_id: form.obligation_id,
        period_start: start.unwrap_or_default(),
        period_end: end.unwrap_or_default(),
        sales_fen: sales.value(),
        base_fen: base.value(),
        royalty_fen: royalty_due(base, royalty).value(),
        note: form.note.clone().filter(|n| !n.trim().is_empty()),
    };
    app.store
        .add_royalty_report(&ctx, id, &report)
        .await
        .map_err(|e| match e {
            patentbridge_storage::StorageError::Conflict { .. } => Error::field(
                "period_start",
                "该报告期已经填报过",
                "a report for this period was already filed",
            ),
            other => other.into(),
        })
}

/// The SME records a payment of an obligation.
pub async fn record_payment(
    app: &App,
    caller: &Caller,
    id: i64,
    obligation_id: i64,
    paid_yuan: &str,
) -> Result<(), Error> {
    let (deal, org) = sme_side(app, caller, id).await?;
    in_performance(&deal)?;
    let paid = Fen::parse_yuan(paid_yuan)
        .ok()
        .filter(|f| f.value() > 0 && f.value() <= MAX_AMOUNT_FEN)
        .ok_or_else(|| {
            Error::field(
                "paid_yuan",
                "付款金额须大于 0",
                "the amount paid must be above 0",
            )
        })?;
    let due = app
        .store
        .obligations(id)
        .await?
        .into_iter()
        .find(|o| o.id == obligation_id)
        .and_then(|o| o.amount_fen);
    match due {
        None => {
            return Err(Error::field(
                "obligation_id",
                "该款项金额尚未确定（提成须先填报）",
                "the amount due is not known yet (file the royalty report first)",
            ));
        }
        Some(due) if paid.value() < due => {
            return Err(Error::field(
                "paid_yuan",
                format!("须付清应付金额 {}", Fen::new(due)),
                format!("pay the full amount due, {}", Fen::new(due)),
            ));
        }
        Some(_) => {}
    }
    let ctx = caller.audit_for(org.id);
    if app
        .store
        .record_payment(&ctx, id, obligation_id, paid.value(), app.today())
        .await?
    {
        Ok(())
    } else {
        Err(Error::Conflict(Text::new(
            "该款项不存在或已支付",
            "that obligation is not this deal's or is already paid",
        )))
    }
}

/// An outcome entry as typed.
#[derive(Debug, Clone, Default)]
pub struct OutcomeForm {
    pub period: String,
    pub product_name: String,
    /// none, filed or recognised.
    pub filing: String,
    pub filing_number: Option<String>,
    pub output_value_yuan: String,
    pub revenue_yuan: String,
    pub jobs: String,
}

fn valid_period(p: &str) -> bool {
    let (year, rest) = p.split_once("-Q").map_or((p, None), |(y, q)| (y, Some(q)));
    year.len() == 4
        && year
            .parse::<u16>()
            .is_ok_and(|y| (2000..=2100).contains(&y))
        && rest.is_none_or(|q| matches!(q, "1" | "2" | "3" | "4"))
}

/// The SME records what the patent achieved in a period. Patent-product
/// filing has two steps: filing, then recognition as a patent-intensive
/// product; recognition needs an earlier filing of the same product.
pub async fn add_outcome(
    app: &App,
    caller: &Caller,
    id: i64,
    form: &OutcomeForm,
) -> Result<i64, Error> {
    let (deal, org) = sme_side(app, caller, id).await?;
    in_performance(&deal)?;
    // A transfer takes effect on registration (Patent Law art. 10): before
    // it the SME is not yet the patentee who may file the product.
    if matches!(deal.mode, ListingMode::Transfer | ListingMode::Equity)
        && deal.state == DealState::Signed
    {
        return Err(Error::Conflict(Text::new(
            "转让登记后方可填报实施成效",
            "a transfer takes effect when registered; record it before reporting outcomes",
        )));
    }
    let mut errors = Vec::new();
    let period = form.period.trim();
    if !valid_period(period) {
        errors.push(FieldError::new(
            "period",
            "期间格式为 2026 或 2026-Q4",
            "a period like 2026 or 2026-Q4",
        ));
    }
    let product = form.product_name.trim();
    if product.is_empty() || product.chars().count() > 120 {
        errors.push(FieldError::new(
            "product_name",
            "请填写产品名称（最多 120 字）",
            "name the product (at most 120 characters)",
        ));
    }
    let filing = if form.filing.trim().is_empty() {
        "none"
    } else {
        form.filing.trim()
    };
    if !matches!(filing, "none" | "filed" | "recognised") {
        errors.push(FieldError::new(
            "filing",
            "专利产品备案状态应为 未备案、已备案 或 已认定",
            "filing is none, filed or recognised",
        ));
    }
    let number = form
        .filing_number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if number.is_some_and(|n| n.chars().count() > 60) {
        errors.push(FieldError::new(
            "filing_number",
            "备案号最多 60 字",
            "the filing number has at most 60 characters",
        ));
    }
    if filing != "none" && number.is_none() {
        errors.push(FieldError::new(
            "filing_number",
            "已备案或已认定时请填写备案号",
            "give the filing number",
        ));
    }
    if filing == "recognised"
        && !app
            .store
            .outcomes(id)
            .await?
            .iter()
            .any(|o| o.product_name == product && o.filing != "none")
    {
        errors.push(FieldError::new(
            "filing",
            "专利密集型产品认定须先完成专利产品备案",
            "recognition as a patent-intensive product comes after the product's filing",
        ));
    }
    let money =
        |field: &'static str, raw: &str, errors: &mut Vec<FieldError>| match Fen::parse_yuan(raw) {
            Ok(f) if (0..=MAX_AMOUNT_FEN).contains(&f.value()) => f.value(),
            _ => {
                errors.push(FieldError::new(
                    field,
                    "金额须为元，最多两位小数",
                    "an amount in yuan with at most two decimals",
                ));
                0
            }
        };
    let output = money("output_value_yuan", &form.output_value_yuan, &mut errors);
    let revenue = money("revenue_yuan", &form.revenue_yuan, &mut errors);
    let jobs = form
        .jobs
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|j| (0..=1_000_000).contains(j));
    if jobs.is_none() {
        errors.push(FieldError::new(
            "jobs",
            "新增就业须为非负整数",
            "jobs created is a whole number, 0 or more",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let ctx = caller.audit_for(org.id);
    app.store
        .add_outcome(
            &ctx,
            id,
            &NewOutcome {
                period: period.to_string(),
                product_name: product.to_string(),
                filing: filing.to_string(),
                filing_number: number.map(String::from),
                output_value_fen: output,
                revenue_fen: revenue,
                jobs: jobs.unwrap_or(0),
            },
        )
        .await
        .map_err(|e| match e {
            patentbridge_storage::StorageError::Conflict { .. } => Error::field(
                "period",
                "该产品本期已经填报过",
                "this product was already reported for the period",
            ),
            other => other.into(),
        })
}
