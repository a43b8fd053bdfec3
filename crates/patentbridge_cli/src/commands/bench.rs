//! `bench search`: import throughput, indexing throughput and query latency
//! on a generated catalogue, printed as figures (never asserted in tests).

use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::ProgressBar;
use patentbridge_app::{App, Caller, catalogue, workers};
use patentbridge_search::{SearchIndex, SearchRequest};
use patentbridge_storage::{DatabaseLocation, Store};

use crate::commands::progress_style;

/// Query texts: Chinese words, English words, a phrase, a boolean, a field
/// query and an exact number (filled in from the catalogue).
const QUERIES: &[&str] = &[
    "压力传感器",
    "锂离子电池",
    "正极材料",
    "制备方法",
    "神经网络",
    "图像识别",
    "机器人",
    "检测装置",
    "传感器 校准",
    "新材料 复合",
    "battery",
    "sensor calibration",
    "\"preparation method\"",
    "robot AND control",
    "电池 NOT 锂",
    "ipc:H01M",
];

pub async fn bench_search(count: usize, repeat: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("patentbridge-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    println!(
        "bench search: {count} generated patents, SQLite + tantivy in {}",
        dir.display()
    );
    println!(
        "machine: {} logical CPUs",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    let started = Instant::now();
    let patents: Vec<_> = patentbridge_demo::catalogue::generate(count, 42).collect();
    let generate = started.elapsed();
    let chars: usize = patents
        .iter()
        .map(|p| {
            p.title_zh.as_deref().map_or(0, |t| t.chars().count())
                + p.abstract_zh.as_deref().map_or(0, |t| t.chars().count())
                + p.claims.as_deref().map_or(0, |t| t.chars().count())
        })
        .sum();

    let store = Store::open(&DatabaseLocation::Sqlite(dir.join("bench.sqlite"))).await?;
    let index = SearchIndex::open_or_create(&dir.join("index"))?;
    let app = App::new(store, index.clone());
    let operator = Caller::operator();
    let bar = ProgressBar::new(count as u64)
        .with_style(progress_style("import [{bar:40}] {pos}/{len} {per_sec}"));
    let started = Instant::now();
    for chunk in patents.chunks(1000) {
        catalogue::store_patents(&app, &operator, chunk).await?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let import = started.elapsed();

    let bar = ProgressBar::new(count as u64)
        .with_style(progress_style("index [{bar:40}] {pos}/{len} {per_sec}"));
    let started = Instant::now();
    workers::reindex_all(&app, |n| bar.set_position(n)).await?;
    bar.finish_and_clear();
    let indexing = started.elapsed();

    let mut queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    queries.extend(
        patents
            .iter()
            .step_by((count / 4).max(1))
            .map(|p| p.number.to_string()),
    );
    drop(patents);
    let mut latencies: Vec<Duration> = Vec::with_capacity(queries.len() * repeat);
    let mut hits_total = 0usize;
    for q in &queries {
        for _ in 0..repeat {
            let req = SearchRequest {
                query: q.clone(),
                page: 1,
                per_page: 20,
                ..Default::default()
            };
            let t = Instant::now();
            let results = index.search(&req)?;
            latencies.push(t.elapsed());
            hits_total += results.total;
        }
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let per_sec = |d: Duration| count as f64 / d.as_secs_f64().max(1e-9);
    let db_bytes = std::fs::metadata(dir.join("bench.sqlite"))
        .map(|m| m.len())
        .unwrap_or(0);
    let index_bytes = dir_size(&dir.join("index"));

    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| patents | {count} ({:.0} text chars each on average) |",
        chars as f64 / count.max(1) as f64
    );
    println!("| generate | {:.1} s |", generate.as_secs_f64());
    println!(
        "| import into SQLite (batches of 1000) | {:.1} s, {:.0} records/s |",
        import.as_secs_f64(),
        per_sec(import)
    );
    println!(
        "| build search index | {:.1} s, {:.0} docs/s |",
        indexing.as_secs_f64(),
        per_sec(indexing)
    );
    println!("| database size | {:.0} MB |", db_bytes as f64 / 1e6);
    println!("| index size | {:.0} MB |", index_bytes as f64 / 1e6);
    println!(
        "| queries timed | {} ({} texts × {repeat}), {hits_total} hits in all |",
        latencies.len(),
        queries.len()
    );
    println!(
        "| search latency p50 | {:.2} ms |",
        pct(0.50).as_secs_f64() * 1e3
    );
    println!(
        "| search latency p99 | {:.2} ms |",
        pct(0.99).as_secs_f64() * 1e3
    );
    println!(
        "| search latency max | {:.2} ms |",
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );

    drop(index);
    app.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
