//! What can go wrong above storage, each kind once, with its Chinese
//! message. Storage's own errors pass through unchanged; PDF, file and
//! printing errors keep their own kind instead of posing as bad input.

use std::path::PathBuf;

use crate::export::ExportError;
use crate::export::documents::{self, DocDetails, DocKind};
use crate::fonts::{FaceError, OfficeFontError};
use crate::interchange::sheet::SheetError;
use crate::rules::engine::AssessError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The register (its messages are already for the clerk).
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The request was refused: bad input, a document that may not print
    /// yet, a missing setting. The message says why.
    #[error("{0}")]
    Refused(String),
    /// The rules engine could not assess the case.
    #[error("{0}")]
    Assess(#[from] AssessError),
    /// Laying out or writing the PDF failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// No register is open (the screen was reached without one).
    #[error("数据库未打开")]
    NoRegister,
    /// The document may not be produced (its stage or outcome does not fit,
    /// a required part is missing): `export::documents` says why.
    #[error("{0}")]
    Document(String),
    /// The bundled document templates could not be read (a build defect).
    #[error("公文模板无法读取：{0}")]
    Template(String),
    /// A bundled or office font could not be used.
    #[error(transparent)]
    Face(#[from] FaceError),
    /// The office's chosen 公文 font file could not be used.
    #[error(transparent)]
    OfficeFont(#[from] OfficeFontError),
    /// A saved draft could not be read back as a form.
    #[error("草稿无法读取：{}", crate::zh::json(.0))]
    Draft(serde_json::Error),
    /// A spreadsheet could not be read.
    #[error(transparent)]
    Sheet(#[from] SheetError),
    /// A file or folder could not be created or read (not a register write).
    #[error("无法{what}：{}", crate::zh::io(source))]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("无法写入 {}：{}。请检查磁盘空间和写入权限。", path.display(), crate::zh::io(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Printing failed (no printer, the print command refused).
    #[error("{0}")]
    Print(String),
    /// A background thread ended without answering.
    #[error("{0}意外结束")]
    Ended(&'static str),
    /// A background thread could not be started.
    #[error("无法启动{what}：{}", crate::zh::io(source))]
    Thread {
        what: &'static str,
        source: std::io::Error,
    },
}

impl AppError {
    pub(crate) fn refused(message: impl Into<String>) -> Self {
        AppError::Refused(message.into())
    }

    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        AppError::Io {
            what: what.into(),
            source,
        }
    }

    pub(crate) fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        AppError::Write {
            path: path.to_owned(),
            source,
        }
    }
}

pub(crate) type AppResult<T> = Result<T, AppError>;

/// The bundled templates, read once per document.
pub(crate) fn templates() -> AppResult<std::collections::BTreeMap<String, documents::Template>> {
    documents::templates(documents::TEMPLATES).map_err(AppError::Template)
}

/// `kind` for the first respondent of `assessment`, refused (with the
/// check's Chinese reason) when the case's stage or outcome does not fit.
pub(crate) fn build_document(
    kind: DocKind,
    details: &DocDetails,
    assessment: &crate::rules::Assessment,
    case_no: &str,
    regulations: &crate::rules::RegulationSet,
    calendar: &crate::rules::Calendar,
) -> AppResult<crate::export::Document> {
    let templates = templates()?;
    documents::build(
        kind,
        details,
        assessment,
        case_no,
        regulations,
        calendar,
        &templates,
    )
    .map_err(AppError::Document)
}

impl From<crate::export::LayoutError> for AppError {
    fn from(e: crate::export::LayoutError) -> Self {
        AppError::Export(e.into())
    }
}
