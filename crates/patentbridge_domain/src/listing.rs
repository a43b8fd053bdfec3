//! Listings (挂牌): what an owner offers (transfer, licence, open licence,
//! equity), at which price model, with the content buyers decide on; the
//! listing's state machine; the open-licence rules of Patent Law arts. 50–52;
//! the zero-price-first rule; and why a listing is paused when its patent's
//! legal standing changes.

use crate::identity::FieldError;
use crate::{DomainError, Fen, LegalStatus, PatentNumber, PatentType, RegisterEvent, Text, text};
use crate::{RegisterEventKind, classification::ClassificationCode};

/// How the patent changes hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingMode {
    /// 转让: ownership passes to the buyer.
    Transfer,
    /// 独占许可: only the licensee may use it, not even the owner.
    ExclusiveLicence,
    /// 排他许可: the licensee and the owner, nobody else.
    SoleLicence,
    /// 普通许可: the owner may license others too.
    OrdinaryLicence,
    /// 开放许可: anyone may take a licence on the declared terms.
    OpenLicence,
    /// 作价入股: the patent is contributed as capital.
    Equity,
}

/// A code list with bilingual labels, shared by the listing enums.
macro_rules! code_list {
    ($ty:ident, $kind:literal, [$($variant:ident => ($code:literal, $zh:literal, $en:literal)),+ $(,)?]) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }
            /// The name people read, in both languages.
            pub fn label(self) -> $crate::Text {
                match self { $($ty::$variant => $crate::Text::new($zh, $en)),+ }
            }
            /// Parses the stored code or either label.
            pub fn parse(raw: &str) -> Result<Self, DomainError> {
                let s = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| {
                        let label = v.label();
                        v.as_str() == s || label.zh() == s || label.en().eq_ignore_ascii_case(s)
                    })
                    .ok_or_else(|| DomainError::UnknownCode { kind: $kind, value: raw.to_string() })
            }
        }
    };
}

pub(crate) use code_list;

code_list!(ListingMode, "listing mode", [
    Transfer => ("transfer", "转让", "Transfer"),
    ExclusiveLicence => ("exclusive_licence", "独占许可", "Exclusive licence"),
    SoleLicence => ("sole_licence", "排他许可", "Sole licence"),
    OrdinaryLicence => ("ordinary_licence", "普通许可", "Ordinary licence"),
    OpenLicence => ("open_licence", "开放许可", "Open licence"),
    Equity => ("equity", "作价入股", "Equity investment"),
]);

impl ListingMode {
    /// Exclusive and sole licences cannot coexist with an open licence.
    pub fn excludes_open_licence(self) -> bool {
        matches!(
            self,
            ListingMode::ExclusiveLicence | ListingMode::SoleLicence
        )
    }
}

/// How the price is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceModelKind {
    Fixed,
    Negotiable,
    /// 0元转让首件专利.
    ZeroPriceFirst,
    /// 先使用后缴费.
    UseFirstPayLater,
}

code_list!(PriceModelKind, "price model", [
    Fixed => ("fixed", "一口价", "Fixed price"),
    Negotiable => ("negotiable", "面议", "Negotiable"),
    ZeroPriceFirst => ("zero_price_first", "0元转让首件专利", "Zero-price first patent"),
    UseFirstPayLater => ("use_first_pay_later", "先使用后缴费", "Use first, pay later"),
]);

/// What a royalty is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoyaltyBasis {
    NetSales,
    Profit,
}

code_list!(RoyaltyBasis, "royalty basis", [
    NetSales => ("net_sales", "净销售额", "Net sales"),
    Profit => ("profit", "利润", "Profit"),
]);

/// A running royalty in basis points (1 % = 100) of a basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Royalty {
    pub basis: RoyaltyBasis,
    pub basis_points: u32,
}

impl Royalty {
    /// "3.50 % of net sales" style text.
    pub fn describe(self) -> Text {
        let pct = format!(
            "{}.{:02} %",
            self.basis_points / 100,
            self.basis_points % 100
        );
        let basis = self.basis.label();
        let (zh, en) = (basis.zh(), basis.en().to_lowercase());
        text!("{zh}的{pct}", "{pct} of {en}")
    }
}

/// The price of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Price {
    Fixed(Fen),
    Negotiable {
        reference: Option<Fen>,
    },
    ZeroPriceFirst,
    /// An entry period without charge, then a royalty.
    UseFirstPayLater {
        free_months: u16,
        royalty: Royalty,
    },
}

