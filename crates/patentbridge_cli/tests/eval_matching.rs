//! The matching evaluation on the real labelled Chinese set, run through the
//! binary as a user would. The data is never in the repository: the test
//! finds it through `PATENTBRIDGE_SHARED_DATA` and skips without it.

use std::collections::HashMap;
use std::process::Command;

/// The rows of the printed table: method name → (nDCG@10, recall@50, MRR).
fn scores(stdout: &str) -> HashMap<String, (f64, f64, f64)> {
    stdout
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            let [method, ndcg, recall, mrr, _ms] = cells[..] else {
                return None;
            };
            Some((
                method.to_string(),
                (ndcg.parse().ok()?, recall.parse().ok()?, mrr.parse().ok()?),
            ))
        })
        .collect()
}

#[test]
fn hybrid_matching_beats_plain_bm25_on_ndcg_at_10_on_the_real_chinese_set() {
    let Some(data) = std::env::var_os("PATENTBRIDGE_SHARED_DATA") else {
        println!("skipped: PATENTBRIDGE_SHARED_DATA is not set, so the labelled set is absent");
        return;
    };
    let output = Command::new(env!("CARGO_BIN_EXE_patentbridge"))
        .arg("eval-matching")
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run patentbridge");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{stdout}");
    assert!(stdout.contains("documents: 3933"), "{stdout}");
    let scores = scores(&stdout);
    for method in ["bm25", "char_bigrams", "semantic", "hybrid"] {
        assert!(scores.contains_key(method), "no row for {method}: {stdout}");
    }
    let (hybrid, bm25) = (scores["hybrid"], scores["bm25"]);
    assert!(
        hybrid.0 > bm25.0,
        "hybrid nDCG@10 {} is not above BM25's {}",
        hybrid.0,
        bm25.0
    );
}

#[test]
fn eval_matching_names_the_missing_file_when_the_data_is_absent() {
    let missing = std::env::temp_dir().join("patentbridge-no-such-labelled-set.csv");
    let output = Command::new(env!("CARGO_BIN_EXE_patentbridge"))
        .args(["eval-matching", "--data"])
        .arg(&missing)
        .output()
        .expect("run patentbridge");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no labelled data at"), "{stderr}");
    assert!(
        stderr.contains("patentbridge-no-such-labelled-set.csv"),
        "{stderr}"
    );
}

#[test]
fn eval_matching_reports_the_line_of_a_malformed_record() {
    let dir = std::env::temp_dir().join(format!("patentbridge-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("labelled.csv");
    std::fs::write(
        &file,
        "publication_number,title_zh,keywords_en,abstract_zh,cpc_labels,n_labels,origin_split\n\
         X1,一种电池,battery,电池摘要,H01M10/44,1,val\n\
         X2,一种阀门,valve,阀门摘要,,0,train\n",
    )
    .expect("write csv");
    let output = Command::new(env!("CARGO_BIN_EXE_patentbridge"))
        .args(["eval-matching", "--data"])
        .arg(&file)
        .output()
        .expect("run patentbridge");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("labelled.csv:3: no CPC label"), "{stderr}");
}
