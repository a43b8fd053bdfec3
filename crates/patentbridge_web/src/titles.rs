//! Titles of classification codes for display: each code gets the title of
//! the deepest symbol of its lineage that the scheme table knows, so a group
//! missing from the table still shows its subclass's title.

use patentbridge_domain::ClassificationCode;
use patentbridge_storage::{StorageError, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTitle {
    pub code: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    /// The symbol whose title is shown when it is not the code itself.
    pub zh_from: Option<String>,
    pub en_from: Option<String>,
}

/// Resolves titles for codes with one look-up over all their lineages.
pub async fn resolve(
    store: &Store,
    codes: &[ClassificationCode],
) -> Result<Vec<CodeTitle>, StorageError> {
    let mut symbols: Vec<String> = codes.iter().flat_map(|c| c.lineage()).collect();
    symbols.sort();
    symbols.dedup();
    let known = store.ipc_titles(&symbols).await?;
    Ok(codes
        .iter()
        .map(|c| {
            let lineage = c.lineage();
            let deepest = |pick: fn(&patentbridge_storage::IpcTitle) -> Option<&String>| {
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
