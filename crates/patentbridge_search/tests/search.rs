//! The search index end to end, over a dozen hand-made bilingual patents.

use chrono::NaiveDate;
use patentbridge_domain::{
    ApplicantType, ClassificationCode, LegalStatus, Party, Patent, PatentNumber, RegionCode,
};
use patentbridge_search::{Facet, SearchError, SearchIndex, SearchRequest, SearchResults, Sort};

struct Spec {
    number: &'static str,
    title_zh: Option<&'static str>,
    title_en: Option<&'static str>,
    abstract_zh: Option<&'static str>,
    abstract_en: Option<&'static str>,
    claims: Option<&'static str>,
    ipc: &'static [&'static str],
    cpc: &'static [&'static str],
    applicant: (&'static str, ApplicantType, Option<&'static str>),
    published: &'static str,
    status: LegalStatus,
    cited: i64,
}

const NONE: Spec = Spec {
    number: "",
    title_zh: None,
    title_en: None,
    abstract_zh: None,
    abstract_en: None,
    claims: None,
    ipc: &[],
    cpc: &[],
    applicant: ("", ApplicantType::PrivateEnterprise, None),
    published: "2020-01-01",
    status: LegalStatus::Unknown,
    cited: 0,
};

fn specs() -> Vec<Spec> {
    vec![
        Spec {
            number: "CN115525164A",
            title_zh: Some("一种压力传感器及其制备方法"),
            title_en: Some("Pressure sensor and its preparation method"),
            abstract_zh: Some(
                "本发明公开了一种压力传感器，包括弹性膜片、应变片和信号调理电路，可在高温环境下稳定测量管道压力。",
            ),
            claims: Some("1. 一种压力传感器，其特征在于，包括弹性膜片。"),
            ipc: &["G01L1/18", "G01L9/00"],
            applicant: ("天津大学", ApplicantType::University, Some("120104")),
            published: "2022-12-23",
            status: LegalStatus::InForce,
            cited: 5,
            ..NONE
        },
        Spec {
            number: "CN114000001A",
            title_zh: Some("基于深度学习的图像识别方法"),
            abstract_zh: Some("本发明提供一种基于卷积神经网络的图像识别方法，提高了识别准确率。"),
            ipc: &["G06V10/82", "G06N3/08"],
            applicant: ("南开大学", ApplicantType::University, Some("120104")),
            published: "2022-02-01",
            status: LegalStatus::Pending,
            cited: 12,
            ..NONE
        },
        Spec {
            number: "CN113000002A",
            title_zh: Some("一种数据加密存储方法"),
            abstract_zh: Some(
                "本发明涉及信息安全领域，公开了一种数据加密存储方法，采用分块加密提高效率。",
            ),
            ipc: &["G06F21/60"],
            applicant: (
                "天津滨海信息科技有限公司",
                ApplicantType::PrivateEnterprise,
                Some("120116"),
            ),
            published: "2021-06-01",
            status: LegalStatus::InForce,
            cited: 2,
            ..NONE
        },
        Spec {
            number: "CN112000003B",
            title_zh: Some("数字版权保护系统"),
            title_en: Some("Digital rights protection system"),
            abstract_zh: Some("一种数字版权保护系统，对数字内容进行授权管理和使用控制。"),
            ipc: &["G06F21/10"],
            applicant: (
                "天津滨海信息科技有限公司",
                ApplicantType::PrivateEnterprise,
                Some("120116"),
            ),
            published: "2020-09-15",
            status: LegalStatus::Lapsed,
            cited: 30,
            ..NONE
        },
        Spec {
            number: "US10001996B2",
            title_en: Some("Temperature sensor with wireless transmission"),
            abstract_en: Some(
                "A temperature sensor comprising a thermistor and a wireless transmitter that reports readings to a gateway.",
            ),
            ipc: &["G01K1/024"],
            applicant: ("Acme Sensing Corp", ApplicantType::PrivateEnterprise, None),
            published: "2018-06-19",
            status: LegalStatus::InForce,
            cited: 40,
            ..NONE
        },
        Spec {
            number: "US20130101709A1",
            title_en: Some("Method for measuring fluid flow using ultrasonic sensors"),
            abstract_en: Some(
                "Ultrasonic sensors are mounted on a pipe; the transit time of sound pulses gives the flow rate.",
            ),
            ipc: &["G01F1/66"],
            applicant: ("Flowtech Inc", ApplicantType::PrivateEnterprise, None),
            published: "2013-04-25",
            status: LegalStatus::Expired,
            cited: 7,
            ..NONE
        },
        Spec {
            number: "EP3000000A1",
            title_en: Some("Battery management system"),
            abstract_en: Some(
                "A battery management system balances the cells of a lithium battery pack.",
            ),
            ipc: &["H01M10/42"],
            applicant: ("Voltwerk GmbH", ApplicantType::PrivateEnterprise, None),
            published: "2016-03-30",
            status: LegalStatus::Pending,
            cited: 1,
            ..NONE
        },
        Spec {
            number: "CN215000004U",
            title_zh: Some("一种温度传感器安装支架"),
            abstract_zh: Some("本实用新型公开了一种温度传感器安装支架，便于快速拆装。"),
            ipc: &["G01K1/14"],
            applicant: (
                "天津市某机械厂",
                ApplicantType::PrivateEnterprise,
                Some("120116"),
            ),
            published: "2021-11-02",
            status: LegalStatus::InForce,
            cited: 0,
            ..NONE
        },
        Spec {
            number: "CN116000005A",
            title_zh: Some("锂电池正极材料及其制备方法"),
            abstract_zh: Some("一种锂电池正极材料，通过掺杂改性提高循环寿命。"),
            ipc: &["H01M4/131"],
            applicant: (
                "中国科学院天津工业生物技术研究所",
                ApplicantType::ResearchInstitute,
                Some("120116"),
            ),
            published: "2023-03-10",
            status: LegalStatus::Pending,
            cited: 3,
            ..NONE
        },
        Spec {
            number: "CN111000006A",
            title_zh: Some("一种中药组合物"),
            abstract_zh: Some("一种治疗感冒的中药组合物，由金银花和连翘组成。"),
            ipc: &["A61K36/00"],
            applicant: ("张三", ApplicantType::Individual, None),
            published: "2019-05-20",
            status: LegalStatus::Lapsed,
            cited: 0,
            ..NONE
        },
        Spec {
            number: "US9000007B1",
            title_en: Some("Wind turbine blade with serrated edge"),
            abstract_en: Some(
                "A wind turbine blade whose trailing edge is serrated to reduce noise.",
            ),
            cpc: &["F03D1/0633"],
            applicant: ("Gale Energy LLC", ApplicantType::PrivateEnterprise, None),
            published: "2015-04-14",
            status: LegalStatus::InForce,
            cited: 22,
            ..NONE
        },
        Spec {
            number: "CN117000008A",
            title_zh: Some("污水处理装置"),
            claims: Some("1. 一种污水处理装置，其特征在于，包括沉淀池、曝气池和过滤单元。"),
            ipc: &["C02F3/00"],
            applicant: (
                "天津港集团有限公司",
                ApplicantType::StateOwnedEnterprise,
                Some("120116"),
            ),
            published: "2023-08-01",
            status: LegalStatus::Pending,
            cited: 0,
            ..NONE
        },
    ]
}

