//! `serve`: the web site and API on an address.

use anyhow::{Context, Result};
use patentbridge_web::AppState;

use crate::commands::{open_index, open_store};
use crate::config::Config;

pub async fn serve(config: &Config, addr: &str) -> Result<()> {
    let store = open_store(config).await?;
    let index = open_index(config)?;
    // A fresh or deleted index is rebuilt from the database, its source of truth.
    if index.num_docs() == 0 && store.count_patents().await? > 0 {
        println!("search index is empty; rebuilding it from the database …");
        patentbridge_web::indexing::reindex_all(&store, &index, |_| {}).await?;
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let patents = store.count_patents().await?;
    println!(
        "PatentBridge serving {patents} patents from {} at http://{}/  (Ctrl-C stops)",
        config.database.redacted(),
        listener.local_addr()?
    );
    let state = AppState::new(store.clone(), index);
    patentbridge_web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    store.close().await;
    println!("stopped");
    Ok(())
}
