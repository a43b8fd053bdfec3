//! The `patentbridge` binary: one subcommand per job.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

mod commands;
mod config;

use config::Config;

/// PatentBridge (专利转化服务平台): patent catalogue, search and transfer services.
#[derive(Debug, Parser)]
#[command(name = "patentbridge", version, about)]
pub struct Cli {
    /// Directory holding the SQLite database and the search index.
    #[arg(
        long,
        global = true,
        default_value = "./data",
        env = "PATENTBRIDGE_DATA_DIR"
    )]
    pub data_dir: PathBuf,
    /// A postgres:// URL selects PostgreSQL instead of the embedded SQLite file.
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log lines as human-readable text or as JSON objects.
    #[arg(long, global = true, default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web site and the JSON API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Import patent files (format detected, or given with --format).
    Import {
        /// Files, or a PatentsView folder.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// cn-csv, patentsview, lens, patentscope, landscape, uspto-xml, epo-xml, docdb-xml, template
        #[arg(long)]
        format: Option<String>,
        /// Records per database transaction.
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Set an applicant's type by hand on one patent; later imports keep it.
    SetApplicantType {
        /// The patent's publication number.
        number: String,
        /// The applicant's name as stored.
        applicant: String,
        /// university, institute, soe, enterprise or individual (or 高校, 科研院所, 国有企业, 企业, 个人)
        #[arg(value_name = "TYPE")]
        applicant_type: String,
    },
    /// Load IPC scheme titles (the Chinese and/or English tables, files or folders).
    LoadIpc {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Fill the data directory with the generated demo catalogue, then serve.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Only fill the data directory; do not serve.
        #[arg(long)]
        seed_only: bool,
        /// How many demo patents to generate.
        #[arg(long, default_value_t = 3000)]
        count: usize,
    },
    /// Evaluate the matching methods on the labelled Chinese G06F set.
    EvalMatching {
        /// The CSV file, or the shared data folder holding
        /// cn_patents_g06f_abstracts/cn_g06f_abstracts.csv
        /// (default: $PATENTBRIDGE_SHARED_DATA, else ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Splits whose records' titles are the queries (tune on train only).
        #[arg(long, default_value = "val,test_head")]
        splits: String,
        /// Hybrid weights text,bigrams,feedback, for tuning.
        #[arg(long, hide = true)]
        weights: Option<String>,
    },
    /// Measure import throughput and search latency.
    Bench {
        #[command(subcommand)]
        what: BenchTarget,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchTarget {
    /// Import, index and query a generated catalogue.
    Search {
        /// Number of generated patents.
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        /// Queries timed per query text.
        #[arg(long, default_value_t = 20)]
        repeat: usize,
    },
    /// Build a matching index over a generated catalogue and time demand queries.
    Matching {
        /// Number of generated patents.
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        /// Queries timed per method.
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
    /// Fire rounds of concurrent failed sign-ins at a server in this
    /// process and print its memory: with the bounded password workers,
    /// and with one worker per request as before the bound, side by side.
    SignIn {
        /// Sign-ins sent at once in each round.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Rounds per configuration.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    config::init_logging(&cli.log_format);
    let config = Config::from_cli(&cli);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(commands::run(cli.command, config))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn data_dir_defaults_to_data_and_subcommands_parse() {
        let cli =
            Cli::try_parse_from(["patentbridge", "import", "a.csv", "--format", "lens"]).unwrap();
        assert_eq!(cli.data_dir, PathBuf::from("./data"));
        assert!(matches!(cli.command, Command::Import { .. }));
        let cli = Cli::try_parse_from([
            "patentbridge",
            "--data-dir",
            "/tmp/x",
            "serve",
            "--addr",
            "127.0.0.1:9",
        ])
        .unwrap();
        assert_eq!(cli.data_dir, PathBuf::from("/tmp/x"));
        let cli = Cli::try_parse_from(["patentbridge", "demo", "--seed-only"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Demo {
                seed_only: true,
                ..
            }
        ));
        assert!(Cli::try_parse_from(["patentbridge", "import"]).is_err());
    }
}
