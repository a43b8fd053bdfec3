//! The PDF writer: A4 pages, a centred title, numbered articles, the ruled
//! patent table, the signature blocks, and a footer with the page count and
//! the template id and version.
//!
//! A contract is first turned into a `Document`, a list of `Block`s
//! (headings, paragraphs, ruled tables with column widths, signature
//! blocks); the page layout knows only those, so other documents set in the
//! same type, such as the valuation review report ([`crate::report`]), use
//! the same machinery.
//!
//! Text is drawn with CID-keyed fonts (Type0 with Identity-H encoding),
//! each subset to the glyphs the contract uses and embedded with a
//! `ToUnicode` map so the text can be searched and copied. TrueType outlines
//! go in as a CIDFontType2 (`FontFile2`), CFF outlines (the Noto Sans CJK SC
//! built into the crate) as a CIDFontType0 in an OpenType wrapper
//! (`FontFile3`). Nothing in the output depends on the clock or on hash-map
//! order: the same contract and font give the same bytes, and the file ID is
//! derived from the content.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::ContractError;
use crate::layout::wrap;
use crate::model::{Contract, Lang, SignatureBlock};
use patentbridge_domain::{Text, text};

/// Where a system CJK font may be found when `PATENTBRIDGE_PDF_FONT` is not
/// set, with the Debian package that installs it. Both hold full CJK
/// coverage in TrueType outlines.
pub const FONT_CANDIDATES: &[(&str, &str)] = &[
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "fonts-droid-fallback",
    ),
    (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "fonts-wqy-microhei",
    ),
];

/// Latin companions for a CJK font without Latin glyphs. Droid Sans
/// Fallback is exactly that: a fallback for CJK with no ASCII at all, so
/// patent numbers, dates and amounts are drawn from one of these, or from
/// the embedded font when neither is installed.
pub const LATIN_CANDIDATES: &[(&str, &str)] = &[
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "fonts-dejavu-core",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "fonts-liberation",
    ),
];

/// The environment variable naming a font file to use instead.
pub const FONT_ENV: &str = "PATENTBRIDGE_PDF_FONT";

/// The environment variable that, set to `0` (or `false`, `no`, `off`),
/// hides the system fonts: discovery then looks at no font directory and
/// uses the embedded font, so a test can prove the embedded font is enough.
pub const SYSTEM_FONTS_ENV: &str = "PATENTBRIDGE_PDF_SYSTEM_FONTS";

/// The font built into the binary: Noto Sans CJK SC Regular (SIL Open Font
/// License 1.1) cut down to GB 2312, CJK and full-width punctuation and
/// Latin-1, with CFF outlines. `fonts/README.md` says how it was made.
static EMBEDDED_FONT: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular-subset.otf");

/// How the embedded font appears in [`FontSource::paths`] and in errors; it
/// is not a file on disk.
pub const EMBEDDED_FONT_NAME: &str = "(embedded) NotoSansCJKsc-Regular-subset.otf";

/// One font in memory (one face of a collection): a file read at run time
/// or the embedded font.
#[derive(Clone)]
struct FontFile {
    path: PathBuf,
    index: u32,
    data: Cow<'static, [u8]>,
}

impl FontFile {
    fn read(path: &Path) -> Result<FontFile, ContractError> {
        let data = std::fs::read(path).map_err(|source| ContractError::FontRead {
            path: path.to_path_buf(),
            source,
        })?;
        // A collection's first face is the regular one in the Debian CJK
        // collections (WenQuanYi Micro Hei before its mono variant).
        let file = FontFile {
            path: path.to_path_buf(),
            index: 0,
            data: Cow::Owned(data),
        };
        let face = file.face()?;
        if face.tables().glyf.is_none() && face.tables().cff.is_none() {
            return Err(file.unusable(
                "has neither TrueType (glyf) nor CFF outlines; CFF2 variable fonts are not supported",
            ));
        }
        Ok(file)
    }

    fn embedded() -> FontFile {
        FontFile {
            path: PathBuf::from(EMBEDDED_FONT_NAME),
            index: 0,
            data: Cow::Borrowed(EMBEDDED_FONT),
        }
    }

    fn face(&self) -> Result<Face<'_>, ContractError> {
        Face::parse(&self.data, self.index).map_err(|e| self.unusable(&e.to_string()))
    }

    fn unusable(&self, why: &str) -> ContractError {
        ContractError::FontUnusable {
            path: self.path.clone(),
            why: why.to_string(),
        }
    }
}

/// The fonts a contract is drawn with: a CJK font first and, when it has no
/// Latin letters, a Latin companion. Each character is drawn from the first
/// font that has it.
#[derive(Clone)]
pub struct FontSource {
    files: Vec<FontFile>,
}

impl std::fmt::Debug for FontSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.files.iter().map(|file| &file.path))
            .finish()
    }
}

