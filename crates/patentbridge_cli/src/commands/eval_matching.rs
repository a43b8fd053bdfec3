//! `eval-matching`: every matching method on the labelled Chinese G06F set,
//! printed as a table of nDCG@10, recall@50, MRR and mean query time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use patentbridge_matching::{HybridWeights, LabelledSet, MatchIndex, Method, evaluate};

/// The shared data folder when neither `--data` nor the environment names one.
const DEFAULT_DATA: &str = "../shared/data";

/// Where the labelled data is looked for: the option, then
/// `PATENTBRIDGE_SHARED_DATA`, then [`DEFAULT_DATA`].
fn data_path(data: Option<PathBuf>) -> PathBuf {
    data.or_else(|| std::env::var_os("PATENTBRIDGE_SHARED_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA))
}

/// Parses `text,bigrams,feedback` weights, for tuning on the train split.
fn parse_weights(raw: &str) -> Result<HybridWeights> {
    let values: Vec<f64> = raw
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("weights {raw:?} are not numbers"))?;
    let (text, bigrams, feedback, assoc) = match values[..] {
        [text, bigrams, feedback] => (text, bigrams, feedback, 0.0),
        [text, bigrams, feedback, assoc] => (text, bigrams, feedback, assoc),
        _ => anyhow::bail!("give three or four weights: text,bigrams,feedback[,assoc]"),
    };
    Ok(HybridWeights {
        text,
        bigrams,
        feedback,
        assoc,
        ..HybridWeights::default()
    })
}

pub fn eval_matching(data: Option<PathBuf>, splits: &str, weights: Option<&str>) -> Result<()> {
    let path = data_path(data);
    let set = LabelledSet::load(&path)
        .with_context(|| format!("cannot load the labelled set from {}", path.display()))?;
    let splits: Vec<&str> = splits.split(',').map(str::trim).collect();
    let queries = set.queries(&splits);
    anyhow::ensure!(
        !queries.is_empty(),
        "no records of the splits {splits:?} in {}",
        set.path.display()
    );
    let weights = weights.map(parse_weights).transpose()?.unwrap_or_default();
    let documents = set.documents.len();
    let started = Instant::now();
    let index = MatchIndex::build_with_weights(set.documents.clone(), weights, |_| {});
    let build = started.elapsed();
    let relevant: usize = queries.iter().map(|q| q.judgement.len()).sum();
    print_header(
        &set.path,
        documents,
        &splits,
        queries.len(),
        relevant,
        build,
    );
    let scores = evaluate(&index, &queries, &Method::ALL);
    println!("| method | nDCG@10 | recall@50 | MRR | mean query ms |");
    println!("|---|---|---|---|---|");
    for s in &scores {
        println!(
            "| {} | {:.4} | {:.4} | {:.4} | {:.2} |",
            s.method.name(),
            s.ndcg_at_10,
            s.recall_at_50,
            s.mrr,
            s.mean_query_ms
        );
    }
    Ok(())
}

fn print_header(
    path: &Path,
    documents: usize,
    splits: &[&str],
    queries: usize,
    relevant: usize,
    build: std::time::Duration,
) {
    println!("labelled set: {}", path.display());
    println!(
        "documents: {documents}; queries: {queries} (titles of the {} records); mean relevant per query: {:.1}",
        splits.join(" + "),
        relevant as f64 / queries.max(1) as f64
    );
    println!("index built in {:.2} s", build.as_secs_f64());
    println!();
}