impl Price {
    pub fn kind(&self) -> PriceModelKind {
        match self {
            Price::Fixed(_) => PriceModelKind::Fixed,
            Price::Negotiable { .. } => PriceModelKind::Negotiable,
            Price::ZeroPriceFirst => PriceModelKind::ZeroPriceFirst,
            Price::UseFirstPayLater { .. } => PriceModelKind::UseFirstPayLater,
        }
    }

    /// The amount to filter and sort by: the fixed price, the reference
    /// price, zero, or nothing.
    pub fn amount(&self) -> Option<Fen> {
        match self {
            Price::Fixed(f) => Some(*f),
            Price::Negotiable { reference } => *reference,
            Price::ZeroPriceFirst => Some(Fen::new(0)),
            Price::UseFirstPayLater { .. } => None,
        }
    }
}

/// How an open-licence fee is paid (CNIPA's promotion: lump sum, running
/// royalty, or entry fee plus royalty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenLicencePayment {
    LumpSum(Fen),
    Royalty(Royalty),
    EntryPlusRoyalty { entry: Fen, royalty: Royalty },
}

impl OpenLicencePayment {
    pub fn code(self) -> &'static str {
        match self {
            OpenLicencePayment::LumpSum(_) => "lump_sum",
            OpenLicencePayment::Royalty(_) => "royalty",
            OpenLicencePayment::EntryPlusRoyalty { .. } => "entry_plus_royalty",
        }
    }
    pub fn describe(self) -> Text {
        match self {
            OpenLicencePayment::LumpSum(f) => text!("一次性支付 {f}", "lump sum {f}"),
            OpenLicencePayment::Royalty(r) => r.describe(),
            OpenLicencePayment::EntryPlusRoyalty { entry, royalty } => {
                let royalty = royalty.describe();
                let (zh, en) = (royalty.zh(), royalty.en());
                text!("入门费 {entry} + {zh}", "entry fee {entry} + {en}")
            }
        }
    }
}

/// The fee caps of CNIPA's open-licence promotion.
pub const OPEN_LICENCE_MAX_FEE: Fen = Fen::from_yuan(20_000_000);
pub const OPEN_LICENCE_MAX_SALES_BP: u32 = 2_000;
pub const OPEN_LICENCE_MAX_PROFIT_BP: u32 = 4_000;

/// An open-licence declaration's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLicenceTerms {
    pub payment: OpenLicencePayment,
    /// Licence term in years.
    pub term_years: u16,
    /// The patent evaluation report (专利权评价报告) number, required for
    /// utility models and designs.
    pub evaluation_report: Option<String>,
}

/// Technology readiness level on the nine-step scale of GB/T 22900-2022.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Trl(u8);

impl Trl {
    pub fn new(level: u8) -> Option<Trl> {
        (1..=9).contains(&level).then_some(Trl(level))
    }
    pub fn level(self) -> u8 {
        self.0
    }
    pub fn all() -> impl Iterator<Item = Trl> {
        (1..=9).map(Trl)
    }
    /// The level and its name, in both languages.
    pub fn label(self) -> Text {
        const LABELS: [Text; 9] = [
            Text::new("1级 基本原理清晰", "1 Basic principles clear"),
            Text::new("2级 形成技术方案", "2 Technical concept formed"),
            Text::new("3级 方案通过验证", "3 Concept verified"),
            Text::new("4级 形成单元并验证", "4 Unit built and verified"),
            Text::new("5级 形成分系统并验证", "5 Subsystem built and verified"),
            Text::new("6级 形成原型并验证", "6 Prototype verified"),
            Text::new("7级 现实环境下验证", "7 Verified in a real environment"),
            Text::new("8级 用户验证认可", "8 Accepted by users"),
            Text::new("9级 得到推广应用", "9 In wide use"),
        ];
        LABELS[self.0 as usize - 1].clone()
    }
}

/// The industries of the national strategic-emerging-industry classification
/// (战略性新兴产业分类 2018), plus "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Industry {
    InformationTechnology,
    HighEndEquipment,
    NewMaterials,
    Biotechnology,
    NewEnergyVehicles,
    NewEnergy,
    EnergySavingEnvironmental,
    DigitalCreative,
    RelatedServices,
    Other,
}

code_list!(Industry, "industry", [
    InformationTechnology => ("information_technology", "新一代信息技术", "Next-generation IT"),
    HighEndEquipment => ("high_end_equipment", "高端装备制造", "High-end equipment"),
    NewMaterials => ("new_materials", "新材料", "New materials"),
    Biotechnology => ("biotechnology", "生物", "Biotechnology"),
    NewEnergyVehicles => ("new_energy_vehicles", "新能源汽车", "New-energy vehicles"),
    NewEnergy => ("new_energy", "新能源", "New energy"),
    EnergySavingEnvironmental => ("energy_saving", "节能环保", "Energy saving & environment"),
    DigitalCreative => ("digital_creative", "数字创意", "Digital creative"),
    RelatedServices => ("related_services", "相关服务业", "Related services"),
    Other => ("other", "其他", "Other"),
]);

