//! Streaming reader for USPTO full-text XML grants and applications.
//!
//! Reads ICE grants and applications (`us-patent-grant`, `us-patent-application`,
//! v4.0 and later), the 2001–04 ST.32 grants (`PATDOC`, v2.5) and the pap v1.5
//! applications (`patent-application-publication`). A file may hold many
//! documents one after another, each with its own XML declaration and DOCTYPE,
//! as the weekly `ipgYYMMDD` files do; each is split off and parsed on its own,
//! so a broken document is reported and the rest still load.
//!
//! The splitting and the small element tree used here are shared with the EPO
//! readers (see [`xml`]).

use std::path::Path;

use patentbridge_domain::{
    ClassificationCode, LegalStatus, Party, Patent, PatentNumber, parse_date,
};

use crate::format::Format;
use crate::xml::{self, Element};
use crate::{IngestError, RecordStream};

const ROOTS: &[&str] = &[
    "us-patent-grant",
    "us-patent-application",
    "PATDOC",
    "patent-application-publication",
];

const SOURCE: &str = "uspto-xml";

/// Opens a USPTO full-text XML file of one or many documents.
pub fn open(path: &Path) -> Result<RecordStream, IngestError> {
    xml::open_documents(path, Format::UsptoXml, ROOTS, parse_document)
}

fn parse_document(root: &Element) -> Result<Patent, String> {
    match root.name.as_str() {
        "us-patent-grant" | "us-patent-application" => parse_ice(root),
        "PATDOC" => parse_st32(root),
        "patent-application-publication" => parse_pap(root),
        other => Err(format!("unexpected root element <{other}>")),
    }
}

/// ICE grants and applications, v4.0 onwards.
fn parse_ice(root: &Element) -> Result<Patent, String> {
    let grant = root.name == "us-patent-grant";
    let bib = root
        .child("us-bibliographic-data-grant")
        .or_else(|| root.child("us-bibliographic-data-application"))
        .ok_or("no us-bibliographic-data element")?;
    let pub_id = bib
        .path(&["publication-reference", "document-id"])
        .ok_or("no publication-reference/document-id")?;
    let doc_number = pub_id
        .child_text("doc-number")
        .ok_or("no publication-reference/doc-number")?;
    let country = pub_id.child_text("country").unwrap_or_else(|| "US".into());
    let number = us_number(&country, &doc_number, pub_id.child_text("kind").as_deref())?;
    let mut patent = Patent::new(number, SOURCE);
    patent.title_en = Some(
        bib.child_text("invention-title")
            .filter(|t| !t.is_empty())
            .ok_or("no invention-title")?,
    );
    patent.publication_date = pub_id.child_text("date").and_then(|d| parse_date(&d).ok());
    if let Some(app_id) = bib.path(&["application-reference", "document-id"]) {
        patent.application_number = app_id.child_text("doc-number");
        patent.application_date = app_id.child_text("date").and_then(|d| parse_date(&d).ok());
    }
    if grant {
        patent.grant_date = patent.publication_date;
        patent.legal_status = LegalStatus::InForce;
    } else {
        patent.legal_status = LegalStatus::Pending;
    }
    patent.abstract_en = root.child("abstract").map(Element::text);
    patent.claims = root
        .child("claims")
        .and_then(|c| join_claims(c.children("claim")));

    if let Some(ipcr) = bib.child("classifications-ipcr") {
        patent.ipc = ipcr
            .children("classification-ipcr")
            .filter_map(ice_symbol)
            .collect();
    }
    if patent.ipc.is_empty()
        && let Some(ipc) = bib.child("classification-ipc")
    {
        let texts = ipc
            .children("main-classification")
            .chain(ipc.children("further-classification"));
        patent.ipc = texts.filter_map(|e| st32_ipc(&e.raw_text())).collect();
    }
    if let Some(cpc) = bib.child("classifications-cpc") {
        patent.cpc = cpc
            .find_all("classification-cpc")
            .into_iter()
            .filter_map(ice_symbol)
            .collect();
    }

    let mut owners: Vec<Party> = Vec::new();
    if let Some(assignees) = bib.child("assignees") {
        owners.extend(assignees.children("assignee").filter_map(ice_party));
    }
    let parties = bib.child("us-parties").or_else(|| bib.child("parties"));
    let applicants: Vec<&Element> = parties
        .and_then(|p| p.child("us-applicants").or_else(|| p.child("applicants")))
        .map(|a| {
            a.find_all("us-applicant")
                .into_iter()
                .chain(a.find_all("applicant"))
                .collect()
        })
        .unwrap_or_default();
    owners.extend(applicants.iter().copied().filter_map(ice_party));
    patent.applicants = owners;
    let inventors: Vec<String> = parties
        .and_then(|p| p.child("inventors"))
        .map(|i| {
            i.find_all("inventor")
                .into_iter()
                .filter_map(ice_name)
                .collect()
        })
        .unwrap_or_default();
    patent.inventors = if inventors.is_empty() {
        // v4.0–4.1 list inventors as applicants of type applicant-inventor.
        applicants
            .iter()
            .filter(|a| a.attr("app-type").is_some_and(|t| t.contains("inventor")))
            .filter_map(|a| ice_name(a))
            .collect()
    } else {
        inventors
    };
    Ok(patent)
}

