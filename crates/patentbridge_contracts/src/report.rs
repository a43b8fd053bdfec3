//! The expert's valuation review report (专利价值评估复核报告): the
//! platform's computed valuation of a patent as an expert reviewed it, with
//! every indicator and money input the expert changed shown next to the
//! computed value and the expert's reason, and a block for the expert to sign.
//!
//! The report is set by the contract writer ([`crate::pdf`]) in the same
//! type: A4, a centred title, numbered sections, ruled tables, "第 n 页 共
//! m 页" in the footer and the signature block. The same report, language
//! and font always give the same bytes, and a character the font lacks is
//! refused with [`ContractError::MissingGlyphs`] rather than printed as an
//! empty box.

use chrono::NaiveDate;
use patentbridge_domain::{Fen, Text, text};

use crate::ContractError;
use crate::model::{Lang, SignatureBlock};
use crate::money::format_yuan;
use crate::pdf::{Block, Document, FontSource, Table, render_document};
use crate::templates::chinese_number;

/// A reviewed valuation, as the platform's valuation records hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewReport {
    /// The report's reference, e.g. `PB-VR-2026-000012`.
    pub reference: String,
    pub patent_number: String,
    pub patent_title: String,
    /// The patentee.
    pub owner: String,
    /// The organisation that asked for the review.
    pub requester: String,
    pub expert_name: String,
    pub expert_organisation: String,
    /// E.g. 技术经纪人 / technology broker.
    pub expert_qualifications: Vec<Text>,
    /// E.g. 质押融资 / pledge financing.
    pub scenario: Text,
    /// The version of the platform's weight table the score was computed with.
    pub weights_version: i64,
    /// The date of the platform's computed valuation.
    pub valued_on: NaiveDate,
    pub signed_on: NaiveDate,
    /// 0–100, printed with one decimal.
    pub score: f64,
    /// "A" to "D".
    pub grade: String,
    /// The legal, technical and economic scores; `None` where there was no
    /// data.
    pub dimensions: Vec<(Text, Option<f64>)>,
    pub indicators: Vec<ReportIndicator>,
    pub money: Vec<ReportMoneyLine>,
    pub low: Fen,
    pub mid: Fen,
    pub high: Fen,
    /// The realisable value (pledge scenario only).
    pub realisable: Option<Fen>,
    pub sensitivity: Option<Sensitivity>,
    /// The expert's conclusion, free text; line breaks start new paragraphs.
    pub opinion: String,
}

/// One scored indicator and, when the expert changed it, the expert's
/// score, value and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportIndicator {
    pub dimension: Text,
    pub name: Text,
    /// E.g. "12.4 年" / "12.4 years", or "未知" / "unknown".
    pub computed_value: Text,
    pub computed_score: Option<u8>,
    pub source: Text,
    pub expert: Option<ReportOverride>,
}

/// The expert's score and value for an indicator, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOverride {
    pub score: u8,
    pub value: Text,
    pub reason: String,
}

/// One money input of the income approach (revenue, royalty rate, discount
/// rate, …) and, when the expert changed it, the new value and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMoneyLine {
    pub name: Text,
    pub computed: Text,
    pub source: Text,
    /// The expert's value and the reason.
    pub expert: Option<(Text, String)>,
}

/// The value at three royalty rates (rows) and three discount rates
/// (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sensitivity {
    pub royalty_rates: [String; 3],
    pub discount_rates: [String; 3],
    /// `values[royalty][discount]`; `None` where it could not be computed.
    pub values: [[Option<Fen>; 3]; 3],
}

/// Lays out `report` in `lang` and writes the PDF with `font` embedded.
pub fn render_review_report(
    report: &ReviewReport,
    lang: Lang,
    font: &FontSource,
) -> Result<Vec<u8>, ContractError> {
    render_document(&review_document(report, lang), font)
}

/// The size of the report's tables: a little smaller than the contract's
/// patent table, since the indicator table has six columns.
const CELL_SIZE: f32 = 9.0;
/// What a cell without a value shows.
const NONE: &str = "—";

fn say(lang: Lang, zh: &'static str, en: &'static str) -> String {
    Text::new(zh, en).get(lang).to_string()
}

fn fmt_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// `Fen(123_456_789)` → `"¥1,234,567.89"`.
fn yuan(fen: Fen) -> String {
    let v = fen.value();
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}¥{}", format_yuan(v.unsigned_abs()))
}

fn or_none(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() { NONE } else { s }.to_string()
}

/// A table of labels and values, the labels shaded.
fn label_table(rows: Vec<(String, Vec<String>)>) -> Block {
    Block::Table(Table {
        ratios: vec![0.24, 0.76],
        size: CELL_SIZE,
        head: Vec::new(),
        rows: rows
            .into_iter()
            .map(|(label, values)| vec![vec![label], values])
            .collect(),
        label_column: true,
    })
}

/// Numbers the sections: 一、… in Chinese, 1. … in English.
struct Headings {
    lang: Lang,
    n: usize,
}

