//! The layout model: a [`Document`] laid out on GB/T 9704-2012 pages. The
//! same [`Layout`] feeds the PDF writer and the in-app preview, so both show
//! the same lines and page breaks. No printpdf here.

use unicode_normalization::UnicodeNormalization;

use super::linebreak;
use crate::fonts::{Chain, Face, PdfFaces};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// GB/T 9704-2012 page geometry, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub page_w: f32,
    pub page_h: f32,
    /// 天头
    pub top: f32,
    /// 订口
    pub left: f32,
    pub block_w: f32,
    pub block_h: f32,
    pub lines: usize,
    pub chars: usize,
    /// 3号
    pub body_size: f32,
    /// 2号
    pub title_size: f32,
    /// 4号
    pub small_size: f32,
}

impl Geometry {
    pub const A4: Geometry = Geometry {
        page_w: 210.0 * PT_PER_MM,
        page_h: 297.0 * PT_PER_MM,
        top: 37.0 * PT_PER_MM,
        left: 28.0 * PT_PER_MM,
        block_w: 156.0 * PT_PER_MM,
        block_h: 225.0 * PT_PER_MM,
        lines: 22,
        chars: 28,
        body_size: 16.0,
        title_size: 22.0,
        small_size: 14.0,
    };
    /// Width of one grid cell.
    pub fn cell(&self) -> f32 {
        self.block_w / self.chars as f32
    }
    /// Line pitch.
    pub fn pitch(&self) -> f32 {
        self.block_h / self.lines as f32
    }
    /// Baseline of grid line `i` (0-based) of a page.
    pub fn baseline(&self, i: usize) -> f32 {
        self.top + i as f32 * self.pitch() + self.pitch() * 0.5 + self.body_size * 0.36
    }
}

/// Which face chain a piece of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// 仿宋 body.
    Body,
    /// 小标宋-like bold serif title.
    Title,
    /// 黑体 (一、 headings).
    Hei,
    /// 楷体 ((一) headings).
    Kai,
    /// 宋体-like serif (page numbers).
    Song,
}

impl Style {
    fn chain(self, faces: &PdfFaces) -> &Chain {
        match self {
            Style::Body => &faces.body,
            Style::Title => &faces.title,
            Style::Hei => &faces.hei,
            Style::Kai => &faces.kai,
            Style::Song => &faces.song,
        }
    }
}

/// A block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph, indented two characters.
    Para(String),
    /// 一、 heading (黑体).
    H1(String),
    /// （一） heading (楷体).
    H2(String),
    /// 1. / （1） heading (仿宋, as a paragraph).
    H3(String),
    /// A line flush right (e.g. a 文号 under the title).
    Right(String),
    /// A line flush left without indent (主送).
    Flush(String),
    /// An empty grid line.
    Blank,
    /// A ruled table: column widths in grid cells, rows of cell texts.
    Table {
        cols: Vec<usize>,
        rows: Vec<Vec<String>>,
        min_lines: Vec<usize>,
    },
}

/// 版记.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Colophon {
    /// 抄送 (empty = none).
    pub cc: String,
    /// 印发机关.
    pub printer: String,
    /// 印发日期 (e.g. 2026年3月5日).
    pub date: String,
}

/// A document to lay out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    /// 发文字号, shown flush right under the title.
    pub doc_no: String,
    /// 主送 (e.g. 王建国同志：).
    pub recipient: String,
    pub body: Vec<Block>,
    /// 附件说明 lines (without the 附件： prefix).
    pub attachments: Vec<String>,
    /// 署名.
    pub signature: String,
    /// 成文日期 (e.g. 2026年3月5日).
    pub date: String,
    pub colophon: Option<Colophon>,
    /// PDF metadata author (the office).
    pub author: String,
    /// PDF metadata subject: for documents from the register, the audit
    /// chain anchor (`审计链锚点 N:HASH`, see README 数据安全).
    pub subject: String,
    /// A mark at the top left of the first page (e.g. 送审稿), 黑体.
    pub mark: String,
}

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub face: &'static Face,
    /// Left edge, points from the page's left edge.
    pub x: f32,
    pub text: String,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, points from the page's top edge.
    pub y: f32,
    pub size: f32,
    /// Extra space after each character (PDF Tc), points.
    pub spacing: f32,
    pub runs: Vec<Run>,
    /// The whole line's text.
    pub text: String,
    pub style: Style,
}

