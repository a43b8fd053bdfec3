//! The background jobs' supervisor: a job that panics starts again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use patentbridge_app::workers::{FIRST_PAUSE, Job, Workers};
use patentbridge_demo::fixture::Fixture;

#[tokio::test]
async fn a_job_that_panics_is_started_again_after_a_growing_pause() {
    let f = Fixture::new().await;
    let starts = Arc::new(AtomicUsize::new(0));
    let (done, mut finished) = tokio::sync::mpsc::unbounded_channel();
    let counted = starts.clone();
    let job = Job::new("flaky", move |_app| {
        let starts = counted.clone();
        let done = done.clone();
        async move {
            let n = starts.fetch_add(1, Ordering::SeqCst) + 1;
            assert!(n >= 3, "start {n} fails on purpose");
            let _ = done.send(n);
            std::future::pending::<()>().await;
        }
    });
    tokio::time::pause();
    let began = tokio::time::Instant::now();
    let workers = Workers::start(f.app(), vec![job]);
    let third = tokio::time::timeout(Duration::from_secs(600), finished.recv())
        .await
        .expect("the job is started again")
        .expect("the job reports");
    assert_eq!(third, 3);
    // One pause, then twice as long.
    assert!(began.elapsed() >= FIRST_PAUSE * 3, "{:?}", began.elapsed());
    assert_eq!(workers.names(), ["flaky"]);
    drop(workers);
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert_eq!(
        starts.load(Ordering::SeqCst),
        3,
        "a stopped job is not started again"
    );
}
