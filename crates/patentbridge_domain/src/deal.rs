//! Deals (交易): the path from an SME's inquiry on a listing to a signed
//! transfer, licence or equity contribution that is recorded with CNIPA, in
//! force and finally completed — with withdrawal, rejection and dispute
//! branches. Who may take which step, and the legal checks at signing
//! (no exclusive or sole licence while an open licence runs, Patent Law
//! art. 52; no deal on a patent that is not in force; no deal on a pledged
//! patent without the pledgee's consent, Civil Code art. 444), live here;
//! so do the licence-filing deadline (3 months after the contract takes
//! effect) and the obligations a use-first-pay-later schedule creates.

use chrono::{Datelike, Months, NaiveDate};

use crate::listing::{ListingMode, Royalty, RoyaltyBasis, code_list};
use crate::{DomainError, Fen, FieldError, LegalStatus, Text};

/// The state of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealState {
    /// The SME asked; nothing offered yet.
    Inquiry,
    /// Offers and counter-offers are on the table.
    Negotiation,
    /// An offer was accepted and the standard contract filled from it.
    ContractDrafted,
    /// One party has signed the contract's hash; the other has not yet.
    PartlySigned,
    /// Both parties signed the same hash.
    Signed,
    /// Registered (transfer) or filed (licence) with CNIPA.
    Recorded,
    /// Payments and use under way.
    InForce,
    Completed,
    /// The SME withdrew before signing.
    Withdrawn,
    /// The owner declined before signing.
    Rejected,
    /// A party raised a dispute after signing.
    Disputed,
    /// Ended early after a dispute.
    Terminated,
}

code_list!(DealState, "deal state", [
    Inquiry => ("inquiry", "意向", "Inquiry"),
    Negotiation => ("negotiation", "洽谈中", "Negotiation"),
    ContractDrafted => ("contract_drafted", "合同已生成", "Contract drafted"),
    PartlySigned => ("partly_signed", "一方已签署", "Signed by one party"),
    Signed => ("signed", "双方已签署", "Signed by both parties"),
    Recorded => ("recorded", "已登记备案", "Recorded"),
    InForce => ("in_force", "履行中", "In force"),
    Completed => ("completed", "已完成", "Completed"),
    Withdrawn => ("withdrawn", "已撤回", "Withdrawn"),
    Rejected => ("rejected", "已拒绝", "Rejected"),
    Disputed => ("disputed", "争议中", "Disputed"),
    Terminated => ("terminated", "已终止", "Terminated"),
]);

impl DealState {
    /// No further step is possible.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DealState::Completed
                | DealState::Withdrawn
                | DealState::Rejected
                | DealState::Terminated
        )
    }
}

/// Which side of the deal a caller acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The SME: buyer, licensee or investee.
    Sme,
    /// The listing's owner: seller, licensor or contributor.
    Owner,
}

code_list!(Side, "deal side", [
    Sme => ("sme", "需求方（受让方/被许可方）", "SME (acquirer)"),
    Owner => ("owner", "权利人（转让方/许可方）", "Owner (right holder)"),
]);

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Sme => Side::Owner,
            Side::Owner => Side::Sme,
        }
    }
}

/// What can happen to a deal. The data each carries (the offer's terms,
/// the message, the filing number) travels beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealEvent {
    /// A message without changing the state.
    Message,
    /// An offer or counter-offer with price and terms.
    Offer,
    /// The other side's latest offer is accepted: the contract is drafted.
    AcceptOffer,
    /// Sign the drafted contract (bound to its SHA-256).
    Sign,
    /// The transfer registration or licence filing is done.
    Record,
    /// Use and payments begin.
    StartPerformance,
    Complete,
    Withdraw,
    Reject,
    Dispute,
    /// The dispute is settled and performance goes on.
    Resolve,
    /// The dispute ends the deal.
    Terminate,
}

