//! The application layer's workflows driven directly, without any router:
//! listings, demands, deals, acting as a user and the background jobs over an [`App`] and the [`Caller`]s the
//! demo's [`Fixture`] makes. One test binary with a module per workflow,
//! so it links once.
//!
//! Every test starts from [`world`]: Tianjin University (verified) with its
//! tech-transfer office, a verified forklift maker in Binhai with a buyer,
//! a second SME that takes no part (the stranger), an industry operation
//! centre with a reviewer, Nankai University (which holds a patent Tianjin
//! University cannot list), the patents below, and one published ordinary
//! licence of Tianjin University on its battery-safety patent.

use chrono::NaiveDate;
use patentbridge_app::{App, Caller, Clock, Error};
use patentbridge_demo::fixture::{Fixture, Member};
use patentbridge_domain::listing::ListingForm;
use patentbridge_domain::{
    ClassificationCode, FieldError, LegalStatus, Party, Patent, PatentNumber, PatentType, Text,
};

#[path = "operations/deals.rs"]
mod deals;
#[path = "operations/demands.rs"]
mod demands;
#[path = "operations/listings.rs"]
mod listings;
#[path = "operations/sessions.rs"]
mod sessions;
#[path = "operations/workers.rs"]
mod workers;

pub const TJU: &str = "天津大学";
pub const NANKAI: &str = "南开大学";
pub const FORKLIFT: &str = "天津叉车科技有限公司";
pub const STORAGE: &str = "天津滨海储能科技有限公司";
pub const CENTRE: &str = "天津市新能源产业知识产权运营中心";
pub const BINHAI: &str = "120116";

/// Tianjin University's invention in force: the published licence's patent.
pub const BATTERY: &str = "CN201910000101A";
/// Tianjin University's invention in force, free for the tests' drafts.
pub const ELECTRODE: &str = "CN202010000201A";
/// Tianjin University's invention in force, for the open licence.
pub const BMS: &str = "CN202110000301A";
/// Tianjin University's utility model in force (no evaluation report).
pub const ROLLER: &str = "CN215000001U";
/// Tianjin University's invention that lapsed for unpaid annual fees.
pub const SEPARATOR: &str = "CN114000002A";
/// Nankai University's invention in force.
pub const SENSOR: &str = "CN202210000401A";
/// A number no import brought into the catalogue.
pub const UNKNOWN: &str = "CN999999999A";

fn patent(
    number: &str,
    title: &str,
    summary: &str,
    ipc: &str,
    applicant: &str,
    status: LegalStatus,
) -> Patent {
    let mut p = Patent::new(PatentNumber::parse(number).expect("a CN number"), "test");
    p.title_zh = Some(title.into());
    p.abstract_zh = Some(summary.into());
    p.ipc = vec![ClassificationCode::parse(ipc).expect("an IPC code")];
    p.applicants = vec![Party::new(applicant, Some("天津市南开区卫津路92号"))];
    p.inventors = vec!["张建国".into(), "李晓梅".into()];
    p.application_date = NaiveDate::from_ymd_opt(2019, 6, 18);
    p.grant_date = NaiveDate::from_ymd_opt(2021, 9, 3);
    p.legal_status = status;
    p
}

fn catalogue() -> Vec<Patent> {
    let mut roller = patent(
        ROLLER,
        "电池极片辊压装置",
        "一种电池极片辊压装置，辊缝可调，极片厚度一致性好。",
        "H01M4/04",
        TJU,
        LegalStatus::InForce,
    );
    roller.patent_type = PatentType::UtilityModel;
    vec![
        patent(
            BATTERY,
            "锂电池热失控预警方法及电池管理系统",
            "本发明公开了一种锂电池热失控预警方法，根据电池温升速率和产气信号提前预警热失控，电池管理系统据此切断回路。",
            "H01M10/48",
            TJU,
            LegalStatus::InForce,
        ),
        patent(
            ELECTRODE,
            "动力电池高镍正极材料及其制备方法",
            "一种高镍三元正极材料，包覆改性后循环寿命显著提高。",
            "H01M4/525",
            TJU,
            LegalStatus::InForce,
        ),
        patent(
            BMS,
            "储能电站电池均衡管理方法",
            "一种储能电站电池簇主动均衡管理方法，降低簇间不一致。",
            "H02J7/00",
            TJU,
            LegalStatus::InForce,
        ),
        roller,
        patent(
            SEPARATOR,
            "锂离子电池复合隔膜",
            "一种陶瓷涂覆复合隔膜，提高隔膜耐热性。",
            "H01M50/449",
            TJU,
            LegalStatus::Lapsed,
        ),
        patent(
            SENSOR,
            "柔性压力传感器及其制备方法",
            "一种柔性压力传感器，灵敏度高，可用于电子皮肤。",
            "G01L1/18",
            NANKAI,
            LegalStatus::InForce,
        ),
    ]
}

/// The platform every test starts from.
pub struct World {
    pub f: Fixture,
    /// Tianjin University.
    pub tju: i64,
    /// The forklift maker.
    pub forklift: i64,
    /// A manager of Tianjin University's tech-transfer office.
    pub office: Caller,
    /// A buyer of the forklift maker.
    pub sme: Caller,
    /// A member of another verified SME, who takes part in nothing.
    pub stranger: Caller,
    /// A member of the industry operation centre, who reviews listings.
    pub reviewer: Caller,
    /// Tianjin University's published ordinary licence on [`BATTERY`].
    pub listing: i64,
}

