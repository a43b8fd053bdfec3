//! Splitting a byte stream into XML documents and reading each into a small
//! element tree, shared by the USPTO and EPO readers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use patentbridge_domain::Patent;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::format::Format;
use crate::{
    CountingReader, IngestError, Location, PositionUnit, Progress, RecordOutcome, RecordStream,
};

/// Streams the documents of a file whose root element is one of `roots`
/// through `parse`, one outcome per document.
pub(crate) fn open_documents(
    path: &Path,
    format: Format,
    roots: &'static [&'static str],
    parse: fn(&Element) -> Result<Patent, String>,
) -> Result<RecordStream, IngestError> {
    let file = File::open(path).map_err(crate::io_error(path))?;
    let len = file.metadata().map_err(crate::io_error(path))?.len();
    let (progress, counter) = Progress::new(len);
    let reader = BufReader::new(CountingReader::new(file, counter));
    let file_path = path.to_path_buf();
    let records = DocumentSplitter::new(reader, roots)
        .enumerate()
        .map(move |(i, doc)| {
            let position = i as u64 + 1;
            let result = doc
                .map_err(|e| format!("read error: {e}"))
                .and_then(|bytes| parse_tree(&bytes))
                .and_then(|root| parse(&root))
                .map(|mut patent| {
                    patent.normalise();
                    patent
                })
                .map_err(|e| format!("document {position}: {e}"));
            RecordOutcome {
                location: Location {
                    file: file_path.clone(),
                    position,
                    unit: PositionUnit::Document,
                },
                result,
            }
        });
    Ok(RecordStream {
        format,
        progress,
        records: Box::new(records),
    })
}

/// Cuts a stream into documents: each runs from wherever the last one
/// ended to the close of its root element, or to the next XML declaration
/// when the root is never closed.
pub(crate) struct DocumentSplitter<R> {
    reader: R,
    roots: &'static [&'static str],
    buf: Vec<u8>,
    /// Where the current document's root element starts, and its name.
    root: Option<(usize, &'static str)>,
    /// How far `buf` has been searched for the current step.
    scanned: usize,
    done: bool,
}

impl<R: BufRead> DocumentSplitter<R> {
    pub(crate) fn new(reader: R, roots: &'static [&'static str]) -> Self {
        Self {
            reader,
            roots,
            buf: Vec::new(),
            root: None,
            scanned: 0,
            done: false,
        }
    }

    fn find_end(&mut self) -> Option<usize> {
        if self.root.is_none() {
            let longest = self.roots.iter().map(|r| r.len()).max().unwrap_or(0) + 2;
            let from = self.scanned.saturating_sub(longest);
            let mut best: Option<(usize, &'static str)> = None;
            for &root in self.roots {
                if let Some(pos) = find_start_tag(&self.buf[from..], root)
                    && best.is_none_or(|(b, _)| from + pos < b)
                {
                    best = Some((from + pos, root));
                }
            }
            self.scanned = self.buf.len();
            let (start, _) = best?;
            self.root = best;
            self.scanned = start + 1;
        }
        let (start, root) = self.root?;
        let close = format!("</{root}>");
        let from = self.scanned.saturating_sub(close.len() + 16).max(start + 1);
        let hay = &self.buf[from..];
        let end = find(hay, close.as_bytes()).map(|i| from + i + close.len());
        let next_decl = find(hay, b"<?xml version").map(|i| from + i);
        self.scanned = self.buf.len();
        match (end, next_decl) {
            (Some(e), Some(d)) => Some(e.min(d)),
            (e, d) => e.or(d),
        }
    }
}

