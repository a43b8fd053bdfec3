//! Demands (技术需求): what an SME needs solved, its budget, the way it wants
//! to acquire a technology and by when; the demand's state machine; how
//! well a listing's terms fit a demand (mode, price against budget,
//! district); and the structured reasons an SME or an owner gives when
//! rating a recommendation, which feed the ranking back.

use chrono::NaiveDate;

use crate::classification::ClassificationCode;
use crate::identity::FieldError;
use crate::listing::{Industry, ListingMode, Price, code_list};
use crate::{DomainError, Fen, Lang, RegionCode, Text, text};

/// The state of a demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandState {
    Draft,
    Published,
    /// The SME found what it needed.
    Matched,
    Closed,
}

code_list!(DemandState, "demand state", [
    Draft => ("draft", "草稿", "Draft"),
    Published => ("published", "已发布", "Published"),
    Matched => ("matched", "已对接", "Matched"),
    Closed => ("closed", "已关闭", "Closed"),
]);

/// What can happen to a demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandEvent {
    /// The SME publishes the draft; matching starts.
    Publish,
    /// The SME marks the need as met by a recommendation.
    Match,
    /// A match fell through: the demand is looked for again.
    Reopen,
    /// The SME withdraws the demand for good.
    Close,
}

code_list!(DemandEvent, "demand event", [
    Publish => ("publish", "发布", "publish"),
    Match => ("match", "标记为已对接", "mark as matched"),
    Reopen => ("reopen", "重新发布", "reopen"),
    Close => ("close", "关闭", "close"),
]);

/// The demand state machine.
pub fn transition(from: DemandState, event: DemandEvent) -> Result<DemandState, DomainError> {
    use DemandEvent as E;
    use DemandState as S;
    match (from, event) {
        (S::Draft, E::Publish) => Ok(S::Published),
        (S::Published, E::Match) => Ok(S::Matched),
        (S::Matched, E::Reopen) => Ok(S::Published),
        (S::Draft | S::Published | S::Matched, E::Close) => Ok(S::Closed),
        _ => Err(DomainError::Transition {
            workflow: "demand",
            from: from.as_str(),
            event: event.as_str(),
        }),
    }
}

/// The bilingual message for a refused demand transition.
pub fn transition_refusal(from: DemandState, event: DemandEvent) -> Text {
    Text::owned(
        format!("{}状态的需求不能{}", from.label().zh(), event.label().zh()),
        format!(
            "a demand that is {} cannot {}",
            from.label().en().to_lowercase(),
            event.label().en()
        ),
    )
}

/// What the SME can spend, in fen; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Budget {
    pub min: Option<Fen>,
    pub max: Option<Fen>,
}

impl Budget {
    /// "¥100,000.00 – ¥500,000.00" style text; `None` when open at both ends.
    pub fn describe(self) -> Option<Text> {
        Some(match (self.min, self.max) {
            (None, None) => return None,
            (Some(a), Some(b)) => Text::same(format!("{a} – {b}")),
            (Some(a), None) => text!("{a} 以上", "from {a}"),
            (None, Some(b)) => text!("不超过 {b}", "up to {b}"),
        })
    }
}

/// A demand as the SME wrote it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandSpec {
    pub title: String,
    /// 要解决的问题.
    pub problem: String,
    /// 产品或工艺: what the technology goes into.
    pub product: String,
    pub industry: Industry,
    /// Classification codes the SME or a broker knows to be close.
    pub ipc: Vec<ClassificationCode>,
    pub budget: Budget,
    /// Wanted modes; empty means any.
    pub modes: Vec<ListingMode>,
    pub deadline: Option<NaiveDate>,
    pub district: Option<RegionCode>,
}

/// The demand form as typed; every field a string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemandForm {
    pub title: String,
    pub problem: String,
    pub product: String,
    pub industry: String,
    /// Classification codes separated by commas, spaces or new lines.
    pub ipc: String,
    pub budget_min_yuan: String,
    pub budget_max_yuan: String,
    /// Mode codes or labels.
    pub modes: Vec<String>,
    pub deadline: String,
    pub district: String,
}

