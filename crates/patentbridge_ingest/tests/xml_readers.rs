//! The USPTO and EPO XML readers, driven through detection on the real sample
//! files in `PATENTBRIDGE_SHARED_DATA`, plus a small made-up file for the
//! splitting and error paths.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use patentbridge_domain::{LegalStatus, Patent};
use patentbridge_ingest::{Format, PositionUnit, RecordOutcome, open};

fn shared_data() -> Option<PathBuf> {
    match std::env::var_os("PATENTBRIDGE_SHARED_DATA") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            println!("skipping: PATENTBRIDGE_SHARED_DATA not set");
            None
        }
    }
}

fn read_all(path: &Path) -> Vec<RecordOutcome> {
    let stream = open(path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    stream.records.collect()
}

fn only_patent(path: &Path) -> Patent {
    let mut records = read_all(path);
    assert_eq!(records.len(), 1, "{}", path.display());
    records
        .remove(0)
        .result
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

#[test]
fn every_sample_xml_file_reads_without_panicking() {
    let Some(data) = shared_data() else { return };
    // (folder, files, documents read, documents rejected)
    let folders = [
        ("uspto_fulltext_xml_samples/go-uspto/test-data", 15, 16, 0),
        (
            "uspto_fulltext_xml_samples/PatentPublicData/xml2004",
            2,
            2,
            0,
        ),
        (
            "uspto_fulltext_xml_samples/PatentPublicData/xml2006",
            1,
            1,
            0,
        ),
        (
            "uspto_fulltext_xml_samples/PatentPublicData/xml2014",
            3,
            3,
            0,
        ),
        (
            "uspto_fulltext_xml_samples/PatentPublicData/xmlApp2004",
            2,
            2,
            0,
        ),
        ("uspto_fulltext_xml_samples/PatentPublicData/pap", 3, 3, 0),
        ("uspto_fulltext_xml_samples/PatentPublicData/sgml", 3, 3, 0),
        (
            "epo_xml_samples/ep_fulltext_go-epo-eps/test-data",
            33,
            33,
            0,
        ),
        (
            "epo_xml_samples/docdb_go-epo-bdds/epo_docdb/test-data",
            5,
            14,
            0,
        ),
    ];
    for (folder, want_files, want_ok, want_err) in folders {
        let mut files = Vec::new();
        xml_files(&data.join(folder), &mut files);
        let (mut ok, mut err) = (0, 0);
        for file in &files {
            let records = read_all(file);
            let file_ok = records.iter().filter(|r| r.result.is_ok()).count();
            let file_err = records.len() - file_ok;
            println!(
                "{}: ok={file_ok} err={file_err}",
                file.strip_prefix(&data).unwrap_or(file).display()
            );
            for r in records.iter().filter_map(|r| r.result.as_ref().err()) {
                println!("    {r}");
            }
            ok += file_ok;
            err += file_err;
        }
        assert_eq!(
            (files.len(), ok, err),
            (want_files, want_ok, want_err),
            "{folder}"
        );
    }
}

#[test]
fn ice_v45_grant_gives_every_field() {
    let Some(data) = shared_data() else { return };
    let path = data.join("uspto_fulltext_xml_samples/go-uspto/test-data/grant/v4-5-B1.xml");
    assert_eq!(open(&path, None).unwrap().format, Format::UsptoXml);
    let p = only_patent(&path);
    assert_eq!(p.number.to_string(), "US9358892B1");
    assert_eq!(
        p.title_en.as_deref(),
        Some(
            "System and method for pre-charging a hybrid vehicle for improving reverse driving performance"
        )
    );
    assert_eq!(p.grant_date, date(2016, 6, 7));
    assert_eq!(p.publication_date, date(2016, 6, 7));
    assert_eq!(p.application_number.as_deref(), Some("14558596"));
    assert_eq!(p.application_date, date(2014, 12, 2));
    assert_eq!(p.ipc[0].as_str(), "B60L9/00");
    assert_eq!(p.cpc[0].as_str(), "B60L11/1809");
    assert_eq!(p.inventors, ["Geoffrey D. Gaither"]);
    assert_eq!(
        p.applicants[0].name,
        "Toyota Motor Engineering & Manufacturing North America, Inc."
    );
    assert_eq!(p.applicants[0].address.as_deref(), Some("Erlanger, KY, US"));
    assert!(
        p.abstract_en
            .unwrap()
            .starts_with("A method/system is provided for improving reverse hill climb")
    );
    let claims = p.claims.unwrap();
    assert!(
        claims.starts_with("1. A pre-charging system for improving reverse direction hill climb")
    );
    assert!(claims.contains("\n\n2. "));
    assert_eq!(p.legal_status, LegalStatus::InForce);
    assert_eq!(p.source, "uspto-xml");
}

#[test]
fn ice_application_is_pending_without_a_grant_date() {
    let Some(data) = shared_data() else { return };
    let p = only_patent(
        &data.join("uspto_fulltext_xml_samples/go-uspto/test-data/application/v4-5-A1.xml"),
    );
    assert_eq!(p.number.to_string(), "US20220159901A1");
    assert_eq!(
        p.title_en.as_deref(),
        Some("SEED DISTRIBUTOR USED FOR AGRICULTURAL MACHINES")
    );
    assert_eq!(p.publication_date, date(2022, 5, 26));
    assert_eq!(p.grant_date, None);
    assert_eq!(p.application_number.as_deref(), Some("17437086"));
    assert_eq!(p.application_date, date(2019, 9, 19));
    assert_eq!(p.ipc[0].as_str(), "A01C7/04");
    assert_eq!(p.inventors[0], "Ariel Alberto Antonio Spinsanti");
    assert_eq!(p.legal_status, LegalStatus::Pending);
    assert!(p.abstract_en.unwrap().starts_with("Seed metering device"));
}

#[test]
fn concatenated_weekly_grant_file_yields_each_document() {
    let Some(data) = shared_data() else { return };
    let records = read_all(&data.join("uspto_fulltext_xml_samples/go-uspto/test-data/test.xml"));
    let numbers: Vec<String> = records
        .iter()
        .map(|r| r.result.as_ref().unwrap().number.to_string())
        .collect();
    assert_eq!(numbers, ["US11147202B2", "US11147203B2"]);
    let positions: Vec<u64> = records.iter().map(|r| r.location.position).collect();
    assert_eq!(positions, [1, 2]);
    assert!(
        records
            .iter()
            .all(|r| r.location.unit == PositionUnit::Document)
    );
}

#[test]
fn old_st32_grants_and_pap_applications_are_read() {
    let Some(data) = shared_data() else { return };
    let grant =
        only_patent(&data.join("uspto_fulltext_xml_samples/go-uspto/test-data/grant/v2-5-B2.xml"));
    assert_eq!(grant.number.to_string(), "US6530116B2");
    assert_eq!(
        grant.title_en.as_deref(),
        Some("Vacuum cleaner with muffled detachable blower exhaust")
    );
    assert_eq!(grant.ipc[0].as_str(), "A47L5/14");
    assert_eq!(grant.applicants[0].name, "Shop Vac Corporation");
    assert_eq!(grant.inventors[0], "Robert C. Berfield");
    assert_eq!(grant.grant_date, date(2003, 3, 11));
    let faucet =
        only_patent(&data.join("uspto_fulltext_xml_samples/go-uspto/test-data/grant/v2-5-B1.xml"));
    assert_eq!(faucet.ipc[0].as_str(), "E03C1/04");

    let app = only_patent(
        &data.join("uspto_fulltext_xml_samples/go-uspto/test-data/application/v1-5-A1_2.xml"),
    );
    assert_eq!(app.number.to_string(), "US20010000002A1");
    assert_eq!(app.ipc[0].as_str(), "D21C11/12");
    assert_eq!(app.inventors[0], "Wolfgang Ruf");
    assert_eq!(app.legal_status, LegalStatus::Pending);
    assert!(
        app.claims
            .unwrap()
            .starts_with("1. A process for detecting")
    );
}

#[test]
fn epo_b1_grant_takes_english_title_and_proprietor() {
    let Some(data) = shared_data() else { return };
    let path = data.join("epo_xml_samples/ep_fulltext_go-epo-eps/test-data/grant/v1-5-B1.xml");
    assert_eq!(open(&path, None).unwrap().format, Format::EpoXml);
    let p = only_patent(&path);
    assert_eq!(p.number.to_string(), "EP3404678B1");
    assert_eq!(
        p.title_en.as_deref(),
        Some("HIGH VOLTAGE ASSEMBLY AND METHOD TO OPERATE THE HIGH VOLTAGE ASSEMBLY")
    );
    assert_eq!(p.publication_date, date(2021, 6, 30));
    assert_eq!(p.grant_date, date(2021, 6, 30));
    assert_eq!(p.application_number.as_deref(), Some("17171508.9"));
    assert_eq!(p.application_date, date(2017, 5, 17));
    let ipc: Vec<&str> = p.ipc.iter().map(|c| c.as_str()).collect();
    assert_eq!(ipc, ["H01F27/14", "H01F27/40"]);
    assert_eq!(p.applicants[0].name, "General Electric Technology GmbH");
    assert_eq!(p.inventors, ["HARTHUM, Jörg", "STIRL, Tobias"]);
    assert!(
        p.claims
            .unwrap()
            .starts_with("A high voltage assembly (2) comprising")
    );
    assert_eq!(p.legal_status, LegalStatus::InForce);
    assert_eq!(p.source, "epo-xml");
}

#[test]
fn epo_a1_application_is_pending_with_its_abstract() {
    let Some(data) = shared_data() else { return };
    let p = only_patent(
        &data.join("epo_xml_samples/ep_fulltext_go-epo-eps/test-data/application/v1-5-A1.xml"),
    );
    assert_eq!(p.number.to_string(), "EP3782854A1");
    assert_eq!(
        p.title_en.as_deref(),
        Some("VEHICLE-MOUNTED DISPLAY ASSEMBLY AND VEHICLE")
    );
    assert_eq!(p.publication_date, date(2021, 2, 24));
    assert_eq!(p.grant_date, None);
    assert_eq!(p.ipc[0].as_str(), "B60R7/06");
    assert_eq!(p.applicants[0].name, "BOE TECHNOLOGY GROUP CO., LTD.");
    assert_eq!(p.inventors[0], "FENG, Yuhsiung");
    assert!(
        p.abstract_en
            .unwrap()
            .starts_with("This disclosure relates to a vehicular")
    );
    assert_eq!(p.legal_status, LegalStatus::Pending);
}

#[test]
fn epo_documents_with_stray_ampersands_and_unclosed_tags_still_load() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("epo_xml_samples/ep_fulltext_go-epo-eps/test-data/application");
    // "Kador & Partner" is written with a bare ampersand.
    let p = only_patent(&dir.join("v1-4-A1.xml"));
    assert!(p.title_en.is_some());
    // The description has "<heading><Fourth Embodiment</heading>".
    let p = only_patent(&dir.join("v1-5-1-A1-2.xml"));
    assert!(p.claims.is_some());
}

#[test]
fn docdb_exchange_document_gives_bibliographic_fields() {
    let Some(data) = shared_data() else { return };
    let path = data.join(
        "epo_xml_samples/docdb_go-epo-bdds/epo_docdb/test-data/WO-2022259205-A1_544370561.xml",
    );
    assert_eq!(open(&path, None).unwrap().format, Format::DocdbXml);
    let p = only_patent(&path);
    assert_eq!(p.number.to_string(), "WO2022259205A1");
    assert_eq!(
        p.title_en.as_deref(),
        Some("SELF-EMULSIFYING COMPOSITION, PRODUCTION METHODS AND USES THEREOF")
    );
    assert_eq!(p.publication_date, date(2022, 12, 15));
    assert_eq!(p.application_date, date(2022, 6, 9));
    assert_eq!(p.ipc[0].as_str(), "A61K8/04");
    assert_eq!(p.cpc[0].as_str(), "A61K9/1075");
    assert_eq!(p.applicants[0].name, "UNIVERSIDADE DA BEIRA INTERIOR");
    assert_eq!(p.inventors[0], "OLIVEIRA DOS SANTOS, Adriana");
    assert!(
        p.abstract_en
            .unwrap()
            .starts_with("The present disclosure relates to a self")
    );
    assert_eq!(p.source, "docdb-xml");
}

#[test]
fn docdb_file_of_many_documents_yields_each_one() {
    let Some(data) = shared_data() else { return };
    let records = read_all(
        &data.join("epo_xml_samples/docdb_go-epo-bdds/epo_docdb/test-data/DE-backfile.xml"),
    );
    assert_eq!(records.len(), 10);
    let first = records[0].result.as_ref().unwrap();
    assert_eq!(first.number.to_string(), "DE1258188B");
    assert_eq!(records[9].location.position, 10);
}

const GRANT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v45-2014-04-03.dtd" [ ]>
<us-patent-grant lang="EN" country="US">
<us-bibliographic-data-grant>
<publication-reference><document-id><country>US</country><doc-number>NUMBER</doc-number><kind>B2</kind><date>20200102</date></document-id></publication-reference>
<invention-title id="t">Widget &mdash; improved &#x2014; again &lt;2&gt;</invention-title>
</us-bibliographic-data-grant>
</us-patent-grant>
"#;

#[test]
fn a_broken_document_is_reported_and_the_rest_still_load() {
    // Cut off before its root closes, as a truncated download would be.
    let broken = GRANT
        .replace("NUMBER", "10000002")
        .replace("</us-patent-grant>\n", "");
    let no_number = GRANT.replace("<doc-number>NUMBER</doc-number>", "");
    let text = [
        GRANT.replace("NUMBER", "10000001"),
        broken,
        no_number,
        GRANT.replace("NUMBER", "10000004"),
    ]
    .concat();
    let path = std::env::temp_dir().join(format!(
        "patentbridge-xml-readers-{}.xml",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    let stream = open(&path, None).unwrap();
    let records: Vec<RecordOutcome> = stream.records.collect();
    std::fs::remove_file(&path).ok();

    assert_eq!(records.len(), 4);
    let first = records[0].result.as_ref().unwrap();
    assert_eq!(first.number.to_string(), "US10000001B2");
    assert_eq!(
        first.title_en.as_deref(),
        Some("Widget \u{2014} improved \u{2014} again <2>")
    );
    let second = records[1].result.as_ref().unwrap_err();
    assert_eq!(
        second,
        "document 2: document ends before </us-patent-grant>"
    );
    let third = records[2].result.as_ref().unwrap_err();
    assert_eq!(third, "document 3: no publication-reference/doc-number");
    assert_eq!(
        records[3].result.as_ref().unwrap().number.to_string(),
        "US10000004B2"
    );
    assert_eq!(records[3].location.position, 4);
}

/// A grant whose abstract wraps its text in `levels` nested paragraphs, so
/// the abstract's text lies `levels + 2` elements deep.
fn grant_nested(number: &str, levels: usize) -> String {
    let abstract_ = format!(
        "<abstract>{}A deep widget.{}</abstract>\n</us-patent-grant>",
        "<p>".repeat(levels),
        "</p>".repeat(levels)
    );
    GRANT
        .replace("NUMBER", number)
        .replace("</us-patent-grant>", &abstract_)
}

/// Reads every record of `text` as an XML file, on a thread with a 256 KiB
/// stack (a tenth of what the importer's threads get), so that a reader
/// recursing per level of nesting would overflow here first.
fn read_on_a_small_stack(text: String, name: &str) -> Vec<RecordOutcome> {
    let path = std::env::temp_dir().join(format!(
        "patentbridge-xml-{name}-{}.xml",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    let read_path = path.clone();
    let records = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || open(&read_path, None).unwrap().records.collect::<Vec<_>>())
        .unwrap()
        .join()
        .expect("reading does not panic");
    std::fs::remove_file(&path).ok();
    records
}

#[test]
fn a_document_nested_too_deeply_is_refused_and_the_rest_still_load() {
    let text = [
        grant_nested("10000001", 100_000),
        GRANT.replace("NUMBER", "10000002"),
    ]
    .concat();
    let records = read_on_a_small_stack(text, "deep");
    assert_eq!(records.len(), 2);
    let refused = records[0].result.as_ref().unwrap_err();
    assert!(
        refused.starts_with("document 1: elements nest more than 256 deep at byte "),
        "{refused}"
    );
    assert_eq!(
        records[1].result.as_ref().unwrap().number.to_string(),
        "US10000002B2"
    );
}

#[test]
fn a_document_nested_as_deeply_as_allowed_is_read() {
    // The root and <abstract> are two levels; the paragraphs fill the rest.
    let records = read_on_a_small_stack(grant_nested("10000003", 256 - 2), "deepest");
    let patent = records[0].result.as_ref().unwrap();
    assert_eq!(patent.abstract_en.as_deref(), Some("A deep widget."));
}