impl<R: BufRead> Iterator for DocumentSplitter<R> {
    type Item = std::io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(end) = self.find_end() {
                // The prologue (declaration, DOCTYPE, any wrapper element) is dropped.
                let start = self.root.map_or(0, |(s, _)| s);
                let doc = self.buf[start..end].to_vec();
                self.buf.drain(..end);
                self.root = None;
                self.scanned = 0;
                return Some(Ok(doc));
            }
            if self.done {
                // A root that was opened but never closed is still a document.
                let rest = std::mem::take(&mut self.buf);
                return self
                    .root
                    .take()
                    .map(|(start, _)| Ok(rest[start..].to_vec()));
            }
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    self.root = None;
                    self.buf.clear();
                    return Some(Err(e));
                }
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The position of `<name` followed by whitespace, `>` or `/`.
fn find_start_tag(hay: &[u8], name: &str) -> Option<usize> {
    let mut open = Vec::with_capacity(name.len() + 1);
    open.push(b'<');
    open.extend_from_slice(name.as_bytes());
    let mut from = 0;
    while let Some(i) = find(&hay[from..], &open) {
        let at = from + i;
        match hay.get(at + open.len()) {
            Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

/// An element with its attributes and children, names without namespace prefix.
#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

/// The deepest elements may nest in one document. The tree is walked
/// recursively (text, search, drop), and a debug build overflows a 2 MiB
/// stack walking about 2,500 levels; real patent documents nest at most 20.
pub(crate) const MAX_ELEMENT_DEPTH: usize = 256;

/// Elements whose text ends a word, so that `<p>a</p><p>b</p>` reads "a b".
const BLOCKS: &[&str] = &[
    "p",
    "paragraph",
    "PARA",
    "PTEXT",
    "claim-text",
    "CLMSTEP",
    "heading",
    "H",
    "li",
    "br",
    "entry",
    "row",
    "B542",
];

impl Element {
    fn from_start(e: &BytesStart<'_>) -> Element {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let attrs = e
            .attributes()
            .with_checks(false)
            .flatten()
            .map(|a| {
                let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                let value = a
                    .unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                (key, value)
            })
            .collect();
        Element {
            name,
            attrs,
            children: Vec::new(),
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Node::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else {
            self.children.push(Node::Text(text.to_string()));
        }
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub(crate) fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The whitespace-collapsed text of a direct child.
    pub(crate) fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(Element::text)
    }

    pub(crate) fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }

    /// The first descendant of that name, depth first.
    pub(crate) fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| {
            if e.name == name {
                Some(e)
            } else {
                e.find(name)
            }
        })
    }

    /// Every outermost descendant of that name, in document order.
    pub(crate) fn find_all<'a>(&'a self, name: &str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        self.collect(name, &mut out);
        out
    }

    fn collect<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.collect(name, out);
            }
        }
    }

    /// All the text inside, with runs of whitespace collapsed to one space.
    pub(crate) fn text(&self) -> String {
        self.raw_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// All the text inside as written, for fixed-width fields.
    pub(crate) fn raw_text(&self) -> String {
        let mut raw = String::new();
        self.collect_text(&mut raw);
        raw
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    e.collect_text(out);
                    if BLOCKS.contains(&e.name.as_str()) {
                        out.push(' ');
                    }
                }
            }
        }
    }
}

/// Parses one document into its root element. Entity references that the
/// DTD would define (`&mdash;`, `&hellip;`, …) are replaced, not fatal.
///
/// Two slips seen in real files are repaired rather than rejected: a bare
/// `&` (`Kador & Partner`) is read as `&amp;`, and a closing tag that skips
/// unclosed elements (`<heading><Fourth Embodiment</heading>`) closes them.
///
/// A document whose elements nest deeper than [`MAX_ELEMENT_DEPTH`] is
/// refused: its tree could not be walked without overflowing the stack.
pub(crate) fn parse_tree(bytes: &[u8]) -> Result<Element, String> {
    let bytes = escape_stray_ampersands(bytes);
    let mut reader = quick_xml::Reader::from_reader(bytes.as_ref());
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(_) if stack.len() >= MAX_ELEMENT_DEPTH => {
                return Err(format!(
                    "elements nest more than {MAX_ELEMENT_DEPTH} deep at byte {}",
                    reader.buffer_position()
                ));
            }
            Event::Start(e) => stack.push(Element::from_start(&e)),
            Event::Empty(e) => {
                let element = Element::from_start(&e);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => return Ok(element),
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let Some(depth) = stack.iter().rposition(|open| open.name == name) else {
                    if stack.is_empty() {
                        return Err(format!("closing tag </{name}> without an opening one"));
                    }
                    continue;
                };
                while stack.len() > depth {
                    let element = stack.pop().ok_or("unbalanced tags")?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(element)),
                        None => return Ok(element),
                    }
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.push_text(&String::from_utf8_lossy(&t));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.push_text(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    top.push_text(&resolve_entity(&r));
                }
            }
            Event::Eof => {
                return Err(match stack.first() {
                    Some(root) => format!("document ends before </{}>", root.name),
                    None => "no root element".to_string(),
                });
            }
            _ => {}
        }
    }
}

/// Rewrites each `&` that does not start a reference as `&amp;`.
fn escape_stray_ampersands(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let is_reference = |rest: &[u8]| {
        let name_len = rest
            .iter()
            .take(40)
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'#' | b'_' | b'.' | b'-')));
        matches!(name_len, Some(n) if n > 0 && rest[n] == b';')
    };
    let stray = |i: usize| bytes[i] == b'&' && !is_reference(&bytes[i + 1..]);
    if !(0..bytes.len()).any(stray) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    for (i, &b) in bytes.iter().enumerate() {
        if stray(i) {
            out.extend_from_slice(b"&amp;");
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn resolve_entity(r: &BytesRef<'_>) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => return c.to_string(),
        Ok(None) => {}
        Err(_) => return " ".to_string(),
    }
    let name = String::from_utf8_lossy(r);
    let text = match name.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "thinsp" | "ensp" | "emsp" => " ",
        "mdash" => "\u{2014}",
        "ndash" => "\u{2013}",
        "hyphen" | "minus" => "-",
        "deg" => "\u{b0}",
        "plusmn" => "\u{b1}",
        "times" => "\u{d7}",
        "micro" | "mu" => "\u{b5}",
        "le" => "\u{2264}",
        "ge" => "\u{2265}",
        "lsquo" | "rsquo" => "'",
        "ldquo" | "rdquo" => "\"",
        "hellip" => "\u{2026}",
        "middot" | "bull" => "\u{b7}",
        _ => " ",
    };
    text.to_string()
}
