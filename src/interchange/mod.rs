//! Spreadsheets in and out: an office's existing 台账 (Excel/WPS `.xlsx`,
//! `.xls`, `.ods`, `.csv`) read as historical decisions, and the register and
//! 统计分析 tables written as `.xlsx`.
//!
//! - [`sheet`] reads a file into a grid of cells (IO: calamine, csv).
//! - [`ledger`] is pure: recognises the Chinese headers, maps columns to
//!   fields, validates every row with a Chinese message naming the row.
//! - [`xlsx`] writes tables (rust_xlsxwriter).
//!
//! The rows that pass are written by `Storage::import_history` in one audited
//! transaction; re-importing the same rows adds nothing.

pub(crate) mod ledger;
pub(crate) mod sheet;
pub(crate) mod xlsx;
