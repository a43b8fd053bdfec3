//! Deals, shared by the pages and the JSON API: an SME opens a deal on a
//! published listing (or accepts an open licence at once, by written notice
//! and payment record); both sides exchange messages and offers; accepting
//! an offer drafts the standard contract as a PDF whose SHA-256 both sides
//! sign; the owner records the CNIPA registration or filing (the 3-month
//! licence-filing deadline is tracked); the agreed schedule becomes payment
//! obligations; the SME files royalty reports, records payments and keeps
//! the outcome ledger. The state machine and the legal checks are the
//! domain's; this module gathers the facts, asks, and stores.

use chrono::NaiveDate;
use patentbridge_domain::deal::{
    DealEvent, DealFacts, DealPatentFacts, DealState, FilingUrgency, OfferForm, OfferTerms,
    PaymentPlan, Side, filing_urgency, next_events, obligations_for, signing_refusals, transition,
};
use patentbridge_domain::listing::{ListingMode, ListingState, OpenLicencePayment, Price};
use patentbridge_domain::policy::Action;
use patentbridge_domain::status::still_registered;
use patentbridge_domain::{Fen, FieldError, RegisterEventKind, Text, text};
use patentbridge_storage::{
    DealDocument, DealMove, DealRecord, DealStep, ListingRecord, NewDeal, NewObligation,
    NewSignature, ObligationRecord, OrganisationRecord, Outcome, RoyaltyReport, Signature,
};

use crate::market::acting_sme;
use crate::organisations::resource_of;
use crate::{App, Caller, Error};

/// Which side the caller acts for on a deal, and as which organisation.
async fn side_of(
    app: &App,
    caller: &Caller,
    deal: &DealRecord,
) -> Result<Option<(Side, OrganisationRecord)>, Error> {
    let Some(user) = caller.user.as_ref() else {
        return Ok(None);
    };
    for (org_id, side, action) in [
        (deal.sme_id, Side::Sme, Action::UseDealsAsSme),
        (deal.owner_id, Side::Owner, Action::ManageListings),
    ] {
        if user.memberships.iter().any(|m| m.org_id == org_id)
            && let Some(org) = app.store.get_organisation(org_id).await?
            && caller.require(action, &resource_of(&org)).is_ok()
        {
            return Ok(Some((side, org)));
        }
    }
    Ok(None)
}

/// Whether the caller follows deals for the platform (administrators,
/// operation centres, who review listings): they may read every deal but
/// take no step.
fn oversees(caller: &Caller) -> bool {
    crate::listings::may_review(caller)
}

