//! Streaming readers for EPO full-text XML and DocDB exchange documents.
//!
//! Full text is the publication server's `ep-patent-document` (DTD v1.0 to
//! v1.5.1), one document per file. DocDB files hold one or many
//! `exch:exchange-document` elements; each is read as its own document, so a
//! broken one is reported and the rest still load.

use std::path::Path;

use patentbridge_domain::{
    ClassificationCode, LegalStatus, Party, Patent, PatentNumber, parse_date,
};

use crate::format::Format;
use crate::uspto::join_claims;
use crate::xml::{Element, open_documents};
use crate::{IngestError, RecordStream};

/// Opens an EPO publication-server full-text file.
pub fn open_fulltext(path: &Path) -> Result<RecordStream, IngestError> {
    open_documents(
        path,
        Format::EpoXml,
        &["ep-patent-document"],
        parse_fulltext,
    )
}

/// Opens a DocDB exchange file of one or many exchange documents.
pub fn open_docdb(path: &Path) -> Result<RecordStream, IngestError> {
    open_documents(
        path,
        Format::DocdbXml,
        &["exch:exchange-document", "exchange-document"],
        parse_docdb,
    )
}

fn parse_fulltext(root: &Element) -> Result<Patent, String> {
    let bib = root.child("SDOBI");
    let b100 = bib.and_then(|b| b.child("B100"));
    let from_b100 = |tag: &str| {
        b100.and_then(|b| b.child_text(tag))
            .filter(|t| !t.is_empty())
    };
    let doc_number = root
        .attr("doc-number")
        .map(str::to_string)
        .or_else(|| from_b100("B110"))
        .ok_or("no doc-number attribute or B110")?;
    let country = root
        .attr("country")
        .map(str::to_string)
        .or_else(|| from_b100("B190"))
        .unwrap_or_else(|| "EP".into());
    let kind = root
        .attr("kind")
        .map(str::to_string)
        .or_else(|| from_b100("B130"));
    let number = number(&country, &doc_number, kind.as_deref())?;
    let mut patent = Patent::new(number, "epo-xml");
    let b500 = bib.and_then(|b| b.child("B500"));
    patent.title_en = b500.and_then(|b| b.child("B540")).and_then(fulltext_title);
    if patent.title_en.is_none() {
        return Err("no B540 title".into());
    }
    patent.publication_date = root
        .attr("date-publ")
        .and_then(|d| parse_date(d).ok())
        .or_else(|| {
            b100.and_then(|b| b.find("date"))
                .and_then(|d| parse_date(&d.text()).ok())
        });
    set_status(&mut patent, kind.as_deref());
    if let Some(b200) = bib.and_then(|b| b.child("B200")) {
        patent.application_number = b200.child_text("B210");
        patent.application_date = b200.child("B220").and_then(|d| parse_date(&d.text()).ok());
    }
    if let Some(b500) = b500 {
        patent.ipc = if let Some(ipcr) = b500.child("B510EP") {
            ipcr.find_all("classification-ipcr")
                .into_iter()
                .filter_map(|c| fixed_width_symbol(&c.text()))
                .collect()
        } else if let Some(b510) = b500.child("B510") {
            b510.children("B511")
                .chain(b510.children("B512"))
                .filter_map(|c| fixed_width_symbol(&c.text()))
                .collect()
        } else {
            Vec::new()
        };
    }
    patent.abstract_en = root
        .children("abstract")
        .find(|a| a.attr("lang").is_some_and(|l| l.eq_ignore_ascii_case("en")))
        .map(Element::text);
    let claims: Vec<&Element> = root.children("claims").collect();
    let claims = claims
        .iter()
        .find(|c| c.attr("lang").is_some_and(|l| l.eq_ignore_ascii_case("en")))
        .or(claims.first());
    patent.claims = claims.and_then(|c| join_claims(c.children("claim")));
    if let Some(b700) = bib.and_then(|b| b.child("B700")) {
        let proprietors = b700.find_all("B731");
        let applicants = b700.find_all("B711");
        patent.applicants = proprietors
            .into_iter()
            .chain(applicants)
            .filter_map(|p| {
                let name = p.child_text("snm").filter(|n| !n.is_empty())?;
                let adr = p.child("adr").map(|a| {
                    ["city", "ctry"]
                        .iter()
                        .filter_map(|t| a.child_text(t))
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ")
                });
                Some(Party::new(&name, adr.as_deref()))
            })
            .collect();
        patent.inventors = b700
            .find_all("B721")
            .into_iter()
            .filter_map(|i| i.child_text("snm"))
            .collect();
    }
    Ok(patent)
}

