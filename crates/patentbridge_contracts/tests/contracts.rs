//! End-to-end tests of the contract crate: every template filled in both
//! languages, the refusals, and real PDFs checked with poppler's tools when
//! they are installed.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use patentbridge_contracts::pdf::EMBEDDED_FONT_NAME;
use patentbridge_contracts::{
    Contract, ContractData, ContractError, ContractPatent, FontSearch, FontSource, Instalment,
    Lang, Party, PaymentTerms, RoyaltyBasisText, TemplateKind, fill, render_pdf, sha256_hex,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

fn patent(number: &str, title: &str) -> ContractPatent {
    ContractPatent {
        number: number.to_string(),
        title: title.to_string(),
        patent_type: "发明".to_string(),
        application_date: Some(date(2021, 3, 15)),
        grant_date: Some(date(2023, 6, 2)),
    }
}

/// A deal between a Tianjin university and a Binhai company, with the price
/// the template expects.
fn deal(kind: TemplateKind) -> ContractData {
    let price = match kind {
        TemplateKind::Transfer | TemplateKind::Equity => PaymentTerms::Lump {
            amount_fen: 8_000_000,
            due_days: 30,
        },
        TemplateKind::ExclusiveLicence | TemplateKind::SoleLicence => {
            PaymentTerms::Instalments(vec![
                Instalment {
                    due: date(2026, 6, 30),
                    amount_fen: 5_000_000,
                },
                Instalment {
                    due: date(2026, 12, 31),
                    amount_fen: 3_000_000,
                },
            ])
        }
        TemplateKind::OrdinaryLicence | TemplateKind::OpenLicenceAcceptance => {
            PaymentTerms::Royalty {
                basis: RoyaltyBasisText::NetSales,
                basis_points: 350,
                entry_fee_fen: Some(2_000_000),
            }
        }
        TemplateKind::ZeroPriceTransfer => PaymentTerms::Free,
        TemplateKind::PayLaterAddendum => PaymentTerms::PayLater {
            free_months: 12,
            basis: RoyaltyBasisText::NetSales,
            basis_points: 300,
            report_every_months: 6,
        },
    };
    ContractData {
        kind,
        deal_reference: "PB-2026-000123".to_string(),
        licensor: Party {
            name: "天津海河工业大学".to_string(),
            credit_code: Some("914403001922038216".to_string()),
            address: Some("天津市南开区卫津路92号".to_string()),
            representative: Some("王建国".to_string()),
        },
        licensee: Party {
            name: "天津滨海新材料科技有限公司".to_string(),
            credit_code: Some("91110000802100433B".to_string()),
            address: Some("天津市滨海新区第三大街16号".to_string()),
            representative: Some("李晓明".to_string()),
        },
        patents: vec![
            patent("CN115525164B", "一种高强度铝合金复合材料及其制备方法"),
            patent("CN114123456B", "锂电池隔膜涂层浆料"),
        ],
        territory: "中华人民共和国境内（不含港澳台地区）".to_string(),
        term_start: Some(date(2026, 4, 1)),
        term_end: Some(date(2031, 3, 31)),
        scope: "新能源汽车电池包壳体的制造与销售".to_string(),
        price,
        equity_share_bp: Some(1_500),
        signing_place: "天津市滨海新区".to_string(),
        date: date(2026, 3, 20),
    }
}

fn full_text(c: &Contract) -> String {
    let mut s = c.title.clone();
    for section in &c.sections {
        s.push_str(&section.heading);
        for p in &section.paragraphs {
            s.push_str(p);
        }
    }
    s
}

#[test]
fn every_template_fills_in_chinese_and_english() {
    for kind in TemplateKind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let c = fill(&deal(kind), lang).unwrap_or_else(|e| panic!("{kind:?} {lang:?}: {e}"));
            assert!(
                c.sections.len() >= 6,
                "{kind:?} has {} articles",
                c.sections.len()
            );
            assert_eq!(c.patent_table.len(), 2);
            assert_eq!(c.signatures.len(), 2);
            assert!(c.footer.contains(c.template_id) && c.footer.contains(c.template_version));
        }
    }
}

