//! The standard texts and [`fill`], which checks a deal's data and writes
//! the articles of the chosen template in one language.
//!
//! The texts are this platform's own, written from the statutes in
//! `shared/data/cn_ip_tech_transfer_law_texts`; each article cites the
//! provisions it implements so a reviewer can check it against the law. A
//! change of wording must bump the template's version: signed copies carry
//! the version in their footer and must stay traceable to the exact text.

use chrono::{Months, NaiveDate};
use patentbridge_domain::listing::RoyaltyBasis;
use patentbridge_domain::{CreditCode, FieldError, PatentNumber, Text, text};

use crate::ContractError;
use crate::model::{
    Contract, ContractData, Lang, Party, PaymentTerms, Section, SignatureBlock, TemplateKind,
};
use crate::money::{capital_amount, format_yuan, percent};

/// A template's identity as printed in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    pub kind: TemplateKind,
    pub id: &'static str,
    pub version: &'static str,
    pub title: Text,
}

pub static TEMPLATES: [TemplateInfo; 8] = [
    info(
        TemplateKind::Transfer,
        "patent_transfer",
        Text::new("专利权转让合同", "Patent Right Transfer Contract"),
    ),
    info(
        TemplateKind::ExclusiveLicence,
        "patent_licence_exclusive",
        Text::new(
            "专利实施许可合同（独占许可）",
            "Patent Licence Contract (Exclusive Licence)",
        ),
    ),
    info(
        TemplateKind::SoleLicence,
        "patent_licence_sole",
        Text::new(
            "专利实施许可合同（排他许可）",
            "Patent Licence Contract (Sole Licence)",
        ),
    ),
    info(
        TemplateKind::OrdinaryLicence,
        "patent_licence_ordinary",
        Text::new(
            "专利实施许可合同（普通许可）",
            "Patent Licence Contract (Ordinary Licence)",
        ),
    ),
    info(
        TemplateKind::OpenLicenceAcceptance,
        "open_licence_acceptance",
        Text::new(
            "开放许可实施通知书",
            "Notice of Acceptance of an Open Licence",
        ),
    ),
    info(
        TemplateKind::Equity,
        "patent_equity_contribution",
        Text::new(
            "专利作价入股协议",
            "Agreement on Contributing a Patent as Equity",
        ),
    ),
    info(
        TemplateKind::ZeroPriceTransfer,
        "zero_price_transfer",
        Text::new("专利权零元转让合同", "Zero-Price Patent Transfer Contract"),
    ),
    info(
        TemplateKind::PayLaterAddendum,
        "pay_later_addendum",
        Text::new("先使用后付费补充协议", "Use-First-Pay-Later Addendum"),
    ),
];

const fn info(kind: TemplateKind, id: &'static str, title: Text) -> TemplateInfo {
    TemplateInfo {
        kind,
        id,
        version: "2026.1",
        title,
    }
}

/// The registry entry of a template kind.
pub fn template_info(kind: TemplateKind) -> &'static TemplateInfo {
    // Every kind has exactly one entry; the test below keeps it that way.
    TEMPLATES
        .iter()
        .find(|t| t.kind == kind)
        .unwrap_or(&TEMPLATES[0])
}

/// CNIPA's open-licence promotion caps fixed fees at ¥20 million.
const OPEN_LICENCE_MAX_FEE_FEN: i64 = 20_000_000 * 100;
/// … and running royalties at 20 % of net sales or 40 % of profit.
const OPEN_LICENCE_MAX_SALES_BP: u32 = 2_000;
const OPEN_LICENCE_MAX_PROFIT_BP: u32 = 4_000;

/// `text` in the contract's language.
fn say(lang: Lang, text: Text) -> String {
    text.into_lang(lang).into_owned()
}

/// Checks `data` for `data.kind` and writes the contract in `lang`.
pub fn fill(data: &ContractData, lang: Lang) -> Result<Contract, ContractError> {
    let info = template_info(data.kind);
    validate(data, info.id)?;
    let mut w = Writer::new(lang, data);
    match data.kind {
        TemplateKind::Transfer | TemplateKind::ZeroPriceTransfer => transfer(&mut w, data),
        TemplateKind::ExclusiveLicence
        | TemplateKind::SoleLicence
        | TemplateKind::OrdinaryLicence => licence(&mut w, data),
        TemplateKind::OpenLicenceAcceptance => open_licence(&mut w, data),
        TemplateKind::Equity => equity(&mut w, data),
        TemplateKind::PayLaterAddendum => pay_later(&mut w, data),
    }
    let (role_a, role_b) = roles(data.kind, lang);
    let title = say(lang, info.title.clone());
    let (id, version) = (info.id, info.version);
    let reference = &data.deal_reference;
    let place = &data.signing_place;
    let date = fmt_date(data.date, lang);
    Ok(Contract {
        kind: data.kind,
        template_id: info.id,
        template_version: info.version,
        lang,
        title,
        subtitle: say(
            lang,
            text!(
                "合同编号：{reference}　签订地点：{place}　签订日期：{date}",
                "Contract no. {reference} · signed at {place} on {date}"
            ),
        ),
        patent_table: data
            .patents
            .iter()
            .map(|p| {
                [
                    p.number.trim().to_string(),
                    p.title.trim().to_string(),
                    p.patent_type.trim().to_string(),
                    opt_date(p.application_date, lang),
                    opt_date(p.grant_date, lang),
                ]
            })
            .collect(),
        patent_table_headings: [
            Text::new("专利号", "Patent no."),
            Text::new("专利名称", "Title"),
            Text::new("专利类型", "Type"),
            Text::new("申请日", "Filing date"),
            Text::new("授权公告日", "Grant date"),
        ]
        .map(|heading| say(lang, heading)),
        patent_table_after: w.table_after,
        sections: w.sections,
        signatures: vec![
            signature_block(
                &patentee_role(data.kind, role_a, lang),
                &data.licensor,
                lang,
            ),
            signature_block(&role_b, &data.licensee, lang),
        ],
        footer: say(
            lang,
            text!(
                "制式文本 {id} 第 {version} 版",
                "Template {id} version {version}"
            ),
        ),
    })
}

