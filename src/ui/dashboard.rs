//! 工作台: what needs action — deadlines due or overdue, bans ending soon,
//! 纠错 tasks, drafts in progress — each a click away from its case.

use egui_extras::{Column, TableBuilder, TableRow};

use crate::app::screens::DashboardView;
use crate::app::{Command, PasswordForm, Shared};
use crate::rules::RegulationSet;
use crate::rules::dashboard::{DueItem, SOON_DAYS, Urgency};
use crate::rules::engine::cn_date;

/// The 工作台: the shared context, its own state (deadlines, the review
/// queue) and the user's 修改本人密码 form.
pub(super) fn show(
    shared: &Shared,
    d: &DashboardView,
    password: &mut PasswordForm,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    own_password(ui, password, commands);
    let regs = &shared.regulations;
    if !d.loaded && !d.pending {
        commands.push(Command::RefreshDashboard);
    }
    let overdue = d
        .items
        .iter()
        .filter(|i| i.urgency == Urgency::Overdue)
        .count();
    let soon = d.items.len() - overdue;
    ui.horizontal(|ui| {
        ui.heading("工作台");
        ui.label(format!("（{}）", cn_date(shared.today())));
        if ui.button("刷新").clicked() {
            commands.push(Command::RefreshDashboard);
        }
        if d.pending {
            ui.spinner();
            ui.label("正在计算期限…");
        } else {
            // The spinner's room, kept: nothing to its right moves.
            ui.add_space(ui.spacing().interact_size.y);
        }
    });
    // A line reserved for the error: the list does not jump when one appears.
    super::import::reserved_line(ui, |ui| {
        if !d.error.is_empty() {
            ui.colored_label(ui.visuals().error_fg_color, &d.error);
        }
    });
    ui.horizontal(|ui| filters(ui, d, overdue, soon, shared.drafts.len(), commands));
    if !shared.drafts.is_empty() {
        ui.horizontal_wrapped(|ui| drafts(ui, &shared.drafts, commands));
    }
    ui.separator();
    let reviewer = shared.user().is_some_and(|u| u.may_issue());
    super::review::queue(ui, &d.queue, reviewer, commands);
    ui.separator();
    let items: Vec<&DueItem> = d
        .items
        .iter()
        .filter(|i| match d.only_overdue {
            None => true,
            Some(true) => i.urgency == Urgency::Overdue,
            Some(false) => i.urgency == Urgency::DueSoon,
        })
        .collect();
    if items.is_empty() && d.loaded {
        ui.add_space(16.0);
        ui.label("没有逾期或即将到期的事项。");
        return;
    }
    table(ui, &items, regs, commands);
}

/// 全部 / 已逾期 / N 日内到期, and the number of drafts.
fn filters(
    ui: &mut egui::Ui,
    d: &DashboardView,
    overdue: usize,
    soon: usize,
    drafts: usize,
    commands: &mut Vec<Command>,
) {
    for (filter, text) in [
        (None, format!("全部 {}", d.items.len())),
        (Some(true), format!("已逾期 {overdue}")),
        (Some(false), format!("{SOON_DAYS} 日内到期 {soon}")),
    ] {
        if ui
            .selectable_label(d.only_overdue == filter, text)
            .clicked()
        {
            commands.push(Command::DashboardFilter(filter));
        }
    }
    ui.separator();
    ui.label(format!("未完成的草稿 {drafts} 件"));
}

/// 继续草稿 buttons for the newest drafts.
fn drafts(ui: &mut egui::Ui, drafts: &[(String, u32, String)], commands: &mut Vec<Command>) {
    for (key, step, updated) in drafts.iter().take(8) {
        let when = updated.get(..16).unwrap_or(updated).replace('T', " ");
        if ui
            .button(format!("继续草稿（第{}步，{when}）", step + 1))
            .on_hover_text(key)
            .clicked()
        {
            commands.push(Command::WizardStart(Some(key.clone())));
        }
    }
}

/// The items due or overdue, one line each.
fn table(ui: &mut egui::Ui, items: &[&DueItem], regs: &RegulationSet, commands: &mut Vec<Command>) {
    // One line per row: long texts are cut with … (full text on hover).
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::initial(80.0))
        .column(Column::initial(120.0))
        .column(Column::initial(90.0))
        .column(Column::initial(90.0))
        .column(Column::initial(240.0).at_least(120.0))
        .column(Column::initial(170.0))
        .column(Column::initial(80.0))
        .column(Column::remainder().at_least(120.0))
        .header(row_height, |mut h| {
            for t in [
                "状态",
                "到期日",
                "剩余",
                "类别",
                "事项",
                "案号",
                "当事人",
                "依据",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, items.len(), |mut row| {
                let Some(i) = items.get(row.index()) else {
                    return;
                };
                due_row(&mut row, i, regs, commands);
            });
        });
}

/// One item: urgency, due date, days left, kind, what, case, person, basis.
fn due_row(
    row: &mut TableRow<'_, '_>,
    i: &DueItem,
    regs: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    row.col(|ui| {
        let color = match i.urgency {
            Urgency::Overdue => ui.visuals().error_fg_color,
            Urgency::DueSoon => ui.visuals().warn_fg_color,
        };
        ui.colored_label(color, i.urgency.label());
    });
    row.col(|ui| match &i.estimated {
        // Outside the holiday table: marked, with the calendar's words.
        Some(note) => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("{}（推算）", i.due))
                .on_hover_text(note);
        }
        None => {
            ui.label(i.due.to_string());
        }
    });
    row.col(|ui| {
        ui.label(if i.days_left < 0 {
            format!("逾期 {} 天", -i.days_left)
        } else if i.days_left == 0 {
            "今天到期".to_owned()
        } else {
            format!("{} 天", i.days_left)
        });
    });
    row.col(|ui| {
        ui.label(i.kind);
    });
    row.col(|ui| {
        ui.label(&i.label).on_hover_text(&i.note);
    });
    row.col(|ui| {
        if ui.link(&i.case_no).on_hover_text("打开案卷").clicked() {
            commands.push(Command::OpenCase(i.case_id));
        }
    });
    row.col(|ui| {
        ui.label(&i.person);
    });
    row.col(|ui| match &i.citation {
        Some(c) => {
            // Short in the table; the regulation and its text on hover.
            let name = regs
                .get(&c.regulation)
                .map(|r| r.regulation.short_name.as_str())
                .unwrap_or(c.regulation.as_str());
            ui.label(format!("{name} {}", c.article))
                .on_hover_text(format!("{}\n{}", c.short(), c.text));
        }
        None => {
            ui.weak("—");
        }
    });
}

/// 修改本人密码: every user, with the current password (audited).
fn own_password(ui: &mut egui::Ui, f: &mut PasswordForm, commands: &mut Vec<Command>) {
    let open = !f.message.is_empty();
    egui::CollapsingHeader::new("修改本人密码")
        .id_salt("own_password")
        .default_open(open)
        .show(ui, |ui| {
            egui::Grid::new("own_password_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (label, value) in [
                        ("当前密码", &mut f.old),
                        ("新密码", &mut f.new),
                        ("确认新密码", &mut f.confirm),
                    ] {
                        let l = ui.label(label);
                        ui.add(
                            egui::TextEdit::singleline(value)
                                .password(true)
                                .desired_width(200.0),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                    }
                });
            if ui.button("修改密码").clicked() {
                commands.push(Command::ChangeOwnPassword);
            }
            if !f.message.is_empty() {
                ui.label(&f.message);
            }
        });
}
