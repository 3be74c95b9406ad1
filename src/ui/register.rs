//! 案件台账: the case register.

use egui_extras::{Column, TableBuilder};

use crate::app::Command;
use crate::domain::CaseListItem;

const COLUMNS: [&str; 7] = [
    "案号",
    "被问责人",
    "单位",
    "适用规定",
    "阶段",
    "受理日期",
    "决定日期",
];

pub(super) fn show(
    ui: &mut egui::Ui,
    rows: &[CaseListItem],
    query: &str,
    total: i64,
    drafts: &[(String, u32, String)],
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading("案件台账");
        ui.add_space(16.0);
        if ui.button("新建案件").clicked()
            || ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::N))
        {
            commands.push(Command::WizardStart(None));
        }
        ui.add_space(16.0);
        let mut text = query.to_owned();
        let edit = ui.add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("搜索姓名、单位、案号、文号、案情")
                .desired_width(320.0),
        );
        if edit.changed() {
            commands.push(Command::Search(text));
        }
        if query.trim().is_empty() {
            ui.label(format!("共 {total} 件，显示最新 {} 件", rows.len()));
        } else {
            ui.label(format!("找到 {} 件", rows.len()));
        }
    });
    if !drafts.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("未完成的草稿 {} 件：", drafts.len()));
            for (key, step, updated) in drafts.iter().take(5) {
                let when = updated.get(..16).unwrap_or(updated).replace('T', " ");
                if ui
                    .button(format!("继续（第{}步，{when}）", step + 1))
                    .on_hover_text(key)
                    .clicked()
                {
                    commands.push(Command::WizardStart(Some(key.clone())));
                }
            }
        });
    }
    ui.separator();
    if rows.is_empty() && !query.trim().is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label("没有找到匹配的案件。");
        });
    } else if rows.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label("暂无案件。点击“新建案件”登记第一条问责线索。");
        });
        ui.add_space(12.0);
    }

    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::initial(160.0).at_least(80.0))
        .column(Column::initial(120.0).at_least(60.0))
        .column(Column::initial(160.0).at_least(60.0))
        .column(Column::initial(120.0).at_least(60.0))
        .column(Column::initial(90.0).at_least(60.0))
        .column(Column::initial(100.0).at_least(60.0))
        .column(Column::remainder().at_least(80.0))
        .header(row_height, |mut header| {
            for title in COLUMNS {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let Some(item) = rows.get(row.index()) else {
                    return;
                };
                let cells = [
                    item.case_no.as_str(),
                    item.respondents.as_str(),
                    item.unit.as_str(),
                    item.regulation_id.as_str(),
                    item.stage.as_str(),
                    item.received_on.as_str(),
                    item.decided_on.as_deref().unwrap_or(""),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.label(text);
                    });
                }
            });
        });
}
