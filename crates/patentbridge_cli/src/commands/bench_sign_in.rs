//! `bench sign-in`: the server's memory under concurrent failed sign-ins.
//!
//! Each Argon2id check takes about 19 MiB and 30 ms of CPU on purpose. The
//! command starts the real router on a loopback port in this process, over
//! a fresh SQLite database, and sends rounds of
//! `concurrency` sign-ins for an unknown login at once (refused after the
//! same Argon2 work as a wrong password, without locking anything). It does so twice,
//! side by side in one run: with the password workers the server uses (one
//! per core, a short queue, the rest refused with 503), and with as many
//! workers as requests — what the server did before the bound, when every
//! check ran on its own blocking thread. After each configuration it prints
//! the answers by status, the peak resident memory of the process and the
//! memory resident when idle again. Figures, not assertions: the machine
//! is shared and noisy.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use patentbridge_app::App;
use patentbridge_app::password::Passwords;
use patentbridge_search::SearchIndex;
use patentbridge_storage::{DatabaseLocation, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// This process's resident memory now and at its peak, in MiB, from
/// `/proc/self/status` (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}

/// One `POST /api/v1/session` for a login nobody has (which spends the
/// same Argon2 time as a wrong password and never locks an account); the
/// status answered.
async fn wrong_sign_in(port: u16) -> Result<u16> {
    let body = r#"{"login":"nobody@example.cn","password":"not the password at all"}"#;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let request = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let head = String::from_utf8_lossy(&answer);
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status line")
}

/// Serves `app` on a free port until the returned handle is dropped.
async fn serve(app: App) -> Result<(u16, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let task = tokio::spawn(async move {
        let _ = patentbridge_web::serve(listener, app, std::future::pending()).await;
    });
    Ok((port, task))
}

pub async fn bench_sign_in(concurrency: usize, rounds: usize) -> Result<()> {
    let dir =
        std::env::temp_dir().join(format!("patentbridge-bench-sign-in-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&DatabaseLocation::Sqlite(dir.join("bench.sqlite"))).await?;
    let app = App::new(store, SearchIndex::in_memory()?);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "bench sign-in: {rounds} rounds of {concurrency} concurrent wrong passwords, {cores} logical CPUs"
    );
    let (rss, _) = memory();
    println!("process resident before: {rss:.0} MiB");
    let configurations = [
        (
            format!("bounded: {cores} workers, queue {}", cores * 8),
            Passwords::sized_to_machine(),
        ),
        (
            format!("unbounded: {concurrency} workers (one per request)"),
            Passwords::new(concurrency, concurrency),
        ),
    ];
    println!(
        "{:<46} {:>9} {:>12} {:>10} {:>10}",
        "configuration", "answers", "median ms", "peak MiB", "idle MiB"
    );
    for (name, passwords) in configurations {
        let (port, server) = serve(app.clone().with_passwords(passwords)).await?;
        let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
        let mut took = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            let asks: Vec<_> = (0..concurrency)
                .map(|_| tokio::spawn(wrong_sign_in(port)))
                .collect();
            for ask in asks {
                let status = ask.await?.unwrap_or(0);
                *statuses.entry(status).or_default() += 1;
            }
            took.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        server.abort();
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (idle, peak) = memory();
        took.sort_by(f64::total_cmp);
        let answers: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
        println!(
            "{:<46} {:>9} {:>12.0} {:>10.0} {:>10.0}",
            name,
            answers.join(" "),
            took[took.len() / 2],
            peak,
            idle
        );
    }
    println!(
        "peak is the process's high-water mark so far (VmHWM), so the second line includes the first; \
         401 is a refused sign-in, 503 a check refused while the workers were busy"
    );
    app.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