fn patent(spec: &Spec) -> Patent {
    let mut p = Patent::new(PatentNumber::parse(spec.number).expect("number"), "test");
    p.title_zh = spec.title_zh.map(str::to_string);
    p.title_en = spec.title_en.map(str::to_string);
    p.abstract_zh = spec.abstract_zh.map(str::to_string);
    p.abstract_en = spec.abstract_en.map(str::to_string);
    p.claims = spec.claims.map(str::to_string);
    p.ipc = spec
        .ipc
        .iter()
        .map(|c| ClassificationCode::parse(c).expect("ipc"))
        .collect();
    p.cpc = spec
        .cpc
        .iter()
        .map(|c| ClassificationCode::parse(c).expect("cpc"))
        .collect();
    let (name, kind, region) = spec.applicant;
    let mut party = Party::new(name, None).with_type(kind);
    party.region = region.map(|r| RegionCode::parse(r).expect("region"));
    p.applicants = vec![party];
    p.publication_date = Some(NaiveDate::parse_from_str(spec.published, "%Y-%m-%d").expect("date"));
    p.legal_status = spec.status;
    p.cited_by_count = Some(spec.cited);
    p
}

fn catalogue() -> Vec<Patent> {
    specs().iter().map(patent).collect()
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    index.upsert(&catalogue()).expect("upsert");
    index.commit().expect("commit");
    index
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        page: 1,
        per_page: 20,
        ..SearchRequest::default()
    }
}

