//! Wenze's integration tests: one binary (one link of the embedded fonts),
//! one module per area. They use the real things — SQLite files in temporary
//! directories, the real `wenze` binary, real PDFs read back with poppler, and
//! the real UI driven headless by egui_kittest.
//!
//! Heavy variants (the full kill harness, large fixtures) are `#[ignore]`d
//! and run with `cargo test -- --ignored`; CI runs both.
#![allow(dead_code)]

mod common;
mod kit;

mod archive;
mod casefile;
mod chinese;
mod cli;
mod damage;
mod dates;
mod documents;
mod errors;
mod export;
mod fonts;
mod hardening;
mod interchange;
mod last_mile;
mod last_mile_window;
mod laundering;
mod law;
mod ofd;
mod office_fonts;
mod precedents;
mod printing;
mod procedure;
mod records;
mod regulations;
mod remedies;
mod respondents;
mod safety;
mod scenarios;
mod screens;
mod signatures;
mod speed;
mod stage;
mod storage;
mod types;
mod ui;
mod walks;
mod wizard;
