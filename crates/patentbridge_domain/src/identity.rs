//! Who a user is: their login (e-mail or mainland mobile number), the password
//! policy, and the roles they hold in organisations and on the platform.
//!
//! Rejections are [`FieldError`]s naming the form field, in Chinese and
//! English, so a form can show them next to the field.

use std::fmt;

use crate::{DomainError, RegionCode, Text, text};

/// Why a form field was rejected, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field, e.g. `"email"`.
    pub field: &'static str,
    pub message: Text,
}

impl FieldError {
    pub fn new(
        field: &'static str,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        FieldError {
            field,
            message: Text::owned(message_zh.into(), message_en.into()),
        }
    }

    /// A field error with a message already written in both languages.
    pub fn text(field: &'static str, message: Text) -> Self {
        FieldError { field, message }
    }

    /// The field error for a rejected credit code; other domain errors
    /// carry an English message only, which is used for both languages.
    pub fn from_domain(field: &'static str, err: &DomainError) -> Self {
        match err {
            DomainError::CreditCode { problem, .. } => {
                let problem = problem.message();
                let (zh, en) = (problem.zh(), problem.en());
                FieldError::text(
                    field,
                    text!("统一社会信用代码{zh}", "unified social credit code: {en}"),
                )
            }
            other => FieldError::new(field, other.to_string(), other.to_string()),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message.en())
    }
}

impl std::error::Error for FieldError {}

/// The longest e-mail address accepted (RFC 5321 path limit).
const EMAIL_MAX: usize = 254;
/// The longest local part accepted (RFC 5321).
const LOCAL_MAX: usize = 64;