fn search(index: &SearchIndex, query: &str) -> SearchResults {
    index.search(&request(query)).expect("search")
}

fn numbers(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.number.as_str()).collect()
}

fn facet(results: &SearchResults, facet: Facet) -> &[(String, u64)] {
    &results
        .facets
        .iter()
        .find(|f| f.facet == facet)
        .expect("facet present")
        .values
}

fn count(values: &[(String, u64)], value: &str) -> u64 {
    values
        .iter()
        .find(|(v, _)| v == value)
        .map_or(0, |(_, n)| *n)
}

#[test]
fn a_chinese_compound_query_finds_the_pressure_sensor_first_with_marks_in_its_snippet() {
    let results = search(&index(), "压力传感器");
    assert_eq!(
        numbers(&results)[0],
        "CN115525164A",
        "{:?}",
        numbers(&results)
    );
    let hit = &results.hits[0];
    assert!(hit.snippet_html.contains("<mark>"), "{}", hit.snippet_html);
    assert!(hit.title_html.contains("<mark>"), "{}", hit.title_html);
    assert!(!results.exact_number_match);
}

#[test]
fn part_of_a_chinese_word_finds_the_records_containing_it() {
    let results = search(&index(), "传感器");
    let found = numbers(&results);
    assert!(found.contains(&"CN115525164A"), "{found:?}");
    assert!(found.contains(&"CN215000004U"), "{found:?}");
    assert!(
        results.hits[0].snippet_html.contains("<mark>传感器</mark>"),
        "{}",
        results.hits[0].snippet_html
    );
}

#[test]
fn an_english_query_matches_other_inflections_of_the_word() {
    let results = search(&index(), "sensors");
    let found = numbers(&results);
    assert!(found.contains(&"US10001996B2"), "{found:?}");
    assert!(found.contains(&"CN115525164A"), "{found:?}");
    let hit = results
        .hits
        .iter()
        .find(|h| h.number == "US10001996B2")
        .expect("hit");
    assert!(
        hit.title_html.contains("<mark>sensor</mark>"),
        "{}",
        hit.title_html
    );
    assert!(numbers(&search(&index(), "measured")).contains(&"US20130101709A1"));
}

#[test]
fn several_words_must_all_match_unless_nothing_has_them_all() {
    let index = index();
    assert_eq!(numbers(&search(&index, "传感器 温度")), ["CN215000004U"]);
    assert_eq!(
        numbers(&search(&index, "temperature wireless")),
        ["US10001996B2"]
    );
    // No record has both, so any of the words will do.
    let either = search(&index, "压力传感器 宇宙飞船");
    assert_eq!(numbers(&either)[0], "CN115525164A");
}

#[test]
fn unspaced_chinese_words_are_searched_separately() {
    let results = search(&index(), "数据加密方法");
    assert_eq!(numbers(&results)[0], "CN113000002A");
    let results = search(&index(), "一种压力传感器");
    assert_eq!(numbers(&results)[0], "CN115525164A");
}

#[test]
fn a_quoted_phrase_must_appear_in_that_order() {
    let index = index();
    assert_eq!(
        numbers(&search(&index, "\"temperature sensor\"")),
        ["US10001996B2"]
    );
    assert!(search(&index, "\"sensor temperature\"").hits.is_empty());
    assert_eq!(numbers(&search(&index, "\"图像识别\"")), ["CN114000001A"]);
}

#[test]
fn not_excludes_records_with_the_word() {
    let index = index();
    let found = search(&index, "sensors -temperature");
    assert!(numbers(&found).contains(&"US20130101709A1"));
    assert!(!numbers(&found).contains(&"US10001996B2"));
    let found = search(&index, "传感器 NOT 温度");
    assert!(numbers(&found).contains(&"CN115525164A"));
    assert!(!numbers(&found).contains(&"CN215000004U"));
    let found = search(&index, "battery OR 锂电池");
    assert_eq!(found.total, 2);
}

