//! The architecture's invariants, checked against the code as it is:
//! dependencies between the crates point inward in the documented layers,
//! the application layer links nothing of HTTP, the CLI's commands other
//! than `serve` reach no web code, and no crate has a cycle between its
//! modules. `ARCHITECTURE.md` names these; this test keeps them true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

/// The crates of the workspace and the workspace crates each depends on
/// (normal dependencies only), read from their manifests.
fn crate_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(workspace().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut deps = BTreeSet::new();
        let mut in_dependencies = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_dependencies = line == "[dependencies]";
                continue;
            }
            if in_dependencies && line.starts_with("patentbridge_") {
                let dep = line.split(['.', ' ', '=']).next().unwrap().to_string();
                deps.insert(dep);
            }
        }
        out.insert(name, deps);
    }
    out
}

/// Which workspace crates each crate may depend on: inward only.
const ALLOWED: &[(&str, &[&str])] = &[
    ("patentbridge_domain", &[]),
    ("patentbridge_storage", &["patentbridge_domain"]),
    ("patentbridge_search", &["patentbridge_domain"]),
    ("patentbridge_ingest", &["patentbridge_domain"]),
    ("patentbridge_contracts", &["patentbridge_domain"]),
    (
        "patentbridge_matching",
        &["patentbridge_domain", "patentbridge_search"],
    ),
    (
        "patentbridge_app",
        &[
            "patentbridge_domain",
            "patentbridge_storage",
            "patentbridge_search",
            "patentbridge_ingest",
            "patentbridge_matching",
            "patentbridge_contracts",
        ],
    ),
    (
        "patentbridge_demo",
        &[
            "patentbridge_app",
            "patentbridge_domain",
            "patentbridge_storage",
            "patentbridge_search",
        ],
    ),
    (
        "patentbridge_web",
        &[
            "patentbridge_app",
            "patentbridge_domain",
            "patentbridge_storage",
            "patentbridge_search",
        ],
    ),
    (
        "patentbridge_cli",
        &[
            "patentbridge_app",
            "patentbridge_demo",
            "patentbridge_web",
            "patentbridge_domain",
            "patentbridge_storage",
            "patentbridge_search",
            "patentbridge_ingest",
            "patentbridge_matching",
        ],
    ),
];

