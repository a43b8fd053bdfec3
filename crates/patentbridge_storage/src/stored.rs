//! Every JSON value the database holds, with the one codec that writes and
//! reads it: a deal's agreed terms and each offer's terms
//! ([`OfferTerms`]), a match's explanation ([`MatchReason`]s) and a pool
//! entry's screening reasons ([`Reason`]s).
//!
//! The layouts here are private to this module and are versioned: a layout
//! after the first carries its version (`"v"`), and a value without one is
//! the first layout of its kind. The rest of the platform sees only the
//! domain's types. A layout is never
//! changed in place: a new version is added beside it and read alongside,
//! so a row written years ago still reads. A value that does not decode is
//! [`StorageError::Corrupt`], naming the table, the row and the reason —
//! never an empty field that silently hides what was stored.

use patentbridge_domain::Fen;
use patentbridge_domain::Text;
use patentbridge_domain::deal::{OfferTerms, PaymentPlan};
use patentbridge_domain::demand::{MatchReason, ReasonKind};
use patentbridge_domain::listing::{Royalty, RoyaltyBasis};
use patentbridge_domain::pool::Reason;
use serde::{Deserialize, Serialize};

use crate::StorageError;

/// Where a stored value came from, for the error that says it is unreadable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    pub table: &'static str,
    pub column: &'static str,
    pub id: i64,
}

fn corrupt(origin: Origin, reason: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!(
        "{}.{} of row {}: {reason}",
        origin.table, origin.column, origin.id
    ))
}

// ---- offer terms -----------------------------------------------------------

/// Terms, version 1: the layout deals were first stored with (rows from
/// before the version field carry none and are version 1).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsV1 {
    #[serde(default = "one", skip_serializing_if = "is_one")]
    v: u8,
    price_fen: Option<i64>,
    /// lump, royalty, pay_later or free.
    payment: String,
    #[serde(default)]
    due_days: Option<u16>,
    #[serde(default)]
    royalty_basis: Option<String>,
    #[serde(default)]
    royalty_bp: Option<u32>,
    #[serde(default)]
    entry_fee_fen: Option<i64>,
    #[serde(default)]
    free_months: Option<u16>,
    #[serde(default)]
    report_every_months: Option<u8>,
    #[serde(default)]
    term_months: Option<u16>,
    #[serde(default)]
    territory: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    equity_share_bp: Option<u32>,
}

fn one() -> u8 {
    1
}

fn is_one(v: &u8) -> bool {
    *v == 1
}

/// The JSON stored for `terms`.
pub(crate) fn encode_terms(t: &OfferTerms) -> String {
    let mut stored = TermsV1 {
        v: 1,
        price_fen: t.price.map(Fen::value),
        payment: t.payment.code().to_string(),
        due_days: None,
        royalty_basis: None,
        royalty_bp: None,
        entry_fee_fen: None,
        free_months: None,
        report_every_months: None,
        term_months: t.term_months,
        territory: t.territory.clone(),
        scope: t.scope.clone(),
        equity_share_bp: t.equity_share_bp,
    };
    match t.payment {
        PaymentPlan::Lump { due_days } => stored.due_days = Some(due_days),
        PaymentPlan::Royalty { royalty, entry_fee } => {
            stored.royalty_basis = Some(royalty.basis.as_str().to_string());
            stored.royalty_bp = Some(royalty.basis_points);
            stored.entry_fee_fen = entry_fee.map(Fen::value);
        }
        PaymentPlan::PayLater {
            free_months,
            royalty,
            report_every_months,
        } => {
            stored.royalty_basis = Some(royalty.basis.as_str().to_string());
            stored.royalty_bp = Some(royalty.basis_points);
            stored.free_months = Some(free_months);
            stored.report_every_months = Some(report_every_months);
        }
        PaymentPlan::Free => {}
    }
    serde_json::to_string(&stored).expect("terms serialise")
}

