//! The two interface languages: choosing one per request (`?lang=`, then the
//! `lang` cookie, then Chinese), the table of interface strings, and the
//! localised names of catalogue codes.

use axum::extract::Request;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use patentbridge_domain::{
    ApplicantType, Jurisdiction, LegalStatus, PatentType, RegionCode, RegisterEventKind,
};
use patentbridge_search::Facet;

pub use patentbridge_domain::Lang;

/// What the interface needs of a language beyond the domain's.
pub trait LangExt {
    /// Picks the Chinese or the English of a pair.
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str;
    fn t(self) -> &'static Strings;
    fn results_count(self, n: usize) -> String;
    fn page_of(self, page: usize, pages: usize) -> String;
}

impl LangExt for Lang {
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
    fn t(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    fn results_count(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("共找到 {n} 件专利"),
            Lang::En if n == 1 => "1 patent found".to_string(),
            Lang::En => format!("{n} patents found"),
        }
    }
    fn page_of(self, page: usize, pages: usize) -> String {
        match self {
            Lang::Zh => format!("第 {page} / {pages} 页"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }
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
    pub fn t(&self) -> &'static Strings {
        self.lang.t()
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

    /// Picks the Chinese or the English text for this page's language.
    pub fn tr<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
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

/// Every fixed string of the interface, once per language; a missing
/// translation is a compile error.
pub struct Strings {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_search: &'static str,
    pub nav_api: &'static str,
    pub lang_switch_label: &'static str,
    pub footer: &'static str,
    pub footer_note: &'static str,

    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub search_help: &'static str,
    pub home_headline: &'static str,
    pub home_intro: &'static str,
    pub stat_patents: &'static str,
    pub stat_in_force: &'static str,
    pub stat_ipc_titles: &'static str,
    pub by_applicant_type: &'static str,
    pub by_jurisdiction: &'static str,
    pub examples: &'static str,
    pub catalogue_empty: &'static str,

    pub search_title: &'static str,
    pub filters: &'static str,
    pub active_filters: &'static str,
    pub clear_filters: &'static str,
    pub remove_filter: &'static str,
    pub selected: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub sort_cited: &'static str,
    pub no_results: &'static str,
    pub no_results_hint: &'static str,
    pub bad_query: &'static str,
    pub bad_query_hint: &'static str,
    pub exact_match: &'static str,
    pub pager_label: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub results_label: &'static str,

    pub bibliography: &'static str,
    pub publication_number: &'static str,
    pub application_number: &'static str,
    pub patent_type: &'static str,
    pub application_date: &'static str,
    pub publication_date: &'static str,
    pub grant_date: &'static str,
    pub jurisdiction: &'static str,
    pub legal_status: &'static str,
    pub cited_by: &'static str,
    pub family_size: &'static str,
    pub source: &'static str,
    pub keywords: &'static str,
    pub title_heading: &'static str,
    pub abstract_heading: &'static str,
    pub claims_heading: &'static str,
    pub show_claims: &'static str,
    pub classification: &'static str,
    pub code: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub inherited_title: &'static str,
    pub applicants: &'static str,
    pub name: &'static str,
    pub applicant_type: &'static str,
    pub set_by_hand: &'static str,
    pub region: &'static str,
    pub address: &'static str,
    pub inventors: &'static str,
    pub events: &'static str,
    pub date: &'static str,
    pub event: &'static str,
    pub event_detail: &'static str,
    pub no_events: &'static str,
    pub untitled: &'static str,
    pub none: &'static str,
    pub chinese: &'static str,
    pub english: &'static str,
    pub back_to_search: &'static str,

    pub not_found_title: &'static str,
    pub page_not_found: &'static str,
    pub bad_request_title: &'static str,
    pub internal_error_title: &'static str,
    pub internal_error: &'static str,
    pub back_home: &'static str,

    pub api_title: &'static str,
    pub api_intro: &'static str,
    pub api_document: &'static str,
    pub try_it: &'static str,
    pub required: &'static str,
    pub response: &'static str,
    pub parameters: &'static str,
    pub no_parameters: &'static str,
    pub needs_js: &'static str,
}

pub static ZH: Strings = Strings {
    site_name: "专利转化服务平台",
    tagline: "让高校沉睡专利走进中小企业",
    skip_to_content: "跳到正文",
    nav_label: "主导航",
    nav_home: "首页",
    nav_search: "专利检索",
    nav_api: "开放接口",
    lang_switch_label: "界面语言",
    footer: "PatentBridge 专利转化服务平台 · 天津",
    footer_note: "数据仅供参考，法律状态以国家知识产权局公布为准。",

    search_label: "检索专利",
    search_placeholder: "输入关键词、专利号或申请人，例如：压力传感器",
    search_button: "检索",
    search_help: "可用中文或英文检索；用引号检索短语，如 \"neural network\"；输入专利号直接查找。",
    home_headline: "查找可转化的高校专利",
    home_intro: "汇集天津高校、科研院所的专利，中英文检索，按法律状态、申请人类型、地区筛选。",
    stat_patents: "专利总数",
    stat_in_force: "有效专利",
    stat_ipc_titles: "IPC 分类条目",
    by_applicant_type: "按申请人类型",
    by_jurisdiction: "按国家/地区",
    examples: "试试这些检索：",
    catalogue_empty: "目录中还没有专利。请先导入数据。",

    search_title: "专利检索",
    filters: "筛选条件",
    active_filters: "已选条件：",
    clear_filters: "清除全部筛选",
    remove_filter: "移除",
    selected: "（已选）",
    sort_label: "排序：",
    sort_relevance: "相关度",
    sort_newest: "最新公开",
    sort_oldest: "最早公开",
    sort_cited: "被引最多",
    no_results: "没有找到匹配的专利。",
    no_results_hint: "请尝试更少或更通用的关键词，或清除部分筛选条件。",
    bad_query: "无法理解这个检索式。",
    bad_query_hint: "请检查引号和括号是否成对，或直接输入关键词。",
    exact_match: "已按专利号精确匹配。",
    pager_label: "翻页",
    prev_page: "上一页",
    next_page: "下一页",
    results_label: "检索结果",

    bibliography: "著录项目",
    publication_number: "公开（公告）号",
    application_number: "申请号",
    patent_type: "专利类型",
    application_date: "申请日",
    publication_date: "公开日",
    grant_date: "授权日",
    jurisdiction: "国家/地区",
    legal_status: "法律状态",
    cited_by: "被引次数",
    family_size: "同族专利数",
    source: "数据来源",
    keywords: "关键词",
    title_heading: "标题",
    abstract_heading: "摘要",
    claims_heading: "权利要求",
    show_claims: "展开 / 收起权利要求书",
    classification: "分类号",
    code: "分类号",
    title_zh: "中文名称",
    title_en: "英文名称",
    inherited_title: "上级分类",
    applicants: "申请人",
    name: "名称",
    applicant_type: "申请人类型",
    set_by_hand: "人工设定",
    region: "地区",
    address: "地址",
    inventors: "发明人",
    events: "法律事件",
    date: "日期",
    event: "事件",
    event_detail: "说明",
    no_events: "暂无法律事件记录。",
    untitled: "（无标题）",
    none: "—",
    chinese: "中文",
    english: "英文",
    back_to_search: "返回检索",

    not_found_title: "未找到",
    page_not_found: "您访问的页面不存在。",
    bad_request_title: "请求有误",
    internal_error_title: "服务器出错了",
    internal_error: "服务器内部错误，已记录。请稍后再试。",
    back_home: "返回首页",

    api_title: "开放接口（API）",
    api_intro: "以下接口返回 JSON，可供其他系统调用。填写参数后点击“试一试”即可在本页查看返回结果。",
    api_document: "OpenAPI 文档（JSON）",
    try_it: "试一试",
    required: "必填",
    response: "返回结果",
    parameters: "参数",
    no_parameters: "无参数",
    needs_js: "“试一试”需要浏览器启用 JavaScript。",
};

pub static EN: Strings = Strings {
    site_name: "PatentBridge",
    tagline: "Bringing dormant university patents to small firms",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_search: "Search",
    nav_api: "API",
    lang_switch_label: "Interface language",
    footer: "PatentBridge patent transfer platform · Tianjin",
    footer_note: "For reference only; the legal status published by CNIPA prevails.",

    search_label: "Search patents",
    search_placeholder: "Keywords, patent number or applicant, e.g. pressure sensor",
    search_button: "Search",
    search_help: "Search in Chinese or English; quote phrases like \"neural network\"; type a patent number to go straight to it.",
    home_headline: "Find university patents ready for transfer",
    home_intro: "Patents of Tianjin's universities and research institutes, searchable in Chinese and English, filtered by legal status, applicant type and region.",
    stat_patents: "Patents",
    stat_in_force: "In force",
    stat_ipc_titles: "IPC titles",
    by_applicant_type: "By applicant type",
    by_jurisdiction: "By jurisdiction",
    examples: "Try these searches:",
    catalogue_empty: "The catalogue has no patents yet. Import some data first.",

    search_title: "Patent search",
    filters: "Filters",
    active_filters: "Filters in use:",
    clear_filters: "Clear all filters",
    remove_filter: "Remove",
    selected: " (selected)",
    sort_label: "Sort by:",
    sort_relevance: "Relevance",
    sort_newest: "Newest",
    sort_oldest: "Oldest",
    sort_cited: "Most cited",
    no_results: "No patents match your search.",
    no_results_hint: "Try fewer or more general words, or clear some filters.",
    bad_query: "The search could not be understood.",
    bad_query_hint: "Check that quotes and brackets come in pairs, or just type keywords.",
    exact_match: "Matched exactly by patent number.",
    pager_label: "Pages",
    prev_page: "Previous",
    next_page: "Next",
    results_label: "Search results",

    bibliography: "Bibliographic data",
    publication_number: "Publication number",
    application_number: "Application number",
    patent_type: "Patent type",
    application_date: "Application date",
    publication_date: "Publication date",
    grant_date: "Grant date",
    jurisdiction: "Jurisdiction",
    legal_status: "Legal status",
    cited_by: "Cited by",
    family_size: "Family size",
    source: "Source",
    keywords: "Keywords",
    title_heading: "Title",
    abstract_heading: "Abstract",
    claims_heading: "Claims",
    show_claims: "Show / hide the claims",
    classification: "Classification",
    code: "Code",
    title_zh: "Chinese title",
    title_en: "English title",
    inherited_title: "from parent",
    applicants: "Applicants",
    name: "Name",
    applicant_type: "Applicant type",
    set_by_hand: "set by hand",
    region: "Region",
    address: "Address",
    inventors: "Inventors",
    events: "Register events",
    date: "Date",
    event: "Event",
    event_detail: "Detail",
    no_events: "No register events recorded.",
    untitled: "(untitled)",
    none: "—",
    chinese: "Chinese",
    english: "English",
    back_to_search: "Back to search",

    not_found_title: "Not found",
    page_not_found: "The page you asked for does not exist.",
    bad_request_title: "Bad request",
    internal_error_title: "Something went wrong",
    internal_error: "Internal error; it has been logged. Please try again later.",
    back_home: "Back to the home page",

    api_title: "API",
    api_intro: "These endpoints return JSON for other systems. Fill in the parameters and press “Try it” to see the response on this page.",
    api_document: "OpenAPI document (JSON)",
    try_it: "Try it",
    required: "required",
    response: "Response",
    parameters: "Parameters",
    no_parameters: "No parameters",
    needs_js: "“Try it” needs JavaScript enabled in the browser.",
};

/// Names of the IPC sections (A–H, and CPC's Y).
pub fn ipc_section_names(section: &str) -> Option<(&'static str, &'static str)> {
    Some(match section {
        "A" => ("人类生活必需", "Human necessities"),
        "B" => ("作业；运输", "Performing operations; transporting"),
        "C" => ("化学；冶金", "Chemistry; metallurgy"),
        "D" => ("纺织；造纸", "Textiles; paper"),
        "E" => ("固定建筑物", "Fixed constructions"),
        "F" => (
            "机械工程；照明；加热；武器；爆破",
            "Mechanical engineering; lighting; heating; weapons; blasting",
        ),
        "G" => ("物理", "Physics"),
        "H" => ("电学", "Electricity"),
        "Y" => ("新技术标引", "New technological developments"),
        _ => return None,
    })
}

pub fn facet_label(lang: Lang, facet: Facet) -> &'static str {
    let (zh, en) = match facet {
        Facet::Jurisdiction => ("国家/地区", "Jurisdiction"),
        Facet::IpcSection => ("IPC 部", "IPC section"),
        Facet::IpcClass => ("IPC 大类", "IPC class"),
        Facet::ApplicantType => ("申请人类型", "Applicant type"),
        Facet::Year => ("年份", "Year"),
        Facet::LegalStatus => ("法律状态", "Legal status"),
        Facet::Region => ("申请人地区", "Applicant region"),
        Facet::PatentType => ("专利类型", "Patent type"),
    };
    lang.pick(zh, en)
}

pub fn legal_status_label(lang: Lang, raw: &str) -> String {
    match LegalStatus::parse(raw) {
        Some(s) => lang.pick(s.label_zh(), s.label_en()).to_string(),
        None => raw.to_string(),
    }
}

pub fn applicant_type_label(lang: Lang, raw: &str) -> String {
    match ApplicantType::parse(raw) {
        Some(t) => lang.pick(t.label_zh(), t.label_en()).to_string(),
        None => raw.to_string(),
    }
}

pub fn patent_type_label(lang: Lang, t: PatentType) -> &'static str {
    lang.pick(t.label_zh(), t.label_en())
}

pub fn event_label(lang: Lang, k: RegisterEventKind) -> &'static str {
    lang.pick(k.label_zh(), k.label_en())
}

