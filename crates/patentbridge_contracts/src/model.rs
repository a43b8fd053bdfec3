//! The data a contract is filled from ([`ContractData`]) and the filled,
//! language-specific contract ([`Contract`]) the PDF writer lays out.
//!
//! These are plain structs with public fields because the platform's deal
//! code builds them from its own records; `fill` checks them.

use chrono::NaiveDate;

/// What a royalty is a share of: net sales or profit. The domain's enum is
/// reused so the labels match the listing pages.
pub type RoyaltyBasisText = patentbridge_domain::listing::RoyaltyBasis;

/// One side of the contract as it should appear in the text and the
/// signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    /// The 18-character unified social credit code; checked when present.
    pub credit_code: Option<String>,
    pub address: Option<String>,
    /// The authorised representative who signs.
    pub representative: Option<String>,
}

/// A patent in the contract's patent table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractPatent {
    pub number: String,
    pub title: String,
    /// 发明 / 实用新型 / 外观设计 (or the English label).
    pub patent_type: String,
    pub application_date: Option<NaiveDate>,
    pub grant_date: Option<NaiveDate>,
}

/// One payment of an instalment plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub due: NaiveDate,
    pub amount_fen: i64,
}

/// How the price is paid (Civil Code art. 846 names the same options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentTerms {
    /// One payment within `due_days` of the contract taking effect. For an
    /// equity contribution this is the agreed valuation.
    Lump {
        amount_fen: i64,
        due_days: u32,
    },
    Instalments(Vec<Instalment>),
    /// A running royalty in basis points (1 % = 100), optionally with an
    /// entry fee paid up front.
    Royalty {
        basis: RoyaltyBasisText,
        basis_points: u32,
        entry_fee_fen: Option<i64>,
    },
    /// Use first, pay later: free for `free_months`, then a royalty reported
    /// every `report_every_months`.
    PayLater {
        free_months: u16,
        basis: RoyaltyBasisText,
        basis_points: u32,
        report_every_months: u8,
    },
    /// No price at all (only the zero-price transfer accepts this).
    Free,
}

/// Which standard text to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    Transfer,
    ExclusiveLicence,
    SoleLicence,
    OrdinaryLicence,
    OpenLicenceAcceptance,
    Equity,
    ZeroPriceTransfer,
    PayLaterAddendum,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 8] = [
        TemplateKind::Transfer,
        TemplateKind::ExclusiveLicence,
        TemplateKind::SoleLicence,
        TemplateKind::OrdinaryLicence,
        TemplateKind::OpenLicenceAcceptance,
        TemplateKind::Equity,
        TemplateKind::ZeroPriceTransfer,
        TemplateKind::PayLaterAddendum,
    ];

    pub fn is_licence(self) -> bool {
        matches!(
            self,
            TemplateKind::ExclusiveLicence
                | TemplateKind::SoleLicence
                | TemplateKind::OrdinaryLicence
        )
    }
}

/// Everything the deal knows that a contract text needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractData {
    pub kind: TemplateKind,
    pub deal_reference: String,
    /// Transferor, licensor or contributor (甲方).
    pub licensor: Party,
    /// Transferee, licensee or the company receiving the contribution (乙方).
    pub licensee: Party,
    pub patents: Vec<ContractPatent>,
    pub territory: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    /// Field of use.
    pub scope: String,
    pub price: PaymentTerms,
    /// The contributor's share of the company, in basis points (equity only).
    pub equity_share_bp: Option<u32>,
    pub signing_place: String,
    pub date: NaiveDate,
}

/// The language of a rendering: the platform's.
pub use patentbridge_domain::Lang;

/// A numbered article: its heading (with the number) and its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// One party's block at the end of the contract: a role line, then labelled
/// rows; a row with an empty value is printed as a line to write on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    pub role: String,
    pub rows: Vec<(String, String)>,
}

/// A filled contract in one language, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub kind: TemplateKind,
    pub template_id: &'static str,
    pub template_version: &'static str,
    pub lang: Lang,
    pub title: String,
    /// Printed under the title: the deal reference and where and when signed.
    pub subtitle: String,
    pub sections: Vec<Section>,
    /// Number, title, type, filing date, grant date.
    pub patent_table: Vec<[String; 5]>,
    /// The localised column headings of `patent_table`.
    pub patent_table_headings: [String; 5],
    /// The table is printed after the section with this index (the article
    /// that names the patents).
    pub patent_table_after: usize,
    pub signatures: Vec<SignatureBlock>,
    /// "Template … version …" as printed in every footer.
    pub footer: String,
}