/// What [`FontSource::discover`] looks at, as plain values, so the order can
/// be tested without changing the process environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSearch {
    /// `PATENTBRIDGE_PDF_FONT` when set and not empty: this font and no other.
    pub font: Option<PathBuf>,
    /// False when `PATENTBRIDGE_PDF_SYSTEM_FONTS=0`: no font directory is
    /// looked at, neither for the CJK font nor for a Latin companion.
    pub system_fonts: bool,
    /// System CJK fonts, tried in order ([`FONT_CANDIDATES`]).
    pub candidates: Vec<PathBuf>,
    /// System Latin companions, tried in order ([`LATIN_CANDIDATES`]).
    pub latin_candidates: Vec<PathBuf>,
}

impl FontSearch {
    /// The search this process is configured for.
    pub fn from_env() -> FontSearch {
        FontSearch::from_vars(
            std::env::var_os(FONT_ENV),
            std::env::var_os(SYSTEM_FONTS_ENV),
        )
    }

    /// The search for the given values of `PATENTBRIDGE_PDF_FONT` and
    /// `PATENTBRIDGE_PDF_SYSTEM_FONTS`, over the usual font directories.
    pub fn from_vars(font: Option<OsString>, system_fonts: Option<OsString>) -> FontSearch {
        let hidden = system_fonts.is_some_and(|v| {
            let v = v.to_string_lossy().trim().to_ascii_lowercase();
            matches!(v.as_str(), "0" | "false" | "no" | "off")
        });
        let paths = |list: &[(&str, &str)]| list.iter().map(|(p, _)| PathBuf::from(p)).collect();
        FontSearch {
            font: font.filter(|p| !p.is_empty()).map(PathBuf::from),
            system_fonts: !hidden,
            candidates: paths(FONT_CANDIDATES),
            latin_candidates: paths(LATIN_CANDIDATES),
        }
    }

    /// The configured font, else the first installed system font, else the
    /// embedded one. Only a configured font that cannot be read or used is an
    /// error, never a missing one.
    pub fn find(&self) -> Result<FontSource, ContractError> {
        let latin: &[PathBuf] = if self.system_fonts {
            &self.latin_candidates
        } else {
            &[]
        };
        if let Some(path) = &self.font {
            return FontSource::with_companion(path, latin);
        }
        if self.system_fonts
            && let Some(path) = self.candidates.iter().find(|p| p.is_file())
        {
            return FontSource::with_companion(path, latin);
        }
        Ok(FontSource::embedded())
    }
}

impl FontSource {
    /// The font named by `PATENTBRIDGE_PDF_FONT`; else, unless
    /// `PATENTBRIDGE_PDF_SYSTEM_FONTS=0`, the first installed of
    /// [`FONT_CANDIDATES`]; else the embedded Noto Sans CJK SC subset. An
    /// explicitly configured font that cannot be read is an error rather
    /// than a silent fallback; a machine without fonts is not.
    pub fn discover() -> Result<FontSource, ContractError> {
        FontSearch::from_env().find()
    }

    /// The embedded Noto Sans CJK SC subset alone; it has Latin letters,
    /// digits and the punctuation the templates use, so it needs no
    /// companion.
    pub fn embedded() -> FontSource {
        FontSource {
            files: vec![FontFile::embedded()],
        }
    }

    /// Reads and checks a CJK font (`.ttf`, `.otf`, or the first face of a
    /// `.ttc`), adding a Latin companion from [`LATIN_CANDIDATES`], or the
    /// embedded font when none is installed, if it lacks Latin letters.
    pub fn from_path(path: &Path) -> Result<FontSource, ContractError> {
        let latin: Vec<PathBuf> = LATIN_CANDIDATES
            .iter()
            .map(|(p, _)| PathBuf::from(p))
            .collect();
        FontSource::with_companion(path, &latin)
    }

    fn with_companion(path: &Path, latin: &[PathBuf]) -> Result<FontSource, ContractError> {
        let primary = FontFile::read(path)?;
        let face = primary.face()?;
        if face.glyph_index('合').is_none() {
            return Err(primary.unusable("has no Chinese glyphs"));
        }
        let has_latin = "Aa0".chars().all(|c| face.glyph_index(c).is_some());
        let mut files = vec![primary.clone()];
        if !has_latin {
            let companion = match latin.iter().find(|p| p.is_file()) {
                Some(p) => FontFile::read(p)?,
                None => FontFile::embedded(),
            };
            files.push(companion);
        }
        Ok(FontSource { files })
    }

    /// The fonts in the order characters are looked up: file paths, and
    /// [`EMBEDDED_FONT_NAME`] for the embedded font.
    pub fn paths(&self) -> Vec<&Path> {
        self.files.iter().map(|f| f.path.as_path()).collect()
    }
}

// A4 in points and the margins (25 mm each side).
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 70.87;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const TOP: f32 = PAGE_H - MARGIN;
/// The body stops here; the footer sits below.
const BOTTOM: f32 = 68.0;
const FOOTER_RULE_Y: f32 = 56.0;
const FOOTER_Y: f32 = 42.0;

