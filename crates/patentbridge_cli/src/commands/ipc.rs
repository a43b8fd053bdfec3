//! `load-ipc`: IPC scheme titles into the database.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use patentbridge_app::{App, Caller, catalogue};
use patentbridge_ingest::ipc_scheme::read_scheme;
use patentbridge_storage::IpcTitle;

use crate::commands::open_app;
use crate::config::Config;

pub async fn load_ipc(config: &Config, paths: &[PathBuf]) -> Result<()> {
    let app = open_app(config).await?;
    for path in paths {
        let (loaded, skipped) = load_scheme(&app, path).await?;
        println!(
            "{}: {loaded} IPC titles loaded, {skipped} rows skipped",
            path.display()
        );
    }
    app.close().await;
    Ok(())
}

/// Loads one scheme table; returns (loaded, skipped).
pub async fn load_scheme(app: &App, path: &Path) -> Result<(usize, usize)> {
    let (entries, skipped) = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        move || read_scheme(&path)
    })
    .await?
    .with_context(|| format!("cannot read IPC scheme {}", path.display()))?;
    let titles: Vec<IpcTitle> = entries
        .into_iter()
        .map(|e| IpcTitle {
            symbol: e.symbol,
            level: e.level,
            parent_symbol: e.parent_symbol,
            title_zh: e.title_zh,
            title_en: e.title_en,
        })
        .collect();
    catalogue::store_ipc_titles(app, &Caller::operator(), &titles).await?;
    Ok((titles.len(), skipped))
}