fn validate(data: &ContractData, template: &'static str) -> Result<(), ContractError> {
    let missing = |what| Err(ContractError::Missing { template, what });
    let invalid = |problem| Err(ContractError::Invalid { template, problem });
    if data.deal_reference.trim().is_empty() {
        return missing(Text::new("交易编号", "the deal reference"));
    }
    if data.licensor.name.trim().is_empty() {
        return missing(Text::new(
            "甲方（转让方、许可方或出资方）的名称",
            "the name of the transferor, licensor or contributor (Party A)",
        ));
    }
    if data.licensee.name.trim().is_empty() {
        return missing(Text::new(
            "乙方（受让方、被许可方或被投资公司）的名称",
            "the name of the transferee, licensee or company (Party B)",
        ));
    }
    for party in [&data.licensor, &data.licensee] {
        if let Some(code) = &party.credit_code
            && let Err(e) = CreditCode::parse(code)
        {
            let name = &party.name;
            let zh = FieldError::from_domain("credit_code", &e)
                .message
                .zh()
                .to_owned();
            return invalid(Text::owned(
                format!("{name}的{zh}"),
                format!("credit code of {name}: {e}"),
            ));
        }
    }
    if data.signing_place.trim().is_empty() {
        return missing(Text::new("签订地点", "the signing place"));
    }
    if data.patents.is_empty() {
        return missing(Text::new("专利（至少一件）", "patents (at least one)"));
    }
    for p in &data.patents {
        if let Err(e) = PatentNumber::parse(&p.number) {
            let number = &p.number;
            return invalid(text!(
                "专利号“{number}”无法识别",
                "patent number {number:?}: {e}"
            ));
        }
        if p.title.trim().is_empty() {
            let number = &p.number;
            return invalid(text!(
                "专利 {number} 缺少名称",
                "patent {number} has no title"
            ));
        }
        if p.patent_type.trim().is_empty() {
            let number = &p.number;
            return invalid(text!(
                "专利 {number} 缺少专利类型（发明、实用新型或外观设计）",
                "patent {number} has no type (invention, utility model or design)"
            ));
        }
    }
    let kind = data.kind;
    if kind.is_licence() {
        let (Some(start), Some(end)) = (data.term_start, data.term_end) else {
            return missing(Text::new(
                "许可期限（起止日期）",
                "the licence term (start and end dates)",
            ));
        };
        if end <= start {
            return invalid(text!(
                "许可期限的终止日（{end}）早于起始日（{start}）",
                "the licence term ends ({end}) before it starts ({start})"
            ));
        }
        if data.territory.trim().is_empty() {
            return missing(Text::new("许可地域", "the territory"));
        }
        if data.scope.trim().is_empty() {
            return missing(Text::new(
                "许可范围（技术领域）",
                "the scope (field of use)",
            ));
        }
    }
    if kind == TemplateKind::PayLaterAddendum && data.term_start.is_none() {
        return missing(Text::new(
            "许可起始日（term_start），免费期自该日起算",
            "the date the licence starts (term_start), from which the free period runs",
        ));
    }
    if kind == TemplateKind::Equity {
        match data.equity_share_bp {
            None => {
                return missing(Text::new(
                    "出资比例（equity_share_bp）",
                    "the equity share (equity_share_bp)",
                ));
            }
            Some(bp) if bp == 0 || bp > 10_000 => {
                return invalid(text!(
                    "出资比例 {bp} 个基点不在 0 至 100% 之间",
                    "an equity share of {bp} basis points is not between 0 and 100 %"
                ));
            }
            Some(_) => {}
        }
    }
    validate_price(data, template)
}