impl Industry {
    /// A coarse first guess from an IPC code, which the owner may correct.
    /// Our own prefix table, deliberately short: the official concordance
    /// maps to IPC groups and belongs in the statistics, not here.
    pub fn from_ipc(code: &ClassificationCode) -> Industry {
        let c = code.as_str().replace(' ', "");
        const TABLE: &[(&str, Industry)] = &[
            ("H04N21", Industry::DigitalCreative),
            ("G06T", Industry::DigitalCreative),
            ("A63F", Industry::DigitalCreative),
            ("B60L", Industry::NewEnergyVehicles),
            ("B60W", Industry::NewEnergyVehicles),
            ("B60K", Industry::NewEnergyVehicles),
            ("H01M", Industry::NewEnergyVehicles),
            ("B62D", Industry::NewEnergyVehicles),
            ("H02S", Industry::NewEnergy),
            ("H02J", Industry::NewEnergy),
            ("F03D", Industry::NewEnergy),
            ("F24S", Industry::NewEnergy),
            ("C25B", Industry::NewEnergy),
            ("H01L31", Industry::NewEnergy),
            ("G06", Industry::InformationTechnology),
            ("G11", Industry::InformationTechnology),
            ("H04", Industry::InformationTechnology),
            ("H01L", Industry::InformationTechnology),
            ("H05K", Industry::InformationTechnology),
            ("G09", Industry::InformationTechnology),
            ("A61K", Industry::Biotechnology),
            ("A61P", Industry::Biotechnology),
            ("C12", Industry::Biotechnology),
            ("C07K", Industry::Biotechnology),
            ("A01H", Industry::Biotechnology),
            ("A61B", Industry::HighEndEquipment),
            ("B25J", Industry::HighEndEquipment),
            ("B23", Industry::HighEndEquipment),
            ("B21", Industry::HighEndEquipment),
            ("B64", Industry::HighEndEquipment),
            ("B61", Industry::HighEndEquipment),
            ("B63", Industry::HighEndEquipment),
            ("G05B", Industry::HighEndEquipment),
            ("G01", Industry::HighEndEquipment),
            ("F16", Industry::HighEndEquipment),
            ("C22", Industry::NewMaterials),
            ("C04", Industry::NewMaterials),
            ("C08", Industry::NewMaterials),
            ("C01", Industry::NewMaterials),
            ("B82", Industry::NewMaterials),
            ("B01D", Industry::EnergySavingEnvironmental),
            ("C02F", Industry::EnergySavingEnvironmental),
            ("B09", Industry::EnergySavingEnvironmental),
            ("F01N", Industry::EnergySavingEnvironmental),
            ("F23", Industry::EnergySavingEnvironmental),
        ];
        TABLE
            .iter()
            .find(|(prefix, _)| c.starts_with(prefix))
            .map(|(_, i)| *i)
            .unwrap_or(Industry::Other)
    }
}

/// The state of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingState {
    Draft,
    UnderReview,
    Published,
    Paused,
    Closed,
}

code_list!(ListingState, "listing state", [
    Draft => ("draft", "草稿", "Draft"),
    UnderReview => ("under_review", "审核中", "Under review"),
    Published => ("published", "已发布", "Published"),
    Paused => ("paused", "已暂停", "Paused"),
    Closed => ("closed", "已关闭", "Closed"),
]);

impl ListingState {
    /// Under review, published or paused: the listing still binds its
    /// patents (for the open-licence conflict rule).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            ListingState::UnderReview | ListingState::Published | ListingState::Paused
        )
    }
}

/// Why a listing is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PauseReason {
    /// The owner paused it.
    Owner,
    Lapsed,
    Invalidated,
    Expired,
    TransferredAway,
    CourtPreservation,
    FeeUnpaid,
}

code_list!(PauseReason, "pause reason", [
    Owner => ("owner", "权利人暂停", "Paused by the owner"),
    Lapsed => ("lapsed", "专利权已终止", "The patent has lapsed"),
    Invalidated => ("invalidated", "专利权被宣告无效", "The patent was declared invalid"),
    Expired => ("expired", "专利权期限届满", "The patent's term has ended"),
    TransferredAway => ("transferred", "专利权已转让他人", "The patent was transferred to someone else"),
    CourtPreservation => ("preservation", "专利权被法院财产保全", "A court has placed the patent under preservation"),
    FeeUnpaid => ("fee_unpaid", "未缴年费", "The annual fee is unpaid"),
]);

