//! 新建案件: entry to the case wizard.

use crate::app::{Command, Route};

/// The wizard's steps, shown as the step list.
pub(crate) const STEPS: [&str; 5] = ["线索登记", "调查核实", "情节认定", "处理决定", "审批与送达"];

pub(super) fn show(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("返回台账").clicked() {
            commands.push(Command::Navigate(Route::Register));
        }
        ui.heading("新建案件");
    });
    ui.separator();
    ui.horizontal(|ui| {
        for (i, step) in STEPS.iter().enumerate() {
            ui.label(format!("{}. {}", i + 1, step));
            if i + 1 < STEPS.len() {
                ui.label("→");
            }
        }
    });
    ui.add_space(12.0);
    ui.label("案件向导将在此逐步引导录入。");
}
