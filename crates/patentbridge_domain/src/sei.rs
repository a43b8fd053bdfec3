//! The CNIPA concordance between the strategic emerging industries
//! (战略性新兴产业分类) and the IPC: which branch of which industry a patent's
//! IPC codes fall in, and whether its title and abstract name the products a
//! rule is limited to.
//!
//! The concordance itself is data (read by the ingest crate); this module
//! holds its parsed shape and the matcher.

use std::fmt;

use crate::{ClassificationCode, DomainError, Text};

/// One IPC pattern of the concordance, normalised to the compact form
/// without spaces.
///
/// - `prefix`: the code text starts with `code` — `G06F1*` takes G06F 1/16,
///   G06F 10/00 and G06F 11/30 but not G06F 21/00.
/// - exact with a subgroup (`G06F9/44`, `G06F15/00`): that one code only.
/// - exact subclass (`B41J`), class or section: every code beneath it.
/// - exact main group without a subgroup (`H03M13`, as the table sometimes
///   writes it): every code of that main group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeiPattern {
    /// Normalised, no spaces: `G06F11/14`, `G06F11`, `B41J`.
    pub code: String,
    pub prefix: bool,
}

impl SeiPattern {
    /// Parses `G06F11*`, `G06F 11/14`, `B41J`, `H04W4*`, `G16*`. Spaces are
    /// ignored and letters upper-cased; a `*` may only end the pattern.
    pub fn parse(raw: &str) -> Result<SeiPattern, DomainError> {
        let err = |why| DomainError::Classification(raw.to_string(), why);
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let (body, prefix) = match compact.strip_suffix('*') {
            Some(body) => (body, true),
            None => (compact.as_str(), false),
        };
        if body.is_empty() {
            return Err(err("pattern is empty"));
        }
        if body.contains('*') {
            return Err(err("'*' may only end a pattern"));
        }
        let parts = Parts::split(body).map_err(err)?;
        if !prefix && parts.slash && parts.sub.is_empty() {
            return Err(err("subgroup must follow '/'"));
        }
        if !prefix && !parts.complete_class() {
            return Err(err("class must be two digits"));
        }
        Ok(SeiPattern {
            code: parts.normalised(prefix).map_err(err)?,
            prefix,
        })
    }

    /// Whether the patent's code falls under this pattern.
    pub fn matches(&self, code: &ClassificationCode) -> bool {
        let c = code.as_str();
        if self.prefix {
            c.starts_with(&self.code)
        } else if self.code.contains('/') {
            c == self.code
        } else if self.code.len() > 4 {
            // A main group written without its subgroup.
            c.strip_prefix(self.code.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        } else {
            // Section, class or subclass: fixed widths, so a prefix is containment.
            c.starts_with(&self.code)
        }
    }

    /// The pattern as the table writes it: `G06F11*`, `G06F9/44`.
    pub fn as_written(&self) -> String {
        self.to_string()
    }

    /// How narrow the pattern is, to report the most telling one: longer
    /// codes first, an exact code before a prefix of the same length.
    fn specificity(&self) -> (usize, bool) {
        (self.code.len(), !self.prefix)
    }
}

impl fmt::Display for SeiPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if self.prefix {
            f.write_str("*")?;
        }
        Ok(())
    }
}

/// The pieces of a pattern's code, each checked against the IPC's shape:
/// section letter, two class digits, subclass letter, 1–4 main-group digits,
/// `/`, 1–6 subgroup digits. A prefix may stop anywhere.
struct Parts<'a> {
    section: char,
    class: &'a str,
    subclass: Option<char>,
    main: &'a str,
    slash: bool,
    sub: &'a str,
}