#[test]
fn field_queries_search_one_field() {
    let index = index();
    assert_eq!(numbers(&search(&index, "ipc:G06F21/10")), ["CN112000003B"]);
    let mut subclass = numbers(&search(&index, "ipc:G06F"))
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    subclass.sort();
    assert_eq!(subclass, ["CN112000003B", "CN113000002A"]);
    assert_eq!(numbers(&search(&index, "cpc:F03D")), ["US9000007B1"]);
    assert_eq!(
        numbers(&search(&index, "applicant:南开大学")),
        ["CN114000001A"]
    );
    assert_eq!(numbers(&search(&index, "title:battery")), ["EP3000000A1"]);
}

#[test]
fn a_patent_number_alone_is_an_exact_lookup_with_or_without_kind_code() {
    let index = index();
    for query in ["CN115525164A", "CN 115525164", "cn115525164a"] {
        let results = search(&index, query);
        assert!(results.exact_number_match, "{query}");
        assert_eq!(numbers(&results), ["CN115525164A"], "{query}");
    }
    assert!(!search(&index, "CN999999999A").exact_number_match);
}

#[test]
fn facet_counts_cover_the_whole_result_set() {
    let index = index();
    let mut req = request("");
    req.per_page = 2;
    let results = index.search(&req).expect("search");
    assert_eq!(results.total, 12);
    assert_eq!(results.hits.len(), 2);
    let jurisdictions = facet(&results, Facet::Jurisdiction);
    assert_eq!(jurisdictions[0], ("CN".to_string(), 8));
    assert_eq!(count(jurisdictions, "US"), 3);
    assert_eq!(count(jurisdictions, "EP"), 1);
    assert_eq!(count(facet(&results, Facet::IpcSection), "G"), 7);
    // A record without IPC codes is classed by its CPC codes.
    assert_eq!(count(facet(&results, Facet::IpcClass), "F03"), 1);
    assert_eq!(count(facet(&results, Facet::IpcClass), "G06"), 3);
    assert_eq!(
        count(facet(&results, Facet::ApplicantType), "university"),
        2
    );
    assert_eq!(count(facet(&results, Facet::Year), "2022"), 2);
    assert_eq!(count(facet(&results, Facet::LegalStatus), "in_force"), 5);
    assert_eq!(count(facet(&results, Facet::Region), "120116"), 5);
    assert_eq!(
        count(facet(&results, Facet::PatentType), "utility_model"),
        1
    );
    for f in &results.facets {
        assert!(f.values.windows(2).all(|w| w[0].1 >= w[1].1), "{:?}", f);
    }
}

#[test]
fn values_of_one_facet_are_ored_and_facets_are_anded() {
    let index = index();
    let mut req = request("");
    req.filters = vec![
        (Facet::Jurisdiction, "US".into()),
        (Facet::Jurisdiction, "EP".into()),
    ];
    assert_eq!(index.search(&req).expect("search").total, 4);
    req.filters.push((Facet::IpcSection, "G".into()));
    let results = index.search(&req).expect("search");
    assert_eq!(results.total, 2);
    assert_eq!(
        facet(&results, Facet::Jurisdiction),
        [("US".to_string(), 2)]
    );
    let mut req = request("传感器");
    req.filters = vec![(Facet::PatentType, "utility_model".into())];
    assert_eq!(
        numbers(&index.search(&req).expect("search")),
        ["CN215000004U"]
    );
}

#[test]
fn pages_do_not_overlap_and_together_hold_every_result() {
    let index = index();
    let mut seen = Vec::new();
    for page in 1..=3 {
        let req = SearchRequest {
            page,
            per_page: 5,
            ..request("")
        };
        let results = index.search(&req).expect("search");
        assert_eq!(results.total, 12);
        seen.extend(results.hits.into_iter().map(|h| h.number));
    }
    assert_eq!(seen.len(), 12);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 12);
    let capped = index
        .search(&SearchRequest {
            per_page: 10_000,
            ..request("")
        })
        .expect("search");
    assert_eq!(capped.hits.len(), 12);
}

