//! Signing up: an organisation and its first user registered together.
//!
//! [`RegistrationForm`] is what a person typed, field by field;
//! [`Registration::parse`] checks every field and returns either a valid
//! registration or *all* the field errors at once, each in Chinese and
//! English, so a form can mark every mistake in one round trip.

use crate::identity::FieldError;
use crate::{CreditCode, Fen, Login, OrganisationKind, Password, RegionCode, SizeClass};

/// The raw fields of the sign-up form (and of `POST /api/v1/registrations`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationForm {
    /// An [`OrganisationKind`] code; empty means `sme`.
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub credit_code: String,
    pub region_code: String,
    pub address: String,
    pub industry: String,
    /// The year the figures are for, e.g. `2025`.
    pub year: String,
    /// Annual operating revenue in yuan.
    pub revenue_yuan: String,
    pub employees: String,
    pub display_name: String,
    /// E-mail or mainland mobile number.
    pub login: String,
    pub password: String,
    pub password_confirm: String,
}

/// An enterprise's figures for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearFigures {
    pub year: i32,
    pub revenue: Fen,
    pub employees: u32,
    pub size_class: SizeClass,
}

/// A checked registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub kind: OrganisationKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub credit_code: CreditCode,
    pub region: RegionCode,
    pub address: Option<String>,
    pub industry: Option<String>,
    /// Required of enterprises (an SME's size class is computed from them).
    pub figures: Option<YearFigures>,
    pub display_name: String,
    pub login: Login,
    pub password: Password,
}

/// The kinds that may sign themselves up; operation centres, the IP bureau
/// and district offices are set up by administrators.
pub const SELF_REGISTERED_KINDS: [OrganisationKind; 8] = [
    OrganisationKind::Sme,
    OrganisationKind::University,
    OrganisationKind::ResearchInstitute,
    OrganisationKind::StateOwnedEnterprise,
    OrganisationKind::ServiceAgency,
    OrganisationKind::Bank,
    OrganisationKind::Guarantor,
    OrganisationKind::Insurer,
];

const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 200;
/// Figures older than this many years before `current_year` are refused.
const FIGURES_MAX_AGE: i32 = 5;

fn optional(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn too_long(field: &'static str, max: usize) -> FieldError {
    FieldError::new(
        field,
        format!("不能超过 {max} 个字符"),
        format!("at most {max} characters"),
    )
}

fn required(field: &'static str) -> FieldError {
    FieldError::new(field, "必填", "required")
}

/// A required, bounded text field.
fn text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        Err(required(field))
    } else if t.chars().count() > max {
        Err(too_long(field, max))
    } else {
        Ok(t.to_string())
    }
}

fn optional_text(field: &'static str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    match optional(raw) {
        Some(t) if t.chars().count() > max => Err(too_long(field, max)),
        other => Ok(other),
    }
}

fn parse_kind(raw: &str) -> Result<OrganisationKind, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(OrganisationKind::Sme);
    }
    match OrganisationKind::parse(raw) {
        Ok(kind) if SELF_REGISTERED_KINDS.contains(&kind) => Ok(kind),
        Ok(kind) => Err(FieldError::new(
            "kind",
            format!("“{}”由平台管理员开设，不能自行注册", kind.label().zh()),
            format!(
                "a {} is set up by an administrator, not signed up",
                kind.label().en()
            ),
        )),
        Err(_) => Err(FieldError::new(
            "kind",
            format!("未知的机构类型“{raw}”"),
            format!("unknown kind of organisation {raw:?}"),
        )),
    }
}

fn parse_login(raw: &str) -> Result<Login, FieldError> {
    match Login::parse(raw)? {
        Login::Username(_) => Err(FieldError::new(
            "login",
            "请填写电子邮箱或 11 位手机号码",
            "enter an e-mail address or an 11-digit mobile number",
        )),
        other => Ok(other),
    }
}

fn parse_region(raw: &str) -> Result<RegionCode, FieldError> {
    if raw.trim().is_empty() {
        return Err(required("region_code"));
    }
    RegionCode::parse(raw).map_err(|e| {
        let (zh, en) = match &e {
            crate::DomainError::RegionCode(_, why) if why.contains("six digits") => (
                "行政区划代码应为 6 位数字（GB/T 2260），如 120116",
                "a region code is six digits (GB/T 2260), e.g. 120116",
            ),
            crate::DomainError::RegionCode(_, why) if why.contains("province") => (
                "行政区划代码的前两位不是任何省级行政区",
                "the first two digits of the region code name no province",
            ),
            _ => (
                "不是天津市 16 个区之一（120101–120119）",
                "not one of Tianjin's 16 districts (120101–120119)",
            ),
        };
        FieldError::new("region_code", zh, en)
    })
}

