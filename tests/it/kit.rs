//! Helpers for the UI tests: a harness over the real app, signed in
//! through the real sign-in screen.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::WenzeApp;

/// Type into the sign-in field labelled `label` (text or password).
pub fn fill(h: &mut Harness<'static, WenzeApp>, label: &str, text: &str) {
    let role = if label.contains("密码") {
        egui::accesskit::Role::PasswordInput
    } else {
        egui::accesskit::Role::TextInput
    };
    // The form may still be in its first (sizing) pass: give it a few frames.
    for _ in 0..20 {
        if h.query_by_role_and_label(role, label).is_some() {
            break;
        }
        h.step();
    }
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Sign in through the real screen: on a new register the first run creates
/// the administrator; otherwise log in as that administrator.
pub fn sign_in(h: &mut Harness<'static, WenzeApp>) {
    h.run();
    if h.state().is_locked() && h.query_by_label("首次使用：创建管理员").is_some() {
        for (label, text) in [
            ("机关名称", "生态环境局"),
            ("文号代字", "环问"),
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

pub fn harness(app: WenzeApp) -> Harness<'static, WenzeApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(0.2)
        // While the query thread works the UI asks for a repaint every
        // 100 ms (besides the thread's own wake-up): allow a few more steps.
        .with_max_steps(24)
        .with_context_setup(wenze::ui::install_fonts)
        // As eframe runs a frame: `App::logic`, then the UI pass.
        .build_ui_state(
            |ui, app: &mut WenzeApp| {
                wenze::ui::logic(app, ui.ctx());
                wenze::ui::show(app, ui)
            },
            app,
        )
}

/// A harness already signed in as the administrator.
pub fn signed_in(app: WenzeApp) -> Harness<'static, WenzeApp> {
    let mut h = harness(app);
    sign_in(&mut h);
    h
}

/// Let the query thread answer: step frames until nothing is pending.
pub fn settle(h: &mut Harness<'static, WenzeApp>) {
    for _ in 0..500 {
        h.step();
        if !h.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!h.state().is_busy(), "queries did not finish");
    h.step();
    h.step();
}
