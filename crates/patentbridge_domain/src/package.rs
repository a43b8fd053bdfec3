//! Packages (专利包): published listings an operation centre or a source's
//! office bundles around a theme, sold at one bundle price or at a price per
//! item; the package's states; and parsing the curator's form into a
//! [`PackageSpec`] with bilingual field errors.

use crate::identity::FieldError;
use crate::listing::Industry;
use crate::{DomainError, Fen, Text};

/// How a package is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackagePricing {
    /// One price for the whole package.
    Bundle(Fen),
    /// Each item carries its own price.
    PerItem,
}

impl PackagePricing {
    /// `bundle` or `per_item`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            PackagePricing::Bundle(_) => "bundle",
            PackagePricing::PerItem => "per_item",
        }
    }
    pub fn bundle_price(self) -> Option<Fen> {
        match self {
            PackagePricing::Bundle(f) => Some(f),
            PackagePricing::PerItem => None,
        }
    }
}

/// The state of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageState {
    Draft,
    Published,
    Closed,
}

impl PackageState {
    pub const ALL: &'static [PackageState] = &[
        PackageState::Draft,
        PackageState::Published,
        PackageState::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PackageState::Draft => "draft",
            PackageState::Published => "published",
            PackageState::Closed => "closed",
        }
    }
    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            PackageState::Draft => Text::new("草稿", "Draft"),
            PackageState::Published => Text::new("已发布", "Published"),
            PackageState::Closed => Text::new("已关闭", "Closed"),
        }
    }
    pub fn parse(raw: &str) -> Result<PackageState, DomainError> {
        let s = raw.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| DomainError::UnknownCode {
                kind: "package state",
                value: raw.to_string(),
            })
    }
    /// The states a package may be closed from.
    pub fn may_close(self) -> bool {
        self != PackageState::Closed
    }
}

/// A parsed package: what storage writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSpec {
    pub title: String,
    pub theme: String,
    pub industry: Industry,
    pub description: String,
    pub pricing: PackagePricing,
    /// (listing id, item price), in the curator's order.
    pub items: Vec<(i64, Option<Fen>)>,
}

/// The curator's form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageForm {
    pub title: String,
    pub theme: String,
    pub industry: String,
    pub description: String,
    /// `bundle` or `per_item`.
    pub pricing: String,
    pub bundle_price_yuan: String,
    /// Listing ids separated by commas, spaces or new lines; checkbox
    /// values are joined into this.
    pub listing_ids: String,
    /// One price in yuan per listing, in the order of `listing_ids`
    /// (per-item pricing), separated like the ids.
    pub item_prices_yuan: String,
}

/// The most listings one package holds.
pub const MAX_ITEMS: usize = 50;