/// A horizontal or vertical rule (separator or table line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub lines: Vec<Line>,
    pub rules: Vec<Rule>,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub geometry: Geometry,
    pub pages: Vec<Page>,
    pub title: String,
    pub author: String,
    pub subject: String,
}

impl Layout {
    /// The body text as it is laid out: one string per line, pages in order
    /// (page numbers excluded).
    pub fn text_lines(&self) -> Vec<String> {
        self.pages
            .iter()
            .flat_map(|p| {
                p.lines
                    .iter()
                    .filter(|l| l.style != Style::Song)
                    .map(|l| l.text.clone())
            })
            .collect()
    }
}

/// Why a document could not be laid out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error(
        "字符“{ch}”（U+{code:04X}）在内置字体中都没有字形，无法打印；请改用常用字或联系管理员添加字体。所在文字：{context}"
    )]
    MissingGlyph {
        ch: char,
        code: u32,
        context: String,
    },
    #[error("字体无法加载：{0}")]
    Font(String),
}

/// The only changes made to a clerk's text before layout: full-width digits
/// and Latin letters become half-width (GB/T 9704 sets numbers in Arabic
/// half-width), and NFC, which maps CJK compatibility ideographs to their
/// unified forms and composes combining marks. Nothing else changes: no NFKC,
/// so Ⅲ类, mg/m³, ¨ and full-width punctuation stay exactly as typed.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .nfc()
        .collect()
}

/// Lays out lines of text onto grid slots.
struct Composer<'m> {
    g: Geometry,
    m: &'m PdfFaces,
    /// Lines placed so far, by slot: (slot index over the whole document, line).
    slots: Vec<Vec<Line>>,
    rules: Vec<(usize, Rule)>,
}

impl<'m> Composer<'m> {
    fn advance(&self, style: Style, size: f32, c: char) -> f32 {
        let chain = style.chain(self.m);
        chain.advance(c).map(|em| em * size).unwrap_or(size)
    }

    fn check(&self, style: Style, text: &str) -> Result<(), LayoutError> {
        if let Some(ch) = style.chain(self.m).missing(text).first() {
            return Err(LayoutError::MissingGlyph {
                ch: *ch,
                code: *ch as u32,
                context: text.chars().take(40).collect(),
            });
        }
        Ok(())
    }

    /// Runs of consecutive characters that resolve to the same face.
    fn runs(&self, style: Style, size: f32, spacing: f32, x0: f32, text: &str) -> Vec<Run> {
        let chain = style.chain(self.m);
        let mut runs: Vec<Run> = Vec::new();
        let mut x = x0;
        for c in text.chars() {
            // `check` has made sure every printing character resolves.
            let Some(face) = chain.resolve(c).or_else(|| chain.first()) else {
                continue;
            };
            match runs.last_mut() {
                Some(r) if std::ptr::eq(r.face, face) => r.text.push(c),
                _ => runs.push(Run {
                    face,
                    x,
                    text: c.to_string(),
                }),
            }
            x += self.advance(style, size, c) + spacing;
        }
        runs
    }

    /// A heading that ended up on a page's last line moves to the next page,
    /// with the text it introduces.
    fn keep_heading_with_next(&mut self) {
        let per = self.g.lines;
        let n = self.slots.len();
        if n < 2 || !n.is_multiple_of(per) {
            return;
        }
        let heading = self
            .slots
            .last()
            .is_some_and(|l| l.iter().any(|x| matches!(x.style, Style::Hei | Style::Kai)));
        let covers_rule = self.rules.iter().any(|(slot, _)| *slot >= n - 1);
        if heading
            && !covers_rule
            && let Some(h) = self.slots.pop()
        {
            self.blank();
            self.slots.push(h);
        }
    }

