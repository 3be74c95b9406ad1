//! 导入台账: choose a file, pick the regulation, see and change what each
//! column means, preview every row with its Chinese problems, import.
//! The file is read and checked in the app's command handling (the reading
//! on its own thread); this screen only draws and returns commands.

use crate::app::import::{ImportCommand, ImportState};
use crate::app::{Command, Shared};
use crate::interchange::ledger::{Field, Mapping, Preview};

/// Rows of the preview drawn at most (the count says how many there are).
const SHOWN_ROWS: usize = 200;

pub(super) fn show(
    shared: &Shared,
    s: &mut ImportState,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let may_import = shared.user().is_some_and(|u| u.may_issue());
    let regs: Vec<(String, String)> = shared
        .regulations
        .iter()
        .filter(|r| !r.regulation.overlay)
        .map(|r| {
            (
                r.id().to_owned(),
                format!("{}（{}）", r.regulation.short_name, r.regulation.name),
            )
        })
        .collect();
    ui.heading("导入台账");
    ui.small(
        "把本单位已有的问责台账（Excel、WPS 的 .xlsx/.xls/.ods 或 .csv）导入为历史决定，\
         供“一年内再次”“同一年度两次”等情节的认定使用。同一行重复导入不会重复登记。",
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| file_line(ui, s, commands));
    ui.horizontal(|ui| regulation_line(ui, s, &regs, commands));
    // One line reserved for the message: nothing below jumps when it appears.
    message_line(ui, &s.message);
    ui.separator();

    egui::ScrollArea::vertical()
        .id_salt("import_scroll")
        .show(ui, |ui| {
            if let Some(m) = &s.mapping {
                mapping(ui, m, commands);
            }
            if let Some(p) = &s.preview {
                preview(ui, p, may_import, commands);
            } else if s.mapping.is_some() && s.regulation.is_empty() {
                ui.label("选择适用的规定后显示预览。");
            }
            if let Some((new, already)) = s.imported {
                ui.add_space(6.0);
                ui.strong(format!(
                    "本次导入：新登记 {new} 条，此前已导入 {already} 条"
                ));
                for line in &s.imported_rows {
                    ui.label(line);
                }
            }
        });
}

/// 台账文件: the path, 选择文件…, 读取.
fn file_line(ui: &mut egui::Ui, s: &mut ImportState, commands: &mut Vec<Command>) {
    let l = ui.add_sized([80.0, 20.0], egui::Label::new("台账文件"));
    ui.add(
        egui::TextEdit::singleline(&mut s.path)
            .hint_text("文件路径，或按“选择文件…”")
            .desired_width(460.0),
    )
    .labelled_by(l.id);
    if ui
        .add_enabled(!s.busy(), egui::Button::new("选择文件…"))
        .clicked()
    {
        commands.push(Command::Import(ImportCommand::ChooseFile));
    }
    if ui
        .add_enabled(!s.busy(), egui::Button::new("读取"))
        .clicked()
    {
        commands.push(Command::Import(ImportCommand::Load(s.path.trim().into())));
    }
    if s.busy() {
        ui.spinner();
    }
}

/// 适用规定 of the imported decisions.
fn regulation_line(
    ui: &mut egui::Ui,
    s: &ImportState,
    regs: &[(String, String)],
    commands: &mut Vec<Command>,
) {
    let l = ui.add_sized([80.0, 20.0], egui::Label::new("适用规定"));
    let shown = regs
        .iter()
        .find(|(id, _)| *id == s.regulation)
        .map(|(_, n)| n.as_str())
        .unwrap_or("请选择这些决定适用的规定");
    egui::ComboBox::from_id_salt("import_regulation")
        .width(460.0)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (id, name) in regs {
                if ui.selectable_label(*id == s.regulation, name).clicked() {
                    commands.push(Command::Import(ImportCommand::SetRegulation(id.clone())));
                }
            }
        })
        .response
        .labelled_by(l.id);
}

/// What each column means (as found, changeable).
fn mapping(ui: &mut egui::Ui, m: &Mapping, commands: &mut Vec<Command>) {
    ui.strong(format!(
        "各列的含义（表头在第 {} 行，可更改）",
        m.header_row + 1
    ));
    egui::Grid::new("import_mapping")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (i, (h, f)) in m.headers.iter().zip(&m.columns).enumerate() {
                if h.trim().is_empty() {
                    continue;
                }
                let l = ui.label(h);
                let shown = f.map_or("（不导入）", Field::label);
                egui::ComboBox::from_id_salt(("import_column", i))
                    .width(160.0)
                    .height(400.0)
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(f.is_none(), "（不导入）").clicked() {
                            commands.push(Command::Import(ImportCommand::MapColumn(i, None)));
                        }
                        for field in Field::ALL {
                            if ui
                                .selectable_label(*f == Some(field), field.label())
                                .clicked()
                            {
                                commands.push(Command::Import(ImportCommand::MapColumn(
                                    i,
                                    Some(field),
                                )));
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
}

/// The preview: the rows' problems, the rows, and 导入 once there are none.
fn preview(ui: &mut egui::Ui, p: &Preview, may_import: bool, commands: &mut Vec<Command>) {
    ui.strong(format!(
        "预览：可导入 {} 行，有问题 {} 行",
        p.rows.len(),
        p.errors.len()
    ));
    for e in p.errors.iter().take(SHOWN_ROWS) {
        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
    }
    if p.errors.len() > SHOWN_ROWS {
        ui.small(format!(
            "（仅显示前 {SHOWN_ROWS} 个有问题的行；共 {} 行）",
            p.errors.len()
        ));
    }
    if !p.errors.is_empty() {
        ui.small("有问题的行须先在文件中更正（或更改列的含义）；更正前不导入任何记录。");
    }
    egui::Grid::new("import_rows")
        .num_columns(6)
        .striped(true)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for h in ["行", "姓名", "单位", "问责方式", "决定日期", "文号"] {
                ui.strong(h);
            }
            ui.end_row();
            for r in p.rows.iter().take(SHOWN_ROWS) {
                ui.label(r.line.to_string());
                ui.label(&r.name);
                ui.label(&r.unit);
                ui.label(r.methods.join("、"));
                ui.label(r.decided_on.to_string());
                ui.label(&r.doc_no);
                ui.end_row();
            }
        });
    if p.rows.len() > SHOWN_ROWS {
        ui.small(format!("（仅显示前 {SHOWN_ROWS} 行）"));
    }
    ui.add_space(6.0);
    let ready = p.errors.is_empty() && !p.rows.is_empty();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ready, egui::Button::new("导入"))
            .on_disabled_hover_text("有问题的行更正后才能导入")
            .clicked()
        {
            commands.push(Command::Import(ImportCommand::Import));
        }
        if !may_import {
            ui.small("导入须由审核人或管理员办理");
        }
    });
}

/// A message on a line of its own that keeps its height when empty.
pub(super) fn message_line(ui: &mut egui::Ui, text: &str) {
    reserved_line(ui, |ui| {
        if !text.is_empty() {
            ui.strong(text);
        }
    });
}

/// One line of room that is there whether or not `add` draws anything (a
/// message appearing does not move what is below it).
pub(super) fn reserved_line(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), h),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_height(h);
            add(ui);
        },
    );
}