fn split(raw: &str) -> Vec<&str> {
    raw.split([',', '，', ' ', '\n', '\r', '\t', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The pricing rules shared by the form and storage: a bundle price is not
/// negative; per-item pricing needs a non-negative price for every item.
pub fn pricing_errors(pricing: PackagePricing, items: &[(i64, Option<Fen>)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match pricing {
        PackagePricing::Bundle(f) if f.value() < 0 => errors.push(FieldError::new(
            "bundle_price",
            "打包价不能为负数",
            "the bundle price cannot be negative",
        )),
        PackagePricing::Bundle(_) => {}
        PackagePricing::PerItem => {
            if items.iter().any(|(_, p)| p.is_none()) {
                errors.push(FieldError::new(
                    "item_prices",
                    "按件定价时，每个挂牌都需要填写价格",
                    "per-item pricing needs a price for every listing",
                ));
            } else if items.iter().any(|(_, p)| p.is_some_and(|p| p.value() < 0)) {
                errors.push(FieldError::new(
                    "item_prices",
                    "价格不能为负数",
                    "a price cannot be negative",
                ));
            }
        }
    }
    errors
}

impl PackageSpec {
    /// Parses the form; every wrong field is reported at once.
    pub fn parse(form: &PackageForm) -> Result<PackageSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = form.title.trim().to_string();
        if title.is_empty() {
            errors.push(FieldError::new(
                "title",
                "请填写专利包名称",
                "the package needs a title",
            ));
        }
        let theme = form.theme.trim().to_string();
        if theme.is_empty() {
            errors.push(FieldError::new(
                "theme",
                "请填写主题",
                "the package needs a theme",
            ));
        }
        let industry = match Industry::parse(&form.industry) {
            Ok(i) => Some(i),
            Err(_) => {
                errors.push(FieldError::new(
                    "industry",
                    "请选择产业领域",
                    "choose an industry",
                ));
                None
            }
        };
        let mut ids = Vec::new();
        let mut bad_id = false;
        let mut repeated = false;
        for raw in split(&form.listing_ids) {
            match raw.trim_start_matches('#').parse::<i64>() {
                // A repeated id is refused rather than dropped, so per-item
                // prices stay paired with the listings they were typed for.
                Ok(id) if id > 0 && ids.contains(&id) => repeated = true,
                Ok(id) if id > 0 => ids.push(id),
                _ => bad_id = true,
            }
        }
        if repeated {
            errors.push(FieldError::new(
                "listing_ids",
                "同一挂牌不能重复加入专利包",
                "a listing appears twice in the package",
            ));
        } else if bad_id {
            errors.push(FieldError::new(
                "listing_ids",
                "挂牌编号应为数字",
                "listing ids are numbers",
            ));
        } else if ids.len() < 2 {
            errors.push(FieldError::new(
                "listing_ids",
                "专利包至少包含两个挂牌",
                "a package holds at least two listings",
            ));
        } else if ids.len() > MAX_ITEMS {
            errors.push(FieldError::new(
                "listing_ids",
                format!("专利包最多包含 {MAX_ITEMS} 个挂牌"),
                format!("a package holds at most {MAX_ITEMS} listings"),
            ));
        }
        let pricing = match form.pricing.trim() {
            "bundle" => match Fen::parse_yuan(&form.bundle_price_yuan) {
                Ok(f) => Some(PackagePricing::Bundle(f)),
                Err(_) => {
                    errors.push(FieldError::new(
                        "bundle_price",
                        "请填写打包价（元），如 150000",
                        "enter the bundle price in yuan, e.g. 150000",
                    ));
                    None
                }
            },
            "per_item" => Some(PackagePricing::PerItem),
            _ => {
                errors.push(FieldError::new(
                    "pricing",
                    "请选择打包价或按件定价",
                    "choose a bundle price or per-item prices",
                ));
                None
            }
        };
        let mut items: Vec<(i64, Option<Fen>)> = ids.iter().map(|id| (*id, None)).collect();
        if pricing == Some(PackagePricing::PerItem) {
            let prices = split(&form.item_prices_yuan);
            let mut bad_price = false;
            for (item, raw) in items.iter_mut().zip(&prices) {
                match Fen::parse_yuan(raw) {
                    Ok(f) => item.1 = Some(f),
                    Err(_) => bad_price = true,
                }
            }
            if bad_price {
                errors.push(FieldError::new(
                    "item_prices",
                    "价格应为元，如 80000",
                    "prices are in yuan, e.g. 80000",
                ));
            }
        }
        if let Some(p) = pricing
            && !errors.iter().any(|e| e.field == "item_prices")
        {
            errors.extend(pricing_errors(p, &items));
        }
        match (industry, pricing) {
            (Some(industry), Some(pricing)) if errors.is_empty() => Ok(PackageSpec {
                title,
                theme,
                industry,
                description: form.description.trim().to_string(),
                pricing,
                items,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PackageForm {
        PackageForm {
            title: "新能源电池专利包".into(),
            theme: "锂电池".into(),
            industry: "new_energy".into(),
            pricing: "bundle".into(),
            bundle_price_yuan: "150000".into(),
            listing_ids: "3, 5".into(),
            ..PackageForm::default()
        }
    }

    #[test]
    fn a_bundle_package_parses_with_its_price_and_items_in_order() {
        let spec = PackageSpec::parse(&form()).unwrap();
        assert_eq!(
            spec.pricing,
            PackagePricing::Bundle(Fen::from_yuan(150_000))
        );
        assert_eq!(spec.items, vec![(3, None), (5, None)]);
        assert_eq!(spec.industry, Industry::NewEnergy);
    }

    #[test]
    fn per_item_pricing_needs_a_price_for_every_item() {
        let f = PackageForm {
            pricing: "per_item".into(),
            item_prices_yuan: "80000".into(),
            ..form()
        };
        let errors = PackageSpec::parse(&f).unwrap_err();
        assert_eq!(errors[0].field, "item_prices");
        assert!(errors[0].message.zh().contains("每个挂牌"));
        let f = PackageForm {
            item_prices_yuan: "80000，90000".into(),
            ..f
        };
        let spec = PackageSpec::parse(&f).unwrap();
        assert_eq!(
            spec.items,
            vec![
                (3, Some(Fen::from_yuan(80_000))),
                (5, Some(Fen::from_yuan(90_000)))
            ]
        );
    }

    #[test]
    fn every_wrong_field_is_reported_in_both_languages() {
        let errors = PackageSpec::parse(&PackageForm::default()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["title", "theme", "industry", "listing_ids", "pricing"]
        );
        assert!(errors.iter().all(|e| !e.message.en().is_empty()));
    }

    #[test]
    fn one_listing_or_a_bad_id_is_not_a_package() {
        let one = PackageForm {
            listing_ids: "3 3".into(),
            ..form()
        };
        assert_eq!(
            PackageSpec::parse(&one).unwrap_err()[0].field,
            "listing_ids"
        );
        let bad = PackageForm {
            listing_ids: "3, x".into(),
            ..form()
        };
        assert_eq!(
            PackageSpec::parse(&bad).unwrap_err()[0].field,
            "listing_ids"
        );
    }

    #[test]
    fn the_pricing_rules_refuse_a_missing_item_price_and_a_negative_bundle() {
        assert_eq!(
            pricing_errors(PackagePricing::PerItem, &[(1, None)]).len(),
            1
        );
        assert_eq!(
            pricing_errors(PackagePricing::Bundle(Fen::new(-1)), &[]).len(),
            1
        );
        assert!(pricing_errors(PackagePricing::Bundle(Fen::new(0)), &[(1, None)]).is_empty());
    }

    #[test]
    fn package_states_round_trip() {
        for s in PackageState::ALL {
            assert_eq!(PackageState::parse(s.as_str()).unwrap(), *s);
        }
        assert!(!PackageState::Closed.may_close());
    }

    #[test]
    fn a_listing_named_twice_is_refused_so_prices_stay_paired() {
        let form = PackageForm {
            title: "储能专利包".into(),
            theme: "储能".into(),
            industry: "new_energy".into(),
            listing_ids: "1, 2, 1".into(),
            pricing: "per_item".into(),
            item_prices_yuan: "100, 200, 100".into(),
            ..PackageForm::default()
        };
        let errors = PackageSpec::parse(&form).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.field == "listing_ids" && e.message.en().contains("twice"))
        );
    }
}