/// An e-mail address: one `@`, a plain local part and a dotted domain, which
/// is stored lower-cased (the local part keeps its case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let bad = |zh: &str, en: &str| FieldError::new("email", zh, en);
        let s = raw.trim();
        if s.is_empty() {
            return Err(bad("请填写电子邮箱", "enter an e-mail address"));
        }
        if s.chars().count() > EMAIL_MAX {
            return Err(bad(
                "电子邮箱不能超过 254 个字符",
                "an e-mail address has at most 254 characters",
            ));
        }
        if s.chars().any(char::is_whitespace) {
            return Err(bad(
                "电子邮箱不能包含空格",
                "an e-mail address contains no spaces",
            ));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(bad("电子邮箱缺少 @", "an e-mail address needs an @"));
        };
        if domain.contains('@') {
            return Err(bad(
                "电子邮箱只能包含一个 @",
                "an e-mail address has exactly one @",
            ));
        }
        if local.is_empty() || local.len() > LOCAL_MAX {
            return Err(bad(
                "@ 前的部分应为 1–64 个字符",
                "the part before the @ must have 1–64 characters",
            ));
        }
        let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
        if !local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext))
        {
            return Err(bad(
                "@ 前的部分含有不允许的字符",
                "the part before the @ has a character that is not allowed",
            ));
        }
        let domain = domain.to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if !domain.contains('.') || !domain.split('.').all(label_ok) {
            return Err(bad(
                "@ 后应为有效域名，如 example.com",
                "the part after the @ must be a domain such as example.com",
            ));
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A mainland China mobile number, stored as its 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

impl Phone {
    /// Accepts `13812345678`, `+86 138 1234 5678`, `0086-138-1234-5678` and
    /// the like: spaces and hyphens are ignored, a `+86`/`0086` prefix is
    /// dropped.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let bad = || {
            FieldError::new(
                "phone",
                "请填写 11 位中国大陆手机号，如 13812345678",
                "enter an 11-digit mainland mobile number such as 13812345678",
            )
        };
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .unwrap_or(&compact);
        let digits = match digits.strip_prefix("86") {
            Some(rest) if rest.len() == 11 => rest,
            _ => digits,
        };
        let b = digits.as_bytes();
        if b.len() != 11
            || !b.iter().all(u8::is_ascii_digit)
            || b[0] != b'1'
            || !(b'3'..=b'9').contains(&b[1])
        {
            return Err(bad());
        }
        Ok(Phone(digits.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a user signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Login {
    Email(Email),
    Phone(Phone),
    /// A user name given to an account by an administrator (the demo's
    /// `admin`, `sme1` …); people who register use an e-mail or a phone.
    Username(Username),
}

/// A user name: 2–32 characters of lower-case letters, digits, `-` and `_`,
/// starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim().to_ascii_lowercase();
        let len = name.chars().count();
        let well_formed = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !(2..=32).contains(&len) || !well_formed {
            return Err(FieldError::new(
                "username",
                "用户名为 2–32 位小写字母、数字、- 或 _，以字母开头",
                "a user name has 2–32 lower-case letters, digits, - or _, starting with a letter",
            ));
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Login {
    /// An input with an `@` is read as an e-mail address, anything else as
    /// a mobile number.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let relabel = |e: FieldError| FieldError {
            field: "login",
            ..e
        };
        if raw.contains('@') {
            Email::parse(raw).map(Login::Email).map_err(relabel)
        } else if raw.trim().is_empty() {
            Err(FieldError::new(
                "login",
                "请填写电子邮箱或手机号",
                "enter an e-mail address or a mobile number",
            ))
        } else if raw.trim().chars().any(|c| c.is_ascii_alphabetic()) {
            Username::parse(raw).map(Login::Username).map_err(|_| {
                FieldError::new(
                    "login",
                    "请填写电子邮箱、11 位中国大陆手机号或用户名",
                    "enter an e-mail address, an 11-digit mainland mobile number or a user name",
                )
            })
        } else {
            Phone::parse(raw).map(Login::Phone).map_err(relabel)
        }
    }

    /// The normalised form, as stored and looked up.
    pub fn as_str(&self) -> &str {
        match self {
            Login::Email(e) => e.as_str(),
            Login::Phone(p) => p.as_str(),
            Login::Username(u) => u.as_str(),
        }
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Fewest characters in a new password.
pub const PASSWORD_MIN: usize = 10;
/// Most characters in a password.
pub const PASSWORD_MAX: usize = 128;

/// A new password that meets the policy. It is never displayed: there is no
/// `Display`, and `Debug` prints `Password(***)`. Passwords typed at sign-in
/// are not parsed with this policy, only compared with the stored hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// At least 10 and at most 128 characters, not only digits, and not the
    /// login itself (compared case-insensitively). Spaces count.
    pub fn parse(raw: &str, login: &Login) -> Result<Self, FieldError> {
        let bad = |zh: &str, en: &str| FieldError::new("password", zh, en);
        let len = raw.chars().count();
        if len < PASSWORD_MIN {
            return Err(bad(
                "密码至少 10 个字符",
                "a password has at least 10 characters",
            ));
        }
        if len > PASSWORD_MAX {
            return Err(bad(
                "密码不能超过 128 个字符",
                "a password has at most 128 characters",
            ));
        }
        if raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(
                "密码不能全是数字",
                "a password must not be only digits",
            ));
        }
        if raw.trim().to_lowercase() == login.as_str().to_lowercase() {
            return Err(bad(
                "密码不能与登录名相同",
                "a password must differ from the login",
            ));
        }
        Ok(Password(raw.to_string()))
    }

    /// The password itself, for hashing; never log or display it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A user's role within one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MembershipRole {
    Member,
    /// May edit the organisation and invite members.
    Manager,
}

impl MembershipRole {
    pub const ALL: [MembershipRole; 2] = [MembershipRole::Member, MembershipRole::Manager];

    pub fn as_str(self) -> &'static str {
        match self {
            MembershipRole::Member => "member",
            MembershipRole::Manager => "manager",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim())
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "membership role",
                value: raw.to_string(),
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            MembershipRole::Member => Text::new("成员", "Member"),
            MembershipRole::Manager => Text::new("管理员", "Manager"),
        }
    }
}

/// A role on the platform as a whole, independent of organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlatformRole {
    /// The municipal IP bureau: reads everything, watches the KPIs.
    IpBureau,
    /// A district officer: statistics and audit of one district.
    DistrictOfficer { district: RegionCode },
    /// Staff of an operation centre: curates its own pools.
    OperationCentreStaff,
    /// An expert or technology broker: values and reviews.
    Expert,
    /// Runs the platform: verifies organisations, manages users.
    Administrator,
}

