//! The unified social credit code (统一社会信用代码, GB 32100-2015) that
//! identifies every registered organisation, with both of its check characters.
//!
//! Layout of the 18 characters (positions counted from 1):
//!
//! | positions | meaning |
//! |---|---|
//! | 1 | registration authority (登记管理部门代码), e.g. `9` market regulation |
//! | 2 | organisation category within that authority, e.g. `1` enterprise |
//! | 3–8 | GB/T 2260 division of the registering office (`100000` = national level) |
//! | 9–17 | organisation code (主体标识码, GB 11714), with its own check character at 17 |
//! | 18 | check character over positions 1–17 |
//!
//! Both check rules were confirmed against published codes of real
//! organisations; see the tests.

use std::fmt;

use crate::region::PROVINCES;
use crate::{DomainError, RegionCode, Text};

/// The 31 characters a credit code may contain, in value order: digits and
/// capitals without I, O, S, V and Z.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 for the check character (3^(i−1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the eight body characters of a GB 11714 organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The division code used by organisations registered at national level.
const NATIONAL_DIVISION: &str = "100000";

/// What is wrong with a rejected credit code; positions count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeProblem {
    #[error("must be {expected} characters, got {got}")]
    Length { expected: usize, got: usize },
    #[error(
        "character {character:?} at position {position} is not allowed (digits and capitals except I, O, S, V, Z)"
    )]
    ForbiddenCharacter { position: usize, character: char },
    #[error("position 1 {0:?} is not a registration authority code")]
    RegistrationAuthority(char),
    #[error("position 2 {0:?} is not an organisation category (a digit 1–9)")]
    Category(char),
    #[error("positions 3–8 {0:?} are not an administrative division code")]
    Region(String),
    #[error("wrong organisation code check character at position 17: expected {expected}")]
    OrganisationCheck { expected: char },
    #[error("wrong check character at position 18: expected {expected}")]
    CheckCharacter { expected: char },
}

impl CreditCodeProblem {
    /// The problem in both languages, for a form field.
    pub fn message(&self) -> Text {
        Text::owned(self.message_zh(), self.to_string())
    }

    fn message_zh(&self) -> String {
        match self {
            CreditCodeProblem::Length { expected, got } => {
                format!("应为 {expected} 位，实际为 {got} 位")
            }
            CreditCodeProblem::ForbiddenCharacter {
                position,
                character,
            } => format!(
                "第 {position} 位的字符“{character}”不允许（只能是数字和除 I、O、S、V、Z 以外的大写字母）"
            ),
            CreditCodeProblem::RegistrationAuthority(c) => {
                format!("第 1 位“{c}”不是登记管理部门代码")
            }
            CreditCodeProblem::Category(c) => format!("第 2 位“{c}”不是机构类别代码（1–9）"),
            CreditCodeProblem::Region(r) => format!("第 3–8 位“{r}”不是行政区划代码"),
            CreditCodeProblem::OrganisationCheck { expected } => {
                format!("第 17 位组织机构代码校验码错误，应为 {expected}")
            }
            CreditCodeProblem::CheckCharacter { expected } => {
                format!("第 18 位校验码错误，应为 {expected}")
            }
        }
    }
}

/// The department that registered the organisation (position 1), per
/// GB 32100-2015 Annex A and its later additions (A, N).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistrationAuthority {
    /// 1 机构编制: government bodies and public institutions (事业单位).
    Establishment,
    /// 2 外交.
    ForeignAffairs,
    /// 3 司法行政: law firms, notaries and the like.
    Justice,
    /// 4 文化.
    Culture,
    /// 5 民政: social organisations, foundations, private non-enterprise units.
    CivilAffairs,
    /// 6 旅游.
    Tourism,
    /// 7 宗教.
    Religion,
    /// 8 工会.
    TradeUnion,
    /// 9 工商 (market regulation): enterprises, individual businesses, co-operatives.
    MarketRegulation,
    /// A 中央军委改革和编制办公室.
    Military,
    /// N 农业: rural collective economic organisations.
    Agriculture,
    /// Y 其他.
    Other,
}

impl RegistrationAuthority {
    pub const ALL: [RegistrationAuthority; 12] = [
        RegistrationAuthority::Establishment,
        RegistrationAuthority::ForeignAffairs,
        RegistrationAuthority::Justice,
        RegistrationAuthority::Culture,
        RegistrationAuthority::CivilAffairs,
        RegistrationAuthority::Tourism,
        RegistrationAuthority::Religion,
        RegistrationAuthority::TradeUnion,
        RegistrationAuthority::MarketRegulation,
        RegistrationAuthority::Military,
        RegistrationAuthority::Agriculture,
        RegistrationAuthority::Other,
    ];

