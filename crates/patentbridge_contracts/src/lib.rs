//! Standard patent-transfer contract texts (制式专利技术转移合同文本), filled
//! from a deal and rendered to a PDF a person would sign.
//!
//! The flow is two pure steps and one I/O step:
//!
//! 1. [`fill`] turns a [`ContractData`] (what the deal knows) into a
//!    [`Contract`] (numbered articles in one language, the patent table and
//!    the signature blocks). It refuses data a signable contract cannot do
//!    without — a licence without a term, a transfer without patents — with
//!    an error naming the missing piece.
//! 2. [`render_pdf`] lays the contract out on A4 pages and writes the PDF.
//!    The same contract and font always give the same bytes, so
//!    [`sha256_hex`] of the PDF can be recorded with the deal as evidence of
//!    what was signed.
//! 3. [`FontSource::discover`] picks the font: `PATENTBRIDGE_PDF_FONT` when
//!    set (an unreadable file there is an error, not a fallback); else a
//!    system font, Droid Sans Fallback (Debian package
//!    `fonts-droid-fallback`) or WenQuanYi Micro Hei (`fonts-wqy-microhei`,
//!    first face of the collection); else the font embedded in the crate, so
//!    a contract renders on a machine with nothing but Rust. Setting
//!    `PATENTBRIDGE_PDF_SYSTEM_FONTS=0` skips the font directories and so
//!    uses the embedded font everywhere, which also makes the bytes the same
//!    on every machine. Droid Sans Fallback has no Latin letters or digits at
//!    all, so it is paired with DejaVu Sans (`fonts-dejavu-core`) or
//!    Liberation Sans, or the embedded font when neither is installed, and
//!    each character is drawn from the first font that has it.
//!
//! The same page machinery sets the expert's valuation review report
//! (专利价值评估复核报告): [`render_review_report`] lays out a
//! [`ReviewReport`] — the patent, the reviewing expert, the score and value
//! range, every indicator and money input with the expert's changes and
//! reasons beside the computed values, the sensitivity table, the opinion
//! and a signature block — in the chosen language, with the same font rules
//! and the same determinism.
//!
//! # The embedded font
//!
//! `fonts/NotoSansCJKsc-Regular-subset.otf` is Noto Sans CJK SC Regular
//! (SIL Open Font License 1.1, `fonts/OFL.txt`) cut down with fonttools to
//! GB 2312, CJK and full-width punctuation, Latin-1 and every character of
//! these sources, about 7,800 glyphs in 1.6 MB, and built in with
//! `include_bytes!`. It keeps its CFF outlines, which are smaller than
//! TrueType ones and embed in the PDF as a CIDFontType0; it has its own
//! Latin letters, so it needs no companion. `fonts/README.md` says where it
//! comes from and `fonts/make-subset.py` makes it again. A character outside
//! it (a rare name character beyond GB 2312, say) is refused with
//! [`ContractError::MissingGlyphs`]; a system font or
//! `PATENTBRIDGE_PDF_FONT` with fuller coverage renders it.

//! # Templates
//!
//! Every template has an id and a version ([`templates::TEMPLATES`]), printed
//! in each page's footer, so a signed paper can be traced to the exact text.
//! The texts were written for this platform from the Civil Code's chapter on
//! technology contracts (《民法典》第八百四十三条至第八百七十七条), the Patent Law
//! (arts. 10, 12, 47, 50–52) and its Implementing Regulations (arts. 15, 87);
//! each article cites what it implements. The Chinese text is the binding one
//! and both renderings say so.
//!
//! # Why `pdf-writer` + `ttf-parser` + `subsetter`
//!
//! A contract must show Chinese text that a reader can also search and copy.
//! That needs a CID-keyed (Type0) font with the glyphs embedded and a
//! `ToUnicode` map. The typst stack does exactly those pieces and nothing
//! else: `pdf-writer` writes PDF objects (no layout engine, no I/O, no
//! timestamps, so output is deterministic), `ttf-parser` reads glyph ids and
//! advances, and `subsetter` cuts the multi-megabyte CJK font down to the
//! glyphs used. All three are pure Rust without default features, a few
//! hundred kilobytes of source in total. `printpdf` was the alternative; it
//! brings its own layout and image stacks we do not need, and its
//! determinism depends on remembering to pin the creation date. Line breaking
//! for Chinese (break between any two CJK characters, keep Latin words whole,
//! simple kinsoku) is ours, in [`layout`], because neither library has it.

pub mod error;
pub mod layout;
pub mod model;
pub mod money;
pub mod pdf;
pub mod report;
pub mod templates;

pub use error::ContractError;
pub use model::{
    Contract, ContractData, ContractPatent, Instalment, Lang, Party, PaymentTerms,
    RoyaltyBasisText, Section, SignatureBlock, TemplateKind,
};
pub use money::{capital_amount, format_yuan};
pub use pdf::{FontSearch, FontSource, render_pdf};
pub use report::{
    ReportIndicator, ReportMoneyLine, ReportOverride, ReviewReport, Sensitivity,
    render_review_report,
};
pub use templates::fill;

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes` as 64 lowercase hex digits; used to fingerprint a
/// rendered contract so the platform can show which PDF was signed.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input_is_the_well_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