/// Reads stored terms back.
pub(crate) fn decode_terms(json: &str, origin: Origin) -> Result<OfferTerms, StorageError> {
    let t: TermsV1 = serde_json::from_str(json).map_err(|e| corrupt(origin, e))?;
    if t.v != 1 {
        return Err(corrupt(origin, format!("unknown terms version {}", t.v)));
    }
    let royalty = || -> Result<Royalty, StorageError> {
        let basis = t
            .royalty_basis
            .as_deref()
            .ok_or_else(|| corrupt(origin, "a royalty without its basis"))?;
        let basis = RoyaltyBasis::parse(basis).map_err(|e| corrupt(origin, e))?;
        let basis_points = t
            .royalty_bp
            .ok_or_else(|| corrupt(origin, "a royalty without its rate"))?;
        Ok(Royalty {
            basis,
            basis_points,
        })
    };
    let payment = match t.payment.as_str() {
        "lump" => PaymentPlan::Lump {
            due_days: t.due_days.unwrap_or(30),
        },
        "royalty" => PaymentPlan::Royalty {
            royalty: royalty()?,
            entry_fee: t.entry_fee_fen.map(Fen::new),
        },
        "pay_later" => PaymentPlan::PayLater {
            free_months: t.free_months.unwrap_or(12),
            royalty: royalty()?,
            report_every_months: t.report_every_months.unwrap_or(3),
        },
        "free" => PaymentPlan::Free,
        other => return Err(corrupt(origin, format!("unknown payment {other:?}"))),
    };
    Ok(OfferTerms {
        price: t.price_fen.map(Fen::new),
        payment,
        term_months: t.term_months,
        territory: t.territory,
        scope: t.scope,
        equity_share_bp: t.equity_share_bp,
    })
}

/// Reads optional stored terms.
pub(crate) fn decode_optional_terms(
    json: Option<&str>,
    origin: Origin,
) -> Result<Option<OfferTerms>, StorageError> {
    json.map(|j| decode_terms(j, origin)).transpose()
}

// ---- match reasons ----------------------------------------------------------

/// One reason, version 1: the layout matches were first stored with (a
/// bare array of these).
#[derive(Debug, Serialize, Deserialize)]
struct MatchReasonV1 {
    kind: String,
    zh: String,
    en: String,
    favourable: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    terms: Vec<String>,
}

/// The JSON stored for a match's `reasons`.
pub(crate) fn encode_match_reasons(reasons: &[MatchReason]) -> String {
    let stored: Vec<MatchReasonV1> = reasons
        .iter()
        .map(|r| MatchReasonV1 {
            kind: r.kind.as_str().to_string(),
            zh: r.text.zh().to_string(),
            en: r.text.en().to_string(),
            favourable: r.favourable,
            terms: r.terms.clone(),
        })
        .collect();
    serde_json::to_string(&stored).expect("reasons serialise")
}

/// Reads a match's reasons back.
pub(crate) fn decode_match_reasons(
    json: &str,
    origin: Origin,
) -> Result<Vec<MatchReason>, StorageError> {
    let stored: Vec<MatchReasonV1> = serde_json::from_str(json).map_err(|e| corrupt(origin, e))?;
    stored
        .into_iter()
        .map(|r| {
            Ok(MatchReason {
                kind: ReasonKind::parse(&r.kind).map_err(|e| corrupt(origin, e))?,
                text: Text::owned(r.zh, r.en),
                favourable: r.favourable,
                terms: r.terms,
            })
        })
        .collect()
}

// ---- screening reasons --------------------------------------------------------