    /// The character at position 1.
    pub fn code(self) -> char {
        match self {
            RegistrationAuthority::Establishment => '1',
            RegistrationAuthority::ForeignAffairs => '2',
            RegistrationAuthority::Justice => '3',
            RegistrationAuthority::Culture => '4',
            RegistrationAuthority::CivilAffairs => '5',
            RegistrationAuthority::Tourism => '6',
            RegistrationAuthority::Religion => '7',
            RegistrationAuthority::TradeUnion => '8',
            RegistrationAuthority::MarketRegulation => '9',
            RegistrationAuthority::Military => 'A',
            RegistrationAuthority::Agriculture => 'N',
            RegistrationAuthority::Other => 'Y',
        }
    }

    pub fn from_code(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == c)
    }

    /// The registration authority the code's first character names.
    pub fn label(self) -> Text {
        match self {
            RegistrationAuthority::Establishment => {
                Text::new("机构编制", "institutional establishment")
            }
            RegistrationAuthority::ForeignAffairs => Text::new("外交", "foreign affairs"),
            RegistrationAuthority::Justice => Text::new("司法行政", "judicial administration"),
            RegistrationAuthority::Culture => Text::new("文化", "culture"),
            RegistrationAuthority::CivilAffairs => Text::new("民政", "civil affairs"),
            RegistrationAuthority::Tourism => Text::new("旅游", "tourism"),
            RegistrationAuthority::Religion => Text::new("宗教", "religious affairs"),
            RegistrationAuthority::TradeUnion => Text::new("工会", "trade unions"),
            RegistrationAuthority::MarketRegulation => {
                Text::new("工商（市场监管）", "market regulation")
            }
            RegistrationAuthority::Military => Text::new(
                "中央军委改革和编制办公室",
                "Central Military Commission reform and establishment office",
            ),
            RegistrationAuthority::Agriculture => Text::new("农业", "agriculture"),
            RegistrationAuthority::Other => Text::new("其他", "other"),
        }
    }
}

