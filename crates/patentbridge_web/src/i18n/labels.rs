//! The fixed words of the interface that several pages share, each in
//! both languages.

use patentbridge_domain::Text;

pub const SITE_NAME: Text = Text::new("专利转化服务平台", "PatentBridge");
pub const TAGLINE: Text = Text::new(
    "让高校沉睡专利走进中小企业",
    "Bringing dormant university patents to small firms",
);
pub const SKIP_TO_CONTENT: Text = Text::new("跳到正文", "Skip to content");
pub const NAV_LABEL: Text = Text::new("主导航", "Main navigation");
pub const NAV_HOME: Text = Text::new("首页", "Home");
pub const NAV_SEARCH: Text = Text::new("专利检索", "Search");
pub const NAV_API: Text = Text::new("开放接口", "API");
pub const LANG_SWITCH_LABEL: Text = Text::new("界面语言", "Interface language");
pub const FOOTER: Text = Text::new(
    "PatentBridge 专利转化服务平台 · 天津",
    "PatentBridge patent transfer platform · Tianjin",
);
pub const FOOTER_NOTE: Text = Text::new(
    "数据仅供参考，法律状态以国家知识产权局公布为准。",
    "For reference only; the legal status published by CNIPA prevails.",
);

pub const SEARCH_LABEL: Text = Text::new("检索专利", "Search patents");
pub const SEARCH_PLACEHOLDER: Text = Text::new(
    "输入关键词、专利号或申请人，例如：压力传感器",
    "Keywords, patent number or applicant, e.g. pressure sensor",
);
pub const SEARCH_BUTTON: Text = Text::new("检索", "Search");
pub const SEARCH_HELP: Text = Text::new(
    "可用中文或英文检索；用引号检索短语，如 \"neural network\"；输入专利号直接查找。",
    "Search in Chinese or English; quote phrases like \"neural network\"; type a patent number to go straight to it.",
);
pub const HOME_HEADLINE: Text = Text::new(
    "查找可转化的高校专利",
    "Find university patents ready for transfer",
);
pub const HOME_INTRO: Text = Text::new(
    "汇集天津高校、科研院所的专利，中英文检索，按法律状态、申请人类型、地区筛选。",
    "Patents of Tianjin's universities and research institutes, searchable in Chinese and English, filtered by legal status, applicant type and region.",
);
pub const STAT_PATENTS: Text = Text::new("专利总数", "Patents");
pub const STAT_IN_FORCE: Text = Text::new("有效专利", "In force");
pub const STAT_IPC_TITLES: Text = Text::new("IPC 分类条目", "IPC titles");
pub const BY_APPLICANT_TYPE: Text = Text::new("按申请人类型", "By applicant type");
pub const BY_JURISDICTION: Text = Text::new("按国家/地区", "By jurisdiction");
pub const EXAMPLES: Text = Text::new("试试这些检索：", "Try these searches:");
pub const CATALOGUE_EMPTY: Text = Text::new(
    "目录中还没有专利。请先导入数据。",
    "The catalogue has no patents yet. Import some data first.",
);

pub const SEARCH_TITLE: Text = Text::new("专利检索", "Patent search");
pub const FILTERS: Text = Text::new("筛选条件", "Filters");
pub const ACTIVE_FILTERS: Text = Text::new("已选条件：", "Filters in use:");
pub const CLEAR_FILTERS: Text = Text::new("清除全部筛选", "Clear all filters");
pub const REMOVE_FILTER: Text = Text::new("移除", "Remove");
pub const SELECTED: Text = Text::new("（已选）", " (selected)");
pub const SORT_LABEL: Text = Text::new("排序：", "Sort by:");
pub const SORT_RELEVANCE: Text = Text::new("相关度", "Relevance");
pub const SORT_NEWEST: Text = Text::new("最新公开", "Newest");
pub const SORT_OLDEST: Text = Text::new("最早公开", "Oldest");
pub const SORT_CITED: Text = Text::new("被引最多", "Most cited");
pub const NO_RESULTS: Text = Text::new("没有找到匹配的专利。", "No patents match your search.");
pub const NO_RESULTS_HINT: Text = Text::new(
    "请尝试更少或更通用的关键词，或清除部分筛选条件。",
    "Try fewer or more general words, or clear some filters.",
);
pub const BAD_QUERY: Text = Text::new(
    "无法理解这个检索式。",
    "The search could not be understood.",
);
pub const BAD_QUERY_HINT: Text = Text::new(
    "请检查引号和括号是否成对，或直接输入关键词。",
    "Check that quotes and brackets come in pairs, or just type keywords.",
);
pub const EXACT_MATCH: Text =
    Text::new("已按专利号精确匹配。", "Matched exactly by patent number.");
pub const PAGER_LABEL: Text = Text::new("翻页", "Pages");
pub const PREV_PAGE: Text = Text::new("上一页", "Previous");
pub const NEXT_PAGE: Text = Text::new("下一页", "Next");
pub const RESULTS_LABEL: Text = Text::new("检索结果", "Search results");