#[test]
fn articles_are_numbered_in_chinese_from_one() {
    let c = fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap();
    assert!(c.sections[0].heading.starts_with("第一条"));
    assert!(c.sections[9].heading.starts_with("第十条"));
    assert!(c.sections[10].heading.starts_with("第十一条"));
    let en = fill(&deal(TemplateKind::Transfer), Lang::En).unwrap();
    assert!(en.sections[0].heading.starts_with("Article 1 "));
}

#[test]
fn the_chinese_text_is_binding_in_both_renderings() {
    for kind in TemplateKind::ALL {
        let zh = full_text(&fill(&deal(kind), Lang::Zh).unwrap());
        let en = full_text(&fill(&deal(kind), Lang::En).unwrap());
        assert!(zh.contains("以中文文本为准"), "{kind:?}");
        assert!(en.contains("the Chinese text prevails"), "{kind:?}");
    }
}

#[test]
fn a_transfer_takes_effect_on_registration_with_cnipa() {
    let text = full_text(&fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap());
    assert!(text.contains("专利权的转让自国家知识产权局登记之日起生效（《专利法》第十条第三款）"));
    assert!(text.contains("在先许可"));
    assert!(text.contains("第八百七十条"));
}

#[test]
fn a_lump_sum_prints_yuan_and_the_capital_amount() {
    let text = full_text(&fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap());
    assert!(
        text.contains("人民币80,000.00元（大写：人民币捌万元整）"),
        "{text}"
    );
    let en = full_text(&fill(&deal(TemplateKind::Transfer), Lang::En).unwrap());
    assert!(en.contains("RMB 80,000.00"));
}

#[test]
fn instalments_are_listed_with_their_total() {
    let text = full_text(&fill(&deal(TemplateKind::ExclusiveLicence), Lang::Zh).unwrap());
    assert!(text.contains("人民币捌万元整"));
    assert!(text.contains("2026年6月30日前支付人民币50,000.00元（大写：人民币伍万元整）"));
}

#[test]
fn licences_are_filed_within_three_months_and_forbid_sub_licensing() {
    for kind in [
        TemplateKind::ExclusiveLicence,
        TemplateKind::SoleLicence,
        TemplateKind::OrdinaryLicence,
    ] {
        let text = full_text(&fill(&deal(kind), Lang::Zh).unwrap());
        assert!(text.contains("自本合同生效之日起三个月内"), "{kind:?}");
        assert!(
            text.contains("《专利法实施细则》第十五条第二款"),
            "{kind:?}"
        );
        assert!(
            text.contains("不得许可本合同约定以外的任何单位或者个人实施"),
            "{kind:?}"
        );
        assert!(text.contains("后续改进"), "{kind:?}");
    }
}

#[test]
fn exclusive_and_sole_licences_state_they_cannot_coexist_with_an_open_licence() {
    for kind in [TemplateKind::ExclusiveLicence, TemplateKind::SoleLicence] {
        let text = full_text(&fill(&deal(kind), Lang::Zh).unwrap());
        assert!(
            text.contains(
                "实行开放许可的专利不得给予独占或者排他许可（《专利法》第五十一条第三款）"
            ),
            "{kind:?}"
        );
    }
    let ordinary = full_text(&fill(&deal(TemplateKind::OrdinaryLicence), Lang::Zh).unwrap());
    assert!(!ordinary.contains("不得给予独占或者排他许可"));
}

