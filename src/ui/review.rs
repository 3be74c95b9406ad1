//! Review pieces shared by the wizard and the 工作台: a draft's review
//! history, the 审批签发 confirmation, the list of drafts awaiting review.

use crate::app::Command;
use crate::domain::procedure::{ReviewAction, ReviewEntry, ReviewItem};

fn when(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// The draft's review history (who submitted, returned with what comment).
pub(super) fn history(ui: &mut egui::Ui, review: &[ReviewEntry]) {
    if review.is_empty() {
        return;
    }
    ui.group(|ui| {
        ui.strong("审核记录");
        for e in review {
            let line = if e.comment.is_empty() {
                format!("{}　{}　{}", when(&e.at), e.user_name, e.action.label())
            } else {
                format!(
                    "{}　{}　{}：{}",
                    when(&e.at),
                    e.user_name,
                    e.action.label(),
                    e.comment
                )
            };
            if e.action == ReviewAction::Return {
                ui.colored_label(ui.visuals().warn_fg_color, line);
            } else {
                ui.label(line);
            }
        }
    });
    ui.add_space(6.0);
}

/// 审批签发 assigns the 文号 and locks the decision for ever: ask first.
pub(super) fn confirm_issue(ui: &mut egui::Ui, notes: &[String], commands: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("wenze_confirm_issue")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.heading("签发前请确认");
        ui.add_space(6.0);
        ui.label("签发将分配文号，决定一经签发即永久锁定，不可修改或撤回；更正须另作决定。");
        for n in notes {
            ui.add_space(4.0);
            ui.colored_label(ui.visuals().warn_fg_color, n);
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("确认签发").clicked() {
                commands.push(Command::WizardIssue);
            }
            if ui.button("取消").clicked() {
                commands.push(Command::WizardCancelIssue);
            }
        });
    });
}

/// Drafts submitted for review (for reviewers) and returned (for clerks).
/// A clerk's submitted drafts, waiting for a reviewer (read-only until
/// returned).
fn submitted(ui: &mut egui::Ui, waiting: &[&ReviewItem], commands: &mut Vec<Command>) {
    if waiting.is_empty() {
        return;
    }
    ui.label(format!(
        "已提交、待审核 {} 件（审核期间不可修改）",
        waiting.len()
    ));
    for item in waiting {
        ui.horizontal(|ui| {
            if ui.button(format!("查看：{}", item.title)).clicked() {
                commands.push(Command::WizardStart(Some(item.draft_key.clone())));
            }
            ui.label(format!(
                "{} 提交审核于{}",
                item.last.user_name,
                when(&item.last.at)
            ));
        });
    }
    ui.add_space(6.0);
}

pub(super) fn queue(
    ui: &mut egui::Ui,
    items: &[ReviewItem],
    reviewer: bool,
    commands: &mut Vec<Command>,
) {
    let (waiting, returned): (Vec<&ReviewItem>, Vec<&ReviewItem>) = items
        .iter()
        .partition(|i| i.last.action == ReviewAction::Submit);
    let mine = if reviewer { &waiting } else { &returned };
    let heading = if reviewer {
        format!("待审核 {} 件", waiting.len())
    } else {
        format!("退回修改 {} 件", returned.len())
    };
    ui.strong(heading);
    if !reviewer {
        // What the clerk submitted stays in sight while it waits.
        submitted(ui, &waiting, commands);
    }
    if mine.is_empty() {
        ui.label(if reviewer {
            "没有待审核的案件。"
        } else {
            "没有被退回的案件。"
        });
        return;
    }
    for item in mine {
        ui.horizontal(|ui| {
            let verb = if reviewer { "审核" } else { "修改" };
            if ui.button(format!("{verb}：{}", item.title)).clicked() {
                commands.push(Command::WizardStart(Some(item.draft_key.clone())));
            }
            let detail = if item.last.comment.is_empty() {
                format!(
                    "{} {}于{}",
                    item.last.user_name,
                    item.last.action.label(),
                    when(&item.last.at)
                )
            } else {
                format!(
                    "{} {}于{}，意见：{}",
                    item.last.user_name,
                    item.last.action.label(),
                    when(&item.last.at),
                    item.last.comment
                )
            };
            ui.label(detail);
        });
    }
}
