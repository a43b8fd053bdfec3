//! IPC and CPC classification symbols in the compact form `G06F21/10`.

use std::fmt;

use crate::DomainError;

/// Which scheme a symbol belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Ipc,
    Cpc,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Ipc => "ipc",
            Scheme::Cpc => "cpc",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ipc" => Some(Scheme::Ipc),
            "cpc" => Some(Scheme::Cpc),
            _ => None,
        }
    }
}

/// A classification symbol down to any level: section `G`, class `G06`,
/// subclass `G06F`, or group `G06F21/10`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassificationCode(String);

impl ClassificationCode {
    /// Parses `G06F 21/10`, `G06F21/10`, `A21D 13/00 (2006.01)` and the
    /// fixed-width EPO form `G06F  21/10        20130101AFI`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let err = |why| DomainError::Classification(raw.to_string(), why);
        let trimmed = raw.trim();
        // Drop a trailing version like "(2006.01)" or an EPO date/flags field.
        let head = trimmed.split('(').next().unwrap_or(trimmed);
        // The subgroup ends at its last digit: what follows (an EPO version
        // date and flags after spaces) is not part of the symbol.
        let head = match head.split_once('/') {
            Some((main, rest)) => {
                let digits: String = rest
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                format!("{main}/{digits}")
            }
            None => head.to_string(),
        };
        let mut chars = head.chars().filter(|c| !c.is_whitespace()).peekable();
        let mut out = String::new();
        let section = chars
            .next()
            .ok_or_else(|| err("is empty"))?
            .to_ascii_uppercase();
        if !('A'..='H').contains(&section) && section != 'Y' {
            return Err(err("section must be a letter A–H"));
        }
        out.push(section);
        let mut class = String::new();
        while class.len() < 2 && chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            class.push(chars.next().unwrap_or('0'));
        }
        if class.is_empty() {
            return Ok(Self(out));
        }
        if class.len() != 2 {
            return Err(err("class must be two digits"));
        }
        out.push_str(&class);
        match chars.next() {
            None => return Ok(Self(out)),
            Some(c) if c.is_ascii_alphabetic() => out.push(c.to_ascii_uppercase()),
            Some(_) => return Err(err("subclass must be a letter")),
        }
        let rest: String = chars.collect();
        if rest.is_empty() {
            return Ok(Self(out));
        }
        let (main, sub) = rest
            .split_once('/')
            .ok_or_else(|| err("group must be written main/sub"))?;
        let sub: String = sub.chars().take_while(|c| c.is_ascii_digit()).collect();
        if main.is_empty() || main.len() > 4 || !main.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("main group must be 1–4 digits"));
        }
        if sub.is_empty() || sub.len() > 6 {
            return Err(err("subgroup must be 1–6 digits"));
        }
        let main = main.trim_start_matches('0');
        out.push_str(if main.is_empty() { "0" } else { main });
        out.push('/');
        out.push_str(&sub);
        Ok(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `G`
    pub fn section(&self) -> &str {
        &self.0[..1]
    }
    /// `G06`, if the symbol goes that deep.
    pub fn class(&self) -> Option<&str> {
        (self.0.len() >= 3).then(|| &self.0[..3])
    }
    /// `G06F`, if the symbol goes that deep.
    pub fn subclass(&self) -> Option<&str> {
        (self.0.len() >= 4).then(|| &self.0[..4])
    }
    /// `G06F21/00` for `G06F21/10`.
    pub fn main_group(&self) -> Option<String> {
        let (main, _) = self.0.split_once('/')?;
        Some(format!("{main}/00"))
    }
    /// The chain of ancestors from section down to this symbol, for title look-ups.
    pub fn lineage(&self) -> Vec<String> {
        let mut out = vec![self.section().to_string()];
        out.extend(self.class().map(str::to_string));
        out.extend(self.subclass().map(str::to_string));
        if let Some(main) = self.main_group() {
            out.push(main.clone());
            if main != self.0 {
                out.push(self.0.clone());
            }
        }
        out
    }
}

impl fmt::Display for ClassificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_and_versioned_symbols_normalise_to_the_compact_form() {
        assert_eq!(
            ClassificationCode::parse("A21D 13/00").unwrap().as_str(),
            "A21D13/00"
        );
        assert_eq!(
            ClassificationCode::parse("A21D 13/00 (2006.01)")
                .unwrap()
                .as_str(),
            "A21D13/00"
        );
        assert_eq!(
            ClassificationCode::parse("G06F  21/10").unwrap().as_str(),
            "G06F21/10"
        );
        assert_eq!(ClassificationCode::parse("g06f").unwrap().as_str(), "G06F");
        assert_eq!(
            ClassificationCode::parse("H04L 009/32").unwrap().as_str(),
            "H04L9/32"
        );
    }

    #[test]
    fn levels_are_derived_from_the_symbol() {
        let c = ClassificationCode::parse("G06F21/10").unwrap();
        assert_eq!(c.section(), "G");
        assert_eq!(c.class(), Some("G06"));
        assert_eq!(c.subclass(), Some("G06F"));
        assert_eq!(
            c.lineage(),
            vec!["G", "G06", "G06F", "G06F21/00", "G06F21/10"]
        );
    }

    #[test]
    fn malformed_symbols_are_rejected() {
        assert!(ClassificationCode::parse("").is_err());
        assert!(ClassificationCode::parse("Z01").is_err());
        assert!(ClassificationCode::parse("G0").is_err());
        assert!(ClassificationCode::parse("G06F21").is_err());
    }
}
