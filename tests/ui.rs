//! The real UI, driven headless with egui_kittest (which also fails on any
//! character no installed font can draw).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::{Route, WenzeApp};
use wenze::storage::Storage;

fn harness(app: WenzeApp) -> Harness<'static, WenzeApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(wenze::ui::install_fonts)
        .build_ui_state(|ui, app: &mut WenzeApp| wenze::ui::show(app, ui), app)
}

#[test]
fn empty_register_shows_chinese_ui_and_new_case_button() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = WenzeApp::new(Storage::open(&dir.path().join("w.db")));
    let mut h = harness(app);
    h.run();
    h.get_by_label("问责案件管理");
    h.get_by_label("案号");
    h.get_by_label("暂无案件。点击“新建案件”登记第一条问责线索。");
    h.get_by_label("新建案件").click();
    h.run();
    assert_eq!(h.state().route(), Route::NewCase);
    h.get_by_label("返回台账").click();
    h.run();
    assert_eq!(h.state().route(), Route::Register);
}

#[test]
fn unopenable_database_shows_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.db");
    std::fs::write(&path, b"not a database at all, just some bytes ........................................................").expect("write");
    let app = WenzeApp::new(Storage::open(&path));
    let mut h = harness(app);
    h.run();
    h.get_by_label("无法打开数据库");
}
