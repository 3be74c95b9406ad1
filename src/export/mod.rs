//! Chinese PDF notices laid out per GB/T 9704-2012.
//!
//! - `layout`: the layout model (document → pages of placed lines), shared
//!   with the in-app preview;
//! - `linebreak`: GB/T 15834 line breaking on the grid;
//! - `pdf`: the printpdf writer (the only printpdf user in the crate);
//! - `ofd`: the OFD (GB/T 33190-2016) writer, from the same layout;
//! - `documents`: the procedure's documents, worded from `assets/templates/`.

pub mod documents;
pub mod layout;
pub(crate) mod linebreak;
pub(crate) mod ofd;
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
    #[error("生成 OFD 失败：{0}")]
    Ofd(String),
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

/// The file format a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocFormat {
    /// PDF (printpdf).
    #[default]
    Pdf,
    /// OFD, GB/T 33190-2016 (`DocType="OFD"`).
    Ofd,
    /// OFD for archives (`DocType="OFD-A"`, GB/T 42133): one document,
    /// every font embedded, nothing outside the package.
    OfdA,
}

impl DocFormat {
    /// Parse `pdf`, `ofd` or `ofd-a` (any case).
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Self::Pdf),
            "ofd" => Ok(Self::Ofd),
            "ofd-a" | "ofda" => Ok(Self::OfdA),
            _ => Err(format!("文件格式“{s}”无效，可选：“pdf”、“ofd”、“ofd-a”")),
        }
    }

    /// The format an output path asks for by its extension: `.ofd` is OFD,
    /// anything else PDF.
    pub fn from_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("ofd") => Self::Ofd,
            _ => Self::Pdf,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Ofd | Self::OfdA => "ofd",
        }
    }

    /// The name the clerk sees (e.g. in 保存 OFD…).
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Ofd | Self::OfdA => "OFD",
        }
    }
}

/// Write a laid-out document in `format`; `created_unix` is the creation
/// date (UTC).
pub fn write_as(
    layout: &Layout,
    created_unix: i64,
    format: DocFormat,
) -> Result<Vec<u8>, ExportError> {
    match format {
        DocFormat::Pdf => {
            pdf::write(layout, &pdf::PdfOptions { created_unix }).map_err(ExportError::Pdf)
        }
        DocFormat::Ofd | DocFormat::OfdA => ofd::write(
            layout,
            &ofd::OfdOptions {
                created_unix,
                archival: format == DocFormat::OfdA,
            },
        )
        .map_err(ExportError::Ofd),
    }
}

/// What an issue stores: the PDF and the OFD-A, written from one layout
/// with the same creation date (UTC).
pub fn render_issued(
    doc: &Document,
    created_unix: i64,
    faces: &crate::fonts::PdfFaces,
) -> Result<(Vec<u8>, Vec<u8>), ExportError> {
    let layout = layout_with(doc, faces)?;
    let pdf = write_as(&layout, created_unix, DocFormat::Pdf)?;
    let ofd = write_as(&layout, created_unix, DocFormat::OfdA)?;
    Ok((pdf, ofd))
}

/// How many pages a PDF this program wrote has.
pub fn pdf_pages(pdf: &[u8]) -> Option<usize> {
    pdf::page_count(pdf)
}

/// Like [`render_with`], in `format`.
pub fn render_as(
    doc: &Document,
    created_unix: i64,
    faces: &crate::fonts::PdfFaces,
    format: DocFormat,
) -> Result<Vec<u8>, ExportError> {
    let layout = layout_with(doc, faces)?;
    write_as(&layout, created_unix, format)
}