#[test]
fn an_open_licence_is_obtained_by_notice_and_payment() {
    let text = full_text(&fill(&deal(TemplateKind::OpenLicenceAcceptance), Lang::Zh).unwrap());
    assert!(text.contains("即获得专利实施许可（《专利法》第五十一条第一款）"));
    assert!(text.contains("《专利法》第五十二条"));
    // A notice is one party's act, not an agreement.
    assert!(
        text.contains("向天津海河工业大学发出本通知书") || text.contains("向专利权人发出本通知书")
    );
    assert!(!text.contains("经协商一致"));
    assert!(text.contains("应在发出本通知书的同时"));
}

#[test]
fn the_pay_later_addendum_computes_when_payment_starts() {
    let text = full_text(&fill(&deal(TemplateKind::PayLaterAddendum), Lang::Zh).unwrap());
    assert!(text.contains("自2026年4月1日起12个月内"), "{text}");
    assert!(text.contains("提成使用费自2027年4月1日起计算"));
    assert!(text.contains("每6个月为一个报告期"));
    assert!(text.contains("3.00%"));
}

#[test]
fn equity_states_the_value_and_the_share() {
    let text = full_text(&fill(&deal(TemplateKind::Equity), Lang::Zh).unwrap());
    assert!(text.contains("作价人民币80,000.00元（大写：人民币捌万元整）"));
    assert!(text.contains("15.00%的股权"));
}

#[test]
fn a_licence_without_term_dates_is_refused_naming_the_term() {
    let mut d = deal(TemplateKind::OrdinaryLicence);
    d.term_end = None;
    let err = fill(&d, Lang::Zh).unwrap_err();
    assert!(matches!(err, ContractError::Missing { .. }));
    assert!(err.to_string().contains("licence term"), "{err}");
}

#[test]
fn a_transfer_without_patents_is_refused() {
    let mut d = deal(TemplateKind::Transfer);
    d.patents.clear();
    let err = fill(&d, Lang::Zh).unwrap_err();
    assert_eq!(
        err.to_string(),
        "patent_transfer: missing patents (at least one)"
    );
}

#[test]
fn a_refusal_is_written_in_both_languages() {
    let mut d = deal(TemplateKind::Transfer);
    d.patents.clear();
    let text = fill(&d, Lang::Zh).unwrap_err().text();
    assert_eq!(text.zh(), "patent_transfer：缺少专利（至少一件）");
    assert_eq!(text.en(), "patent_transfer: missing patents (at least one)");

    let mut d = deal(TemplateKind::Transfer);
    d.licensee.credit_code = Some("91110000802100433A".to_string());
    let text = fill(&d, Lang::Zh).unwrap_err().text();
    assert!(text.zh().contains("统一社会信用代码"), "{text:?}");
    assert!(text.en().contains("credit code"), "{text:?}");
}

#[test]
fn a_zero_price_transfer_refuses_a_price_and_a_transfer_refuses_no_price() {
    let mut zero = deal(TemplateKind::ZeroPriceTransfer);
    zero.price = PaymentTerms::Lump {
        amount_fen: 100,
        due_days: 10,
    };
    assert!(fill(&zero, Lang::Zh).is_err());
    let mut paid = deal(TemplateKind::Transfer);
    paid.price = PaymentTerms::Free;
    let err = fill(&paid, Lang::Zh).unwrap_err();
    assert!(err.to_string().contains("zero-price template"), "{err}");
}

#[test]
fn an_open_licence_royalty_above_twenty_percent_of_sales_is_refused() {
    let mut d = deal(TemplateKind::OpenLicenceAcceptance);
    d.price = PaymentTerms::Royalty {
        basis: RoyaltyBasisText::NetSales,
        basis_points: 2_500,
        entry_fee_fen: None,
    };
    assert!(
        fill(&d, Lang::Zh)
            .unwrap_err()
            .to_string()
            .contains("20.00%")
    );
}

#[test]
fn an_invalid_credit_code_is_refused() {
    let mut d = deal(TemplateKind::Transfer);
    d.licensee.credit_code = Some("91110000802100433A".to_string());
    let err = fill(&d, Lang::Zh).unwrap_err();
    assert!(err.to_string().contains("credit code"), "{err}");
}