/// A pool entry's reasons, version 2: JSON. Version 1 was plain text, one
/// line per reason ("✓ 中文（English）"), which is read as it was written.
#[derive(Debug, Serialize, Deserialize)]
struct ScreeningV2 {
    v: u8,
    reasons: Vec<ScreeningReasonV2>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ScreeningReasonV2 {
    holds: bool,
    zh: String,
    en: String,
}

/// The text stored for a pool entry's `reasons`.
pub(crate) fn encode_screening_reasons(reasons: &[Reason]) -> String {
    serde_json::to_string(&ScreeningV2 {
        v: 2,
        reasons: reasons
            .iter()
            .map(|r| ScreeningReasonV2 {
                holds: r.holds,
                zh: r.text.zh().to_string(),
                en: r.text.en().to_string(),
            })
            .collect(),
    })
    .expect("reasons serialise")
}

/// Reads a pool entry's reasons back, of either version.
pub(crate) fn decode_screening_reasons(
    stored: &str,
    origin: Origin,
) -> Result<Vec<Reason>, StorageError> {
    if stored.trim_start().starts_with('{') {
        let v: ScreeningV2 = serde_json::from_str(stored).map_err(|e| corrupt(origin, e))?;
        if v.v != 2 {
            return Err(corrupt(origin, format!("unknown reasons version {}", v.v)));
        }
        return Ok(v
            .reasons
            .into_iter()
            .map(|r| Reason::new(r.holds, r.zh, r.en))
            .collect());
    }
    // Version 1: "✓ 中文（English）" per line, or any text an older
    // release wrote, kept whole.
    Ok(stored
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (holds, rest) = match line.split_once(' ') {
                Some(("✓", rest)) => (true, rest),
                Some(("✗", rest)) => (false, rest),
                _ => (true, line),
            };
            let full_width = rest.strip_suffix('）').and_then(|r| r.rsplit_once('（'));
            let ascii = || rest.strip_suffix(')').and_then(|r| r.rsplit_once(" ("));
            match full_width.or_else(ascii) {
                Some((zh, en)) => Reason::new(holds, zh.trim_end(), en),
                None => Reason::new(holds, rest, rest),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: Origin = Origin {
        table: "deals",
        column: "terms",
        id: 7,
    };

    fn royalty_terms() -> OfferTerms {
        OfferTerms {
            price: None,
            payment: PaymentPlan::Royalty {
                royalty: Royalty {
                    basis: RoyaltyBasis::NetSales,
                    basis_points: 350,
                },
                entry_fee: Some(Fen::new(5_000_000)),
            },
            term_months: Some(36),
            territory: "中国大陆".into(),
            scope: "压力传感器".into(),
            equity_share_bp: None,
        }
    }

    #[test]
    fn terms_read_back_as_they_were_written() {
        let t = royalty_terms();
        assert_eq!(decode_terms(&encode_terms(&t), HERE).unwrap(), t);
        let free = OfferTerms {
            payment: PaymentPlan::Free,
            ..t
        };
        assert_eq!(decode_terms(&encode_terms(&free), HERE).unwrap(), free);
    }

    #[test]
    fn terms_written_before_the_version_field_still_read() {
        let old =
            r#"{"price_fen":12000000,"payment":"lump","due_days":30,"territory":"","scope":""}"#;
        let t = decode_terms(old, HERE).unwrap();
        assert_eq!(t.price, Some(Fen::new(12_000_000)));
        assert_eq!(t.payment, PaymentPlan::Lump { due_days: 30 });
    }

    #[test]
    fn unreadable_terms_are_an_error_naming_the_row_never_empty_terms() {
        for bad in [
            "not json",
            r#"{"price":1,"payment":"lump"}"#,
            r#"{"payment":"barter","territory":"","scope":""}"#,
            r#"{"v":9,"payment":"free"}"#,
            r#"{"payment":"royalty","royalty_bp":100}"#,
        ] {
            let err = decode_terms(bad, HERE).unwrap_err().to_string();
            assert!(err.contains("deals.terms of row 7"), "{bad}: {err}");
        }
    }

    #[test]
    fn match_reasons_read_back_and_an_unknown_kind_is_an_error() {
        let mut r = MatchReason::new(
            ReasonKind::Terms,
            Text::new("共同关键词：传感器", "shared words: sensor"),
            true,
        );
        r.terms = vec!["传感器".into()];
        let json = encode_match_reasons(std::slice::from_ref(&r));
        assert_eq!(decode_match_reasons(&json, HERE).unwrap(), vec![r]);
        let err = decode_match_reasons(
            r#"[{"kind":"astrology","zh":"","en":"","favourable":true}]"#,
            HERE,
        )
        .unwrap_err();
        assert!(err.to_string().contains("astrology"), "{err}");
        assert!(decode_match_reasons("{}", HERE).is_err());
    }

    #[test]
    fn screening_reasons_of_both_versions_read() {
        let reasons = vec![
            Reason::new(true, "权利人为高校", "held by a university"),
            Reason::new(false, "尚未挂牌", "not listed yet"),
        ];
        let json = encode_screening_reasons(&reasons);
        assert_eq!(decode_screening_reasons(&json, HERE).unwrap(), reasons);
        let v1 = "✓ 权利人为高校（held by a university）\n✗ 尚未挂牌（not listed yet）";
        assert_eq!(decode_screening_reasons(v1, HERE).unwrap(), reasons);
        // A bulk upload's entry was written with ASCII brackets.
        assert_eq!(
            decode_screening_reasons("批量上传 (bulk upload)", HERE).unwrap(),
            vec![Reason::new(true, "批量上传", "bulk upload")]
        );
        assert!(decode_screening_reasons(r#"{"v":3,"reasons":[]}"#, HERE).is_err());
    }
}