/// Classification codes as typed: separated by commas, semicolons, new
/// lines or spaces, where a space inside a code (`H01M 10/48`) is kept
/// with it because the part after it starts with a digit.
fn ipc_pieces(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for chunk in raw.split([',', '，', ';', '；', '\n', '\r', '、']) {
        let mut current: Option<String> = None;
        for word in chunk.split_whitespace() {
            match current.as_mut() {
                Some(c) if word.starts_with(|ch: char| ch.is_ascii_digit()) => {
                    c.push_str(word);
                }
                _ => {
                    out.extend(current.take());
                    current = Some(word.to_string());
                }
            }
        }
        out.extend(current);
    }
    out
}

/// The longest title, in characters.
pub const TITLE_MAX: usize = 120;
/// The longest problem or product text, in characters.
pub const TEXT_MAX: usize = 4000;

impl DemandSpec {
    /// Parses the form, returning every problem at once. `today` rules out
    /// a deadline that has already passed.
    pub fn parse(form: &DemandForm, today: NaiveDate) -> Result<DemandSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text =
            |field: &'static str, raw: &str, zh: &str, en: &str, max: usize, required: bool| {
                let v = raw.trim();
                if v.is_empty() && required {
                    errors.push(FieldError::new(
                        field,
                        format!("请填写{zh}"),
                        format!("please fill in {en}"),
                    ));
                } else if v.chars().count() > max {
                    errors.push(FieldError::new(
                        field,
                        format!("{zh}不能超过 {max} 个字"),
                        format!("{en} must be at most {max} characters"),
                    ));
                }
                v.to_string()
            };
        let title = text("title", &form.title, "需求标题", "a title", TITLE_MAX, true);
        let problem = text(
            "problem",
            &form.problem,
            "要解决的问题",
            "the problem to solve",
            TEXT_MAX,
            true,
        );
        let product = text(
            "product",
            &form.product,
            "产品或工艺",
            "the product or process",
            TEXT_MAX,
            false,
        );

        let industry = if form.industry.trim().is_empty() {
            Industry::Other
        } else {
            Industry::parse(&form.industry).unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    "industry",
                    "请选择所属领域",
                    "choose a field",
                ));
                Industry::Other
            })
        };

        let mut ipc = Vec::new();
        for raw in ipc_pieces(&form.ipc) {
            match ClassificationCode::parse(&raw) {
                Ok(code) if !ipc.contains(&code) => ipc.push(code),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::new(
                    "ipc",
                    format!("分类号“{}”无法识别，例如 H01M10/44", raw.trim()),
                    format!(
                        "classification code {:?} is not recognised; e.g. H01M10/44",
                        raw.trim()
                    ),
                )),
            }
        }
        if ipc.len() > 20 {
            errors.push(FieldError::new(
                "ipc",
                "最多填写 20 个分类号",
                "at most 20 classification codes",
            ));
        }

        let mut amount = |field: &'static str, raw: &str, zh: &str, en: &str| -> Option<Fen> {
            if raw.trim().is_empty() {
                return None;
            }
            match Fen::parse_yuan(raw) {
                Ok(f) if f.value() >= 0 => Some(f),
                _ => {
                    errors.push(FieldError::new(
                        field,
                        format!("{zh}须为金额（元），最多两位小数，例如 500000"),
                        format!(
                            "{en} must be an amount in yuan with at most two decimals, e.g. 500000"
                        ),
                    ));
                    None
                }
            }
        };
        let min = amount(
            "budget_min_yuan",
            &form.budget_min_yuan,
            "预算下限",
            "the lowest budget",
        );
        let max = amount(
            "budget_max_yuan",
            &form.budget_max_yuan,
            "预算上限",
            "the highest budget",
        );
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            errors.push(FieldError::new(
                "budget_max_yuan",
                "预算上限不能低于下限",
                "the highest budget cannot be below the lowest",
            ));
        }

        let mut modes = Vec::new();
        for raw in form.modes.iter().filter(|m| !m.trim().is_empty()) {
            match ListingMode::parse(raw) {
                Ok(m) if !modes.contains(&m) => modes.push(m),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::new(
                    "modes",
                    format!("交易方式“{}”无法识别", raw.trim()),
                    format!("the mode {:?} is not recognised", raw.trim()),
                )),
            }
        }

        let deadline = match crate::parse_optional_date(&form.deadline) {
            Ok(Some(d)) if d < today => {
                errors.push(FieldError::new(
                    "deadline",
                    "截止日期不能早于今天",
                    "the deadline cannot be in the past",
                ));
                None
            }
            Ok(d) => d,
            Err(_) => {
                errors.push(FieldError::new(
                    "deadline",
                    "截止日期格式应为 YYYY-MM-DD",
                    "the deadline must be a date like 2027-06-30",
                ));
                None
            }
        };

        let district = if form.district.trim().is_empty() {
            None
        } else {
            match RegionCode::parse(&form.district) {
                Ok(r) => Some(r),
                Err(_) => {
                    errors.push(FieldError::new(
                        "district",
                        "请选择天津的区，或填写六位行政区划代码",
                        "choose a Tianjin district or give a six-digit region code",
                    ));
                    None
                }
            }
        };

        if errors.is_empty() {
            Ok(DemandSpec {
                title,
                problem,
                product,
                industry,
                ipc,
                budget: Budget { min, max },
                modes,
                deadline,
                district,
            })
        } else {
            Err(errors)
        }
    }

    /// The text matched against listings and patents.
    pub fn match_text(&self) -> String {
        format!("{}\n{}\n{}", self.title, self.problem, self.product)
    }

    /// Whether the demand wants this mode (no preference wants every mode).
    pub fn wants(&self, mode: ListingMode) -> bool {
        self.modes.is_empty() || self.modes.contains(&mode)
    }
}

