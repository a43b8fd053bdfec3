//! The CSV-family readers (CN G06F abstracts, PatentsView, Lens, Patentscope,
//! the WIPO landscape table and the upload template) driven through
//! `patentbridge_ingest::open`, with format detection, on the real sample files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use patentbridge_domain::{ApplicantType, LegalStatus, Patent, PatentType};
use patentbridge_ingest::{Format, RecordOutcome};

fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("PATENTBRIDGE_SHARED_DATA").map(PathBuf::from);
    if dir.is_none() {
        println!("skipping: PATENTBRIDGE_SHARED_DATA not set");
    }
    dir
}

/// Opens with detection, checks the format, and reads every record.
fn read_all(path: &Path, format: Format) -> Vec<RecordOutcome> {
    let stream = patentbridge_ingest::open(path, None).expect("opens");
    assert_eq!(stream.format, format, "{}", path.display());
    let progress = stream.progress.clone();
    let records: Vec<RecordOutcome> = stream.records.collect();
    assert_eq!(
        progress.bytes_read(),
        progress.total_bytes,
        "progress reaches the end"
    );
    records
}

/// Counts Ok and Err outcomes and prints them with every rejection.
fn counts(name: &str, records: &[RecordOutcome]) -> (usize, usize) {
    let ok = records.iter().filter(|r| r.result.is_ok()).count();
    let err = records.len() - ok;
    println!("{name}: {ok} ok, {err} rejected");
    for r in records {
        if let Err(e) = &r.result {
            println!("  {}: {e}", r.location);
        }
    }
    (ok, err)
}

fn find<'a>(records: &'a [RecordOutcome], number: &str) -> &'a Patent {
    records
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .find(|p| p.number.to_string() == number)
        .unwrap_or_else(|| panic!("{number} not found"))
}