fn parse_figures(
    form: &RegistrationForm,
    kind: OrganisationKind,
    current_year: i32,
    errors: &mut Vec<FieldError>,
) -> Option<YearFigures> {
    let enterprise = matches!(
        kind,
        OrganisationKind::Sme | OrganisationKind::StateOwnedEnterprise
    );
    let all_blank = [&form.year, &form.revenue_yuan, &form.employees]
        .iter()
        .all(|f| f.trim().is_empty());
    if all_blank && !enterprise {
        return None;
    }
    let year = match form.year.trim() {
        "" => Err(required("year")),
        y => match y.parse::<i32>() {
            Ok(y) if (current_year - FIGURES_MAX_AGE..=current_year).contains(&y) => Ok(y),
            _ => Err(FieldError::new(
                "year",
                format!(
                    "年份应在 {}–{current_year} 之间",
                    current_year - FIGURES_MAX_AGE
                ),
                format!(
                    "the year must be between {} and {current_year}",
                    current_year - FIGURES_MAX_AGE
                ),
            )),
        },
    };
    let revenue = match form.revenue_yuan.trim() {
        "" => Err(required("revenue_yuan")),
        r => match Fen::parse_yuan(r) {
            Ok(f) if f.value() >= 0 => Ok(f),
            _ => Err(FieldError::new(
                "revenue_yuan",
                "营业收入应为不小于 0 的金额（元），如 3500000",
                "revenue is an amount of yuan, 0 or more, e.g. 3500000",
            )),
        },
    };
    let employees = match form.employees.trim() {
        "" => Err(required("employees")),
        e => e.parse::<u32>().map_err(|_| {
            FieldError::new(
                "employees",
                "从业人员数应为不小于 0 的整数",
                "employees is a whole number, 0 or more",
            )
        }),
    };
    let (year, revenue, employees) = match (year, revenue, employees) {
        (Ok(y), Ok(r), Ok(e)) => (y, r, e),
        (y, r, e) => {
            errors.extend(y.err());
            errors.extend(r.err());
            errors.extend(e.err());
            return None;
        }
    };
    let size_class = SizeClass::classify(employees, revenue);
    if kind == OrganisationKind::Sme && !size_class.is_sme() {
        errors.push(FieldError::new(
            "kind",
            "按营业收入和从业人员，该企业属于大型企业，不是中小企业",
            "by its revenue and employees this is a large enterprise, not an SME",
        ));
    }
    Some(YearFigures {
        year,
        revenue,
        employees,
        size_class,
    })
}

