//! `serve`: the web site and API on an address, with the application's
//! background workers.

use anyhow::{Context, Result};
use patentbridge_app::{catalogue, workers};

use crate::commands::open_app;
use crate::config::Config;

pub async fn serve(config: &Config, addr: &str) -> Result<()> {
    let app = open_app(config).await?;
    // A fresh or deleted index is rebuilt from the database, its source of truth.
    let patents = catalogue::count(&app).await?;
    if app.index().num_docs() == 0 && patents > 0 {
        println!("search index is empty; rebuilding it from the database …");
        workers::reindex_all(&app, |_| {}).await?;
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    println!(
        "PatentBridge serving {patents} patents from {} at http://{}/  (Ctrl-C stops)",
        config.database.redacted(),
        listener.local_addr()?
    );
    patentbridge_web::serve(listener, app.clone(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    app.close().await;
    println!("stopped");
    Ok(())
}
