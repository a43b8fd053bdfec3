//! `demo`: fills the data directory with the demo — the generated
//! catalogue, the IPC scheme titles when the shared data folder is at hand,
//! and the organisations, accounts, pool, listings, needs and deals the
//! demo crate seeds through the application — then serves.

use std::path::PathBuf;

use anyhow::Result;
use indicatif::ProgressBar;
use patentbridge_app::catalogue;
use patentbridge_demo::seed::{self, Options, Progress};
use patentbridge_demo::{DEFAULT_DEMO_PASSWORD, DEMO_SEED};

use crate::commands::{ipc::load_scheme, open_app, progress_style, serve::serve};
use crate::config::Config;

pub async fn demo(config: &Config, addr: &str, seed_only: bool, count: usize) -> Result<()> {
    let app = open_app(config).await?;
    println!(
        "demo data in {} ({}), catalogue seed {DEMO_SEED}",
        config.data_dir.display(),
        config.database.redacted()
    );
    let from_env = std::env::var("PATENTBRIDGE_DEMO_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    let password = from_env
        .clone()
        .unwrap_or_else(|| DEFAULT_DEMO_PASSWORD.to_string());
    if catalogue::stats(&app).await?.ipc_titles == 0 {
        match shared_data_dir() {
            Some(shared) => {
                for folder in ["ipc_scheme_2026_01_zh", "ipc_scheme_2006_core_en"] {
                    let (n, _) = load_scheme(&app, &shared.join(folder)).await?;
                    println!("IPC titles from {folder}: {n}");
                }
            }
            None => println!(
                "IPC titles not loaded: set PATENTBRIDGE_SHARED_DATA to the shared data folder, or run `patentbridge load-ipc`"
            ),
        }
    }
    let bar = ProgressBar::new(count as u64).with_style(progress_style(
        "generating demo patents [{bar:40}] {pos}/{len} {per_sec}",
    ));
    let report = seed::run(&app, &Options { count, password }, |p| match p {
        Progress::Catalogue { done, .. } => bar.set_position(done as u64),
        Progress::Step(step) => {
            bar.finish_and_clear();
            println!("seeding {step} …");
        }
    })
    .await?;
    let c = report.catalogue;
    println!(
        "demo catalogue: {} inserted, {} updated, {} already present",
        c.inserted, c.updated, c.unchanged
    );
    let said = |what: &str, n: Option<usize>| match n {
        Some(n) => println!("{what}: {n}"),
        None => println!("{what}: already seeded"),
    };
    said("organisations seeded", report.organisations);
    if !report.accounts.is_empty() {
        println!(
            "demo accounts: {} (password: {})",
            report.accounts.join(", "),
            if from_env.is_some() {
                "from PATENTBRIDGE_DEMO_PASSWORD"
            } else {
                DEFAULT_DEMO_PASSWORD
            }
        );
    }
    said("dormant patents pooled", report.pooled);
    said("demo listings", report.listings);
    println!("search index holds {} patents", app.index().num_docs());
    said("demo technology needs", report.demands);
    said("demo deals", report.deals);
    app.close().await;
    if seed_only {
        return Ok(());
    }
    serve(config, addr).await
}

/// The shared data folder: `PATENTBRIDGE_SHARED_DATA`, or `../shared/data` beside the checkout.
fn shared_data_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PATENTBRIDGE_SHARED_DATA").map(PathBuf::from),
        Some(PathBuf::from("../shared/data")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("ipc_scheme_2026_01_zh").is_dir())
}
