//! The JSON shapes of the API. The domain types carry no serde, so the wire
//! format is defined here, once, and can change only with the API version.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use patentbridge_domain::{ApplicantType, Jurisdiction, Patent, RegistrationForm, Text};
use patentbridge_search::{Hit, SearchResults};
use patentbridge_storage::{
    ApiTokenRecord, CatalogueStats, OrganisationFigures, OrganisationRecord,
};
use serde::{Deserialize, Deserializer, Serialize};

use crate::search_params::SearchParams;
use patentbridge_app::catalogue::CodeTitle;

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
    pub label_zh: String,
    pub label_en: String,
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
                .map(|e| {
                    let label = e.kind.label();
                    EventDto {
                        date: e.date.format("%Y-%m-%d").to_string(),
                        kind: e.kind.as_str(),
                        label_zh: label.zh().to_string(),
                        label_en: label.en().to_string(),
                        detail: e.detail,
                    }
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
                    let label = ApplicantType::parse(&value)
                        .map_or_else(|| Text::same(value.clone()), ApplicantType::label);
                    LabelledCount {
                        value,
                        label_zh: label.zh().to_string(),
                        label_en: label.en().to_string(),
                        count,
                    }
                })
                .collect(),
            by_jurisdiction: s
                .by_jurisdiction
                .into_iter()
                .map(|(value, count)| {
                    let label = Jurisdiction::parse(&value)
                        .ok()
                        .and_then(|j| j.name())
                        .unwrap_or(Text::new("其他", "Other"));
                    LabelledCount {
                        value,
                        label_zh: label.zh().to_string(),
                        label_en: label.en().to_string(),
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

// ---------------------------------------------------------------------------
// Accounts, organisations and API tokens.

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A field that may arrive as a JSON string or number (or be null, which is
/// empty): forms send `"2025"`, scripts send `2025`.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Null => Ok(String::new()),
        other => Err(D::Error::custom(format!(
            "expected a string or a number, not {other}"
        ))),
    }
}

/// The body of `POST /api/v1/registrations`: the fields of the sign-up
/// form; a missing field is empty, numbers may be strings or numbers.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegistrationRequest {
    #[serde(deserialize_with = "lenient_text")]
    pub kind: String,
    #[serde(deserialize_with = "lenient_text")]
    pub name_zh: String,
    #[serde(deserialize_with = "lenient_text")]
    pub name_en: String,
    #[serde(deserialize_with = "lenient_text")]
    pub credit_code: String,
    #[serde(deserialize_with = "lenient_text")]
    pub region_code: String,
    #[serde(deserialize_with = "lenient_text")]
    pub address: String,
    #[serde(deserialize_with = "lenient_text")]
    pub industry: String,
    #[serde(deserialize_with = "lenient_text")]
    pub year: String,
    #[serde(deserialize_with = "lenient_text")]
    pub revenue_yuan: String,
    #[serde(deserialize_with = "lenient_text")]
    pub employees: String,
    #[serde(deserialize_with = "lenient_text")]
    pub display_name: String,
    #[serde(deserialize_with = "lenient_text")]
    pub login: String,
    #[serde(deserialize_with = "lenient_text")]
    pub password: String,
    #[serde(deserialize_with = "lenient_text")]
    pub password_confirm: String,
}

impl From<RegistrationRequest> for RegistrationForm {
    fn from(r: RegistrationRequest) -> RegistrationForm {
        RegistrationForm {
            kind: r.kind,
            name_zh: r.name_zh,
            name_en: r.name_en,
            credit_code: r.credit_code,
            region_code: r.region_code,
            address: r.address,
            industry: r.industry,
            year: r.year,
            revenue_yuan: r.revenue_yuan,
            employees: r.employees,
            display_name: r.display_name,
            login: r.login,
            password: r.password,
            password_confirm: r.password_confirm,
        }
    }
}

/// The answer to a sign-up.
#[derive(Debug, Serialize)]
pub struct RegisteredDto {
    pub organisation_id: i64,
    pub user_id: i64,
    /// Always `pending`: the organisation waits for an administrator.
    pub verification: &'static str,
}

/// `PUT /api/v1/me/password`
#[derive(Debug, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
    pub password_confirm: String,
}

/// `POST /api/v1/password-resets`
#[derive(Debug, Deserialize)]
pub struct ResetRequest {
    pub login: String,
}

/// The same answer for every login, known or not.
#[derive(Debug, Serialize)]
pub struct ResetRequested {
    pub status: &'static str,
}

