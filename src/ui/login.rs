//! Sign-in, first-run administrator, and the idle lock screen.

use crate::app::{Access, Command, Shared};

fn row(ui: &mut egui::Ui, label: &str, value: &mut String, password: bool) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([90.0, 20.0], egui::Label::new(label));
        ui.add(
            egui::TextEdit::singleline(value)
                .password(password)
                .desired_width(220.0),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// The first field gets the focus when nothing has it (a fresh screen); a
/// failed sign-in puts it back on the password.
fn focus(
    ui: &egui::Ui,
    first: &egui::Response,
    password: Option<&egui::Response>,
    again: &mut bool,
) {
    if *again && let Some(p) = password {
        p.request_focus();
        *again = false;
    } else if ui.memory(|m| m.focused().is_none()) {
        first.request_focus();
    }
}

pub(super) fn show(
    shared: &Shared,
    access: &mut Access,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(420.0);
        let f = &mut access.login;
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if access.needs_admin {
            ui.heading("首次使用：创建管理员");
            ui.label("管理员负责用户、设置和恢复备份。密码只保存其不可逆的摘要。");
            ui.add_space(12.0);
            ui.label("本机关（公文的署名、印发机关和文号代字，以后可在“设置”中修改）：");
            let first = row(ui, "机关名称", &mut f.office_name, false);
            row(ui, "文号代字", &mut f.office_code, false);
            ui.add_space(6.0);
            row(ui, "用户名", &mut f.username, false);
            row(ui, "姓名", &mut f.display_name, false);
            row(ui, "密码", &mut f.password, true);
            row(ui, "确认密码", &mut f.confirm, true);
            focus(ui, &first, None, &mut f.focus_password);
            ui.add_space(8.0);
            if ui.button("创建管理员并登录").clicked() || enter {
                commands.push(Command::CreateAdmin);
            }
        } else if let (Some(user), true) = (&shared.user, access.locked) {
            ui.heading("已锁定");
            ui.label(format!(
                "{}（{}）长时间未操作，窗口已锁定；正在进行的工作已保存。",
                user.display_name, user.role
            ));
            ui.add_space(12.0);
            let p = row(ui, "密码", &mut f.password, true);
            focus(ui, &p, Some(&p), &mut f.focus_password);
            if ui.button("解锁").clicked() || enter {
                commands.push(Command::Login);
            }
        } else {
            ui.heading("登录");
            ui.add_space(12.0);
            let first = row(ui, "用户名", &mut f.username, false);
            let p = row(ui, "密码", &mut f.password, true);
            focus(ui, &first, Some(&p), &mut f.focus_password);
            ui.add_space(8.0);
            if ui.button("登录").clicked() || enter {
                commands.push(Command::Login);
            }
        }
        if !f.message.is_empty() {
            ui.add_space(8.0);
            ui.colored_label(ui.visuals().error_fg_color, &f.message);
        }
    });
}
