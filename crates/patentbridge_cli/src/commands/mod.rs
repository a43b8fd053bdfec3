//! The subcommands, one module each, over shared helpers for opening the
//! store and the index.

use anyhow::{Context, Result};
use patentbridge_app::{App, Caller, catalogue, workers};
use patentbridge_search::SearchIndex;
use patentbridge_storage::Store;

use crate::config::Config;
use crate::{BenchTarget, Command};

mod bench;
mod bench_matching;
mod bench_sign_in;
mod demo;
mod eval_matching;
mod import;
mod ipc;
mod serve;

pub async fn run(command: Command, config: Config) -> Result<()> {
    match command {
        Command::Serve { addr } => serve::serve(&config, &addr).await,
        Command::Import {
            paths,
            format,
            batch,
        } => import::import(&config, &paths, format.as_deref(), batch).await,
        Command::Reindex => reindex(&config).await,
        Command::SetApplicantType {
            number,
            applicant,
            applicant_type,
        } => set_applicant_type(&config, &number, &applicant, &applicant_type).await,
        Command::LoadIpc { paths } => ipc::load_ipc(&config, &paths).await,
        Command::Demo {
            addr,
            seed_only,
            count,
        } => demo::demo(&config, &addr, seed_only, count).await,
        Command::Bench {
            what: BenchTarget::Search { count, repeat },
        } => bench::bench_search(count, repeat).await,
        Command::Bench {
            what: BenchTarget::Matching { count, queries },
        } => bench_matching::bench_matching(count, queries),
        Command::Bench {
            what:
                BenchTarget::SignIn {
                    concurrency,
                    rounds,
                },
        } => bench_sign_in::bench_sign_in(concurrency, rounds).await,
        Command::EvalMatching {
            data,
            splits,
            weights,
        } => eval_matching::eval_matching(data, &splits, weights.as_deref()),
    }
}

pub(crate) async fn open_store(config: &Config) -> Result<Store> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
    Store::open(&config.database)
        .await
        .with_context(|| format!("cannot open the database ({})", config.database.redacted()))
}

pub(crate) fn open_index(config: &Config) -> Result<SearchIndex> {
    SearchIndex::open_or_create(&config.index_dir).with_context(|| {
        format!(
            "cannot open the search index in {}",
            config.index_dir.display()
        )
    })
}

pub(crate) fn progress_style(template: &str) -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// The application over the configured database and the index in the
/// data directory.
pub(crate) async fn open_app(config: &Config) -> Result<App> {
    let store = open_store(config).await?;
    let index = open_index(config)?;
    Ok(App::new(store, index))
}

async fn reindex(config: &Config) -> Result<()> {
    let app = open_app(config).await?;
    let total = catalogue::count(&app).await?;
    let bar = indicatif::ProgressBar::new(total).with_style(progress_style(
        "reindexing [{bar:40}] {pos}/{len} patents, {per_sec} ({eta} left)",
    ));
    let started = std::time::Instant::now();
    let done = workers::reindex_all(&app, |n| bar.set_position(n)).await?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "reindexed {done} patents in {secs:.1} s ({:.0} patents/s); index at {}",
        done as f64 / secs.max(1e-9),
        config.index_dir.display()
    );
    app.close().await;
    Ok(())
}

async fn set_applicant_type(
    config: &Config,
    number: &str,
    applicant: &str,
    raw_type: &str,
) -> Result<()> {
    let Some(applicant_type) = patentbridge_domain::ApplicantType::parse(raw_type) else {
        anyhow::bail!(
            "unknown applicant type {raw_type:?}; use university, institute, soe, enterprise or individual"
        );
    };
    let app = open_app(config).await?;
    let changed =
        catalogue::set_applicant_type(&app, &Caller::operator(), number, applicant, applicant_type)
            .await?;
    app.close().await;
    if !changed {
        anyhow::bail!("no applicant {applicant:?} on patent {number}");
    }
    println!(
        "{number}: {applicant} is now {}; the search index follows",
        applicant_type.as_str()
    );
    Ok(())
}