/// One observation about how a listing's terms fit a demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FitNote {
    ModeWanted(ListingMode),
    ModeNotWanted(ListingMode),
    WithinBudget(Fen),
    AboveBudget { price: Fen, max: Fen },
    BelowBudget(Fen),
    Negotiable,
    ZeroPrice,
    PayLater,
    SameDistrict(RegionCode),
}

impl FitNote {
    /// Whether the note speaks for the match (shown green) or against it.
    pub fn is_favourable(&self) -> bool {
        !matches!(
            self,
            FitNote::ModeNotWanted(_) | FitNote::AboveBudget { .. }
        )
    }

    /// A short sentence for the explanation.
    pub fn text(&self) -> Text {
        match self {
            FitNote::ModeWanted(m) => {
                let (zh, en) = (m.label().zh().to_owned(), m.label().en().to_owned());
                text!("交易方式符合：{zh}", "wanted mode: {en}")
            }
            FitNote::ModeNotWanted(m) => {
                let (zh, en) = (m.label().zh().to_owned(), m.label().en().to_owned());
                text!("交易方式不在需求之列：{zh}", "mode not asked for: {en}")
            }
            FitNote::WithinBudget(p) => text!("价格 {p} 在预算内", "price {p} within budget"),
            FitNote::AboveBudget { price, max } => text!(
                "价格 {price} 超出预算上限 {max}",
                "price {price} above the budget's {max}"
            ),
            FitNote::BelowBudget(p) => text!("价格 {p} 低于预算", "price {p} below budget"),
            FitNote::Negotiable => Text::new("价格面议", "price negotiable"),
            FitNote::ZeroPrice => Text::new("0元转让首件专利", "zero-price first patent"),
            FitNote::PayLater => Text::new(
                "先使用后缴费，无需预付",
                "use first, pay later: nothing up front",
            ),
            FitNote::SameDistrict(r) => {
                let name = r
                    .name()
                    .unwrap_or_else(|| Text::same(r.value().to_string()));
                let (zh, en) = (name.zh(), name.en());
                text!("同在{zh}", "same district: {en}")
            }
        }
    }