/// A valid 18-character unified social credit code, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code; surrounding whitespace is ignored and lower case is
    /// accepted. Every rule of GB 32100 and GB 11714 is checked.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code = raw.trim().to_ascii_uppercase();
        check_body(&code, 18)?;
        let values = values(&code);
        let expected = check_character(&values[..17]);
        if code.as_bytes()[17] != expected as u8 {
            return Err(problem(
                &code,
                CreditCodeProblem::CheckCharacter { expected },
            ));
        }
        Ok(CreditCode(code))
    }

    /// Completes the first 17 characters with the check character that
    /// makes them a valid code (the organisation code at 9–17 must already
    /// carry its own check character).
    pub fn with_check_character(first17: &str) -> Result<Self, DomainError> {
        let body = first17.trim().to_ascii_uppercase();
        check_body(&body, 17)?;
        let check = check_character(&values(&body));
        Self::parse(&format!("{body}{check}"))
    }

    /// Builds a valid code from its parts, computing both check characters:
    /// the registration authority and category (`91` for a company, `12` for a
    /// public institution), the six-digit division code, and the first eight
    /// characters of the organisation code.
    pub fn from_parts(
        prefix: &str,
        division: &str,
        organisation_body: &str,
    ) -> Result<Self, DomainError> {
        let body = organisation_body.trim().to_ascii_uppercase();
        let organisation = format!("{body}{}", organisation_check(&body));
        Self::with_check_character(&format!(
            "{}{}{organisation}",
            prefix.trim(),
            division.trim()
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Who registered the organisation (position 1).
    pub fn registration_authority(&self) -> RegistrationAuthority {
        RegistrationAuthority::from_code(self.0.as_bytes()[0] as char).expect("checked when parsed")
    }

    /// The organisation category within the authority (position 2), e.g.
    /// `1` enterprise and `2` individual business under market regulation.
    pub fn category(&self) -> char {
        self.0.as_bytes()[1] as char
    }

    /// Positions 3–8 as written: the registering office's division code.
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// The division of the registering office as a region code; `None` for a
    /// national-level registration (`100000`) or a division the platform's
    /// [`RegionCode`] does not accept (such as a retired county code).
    pub fn region_code(&self) -> Option<RegionCode> {
        RegionCode::parse(self.division_code()).ok()
    }

    /// The nine-character organisation code (positions 9–17).
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }

    /// Whether the code belongs to an enterprise registered by market
    /// regulation (`91…`).
    pub fn is_enterprise(&self) -> bool {
        self.0.starts_with("91")
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn problem(code: &str, problem: CreditCodeProblem) -> DomainError {
    DomainError::CreditCode {
        code: code.to_string(),
        problem,
    }
}

/// Checks everything but the final check character of a code of `len`
/// characters (17 or 18).
fn check_body(code: &str, len: usize) -> Result<(), DomainError> {
    let got = code.chars().count();
    if got != len {
        return Err(problem(
            code,
            CreditCodeProblem::Length { expected: len, got },
        ));
    }
    if let Some((i, c)) = code
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii() || !ALPHABET.contains(&(*c as u8)))
    {
        return Err(problem(
            code,
            CreditCodeProblem::ForbiddenCharacter {
                position: i + 1,
                character: c,
            },
        ));
    }
    let b = code.as_bytes();
    if RegistrationAuthority::from_code(b[0] as char).is_none() {
        return Err(problem(
            code,
            CreditCodeProblem::RegistrationAuthority(b[0] as char),
        ));
    }
    if !(b'1'..=b'9').contains(&b[1]) {
        return Err(problem(code, CreditCodeProblem::Category(b[1] as char)));
    }
    let division = &code[2..8];
    if !plausible_division(division) {
        return Err(problem(
            code,
            CreditCodeProblem::Region(division.to_string()),
        ));
    }
    let expected = organisation_check(&code[8..16]);
    if b[16] != expected as u8 {
        return Err(problem(
            code,
            CreditCodeProblem::OrganisationCheck { expected },
        ));
    }
    Ok(())
}

/// Six digits naming a known province, or the national level.
fn plausible_division(division: &str) -> bool {
    if division.len() != 6 || !division.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if division == NATIONAL_DIVISION {
        return true;
    }
    let code: u32 = division.parse().unwrap_or(0);
    PROVINCES.iter().any(|(p, _)| *p == code / 10000 * 10000)
}

/// Values of the characters of an already charset-checked code.
fn values(code: &str) -> Vec<u32> {
    code.bytes()
        .map(|b| ALPHABET.iter().position(|a| *a == b).unwrap_or(0) as u32)
        .collect()
}

/// GB 32100: C18 = 31 − (Σ Ci·Wi mod 31), where 31 is written `0`.
fn check_character(first17: &[u32]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    ALPHABET[((31 - sum % 31) % 31) as usize] as char
}

/// GB 11714: C9 = 11 − (Σ Ci·Wi mod 11), where 10 is written `X` and 11 `0`;
/// letters count A = 10 … Z = 35.
fn organisation_check(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .zip(ORG_WEIGHTS)
        .map(|(c, w)| c.to_digit(36).unwrap_or(0) * w)
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_of(raw: &str) -> CreditCodeProblem {
        match CreditCode::parse(raw) {
            Err(DomainError::CreditCode { problem, .. }) => problem,
            other => panic!("expected a credit code problem for {raw}, got {other:?}"),
        }
    }

    /// Codes published by real organisations; each passes both check rules,
    /// which is what confirms the implementation of the rules.
    const PUBLISHED: &[&str] = &[
        "91350100M000100Y43",
        "914403001922038216",
        "9144030071526726XG",
        "91330100716105852F",
        "91110000802100433B",
        "91110108551385082Q",
        "12100000401359321Q",
    ];

    #[test]
    fn published_codes_of_real_organisations_parse() {
        for raw in PUBLISHED {
            let code = CreditCode::parse(raw).unwrap();
            assert_eq!(code.as_str(), *raw);
        }
    }

    #[test]
    fn changing_any_single_character_of_a_valid_code_is_detected() {
        for raw in PUBLISHED {
            for pos in 0..18 {
                for &c in ALPHABET.iter() {
                    let mut bytes = raw.as_bytes().to_vec();
                    if bytes[pos] == c {
                        continue;
                    }
                    bytes[pos] = c;
                    let mutated = String::from_utf8(bytes).unwrap();
                    assert!(CreditCode::parse(&mutated).is_err(), "{mutated}");
                }
            }
        }
    }

    #[test]
    fn lower_case_and_surrounding_spaces_are_accepted() {
        let code = CreditCode::parse("  9144030071526726xg ").unwrap();
        assert_eq!(code.to_string(), "9144030071526726XG");
    }

    #[test]
    fn the_parts_of_a_code_are_exposed() {
        let code = CreditCode::parse("91350100M000100Y43").unwrap();
        assert_eq!(
            code.registration_authority(),
            RegistrationAuthority::MarketRegulation
        );
        assert_eq!(code.category(), '1');
        assert!(code.is_enterprise());
        assert_eq!(code.division_code(), "350100");
        assert_eq!(code.region_code().unwrap().to_string(), "350100");
        assert_eq!(code.organisation_code(), "M000100Y4");
    }

    #[test]
    fn a_national_level_registration_has_no_region_code() {
        let code = CreditCode::parse("12100000401359321Q").unwrap();
        assert_eq!(
            code.registration_authority(),
            RegistrationAuthority::Establishment
        );
        assert!(!code.is_enterprise());
        assert_eq!(code.division_code(), "100000");
        assert_eq!(code.region_code(), None);
    }

    #[test]
    fn from_parts_computes_both_check_characters() {
        let code = CreditCode::from_parts("91", "120116", "MA05J2KX").unwrap();
        assert_eq!(code.as_str(), "91120116MA05J2KX8A");
        assert!(CreditCode::parse(code.as_str()).is_ok());
        assert!(CreditCode::from_parts("91", "990000", "MA05J2KX").is_err());
    }

    #[test]
    fn with_check_character_completes_a_tianjin_code() {
        // MA05J2KX8 carries a correct GB 11714 check character (8).
        let code = CreditCode::with_check_character("91120116MA05J2KX8").unwrap();
        assert_eq!(code.as_str(), "91120116MA05J2KX8A");
        assert_eq!(
            code.region_code().unwrap().name(),
            Some(crate::Text::new("滨海新区", "Binhai New Area"))
        );
        for raw in PUBLISHED {
            assert_eq!(
                CreditCode::with_check_character(&raw[..17])
                    .unwrap()
                    .as_str(),
                *raw
            );
        }
    }

    #[test]
    fn with_check_character_rejects_a_wrong_organisation_check() {
        assert_eq!(
            CreditCode::with_check_character("91120116MA05J2KX7"),
            Err(DomainError::CreditCode {
                code: "91120116MA05J2KX7".into(),
                problem: CreditCodeProblem::OrganisationCheck { expected: '8' },
            })
        );
        assert!(matches!(
            CreditCode::with_check_character("91120116MA05J2KX8A"),
            Err(DomainError::CreditCode {
                problem: CreditCodeProblem::Length {
                    expected: 17,
                    got: 18
                },
                ..
            })
        ));
    }

    #[test]
    fn a_wrong_check_character_names_the_expected_one() {
        assert_eq!(
            problem_of("91120116MA05J2KX8E"),
            CreditCodeProblem::CheckCharacter { expected: 'A' }
        );
        let err = CreditCode::parse("91120116MA05J2KX8E").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid unified social credit code \"91120116MA05J2KX8E\": wrong check character at position 18: expected A"
        );
    }

    #[test]
    fn a_code_of_the_wrong_length_is_rejected() {
        assert_eq!(
            problem_of("9135010M000100Y43"),
            CreditCodeProblem::Length {
                expected: 18,
                got: 17
            }
        );
        assert_eq!(
            problem_of(""),
            CreditCodeProblem::Length {
                expected: 18,
                got: 0
            }
        );
    }

    #[test]
    fn forbidden_characters_are_reported_with_their_position() {
        assert_eq!(
            problem_of("91350100M0001O0Y43"),
            CreditCodeProblem::ForbiddenCharacter {
                position: 14,
                character: 'O'
            }
        );
        assert_eq!(
            problem_of("91350100M000100Y4-"),
            CreditCodeProblem::ForbiddenCharacter {
                position: 18,
                character: '-'
            }
        );
        assert_eq!(
            problem_of("9135010０M000100Y43"),
            CreditCodeProblem::ForbiddenCharacter {
                position: 8,
                character: '０'
            }
        );
    }

    #[test]
    fn position_one_and_two_must_be_known_codes() {
        assert_eq!(
            problem_of("B1350100M000100Y43"),
            CreditCodeProblem::RegistrationAuthority('B')
        );
        assert_eq!(
            problem_of("90350100M000100Y43"),
            CreditCodeProblem::Category('0')
        );
    }

    #[test]
    fn positions_three_to_eight_must_name_a_province() {
        assert_eq!(
            problem_of("91990100M000100Y43"),
            CreditCodeProblem::Region("990100".into())
        );
        assert_eq!(
            problem_of("913501A0M000100Y43"),
            CreditCodeProblem::Region("3501A0".into())
        );
    }

    #[test]
    fn a_wrong_organisation_check_character_is_reported() {
        assert_eq!(
            problem_of("91350100M000100Y53"),
            CreditCodeProblem::OrganisationCheck { expected: '4' }
        );
    }

    #[test]
    fn problems_have_chinese_messages() {
        assert_eq!(
            CreditCodeProblem::CheckCharacter { expected: 'A' }
                .message()
                .zh(),
            "第 18 位校验码错误，应为 A"
        );
    }

    #[test]
    fn organisation_check_maps_ten_to_x_and_eleven_to_zero() {
        assert_eq!(organisation_check("71526726"), 'X');
        // 11 − 0 = 11 is written 0.
        assert_eq!(organisation_check("00000000"), '0');
    }
}