#[test]
fn equity_without_a_share_is_refused() {
    let mut d = deal(TemplateKind::Equity);
    d.equity_share_bp = None;
    assert!(
        fill(&d, Lang::Zh)
            .unwrap_err()
            .to_string()
            .contains("equity share")
    );
}

#[test]
fn a_missing_font_file_is_an_error_naming_the_path() {
    let err = FontSource::from_path(std::path::Path::new("/nonexistent/font.ttf")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/font.ttf"), "{err}");
}

#[test]
fn no_font_found_names_the_paths_tried_and_the_package() {
    let err = ContractError::FontNotFound {
        tried: vec![PathBuf::from("/a.ttf"), PathBuf::from("/b.ttc")],
    };
    let msg = err.to_string();
    assert!(
        msg.contains("/a.ttf, /b.ttc") && msg.contains("fonts-droid-fallback"),
        "{msg}"
    );
}

/// The font this machine would use: a configured or installed CJK font, or
/// the embedded one.
fn font() -> FontSource {
    FontSource::discover().expect("PATENTBRIDGE_PDF_FONT names a usable font")
}

/// Whether one of poppler's tools is installed. Without it the test says it
/// skips, unless `PATENTBRIDGE_REQUIRE_BROWSER` is set (as in CI), where a
/// missing tool fails it.
fn has_tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("PATENTBRIDGE_REQUIRE_BROWSER").is_none(),
            "{name} is required here (apt-get install -y poppler-utils)"
        );
        println!("skipping: {name} is not installed (apt-get install -y poppler-utils)");
    }
    found
}

/// The cargo target directory, found from this test binary's own path
/// (target/debug/deps/…), so it follows CARGO_TARGET_DIR.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn write_pdf(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = target_dir().join("contract-preview");
    std::fs::create_dir_all(&dir).expect("preview dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

#[test]
fn the_same_contract_renders_to_the_same_bytes() {
    let font = font();
    let c = fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap();
    let first = render_pdf(&c, &font).unwrap();
    let second = render_pdf(&c, &font).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    assert_eq!(sha256_hex(&first), sha256_hex(&second));
    let other = fill(&deal(TemplateKind::OrdinaryLicence), Lang::Zh).unwrap();
    assert_ne!(
        sha256_hex(&render_pdf(&other, &font).unwrap()),
        sha256_hex(&first)
    );
}

#[test]
fn every_template_renders_in_both_languages() {
    let font = font();
    for kind in TemplateKind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let c = fill(&deal(kind), lang).unwrap();
            let pdf = render_pdf(&c, &font).unwrap_or_else(|e| panic!("{kind:?} {lang:?}: {e}"));
            // The subset keeps the file small although the font is megabytes.
            assert!(
                pdf.len() < 600_000,
                "{kind:?} {lang:?} is {} bytes",
                pdf.len()
            );
        }
    }
}

fn pdftotext(path: &PathBuf) -> String {
    // Lines wrap anywhere in Chinese, so compare without whitespace.
    pdftotext_lines(path)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn pdftotext_lines(path: &PathBuf) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn no_printed_line_starts_with_closing_punctuation() {
    let font = font();
    if !has_tool("pdftotext") {
        return;
    }
    for kind in TemplateKind::ALL {
        let c = fill(&deal(kind), Lang::Zh).unwrap();
        let name = format!("kinsoku-{}.pdf", c.template_id);
        let path = write_pdf(&name, &render_pdf(&c, &font).unwrap());
        for line in pdftotext_lines(&path).lines() {
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(|c| "。，、；：）」』".contains(c)),
                "{kind:?}: line starts with a closing mark: {line}"
            );
        }
    }
}