    /// [`FitNote::text`] in one language, for callers that still pick by flag.
    pub fn describe(&self, chinese: bool) -> String {
        let lang = if chinese { Lang::Zh } else { Lang::En };
        self.text().into_lang(lang).into_owned()
    }
}

/// How a listing's terms fit a demand: a factor on the relevance score and
/// the notes that explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub factor: f64,
    pub notes: Vec<FitNote>,
}

/// The terms side of a match: the listing's mode, price and the owner's
/// district. A mode the SME did not ask for and a price above the budget
/// push a listing down rather than hide it, because brokers negotiate both.
pub fn fit(
    demand: &DemandSpec,
    mode: ListingMode,
    price: &Price,
    owner_district: Option<RegionCode>,
) -> Fit {
    let mut factor = 1.0;
    let mut notes = Vec::new();
    if demand.wants(mode) {
        if !demand.modes.is_empty() {
            notes.push(FitNote::ModeWanted(mode));
        }
    } else {
        factor *= 0.6;
        notes.push(FitNote::ModeNotWanted(mode));
    }
    match price {
        Price::ZeroPriceFirst => {
            factor *= 1.1;
            notes.push(FitNote::ZeroPrice);
        }
        Price::UseFirstPayLater { .. } => {
            factor *= 1.05;
            notes.push(FitNote::PayLater);
        }
        Price::Negotiable { reference: None } => notes.push(FitNote::Negotiable),
        Price::Fixed(p) | Price::Negotiable { reference: Some(p) } => {
            let p = *p;
            match (demand.budget.min, demand.budget.max) {
                (_, Some(max)) if p > max => {
                    // Twice the budget or more is rarely bridged.
                    factor *= if p.value() > max.value().saturating_mul(2) {
                        0.5
                    } else {
                        0.75
                    };
                    notes.push(FitNote::AboveBudget { price: p, max });
                }
                (Some(min), _) if p < min => notes.push(FitNote::BelowBudget(p)),
                (None, None) => {
                    if matches!(price, Price::Negotiable { .. }) {
                        notes.push(FitNote::Negotiable);
                    }
                }
                _ => notes.push(FitNote::WithinBudget(p)),
            }
        }
    }
    if let (Some(want), Some(owner)) = (demand.district, owner_district)
        && want == owner
    {
        factor *= 1.1;
        notes.push(FitNote::SameDistrict(owner));
    }
    Fit { factor, notes }
}

/// Why a recommendation was rated as it was (the structured
/// reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackReason {
    Relevant,
    TooEarlyStage,
    BenefitUnclear,
    TooExpensive,
    RouteToMarketUnclear,
    AlreadyHaveIt,
    WrongField,
    Other,
}

code_list!(FeedbackReason, "feedback reason", [
    Relevant => ("relevant", "相关，有意向", "Relevant"),
    TooEarlyStage => ("too_early_stage", "技术太早期", "Too early stage"),
    BenefitUnclear => ("benefit_unclear", "效益不明确", "Benefit unclear"),
    TooExpensive => ("too_expensive", "价格太高", "Too expensive"),
    RouteToMarketUnclear => ("route_to_market_unclear", "产业化路径不清晰", "Route to market unclear"),
    AlreadyHaveIt => ("already_have_it", "已有类似技术", "Already have it"),
    WrongField => ("wrong_field", "领域不对", "Wrong field"),
    Other => ("other", "其他", "Other"),
]);

impl FeedbackReason {
    /// The factor a rater's own rating puts on the same recommendation the
    /// next time it is ranked for them: a wrong field or a technology they
    /// already have sinks it, a price complaint lowers it, interest lifts it.
    pub fn own_factor(self) -> f64 {
        match self {
            FeedbackReason::Relevant => 1.25,
            FeedbackReason::WrongField | FeedbackReason::AlreadyHaveIt => 0.2,
            FeedbackReason::TooExpensive => 0.6,
            FeedbackReason::TooEarlyStage
            | FeedbackReason::BenefitUnclear
            | FeedbackReason::RouteToMarketUnclear => 0.7,
            FeedbackReason::Other => 0.9,
        }
    }