/// `POST /api/v1/password-resets/confirm`
#[derive(Debug, Deserialize)]
pub struct ResetConfirm {
    pub token: String,
    pub new_password: String,
    pub password_confirm: String,
}

/// `POST /api/v1/tokens`
#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    pub name: String,
    pub scopes: Vec<String>,
}

/// An API token as listed: never the token itself.
#[derive(Debug, Serialize)]
pub struct ApiTokenDto {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<ApiTokenRecord> for ApiTokenDto {
    fn from(t: ApiTokenRecord) -> Self {
        ApiTokenDto {
            id: t.id,
            name: t.name,
            scopes: t.scopes,
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
            revoked_at: t.revoked_at.map(rfc3339),
        }
    }
}

/// A token just made: `token` is shown this once.
#[derive(Debug, Serialize)]
pub struct CreatedTokenDto {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub token: String,
    pub created_at: String,
}

/// An organisation; `figures` only for its members, administrators and the
/// IP bureau, `null` for everyone else.
#[derive(Debug, Serialize)]
pub struct OrganisationDto {
    pub id: i64,
    pub kind: &'static str,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub credit_code: Option<String>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub industry: Option<String>,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub verification: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub figures: Option<Vec<FiguresDto>>,
}

#[derive(Debug, Serialize)]
pub struct FiguresDto {
    pub year: i32,
    /// Annual operating revenue in fen (0.01 yuan).
    pub revenue_fen: i64,
    pub employees: u32,
    pub size_class: &'static str,
}

impl OrganisationDto {
    pub fn new(o: OrganisationRecord, figures: Option<Vec<OrganisationFigures>>) -> Self {
        OrganisationDto {
            id: o.id,
            kind: o.kind.as_str(),
            name_zh: o.name_zh,
            name_en: o.name_en,
            credit_code: o.credit_code.map(|c| c.as_str().to_string()),
            region: o.region.map(|r| r.to_string()),
            address: o.address,
            industry: o.industry,
            verification: o.verification.as_str(),
            created_at: rfc3339(o.created_at),
            updated_at: rfc3339(o.updated_at),
            figures: figures.map(|f| {
                f.into_iter()
                    .map(|f| FiguresDto {
                        year: f.year,
                        revenue_fen: f.revenue.value(),
                        employees: f.employees,
                        size_class: f.size_class.as_str(),
                    })
                    .collect()
            }),
        }
    }
}

/// `POST /api/v1/organisations/{id}/verification`
#[derive(Debug, Deserialize)]
pub struct VerificationRequest {
    /// `submit`, `approve`, `reject` or `revoke`.
    pub event: String,
}

#[derive(Debug, Serialize)]
pub struct VerificationDto {
    pub verification: &'static str,
}

/// `POST /api/v1/organisations/{id}/invitations`
#[derive(Debug, Deserialize)]
pub struct InvitationRequest {
    pub email: String,
    /// `member` or `manager`.
    pub role: String,
}

/// An invitation just made: `token` goes into the link and is shown once.
#[derive(Debug, Serialize)]
pub struct InvitationDto {
    pub id: i64,
    pub token: String,
}

/// `POST /api/v1/invitations/accept`
#[derive(Debug, Deserialize)]
pub struct AcceptInvitation {
    pub token: String,
}

/// The membership an accepted invitation gave.
#[derive(Debug, Serialize)]
pub struct AcceptedDto {
    pub organisation_id: i64,
    pub role: &'static str,
}

/// A user as administrators manage them.
#[derive(Debug, Serialize)]
pub struct AdminUserDto {
    #[serde(flatten)]
    pub user: UserDto,
    pub failed_logins: i64,
    /// RFC 3339, or null; may lie in the past once the lock ran out.
    pub locked_until: Option<String>,
    /// Whether sign-in is refused now.
    pub locked: bool,
}

impl From<&patentbridge_storage::UserRecord> for AdminUserDto {
    fn from(u: &patentbridge_storage::UserRecord) -> Self {
        AdminUserDto {
            user: UserDto::from(u),
            failed_logins: u.failed_logins,
            locked_until: u.locked_until.map(rfc3339),
            locked: u.locked_until.is_some_and(|t| t > Utc::now()),
        }
    }
}

/// A page of users in id order.
#[derive(Debug, Serialize)]
pub struct AdminUserPage {
    pub limit: i64,
    pub offset: i64,
    pub users: Vec<AdminUserDto>,
}
