//! Seeding a fresh installation with the demo, one step after another:
//! the catalogue, the organisations and one ready account per role, the
//! dormant-patent pool, listings of every mode and price model, SMEs'
//! needs matched both ways, and deals in every state of the workflow.
//! Each step runs once: a store that already has what a step makes is left
//! alone, so `demo` can be run again on the same data directory.

use patentbridge_app::{App, Caller, catalogue, workers};
use patentbridge_storage::UpsertSummary;

use crate::{Context, DEMO_SEED, SeedError};

mod accounts;
mod deals;
mod demands;
mod listings;
mod organisations;
mod pool;

pub use accounts::ACCOUNTS;

/// What to seed.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many catalogue patents to generate.
    pub count: usize,
    /// The demo accounts' password.
    pub password: String,
}

/// What seeding did; a step that found its work already done says `None`.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub catalogue: UpsertSummary,
    pub organisations: Option<usize>,
    pub accounts: Vec<&'static str>,
    pub pooled: Option<usize>,
    pub listings: Option<usize>,
    pub demands: Option<usize>,
    pub deals: Option<usize>,
    pub indexed: u64,
}

/// A step of seeding, reported as it starts, with a count of units done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Catalogue patents stored so far, of the whole.
    Catalogue {
        done: usize,
        of: usize,
    },
    Step(&'static str),
}

/// How many catalogue records go into one transaction.
const BATCH: usize = 500;

/// Seeds everything, reporting progress to `on_progress`.
pub async fn run(
    app: &App,
    options: &Options,
    mut on_progress: impl FnMut(Progress),
) -> Result<Report, SeedError> {
    let operator = Caller::operator();
    let mut report = Report::default();
    let mut batch = Vec::with_capacity(BATCH);
    for (i, patent) in crate::catalogue::generate(options.count, DEMO_SEED).enumerate() {
        batch.push(patent);
        if batch.len() == BATCH || i + 1 == options.count {
            report.catalogue += catalogue::store_patents(app, &operator, &batch)
                .await
                .step(|| "catalogue".into())?;
            batch.clear();
            on_progress(Progress::Catalogue {
                done: i + 1,
                of: options.count,
            });
        }
    }
    on_progress(Progress::Step("organisations"));
    let (created, admin) = organisations::seed(app, &operator, &options.password).await?;
    report.organisations = created.as_ref().map(|c| c.organisations);
    report.accounts = created.map(|c| c.accounts).unwrap_or_default();
    on_progress(Progress::Step("pool"));
    report.pooled = pool::seed(app, &admin).await?;
    on_progress(Progress::Step("listings"));
    report.listings = listings::seed(app, &admin).await?;
    on_progress(Progress::Step("search index"));
    report.indexed = workers::drain_outbox(app)
        .await
        .step(|| "search index".into())?;
    on_progress(Progress::Step("needs"));
    report.demands = demands::seed(app, &admin, &options.password).await?;
    on_progress(Progress::Step("deals"));
    report.deals = deals::seed(app, &admin).await?;
    Ok(report)
}
