//! What can go wrong in a workflow, in terms of the workflow: the caller's
//! mistake (with a message in both languages) or ours ([`Error::Internal`],
//! whose cause is logged and never shown). The web crate turns these into
//! HTTP statuses in one table; the CLI prints them.

use patentbridge_domain::{FieldError, Text};
use patentbridge_search::SearchError;
use patentbridge_storage::StorageError;

/// The result of a workflow.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a workflow refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or the caller may not know it does.
    #[error("{}", .0.en())]
    NotFound(Text),
    /// The caller must sign in first.
    #[error("{}", .0.en())]
    Unauthenticated(Text),
    /// The caller may see the thing but not do this to it.
    #[error("{}", .0.en())]
    Forbidden(Text),
    /// Sign-in is locked for the account after too many wrong passwords.
    #[error("{}", .0.en())]
    Locked(Text),
    /// The thing is not in a state that allows this (a listing already
    /// published, a deal moved on meanwhile, a name already taken).
    #[error("{}", .0.en())]
    Conflict(Text),
    /// The input was understood but some fields are wrong; every field's
    /// error is reported at once.
    #[error("{} field(s) are not valid", .0.len())]
    Invalid(Vec<FieldError>),
    /// The input could not be understood at all (a query nested too
    /// deeply, a file that is not a spreadsheet).
    #[error("{}", .0.en())]
    BadInput(Text),
    /// Too much of an expensive kind of work is already running (password
    /// checks); the caller should try again shortly.
    #[error("{}", .0.en())]
    Busy(Text),
    /// Our failure: the database, the index, a task. The cause is logged,
    /// the caller is told only that it happened.
    #[error("{0}")]
    Internal(#[from] Internal),
}

/// The cause of an internal error, with what we were doing.
#[derive(Debug, thiserror::Error)]
#[error("{context}: {source}")]
pub struct Internal {
    pub context: String,
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl Error {
    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::NotFound(Text::owned(zh.into(), en.into()))
    }

    pub fn bad_input(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::BadInput(Text::owned(zh.into(), en.into()))
    }

    /// One field's error, e.g. a taken e-mail reported on the `login` field.
    pub fn field(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError::new(field, zh, en)])
    }

    /// An internal failure while doing `context`.
    pub fn internal(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Internal(Internal {
            context: context.into(),
            source: source.into(),
        })
    }

    /// The 401 of a workflow that needs a signed-in caller.
    pub fn sign_in_first() -> Error {
        Error::Unauthenticated(Text::new("请先登录", "sign in first"))
    }

    /// Whether this is our failure rather than the caller's.
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::Internal(_))
    }

    /// What the caller may read, in both languages; an internal error says
    /// only that it happened.
    pub fn message(&self) -> Text {
        match self {
            Error::NotFound(t)
            | Error::Unauthenticated(t)
            | Error::Forbidden(t)
            | Error::Locked(t)
            | Error::Conflict(t)
            | Error::BadInput(t)
            | Error::Busy(t) => t.clone(),
            Error::Invalid(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
                let names = names.join(", ");
                Text::owned(
                    format!("请更正：{names}"),
                    format!("please correct: {names}"),
                )
            }
            Error::Internal(_) => Text::new(
                "服务器内部错误，已记录，请稍后再试",
                "internal error; it has been logged",
            ),
        }
    }

    /// The whole cause chain of an internal error, for the log.
    pub fn chain(&self) -> String {
        let mut chain = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            let next = s.to_string();
            if !chain.ends_with(&next) {
                chain.push_str(": ");
                chain.push_str(&next);
            }
            source = s.source();
        }
        chain
    }
}

/// Whether an answer of the policy allows: a refusal is `false`, our own
/// failure on the way (the database) stays an error, so a hiccup is never
/// taken for "not allowed".
pub fn granted<T>(answer: Result<T, Error>) -> Result<bool, Error> {
    match answer {
        Ok(_) => Ok(true),
        Err(e) if e.is_internal() => Err(e),
        Err(_) => Ok(false),
    }
}

/// A unique constraint is the caller's conflict; a patent already taken by
/// a pool entry too; anything else the database says is ours.
impl From<StorageError> for Error {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Conflict { what } => {
                let zh = patentbridge_storage::conflict_subject_zh(what);
                Error::Conflict(Text::owned(
                    format!("{zh}已被占用"),
                    format!("{what} is already taken"),
                ))
            }
            StorageError::PatentTaken { number, what } => Error::Conflict(Text::owned(
                format!(
                    "专利 {number} 已在{}中",
                    patentbridge_storage::conflict_subject_zh(what)
                ),
                format!("patent {number} is already in {what}"),
            )),
            other => Error::internal("storage", other),
        }
    }
}

/// A query that cannot be understood is the caller's; an index failure ours.
impl From<SearchError> for Error {
    fn from(e: SearchError) -> Self {
        match e {
            // The reason only: a refused query may be very long.
            SearchError::BadQuery { reason, .. } => Error::BadInput(reason),
            other => Error::internal("search index", other),
        }
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::internal("a background task", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_conflicts_are_the_callers_and_other_storage_errors_are_ours() {
        let e: Error = StorageError::Conflict { what: "e-mail" }.into();
        assert!(matches!(e, Error::Conflict(_)), "{e:?}");
        assert!(e.message().zh().contains("电子邮箱"), "{e:?}");
        let e: Error = StorageError::Corrupt("bad".into()).into();
        assert!(e.is_internal());
        assert_eq!(e.message().en(), "internal error; it has been logged");
        assert!(e.chain().contains("bad"), "{}", e.chain());
    }

    #[test]
    fn an_invalid_form_names_its_fields_in_both_languages() {
        let e = Error::Invalid(vec![
            FieldError::new("title", "请填写标题", "give a title"),
            FieldError::new("price", "价格有误", "bad price"),
        ]);
        assert_eq!(e.message().en(), "please correct: title, price");
        assert_eq!(e.message().zh(), "请更正：title, price");
    }
}
