//! The mall's query parameters (`q`, `mode`, `price_model`, `price`,
//! `industry`, `ipc`, `owner`, `district`, `trl`, `page`), shared by the mall
//! page and `GET /api/v1/listings`, parsed into a storage query.

use patentbridge_domain::listing::{Industry, ListingMode, ListingState, PriceModelKind};
use patentbridge_storage::{ListingQuery, PRICE_BANDS};

use patentbridge_app::Error;
use patentbridge_domain::text;

use crate::search_params::encode;

/// Listings per mall page.
pub const PER_PAGE: i64 = 20;

/// The parsed parameters, kept as typed for links and forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MallParams {
    pub q: String,
    pub mode: Option<ListingMode>,
    pub price_model: Option<PriceModelKind>,
    pub price: Option<String>,
    pub industry: Option<Industry>,
    pub ipc: Option<String>,
    pub owner: Option<i64>,
    pub district: Option<String>,
    pub trl: Option<u8>,
    pub page: i64,
}

fn bad(name: &str, value: &str, expected: &str) -> Error {
    Error::BadInput(text!(
        "参数 {name}=“{value}”无效：可选 {expected}",
        "parameter {name}={value:?} is not valid: expected {expected}"
    ))
}

impl MallParams {
    /// Parses the query pairs; an unknown value is 400 naming the parameter.
    pub fn parse(pairs: &[(String, String)]) -> Result<MallParams, Error> {
        let mut p = MallParams {
            page: 1,
            ..MallParams::default()
        };
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "q" => p.q = v.chars().take(200).collect(),
                "mode" => {
                    p.mode = Some(ListingMode::parse(v).map_err(|_| {
                        bad(k, v, "transfer, exclusive_licence, sole_licence, ordinary_licence, open_licence or equity")
                    })?)
                }
                "price_model" => {
                    p.price_model = Some(PriceModelKind::parse(v).map_err(|_| {
                        bad(k, v, "fixed, negotiable, zero_price_first or use_first_pay_later")
                    })?)
                }
                "price" => {
                    if !PRICE_BANDS.iter().any(|(b, _, _)| *b == v) {
                        let bands: Vec<&str> = PRICE_BANDS.iter().map(|(b, _, _)| *b).collect();
                        return Err(bad(k, v, &bands.join(", ")));
                    }
                    p.price = Some(v.to_string());
                }
                "industry" => {
                    p.industry = Some(
                        Industry::parse(v).map_err(|_| bad(k, v, "an industry code, e.g. new_materials"))?,
                    )
                }
                "ipc" => {
                    let ok = v.len() <= 4 && v.chars().all(|c| c.is_ascii_alphanumeric());
                    if !ok {
                        return Err(bad(k, v, "an IPC section or class, e.g. G or G01L"));
                    }
                    p.ipc = Some(v.to_ascii_uppercase());
                }
                "owner" => p.owner = Some(v.parse().map_err(|_| bad(k, v, "an organisation id"))?),
                "district" => {
                    let ok = v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit());
                    if !ok {
                        return Err(bad(k, v, "a six-digit region code, e.g. 120116"));
                    }
                    p.district = Some(v.to_string());
                }
                "trl" => {
                    p.trl = Some(
                        v.parse::<u8>()
                            .ok()
                            .filter(|t| (1..=9).contains(t))
                            .ok_or_else(|| bad(k, v, "a readiness level 1 to 9"))?,
                    )
                }
                "page" => {
                    p.page = v
                        .parse::<i64>()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| bad(k, v, "a page number 1 to 1000"))?
                }
                _ => {}
            }
        }
        Ok(p)
    }

    /// The storage query for published listings.
    pub fn to_query(&self) -> ListingQuery {
        ListingQuery {
            words: patentbridge_search::query_words(&self.q),
            states: vec![ListingState::Published],
            mode: self.mode,
            price_model: self.price_model,
            price_band: self.price.clone(),
            industry: self.industry,
            ipc: self.ipc.clone(),
            owner: self.owner,
            district: self.district.clone(),
            trl: self.trl,
            ids: None,
            limit: PER_PAGE,
            offset: (self.page - 1) * PER_PAGE,
        }
    }

    /// The parameters as `(name, value)` pairs, page left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(m) = self.mode {
            out.push(("mode", m.as_str().to_string()));
        }
        if let Some(m) = self.price_model {
            out.push(("price_model", m.as_str().to_string()));
        }
        if let Some(b) = &self.price {
            out.push(("price", b.clone()));
        }
        if let Some(i) = self.industry {
            out.push(("industry", i.as_str().to_string()));
        }
        if let Some(i) = &self.ipc {
            out.push(("ipc", i.clone()));
        }
        if let Some(o) = self.owner {
            out.push(("owner", o.to_string()));
        }
        if let Some(d) = &self.district {
            out.push(("district", d.clone()));
        }
        if let Some(t) = self.trl {
            out.push(("trl", t.to_string()));
        }
        out
    }

    /// A `/mall` link with `name` set to `value` (or removed when `None`),
    /// back on page 1.
    pub fn href_with(&self, name: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .pairs()
            .into_iter()
            .filter(|(k, _)| *k != name)
            .collect();
        if let Some(v) = value {
            pairs.push((name, v.to_string()));
        }
        link(&pairs)
    }

    /// A `/mall` link to another page of the same results.
    pub fn href_page(&self, page: i64) -> String {
        let mut pairs = self.pairs();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        link(&pairs)
    }
}

fn link(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return "/mall".to_string();
    }
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("/mall?{}", q.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn mall_parameters_parse_and_link_back() {
        let p = MallParams::parse(&pairs(&[
            ("q", "压力 传感器"),
            ("mode", "open_licence"),
            ("trl", "6"),
            ("page", "2"),
        ]))
        .unwrap();
        assert_eq!(p.mode, Some(ListingMode::OpenLicence));
        assert_eq!(p.to_query().offset, PER_PAGE);
        assert!(p.to_query().words.contains(&"压力".to_string()));
        let without_mode = p.href_with("mode", None);
        assert!(!without_mode.contains("mode="), "{without_mode}");
        assert!(without_mode.contains("trl=6") && !without_mode.contains("page="));
    }

    #[test]
    fn a_bad_mall_parameter_is_named() {
        for (k, v) in [
            ("mode", "rent"),
            ("trl", "10"),
            ("price", "cheap"),
            ("district", "12"),
        ] {
            let e = MallParams::parse(&pairs(&[(k, v)])).unwrap_err();
            assert!(e.to_string().contains(k), "{e}");
        }
    }
}
