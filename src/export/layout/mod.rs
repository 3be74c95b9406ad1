//! The layout model: a [`Document`] laid out on GB/T 9704-2012 pages. The
//! same [`Layout`] feeds the PDF writer and the in-app preview, so both show
//! the same lines and page breaks. No printpdf here.
//!
//! - `model`: the types (geometry, document, blocks, laid-out pages);
//! - `composer`: lines placed on grid slots in runs of one face;
//! - `paragraph`: paragraphs, flush-right and centred lines, the title;
//! - `table`: ruled tables;
//! - `signature`: 署名 and 成文日期; `colophon`: the 版记;
//! - `page`: pagination and page numbers.

use unicode_normalization::UnicodeNormalization;

use super::linebreak;
use crate::fonts::PdfFaces;

mod colophon;
mod composer;
mod model;
mod page;
mod paragraph;
mod signature;
mod table;

use composer::Composer;
pub use model::{
    Block, Colophon, Document, Geometry, Layout, LayoutError, Line, PT_PER_MM, Page, Rule, Run,
    Style,
};

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

/// Lay out a document on A4 pages per GB/T 9704-2012, in the bundled faces.
pub fn layout(doc: &Document) -> Result<Layout, LayoutError> {
    let faces = PdfFaces::bundled().map_err(|e| LayoutError::Font(e.to_string()))?;
    layout_with(doc, faces)
}

/// Lay out a document in `faces` (the office's chosen fonts with the
/// bundled ones behind them).
pub fn layout_with(doc: &Document, faces: &PdfFaces) -> Result<Layout, LayoutError> {
    let g = Geometry::A4;
    let mut c = Composer::new(g, faces);
    compose(&mut c, doc)?;
    signature::place(&mut c, doc)?;
    let cc_lines = colophon::cc_lines(&c, doc)?;
    let colophon_slots = doc
        .colophon
        .as_ref()
        .map(|_| 1 + cc_lines.len())
        .unwrap_or(0);
    let mut pages = page::paginate(c, colophon_slots);
    if let Some(col) = &doc.colophon {
        colophon::place(&mut pages, g, faces, col, &cc_lines, colophon_slots)?;
    }
    page::number(&mut pages, g, faces, doc.colophon.is_some());
    Ok(Layout {
        geometry: g,
        pages,
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
    })
}

/// The document's text on grid slots, from the mark and title down to the
/// 附件说明.
fn compose(c: &mut Composer<'_>, doc: &Document) -> Result<(), LayoutError> {
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
    Ok(())
}