const TITLE_SIZE: f32 = 18.0;
const SUBTITLE_SIZE: f32 = 9.0;
const HEADING_SIZE: f32 = 11.5;
const BODY_SIZE: f32 = 10.5;
/// The size of the contract's patent table; other tables choose their own.
const TABLE_SIZE: f32 = 9.5;
const SIGNATURE_SIZE: f32 = 10.0;
const FOOTER_SIZE: f32 = 8.0;
const LEADING: f32 = 1.6;

/// A document the page layout can set: a centred title and subtitle, then
/// its blocks in order, with `footer` and the page count at the foot of
/// every page.
pub(crate) struct Document {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
    /// Printed at the left of every footer (the template id and version of
    /// a contract, the reference of a report).
    pub footer: String,
}

/// One piece of a [`Document`].
pub(crate) enum Block {
    /// A bold heading, kept on one page with the start of what follows.
    Heading(String),
    /// A body paragraph: indented by two characters in Chinese, set flush
    /// and followed by a little more space in English.
    Paragraph(String),
    Table(Table),
    /// The end-of-text mark and the signature blocks side by side.
    Signatures(Vec<SignatureBlock>),
}

/// A ruled table. A row too tall for the rest of a page moves to the next
/// one, under a repeated heading row; a row taller than a whole page is cut
/// between lines.
pub(crate) struct Table {
    /// Each column's share of the text width; they add up to 1.
    pub ratios: Vec<f32>,
    /// The font size of the cells.
    pub size: f32,
    /// The shaded heading row; empty for a table without one.
    pub head: Vec<String>,
    /// Row → cell → the cell's paragraphs, each starting a new line.
    pub rows: Vec<Vec<Vec<String>>>,
    /// Shade the first column, for a table of labels and values.
    pub label_column: bool,
}

impl Document {
    /// Every text the document prints except the page numbers.
    fn texts(&self) -> Vec<&str> {
        let mut out = vec![
            self.title.as_str(),
            self.subtitle.as_str(),
            self.footer.as_str(),
        ];
        for block in &self.blocks {
            match block {
                Block::Heading(t) | Block::Paragraph(t) => out.push(t),
                Block::Table(t) => {
                    out.extend(t.head.iter().map(String::as_str));
                    out.extend(t.rows.iter().flatten().flatten().map(String::as_str));
                }
                Block::Signatures(blocks) => {
                    for b in blocks {
                        out.push(&b.role);
                        for (l, v) in &b.rows {
                            out.push(l);
                            out.push(v);
                        }
                    }
                }
            }
        }
        out
    }
}

/// One drawing operation on a page, in PDF points from the bottom left.
enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// The faces in lookup order, with advance widths in em.
struct Metrics<'a> {
    faces: Vec<(Face<'a>, f32)>,
}

impl Metrics<'_> {
    /// The index of the first face with a glyph for `c`.
    fn pick(&self, c: char) -> Option<usize> {
        self.faces
            .iter()
            .position(|(face, _)| face.glyph_index(c).is_some())
    }

    fn advance(&self, c: char) -> f32 {
        self.pick(c)
            .and_then(|i| {
                let (face, per_em) = &self.faces[i];
                let gid = face.glyph_index(c)?;
                Some(f32::from(face.glyph_hor_advance(gid)?) / per_em)
            })
            .unwrap_or(0.5)
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    fn wrap(&self, text: &str, size: f32, first: f32, rest: f32) -> Vec<String> {
        wrap(text, first / size, rest / size, |c| self.advance(c))
    }
}

/// The padding inside a table cell.
const CELL_PAD: f32 = 4.0;

/// A [`Table`]'s cells wrapped to their column widths.
struct Grid {
    widths: Vec<f32>,
    size: f32,
    head: Option<Vec<Vec<String>>>,
    body: Vec<Vec<Vec<String>>>,
    label_column: bool,
}

impl Grid {
    fn line_h(&self) -> f32 {
        self.size * 1.45
    }

    fn height(&self, cells: &[Vec<String>]) -> f32 {
        cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * self.line_h() + 2.0 * CELL_PAD
    }

    fn head_h(&self) -> f32 {
        self.head.as_ref().map_or(0.0, |h| self.height(h))
    }

    /// The most lines a row can have and still fit on a fresh page under
    /// the heading row; a longer row is cut.
    fn page_room(&self) -> usize {
        ((TOP - BOTTOM - self.head_h() - 2.0 * CELL_PAD) / self.line_h()).floor() as usize
    }

    fn too_tall(&self, cells: &[Vec<String>]) -> bool {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(0);
        let room = self.page_room();
        room > 0 && lines > room
    }