impl PauseReason {
    /// Whether the patent's record says the listing must be paused: the
    /// register events that arrived with this import (`added`) and the
    /// status after them. `None` leaves the listing alone.
    pub fn from_register(added: &[RegisterEvent], status: LegalStatus) -> Option<PauseReason> {
        let mut latest: Vec<&RegisterEvent> = added.iter().collect();
        latest.sort_by_key(|e| std::cmp::Reverse(e.date));
        for e in latest {
            let reason = match e.kind {
                RegisterEventKind::Termination
                    if e.detail.contains("年费") || e.detail.to_lowercase().contains("fee") =>
                {
                    Some(PauseReason::FeeUnpaid)
                }
                RegisterEventKind::Termination => Some(PauseReason::Lapsed),
                RegisterEventKind::Invalidation => Some(PauseReason::Invalidated),
                RegisterEventKind::Transfer => Some(PauseReason::TransferredAway),
                RegisterEventKind::Preservation => Some(PauseReason::CourtPreservation),
                _ => None,
            };
            if reason.is_some() {
                return reason;
            }
        }
        match status {
            LegalStatus::Lapsed | LegalStatus::Withdrawn => Some(PauseReason::Lapsed),
            LegalStatus::Invalidated => Some(PauseReason::Invalidated),
            LegalStatus::Expired => Some(PauseReason::Expired),
            _ => None,
        }
    }

    /// A pause the owner may lift alone; the others need the patent back in
    /// good standing and a fresh review.
    pub fn owner_may_resume(self) -> bool {
        self == PauseReason::Owner
    }
}

/// What can happen to a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingEvent {
    /// The owner sends the draft to the operation centre.
    Submit,
    /// The reviewer publishes it.
    Approve,
    /// The reviewer sends it back to the owner as a draft.
    Reject,
    /// The owner or the register pauses it.
    Pause(PauseReason),
    /// The owner lifts an owner's pause (back to published) or, after an
    /// automatic pause, asks for review again.
    Resume,
    /// The owner withdraws it for good.
    Close,
}

impl ListingEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            ListingEvent::Submit => "submit",
            ListingEvent::Approve => "approve",
            ListingEvent::Reject => "reject",
            ListingEvent::Pause(_) => "pause",
            ListingEvent::Resume => "resume",
            ListingEvent::Close => "close",
        }
    }
}

/// The listing state machine. `paused_for` is the reason of the current
/// pause, when paused.
pub fn transition(
    from: ListingState,
    paused_for: Option<PauseReason>,
    event: ListingEvent,
) -> Result<ListingState, DomainError> {
    use ListingEvent as E;
    use ListingState as S;
    let to = match (from, event) {
        (S::Draft, E::Submit) => S::UnderReview,
        (S::UnderReview, E::Approve) => S::Published,
        (S::UnderReview, E::Reject) => S::Draft,
        (S::Published, E::Pause(_)) => S::Paused,
        (S::UnderReview, E::Pause(r)) if r != PauseReason::Owner => S::Paused,
        (S::Paused, E::Pause(r)) if r != PauseReason::Owner => S::Paused,
        (S::Paused, E::Resume) if paused_for.is_none_or(PauseReason::owner_may_resume) => {
            S::Published
        }
        (S::Paused, E::Resume) => S::UnderReview,
        (S::Draft | S::UnderReview | S::Published | S::Paused, E::Close) => S::Closed,
        _ => {
            return Err(DomainError::Transition {
                workflow: "listing",
                from: from.as_str(),
                event: event.as_str(),
            });
        }
    };
    Ok(to)
}

/// The bilingual message for a refused listing transition.
pub fn transition_refusal(from: ListingState, event: ListingEvent) -> Text {
    let (ez, ee) = match event {
        ListingEvent::Submit => ("提交审核", "submitted"),
        ListingEvent::Approve => ("审核通过", "approved"),
        ListingEvent::Reject => ("退回", "sent back"),
        ListingEvent::Pause(_) => ("暂停", "paused"),
        ListingEvent::Resume => ("恢复", "resumed"),
        ListingEvent::Close => ("关闭", "closed"),
    };
    Text::owned(
        format!("{}状态的挂牌不能{ez}", from.label().zh()),
        format!(
            "a listing that is {} cannot be {ee}",
            from.label().en().to_lowercase()
        ),
    )
}

/// Who answers buyers' questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broker {
    pub name: String,
    pub phone: String,
}

/// A listing as its owner wrote it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingSpec {
    pub title: String,
    pub patents: Vec<PatentNumber>,
    pub mode: ListingMode,
    pub price: Price,
    pub open_licence: Option<OpenLicenceTerms>,
    /// 解决的问题.
    pub problem: String,
    /// 量化的优势, e.g. "能耗降低 30 %".
    pub advantages: String,
    pub trl: Trl,
    /// 应用场景.
    pub scenarios: String,
    pub industry: Industry,
    pub broker: Broker,
}

