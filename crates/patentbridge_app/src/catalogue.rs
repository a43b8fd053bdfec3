//! The patent catalogue: searching it (anyone), reading a patent with the
//! titles of its classification codes, its figures, and loading it — patent
//! records from files and the IPC scheme's titles — which the operator of
//! the installation does from the command line.

use std::collections::HashMap;

use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{ApplicantType, ClassificationCode, Patent, text};
use patentbridge_search::{SearchRequest, SearchResults};
use patentbridge_storage::{CatalogueStats, IpcTitle, UpsertSummary};

use crate::{App, Caller, Error};

/// Searches the catalogue; the index reads and scores on a blocking thread.
pub async fn search(app: &App, request: SearchRequest) -> Result<SearchResults, Error> {
    let index = app.index.clone();
    Ok(tokio::task::spawn_blocking(move || index.search(&request)).await??)
}

/// A classification code with the title of the deepest symbol of its
/// lineage that the scheme table knows, so a group missing from the table
/// still shows its subclass's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTitle {
    pub code: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    /// The symbol whose title is shown when it is not the code itself.
    pub zh_from: Option<String>,
    pub en_from: Option<String>,
}

/// A patent as its page shows it.
#[derive(Debug, Clone)]
pub struct PatentView {
    pub patent: Patent,
    pub ipc: Vec<CodeTitle>,
    pub cpc: Vec<CodeTitle>,
}

/// A patent by its number (any spelling the store understands), with the
/// titles of its codes.
pub async fn patent(app: &App, number: &str) -> Result<PatentView, Error> {
    let Some(patent) = app.store.get_patent(number).await? else {
        let number = number.chars().take(40).collect::<String>();
        return Err(Error::NotFound(text!(
            "未找到专利 {number}。请检查专利号是否正确，或使用检索查找。",
            "No patent {number} was found. Check the number, or look for it with Search."
        )));
    };
    let ipc = code_titles(app, &patent.ipc).await?;
    let cpc = code_titles(app, &patent.cpc).await?;
    Ok(PatentView { patent, ipc, cpc })
}

/// Resolves titles for codes with one look-up over all their lineages.
pub async fn code_titles(app: &App, codes: &[ClassificationCode]) -> Result<Vec<CodeTitle>, Error> {
    let mut symbols: Vec<String> = codes.iter().flat_map(|c| c.lineage()).collect();
    symbols.sort();
    symbols.dedup();
    let known = app.store.ipc_titles(&symbols).await?;
    Ok(codes
        .iter()
        .map(|c| {
            let lineage = c.lineage();
            let deepest = |pick: fn(&IpcTitle) -> Option<&String>| {
                lineage.iter().rev().find_map(|s| {
                    known
                        .get(s)
                        .and_then(pick)
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| (s.clone(), t.clone()))
                })
            };
            let zh = deepest(|t| t.title_zh.as_ref());
            let en = deepest(|t| t.title_en.as_ref());
            let own = c.as_str();
            CodeTitle {
                code: own.to_string(),
                zh_from: zh.as_ref().map(|(s, _)| s.clone()).filter(|s| s != own),
                en_from: en.as_ref().map(|(s, _)| s.clone()).filter(|s| s != own),
                title_zh: zh.map(|(_, t)| t),
                title_en: en.map(|(_, t)| t),
            }
        })
        .collect())
}

/// The (Chinese, English) titles of the IPC symbols the scheme table knows,
/// for labelling facets; unknown or malformed symbols are left out.
pub async fn symbol_titles(
    app: &App,
    symbols: &[String],
) -> Result<HashMap<String, (Option<String>, Option<String>)>, Error> {
    let symbols: Vec<String> = symbols
        .iter()
        .filter(|v| ClassificationCode::parse(v).is_ok())
        .cloned()
        .collect();
    if symbols.is_empty() {
        return Ok(HashMap::new());
    }
    let known = app.store.ipc_titles(&symbols).await?;
    Ok(known
        .into_iter()
        .map(|(k, t)| (k, (t.title_zh, t.title_en)))
        .collect())
}

/// The catalogue's figures.
pub async fn stats(app: &App) -> Result<CatalogueStats, Error> {
    Ok(app.store.catalogue_stats().await?)
}

/// How the installation is: the database answers, and how much the
/// index holds and has still to take in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub database_ok: bool,
    pub database: &'static str,
    pub indexed_documents: u64,
    /// Outbox rows not yet indexed; `None` when the database did not say.
    pub index_backlog: Option<i64>,
}

pub async fn health(app: &App) -> Health {
    let database_ok = app.store.ping().await;
    Health {
        database_ok,
        database: app.store.backend_name(),
        indexed_documents: app.index.num_docs(),
        index_backlog: app.store.outbox_backlog().await.ok(),
    }
}

/// Stores a batch of patent records in one transaction (idempotent: an
/// unchanged record is not written again) and wakes the indexer. Loading
/// records into the shared catalogue from files is the operator's or an
/// administrator's work.
pub async fn store_patents(
    app: &App,
    caller: &Caller,
    patents: &[Patent],
) -> Result<UpsertSummary, Error> {
    caller.require(Action::ImportPatents, &Resource::Catalogue)?;
    let done = app.store.upsert_patents(patents).await?;
    app.notifier.index_changed();
    Ok(done)
}

/// Stores titles of the IPC scheme (the operator's `load-ipc`).
pub async fn store_ipc_titles(
    app: &App,
    caller: &Caller,
    titles: &[IpcTitle],
) -> Result<u64, Error> {
    caller.require(Action::ImportPatents, &Resource::Catalogue)?;
    let mut stored = 0;
    for chunk in titles.chunks(5000) {
        stored += app.store.upsert_ipc_titles(chunk).await?;
    }
    Ok(stored)
}

/// Sets by hand the type of an applicant of a patent (it survives later
/// imports); `false` when the patent has no such applicant.
pub async fn set_applicant_type(
    app: &App,
    caller: &Caller,
    number: &str,
    applicant: &str,
    applicant_type: ApplicantType,
) -> Result<bool, Error> {
    caller.require(Action::ImportPatents, &Resource::Catalogue)?;
    let changed = app
        .store
        .set_applicant_type(number, applicant, applicant_type)
        .await?;
    if changed {
        app.notifier.index_changed();
    }
    Ok(changed)
}

/// How many patents the catalogue holds.
pub async fn count(app: &App) -> Result<u64, Error> {
    Ok(app.store.count_patents().await?.max(0) as u64)
}