    /// What must fit before the table starts: the heading row and the
    /// first body row, or the first few lines of a row that will be cut
    /// anyway.
    fn start_h(&self) -> f32 {
        let first = self.body.first().map_or(0.0, |r| {
            if self.too_tall(r) {
                3.0 * self.line_h() + 2.0 * CELL_PAD
            } else {
                self.height(r)
            }
        });
        self.head_h() + first
    }
}

/// The cursor over pages: `y` is the top of the next line.
struct Layout<'a> {
    m: &'a Metrics<'a>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: String) {
        // The baseline sits about 0.85 em under the line's top, leaving the
        // rest of the leading below for descenders.
        let baseline = self.y - size * 0.85;
        self.op(Op::Text {
            x,
            baseline,
            size,
            bold,
            text,
        });
    }

    fn centred(&mut self, text: &str, size: f32, bold: bool) {
        for line in self.m.wrap(text, size, CONTENT_W, CONTENT_W) {
            self.ensure(size * LEADING);
            let x = MARGIN + (CONTENT_W - self.m.width(&line, size)) / 2.0;
            self.text(x, size, bold, line);
            self.y -= size * LEADING;
        }
    }

    fn paragraph(&mut self, text: &str, size: f32, indent: f32, bold: bool) {
        let lines = self.m.wrap(text, size, CONTENT_W - indent, CONTENT_W);
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(size * LEADING);
            let x = if i == 0 { MARGIN + indent } else { MARGIN };
            self.text(x, size, bold, line);
            self.y -= size * LEADING;
        }
    }

    /// The table's cells wrapped to its columns.
    fn grid(&self, t: &Table) -> Grid {
        let widths: Vec<f32> = t.ratios.iter().map(|r| r * CONTENT_W).collect();
        let cells = |row: &[Vec<String>]| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(paragraphs, w)| {
                    let w = w - 2.0 * CELL_PAD;
                    paragraphs
                        .iter()
                        .flat_map(|p| self.m.wrap(p, t.size, w, w))
                        .collect()
                })
                .collect()
        };
        let head = (!t.head.is_empty()).then(|| {
            let head: Vec<Vec<String>> = t.head.iter().map(|h| vec![h.clone()]).collect();
            cells(&head)
        });
        let body = t.rows.iter().map(|row| cells(row)).collect();
        Grid {
            widths,
            size: t.size,
            head,
            body,
            label_column: t.label_column,
        }
    }

    fn table(&mut self, t: &Table) {
        let g = self.grid(t);
        let line_h = g.line_h();
        self.ensure(g.start_h());
        self.head_row(&g);
        for row in &g.body {
            let mut cells = row.clone();
            loop {
                let h = g.height(&cells);
                if self.y - h < BOTTOM {
                    let room = ((self.y - BOTTOM - 2.0 * CELL_PAD) / line_h)
                        .max(0.0)
                        .floor() as usize;
                    let too_tall = g.too_tall(&cells);
                    if too_tall && room > 0 {
                        // Only a row longer than a page is cut: what fits
                        // here, the rest on the next page.
                        let rest: Vec<Vec<String>> = cells
                            .iter_mut()
                            .map(|c| c.split_off(room.min(c.len())))
                            .collect();
                        let h = g.height(&cells);
                        self.row(&cells, h, &g, false);
                        cells = rest;
                    }
                    // The heading is repeated on the next page so the columns
                    // stay readable.
                    self.new_page();
                    self.head_row(&g);
                    if too_tall {
                        continue;
                    }
                }
                self.row(&cells, h, &g, false);
                break;
            }
        }
        self.y -= 8.0;
    }

    fn head_row(&mut self, g: &Grid) {
        if let Some(head) = &g.head {
            self.row(head, g.height(head), g, true);
        }
    }

    fn row(&mut self, cells: &[Vec<String>], h: f32, g: &Grid, head: bool) {
        let top = self.y;
        if head {
            self.op(Op::Shade {
                x: MARGIN,
                y: top - h,
                w: CONTENT_W,
                h,
            });
        } else if g.label_column
            && let Some(&w) = g.widths.first()
        {
            self.op(Op::Shade {
                x: MARGIN,
                y: top - h,
                w,
                h,
            });
        }
        let rule = |y| Op::Line {
            x1: MARGIN,
            y1: y,
            x2: MARGIN + CONTENT_W,
            y2: y,
            width: 0.6,
        };
        self.op(rule(top));
        self.op(rule(top - h));
        let mut x = MARGIN;
        for (i, lines) in cells.iter().enumerate() {
            self.op(Op::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top - h,
                width: 0.6,
            });
            self.y = top - CELL_PAD;
            for line in lines {
                self.text(x + CELL_PAD, g.size, head, line.clone());
                self.y -= g.line_h();
            }
            x += g.widths[i];
        }
        self.op(Op::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: top - h,
            width: 0.6,
        });
        self.y = top - h;
    }

    /// The end-of-text mark and the two parties side by side, kept
    /// together on one page.
    fn signatures(&mut self, blocks: &[SignatureBlock], lang: Lang) {
        let gap = 18.0;
        let col_w = (CONTENT_W - gap) / 2.0;
        let row_h = SIGNATURE_SIZE * 2.2;
        let colon = Text::new("：", ": ").into_lang(lang);
        let colon = colon.as_ref();
        let height_of = |b: &SignatureBlock| {
            (1 + b
                .rows
                .iter()
                .map(|(l, v)| self.sig_lines(l, v, colon, col_w).len())
                .sum::<usize>()) as f32
                * row_h
        };
        let needed = blocks.iter().map(height_of).fold(0.0, f32::max);
        let end = Text::new("（以下无正文）", "(No further text.)").into_lang(lang);
        let (end, end_size) = (end.as_ref(), BODY_SIZE);
        self.ensure(end_size * LEADING + needed + 16.0);
        self.y -= 4.0;
        self.centred(end, end_size, false);
        self.y -= 12.0;
        let top = self.y;
        let mut lowest = top;
        for (i, block) in blocks.iter().enumerate() {
            let x = MARGIN + i as f32 * (col_w + gap);
            self.y = top;
            self.text(x, HEADING_SIZE, true, block.role.clone());
            self.y -= row_h;
            for (label, value) in &block.rows {
                let lines = self.sig_lines(label, value, colon, col_w);
                let blank = value.is_empty();
                for line in lines {
                    self.text(x, SIGNATURE_SIZE, false, line.clone());
                    if blank {
                        // An empty value is a line to sign or write the date on.
                        let from = x + self.m.width(&line, SIGNATURE_SIZE) + 2.0;
                        let y = self.y - SIGNATURE_SIZE * 0.95;
                        self.op(Op::Line {
                            x1: from,
                            y1: y,
                            x2: x + col_w,
                            y2: y,
                            width: 0.5,
                        });
                    }
                    self.y -= row_h;
                }
            }
            lowest = lowest.min(self.y);
        }
        self.y = lowest;
    }

    fn sig_lines(&self, label: &str, value: &str, colon: &str, w: f32) -> Vec<String> {
        self.m
            .wrap(&format!("{label}{colon}{value}"), BODY_SIZE, w, w)
    }
}