code_list!(DealEvent, "deal event", [
    Message => ("message", "留言", "message"),
    Offer => ("offer", "报价", "make an offer"),
    AcceptOffer => ("accept_offer", "接受报价", "accept the offer"),
    Sign => ("sign", "签署合同", "sign the contract"),
    Record => ("record", "登记备案", "record the registration or filing"),
    StartPerformance => ("start_performance", "开始履行", "start performance"),
    Complete => ("complete", "完成交易", "complete the deal"),
    Withdraw => ("withdraw", "撤回", "withdraw"),
    Reject => ("reject", "拒绝", "reject"),
    Dispute => ("dispute", "提出争议", "raise a dispute"),
    Resolve => ("resolve", "争议解决", "resolve the dispute"),
    Terminate => ("terminate", "终止", "terminate"),
]);

/// What the state machine needs to know besides the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DealFacts {
    /// The side that made the latest offer, if any.
    pub last_offer_by: Option<Side>,
    /// The sides that have signed the current contract.
    pub signed_by_sme: bool,
    pub signed_by_owner: bool,
    /// For a disputed deal: who raised the dispute, and the state it was in.
    pub disputed_by: Option<Side>,
    pub before_dispute: Option<DealState>,
}

/// Why a deal step is refused, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub text: Text,
}

impl Refusal {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            text: Text::owned(zh.into(), en.into()),
        }
    }
}

/// The deal state machine: where `event`, taken by `side`, leads from
/// `state`, or why it may not be taken.
pub fn transition(
    state: DealState,
    event: DealEvent,
    side: Side,
    facts: DealFacts,
) -> Result<DealState, Refusal> {
    use DealEvent as E;
    use DealState as S;
    let wrong_state = || {
        Refusal::new(
            format!("{}状态的交易不能{}", state.label().zh(), event.label().zh()),
            format!(
                "a deal that is {} cannot {}",
                state.label().en().to_lowercase(),
                event.label().en()
            ),
        )
    };
    let only = |who: Side| {
        Refusal::new(
            format!("只有{}可以{}", who.label().zh(), event.label().zh()),
            format!("only the {} may {}", who.label().en(), event.label().en()),
        )
    };
    match (state, event) {
        (s, E::Message) if !s.is_final() => Ok(s),
        (S::Inquiry | S::Negotiation, E::Offer) => Ok(S::Negotiation),
        (S::Negotiation, E::AcceptOffer) => match facts.last_offer_by {
            Some(by) if by != side => Ok(S::ContractDrafted),
            Some(_) => Err(Refusal::new(
                "不能接受自己的报价，请等待对方回应",
                "you cannot accept your own offer; wait for the other side",
            )),
            None => Err(Refusal::new("还没有报价", "there is no offer yet")),
        },
        // Nobody has signed a freshly drafted contract.
        (S::ContractDrafted, E::Sign) => Ok(S::PartlySigned),
        (S::PartlySigned, E::Sign) => {
            let already = match side {
                Side::Sme => facts.signed_by_sme,
                Side::Owner => facts.signed_by_owner,
            };
            if already {
                Err(Refusal::new(
                    "您已签署该合同，等待对方签署",
                    "you have already signed this contract; the other side has not yet",
                ))
            } else {
                Ok(S::Signed)
            }
        }
        // A new offer after drafting replaces the draft and any signature.
        (S::ContractDrafted | S::PartlySigned, E::Offer) => Ok(S::Negotiation),
        (S::Signed, E::Record) if side == Side::Owner => Ok(S::Recorded),
        (S::Signed, E::Record) => Err(only(Side::Owner)),
        (S::Recorded, E::StartPerformance) => Ok(S::InForce),
        (S::InForce, E::Complete) if side == Side::Owner => Ok(S::Completed),
        (S::InForce, E::Complete) => Err(only(Side::Owner)),
        (S::Inquiry | S::Negotiation | S::ContractDrafted | S::PartlySigned, E::Withdraw)
            if side == Side::Sme =>
        {
            Ok(S::Withdrawn)
        }
        (S::Inquiry | S::Negotiation | S::ContractDrafted | S::PartlySigned, E::Withdraw) => {
            Err(only(Side::Sme))
        }
        (S::Inquiry | S::Negotiation | S::ContractDrafted | S::PartlySigned, E::Reject)
            if side == Side::Owner =>
        {
            Ok(S::Rejected)
        }
        (S::Inquiry | S::Negotiation | S::ContractDrafted | S::PartlySigned, E::Reject) => {
            Err(only(Side::Owner))
        }
        (S::Signed | S::Recorded | S::InForce, E::Dispute) => Ok(S::Disputed),
        // The side that raised the dispute cannot settle or end it alone:
        // the other side accepts a resolution (back to where the deal was,
        // so a signed licence still has to be filed) or the termination.
        (S::Disputed, E::Resolve | E::Terminate) if facts.disputed_by != Some(side.other()) => {
            Err(Refusal::new(
                "提出争议的一方不能单方面解决或终止，须由对方确认",
                "the side that raised the dispute cannot settle or end it alone; the other side confirms",
            ))
        }
        (S::Disputed, E::Resolve) => Ok(facts.before_dispute.unwrap_or(S::InForce)),
        (S::Disputed, E::Terminate) => Ok(S::Terminated),
        _ => Err(wrong_state()),
    }
}

