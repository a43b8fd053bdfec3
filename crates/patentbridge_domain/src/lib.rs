//! The PatentBridge domain: parsed value types (patent numbers, classification
//! codes, region codes, credit codes, money, logins), the patent catalogue
//! record, organisations and their verification, and the permission policy.
//!
//! This crate does no I/O and knows nothing of databases, HTTP or files: a
//! value that exists here has been parsed and is valid.

pub mod classification;
pub mod credit_code;
pub mod date;
pub mod deal;
pub mod demand;
pub mod error;
pub mod identity;
pub mod listing;
pub mod money;
pub mod number;
pub mod organisation;
pub mod package;
pub mod party;
pub mod patent;
pub mod policy;
pub mod pool;
pub mod region;
pub mod registration;
pub mod sei;
pub mod status;
pub mod text;
pub mod tianjin;
pub mod valuation;

pub use classification::{ClassificationCode, Scheme};
pub use credit_code::{CreditCode, CreditCodeProblem, RegistrationAuthority};
pub use date::{parse_date, parse_optional_date};
pub use error::DomainError;
pub use identity::{
    Email, FieldError, Login, MembershipRole, Password, Phone, PlatformRole, Username,
};
pub use money::Fen;
pub use number::{Jurisdiction, PatentNumber};
pub use organisation::{OrganisationKind, SizeClass, Verification, VerificationEvent};
pub use party::{ApplicantType, Party};
pub use patent::{Patent, PatentType};
pub use policy::{
    Action, Actor, AuditScope, Decision, Membership, Resource, Scope, User, audit_scope, decide,
};
pub use region::RegionCode;
pub use registration::{Registration, RegistrationForm, YearFigures};
pub use status::{LegalStatus, RegisterEvent, RegisterEventKind};
pub use text::{Lang, Text};