/// Lays out `contract` and writes the PDF with `font` embedded.
pub fn render_pdf(contract: &Contract, font: &FontSource) -> Result<Vec<u8>, ContractError> {
    render_document(&contract_document(contract), font)
}

/// The contract as blocks: each article's heading and paragraphs, the
/// patent table after the article that names the patents, the signatures.
fn contract_document(contract: &Contract) -> Document {
    let mut blocks = Vec::new();
    for (i, section) in contract.sections.iter().enumerate() {
        blocks.push(Block::Heading(section.heading.clone()));
        blocks.extend(section.paragraphs.iter().cloned().map(Block::Paragraph));
        if i == contract.patent_table_after && !contract.patent_table.is_empty() {
            blocks.push(Block::Table(Table {
                ratios: vec![0.22, 0.34, 0.12, 0.16, 0.16],
                size: TABLE_SIZE,
                head: contract.patent_table_headings.to_vec(),
                rows: contract
                    .patent_table
                    .iter()
                    .map(|row| row.iter().map(|cell| vec![cell.clone()]).collect())
                    .collect(),
                label_column: false,
            }));
        }
    }
    blocks.push(Block::Signatures(contract.signatures.clone()));
    Document {
        lang: contract.lang,
        title: contract.title.clone(),
        subtitle: contract.subtitle.clone(),
        blocks,
        footer: contract.footer.clone(),
    }
}

/// Lays out `doc` and writes the PDF with `font` embedded. A character no
/// font has is refused with [`ContractError::MissingGlyphs`] before anything
/// is drawn.
pub(crate) fn render_document(doc: &Document, font: &FontSource) -> Result<Vec<u8>, ContractError> {
    let faces = font
        .files
        .iter()
        .map(|f| {
            let face = f.face()?;
            let per_em = f32::from(face.units_per_em());
            Ok((face, per_em))
        })
        .collect::<Result<Vec<_>, ContractError>>()?;
    let metrics = Metrics { faces };
    check_glyphs(doc, &metrics, font)?;
    let pages = lay_out(doc, &metrics);
    write_pdf(&doc.title, &pages, &metrics, font)
}

fn check_glyphs(doc: &Document, m: &Metrics, font: &FontSource) -> Result<(), ContractError> {
    let mut text = doc.texts().concat();
    text.push_str(" 第页共Pageof0123456789（以下无正文）(No further text.)");
    let missing: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_control() && m.pick(*c).is_none())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ContractError::MissingGlyphs {
            path: font.files[0].path.clone(),
            chars: missing.into_iter().collect(),
        })
    }
}

