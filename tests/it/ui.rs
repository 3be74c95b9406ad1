//! The real UI, driven headless with egui_kittest (which also fails on any
//! character no installed font can draw).

use crate::kit::{fill, harness, settle, sign_in, signed_in};
use egui_kittest::kittest::Queryable;
use wenze::app::{Route, WenzeApp};
use wenze::storage::Storage;

#[test]
fn empty_register_shows_chinese_ui_and_new_case_button() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = WenzeApp::open(&dir.path().join("w.db"));
    let mut h = signed_in(app);
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
fn typing_a_search_narrows_the_register() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    {
        let mut s = Storage::open(&path).expect("opens");
        wenze::storage::demo::generate(&mut s, 300, 11).expect("demo");
    }
    let mut h = signed_in(WenzeApp::open(&path));
    settle(&mut h);
    assert_eq!(h.state().register_total(), 300);
    let target = h.state().register_rows()[5].case_no.clone();
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&target);
    settle(&mut h);
    let rows = h.state().register_rows();
    assert_eq!(rows.len(), 1, "{target}");
    assert_eq!(rows[0].case_no, target);
    h.get_by_label(&target);
    h.get_by_label("找到 1 件");
}

#[test]
fn an_unopenable_register_offers_its_backups_and_restores_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    {
        let mut app = WenzeApp::open(&path);
        assert!(app.wait_idle(std::time::Duration::from_secs(10)));
        assert!(app.register_rows().is_empty());
        // Closing the window leaves a rotating backup beside the register.
        app.on_close();
    }
    let backups = wenze::app::list_backups(&wenze::app::backup_dir(&path));
    assert_eq!(backups.len(), 1);
    // The register is damaged.
    std::fs::write(&path, b"not a database at all, just some bytes ........................................................").expect("write");
    for side in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(path.with_extension(side));
    }
    let mut h = harness(WenzeApp::open(&path));
    h.run();
    h.get_by_label("无法打开数据库");
    h.get_by_label("恢复此备份").click();
    h.run();
    assert!(h.state().route() == Route::Register);
    // The restored register asks who is there before showing anything.
    sign_in(&mut h);
    h.get_by_label("新建案件");
    assert!(Storage::open(&path).is_ok());
}

#[test]
fn the_window_locks_when_idle_and_unlocks_with_the_password_keeping_the_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    {
        let mut s = Storage::open(&path).expect("opens");
        s.set_setting("idle_lock_seconds", "1").expect("setting");
    }
    let mut h = signed_in(WenzeApp::open(&path));
    h.get_by_label("新建案件").click();
    h.run();
    assert_eq!(h.state().route(), Route::NewCase);
    // Nothing happens for a while.
    for _ in 0..8 {
        h.step();
    }
    h.run();
    assert!(h.state().is_locked());
    h.get_by_label("已锁定");
    fill(&mut h, "密码", "wrong-pass1");
    h.get_by_label("解锁").click();
    h.run();
    h.get_by_label("用户名或密码不正确");
    fill(&mut h, "密码", "wenze2026");
    h.get_by_label("解锁").click();
    h.run();
    assert!(!h.state().is_locked());
    assert_eq!(h.state().route(), Route::NewCase, "the work is still open");
    assert!(h.state().wizard().is_some());
}

/// The window asks egui for textures at most 2,048 wide: the glyph atlas is
/// then 2,048 wide instead of the driver's 16,384 (Mesa), and grows in
/// smaller steps (docs/benchmarks.md, "GUI memory").
#[test]
fn the_glyph_atlas_is_at_most_2048_wide_whatever_the_driver_allows() {
    use eframe::App as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = WenzeApp::open(&dir.path().join("w.db"));
    let ctx = egui::Context::default();
    wenze::ui::install_fonts(&ctx);
    for (driver, asked) in [(Some(16_384), 2048), (Some(1024), 1024), (None, 2048)] {
        let mut raw = egui::RawInput {
            max_texture_side: driver,
            ..Default::default()
        };
        app.raw_input_hook(&ctx, &mut raw);
        assert_eq!(
            raw.max_texture_side,
            Some(asked),
            "driver allows {driver:?}"
        );
    }
    let mut raw = egui::RawInput {
        max_texture_side: Some(16_384),
        ..Default::default()
    };
    app.raw_input_hook(&ctx, &mut raw);
    let mut frame = ctx.run_ui(raw, |ui| {
        ui.label("问责案件管理：线索登记、调查核实、陈述申辩");
    });
    assert_eq!(ctx.fonts(|f| f.font_image_size())[0], 2048);
    // What the painter is asked to upload: the atlas, 2,048 wide.
    let uploads: Vec<[usize; 2]> = frame
        .textures_delta
        .set
        .values()
        .flat_map(|deltas| deltas.iter().map(|delta| delta.image.size()))
        .collect();
    assert!(
        !uploads.is_empty() && uploads.iter().all(|size| size[0] <= 2048),
        "{uploads:?}"
    );
    frame.textures_delta.clear();
}
