//! The background work of the application: keeping the search index in
//! step with the database (draining the outbox that catalogue writes fill
//! in the same transaction, and rebuilding the whole index on demand),
//! flagging overdue payments, and keeping the match index fresh. `serve`
//! runs them all with [`Workers::start`]; `import` and `reindex` call the
//! index jobs directly. A later job (a service-line timer, a statistics
//! snapshot) is one more [`Job`] here.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use patentbridge_search::SearchIndex;
use patentbridge_storage::{OutboxOperation, Store};

use crate::{App, Error};

/// How many outbox rows or patents the index jobs take at a time.
const BATCH: i64 = 1000;

/// Applies every pending outbox entry to the index; returns how many were
/// applied. Entries are acknowledged only after the index commit, so a
/// crash between the two re-applies them (applying is idempotent).
pub async fn drain_outbox(app: &App) -> Result<u64, Error> {
    drain(&app.store, &app.index).await
}

async fn drain(store: &Store, index: &SearchIndex) -> Result<u64, Error> {
    let mut applied = 0;
    loop {
        let pending = store.pending_outbox(BATCH).await?;
        if pending.is_empty() {
            return Ok(applied);
        }
        let mut upserts: Vec<String> = Vec::new();
        let mut deletes: Vec<String> = Vec::new();
        for e in &pending {
            match e.operation {
                OutboxOperation::Upsert => upserts.push(e.patent_number.clone()),
                OutboxOperation::Delete => deletes.push(e.patent_number.clone()),
            }
        }
        upserts.sort();
        upserts.dedup();
        let patents = store.patents_by_numbers(&upserts).await?;
        // A number queued for upsert that is gone from the database is removed.
        let missing: Vec<String> = upserts
            .iter()
            .filter(|n| !patents.iter().any(|p| &p.number.to_string() == *n))
            .cloned()
            .collect();
        deletes.extend(missing);
        let writer = index.clone();
        tokio::task::spawn_blocking(move || {
            if !deletes.is_empty() {
                writer.delete(&deletes)?;
            }
            writer.upsert(&patents)?;
            writer.commit()
        })
        .await??;
        let ids: Vec<i64> = pending.iter().map(|e| e.id).collect();
        store.acknowledge_outbox(&ids).await?;
        applied += pending.len() as u64;
    }
}

/// Rebuilds the index from the database; returns the number of patents
/// indexed. `on_progress` hears the running count after each batch.
pub async fn reindex_all(app: &App, mut on_progress: impl FnMut(u64)) -> Result<u64, Error> {
    let (store, index) = (&app.store, &app.index);
    // Entries committed before the scan starts are covered by it; later ones
    // stay queued for the indexer.
    let covered = store.outbox_ids().await?;
    let cleared = index.clone();
    tokio::task::spawn_blocking(move || cleared.clear()).await??;
    let mut after = 0;
    let mut done = 0u64;
    loop {
        let page = store.patents_after(after, BATCH).await?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        let patents: Vec<_> = page.into_iter().map(|(_, p)| p).collect();
        done += patents.len() as u64;
        let writer = index.clone();
        tokio::task::spawn_blocking(move || writer.upsert(&patents)).await??;
        on_progress(done);
    }
    let committer = index.clone();
    tokio::task::spawn_blocking(move || committer.commit()).await??;
    store.acknowledge_outbox(&covered).await?;
    Ok(done)
}

/// Flags unpaid obligations past their due date to both sides of the deal
/// and the operation centres, once each; returns how many were flagged.
pub async fn flag_overdue(app: &App) -> Result<usize, Error> {
    Ok(app.store.flag_overdue_obligations(app.today()).await?)
}

/// Rebuilds the match index if the published listings or the pool changed
/// since it was built, so the first need matched after a change does not
/// wait for the rebuild.
pub async fn refresh_match_index(app: &App) -> Result<(), Error> {
    crate::matching::corpus(app).await.map(|_| ())
}

type JobFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A background job: a name for the log and the loop it runs forever. A
/// loop that panics is started again after a pause, so one bad row does
/// not leave the index stale until the server restarts.
pub struct Job {
    pub name: &'static str,
    run: Arc<dyn Fn(App) -> JobFuture + Send + Sync>,
}

impl Job {
    pub fn new<F, Fut>(name: &'static str, run: F) -> Job
    where
        F: Fn(App) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        Job {
            name,
            run: Arc::new(move |app| Box::pin(run(app))),
        }
    }

    /// A job that calls `step` every `every`, starting at once, and logs a
    /// failure without stopping.
    pub fn every<F, Fut>(name: &'static str, every: Duration, step: F) -> Job
    where
        F: Fn(App) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), Error>> + Send + 'static,
    {
        let step = Arc::new(step);
        Job::new(name, move |app| {
            let step = step.clone();
            async move {
                let mut tick = tokio::time::interval(every);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    if let Err(e) = step(app.clone()).await {
                        tracing::error!(job = name, error = %e.chain(), "background job failed");
                    }
                }
            }
        })
    }
}

/// The first pause before a panicked job starts again; it doubles with each
/// panic in a row, up to [`MAX_PAUSE`].
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);
/// The longest pause between two starts of a job that keeps panicking.
pub const MAX_PAUSE: Duration = Duration::from_secs(60);

/// Runs `job` until it returns, starting it again after each panic.
async fn supervise(app: App, job: Job) {
    let mut pause = FIRST_PAUSE;
    loop {
        let started = tokio::time::Instant::now();
        let task = AbortOnDrop(tokio::spawn((job.run)(app.clone())));
        match task.join().await {
            Ok(()) => {
                tracing::info!(job = job.name, "background job ended");
                return;
            }
            Err(e) if e.is_panic() => {
                // A job that ran a good while before panicking starts the
                // pauses afresh.
                if started.elapsed() > MAX_PAUSE {
                    pause = FIRST_PAUSE;
                }
                tracing::error!(
                    job = job.name,
                    restart_in_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                    "background job panicked; starting it again"
                );
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
            Err(_) => return,
        }
    }
}

/// A task that is cancelled when its handle is dropped, so stopping the
/// supervisor stops the job it watches.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl AbortOnDrop {
    async fn join(mut self) -> Result<(), tokio::task::JoinError> {
        (&mut self.0).await
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The jobs `serve` runs.
pub fn standard_jobs() -> Vec<Job> {
    vec![
        Job::new("indexer", run_indexer),
        Job::every(
            "overdue payments",
            Duration::from_secs(3600),
            |app| async move {
                match flag_overdue(&app).await? {
                    0 => {}
                    n => tracing::info!(flagged = n, "overdue payments flagged"),
                }
                Ok(())
            },
        ),
        Job::every("match index", Duration::from_secs(60), |app| async move {
            refresh_match_index(&app).await
        }),
    ]
}

/// Drains the outbox whenever a write signals, and every few seconds in
/// case another process (an import) wrote to the database.
async fn run_indexer(app: App) {
    loop {
        if let Err(e) = drain_outbox(&app).await {
            tracing::error!(error = %e.chain(), "indexer could not drain the outbox");
        }
        tokio::select! {
            _ = app.notifier.wait_for_index_change() => {}
            _ = tokio::time::sleep(Duration::from_secs(3)) => {}
        }
    }
}

/// Running background jobs; dropping the handle stops them.
pub struct Workers {
    tasks: Vec<(&'static str, tokio::task::JoinHandle<()>)>,
}

impl Workers {
    /// Starts `jobs` on the current runtime.
    pub fn start(app: &App, jobs: Vec<Job>) -> Workers {
        let tasks = jobs
            .into_iter()
            .map(|job| {
                tracing::debug!(job = job.name, "background job started");
                (job.name, tokio::spawn(supervise(app.clone(), job)))
            })
            .collect();
        Workers { tasks }
    }

    /// The names of the running jobs.
    pub fn names(&self) -> Vec<&'static str> {
        self.tasks.iter().map(|(n, _)| *n).collect()
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for (_, task) in &self.tasks {
            task.abort();
        }
    }
}