/// `中国 (CN)`; an office without a name shows only its code.
pub fn jurisdiction_label(lang: Lang, raw: &str) -> String {
    match Jurisdiction::parse(raw) {
        Ok(j) => match j.names() {
            ("其他", _) => j.to_string(),
            (zh, en) => format!("{} ({})", lang.pick(zh, en), j),
        },
        Err(_) => raw.to_string(),
    }
}

pub fn region_label(lang: Lang, raw: &str) -> String {
    match RegionCode::parse(raw).ok().and_then(RegionCode::names) {
        Some((zh, en)) => lang.pick(zh, en).to_string(),
        None => raw.to_string(),
    }
}

/// The label of one facet value as the interface shows it. IPC classes get
/// their titles from the database, so they are labelled by the caller.
pub fn facet_value_label(lang: Lang, facet: Facet, value: &str) -> String {
    match facet {
        Facet::Jurisdiction => jurisdiction_label(lang, value),
        Facet::IpcSection => match ipc_section_names(value) {
            Some((zh, en)) => format!("{value} {}", lang.pick(zh, en)),
            None => value.to_string(),
        },
        Facet::ApplicantType => applicant_type_label(lang, value),
        Facet::LegalStatus => legal_status_label(lang, value),
        Facet::Region => region_label(lang, value),
        Facet::PatentType => match PatentType::parse(value) {
            Some(t) => patent_type_label(lang, t).to_string(),
            None => value.to_string(),
        },
        Facet::IpcClass | Facet::Year => value.to_string(),
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
            facet_value_label(Lang::Zh, Facet::LegalStatus, "in_force"),
            "有效"
        );
        assert_eq!(
            facet_value_label(Lang::En, Facet::ApplicantType, "university"),
            "University"
        );
        assert_eq!(
            facet_value_label(Lang::En, Facet::Jurisdiction, "CN"),
            "China (CN)"
        );
        assert_eq!(
            facet_value_label(Lang::Zh, Facet::Region, "120116"),
            "滨海新区"
        );
        assert_eq!(
            facet_value_label(Lang::En, Facet::IpcSection, "G"),
            "G Physics"
        );
    }
}
