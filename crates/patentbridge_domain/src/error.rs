//! Errors raised when a raw value cannot be parsed into a domain type, or a
//! workflow is asked for a transition its current state does not allow.

use crate::credit_code::CreditCodeProblem;

/// Why a raw value was rejected; the message names the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid patent number {0:?}: {1}")]
    PatentNumber(String, &'static str),
    #[error("invalid classification code {0:?}: {1}")]
    Classification(String, &'static str),
    #[error("invalid region code {0:?}: {1}")]
    RegionCode(String, &'static str),
    #[error("invalid amount {0:?}: {1}")]
    Money(String, &'static str),
    #[error("unknown {kind} {value:?}")]
    UnknownCode { kind: &'static str, value: String },
    #[error("invalid date {0:?}: expected YYYY-MM-DD, YYYYMMDD, DD.MM.YYYY or DD/MM/YY")]
    Date(String),
    #[error("invalid unified social credit code {code:?}: {problem}")]
    CreditCode {
        code: String,
        problem: CreditCodeProblem,
    },
    #[error("{workflow}: cannot {event} from state {from}")]
    Transition {
        workflow: &'static str,
        from: &'static str,
        event: &'static str,
    },
}