impl<'a> Parts<'a> {
    fn split(body: &'a str) -> Result<Parts<'a>, &'static str> {
        let section = body.chars().next().ok_or("pattern is empty")?;
        if !('A'..='H').contains(&section) && section != 'Y' {
            return Err("section must be a letter A–H");
        }
        let rest = &body[1..];
        let class_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if class_len > 2 {
            return Err("class must be two digits");
        }
        let (class, rest) = rest.split_at(class_len);
        let mut chars = rest.chars();
        let subclass = match chars.next() {
            None => None,
            Some(c) if class_len == 2 && c.is_ascii_uppercase() => Some(c),
            Some(_) if class_len < 2 => return Err("class must be two digits"),
            Some(_) => return Err("subclass must be a letter"),
        };
        let rest = chars.as_str();
        let (main, slash, sub) = match rest.split_once('/') {
            Some((main, sub)) => (main, true, sub),
            None => (rest, false, ""),
        };
        if subclass.is_none() && !rest.is_empty() {
            return Err("subclass must be a letter");
        }
        if !main.bytes().all(|b| b.is_ascii_digit()) || main.len() > 4 {
            return Err("main group must be 1–4 digits");
        }
        if slash && main.is_empty() {
            return Err("main group must be 1–4 digits");
        }
        if !sub.bytes().all(|b| b.is_ascii_digit()) || sub.len() > 6 {
            return Err("subgroup must be 1–6 digits");
        }
        Ok(Parts {
            section,
            class,
            subclass,
            main,
            slash,
            sub,
        })
    }

    /// An exact pattern names a whole node, so a class needs both digits.
    fn complete_class(&self) -> bool {
        self.class.is_empty() || self.class.len() == 2
    }

    /// The compact form, with the main group's leading zeros dropped the way
    /// [`ClassificationCode`] drops them. A prefix that stops inside a main
    /// group keeps its digits as written, so a leading zero there would
    /// match nothing and is refused.
    fn normalised(&self, prefix: bool) -> Result<String, &'static str> {
        let mut out = String::with_capacity(16);
        out.push(self.section);
        out.push_str(self.class);
        if let Some(subclass) = self.subclass {
            out.push(subclass);
        }
        if !self.main.is_empty() {
            let trimmed = self.main.trim_start_matches('0');
            let complete = self.slash || !prefix;
            if trimmed.len() != self.main.len() && !complete {
                return Err("main group of a prefix must not start with 0");
            }
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
        }
        if self.slash {
            out.push('/');
            out.push_str(self.sub);
        }
        Ok(out)
    }
}

/// One row of the table: the IPC patterns of a branch, the codes taken out
/// of them, and the products the row is limited to (关键词概述; empty when
/// the IPC alone decides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeiRule {
    pub patterns: Vec<SeiPattern>,
    pub exclusions: Vec<SeiPattern>,
    pub keywords: Vec<String>,
}

impl SeiRule {
    /// The pattern that takes `code` — the narrowest when several do — or
    /// `None` when none does or an exclusion takes the code out.
    pub fn matching_pattern(&self, code: &ClassificationCode) -> Option<&SeiPattern> {
        if self.exclusions.iter().any(|e| e.matches(code)) {
            return None;
        }
        self.patterns
            .iter()
            .filter(|p| p.matches(code))
            .max_by_key(|p| p.specificity())
    }

    /// Whether `text` (a patent's title and abstract) names one of the
    /// rule's keywords: a whole keyword, or a word of two or more characters
    /// of one split on `、，；,;和及等`. ASCII letters match in either case.
    ///
    /// The table's cells are prose, so three kinds of words are not
    /// evidence: clauses that exclude (`不包含…`, `不包括…`, `除…以外…`) are
    /// skipped whole; a placeholder suffix (`X相关关键词`) is cut to the word
    /// before it (`X`); and bare generic words (`产品`, `其他`, `服务`…) do
    /// not count.
    pub fn keywords_found(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.keywords_found_in_lowercase(&text)
    }

    fn keywords_found_in_lowercase(&self, text: &str) -> bool {
        self.keywords
            .iter()
            .flat_map(|k| keyword_words(k))
            .any(|w| text.contains(&w))
    }
}

/// Clauses that say what a row does not cover.
const NEGATIONS: &[&str] = &["不包含", "不包括", "除"];
/// Placeholders the table writes instead of listing the words.
const PLACEHOLDER_SUFFIXES: &[&str] = &["相关关键词", "关键词"];
/// Words too general to tell anything.
const GENERIC_WORDS: &[&str] = &["产品", "其他", "相关", "服务", "制造", "设备", "其他相关"];

