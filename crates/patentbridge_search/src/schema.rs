//! The index schema and the mapping from a catalogue `Patent` to an index document.

use chrono::{Datelike, NaiveDate};
use patentbridge_domain::{ClassificationCode, Patent};
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::Facet;
use crate::analyzer::{CODE, ZH_EN};

/// How much of the claims is kept for snippets of records without an abstract.
const CLAIMS_LEAD_CHARS: usize = 400;

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    pub number: Field,
    pub number_base: Field,
    pub title: Field,
    pub title_zh: Field,
    pub title_en: Field,
    pub abstract_: Field,
    pub claims: Field,
    pub claims_lead: Field,
    pub applicant: Field,
    pub inventor: Field,
    pub keyword: Field,
    pub ipc: Field,
    pub cpc: Field,
    pub ipc_codes: Field,
    pub published: Field,
    pub sort_date: Field,
    pub cited_by: Field,
    /// One fast string field per facet, in `Facet::ALL` order.
    pub facets: [Field; 8],
}

/// Field names of the fast sort fields.
pub(crate) const SORT_DATE: &str = "sort_date";
pub(crate) const CITED_BY: &str = "cited_by";

/// The name of the fast field that holds a facet's values.
pub(crate) fn facet_field_name(facet: Facet) -> String {
    format!("f_{}", facet.name())
}

pub(crate) fn facet_index(facet: Facet) -> usize {
    Facet::ALL.iter().position(|f| *f == facet).unwrap_or(0)
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ZH_EN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let code = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CODE)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let number = b.add_text_field("number", STRING | STORED);
    let number_base = b.add_text_field("number_base", STRING);
    let title = b.add_text_field("title", text(false));
    let title_zh = b.add_text_field("title_zh", STORED);
    let title_en = b.add_text_field("title_en", STORED);
    let abstract_ = b.add_text_field("abstract", text(true));
    let claims = b.add_text_field("claims", text(false));
    let claims_lead = b.add_text_field("claims_lead", STORED);
    let applicant = b.add_text_field("applicant", text(true));
    let inventor = b.add_text_field("inventor", text(false));
    let keyword = b.add_text_field("keyword", text(false));
    let ipc = b.add_text_field("ipc", code.clone());
    let cpc = b.add_text_field("cpc", code);
    let ipc_codes = b.add_text_field("ipc_codes", STORED);
    let published = b.add_i64_field("published", STORED);
    let sort_date = b.add_i64_field(SORT_DATE, FAST);
    let cited_by = b.add_u64_field(CITED_BY, FAST);
    let facets = Facet::ALL.map(|facet| {
        let options = if facet == Facet::LegalStatus {
            STRING | FAST | STORED
        } else {
            STRING | FAST
        };
        b.add_text_field(&facet_field_name(facet), options)
    });
    let fields = Fields {
        number,
        number_base,
        title,
        title_zh,
        title_en,
        abstract_,
        claims,
        claims_lead,
        applicant,
        inventor,
        keyword,
        ipc,
        cpc,
        ipc_codes,
        published,
        sort_date,
        cited_by,
        facets,
    };
    (b.build(), fields)
}

/// Days since 0001-01-01, the order-preserving integer form of a date.
pub(crate) fn date_to_days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

pub(crate) fn days_to_date(days: i64) -> Option<NaiveDate> {
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The facet values of a patent, in `Facet::ALL` order.
pub(crate) fn facet_values(patent: &Patent) -> [Vec<String>; 8] {
    // IPC codes drive the classification facets; CPC stands in when a record has none.
    let codes: &[ClassificationCode] = if patent.ipc.is_empty() {
        &patent.cpc
    } else {
        &patent.ipc
    };
    let mut sections: Vec<String> = codes.iter().map(|c| c.section().to_string()).collect();
    dedup(&mut sections);
    let mut classes: Vec<String> = codes
        .iter()
        .filter_map(|c| c.class())
        .map(str::to_string)
        .collect();
    dedup(&mut classes);
    let mut types: Vec<String> = patent
        .applicants
        .iter()
        .map(|a| a.applicant_type.as_str().to_string())
        .collect();
    dedup(&mut types);
    let year = patent
        .publication_date
        .or(patent.application_date)
        .map(|d| d.year().to_string());
    Facet::ALL.map(|facet| match facet {
        Facet::Jurisdiction => vec![patent.number.jurisdiction().as_str().to_string()],
        Facet::IpcSection => sections.clone(),
        Facet::IpcClass => classes.clone(),
        Facet::ApplicantType => types.clone(),
        Facet::Year => year.iter().cloned().collect(),
        Facet::LegalStatus => vec![patent.derived_status().as_str().to_string()],
        Facet::Region => patent
            .region()
            .map(|r| format!("{:06}", r.value()))
            .into_iter()
            .collect(),
        Facet::PatentType => vec![patent.patent_type.as_str().to_string()],
    })
}

fn dedup(values: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.clone()));
}

/// The index document for one patent.
pub(crate) fn to_document(f: &Fields, patent: &Patent) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.number, patent.number.to_string());
    doc.add_text(f.number_base, patent.number.without_kind());
    for (title, stored) in [
        (&patent.title_zh, f.title_zh),
        (&patent.title_en, f.title_en),
    ] {
        if let Some(t) = title {
            doc.add_text(f.title, t);
            doc.add_text(stored, t);
        }
    }
    for text in [&patent.abstract_zh, &patent.abstract_en]
        .into_iter()
        .flatten()
    {
        doc.add_text(f.abstract_, text);
    }
    if let Some(claims) = &patent.claims {
        doc.add_text(f.claims, claims);
        if patent.abstract_zh.is_none() && patent.abstract_en.is_none() {
            let lead: String = claims.chars().take(CLAIMS_LEAD_CHARS).collect();
            doc.add_text(f.claims_lead, lead);
        }
    }
    for a in &patent.applicants {
        doc.add_text(f.applicant, &a.name);
    }
    for name in &patent.inventors {
        doc.add_text(f.inventor, name);
    }
    for k in &patent.keywords {
        doc.add_text(f.keyword, k);
    }
    for (codes, field) in [(&patent.ipc, f.ipc), (&patent.cpc, f.cpc)] {
        let mut lineage: Vec<String> = codes.iter().flat_map(ClassificationCode::lineage).collect();
        dedup(&mut lineage);
        for code in lineage {
            doc.add_text(field, code);
        }
    }
    for code in &patent.ipc {
        doc.add_text(f.ipc_codes, code.as_str());
    }
    if let Some(d) = patent.publication_date {
        doc.add_i64(f.published, date_to_days(d));
    }
    if let Some(d) = patent.publication_date.or(patent.application_date) {
        doc.add_i64(f.sort_date, date_to_days(d));
    }
    doc.add_u64(f.cited_by, patent.cited_by_count.unwrap_or(0).max(0) as u64);
    for (field, values) in f.facets.iter().zip(facet_values(patent)) {
        for v in values {
            doc.add_text(*field, v);
        }
    }
    doc
}