fn lay_out(doc: &Document, m: &Metrics) -> Vec<Vec<Op>> {
    let mut l = Layout {
        m,
        pages: Vec::new(),
        y: TOP,
    };
    l.new_page();
    l.centred(&doc.title, TITLE_SIZE, true);
    l.y -= 2.0;
    l.centred(&doc.subtitle, SUBTITLE_SIZE, false);
    l.y -= 10.0;
    // Chinese paragraphs open with a two-character indent; English ones are
    // set flush and separated by space instead.
    let (indent, gap) = match doc.lang {
        Lang::Zh => (2.0 * BODY_SIZE, 2.0),
        Lang::En => (0.0, 4.0),
    };
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(heading) => {
                // Keep a heading with at least two lines of its text, or
                // with the start of the table that follows it.
                let keep = match doc.blocks.get(i + 1) {
                    Some(Block::Table(t)) => 4.0 + l.grid(t).start_h(),
                    _ => 2.0 * BODY_SIZE * LEADING,
                };
                l.ensure(HEADING_SIZE * LEADING + keep + 6.0);
                l.y -= 6.0;
                l.paragraph(heading, HEADING_SIZE, 0.0, true);
            }
            Block::Paragraph(p) => {
                l.paragraph(p, BODY_SIZE, indent, false);
                l.y -= gap;
            }
            Block::Table(t) => {
                l.y -= 4.0;
                l.table(t);
            }
            Block::Signatures(blocks) => l.signatures(blocks, doc.lang),
        }
    }
    let total = l.pages.len();
    for (n, page) in l.pages.iter_mut().enumerate() {
        footer(page, m, doc, n + 1, total);
    }
    l.pages
}

fn footer(page: &mut Vec<Op>, m: &Metrics, doc: &Document, n: usize, total: usize) {
    page.push(Op::Line {
        x1: MARGIN,
        y1: FOOTER_RULE_Y,
        x2: PAGE_W - MARGIN,
        y2: FOOTER_RULE_Y,
        width: 0.4,
    });
    page.push(Op::Text {
        x: MARGIN,
        baseline: FOOTER_Y,
        size: FOOTER_SIZE,
        bold: false,
        text: doc.footer.clone(),
    });
    let count = text!("第 {n} 页 共 {total} 页", "Page {n} of {total}")
        .into_lang(doc.lang)
        .into_owned();
    let w = m.width(&count, FOOTER_SIZE);
    page.push(Op::Text {
        x: PAGE_W - MARGIN - w,
        baseline: FOOTER_Y,
        size: FOOTER_SIZE,
        bold: false,
        text: count,
    });
}

/// One embedded font: its glyph subset and the code of every character
/// drawn with it.
struct Embedded {
    remapper: GlyphRemapper,
    cid_of: BTreeMap<char, u16>,
}