    /// Like [`Composer::runs`], but the second character of ……/—— starts
    /// its own run right after the first, `gap` apart (not `spacing`).
    fn runs_tied(
        &self,
        style: Style,
        size: f32,
        spacing: f32,
        gap: f32,
        x0: f32,
        text: &str,
    ) -> Vec<Run> {
        let chain = style.chain(self.m);
        let mut runs: Vec<Run> = Vec::new();
        let mut x = x0;
        let mut prev: Option<char> = None;
        let mut second = false;
        for c in text.chars() {
            let Some(face) = chain.resolve(c).or_else(|| chain.first()) else {
                continue;
            };
            // The second half of a mark (counted as in `tied_pairs`).
            let tied = !second && prev.is_some_and(|p| p == c && is_tied(c));
            if tied {
                x -= spacing - gap;
            }
            match runs.last_mut() {
                Some(r) if std::ptr::eq(r.face, face) && !tied => r.text.push(c),
                _ => runs.push(Run {
                    face,
                    x,
                    text: c.to_string(),
                }),
            }
            x += self.advance(style, size, c) + spacing;
            second = tied;
            prev = Some(c);
        }
        runs
    }

    fn natural(&self, style: Style, size: f32, text: &str, gap: f32) -> f32 {
        let n = text.chars().count();
        text.chars()
            .map(|c| self.advance(style, size, c))
            .sum::<f32>()
            + gap * n.saturating_sub(1) as f32
    }

    fn push_line(&mut self, line: Line) {
        self.slots.push(vec![line]);
    }

    fn blank(&mut self) {
        self.slots.push(Vec::new());
    }

