//! The input formats the importer understands. This module imports no
//! reader: the readers name their format, and detection and dispatch to a
//! reader live in `open.rs`.

/// Every input format the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `cn_g06f_abstracts.csv`: publication_number,title_zh,keywords_en,abstract_zh,cpc_labels,…
    CnG06fCsv,
    /// The PatentsView tables (patent, abstract, cpc, assignee, inventor) joined by patent_id.
    PatentsView,
    /// A Lens.org export CSV.
    LensCsv,
    /// A WIPO Patentscope export CSV (ISO-8859-1, CR line endings).
    PatentscopeCsv,
    /// WIPO patent-landscape family table (ritonavir.csv).
    LandscapeCsv,
    /// USPTO full-text XML, grants and applications, one or many documents per file.
    UsptoXml,
    /// EPO publication-server full-text XML (ep-patent-document).
    EpoXml,
    /// EPO DocDB exchange documents.
    DocdbXml,
    /// The university bulk-upload template: CSV with Chinese headers, or `.xlsx`.
    TemplateCsv,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::CnG06fCsv,
        Format::PatentsView,
        Format::LensCsv,
        Format::PatentscopeCsv,
        Format::LandscapeCsv,
        Format::UsptoXml,
        Format::EpoXml,
        Format::DocdbXml,
        Format::TemplateCsv,
    ];

    /// The name used on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Format::CnG06fCsv => "cn-csv",
            Format::PatentsView => "patentsview",
            Format::LensCsv => "lens",
            Format::PatentscopeCsv => "patentscope",
            Format::LandscapeCsv => "landscape",
            Format::UsptoXml => "uspto-xml",
            Format::EpoXml => "epo-xml",
            Format::DocdbXml => "docdb-xml",
            Format::TemplateCsv => "template",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}