fn write_pdf(
    title: &str,
    pages: &[Vec<Op>],
    m: &Metrics,
    font: &FontSource,
) -> Result<Vec<u8>, ContractError> {
    // Glyphs are numbered in the order of the sorted characters, so the
    // subsets and the codes in the content streams are the same on every run.
    let chars: BTreeSet<char> = pages
        .iter()
        .flatten()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.chars()),
            _ => None,
        })
        .flatten()
        .collect();
    let mut embedded: Vec<Embedded> = m
        .faces
        .iter()
        .map(|_| Embedded {
            remapper: GlyphRemapper::new(),
            cid_of: BTreeMap::new(),
        })
        .collect();
    for &c in &chars {
        // check_glyphs has made sure some face has every character.
        let Some(i) = m.pick(c) else { continue };
        let gid = m.faces[i].0.glyph_index(c).unwrap_or(GlyphId(0));
        let e = &mut embedded[i];
        let cid = e.remapper.remap(gid.0);
        e.cid_of.insert(c, cid);
    }

    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let page_tree = alloc();
    let info = alloc();
    // Type0, CIDFont, descriptor, font file and ToUnicode of each face.
    let font_refs: Vec<[Ref; 5]> = m
        .faces
        .iter()
        .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        .collect();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let font_names: Vec<Vec<u8>> = (1..=m.faces.len())
        .map(|i| format!("F{i}").into_bytes())
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("PatentBridge patentbridge_contracts"));

    let mut hasher = Sha256::new();
    for (page, (page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let content = content_stream(page, m, &embedded);
        hasher.update(&content);
        let mut p = pdf.page(*page_ref);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(page_tree)
            .contents(*content_ref);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        for (name, refs) in font_names.iter().zip(&font_refs) {
            fonts.pair(Name(name), refs[0]);
        }
        fonts.finish();
        resources.finish();
        p.finish();
        pdf.stream(*content_ref, &content);
    }

    for (i, e) in embedded.iter().enumerate() {
        let file = &font.files[i];
        let (face, per_em) = &m.faces[i];
        let subset = subsetter::subset(&file.data, file.index, &e.remapper)
            .map_err(|err| ContractError::Subset(format!("{}: {err}", file.path.display())))?;
        hasher.update(&subset);
        // A subset font's name carries a six-letter tag; derived from the
        // subset so it is stable.
        let digest = Sha256::digest(&subset);
        let tag: String = digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base = format!("{tag}+{}", font_base_name(face));
        write_font(&mut pdf, font_refs[i], &base, face, *per_em, e, &subset);
    }

    let digest = hasher.finalize();
    let id = digest[..16].to_vec();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

fn write_font(
    pdf: &mut Pdf,
    [type0, cid_font, descriptor, font_file, to_unicode]: [Ref; 5],
    base: &str,
    face: &Face,
    per_em: f32,
    e: &Embedded,
    subset: &[u8],
) {
    // CFF outlines make a CIDFontType0, whose CIDs are the subset's glyph
    // ids (subsetter writes an identity charset); TrueType outlines make a
    // CIDFontType2 with an identity CID-to-glyph map.
    let cff = face.tables().cff.is_some();
    // For a CIDFontType0 the Type0 font's name is the CIDFont's name and the
    // CMap's, joined by a hyphen (PDF 1.7, 9.7.6.1).
    let type0_name = if cff {
        format!("{base}-Identity-H")
    } else {
        base.to_string()
    };
    pdf.type0_font(type0)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);

    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let scale = 1000.0 / per_em;
    let widths: Vec<f32> = e
        .remapper
        .remapped_gids()
        .map(|old| f32::from(face.glyph_hor_advance(GlyphId(old)).unwrap_or(0)) * scale)
        .collect();
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(Name(base.as_bytes()))
    .system_info(system_info)
    .font_descriptor(descriptor)
    .default_width(1000.0);
    if !cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, widths);
    cid.finish();

    let bbox = face.global_bounding_box();
    let ascent = f32::from(face.ascender()) * scale;
    let descent = f32::from(face.descender()) * scale;
    let mut d = pdf.font_descriptor(descriptor);
    d.name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(
            face.capital_height()
                .map_or(ascent, |h| f32::from(h) * scale),
        )
        .stem_v(80.0);
    if cff {
        d.font_file3(font_file);
    } else {
        d.font_file2(font_file);
    }
    d.finish();
    let mut stream = pdf.stream(font_file, subset);
    if cff {
        stream.pair(Name(b"Subtype"), Name(b"OpenType"));
    } else {
        stream.pair(Name(b"Length1"), subset.len() as i32);
    }
    stream.finish();

    let mut cmap = UnicodeCmap::new(Name(b"PatentBridge-UTF16"), system_info);
    for (&c, &cid) in &e.cid_of {
        cmap.pair(cid, c);
    }
    let cmap = cmap.finish();
    pdf.cmap(to_unicode, &cmap)
        .name(Name(b"PatentBridge-UTF16"))
        .system_info(system_info);
}

fn content_stream(page: &[Op], m: &Metrics, embedded: &[Embedded]) -> Vec<u8> {
    let mut c = Content::new();
    for op in page {
        match op {
            Op::Text {
                x,
                baseline,
                size,
                bold,
                text,
            } => {
                c.save_state();
                if *bold {
                    // The fonts have one weight; stroking the outlines as well
                    // as filling them gives headings a bolder face.
                    c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                    c.set_line_width(size * 0.035);
                }
                c.begin_text().next_line(*x, *baseline);
                // Runs of characters from the same face share one show
                // operator; the text position advances by the glyph widths.
                let mut runs: Vec<(usize, Vec<u8>)> = Vec::new();
                for ch in text.chars() {
                    let i = m.pick(ch).unwrap_or(0);
                    let code = embedded[i].cid_of.get(&ch).copied().unwrap_or(0);
                    match runs.last_mut() {
                        Some((face, codes)) if *face == i => codes.extend(code.to_be_bytes()),
                        _ => runs.push((i, code.to_be_bytes().to_vec())),
                    }
                }
                for (i, codes) in &runs {
                    let name = format!("F{}", i + 1);
                    c.set_font(Name(name.as_bytes()), *size).show(Str(codes));
                }
                c.end_text();
                c.restore_state();
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                c.set_line_width(*width)
                    .move_to(*x1, *y1)
                    .line_to(*x2, *y2)
                    .stroke();
            }
            Op::Shade { x, y, w, h } => {
                c.save_state()
                    .set_fill_gray(0.9)
                    .rect(*x, *y, *w, *h)
                    .fill_nonzero()
                    .restore_state();
            }
        }
    }
    c.finish().to_vec()
}

