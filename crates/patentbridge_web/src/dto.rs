//! The JSON shapes of the API. The domain types carry no serde, so the wire
//! format is defined here, once, and can change only with the API version.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use patentbridge_domain::{ApplicantType, Jurisdiction, Patent};
use patentbridge_search::{Hit, SearchResults};
use patentbridge_storage::CatalogueStats;
use serde::Serialize;

use crate::search_params::SearchParams;
use crate::titles::CodeTitle;

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

#[derive(Debug, Serialize)]
pub struct SearchResponse {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub exact_number_match: bool,
    pub hits: Vec<HitDto>,
    /// Keyed by facet name (`jurisdiction`, `ipc_section`, …).
    pub facets: BTreeMap<&'static str, Vec<FacetValueDto>>,
}

#[derive(Debug, Serialize)]
pub struct HitDto {
    pub number: String,
    /// The Chinese title if there is one, else the English.
    pub title: Option<String>,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    /// HTML: escaped text with matched terms in `<mark>`.
    pub snippet: String,
    pub applicants: Vec<String>,
    pub ipc: Vec<String>,
    pub publication_date: Option<String>,
    pub legal_status: String,
    pub score: f32,
}

#[derive(Debug, Serialize)]
pub struct FacetValueDto {
    pub value: String,
    pub count: u64,
}

impl SearchResponse {
    pub fn new(params: &SearchParams, results: SearchResults) -> SearchResponse {
        SearchResponse {
            total: results.total,
            page: params.page,
            per_page: params.per_page,
            exact_number_match: results.exact_number_match,
            hits: results.hits.into_iter().map(HitDto::from).collect(),
            facets: results
                .facets
                .into_iter()
                .map(|fc| {
                    let values = fc
                        .values
                        .into_iter()
                        .map(|(value, count)| FacetValueDto { value, count })
                        .collect();
                    (fc.facet.name(), values)
                })
                .collect(),
        }
    }
}