/// The listing form as typed; every field a string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingForm {
    pub title: String,
    /// Patent numbers separated by commas, spaces or new lines.
    pub patents: String,
    pub mode: String,
    pub price_model: String,
    pub price_yuan: String,
    pub free_months: String,
    pub royalty_percent: String,
    pub royalty_basis: String,
    pub open_payment: String,
    pub open_fee_yuan: String,
    pub open_royalty_percent: String,
    pub open_royalty_basis: String,
    pub open_term_years: String,
    pub evaluation_report: String,
    pub problem: String,
    pub advantages: String,
    pub trl: String,
    pub scenarios: String,
    pub industry: String,
    pub broker_name: String,
    pub broker_phone: String,
}

fn percent_to_bp(raw: &str) -> Option<u32> {
    let s = raw.trim().trim_end_matches(['%', '％']).trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

impl ListingSpec {
    /// Parses the form, returning every problem at once.
    pub fn parse(form: &ListingForm) -> Result<ListingSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut need =
            |field: &'static str, value: &str, zh: &str, en: &str, max: usize| -> String {
                let v = value.trim();
                if v.is_empty() {
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
        let title = need("title", &form.title, "标题", "title", 120);
        let problem = need(
            "problem",
            &form.problem,
            "解决的问题",
            "the problem solved",
            2000,
        );
        let advantages = need(
            "advantages",
            &form.advantages,
            "量化优势",
            "the quantified advantages",
            2000,
        );
        let scenarios = need(
            "scenarios",
            &form.scenarios,
            "应用场景",
            "the application scenarios",
            2000,
        );
        let broker_name = need(
            "broker_name",
            &form.broker_name,
            "联系人",
            "the contact broker",
            60,
        );
        let broker_phone = need(
            "broker_phone",
            &form.broker_phone,
            "联系电话",
            "the contact phone",
            40,
        );

        let mut patents = Vec::new();
        for raw in form
            .patents
            .split([',', '，', ';', '；', '\n', '\r', '\t', ' ', '、'])
        {
            if raw.trim().is_empty() {
                continue;
            }
            match PatentNumber::parse(raw) {
                Ok(n) if patents.contains(&n) => errors.push(FieldError::new(
                    "patents",
                    format!("专利号 {n} 重复"),
                    format!("patent {n} is listed twice"),
                )),
                Ok(n) => patents.push(n),
                Err(e) => errors.push(FieldError::new(
                    "patents",
                    format!("专利号“{}”无法识别", raw.trim()),
                    e.to_string(),
                )),
            }
        }
        if patents.is_empty() && !errors.iter().any(|e| e.field == "patents") {
            errors.push(FieldError::new(
                "patents",
                "请至少填写一件专利号",
                "at least one patent number is required",
            ));
        }
        if patents.len() > 50 {
            errors.push(FieldError::new(
                "patents",
                "一个挂牌最多 50 件专利",
                "a listing holds at most 50 patents",
            ));
        }

        let mode = ListingMode::parse(&form.mode).map_err(|_| {
            FieldError::new("mode", "请选择交易方式", "choose how the patent is offered")
        });
        let kind = PriceModelKind::parse(&form.price_model)
            .map_err(|_| FieldError::new("price_model", "请选择价格方式", "choose a price model"));
        let trl = form
            .trl
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(Trl::new)
            .ok_or_else(|| {
                FieldError::new(
                    "trl",
                    "技术成熟度须为 1 至 9 级（GB/T 22900）",
                    "the readiness level must be 1 to 9 (GB/T 22900)",
                )
            });
        let industry = if form.industry.trim().is_empty() {
            Ok(Industry::Other)
        } else {
            Industry::parse(&form.industry)
                .map_err(|_| FieldError::new("industry", "请选择所属产业", "choose an industry"))
        };
        let royalty = |pct_field: &'static str,
                       pct: &str,
                       basis: &str,
                       errors: &mut Vec<FieldError>|
         -> Option<Royalty> {
            let basis = match RoyaltyBasis::parse(basis) {
                Ok(b) => b,
                Err(_) => {
                    errors.push(FieldError::new(
                        pct_field,
                        "请选择提成基数（净销售额或利润）",
                        "choose what the royalty is a share of (net sales or profit)",
                    ));
                    return None;
                }
            };
            match percent_to_bp(pct) {
                Some(bp) if bp > 0 && bp <= 10_000 => Some(Royalty {
                    basis,
                    basis_points: bp,
                }),
                _ => {
                    errors.push(FieldError::new(pct_field, "提成比例须为大于 0、不超过 100 的百分数，最多两位小数", "the royalty must be a percentage above 0 and at most 100, with at most two decimals"));
                    None
                }
            }
        };
        let yuan = |field: &'static str,
                    raw: &str,
                    zh: &str,
                    en: &str,
                    errors: &mut Vec<FieldError>|
         -> Option<Fen> {
            match Fen::parse_yuan(raw) {
                Ok(f) if f.value() > 0 => Some(f),
                _ => {
                    errors.push(FieldError::new(
                        field,
                        format!("{zh}须为大于 0 的金额（元），最多两位小数"),
                        format!(
                            "{en} must be an amount in yuan above 0, with at most two decimals"
                        ),
                    ));
                    None
                }
            }
        };

        let fixed_open = matches!(kind, Ok(PriceModelKind::Fixed));
        let price = match kind {
            Err(e) => {
                errors.push(e);
                None
            }
            // An open licence's price is its declared fee, set below.
            Ok(PriceModelKind::Fixed)
                if form.price_yuan.trim().is_empty()
                    && matches!(mode, Ok(ListingMode::OpenLicence)) =>
            {
                None
            }
            Ok(PriceModelKind::Fixed) => yuan(
                "price_yuan",
                &form.price_yuan,
                "价格",
                "the price",
                &mut errors,
            )
            .map(Price::Fixed),
            Ok(PriceModelKind::Negotiable) => {
                if form.price_yuan.trim().is_empty() {
                    Some(Price::Negotiable { reference: None })
                } else {
                    yuan(
                        "price_yuan",
                        &form.price_yuan,
                        "参考价",
                        "the reference price",
                        &mut errors,
                    )
                    .map(|f| Price::Negotiable { reference: Some(f) })
                }
            }
            Ok(PriceModelKind::ZeroPriceFirst) => Some(Price::ZeroPriceFirst),
            Ok(PriceModelKind::UseFirstPayLater) => {
                let months = form
                    .free_months
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|m| (1..=36).contains(m));
                if months.is_none() {
                    errors.push(FieldError::new(
                        "free_months",
                        "免费使用期须为 1 至 36 个月",
                        "the free period must be 1 to 36 months",
                    ));
                }
                let royalty = royalty(
                    "royalty_percent",
                    &form.royalty_percent,
                    &form.royalty_basis,
                    &mut errors,
                );
                match (months, royalty) {
                    (Some(free_months), Some(royalty)) => Some(Price::UseFirstPayLater {
                        free_months,
                        royalty,
                    }),
                    _ => None,
                }
            }
        };

        let mut open_licence = None;
        if let Ok(ListingMode::OpenLicence) = mode {
            let payment = match form.open_payment.trim() {
                "lump_sum" => yuan(
                    "open_fee_yuan",
                    &form.open_fee_yuan,
                    "许可费",
                    "the licence fee",
                    &mut errors,
                )
                .map(OpenLicencePayment::LumpSum),
                "royalty" => royalty(
                    "open_royalty_percent",
                    &form.open_royalty_percent,
                    &form.open_royalty_basis,
                    &mut errors,
                )
                .map(OpenLicencePayment::Royalty),
                "entry_plus_royalty" => {
                    let entry = yuan(
                        "open_fee_yuan",
                        &form.open_fee_yuan,
                        "入门费",
                        "the entry fee",
                        &mut errors,
                    );
                    let r = royalty(
                        "open_royalty_percent",
                        &form.open_royalty_percent,
                        &form.open_royalty_basis,
                        &mut errors,
                    );
                    entry
                        .zip(r)
                        .map(|(entry, royalty)| OpenLicencePayment::EntryPlusRoyalty {
                            entry,
                            royalty,
                        })
                }
                _ => {
                    errors.push(FieldError::new(
                        "open_payment",
                        "请选择开放许可的支付方式",
                        "choose how the open-licence fee is paid",
                    ));
                    None
                }
            };
            if let Some(p) = payment {
                errors.extend(open_licence_cap_errors(p));
            }
            let term = form
                .open_term_years
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|y| (1..=20).contains(y));
            if term.is_none() {
                errors.push(FieldError::new(
                    "open_term_years",
                    "许可期限须为 1 至 20 年",
                    "the licence term must be 1 to 20 years",
                ));
            }
            let report = form.evaluation_report.trim();
            if let (Some(payment), Some(term_years)) = (payment, term) {
                open_licence = Some(OpenLicenceTerms {
                    payment,
                    term_years,
                    evaluation_report: (!report.is_empty()).then(|| report.to_string()),
                });
            }
        }

        // A fixed-price open licence costs its declared fee up front (a
        // royalty-only one nothing up front).
        let price = match (&price, &open_licence, fixed_open) {
            (None, Some(terms), true) => Some(Price::Fixed(match terms.payment {
                OpenLicencePayment::LumpSum(f) => f,
                OpenLicencePayment::EntryPlusRoyalty { entry, .. } => entry,
                OpenLicencePayment::Royalty(_) => Fen::new(0),
            })),
            _ => price,
        };
        if let (Ok(mode), Some(price)) = (&mode, &price) {
            match (mode, price) {
                (ListingMode::OpenLicence, Price::Negotiable { .. } | Price::ZeroPriceFirst) => {
                    errors.push(FieldError::new("price_model", "开放许可须公布明确的许可使用费，不能面议或 0 元转让", "an open licence publishes its fee: it cannot be negotiable or a zero-price transfer"));
                }
                (m, Price::ZeroPriceFirst) if *m != ListingMode::Transfer => {
                    errors.push(FieldError::new(
                        "price_model",
                        "0元转让首件专利只适用于转让",
                        "the zero-price first patent applies to transfers only",
                    ));
                }
                (_, Price::ZeroPriceFirst) if patents.len() > 1 => {
                    errors.push(FieldError::new(
                        "patents",
                        "0元转让首件专利只能挂牌一件专利",
                        "a zero-price first patent listing holds exactly one patent",
                    ));
                }
                (ListingMode::Transfer | ListingMode::Equity, Price::UseFirstPayLater { .. }) => {
                    errors.push(FieldError::new(
                        "price_model",
                        "先使用后缴费只适用于许可",
                        "use first, pay later applies to licences only",
                    ));
                }
                _ => {}
            }
        }

        let mode = match mode {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let trl = trl.map_err(|e| errors.push(e)).ok();
        let industry = industry.map_err(|e| errors.push(e)).ok();
        match (mode, price, trl, industry) {
            (Some(mode), Some(price), Some(trl), Some(industry)) if errors.is_empty() => {
                Ok(ListingSpec {
                    title,
                    patents,
                    mode,
                    price,
                    open_licence,
                    problem,
                    advantages,
                    trl,
                    scenarios,
                    industry,
                    broker: Broker {
                        name: broker_name,
                        phone: broker_phone,
                    },
                })
            }
            _ => Err(errors),
        }
    }
}