#[test]
fn sorting_by_date_and_citations_orders_the_hits() {
    let index = index();
    let dates = |sort| {
        let results = index
            .search(&SearchRequest {
                sort,
                ..request("")
            })
            .expect("search");
        results
            .hits
            .iter()
            .map(|h| h.publication_date.expect("date"))
            .collect::<Vec<_>>()
    };
    let newest = dates(Sort::NewestFirst);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    assert_eq!(
        dates(Sort::Relevance),
        newest,
        "an empty query lists the newest first"
    );
    let oldest = dates(Sort::OldestFirst);
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    let cited = index
        .search(&SearchRequest {
            sort: Sort::MostCited,
            ..request("")
        })
        .expect("search");
    assert_eq!(cited.hits[0].number, "US10001996B2");
    let sensors = index
        .search(&SearchRequest {
            sort: Sort::NewestFirst,
            ..request("传感器")
        })
        .expect("search");
    assert_eq!(numbers(&sensors), ["CN115525164A", "CN215000004U"]);
}

#[test]
fn hits_carry_the_stored_fields() {
    let results = search(&index(), "CN115525164A");
    let hit = &results.hits[0];
    assert_eq!(hit.title_zh.as_deref(), Some("一种压力传感器及其制备方法"));
    assert_eq!(hit.applicants, ["天津大学"]);
    assert_eq!(hit.ipc, ["G01L1/18", "G01L9/00"]);
    assert_eq!(hit.publication_date, NaiveDate::from_ymd_opt(2022, 12, 23));
    assert_eq!(hit.legal_status, "in_force");
}

#[test]
fn a_record_without_an_abstract_gets_a_snippet_from_its_claims() {
    let results = search(&index(), "沉淀池");
    assert_eq!(numbers(&results), ["CN117000008A"]);
    assert!(
        results.hits[0].snippet_html.contains("<mark>沉淀池</mark>"),
        "{}",
        results.hits[0].snippet_html
    );
}

#[test]
fn snippets_escape_html_in_the_text() {
    let index = SearchIndex::in_memory().expect("index");
    let mut p = patent(&specs()[4]);
    p.abstract_en = Some("A sensor <script>alert(1)</script> & more".into());
    index.upsert(&[p]).expect("upsert");
    index.commit().expect("commit");
    let hit = &search(&index, "sensor").hits[0];
    assert!(
        hit.snippet_html.contains("&lt;script&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("<mark>sensor</mark>"),
        "{}",
        hit.snippet_html
    );
}

#[test]
fn a_stray_quote_does_not_make_the_query_fail() {
    let results = search(&index(), "\"压力传感器");
    assert_eq!(numbers(&results)[0], "CN115525164A");
}

#[test]
fn a_query_of_nothing_but_an_unknown_field_is_a_bad_query() {
    let err = index()
        .search(&request("nosuchfield:foo"))
        .expect_err("bad query");
    assert!(matches!(err, SearchError::BadQuery { .. }), "{err}");
}

#[test]
fn upserting_an_existing_number_replaces_the_record() {
    let index = index();
    let mut changed = patent(&specs()[0]);
    changed.title_zh = Some("一种超声波流量计".into());
    changed.title_en = None;
    changed.abstract_zh = Some("一种超声波流量计，测量精度高。".into());
    changed.claims = None;
    index.upsert(&[changed]).expect("upsert");
    index.commit().expect("commit");
    assert_eq!(index.num_docs(), 12);
    assert_eq!(numbers(&search(&index, "流量计")), ["CN115525164A"]);
    assert!(!numbers(&search(&index, "压力传感器")).contains(&"CN115525164A"));
}

#[test]
fn deleting_removes_the_record_after_commit() {
    let index = index();
    index
        .delete(&["CN 115525164 A".to_string()])
        .expect("delete");
    assert_eq!(index.num_docs(), 12, "not visible before commit");
    index.commit().expect("commit");
    assert_eq!(index.num_docs(), 11);
    assert!(!numbers(&search(&index, "压力传感器")).contains(&"CN115525164A"));
    index.clear().expect("clear");
    index.commit().expect("commit");
    assert_eq!(index.num_docs(), 0);
}

#[test]
fn an_index_on_disk_persists_across_reopening() {
    let dir = std::env::temp_dir().join(format!(
        "patentbridge-search-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    {
        let index = SearchIndex::open_or_create(&dir).expect("create");
        assert!(!index.schema_was_reset());
        index.upsert(&catalogue()).expect("upsert");
        index.commit().expect("commit");
        assert_eq!(index.num_docs(), 12);
    }
    {
        let index = SearchIndex::open_or_create(&dir).expect("reopen");
        assert!(!index.schema_was_reset());
        assert_eq!(index.num_docs(), 12);
        assert_eq!(numbers(&search(&index, "压力传感器"))[0], "CN115525164A");
        // Clones share one writer.
        let clone = index.clone();
        clone.delete(&["EP3000000A1".to_string()]).expect("delete");
        index.commit().expect("commit");
        assert_eq!(clone.num_docs(), 11);
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn the_index_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<SearchIndex>();
    let index = index();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let index = index.clone();
            std::thread::spawn(move || search(&index, "传感器").total)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), 2);
    }
}

