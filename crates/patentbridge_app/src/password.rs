//! Password hashing with Argon2id — the default parameters, a random salt
//! per hash, and the PHC string format, which records all three beside the
//! hash — run on a small fixed pool of threads.
//!
//! One Argon2id check takes about 30 ms of CPU and 19 MiB of memory on
//! purpose. Run on the async runtime's blocking pool with nothing bounding
//! it, 64 concurrent failed sign-ins each got their own thread and arena
//! and the server grew from 75 MB to 3.9 GB, keeping 3.4 GB when idle.
//! [`Passwords`] runs every check on one of as many threads as the machine
//! has cores, behind a short queue; work beyond the queue is refused at
//! once with [`Error::Busy`] (the web crate answers 503 with Retry-After),
//! so memory stays flat under any sign-in load.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use patentbridge_domain::{Password, Text};

use crate::Error;

/// The Argon2id hash of a new password as a PHC string
/// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
pub(crate) fn hash_password(password: &Password) -> String {
    hash_secret(password.expose_secret())
}

/// Whether `candidate` is the password behind `hash`; false for a hash that
/// cannot be read.
pub(crate) fn verify_password(hash: &str, candidate: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, &parsed.hash) else {
        return false;
    };
    let computed = || -> password_hash::Result<PasswordHash<'_>> {
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        compute(algorithm, version, params, candidate.as_bytes(), salt)
    };
    match computed() {
        // `Output`'s equality takes the same time wherever the bytes differ.
        Ok(computed) => computed.hash.as_ref() == Some(expected),
        Err(_) => false,
    }
}

/// Spends the time of a real verification against a hash nobody has the
/// password of, so an unknown login takes as long to refuse as a known one.
pub(crate) fn verify_nothing(candidate: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash_secret("no account has this password"));
    let _ = verify_password(&DUMMY, candidate);
}

fn hash_secret(secret: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system provides random bytes");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt length");
    compute(
        Algorithm::default(),
        Version::default(),
        Params::default(),
        secret.as_bytes(),
        salt.as_salt(),
    )
    .expect("Argon2 with default parameters hashes any password")
    .to_string()
}

thread_local! {
    /// This thread's Argon2 working memory (19 MiB with the default
    /// parameters), allocated on the first check and kept: a password
    /// worker then holds one block of memory for good instead of asking
    /// the allocator for a fresh one per check, which fragmented and kept
    /// hundreds of megabytes after a burst of sign-ins.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// What [`argon2::PasswordHasher::hash_password`] does, in this thread's
/// reused working memory.
fn compute<'a>(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: Salt<'a>,
) -> password_hash::Result<PasswordHash<'a>> {
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < params.block_count() {
            blocks.resize(params.block_count(), Block::default());
        }
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password, salt_bytes, out, &mut blocks[..])
                .map_err(password_hash::Error::from)
        })
    })?;
    Ok(PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt),
        hash: Some(output),
    })
}

type Job = Box<dyn FnOnce() + Send>;

/// The pool that runs password work: `workers` threads and room for
/// `queue` more jobs waiting; cloning shares the pool.
#[derive(Clone)]
pub struct Passwords {
    jobs: SyncSender<Job>,
    workers: usize,
    queue: usize,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("workers", &self.workers)
            .field("queue", &self.queue)
            .finish()
    }
}

impl Passwords {
    /// A pool of `workers` threads (at least one) with `queue` places (at
    /// least one) for waiting jobs. The threads end when the last clone is
    /// dropped.
    pub fn new(workers: usize, queue: usize) -> Passwords {
        let workers = workers.max(1);
        // A channel of no places hands a job over only while a worker waits
        // on it, and refuses one sent between two jobs with workers idle.
        let queue = queue.max(1);
        let (jobs, inbox) = sync_channel::<Job>(queue);
        let inbox = Arc::new(Mutex::new(inbox));
        for n in 0..workers {
            let inbox = inbox.clone();
            std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work(&inbox))
                .expect("the operating system starts a thread");
        }
        Passwords {
            jobs,
            workers,
            queue,
        }
    }

    /// One worker per core, and a queue of eight jobs per worker: at about
    /// 30 ms a check, a queued sign-in waits a quarter of a second at most.
    pub fn sized_to_machine() -> Passwords {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Passwords::new(cores, cores * 8)
    }

    /// Runs `f` on a worker and waits for its result; refuses at once with
    /// [`Error::Busy`] when every worker is busy and the queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Error> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The asker may have gone (a closed connection); the work is
            // done either way and nothing else waits for it.
            let _ = reply.send(f());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                tracing::warn!(
                    workers = self.workers,
                    queue = self.queue,
                    "password checks refused: all workers busy and the queue full"
                );
                return Err(Error::Busy(Text::new(
                    "登录请求过多，请稍后再试",
                    "too many sign-in attempts at once; try again in a moment",
                )));
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(Error::internal(
                    "password check",
                    "the password workers have stopped",
                ));
            }
        }
        answer.await.map_err(|_| {
            Error::internal(
                "password check",
                "a password worker failed during the check",
            )
        })
    }

    /// Verifies `candidate` against `hash` (or, with no hash, spends the
    /// same time on nothing) on a worker.
    pub async fn verify(&self, hash: Option<String>, candidate: String) -> Result<bool, Error> {
        self.run(move || match hash {
            Some(hash) => verify_password(&hash, &candidate),
            None => {
                verify_nothing(&candidate);
                false
            }
        })
        .await
    }

    /// Hashes a new password on a worker.
    pub async fn hash(&self, password: Password) -> Result<String, Error> {
        self.run(move || hash_password(&password)).await
    }
}