#[test]
fn every_crate_depends_only_on_the_layers_beneath_it() {
    let deps = crate_dependencies();
    assert_eq!(
        deps.keys().collect::<Vec<_>>(),
        {
            let mut names: Vec<&str> = ALLOWED.iter().map(|(n, _)| *n).collect();
            names.sort();
            names
        },
        "a crate was added or removed: give it its place in ALLOWED and ARCHITECTURE.md"
    );
    let mut wrong = Vec::new();
    for (name, allowed) in ALLOWED {
        for dep in &deps[*name] {
            if !allowed.contains(&dep.as_str()) {
                wrong.push(format!("{name} depends on {dep}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies pointing outward:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_application_layer_links_no_http_or_html() {
    let Ok(cargo) = std::env::var("CARGO") else {
        eprintln!("skipping: not run by cargo (CARGO is not set)");
        return;
    };
    let out = std::process::Command::new(cargo)
        .args([
            "tree",
            "-p",
            "patentbridge_app",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(workspace())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    let crates: BTreeSet<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(crates.contains("patentbridge_storage"), "{tree}");
    for http in ["axum", "maud", "tower", "tower-http", "hyper", "http"] {
        assert!(
            !crates.contains(http),
            "patentbridge_app links {http}:\n{tree}"
        );
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_serve_reaches_the_web_crate_from_the_command_line() {
    let src = workspace().join("crates/patentbridge_cli/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let naming: Vec<String> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("patentbridge_web")
        })
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    let mut naming = naming;
    naming.sort();
    // `bench sign-in` measures the server itself.
    assert_eq!(
        naming,
        ["commands/bench_sign_in.rs", "commands/serve.rs"],
        "import, reindex, load-ipc and the demo's seeding go through the application layer"
    );
}

#[test]
fn the_web_crate_builds_callers_only_from_requests() {
    // A request's caller comes from its session or its API token; the
    // operator's and a trusted command's callers, and acting as another
    // user, belong to commands run on this machine.
    let src = workspace().join("crates/patentbridge_web/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for door in ["Caller::operator", "Caller::trusted", "act_as"] {
            if text.contains(door) {
                found.push(format!(
                    "{} names {door}",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The module path of a source file: `src/lib.rs` is the crate root,
/// `src/a/mod.rs` and `src/a.rs` are `a`, `src/a/b.rs` is `a::b`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The modules a file refers to by `crate::…` and `super::…` paths,
/// resolved to the longest module that exists.
fn references(text: &str, me: &[String], modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    // Comments do not count.
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !code.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        let start = if rest.starts_with("crate::") && (i == 0 || !is_ident(bytes[i - 1])) {
            Some((Vec::new(), 7))
        } else if rest.starts_with("super::") && (i == 0 || !is_ident(bytes[i - 1])) {
            let mut base = me.to_vec();
            let mut at = 0;
            while code[i + at..].starts_with("super::") {
                base.pop();
                at += 7;
            }
            Some((base, at))
        } else {
            None
        };
        if let Some((mut path, skip)) = start {
            let mut j = i + skip;
            loop {
                let from = j;
                while j < bytes.len() && is_ident(bytes[j]) {
                    j += 1;
                }
                if from == j {
                    break;
                }
                let segment = code[from..j].to_string();
                let mut longer = path.clone();
                longer.push(segment);
                if modules.contains(&longer) {
                    path = longer;
                } else {
                    break;
                }
                if code[j..].starts_with("::") {
                    j += 2;
                } else {
                    break;
                }
            }
            out.insert(path);
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn is_ancestor(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && b[..a.len()] == *a
}

#[test]
fn no_crate_has_a_cycle_between_its_modules() {
    let mut cycles = Vec::new();
    for entry in std::fs::read_dir(workspace().join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if !src.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        sources(&src, &mut files);
        let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
        // An edge between modules neither of which contains the other (a
        // module using its parent's helpers, or a parent its children, is
        // the shape of a module tree, not a cycle).
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for file in &files {
            let me = module_of(&src, file);
            let text = std::fs::read_to_string(file).unwrap();
            for target in references(&text, &me, &modules) {
                if !is_ancestor(&target, &me) && !is_ancestor(&me, &target) {
                    edges.entry(me.clone()).or_default().insert(target);
                }
            }
        }
        let name = |m: &Vec<String>| {
            if m.is_empty() {
                "crate".to_string()
            } else {
                m.join("::")
            }
        };
        let graph: BTreeMap<String, BTreeSet<String>> = edges
            .iter()
            .map(|(from, to)| (name(from), to.iter().map(name).collect()))
            .collect();
        for (from, targets) in &graph {
            for to in targets {
                // A path back from `to` to `from` closes a cycle.
                let mut seen = BTreeSet::new();
                let mut stack = vec![to.clone()];
                while let Some(m) = stack.pop() {
                    if &m == from {
                        cycles.push(format!(
                            "{}: {from} -> {to} -> … -> {from}",
                            src.parent().unwrap().file_name().unwrap().to_string_lossy()
                        ));
                        break;
                    }
                    if seen.insert(m.clone()) {
                        stack.extend(graph.get(&m).into_iter().flatten().cloned());
                    }
                }
            }
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_finder_sees_a_cycle_between_sibling_modules() {
    let modules: BTreeSet<Vec<String>> = [vec![], vec!["a".into()], vec!["b".into()]]
        .into_iter()
        .collect();
    let from_a = references("use crate::b::thing;", &["a".into()], &modules);
    assert_eq!(from_a, [vec!["b".to_string()]].into_iter().collect());
    let from_b = references(
        "fn f() { super::a::g() } // crate::c",
        &["b".into()],
        &modules,
    );
    assert_eq!(from_b, [vec!["a".to_string()]].into_iter().collect());
}
