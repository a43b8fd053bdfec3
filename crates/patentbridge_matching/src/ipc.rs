//! How close two IPC (or CPC) codes are: the deepest level of the hierarchy
//! they share, from class (`H01`) down to the full group (`H01M10/44`).

use patentbridge_domain::ClassificationCode;

/// The closest level two codes share. `H01M10/44` and `H01M10/48` share the
/// main group `H01M10`; `H01M10/44` and `H01M4/13` only the subclass `H01M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpcLevel {
    Class,
    Subclass,
    MainGroup,
    Group,
}

impl IpcLevel {
    /// The deepest level `a` and `b` share, or `None` if not even the class.
    pub fn between(a: &str, b: &str) -> Option<IpcLevel> {
        let (a, b) = (normalise(a), normalise(b));
        let prefix = |n: usize| a.len() >= n && b.len() >= n && a[..n] == b[..n];
        if !prefix(3) {
            return None;
        }
        if !prefix(4) {
            return Some(IpcLevel::Class);
        }
        let (Some((main_a, _)), Some((main_b, _))) = (a.split_once('/'), b.split_once('/')) else {
            return Some(IpcLevel::Subclass);
        };
        if main_a != main_b {
            return Some(IpcLevel::Subclass);
        }
        Some(if a == b {
            IpcLevel::Group
        } else {
            IpcLevel::MainGroup
        })
    }

    /// The proximity this level is worth in a score, 1 for the same group.
    pub fn weight(self) -> f64 {
        match self {
            IpcLevel::Group => 1.0,
            IpcLevel::MainGroup => 0.75,
            IpcLevel::Subclass => 0.5,
            IpcLevel::Class => 0.25,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            IpcLevel::Group => "group",
            IpcLevel::MainGroup => "main group",
            IpcLevel::Subclass => "subclass",
            IpcLevel::Class => "class",
        }
    }
}

/// `G06F 3/0354 (2013.01)` → `G06F3/0354`; anything the domain parser
/// refuses is compared as written, upper-cased and without spaces, so a
/// code the parser does not know still matches itself.
pub(crate) fn normalise(code: &str) -> String {
    match ClassificationCode::parse(code) {
        Ok(c) => c.as_str().to_string(),
        Err(_) => code
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect(),
    }
}

/// The best-matching document code for each query code, and the proximity
/// score: the weight of the closest level any pair shares (0 if none).
pub(crate) fn overlaps(query: &[String], doc: &[String]) -> (f64, Vec<(usize, usize, IpcLevel)>) {
    let mut best = 0.0f64;
    let mut out = Vec::new();
    for (qi, q) in query.iter().enumerate() {
        let closest = doc
            .iter()
            .enumerate()
            .filter_map(|(di, d)| IpcLevel::between(q, d).map(|l| (di, l)))
            .max_by_key(|&(di, l)| (l, std::cmp::Reverse(di)));
        if let Some((di, level)) = closest {
            best = best.max(level.weight());
            out.push((qi, di, level));
        }
    }
    (best, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_under_one_main_group_share_the_main_group() {
        assert_eq!(
            IpcLevel::between("H01M10/44", "H01M10/48"),
            Some(IpcLevel::MainGroup)
        );
    }

    #[test]
    fn each_level_of_the_hierarchy_is_recognised() {
        assert_eq!(
            IpcLevel::between("H01M10/44", "H01M 10/44 (2006.01)"),
            Some(IpcLevel::Group)
        );
        assert_eq!(
            IpcLevel::between("H01M10/44", "H01M4/13"),
            Some(IpcLevel::Subclass)
        );
        assert_eq!(
            IpcLevel::between("H01M10/44", "H01M"),
            Some(IpcLevel::Subclass)
        );
        assert_eq!(
            IpcLevel::between("H01M10/44", "H01L21/02"),
            Some(IpcLevel::Class)
        );
        assert_eq!(IpcLevel::between("H01M10/44", "G06F3/0354"), None);
        assert_eq!(IpcLevel::between("", "H01M"), None);
    }

    #[test]
    fn the_closest_document_code_is_reported_per_query_code() {
        let (score, pairs) = overlaps(
            &["H01M10/44".into(), "G06F3/01".into()],
            &["H01M4/13".into(), "H01M10/48".into()],
        );
        assert_eq!(pairs, [(0, 1, IpcLevel::MainGroup)]);
        assert_eq!(score, 0.75);
    }
}
