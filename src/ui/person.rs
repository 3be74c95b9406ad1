//! 人员: every case of one person across years and units, and the bans in
//! force (终身问责: the record stays after transfer or retirement).

use super::case::section;
use crate::app::{Command, Route, Shared};
use crate::domain::ids::DecisionId;
use crate::domain::views::{FollowUpRow, PersonFile};
use crate::rules::RegulationSet;

pub(super) fn show(
    shared: &Shared,
    person: Option<&PersonFile>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let today = shared.today();
    let Some(p) = person else {
        ui.label("未选择人员。");
        return;
    };
    ui.horizontal(|ui| {
        if ui.button("返回台账").clicked() {
            commands.push(Command::Navigate(Route::Register));
        }
        ui.heading(format!("人员　{}", p.name));
        ui.label(format!("{}　{}", p.gender, p.status));
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("person_scroll", p.id))
        .show(ui, |ui| {
            super::case::grid(
                ui,
                "person_head",
                &[
                    (
                        "身份证号",
                        if p.id_number_masked.is_empty() {
                            "未登记".to_owned()
                        } else {
                            p.id_number_masked.clone()
                        },
                    ),
                    ("现单位", p.unit.clone()),
                    ("职务", p.post.clone()),
                    ("职级", p.rank.clone()),
                    ("状态", p.status.clone()),
                ],
            );
            if p.status != "在职" {
                ui.small("终身问责：调离或退休后，问责记录仍然保留并可查询。");
            }
            ui.add_space(8.0);
            let current: Vec<_> = p
                .follow_ups
                .iter()
                .filter(|f| f.ends_on.is_some_and(|e| e >= today))
                .collect();
            section(
                ui,
                &format!("当前影响期（{}）", current.len()),
                true,
                |ui| bans(ui, &current, &shared.regulations, commands),
            );
            section(
                ui,
                &format!("全部案件（{}）", p.cases.len()),
                true,
                |ui| cases(ui, p, &shared.regulations, commands),
            );
            section(
                ui,
                &format!("处理决定（{}）", p.decisions.len()),
                true,
                |ui| decisions(ui, p),
            );
            section(
                ui,
                &format!("全部后续事项（{}）", p.follow_ups.len()),
                false,
                |ui| follow_ups(ui, p),
            );
        });
}

/// 当前影响期: the bans still in force, each with its case and citation.
fn bans(
    ui: &mut egui::Ui,
    current: &[&FollowUpRow],
    regulations: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    if current.is_empty() {
        ui.label("目前没有未届满的影响期。");
    }
    for f in current {
        let cite = crate::rules::engine::Citation::lookup_stored(regulations, &f.cite);
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{}：至 {}",
                    f.label,
                    f.ends_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            );
            if ui.link(&f.case_no).clicked() {
                commands.push(Command::OpenCase(f.case_id));
            }
            if let Some(c) = cite {
                ui.small(c.short()).on_hover_text(c.text);
            }
        });
    }
}

/// 全部案件: every case of the person, each a link.
fn cases(
    ui: &mut egui::Ui,
    p: &PersonFile,
    regulations: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    egui::Grid::new("person_cases")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["案号", "当时单位", "适用规定", "阶段", "受理日期"] {
                ui.strong(h);
            }
            ui.end_row();
            for c in &p.cases {
                if ui.link(&c.case_no).clicked() {
                    commands.push(Command::OpenCase(c.id));
                }
                ui.label(&c.unit);
                ui.label(
                    regulations
                        .get(&c.regulation_id)
                        .map(|r| r.regulation.short_name.as_str())
                        .unwrap_or(c.regulation_id.as_str()),
                );
                ui.label(c.stage.label());
                ui.label(&c.received_on);
                ui.end_row();
            }
        });
}

/// 处理决定, marking those revoked or superseded.
fn decisions(ui: &mut egui::Ui, p: &PersonFile) {
    let superseded: Vec<DecisionId> = p.decisions.iter().filter_map(|d| d.supersedes).collect();
    for d in &p.decisions {
        ui.label(format!(
            "{}　{}　{}　{}{}",
            d.decided_on,
            d.kind,
            d.doc_no,
            if d.methods.is_empty() {
                "—".to_owned()
            } else {
                d.methods.join("、")
            },
            if d.revoked {
                "（已撤销，不计入问责记录）"
            } else if superseded.contains(&d.id) {
                "（已被变更/更正决定取代）"
            } else {
                ""
            }
        ));
    }
}

/// 全部后续事项.
fn follow_ups(ui: &mut egui::Ui, p: &PersonFile) {
    for f in &p.follow_ups {
        ui.label(format!(
            "{}　{} 至 {}　{}　{}",
            f.label,
            f.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            f.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            f.status,
            f.case_no
        ));
    }
}