impl From<Hit> for HitDto {
    fn from(h: Hit) -> HitDto {
        HitDto {
            title: h.title_zh.clone().or_else(|| h.title_en.clone()),
            number: h.number,
            title_zh: h.title_zh,
            title_en: h.title_en,
            snippet: h.snippet_html,
            applicants: h.applicants,
            ipc: h.ipc,
            publication_date: iso(h.publication_date),
            legal_status: h.legal_status,
            score: h.score,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PatentDto {
    pub number: String,
    pub application_number: Option<String>,
    pub patent_type: &'static str,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub abstract_zh: Option<String>,
    pub abstract_en: Option<String>,
    pub claims: Option<String>,
    pub keywords: Vec<String>,
    pub ipc: Vec<CodeDto>,
    pub cpc: Vec<CodeDto>,
    pub applicants: Vec<ApplicantDto>,
    pub inventors: Vec<String>,
    pub application_date: Option<String>,
    pub publication_date: Option<String>,
    pub grant_date: Option<String>,
    pub jurisdiction: String,
    pub legal_status: &'static str,
    pub events: Vec<EventDto>,
    pub cited_by_count: Option<i64>,
    pub family_size: Option<i64>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct CodeDto {
    pub code: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ApplicantDto {
    pub name: String,
    #[serde(rename = "type")]
    pub applicant_type: &'static str,
    pub type_overridden: bool,
    pub address: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventDto {
    pub date: String,
    pub kind: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub detail: String,
}

impl PatentDto {
    /// `ipc` and `cpc` are the resolved titles of the patent's codes, in order.
    pub fn new(p: Patent, ipc: Vec<CodeTitle>, cpc: Vec<CodeTitle>) -> PatentDto {
        let code = |c: CodeTitle| CodeDto {
            code: c.code,
            title_zh: c.title_zh,
            title_en: c.title_en,
        };
        PatentDto {
            number: p.number.to_string(),
            jurisdiction: p.number.jurisdiction().to_string(),
            application_number: p.application_number,
            patent_type: p.patent_type.as_str(),
            title_zh: p.title_zh,
            title_en: p.title_en,
            abstract_zh: p.abstract_zh,
            abstract_en: p.abstract_en,
            claims: p.claims,
            keywords: p.keywords,
            ipc: ipc.into_iter().map(code).collect(),
            cpc: cpc.into_iter().map(code).collect(),
            applicants: p
                .applicants
                .into_iter()
                .map(|a| ApplicantDto {
                    name: a.name,
                    applicant_type: a.applicant_type.as_str(),
                    type_overridden: a.type_overridden,
                    address: a.address,
                    region: a.region.map(|r| r.to_string()),
                })
                .collect(),
            inventors: p.inventors,
            application_date: iso(p.application_date),
            publication_date: iso(p.publication_date),
            grant_date: iso(p.grant_date),
            legal_status: p.legal_status.as_str(),
            events: p
                .events
                .into_iter()
                .map(|e| EventDto {
                    date: e.date.format("%Y-%m-%d").to_string(),
                    kind: e.kind.as_str(),
                    label_zh: e.kind.label_zh(),
                    label_en: e.kind.label_en(),
                    detail: e.detail,
                })
                .collect(),
            cited_by_count: p.cited_by_count,
            family_size: p.family_size,
            source: p.source,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StatsDto {
    pub patents: i64,
    pub in_force: i64,
    pub ipc_titles: i64,
    pub by_applicant_type: Vec<LabelledCount>,
    pub by_jurisdiction: Vec<LabelledCount>,
}

#[derive(Debug, Serialize)]
pub struct LabelledCount {
    pub value: String,
    pub label_zh: String,
    pub label_en: String,
    pub count: i64,
}

impl From<CatalogueStats> for StatsDto {
    fn from(s: CatalogueStats) -> StatsDto {
        StatsDto {
            patents: s.patents,
            in_force: s.in_force,
            ipc_titles: s.ipc_titles,
            by_applicant_type: s
                .by_applicant_type
                .into_iter()
                .map(|(value, count)| {
                    let (zh, en) = ApplicantType::parse(&value)
                        .map(|t| (t.label_zh().to_string(), t.label_en().to_string()))
                        .unwrap_or_else(|| (value.clone(), value.clone()));
                    LabelledCount {
                        value,
                        label_zh: zh,
                        label_en: en,
                        count,
                    }
                })
                .collect(),
            by_jurisdiction: s
                .by_jurisdiction
                .into_iter()
                .map(|(value, count)| {
                    let (zh, en) = Jurisdiction::parse(&value)
                        .map(|j| j.names())
                        .unwrap_or(("其他", "Other"));
                    LabelledCount {
                        value,
                        label_zh: zh.to_string(),
                        label_en: en.to_string(),
                        count,
                    }
                })
                .collect(),
        }
    }
}

/// A signed-in user as `GET /api/v1/me` and `POST /api/v1/session` show them.
#[derive(Debug, Serialize)]
pub struct UserDto {
    pub id: i64,
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Platform roles: `ip_bureau`, `district_officer`,
    /// `operation_centre_staff`, `expert`, `administrator`.
    pub roles: Vec<&'static str>,
    /// The GB/T 2260 codes of the districts the user is an officer of.
    pub districts: Vec<String>,
    pub memberships: Vec<MembershipDto>,
}

#[derive(Debug, Serialize)]
pub struct MembershipDto {
    pub organisation_id: i64,
    pub organisation_kind: &'static str,
    /// `member` or `manager`.
    pub role: &'static str,
}

impl From<&patentbridge_storage::UserRecord> for UserDto {
    fn from(u: &patentbridge_storage::UserRecord) -> Self {
        UserDto {
            id: u.id,
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            roles: u.platform_roles.iter().map(|r| r.as_str()).collect(),
            districts: u
                .platform_roles
                .iter()
                .filter_map(|r| r.district())
                .map(|d| d.to_string())
                .collect(),
            memberships: u
                .memberships
                .iter()
                .map(|m| MembershipDto {
                    organisation_id: m.org_id,
                    organisation_kind: m.org_kind.as_str(),
                    role: m.role.as_str(),
                })
                .collect(),
        }
    }
}

/// The answer to a successful sign-in.
#[derive(Debug, Serialize)]
pub struct SessionDto {
    /// A bearer token for the JSON API, valid until `expires_at`.
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub user: UserDto,
}

/// One audit entry.
#[derive(Debug, Serialize)]
pub struct AuditEntryDto {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub district: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_summary: Option<String>,
    pub after_summary: Option<String>,
    pub request_id: Option<String>,
}

impl From<patentbridge_storage::AuditEntry> for AuditEntryDto {
    fn from(e: patentbridge_storage::AuditEntry) -> Self {
        AuditEntryDto {
            id: e.id,
            at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            user_id: e.user_id,
            organisation_id: e.organisation_id,
            district: e.district,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            before_summary: e.before_summary,
            after_summary: e.after_summary,
            request_id: e.request_id,
        }
    }
}

/// A page of audit entries, newest first.
#[derive(Debug, Serialize)]
pub struct AuditPage {
    pub limit: i64,
    pub offset: i64,
    pub entries: Vec<AuditEntryDto>,
}