fn line_of(records: &[RecordOutcome], number: &str) -> u64 {
    records
        .iter()
        .find(|r| {
            r.result
                .as_ref()
                .is_ok_and(|p| p.number.to_string() == number)
        })
        .map(|r| r.location.position)
        .unwrap_or_else(|| panic!("{number} not found"))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn codes(list: &[patentbridge_domain::ClassificationCode]) -> Vec<&str> {
    list.iter().map(|c| c.as_str()).collect()
}

fn lens_dir(base: &Path) -> PathBuf {
    base.join("lens_wipo_patent_exports_poldham")
}

#[test]
fn cn_g06f_abstracts_csv_reads_every_record_with_chinese_title_and_abstract() {
    let Some(base) = shared_data() else { return };
    let path = base.join("cn_patents_g06f_abstracts/cn_g06f_abstracts.csv");
    let records = read_all(&path, Format::CnG06fCsv);
    assert_eq!(counts("cn_g06f_abstracts.csv", &records), (3933, 0));

    let p = find(&records, "CN115525164A");
    assert_eq!(line_of(&records, "CN115525164A"), 2);
    assert_eq!(
        p.title_zh.as_deref(),
        Some("压力传感器校准方法、设备、电容笔和可读存储介质")
    );
    assert!(
        p.abstract_zh
            .as_deref()
            .unwrap()
            .starts_with("本申请公开了一种压力传感器校准方法")
    );
    assert_eq!(codes(&p.cpc), ["G06F3/03545"]);
    assert!(p.ipc.is_empty(), "CPC labels stay CPC");
    assert_eq!(
        p.keywords,
        [
            "pressure",
            "output voltage",
            "pressure sensor",
            "curve",
            "pressure curve"
        ]
    );
    assert_eq!(p.legal_status, LegalStatus::Pending);
    assert_eq!(p.patent_type, PatentType::Invention);
    assert_eq!(p.source, "cn-g06f-csv");
}

#[test]
fn patentsview_folder_joins_abstract_cpc_assignee_and_inventors_by_patent_id() {
    let Some(base) = shared_data() else { return };
    let records = read_all(&base.join("patentsview_nvidia_subset"), Format::PatentsView);
    assert_eq!(counts("patentsview_nvidia_subset", &records), (4374, 0));

    let p = find(&records, "US10001996B2");
    assert_eq!(line_of(&records, "US10001996B2"), 2);
    assert_eq!(
        p.title_en.as_deref(),
        Some("Selective poisoning of data during runahead")
    );
    assert!(
        p.abstract_en
            .as_deref()
            .unwrap()
            .starts_with("Embodiments related to selecting")
    );
    assert_eq!(p.grant_date, date(2018, 6, 19));
    assert_eq!(p.publication_date, date(2018, 6, 19));
    assert_eq!(
        p.inventors,
        ["Magnus Ekman", "James van Zoeren", "Paul Serris"]
    );
    assert_eq!(
        codes(&p.cpc),
        [
            "G06F9/30189",
            "G06F9/3842",
            "G06F11/3024",
            "G06F11/3409",
            "G06F2201/885"
        ]
    );
    assert_eq!(p.applicants.len(), 1);
    assert_eq!(p.applicants[0].name, "NVIDIA CORPORATION");
    assert_eq!(
        p.applicants[0].applicant_type,
        ApplicantType::PrivateEnterprise
    );
    assert_eq!(p.legal_status, LegalStatus::InForce);

    let withdrawn = find(&records, "US11320273B2");
    assert_eq!(withdrawn.legal_status, LegalStatus::Withdrawn);
    let design = find(&records, "USD515086S1");
    assert_eq!(design.patent_type, PatentType::Design);
    assert_eq!(
        design.title_en.as_deref(),
        Some("Housing for a scalable graphics processor")
    );
}

#[test]
fn patentsview_can_be_opened_through_any_one_of_its_tables() {
    let Some(base) = shared_data() else { return };
    let dir = base.join("patentsview_nvidia_subset");
    let tables =
        patentbridge_ingest::patentsview::find_tables(&dir.join("nvidia_cpc.csv")).unwrap();
    assert_eq!(tables.patent, dir.join("nvidia_patent.csv"));
    assert_eq!(
        tables.abstracts,
        Some(dir.join("nvidia_patent_abstract.csv"))
    );
    for table in [
        "nvidia_cpc.csv",
        "nvidia_patent_abstract.csv",
        "nvidia_inventor.csv",
    ] {
        let records = read_all(&dir.join(table), Format::PatentsView);
        assert_eq!(counts(table, &records), (4374, 0));
    }
}

#[test]
fn lens_drones_export_reads_every_record_and_types_tianjin_university() {
    let Some(base) = shared_data() else { return };
    let path = lens_dir(&base).join("lens_drones_fulltext_families_5884.csv");
    let records = read_all(&path, Format::LensCsv);
    assert_eq!(
        counts("lens_drones_fulltext_families_5884.csv", &records),
        (5884, 0)
    );

    let p = find(&records, "CN101098492A");
    assert_eq!(line_of(&records, "CN101098492A"), 44);
    assert_eq!(
        p.title_en.as_deref(),
        Some(
            "Method For Determining Drone Target Topological Relation And Camera Calibration \
             Target Capable Of Disposing Arbitrarily"
        )
    );
    assert_eq!(p.title_zh, None);
    assert_eq!(p.applicants[0].name, "UNIV TIANJIN");
    assert_eq!(p.applicants[0].applicant_type, ApplicantType::University);
    assert_eq!(p.inventors, ["CHANGKU SUN", "XIAODONG ZHANG", "SHAN CHEN"]);
    assert_eq!(p.application_number.as_deref(), Some("CN 200610014481 A"));
    assert_eq!(p.application_date, date(2006, 6, 29));
    assert_eq!(p.publication_date, date(2008, 1, 2));
    assert_eq!(codes(&p.ipc), ["H04N17/00"]);
    assert_eq!(p.cited_by_count, Some(2));

    let multi = find(&records, "AT556755T");
    assert_eq!(codes(&multi.cpc).len(), 8);
    assert_eq!(codes(&multi.ipc)[..2], ["A63H30/04", "A63F9/24"]);
    assert_eq!(multi.family_size, Some(11));
    assert_eq!(multi.inventors, ["SEYDOUX HENRI", "D HAEYER FREDERIC"]);
}

#[test]
fn lens_pizza_export_with_cr_line_endings_reads_every_record() {
    let Some(base) = shared_data() else { return };
    let path = lens_dir(&base).join("lens_pizza_1000_raw.csv");
    let records = read_all(&path, Format::LensCsv);
    assert_eq!(counts("lens_pizza_1000_raw.csv", &records), (1000, 0));

    let p = find(&records, "US20130101709A1");
    assert_eq!(line_of(&records, "US20130101709A1"), 2);
    assert_eq!(
        p.title_en.as_deref(),
        Some("METHOD AND SYSTEM FOR ASSEMBLING A PIZZA")
    );
    assert_eq!(p.publication_date, date(2013, 4, 25), "dd/mm/yy");
    assert_eq!(p.application_date, date(2012, 10, 22));
    assert_eq!(p.applicants[0].name, "PIZZA HUT INC");
    assert_eq!(
        p.applicants[0].applicant_type,
        ApplicantType::PrivateEnterprise
    );
    assert_eq!(codes(&p.cpc), ["A23L1/0067", "G01G19/00"]);
    assert_eq!(codes(&p.ipc), ["A23L1/00", "G01N5/00"]);
    assert_eq!((p.cited_by_count, p.family_size), (Some(3), Some(2)));
    // The last record sits on the last CR-terminated line.
    assert_eq!(records.last().unwrap().location.position, 1001);
}

#[test]
fn patentscope_latin1_export_decodes_accents_and_rejects_records_without_title() {
    let Some(base) = shared_data() else { return };
    let path = lens_dir(&base).join("patentscope_pizza_medium_10000.csv");
    let records = read_all(&path, Format::PatentscopeCsv);
    assert_eq!(
        counts("patentscope_pizza_medium_10000.csv", &records),
        (9998, 2)
    );

    let rejected: Vec<_> = records.iter().filter(|r| r.result.is_err()).collect();
    assert_eq!(rejected[0].location.position, 5416);
    assert!(
        rejected[0]
            .result
            .as_ref()
            .unwrap_err()
            .contains("US20130110593")
    );
    assert!(rejected[0].result.as_ref().unwrap_err().contains("Title"));

    let p = find(&records, "WO1990000860");
    assert_eq!(line_of(&records, "WO1990000860"), 4441);
    assert!(
        p.title_en
            .as_deref()
            .unwrap()
            .starts_with("METHOD FOR PRODUCING DIFFERENTLY FLAVOURED")
    );
    assert_eq!(p.publication_date, date(1990, 2, 9));
    assert_eq!(codes(&p.ipc), ["A21D13/00"]);
    let names: Vec<&str> = p.applicants.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["HAMBI KFT", "BUDAI, J\u{e0}nos"]);
    assert_eq!(p.inventors, ["BUDAI, J\u{e0}nos"]);

    let first = find(&records, "US20090208610");
    assert_eq!(first.title_en.as_deref(), Some("PIZZA"));
    assert_eq!(
        codes(&first.ipc),
        ["A21D13/00", "A23L1/16"],
        "duplicates dropped"
    );
    assert!(first.applicants.is_empty(), "NA is no applicant");

    // IPC with a version date and flags, and a lower-case office code.
    let kr = find(&records, "KR101326617");
    assert_eq!(codes(&kr.ipc), ["G07F9/10", "G07F11/70"]);
}

