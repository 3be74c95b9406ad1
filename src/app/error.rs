//! What can go wrong above storage, each kind once, with its Chinese
//! message. Storage's own errors pass through unchanged; PDF, file and
//! printing errors keep their own kind instead of posing as bad input.

use std::path::PathBuf;

use crate::export::ExportError;
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
    /// A file could not be written.
    #[error("无法写入 {}：{source}。请检查磁盘空间和写入权限。", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Printing failed (no printer, the print command refused).
    #[error("{0}")]
    Print(String),
    /// A background thread could not be started.
    #[error("无法启动{what}：{source}")]
    Thread {
        what: &'static str,
        source: std::io::Error,
    },
}

impl AppError {
    pub fn refused(message: impl Into<String>) -> Self {
        AppError::Refused(message.into())
    }

    pub fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        AppError::Write {
            path: path.to_owned(),
            source,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
