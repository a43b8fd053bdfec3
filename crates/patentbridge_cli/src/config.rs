//! Configuration: a typed struct from flags and environment, passed explicitly.

use std::path::PathBuf;

use patentbridge_storage::DatabaseLocation;

use crate::Cli;

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database: DatabaseLocation,
    pub index_dir: PathBuf,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> Config {
        let database = match cli.database_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => DatabaseLocation::parse(url),
            None => DatabaseLocation::default_in(&cli.data_dir),
        };
        Config {
            index_dir: cli.data_dir.join("index"),
            data_dir: cli.data_dir.clone(),
            database,
        }
    }
}

pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}