/// The lower-cased words of one keyword cell that count as evidence.
fn keyword_words(keyword: &str) -> Vec<String> {
    let mut out = Vec::new();
    for clause in keyword.split(['；', ';']) {
        let clause = clause.trim();
        if clause.is_empty() || NEGATIONS.iter().any(|n| clause.starts_with(n)) {
            continue;
        }
        let parts = clause.split(['、', '，', ',', '和', '及', '等']);
        for word in std::iter::once(clause).chain(parts) {
            let mut word = word.trim();
            for suffix in PLACEHOLDER_SUFFIXES {
                if let Some(cut) = word.strip_suffix(suffix) {
                    word = cut.trim();
                    break;
                }
            }
            if word.chars().count() < 2 || GENERIC_WORDS.contains(&word) {
                continue;
            }
            let word = word.to_lowercase();
            if !out.contains(&word) {
                out.push(word);
            }
        }
    }
    out
}

/// A branch of the table (`1.1 下一代信息网络产业`) with its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeiBranch {
    /// `1.1`: the industry's number, a dot, the branch's number.
    pub number: String,
    /// The Chinese name as the table writes it.
    pub name: String,
    pub rules: Vec<SeiRule>,
}

impl SeiBranch {
    /// The top-level industry (1–9) the branch belongs to, in both languages.
    /// A number outside 1–9 falls back to the branch's own name.
    pub fn industry(&self) -> Text {
        self.industry_number()
            .and_then(industry)
            .unwrap_or_else(|| Text::same(self.name.clone()))
    }

    /// `1` for branch `1.1`.
    pub fn industry_number(&self) -> Option<u8> {
        let (top, _) = self.number.split_once('.')?;
        top.parse().ok()
    }

    /// The branch's name: the table's Chinese, and the English of the 2021
    /// table's branch with this number (the Chinese again for a number the
    /// table does not have).
    pub fn label(&self) -> Text {
        match BRANCH_NAMES_EN.iter().find(|(n, _)| *n == self.number) {
            Some((_, en)) => Text::owned(self.name.clone(), *en),
            None => Text::same(self.name.clone()),
        }
    }
}

/// The nine industries of the classification, by number.
const INDUSTRIES: [(&str, &str); 9] = [
    (
        "新一代信息技术产业",
        "Next-generation information technology",
    ),
    ("高端装备制造产业", "High-end equipment manufacturing"),
    ("新材料产业", "New materials"),
    ("生物产业", "Biotechnology"),
    ("新能源汽车产业", "New-energy vehicles"),
    ("新能源产业", "New energy"),
    ("节能环保产业", "Energy saving and environmental protection"),
    ("数字创意产业", "Digital creative"),
    ("相关服务业", "Related services"),
];

/// The name of top-level industry `number` (1–9).
pub fn industry(number: u8) -> Option<Text> {
    let (zh, en) = INDUSTRIES.get(usize::from(number).checked_sub(1)?)?;
    Some(Text::new(zh, en))
}

/// English names of the 2021 table's 40 branches, by number.
const BRANCH_NAMES_EN: [(&str, &str); 40] = [
    ("1.1", "Next-generation information networks"),
    ("1.2", "Core electronics"),
    (
        "1.3",
        "Emerging software and new information technology services",
    ),
    ("1.4", "Internet, cloud computing and big-data services"),
    ("1.5", "Artificial intelligence"),
    ("2.1", "Intelligent manufacturing equipment"),
    ("2.2", "Aviation equipment"),
    ("2.3", "Satellites and their applications"),
    ("2.4", "Rail transit equipment"),
    ("2.5", "Marine engineering equipment"),
    ("3.1", "Advanced steel materials"),
    ("3.2", "Advanced non-ferrous metal materials"),
    ("3.3", "Advanced petrochemical and chemical new materials"),
    ("3.4", "Advanced inorganic non-metallic materials"),
    (
        "3.5",
        "High-performance fibres and their products, and composites",
    ),
    ("3.6", "Frontier new materials"),
    ("3.7", "Services related to new materials"),
    ("4.1", "Biomedicine"),
    ("4.2", "Biomedical engineering"),
    ("4.3", "Bio-agriculture and related industries"),
    ("4.4", "Bioenergy"),
    ("4.5", "Other bio-industries"),
    ("5.1", "New-energy vehicle manufacturing"),
    ("5.2", "New-energy vehicle devices and parts"),
    ("5.3", "New-energy vehicle facilities"),
    ("5.4", "New-energy vehicle services"),
    ("6.1", "Nuclear power"),
    ("6.2", "Wind power"),
    ("6.3", "Solar power"),
    ("6.4", "Biomass and other new energy"),
    ("6.5", "Smart grids"),
    ("7.1", "High-efficiency energy saving"),
    ("7.2", "Advanced environmental protection"),
    ("7.3", "Resource recycling"),
    ("8.1", "Digital creative technology equipment"),
    ("8.2", "Digital cultural and creative activities"),
    ("8.3", "Design services"),
    ("8.4", "Digital creative and converged services"),
    (
        "9.1",
        "New technology, innovation and entrepreneurship services",
    ),
    ("9.2", "Other related services"),
];