#[test]
fn an_index_with_an_outdated_schema_is_replaced_by_an_empty_one() {
    let dir = std::env::temp_dir().join(format!(
        "patentbridge-search-old-schema-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("something_else", tantivy::schema::TEXT);
        tantivy::Index::create_in_dir(&dir, builder.build()).expect("old index");
    }
    let index = SearchIndex::open_or_create(&dir).expect("open");
    assert!(index.schema_was_reset());
    assert_eq!(index.num_docs(), 0);
    index.upsert(&catalogue()).expect("upsert");
    index.commit().expect("commit");
    assert_eq!(index.num_docs(), 12);
    drop(index);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn records_without_a_date_come_last_in_both_date_orders() {
    let index = index();
    let mut undated = Patent::new(PatentNumber::parse("CN118000009A").expect("number"), "test");
    undated.title_zh = Some("无日期的记录".into());
    index.upsert(&[undated]).expect("upsert");
    index.commit().expect("commit");
    for sort in [Sort::NewestFirst, Sort::OldestFirst] {
        let results = index
            .search(&SearchRequest {
                sort,
                ..request("")
            })
            .expect("search");
        assert_eq!(
            results.hits.last().map(|h| h.number.as_str()),
            Some("CN118000009A"),
            "{sort:?}"
        );
    }
}

/// Smaller than the 2 MiB a tokio worker thread has, so that passing here
/// leaves the server a wide margin.
const SMALL_STACK: usize = 256 * 1024;

/// Runs the search on a thread with [`SMALL_STACK`]. A stack overflow aborts
/// the whole test binary: that, not an assertion, is the failure guarded against.
fn search_on_a_small_stack(
    index: &SearchIndex,
    query: String,
) -> Result<SearchResults, SearchError> {
    let index = index.clone();
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || index.search(&request(&query)))
        .expect("spawn the search thread")
        .join()
        .expect("the search thread does not panic")
}

/// `unit` repeated until the query is at least `chars` characters long,
/// around `middle` and followed by as many `closer`s as units.
fn repeated(unit: &str, middle: &str, closer: &str, chars: usize) -> String {
    let per_unit = unit.chars().count() + closer.chars().count();
    let n = chars
        .saturating_sub(middle.chars().count())
        .div_ceil(per_unit)
        .max(1);
    format!("{}{middle}{}", unit.repeat(n), closer.repeat(n))
}

/// Every shape of query that makes tantivy's query grammar recurse, and a few
/// that could fool a bracket count, about `chars` characters long.
fn pathological_queries(chars: usize) -> Vec<(&'static str, String)> {
    vec![
        ("nested brackets", repeated("(", "压力", ")", chars)),
        ("unclosed brackets", repeated("(", "压力", "", chars)),
        ("stray closing brackets", repeated(")", "压力", "", chars)),
        ("a chain of NOT", repeated("NOT ", "压力", "", chars)),
        (
            "NOT before each bracket",
            repeated("NOT (", "压力", ")", chars),
        ),
        (
            "+ before each bracket",
            repeated("+(", "sensor", ")", chars),
        ),
        (
            "- before each bracket",
            repeated("-(", "sensor", ")", chars),
        ),
        ("a chain of + and -", repeated("+-", "sensor", "", chars)),
        ("field groups", repeated("title:(", "压力", ")", chars)),
        (
            "unclosed field groups",
            repeated("title:(", "压力", "", chars),
        ),
        ("boosted groups", repeated("(", "sensor", ")^2", chars)),
        ("a chain of boosts", repeated("", "sensor", "^2", chars)),
        (
            "phrases in brackets",
            repeated("(\"压力 传感器\" ", "a", ")", chars),
        ),
        (
            "quoted closing brackets",
            repeated("(\")\" ", "a", "", chars),
        ),
        (
            "escaped closing brackets",
            repeated("(a\\) ", "b", "", chars),
        ),
        (
            "ranges in brackets",
            repeated("(title:[a TO b} ", "c", ")", chars),
        ),
        (
            "closing brackets inside ranges",
            repeated("(title:[a TO b) ", "c", "", chars),
        ),
        (
            "sets in brackets",
            repeated("(title: IN [a b] ", "c", ")", chars),
        ),
        (
            "regexes in brackets",
            repeated("(title:/a(b)/ ", "c", ")", chars),
        ),
        ("unclosed phrase", repeated("\"(", "压力", "", chars)),
        ("many words", repeated("sensor ", "压力", "", chars)),
        (
            "many words joined by OR",
            repeated("sensor OR ", "压力", "", chars),
        ),
        ("unspaced Chinese", repeated("压力传感器", "", "", chars)),
    ]
}

#[test]
fn no_query_of_any_shape_or_length_overflows_a_small_stack() {
    let index = index();
    for chars in [100, 2_100, 10_000, 100_000] {
        for (shape, query) in pathological_queries(chars) {
            match search_on_a_small_stack(&index, query) {
                Ok(_) | Err(SearchError::BadQuery { .. }) => {}
                Err(other) => panic!("{shape} at {chars} characters: {other}"),
            }
        }
    }
}

#[test]
fn queries_nested_as_deeply_as_allowed_still_run_on_a_small_stack() {
    let index = index();
    let depth = patentbridge_search::MAX_QUERY_DEPTH;
    let allowed = [
        format!("{}压力", "(".repeat(depth)),
        format!("{}压力{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}压力", "title:(".repeat(depth)),
        format!("{}压力", "NOT ".repeat(depth)),
        format!("{}压力{}", "NOT (".repeat(depth / 2), ")".repeat(depth / 2)),
        format!("{}sensor{}", "+(".repeat(depth), ")^2".repeat(depth)),
    ];
    for query in allowed {
        if let Err(e) = search_on_a_small_stack(&index, query.clone()) {
            panic!("{query}: {e}");
        }
    }
}

#[test]
fn a_query_nested_too_deeply_is_refused_in_both_languages() {
    let index = index();
    let depth = patentbridge_search::MAX_QUERY_DEPTH + 1;
    for query in [
        format!("{}压力{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}压力", "NOT ".repeat(depth)),
        format!("{}压力", "title:(".repeat(depth)),
    ] {
        let Err(SearchError::BadQuery { reason, .. }) = index.search(&request(&query)) else {
            panic!("{query} was not refused");
        };
        assert!(reason.zh().contains("检索式嵌套过深"), "{reason:?}");
        assert!(reason.en().contains("nests too deeply"), "{reason:?}");
        assert!(reason.en().contains(&(depth - 1).to_string()), "{reason:?}");
    }
}

#[test]
fn nesting_is_counted_per_level_not_per_group() {
    // Forty bracketed groups side by side nest only one level deep.
    let query = vec!["(压力 OR 温度)"; 40].join(" ");
    assert!(search(&index(), &query).total > 0);
}

#[test]
fn a_query_too_long_is_refused_in_both_languages_without_repeating_it_all() {
    let limit = patentbridge_search::MAX_QUERY_CHARS;
    let query = "压力".repeat(limit);
    let err = index().search(&request(&query)).expect_err("too long");
    let SearchError::BadQuery { reason, .. } = &err else {
        panic!("{err}");
    };
    assert!(reason.zh().contains("检索式过长"), "{reason:?}");
    assert!(reason.en().contains("too long"), "{reason:?}");
    assert!(reason.zh().contains(&limit.to_string()), "{reason:?}");
    assert!(err.to_string().chars().count() < 400, "{err}");
}

#[test]
fn a_query_as_long_as_allowed_is_searched() {
    let limit = patentbridge_search::MAX_QUERY_CHARS;
    let words: Vec<String> = (0..limit).map(|i| format!("w{i}")).collect();
    let mut query = format!("压力 {}", words.join(" "));
    query.truncate(limit);
    let query = query.trim_end().to_string();
    // Not every word is found, so the search falls back to any of them.
    assert_eq!(numbers(&search(&index(), &query))[0], "CN115525164A");
}
