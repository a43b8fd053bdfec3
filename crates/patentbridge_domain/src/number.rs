//! Patent publication numbers in one normalised form.
//!
//! Sources spell the same number many ways (`CN 115525164 A`, `US 2013/0101709 A1`,
//! `WO 99/12345`, a bare PatentsView id); the catalogue keys every record by the
//! normalised form `CC` + serial + kind code (`CN115525164A`, `US20130101709A1`).

use std::fmt;

use crate::{DomainError, Text};

/// A two-letter office code (ST.3): CN, US, EP, WO, JP, …
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jurisdiction(String);

impl Jurisdiction {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(DomainError::UnknownCode {
                kind: "jurisdiction",
                value: raw.to_string(),
            })
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The name of the office, for the offices the platform shows most.
    pub fn name(&self) -> Option<Text> {
        Some(match self.0.as_str() {
            "CN" => Text::new("中国", "China"),
            "US" => Text::new("美国", "United States"),
            "EP" => Text::new("欧洲专利局", "European Patent Office"),
            "WO" => Text::new("世界知识产权组织", "WIPO (PCT)"),
            "JP" => Text::new("日本", "Japan"),
            "KR" => Text::new("韩国", "Korea"),
            "DE" => Text::new("德国", "Germany"),
            "GB" => Text::new("英国", "United Kingdom"),
            "FR" => Text::new("法国", "France"),
            "AU" => Text::new("澳大利亚", "Australia"),
            "CA" => Text::new("加拿大", "Canada"),
            "TW" => Text::new("中国台湾", "Taiwan, China"),
            _ => return None,
        })
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A normalised patent publication number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatentNumber {
    jurisdiction: Jurisdiction,
    serial: String,
    kind: Option<String>,
}

impl PatentNumber {
    /// Parses any common spelling of a publication number.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let err = |why| DomainError::PatentNumber(raw.to_string(), why);
        let upper = raw.trim().to_ascii_uppercase();
        if upper.len() < 4 {
            return Err(err("too short"));
        }
        let cc: String = upper.chars().take(2).collect();
        if !cc.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(
                "must start with a two-letter office code such as CN, US, EP or WO",
            ));
        }
        let rest = upper[2..].trim_start();
        // WO numbers written with a two-digit year (WO 99/12345) expand to the
        // four-digit-year, six-digit-serial form used since 2004.
        let rest = if cc == "WO" && rest.contains('/') {
            expand_wo(rest).ok_or_else(|| err("WO number must look like WO 2019/123456 A1"))?
        } else {
            rest.to_string()
        };
        let compact: String = rest
            .chars()
            .filter(|c| !matches!(c, ' ' | ',' | '/' | '-' | '\u{a0}' | '\t'))
            .collect();
        if compact.is_empty() {
            return Err(err("has no serial number"));
        }
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(err(
                "may contain only letters and digits after the office code",
            ));
        }
        let (serial, kind) = split_kind(&compact);
        if !serial.bytes().any(|b| b.is_ascii_digit()) {
            return Err(err("serial number has no digits"));
        }
        if serial.len() > 20 {
            return Err(err("serial number is too long"));
        }
        Ok(Self {
            jurisdiction: Jurisdiction(cc),
            serial: serial.to_string(),
            kind: kind.map(str::to_string),
        })
    }

    /// Builds a number from parts that a source gives separately.
    pub fn from_parts(
        jurisdiction: &str,
        serial: &str,
        kind: Option<&str>,
    ) -> Result<Self, DomainError> {
        let joined = format!("{jurisdiction}{serial}{}", kind.unwrap_or(""));
        Self::parse(&joined)
    }

    pub fn jurisdiction(&self) -> &Jurisdiction {
        &self.jurisdiction
    }
    pub fn serial(&self) -> &str {
        &self.serial
    }
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    /// The number without its kind code, for look-ups that ignore it.
    pub fn without_kind(&self) -> String {
        format!("{}{}", self.jurisdiction, self.serial)
    }
}

impl fmt::Display for PatentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.jurisdiction,
            self.serial,
            self.kind.as_deref().unwrap_or("")
        )
    }
}

/// Splits a trailing kind code (a letter and an optional digit after a digit).
fn split_kind(compact: &str) -> (&str, Option<&str>) {
    let bytes = compact.as_bytes();
    let n = bytes.len();
    if n >= 3
        && bytes[n - 1].is_ascii_digit()
        && bytes[n - 2].is_ascii_uppercase()
        && bytes[n - 3].is_ascii_digit()
    {
        return (&compact[..n - 2], Some(&compact[n - 2..]));
    }
    if n >= 2 && bytes[n - 1].is_ascii_uppercase() && bytes[n - 2].is_ascii_digit() {
        return (&compact[..n - 1], Some(&compact[n - 1..]));
    }
    (compact, None)
}

fn expand_wo(rest: &str) -> Option<String> {
    // Patentscope writes WO/2019/123456.
    let rest = rest.trim_start_matches('/');
    let (year, tail) = rest.split_once('/')?;
    let year = year.trim();
    let tail = tail.trim();
    let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
    let kind = tail[digits.len()..].trim();
    let year = match year.len() {
        4 => year.to_string(),
        2 => {
            let y: u32 = year.parse().ok()?;
            format!("{}", if y < 50 { 2000 + y } else { 1900 + y })
        }
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    Some(format!("{year}{digits:0>6}{kind}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> String {
        PatentNumber::parse(raw).unwrap().to_string()
    }

    #[test]
    fn chinese_numbers_with_and_without_spaces_normalise_alike() {
        assert_eq!(norm("CN115525164A"), "CN115525164A");
        assert_eq!(norm("cn 115525164 a"), "CN115525164A");
        assert_eq!(
            PatentNumber::parse("CN115525164A").unwrap().kind(),
            Some("A")
        );
    }

    #[test]
    fn us_numbers_drop_slashes_and_commas() {
        assert_eq!(norm("US 2013/0101709 A1"), "US20130101709A1");
        assert_eq!(norm("US 8,123,456 B2"), "US8123456B2");
        assert_eq!(norm("US20090208610"), "US20090208610");
        assert_eq!(norm("USD654321S"), "USD654321S");
    }

    #[test]
    fn wo_numbers_with_two_digit_years_expand() {
        assert_eq!(norm("WO 99/12345 A1"), "WO1999012345A1");
        assert_eq!(norm("WO 2019/123456 A1"), "WO2019123456A1");
        assert_eq!(norm("WO/2019/123456"), "WO2019123456");
    }

    #[test]
    fn ep_numbers_keep_their_kind_code() {
        let n = PatentNumber::parse("EP 1 234 567 B1").unwrap();
        assert_eq!(n.to_string(), "EP1234567B1");
        assert_eq!(n.without_kind(), "EP1234567");
    }

    #[test]
    fn garbage_is_rejected_with_a_reason() {
        assert!(PatentNumber::parse("12345").is_err());
        assert!(PatentNumber::parse("CN").is_err());
        assert!(PatentNumber::parse("CN中文").is_err());
        assert!(PatentNumber::parse("CNABC").is_err());
    }
}
