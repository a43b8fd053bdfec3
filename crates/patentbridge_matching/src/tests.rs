//! Behaviour of the index as a caller sees it, on small hand-written
//! documents.

use crate::{Document, Evidence, IpcLevel, MatchIndex, Method, Query};

fn doc(title: &str, body: &str) -> Document {
    Document {
        title: title.into(),
        body: body.into(),
        ..Document::default()
    }
}

fn with_ipc(mut d: Document, codes: &[&str]) -> Document {
    d.ipc = codes.iter().map(|c| c.to_string()).collect();
    d
}

fn catalogue() -> Vec<Document> {
    vec![
        doc(
            "一种锂电池热失控预警方法",
            "本发明公开了一种锂电池热失控预警方法，采集电池温度和电压，判断热失控风险并报警。",
        ),
        doc(
            "一种铝合金轮毂的铸造工艺",
            "本发明涉及铝合金轮毂铸造，包括熔炼、浇注和热处理步骤。",
        ),
        doc(
            "石墨烯导热膜的制备方法",
            "将氧化石墨烯涂布成膜，经还原和压延得到高导热薄膜。",
        ),
        doc(
            "一种压力传感器校准装置",
            "校准装置包括压力源、标准传感器和控制器，用于压力传感器的批量校准。",
        ),
    ]
}

fn docs_of(results: &[crate::Retrieved]) -> Vec<usize> {
    results.iter().map(|r| r.doc).collect()
}