/// The PostScript name from the font, reduced to characters a PDF name
/// takes without escaping.
fn font_base_name(face: &Face) -> String {
    let name = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        // Only Unicode records decode; a font may list a Macintosh one first.
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if clean.is_empty() {
        "EmbeddedFont".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(font: Option<&str>, system_fonts: Option<&str>) -> FontSearch {
        FontSearch::from_vars(font.map(OsString::from), system_fonts.map(OsString::from))
    }

    #[test]
    fn the_embedded_font_has_cff_outlines_chinese_latin_and_the_contract_symbols() {
        let face = Face::parse(EMBEDDED_FONT, 0).expect("the embedded font parses");
        assert!(face.tables().cff.is_some() && face.tables().glyf.is_none());
        for c in
            "合同甲乙方壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整AZaz09%.,;:()（）《》、，。；：¥×✓—…“”"
                .chars()
        {
            assert!(face.glyph_index(c).is_some(), "no glyph for {c}");
        }
        assert!(
            EMBEDDED_FONT.len() < 3_000_000,
            "{} bytes",
            EMBEDDED_FONT.len()
        );
    }

    #[test]
    fn the_embedded_font_covers_every_character_of_the_crate_sources() {
        // fonts/make-subset.py adds these characters; a template edited
        // since the font was cut fails here rather than in a deal.
        let face = Face::parse(EMBEDDED_FONT, 0).expect("the embedded font parses");
        let sources = [
            include_str!("error.rs"),
            include_str!("layout.rs"),
            include_str!("lib.rs"),
            include_str!("model.rs"),
            include_str!("money.rs"),
            include_str!("pdf.rs"),
            include_str!("report.rs"),
            include_str!("templates.rs"),
        ];
        let missing: BTreeSet<char> = sources
            .iter()
            .flat_map(|s| s.chars())
            .filter(|c| !c.is_ascii() && face.glyph_index(*c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "run fonts/make-subset.py again: {missing:?}"
        );
    }

    #[test]
    fn with_system_fonts_hidden_and_no_configured_font_discovery_gives_the_embedded_font() {
        let s = search(None, Some("0"));
        assert!(!s.system_fonts);
        assert_eq!(s.font, None);
        let font = s.find().expect("the embedded font needs nothing installed");
        assert_eq!(font.paths(), [Path::new(EMBEDDED_FONT_NAME)]);
    }

    #[test]
    fn system_fonts_are_hidden_only_by_a_false_value() {
        for hidden in ["0", "false", "FALSE", "no", "off", " 0 "] {
            assert!(!search(None, Some(hidden)).system_fonts, "{hidden:?}");
        }
        for shown in [None, Some("1"), Some("yes"), Some("")] {
            assert!(search(None, shown).system_fonts, "{shown:?}");
        }
    }

    #[test]
    fn an_empty_font_variable_counts_as_unset() {
        assert_eq!(search(Some(""), None).font, None);
        assert_eq!(
            search(Some("/x/font.ttf"), None).font,
            Some(PathBuf::from("/x/font.ttf"))
        );
    }

    #[test]
    fn with_no_system_font_installed_discovery_gives_the_embedded_font() {
        let mut s = search(None, None);
        s.candidates = vec![PathBuf::from("/nonexistent/cjk.ttf")];
        let font = s.find().expect("no font installed is not an error");
        assert_eq!(font.paths(), [Path::new(EMBEDDED_FONT_NAME)]);
    }

    #[test]
    fn an_installed_system_font_comes_before_the_embedded_one() {
        // Any CJK font with Latin letters will do as the "system" font; the
        // embedded font's bytes are one.
        let path = std::env::temp_dir().join(format!(
            "patentbridge-system-font-{}.otf",
            std::process::id()
        ));
        std::fs::write(&path, EMBEDDED_FONT).expect("write a font file");
        let mut s = search(None, None);
        s.candidates = vec![PathBuf::from("/nonexistent/cjk.ttf"), path.clone()];
        let found = s.find();
        std::fs::remove_file(&path).expect("remove the font file");
        assert_eq!(found.expect("the installed font").paths(), [path.as_path()]);
        // Hidden, the same directory is not looked at.
        s.system_fonts = false;
        assert_eq!(
            s.find().expect("the embedded font").paths(),
            [Path::new(EMBEDDED_FONT_NAME)]
        );
    }

    #[test]
    fn a_configured_font_that_cannot_be_read_is_an_error_even_with_system_fonts_hidden() {
        let err = search(Some("/nonexistent/font.ttf"), Some("0"))
            .find()
            .unwrap_err();
        assert!(matches!(err, ContractError::FontRead { .. }), "{err}");
        assert!(err.to_string().contains("/nonexistent/font.ttf"), "{err}");
    }

    #[test]
    fn a_cjk_font_without_latin_letters_takes_the_embedded_font_when_no_companion_is_installed() {
        let droid = Path::new(FONT_CANDIDATES[0].0);
        if !droid.is_file() {
            println!(
                "skipping: {} is not installed ({})",
                droid.display(),
                FONT_CANDIDATES[0].1
            );
            return;
        }
        let font = FontSource::with_companion(droid, &[]).expect("Droid Sans Fallback");
        assert_eq!(font.paths(), [droid, Path::new(EMBEDDED_FONT_NAME)]);
    }
}
