//! Money as whole fen (1/100 yuan) in an integer; never floating point.

use std::fmt;

use crate::DomainError;

/// An amount in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(i64);

impl Fen {
    pub const fn new(fen: i64) -> Self {
        Fen(fen)
    }
    pub const fn from_yuan(yuan: i64) -> Self {
        Fen(yuan * 100)
    }
    pub fn value(self) -> i64 {
        self.0
    }

    /// Parses a yuan amount such as `12`, `12.3`, `12.34`, `1,200.50`, `¥80`.
    pub fn parse_yuan(raw: &str) -> Result<Self, DomainError> {
        let err = |why| DomainError::Money(raw.to_string(), why);
        let s: String = raw
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("must be a number of yuan, e.g. 1200.50"));
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("at most two decimal places (fen)"));
        }
        let whole: i64 = whole.parse().map_err(|_| err("too large"))?;
        let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let fen = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .ok_or_else(|| err("too large"))?;
        Ok(Fen(if negative { -fen } else { fen }))
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_strings_become_exact_fen() {
        assert_eq!(Fen::parse_yuan("12").unwrap().value(), 1200);
        assert_eq!(Fen::parse_yuan("12.3").unwrap().value(), 1230);
        assert_eq!(Fen::parse_yuan("¥1,200.05").unwrap().value(), 120005);
        assert_eq!(
            Fen::parse_yuan("20000000元").unwrap(),
            Fen::from_yuan(20_000_000)
        );
        assert!(Fen::parse_yuan("1.234").is_err());
        assert!(Fen::parse_yuan("abc").is_err());
        assert_eq!(Fen::new(120005).to_string(), "¥1200.05");
    }
}
