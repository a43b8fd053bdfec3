//! End-to-end tests of the `patentbridge` binary: real files imported
//! through the command line, the demo served over HTTP, and a headless
//! Chromium driving the search page.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "pb-e2e-{name}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_patentbridge"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    cmd
}

fn run(args: &[&str], data_dir: &Path) -> Output {
    run_command(binary(), args, data_dir)
}

/// Runs `cmd` (the binary with its environment set) on `data_dir`; a
/// failure panics with its output.
fn run_command(mut cmd: Command, args: &[&str], data_dir: &Path) -> Output {
    let out = cmd
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap();
    if !out.status.success() {
        panic!(
            "patentbridge {args:?} failed\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

fn shared_data() -> Option<PathBuf> {
    match std::env::var_os("PATENTBRIDGE_SHARED_DATA") {
        Some(p) if Path::new(&p).is_dir() => Some(PathBuf::from(p)),
        _ => {
            eprintln!("skipping: PATENTBRIDGE_SHARED_DATA not set");
            None
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 exchange on loopback; returns (status, body).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly the body its headers announce: some peers
    // (ChromeDriver) keep the connection open after answering.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = read_retrying(&mut stream, &mut buf);
        assert!(n > 0, "connection closed before the response head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let have = raw.len() - head_end;
        let complete = match length {
            Some(len) => have >= len,
            None if chunked => raw.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = read_retrying(&mut stream, &mut buf);
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let rest = String::from_utf8_lossy(&raw[head_end..]).into_owned();
    let body = if chunked { dechunk(&rest) } else { rest };
    (status, body)
}

/// One read, retried when a signal interrupts it (the tests start and
/// stop child processes, whose SIGCHLD can land in the middle of a read).
fn read_retrying(stream: &mut TcpStream, buf: &mut [u8]) -> usize {
    loop {
        match stream.read(buf) {
            Ok(n) => return n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => panic!("reading the response: {e}"),
        }
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

fn wait_for_port(port: u16, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("process exited early with {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("nothing listened on port {port} within two minutes");
}

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data_dir: &Path) -> Server {
        Server::start_command(binary(), data_dir)
    }

    /// Serves with `cmd`: the binary with its environment set.
    fn start_command(mut cmd: Command, data_dir: &Path) -> Server {
        let port = free_port();
        let mut child = cmd
            .arg("--data-dir")
            .arg(data_dir)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, &mut child);
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn importing_the_chinese_csv_makes_its_patents_searchable_and_a_second_import_changes_nothing() {
    let Some(shared) = shared_data() else { return };
    let data = temp_dir("cn");
    let csv = shared.join("cn_patents_g06f_abstracts/cn_g06f_abstracts.csv");
    let csv = csv.to_str().unwrap();
    let first = String::from_utf8(run(&["import", csv], &data).stdout).unwrap();
    assert!(
        first.contains("3933 records read, 3933 inserted, 0 updated, 0 unchanged, 0 rejected"),
        "{first}"
    );
    let second = String::from_utf8(run(&["import", csv], &data).stdout).unwrap();
    assert!(
        second.contains("3933 records read, 0 inserted, 0 updated, 3933 unchanged, 0 rejected"),
        "{second}"
    );

    let zh = shared.join("ipc_scheme_2026_01_zh");
    let en = shared.join("ipc_scheme_2006_core_en");
    let loaded = String::from_utf8(
        run(
            &["load-ipc", zh.to_str().unwrap(), en.to_str().unwrap()],
            &data,
        )
        .stdout,
    )
    .unwrap();
    assert!(loaded.contains("77242 IPC titles loaded"), "{loaded}");
    assert!(loaded.contains("17883 IPC titles loaded"), "{loaded}");

    let server = Server::start(&data);
    let (status, body) = http(
        server.port,
        "GET",
        "/api/v1/search?q=%E5%8E%8B%E5%8A%9B%E4%BC%A0%E6%84%9F%E5%99%A8",
        None,
    );
    assert_eq!(status, 200, "{body}");
    let results: Value = serde_json::from_str(&body).unwrap();
    let numbers: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["number"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&"CN115525164A"), "first page: {numbers:?}");
    let (status, body) = http(server.port, "GET", "/api/v1/patents/CN115525164A", None);
    assert_eq!(status, 200);
    let patent: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        patent["title_zh"],
        "压力传感器校准方法、设备、电容笔和可读存储介质"
    );
    assert!(
        patent["abstract_zh"]
            .as_str()
            .unwrap()
            .starts_with("本申请公开了一种压力传感器校准方法")
    );
    // Its CPC codes carry the IPC titles of their groups in both languages.
    let first = &patent["cpc"][0];
    assert!(
        first["code"].as_str().unwrap().starts_with("G06F"),
        "{first}"
    );
    assert!(
        !first["title_zh"].as_str().unwrap_or("").is_empty(),
        "{first}"
    );
    assert!(
        !first["title_en"].as_str().unwrap_or("").is_empty(),
        "{first}"
    );
    let (status, _) = http(server.port, "GET", "/api/v1/patents/CN000000000A", None);
    assert_eq!(status, 404);
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn every_shared_sample_file_imports_with_its_records_counted_and_rejections_explained() {
    let Some(shared) = shared_data() else { return };
    let data = temp_dir("all-samples");
    let inputs = [
        "cn_patents_g06f_abstracts/cn_g06f_abstracts.csv",
        "patentsview_nvidia_subset",
        "lens_wipo_patent_exports_poldham/lens_drones_fulltext_families_5884.csv",
        "lens_wipo_patent_exports_poldham/lens_pizza_1000_raw.csv",
        "lens_wipo_patent_exports_poldham/patentscope_pizza_medium_10000.csv",
        "lens_wipo_patent_exports_poldham/ritonavir.csv",
        "uspto_fulltext_xml_samples/go-uspto/test-data",
        "uspto_fulltext_xml_samples/PatentPublicData/xml2004",
        "uspto_fulltext_xml_samples/PatentPublicData/xml2006",
        "uspto_fulltext_xml_samples/PatentPublicData/xml2014",
        "uspto_fulltext_xml_samples/PatentPublicData/xmlApp2004",
        "uspto_fulltext_xml_samples/PatentPublicData/pap",
        "uspto_fulltext_xml_samples/PatentPublicData/sgml",
        "epo_xml_samples/ep_fulltext_go-epo-eps/test-data",
        "epo_xml_samples/docdb_go-epo-bdds",
    ];
    let paths: Vec<String> = inputs
        .iter()
        .map(|p| shared.join(p).to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    let out = run(&args, &data);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = |file: &str| {
        stdout
            .lines()
            .find(|l| l.contains(file) && l.contains("records read"))
            .unwrap_or_else(|| panic!("no report for {file}:\n{stdout}"))
            .to_string()
    };
    assert!(
        line("cn_g06f_abstracts.csv")
            .ends_with("3933 records read, 3933 inserted, 0 updated, 0 unchanged, 0 rejected")
    );
    assert!(line("patentsview_nvidia_subset").contains("4374 records read"));
    assert!(line("lens_drones_fulltext_families_5884.csv").contains("5884 records read"));
    assert!(line("lens_pizza_1000_raw.csv").contains("1000 records read"));
    let patentscope = line("patentscope_pizza_medium_10000.csv");
    assert!(
        patentscope.contains("10000 records read") && patentscope.ends_with(" 2 rejected"),
        "{patentscope}"
    );
    assert!(line("ritonavir.csv").contains("804 records read"));
    assert!(
        line("test.xml").contains("2 records read"),
        "the concatenated weekly file holds two grants"
    );
    let total = stdout
        .lines()
        .find(|l| l.starts_with("total:"))
        .expect("a total line");
    assert!(
        total.contains("26072 records read") && total.ends_with(", 2 rejected"),
        "{total}"
    );
    // The two rejections are explained with file, line and reason.
    let log = std::fs::read_to_string(data.join("import-rejections.log")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.contains("patentscope_pizza_medium_10000.csv:line 5416")
            && log.contains("Title is empty"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn a_deleted_search_index_is_rebuilt_by_reindex_from_the_database() {
    let data = temp_dir("reindex");
    run(&["demo", "--seed-only", "--count", "200"], &data);
    std::fs::remove_dir_all(data.join("index")).unwrap();
    let out = String::from_utf8(run(&["reindex"], &data).stdout).unwrap();
    assert!(out.contains("reindexed 200 patents"), "{out}");
    let _ = std::fs::remove_dir_all(data);
}

// ---------------------------------------------------------------------------
// Headless Chromium through ChromeDriver's W3C WebDriver protocol.

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: PathBuf,
}

impl Browser {
    fn start() -> Option<Browser> {
        let found = |bin: &str| {
            Command::new("sh")
                .args(["-c", &format!("command -v {bin}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !found("chromedriver") || !found("chromium") {
            if std::env::var_os("PATENTBRIDGE_REQUIRE_BROWSER").is_some() {
                panic!(
                    "PATENTBRIDGE_REQUIRE_BROWSER is set but chromium or chromedriver is missing"
                );
            }
            eprintln!(
                "skipping browser test: chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)"
            );
            return None;
        }
        let port = free_port();
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, &mut driver);
        let profile = temp_dir("chromium-profile");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                     format!("--user-data-dir={}", profile.display())]
        }}}});
        let (status, body) = http(port, "POST", "/session", Some(&caps));
        assert_eq!(status, 200, "cannot start a browser session: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let session = v["value"]["sessionId"].as_str().unwrap().to_string();
        Some(Browser {
            driver,
            port,
            session,
            profile,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, text) = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str::<Value>(&text).unwrap()["value"].take()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    /// Waits (up to ten seconds) until the selector matches, as a page load
    /// after a click is not finished when the click returns.
    fn wait_for_all(&self, css: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.find_all(css);
            if !found.is_empty() || Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn clear(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
    }

    /// Replaces the text of the input matched by `css`.
    fn fill(&self, css: &str, text: &str) {
        let input = self.find(css);
        self.clear(&input);
        self.type_into(&input, text);
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        self.call("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Chooses the option with `value` of the select matched by `css`.
    fn select(&self, css: &str, value: &str) {
        self.click(&self.find(&format!("{css} option[value='{value}']")));
    }

    /// Waits (up to ten seconds) until the address contains `fragment`, so
    /// elements are not read from the page a click is leaving.
    fn wait_for_url(&self, fragment: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.current_url().contains(fragment) {
            assert!(
                Instant::now() < deadline,
                "never reached {fragment}: {}",
                self.current_url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn current_url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Signs in through the sign-in page and waits for the next page.
    fn sign_in(&self, base: &str, login: &str, password: &str) {
        self.goto(&format!("{base}/sign-in"));
        self.fill("#f-login", login);
        self.fill("#f-password", password);
        self.click(&self.find("#sign-in-button"));
        assert!(
            !self.wait_for_all("#nav-sign-out").is_empty(),
            "{login} is not signed in: {}",
            self.text(&self.find("main"))
        );
    }

    fn sign_out(&self) {
        self.click(&self.find("#nav-sign-out"));
        assert!(
            !self.wait_for_all("#nav-sign-in").is_empty(),
            "not signed out"
        );
    }

    /// Saves a PNG of the page under target/screenshots for a person to look at.
    fn screenshot(&self, name: &str) {
        let b64 = self.call("GET", "/screenshot", None);
        let png = decode_base64(b64.as_str().unwrap());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn a_visitor_searches_the_demo_catalogue_in_chinese_and_sees_highlighted_results() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let data = temp_dir("browser");
    run(&["demo", "--seed-only", "--count", "400"], &data);
    let server = Server::start(&data);
    let base = format!("http://127.0.0.1:{}", server.port);

    browser.goto(&format!("{base}/"));
    browser.screenshot("home-zh");
    let query = browser.find("#q");
    browser.type_into(&query, "压力传感器");
    browser.click(&browser.find("#search-button"));
    let hits = browser.wait_for_all("#results .hit");
    browser.screenshot("search-zh");
    assert!(
        !hits.is_empty(),
        "the search for 压力传感器 rendered no results"
    );
    let first = browser.text(&hits[0]);
    assert!(
        first.contains("传感器"),
        "first hit does not mention the term: {first}"
    );
    assert!(
        !browser.find_all("#results .hit mark").is_empty(),
        "matched terms are not highlighted"
    );

    browser.goto(&format!(
        "{base}/search?q=%E5%8E%8B%E5%8A%9B%E4%BC%A0%E6%84%9F%E5%99%A8&lang=en"
    ));
    browser.screenshot("search-en");
    let page = browser.text(&browser.find("body"));
    assert!(
        page.contains("Search"),
        "the English page has no English text"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn every_demo_account_signs_in_with_the_demo_password_and_carries_its_role() {
    let data = temp_dir("accounts");
    let out =
        String::from_utf8(run(&["demo", "--seed-only", "--count", "20"], &data).stdout).unwrap();
    assert!(out.contains("organisations seeded: 94"), "{out}");
    let server = Server::start(&data);
    let expected = [
        ("admin", "administrator"),
        ("bureau", "ip_bureau"),
        ("district-binhai", "district_officer"),
        ("tju-tto", ""),
        ("sme1", ""),
        ("sme2", ""),
        ("bank1", ""),
        ("expert1", "expert"),
        ("centre1", ""),
    ];
    for (login, role) in expected {
        let body = json!({"login": login, "password": "demo-password"});
        let (status, text) = http(server.port, "POST", "/api/v1/session", Some(&body));
        assert_eq!(status, 200, "{login}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(
            v["token"].as_str().is_some_and(|t| t.len() >= 32),
            "{login}: {text}"
        );
        let roles: Vec<&str> = v["user"]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        if role.is_empty() {
            assert!(
                !v["user"]["memberships"].as_array().unwrap().is_empty(),
                "{login} belongs to an organisation"
            );
        } else {
            assert!(roles.contains(&role), "{login}: {roles:?}");
        }
    }
    let (status, _) = http(
        server.port,
        "POST",
        "/api/v1/session",
        Some(&json!({"login": "sme1", "password": "wrong password"})),
    );
    assert_eq!(status, 401);
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn an_sme_signs_up_an_administrator_verifies_it_and_the_sme_sees_the_verified_badge() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let data = temp_dir("sign-up");
    run(&["demo", "--seed-only", "--count", "50"], &data);
    let server = Server::start(&data);
    let base = format!("http://127.0.0.1:{}", server.port);
    let credit_code = patentbridge_domain::CreditCode::from_parts("91", "120116", "MA07KP2X")
        .unwrap()
        .as_str()
        .to_string();

    // A first try with a wrong check character and a district that does
    // not exist: both fields say what is wrong, and nothing is stored.
    browser.goto(&format!("{base}/sign-up"));
    browser.screenshot("sign-up-zh");
    let mut wrong_code = credit_code.clone();
    let last = wrong_code.pop().unwrap();
    wrong_code.push(if last == '0' { '1' } else { '0' });
    browser.fill("#f-name_zh", "天津测感智能科技有限公司");
    browser.fill("#f-credit_code", &wrong_code);
    browser.fill("#f-region_code", "120199");
    browser.fill("#f-industry", "仪器仪表制造业");
    browser.fill("#f-revenue_yuan", "8600000");
    browser.fill("#f-employees", "42");
    browser.fill("#f-display_name", "刘洋");
    browser.fill("#f-login", "liuyang@cegan.example.cn");
    browser.fill("#f-password", "tianjin-sensor-2026");
    browser.fill("#f-password_confirm", "tianjin-sensor-2026");
    browser.click(&browser.find("#sign-up-button"));
    let errors = browser.wait_for_all(".field-error");
    browser.screenshot("sign-up-errors-zh");
    let messages: Vec<String> = errors.iter().map(|e| browser.text(e)).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("校验码"), "{messages:?}");
    assert!(messages[1].contains("16 个区"), "{messages:?}");

    browser.fill("#f-credit_code", &credit_code);
    browser.fill("#f-region_code", "120116");
    browser.fill("#f-password", "tianjin-sensor-2026");
    browser.fill("#f-password_confirm", "tianjin-sensor-2026");
    browser.click(&browser.find("#sign-up-button"));
    assert!(
        !browser
            .wait_for_all(".badge.verification.pending")
            .is_empty(),
        "the new organisation is not awaiting review: {}",
        browser.text(&browser.find("main"))
    );
    browser.screenshot("organisation-pending-zh");
    let organisation_url = browser.current_url();
    let organisation_path = organisation_url
        .trim_start_matches(&base)
        .split('?')
        .next()
        .unwrap()
        .to_string();
    browser.sign_out();

    // The administrator approves it from the verification queue.
    browser.sign_in(&base, "admin", "demo-password");
    browser.goto(&format!("{base}/admin/organisations"));
    let id = organisation_path.trim_start_matches("/organisations/");
    let approve = browser.find(&format!("tr[data-organisation='{id}'] button.primary"));
    browser.screenshot("admin-verification-queue-zh");
    browser.click(&approve);
    assert!(
        !browser.wait_for_all(".notice.ok").is_empty(),
        "no confirmation after approving"
    );
    browser.goto(&format!("{base}/admin/users"));
    browser.screenshot("admin-users-zh");
    browser.sign_out();

    // The SME sees its organisation verified, in both languages.
    browser.sign_in(&base, "liuyang@cegan.example.cn", "tianjin-sensor-2026");
    browser.goto(&format!("{base}/my-organisation"));
    let badge = browser.wait_for_all(".badge.verification.verified");
    assert!(!badge.is_empty(), "no verified badge");
    assert!(browser.text(&badge[0]).contains("已认证"));
    browser.screenshot("organisation-verified-zh");
    browser.goto(&format!("{base}{organisation_path}?lang=en"));
    let badge = browser.wait_for_all(".badge.verification.verified");
    assert!(browser.text(&badge[0]).contains("Verified"));
    browser.screenshot("organisation-verified-en");
    browser.goto(&format!("{base}/account"));
    browser.screenshot("account-en");
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn an_office_pools_three_dormant_patents_publishes_an_open_licence_and_a_visitor_finds_it_in_the_mall()
 {
    let Some(browser) = Browser::start() else {
        return;
    };
    let data = temp_dir("supply");
    run(&["demo", "--seed-only", "--count", "600"], &data);
    let server = Server::start(&data);
    let base = format!("http://127.0.0.1:{}", server.port);

    // The tech-transfer office screens its stock and proposes three.
    browser.sign_in(&base, "tju-tto", "demo-password");
    browser.goto(&format!("{base}/pool"));
    let pooled_before: i64 = browser
        .text(&browser.find("#pool-count strong"))
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap()
        .parse()
        .unwrap();
    browser.goto(&format!("{base}/pool/screening"));
    let boxes = browser.wait_for_all("#dormant input[name='patent']");
    assert!(
        boxes.len() >= 3,
        "too few dormant candidates: {}",
        boxes.len()
    );
    let reasons = browser.text(&browser.find("#dormant .reasons"));
    assert!(
        reasons.contains("✓") && reasons.contains("有效"),
        "{reasons}"
    );
    browser.screenshot("pool-screening-zh");
    let chosen: Vec<String> = boxes[..3]
        .iter()
        .map(|b| browser.attribute(b, "value"))
        .collect();
    for b in &boxes[3..] {
        browser.click(b);
    }
    browser.click(&browser.find("#propose"));
    assert!(
        !browser.wait_for_all(".notice.ok").is_empty(),
        "no confirmation after proposing"
    );

    // The department step, then the office's approval into the pool.
    for state in ["proposed", "department_approved"] {
        browser.goto(&format!("{base}/pool/intake?state={state}"));
        for number in &chosen {
            browser.click(&browser.find(&format!("#entries input[aria-label='{number}']")));
        }
        if state == "department_approved" {
            browser.screenshot("pool-intake-zh");
        }
        browser.click(&browser.find("#approve"));
        assert!(
            !browser.wait_for_all(".notice.ok").is_empty(),
            "no confirmation at {state}"
        );
    }
    browser.goto(&format!("{base}/pool"));
    let pooled_after: i64 = browser
        .text(&browser.find("#pool-count"))
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(pooled_after, pooled_before + 3);
    browser.screenshot("pool-summary-zh");

    // An open-licence listing of the first pooled patent, submitted for review.
    browser.goto(&format!("{base}/listings/new"));
    browser.fill("#title", "锂电池智能管理技术开放许可");
    browser.fill("#patents", &chosen[0]);
    browser.select("#mode", "open_licence");
    browser.select("#price_model", "fixed");
    browser.select("#industry", "new_energy_vehicles");
    browser.select("#open_payment", "lump_sum");
    browser.fill("#open_fee_yuan", "80000");
    browser.fill("#open_term_years", "3");
    browser.fill("#evaluation_report", "PJ2026-000123");
    browser.fill("#problem", "电池组一致性差，容量衰减快");
    browser.fill("#advantages", "循环寿命提升 35%，故障预警提前 2 小时");
    browser.select("#trl", "6");
    browser.fill("#scenarios", "新能源汽车动力电池包、储能电站");
    browser.fill("#broker_name", "王老师");
    browser.fill("#broker_phone", "022-27400000");
    browser.screenshot("listing-form-zh");
    browser.click(&browser.find("#save-listing"));
    assert!(
        !browser.wait_for_all(".notice.ok").is_empty(),
        "the draft was not saved: {}",
        browser.text(&browser.find("main"))
    );
    let listing_path = browser
        .current_url()
        .trim_start_matches(&base)
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let id = listing_path.trim_start_matches("/listings/").to_string();
    browser.click(&browser.find("form:has(input[value='submit']) button"));
    assert!(
        !browser
            .wait_for_all(".badge.listing-under_review")
            .is_empty(),
        "not under review"
    );
    browser.screenshot("listing-under-review-zh");
    browser.sign_out();

    // An operation centre publishes it.
    browser.sign_in(&base, "centre1", "demo-password");
    browser.goto(&format!("{base}/review/listings"));
    browser.screenshot("listing-review-queue-zh");
    browser.click(&browser.find(&format!("#approve-{id}")));
    assert!(
        !browser.wait_for_all(".notice.ok").is_empty(),
        "no confirmation after approving"
    );
    browser.sign_out();

    // A visitor finds it by a Chinese query, then by the mode facet.
    browser.goto(&format!("{base}/mall"));
    browser.fill("#mall-q", "电池管理");
    browser.click(&browser.find("#mall-search"));
    browser.wait_for_url("q=");
    let cards = browser.wait_for_all(".listing-card .hit-title a");
    let titles: Vec<String> = cards.iter().map(|c| browser.text(c)).collect();
    assert!(
        titles.iter().any(|t| t == "锂电池智能管理技术开放许可"),
        "{titles:?}"
    );
    browser.screenshot("mall-query-zh");
    browser.goto(&format!("{base}/mall"));
    let facet = browser.find("section[data-facet='mode'] a[href*='open_licence']");
    browser.click(&facet);
    browser.wait_for_url("mode=open_licence");
    let cards = browser.wait_for_all(".listing-card");
    let modes: Vec<String> = browser
        .find_all(".listing-card .badge.mode")
        .iter()
        .map(|b| browser.text(b))
        .collect();
    assert!(
        !cards.is_empty() && modes.iter().all(|m| m == "开放许可"),
        "{modes:?}"
    );
    let titles: Vec<String> = browser
        .find_all(".listing-card .hit-title a")
        .iter()
        .map(|c| browser.text(c))
        .collect();
    assert!(
        titles.iter().any(|t| t == "锂电池智能管理技术开放许可"),
        "{titles:?}"
    );
    browser.screenshot("mall-facet-zh");
    browser.goto(&format!("{base}/mall/listings/{id}?lang=en"));
    let page = browser.text(&browser.find("main"));
    assert!(
        page.contains("Open-licence fee") && page.contains("lump sum ¥80000.00"),
        "{page}"
    );
    browser.screenshot("listing-detail-en");
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn the_demo_publishes_listings_of_every_mode_and_price_model_and_fills_the_pool() {
    let data = temp_dir("demo-listings");
    let out =
        String::from_utf8(run(&["demo", "--seed-only", "--count", "200"], &data).stdout).unwrap();
    assert!(out.contains("demo listings:"), "{out}");
    let server = Server::start(&data);
    let (status, text) = http(server.port, "GET", "/api/v1/listings", None);
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let codes = |facet: &str| -> Vec<String> {
        v["facets"][facet]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| pair[0].as_str().unwrap().to_string())
            .collect()
    };
    for mode in [
        "transfer",
        "exclusive_licence",
        "sole_licence",
        "ordinary_licence",
        "open_licence",
        "equity",
    ] {
        assert!(
            codes("mode").contains(&mode.to_string()),
            "no published {mode}"
        );
    }
    for model in [
        "fixed",
        "negotiable",
        "zero_price_first",
        "use_first_pay_later",
    ] {
        assert!(
            codes("price_model").contains(&model.to_string()),
            "no published {model}"
        );
    }
    let (_, text) = http(server.port, "GET", "/api/v1/pool", None);
    let pool: Value = serde_json::from_str(&text).unwrap();
    assert!(pool["pooled"].as_i64().unwrap() > 0, "{pool}");
    assert_eq!(pool["target"], 3000);
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn an_sme_posts_a_need_in_chinese_sees_ranked_listings_with_highlighted_reasons_and_rates_one_too_expensive()
 {
    let Some(browser) = Browser::start() else {
        return;
    };
    let data = temp_dir("demand");
    run(&["demo", "--seed-only", "--count", "600"], &data);
    let server = Server::start(&data);
    let base = format!("http://127.0.0.1:{}", server.port);

    browser.sign_in(&base, "sme1", "demo-password");
    browser.goto(&format!("{base}/demands"));
    browser.click(&browser.find("#new-demand"));
    browser.wait_for_url("/demands/new");
    browser.fill("#f-title", "动力电池包热失控防护");
    browser.fill(
        "#f-problem",
        "我们的电动叉车动力电池包在高温仓库中有热失控风险，需要电池包防爆泄压结构或液冷方案，降低起火风险",
    );
    browser.fill("#f-product", "电动叉车锂离子电池包");
    browser.select("#f-industry", "new_energy_vehicles");
    browser.fill("#f-budget_max_yuan", "50000");
    browser.screenshot("demand-form-zh");
    browser.click(&browser.find("#publish-demand"));
    browser.wait_for_url("notice=published");

    // Ranked listings, each with its score and reasons; shared words marked.
    let cards = browser.wait_for_all("#matches .match");
    assert!(!cards.is_empty(), "{}", browser.text(&browser.find("main")));
    let marks: Vec<String> = browser
        .find_all("#matches .match mark")
        .iter()
        .map(|m| browser.text(m))
        .collect();
    assert!(
        marks.iter().any(|m| m.contains("电池")),
        "no highlighted shared term: {marks:?}"
    );
    let first = browser.text(&browser.find("#matches .match[data-rank='1']"));
    assert!(first.contains("共同关键词"), "{first}");
    let scores: Vec<f64> = browser
        .find_all("#matches .match .score-value")
        .iter()
        .map(|s| browser.attribute(s, "data-score").parse().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "not ranked best first: {scores:?}"
    );
    browser.screenshot("demand-matches-zh");

    // The best-ranked listing (not a pooled patent, which has no price yet)
    // is rated "too expensive".
    let listing = browser.find("#matches .match[data-kind='listing']");
    let match_id = browser.attribute(&listing, "data-match");
    let card = format!("#matches .match[data-match='{match_id}']");
    browser.select(&format!("{card} select[name='reason']"), "too_expensive");
    browser.click(&browser.find(&format!("{card} form.rating button")));
    browser.wait_for_url("notice=rated");
    let rated = browser.wait_for_all("#matches .rated[data-rated='too_expensive']");
    assert_eq!(rated.len(), 1, "the rating is not shown");
    let page = browser.text(&browser.find("main"));
    assert!(page.contains("您曾评价：价格太高"), "{page}");
    browser.screenshot("demand-rated-zh");

    let url = browser.current_url();
    let path = url
        .trim_start_matches(&base)
        .split('?')
        .next()
        .unwrap()
        .to_string();
    browser.goto(&format!("{base}{path}?lang=en"));
    let page = browser.text(&browser.find("main"));
    assert!(
        page.contains("Recommended patents and listings")
            && page.contains("you rated it: Too expensive"),
        "{page}"
    );
    browser.screenshot("demand-matches-en");
    browser.sign_out();

    // The operation centre sees the reason in its pipeline.
    browser.sign_in(&base, "centre1", "demo-password");
    browser.goto(&format!("{base}/matches/pipeline?industry=all&lang=zh"));
    let reasons = browser.text(&browser.find("#feedback-reasons"));
    assert!(reasons.contains("价格太高"), "{reasons}");
    browser.screenshot("match-pipeline-zh");
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

/// An authenticated HTTP/1.1 exchange on loopback, binary-safe; returns
/// (status, head in lower case, body bytes).
fn http_as(
    port: u16,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut bytes = raw[head_end..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        bytes = dechunk(&String::from_utf8_lossy(&bytes)).into_bytes();
    }
    (status, head, bytes)
}

fn api_token(port: u16, login: &str) -> String {
    let (status, body) = http(
        port,
        "POST",
        "/api/v1/session",
        Some(&json!({"login": login, "password": "demo-password"})),
    );
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Whether a command-line tool is installed; CI must have it.
fn tool(name: &str) -> bool {
    let found = Command::new(name)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("PATENTBRIDGE_REQUIRE_BROWSER").is_none(),
            "{name} is required here (apt-get install -y poppler-utils)"
        );
        eprintln!("skipped: {name} is not installed (apt-get install -y poppler-utils)");
    }
    found
}

#[test]
fn a_demo_transfer_contract_shows_both_parties_the_patent_table_and_the_price_and_its_hash_matches_the_signatures()
 {
    if !tool("pdftotext") || !tool("pdftoppm") {
        return;
    }
    let data = temp_dir("contract");
    run(&["demo", "--seed-only", "--count", "600"], &data);
    let server = Server::start(&data);
    let token = api_token(server.port, "sme1");
    let (_, _, list) = http_as(server.port, "GET", "/api/v1/deals", &token, None);
    let deals: Value = serde_json::from_slice(&list).unwrap();
    let transfer = deals
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["mode"] == "transfer" && d["state"] == "recorded")
        .expect("the demo has a recorded transfer of sme1");
    let id = transfer["id"].as_i64().unwrap();
    let (_, _, deal) = http_as(
        server.port,
        "GET",
        &format!("/api/v1/deals/{id}"),
        &token,
        None,
    );
    let deal: Value = serde_json::from_slice(&deal).unwrap();
    let (status, head, pdf) = http_as(
        server.port,
        "GET",
        &format!("/api/v1/deals/{id}/contract.pdf"),
        &token,
        None,
    );
    assert_eq!(status, 200);
    assert!(head.contains("application/pdf"));
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&pdf));
    assert_eq!(deal["documents"][0]["sha256"], sha.as_str());
    let signatures = deal["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2, "both parties signed");
    assert!(
        signatures.iter().all(|s| s["sha256"] == sha.as_str()),
        "the signatures are bound to this PDF"
    );

    let file = data.join("transfer.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let owner = transfer["owner"].as_str().unwrap();
    let sme = transfer["sme"].as_str().unwrap();
    let number = transfer["patents"][0]["number"].as_str().unwrap();
    for needle in [
        "专利权转让合同",
        owner,
        sme,
        number,
        "专利号",
        "人民币",
        "第一条",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing from the contract:\n{text}"
        );
    }
    let price = deal["terms"]["price_fen"].as_i64().unwrap();
    assert!(
        text.replace(',', "")
            .contains(&format!("{}.{:02}", price / 100, price % 100)),
        "the price {price} fen is not printed:\n{text}"
    );
    let png_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&png_dir).unwrap();
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            file.to_str().unwrap(),
        ])
        .arg(png_dir.join("contract-transfer-zh"))
        .status()
        .unwrap();
    assert!(status.success());
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

/// The binary with every system font hidden from the contract renderer:
/// `PATENTBRIDGE_PDF_SYSTEM_FONTS=0` and no `PATENTBRIDGE_PDF_FONT`, so a
/// contract can only be drawn with the font built into the binary.
fn binary_without_system_fonts() -> Command {
    let mut cmd = binary();
    cmd.env("PATENTBRIDGE_PDF_SYSTEM_FONTS", "0")
        .env_remove("PATENTBRIDGE_PDF_FONT");
    cmd
}

#[test]
fn with_system_fonts_hidden_a_signed_demo_contract_reads_back_in_chinese_with_both_parties_and_the_patent_number()
 {
    // Fails in CI (PATENTBRIDGE_REQUIRE_BROWSER set) without poppler-utils,
    // and says it skips elsewhere.
    if !tool("pdftotext") {
        return;
    }
    let data = temp_dir("contract-embedded-font");
    // The contracts are rendered while the demo seeds its deals; the server
    // only hands out the stored bytes, but gets the same environment.
    run_command(
        binary_without_system_fonts(),
        &["demo", "--seed-only", "--count", "300"],
        &data,
    );
    let server = Server::start_command(binary_without_system_fonts(), &data);

    // A signed deal of one of the demo SMEs, as that SME sees it.
    let (token, id) = ["sme2", "sme1"]
        .into_iter()
        .find_map(|login| {
            let token = api_token(server.port, login);
            let (status, _, list) = http_as(server.port, "GET", "/api/v1/deals", &token, None);
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&list));
            let deals: Value = serde_json::from_slice(&list).unwrap();
            let id = deals
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["state"] == "signed")?["id"]
                .as_i64()
                .unwrap();
            Some((token, id))
        })
        .expect("the demo has a signed deal of sme1 or sme2");
    let (status, _, deal) = http_as(
        server.port,
        "GET",
        &format!("/api/v1/deals/{id}"),
        &token,
        None,
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&deal));
    let deal: Value = serde_json::from_slice(&deal).unwrap();
    assert_eq!(
        deal["signatures"].as_array().map(Vec::len),
        Some(2),
        "both parties signed deal {id}: {deal}"
    );
    let (status, head, pdf) = http_as(
        server.port,
        "GET",
        &format!("/api/v1/deals/{id}/contract.pdf"),
        &token,
        None,
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert!(head.contains("application/pdf"), "{head}");
    assert!(pdf.starts_with(b"%PDF"));
    drop(server);

    let file = data.join("signed-embedded-font.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Chinese lines wrap anywhere, so names are looked for without whitespace.
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let chinese = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    assert!(
        chinese > 200 && text.contains("合同") && text.contains("第一条"),
        "{chinese} Chinese characters; the contract's text does not read back:\n{text}"
    );
    let sme = deal["sme"].as_str().unwrap();
    let owner = deal["owner"].as_str().unwrap();
    let patents = deal["patents"].as_array().unwrap();
    assert!(!patents.is_empty(), "{deal}");
    let numbers = patents.iter().map(|p| p["number"].as_str().unwrap());
    for needle in [sme, owner].into_iter().chain(numbers) {
        assert!(
            !needle.is_empty() && text.contains(needle),
            "{needle:?} missing from the contract of deal {id}:\n{text}"
        );
    }

    // The only font in the file is the bundled Noto Sans CJK SC subset,
    // embedded as a CID-keyed CFF font.
    if tool("pdffonts") {
        let out = Command::new("pdffonts").arg(&file).output().unwrap();
        assert!(out.status.success());
        let fonts = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "one font only:\n{fonts}");
        let columns: Vec<&str> = rows[0].split_whitespace().collect();
        assert!(
            columns[0].contains("NotoSansCJKsc-Regular")
                && rows[0].contains("CID Type 0C")
                && columns[columns.len() - 5..columns.len() - 2] == ["yes", "yes", "yes"],
            "not the embedded Noto Sans CJK SC subset (emb, sub, uni):\n{fonts}"
        );
    }
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn an_sme_and_a_university_go_from_inquiry_to_a_signed_ordinary_licence_then_report_royalties_and_an_outcome()
 {
    let Some(browser) = Browser::start() else {
        return;
    };
    let data = temp_dir("deal");
    run(&["demo", "--seed-only", "--count", "600"], &data);
    let server = Server::start(&data);
    let base = format!("http://127.0.0.1:{}", server.port);
    let (_, listings) = http(
        server.port,
        "GET",
        "/api/v1/listings?mode=ordinary_licence&limit=50",
        None,
    );
    let listings: Value = serde_json::from_str(&listings).unwrap();
    let listing = listings["listings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["owner"]["name_zh"] == "天津大学")
        .expect("Tianjin University lists an ordinary licence in the demo")["id"]
        .as_i64()
        .unwrap();

    // The SME opens the deal from the mall.
    browser.sign_in(&base, "sme1", "demo-password");
    browser.goto(&format!("{base}/mall/listings/{listing}?lang=zh"));
    browser.fill(
        "#deal-message",
        "我们想获得普通许可，用于电动叉车电池管理。",
    );
    browser.click(&browser.find("#start-deal"));
    browser.wait_for_url("notice=opened");
    let deal_url = browser.current_url();
    let deal_path = deal_url
        .trim_start_matches(&base)
        .split('?')
        .next()
        .unwrap()
        .to_string();
    browser.sign_out();

    // The university offers a royalty licence.
    browser.sign_in(&base, "tju-tto", "demo-password");
    browser.goto(&format!("{base}{deal_path}"));
    browser.select("#offer-form select[name='payment']", "royalty");
    browser.fill("#offer-form input[name='royalty_percent']", "3");
    browser.fill("#offer-form input[name='entry_fee_yuan']", "20000");
    browser.fill("#offer-form input[name='term_months']", "24");
    browser.fill("#offer-form input[name='territory']", "中华人民共和国境内");
    browser.fill("#offer-form input[name='scope']", "电动叉车电池管理");
    browser.screenshot("deal-offer-zh");
    browser.click(&browser.find("#send-offer"));
    browser.wait_for_url("step=offer");
    browser.sign_out();

    // The SME accepts (the contract is drafted) and signs its hash.
    browser.sign_in(&base, "sme1", "demo-password");
    browser.goto(&format!("{base}{deal_path}"));
    browser.click(&browser.find("#next-step form button"));
    browser.wait_for_url("step=accept_offer");
    let sha = browser.text(&browser.find("#sign-form code.sha"));
    assert_eq!(sha.len(), 64, "{sha}");
    browser.click(&browser.find("#sign-form input[name='read']"));
    browser.click(&browser.find("#sign-contract"));
    browser.wait_for_url("step=sign");
    browser.sign_out();

    // The university signs the same hash and records the licence filing.
    browser.sign_in(&base, "tju-tto", "demo-password");
    browser.goto(&format!("{base}{deal_path}"));
    assert_eq!(browser.text(&browser.find("#sign-form code.sha")), sha);
    browser.click(&browser.find("#sign-form input[name='read']"));
    browser.click(&browser.find("#sign-contract"));
    browser.wait_for_url("step=sign");
    let page = browser.text(&browser.find("main"));
    assert!(
        page.contains("双方已签署") && page.contains("3 个月内向国家知识产权局备案"),
        "{page}"
    );
    browser.screenshot("deal-signed-zh");
    browser.fill("#record-number", "BA2026000777");
    browser.click(&browser.find("#record-form button"));
    browser.wait_for_url("step=record");
    browser.sign_out();

    // The SME downloads the signed PDF from the room's link: its hash is
    // the one both signed.
    browser.sign_in(&base, "sme1", "demo-password");
    browser.goto(&format!("{base}{deal_path}"));
    let link = browser.attribute(&browser.find("#download-contract"), "href");
    assert!(
        link.ends_with(&format!("/api/v1{deal_path}/contract.pdf")),
        "{link}"
    );
    browser.sign_out();
    let token = api_token(server.port, "sme1");
    let (status, _, pdf) = http_as(
        server.port,
        "GET",
        &format!("/api/v1{deal_path}/contract.pdf"),
        &token,
        None,
    );
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&pdf)),
        sha
    );

    // Performance starts; a royalty report and an outcome entry are filed.
    browser.sign_in(&base, "sme1", "demo-password");
    browser.goto(&format!("{base}{deal_path}"));
    let signed = browser.find_all("#signatures li");
    assert_eq!(signed.len(), 2);
    browser.click(&browser.find("#next-step form:has(input[value='start_performance']) button"));
    browser.wait_for_url("step=start_performance");
    browser.fill("#sales-yuan", "1000000");
    browser.click(&browser.find("#file-report"));
    browser.wait_for_url("step=report");
    let reports = browser.text(&browser.find("#reports"));
    assert!(
        reports.contains("¥30000.00"),
        "3 % of ¥1,000,000: {reports}"
    );
    browser.fill("#period", "2026-Q4");
    browser.fill("#product-name", "电动叉车智能电池包");
    browser.select("#filing", "filed");
    browser.fill("#filing-number", "ZLCP2026120077");
    browser.fill("#output-value", "5000000");
    browser.fill("#revenue", "3200000");
    browser.fill("#jobs", "6");
    browser.click(&browser.find("#add-outcome"));
    browser.wait_for_url("step=outcome");
    let ledger = browser.text(&browser.find("#outcomes"));
    assert!(
        ledger.contains("电动叉车智能电池包") && ledger.contains("已备案"),
        "{ledger}"
    );
    browser.screenshot("deal-room-zh");
    browser.goto(&format!("{base}{deal_path}?lang=en"));
    let page = browser.text(&browser.find("main"));
    assert!(
        page.contains("Outcome ledger") && page.contains("In force"),
        "{page}"
    );
    browser.screenshot("deal-room-en");
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn the_demo_has_deals_in_every_state_and_signed_ones_carry_their_contract() {
    let data = temp_dir("demo-deals");
    run(&["demo", "--seed-only", "--count", "600"], &data);
    let server = Server::start(&data);
    let mut states = std::collections::BTreeSet::new();
    let mut signed_licence = false;
    for login in ["sme1", "sme2"] {
        let token = api_token(server.port, login);
        let (_, _, list) = http_as(server.port, "GET", "/api/v1/deals", &token, None);
        for d in serde_json::from_slice::<Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
        {
            states.insert(d["state"].as_str().unwrap().to_string());
            if d["mode"] == "ordinary_licence" && d["state"] == "signed" {
                let id = d["id"].as_i64().unwrap();
                let (_, _, v) = http_as(
                    server.port,
                    "GET",
                    &format!("/api/v1/deals/{id}"),
                    &token,
                    None,
                );
                let v: Value = serde_json::from_slice(&v).unwrap();
                let sha = v["documents"][0]["sha256"].as_str().unwrap().to_string();
                signed_licence = v["signatures"].as_array().unwrap().len() == 2
                    && v["signatures"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|s| s["sha256"] == sha.as_str());
            }
        }
    }
    let all = [
        "inquiry",
        "negotiation",
        "contract_drafted",
        "partly_signed",
        "signed",
        "recorded",
        "in_force",
        "completed",
        "withdrawn",
        "rejected",
        "disputed",
        "terminated",
    ];
    for s in all {
        assert!(states.contains(s), "no demo deal is {s}: {states:?}");
    }
    assert!(
        signed_licence,
        "a signed ordinary licence with its contract"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(data);
}
