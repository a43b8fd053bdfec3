//! Parsing the date spellings that patent sources use.

use chrono::{Datelike, NaiveDate};

use crate::DomainError;

/// Parses `2018-06-19`, `2018-06-19T00:00:00Z`, `20180619`, `2018.06.19`,
/// `21.08.2009` (Patentscope) and `25/04/13` (Lens, day/month/two-digit year).
pub fn parse_date(raw: &str) -> Result<NaiveDate, DomainError> {
    let s = raw.trim();
    let s = s.split('T').next().unwrap_or(s);
    // Two-digit years: 00–49 are 20xx, 50–99 are 19xx.
    if let [d, m, y] = s.split('/').collect::<Vec<_>>()[..]
        && y.len() == 2
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
    {
        let year = if y < 50 { 2000 + y } else { 1900 + y };
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            return Ok(date);
        }
    }
    let formats = [
        "%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%Y",
    ];
    for f in formats {
        if let Ok(d) = NaiveDate::parse_from_str(s, f)
            && d.year() >= 1800
        {
            return Ok(d);
        }
    }
    Err(DomainError::Date(raw.to_string()))
}

/// Like [`parse_date`] but treats empty text and `NA` placeholders as absent.
pub fn parse_optional_date(raw: &str) -> Result<Option<NaiveDate>, DomainError> {
    let s = raw.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("NA") || s == "0" || s == "-" {
        return Ok(None);
    }
    parse_date(s).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_spelling_of_a_date_parses() {
        let want = NaiveDate::from_ymd_opt(2013, 4, 25).unwrap();
        for s in [
            "2013-04-25",
            "20130425",
            "25.04.2013",
            "25/04/13",
            "2013-04-25T00:00:00Z",
        ] {
            assert_eq!(parse_date(s).unwrap(), want, "{s}");
        }
        assert_eq!(parse_optional_date("NA").unwrap(), None);
        assert!(parse_date("2013-13-45").is_err());
    }
}