    /// A justified paragraph on the grid; `indent` in cells.
    fn paragraph(&mut self, style: Style, text: &str, indent: usize) -> Result<(), LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let g = self.g;
        let size = g.body_size;
        let gap = g.cell() - size;
        let first = g.block_w - indent as f32 * g.cell();
        let spans = {
            let adv = |c: char| self.advance(style, size, c);
            linebreak::fill(&text, first, g.block_w, gap, g.cell(), &adv)
        };
        for (i, span) in spans.iter().enumerate() {
            let s = &text[span.start..span.end];
            let x0 = g.left
                + if i == 0 {
                    indent as f32 * g.cell()
                } else {
                    0.0
                };
            let avail = if i == 0 { first } else { g.block_w };
            let n = s.chars().count();
            // Justified lines spread the slack between characters, but never
            // inside ……/—— (one mark of two characters); a line left short
            // by an unbreakable token after it (a long number, a 文号) is set
            // naturally rather than spread thin.
            let pairs = tied_pairs(s);
            let short = avail - span.natural > 2.0 * g.cell();
            let spacing = if span.last || n < 2 + pairs || short {
                gap
            } else {
                let glyphs: f32 = s.chars().map(|c| self.advance(style, size, c)).sum();
                (avail - glyphs - gap * pairs as f32) / (n - 1 - pairs) as f32
            };
            let runs = if spacing > gap && pairs > 0 {
                self.runs_tied(style, size, spacing, gap, x0, s)
            } else {
                self.runs(style, size, spacing, x0, s)
            };
            self.push_line(Line {
                y: 0.0,
                size,
                spacing,
                runs,
                text: s.to_owned(),
                style,
            });
        }
        if spans.is_empty() {
            self.blank();
        }
        Ok(())
    }

    /// A single line aligned right, `inset` cells from the right edge.
    fn right(&mut self, style: Style, text: &str, inset: f32) -> Result<f32, LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let g = self.g;
        let size = g.body_size;
        let gap = g.cell() - size;
        let w = self.natural(style, size, &text, gap);
        let x0 = g.left + g.block_w - inset * g.cell() - w;
        let runs = self.runs(style, size, gap, x0, &text);
        self.push_line(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text,
            style,
        });
        Ok(x0 + w / 2.0)
    }

    /// A single line centred on `centre`.
    fn centred(
        &mut self,
        style: Style,
        size: f32,
        text: &str,
        centre: f32,
    ) -> Result<(), LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let gap = if style == Style::Title {
            0.0
        } else {
            self.g.cell() - size
        };
        let w = self.natural(style, size, &text, gap);
        let x0 = (centre - w / 2.0).max(self.g.left);
        let runs = self.runs(style, size, gap, x0, &text);
        self.push_line(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text,
            style,
        });
        Ok(())
    }

    /// The title, split into balanced lines that never leave one character alone.
    fn title(&mut self, title: &str) -> Result<(), LayoutError> {
        let title = normalize(title);
        self.check(Style::Title, &title)?;
        let g = self.g;
        let size = g.title_size;
        let per_line = (g.block_w / size).floor().max(2.0) as usize;
        let chars: Vec<char> = title.chars().collect();
        let n_lines = chars.len().div_ceil(per_line).max(1);
        let centre = g.left + g.block_w / 2.0;
        if n_lines == 1 {
            return self.centred(Style::Title, size, &title, centre);
        }
        // Balanced split at break opportunities nearest to equal shares.
        let breaks = linebreak::break_points(&title);
        let mut start = 0usize; // char index
        for k in 1..=n_lines {
            let end = if k == n_lines {
                chars.len()
            } else {
                let target = chars.len() * k / n_lines;
                let byte_target = title
                    .char_indices()
                    .nth(target)
                    .map(|(i, _)| i)
                    .unwrap_or(title.len());
                let best = breaks
                    .iter()
                    .copied()
                    .filter(|b| *b > 0 && *b < title.len())
                    .min_by_key(|b| b.abs_diff(byte_target))
                    .unwrap_or(byte_target);
                title[..best]
                    .chars()
                    .count()
                    .clamp(start + 2, chars.len().saturating_sub(2))
            };
            let line: String = chars[start..end].iter().collect();
            self.centred(Style::Title, size, &line, centre)?;
            start = end;
        }
        Ok(())
    }

    /// A ruled table; each row's height is its tallest cell (at least `min_lines`).
    fn table(
        &mut self,
        cols: &[usize],
        rows: &[Vec<String>],
        min_lines: &[usize],
    ) -> Result<(), LayoutError> {
        let g = self.g;
        let size = g.small_size;
        let gap = 0.0;
        let total: usize = cols.iter().sum::<usize>().max(1);
        let unit = g.block_w / total as f32;
        let pad = 3.0;
        // Each row's cell lines and height, first: rows never split across
        // a page, and the header row never stays at a page foot without the
        // first data row (nor a heading above the table without the table).
        let mut prepared: Vec<(Vec<Vec<String>>, usize)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cell_lines: Vec<Vec<String>> = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let text = normalize(text);
                self.check(Style::Body, &text)?;
                let w = cols.get(c).copied().unwrap_or(1) as f32 * unit - 2.0 * pad;
                let adv = |ch: char| self.advance(Style::Body, size, ch);
                let spans = linebreak::fill(&text, w, w, gap, size * 0.5, &adv);
                cell_lines.push(
                    spans
                        .iter()
                        .map(|s| text[s.start..s.end].to_owned())
                        .collect(),
                );
            }
            let height = cell_lines
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .max(min_lines.get(r).copied().unwrap_or(1))
                .max(1);
            prepared.push((cell_lines, height));
        }
        let per = g.lines;
        let mut slot = self.slots.len();
        for (r, (cell_lines, height)) in prepared.iter().enumerate() {
            let height = *height;
            let need = if r == 0 {
                height + prepared.get(1).map_or(0, |x| x.1)
            } else {
                height
            };
            let used = slot % per;
            if r > 0 && used == 0 && slot > 0 {
                // The previous row ended at a page foot: close the table there.
                self.rules.push((
                    slot - 1,
                    Rule {
                        x1: g.left,
                        y1: 1.0,
                        x2: g.left + g.block_w,
                        y2: 1.0,
                        width: 0.75,
                    },
                ));
            }
            let heading_last = r == 0
                && self
                    .slots
                    .last()
                    .is_some_and(|l| l.iter().any(|x| matches!(x.style, Style::Hei | Style::Kai)));
            // A heading on the last line of the page above the table's top.
            let heading_orphan = heading_last && used == 0 && slot > 0;
            if heading_orphan || used > 0 && used + need > per && need <= per {
                if r > 0 {
                    // Close the table at this page's foot.
                    self.rules.push((
                        slot - 1,
                        Rule {
                            x1: g.left,
                            y1: 1.0,
                            x2: g.left + g.block_w,
                            y2: 1.0,
                            width: 0.75,
                        },
                    ));
                }
                // A heading right above the table moves with it.
                let heading = if heading_last && (used > 1 || heading_orphan) {
                    self.slots.pop()
                } else {
                    None
                };
                while !self.slots.len().is_multiple_of(per) {
                    self.blank();
                }
                if let Some(h) = heading {
                    self.slots.push(h);
                }
                slot = self.slots.len();
            }
            for l in 0..height {
                let mut line_runs = Vec::new();
                let mut text_all = String::new();
                let mut x = g.left;
                for (c, lines) in cell_lines.iter().enumerate() {
                    if let Some(t) = lines.get(l) {
                        line_runs.extend(self.runs(Style::Body, size, gap, x + pad, t));
                        if !text_all.is_empty() {
                            text_all.push(' ');
                        }
                        text_all.push_str(t);
                    }
                    x += cols.get(c).copied().unwrap_or(1) as f32 * unit;
                }
                if line_runs.is_empty() {
                    self.blank();
                } else {
                    self.push_line(Line {
                        y: 0.0,
                        size,
                        spacing: gap,
                        runs: line_runs,
                        text: text_all,
                        style: Style::Body,
                    });
                }
            }
            // Rules: top of the row, and vertical separators.
            let (y_top, y_bottom) = (slot, slot + height);
            self.rules.push((
                y_top,
                Rule {
                    x1: g.left,
                    y1: 0.0,
                    x2: g.left + g.block_w,
                    y2: 0.0,
                    width: 0.75,
                },
            ));
            let mut x = g.left;
            for (c, w) in cols.iter().enumerate() {
                let _ = c;
                self.rules.push((
                    y_top,
                    Rule {
                        x1: x,
                        y1: 0.0,
                        x2: x,
                        y2: (y_bottom - y_top) as f32,
                        width: 0.75,
                    },
                ));
                x += *w as f32 * unit;
            }
            self.rules.push((
                y_top,
                Rule {
                    x1: x,
                    y1: 0.0,
                    x2: x,
                    y2: (y_bottom - y_top) as f32,
                    width: 0.75,
                },
            ));
            slot = y_bottom;
        }
        // The bottom rule: at a page foot it belongs to that page, not to
        // the top of the next.
        let (at, y) = if slot > 0 && slot.is_multiple_of(per) {
            (slot - 1, 1.0)
        } else {
            (slot, 0.0)
        };
        self.rules.push((
            at,
            Rule {
                x1: g.left,
                y1: y,
                x2: g.left + g.block_w,
                y2: y,
                width: 0.75,
            },
        ));
        Ok(())
    }
}