/// The events `side` may take now, in a sensible order for buttons.
pub fn next_events(state: DealState, side: Side, facts: DealFacts) -> Vec<DealEvent> {
    DealEvent::ALL
        .iter()
        .copied()
        .filter(|e| transition(state, *e, side, facts).is_ok())
        .collect()
}

/// What is known of a patent when a deal on it is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealPatentFacts {
    pub number: String,
    pub legal_status: LegalStatus,
    /// A pledge registered and not released.
    pub pledged: bool,
    /// The pledgee's written consent is recorded on the deal.
    pub pledgee_consents: bool,
    /// Under court preservation not released.
    pub preserved: bool,
    /// A published (or paused) open-licence listing covers it.
    pub under_open_licence: bool,
    /// The modes of the patent's other deals that are signed and not ended
    /// (signed, recorded, in force or disputed), including licences taken
    /// under an open licence.
    pub other_live_deals: Vec<ListingMode>,
}

/// The legal checks before signing a deal of `mode` on these patents;
/// every problem, in both languages.
pub fn signing_refusals(mode: ListingMode, patents: &[DealPatentFacts]) -> Vec<Refusal> {
    let mut out = Vec::new();
    for p in patents {
        // An application (pending) may be transferred or licensed too.
        if !matches!(p.legal_status, LegalStatus::InForce | LegalStatus::Pending) {
            out.push(Refusal::new(
                format!(
                    "专利 {} 已不在有效状态（{}），不能交易",
                    p.number,
                    p.legal_status.label().zh()
                ),
                format!(
                    "patent {} is no longer in force ({}); it cannot be dealt in",
                    p.number,
                    p.legal_status.label().en()
                ),
            ));
        }
        if p.preserved {
            out.push(Refusal::new(
                format!("专利 {} 被法院财产保全，不能交易", p.number),
                format!("patent {} is under a court's preservation order", p.number),
            ));
        }
        if p.pledged && !p.pledgee_consents {
            out.push(Refusal::new(
                format!("专利 {} 已质押，须经质权人同意方可转让或许可（《民法典》第四百四十四条）", p.number),
                format!(
                    "patent {} is pledged; transferring or licensing it needs the pledgee's consent (Civil Code art. 444)",
                    p.number
                ),
            ));
        }
        let others = &p.other_live_deals;
        let transferred =
            others.contains(&ListingMode::Transfer) || others.contains(&ListingMode::Equity);
        let exclusive = others.iter().any(|m| m.excludes_open_licence());
        let licensed = others
            .iter()
            .any(|m| matches!(m, ListingMode::OrdinaryLicence | ListingMode::OpenLicence));
        if transferred {
            out.push(Refusal::new(
                format!(
                    "专利 {} 已有已签署的转让或作价入股交易，不能再次交易",
                    p.number
                ),
                format!(
                    "patent {} is already transferred or contributed under a signed deal",
                    p.number
                ),
            ));
        } else if exclusive && mode != ListingMode::Transfer {
            out.push(Refusal::new(
                format!("专利 {} 已有生效的独占或排他许可，不能再许可他人", p.number),
                format!("patent {} is under an exclusive or sole licence; no other licence may be granted", p.number),
            ));
        } else if licensed && mode.excludes_open_licence() {
            out.push(Refusal::new(
                format!("专利 {} 已有生效的普通许可或开放许可，不能再签订独占或排他许可", p.number),
                format!("patent {} is already licensed to others; no exclusive or sole licence may be granted", p.number),
            ));
        }
        if p.under_open_licence && mode.excludes_open_licence() {
            out.push(Refusal::new(
                format!("专利 {} 正在开放许可期间，不能签订独占或排他许可（《专利法》第五十二条）", p.number),
                format!(
                    "patent {} is under an open licence; no exclusive or sole licence may be granted (Patent Law art. 52)",
                    p.number
                ),
            ));
        }
    }
    out
}