/// How a branch was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeiMatchKind {
    /// The IPC alone places the patent in the branch.
    IpcOnly,
    /// The IPC matched a rule limited to certain products;
    /// `keywords_found` tells whether the title or abstract names one.
    KeywordQualified { keywords_found: bool },
}

impl SeiMatchKind {
    /// IpcOnly, then keyword-qualified with a keyword found, then without.
    fn strength(self) -> u8 {
        match self {
            SeiMatchKind::IpcOnly => 2,
            SeiMatchKind::KeywordQualified {
                keywords_found: true,
            } => 1,
            SeiMatchKind::KeywordQualified {
                keywords_found: false,
            } => 0,
        }
    }
}

/// A branch a patent falls in, with the code and pattern that put it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeiMatch<'a> {
    pub branch: &'a SeiBranch,
    pub kind: SeiMatchKind,
    /// The patent's code that matched.
    pub code: ClassificationCode,
    /// The pattern as written, e.g. `G06F11*`.
    pub pattern: String,
}

/// The whole table: branches in the table's order, numbers unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeiConcordance {
    branches: Vec<SeiBranch>,
}

impl SeiConcordance {
    /// Refuses an empty table, a branch number not written like `1.1` with
    /// an industry 1–9, a branch without a name, a number given twice, and
    /// a rule without a pattern.
    pub fn new(branches: Vec<SeiBranch>) -> Result<Self, DomainError> {
        let err = |value: &str, why| DomainError::Classification(value.to_string(), why);
        if branches.is_empty() {
            return Err(err("", "the SEI concordance has no branches"));
        }
        for (i, branch) in branches.iter().enumerate() {
            let number = branch.number.as_str();
            let well_formed = number.split_once('.').is_some_and(|(top, sub)| {
                matches!(top.as_bytes(), [b'1'..=b'9'])
                    && !sub.is_empty()
                    && sub.bytes().all(|b| b.is_ascii_digit())
            });
            if !well_formed {
                return Err(err(
                    number,
                    "SEI branch number must be written like 1.1, with an industry 1–9",
                ));
            }
            if branch.name.trim().is_empty() {
                return Err(err(number, "SEI branch has no name"));
            }
            if branches[..i].iter().any(|b| b.number == number) {
                return Err(err(number, "SEI branch number appears twice"));
            }
            if branch.rules.iter().any(|r| r.patterns.is_empty()) {
                return Err(err(number, "SEI branch has a rule without an IPC pattern"));
            }
        }
        Ok(SeiConcordance { branches })
    }

    pub fn branches(&self) -> &[SeiBranch] {
        &self.branches
    }

    /// The branch numbered `number` (`1.1`).
    pub fn branch(&self, number: &str) -> Option<&SeiBranch> {
        self.branches.iter().find(|b| b.number == number)
    }

    /// Every branch the patent's IPC codes fall in, in branch order, one
    /// match per branch: the strongest (IpcOnly, then keyword-qualified with
    /// a keyword found in `text`, then without; ties go to the patent's
    /// earlier code, then the table's earlier rule). `text` is the patent's
    /// title and abstract; see [`SeiRule::keywords_found`].
    pub fn classify(&self, ipc: &[ClassificationCode], text: &str) -> Vec<SeiMatch<'_>> {
        let text = text.to_lowercase();
        let mut out = Vec::new();
        for branch in &self.branches {
            let mut best: Option<SeiMatch<'_>> = None;
            'codes: for code in ipc {
                for rule in &branch.rules {
                    let Some(pattern) = rule.matching_pattern(code) else {
                        continue;
                    };
                    let kind = if rule.keywords.is_empty() {
                        SeiMatchKind::IpcOnly
                    } else if best.as_ref().is_some_and(|b| b.kind.strength() >= 1) {
                        // A found keyword is already held; only IpcOnly beats it.
                        continue;
                    } else {
                        SeiMatchKind::KeywordQualified {
                            keywords_found: rule.keywords_found_in_lowercase(&text),
                        }
                    };
                    if best
                        .as_ref()
                        .is_none_or(|b| kind.strength() > b.kind.strength())
                    {
                        best = Some(SeiMatch {
                            branch,
                            kind,
                            code: code.clone(),
                            pattern: pattern.as_written(),
                        });
                    }
                    if kind == SeiMatchKind::IpcOnly {
                        break 'codes;
                    }
                }
            }
            out.extend(best);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> ClassificationCode {
        ClassificationCode::parse(raw).unwrap()
    }

