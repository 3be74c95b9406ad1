//! Errors are shown once, in Chinese, where the clerk looks — never taken
//! for "nothing there". A table is renamed away under the running app (a
//! real SQLite failure on a real register) and renamed back afterwards.

use crate::kit::signed_in;
use egui_kittest::kittest::Queryable;
use wenze::app::{Command, Route, WenzeApp};
use wenze::domain::ids::CaseId;
use wenze::storage::Storage;

fn demo(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    let mut s = Storage::open(&path).expect("opens");
    wenze::storage::demo::generate(&mut s, n, 7).expect("demo");
    (dir, path)
}

fn rename(path: &std::path::Path, from: &str, to: &str) {
    let conn = rusqlite::Connection::open(path).expect("raw");
    conn.execute_batch(&format!("ALTER TABLE {from} RENAME TO {to}"))
        .expect("rename");
}

/// Every stored setting, as `key=value` lines.
fn settings(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("raw");
    conn.query_row(
        "SELECT group_concat(key || '=' || value, char(10)) FROM (SELECT * FROM settings ORDER BY key)",
        [],
        |r| r.get(0),
    )
    .expect("settings")
}

#[test]
fn unreadable_settings_are_said_and_never_saved_over_with_blanks() {
    let (_dir, path) = demo(5);
    let mut h = signed_in(WenzeApp::open(&path));
    h.state_mut().apply(Command::Navigate(Route::Settings));
    h.run();
    assert!(h.state().settings_state().unread.is_none());
    let before = settings(&path);
    rename(&path, "settings", "settings_away");
    h.state_mut().apply(Command::Navigate(Route::Settings));
    h.run();
    let f = h.state().settings_state();
    assert!(f.unread.is_some(), "{}", f.message);
    assert!(f.message.contains("设置未能读取"), "{}", f.message);
    // The clerk sees the reason on the settings screen.
    h.get_by_label_contains("设置未能读取");
    rename(&path, "settings_away", "settings");
    // Saving the blank form is refused: the stored settings stay.
    h.state_mut().apply(Command::SaveSettings);
    h.run();
    assert!(
        h.state().settings_state().message.contains("暂不能保存"),
        "{}",
        h.state().settings_state().message
    );
    drop(h);
    assert_eq!(settings(&path), before);
}

#[test]
fn a_case_file_whose_remedies_cannot_be_read_says_so() {
    let (_dir, path) = demo(5);
    let mut h = signed_in(WenzeApp::open(&path));
    rename(&path, "remedies", "remedies_away");
    // A 复查/申诉 decides what counts (a revoked decision no longer does):
    // without them the case file is not shown as if there were none; it is
    // refused and the reason said.
    h.state_mut().apply(Command::OpenCase(CaseId::new(1)));
    h.run();
    assert_eq!(h.state().route(), Route::Register);
    let status = h.state().status().to_owned();
    assert!(
        status.contains("remedies") || status.contains("登记簿"),
        "{status}"
    );
    rename(&path, "remedies_away", "remedies");
    h.state_mut().apply(Command::OpenCase(CaseId::new(1)));
    h.run();
    assert_eq!(h.state().route(), Route::Case(CaseId::new(1)));
    let msg = h.state_mut().case_actions_mut().message.clone();
    assert!(!msg.contains("未能读取"), "{msg}");
}

#[test]
fn printing_refusals_and_font_errors_keep_their_chinese_text() {
    let e = wenze::app::print::print_pdf(b"%PDF-1.4", "t", None, 0).expect_err("0 copies");
    assert_eq!(e.to_string(), "份数须在 1 到 99 之间");
    let dir = tempfile::tempdir().expect("tmp");
    let dir_as_font = wenze::fonts::load_office_face(dir.path()).expect_err("a folder");
    assert!(
        dir_as_font.to_string().ends_with("不是文件"),
        "{dir_as_font}"
    );
    let e: wenze::app::error::AppError = dir_as_font.into();
    assert!(e.to_string().starts_with("字体文件 "), "{e}");
}

#[test]
fn a_statistics_report_without_its_audit_anchor_is_not_written() {
    let (dir, path) = demo(20);
    let mut h = signed_in(WenzeApp::open(&path));
    h.get_by_label("统计分析").click();
    crate::kit::settle(&mut h);
    assert!(h.state().statistics().view.is_some());
    // The report carries the audit chain's head; it cannot be read now.
    rename(&path, "audit_log", "audit_log_away");
    let out = dir.path().join("report.pdf");
    h.state_mut().export_statistics_to(out.clone());
    let msg = h.state().statistics().message.clone();
    assert!(msg.starts_with("统计分析报告未导出"), "{msg}");
    assert!(!out.exists());
    rename(&path, "audit_log_away", "audit_log");
    h.state_mut().export_statistics_to(out.clone());
    let msg = h.state().statistics().message.clone();
    assert!(msg.starts_with("已导出"), "{msg}");
    assert!(out.exists());
}
