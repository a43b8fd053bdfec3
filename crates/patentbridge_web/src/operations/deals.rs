//! Deals, shared by the pages and the JSON API: an SME opens a deal on a
//! published listing (or accepts an open licence at once, by written notice
//! and payment record); both sides exchange messages and offers; accepting
//! an offer drafts the standard contract as a PDF whose SHA-256 both sides
//! sign; the owner records the CNIPA registration or filing (the 3-month
//! licence-filing deadline is tracked); the agreed schedule becomes payment
//! obligations; the SME files royalty reports, records payments and keeps
//! the outcome ledger. The state machine and the legal checks are the
//! domain's; this module gathers the facts, asks, and stores.

use chrono::{NaiveDate, Utc};
use patentbridge_contracts::{
    ContractData, ContractPatent, FontSource, Lang, Party, PaymentTerms, TemplateKind,
};
use patentbridge_domain::deal::{
    DealEvent, DealFacts, DealPatentFacts, DealState, FilingUrgency, OfferTerms, PaymentPlan, Side,
    filing_urgency, next_events, obligations_for, royalty_due, signing_refusals, transition,
};
use patentbridge_domain::listing::{
    ListingMode, ListingState, OpenLicencePayment, Price, Royalty, RoyaltyBasis,
};
use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::status::still_registered;
use patentbridge_domain::{Fen, FieldError, RegisterEventKind};
use patentbridge_storage::{
    DealDocument, DealMove, DealRecord, DealStep, ListingRecord, NewDeal, NewDocument,
    NewObligation, NewOutcome, NewRoyaltyReport, NewSignature, ObligationRecord,
    OrganisationRecord, Outcome, RoyaltyReport, Signature,
};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentActor;
use crate::operations::market::acting_sme;
use crate::operations::organisations::resource_of;
use crate::{AppError, AppState};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The terms as stored and sent over the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TermsJson {
    pub price_fen: Option<i64>,
    /// lump, royalty, pay_later or free.
    pub payment: String,
    #[serde(default)]
    pub due_days: Option<u16>,
    #[serde(default)]
    pub royalty_basis: Option<String>,
    #[serde(default)]
    pub royalty_bp: Option<u32>,
    #[serde(default)]
    pub entry_fee_fen: Option<i64>,
    #[serde(default)]
    pub free_months: Option<u16>,
    #[serde(default)]
    pub report_every_months: Option<u8>,
    #[serde(default)]
    pub term_months: Option<u16>,
    #[serde(default)]
    pub territory: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub equity_share_bp: Option<u32>,
}

