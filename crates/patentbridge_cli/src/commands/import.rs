//! `import`: streams files through the readers into the catalogue in
//! transactional batches, with a progress bar, a report of every rejected
//! record, and a clean stop on Ctrl-C between batches.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use patentbridge_app::{App, Caller, catalogue, workers};
use patentbridge_ingest::{Format, RecordOutcome};
use patentbridge_storage::UpsertSummary;

use crate::commands::{open_app, progress_style};
use crate::config::Config;

/// Rejections printed per file; the rest go only to the rejections log.
const SHOWN_REJECTIONS: usize = 10;

#[derive(Debug, Default)]
struct FileReport {
    read: u64,
    rejected: u64,
    stored: UpsertSummary,
}

pub async fn import(
    config: &Config,
    paths: &[PathBuf],
    format: Option<&str>,
    batch: usize,
) -> Result<()> {
    let format = match format {
        Some(name) => Some(Format::parse(name).with_context(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!(
                "unknown format {name:?}; known formats: {}",
                names.join(", ")
            )
        })?),
        None => None,
    };
    let app = open_app(config).await?;
    let interrupted = Arc::new(AtomicBool::new(false));
    tokio::spawn({
        let interrupted = interrupted.clone();
        async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                interrupted.store(true, Ordering::SeqCst);
                eprintln!("\ninterrupted: finishing the current batch, then stopping");
            }
        }
    });
    let log_path = config.data_dir.join("import-rejections.log");
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .with_context(|| format!("cannot write {}", log_path.display()))?;
    let mut failures = 0;
    let mut total = FileReport::default();
    let inputs = expand_inputs(paths, format)?;
    for path in &inputs {
        match import_file(&app, path, format, batch.max(1), &interrupted, &mut log).await {
            Ok(report) => {
                println!(
                    "{}: {} records read, {} inserted, {} updated, {} unchanged, {} rejected",
                    path.display(),
                    report.read,
                    report.stored.inserted,
                    report.stored.updated,
                    report.stored.unchanged,
                    report.rejected
                );
                total.read += report.read;
                total.rejected += report.rejected;
                total.stored += report.stored;
            }
            Err(e) => {
                failures += 1;
                eprintln!("{}: not imported: {e:#}", path.display());
            }
        }
        if interrupted.load(Ordering::SeqCst) {
            break;
        }
    }
    if inputs.len() > 1 {
        println!(
            "total: {} records read, {} inserted, {} updated, {} unchanged, {} rejected",
            total.read,
            total.stored.inserted,
            total.stored.updated,
            total.stored.unchanged,
            total.rejected
        );
    }
    if total.rejected > 0 {
        println!(
            "every rejected record, with its reason, is listed in {}",
            log_path.display()
        );
    }
    update_index(&app).await;
    app.close().await;
    if interrupted.load(Ordering::SeqCst) {
        bail!(
            "import interrupted; every batch stored so far is complete, and re-running the import continues safely"
        );
    }
    if failures > 0 {
        bail!(
            "{failures} of {} inputs could not be imported",
            inputs.len()
        );
    }
    Ok(())
}

/// Files to import: each path as given, except that a folder which is not a
/// PatentsView table set stands for every file under it whose format is
/// recognised (DTDs, images and the like are skipped, and said so).
fn expand_inputs(paths: &[PathBuf], format: Option<Format>) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.exists() {
            bail!("{}: no such file or folder", path.display());
        }
        if !path.is_dir()
            || format == Some(Format::PatentsView)
            || patentbridge_ingest::detect(path).is_ok()
        {
            out.push(path.clone());
            continue;
        }
        let mut files = Vec::new();
        walk(path, &mut files)?;
        files.sort();
        let mut skipped = 0;
        for file in files {
            if format.is_some() || patentbridge_ingest::detect(&file).is_ok() {
                out.push(file);
            } else {
                skipped += 1;
            }
        }
        if skipped > 0 {
            println!(
                "{}: {skipped} files of no known patent format skipped",
                path.display()
            );
        }
    }
    Ok(out)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

async fn import_file(
    app: &App,
    path: &Path,
    format: Option<Format>,
    batch: usize,
    interrupted: &AtomicBool,
    log: &mut std::fs::File,
) -> Result<FileReport> {
    let stream = patentbridge_ingest::open(path, format)?;
    let progress = stream.progress.clone();
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<RecordOutcome>>(4);
    // Parsing runs on its own thread so that it overlaps the database writes.
    let mut records = stream.records;
    let parser = std::thread::spawn(move || {
        loop {
            let chunk: Vec<RecordOutcome> = records.by_ref().take(batch).collect();
            if chunk.is_empty() || sender.blocking_send(chunk).is_err() {
                break;
            }
        }
    });
    let bar = ProgressBar::new(progress.total_bytes.max(1)).with_style(progress_style(&format!(
        "{} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{msg}}",
        stream.format.name()
    )));
    let started = Instant::now();
    let mut report = FileReport::default();
    while let Some(chunk) = receiver.recv().await {
        let mut good = Vec::with_capacity(chunk.len());
        let mut locations = Vec::with_capacity(chunk.len());
        let mut reject =
            |report: &mut FileReport, location: &dyn std::fmt::Display, reason: &str| {
                report.rejected += 1;
                if report.rejected as usize <= SHOWN_REJECTIONS {
                    bar.println(format!("rejected {location}: {reason}"));
                }
                let _ = writeln!(log, "{location}\t{reason}");
            };
        for outcome in chunk {
            report.read += 1;
            match outcome.result {
                Ok(patent) => {
                    good.push(patent);
                    locations.push(outcome.location);
                }
                Err(reason) => reject(&mut report, &outcome.location, &reason),
            }
        }
        let operator = Caller::operator();
        match catalogue::store_patents(app, &operator, &good).await {
            Ok(stored) => report.stored += stored,
            // The batch was rolled back whole; store its records one by one so
            // that only the record the database refuses is rejected.
            Err(batch_error) => {
                tracing::warn!(error = %batch_error.chain(), "a batch failed; storing its records one by one");
                for (patent, location) in good.iter().zip(&locations) {
                    match catalogue::store_patents(app, &operator, std::slice::from_ref(patent))
                        .await
                    {
                        Ok(stored) => report.stored += stored,
                        Err(e) => reject(
                            &mut report,
                            location,
                            &format!("the database refused the record: {e}"),
                        ),
                    }
                }
            }
        }
        let rate = report.read as f64 / started.elapsed().as_secs_f64().max(1e-3);
        bar.set_position(progress.bytes_read());
        bar.set_message(format!("{} records, {rate:.0} records/s", report.read));
        if interrupted.load(Ordering::SeqCst) {
            break;
        }
    }
    drop(receiver);
    let _ = parser.join();
    bar.finish_and_clear();
    if report.rejected as usize > SHOWN_REJECTIONS {
        println!(
            "… and {} more rejected records",
            report.rejected as usize - SHOWN_REJECTIONS
        );
    }
    Ok(report)
}

/// Brings the search index up to date, unless another process (a running
/// server) holds it: then that server's indexer picks up the outbox.
async fn update_index(app: &App) {
    match workers::drain_outbox(app).await {
        Ok(n) => println!("search index updated ({n} changes)"),
        Err(e) => println!(
            "search index not updated here ({}); a running server indexes these changes \
             itself within seconds, otherwise run `patentbridge reindex`",
            e.chain()
        ),
    }
}