/// …… and —— are one mark written with two characters.
fn is_tied(c: char) -> bool {
    matches!(c, '…' | '—')
}

/// How many character gaps on a line sit inside a ……/—— mark.
fn tied_pairs(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    let mut k = 1;
    while k < chars.len() {
        if chars[k] == chars[k - 1] && is_tied(chars[k]) {
            n += 1;
            k += 2;
        } else {
            k += 1;
        }
    }
    n
}

/// How many blank lines to leave above a 署名/日期 block of `block` lines
/// (2 normally, fewer to keep it on the body's page); when even 0 does not
/// keep it there, the last two body lines are carried to the next page so
/// that the block never stands alone.
fn keep_with_body(c: &mut Composer<'_>, block: usize) -> usize {
    let per = c.g.lines;
    let end = c.slots.len();
    if end == 0 || block == 0 {
        return 2;
    }
    let last_page = (end - 1) / per;
    let fits = |blanks: usize| (end + blanks + block - 1) / per == last_page;
    let on_page = end - last_page * per;
    for blanks in [2, 1] {
        if fits(blanks) && (on_page >= 2 || end < 2) {
            return blanks;
        }
    }
    // Carry the last two body lines (unless they are part of a ruled table,
    // whose lines cannot move without their rules).
    if end >= 2 && !c.rules.iter().any(|(slot, _)| *slot >= end - 2) {
        let at = end - 2;
        let pad = per - at % per;
        if pad < per {
            for _ in 0..pad {
                c.slots.insert(at, Vec::new());
            }
        }
    }
    2
}

