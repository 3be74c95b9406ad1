//! The layout model's types: the page geometry, the document to lay out
//! (blocks, 版记) and the laid-out result (pages of lines, runs and rules).

use crate::fonts::{Chain, Face, PdfFaces};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// GB/T 9704-2012 page geometry, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub(crate) page_w: f32,
    pub(crate) page_h: f32,
    /// 天头
    pub top: f32,
    /// 订口
    pub left: f32,
    pub block_w: f32,
    pub block_h: f32,
    pub(crate) lines: usize,
    pub(crate) chars: usize,
    /// 3号
    pub body_size: f32,
    /// 2号
    pub(crate) title_size: f32,
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
    pub(crate) fn pitch(&self) -> f32 {
        self.block_h / self.lines as f32
    }
    /// Baseline of grid line `i` (0-based) of a page.
    pub(crate) fn baseline(&self, i: usize) -> f32 {
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
    pub(super) fn chain(self, faces: &PdfFaces) -> &Chain {
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
    pub(crate) x1: f32,
    pub(crate) y1: f32,
    pub(crate) x2: f32,
    pub(crate) y2: f32,
    pub(crate) width: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub lines: Vec<Line>,
    pub(crate) rules: Vec<Rule>,
}

impl Page {
    /// How many rules (separators, table lines) the page draws.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub geometry: Geometry,
    pub pages: Vec<Page>,
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
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
