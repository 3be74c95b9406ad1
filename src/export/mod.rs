//! Chinese PDF notices laid out per GB/T 9704-2012.
//!
//! - `layout`: the layout model (document → pages of placed lines), shared
//!   with the in-app preview;
//! - `linebreak`: GB/T 15834 line breaking on the grid;
//! - `pdf`: the printpdf writer (the only printpdf user in the crate);
//! - `documents`: the procedure's documents, worded from `assets/templates/`.

pub mod documents;
pub mod layout;
pub(crate) mod linebreak;
pub(crate) mod pdf;
pub mod statistics;

pub use layout::{Block, Colophon, Document, Layout, LayoutError, layout, layout_with};

/// Why a PDF could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("{0}")]
    Data(String),
}

/// Lay out and write a document in the bundled faces; `created_unix` is
/// the PDF creation date (UTC).
pub fn render(doc: &Document, created_unix: i64) -> Result<Vec<u8>, ExportError> {
    let layout = layout(doc)?;
    pdf::write(&layout, &pdf::PdfOptions { created_unix }).map_err(ExportError::Pdf)
}

/// Like [`render`], in `faces` (the office's fonts, see
/// [`crate::fonts::PdfFaces::load`]).
pub fn render_with(
    doc: &Document,
    created_unix: i64,
    faces: &crate::fonts::PdfFaces,
) -> Result<Vec<u8>, ExportError> {
    let layout = layout_with(doc, faces)?;
    pdf::write(&layout, &pdf::PdfOptions { created_unix }).map_err(ExportError::Pdf)
}
