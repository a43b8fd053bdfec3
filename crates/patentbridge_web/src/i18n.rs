//! The two interface languages: choosing one per request (`?lang=`, then the
//! `lang` cookie, then Chinese), the labels several pages share, and the
//! localised names of catalogue codes.

use std::borrow::Cow;

use axum::extract::Request;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use patentbridge_domain::{ApplicantType, Jurisdiction, LegalStatus, PatentType, RegionCode};
use patentbridge_search::Facet;

pub use patentbridge_domain::{Lang, Text, text};

pub mod labels;

/// "12 patents found".
pub fn results_count(n: usize) -> Text {
    if n == 1 {
        Text::new("共找到 1 件专利", "1 patent found")
    } else {
        text!("共找到 {n} 件专利", "{n} patents found")
    }
}

/// "Page 2 of 7".
pub fn page_of(page: usize, pages: usize) -> Text {
    text!("第 {page} / {pages} 页", "Page {page} of {pages}")
}

/// The `lang=` value of a raw query string, if it names a language.
pub fn lang_from_query(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Lang::parse)
}

fn lang_from_cookies(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .find_map(Lang::parse)
}

/// What a page needs to know about its request: the language and the URL
/// (for the language switch, which keeps the path and query).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub path: String,
    pub query: Option<String>,
    /// Who is signed in, for the header's account menu.
    pub user: Option<NavUser>,
}

/// What the header shows of the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavUser {
    pub display_name: String,
    pub is_admin: bool,
    /// Administrators, the IP bureau and district officers read the audit log.
    pub oversees: bool,
    pub has_organisation: bool,
    /// A member of a university, institute or SOE: screens and proposes for the pool.
    pub pool_member: bool,
    /// Reviews listings: operation-centre staff and administrators.
    pub reviewer: bool,
    /// The session's form token, for the sign-out button in the header.
    pub csrf: String,
}

impl Ctx {
    /// The current URL with `lang` set to `target`, other parameters kept as sent.
    pub fn switch_href(&self, target: Lang) -> String {
        let mut parts: Vec<&str> = self
            .query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let lang = format!("lang={}", target.code());
        parts.push(&lang);
        // A path like `//other.host` must stay on this site.
        let path = format!("/{}", self.path.trim_start_matches('/'));
        format!("{path}?{}", parts.join("&"))
    }

    /// The context of a request without looking up who sent it (for
    /// middleware that must answer before the handler runs).
    pub fn without_user(uri: &axum::http::Uri, headers: &HeaderMap) -> Ctx {
        let query = uri.query().map(str::to_string);
        let lang = query
            .as_deref()
            .and_then(lang_from_query)
            .or_else(|| lang_from_cookies(headers))
            .unwrap_or_default();
        Ctx {
            lang,
            path: uri.path().to_string(),
            query,
            user: None,
        }
    }

    /// The words of `text` in this page's language. A fixed text
    /// (`Text::new`, a label) is borrowed, not copied.
    pub fn say(&self, text: Text) -> Cow<'static, str> {
        text.into_lang(self.lang)
    }
}

/// Middleware for pages: a `?lang=` choice is remembered in a cookie so that
/// every later page keeps the language without carrying the parameter.
pub async fn remember_lang(req: Request, next: Next) -> Response {
    let chosen = req.uri().query().and_then(lang_from_query);
    let mut res = next.run(req).await;
    if let Some(lang) = chosen {
        let cookie = match lang {
            Lang::Zh => "lang=zh; Path=/; SameSite=Lax; Max-Age=31536000",
            Lang::En => "lang=en; Path=/; SameSite=Lax; Max-Age=31536000",
        };
        res.headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static(cookie));
    }
    res
}

/// Names of the IPC sections (A–H, and CPC's Y).
pub fn ipc_section_name(section: &str) -> Option<Text> {
    Some(match section {
        "A" => Text::new("人类生活必需", "Human necessities"),
        "B" => Text::new("作业；运输", "Performing operations; transporting"),
        "C" => Text::new("化学；冶金", "Chemistry; metallurgy"),
        "D" => Text::new("纺织；造纸", "Textiles; paper"),
        "E" => Text::new("固定建筑物", "Fixed constructions"),
        "F" => Text::new(
            "机械工程；照明；加热；武器；爆破",
            "Mechanical engineering; lighting; heating; weapons; blasting",
        ),
        "G" => Text::new("物理", "Physics"),
        "H" => Text::new("电学", "Electricity"),
        "Y" => Text::new("新技术标引", "New technological developments"),
        _ => return None,
    })
}