/// `section class subclass main-group/subgroup` from an ICE classification element.
fn ice_symbol(e: &Element) -> Option<ClassificationCode> {
    let part = |n: &str| e.child_text(n).unwrap_or_default();
    let raw = format!(
        "{}{}{} {}/{}",
        part("section"),
        part("class"),
        part("subclass"),
        part("main-group"),
        part("subgroup")
    );
    ClassificationCode::parse(&raw).ok()
}

fn ice_name(e: &Element) -> Option<String> {
    let book = e.child("addressbook").unwrap_or(e);
    if let Some(org) = book.child_text("orgname").filter(|o| !o.is_empty()) {
        return Some(org);
    }
    let name = [book.child_text("first-name"), book.child_text("last-name")]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

fn ice_party(e: &Element) -> Option<Party> {
    let name = ice_name(e)?;
    let book = e.child("addressbook").unwrap_or(e);
    let address = book
        .child("address")
        .map(|a| address(a, &["city", "state", "country"]));
    Some(Party::new(&name, address.as_deref()))
}

/// Joins the listed children's texts with ", ", skipping empty ones.
fn address(e: &Element, parts: &[&str]) -> String {
    parts
        .iter()
        .filter_map(|p| e.child_text(p))
        .filter(|s| !s.is_empty() && s != "unknown")
        .collect::<Vec<_>>()
        .join(", ")
}

/// Claim texts joined with a blank line between claims.
pub(crate) fn join_claims<'a>(claims: impl Iterator<Item = &'a Element>) -> Option<String> {
    let texts: Vec<String> = claims
        .map(Element::text)
        .filter(|t| !t.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

/// A US number; grant serials lose their zero padding (`09358892` → `9358892`,
/// `D0654321` → `D654321`) so they match the usual spelling.
fn us_number(country: &str, doc_number: &str, kind: Option<&str>) -> Result<PatentNumber, String> {
    let raw = doc_number.trim();
    let serial = if country.eq_ignore_ascii_case("US") {
        let prefix: String = raw
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let digits = raw[prefix.len()..].trim_start_matches('0');
        if digits.is_empty() || digits.len() == raw.len() - prefix.len() {
            raw.to_string()
        } else {
            format!("{prefix}{digits}")
        }
    } else {
        raw.to_string()
    };
    PatentNumber::from_parts(
        country,
        &serial,
        kind.map(str::trim).filter(|k| !k.is_empty()),
    )
    .map_err(|e| format!("invalid publication number {country}{raw}: {e}"))
}

/// An IPC symbol as USPTO wrote it before ICE: `A47L  514` or `E03C 104`
/// (subclass, main group, two-digit subgroup, without the slash) or `A41D001/06`.
fn st32_ipc(raw: &str) -> Option<ClassificationCode> {
    let s = raw.trim();
    if s.contains('/') || s.len() < 6 || !s.is_ascii() {
        return ClassificationCode::parse(s).ok();
    }
    let (subclass, rest) = s.split_at(4);
    let digits: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let (main, sub) = if digits.len() <= 4 {
        digits.split_at(digits.len().saturating_sub(2))
    } else {
        // Longer subgroups only fit the fixed-width form: main group in three places.
        let rest = format!("{rest:>3}");
        let (main, sub) = rest.split_at(3);
        return ClassificationCode::parse(&format!("{subclass} {}/{}", main.trim(), sub.trim()))
            .ok();
    };
    ClassificationCode::parse(&format!("{subclass} {main}/{sub}")).ok()
}

/// The 2001–04 ST.32 grants (`PATDOC`, v2.5).
fn parse_st32(root: &Element) -> Result<Patent, String> {
    let bib = root.child("SDOBI").ok_or("no SDOBI element")?;
    let b100 = bib.child("B100").ok_or("no B100 publication data")?;
    let doc_number = b100
        .path(&["B110", "DNUM"])
        .map(Element::text)
        .filter(|t| !t.is_empty())
        .ok_or("no B110 document number")?;
    let country = b100
        .child_text("B190")
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "US".into());
    let kind = b100.child_text("B130");
    let number = us_number(&country, &doc_number, kind.as_deref())?;
    let mut patent = Patent::new(number, SOURCE);
    let b500 = bib.child("B500");
    patent.title_en = Some(
        b500.and_then(|b| b.child_text("B540"))
            .filter(|t| !t.is_empty())
            .ok_or("no B540 title")?,
    );
    patent.publication_date = b100.child_text("B140").and_then(|d| parse_date(&d).ok());
    patent.grant_date = patent.publication_date;
    patent.legal_status = LegalStatus::InForce;
    if let Some(b200) = bib.child("B200") {
        patent.application_number = b200.path(&["B210", "DNUM"]).map(Element::text);
        patent.application_date = b200.child_text("B220").and_then(|d| parse_date(&d).ok());
    }
    if let Some(b510) = b500.and_then(|b| b.child("B510")) {
        patent.ipc = b510
            .children("B511")
            .chain(b510.children("B512"))
            .filter_map(|e| st32_ipc(&e.raw_text()))
            .collect();
    }
    patent.abstract_en = root.child("SDOAB").map(Element::text);
    patent.claims = root
        .child("SDOCL")
        .and_then(|c| join_claims(c.find_all("CLM").into_iter()));
    if let Some(b700) = bib.child("B700") {
        patent.inventors = b700
            .find_all("B721")
            .into_iter()
            .filter_map(st32_name)
            .collect();
        patent.applicants = b700
            .find_all("B731")
            .into_iter()
            .filter_map(|b| {
                let name = st32_name(b)?;
                let adr = b
                    .find("ADR")
                    .map(|a| address(a, &["CITY", "STATE", "CTRY"]));
                Some(Party::new(&name, adr.as_deref()))
            })
            .collect();
    }
    Ok(patent)
}

fn st32_name(e: &Element) -> Option<String> {
    let nam = e.find("NAM")?;
    if let Some(org) = nam.child_text("ONM").filter(|o| !o.is_empty()) {
        return Some(org);
    }
    let name = [nam.child_text("FNM"), nam.child_text("SNM")]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// The 2001–04 pre-grant publications (`patent-application-publication`, pap v1.5/1.6).
fn parse_pap(root: &Element) -> Result<Patent, String> {
    let bib = root
        .child("subdoc-bibliographic-information")
        .ok_or("no subdoc-bibliographic-information element")?;
    let id = bib.child("document-id").ok_or("no document-id")?;
    let doc_number = id
        .child_text("doc-number")
        .ok_or("no document-id/doc-number")?;
    let country = id.child_text("country-code").unwrap_or_else(|| "US".into());
    let number = us_number(&country, &doc_number, id.child_text("kind-code").as_deref())?;
    let mut patent = Patent::new(number, SOURCE);
    let tech = bib.child("technical-information");
    patent.title_en = Some(
        tech.and_then(|t| t.child_text("title-of-invention"))
            .filter(|t| !t.is_empty())
            .ok_or("no title-of-invention")?,
    );
    patent.publication_date = id
        .child_text("document-date")
        .and_then(|d| parse_date(&d).ok());
    patent.legal_status = LegalStatus::Pending;
    if let Some(filing) = bib.child("domestic-filing-data") {
        patent.application_number = filing
            .path(&["application-number", "doc-number"])
            .map(Element::text);
        patent.application_date = filing
            .child_text("filing-date")
            .and_then(|d| parse_date(&d).ok());
    }
    if let Some(ipc) = tech.and_then(|t| t.child("classification-ipc")) {
        patent.ipc = ipc
            .find_all("ipc")
            .into_iter()
            .filter_map(|e| st32_ipc(&e.raw_text()))
            .collect();
    }
    patent.abstract_en = root.child("subdoc-abstract").map(Element::text);
    patent.claims = root
        .child("subdoc-claims")
        .and_then(|c| join_claims(c.find_all("claim").into_iter()));
    if let Some(inventors) = bib.child("inventors") {
        patent.inventors = inventors
            .children("first-named-inventor")
            .chain(inventors.children("inventor"))
            .filter_map(pap_name)
            .collect();
    }
    patent.applicants = bib
        .find_all("assignee")
        .into_iter()
        .filter_map(|a| {
            let name = a
                .child_text("organization-name")
                .filter(|o| !o.is_empty())
                .or_else(|| pap_name(a))?;
            let adr = a
                .find("address")
                .map(|ad| address(ad, &["city", "state", "country-code"]));
            Some(Party::new(&name, adr.as_deref()))
        })
        .collect();
    Ok(patent)
}

fn pap_name(e: &Element) -> Option<String> {
    let name = e.child("name")?;
    let text = ["given-name", "middle-name", "family-name", "name-suffix"]
        .iter()
        .filter_map(|p| name.child_text(p))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}
