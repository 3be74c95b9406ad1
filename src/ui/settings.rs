//! 设置: office name and 文号 code, enabled regulations (and an office's own
//! regulation file), the holiday calendar, fonts, users and roles, backups.
//! Changes are for administrators; others see the settings read-only.

use super::case::section;
use crate::app::screens::{DialogPurpose, SettingsForm};
use crate::app::{Command, Shared};

pub(super) fn show(
    shared: &Shared,
    f: &mut SettingsForm,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let admin = shared.user().is_some_and(|u| u.is_admin());
    let regulations: Vec<(String, String, bool, bool)> = shared
        .regulations
        .iter()
        .map(|r| {
            (
                r.id().to_owned(),
                r.regulation.name.clone(),
                shared.regulations.is_enabled(r.id()),
                r.regulation.overlay,
            )
        })
        .collect();
    let years: Vec<String> = shared.calendar.years().map(|y| y.to_string()).collect();
    ui.horizontal(|ui| {
        ui.heading("设置");
        if !admin {
            ui.colored_label(ui.visuals().warn_fg_color, "只有管理员可以修改设置");
        }
    });
    if !f.message.is_empty() {
        ui.label(&f.message);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("settings_scroll")
        .show(ui, |ui| {
            ui.add_enabled_ui(admin, |ui| {
                section(ui, "机关与文号", true, |ui| office(ui, f, commands));
                section(
                    ui,
                    "文书（规定未明确的事项，由本机关确定）",
                    false,
                    |ui| documents(ui, f, commands),
                );
                section(ui, "适用规定", true, |ui| {
                    regulation_list(ui, &regulations, commands)
                });
                section(ui, "节假日安排", true, |ui| {
                    holidays(ui, &years, commands)
                });
                section(ui, "公文字体", true, |ui| fonts(ui, f));
                section(ui, "用户与角色", true, |ui| {
                    users(ui, f, commands);
                    reset_password(ui, f, commands);
                    new_user(ui, f, commands);
                });
            });
        });
}

/// 机关与文号: the office, idle lock and backup folder.
fn office(ui: &mut egui::Ui, f: &mut SettingsForm, commands: &mut Vec<Command>) {
    egui::Grid::new("settings_office")
        .num_columns(2)
        .show(ui, |ui| {
            field(ui, "机关名称", &mut f.office_name, "如：某某市生态环境局");
            field(ui, "文号代字", &mut f.office_code, "如：徐环问");
            field(ui, "空闲锁定（分钟）", &mut f.idle_lock_minutes, "15");
            field(
                ui,
                "备份文件夹",
                &mut f.backup_dir,
                "关闭程序时在此保留最近 10 份备份",
            );
        });
    ui.horizontal(|ui| {
        if ui.button("选择备份文件夹…").clicked() {
            commands.push(Command::StartDialog(DialogPurpose::ChooseBackupDir));
        }
        if ui.button("保存设置").clicked() {
            commands.push(Command::SaveSettings);
        }
    });
}

/// 文书: what the regulations leave to the office (抄送, 陈述申辩 period,
/// decider, 申诉/复查 body and period), per regulation.
fn documents(ui: &mut egui::Ui, f: &mut SettingsForm, commands: &mut Vec<Command>) {
    ui.label("规定原文已明确的（如 000 第九条 15 个工作日内向厅绩效领导小组申请复查）照原文打印；以下只补充原文未规定的内容，留空则不打印。");
    egui::Grid::new("settings_cc")
        .num_columns(2)
        .show(ui, |ui| {
            field(ui, "抄送", &mut f.cc, "如：驻局纪检监察组，组织人事处");
        });
    for d in &mut f.documents {
        ui.add_space(4.0);
        ui.strong(&d.name);
        egui::Grid::new(("settings_doc", d.regulation.clone()))
            .num_columns(2)
            .show(ui, |ui| {
                field(
                    ui,
                    "陈述申辩期限（工作日）",
                    &mut d.statement_days,
                    "如：5；自收到告知书之日起计算",
                );
                field(
                    ui,
                    "作出决定的机关",
                    &mut d.decider,
                    "如：局党组会议（留空：本机关领导班子集体）",
                );
                field(
                    ui,
                    "受理申诉（复查）的机关",
                    &mut d.remedy_body,
                    "如：市生态环境局",
                );
                field(
                    ui,
                    "申诉（复查）期限",
                    &mut d.remedy_period,
                    "如：30日、15个工作日",
                );
            });
    }
    if ui.button("保存文书设置").clicked() {
        commands.push(Command::SaveSettings);
    }
}

/// 适用规定: enable or disable each; import an office's own file.
fn regulation_list(
    ui: &mut egui::Ui,
    regulations: &[(String, String, bool, bool)],
    commands: &mut Vec<Command>,
) {
    for (id, name, enabled, overlay) in regulations {
        let mut on = *enabled;
        let text = format!(
            "{id}《{name}》{}",
            if *overlay {
                "（容错纠错，可叠加适用）"
            } else {
                ""
            }
        );
        if ui.checkbox(&mut on, text).changed() {
            commands.push(Command::SetRegulationEnabled(id.clone(), on));
        }
    }
    ui.small("停用的规定不再用于新案件；已有案件仍按原规定评估。");
    if ui.button("导入本机关的规定文件…").clicked() {
        commands.push(Command::StartDialog(DialogPurpose::ImportRegulation));
    }
    ui.small("文件格式见随软件安装的《规定文件格式说明》（Windows：安装文件夹；麒麟、统信等：/usr/share/doc/wenze）；导入前逐项检查，有误时指出行号。");
}

/// 节假日安排: the years the calendar holds; import another.
fn holidays(ui: &mut egui::Ui, years: &[String], commands: &mut Vec<Command>) {
    ui.label(format!("已收录年份：{}", years.join("、")));
    ui.small("表外日期按周一至周五计算工作日，并在结果中注明。");
    if ui.button("导入节假日安排…").clicked() {
        commands.push(Command::StartDialog(DialogPurpose::ImportCalendar));
    }
}

/// 公文字体: for each role, the standard font, whether it is installed, and
/// the font file chosen for PDFs.
fn fonts(ui: &mut egui::Ui, f: &mut SettingsForm) {
    egui::Grid::new("settings_fonts")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "用途",
                "标准字体",
                "本机",
                "生成 PDF 时使用（字体文件；空 = 内置）",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (role, path) in f.pdf_fonts.iter_mut() {
                let role_label = ui.label(role.label());
                ui.label(role.standard());
                let found = f
                    .official_fonts
                    .iter()
                    .find(|(r, _)| r == role)
                    .and_then(|(_, p)| p.clone());
                match &found {
                    Some(p) => {
                        if ui
                            .button(format!("使用本机 {}", p.display()))
                            .on_hover_text("填入右侧，保存后生成 PDF 时嵌入其子集")
                            .clicked()
                        {
                            *path = p.display().to_string();
                        }
                    }
                    None if f.fonts_scanning => {
                        ui.label("正在查找…");
                    }
                    None => {
                        ui.label("未安装");
                    }
                }
                ui.horizontal(|ui| {
                    let edit = ui.add(
                        egui::TextEdit::singleline(path)
                            .desired_width(280.0)
                            .hint_text(role.bundled().key),
                    );
                    edit.labelled_by(role_label.id).on_hover_text(format!(
                        "{}：{} 中没有的字改用内置 {}",
                        role.label(),
                        role.standard(),
                        role.bundled().key
                    ));
                    if !path.is_empty() && ui.small_button("改回内置").clicked() {
                        path.clear();
                    }
                });
                ui.end_row();
            }
        });
    ui.small(
        "PDF 嵌入所选字体的子集；所选字体中没有的字逐字改用内置字体。保存时检查字体文件，无法使用的不保存并说明原因。",
    );
}

