//! The application layer: every workflow of PatentBridge, over an [`App`]
//! (the store, the search index, the match cache, the notifier that wakes
//! the workers, the clock and the password workers) and a [`Caller`] (who
//! asks). The pages and the JSON API of the web crate, the commands of the
//! CLI and the demo's seeding all go through here, so no front door can
//! drift from another.
//!
//! Each operation parses or receives domain values, asks the policy
//! through the caller, applies the domain's rules, and stores through the
//! one [`patentbridge_storage::Store`] (which audits in the same
//! transaction). Failures are an [`Error`] with no HTTP in it: the caller's
//! mistakes carry a message in both languages, ours are
//! [`Error::Internal`].
//!
//! This crate knows no HTTP: no axum, no tower, no HTML.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use patentbridge_search::SearchIndex;
use patentbridge_storage::Store;

pub mod accounts;
pub mod audit;
pub mod caller;
pub mod catalogue;
pub mod deals;
pub mod demands;
pub mod error;
pub mod listings;
pub mod market;
pub mod matching;
pub mod organisations;
pub mod password;
pub mod pool;
pub mod sessions;
pub mod tokens;
pub mod workers;

pub use caller::Caller;
pub use error::{Error, Internal, Result, granted};

/// What every workflow reaches. Cloning is cheap and shares everything.
#[derive(Clone)]
pub struct App {
    store: Store,
    index: SearchIndex,
    notifier: Notifier,
    matcher: Arc<matching::MatchCache>,
    clock: Clock,
    passwords: password::Passwords,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("database", &self.store.backend_name())
            .finish_non_exhaustive()
    }
}

impl App {
    /// An application over a store and an index, with the system clock and
    /// one password worker per core.
    pub fn new(store: Store, index: SearchIndex) -> App {
        App {
            store,
            index,
            notifier: Notifier::default(),
            matcher: Arc::new(matching::MatchCache::default()),
            clock: Clock::system(),
            passwords: password::Passwords::sized_to_machine(),
        }
    }

    /// The same application reading the time from `clock` (tests set it).
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    /// The same application with its own password workers.
    pub fn with_passwords(mut self, passwords: password::Passwords) -> App {
        self.passwords = passwords;
        self
    }

    /// The search index, for the commands that report on it.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Which database backs the application (`sqlite` or `postgres`).
    pub fn database(&self) -> &'static str {
        self.store.backend_name()
    }

    /// What wakes the workers.
    pub fn notifier(&self) -> &Notifier {
        &self.notifier
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }

    /// Closes the database connections (commands call this before exit).
    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// Tells the workers there is work: a write queued search-index changes.
#[derive(Clone, Default)]
pub struct Notifier {
    index: Arc<tokio::sync::Notify>,
}

impl Notifier {
    /// Wakes the indexer at once instead of at its next round.
    pub fn index_changed(&self) {
        self.index.notify_one();
    }

    pub(crate) async fn wait_for_index_change(&self) {
        self.index.notified().await
    }
}

/// Where the workflows read the time: the system clock, or a fixed time in
/// tests of deadlines and schedules.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Utc::now))
    }

    /// A clock that always reads `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(move || at))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}
