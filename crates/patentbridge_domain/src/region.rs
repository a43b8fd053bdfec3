//! GB/T 2260 administrative division codes, and deriving one from an address.

use std::fmt;

use crate::tianjin::DISTRICTS;
use crate::{DomainError, Text};

/// A six-digit GB/T 2260 code (province, prefecture or county level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(u32);

/// Provincial-level divisions: code and the name as written in addresses.
pub const PROVINCES: &[(u32, &str)] = &[
    (110000, "北京"),
    (120000, "天津"),
    (130000, "河北"),
    (140000, "山西"),
    (150000, "内蒙古"),
    (210000, "辽宁"),
    (220000, "吉林"),
    (230000, "黑龙江"),
    (310000, "上海"),
    (320000, "江苏"),
    (330000, "浙江"),
    (340000, "安徽"),
    (350000, "福建"),
    (360000, "江西"),
    (370000, "山东"),
    (410000, "河南"),
    (420000, "湖北"),
    (430000, "湖南"),
    (440000, "广东"),
    (450000, "广西"),
    (460000, "海南"),
    (500000, "重庆"),
    (510000, "四川"),
    (520000, "贵州"),
    (530000, "云南"),
    (540000, "西藏"),
    (610000, "陕西"),
    (620000, "甘肃"),
    (630000, "青海"),
    (640000, "宁夏"),
    (650000, "新疆"),
    (710000, "台湾"),
    (810000, "香港"),
    (820000, "澳门"),
];

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let err = |why| DomainError::RegionCode(raw.to_string(), why);
        let s = raw.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("must be six digits, e.g. 120116"));
        }
        let code: u32 = s.parse().map_err(|_| err("must be six digits"))?;
        let province = code / 10000 * 10000;
        if !PROVINCES.iter().any(|(p, _)| *p == province) {
            return Err(err("the first two digits name no province"));
        }
        if province == 120000 && code != 120000 && !DISTRICTS.iter().any(|d| d.code == code) {
            return Err(err("not one of Tianjin's 16 districts (120101–120119)"));
        }
        Ok(Self(code))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// The provincial-level code this code lies in.
    pub fn province(self) -> RegionCode {
        RegionCode(self.0 / 10000 * 10000)
    }

    /// The name where the platform knows it (Tianjin's districts and all
    /// provinces; a province has one name in both languages).
    pub fn name(self) -> Option<Text> {
        if let Some(d) = DISTRICTS.iter().find(|d| d.code == self.0) {
            return Some(d.name());
        }
        if self.0 == 120000 {
            return Some(Text::new("天津市", "Tianjin"));
        }
        PROVINCES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map(|(_, n)| Text::new(n, n))
    }

    /// Derives the most precise code an address supports: a Tianjin district
    /// when one is named, otherwise the province.
    pub fn from_address(address: &str) -> Option<RegionCode> {
        let addr = address.trim();
        if addr.is_empty() {
            return None;
        }
        for d in DISTRICTS {
            if addr.contains(d.name_zh) || (addr.contains("天津") && addr.contains(d.short_zh)) {
                return Some(RegionCode(d.code));
            }
        }
        PROVINCES
            .iter()
            .filter(|(_, name)| {
                addr.starts_with(name)
                    || addr.contains(&format!("{name}省"))
                    || addr.contains(&format!("{name}市"))
            })
            .map(|(code, _)| RegionCode(*code))
            .next()
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tianjin_district_codes_parse_and_others_in_tianjin_do_not() {
        assert_eq!(
            RegionCode::parse("120116").unwrap().name(),
            Some(Text::new("滨海新区", "Binhai New Area"))
        );
        assert!(RegionCode::parse("120107").is_err());
        assert!(RegionCode::parse("990000").is_err());
        assert!(RegionCode::parse("12011").is_err());
    }

    #[test]
    fn an_address_naming_a_tianjin_district_gets_the_district_code() {
        let r = RegionCode::from_address("天津市南开区卫津路92号").unwrap();
        assert_eq!(r.to_string(), "120104");
        let r = RegionCode::from_address("天津市滨海新区塘沽").unwrap();
        assert_eq!(r.to_string(), "120116");
    }

    #[test]
    fn an_address_elsewhere_gets_its_province() {
        assert_eq!(
            RegionCode::from_address("河南省郑州市金水区")
                .unwrap()
                .to_string(),
            "410000"
        );
        assert_eq!(
            RegionCode::from_address("北京市海淀区")
                .unwrap()
                .to_string(),
            "110000"
        );
        assert_eq!(RegionCode::from_address(""), None);
    }
}