#[test]
fn the_pdf_text_can_be_extracted_with_party_names_patent_number_and_capital_amount() {
    let font = font();
    if !has_tool("pdftotext") {
        return;
    }
    let c = fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap();
    let path = write_pdf("transfer-zh.pdf", &render_pdf(&c, &font).unwrap());
    let text = pdftotext(&path);
    for needle in [
        "专利权转让合同",
        "天津海河工业大学",
        "天津滨海新材料科技有限公司",
        "CN115525164B",
        "人民币捌万元整",
        "第1页共",
        "patent_transfer",
        "2026.1",
        "签字/盖章",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in extracted text:\n{text}"
        );
    }
}

#[test]
fn a_long_patent_list_runs_over_pages_and_every_page_is_counted() {
    let font = font();
    if !has_tool("pdftotext") {
        return;
    }
    let mut d = deal(TemplateKind::ExclusiveLicence);
    d.patents = (0..40)
        .map(|i| {
            patent(
                &format!("CN1155{i:05}B"),
                "一种用于高温环境的陶瓷基复合材料涂层及其喷涂工艺",
            )
        })
        .collect();
    let c = fill(&d, Lang::Zh).unwrap();
    let path = write_pdf("licence-long-zh.pdf", &render_pdf(&c, &font).unwrap());
    let text = pdftotext(&path);
    assert!(text.contains("CN115500039B"));
    let pages = text.matches("第1页共").count();
    assert_eq!(pages, 1);
    assert!(text.contains("第3页共"), "expected at least three pages");
}

#[test]
fn page_one_is_previewed_as_png() {
    let font = font();
    if !has_tool("pdftoppm") {
        return;
    }
    for (kind, lang, name) in [
        (TemplateKind::Transfer, Lang::Zh, "transfer-zh"),
        (TemplateKind::ExclusiveLicence, Lang::En, "licence-en"),
    ] {
        let c = fill(&deal(kind), lang).unwrap();
        let pdf = render_pdf(&c, &font).unwrap();
        let path = write_pdf(&format!("{name}.pdf"), &pdf);
        let prefix = path.with_file_name(format!("{name}-page"));
        // Previews of an earlier run would be counted as this run's.
        for old in std::fs::read_dir(path.parent().expect("preview dir")).expect("list previews") {
            let old = old.expect("preview entry").path();
            let stale = old
                .file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}-page")));
            if stale {
                std::fs::remove_file(&old).expect("remove stale preview");
            }
        }
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
            .arg(&path)
            .arg(&prefix)
            .status()
            .expect("run pdftoppm");
        assert!(status.success());
        let dir = path.parent().expect("preview dir");
        let pngs = std::fs::read_dir(dir)
            .expect("list previews")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{name}-page"))
            })
            .count();
        assert_eq!(pngs, 1);
        println!("preview written next to {}", path.display());
    }
}

#[test]
fn english_paragraphs_and_sentences_open_with_a_capital() {
    for kind in TemplateKind::ALL {
        let c = fill(&deal(kind), Lang::En).unwrap();
        for p in c.sections.iter().flat_map(|s| &s.paragraphs) {
            assert!(!p.starts_with("the "), "{kind:?}: {p}");
            assert!(!p.contains(". the "), "{kind:?}: {p}");
        }
    }
}

#[test]
fn the_english_rendering_extracts_with_amounts_in_figures() {
    let font = font();
    if !has_tool("pdftotext") {
        return;
    }
    let c = fill(&deal(TemplateKind::Transfer), Lang::En).unwrap();
    let path = write_pdf("transfer-en.pdf", &render_pdf(&c, &font).unwrap());
    let text = pdftotext(&path);
    for needle in [
        "PatentRightTransferContract",
        "RMB80,000.00",
        "天津海河工业大学",
        "CN115525164B",
        "Page1of",
        "thechinesetextprevails",
    ] {
        assert!(
            text.to_lowercase().contains(&needle.to_lowercase()),
            "{needle} not in extracted text:\n{text}"
        );
    }
}