#[test]
fn retrieval_finds_the_document_sharing_the_querys_words() {
    let index = MatchIndex::build(catalogue());
    let query = Query::text("电池热失控的预警");
    // The semantic method needs words found in several documents; see
    // the_semantic_method_relates_documents_through_the_words_they_share.
    for method in [Method::Bm25, Method::CharBigrams, Method::Hybrid] {
        let results = index.retrieve(&query, method, 3);
        assert_eq!(results.first().map(|r| r.doc), Some(0), "{method:?}");
        assert!(results.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

#[test]
fn the_semantic_method_relates_documents_through_the_words_they_share() {
    let index = MatchIndex::build(vec![
        doc(
            "电池热失控预警方法",
            "监测电池温度，温度异常升高时预警热失控。",
        ),
        doc("电池温度监测装置", "传感器监测电池温度并报警。"),
        doc("铝合金轮毂铸造工艺", "铝合金熔炼后浇注成轮毂。"),
        doc("铝合金热处理方法", "铝合金淬火后时效处理。"),
        doc("图像识别方法", "卷积神经网络识别图像。"),
        doc("神经网络训练方法", "训练卷积神经网络。"),
    ]);
    let mut found = docs_of(&index.retrieve(&Query::text("电池温度"), Method::Semantic, 10));
    found.sort_unstable();
    assert_eq!(found, [0, 1]);
    let mut found = docs_of(&index.retrieve(&Query::text("卷积网络"), Method::Semantic, 10));
    found.sort_unstable();
    assert_eq!(found, [4, 5]);
    // a word in one document only has no associations to go by
    assert!(
        index
            .retrieve(&Query::text("轮毂"), Method::Semantic, 10)
            .is_empty()
    );
}

#[test]
fn char_bigrams_find_a_document_when_jieba_segments_the_query_differently() {
    let index = MatchIndex::build(catalogue());
    // jieba cuts the document's 石墨烯 into 石墨 + 烯 but the query 墨烯
    // into one unknown word, so no word is shared; the bigram 墨烯 is.
    let query = Query::text("墨烯");
    assert!(index.retrieve(&query, Method::Bm25, 5).is_empty());
    let found = index.retrieve(&query, Method::CharBigrams, 5);
    assert_eq!(docs_of(&found), [2]);
    assert_eq!(
        index
            .retrieve(&query, Method::Hybrid, 5)
            .first()
            .map(|r| r.doc),
        Some(2)
    );
}

#[test]
fn explain_returns_the_shared_terms_most_informative_first() {
    let index = MatchIndex::build(catalogue());
    let query = Query::text("锂电池热失控 铸造");
    let evidence = index.explain(&query, 0);
    assert!(evidence.shared_terms.contains(&"失控".to_string()));
    assert!(evidence.shared_terms.contains(&"锂电池".to_string()));
    assert!(!evidence.shared_terms.contains(&"铸造".to_string()));
    assert!(evidence.shared_terms.len() <= Evidence::MAX_TERMS);
    assert_eq!(
        index.explain(&query, 1).shared_terms,
        ["铸造"],
        "the casting document shares only 铸造"
    );
    assert_eq!(index.explain(&query, 99), Evidence::default());
}

#[test]
fn explain_reports_ipc_and_industry_overlap() {
    let mut d = with_ipc(doc("电池管理系统", "电池均衡"), &["H01M10/48", "H02J7/00"]);
    d.industries = vec!["new_energy_vehicles".into()];
    let index = MatchIndex::build(vec![d]);
    let query = Query {
        text: "电池".into(),
        ipc: vec!["H01M10/44".into(), "G06F3/01".into()],
        industries: vec!["new_energy_vehicles".into(), "new_materials".into()],
    };
    let evidence = index.explain(&query, 0);
    assert_eq!(evidence.ipc.len(), 1);
    assert_eq!(evidence.ipc[0].query_code, "H01M10/44");
    assert_eq!(evidence.ipc[0].doc_code, "H01M10/48");
    assert_eq!(evidence.ipc[0].level, IpcLevel::MainGroup);
    assert_eq!(evidence.industries, ["new_energy_vehicles"]);
    let hit = &index.retrieve(&query, Method::Hybrid, 1)[0];
    assert_eq!(hit.parts.ipc, 0.75);
    assert_eq!(hit.parts.industry, 0.5);
}

#[test]
fn hybrid_with_ipc_codes_lifts_a_same_subclass_document() {
    // Two documents the text alone ranks almost alike, the first a bit higher.
    let docs = vec![
        with_ipc(
            doc("一种电池管理方法", "电池管理方法，监测电池温度并报警。"),
            &["G06F1/26"],
        ),
        with_ipc(
            doc("一种电池管理方法", "电池管理方法，监测电池温度并及时报警。"),
            &["H01M4/13"],
        ),
    ];
    let index = MatchIndex::build(docs);
    let text_only = Query::text("电池温度管理");
    let plain = index.retrieve(&text_only, Method::Hybrid, 2);
    assert_eq!(docs_of(&plain), [0, 1]);
    assert!(plain[0].score > plain[1].score, "{plain:?}");
    let coded = Query {
        ipc: vec!["H01M10/44".into()],
        ..text_only
    };
    let results = index.retrieve(&coded, Method::Hybrid, 2);
    assert_eq!(docs_of(&results), [1, 0]);
    assert_eq!(results[0].parts.ipc, IpcLevel::Subclass.weight());
    assert_eq!(results[1].parts.ipc, 0.0);
}

#[test]
fn score_parts_lie_between_zero_and_one() {
    let index = MatchIndex::build(catalogue());
    let query = Query {
        text: "压力传感器校准和电池热失控".into(),
        ipc: vec!["G01L27/00".into()],
        industries: vec!["high_end_equipment".into()],
    };
    for method in Method::ALL {
        for r in index.retrieve(&query, method, 10) {
            let p = r.parts;
            for v in [p.text, p.semantic, p.ipc, p.industry, p.coverage] {
                assert!((0.0..=1.0).contains(&v), "{method:?} {p:?}");
            }
        }
    }
}

#[test]
fn coverage_is_absolute_so_a_query_with_no_real_match_scores_low_even_at_the_top() {
    let index = MatchIndex::build(catalogue());
    let good = index.retrieve(&Query::text("锂电池热失控预警"), Method::Hybrid, 1);
    let poor = index.retrieve(
        &Query::text("医用导管亲水润滑涂层的电池"),
        Method::Hybrid,
        1,
    );
    assert_eq!(good[0].doc, 0);
    assert!(good[0].parts.coverage > 0.9, "{:?}", good[0].parts);
    // Both tops are 1 relative to their own result list; coverage is not.
    assert_eq!(good[0].parts.text, 1.0);
    assert_eq!(poor[0].parts.text, 1.0);
    assert!(poor[0].parts.coverage < 0.4, "{:?}", poor[0].parts);
}

#[test]
fn an_excluded_document_never_comes_back() {
    let index = MatchIndex::build(catalogue());
    let query = Query::text("一种锂电池热失控预警方法");
    for method in Method::ALL {
        let results = index.retrieve_excluding(&query, method, 10, Some(0));
        assert!(results.iter().all(|r| r.doc != 0), "{method:?}");
    }
}

#[test]
fn an_empty_query_or_an_empty_index_gives_empty_results() {
    let index = MatchIndex::build(catalogue());
    let empty = MatchIndex::build(Vec::new());
    assert!(empty.is_empty());
    assert_eq!(index.len(), 4);
    for method in Method::ALL {
        assert!(index.retrieve(&Query::default(), method, 10).is_empty());
        assert!(
            index
                .retrieve(&Query::text("，。！"), method, 10)
                .is_empty()
        );
        assert!(index.retrieve(&Query::text("电池"), method, 0).is_empty());
        assert!(empty.retrieve(&Query::text("电池"), method, 10).is_empty());
    }
    assert_eq!(empty.explain(&Query::text("电池"), 0), Evidence::default());
    let blank = MatchIndex::build(vec![Document::default()]);
    assert!(
        blank
            .retrieve(&Query::text("电池"), Method::Hybrid, 10)
            .is_empty()
    );
}

#[test]
fn methods_parse_from_their_printed_names() {
    for method in Method::ALL {
        assert_eq!(Method::parse(method.name()), Some(method));
    }
    assert_eq!(Method::parse("Char-Bigrams"), Some(Method::CharBigrams));
    assert_eq!(Method::parse("dense"), None);
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MatchIndex>();
}
