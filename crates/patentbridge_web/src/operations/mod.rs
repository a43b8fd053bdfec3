//! What the account pages and the JSON API both do: signing in, signing up,
//! passwords, API tokens, verification, unlocking and invitations. Each
//! operation asks the policy, changes storage (which audits in the same
//! transaction) and returns an [`AppError`] the caller renders as a page or
//! as JSON, so the two front doors cannot drift apart.

pub mod accounts;
pub mod deals;
pub mod demands;
pub mod listings;
pub mod market;
pub mod matching;
pub mod organisations;
pub mod pool;
pub mod sessions;

/// Runs password hashing or verification off the async threads: Argon2id
/// takes tens of milliseconds of CPU on purpose.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("a password task panicked")
}