impl PlatformRole {
    /// The stable name of the role's kind, as stored; a district officer's
    /// district is stored beside it.
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::IpBureau => "ip_bureau",
            PlatformRole::DistrictOfficer { .. } => "district_officer",
            PlatformRole::OperationCentreStaff => "operation_centre_staff",
            PlatformRole::Expert => "expert",
            PlatformRole::Administrator => "administrator",
        }
    }

    /// Rebuilds a role from its stored name and, for a district officer, its
    /// district code.
    pub fn from_parts(kind: &str, district: Option<&str>) -> Result<Self, DomainError> {
        let role = match kind.trim() {
            "ip_bureau" => PlatformRole::IpBureau,
            "district_officer" => {
                let code = district.ok_or_else(|| {
                    DomainError::RegionCode(String::new(), "a district officer needs a district")
                })?;
                PlatformRole::DistrictOfficer {
                    district: RegionCode::parse(code)?,
                }
            }
            "operation_centre_staff" => PlatformRole::OperationCentreStaff,
            "expert" => PlatformRole::Expert,
            "administrator" => PlatformRole::Administrator,
            _ => {
                return Err(DomainError::UnknownCode {
                    kind: "platform role",
                    value: kind.to_string(),
                });
            }
        };
        Ok(role)
    }

    pub fn district(self) -> Option<RegionCode> {
        match self {
            PlatformRole::DistrictOfficer { district } => Some(district),
            _ => None,
        }
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            PlatformRole::IpBureau => Text::new("市知识产权局", "IP bureau"),
            PlatformRole::DistrictOfficer { .. } => Text::new("区级管理员", "District officer"),
            PlatformRole::OperationCentreStaff => {
                Text::new("运营中心工作人员", "Operation centre staff")
            }
            PlatformRole::Expert => Text::new("专家", "Expert"),
            PlatformRole::Administrator => Text::new("平台管理员", "Administrator"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email_err(raw: &str) -> String {
        Email::parse(raw).unwrap_err().message.en().to_string()
    }

    #[test]
    fn an_email_keeps_its_local_part_and_lower_cases_its_domain() {
        let e = Email::parse("  Zhang.San+tto@TJU.Edu.CN ").unwrap();
        assert_eq!(e.as_str(), "Zhang.San+tto@tju.edu.cn");
        assert_eq!(e.domain(), "tju.edu.cn");
    }

    #[test]
    fn malformed_emails_are_rejected_with_a_reason() {
        assert_eq!(email_err(""), "enter an e-mail address");
        assert_eq!(
            email_err("zhang.tju.edu.cn"),
            "an e-mail address needs an @"
        );
        assert_eq!(email_err("a@b@c.cn"), "an e-mail address has exactly one @");
        assert_eq!(
            email_err("zhang san@tju.edu.cn"),
            "an e-mail address contains no spaces"
        );
        assert_eq!(
            email_err("@tju.edu.cn"),
            "the part before the @ must have 1–64 characters"
        );
        for bad_domain in [
            "zhang@localhost",
            "zhang@tju..cn",
            "zhang@-tju.cn",
            "zhang@tju.cn.",
            "zhang@天大.中国",
        ] {
            assert_eq!(
                email_err(bad_domain),
                "the part after the @ must be a domain such as example.com",
                "{bad_domain}"
            );
        }
        for bad_local in [
            "zhang..san@tju.cn",
            ".zhang@tju.cn",
            "zh\"ang@tju.cn",
            "张三@tju.cn",
        ] {
            assert_eq!(
                email_err(bad_local),
                "the part before the @ has a character that is not allowed",
                "{bad_local}"
            );
        }
        let long = format!("{}@tju.edu.cn", "a".repeat(250));
        assert_eq!(
            email_err(&long),
            "an e-mail address has at most 254 characters"
        );
    }

    #[test]
    fn email_errors_name_the_field_in_both_languages() {
        let err = Email::parse("nobody").unwrap_err();
        assert_eq!(err.field, "email");
        assert_eq!(err.message.zh(), "电子邮箱缺少 @");
    }

    #[test]
    fn a_mobile_number_is_normalised_to_eleven_digits() {
        for raw in [
            "13812345678",
            "+86 138 1234 5678",
            "+8613812345678",
            "0086-138-1234-5678",
            "8613812345678",
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "13812345678", "{raw}");
        }
        assert_eq!(Phone::parse("19912345678").unwrap().as_str(), "19912345678");
    }

    #[test]
    fn numbers_that_are_not_mainland_mobiles_are_rejected() {
        for raw in [
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "022-2740-1234",
            "+85261234567",
            "1381234567x",
        ] {
            let err = Phone::parse(raw).unwrap_err();
            assert_eq!(err.field, "phone", "{raw}");
        }
    }

    #[test]
    fn a_login_is_an_email_or_a_phone() {
        assert!(matches!(
            Login::parse("sme1@example.com"),
            Ok(Login::Email(_))
        ));
        assert!(matches!(
            Login::parse("+86 13912345678"),
            Ok(Login::Phone(_))
        ));
        assert_eq!(
            Login::parse("+86 13912345678").unwrap().to_string(),
            "13912345678"
        );
        assert!(matches!(Login::parse("Admin"), Ok(Login::Username(u)) if u.as_str() == "admin"));
        assert!(matches!(
            Login::parse("district-binhai"),
            Ok(Login::Username(_))
        ));
        for raw in ["", "12345", "a@b", "管理员", "1admin", "a b"] {
            assert_eq!(Login::parse(raw).unwrap_err().field, "login", "{raw}");
        }
    }

    #[test]
    fn a_password_meeting_the_policy_is_accepted() {
        let login = Login::parse("sme1@example.com").unwrap();
        let p = Password::parse("correct horse", &login).unwrap();
        assert_eq!(p.expose_secret(), "correct horse");
    }

    #[test]
    fn weak_passwords_are_rejected_with_field_messages() {
        let login = Login::parse("Long.Name@Example.com").unwrap();
        let reason = |raw: &str| Password::parse(raw, &login).unwrap_err();
        assert_eq!(
            reason("short").message.en(),
            "a password has at least 10 characters"
        );
        assert_eq!(
            reason("短密码短密码短密码").message.zh(),
            "密码至少 10 个字符"
        );
        assert_eq!(
            reason(&"x".repeat(129)).message.en(),
            "a password has at most 128 characters"
        );
        assert_eq!(
            reason("12345678901").message.en(),
            "a password must not be only digits"
        );
        assert_eq!(
            reason("long.name@example.com").message.en(),
            "a password must differ from the login"
        );
        assert_eq!(reason("short").field, "password");
        let phone = Login::parse("13812345678").unwrap();
        assert!(Password::parse("13812345678", &phone).is_err());
        assert!(Password::parse(&"x".repeat(128), &login).is_ok());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let login = Login::parse("sme1@example.com").unwrap();
        let p = Password::parse("demo-password", &login).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn credit_code_errors_become_bilingual_field_errors() {
        let err = crate::CreditCode::parse("91120116MA05J2KX8E").unwrap_err();
        let field = FieldError::from_domain("credit_code", &err);
        assert_eq!(field.field, "credit_code");
        assert_eq!(
            field.message.zh(),
            "统一社会信用代码第 18 位校验码错误，应为 A"
        );
        assert_eq!(
            field.message.en(),
            "unified social credit code: wrong check character at position 18: expected A"
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_form() {
        for role in MembershipRole::ALL {
            assert_eq!(MembershipRole::parse(role.as_str()), Ok(role));
        }
        let binhai = RegionCode::parse("120116").unwrap();
        let roles = [
            PlatformRole::IpBureau,
            PlatformRole::DistrictOfficer { district: binhai },
            PlatformRole::OperationCentreStaff,
            PlatformRole::Expert,
            PlatformRole::Administrator,
        ];
        for role in roles {
            let district = role.district().map(|d| d.to_string());
            assert_eq!(
                PlatformRole::from_parts(role.as_str(), district.as_deref()),
                Ok(role)
            );
        }
        assert!(PlatformRole::from_parts("district_officer", None).is_err());
        assert!(PlatformRole::from_parts("root", None).is_err());
    }
}