/// Break the 抄送 line into lines of at most `width` points (the first line
/// full width, the rest `hang` narrower), never starting a line with closing
/// punctuation.
fn wrap_cc(c: &Composer<'_>, text: &str, size: f32, width: f32, hang: f32) -> Vec<String> {
    const NO_START: &str = "，。、；：！？）》」』”’";
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let avail = if lines.is_empty() {
            width
        } else {
            width - hang
        };
        let mut w = 0.0;
        let mut end = start;
        while end < chars.len() {
            let cw = c.advance(Style::Body, size, chars[end]);
            if w + cw > avail + 0.01 {
                break;
            }
            w += cw;
            end += 1;
        }
        if end < chars.len() {
            // Pull a character down rather than start a line with 、 or 。.
            while end > start + 1 && NO_START.contains(chars[end]) {
                end -= 1;
            }
        }
        let end = end.max(start + 1);
        lines.push(chars[start..end].iter().collect());
        start = end;
    }
    lines
}

/// Lay out a document on A4 pages per GB/T 9704-2012, in the bundled faces.
pub fn layout(doc: &Document) -> Result<Layout, LayoutError> {
    let faces = PdfFaces::bundled().map_err(|e| LayoutError::Font(e.to_string()))?;
    layout_with(doc, faces)
}