impl TermsJson {
    pub fn from_terms(t: &OfferTerms) -> TermsJson {
        let mut j = TermsJson {
            price_fen: t.price.map(Fen::value),
            payment: t.payment.code().to_string(),
            term_months: t.term_months,
            territory: t.territory.clone(),
            scope: t.scope.clone(),
            equity_share_bp: t.equity_share_bp,
            ..TermsJson::default()
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
    pub fn to_terms(&self, mode: ListingMode) -> Result<OfferTerms, Vec<FieldError>> {
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

/// Which side the caller acts for on a deal, and as which organisation.
async fn side_of(
    state: &AppState,
    caller: &CurrentActor,
    deal: &DealRecord,
) -> Result<Option<(Side, OrganisationRecord)>, AppError> {
    let Some(user) = caller.user.as_ref() else {
        return Ok(None);
    };
    for (org_id, side, action) in [
        (deal.sme_id, Side::Sme, Action::UseDealsAsSme),
        (deal.owner_id, Side::Owner, Action::ManageListings),
    ] {
        if user.memberships.iter().any(|m| m.org_id == org_id)
            && let Some(org) = state.store.get_organisation(org_id).await?
            && caller.require(action, &resource_of(&org)).is_ok()
        {
            return Ok(Some((side, org)));
        }
    }
    Ok(None)
}

/// Whether the caller follows deals for the platform (administrators,
/// operation centres): they may read every deal but take no step.
fn oversees(caller: &CurrentActor) -> bool {
    caller
        .require(Action::ReviewListings, &Resource::Platform)
        .is_ok()
}

/// A deal the caller takes part in or oversees; 404 otherwise.
async fn load(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
) -> Result<(DealRecord, Option<(Side, OrganisationRecord)>), AppError> {
    caller.signed_in_user()?;
    let not_found = || AppError::NotFound(format!("no deal {id}"));
    let deal = state.store.deal(id).await?.ok_or_else(not_found)?;
    let side = side_of(state, caller, &deal).await?;
    if side.is_none() && !oversees(caller) {
        return Err(not_found());
    }
    Ok((deal, side))
}

async fn published_listing(state: &AppState, listing_id: i64) -> Result<ListingRecord, AppError> {
    let listing = state
        .store
        .listing(listing_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no listing {listing_id}")))?;
    if listing.state != ListingState::Published {
        return Err(AppError::field(
            "listing",
            "该挂牌未在商城发布，不能发起交易",
            "the listing is not published in the mall",
        ));
    }
    Ok(listing)
}

async fn patent_ids(state: &AppState, listing: &ListingRecord) -> Result<Vec<i64>, AppError> {
    let numbers: Vec<String> = listing.patents.iter().map(|p| p.number.clone()).collect();
    Ok(state
        .store
        .patent_ids_by_number(&numbers)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect())
}

/// The longest message, in characters.
pub const MAX_MESSAGE: usize = 2000;

fn checked_message(raw: Option<&str>, required: bool) -> Result<Option<String>, AppError> {
    let m = raw.map(str::trim).filter(|m| !m.is_empty());
    match m {
        None if required => Err(AppError::field(
            "message",
            "请填写留言内容",
            "write the message",
        )),
        Some(m) if m.chars().count() > MAX_MESSAGE => Err(AppError::field(
            "message",
            format!("留言最多 {MAX_MESSAGE} 字"),
            format!("a message has at most {MAX_MESSAGE} characters"),
        )),
        m => Ok(m.map(String::from)),
    }
}

/// An SME opens a deal on a published listing (not an open licence, which
/// is accepted instead).
pub async fn open(
    state: &AppState,
    caller: &CurrentActor,
    listing_id: i64,
    message: Option<&str>,
) -> Result<i64, AppError> {
    let sme = acting_sme(state, caller).await?;
    let listing = published_listing(state, listing_id).await?;
    if listing.spec.mode == ListingMode::OpenLicence {
        return Err(AppError::field(
            "listing",
            "开放许可无需洽谈：请直接提交书面通知并付款",
            "an open licence needs no negotiation: accept it by written notice and payment",
        ));
    }
    if listing.organisation_id == sme.id {
        return Err(AppError::field(
            "listing",
            "不能与自己交易",
            "you cannot deal with your own organisation",
        ));
    }
    let message = checked_message(message, false)?;
    // A zero-price first patent is claimed through the same inquiry that
    // applies the zero-price-first rule in one transaction.
    if listing.spec.price == Price::ZeroPriceFirst {
        crate::operations::market::send_inquiry(
            state,
            caller,
            listing.id,
            message.as_deref().unwrap_or(""),
        )
        .await?;
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(sme.id);
    Ok(state
        .store
        .create_deal(
            &ctx,
            &NewDeal {
                listing_id: Some(listing.id),
                sme_id: sme.id,
                owner_id: listing.organisation_id,
                mode: listing.spec.mode,
                state: DealState::Inquiry,
                patent_ids: patent_ids(state, &listing).await?,
                event: "inquire",
                message,
                terms: None,
                effective_on: None,
                document: None,
                obligations: Vec::new(),
                paid_with_notice: None,
            },
        )
        .await?)
}

/// The open licence's declared terms as deal terms.
fn open_licence_terms(listing: &ListingRecord) -> Result<OfferTerms, AppError> {
    let Some(open) = &listing.spec.open_licence else {
        return Err(AppError::field(
            "listing",
            "该挂牌不是开放许可",
            "the listing is not an open licence",
        ));
    };
    let (price, payment) = match open.payment {
        OpenLicencePayment::LumpSum(fee) => (Some(fee), PaymentPlan::Lump { due_days: 0 }),
        OpenLicencePayment::Royalty(r) => (
            None,
            PaymentPlan::Royalty {
                royalty: r,
                entry_fee: None,
            },
        ),
        OpenLicencePayment::EntryPlusRoyalty { entry, royalty } => (
            None,
            PaymentPlan::Royalty {
                royalty,
                entry_fee: Some(entry),
            },
        ),
    };
    Ok(OfferTerms {
        price,
        payment,
        term_months: Some(open.term_years.saturating_mul(12)),
        territory: "中华人民共和国境内".to_string(),
        scope: listing.spec.scenarios.clone(),
        equity_share_bp: None,
    })
}

/// The written notice of an SME accepting an open licence.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AcceptanceNotice {
    /// The bank transfer's reference, as the payment record.
    pub payment_reference: String,
    /// What was paid now, in yuan (the fixed fee or the entry fee).
    #[serde(default)]
    pub paid_yuan: String,
    #[serde(default)]
    pub message: Option<String>,
}

/// An SME accepts a published open licence: the licence takes effect at
/// once on the declared terms, without negotiation (Patent Law art. 51).
/// The acceptance notice is rendered as a PDF and its obligations created;
/// what was paid with the notice is recorded against the first one.
pub async fn accept_open_licence(
    state: &AppState,
    caller: &CurrentActor,
    listing_id: i64,
    notice: &AcceptanceNotice,
) -> Result<i64, AppError> {
    let sme = acting_sme(state, caller).await?;
    let listing = published_listing(state, listing_id).await?;
    let terms = open_licence_terms(&listing)?;
    let reference = notice.payment_reference.trim();
    let mut errors = Vec::new();
    if reference.is_empty() || reference.chars().count() > 100 {
        errors.push(FieldError::new(
            "payment_reference",
            "请填写付款凭证号（开放许可以书面通知并付款取得）",
            "give the payment's reference: an open licence is obtained by written notice and payment",
        ));
    }
    let paid = match Fen::parse_yuan(&notice.paid_yuan) {
        Ok(f) if f.value() >= 0 => f,
        _ if notice.paid_yuan.trim().is_empty() => Fen::new(0),
        _ => {
            errors.push(FieldError::new(
                "paid_yuan",
                "付款金额须为元，最多两位小数",
                "the amount paid must be in yuan with at most two decimals",
            ));
            Fen::new(0)
        }
    };
    let effective = today();
    let obligations = obligations_for(&terms, effective);
    let first_due = obligations.first().and_then(|o| o.amount);
    if let Some(due) = first_due
        && paid < due
    {
        errors.push(FieldError::new(
            "paid_yuan",
            format!("须随通知支付 {due}"),
            format!("{due} must be paid with the notice"),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let patent_ids = patent_ids(state, &listing).await?;
    let owner = state
        .store
        .get_organisation(listing.organisation_id)
        .await?
        .ok_or_else(|| AppError::NotFound("the listing's owner is gone".into()))?;
    let draft = DealRecord {
        id: 0,
        listing_id: Some(listing.id),
        listing_title: Some(listing.spec.title.clone()),
        sme_id: sme.id,
        sme_name_zh: sme.name_zh.clone(),
        owner_id: owner.id,
        owner_name_zh: owner.name_zh.clone(),
        mode: ListingMode::OpenLicence,
        state: DealState::InForce,
        terms: None,
        pledgee_consent: false,
        effective_on: Some(effective),
        record_number: None,
        recorded_on: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        patents: Vec::new(),
    };
    // The open licence's own checks: a patent not in force, preserved or
    // pledged, or already exclusively licensed or transferred, cannot be
    // taken; and one SME takes one licence per listing.
    let mut draft = draft;
    draft.patents = state.store.deal_patents_by_ids(&patent_ids).await?;
    refused_at_signing(signing_refusals(
        ListingMode::OpenLicence,
        &patent_facts(state, &draft).await?,
    ))?;
    if state.store.deals_of(sme.id).await?.iter().any(|d| {
        d.listing_id == Some(listing.id)
            && d.mode == ListingMode::OpenLicence
            && matches!(d.state, DealState::InForce | DealState::Disputed)
    }) {
        return Err(AppError::Conflict(
            "your organisation already holds this open licence (贵单位已取得该开放许可)".into(),
        ));
    }
    let reference = format!(
        "PB-OL-{:06}-{:06}-{}",
        listing.id,
        sme.id,
        effective.format("%Y%m%d")
    );
    let document = render_contract(
        &reference,
        &draft,
        &terms,
        &sme,
        &owner,
        &listing_patents(state, &listing).await?,
        Lang::Zh,
    )?;
    let message = checked_message(notice.message.as_deref(), false)?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(sme.id);
    let id = state
        .store
        .create_deal(
            &ctx,
            &NewDeal {
                listing_id: Some(listing.id),
                sme_id: sme.id,
                owner_id: owner.id,
                mode: ListingMode::OpenLicence,
                state: DealState::InForce,
                patent_ids,
                event: "accept_open_licence",
                message: Some(format!(
                    "付款凭证 / payment reference: {reference}{}",
                    message.map(|m| format!("\n{m}")).unwrap_or_default()
                )),
                terms: Some(
                    serde_json::to_string(&TermsJson::from_terms(&terms)).unwrap_or_default(),
                ),
                effective_on: Some(effective),
                document: Some(document),
                obligations: obligations.iter().map(new_obligation).collect(),
                // What was paid with the notice settles the first amount due,
                // in the same transaction that opens the deal.
                paid_with_notice: (first_due.is_some() && paid.value() > 0)
                    .then_some((paid.value(), effective)),
            },
        )
        .await?;
    Ok(id)
}

fn new_obligation(o: &patentbridge_domain::deal::Obligation) -> NewObligation {
    NewObligation {
        due_on: o.due,
        amount_fen: o.amount.map(Fen::value),
        period: o.period,
        description_zh: o.description_zh.clone(),
        description_en: o.description_en.clone(),
    }
}

/// A deal's patents as the contract needs them, from the listing.
async fn listing_patents(
    state: &AppState,
    listing: &ListingRecord,
) -> Result<Vec<ContractPatent>, AppError> {
    let numbers: Vec<String> = listing.patents.iter().map(|p| p.number.clone()).collect();
    let mut out = Vec::new();
    for n in numbers {
        if let Some(p) = state.store.get_patent(&n).await? {
            out.push(ContractPatent {
                number: p.number.to_string(),
                title: p
                    .title_zh
                    .clone()
                    .or(p.title_en.clone())
                    .unwrap_or_default(),
                patent_type: p.patent_type.label_zh().to_string(),
                application_date: p.application_date,
                grant_date: p.grant_date,
            });
        }
    }
    Ok(out)
}

fn deal_patents(deal: &DealRecord) -> Vec<ContractPatent> {
    deal.patents
        .iter()
        .map(|p| ContractPatent {
            number: p.number.clone(),
            title: p
                .title_zh
                .clone()
                .or(p.title_en.clone())
                .unwrap_or_default(),
            patent_type: patentbridge_domain::PatentType::parse(&p.patent_type)
                .map_or_else(|| p.patent_type.clone(), |t| t.label_zh().to_string()),
            application_date: p.application_date,
            grant_date: p.grant_date,
        })
        .collect()
}

fn party(org: &OrganisationRecord) -> Party {
    Party {
        name: org.name_zh.clone(),
        credit_code: org.credit_code.as_ref().map(|c| c.to_string()),
        address: org.address.clone(),
        representative: None,
    }
}

/// The template for a deal's mode and terms.
fn template_for(mode: ListingMode, terms: &OfferTerms) -> TemplateKind {
    match mode {
        ListingMode::Transfer if terms.payment == PaymentPlan::Free => {
            TemplateKind::ZeroPriceTransfer
        }
        ListingMode::Transfer => TemplateKind::Transfer,
        ListingMode::ExclusiveLicence => TemplateKind::ExclusiveLicence,
        ListingMode::SoleLicence => TemplateKind::SoleLicence,
        ListingMode::OrdinaryLicence => TemplateKind::OrdinaryLicence,
        ListingMode::OpenLicence => TemplateKind::OpenLicenceAcceptance,
        ListingMode::Equity => TemplateKind::Equity,
    }
}

fn payment_terms(terms: &OfferTerms) -> PaymentTerms {
    match terms.payment {
        PaymentPlan::Lump { due_days } => PaymentTerms::Lump {
            amount_fen: terms.price.map_or(0, Fen::value),
            due_days: u32::from(due_days),
        },
        PaymentPlan::Royalty { royalty, entry_fee } => PaymentTerms::Royalty {
            basis: royalty.basis,
            basis_points: royalty.basis_points,
            entry_fee_fen: entry_fee.map(Fen::value),
        },
        PaymentPlan::PayLater {
            free_months,
            royalty,
            report_every_months,
        } => PaymentTerms::PayLater {
            free_months,
            basis: royalty.basis,
            basis_points: royalty.basis_points,
            report_every_months,
        },
        PaymentPlan::Free => PaymentTerms::Free,
    }
}

/// The filled contract data of a deal with these terms.
fn contract_data(
    reference: &str,
    deal: &DealRecord,
    terms: &OfferTerms,
    sme: &OrganisationRecord,
    owner: &OrganisationRecord,
    patents: Vec<ContractPatent>,
) -> ContractData {
    let start = deal.effective_on.unwrap_or_else(today);
    let end = terms
        .term_months
        .and_then(|m| start.checked_add_months(chrono::Months::new(u32::from(m))));
    ContractData {
        kind: template_for(deal.mode, terms),
        deal_reference: reference.to_string(),
        licensor: party(owner),
        licensee: party(sme),
        patents,
        territory: if terms.territory.is_empty() {
            "中华人民共和国境内".to_string()
        } else {
            terms.territory.clone()
        },
        term_start: terms.term_months.map(|_| start),
        term_end: end,
        scope: terms.scope.clone(),
        price: payment_terms(terms),
        equity_share_bp: terms.equity_share_bp,
        signing_place: "天津市".to_string(),
        date: start,
    }
}

/// Fills and renders the deal's contract; a template refusal is a 422
/// naming what is missing, a missing font a server error naming the package.
fn render_contract(
    reference: &str,
    deal: &DealRecord,
    terms: &OfferTerms,
    sme: &OrganisationRecord,
    owner: &OrganisationRecord,
    patents: &[ContractPatent],
    lang: Lang,
) -> Result<NewDocument, AppError> {
    let data = contract_data(reference, deal, terms, sme, owner, patents.to_vec());
    let contract = patentbridge_contracts::fill(&data, lang).map_err(|e| {
        AppError::field(
            "terms",
            format!("合同无法生成：{e}"),
            format!("the contract cannot be drafted: {e}"),
        )
    })?;
    let font =
        FontSource::discover().map_err(|e| AppError::BadRequest(format!("contract PDF: {e}")))?;
    let pdf = patentbridge_contracts::render_pdf(&contract, &font)
        .map_err(|e| AppError::BadRequest(format!("contract PDF: {e}")))?;
    Ok(NewDocument {
        template: contract.template_id.to_string(),
        template_version: contract.template_version.to_string(),
        sha256: patentbridge_contracts::sha256_hex(&pdf),
        pdf,
    })
}

/// What a step carries besides its event.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepData {
    #[serde(default)]
    pub message: Option<String>,
    /// An offer's terms.
    #[serde(default)]
    pub terms: Option<TermsJson>,
    /// For `record`: the registration or filing number and its date.
    #[serde(default)]
    pub record_number: Option<String>,
    #[serde(default)]
    pub recorded_on: Option<String>,
    /// For `sign` on a pledged patent: the pledgee's written consent is held.
    #[serde(default)]
    pub pledgee_consent: Option<bool>,
    /// For `sign`: the SHA-256 the signer saw; must be the current document's.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// The facts the state machine needs, from the steps and signatures.
fn facts_of(
    steps: &[DealStep],
    signatures: &[Signature],
    document: Option<&DealDocument>,
) -> DealFacts {
    let last_offer_by = steps
        .iter()
        .rev()
        .find(|s| s.event == "offer")
        .and_then(|s| Side::parse(&s.side).ok());
    let current = |side: &str| {
        document.is_some_and(|d| {
            signatures
                .iter()
                .any(|s| s.document_id == d.id && s.side == side)
        })
    };
    let dispute = steps.iter().rev().find(|s| s.event == "dispute");
    DealFacts {
        last_offer_by,
        signed_by_sme: current("sme"),
        signed_by_owner: current("owner"),
        disputed_by: dispute.and_then(|s| Side::parse(&s.side).ok()),
        before_dispute: dispute
            .and_then(|s| s.from_state.as_deref())
            .and_then(|f| DealState::parse(f).ok()),
    }
}

/// The legal facts of the deal's patents now.
async fn patent_facts(
    state: &AppState,
    deal: &DealRecord,
) -> Result<Vec<DealPatentFacts>, AppError> {
    let ids: Vec<i64> = deal.patents.iter().map(|p| p.patent_id).collect();
    let except = (deal.id > 0).then_some(deal.id);
    let others = state.store.live_deal_modes(&ids, except).await?;
    // The pledge comes from the register events; standing, preservation and
    // live open licences from the same facts the listing rules use.
    let mut patents = Vec::new();
    for p in &deal.patents {
        if let Some(patent) = state.store.get_patent(&p.number).await? {
            patents.push((p.patent_id, patent));
        }
    }
    let numbers: Vec<_> = patents.iter().map(|(_, p)| p.number.clone()).collect();
    let facts = state
        .store
        .listed_patent_facts(deal.owner_id, &numbers, deal.listing_id)
        .await?;
    let mut out = Vec::new();
    for (id, patent) in &patents {
        let Some(f) = facts.iter().find(|f| f.number == patent.number) else {
            continue;
        };
        out.push(DealPatentFacts {
            other_live_deals: others
                .iter()
                .filter(|(p, _)| p == id)
                .map(|(_, m)| *m)
                .collect(),
            number: patent.number.to_string(),
            legal_status: f.legal_status,
            pledged: still_registered(
                &patent.events,
                RegisterEventKind::Pledge,
                RegisterEventKind::PledgeRelease,
            ),
            pledgee_consents: deal.pledgee_consent,
            preserved: f.preserved,
            under_open_licence: f.other_live_modes.contains(&ListingMode::OpenLicence),
        });
    }
    Ok(out)
}

/// The legal checks' refusals as one 409 listing every reason.
fn refused_at_signing(problems: Vec<patentbridge_domain::deal::Refusal>) -> Result<(), AppError> {
    if problems.is_empty() {
        return Ok(());
    }
    let zh: Vec<&str> = problems.iter().map(|p| p.zh.as_str()).collect();
    let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
    Err(AppError::Conflict(format!(
        "{} ({})",
        zh.join("；"),
        en.join("; ")
    )))
}

fn refusal(r: patentbridge_domain::deal::Refusal) -> AppError {
    AppError::Conflict(format!("{} ({})", r.zh, r.en))
}

/// Takes one step of a deal for the caller's side.
pub async fn step(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    event: DealEvent,
    data: &StepData,
    ip: Option<String>,
) -> Result<DealState, AppError> {
    let user = caller.signed_in_user()?.clone();
    let (deal, side) = load(state, caller, id).await?;
    let Some((side, org)) = side else {
        return Err(AppError::Forbidden(
            "only the two parties take steps in a deal (仅交易双方可以操作)".into(),
        ));
    };
    let steps = state.store.deal_steps(id).await?;
    let signatures = state.store.deal_signatures(id).await?;
    let documents = state.store.deal_documents(id).await?;
    let current = documents.first();
    let facts = facts_of(&steps, &signatures, current);
    let to = transition(deal.state, event, side, facts).map_err(refusal)?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    let mut mv = DealMove {
        from: Some(deal.state),
        to: Some(to),
        event: event.as_str(),
        side: side.as_str(),
        message: checked_message(data.message.as_deref(), event == DealEvent::Message)?,
        ..DealMove::default()
    };
    let mut signature = None;
    match event {
        DealEvent::Offer => {
            let terms = data.terms.as_ref().ok_or_else(|| {
                AppError::field("terms", "请填写报价条件", "an offer needs its terms")
            })?;
            let parsed = terms.to_terms(deal.mode).map_err(AppError::Invalid)?;
            mv.offer =
                Some(serde_json::to_string(&TermsJson::from_terms(&parsed)).unwrap_or_default());
        }
        DealEvent::AcceptOffer => {
            let offer = steps
                .iter()
                .rev()
                .find(|s| s.event == "offer")
                .and_then(|s| s.offer.clone())
                .ok_or_else(|| {
                    AppError::Conflict("there is no offer to accept (还没有报价)".into())
                })?;
            let json: TermsJson = serde_json::from_str(&offer)
                .map_err(|e| AppError::Conflict(format!("the stored offer is unreadable: {e}")))?;
            let terms = json.to_terms(deal.mode).map_err(AppError::Invalid)?;
            let (sme, owner) = parties(state, &deal).await?;
            // Each draft has its own number, so a redraft of equal terms is
            // a new document and earlier signatures do not carry over.
            let reference = format!("PB-DEAL-{:06}-{}", deal.id, documents.len() + 1);
            mv.document = Some(render_contract(
                &reference,
                &deal,
                &terms,
                &sme,
                &owner,
                &deal_patents(&deal),
                Lang::Zh,
            )?);
            mv.agreed_terms = Some(offer);
        }
        DealEvent::Sign => {
            let document = current.ok_or_else(|| {
                AppError::Conflict("there is no contract to sign yet (合同尚未生成)".into())
            })?;
            let Some(seen) = data.sha256.as_deref() else {
                return Err(AppError::field(
                    "sha256",
                    "签署须注明所阅读合同的 SHA-256",
                    "signing names the SHA-256 of the contract you read",
                ));
            };
            if seen != document.sha256 {
                return Err(AppError::Conflict(
                    "the contract changed since you opened it; read the new one before signing (合同已更新，请阅读新版本后再签署)".into(),
                ));
            }
            let mut deal = deal.clone();
            // The pledgee's consent is the owner's to declare (the pledgor
            // holds it); it is recorded once and never withdrawn by a form.
            if side == Side::Owner && data.pledgee_consent == Some(true) {
                deal.pledgee_consent = true;
                mv.pledgee_consent = Some(true);
            }
            refused_at_signing(signing_refusals(
                deal.mode,
                &patent_facts(state, &deal).await?,
            ))?;
            signature = Some(NewSignature {
                document_id: document.id,
                side: side.as_str(),
                organisation_id: org.id,
                user_id: user.id,
                sha256: document.sha256.clone(),
                ip,
            });
            if to == DealState::Signed {
                let effective = today();
                mv.effective_on = Some(effective);
                if let Some(terms) = agreed_terms(&deal)? {
                    mv.obligations = obligations_for(&terms, effective)
                        .iter()
                        .map(new_obligation)
                        .collect();
                }
            }
        }
        DealEvent::Record => {
            let number = data
                .record_number
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty() && n.chars().count() <= 60);
            let on = data
                .recorded_on
                .as_deref()
                .and_then(|d| patentbridge_domain::parse_date(d).ok());
            match (number, on) {
                (Some(n), Some(on))
                    if on <= today() && deal.effective_on.is_none_or(|e| on >= e) =>
                {
                    mv.record = Some((n.to_string(), on))
                }
                _ => {
                    return Err(AppError::field(
                        "record_number",
                        "请填写登记或备案号及日期（不早于合同生效日，不晚于今天）",
                        "give the registration or filing number and its date (from the contract's effective date to today)",
                    ));
                }
            }
        }
        _ => {}
    }
    if !state
        .store
        .move_deal(&ctx, id, &mv, signature.as_ref())
        .await?
    {
        return Err(AppError::Conflict(
            "the deal changed meanwhile; reload and try again (交易已变化，请刷新后重试)".into(),
        ));
    }
    Ok(to)
}

async fn parties(
    state: &AppState,
    deal: &DealRecord,
) -> Result<(OrganisationRecord, OrganisationRecord), AppError> {
    let gone = || AppError::NotFound("a party of the deal is gone".into());
    let sme = state
        .store
        .get_organisation(deal.sme_id)
        .await?
        .ok_or_else(gone)?;
    let owner = state
        .store
        .get_organisation(deal.owner_id)
        .await?
        .ok_or_else(gone)?;
    Ok((sme, owner))
}

fn agreed_terms(deal: &DealRecord) -> Result<Option<OfferTerms>, AppError> {
    match &deal.terms {
        None => Ok(None),
        Some(json) => {
            let t: TermsJson = serde_json::from_str(json)
                .map_err(|e| AppError::Conflict(format!("the agreed terms are unreadable: {e}")))?;
            Ok(t.to_terms(deal.mode).ok())
        }
    }
}

/// How the licence filing stands, for licences signed and not yet recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilingStatus {
    pub deadline: NaiveDate,
    pub urgency: FilingUrgency,
}

/// A deal with everything its room shows.
#[derive(Debug, Clone)]
pub struct DealView {
    pub deal: DealRecord,
    /// The caller's side, `None` for a platform overseer.
    pub side: Option<Side>,
    pub steps: Vec<DealStep>,
    pub documents: Vec<DealDocument>,
    pub signatures: Vec<Signature>,
    pub obligations: Vec<ObligationRecord>,
    pub reports: Vec<RoyaltyReport>,
    pub outcomes: Vec<Outcome>,
    pub next: Vec<DealEvent>,
    pub terms: Option<TermsJson>,
    pub filing: Option<FilingStatus>,
}

/// The deal room's data.
pub async fn view(state: &AppState, caller: &CurrentActor, id: i64) -> Result<DealView, AppError> {
    let (deal, side) = load(state, caller, id).await?;
    let steps = state.store.deal_steps(id).await?;
    let documents = state.store.deal_documents(id).await?;
    let signatures = state.store.deal_signatures(id).await?;
    let facts = facts_of(&steps, &signatures, documents.first());
    let next = side
        .as_ref()
        .map(|(s, _)| next_events(deal.state, *s, facts))
        .unwrap_or_default();
    let terms = deal
        .terms
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok());
    let licence = matches!(
        deal.mode,
        ListingMode::ExclusiveLicence | ListingMode::SoleLicence | ListingMode::OrdinaryLicence
    );
    let filing = match (licence, deal.state, deal.effective_on) {
        (true, DealState::Signed, Some(effective)) => Some(FilingStatus {
            deadline: patentbridge_domain::deal::filing_deadline(effective),
            urgency: filing_urgency(effective, today()),
        }),
        _ => None,
    };
    Ok(DealView {
        obligations: state.store.obligations(id).await?,
        reports: state.store.royalty_reports(id).await?,
        outcomes: state.store.outcomes(id).await?,
        deal,
        side: side.map(|(s, _)| s),
        steps,
        documents,
        signatures,
        next,
        terms,
        filing,
    })
}

/// The deals of the caller's organisations, on both sides; every deal for
/// platform overseers.
pub async fn my_deals(
    state: &AppState,
    caller: &CurrentActor,
) -> Result<Vec<DealRecord>, AppError> {
    let user = caller.signed_in_user()?;
    if oversees(caller) && user.memberships.is_empty() {
        return Ok(state.store.all_deals().await?);
    }
    let mut out: Vec<DealRecord> = Vec::new();
    for m in &user.memberships {
        for d in state.store.deals_of(m.org_id).await? {
            if !out.iter().any(|o| o.id == d.id) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
    Ok(out)
}

/// The current contract PDF and its file name.
pub async fn contract_pdf(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
) -> Result<(Vec<u8>, String, String), AppError> {
    let (_, _) = load(state, caller, id).await?;
    let documents = state.store.deal_documents(id).await?;
    let doc = documents
        .first()
        .ok_or_else(|| AppError::NotFound(format!("deal {id} has no contract yet")))?;
    let bytes = state
        .store
        .deal_document_pdf(doc.id)
        .await?
        .ok_or_else(|| AppError::NotFound("the contract file is gone".into()))?;
    Ok((
        bytes,
        format!("PB-DEAL-{id:06}-{}.pdf", doc.template),
        doc.sha256.clone(),
    ))
}

async fn sme_side(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
) -> Result<(DealRecord, OrganisationRecord), AppError> {
    let (deal, side) = load(state, caller, id).await?;
    match side {
        Some((Side::Sme, org)) => Ok((deal, org)),
        _ => Err(AppError::Forbidden(
            "only the SME of the deal reports its use (仅交易中的企业一方可以填报)".into(),
        )),
    }
}

fn in_performance(deal: &DealRecord) -> Result<(), AppError> {
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
        Err(AppError::Conflict(format!(
            "a deal that is {} has nothing to report yet ({}状态的交易尚不能填报)",
            deal.state.label_en().to_lowercase(),
            deal.state.label_zh()
        )))
    }
}

/// The largest amount a report or an outcome may state: ¥1 trillion.
const MAX_AMOUNT_FEN: i64 = 100_000_000_000_000;

/// A royalty report as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoyaltyReportForm {
    #[serde(default)]
    pub obligation_id: Option<i64>,
    pub period_start: String,
    pub period_end: String,
    /// Net sales in the period, in yuan.
    pub sales_yuan: String,
    /// Profit in the period, in yuan, when the royalty is a share of profit.
    #[serde(default)]
    pub profit_yuan: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// The SME files a royalty report; the royalty due is computed from the
/// agreed rate and set on the period's obligation.
pub async fn file_royalty_report(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    form: &RoyaltyReportForm,
) -> Result<i64, AppError> {
    let (deal, org) = sme_side(state, caller, id).await?;
    in_performance(&deal)?;
    let terms = agreed_terms(&deal)?;
    let royalty = match terms.map(|t| t.payment) {
        Some(PaymentPlan::Royalty { royalty, .. } | PaymentPlan::PayLater { royalty, .. }) => {
            royalty
        }
        _ => {
            return Err(AppError::Conflict(
                "this deal has no running royalty to report (本交易无提成条款)".into(),
            ));
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
        && !state.store.obligations(id).await?.iter().any(|x| {
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
        return Err(AppError::Invalid(errors));
    }
    let sales = sales.unwrap_or(Fen::new(0));
    let base = match royalty.basis {
        RoyaltyBasis::NetSales => sales,
        RoyaltyBasis::Profit => profit.unwrap_or(Fen::new(0)),
    };
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    let report = NewRoyaltyReport {
        obligation_id: form.obligation_id,
        period_start: start.unwrap_or_default(),
        period_end: end.unwrap_or_default(),
        sales_fen: sales.value(),
        base_fen: base.value(),
        royalty_fen: royalty_due(base, royalty).value(),
        note: form.note.clone().filter(|n| !n.trim().is_empty()),
    };
    state
        .store
        .add_royalty_report(&ctx, id, &report)
        .await
        .map_err(|e| match e {
            patentbridge_storage::StorageError::Conflict { .. } => AppError::field(
                "period_start",
                "该报告期已经填报过",
                "a report for this period was already filed",
            ),
            other => other.into(),
        })
}

/// The SME records a payment of an obligation.
pub async fn record_payment(
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    obligation_id: i64,
    paid_yuan: &str,
) -> Result<(), AppError> {
    let (deal, org) = sme_side(state, caller, id).await?;
    in_performance(&deal)?;
    let paid = Fen::parse_yuan(paid_yuan)
        .ok()
        .filter(|f| f.value() > 0 && f.value() <= MAX_AMOUNT_FEN)
        .ok_or_else(|| {
            AppError::field(
                "paid_yuan",
                "付款金额须大于 0",
                "the amount paid must be above 0",
            )
        })?;
    let due = state
        .store
        .obligations(id)
        .await?
        .into_iter()
        .find(|o| o.id == obligation_id)
        .and_then(|o| o.amount_fen);
    match due {
        None => {
            return Err(AppError::field(
                "obligation_id",
                "该款项金额尚未确定（提成须先填报）",
                "the amount due is not known yet (file the royalty report first)",
            ));
        }
        Some(due) if paid.value() < due => {
            return Err(AppError::field(
                "paid_yuan",
                format!("须付清应付金额 {}", Fen::new(due)),
                format!("pay the full amount due, {}", Fen::new(due)),
            ));
        }
        Some(_) => {}
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    if state
        .store
        .record_payment(&ctx, id, obligation_id, paid.value(), today())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "that obligation is not this deal's or is already paid (该款项不存在或已支付)".into(),
        ))
    }
}

/// An outcome entry as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutcomeForm {
    pub period: String,
    pub product_name: String,
    /// none, filed or recognised.
    #[serde(default)]
    pub filing: String,
    #[serde(default)]
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
    state: &AppState,
    caller: &CurrentActor,
    id: i64,
    form: &OutcomeForm,
) -> Result<i64, AppError> {
    let (deal, org) = sme_side(state, caller, id).await?;
    in_performance(&deal)?;
    // A transfer takes effect on registration (Patent Law art. 10): before
    // it the SME is not yet the patentee who may file the product.
    if matches!(deal.mode, ListingMode::Transfer | ListingMode::Equity)
        && deal.state == DealState::Signed
    {
        return Err(AppError::Conflict(
            "a transfer takes effect when registered; record it before reporting outcomes (转让登记后方可填报实施成效)".into(),
        ));
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
        && !state
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
        return Err(AppError::Invalid(errors));
    }
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    state
        .store
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
            patentbridge_storage::StorageError::Conflict { .. } => AppError::field(
                "period",
                "该产品本期已经填报过",
                "this product was already reported for the period",
            ),
            other => other.into(),
        })
}

/// Terms that follow the listing's own price model: the starting point of
/// an owner's first offer (the demo uses them too).
pub fn listing_default_terms(listing: &ListingRecord) -> TermsJson {
    let mut t = TermsJson {
        payment: "lump".into(),
        territory: "中华人民共和国境内".into(),
        scope: listing.spec.scenarios.chars().take(200).collect(),
        term_months: None,
        due_days: Some(30),
        ..TermsJson::default()
    };
    match &listing.spec.price {
        Price::Fixed(f) => t.price_fen = Some(f.value()),
        Price::Negotiable { reference } => t.price_fen = reference.map(Fen::value),
        Price::ZeroPriceFirst => {
            t.payment = "free".into();
            t.price_fen = Some(0);
        }
        Price::UseFirstPayLater {
            free_months,
            royalty,
        } => {
            t.payment = "pay_later".into();
            t.free_months = Some(*free_months);
            t.royalty_basis = Some(royalty.basis.as_str().into());
            t.royalty_bp = Some(royalty.basis_points);
            t.report_every_months = Some(3);
        }
    }
    if matches!(
        listing.spec.mode,
        ListingMode::ExclusiveLicence | ListingMode::SoleLicence | ListingMode::OrdinaryLicence
    ) {
        t.term_months = Some(36);
    }
    if listing.spec.mode == ListingMode::Equity {
        t.equity_share_bp = Some(1000);
    }
    t
}
