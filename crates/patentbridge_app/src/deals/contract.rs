//! The standard contract of a deal: its data gathered from the deal, the
//! terms, both parties and the patents, filled into the template for the
//! mode and rendered to the PDF both sides sign.

use chrono::NaiveDate;
use patentbridge_contracts::{
    ContractData, ContractError, ContractPatent, FontSource, Lang, Party, PaymentTerms,
    TemplateKind,
};
use patentbridge_domain::Fen;
use patentbridge_domain::deal::{OfferTerms, PaymentPlan};
use patentbridge_domain::listing::ListingMode;
use patentbridge_storage::{DealRecord, ListingRecord, NewDocument, OrganisationRecord};

use crate::{App, Error};

/// A deal's patents as the contract needs them, from the listing.
pub(super) async fn listing_patents(
    app: &App,
    listing: &ListingRecord,
) -> Result<Vec<ContractPatent>, Error> {
    let numbers: Vec<String> = listing.patents.iter().map(|p| p.number.clone()).collect();
    let mut out = Vec::new();
    for n in numbers {
        if let Some(p) = app.store.get_patent(&n).await? {
            out.push(ContractPatent {
                number: p.number.to_string(),
                title: p
                    .title_zh
                    .clone()
                    .or(p.title_en.clone())
                    .unwrap_or_default(),
                patent_type: p.patent_type.label().zh().to_string(),
                application_date: p.application_date,
                grant_date: p.grant_date,
            });
        }
    }
    Ok(out)
}

pub(super) fn deal_patents(deal: &DealRecord) -> Vec<ContractPatent> {
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
                .map_or_else(|| p.patent_type.clone(), |t| t.label().zh().to_string()),
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

/// What drafting a deal's contract reads: the day, the document's
/// reference, the deal, the agreed terms, both parties and the patents.
pub(super) struct Drafting<'a> {
    pub today: NaiveDate,
    pub reference: &'a str,
    pub deal: &'a DealRecord,
    pub terms: &'a OfferTerms,
    pub sme: &'a OrganisationRecord,
    pub owner: &'a OrganisationRecord,
    pub patents: Vec<ContractPatent>,
}

/// The filled contract data of a deal with these terms.
fn contract_data(d: &Drafting<'_>) -> ContractData {
    let (today, reference, deal, terms, sme, owner) =
        (d.today, d.reference, d.deal, d.terms, d.sme, d.owner);
    let patents = d.patents.clone();
    let start = deal.effective_on.unwrap_or(today);
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

/// Fills the Chinese (binding) text of the deal's contract and renders
/// it; a template refusal is a field error naming what is missing, a
/// failure to render ours.
pub(super) fn render_contract(d: &Drafting<'_>) -> Result<NewDocument, Error> {
    let data = contract_data(d);
    let contract = patentbridge_contracts::fill(&data, Lang::Zh).map_err(|e| {
        let why = e.text();
        let (zh, en) = (why.zh(), why.en());
        Error::field(
            "terms",
            format!("合同无法生成：{zh}"),
            format!("the contract cannot be drafted: {en}"),
        )
    })?;
    let font = FontSource::discover().map_err(|e| Error::internal("contract PDF font", e))?;
    let pdf = patentbridge_contracts::render_pdf(&contract, &font).map_err(|e| match e {
        // A character no font of ours can draw (a rare name, an emoji in
        // the terms) is the deal's text to change, not our failure.
        ContractError::MissingGlyphs { chars, .. } => Error::field(
            "terms",
            format!("合同中有无法排印的字符：{chars}，请改用常用字"),
            format!("the contract has characters no font here can print: {chars}; use common ones"),
        ),
        other => Error::internal("rendering a contract PDF", other),
    })?;
    Ok(NewDocument {
        template: contract.template_id.to_string(),
        template_version: contract.template_version.to_string(),
        sha256: patentbridge_contracts::sha256_hex(&pdf),
        pdf,
    })
}