pub const BIBLIOGRAPHY: Text = Text::new("著录项目", "Bibliographic data");
pub const PUBLICATION_NUMBER: Text = Text::new("公开（公告）号", "Publication number");
pub const APPLICATION_NUMBER: Text = Text::new("申请号", "Application number");
pub const PATENT_TYPE: Text = Text::new("专利类型", "Patent type");
pub const APPLICATION_DATE: Text = Text::new("申请日", "Application date");
pub const PUBLICATION_DATE: Text = Text::new("公开日", "Publication date");
pub const GRANT_DATE: Text = Text::new("授权日", "Grant date");
pub const JURISDICTION: Text = Text::new("国家/地区", "Jurisdiction");
pub const LEGAL_STATUS: Text = Text::new("法律状态", "Legal status");
pub const CITED_BY: Text = Text::new("被引次数", "Cited by");
pub const FAMILY_SIZE: Text = Text::new("同族专利数", "Family size");
pub const SOURCE: Text = Text::new("数据来源", "Source");
pub const KEYWORDS: Text = Text::new("关键词", "Keywords");
pub const TITLE_HEADING: Text = Text::new("标题", "Title");
pub const ABSTRACT_HEADING: Text = Text::new("摘要", "Abstract");
pub const CLAIMS_HEADING: Text = Text::new("权利要求", "Claims");
pub const SHOW_CLAIMS: Text = Text::new("展开 / 收起权利要求书", "Show / hide the claims");
pub const CLASSIFICATION: Text = Text::new("分类号", "Classification");
pub const CODE: Text = Text::new("分类号", "Code");
pub const TITLE_ZH: Text = Text::new("中文名称", "Chinese title");
pub const TITLE_EN: Text = Text::new("英文名称", "English title");
pub const INHERITED_TITLE: Text = Text::new("上级分类", "from parent");
pub const APPLICANTS: Text = Text::new("申请人", "Applicants");
pub const NAME: Text = Text::new("名称", "Name");
pub const APPLICANT_TYPE: Text = Text::new("申请人类型", "Applicant type");
pub const SET_BY_HAND: Text = Text::new("人工设定", "set by hand");
pub const REGION: Text = Text::new("地区", "Region");
pub const ADDRESS: Text = Text::new("地址", "Address");
pub const INVENTORS: Text = Text::new("发明人", "Inventors");
pub const EVENTS: Text = Text::new("法律事件", "Register events");
pub const DATE: Text = Text::new("日期", "Date");
pub const EVENT: Text = Text::new("事件", "Event");
pub const EVENT_DETAIL: Text = Text::new("说明", "Detail");
pub const NO_EVENTS: Text = Text::new("暂无法律事件记录。", "No register events recorded.");
pub const UNTITLED: Text = Text::new("（无标题）", "(untitled)");
pub const NONE: Text = Text::new("—", "—");
pub const CHINESE: Text = Text::new("中文", "Chinese");
pub const ENGLISH: Text = Text::new("英文", "English");
pub const BACK_TO_SEARCH: Text = Text::new("返回检索", "Back to search");

pub const NOT_FOUND_TITLE: Text = Text::new("未找到", "Not found");
pub const PAGE_NOT_FOUND: Text = Text::new(
    "您访问的页面不存在。",
    "The page you asked for does not exist.",
);
pub const BAD_REQUEST_TITLE: Text = Text::new("请求有误", "Bad request");
pub const INTERNAL_ERROR_TITLE: Text = Text::new("服务器出错了", "Something went wrong");
pub const INTERNAL_ERROR: Text = Text::new(
    "服务器内部错误，已记录。请稍后再试。",
    "Internal error; it has been logged. Please try again later.",
);
pub const BACK_HOME: Text = Text::new("返回首页", "Back to the home page");

pub const API_TITLE: Text = Text::new("开放接口（API）", "API");
pub const API_INTRO: Text = Text::new(
    "以下接口返回 JSON，可供其他系统调用。填写参数后点击“试一试”即可在本页查看返回结果。",
    "These endpoints return JSON for other systems. Fill in the parameters and press “Try it” to see the response on this page.",
);
pub const API_DOCUMENT: Text = Text::new("OpenAPI 文档（JSON）", "OpenAPI document (JSON)");
pub const TRY_IT: Text = Text::new("试一试", "Try it");
pub const REQUIRED: Text = Text::new("必填", "required");
pub const RESPONSE: Text = Text::new("返回结果", "Response");
pub const PARAMETERS: Text = Text::new("参数", "Parameters");
pub const NO_PARAMETERS: Text = Text::new("无参数", "No parameters");
pub const NEEDS_JS: Text = Text::new(
    "“试一试”需要浏览器启用 JavaScript。",
    "“Try it” needs JavaScript enabled in the browser.",
);
