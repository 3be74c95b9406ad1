//! Wenze (问责) — offline register, rules engine and GB/T 9704 notices for
//! accountability cases. See ARCHITECTURE.md for the map of this crate.

pub mod app;
pub mod bench;
pub mod cli;
pub mod domain;
pub mod export;
pub mod fonts;
pub mod interchange;
pub mod platform;
pub mod rules;
pub mod storage;
pub mod ui;
pub mod zh;

/// The main window's title.
pub const APP_TITLE: &str = "问责案件管理";