fn work(inbox: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while taking a job, never while running it.
        let job = match inbox.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A job that panics drops its reply, which the asker reports as an
        // internal error; the worker lives on.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use patentbridge_domain::Login;

    use super::*;

    fn password(raw: &str) -> Password {
        Password::parse(raw, &Login::parse("someone@example.cn").unwrap()).unwrap()
    }

    #[test]
    fn a_hash_is_an_argon2id_phc_string_that_verifies_only_the_right_password() {
        let hash = hash_password(&password("correct horse battery"));
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse battery!"));
    }

    #[test]
    fn hashes_stored_by_the_argon2_crates_own_hasher_still_verify() {
        use argon2::PasswordHasher;
        let salt = SaltString::encode_b64(b"a fixed salt 16b").unwrap();
        let stored = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password(&stored, "correct horse battery"));
        assert!(!verify_password(&stored, "correct horse batter"));
        // And ours reads the same as the crate's for the same salt.
        let ours = compute(
            Algorithm::default(),
            Version::default(),
            Params::default(),
            b"correct horse battery",
            salt.as_salt(),
        )
        .unwrap()
        .to_string();
        assert_eq!(ours, stored);
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let p = password("correct horse battery");
        assert_ne!(hash_password(&p), hash_password(&p));
    }

    #[test]
    fn an_unreadable_hash_verifies_nothing() {
        assert!(!verify_password("not a hash", "anything at all"));
        assert!(!verify_password("", ""));
    }

    #[tokio::test]
    async fn the_pool_verifies_on_its_workers() {
        let pool = Passwords::new(1, 1);
        let hash = pool.hash(password("correct horse battery")).await.unwrap();
        assert!(
            pool.verify(Some(hash.clone()), "correct horse battery".into())
                .await
                .unwrap()
        );
        assert!(!pool.verify(Some(hash), "wrong".into()).await.unwrap());
        assert!(!pool.verify(None, "anything".into()).await.unwrap());
    }

    /// 64 checks at once on 2 workers with room for 4 more: never more than
    /// 2 run together, 6 are taken, and the rest are refused as busy rather
    /// than piling up threads and memory.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_beyond_the_workers_and_the_queue_is_refused_as_busy() {
        let pool = Passwords::new(2, 4);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        let ask = |pool: &Passwords| {
            let (running, most, gate) = (running.clone(), most.clone(), gate.clone());
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Hold the worker until the test lets it go.
                    let _ = gate.lock().unwrap().recv_timeout(Duration::from_secs(10));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            })
        };
        // Two checks occupy both workers …
        let mut asks = vec![ask(&pool), ask(&pool)];
        while running.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // … then 62 more arrive at once.
        for _ in 0..62 {
            asks.push(ask(&pool));
        }
        // Every ask was either queued or refused before the workers finish.
        tokio::time::sleep(Duration::from_millis(200)).await;
        for _ in 0..64 {
            let _ = release.send(());
        }
        let mut done = 0;
        let mut busy = 0;
        for ask in asks {
            match ask.await.unwrap() {
                Ok(()) => done += 1,
                Err(Error::Busy(t)) => {
                    busy += 1;
                    assert!(t.zh().contains("稍后再试"));
                }
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(done, 6, "2 running and 4 queued are served");
        assert_eq!(busy, 58);
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[tokio::test]
    async fn a_job_that_panics_is_an_internal_error_and_the_worker_lives_on() {
        let pool = Passwords::new(1, 1);
        let err = pool.run(|| panic!("boom")).await.unwrap_err();
        assert!(err.is_internal());
        assert_eq!(pool.run(|| 7).await.unwrap(), 7);
    }
}