/// Days after a licence contract takes effect by which it must be filed
/// with CNIPA (专利实施许可合同备案, three months).
pub fn filing_deadline(effective: NaiveDate) -> NaiveDate {
    effective
        .checked_add_months(Months::new(3))
        .unwrap_or(effective)
}

/// How urgent a pending licence filing is on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilingUrgency {
    /// More than 30 days left.
    OnTime {
        days_left: i64,
    },
    /// 30 days or fewer left.
    DueSoon {
        days_left: i64,
    },
    Overdue {
        days_late: i64,
    },
}

pub fn filing_urgency(effective: NaiveDate, today: NaiveDate) -> FilingUrgency {
    let left = (filing_deadline(effective) - today).num_days();
    if left < 0 {
        FilingUrgency::Overdue { days_late: -left }
    } else if left <= 30 {
        FilingUrgency::DueSoon { days_left: left }
    } else {
        FilingUrgency::OnTime { days_left: left }
    }
}

/// One payment the deal obliges the SME to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub due: NaiveDate,
    /// A fixed amount, or `None` for a royalty settled by a report.
    pub amount: Option<Fen>,
    /// For royalty periods: the period the report covers.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub description: Text,
}

/// The obligations of a use-first-pay-later schedule: nothing during the
/// free months, then a royalty report and payment at the end of each
/// reporting period until `until`, each due 30 days after its period.
pub fn pay_later_obligations(
    start: NaiveDate,
    free_months: u16,
    royalty: Royalty,
    report_every_months: u8,
    until: NaiveDate,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    let every = u32::from(report_every_months.max(1));
    let Some(mut from) = start.checked_add_months(Months::new(u32::from(free_months))) else {
        return out;
    };
    while from < until && out.len() < 240 {
        let to = from
            .checked_add_months(Months::new(every))
            .unwrap_or(until)
            .min(until);
        let due = to + chrono::Days::new(30);
        out.push(Obligation {
            due,
            amount: None,
            period: Some((from, to)),
            description: {
                let royalty = royalty.describe();
                Text::owned(
                    format!(
                        "{}年{}月至{}年{}月提成（{}）",
                        from.year(),
                        from.month(),
                        to.year(),
                        to.month(),
                        royalty.zh()
                    ),
                    format!("royalty {} to {} ({})", from, to, royalty.en()),
                )
            },
        });
        from = to;
    }
    out
}

/// The royalty due on a reported base, rounded to the fen.
pub fn royalty_due(base: Fen, royalty: Royalty) -> Fen {
    // i128: a base near the top of i64 times 10,000 basis points must not wrap.
    let due = (i128::from(base.value()) * i128::from(royalty.basis_points) + 5_000) / 10_000;
    Fen::new(i64::try_from(due).unwrap_or(i64::MAX))
}

/// Whether an unpaid obligation is overdue on `today`.
pub fn is_overdue(due: NaiveDate, paid: bool, today: NaiveDate) -> bool {
    !paid && today > due
}

/// How the agreed price is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentPlan {
    /// The whole price within `due_days` of the contract taking effect.
    Lump { due_days: u16 },
    /// A running royalty reported every quarter, with an optional entry fee.
    Royalty {
        royalty: Royalty,
        entry_fee: Option<Fen>,
    },
    /// 先使用后缴费: nothing for `free_months`, then a royalty reported every
    /// `report_every_months`.
    PayLater {
        free_months: u16,
        royalty: Royalty,
        report_every_months: u8,
    },
    /// Nothing to pay (a zero-price first patent).
    Free,
}