#[test]
fn a_collection_font_with_its_own_latin_letters_needs_no_companion() {
    let path = std::path::Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if !path.is_file() {
        println!(
            "skipping: {} is not installed (fonts-wqy-microhei)",
            path.display()
        );
        return;
    }
    let font = FontSource::from_path(path).unwrap();
    assert_eq!(font.paths(), [path]);
    let c = fill(&deal(TemplateKind::OrdinaryLicence), Lang::Zh).unwrap();
    let pdf = render_pdf(&c, &font).unwrap();
    if has_tool("pdftotext") {
        let text = pdftotext(&write_pdf("licence-wqy-zh.pdf", &pdf));
        assert!(text.contains("天津滨海新材料科技有限公司") && text.contains("CN114123456B"));
    }
}

#[test]
fn a_cjk_font_without_latin_letters_is_paired_with_a_latin_companion() {
    let path = std::path::Path::new("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
    if !path.is_file() {
        println!(
            "skipping: {} is not installed (fonts-droid-fallback)",
            path.display()
        );
        return;
    }
    match FontSource::from_path(path) {
        Ok(font) => assert_eq!(font.paths().len(), 2, "{font:?}"),
        Err(e) => assert!(e.to_string().contains("fonts-dejavu-core"), "{e}"),
    }
}

#[test]
fn with_system_fonts_hidden_discovery_gives_the_embedded_font() {
    // PATENTBRIDGE_PDF_SYSTEM_FONTS=0 and no PATENTBRIDGE_PDF_FONT, given as
    // values: the environment is the whole test process's.
    let search = FontSearch::from_vars(None, Some("0".into()));
    let font = search
        .find()
        .expect("the embedded font needs nothing installed");
    assert_eq!(font.paths(), [std::path::Path::new(EMBEDDED_FONT_NAME)]);
}

#[test]
fn the_embedded_font_alone_renders_a_contract_that_reads_back_in_chinese() {
    let font = FontSource::embedded();
    let c = fill(&deal(TemplateKind::Transfer), Lang::Zh).unwrap();
    let pdf = render_pdf(&c, &font).unwrap();
    assert_eq!(
        sha256_hex(&pdf),
        sha256_hex(&render_pdf(&c, &font).unwrap()),
        "rendering twice gives the same bytes"
    );
    // Only the glyphs used are embedded, not the whole font.
    assert!(pdf.len() < 300_000, "{} bytes", pdf.len());
    let path = write_pdf("transfer-embedded-zh.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    let text = pdftotext(&path);
    for needle in [
        "专利权转让合同",
        "第一条合同当事人",
        "天津海河工业大学",
        "天津滨海新材料科技有限公司",
        "CN115525164B",
        "CN114123456B",
        "人民币捌万元整",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in extracted text:\n{text}"
        );
    }
    if has_tool("pdffonts") {
        let out = Command::new("pdffonts")
            .arg(&path)
            .output()
            .expect("run pdffonts");
        let fonts = String::from_utf8_lossy(&out.stdout);
        // One font: the embedded Noto subset as a CID-keyed CFF font.
        assert_eq!(fonts.lines().count(), 3, "{fonts}");
        assert!(
            fonts.contains("NotoSansCJKsc-Regular") && fonts.contains("CID Type 0C"),
            "{fonts}"
        );
    }
}

#[test]
fn the_embedded_font_sets_english_with_its_own_latin_letters() {
    let font = FontSource::embedded();
    let c = fill(&deal(TemplateKind::ExclusiveLicence), Lang::En).unwrap();
    let path = write_pdf("licence-embedded-en.pdf", &render_pdf(&c, &font).unwrap());
    if !has_tool("pdftotext") {
        return;
    }
    // Words keep their spaces when read back, so the advances are right.
    let text = pdftotext_lines(&path);
    for needle in [
        "the Chinese text prevails",
        "CN115525164B",
        "天津海河工业大学",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in extracted text:\n{text}"
        );
    }
}