pub fn facet_label(facet: Facet) -> Text {
    match facet {
        Facet::Jurisdiction => Text::new("国家/地区", "Jurisdiction"),
        Facet::IpcSection => Text::new("IPC 部", "IPC section"),
        Facet::IpcClass => Text::new("IPC 大类", "IPC class"),
        Facet::ApplicantType => Text::new("申请人类型", "Applicant type"),
        Facet::Year => Text::new("年份", "Year"),
        Facet::LegalStatus => Text::new("法律状态", "Legal status"),
        Facet::Region => Text::new("申请人地区", "Applicant region"),
        Facet::PatentType => Text::new("专利类型", "Patent type"),
    }
}

/// The label of a stored legal-status code; an unknown code as it is.
pub fn legal_status_label(raw: &str) -> Text {
    LegalStatus::parse(raw).map_or_else(|| Text::same(raw), LegalStatus::label)
}

/// The label of a stored applicant-type code; an unknown code as it is.
pub fn applicant_type_label(raw: &str) -> Text {
    ApplicantType::parse(raw).map_or_else(|| Text::same(raw), ApplicantType::label)
}

/// `中国 (CN)`; an office without a name shows only its code.
pub fn jurisdiction_label(raw: &str) -> Text {
    match Jurisdiction::parse(raw) {
        Ok(j) => match j.name() {
            Some(name) => name.map(|_, name| format!("{name} ({j})")),
            None => Text::same(j.to_string()),
        },
        Err(_) => Text::same(raw),
    }
}

pub fn region_label(raw: &str) -> Text {
    RegionCode::parse(raw)
        .ok()
        .and_then(RegionCode::name)
        .unwrap_or_else(|| Text::same(raw))
}

/// The label of one facet value as the interface shows it. IPC classes get
/// their titles from the database, so they are labelled by the caller.
pub fn facet_value_label(facet: Facet, value: &str) -> Text {
    match facet {
        Facet::Jurisdiction => jurisdiction_label(value),
        Facet::IpcSection => match ipc_section_name(value) {
            Some(name) => name.map(|_, name| format!("{value} {name}")),
            None => Text::same(value),
        },
        Facet::ApplicantType => applicant_type_label(value),
        Facet::LegalStatus => legal_status_label(value),
        Facet::Region => region_label(value),
        Facet::PatentType => {
            PatentType::parse(value).map_or_else(|| Text::same(value), PatentType::label)
        }
        Facet::IpcClass | Facet::Year => Text::same(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_keeps_other_parameters() {
        let ctx = Ctx {
            lang: Lang::Zh,
            path: "/search".into(),
            query: Some("q=%E5%8E%8B&lang=zh&page=2".into()),
            user: None,
        };
        assert_eq!(
            ctx.switch_href(Lang::En),
            "/search?q=%E5%8E%8B&page=2&lang=en"
        );
    }

    #[test]
    fn the_language_switch_never_points_to_another_host() {
        let ctx = Ctx {
            lang: Lang::Zh,
            path: "//evil.example".into(),
            query: None,
            user: None,
        };
        assert_eq!(ctx.switch_href(Lang::En), "/evil.example?lang=en");
    }

    #[test]
    fn facet_values_get_localised_labels() {
        assert_eq!(
            facet_value_label(Facet::LegalStatus, "in_force").get(Lang::Zh),
            "有效"
        );
        assert_eq!(
            facet_value_label(Facet::ApplicantType, "university").get(Lang::En),
            "University"
        );
        assert_eq!(
            facet_value_label(Facet::Jurisdiction, "CN").get(Lang::En),
            "China (CN)"
        );
        assert_eq!(
            facet_value_label(Facet::Region, "120116").get(Lang::Zh),
            "滨海新区"
        );
        assert_eq!(
            facet_value_label(Facet::IpcSection, "G").get(Lang::En),
            "G Physics"
        );
    }
}