impl PaymentPlan {
    pub fn code(self) -> &'static str {
        match self {
            PaymentPlan::Lump { .. } => "lump",
            PaymentPlan::Royalty { .. } => "royalty",
            PaymentPlan::PayLater { .. } => "pay_later",
            PaymentPlan::Free => "free",
        }
    }
}

/// The terms of an offer, and of the deal once one is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferTerms {
    /// The price (transfer price, licence fee, the value contributed); `None`
    /// for a royalty-only licence.
    pub price: Option<Fen>,
    pub payment: PaymentPlan,
    /// The licence's term; `None` for a transfer.
    pub term_months: Option<u16>,
    pub territory: String,
    /// The field of use.
    pub scope: String,
    /// For an equity contribution: the share of the company, in basis points.
    pub equity_share_bp: Option<u32>,
}

/// An offer's terms as a form or an API body gives them: plain numbers and
/// codes, checked by [`OfferForm::parse`] against the listing's mode.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfferForm {
    pub price_fen: Option<i64>,
    /// lump, royalty, pay_later or free.
    pub payment: String,
    pub due_days: Option<u16>,
    pub royalty_basis: Option<String>,
    pub royalty_bp: Option<u32>,
    pub entry_fee_fen: Option<i64>,
    pub free_months: Option<u16>,
    pub report_every_months: Option<u8>,
    pub term_months: Option<u16>,
    pub territory: String,
    pub scope: String,
    pub equity_share_bp: Option<u32>,
}

impl OfferForm {
    pub fn from_terms(t: &OfferTerms) -> OfferForm {
        let mut j = OfferForm {
            price_fen: t.price.map(Fen::value),
            payment: t.payment.code().to_string(),
            term_months: t.term_months,
            territory: t.territory.clone(),
            scope: t.scope.clone(),
            equity_share_bp: t.equity_share_bp,
            ..OfferForm::default()
        };
        match t.payment {
            PaymentPlan::Lump { due_days } => j.due_days = Some(due_days),
            PaymentPlan::Royalty { royalty, entry_fee } => {
                j.royalty_basis = Some(royalty.basis.as_str().to_string());
                j.royalty_bp = Some(royalty.basis_points);
                j.entry_fee_fen = entry_fee.map(Fen::value);
            }
            PaymentPlan::PayLater {
                free_months,
                royalty,
                report_every_months,
            } => {
                j.royalty_basis = Some(royalty.basis.as_str().to_string());
                j.royalty_bp = Some(royalty.basis_points);
                j.free_months = Some(free_months);
                j.report_every_months = Some(report_every_months);
            }
            PaymentPlan::Free => {}
        }
        j
    }