impl Headings {
    fn next(&mut self, zh: &'static str, en: &'static str) -> Block {
        self.n += 1;
        let n = self.n;
        Block::Heading(match self.lang {
            Lang::Zh => format!("{}、{zh}", chinese_number(n)),
            Lang::En => format!("{n}. {en}"),
        })
    }
}

fn review_document(r: &ReviewReport, lang: Lang) -> Document {
    let title = say(
        lang,
        "专利价值评估复核报告",
        "Patent valuation review report",
    );
    let reference = r.reference.trim();
    let (valued, signed) = (fmt_date(r.valued_on, lang), fmt_date(r.signed_on, lang));
    let version = r.weights_version;
    let mut h = Headings { lang, n: 0 };
    let mut blocks = Vec::new();

    blocks.push(h.next("基本信息", "Particulars"));
    let qualifications: Vec<&str> = r
        .expert_qualifications
        .iter()
        .map(|q| q.get(lang).trim())
        .filter(|q| !q.is_empty())
        .collect();
    let qualifications = qualifications.join(&say(lang, "、", ", "));
    let particulars = [
        (say(lang, "报告编号", "Reference"), or_none(reference)),
        (say(lang, "专利号", "Patent no."), or_none(&r.patent_number)),
        (
            say(lang, "专利名称", "Patent title"),
            or_none(&r.patent_title),
        ),
        (say(lang, "专利权人", "Patentee"), or_none(&r.owner)),
        (say(lang, "委托方", "Requested by"), or_none(&r.requester)),
        (
            say(lang, "复核专家", "Reviewing expert"),
            or_none(&r.expert_name),
        ),
        (
            say(lang, "专家所在单位", "Expert's organisation"),
            or_none(&r.expert_organisation),
        ),
        (
            say(lang, "专家资质", "Qualifications"),
            or_none(&qualifications),
        ),
        (
            say(lang, "评估场景", "Scenario"),
            or_none(r.scenario.get(lang)),
        ),
        (
            say(lang, "权重表版本", "Weight table"),
            text!(
                "平台权重表第 {version} 版",
                "platform weights, version {version}"
            )
            .get(lang)
            .to_string(),
        ),
        (say(lang, "估值日期", "Valued on"), valued.clone()),
        (
            say(lang, "复核签署日期", "Review signed on"),
            signed.clone(),
        ),
    ];
    blocks.push(label_table(
        particulars
            .into_iter()
            .map(|(label, value)| (label, vec![value]))
            .collect(),
    ));

    blocks.push(h.next("评估结论", "Result"));
    let score = format!("{:.1}", r.score);
    let dimensions: Vec<String> = r
        .dimensions
        .iter()
        .map(|(name, score)| {
            let name = name.get(lang).trim();
            match score {
                Some(s) => {
                    let s = format!("{s:.1}");
                    text!("{name}：{s} 分", "{name}: {s}")
                }
                None => text!("{name}：无数据", "{name}: no data"),
            }
            .get(lang)
            .to_string()
        })
        .collect();
    let (low, mid, high) = (yuan(r.low), yuan(r.mid), yuan(r.high));
    let mut result = vec![
        (
            say(lang, "综合得分", "Overall score"),
            vec![
                text!("{score} 分（满分 100 分）", "{score} of 100")
                    .get(lang)
                    .to_string(),
            ],
        ),
        (say(lang, "等级", "Grade"), vec![or_none(&r.grade)]),
        (
            say(lang, "维度得分", "Dimension scores"),
            if dimensions.is_empty() {
                vec![NONE.to_string()]
            } else {
                dimensions
            },
        ),
        (
            say(lang, "价值区间（低 – 中 – 高）", "Value (low – mid – high)"),
            vec![format!("{low} – {mid} – {high}")],
        ),
    ];
    if let Some(realisable) = r.realisable {
        result.push((
            say(lang, "可变现价值", "Realisable value"),
            vec![yuan(realisable)],
        ));
    }
    blocks.push(label_table(result));

    blocks.push(h.next("评估指标", "Indicators"));
    if r.indicators.is_empty() {
        blocks.push(Block::Paragraph(say(lang, "（无）", "(None.)")));
    } else {
        blocks.push(Block::Table(Table {
            // English needs room for "Dimension", Chinese for 计算得分.
            ratios: match lang {
                Lang::Zh => vec![0.10, 0.17, 0.15, 0.11, 0.17, 0.30],
                Lang::En => vec![0.13, 0.17, 0.14, 0.09, 0.17, 0.30],
            },
            size: CELL_SIZE,
            head: vec![
                say(lang, "维度", "Dimension"),
                say(lang, "指标", "Indicator"),
                say(lang, "计算值", "Computed value"),
                say(lang, "计算得分", "Score"),
                say(lang, "数据来源", "Source"),
                say(lang, "专家复核", "Expert review"),
            ],
            rows: r
                .indicators
                .iter()
                .map(|i| {
                    let expert = match &i.expert {
                        Some(o) => {
                            let (score, value) = (o.score, o.value.get(lang).trim());
                            let reason = o.reason.trim();
                            vec![
                                text!(
                                    "专家调整：{score} 分（{value}）",
                                    "Expert: {score} ({value})"
                                )
                                .get(lang)
                                .to_string(),
                                text!("理由：{reason}", "Reason: {reason}")
                                    .get(lang)
                                    .to_string(),
                            ]
                        }
                        None => vec![say(lang, "未调整", "Not adjusted")],
                    };
                    vec![
                        vec![or_none(i.dimension.get(lang))],
                        vec![or_none(i.name.get(lang))],
                        vec![or_none(i.computed_value.get(lang))],
                        vec![i.computed_score.map_or(NONE.to_string(), |s| s.to_string())],
                        vec![or_none(i.source.get(lang))],
                        expert,
                    ]
                })
                .collect(),
            label_column: false,
        }));
    }

    blocks.push(h.next("金额参数", "Money inputs"));
    if r.money.is_empty() {
        blocks.push(Block::Paragraph(say(lang, "（无）", "(None.)")));
    } else {
        blocks.push(Block::Table(Table {
            ratios: vec![0.21, 0.19, 0.23, 0.37],
            size: CELL_SIZE,
            head: vec![
                say(lang, "参数", "Input"),
                say(lang, "计算值", "Computed value"),
                say(lang, "数据来源", "Source"),
                say(lang, "专家复核", "Expert review"),
            ],
            rows: r
                .money
                .iter()
                .map(|line| {
                    let expert = match &line.expert {
                        Some((value, reason)) => {
                            let (value, reason) = (value.get(lang).trim(), reason.trim());
                            vec![
                                text!("专家调整：{value}", "Expert: {value}")
                                    .get(lang)
                                    .to_string(),
                                text!("理由：{reason}", "Reason: {reason}")
                                    .get(lang)
                                    .to_string(),
                            ]
                        }
                        None => vec![say(lang, "未调整", "Not adjusted")],
                    };
                    vec![
                        vec![or_none(line.name.get(lang))],
                        vec![or_none(line.computed.get(lang))],
                        vec![or_none(line.source.get(lang))],
                        expert,
                    ]
                })
                .collect(),
            label_column: false,
        }));
    }

    if let Some(s) = &r.sensitivity {
        blocks.push(h.next("敏感性分析", "Sensitivity"));
        blocks.push(Block::Paragraph(say(
            lang,
            "下表列出不同提成率（行）与折现率（列）组合下的评估价值。",
            "The value at each royalty rate (rows) and discount rate (columns).",
        )));
        let mut head = vec![say(lang, "提成率＼折现率", "Royalty \\ discount")];
        head.extend(s.discount_rates.iter().map(|d| or_none(d)));
        blocks.push(Block::Table(Table {
            ratios: vec![0.25, 0.25, 0.25, 0.25],
            size: CELL_SIZE,
            head,
            rows: s
                .royalty_rates
                .iter()
                .zip(&s.values)
                .map(|(rate, values)| {
                    let mut row = vec![vec![or_none(rate)]];
                    row.extend(
                        values
                            .iter()
                            .map(|v| vec![v.map_or(NONE.to_string(), yuan)]),
                    );
                    row
                })
                .collect(),
            label_column: true,
        }));
    }

    blocks.push(h.next("专家意见", "Expert opinion"));
    let opinion: Vec<&str> = r
        .opinion
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if opinion.is_empty() {
        blocks.push(Block::Paragraph(say(lang, "（无）", "(None.)")));
    }
    blocks.extend(opinion.into_iter().map(|p| Block::Paragraph(p.to_string())));

    blocks.push(h.next("说明", "Notes"));
    blocks.push(Block::Paragraph(
        text!(
            "本报告的指标权重采用本平台自定的权重表（第 {version} 版）。GB/T 42748-2023《专利评估指引》未以机器可读的形式公布官方权重，本报告未采用该标准的官方权重。",
            "The indicator weights in this report are the platform's own weight table (version {version}). The official weights of GB/T 42748-2023 (Guidelines for patent evaluation) are not published in machine-readable form and are not used in this report."
        )
        .get(lang)
        .to_string(),
    ));
    blocks.push(Block::Paragraph(say(
        lang,
        "专家调整过的指标和金额参数同时列出平台的计算值与专家的取值及理由。",
        "Where the expert adjusted an indicator or a money input, both the platform's computed value and the expert's value are shown, with the reason.",
    )));

    blocks.push(Block::Signatures(vec![SignatureBlock {
        role: say(lang, "复核专家", "Reviewing expert"),
        rows: vec![
            (say(lang, "姓名", "Name"), r.expert_name.trim().to_string()),
            (
                say(lang, "单位", "Organisation"),
                r.expert_organisation.trim().to_string(),
            ),
            (say(lang, "签字", "Signature"), String::new()),
            (say(lang, "日期", "Date"), signed.clone()),
        ],
    }]));

    Document {
        lang,
        subtitle: text!(
            "报告编号：{reference}　估值日期：{valued}　签署日期：{signed}",
            "Report no. {reference} · valued on {valued} · signed on {signed}"
        )
        .get(lang)
        .to_string(),
        footer: format!("{title} {reference}"),
        title,
        blocks,
    }
}