    fn pattern(raw: &str) -> SeiPattern {
        SeiPattern::parse(raw).unwrap()
    }

    fn rule(patterns: &[&str], exclusions: &[&str], keywords: &[&str]) -> SeiRule {
        SeiRule {
            patterns: patterns.iter().map(|p| pattern(p)).collect(),
            exclusions: exclusions.iter().map(|p| pattern(p)).collect(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn branch(number: &str, name: &str, rules: Vec<SeiRule>) -> SeiBranch {
        SeiBranch {
            number: number.into(),
            name: name.into(),
            rules,
        }
    }

    fn codes(raw: &[&str]) -> Vec<ClassificationCode> {
        raw.iter().map(|c| code(c)).collect()
    }

    #[test]
    fn sei_patterns_parse_as_prefixes_exact_codes_and_subclasses() {
        assert_eq!(
            pattern("G06F11*"),
            SeiPattern {
                code: "G06F11".into(),
                prefix: true
            }
        );
        assert_eq!(
            pattern("G06F9/44"),
            SeiPattern {
                code: "G06F9/44".into(),
                prefix: false
            }
        );
        assert_eq!(
            pattern("B41J"),
            SeiPattern {
                code: "B41J".into(),
                prefix: false
            }
        );
        assert_eq!(pattern("G16*").code, "G16");
        assert_eq!(pattern("H04W4*").as_written(), "H04W4*");
        assert_eq!(pattern("G06F15/00").as_written(), "G06F15/00");
        assert_eq!(pattern("H03M13").as_written(), "H03M13");
    }

    #[test]
    fn sei_patterns_tolerate_spaces_case_and_leading_zeros() {
        assert_eq!(pattern("G06F 11/14"), pattern("G06F11/14"));
        assert_eq!(pattern(" g06f 11* "), pattern("G06F11*"));
        assert_eq!(pattern("H04L 009/32").code, "H04L9/32");
        assert_eq!(pattern("H04L009/*").code, "H04L9/");
    }

    #[test]
    fn malformed_sei_patterns_are_refused_with_the_value() {
        for raw in [
            "",
            "*",
            "Z01*",
            "G0",
            "G06F*1",
            "G06F1**",
            "G06F1/A",
            "G06F12345*",
            "G6F",
            "G06F0*",
            "G06F11/",
        ] {
            let err = SeiPattern::parse(raw).expect_err(raw);
            assert!(err.to_string().contains(&format!("{raw:?}")), "{err}");
        }
    }

    #[test]
    fn a_sei_prefix_matches_the_code_text_not_the_group() {
        let p = pattern("G06F1*");
        assert!(p.matches(&code("G06F 1/16")));
        assert!(p.matches(&code("G06F 11/30")));
        assert!(p.matches(&code("G06F 10/00")));
        assert!(!p.matches(&code("G06F 21/00")));
        assert!(!p.matches(&code("G06F")));
        assert!(pattern("G06F*").matches(&code("G06F")));
        assert!(pattern("G16*").matches(&code("G16H 50/20")));
    }

    #[test]
    fn an_exact_sei_subgroup_or_main_group_matches_only_itself() {
        let p = pattern("G06F9/44");
        assert!(p.matches(&code("G06F 9/44")));
        assert!(!p.matches(&code("G06F 9/445")));
        assert!(!p.matches(&code("G06F 9/4401")));
        assert!(!p.matches(&code("G06F 9/00")));
        let main = pattern("G06F15/00");
        assert!(main.matches(&code("G06F 15/00")));
        assert!(!main.matches(&code("G06F 15/16")));
    }

    #[test]
    fn an_exact_sei_subclass_or_bare_main_group_covers_everything_beneath() {
        let subclass = pattern("B41J");
        assert!(subclass.matches(&code("B41J")));
        assert!(subclass.matches(&code("B41J 2/01")));
        assert!(!subclass.matches(&code("B41M 5/00")));
        let group = pattern("H03M13");
        assert!(group.matches(&code("H03M 13/11")));
        assert!(group.matches(&code("H03M 13/00")));
        assert!(!group.matches(&code("H03M 130/01")));
        assert!(!group.matches(&code("H03M 1/12")));
    }

    #[test]
    fn sei_exclusions_take_codes_out_of_a_rule() {
        let r = rule(&["G06F11*", "G06F21*"], &["G06F11/14", "G06F21/6*"], &[]);
        assert_eq!(
            r.matching_pattern(&code("G06F 11/30"))
                .map(SeiPattern::as_written),
            Some("G06F11*".into())
        );
        assert!(r.matching_pattern(&code("G06F 11/14")).is_none());
        assert!(r.matching_pattern(&code("G06F 11/1402")).is_some());
        assert!(r.matching_pattern(&code("G06F 21/60")).is_none());
        assert!(r.matching_pattern(&code("G06F 21/62")).is_none());
        assert!(r.matching_pattern(&code("G06F 21/57")).is_some());
        // A code both listed and excluded, as the table sometimes has it, is out.
        let both = rule(&["G01S1*", "G01S1/02"], &["G01S1/02"], &[]);
        assert!(both.matching_pattern(&code("G01S 1/02")).is_none());
    }

    #[test]
    fn the_narrowest_sei_pattern_is_reported() {
        let r = rule(&["G06F*", "G06F9*", "G06F9/44"], &[], &[]);
        assert_eq!(
            r.matching_pattern(&code("G06F 9/44"))
                .map(SeiPattern::as_written),
            Some("G06F9/44".into())
        );
        assert_eq!(
            r.matching_pattern(&code("G06F 9/50"))
                .map(SeiPattern::as_written),
            Some("G06F9*".into())
        );
    }

    #[test]
    fn sei_keywords_are_found_whole_or_by_their_words() {
        let r = rule(
            &["H01M*"],
            &[],
            &["钠离子电池隔膜；牵引电池、备用电池等电池组装"],
        );
        assert!(r.keywords_found("一种钠离子电池隔膜及其制备方法"));
        assert!(r.keywords_found("一种牵引电池的热管理系统"));
        assert!(r.keywords_found("备用电池模组"));
        assert!(!r.keywords_found("一种燃料电池"));
        // Split on 和 and 及 too; ASCII letters in either case.
        let r = rule(&["G06K*"], &[], &["RFID和条码识别及其他"]);
        assert!(r.keywords_found("A reader for rfid tags"));
        assert!(r.keywords_found("一种条码识别装置"));
        // A one-character piece and a bare generic word are no evidence.
        assert!(!r.keywords_found("其他"));
        let r = rule(&["G06K*"], &[], &["码等产品"]);
        assert!(!r.keywords_found("二维码产品"));
    }

    #[test]
    fn sei_exclusion_clauses_and_placeholders_are_read_for_what_they_mean() {
        let r = rule(&["B60L*"], &[], &["不包括手推车"]);
        assert!(!r.keywords_found("一种手推车的充电装置"));
        let r = rule(&["G01C*"], &[], &["水文监测；除航空遥感以外的测量服务"]);
        assert!(r.keywords_found("水文监测平台"));
        assert!(!r.keywords_found("航空遥感"));
        let r = rule(&["H01M*"], &[], &["电动车相关关键词"]);
        assert!(r.keywords_found("一种电动车电池包"));
    }

    fn concordance() -> SeiConcordance {
        SeiConcordance::new(vec![
            branch(
                "1.1",
                "甲网络产业",
                vec![
                    rule(&["G06F11*"], &["G06F11/14"], &["整机装配和外设维修"]),
                    rule(&["G06F21*"], &["G06F21/60"], &[]),
                ],
            ),
            branch(
                "5.2",
                "乙车辆部件制造",
                vec![
                    rule(&["H01M10/0525"], &[], &["电动车相关关键词"]),
                    rule(&["H01M10/44"], &[], &["不包括手推车"]),
                ],
            ),
            branch(
                "6.3",
                "丙热能产业",
                vec![rule(&["F24S10*"], &["F24S10/00"], &[])],
            ),
        ])
        .unwrap()
    }

    #[test]
    fn classify_gives_one_match_per_branch_in_branch_order() {
        let c = concordance();
        let found = c.classify(
            &codes(&["F24S 10/40", "G06F 11/30", "G06F 11/34", "H01M 10/0525"]),
            "",
        );
        let numbers: Vec<&str> = found.iter().map(|m| m.branch.number.as_str()).collect();
        assert_eq!(numbers, ["1.1", "5.2", "6.3"]);
        assert_eq!(found[2].kind, SeiMatchKind::IpcOnly);
        assert_eq!(found[2].code, code("F24S10/40"));
        assert_eq!(found[2].pattern, "F24S10*");
        assert_eq!(
            found[0].kind,
            SeiMatchKind::KeywordQualified {
                keywords_found: false
            }
        );
        assert_eq!(
            found[0].code,
            code("G06F11/30"),
            "the earlier code wins a tie"
        );
    }

    #[test]
    fn classify_prefers_an_ipc_only_rule_over_a_keyword_limited_one() {
        let c = concordance();
        let found = c.classify(&codes(&["G06F 11/30", "G06F 21/57"]), "一种外设维修工具");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SeiMatchKind::IpcOnly);
        assert_eq!(found[0].code, code("G06F21/57"));
        assert_eq!(found[0].pattern, "G06F21*");
    }

    #[test]
    fn classify_prefers_a_rule_whose_keywords_the_text_names() {
        let c = concordance();
        let found = c.classify(
            &codes(&["H01M 10/44", "H01M 10/0525"]),
            "一种电动车的锂电池",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].kind,
            SeiMatchKind::KeywordQualified {
                keywords_found: true
            }
        );
        assert_eq!(found[0].code, code("H01M10/0525"));
        let none = c.classify(&codes(&["H01M 10/44"]), "一种电动车的锂电池");
        assert_eq!(
            none[0].kind,
            SeiMatchKind::KeywordQualified {
                keywords_found: false
            }
        );
    }

    #[test]
    fn classify_finds_nothing_for_excluded_or_unlisted_codes() {
        let c = concordance();
        assert!(
            c.classify(&codes(&["G06F 11/14", "F24S 10/00", "A01B 1/00"]), "")
                .is_empty()
        );
        assert!(c.classify(&[], "外设").is_empty());
    }

    #[test]
    fn sei_branches_name_their_industry_in_both_languages() {
        let c = concordance();
        let b = c.branch("5.2").unwrap();
        assert_eq!(
            b.industry(),
            Text::new("新能源汽车产业", "New-energy vehicles")
        );
        assert_eq!(b.industry_number(), Some(5));
        assert_eq!(b.label().zh(), "乙车辆部件制造");
        assert_eq!(b.label().en(), "New-energy vehicle devices and parts");
        assert_eq!(industry(9).unwrap().en(), "Related services");
        assert!(industry(0).is_none() && industry(10).is_none());
    }

    #[test]
    fn a_sei_concordance_refuses_empty_duplicate_and_malformed_branches() {
        assert!(SeiConcordance::new(vec![]).is_err());
        let one = || branch("1.1", "甲", vec![rule(&["G06F*"], &[], &[])]);
        let err = SeiConcordance::new(vec![one(), one()]).unwrap_err();
        assert!(err.to_string().contains("\"1.1\""), "{err}");
        assert!(err.to_string().contains("twice"), "{err}");
        for number in ["", "1", "0.1", "10.1", "1.", "a.1"] {
            let b = branch(number, "甲", vec![rule(&["G06F*"], &[], &[])]);
            assert!(SeiConcordance::new(vec![b]).is_err(), "{number:?}");
        }
        assert!(SeiConcordance::new(vec![branch("1.1", " ", vec![])]).is_err());
        let empty_rule = SeiRule {
            patterns: vec![],
            exclusions: vec![],
            keywords: vec![],
        };
        assert!(SeiConcordance::new(vec![branch("1.1", "甲", vec![empty_rule])]).is_err());
    }
}