    /// Whether the reason says the recommendation was wrong for the rater.
    pub fn is_negative(self) -> bool {
        self != FeedbackReason::Relevant && self != FeedbackReason::Other
    }
}

/// Which side of a match rated it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackSide {
    /// The SME that posted the demand.
    Seeker,
    /// The organisation that owns the listing.
    Owner,
}

code_list!(FeedbackSide, "feedback side", [
    Seeker => ("seeker", "需求方", "Seeker"),
    Owner => ("owner", "供给方", "Owner"),
]);

/// Every seeker's ratings of one listing: how often it was found relevant
/// and how often wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeedbackTally {
    pub relevant: u32,
    pub negative: u32,
}

impl FeedbackTally {
    /// The factor other SMEs' ratings put on a listing: a listing that many
    /// found wrong drifts down, one many wanted drifts up; a handful of
    /// ratings moves it little (shrunk towards no effect).
    pub fn factor(self) -> f64 {
        let n = f64::from(self.relevant + self.negative);
        if n == 0.0 {
            return 1.0;
        }
        let confidence = n / (n + 5.0);
        let balance = (f64::from(self.relevant) - f64::from(self.negative)) / n;
        1.0 + 0.2 * confidence * balance
    }
}

/// The score above which a new match is pushed to both sides' inboxes.
pub const PUSH_THRESHOLD: f64 = 0.45;

/// What one line of a match's explanation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonKind {
    /// Key words the need and the document share.
    Terms,
    /// How much of the need's key words the document covers.
    Coverage,
    /// Related words learned from the corpus.
    Semantic,
    /// Classification codes in common.
    Ipc,
    Industry,
    /// The listing's mode against the modes wanted.
    Mode,
    District,
    Price,
    /// A pooled patent not yet listed.
    Pool,
    /// Earlier ratings of similar matches.
    Feedback,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 10] = [
        ReasonKind::Terms,
        ReasonKind::Coverage,
        ReasonKind::Semantic,
        ReasonKind::Ipc,
        ReasonKind::Industry,
        ReasonKind::Mode,
        ReasonKind::District,
        ReasonKind::Price,
        ReasonKind::Pool,
        ReasonKind::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Terms => "terms",
            ReasonKind::Coverage => "coverage",
            ReasonKind::Semantic => "semantic",
            ReasonKind::Ipc => "ipc",
            ReasonKind::Industry => "industry",
            ReasonKind::Mode => "mode",
            ReasonKind::District => "district",
            ReasonKind::Price => "price",
            ReasonKind::Pool => "pool",
            ReasonKind::Feedback => "feedback",
        }
    }

    pub fn parse(raw: &str) -> Result<ReasonKind, DomainError> {
        ReasonKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "match reason",
                value: raw.to_string(),
            })
    }
}

/// One line of a match's explanation, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchReason {
    pub kind: ReasonKind,
    pub text: Text,
    /// Whether the line speaks for the match (shown green) or against it.
    pub favourable: bool,
    /// The shared words of a [`ReasonKind::Terms`] line, for highlighting.
    pub terms: Vec<String>,
}

impl MatchReason {
    pub fn new(kind: ReasonKind, text: Text, favourable: bool) -> MatchReason {
        MatchReason {
            kind,
            text,
            favourable,
            terms: Vec::new(),
        }
    }
}

