//! `demo`: fills the data directory with the generated demo catalogue (and
//! the IPC scheme titles when the shared data folder is at hand), then serves.

use std::path::PathBuf;

use anyhow::Result;
use indicatif::ProgressBar;

use crate::commands::{ipc::load_scheme, open_index, open_store, progress_style, serve::serve};
use crate::config::Config;

/// The seed of the demo catalogue: the same data on every machine.
pub const DEMO_SEED: u64 = 20_211_023;

pub async fn demo(config: &Config, addr: &str, seed_only: bool, count: usize) -> Result<()> {
    let store = open_store(config).await?;
    println!(
        "demo data in {} ({})",
        config.data_dir.display(),
        config.database.redacted()
    );
    let bar = ProgressBar::new(count as u64).with_style(progress_style(
        "generating demo patents [{bar:40}] {pos}/{len} {per_sec}",
    ));
    let mut batch = Vec::with_capacity(500);
    let mut stored = patentbridge_storage::UpsertSummary::default();
    for patent in patentbridge_ingest::demo::generate(count, DEMO_SEED) {
        batch.push(patent);
        if batch.len() == 500 {
            stored += store.upsert_patents(&batch).await?;
            bar.inc(batch.len() as u64);
            batch.clear();
        }
    }
    stored += store.upsert_patents(&batch).await?;
    bar.finish_and_clear();
    println!(
        "demo catalogue: {} inserted, {} updated, {} already present",
        stored.inserted, stored.updated, stored.unchanged
    );
    let password = std::env::var("PATENTBRIDGE_DEMO_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| super::seed::DEFAULT_DEMO_PASSWORD.to_string());
    if let Some(seeded) = super::seed::seed_organisations(&store, &password).await? {
        println!("organisations seeded: {}", seeded.organisations);
        println!(
            "demo accounts: {} (password: {})",
            seeded.accounts.join(", "),
            if std::env::var_os("PATENTBRIDGE_DEMO_PASSWORD").is_some() {
                "from PATENTBRIDGE_DEMO_PASSWORD"
            } else {
                super::seed::DEFAULT_DEMO_PASSWORD
            }
        );
    }
    println!(
        "dormant patents pooled: {}",
        super::seed_pool::seed_pool(&store).await?
    );
    let listed = super::seed_listings::seed_listings(&store).await?;
    println!("demo listings: {listed}");
    if store.catalogue_stats().await?.ipc_titles == 0 {
        match shared_data_dir() {
            Some(shared) => {
                for folder in ["ipc_scheme_2026_01_zh", "ipc_scheme_2006_core_en"] {
                    let (n, _) = load_scheme(&store, &shared.join(folder)).await?;
                    println!("IPC titles from {folder}: {n}");
                }
            }
            None => println!(
                "IPC titles not loaded: set PATENTBRIDGE_SHARED_DATA to the shared data folder, or run `patentbridge load-ipc`"
            ),
        }
    }
    let index = open_index(config)?;
    patentbridge_web::indexing::drain_outbox(&store, &index).await?;
    println!("search index holds {} patents", index.num_docs());
    let state = patentbridge_web::AppState::new(store.clone(), index);
    println!(
        "demo technology needs: {}",
        super::seed_demands::seed_demands(&state).await?
    );
    println!(
        "demo deals: {}",
        super::seed_deals::seed_deals(&state).await?
    );
    drop(state);
    store.close().await;
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