/// The caps of CNIPA's open-licence promotion: a fixed fee of at most
/// ¥20 million, a royalty of at most 20 % of net sales or 40 % of profit.
pub fn open_licence_cap_errors(payment: OpenLicencePayment) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let fee = match payment {
        OpenLicencePayment::LumpSum(f) => Some(f),
        OpenLicencePayment::EntryPlusRoyalty { entry, .. } => Some(entry),
        OpenLicencePayment::Royalty(_) => None,
    };
    if fee.is_some_and(|f| f > OPEN_LICENCE_MAX_FEE) {
        errors.push(FieldError::new(
            "open_fee_yuan",
            "开放许可的固定费用不能超过 2000 万元",
            "an open licence's fixed fee may not exceed ¥20 million",
        ));
    }
    let royalty = match payment {
        OpenLicencePayment::Royalty(r)
        | OpenLicencePayment::EntryPlusRoyalty { royalty: r, .. } => Some(r),
        OpenLicencePayment::LumpSum(_) => None,
    };
    if let Some(r) = royalty {
        match r.basis {
            RoyaltyBasis::NetSales if r.basis_points > OPEN_LICENCE_MAX_SALES_BP => {
                errors.push(FieldError::new(
                    "open_royalty_percent",
                    "开放许可按净销售额提成的比例不能超过 20%",
                    "an open licence's royalty may not exceed 20 % of net sales",
                ))
            }
            RoyaltyBasis::Profit if r.basis_points > OPEN_LICENCE_MAX_PROFIT_BP => {
                errors.push(FieldError::new(
                    "open_royalty_percent",
                    "开放许可按利润提成的比例不能超过 40%",
                    "an open licence's royalty may not exceed 40 % of profit",
                ))
            }
            _ => {}
        }
    }
    errors
}