/// The words a match shares with its need, for highlighting.
pub fn shared_terms(reasons: &[MatchReason]) -> Vec<String> {
    reasons
        .iter()
        .filter(|r| r.kind == ReasonKind::Terms)
        .flat_map(|r| r.terms.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests;

/// Product types a technology of an IPC area typically goes into: the
/// application scenarios (应用场景) proposed for a dormant patent. The table
/// is the platform's own editorial short list, most specific prefix first.
const PRODUCT_TYPES: &[(&str, &str, &str)] = &[
    (
        "H01M10",
        "动力电池与储能电池",
        "traction and storage batteries",
    ),
    ("H01M", "电池与燃料电池", "batteries and fuel cells"),
    ("H02J", "电网与充电设备", "grid and charging equipment"),
    ("H02S", "光伏组件与电站", "solar modules and plants"),
    ("H01L31", "光伏电池", "solar cells"),
    (
        "H01L",
        "半导体器件与芯片",
        "semiconductor devices and chips",
    ),
    ("H02K", "电机", "electric motors"),
    ("H02M", "电源与变频器", "power supplies and inverters"),
    ("H04W", "无线通信设备", "wireless communication equipment"),
    (
        "H04L",
        "网络与通信系统",
        "networks and communication systems",
    ),
    ("H04N", "视频与显示设备", "video and display equipment"),
    ("G06N", "人工智能软件", "artificial-intelligence software"),
    (
        "G06Q",
        "企业管理与电商软件",
        "business and e-commerce software",
    ),
    ("G06T", "图像处理软件", "image-processing software"),
    ("G06V", "视觉识别系统", "visual recognition systems"),
    ("G06F", "计算机软件与系统", "computer software and systems"),
    ("G01N", "检测与分析仪器", "testing and analysis instruments"),
    (
        "G01",
        "测量仪器与传感器",
        "measuring instruments and sensors",
    ),
    ("G05B", "工业控制系统", "industrial control systems"),
    ("B25J", "工业机器人", "industrial robots"),
    ("B23K", "焊接设备", "welding equipment"),
    ("B23", "机床与加工设备", "machine tools"),
    (
        "B60L",
        "电动汽车电驱与充电",
        "electric-vehicle drives and charging",
    ),
    ("B60", "汽车零部件", "vehicle components"),
    ("B33Y", "增材制造设备", "additive manufacturing equipment"),
    (
        "B01D",
        "过滤与分离设备",
        "filtration and separation equipment",
    ),
    ("B01J", "催化剂与化工装置", "catalysts and chemical plant"),
    ("C02F", "水处理设备", "water-treatment equipment"),
    ("C04B", "建筑材料", "building materials"),
    (
        "C08",
        "高分子材料与塑料制品",
        "polymers and plastic products",
    ),
    ("C22", "金属材料", "metal materials"),
    ("C12N", "生物制剂与酶", "biological agents and enzymes"),
    (
        "C12",
        "发酵与生物制造",
        "fermentation and bio-manufacturing",
    ),
    (
        "C07",
        "精细化学品与原料药",
        "fine chemicals and active ingredients",
    ),
    ("A61K", "药品与制剂", "medicines and formulations"),
    ("A61B", "诊断与医疗器械", "diagnostic and medical devices"),
    ("A61", "医疗器械", "medical devices"),
    (
        "A01",
        "农业装备与种植技术",
        "agricultural equipment and cultivation",
    ),
    ("A23", "食品与保健品", "foods and supplements"),
    (
        "E04",
        "建筑结构与施工",
        "building structures and construction",
    ),
    ("F24", "供暖与空调设备", "heating and air-conditioning"),
    ("F16", "机械零部件", "mechanical components"),
    ("F01N", "尾气净化装置", "exhaust after-treatment"),
    ("F03D", "风力发电设备", "wind turbines"),
];

/// The product types the given classification codes point to, each once,
/// in the order of the codes.
pub fn product_types(codes: &[ClassificationCode]) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for code in codes {
        let c = code.as_str().replace(' ', "");
        if let Some((_, zh, en)) = PRODUCT_TYPES.iter().find(|(p, _, _)| c.starts_with(p))
            && !out.iter().any(|(z, _)| z == zh)
        {
            out.push((zh, en));
        }
    }
    out
}
