//! The real UI, driven headless with egui_kittest (which also fails on any
//! character no installed font can draw).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::{Route, WenzeApp};
use wenze::storage::Storage;

/// Type into the sign-in field labelled `label` (text or password).
fn fill(h: &mut Harness<'static, WenzeApp>, label: &str, text: &str) {
    let role = if label.contains("密码") {
        egui::accesskit::Role::PasswordInput
    } else {
        egui::accesskit::Role::TextInput
    };
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Sign in through the real screen: on a new register the first run creates
/// the administrator; otherwise log in as that administrator.
fn sign_in(h: &mut Harness<'static, WenzeApp>) {
    h.run();
    if h.state().is_locked() && h.query_by_label("首次使用：创建管理员").is_some() {
        for (label, text) in [
            ("用户名", "admin"),
            ("姓名", "管理员甲"),
            ("密码", "wenze2026"),
            ("确认密码", "wenze2026"),
        ] {
            fill(h, label, text);
        }
        h.get_by_label("创建管理员并登录").click();
        h.run();
    } else if h.state().is_locked()
        && h.query_by_role_and_label(egui::accesskit::Role::Button, "登录")
            .is_some()
    {
        for (label, text) in [("用户名", "admin"), ("密码", "wenze2026")] {
            fill(h, label, text);
        }
        h.get_by_role_and_label(egui::accesskit::Role::Button, "登录")
            .click();
        h.run();
    }
    assert!(!h.state().is_locked(), "{:?}", h.state().user());
}

fn harness(app: WenzeApp) -> Harness<'static, WenzeApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(wenze::ui::install_fonts)
        .build_ui_state(|ui, app: &mut WenzeApp| wenze::ui::show(app, ui), app)
}

/// A harness already signed in as the administrator.
fn signed_in(app: WenzeApp) -> Harness<'static, WenzeApp> {
    let mut h = harness(app);
    sign_in(&mut h);
    h
}

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
    h.run();
    let all = h.state().register_rows().len();
    assert_eq!(all, 300);
    let target = h.state().register_rows()[5].case_no.clone();
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&target);
    h.run();
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