/// The English title from B541/B542 pairs, or the first title when there is none in English.
fn fulltext_title(b540: &Element) -> Option<String> {
    let mut lang = String::new();
    let mut first = None;
    for e in b540.elements() {
        match e.name.as_str() {
            "B541" => lang = e.text(),
            "B542" => {
                let title = e.text();
                if title.is_empty() {
                    continue;
                }
                if lang.eq_ignore_ascii_case("en") {
                    return Some(title);
                }
                first.get_or_insert(title);
            }
            _ => {}
        }
    }
    first
}

/// Kind B is a granted patent (in force from publication), kind A an application.
fn set_status(patent: &mut Patent, kind: Option<&str>) {
    match kind.and_then(|k| k.trim().chars().next()) {
        Some('B') => {
            patent.legal_status = LegalStatus::InForce;
            patent.grant_date = patent.publication_date;
        }
        Some('A') => patent.legal_status = LegalStatus::Pending,
        _ => {}
    }
}

fn number(country: &str, doc_number: &str, kind: Option<&str>) -> Result<PatentNumber, String> {
    PatentNumber::from_parts(
        country.trim(),
        doc_number.trim(),
        kind.map(str::trim).filter(|k| !k.is_empty()),
    )
    .map_err(|e| format!("invalid publication number {country}{doc_number}: {e}"))
}

/// The symbol of an EPO fixed-width classification such as
/// `H01F  27/14        20060101AFI20171122BHEP`, ` 7C 07C  29/44   A`
/// (with an edition digit in front) or `B05B 7/ 00 A I`: everything up to the
/// slash, then the digits of the subgroup; the date and flags are dropped.
fn fixed_width_symbol(raw: &str) -> Option<ClassificationCode> {
    let s = raw
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let code = match s.split_once('/') {
        Some((head, tail)) => {
            let sub: String = tail
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("{}/{sub}", head.trim())
        }
        None => s.split_whitespace().next()?.to_string(),
    };
    ClassificationCode::parse(&code).ok()
}