/// A deal the caller takes part in or oversees; 404 otherwise.
async fn load(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(DealRecord, Option<(Side, OrganisationRecord)>), Error> {
    caller.signed_in_user()?;
    let not_found = || Error::NotFound(text!("没有交易 {id}", "no deal {id}"));
    let deal = app.store.deal(id).await?.ok_or_else(not_found)?;
    let side = side_of(app, caller, &deal).await?;
    if side.is_none() && !oversees(caller) {
        return Err(not_found());
    }
    Ok((deal, side))
}

async fn published_listing(app: &App, listing_id: i64) -> Result<ListingRecord, Error> {
    let listing = app.store.listing(listing_id).await?.ok_or_else(|| {
        Error::NotFound(text!("没有挂牌 {listing_id}", "no listing {listing_id}"))
    })?;
    if listing.state != ListingState::Published {
        return Err(Error::field(
            "listing",
            "该挂牌未在商城发布，不能发起交易",
            "the listing is not published in the mall",
        ));
    }
    Ok(listing)
}

async fn patent_ids(app: &App, listing: &ListingRecord) -> Result<Vec<i64>, Error> {
    let numbers: Vec<String> = listing.patents.iter().map(|p| p.number.clone()).collect();
    Ok(app
        .store
        .patent_ids_by_number(&numbers)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect())
}

/// The longest message, in characters.
pub const MAX_MESSAGE: usize = 2000;

fn checked_message(raw: Option<&str>, required: bool) -> Result<Option<String>, Error> {
    let m = raw.map(str::trim).filter(|m| !m.is_empty());
    match m {
        None if required => Err(Error::field(
            "message",
            "请填写留言内容",
            "write the message",
        )),
        Some(m) if m.chars().count() > MAX_MESSAGE => Err(Error::field(
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
    app: &App,
    caller: &Caller,
    listing_id: i64,
    message: Option<&str>,
) -> Result<i64, Error> {
    let sme = acting_sme(app, caller).await?;
    let listing = published_listing(app, listing_id).await?;
    if listing.spec.mode == ListingMode::OpenLicence {
        return Err(Error::field(
            "listing",
            "开放许可无需洽谈：请直接提交书面通知并付款",
            "an open licence needs no negotiation: accept it by written notice and payment",
        ));
    }
    if listing.organisation_id == sme.id {
        return Err(Error::field(
            "listing",
            "不能与自己交易",
            "you cannot deal with your own organisation",
        ));
    }
    let message = checked_message(message, false)?;
    // A zero-price first patent is claimed through the same inquiry that
    // applies the zero-price-first rule in one transaction.
    if listing.spec.price == Price::ZeroPriceFirst {
        crate::market::send_inquiry(app, caller, listing.id, message.as_deref().unwrap_or(""))
            .await?;
    }
    let ctx = caller.audit_for(sme.id);
    Ok(app
        .store
        .create_deal(
            &ctx,
            &NewDeal {
                listing_id: Some(listing.id),
                sme_id: sme.id,
                owner_id: listing.organisation_id,
                mode: listing.spec.mode,
                state: DealState::Inquiry,
                patent_ids: patent_ids(app, &listing).await?,
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
fn open_licence_terms(listing: &ListingRecord) -> Result<OfferTerms, Error> {
    let Some(open) = &listing.spec.open_licence else {
        return Err(Error::field(
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
#[derive(Debug, Clone, Default)]
pub struct AcceptanceNotice {
    /// The bank transfer's reference, as the payment record.
    pub payment_reference: String,
    /// What was paid now, in yuan (the fixed fee or the entry fee).
    pub paid_yuan: String,
    pub message: Option<String>,
}

/// An SME accepts a published open licence: the licence takes effect at
/// once on the declared terms, without negotiation (Patent Law art. 51).
/// The acceptance notice is rendered as a PDF and its obligations created;
/// what was paid with the notice is recorded against the first one.
pub async fn accept_open_licence(
    app: &App,
    caller: &Caller,
    listing_id: i64,
    notice: &AcceptanceNotice,
) -> Result<i64, Error> {
    let sme = acting_sme(app, caller).await?;
    let listing = published_listing(app, listing_id).await?;
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
    let effective = app.today();
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
        return Err(Error::Invalid(errors));
    }
    let patent_ids = patent_ids(app, &listing).await?;
    let owner = app
        .store
        .get_organisation(listing.organisation_id)
        .await?
        .ok_or_else(|| {
            Error::internal("accepting an open licence", "the listing's owner is gone")
        })?;
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
        created_at: app.now(),
        updated_at: app.now(),
        patents: Vec::new(),
    };
    // The open licence's own checks: a patent not in force, preserved or
    // pledged, or already exclusively licensed or transferred, cannot be
    // taken; and one SME takes one licence per listing.
    let mut draft = draft;
    draft.patents = app.store.deal_patents_by_ids(&patent_ids).await?;
    refused_at_signing(signing_refusals(
        ListingMode::OpenLicence,
        &patent_facts(app, &draft).await?,
    ))?;
    if app.store.deals_of(sme.id).await?.iter().any(|d| {
        d.listing_id == Some(listing.id)
            && d.mode == ListingMode::OpenLicence
            && matches!(d.state, DealState::InForce | DealState::Disputed)
    }) {
        return Err(Error::Conflict(Text::new(
            "贵单位已取得该开放许可",
            "your organisation already holds this open licence",
        )));
    }
    let reference = format!(
        "PB-OL-{:06}-{:06}-{}",
        listing.id,
        sme.id,
        effective.format("%Y%m%d")
    );
    let document = render_contract(&Drafting {
        today: effective,
        reference: &reference,
        deal: &draft,
        terms: &terms,
        sme: &sme,
        owner: &owner,
        patents: listing_patents(app, &listing).await?,
    })?;
    let message = checked_message(notice.message.as_deref(), false)?;
    let ctx = caller.audit_for(sme.id);
    let id = app
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
                    "付款凭证：{}{}",
                    notice.payment_reference.trim(),
                    message.map(|m| format!("\n{m}")).unwrap_or_default()
                )),
                terms: Some(terms),
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
        description: o.description.clone(),
    }
}

mod contract;
mod performance;

pub use performance::{
    OutcomeForm, RoyaltyReportForm, add_outcome, file_royalty_report, record_payment,
};

use contract::{Drafting, deal_patents, listing_patents, render_contract};

/// What a step carries besides its event.
#[derive(Debug, Clone, Default)]
pub struct StepData {
    pub message: Option<String>,
    /// An offer's terms.
    pub terms: Option<OfferForm>,
    /// For `record`: the registration or filing number and its date.
    pub record_number: Option<String>,
    pub recorded_on: Option<String>,
    /// For `sign` on a pledged patent: the pledgee's written consent is held.
    pub pledgee_consent: Option<bool>,
    /// For `sign`: the SHA-256 the signer saw; must be the current document's.
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
async fn patent_facts(app: &App, deal: &DealRecord) -> Result<Vec<DealPatentFacts>, Error> {
    let ids: Vec<i64> = deal.patents.iter().map(|p| p.patent_id).collect();
    let except = (deal.id > 0).then_some(deal.id);
    let others = app.store.live_deal_modes(&ids, except).await?;
    // The pledge comes from the register events; standing, preservation and
    // live open licences from the same facts the listing rules use.
    let mut patents = Vec::new();
    for p in &deal.patents {
        if let Some(patent) = app.store.get_patent(&p.number).await? {
            patents.push((p.patent_id, patent));
        }
    }
    let numbers: Vec<_> = patents.iter().map(|(_, p)| p.number.clone()).collect();
    let facts = app
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

/// The legal checks' refusals as one conflict listing every reason.
fn refused_at_signing(problems: Vec<patentbridge_domain::deal::Refusal>) -> Result<(), Error> {
    if problems.is_empty() {
        return Ok(());
    }
    let zh: Vec<&str> = problems.iter().map(|p| p.text.zh()).collect();
    let en: Vec<&str> = problems.iter().map(|p| p.text.en()).collect();
    Err(Error::Conflict(Text::owned(zh.join("；"), en.join("; "))))
}

fn refusal(r: patentbridge_domain::deal::Refusal) -> Error {
    Error::Conflict(r.text)
}

/// Takes one step of a deal for the caller's side.
pub async fn step(
    app: &App,
    caller: &Caller,
    id: i64,
    event: DealEvent,
    data: &StepData,
) -> Result<DealState, Error> {
    let user = caller.signed_in_user()?.clone();
    let (deal, side) = load(app, caller, id).await?;
    let Some((side, org)) = side else {
        return Err(Error::Forbidden(Text::new(
            "仅交易双方可以操作",
            "only the two parties take steps in a deal",
        )));
    };
    let steps = app.store.deal_steps(id).await?;
    let signatures = app.store.deal_signatures(id).await?;
    let documents = app.store.deal_documents(id).await?;
    let current = documents.first();
    let facts = facts_of(&steps, &signatures, current);
    let to = transition(deal.state, event, side, facts).map_err(refusal)?;
    let ctx = caller.audit_for(org.id);
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
                Error::field("terms", "请填写报价条件", "an offer needs its terms")
            })?;
            mv.offer = Some(terms.parse(deal.mode).map_err(Error::Invalid)?);
        }
        DealEvent::AcceptOffer => {
            let offer = steps
                .iter()
                .rev()
                .find(|s| s.event == "offer")
                .and_then(|s| s.offer.clone())
                .ok_or_else(|| {
                    Error::Conflict(Text::new("还没有报价", "there is no offer to accept"))
                })?;
            let terms = offer.clone();
            let (sme, owner) = parties(app, &deal).await?;
            // Each draft has its own number, so a redraft of equal terms is
            // a new document and earlier signatures do not carry over.
            let reference = format!("PB-DEAL-{:06}-{}", deal.id, documents.len() + 1);
            mv.document = Some(render_contract(&Drafting {
                today: app.today(),
                reference: &reference,
                deal: &deal,
                terms: &terms,
                sme: &sme,
                owner: &owner,
                patents: deal_patents(&deal),
            })?);
            mv.agreed_terms = Some(offer);
        }
        DealEvent::Sign => {
            let document = current.ok_or_else(|| {
                Error::Conflict(Text::new(
                    "合同尚未生成",
                    "there is no contract to sign yet",
                ))
            })?;
            let Some(seen) = data.sha256.as_deref() else {
                return Err(Error::field(
                    "sha256",
                    "签署须注明所阅读合同的 SHA-256",
                    "signing names the SHA-256 of the contract you read",
                ));
            };
            if seen != document.sha256 {
                return Err(Error::Conflict(Text::new(
                    "合同已更新，请阅读新版本后再签署",
                    "the contract changed since you opened it; read the new one before signing",
                )));
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
                &patent_facts(app, &deal).await?,
            ))?;
            signature = Some(NewSignature {
                document_id: document.id,
                side: side.as_str(),
                organisation_id: org.id,
                user_id: user.id,
                sha256: document.sha256.clone(),
                ip: caller.ip.clone(),
            });
            if to == DealState::Signed {
                let effective = app.today();
                mv.effective_on = Some(effective);
                if let Some(terms) = &deal.terms {
                    mv.obligations = obligations_for(terms, effective)
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
                    if on <= app.today() && deal.effective_on.is_none_or(|e| on >= e) =>
                {
                    mv.record = Some((n.to_string(), on))
                }
                _ => {
                    return Err(Error::field(
                        "record_number",
                        "请填写登记或备案号及日期（不早于合同生效日，不晚于今天）",
                        "give the registration or filing number and its date (from the contract's effective date to today)",
                    ));
                }
            }
        }
        _ => {}
    }
    if !app
        .store
        .move_deal(&ctx, id, &mv, signature.as_ref())
        .await?
    {
        return Err(Error::Conflict(Text::new(
            "交易已变化，请刷新后重试",
            "the deal changed meanwhile; reload and try again",
        )));
    }
    Ok(to)
}

async fn parties(
    app: &App,
    deal: &DealRecord,
) -> Result<(OrganisationRecord, OrganisationRecord), Error> {
    let gone = || Error::internal("reading a deal", "a party of the deal is gone");
    let sme = app
        .store
        .get_organisation(deal.sme_id)
        .await?
        .ok_or_else(gone)?;
    let owner = app
        .store
        .get_organisation(deal.owner_id)
        .await?
        .ok_or_else(gone)?;
    Ok((sme, owner))
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
    pub filing: Option<FilingStatus>,
    /// The day the view was read, against which obligations are overdue.
    pub today: NaiveDate,
}

/// The deal room's data.
pub async fn view(app: &App, caller: &Caller, id: i64) -> Result<DealView, Error> {
    let (deal, side) = load(app, caller, id).await?;
    let steps = app.store.deal_steps(id).await?;
    let documents = app.store.deal_documents(id).await?;
    let signatures = app.store.deal_signatures(id).await?;
    let facts = facts_of(&steps, &signatures, documents.first());
    let next = side
        .as_ref()
        .map(|(s, _)| next_events(deal.state, *s, facts))
        .unwrap_or_default();
    let licence = matches!(
        deal.mode,
        ListingMode::ExclusiveLicence | ListingMode::SoleLicence | ListingMode::OrdinaryLicence
    );
    let filing = match (licence, deal.state, deal.effective_on) {
        (true, DealState::Signed, Some(effective)) => Some(FilingStatus {
            deadline: patentbridge_domain::deal::filing_deadline(effective),
            urgency: filing_urgency(effective, app.today()),
        }),
        _ => None,
    };
    Ok(DealView {
        obligations: app.store.obligations(id).await?,
        reports: app.store.royalty_reports(id).await?,
        outcomes: app.store.outcomes(id).await?,
        deal,
        side: side.map(|(s, _)| s),
        steps,
        documents,
        signatures,
        next,
        filing,
        today: app.today(),
    })
}

/// The deals of the caller's organisations, on both sides; every deal for
/// platform overseers.
pub async fn my_deals(app: &App, caller: &Caller) -> Result<Vec<DealRecord>, Error> {
    let user = caller.signed_in_user()?;
    if oversees(caller) && user.memberships.is_empty() {
        return Ok(app.store.all_deals().await?);
    }
    let mut out: Vec<DealRecord> = Vec::new();
    for m in &user.memberships {
        for d in app.store.deals_of(m.org_id).await? {
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
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(Vec<u8>, String, String), Error> {
    let (_, _) = load(app, caller, id).await?;
    let documents = app.store.deal_documents(id).await?;
    let doc = documents.first().ok_or_else(|| {
        Error::NotFound(text!("交易 {id} 尚无合同", "deal {id} has no contract yet"))
    })?;
    let bytes = app
        .store
        .deal_document_pdf(doc.id)
        .await?
        .ok_or_else(|| Error::internal("reading a contract", "the contract file is gone"))?;
    Ok((
        bytes,
        format!("PB-DEAL-{id:06}-{}.pdf", doc.template),
        doc.sha256.clone(),
    ))
}

/// Terms that follow the listing's own price model: the starting point of
/// an owner's first offer (the demo uses them too).
pub fn listing_default_terms(listing: &ListingRecord) -> OfferForm {
    let mut t = OfferForm {
        payment: "lump".into(),
        territory: "中华人民共和国境内".into(),
        scope: listing.spec.scenarios.chars().take(200).collect(),
        term_months: None,
        due_days: Some(30),
        ..OfferForm::default()
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