/// What the store knows about one patent named in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPatentFacts {
    pub number: PatentNumber,
    pub patent_type: PatentType,
    pub legal_status: LegalStatus,
    /// One of the patent's applicants is the listing organisation.
    pub held_by_lister: bool,
    /// Under court preservation not yet released.
    pub preserved: bool,
    /// The modes of the other live listings that include this patent.
    pub other_live_modes: Vec<ListingMode>,
}

/// The rules that need the patents' records: ownership, standing, the
/// open-licence conflicts and the evaluation report. `facts` holds one entry
/// per patent that exists; numbers without an entry are unknown.
pub fn check_patents(spec: &ListingSpec, facts: &[ListedPatentFacts]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for number in &spec.patents {
        let Some(f) = facts.iter().find(|f| &f.number == number) else {
            errors.push(FieldError::new(
                "patents",
                format!("专利 {number} 不在专利库中，请先导入"),
                format!("patent {number} is not in the catalogue; import it first"),
            ));
            continue;
        };
        if !f.held_by_lister {
            errors.push(FieldError::new(
                "patents",
                format!("专利 {number} 的专利权人不是本单位"),
                format!("patent {number} is not held by your organisation"),
            ));
        }
        if f.legal_status != LegalStatus::InForce {
            errors.push(FieldError::new(
                "patents",
                format!(
                    "专利 {number} 当前状态为“{}”，只有有效专利可以挂牌",
                    f.legal_status.label().zh()
                ),
                format!(
                    "patent {number} is {}; only patents in force can be listed",
                    f.legal_status.label().en().to_lowercase()
                ),
            ));
        }
        if f.preserved {
            errors.push(FieldError::new(
                "patents",
                format!("专利 {number} 处于财产保全中，不能挂牌"),
                format!("patent {number} is under court preservation and cannot be listed"),
            ));
        }
        if spec.mode == ListingMode::OpenLicence
            && let Some(m) = f
                .other_live_modes
                .iter()
                .find(|m| m.excludes_open_licence())
        {
            errors.push(FieldError::new(
                "mode",
                format!("专利 {number} 已有{}挂牌，不能同时开放许可", m.label().zh()),
                format!("patent {number} already has a live {} listing; it cannot also be under an open licence", m.label().en().to_lowercase()),
            ));
        }
        if spec.mode.excludes_open_licence()
            && f.other_live_modes.contains(&ListingMode::OpenLicence)
        {
            errors.push(FieldError::new(
                "mode",
                format!(
                    "专利 {number} 正在开放许可期间，不能给予{}",
                    spec.mode.label().zh()
                ),
                format!(
                    "patent {number} is under an open licence; no {} may be granted while it runs",
                    spec.mode.label().en().to_lowercase()
                ),
            ));
        }
        if spec.mode == ListingMode::OpenLicence
            && matches!(f.patent_type, PatentType::UtilityModel | PatentType::Design)
            && spec
                .open_licence
                .as_ref()
                .is_none_or(|t| t.evaluation_report.is_none())
        {
            errors.push(FieldError::new(
                "evaluation_report",
                format!(
                    "专利 {number} 是{}，开放许可须附专利权评价报告",
                    f.patent_type.label().zh()
                ),
                format!(
                    "patent {number} is a {}: an open licence needs the patent evaluation report",
                    f.patent_type.label().en().to_lowercase()
                ),
            ));
        }
    }
    errors
}