/// Lay out a document in `faces` (the office's chosen fonts with the
/// bundled ones behind them).
pub fn layout_with(doc: &Document, faces: &PdfFaces) -> Result<Layout, LayoutError> {
    let m = faces;
    let g = Geometry::A4;
    let mut c = Composer {
        g,
        m,
        slots: Vec::new(),
        rules: Vec::new(),
    };
    if !doc.mark.is_empty() {
        c.paragraph(Style::Hei, &doc.mark, 0)?;
    }
    if !doc.title.is_empty() {
        c.title(&doc.title)?;
        c.blank();
    }
    if !doc.doc_no.is_empty() {
        c.right(Style::Body, &doc.doc_no, 0.0)?;
        c.blank();
    }
    if !doc.recipient.is_empty() {
        c.paragraph(Style::Body, &doc.recipient, 0)?;
    }
    for block in &doc.body {
        if matches!(block, Block::Para(_) | Block::H3(_) | Block::H2(_)) {
            c.keep_heading_with_next();
        }
        match block {
            Block::Para(t) | Block::H3(t) => c.paragraph(Style::Body, t, 2)?,
            Block::H1(t) => c.paragraph(Style::Hei, t, 2)?,
            Block::H2(t) => c.paragraph(Style::Kai, t, 2)?,
            Block::Right(t) => {
                c.right(Style::Body, t, 0.0)?;
            }
            Block::Flush(t) => c.paragraph(Style::Body, t, 0)?,
            Block::Blank => c.blank(),
            Block::Table {
                cols,
                rows,
                min_lines,
            } => c.table(cols, rows, min_lines)?,
        }
    }
    if !doc.attachments.is_empty() {
        c.blank();
        for (i, a) in doc.attachments.iter().enumerate() {
            let text = if doc.attachments.len() == 1 {
                format!("附件：{a}")
            } else if i == 0 {
                format!("附件：{}. {a}", i + 1)
            } else {
                format!("　　　{}. {a}", i + 1)
            };
            c.paragraph(Style::Body, &text, 2)?;
        }
    }
    if !doc.signature.is_empty() || !doc.date.is_empty() {
        // 不加盖印章: 成文日期右空四字，署名以成文日期为准居中 (GB/T 9704 7.3.5.2).
        // The 署名 and 成文日期 never stand alone on a page (7.3.5.1): tighten
        // the space above them, or carry the last two body lines over.
        let block = usize::from(!doc.signature.is_empty()) + usize::from(!doc.date.is_empty());
        let blanks = keep_with_body(&mut c, block);
        for _ in 0..blanks {
            c.blank();
        }
        let sig_slot = c.slots.len();
        if !doc.signature.is_empty() {
            c.blank();
        }
        let centre = if doc.date.is_empty() {
            c.right(Style::Body, &doc.signature, 2.0)?
        } else {
            c.right(Style::Body, &doc.date, 4.0)?
        };
        if !doc.signature.is_empty() && !doc.date.is_empty() {
            // Put the signature in the slot reserved above the date.
            let sig = normalize(&doc.signature);
            c.check(Style::Body, &sig)?;
            let gap = g.cell() - g.body_size;
            let w = c.natural(Style::Body, g.body_size, &sig, gap);
            let runs = c.runs(Style::Body, g.body_size, gap, centre - w / 2.0, &sig);
            c.slots[sig_slot] = vec![Line {
                y: 0.0,
                size: g.body_size,
                spacing: gap,
                runs,
                text: sig,
                style: Style::Body,
            }];
        }
    }

    // Paginate: 22 slots per page; the 版记 takes the last slots of the last page.
    let per_page = g.lines;
    let mut pages: Vec<Page> = Vec::new();
    let size = g.small_size;
    let cc_lines: Vec<String> = match &doc.colophon {
        Some(col) if !col.cc.trim().is_empty() => {
            let text = normalize(&format!("抄送：{}。", col.cc.trim().trim_end_matches('。')));
            c.check(Style::Body, &text)?;
            // Within the 版心 less one character each side; continuation
            // lines align with the first character after 抄送： (7.4.2).
            let width = g.block_w - 2.0 * size;
            let hang = c.natural(Style::Body, size, "抄送：", 0.0);
            wrap_cc(&c, &text, size, width, hang)
        }
        _ => Vec::new(),
    };
    let colophon_slots = doc
        .colophon
        .as_ref()
        .map(|_| 1 + cc_lines.len())
        .unwrap_or(0);
    let mut total = c.slots.len();
    if colophon_slots > 0 {
        let used_last = total % per_page;
        if used_last == 0 && total > 0 || used_last + colophon_slots + 1 > per_page {
            // Not enough room: the colophon goes to the foot of a new page.
            total = total.div_ceil(per_page) * per_page;
        }
    }
    let mut n_pages = (total + colophon_slots).div_ceil(per_page).max(1);
    if colophon_slots > 0 && n_pages % 2 == 1 {
        // The 版记 sits on the last, even-numbered page (7.4).
        n_pages += 1;
    }
    for _ in 0..n_pages {
        pages.push(Page::default());
    }
    for (i, lines) in c.slots.into_iter().enumerate() {
        let (p, s) = (i / per_page, i % per_page);
        for mut line in lines {
            line.y = g.baseline(s);
            pages[p].lines.push(line);
        }
    }
    for (slot, mut rule) in c.rules {
        let (p, s) = (slot / per_page, slot % per_page);
        let y0 = g.top + s as f32 * g.pitch();
        rule.y1 = y0 + rule.y1 * g.pitch();
        rule.y2 = y0 + rule.y2 * g.pitch();
        if let Some(page) = pages.get_mut(p.min(n_pages - 1)) {
            page.rules.push(rule);
        }
    }
    if let Some(col) = &doc.colophon {
        let last = pages.len() - 1;
        let first_slot = per_page - colophon_slots;
        let mc = Composer {
            g,
            m,
            slots: Vec::new(),
            rules: Vec::new(),
        };
        let gap = 0.0;
        let mut lines = Vec::new();
        let hang = mc.natural(Style::Body, size, "抄送：", 0.0);
        for (k, text) in cc_lines.iter().enumerate() {
            let x0 = g.left + size + if k == 0 { 0.0 } else { hang };
            let runs = mc.runs(Style::Body, size, gap, x0, text);
            lines.push(Line {
                y: 0.0,
                size,
                spacing: gap,
                runs,
                text: text.clone(),
                style: Style::Body,
            });
        }
        let printer = normalize(&col.printer);
        let date = normalize(&format!("{}印发", col.date));
        mc.check(Style::Body, &printer)?;
        mc.check(Style::Body, &date)?;
        let w = mc.natural(Style::Body, size, &date, gap);
        let mut runs = mc.runs(Style::Body, size, gap, g.left + size, &printer);
        runs.extend(mc.runs(Style::Body, size, gap, g.left + g.block_w - size - w, &date));
        lines.push(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text: format!("{printer} {date}"),
            style: Style::Body,
        });
        let page = &mut pages[last];
        for (k, mut line) in lines.into_iter().enumerate() {
            line.y = g.baseline(first_slot + k);
            page.lines.push(line);
        }
        // Separator lines: thick above and below, thin between.
        let y = |s: usize| g.top + s as f32 * g.pitch();
        page.rules.push(Rule {
            x1: g.left,
            y1: y(first_slot),
            x2: g.left + g.block_w,
            y2: y(first_slot),
            width: 1.0,
        });
        if colophon_slots >= 2 {
            page.rules.push(Rule {
                x1: g.left,
                y1: y(first_slot + cc_lines.len()),
                x2: g.left + g.block_w,
                y2: y(first_slot + cc_lines.len()),
                width: 0.7,
            });
        }
        page.rules.push(Rule {
            x1: g.left,
            y1: y(per_page),
            x2: g.left + g.block_w,
            y2: y(per_page),
            width: 1.0,
        });
    }

    // Page numbers "— N —": 4号, 7 mm below the text block; odd pages right,
    // even pages left, one character in.
    let mut nc = Composer {
        g,
        m,
        slots: Vec::new(),
        rules: Vec::new(),
    };
    // 版记页前有空白页的，空白页和版记页均不编排页码 (GB/T 9704 7.5).
    let count = pages.len();
    let blank_before_colophon = doc.colophon.is_some()
        && count >= 2
        && pages[count - 2].lines.is_empty()
        && pages[count - 2].rules.is_empty();
    for (i, page) in pages.iter_mut().enumerate() {
        let n = i + 1;
        if blank_before_colophon && n >= count - 1 {
            continue;
        }
        let text = format!("— {n} —");
        let size = g.small_size;
        let w = nc.natural(Style::Song, size, &text, 0.0);
        let x0 = if n % 2 == 1 {
            g.left + g.block_w - size - w
        } else {
            g.left + size
        };
        let runs = nc.runs(Style::Song, size, 0.0, x0, &text);
        page.lines.push(Line {
            y: g.top + g.block_h + 7.0 * PT_PER_MM + size * 0.8,
            size,
            spacing: 0.0,
            runs,
            text,
            style: Style::Song,
        });
    }
    nc.slots.clear();

    Ok(Layout {
        geometry: g,
        pages,
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
    })
}