fn validate_price(data: &ContractData, template: &'static str) -> Result<(), ContractError> {
    let invalid = |problem| Err(ContractError::Invalid { template, problem });
    let positive = |fen: i64, what: Text| {
        if fen > 0 {
            Ok(())
        } else {
            let (zh, en) = (what.zh(), what.en());
            Err(ContractError::Invalid {
                template,
                problem: text!(
                    "{zh}须大于零（现为 {fen} 分）",
                    "{en} must be more than zero (got {fen} fen)"
                ),
            })
        }
    };
    match &data.price {
        PaymentTerms::Lump { amount_fen, .. } => {
            positive(*amount_fen, Text::new("价款", "the price"))?
        }
        PaymentTerms::Instalments(list) => {
            if list.is_empty() {
                return invalid(Text::new(
                    "分期付款至少应有一期",
                    "an instalment plan needs at least one instalment",
                ));
            }
            for i in list {
                positive(i.amount_fen, Text::new("每期金额", "every instalment"))?;
            }
        }
        PaymentTerms::Royalty {
            basis_points,
            entry_fee_fen,
            ..
        } => {
            royalty_rate(*basis_points, template)?;
            if let Some(fee) = entry_fee_fen {
                positive(*fee, Text::new("入门费", "the entry fee"))?;
            }
        }
        PaymentTerms::PayLater {
            basis_points,
            report_every_months,
            ..
        } => {
            royalty_rate(*basis_points, template)?;
            if *report_every_months == 0 {
                return invalid(Text::new(
                    "报告周期至少为一个月",
                    "the reporting period must be at least one month",
                ));
            }
        }
        PaymentTerms::Free => {}
    }
    let kind = data.kind;
    let price = &data.price;
    let allowed = match kind {
        TemplateKind::Transfer => matches!(
            price,
            PaymentTerms::Lump { .. } | PaymentTerms::Instalments(_) | PaymentTerms::Royalty { .. }
        ),
        TemplateKind::ExclusiveLicence
        | TemplateKind::SoleLicence
        | TemplateKind::OrdinaryLicence => !matches!(price, PaymentTerms::Free),
        TemplateKind::OpenLicenceAcceptance => {
            matches!(
                price,
                PaymentTerms::Lump { .. } | PaymentTerms::Royalty { .. }
            )
        }
        TemplateKind::Equity => matches!(price, PaymentTerms::Lump { .. }),
        TemplateKind::ZeroPriceTransfer => matches!(price, PaymentTerms::Free),
        TemplateKind::PayLaterAddendum => matches!(price, PaymentTerms::PayLater { .. }),
    };
    if !allowed {
        let expected = match kind {
            TemplateKind::Transfer => Text::new(
                "一次性支付、分期支付或提成（无偿转让使用零元转让文本）",
                "a lump sum, instalments or a royalty (a free transfer uses the zero-price template)",
            ),
            TemplateKind::OpenLicenceAcceptance => {
                Text::new("声明的一次性费用或提成", "the declared lump sum or royalty")
            }
            TemplateKind::Equity => Text::new(
                "以一次性金额表示的约定作价",
                "the agreed valuation as a lump sum",
            ),
            TemplateKind::ZeroPriceTransfer => Text::new(
                "无价款（PaymentTerms::Free）",
                "no price (PaymentTerms::Free)",
            ),
            TemplateKind::PayLaterAddendum => Text::new("先使用后付费条款", "pay-later terms"),
            _ => Text::new(
                "使用费（这些文本中的许可不能免费）",
                "a fee (a licence cannot be free in these templates)",
            ),
        };
        let (zh, en) = (expected.zh(), expected.en());
        return invalid(text!("付款方式应为{zh}", "the payment terms must be {en}"));
    }
    if kind == TemplateKind::OpenLicenceAcceptance {
        match *price {
            PaymentTerms::Lump { amount_fen, .. } if amount_fen > OPEN_LICENCE_MAX_FEE_FEN => {
                return invalid(Text::new(
                    "开放许可使用费不得超过 2000 万元",
                    "an open licence fee may not exceed ¥20,000,000",
                ));
            }
            PaymentTerms::Royalty {
                basis,
                basis_points,
                ..
            } => {
                let cap = match basis {
                    RoyaltyBasis::NetSales => OPEN_LICENCE_MAX_SALES_BP,
                    RoyaltyBasis::Profit => OPEN_LICENCE_MAX_PROFIT_BP,
                };
                if basis_points > cap {
                    let cap = percent(cap);
                    let basis = basis.label();
                    let (zh, en) = (basis.zh(), basis.en().to_lowercase());
                    return invalid(text!(
                        "开放许可提成不得超过{zh}的 {cap}",
                        "an open-licence royalty may not exceed {cap} of {en}"
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn royalty_rate(bp: u32, template: &'static str) -> Result<(), ContractError> {
    if bp == 0 || bp > 10_000 {
        return Err(ContractError::Invalid {
            template,
            problem: text!(
                "提成比例 {bp} 个基点不在 0 至 100% 之间",
                "a royalty rate of {bp} basis points is not between 0 and 100 %"
            ),
        });
    }
    Ok(())
}

/// Collects numbered articles in one language.
struct Writer {
    lang: Lang,
    sections: Vec<Section>,
    table_after: usize,
    a: String,
    b: String,
    /// The open-licence notice is one party's act, not an agreement.
    notice: bool,
}

impl Writer {
    fn new(lang: Lang, data: &ContractData) -> Self {
        let (a, b) = roles(data.kind, lang);
        // The short names used in the body: 甲方/乙方 in Chinese, the role
        // in English.
        let (a, b) = match lang {
            Lang::Zh => (
                a.split('（').next().unwrap_or(&a).to_string(),
                b.split('（').next().unwrap_or(&b).to_string(),
            ),
            Lang::En => (
                short_role_en(data.kind, true),
                short_role_en(data.kind, false),
            ),
        };
        Writer {
            lang,
            sections: Vec::new(),
            table_after: 0,
            a,
            b,
            notice: data.kind == TemplateKind::OpenLicenceAcceptance,
        }
    }

    /// Adds the next article; returns its index.
    fn article(&mut self, heading: Text, paragraphs: Vec<String>) -> usize {
        let n = self.sections.len() + 1;
        let number = chinese_number(n);
        let (zh, en) = (heading.zh(), heading.en());
        let heading = say(self.lang, text!("第{number}条　{zh}", "Article {n}  {en}"));
        let paragraphs = match self.lang {
            Lang::Zh => paragraphs,
            Lang::En => paragraphs.iter().map(|p| sentence_case(p)).collect(),
        };
        self.sections.push(Section {
            heading,
            paragraphs,
        });
        n - 1
    }

    /// The article naming the patents; the patent table follows it.
    fn subject(&mut self, heading: Text, paragraphs: Vec<String>) {
        self.table_after = self.article(heading, paragraphs);
    }
}

/// English roles are written "the Licensor" inside sentences; where one
/// opens a paragraph or a sentence it needs its capital.
fn sentence_case(p: &str) -> String {
    let p = p.replace(". the ", ". The ");
    match p.strip_prefix("the ") {
        Some(rest) => format!("The {rest}"),
        None => p,
    }
}

fn roles(kind: TemplateKind, lang: Lang) -> (String, String) {
    let (a, b) = match kind {
        TemplateKind::Transfer | TemplateKind::ZeroPriceTransfer => (
            Text::new("甲方（转让方）", "Party A (Transferor)"),
            Text::new("乙方（受让方）", "Party B (Transferee)"),
        ),
        TemplateKind::OpenLicenceAcceptance => (
            Text::new("专利权人", "Patentee"),
            Text::new("通知人（被许可人）", "Notifying party (Licensee)"),
        ),
        TemplateKind::Equity => (
            Text::new("甲方（出资方）", "Party A (Contributor)"),
            Text::new("乙方（被投资公司）", "Party B (Company)"),
        ),
        _ => (
            Text::new("甲方（许可方）", "Party A (Licensor)"),
            Text::new("乙方（被许可方）", "Party B (Licensee)"),
        ),
    };
    (say(lang, a), say(lang, b))
}

fn short_role_en(kind: TemplateKind, first: bool) -> String {
    let (a, b) = match kind {
        TemplateKind::Transfer | TemplateKind::ZeroPriceTransfer => {
            ("the Transferor", "the Transferee")
        }
        TemplateKind::OpenLicenceAcceptance => ("the Patentee", "the Licensee"),
        TemplateKind::Equity => ("the Contributor", "the Company"),
        _ => ("the Licensor", "the Licensee"),
    };
    if first { a } else { b }.to_string()
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (article numbers).
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

fn fmt_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

fn opt_date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map(|d| match lang {
        Lang::Zh => d.format("%Y-%m-%d").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    })
    .unwrap_or_else(|| "—".to_string())
}

/// "人民币80,000.00元（大写：人民币捌万元整）" / "RMB 80,000.00".
fn money(fen: i64, lang: Lang) -> String {
    let fen = fen.unsigned_abs();
    let yuan = format_yuan(fen);
    let capital = capital_amount(fen);
    say(
        lang,
        text!("人民币{yuan}元（大写：人民币{capital}）", "RMB {yuan}"),
    )
}

fn basis_text(basis: RoyaltyBasis, lang: Lang) -> String {
    let text = match basis {
        RoyaltyBasis::NetSales => Text::new(
            "实施本专利所得产品的年度净销售额（开票金额扣除增值税及退货）",
            "the annual net sales of products made by working the patents (invoiced amounts less VAT and returns)",
        ),
        RoyaltyBasis::Profit => Text::new(
            "实施本专利所得产品的年度利润（经审计的营业利润中归属于该产品的部分）",
            "the annual profit from products made by working the patents (the audited operating profit attributable to them)",
        ),
    };
    say(lang, text)
}

fn party_paragraph(role: &str, p: &Party, lang: Lang) -> String {
    let mut parts = vec![format!("{role}{}{}", sep(lang), p.name.trim())];
    let fields = [
        (
            say(
                lang,
                text!("统一社会信用代码", "unified social credit code"),
            ),
            &p.credit_code,
        ),
        (say(lang, text!("住所", "address")), &p.address),
        (
            say(lang, text!("授权代表", "authorised representative")),
            &p.representative,
        ),
    ];
    for (label, value) in fields {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{label}{}{v}", sep(lang)));
        }
    }
    match lang {
        Lang::Zh => format!("{}。", parts.join("；")),
        Lang::En => format!("{}.", parts.join("; ")),
    }
}

fn sep(lang: Lang) -> String {
    say(lang, Text::new("：", ": "))
}

/// On an open-licence notice the patentee only acknowledges receipt; its
/// signature is not what makes the licence (Patent Law art. 51).
fn patentee_role(kind: TemplateKind, role: String, lang: Lang) -> String {
    if kind != TemplateKind::OpenLicenceAcceptance {
        return role;
    }
    say(
        lang,
        text!(
            "{role}（签收，非许可生效条件）",
            "{role} (acknowledging receipt; not a condition of the licence)",
        ),
    )
}

fn signature_block(role: &str, p: &Party, lang: Lang) -> SignatureBlock {
    let value = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    let rows = [
        (Text::new("名称", "Name"), p.name.trim().to_string()),
        (
            Text::new("统一社会信用代码", "Credit code"),
            value(&p.credit_code),
        ),
        (Text::new("住所", "Address"), value(&p.address)),
        (
            Text::new("授权代表", "Representative"),
            value(&p.representative),
        ),
        (Text::new("签字/盖章", "Signature / seal"), String::new()),
        (Text::new("日期", "Date"), String::new()),
    ]
    .into_iter()
    .map(|(label, value)| (say(lang, label), value))
    .collect();
    SignatureBlock {
        role: role.to_string(),
        rows,
    }
}

/// The opening article: who the parties are and what the contract rests on.
fn parties_article(w: &mut Writer, data: &ContractData, basis: Text) {
    let lang = w.lang;
    let (basis_zh, basis_en) = (basis.zh(), basis.en());
    let (ra, rb) = roles(data.kind, lang);
    let reference = &data.deal_reference;
    let mut paras = vec![
        party_paragraph(&ra, &data.licensor, lang),
        party_paragraph(&rb, &data.licensee, lang),
    ];
    paras.push(if data.kind == TemplateKind::OpenLicenceAcceptance {
        let (a, b) = (&w.a, &w.b);
        say(lang, text!("{b}依据{basis_zh}，就下列专利向{a}发出本通知书（平台交易编号：{reference}）。",
            "On the basis of {basis_en}, {b} sends {a} this notice concerning the patents below (platform deal {reference}).",))
    } else {
        say(lang, text!("双方依据{basis_zh}，本着平等、自愿、诚信的原则，经协商一致，就下列专利订立本文本（平台交易编号：{reference}），共同遵守。",
            "On the basis of {basis_en}, the parties, on an equal and voluntary footing and in good faith, have agreed on this text (platform deal {reference}) concerning the patents below.",))
    });
    w.article(Text::new("合同当事人", "The parties"), paras);
}

fn patents_sentence(data: &ContractData, lang: Lang) -> String {
    let n = data.patents.len();
    say(
        lang,
        text!(
            "本文本所涉专利共{n}件，详见本条下方专利清单。清单所列专利号、名称、类型、申请日和授权公告日以国家知识产权局专利登记簿记载为准。",
            "This text concerns {n} patent(s), listed in the table below this article. The numbers, titles, types, filing and grant dates are as recorded in the patent register of the China National Intellectual Property Administration (CNIPA).",
        ),
    )
}

fn payment_paragraphs(w: &Writer, data: &ContractData) -> Vec<String> {
    let lang = w.lang;
    let (a, b) = (&w.a, &w.b);
    match &data.price {
        PaymentTerms::Lump {
            amount_fen,
            due_days,
        } => {
            let m = money(*amount_fen, lang);
            vec![say(
                lang,
                text!(
                    "本合同价款为{m}，采用一次总算、一次总付的方式（《民法典》第八百四十六条）。{b}应于本合同生效之日起{due_days}日内将全部价款支付至{a}书面指定的银行账户。",
                    "The price is {m}, fixed and paid in one sum (Civil Code art. 846). {b} shall pay it in full into the bank account {a} designates in writing within {due_days} days after this contract takes effect.",
                ),
            )]
        }
        PaymentTerms::Instalments(list) => {
            let total: i64 = list.iter().map(|i| i.amount_fen).sum();
            let m = money(total, lang);
            let count = list.len();
            let mut out = vec![say(
                lang,
                text!(
                    "本合同价款总额为{m}，采用一次总算、分期支付的方式（《民法典》第八百四十六条），{b}按下列期限分{count}期支付至{a}书面指定的银行账户：",
                    "The total price is {m}, fixed once and paid in {count} instalments (Civil Code art. 846) into the bank account {a} designates in writing:",
                ),
            )];
            for (i, inst) in list.iter().enumerate() {
                let k = i + 1;
                let due = fmt_date(inst.due, lang);
                let m = money(inst.amount_fen, lang);
                out.push(say(
                    lang,
                    text!("（{k}）{due}前支付{m}；", "({k}) {m} by {due};"),
                ));
            }
            out
        }
        PaymentTerms::Royalty {
            basis,
            basis_points,
            entry_fee_fen,
        } => {
            let rate = percent(*basis_points);
            let base = basis_text(*basis, lang);
            let mut out = Vec::new();
            if let Some(fee) = entry_fee_fen {
                let m = money(*fee, lang);
                out.push(say(lang, text!("本合同采用提成支付附加预付入门费的方式（《民法典》第八百四十六条）。{b}应于本合同生效之日起三十日内支付入门费{m}。",
                    "Payment is a running royalty with an entry fee paid in advance (Civil Code art. 846). {b} shall pay an entry fee of {m} within thirty days after this contract takes effect.",)));
            } else {
                out.push(say(
                    lang,
                    text!(
                        "本合同采用提成支付的方式（《民法典》第八百四十六条）。",
                        "Payment is a running royalty (Civil Code art. 846).",
                    ),
                ));
            }
            out.push(royalty_settlement(lang, a, b, &base, &rate));
            out
        }
        PaymentTerms::PayLater {
            free_months,
            basis,
            basis_points,
            ..
        } => {
            let rate = percent(*basis_points);
            let base = basis_text(*basis, lang);
            vec![say(
                lang,
                text!(
                    "本合同采用“先使用后付费”方式：自许可期限开始之日起{free_months}个月内{b}免费实施，此后按{base}的{rate}支付提成使用费。免费期、报告期、付费起算和违约处理以双方另行签订的《先使用后付费补充协议》为准。",
                    "Payment follows \"use first, pay later\": {b} works the patents free of charge for {free_months} months from the start of the term and then pays a royalty of {rate} of {base}. The free period, reporting, start of payment and default are governed by the parties' separate Use-First-Pay-Later Addendum.",
                ),
            )]
        }
        PaymentTerms::Free => vec![say(
            lang,
            text!(
                "本合同价款为人民币零元（大写：人民币零元整）。{b}无需向{a}支付任何转让费用。",
                "The price is RMB 0.00. {b} pays {a} nothing for the transfer.",
            ),
        )],
    }
}

/// How a running royalty is reported, paid and checked.
fn royalty_settlement(lang: Lang, a: &str, b: &str, base: &str, rate: &str) -> String {
    say(
        lang,
        text!(
            "提成使用费按{base}的{rate}计算，按自然年度结算。{b}应于每年一月三十一日前向{a}提交上一年度的销售或利润报表，并于报表提交后三十日内付清该年度提成使用费；{a}有权每年一次自费委托会计师事务所查阅与提成计算有关的账册。",
            "The royalty is {rate} of {base}, settled per calendar year. {b} shall give {a} a statement of the previous year's sales or profit before 31 January each year and pay that year's royalty within thirty days after the statement; {a} may once a year, at its own cost, have an accounting firm inspect the books relevant to the royalty.",
        ),
    )
}

/// The fee of an open licence, as declared: paid with or shortly after the
/// notice, because the licence exists only once it is paid (Patent Law
/// art. 51).
fn open_licence_payment(w: &Writer, data: &ContractData) -> Vec<String> {
    let lang = w.lang;
    let (a, b) = (&w.a, &w.b);
    match &data.price {
        PaymentTerms::Lump {
            amount_fen,
            due_days,
        } => {
            let m = money(*amount_fen, lang);
            vec![say(
                lang,
                text!(
                    "依照公告的开放许可声明，许可使用费为{m}，一次总付。{b}应于本通知书发出之日起{due_days}日内将其支付至{a}在开放许可声明中指定的账户。",
                    "Under the announced declaration the fee is {m}, paid in one sum. {b} shall pay it into the account named in {a}'s declaration within {due_days} days after sending this notice.",
                ),
            )]
        }
        PaymentTerms::Royalty {
            basis,
            basis_points,
            entry_fee_fen,
        } => {
            let rate = percent(*basis_points);
            let base = basis_text(*basis, lang);
            let mut out = Vec::new();
            if let Some(fee) = entry_fee_fen {
                let m = money(*fee, lang);
                out.push(say(lang, text!("依照公告的开放许可声明，许可使用费采用入门费加提成的方式。{b}应在发出本通知书的同时，向{a}在开放许可声明中指定的账户支付入门费{m}。",
                    "Under the announced declaration the fee is an entry fee plus a running royalty. {b} shall pay the entry fee of {m} into the account named in {a}'s declaration when it sends this notice.",)));
            } else {
                out.push(say(
                    lang,
                    text!(
                        "依照公告的开放许可声明，许可使用费采用提成支付的方式。",
                        "Under the announced declaration the fee is a running royalty.",
                    ),
                ));
            }
            out.push(royalty_settlement(lang, a, b, &base, &rate));
            out
        }
        // validate() lets only a lump sum or a royalty reach this template.
        _ => Vec::new(),
    }
}

fn confidentiality(w: &mut Writer) {
    let lang = w.lang;
    let (a, b) = (&w.a, &w.b);
    w.article(Text::new("保密", "Confidentiality"), vec![say(lang, text!("{b}对{a}提供的技术资料中尚未公开的部分，以及双方在订立和履行本合同中知悉的对方商业信息，负有保密义务，在本合同终止后五年内仍然有效（《民法典》第八百七十一条）。该保密义务不限制{a}就相关技术申请专利（《民法典》第八百六十八条第二款）。",
            "{b} shall keep confidential the unpublished parts of the technical material {a} provides, and each party the other's business information learnt in making and performing this contract, for five years after it ends (Civil Code art. 871). This duty does not prevent {a} from applying for patents on the technology (Civil Code art. 868(2)).",))],);
}

fn disputes(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    let place = data.signing_place.trim();
    let mut paras = vec![say(
        lang,
        text!(
            "因本文本引起或与之有关的争议，双方应友好协商解决；协商不成的，任何一方可向合同签订地（{place}）有管辖权的人民法院提起诉讼。",
            "Disputes arising from or in connection with this text shall first be settled by friendly negotiation; failing that, either party may sue in the competent people's court at the place of signing ({place}).",
        ),
    )];
    if data.kind == TemplateKind::OpenLicenceAcceptance {
        paras.push(say(lang, text!("就实施开放许可发生的纠纷，双方也可以请求国务院专利行政部门进行调解（《专利法》第五十二条）。",
            "Disputes over working the open licence may also be brought to the patent administration department of the State Council for mediation (Patent Law art. 52).",)));
    }
    w.article(Text::new("争议解决", "Disputes"), paras);
}

fn binding_language(lang: Lang) -> String {
    say(
        lang,
        text!(
            "本文本以中文书写，中文文本为具有约束力的文本；英文译本仅供参考，两者不一致时以中文文本为准。",
            "This English rendering is for reference only. The Chinese text is the binding text; where the two differ, the Chinese text prevails.",
        ),
    )
}

fn title_warranty(w: &Writer, transfer: bool) -> Vec<String> {
    let lang = w.lang;
    let (a, b) = (&w.a, &w.b);
    let mut out = vec![say(
        lang,
        text!(
            "{a}保证：其是清单所列专利的合法权利人，专利权有效且年费已按期缴纳；专利权不存在权属争议，未被质押，未被司法机关采取保全措施；所提供的技术资料完整、无误、有效（《民法典》第八百七十条）。",
            "{a} warrants that it is the lawful owner of the listed patents; that they are in force with all annual fees paid; that their ownership is undisputed and they are neither pledged nor under a court's preservation order; and that the technical material it provides is complete, correct and effective (Civil Code art. 870).",
        ),
    )];
    out.push(say(lang, text!("{b}按照约定实施专利侵害他人合法权益的，由{a}承担责任（《民法典》第八百七十四条）。",
        "If {b}, working the patents as agreed, infringes the lawful rights of others, {a} bears the liability (Civil Code art. 874).",)));
    if transfer {
        out.push(say(lang, text!("清单所列专利属于职务技术成果的，{a}保证已依法告知完成人其以同等条件优先受让的权利，且完成人未主张该权利（《民法典》第八百四十七条）。",
            "Where a listed patent is a service invention, {a} warrants that it has told the inventors of their right of first refusal on equal terms and that they have not exercised it (Civil Code art. 847).",)));
    }
    out
}

fn prior_licences(w: &mut Writer) {
    let lang = w.lang;
    let (a, b) = (&w.a, &w.b);
    w.article(Text::new("在先许可", "Licences already granted"), vec![
            say(lang, text!("{a}应在签订本合同时书面列明其就清单所列专利已订立的全部实施许可合同（含开放许可）；未列明的，视为不存在。",
                "On signing, {a} shall list in writing every licence it has granted under the listed patents (including open licences); a licence not listed is deemed not to exist.",)),
            say(lang, text!("本合同不影响在其成立前{a}与他人订立的专利实施许可合同的效力（《最高人民法院关于审理技术合同纠纷案件适用法律若干问题的解释》第二十四条）。自转让登记之日起，该等许可合同中许可人的权利和义务由{b}承受，此后到期的使用费归{b}所有。",
                "This contract does not affect licences {a} granted before it was made (Supreme People's Court Interpretation on Technology Contract Disputes, art. 24). From registration of the transfer, {b} takes over the licensor's rights and duties under those licences, and royalties falling due thereafter belong to {b}.",)),
        ],);
}

fn closing(w: &mut Writer, effect: String, copies: usize) {
    let lang = w.lang;
    let n = chinese_number(copies);
    let counterparts = if w.notice {
        let (a, b) = (&w.a, &w.b);
        say(
            lang,
            text!(
                "本通知书一式{n}份，{b}与{a}各执一份。",
                "This notice is made in {copies} copies; {b} and {a} each keep one.",
            ),
        )
    } else {
        say(
            lang,
            text!(
                "本文本一式{n}份，具有同等效力。未尽事宜，双方可另行签订书面补充协议，补充协议与本文本具有同等效力。",
                "This text is made in {copies} counterparts of equal force. Matters not covered may be settled by a written addendum of equal force.",
            ),
        )
    };
    w.article(
        Text::new("生效与文本", "Entry into force and texts"),
        vec![effect, counterparts, binding_language(lang)],
    );
}

/// 专利权转让合同 and its zero-price variant.
fn transfer(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    let zero = data.kind == TemplateKind::ZeroPriceTransfer;
    parties_article(
        w,
        data,
        Text::new(
            "《中华人民共和国民法典》第八百四十三条、第八百六十二条、第八百六十三条和《中华人民共和国专利法》第十条",
            "Civil Code arts. 843, 862 and 863 and Patent Law art. 10",
        ),
    );
    let (a, b) = (w.a.clone(), w.b.clone());
    w.subject(Text::new("转让标的", "The patents transferred"), vec![
            say(lang, text!("{a}将下列专利的专利权全部转让给{b}，{b}同意受让。",
                "{a} transfers to {b}, and {b} accepts, the whole of the patent rights in the patents below.",)),
            patents_sentence(data, lang),
        ],);
    w.article(Text::new("转让登记与生效", "Registration and effect of the transfer"), vec![
            say(lang, text!("双方应自本合同生效之日起三十日内共同向国务院专利行政部门（国家知识产权局）办理专利权转让登记，{a}提供办理登记所需的全部文件。",
                "Within thirty days after this contract takes effect, the parties shall jointly apply to the patent administration department of the State Council (CNIPA) to register the transfer; {a} supplies every document the registration needs.",)),
            say(lang, text!("专利权的转让自国家知识产权局登记之日起生效（《专利法》第十条第三款）。登记前，专利权仍属于{a}，{a}应维持专利权有效并按期缴纳年费。",
                "The transfer of the patent rights takes effect on the day CNIPA registers it (Patent Law art. 10(3)). Until then the patents remain {a}'s, and {a} shall keep them in force and pay the annual fees on time.",)),
            say(lang, text!("国家知识产权局不予登记的，任何一方可以解除本合同，{a}应于解除后三十日内返还已收取的全部价款。",
                "If CNIPA refuses registration, either party may terminate this contract, and {a} shall repay everything received within thirty days after termination.",)),
        ],);
    let mut price = payment_paragraphs(w, data);
    if zero {
        price.push(say(lang, text!("{b}确认：本次转让系{a}通过本平台以零元转让的首件专利，不以{b}支付任何对价为条件；登记费用及登记后的专利年费由{b}承担。",
            "{b} acknowledges that this is the first patent {a} transfers at zero price through the platform, not conditional on any payment by {b}; {b} bears the registration fees and the annual fees after registration.",)));
    } else {
        price.push(say(lang, text!("办理转让登记的官方费用由{b}承担；{a}收款后应向{b}开具合法票据。",
            "{b} bears the official fees of registering the transfer; {a} issues a proper invoice for every payment received.",)));
    }
    w.article(Text::new("价款与支付", "Price and payment"), price);
    w.article(Text::new("双方的主要义务", "Main obligations of the parties"), vec![
            say(lang, text!("{a}应于本合同生效之日起十五日内向{b}交付专利申请文件、授权文件、年费缴纳凭证以及实施专利所需的技术资料，并提供必要的技术指导。",
                "Within fifteen days after this contract takes effect, {a} shall hand {b} the application and grant documents, the annual-fee receipts and the technical material needed to work the patents, and give the necessary technical guidance.",)),
            say(lang, text!("{b}应按约定支付价款，配合办理转让登记，并自登记之日起承担专利年费。",
                "{b} shall pay as agreed, cooperate in the registration and pay the annual fees from the registration date.",)),
        ],);
    if zero {
        w.article(Text::new("零元转让的条件", "Conditions of the zero-price transfer"), vec![
                say(lang, text!("{b}承诺自转让登记之日起十二个月内在生产经营中实施清单所列专利，并在该期限届满后三十日内向{a}和本平台书面报告实施情况。",
                    "{b} undertakes to work the listed patents in its business within twelve months after registration and to report in writing to {a} and to the platform within thirty days after that period.",)),
                say(lang, text!("{b}无正当理由在上述期限内未实施的，{a}有权要求{b}将专利权无偿转回，{b}应配合办理转让登记，费用由{b}承担。",
                    "If {b} fails without good reason to work the patents within that period, {a} may require {b} to transfer them back free of charge, and {b} shall cooperate in the registration at its own cost.",)),
            ],);
    }
    let warranty = title_warranty(w, true);
    w.article(Text::new("权属保证", "Warranties of title"), warranty);
    prior_licences(w);
    confidentiality(w);
    let breach = if zero {
        vec![say(
            lang,
            text!(
                "一方违反本合同约定的，应承担继续履行、采取补救措施或者赔偿损失等违约责任（《民法典》第八百七十二条、第八百七十三条）。{a}违反权属保证致使转让不能登记或{b}不能实施的，{b}可以解除本合同并要求赔偿损失。",
                "A party in breach shall continue to perform, remedy the breach or compensate the loss (Civil Code arts. 872 and 873). If {a}'s breach of its warranties prevents registration or working, {b} may terminate and claim damages.",
            ),
        )]
    } else {
        vec![
            say(
                lang,
                text!(
                    "{b}逾期付款的，每逾期一日按应付未付金额的万分之五向{a}支付违约金；逾期超过六十日的，{a}可以解除本合同（《民法典》第五百八十五条、第八百七十三条）。",
                    "For each day {b} pays late it owes {a} a penalty of 0.05% of the overdue amount; after sixty days {a} may terminate this contract (Civil Code arts. 585 and 873).",
                ),
            ),
            say(
                lang,
                text!(
                    "{a}违反权属保证致使转让不能登记或{b}不能实施的，{b}可以解除本合同，{a}应返还全部价款并赔偿{b}因此受到的损失（《民法典》第八百七十二条）。",
                    "If {a}'s breach of its warranties prevents registration or working, {b} may terminate; {a} shall repay the whole price and compensate {b}'s loss (Civil Code art. 872).",
                ),
            ),
        ]
    };
    w.article(Text::new("违约责任", "Breach"), breach);
    disputes(w, data);
    closing(
        w,
        say(
            lang,
            text!(
                "本合同自双方签字或盖章之日起成立并生效；专利权的转让自国家知识产权局登记之日起生效。",
                "This contract is made and takes effect when both parties have signed or sealed it; the transfer of the patent rights takes effect on registration with CNIPA.",
            ),
        ),
        3,
    );
}

/// 专利实施许可合同, exclusive, sole or ordinary.
fn licence(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    parties_article(
        w,
        data,
        Text::new(
            "《中华人民共和国民法典》第八百四十三条、第八百六十二条第二款、第八百六十三条第二款和《中华人民共和国专利法》第十二条",
            "Civil Code arts. 843, 862(2) and 863(2) and Patent Law art. 12",
        ),
    );
    let (a, b) = (w.a.clone(), w.b.clone());
    w.subject(Text::new("许可标的", "The licensed patents"), vec![
            say(lang, text!("{a}许可{b}在本合同约定的范围、地域和期限内实施下列专利。",
                "{a} licenses {b} to work the patents below within the scope, territory and term agreed here.",)),
            patents_sentence(data, lang),
        ],);
    let kind_paras = match data.kind {
        TemplateKind::ExclusiveLicence => vec![
            say(
                lang,
                text!(
                    "本许可为独占实施许可：在约定的范围、地域和期限内，仅{b}可以实施清单所列专利，{a}自身不得实施，也不得许可任何第三方实施。",
                    "This is an exclusive licence: within the agreed scope, territory and term only {b} may work the listed patents; {a} may neither work them itself nor license anyone else.",
                ),
            ),
            open_licence_bar(lang, &a),
        ],
        TemplateKind::SoleLicence => vec![
            say(
                lang,
                text!(
                    "本许可为排他实施许可：在约定的范围、地域和期限内，{a}不得许可任何第三方实施清单所列专利，但{a}自身保留实施的权利。",
                    "This is a sole licence: within the agreed scope, territory and term {a} may not license anyone else to work the listed patents but keeps the right to work them itself.",
                ),
            ),
            open_licence_bar(lang, &a),
        ],
        _ => vec![say(
            lang,
            text!(
                "本许可为普通实施许可：{a}保留自行实施清单所列专利以及许可第三方实施的权利。清单所列专利已实行开放许可的，本许可与开放许可并存，使用费以本合同约定为准（《专利法》第五十一条第三款）。",
                "This is an ordinary licence: {a} keeps the right to work the listed patents and to license others. Where a listed patent is under an open licence, this licence exists alongside it and the fee agreed here applies (Patent Law art. 51(3)).",
            ),
        )],
    };
    w.article(Text::new("许可类型", "Type of licence"), kind_paras);
    let scope = data.scope.trim();
    let territory = data.territory.trim();
    // validate() has ensured both dates exist for a licence.
    let start = data
        .term_start
        .map(|d| fmt_date(d, lang))
        .unwrap_or_default();
    let end = data.term_end.map(|d| fmt_date(d, lang)).unwrap_or_default();
    w.article(Text::new("许可范围、地域与期限", "Scope, territory and term"), vec![
            say(lang, text!("许可实施的范围（技术领域）：{scope}。", "Field of use: {scope}.")),
            say(lang, text!("许可实施的地域：{territory}。", "Territory: {territory}.")),
            say(lang, text!("许可期限自{start}起至{end}止。本合同仅在专利权存续期限内有效；专利权有效期限届满或者被宣告无效的，本合同相应终止（《民法典》第八百六十五条）。",
                "The term runs from {start} to {end}. This contract is valid only while the patents are in force; it ends for a patent whose term expires or which is declared invalid (Civil Code art. 865).",)),
            say(lang, text!("上述范围的约定不得限制{b}的技术竞争和技术发展（《民法典》第八百六十四条）。",
                "These limits shall not restrict {b}'s technological competition and development (Civil Code art. 864).",)),
        ],);
    let price = payment_paragraphs(w, data);
    w.article(Text::new("使用费及支付", "Fees and payment"), price);
    w.article(Text::new("合同备案", "Filing with CNIPA"), vec![say(lang, text!("{a}应自本合同生效之日起三个月内向国务院专利行政部门（国家知识产权局）办理本合同备案，{b}应予配合；备案记载双方、各专利的名称、专利号、申请日、授权日以及许可类型和期限（《专利法实施细则》第十五条第二款）。",
            "Within three months after this contract takes effect, {a} shall file it with the patent administration department of the State Council (CNIPA), with {b}'s cooperation; the filing records the parties, each patent's title, number, filing and grant dates, and the type and term of the licence (Implementing Regulations of the Patent Law art. 15(2)).",))],);
    w.article(Text::new("许可方的义务", "Obligations of the licensor"), vec![say(lang, text!("{a}应按照约定许可{b}实施专利，于本合同生效之日起十五日内交付实施专利有关的技术资料，提供必要的技术指导（《民法典》第八百六十六条），并在许可期限内维持专利权有效、按期缴纳年费。",
            "{a} shall license {b} as agreed, hand over the technical material for working the patents within fifteen days after this contract takes effect, give the necessary technical guidance (Civil Code art. 866), and keep the patents in force with annual fees paid throughout the term.",))],);
    w.article(Text::new("被许可方的义务", "Obligations of the licensee"), vec![say(lang, text!("{b}应按照约定的范围、地域和期限实施专利并支付使用费。未经{a}书面同意，{b}不得许可本合同约定以外的任何单位或者个人实施该专利，亦不得转让本合同项下的权利（《专利法》第十二条、《民法典》第八百六十七条）。",
            "{b} shall work the patents within the agreed scope, territory and term and pay the fees. Without {a}'s written consent {b} may not allow anyone outside this contract to work the patents, nor assign its rights under it (Patent Law art. 12; Civil Code art. 867).",))],);
    let mut warranty = title_warranty(w, false);
    warranty.push(say(lang, text!("专利权被宣告无效的，对本合同已经履行的部分不具有追溯力；但{a}恶意给{b}造成损失的，应当赔偿，明显违反公平原则的，应当返还全部或者部分使用费（《专利法》第四十七条第二款）。",
        "If a patent is declared invalid, the decision has no retroactive effect on the part of this contract already performed; but {a} compensates loss it caused {b} in bad faith and repays all or part of the fees where keeping them would be manifestly unfair (Patent Law art. 47(2)).",)));
    w.article(
        Text::new("专利有效性保证", "Warranty of validity"),
        warranty,
    );
    w.article(Text::new("后续改进", "Improvements"), vec![say(lang, text!("一方对清单所列专利作出的后续改进技术成果归改进方所有；改进方应在取得改进后六十日内书面通知另一方，另一方在同等条件下享有优先获得许可的权利（《民法典》第八百七十五条）。",
            "Improvements a party makes to the listed patents belong to that party; it shall notify the other in writing within sixty days, and the other has a right of first licence on equal terms (Civil Code art. 875).",))],);
    confidentiality(w);
    w.article(Text::new("违约责任", "Breach"), vec![
            say(lang, text!("{a}未按照约定许可的，应当返还部分或者全部使用费，并承担违约责任（《民法典》第八百七十二条）。",
                "If {a} does not license as agreed, it repays part or all of the fees and is liable for breach (Civil Code art. 872).",)),
            say(lang, text!("{b}未按照约定支付使用费的，应当补交使用费，并每逾期一日按欠付金额的万分之五支付违约金；不补交使用费或者支付违约金的，应当停止实施专利，交还技术资料。{b}超越约定范围实施或者擅自许可第三人实施的，应当停止违约行为并承担违约责任（《民法典》第八百七十三条）。",
                "If {b} does not pay as agreed, it pays the arrears plus a penalty of 0.05% of the overdue amount per day; if it pays neither, it shall stop working the patents and return the technical material. If {b} works beyond the agreed scope or licenses a third party without consent, it shall stop and is liable for breach (Civil Code art. 873).",)),
        ],);
    disputes(w, data);
    closing(
        w,
        say(
            lang,
            text!(
                "本合同自双方签字或盖章之日起生效。",
                "This contract takes effect when both parties have signed or sealed it.",
            ),
        ),
        3,
    );
}

fn open_licence_bar(lang: Lang, a: &str) -> String {
    say(
        lang,
        text!(
            "{a}保证清单所列专利在本合同签订时未实行开放许可。实行开放许可的专利不得给予独占或者排他许可（《专利法》第五十一条第三款）；在本合同有效期内，{a}不得就清单所列专利作出开放许可声明。",
            "{a} warrants that no listed patent is under an open licence when this contract is signed. A patent under an open licence may not be given an exclusive or sole licence (Patent Law art. 51(3)); while this contract is in force {a} shall not declare an open licence for any listed patent.",
        ),
    )
}

/// 开放许可实施通知书: a one-sided notice, effective on notice and payment.
fn open_licence(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    parties_article(
        w,
        data,
        Text::new(
            "《中华人民共和国专利法》第五十条、第五十一条和《中华人民共和国专利法实施细则》第八十七条",
            "Patent Law arts. 50 and 51 and Implementing Regulations art. 87",
        ),
    );
    let (a, b) = (w.a.clone(), w.b.clone());
    w.subject(Text::new("开放许可专利", "The patents under open licence"), vec![
            say(lang, text!("{a}已就下列专利向国务院专利行政部门声明开放许可并经公告。{b}以本通知书书面通知{a}，愿意按照公告的许可使用费支付方式和标准实施下列专利。",
                "{a} has declared, and the patent administration department of the State Council has announced, an open licence for the patents below. By this written notice {b} tells {a} that it will work them on the announced terms of payment.",)),
            patents_sentence(data, lang),
        ],);
    let scope = data.scope.trim();
    let territory = data.territory.trim();
    let mut terms = vec![say(
        lang,
        text!(
            "{b}接受开放许可声明所载的全部许可条件。实施范围：{scope}；实施地域：{territory}。",
            "{b} accepts all terms of the open-licence declaration. Field of use: {scope}; territory: {territory}.",
        ),
    )];
    terms.extend(open_licence_payment(w, data));
    w.article(Text::new("接受的许可条件", "The terms accepted"), terms);
    w.article(Text::new("许可的获得", "How the licence is obtained"), vec![
            say(lang, text!("{b}以书面方式通知{a}，并依照公告的许可使用费支付方式、标准支付许可使用费后，即获得专利实施许可（《专利法》第五十一条第一款）；{a}的签收或者同意不是许可生效的条件。",
                "{b} obtains the licence once it has notified {a} in writing and paid the fee in the announced manner and amount (Patent Law art. 51(1)); {a}'s acknowledgement or consent is not a condition of the licence.",)),
            say(lang, text!("通过开放许可获得的许可为普通许可（《专利法》第五十一条第三款）。",
                "A licence obtained under an open licence is an ordinary licence (Patent Law art. 51(3)).",)),
        ],);
    w.article(Text::new("备案", "Filing"), vec![say(lang, text!("{a}或者{b}可以凭本通知书及付款凭证向国务院专利行政部门办理开放许可实施备案（《专利法实施细则》第八十七条）。",
            "{a} or {b} may file the licence with the patent administration department of the State Council on the strength of this notice and the proof of payment (Implementing Regulations art. 87).",))],);
    w.article(Text::new("声明撤回的影响", "Withdrawal of the declaration"), vec![say(lang, text!("开放许可声明此后被公告撤回的，不影响{b}依本通知书已经获得的开放许可的效力（《专利法》第五十条第二款）。",
            "If the open-licence declaration is later withdrawn, the licence {b} has obtained under this notice remains in force (Patent Law art. 50(2)).",))],);
    disputes(w, data);
    closing(
        w,
        say(
            lang,
            text!(
                "本通知书送达{a}且{b}付清首期许可使用费之日，许可生效。",
                "The licence takes effect on the day this notice reaches {a} and {b} has paid the first fee due.",
            ),
        ),
        2,
    );
}

/// 专利作价入股协议.
fn equity(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    parties_article(
        w,
        data,
        Text::new(
            "《中华人民共和国民法典》第八百四十三条、第八百六十三条，《中华人民共和国专利法》第十条和《中华人民共和国促进科技成果转化法》第十六条",
            "Civil Code arts. 843 and 863, Patent Law art. 10 and the Law on Promoting the Transformation of Scientific and Technological Achievements art. 16",
        ),
    );
    let (a, b) = (w.a.clone(), w.b.clone());
    w.subject(Text::new("出资标的", "The patents contributed"), vec![
            say(lang, text!("{a}以下列专利的专利权作价，向{b}出资。",
                "{a} contributes the patent rights in the patents below to {b} as capital at an agreed value.",)),
            patents_sentence(data, lang),
        ],);
    let (value, days) = match data.price {
        PaymentTerms::Lump {
            amount_fen,
            due_days,
        } => (money(amount_fen, lang), due_days),
        _ => (String::new(), 30),
    };
    let share = percent(data.equity_share_bp.unwrap_or(0));
    w.article(Text::new("作价与股权", "Value and shares"), vec![
            say(lang, text!("双方确认清单所列专利作价{value}，该作价以具有资质的资产评估机构出具的评估结果为基础，经双方协商确定。",
                "The parties fix the value of the listed patents at {value}, agreed on the basis of a valuation by a qualified asset appraiser.",)),
            say(lang, text!("{a}以上述出资取得{b}{share}的股权，并依法享有股东权利、承担股东义务。",
                "For this contribution {a} receives {share} of the equity of {b}, with the rights and duties of a shareholder.",)),
        ],);
    w.article(Text::new("专利权转移与出资完成", "Transfer of the patents and completion of the contribution"), vec![
            say(lang, text!("{a}应自本协议生效之日起{days}日内与{b}共同向国家知识产权局办理专利权转让登记。专利权的转让自登记之日起生效（《专利法》第十条第三款），{a}的出资自该日完成。",
                "Within {days} days after this agreement takes effect {a} and {b} shall jointly register the transfer of the patents with CNIPA. The transfer takes effect on registration (Patent Law art. 10(3)) and {a}'s contribution is complete on that day.",)),
            say(lang, text!("{b}应在出资完成后三十日内将{a}记载于股东名册，并向市场监督管理部门办理相应的变更登记。",
                "Within thirty days after the contribution is complete {b} shall enter {a} in its register of shareholders and register the change with the market regulator.",)),
        ],);
    let warranty = title_warranty(w, true);
    w.article(Text::new("权属保证", "Warranties of title"), warranty);
    prior_licences(w);
    confidentiality(w);
    w.article(Text::new("违约责任", "Breach"), vec![
            say(lang, text!("{a}未按期办理专利权转让登记的，每逾期一日按作价金额的万分之五向{b}支付违约金；因{a}违反权属保证致使出资不能完成的，{b}可以解除本协议并要求赔偿损失。",
                "If {a} does not register the transfer in time it owes {b} 0.05% of the agreed value per day of delay; if a breach of {a}'s warranties prevents the contribution, {b} may terminate and claim damages.",)),
            say(lang, text!("{b}未按期办理股东登记的，{a}可以要求{b}继续履行并赔偿损失（《民法典》第五百八十五条）。",
                "If {b} does not register {a} as a shareholder in time, {a} may demand performance and damages (Civil Code art. 585).",)),
        ],);
    disputes(w, data);
    closing(
        w,
        say(
            lang,
            text!(
                "本协议自双方签字或盖章之日起生效；{b}为有限责任公司的，本协议须经其股东会决议同意。",
                "This agreement takes effect when both parties have signed or sealed it; where {b} is a limited liability company it also requires a resolution of its shareholders' meeting.",
            ),
        ),
        3,
    );
}

/// 先使用后付费补充协议: amends a licence contract with a free period.
fn pay_later(w: &mut Writer, data: &ContractData) {
    let lang = w.lang;
    parties_article(
        w,
        data,
        Text::new(
            "《中华人民共和国民法典》第八百四十六条和双方订立的专利实施许可合同",
            "Civil Code art. 846 and the parties' patent licence contract",
        ),
    );
    let (a, b) = (w.a.clone(), w.b.clone());
    let reference = data.deal_reference.trim();
    w.subject(Text::new("与主合同的关系", "Relation to the licence contract"), vec![
            say(lang, text!("本协议是双方就下列专利订立的专利实施许可合同（平台交易编号：{reference}，以下称“主合同”）的补充协议，是主合同不可分割的组成部分。本协议与主合同不一致的，以本协议为准。",
                "This addendum supplements the parties' patent licence contract for the patents below (platform deal {reference}, the \"licence contract\") and forms an integral part of it. Where the two differ, this addendum prevails.",)),
            patents_sentence(data, lang),
        ],);
    let PaymentTerms::PayLater {
        free_months,
        basis,
        basis_points,
        report_every_months,
    } = data.price
    else {
        // validate() only lets pay-later terms reach this template.
        return;
    };
    let start_date = data.term_start.unwrap_or(data.date);
    let pay_from = start_date
        .checked_add_months(Months::new(u32::from(free_months)))
        .unwrap_or(start_date);
    let start = fmt_date(start_date, lang);
    let pay_from = fmt_date(pay_from, lang);
    let rate = percent(basis_points);
    let base = basis_text(basis, lang);
    let n = report_every_months;
    w.article(Text::new("免费使用期", "Free period"), vec![say(lang, text!("自{start}起{free_months}个月内（至{pay_from}前一日止），{b}实施清单所列专利无需支付使用费。免费期内{b}仍应遵守主合同的全部其他约定。",
            "For {free_months} months from {start} (until the day before {pay_from}) {b} works the listed patents without paying any fee. During that time {b} remains bound by every other term of the licence contract.",))],);
    w.article(Text::new("提成基础与费率", "Royalty basis and rate"), vec![say(lang, text!("免费期届满后，{b}按{base}的{rate}向{a}支付提成使用费（《民法典》第八百四十六条）。",
            "After the free period {b} pays {a} a royalty of {rate} of {base} (Civil Code art. 846).",))],);
    w.article(Text::new("报告期与付费起算", "Reporting and start of payment"), vec![
            say(lang, text!("自{start}起每{n}个月为一个报告期。{b}应于每个报告期届满后十五日内向{a}书面报告该期的实施情况、产品销售数量和提成基础金额；免费期内也应报告。",
                "Every {n} months from {start} is a reporting period. Within fifteen days after each period {b} reports to {a} in writing how it worked the patents, the quantity sold and the royalty basis for the period, including periods within the free period.",)),
            say(lang, text!("提成使用费自{pay_from}起计算，{b}应于每份报告提交后三十日内支付该期使用费。{a}有权每年一次自费委托会计师事务所查阅与提成计算有关的账册。",
                "Royalties accrue from {pay_from}; {b} pays each period's royalty within thirty days after its report. {a} may once a year, at its own cost, have an accounting firm inspect the books relevant to the royalty.",)),
            say(lang, text!("{b}可以在免费期届满前书面通知{a}终止主合同，无需支付任何使用费，但应自通知之日起停止实施并交还技术资料。",
                "{b} may end the licence contract by written notice before the free period ends without paying any fee, but shall stop working the patents and return the technical material from the date of the notice.",)),
        ],);
    w.article(Text::new("逾期报告与付款", "Default"), vec![
            say(lang, text!("{b}逾期报告或逾期付款的，应当补交使用费，并每逾期一日按欠付金额的万分之五支付违约金。",
                "If {b} reports or pays late it pays the arrears plus 0.05% of the overdue amount per day.",)),
            say(lang, text!("逾期超过三十日，经{a}书面催告后三十日内仍未补交的，{a}可以解除主合同；{b}应当停止实施专利，交还技术资料，并承担违约责任（《民法典》第八百七十三条）。",
                "If arrears are more than thirty days old and remain unpaid thirty days after {a}'s written reminder, {a} may terminate the licence contract; {b} shall then stop working the patents, return the technical material and is liable for breach (Civil Code art. 873).",)),
        ],);
    disputes(w, data);
    closing(
        w,
        say(
            lang,
            text!(
                "本协议自双方签字或盖章之日起生效，与主合同同时终止；本协议作为主合同的组成部分一并办理备案。",
                "This addendum takes effect when both parties have signed or sealed it and ends with the licence contract; it is filed with CNIPA together with the licence contract.",
            ),
        ),
        3,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_kind_has_exactly_one_registry_entry() {
        for kind in TemplateKind::ALL {
            assert_eq!(
                TEMPLATES.iter().filter(|t| t.kind == kind).count(),
                1,
                "{kind:?}"
            );
            assert_eq!(template_info(kind).kind, kind);
        }
        let mut ids: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TEMPLATES.len());
    }

    #[test]
    fn article_numbers_read_as_chinese_numerals() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(14), "十四");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(23), "二十三");
    }

    #[test]
    fn english_roles_are_capitalised_at_the_start_of_sentences() {
        assert_eq!(
            sentence_case("the Licensee pays. the Licensor invoices; the Licensee files"),
            "The Licensee pays. The Licensor invoices; the Licensee files"
        );
    }
}