#[test]
fn ritonavir_landscape_table_reads_every_family_member() {
    let Some(base) = shared_data() else { return };
    let path = lens_dir(&base).join("ritonavir.csv");
    let records = read_all(&path, Format::LandscapeCsv);
    assert_eq!(counts("ritonavir.csv", &records), (804, 0));

    let first = records[0].result.as_ref().unwrap();
    assert_eq!(records[0].location.position, 2);
    assert_eq!(first.number.to_string(), "AU2007202956B2");
    assert_eq!(
        first.title_en.as_deref(),
        Some("Polymorph of a pharmaceutical")
    );
    assert_eq!(first.applicants[0].name, "ABBOTT LAB");
    assert_eq!(first.inventors.len(), 8);
    assert_eq!(first.inventors[0], "SALEKI-GERHARDT AZITA");
    assert_eq!(codes(&first.ipc), ["C07D417/00"]);
    assert_eq!(first.application_date, date(2007, 6, 27));
    assert_eq!(first.publication_date, date(2007, 7, 19));
    assert_eq!(first.grant_date, date(2007, 7, 19), "B2 is a grant");
    assert_eq!(first.family_size, Some(3));

    let second = find(&records, "CA2425495A1");
    assert_eq!(
        second.inventors,
        ["SOLDIN STEVEN J"],
        "country suffix dropped"
    );
    assert_eq!(codes(&second.ipc), ["H01J49/00", "G01N30/72"]);
    let xiamen = find(&records, "CN101440091A");
    assert_eq!(
        xiamen.applicants[0].applicant_type,
        ApplicantType::University
    );
}

