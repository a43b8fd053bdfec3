//! The PatentBridge domain: parsed value types (patent numbers, classification
//! codes, region codes, money) and the patent catalogue record.
//!
//! This crate does no I/O and knows nothing of databases, HTTP or files: a
//! value that exists here has been parsed and is valid.

pub mod classification;
pub mod date;
pub mod error;
pub mod money;
pub mod number;
pub mod party;
pub mod patent;
pub mod region;
pub mod status;
pub mod tianjin;

pub use classification::{ClassificationCode, Scheme};
pub use date::{parse_date, parse_optional_date};
pub use error::DomainError;
pub use money::Fen;
pub use number::{Jurisdiction, PatentNumber};
pub use party::{ApplicantType, Party};
pub use patent::{Patent, PatentType};
pub use region::RegionCode;
pub use status::{LegalStatus, RegisterEvent, RegisterEventKind};