/// How "first" is counted for the zero-price first patent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroPriceRule {
    /// An SME takes at most one zero-price patent from each owner.
    PerSmeAndOwner,
    /// An SME takes at most one zero-price patent on the whole platform.
    PerSme,
}

impl ZeroPriceRule {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim() {
            "per_sme_and_owner" => Ok(ZeroPriceRule::PerSmeAndOwner),
            "per_sme" => Ok(ZeroPriceRule::PerSme),
            other => Err(DomainError::UnknownCode {
                kind: "zero-price rule (per_sme_and_owner or per_sme)",
                value: other.to_string(),
            }),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ZeroPriceRule::PerSmeAndOwner => "per_sme_and_owner",
            ZeroPriceRule::PerSme => "per_sme",
        }
    }

    /// Checks a new claim by `sme` on a zero-price listing of `owner`
    /// against the owners it already took a zero-price patent from.
    pub fn check(self, owner: i64, earlier_owners: &[i64]) -> Result<(), FieldError> {
        let taken = match self {
            ZeroPriceRule::PerSmeAndOwner => earlier_owners.contains(&owner),
            ZeroPriceRule::PerSme => !earlier_owners.is_empty(),
        };
        if !taken {
            return Ok(());
        }
        Err(match self {
            ZeroPriceRule::PerSmeAndOwner => FieldError::new(
                "listing",
                "贵单位已从该权利人处获得过一件 0 元转让的首件专利，不能再次申请",
                "your company has already taken its zero-price first patent from this owner",
            ),
            ZeroPriceRule::PerSme => FieldError::new(
                "listing",
                "贵单位已在平台获得过一件 0 元转让的首件专利，不能再次申请",
                "your company has already taken its zero-price first patent on the platform",
            ),
        })
    }
}

#[cfg(test)]
mod tests;