fn example_template() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/upload-template-example.csv")
}

#[test]
fn the_shipped_upload_template_example_reads_without_rejections() {
    let records = read_all(&example_template(), Format::TemplateCsv);
    assert_eq!(counts("upload-template-example.csv", &records), (5, 0));

    let p = find(&records, "CN114000001A");
    assert_eq!(line_of(&records, "CN114000001A"), 2);
    assert_eq!(
        p.title_zh.as_deref(),
        Some("一种基于深度学习的海水淡化膜污染预测方法")
    );
    assert!(
        p.title_en
            .as_deref()
            .unwrap()
            .starts_with("Deep-learning method")
    );
    assert_eq!(p.application_number.as_deref(), Some("CN202110000001.X"));
    assert_eq!(p.applicants[0].name, "天津大学");
    assert_eq!(p.applicants[0].applicant_type, ApplicantType::University);
    assert!(p.applicants[0].type_overridden);
    assert_eq!(p.inventors, ["张明", "李华", "王磊"]);
    assert_eq!(codes(&p.ipc), ["C02F1/44", "G06N3/08"]);
    assert_eq!(p.legal_status, LegalStatus::Pending);
    assert_eq!(p.application_date, date(2021, 1, 5));
    assert!(p.claims.is_some());

    let granted = find(&records, "CN114000002B");
    assert_eq!(granted.legal_status, LegalStatus::InForce);
    assert_eq!(granted.grant_date, date(2023, 6, 2));
    assert_eq!(
        granted.inventors,
        ["陈静", "刘洋"],
        "full-width semicolon splits"
    );
    assert_eq!(codes(&granted.ipc), ["H01M4/505", "H01M10/0525"]);
    assert_eq!(
        (granted.cited_by_count, granted.family_size),
        (Some(3), Some(2))
    );

    let utility = find(&records, "CN214000003U");
    assert_eq!(utility.patent_type, PatentType::UtilityModel);
    assert!(
        !utility.applicants[1].type_overridden,
        "no type given: inferred"
    );

    let joint = find(&records, "CN114000004A");
    assert_eq!(joint.legal_status, LegalStatus::Withdrawn);
    let types: Vec<_> = joint.applicants.iter().map(|a| a.applicant_type).collect();
    assert_eq!(
        types,
        [
            ApplicantType::University,
            ApplicantType::StateOwnedEnterprise
        ]
    );
    assert_eq!(
        joint.applicants[1].region.map(|r| r.to_string()).as_deref(),
        Some("120116")
    );
}

#[test]
fn a_template_row_with_a_bad_number_is_rejected_alone_with_its_line() {
    let path = std::env::temp_dir().join(format!(
        "patentbridge-template-bad-row-{}.csv",
        std::process::id()
    ));
    let csv = "\u{feff} 公开号（必填）,发明名称（必填）,英文名称,申请人,申请人类型,申请日,IPC分类号,法律状态\n\
               CN114000101A,一种催化剂,,天津大学,高校,2021-02-01,B01J 23/00,审中\n\
               \"114000102A\",一种传感器,,南开大学,,2021-02-02,,\n\
               CN114000103B,,Water filter,天津某某科技有限公司,科研院所,not a date,G06F21,有权\n\
               CN114000104A,,,天津大学,,,,\n";
    std::fs::write(&path, csv).unwrap();
    let records = read_all(&path, Format::TemplateCsv);
    std::fs::remove_file(&path).ok();
    assert_eq!(counts("bad-row template", &records), (2, 2));

    assert_eq!(records[1].location.position, 3);
    let reason = records[1].result.as_ref().unwrap_err();
    assert!(reason.contains("\"114000102A\""), "{reason}");
    assert!(reason.contains("two-letter office code"), "{reason}");
    assert_eq!(records[3].location.position, 5);
    assert!(records[3].result.as_ref().unwrap_err().contains("发明名称"));

    let first = records[0].result.as_ref().unwrap();
    assert_eq!(first.number.to_string(), "CN114000101A");
    assert_eq!(codes(&first.ipc), ["B01J23/00"]);
    // A bad date and a bad IPC code drop only that value.
    let third = records[2].result.as_ref().unwrap();
    assert_eq!(third.title_en.as_deref(), Some("Water filter"));
    assert_eq!(third.application_date, None);
    assert!(third.ipc.is_empty());
    assert_eq!(
        third.applicants[0].applicant_type,
        ApplicantType::ResearchInstitute
    );
    assert_eq!(third.legal_status, LegalStatus::InForce);
}

