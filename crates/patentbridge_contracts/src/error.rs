//! The one error type of this crate: what `fill`, the font loader and the PDF
//! writer can refuse, each with enough detail for the deal page to show.

use std::path::PathBuf;

use patentbridge_domain::{Text, text};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ContractError {
    /// The deal lacks something the chosen template cannot do without.
    #[error("{template}: missing {}", .what.en())]
    Missing { template: &'static str, what: Text },
    /// A value is present but not acceptable for this template.
    #[error("{template}: {}", .problem.en())]
    Invalid {
        template: &'static str,
        problem: Text,
    },
    /// No CJK font on the machine. [`crate::FontSource::discover`] no longer
    /// returns this, since it falls back to the embedded font; kept for
    /// callers that match on it.
    #[error("no CJK font found; tried {tried}; install the Debian package fonts-droid-fallback (or fonts-wqy-microhei) or set PATENTBRIDGE_PDF_FONT to a TrueType font file", tried = display_paths(.tried))]
    FontNotFound { tried: Vec<PathBuf> },
    #[error("cannot read font {path}")]
    FontRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("font {path} is not usable: {why}")]
    FontUnusable { path: PathBuf, why: String },
    /// The font has no glyph for characters the contract needs; printing
    /// empty boxes in a contract someone signs would be worse than refusing.
    #[error("font {path} has no glyph for {chars:?}")]
    MissingGlyphs { path: PathBuf, chars: String },
    #[error("font subsetting failed: {0}")]
    Subset(String),
}

impl ContractError {
    /// Why the contract cannot be drafted, in both languages, for the
    /// deal page: what is missing or wrong. The font and PDF errors are
    /// ours, not the parties', and are said the same in both.
    pub fn text(&self) -> Text {
        match self {
            ContractError::Missing { template, what } => {
                let (zh, en) = (what.zh(), what.en());
                text!("{template}：缺少{zh}", "{template}: missing {en}")
            }
            ContractError::Invalid { template, problem } => {
                let (zh, en) = (problem.zh(), problem.en());
                text!("{template}：{zh}", "{template}: {en}")
            }
            other => Text::same(other.to_string()),
        }
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