/// 用户与角色: each user's role and whether they may sign in.
fn users(ui: &mut egui::Ui, f: &mut SettingsForm, commands: &mut Vec<Command>) {
    egui::Grid::new("settings_users")
        .striped(true)
        .show(ui, |ui| {
            for h in ["用户名", "姓名", "角色", "状态", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for (id, username, name, role, active) in f.users.clone() {
                let l = ui.label(&username);
                ui.label(name);
                let mut chosen = role.clone();
                egui::ComboBox::from_id_salt(("user_role", id))
                    .selected_text(&chosen)
                    .show_ui(ui, |ui| {
                        for r in crate::domain::auth::ROLES {
                            ui.selectable_value(&mut chosen, r.to_owned(), r);
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(format!("{username} 的角色"));
                if chosen != role {
                    commands.push(Command::SetUserRole(id, chosen));
                }
                ui.label(if active { "启用" } else { "已停用" });
                let label = if active { "停用" } else { "启用" };
                if ui.button(label).clicked() {
                    commands.push(Command::SetUserActive(id, !active));
                }
                ui.end_row();
            }
        });
}

/// 重置密码: the administrator sets a user's new password (audited).
fn reset_password(ui: &mut egui::Ui, f: &mut SettingsForm, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.strong("重置密码");
    ui.horizontal(|ui| {
        let l = ui.label("用户");
        let chosen = f
            .reset_user
            .and_then(|id| f.users.iter().find(|u| u.0 == id))
            .map(|u| format!("{}（{}）", u.1, u.2))
            .unwrap_or_else(|| "请选择".to_owned());
        egui::ComboBox::from_id_salt("reset_user")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for (id, username, name, _, _) in f.users.clone() {
                    ui.selectable_value(
                        &mut f.reset_user,
                        Some(id),
                        format!("{username}（{name}）"),
                    );
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("新密码");
        ui.add(
            egui::TextEdit::singleline(&mut f.reset_password)
                .password(true)
                .desired_width(180.0),
        )
        .labelled_by(l.id);
        if ui.button("重置密码").clicked() {
            commands.push(Command::ResetPassword);
        }
    });
}

/// 新增用户.
fn new_user(ui: &mut egui::Ui, f: &mut SettingsForm, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.strong("新增用户");
    egui::Grid::new("settings_new_user")
        .num_columns(2)
        .show(ui, |ui| {
            field(ui, "新用户名", &mut f.new_username, "");
            field(ui, "新用户姓名", &mut f.new_display_name, "");
            let l = ui.label("新用户密码");
            ui.add(egui::TextEdit::singleline(&mut f.new_password).password(true))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("新用户角色");
            let roles = crate::domain::auth::ROLES;
            egui::ComboBox::from_id_salt("new_user_role")
                .selected_text(roles.get(f.new_role).copied().unwrap_or("录入员"))
                .show_ui(ui, |ui| {
                    for (i, r) in roles.iter().enumerate() {
                        ui.selectable_value(&mut f.new_role, i, *r);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
        });
    if ui.button("新增用户").clicked() {
        commands.push(Command::AddUser);
    }
    ui.small("录入员登记和起草；审核人审核并签发；管理员另可修改设置和管理用户。用户不可删除，只能停用。");
}

fn field(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(360.0),
    )
    .labelled_by(l.id);
    ui.end_row();
}