#[test]
fn a_template_rejection_is_written_in_both_languages() {
    let path = std::env::temp_dir().join(format!(
        "patentbridge-template-bilingual-{}.csv",
        std::process::id()
    ));
    let csv = "公开号,发明名称,英文名称,申请人\n\
               ,一种催化剂,,天津大学\n\
               CN114000104A,,,天津大学\n";
    std::fs::write(&path, csv).unwrap();
    let records: Vec<_> = patentbridge_ingest::template::read(&path)
        .expect("opens")
        .records
        .collect();
    std::fs::remove_file(&path).ok();
    let reasons: Vec<_> = records
        .iter()
        .map(|r| r.result.as_ref().unwrap_err())
        .collect();
    assert_eq!(reasons[0].zh(), "公开号为空");
    assert_eq!(reasons[0].en(), "公开号 (publication number) is empty");
    assert!(
        reasons[1].zh().contains("发明名称和英文名称都为空"),
        "{:?}",
        reasons[1]
    );
    assert!(
        reasons[1].en().contains("are both empty"),
        "{:?}",
        reasons[1]
    );
}

#[test]
fn an_xlsx_template_with_a_title_row_and_excel_dates_reads_like_the_csv() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/upload-template-example.xlsx");
    let records = read_all(&path, Format::TemplateCsv);
    assert_eq!(counts("upload-template-example.xlsx", &records), (2, 1));

    let p = find(&records, "CN114000011A");
    assert_eq!(records[0].location.position, 3, "worksheet row number");
    assert_eq!(
        p.title_zh.as_deref(),
        Some("一种基于视觉的焊缝缺陷检测方法")
    );
    assert_eq!(p.application_date, date(2021, 3, 1), "an Excel date cell");
    assert_eq!(p.publication_date, date(2022, 9, 2), "a date typed as text");
    assert_eq!(p.inventors, ["张明", "李华"]);
    assert_eq!(codes(&p.ipc), ["G06T7/00", "B23K31/12"]);
    assert_eq!(p.cited_by_count, Some(2));
    assert_eq!(p.applicants[0].applicant_type, ApplicantType::University);

    let granted = find(&records, "CN114000012B");
    assert_eq!(granted.legal_status, LegalStatus::InForce);

    assert_eq!(records[2].location.position, 5);
    assert!(records[2].result.as_ref().unwrap_err().contains("\"XX\""));
}

#[test]
fn a_gbk_encoded_template_is_refused_with_a_hint_to_save_as_utf8() {
    let path = std::env::temp_dir().join(format!(
        "patentbridge-template-gbk-{}.csv",
        std::process::id()
    ));
    // "公开号,发明名称" in GBK.
    let header: &[u8] = b"\xb9\xab\xbf\xaa\xba\xc5,\xb7\xa2\xc3\xf7\xc3\xfb\xb3\xc6\r\n";
    std::fs::write(&path, [header, b"CN114000201A,x\r\n"].concat()).unwrap();
    let opened = patentbridge_ingest::open(&path, Some(Format::TemplateCsv));
    std::fs::remove_file(&path).ok();
    let error = opened.err().expect("refused").to_string();
    assert!(error.contains("not UTF-8"), "{error}");
}