    /// The domain's terms, every problem reported at once.
    pub fn parse(&self, mode: ListingMode) -> Result<OfferTerms, Vec<FieldError>> {
        let mut errors = Vec::new();
        let royalty = |errors: &mut Vec<FieldError>| -> Option<Royalty> {
            let basis = self
                .royalty_basis
                .as_deref()
                .and_then(|b| RoyaltyBasis::parse(b).ok());
            match (basis, self.royalty_bp) {
                (Some(basis), Some(bp)) if bp > 0 && bp <= 10_000 => Some(Royalty {
                    basis,
                    basis_points: bp,
                }),
                _ => {
                    errors.push(FieldError::new(
                        "royalty_bp",
                        "请填写提成基数和比例（0.01%–100%）",
                        "give the royalty basis and a rate between 0.01 % and 100 %",
                    ));
                    None
                }
            }
        };
        let price = match self.price_fen {
            Some(p) if p < 0 => {
                errors.push(FieldError::new(
                    "price_fen",
                    "价格不能为负数",
                    "the price cannot be negative",
                ));
                None
            }
            Some(p) => Some(Fen::new(p)),
            None => None,
        };
        let payment = match self.payment.as_str() {
            "lump" => {
                if price.is_none_or(|p| p.value() == 0) {
                    errors.push(FieldError::new(
                        "price_fen",
                        "一次性支付须填写大于 0 的价格",
                        "a lump sum needs a price above 0",
                    ));
                }
                Some(PaymentPlan::Lump {
                    due_days: self.due_days.unwrap_or(30),
                })
            }
            "royalty" => royalty(&mut errors).map(|r| PaymentPlan::Royalty {
                royalty: r,
                entry_fee: self.entry_fee_fen.filter(|f| *f > 0).map(Fen::new),
            }),
            "pay_later" => royalty(&mut errors).map(|r| PaymentPlan::PayLater {
                free_months: self.free_months.unwrap_or(12),
                royalty: r,
                report_every_months: self.report_every_months.unwrap_or(3).clamp(1, 12),
            }),
            "free" => Some(PaymentPlan::Free),
            other => {
                errors.push(FieldError::new(
                    "payment",
                    "请选择付款方式（一次性、提成、先使用后付费、免费）",
                    format!("unknown payment {other:?}: lump, royalty, pay_later or free"),
                ));
                None
            }
        };
        if self.entry_fee_fen.is_some_and(|f| f < 0) {
            errors.push(FieldError::new(
                "entry_fee_fen",
                "入门费须为元，最多两位小数",
                "the entry fee must be an amount in yuan with at most two decimals",
            ));
        }
        if self.territory.chars().count() > 200 || self.scope.chars().count() > 200 {
            errors.push(FieldError::new(
                "territory",
                "地域范围和实施领域各不超过 200 字",
                "territory and field of use have at most 200 characters each",
            ));
        }
        let licence = matches!(
            mode,
            ListingMode::ExclusiveLicence
                | ListingMode::SoleLicence
                | ListingMode::OrdinaryLicence
                | ListingMode::OpenLicence
        );
        if licence && self.term_months.is_none_or(|m| m == 0 || m > 240) {
            errors.push(FieldError::new(
                "term_months",
                "许可须有期限（1–240 个月）",
                "a licence needs a term of 1 to 240 months",
            ));
        }
        if licence && (self.territory.trim().is_empty() || self.scope.trim().is_empty()) {
            errors.push(FieldError::new(
                "territory",
                "许可须写明地域范围和实施领域",
                "a licence needs a territory and a field of use",
            ));
        }
        if mode == ListingMode::Equity && self.equity_share_bp.is_none_or(|b| b == 0 || b > 10_000)
        {
            errors.push(FieldError::new(
                "equity_share_bp",
                "作价入股须写明股权比例",
                "an equity contribution needs the share of the company",
            ));
        }
        match (payment, errors.is_empty()) {
            (Some(payment), true) => Ok(OfferTerms {
                price,
                payment,
                term_months: self.term_months,
                territory: self.territory.trim().to_string(),
                scope: self.scope.trim().to_string(),
                equity_share_bp: self.equity_share_bp,
            }),
            _ => Err(errors),
        }
    }
}

/// The payment obligations the terms create from the day the contract
/// takes effect: a lump sum once; a royalty every quarter over the term
/// (and an entry fee at once); a pay-later schedule after its free months.
pub fn obligations_for(terms: &OfferTerms, effective: NaiveDate) -> Vec<Obligation> {
    let end = effective
        .checked_add_months(Months::new(u32::from(terms.term_months.unwrap_or(36))))
        .unwrap_or(effective);
    match terms.payment {
        PaymentPlan::Free => Vec::new(),
        PaymentPlan::Lump { due_days } => match terms.price {
            Some(price) if price.value() > 0 => vec![Obligation {
                due: effective + chrono::Days::new(u64::from(due_days)),
                amount: Some(price),
                period: None,
                description: Text::owned(
                    format!("一次性支付 {price}"),
                    format!("lump sum {price}"),
                ),
            }],
            _ => Vec::new(),
        },
        PaymentPlan::Royalty { royalty, entry_fee } => {
            let mut out = Vec::new();
            if let Some(fee) = entry_fee.filter(|f| f.value() > 0) {
                out.push(Obligation {
                    due: effective + chrono::Days::new(30),
                    amount: Some(fee),
                    period: None,
                    description: Text::owned(format!("入门费 {fee}"), format!("entry fee {fee}")),
                });
            }
            out.extend(pay_later_obligations(effective, 0, royalty, 3, end));
            out
        }
        PaymentPlan::PayLater {
            free_months,
            royalty,
            report_every_months,
        } => pay_later_obligations(effective, free_months, royalty, report_every_months, end),
    }
}

#[cfg(test)]
mod tests;