impl Registration {
    /// Checks every field of `form`; `current_year` bounds the figures' year.
    pub fn parse(form: &RegistrationForm, current_year: i32) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        // Keeps a field's value, or records its error and goes on.
        macro_rules! keep {
            ($r:expr) => {
                match $r {
                    Ok(v) => Some(v),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            };
        }

        let kind = keep!(parse_kind(&form.kind));
        let name_zh = keep!(text("name_zh", &form.name_zh, NAME_MAX));
        let name_en = keep!(optional_text("name_en", &form.name_en, NAME_MAX));
        let credit_code = keep!(if form.credit_code.trim().is_empty() {
            Err(required("credit_code"))
        } else {
            CreditCode::parse(&form.credit_code)
                .map_err(|e| FieldError::from_domain("credit_code", &e))
        });
        let region = keep!(parse_region(&form.region_code));
        let address = keep!(optional_text("address", &form.address, TEXT_MAX));
        let industry = keep!(optional_text("industry", &form.industry, TEXT_MAX));
        let display_name = keep!(text("display_name", &form.display_name, NAME_MAX));
        let login = keep!(parse_login(&form.login));
        // Without a valid login the password is still checked, against a
        // login it cannot equal, so its own mistakes show in the same round.
        let password_login = login.clone().unwrap_or_else(|| {
            Login::parse("nobody@example.invalid").expect("a valid placeholder")
        });
        let password =
            keep!(Password::parse(&form.password, &password_login)).filter(|_| login.is_some());
        if !form.password.is_empty() && form.password != form.password_confirm {
            errors.push(FieldError::new(
                "password_confirm",
                "两次输入的密码不一致",
                "the two passwords differ",
            ));
        }
        let figures = match kind {
            Some(kind) => parse_figures(form, kind, current_year, &mut errors),
            None => None,
        };

        match (
            kind,
            name_zh,
            name_en,
            credit_code,
            region,
            address,
            industry,
            display_name,
            login,
            password,
        ) {
            (
                Some(kind),
                Some(name_zh),
                Some(name_en),
                Some(credit_code),
                Some(region),
                Some(address),
                Some(industry),
                Some(display_name),
                Some(login),
                Some(password),
            ) if errors.is_empty() => Ok(Registration {
                kind,
                name_zh,
                name_en,
                credit_code,
                region,
                address,
                industry,
                figures,
                display_name,
                login,
                password,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RegistrationForm {
        RegistrationForm {
            kind: "sme".into(),
            name_zh: "天津智感科技有限公司".into(),
            name_en: "Tianjin Zhigan Technology Co., Ltd.".into(),
            credit_code: CreditCode::from_parts("91", "120116", "MA05K8XQ")
                .unwrap()
                .as_str()
                .to_string(),
            region_code: "120116".into(),
            address: "天津市滨海新区新港二号路 1 号".into(),
            industry: "仪器仪表制造业".into(),
            year: "2025".into(),
            revenue_yuan: "12,000,000".into(),
            employees: "45".into(),
            display_name: "王敏".into(),
            login: "wangmin@zhigan.example.cn".into(),
            password: "correct horse battery".into(),
            password_confirm: "correct horse battery".into(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_sme_registration_parses_with_its_size_class() {
        let r = Registration::parse(&valid(), 2026).unwrap();
        assert_eq!(r.kind, OrganisationKind::Sme);
        assert_eq!(r.region.value(), 120116);
        let f = r.figures.unwrap();
        assert_eq!(f.revenue, Fen::from_yuan(12_000_000));
        assert_eq!(f.size_class, SizeClass::Small);
        assert!(matches!(r.login, Login::Email(_)));
    }

    #[test]
    fn every_wrong_field_is_reported_at_once_in_both_languages() {
        let mut form = valid();
        form.credit_code = "91120116MA05K8XQ3X".into();
        form.region_code = "120199".into();
        form.login = "not-an-email@".into();
        form.password = "short".into();
        form.password_confirm = "short".into();
        form.employees = "many".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "credit_code",
                "region_code",
                "login",
                "password",
                "employees"
            ]
        );
        for e in &errors {
            assert!(!e.message.zh().is_empty() && !e.message.en().is_empty());
            assert_ne!(e.message.zh(), e.message.en(), "{e}");
        }
    }

    #[test]
    fn a_region_code_outside_any_province_says_so() {
        let mut form = valid();
        form.region_code = "990000".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert_eq!(errors[0].field, "region_code");
        assert!(
            errors[0].message.zh().contains("省级"),
            "{}",
            errors[0].message.zh()
        );
        form.region_code = "12011".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert!(errors[0].message.en().contains("six digits"));
    }

    #[test]
    fn required_fields_are_named_when_blank() {
        let errors = Registration::parse(&RegistrationForm::default(), 2026).unwrap_err();
        let f = fields(&errors);
        for name in [
            "name_zh",
            "credit_code",
            "region_code",
            "display_name",
            "login",
            "password",
            "year",
            "revenue_yuan",
            "employees",
        ] {
            assert!(f.contains(&name), "{name} missing from {f:?}");
        }
    }

    #[test]
    fn mismatched_passwords_are_refused() {
        let mut form = valid();
        form.password_confirm = "correct horse battery!".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert_eq!(fields(&errors), ["password_confirm"]);
    }

    #[test]
    fn a_large_enterprise_cannot_sign_up_as_an_sme() {
        let mut form = valid();
        form.employees = "2000".into();
        form.revenue_yuan = "500000000".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert_eq!(fields(&errors), ["kind"]);
        form.kind = "soe".into();
        let r = Registration::parse(&form, 2026).unwrap();
        assert_eq!(r.figures.unwrap().size_class, SizeClass::Large);
    }

    #[test]
    fn administrators_set_up_centres_and_the_bureau() {
        let mut form = valid();
        form.kind = "ip_bureau".into();
        let errors = Registration::parse(&form, 2026).unwrap_err();
        assert_eq!(fields(&errors), ["kind"]);
    }

    #[test]
    fn a_bank_needs_no_figures_but_figures_from_long_ago_are_refused() {
        let mut form = valid();
        form.kind = "bank".into();
        form.year.clear();
        form.revenue_yuan.clear();
        form.employees.clear();
        assert!(Registration::parse(&form, 2026).unwrap().figures.is_none());
        let mut form = valid();
        form.year = "2015".into();
        assert_eq!(
            fields(&Registration::parse(&form, 2026).unwrap_err()),
            ["year"]
        );
    }
}