fn parse_docdb(root: &Element) -> Result<Patent, String> {
    let bib = root.child("bibliographic-data");
    let docdb_id = |tag: &'static str| {
        bib.and_then(|b| {
            b.children(tag)
                .find(|r| r.attr("data-format") == Some("docdb"))
                .or_else(|| b.child(tag))
        })
        .and_then(|r| r.child("document-id"))
    };
    let pub_id = docdb_id("publication-reference");
    let from_pub = |tag: &str| {
        pub_id
            .and_then(|p| p.child_text(tag))
            .filter(|t| !t.is_empty())
    };
    let doc_number = root
        .attr("doc-number")
        .map(str::to_string)
        .or_else(|| from_pub("doc-number"))
        .ok_or("no doc-number attribute or publication-reference/doc-number")?;
    let country = root
        .attr("country")
        .map(str::to_string)
        .or_else(|| from_pub("country"))
        .ok_or("no country attribute or publication-reference/country")?;
    let kind = root
        .attr("kind")
        .map(str::to_string)
        .or_else(|| from_pub("kind"));
    let mut patent = Patent::new(number(&country, &doc_number, kind.as_deref())?, "docdb-xml");
    let bib = bib.ok_or("no bibliographic-data")?;
    patent.title_en = Some(by_language(bib, "invention-title").ok_or("no invention-title")?);
    patent.abstract_en = bib
        .children("abstract")
        .chain(root.children("abstract"))
        .find(|a| a.attr("lang") == Some("en"))
        .map(Element::text);
    patent.publication_date = root
        .attr("date-publ")
        .and_then(|d| parse_date(d).ok())
        .or_else(|| from_pub("date").and_then(|d| parse_date(&d).ok()));
    if let Some(app) = docdb_id("application-reference") {
        patent.application_number = match (app.child_text("country"), app.child_text("doc-number"))
        {
            (Some(c), Some(n)) => Some(format!("{c}{n}")),
            (None, n) => n,
            (Some(_), None) => None,
        };
        patent.application_date = app.child_text("date").and_then(|d| parse_date(&d).ok());
    }
    // DocDB says nothing of legal status; kind B/C grants still give the grant date.
    if kind.as_deref().is_some_and(|k| k.starts_with(['B', 'C'])) {
        patent.grant_date = patent.publication_date;
    }
    if let Some(ipcr) = bib.child("classifications-ipcr") {
        patent.ipc = ipcr
            .children("classification-ipcr")
            .filter_map(|c| fixed_width_symbol(&c.text()))
            .collect();
    }
    if let Some(pcs) = bib.child("patent-classifications") {
        patent.cpc = pcs
            .children("patent-classification")
            .filter(|pc| {
                pc.child("classification-scheme")
                    .and_then(|s| s.attr("scheme"))
                    .is_some_and(|s| s.starts_with("CPC"))
            })
            .filter_map(|pc| pc.child_text("classification-symbol"))
            .filter_map(|s| fixed_width_symbol(&s))
            .collect();
    }
    if let Some(parties) = bib.child("parties") {
        let applicants = parties.child("applicants");
        patent.applicants = docdb_names(applicants, "applicant", "applicant-name")
            .into_iter()
            .map(|(name, ctry)| Party::new(&name, ctry.as_deref()))
            .collect();
        let inventors = parties.child("inventors");
        patent.inventors = docdb_names(inventors, "inventor", "inventor-name")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
    }
    Ok(patent)
}

/// The English text of the children named `tag`, else the first one.
fn by_language(parent: &Element, tag: &str) -> Option<String> {
    let all: Vec<&Element> = parent.children(tag).collect();
    all.iter()
        .find(|e| e.attr("lang") == Some("en"))
        .or(all.first())
        .map(|e| e.text())
        .filter(|t| !t.is_empty())
}

/// Party names in the fuller docdba form when given, else docdb, with the
/// residence country; a trailing `[US]` country tag is dropped from the name.
fn docdb_names(list: Option<&Element>, tag: &str, name_tag: &str) -> Vec<(String, Option<String>)> {
    let Some(list) = list else {
        return Vec::new();
    };
    let parties: Vec<&Element> = list.children(tag).collect();
    let docdba: Vec<&Element> = parties
        .iter()
        .copied()
        .filter(|p| p.attr("data-format") == Some("docdba"))
        .collect();
    let chosen = if docdba.is_empty() {
        parties.clone()
    } else {
        docdba
    };
    chosen
        .into_iter()
        .filter_map(|p| {
            let name = p
                .child(name_tag)
                .and_then(|n| n.child_text("name"))
                .unwrap_or_default();
            let name = strip_country_tag(&name);
            if name.is_empty() {
                return None;
            }
            let sequence = p.attr("sequence");
            let country = p
                .path(&["residence", "country"])
                .map(Element::text)
                .or_else(|| {
                    parties
                        .iter()
                        .filter(|q| q.attr("sequence") == sequence)
                        .find_map(|q| q.path(&["residence", "country"]).map(Element::text))
                });
            Some((name, country))
        })
        .collect()
}

fn strip_country_tag(name: &str) -> String {
    let name = name.trim();
    match name.strip_suffix(']').and_then(|n| n.rsplit_once('[')) {
        Some((head, code)) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
            head.trim_end().trim_end_matches(',').trim_end().to_string()
        }
        _ => name.to_string(),
    }
}
