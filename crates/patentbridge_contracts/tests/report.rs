//! The expert's valuation review report: rendered in both languages with the
//! embedded font, checked for determinism, and read back with poppler's
//! tools when they are installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use patentbridge_contracts::{
    ContractError, FontSource, Lang, ReportIndicator, ReportMoneyLine, ReportOverride,
    ReviewReport, Sensitivity, render_review_report, sha256_hex,
};
use patentbridge_domain::{Fen, Text};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

const REMAINING_LIFE_REASON: &str =
    "专利权人已缴纳年费至2040年，且已提交两件改进专利申请，剩余有效期按许可期限估计";
const ROYALTY_REASON: &str = "同行业公开许可合同的提成率中位数为3.5%";

fn indicator(
    dimension: (&'static str, &'static str),
    name: (&'static str, &'static str),
    value: (&'static str, &'static str),
    score: Option<u8>,
    expert: Option<ReportOverride>,
) -> ReportIndicator {
    ReportIndicator {
        dimension: Text::new(dimension.0, dimension.1),
        name: Text::new(name.0, name.1),
        computed_value: Text::new(value.0, value.1),
        computed_score: score,
        source: Text::new("国家知识产权局著录项目", "CNIPA bibliographic data"),
        expert,
    }
}

/// A pledge-financing review in which the expert changed two indicators and
/// one money input.
fn report() -> ReviewReport {
    ReviewReport {
        reference: "PB-VR-2026-000012".to_string(),
        patent_number: "CN115525164B".to_string(),
        patent_title: "一种高强度铝合金复合材料及其制备方法".to_string(),
        owner: "天津海河工业大学".to_string(),
        requester: "天津滨海农村商业银行股份有限公司".to_string(),
        expert_name: "赵明远".to_string(),
        expert_organisation: "天津市技术市场协会".to_string(),
        expert_qualifications: vec![
            Text::new("技术经纪人", "technology broker"),
            Text::new("资产评估师", "certified asset appraiser"),
        ],
        scenario: Text::new("质押融资", "pledge financing"),
        weights_version: 3,
        valued_on: date(2026, 3, 2),
        signed_on: date(2026, 3, 20),
        score: 78.46,
        grade: "B".to_string(),
        dimensions: vec![
            (Text::new("法律", "Legal"), Some(82.0)),
            (Text::new("技术", "Technical"), Some(75.5)),
            (Text::new("经济", "Economic"), None),
        ],
        indicators: vec![
            indicator(
                ("法律", "Legal"),
                ("剩余有效期", "Remaining term"),
                ("12.4 年", "12.4 years"),
                Some(70),
                Some(ReportOverride {
                    score: 80,
                    value: Text::new("14.0 年", "14.0 years"),
                    reason: REMAINING_LIFE_REASON.to_string(),
                }),
            ),
            indicator(
                ("法律", "Legal"),
                ("权利要求数量", "Number of claims"),
                ("10 项", "10 claims"),
                Some(65),
                None,
            ),
            indicator(
                ("技术", "Technical"),
                ("被引用次数", "Forward citations"),
                ("未知", "unknown"),
                None,
                Some(ReportOverride {
                    score: 60,
                    value: Text::new("7 次", "7 citations"),
                    reason: "经检索，该专利被7件后续专利引用".to_string(),
                }),
            ),
            indicator(
                ("经济", "Economic"),
                ("同族专利数量", "Family size"),
                ("3 件", "3 members"),
                Some(55),
                None,
            ),
        ],
        money: vec![
            ReportMoneyLine {
                name: Text::new("年销售收入", "Annual sales"),
                computed: Text::new("¥12,000,000.00", "¥12,000,000.00"),
                source: Text::new("委托方提供的财务报表", "Requester's accounts"),
                expert: None,
            },
            ReportMoneyLine {
                name: Text::new("提成率", "Royalty rate"),
                computed: Text::new("3.0%", "3.0%"),
                source: Text::new("平台行业默认值", "Platform industry default"),
                expert: Some((Text::new("3.5%", "3.5%"), ROYALTY_REASON.to_string())),
            },
            ReportMoneyLine {
                name: Text::new("折现率", "Discount rate"),
                computed: Text::new("12.0%", "12.0%"),
                source: Text::new("平台行业默认值", "Platform industry default"),
                expert: None,
            },
        ],
        low: Fen::new(98_000_000),
        mid: Fen::new(123_456_789),
        high: Fen::new(150_000_000),
        realisable: Some(Fen::new(74_074_073)),
        sensitivity: Some(Sensitivity {
            royalty_rates: ["3.0%".into(), "3.5%".into(), "4.0%".into()],
            discount_rates: ["10.0%".into(), "12.0%".into(), "14.0%".into()],
            values: [
                [
                    Some(Fen::new(115_000_000)),
                    Some(Fen::new(105_800_000)),
                    Some(Fen::new(97_900_000)),
                ],
                [
                    Some(Fen::new(134_200_000)),
                    Some(Fen::new(123_456_789)),
                    None,
                ],
                [
                    Some(Fen::new(153_300_000)),
                    Some(Fen::new(141_100_000)),
                    Some(Fen::new(130_500_000)),
                ],
            ],
        }),
        opinion: "经复核，该专利权利稳定，技术成熟度较高，已在委托方产品中实施。\n考虑到剩余有效期和引用情况，专家对两项指标作了调整，建议以中值作为质押融资的参考价值。".to_string(),
    }
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
        eprintln!("skipping: {name} is not installed (apt-get install -y poppler-utils)");
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

fn pdftotext_lines(path: &Path) -> String {
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

/// The extracted text without whitespace: Chinese lines wrap anywhere.
fn pdftotext(path: &Path) -> String {
    pdftotext_lines(path)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The number of pages, counted in the file itself.
fn page_count(pdf: &[u8]) -> usize {
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"/Type /Page") - count(b"/Type /Pages")
}

#[test]
fn a_review_report_with_two_overrides_renders_in_chinese_and_english_to_the_same_bytes_twice() {
    let font = FontSource::embedded();
    let r = report();
    let mut hashes = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let first =
            render_review_report(&r, lang, &font).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let second = render_review_report(&r, lang, &font).expect("second rendering");
        assert!(first.starts_with(b"%PDF-"));
        assert_eq!(sha256_hex(&first), sha256_hex(&second), "{lang:?}");
        // Only the glyphs used are embedded, not the whole font.
        assert!(first.len() < 300_000, "{lang:?}: {} bytes", first.len());
        hashes.push(sha256_hex(&first));
        write_pdf(&format!("review-report-{}.pdf", lang.code()), &first);
    }
    assert_ne!(hashes[0], hashes[1], "the languages differ");
    // Another report gives other bytes.
    let mut other = r.clone();
    other.reference = "PB-VR-2026-000013".to_string();
    let other = render_review_report(&other, Lang::Zh, &font).expect("other report");
    assert_ne!(sha256_hex(&other), hashes[0]);
}

#[test]
fn the_chinese_report_reads_back_with_title_patent_reasons_both_values_and_the_money_range() {
    let font = FontSource::embedded();
    let pdf = render_review_report(&report(), Lang::Zh, &font).expect("render");
    let path = write_pdf("review-report-text-zh.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    let text = pdftotext(&path);
    for needle in [
        "专利价值评估复核报告",
        "PB-VR-2026-000012",
        "CN115525164B",
        "一种高强度铝合金复合材料及其制备方法",
        "天津海河工业大学",
        "天津滨海农村商业银行股份有限公司",
        "赵明远",
        "技术经纪人、资产评估师",
        "质押融资",
        "平台权重表第3版",
        "78.5分",
        "法律：82.0分",
        "经济：无数据",
        // The overridden indicator: the computed value and score, and the
        // expert's score, value and reason.
        "剩余有效期",
        "12.4年",
        "专家调整：80分（14.0年）",
        &squeeze(&format!("理由：{REMAINING_LIFE_REASON}")),
        "专家调整：60分（7次）",
        // The overridden money input, both values and the reason.
        "3.0%",
        "专家调整：3.5%",
        ROYALTY_REASON,
        "¥980,000.00–¥1,234,567.89–¥1,500,000.00",
        "可变现价值",
        "¥740,740.73",
        "提成率＼折现率",
        "¥1,342,000.00",
        "建议以中值作为质押融资的参考价值",
        "GB/T42748-2023",
        "复核专家",
        "2026年3月20日",
        "第1页共",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in extracted text:\n{text}"
        );
    }
}

#[test]
fn the_english_report_reads_back_with_the_same_values() {
    let font = FontSource::embedded();
    let pdf = render_review_report(&report(), Lang::En, &font).expect("render");
    let path = write_pdf("review-report-text-en.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    // Words keep their spaces when read back.
    let lines = pdftotext_lines(&path);
    let text = squeeze(&lines);
    for needle in [
        "Patent valuation review report",
        "Remaining term",
        "12.4 years",
        "Expert: 80 (14.0 years)",
        "pledge financing",
        "Page 1 of",
        "20 March 2026",
    ] {
        assert!(
            lines.contains(needle),
            "{needle} not in extracted text:\n{lines}"
        );
    }
    for needle in [
        "CN115525164B",
        &squeeze(&format!("Reason: {REMAINING_LIFE_REASON}")),
        "¥980,000.00–¥1,234,567.89–¥1,500,000.00",
        "GB/T42748-2023",
        "notpublishedinmachine-readableform",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in extracted text:\n{lines}"
        );
    }
}

#[test]
fn a_long_opinion_wraps_over_pages_and_every_page_is_counted() {
    let font = FontSource::embedded();
    let mut r = report();
    let sentence = "该专利在新能源汽车电池包壳体领域具有较强的替代性与可实施性，";
    let mut opinion = String::new();
    while opinion.chars().count() < 3_000 {
        opinion.push_str(sentence);
    }
    opinion.push_str("意见完。");
    assert!(opinion.chars().count() >= 3_000);
    r.opinion = opinion;
    let pdf = render_review_report(&r, Lang::Zh, &font).expect("render");
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages} pages");
    let path = write_pdf("review-report-long-zh.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    let lines = pdftotext_lines(&path);
    let text = squeeze(&lines);
    assert!(text.contains("意见完。"), "{text}");
    assert!(text.contains(&format!("第{pages}页共{pages}页")), "{text}");
    // The wrapped opinion fills whole lines: many lines carry a piece of it.
    let opinion_lines = lines.lines().filter(|l| l.contains("电池包")).count();
    assert!(opinion_lines >= 20, "{opinion_lines} lines");
}

#[test]
fn a_reason_longer_than_a_page_is_cut_between_pages_and_read_back_whole() {
    let font = FontSource::embedded();
    let mut r = report();
    let mut reason = String::new();
    for i in 0..120 {
        reason.push_str(&format!("第{i}条依据：参考同类专利的许可实践。"));
    }
    reason.push_str("理由完");
    r.indicators[0]
        .expert
        .as_mut()
        .expect("an overridden indicator")
        .reason = reason;
    let pdf = render_review_report(&r, Lang::Zh, &font).expect("render");
    assert!(page_count(&pdf) >= 3);
    let path = write_pdf("review-report-long-reason-zh.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    let text = pdftotext(&path);
    for needle in [
        "第0条依据",
        "第60条依据",
        "第119条依据",
        "理由完",
        "第3页共",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
}

#[test]
fn a_report_without_optional_parts_still_renders() {
    let font = FontSource::embedded();
    let mut r = report();
    r.realisable = None;
    r.sensitivity = None;
    r.indicators.clear();
    r.money.clear();
    r.dimensions.clear();
    r.expert_qualifications.clear();
    r.opinion = String::new();
    let pdf = render_review_report(&r, Lang::En, &font).expect("render");
    let path = write_pdf("review-report-minimal-en.pdf", &pdf);
    if !has_tool("pdftotext") {
        return;
    }
    let text = pdftotext_lines(&path);
    assert!(!text.contains("Realisable value"), "{text}");
    assert!(!text.contains("Sensitivity"), "{text}");
    assert!(text.contains("(None.)"), "{text}");
}

#[test]
fn a_character_missing_from_the_font_is_refused_not_drawn_as_a_box() {
    let font = FontSource::embedded();
    let mut r = report();
    // U+2A6A5, a CJK Extension B character, is outside the embedded subset.
    r.expert_name = "赵\u{2A6A5}".to_string();
    let err = render_review_report(&r, Lang::Zh, &font).unwrap_err();
    match &err {
        ContractError::MissingGlyphs { chars, .. } => {
            assert_eq!(chars, "\u{2A6A5}", "{err}")
        }
        other => panic!("expected MissingGlyphs, got {other}"),
    }
}

#[test]
fn page_one_of_the_chinese_report_is_previewed_as_png() {
    let font = FontSource::embedded();
    if !has_tool("pdftoppm") {
        return;
    }
    let pdf = render_review_report(&report(), Lang::Zh, &font).expect("render");
    let path = write_pdf("review-report-zh.pdf", &pdf);
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = dir.join("review-report-zh-1.png");
    if png.exists() {
        std::fs::remove_file(&png).expect("remove the old screenshot");
    }
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(png.with_extension(""))
        .status()
        .expect("run pdftoppm");
    assert!(status.success());
    assert!(png.is_file(), "{} was not written", png.display());
    eprintln!("screenshot written to {}", png.display());
}