impl World {
    pub fn app(&self) -> &App {
        self.f.app()
    }

    /// The same application reading the time as 09:00 UTC on `date`.
    pub fn app_on(&self, date: &str) -> App {
        let at = patentbridge_domain::parse_date(date)
            .expect("a date like 2026-03-02")
            .and_hms_opt(9, 0, 0)
            .expect("a time of day")
            .and_utc();
        self.app().clone().with_clock(Clock::fixed(at))
    }
}

pub async fn world() -> World {
    let f = Fixture::builder()
        .patents(catalogue())
        .university(TJU)
        .university(NANKAI)
        .sme(FORKLIFT, BINHAI)
        .sme(STORAGE, BINHAI)
        .operation_centre(CENTRE)
        .build()
        .await;
    let tju = f.org(TJU);
    let forklift = f.org(FORKLIFT);
    let office = f.member(tju, "tto@tju.edu.cn", Member::Manager).await;
    let sme = f
        .member(forklift, "caigou@tjforklift.com.cn", Member::Member)
        .await;
    let stranger = f
        .member(f.org(STORAGE), "jishu@bhstorage.com.cn", Member::Member)
        .await;
    let reviewer = f
        .member(f.org(CENTRE), "shenhe@tjnev-ip.org.cn", Member::Member)
        .await;
    let listing = f.listing(&office, tju, &licence_form(), true).await;
    World {
        f,
        tju,
        forklift,
        office,
        sme,
        stranger,
        reviewer,
        listing,
    }
}

/// The world's published listing: an ordinary licence on [`BATTERY`].
pub fn licence_form() -> ListingForm {
    ListingForm {
        title: "锂电池热失控预警方法及电池管理系统".into(),
        patents: BATTERY.into(),
        mode: "ordinary_licence".into(),
        price_model: "negotiable".into(),
        problem: "锂电池在高温环境下热失控起火前缺少可靠预警，电池管理系统来不及切断回路".into(),
        advantages: "提前 10 分钟预警热失控，误报率低于 1 %".into(),
        trl: "6".into(),
        scenarios: "电动叉车、储能电站、电动汽车电池包".into(),
        industry: "new_energy".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    }
}

/// A transfer at a fixed price of the patents given, for drafts.
pub fn transfer_form(patents: &str) -> ListingForm {
    ListingForm {
        title: "动力电池高镍正极材料专利转让".into(),
        patents: patents.into(),
        mode: "transfer".into(),
        price_model: "fixed".into(),
        price_yuan: "300000".into(),
        problem: "高镍正极材料循环寿命短、产气多".into(),
        advantages: "循环寿命提高 40 %，产气量降低 30 %".into(),
        trl: "5".into(),
        scenarios: "动力电池正极材料生产".into(),
        industry: "new_energy_vehicles".into(),
        broker_name: "刘老师".into(),
        broker_phone: "022-27401234".into(),
        ..ListingForm::default()
    }
}

/// An open licence on [`BMS`]: ¥50,000 at once for three years.
pub fn open_licence_form() -> ListingForm {
    ListingForm {
        title: "储能电站电池均衡管理方法开放许可".into(),
        patents: BMS.into(),
        mode: "open_licence".into(),
        price_model: "fixed".into(),
        open_payment: "lump_sum".into(),
        open_fee_yuan: "50000".into(),
        open_term_years: "3".into(),
        problem: "储能电站电池簇之间不一致，容量衰减快".into(),
        advantages: "簇间压差降低 60 %，可用容量提高 8 %".into(),
        trl: "7".into(),
        scenarios: "电网侧储能电站、工商业储能".into(),
        industry: "new_energy".into(),
        broker_name: "王老师".into(),
        broker_phone: "022-27400000".into(),
        ..ListingForm::default()
    }
}

/// The field errors of an [`Error::Invalid`]; any other outcome fails.
#[track_caller]
pub fn invalid<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<FieldError> {
    match result {
        Err(Error::Invalid(fields)) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The names of the fields in error, sorted.
pub fn names(fields: &[FieldError]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = fields.iter().map(|f| f.field).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The message of the first error on `field`.
#[track_caller]
pub fn on<'a>(fields: &'a [FieldError], field: &str) -> &'a Text {
    &fields
        .iter()
        .find(|f| f.field == field)
        .unwrap_or_else(|| panic!("no error on {field}: {fields:?}"))
        .message
}

/// The message of an [`Error::Conflict`]; any other outcome fails.
#[track_caller]
pub fn conflict<T: std::fmt::Debug>(result: Result<T, Error>) -> Text {
    match result {
        Err(Error::Conflict(text)) => text,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The message of an [`Error::Forbidden`]; any other outcome fails.
#[track_caller]
pub fn forbidden<T: std::fmt::Debug>(result: Result<T, Error>) -> Text {
    match result {
        Err(Error::Forbidden(text)) => text,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The message of an [`Error::NotFound`]; any other outcome fails.
#[track_caller]
pub fn not_found<T: std::fmt::Debug>(result: Result<T, Error>) -> Text {
    match result {
        Err(Error::NotFound(text)) => text,
        other => panic!("expected not found, got {other:?}"),
    }
}

/// Asserts that a message says `zh` in Chinese and `en` in English.
#[track_caller]
pub fn says(text: &Text, zh: &str, en: &str) {
    assert!(text.zh().contains(zh), "{:?} lacks {zh:?}", text.zh());
    assert!(text.en().contains(en), "{:?} lacks {en:?}", text.en());
}
