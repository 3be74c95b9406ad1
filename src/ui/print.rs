//! The print panel: printer and copies for one issued document, or why
//! printing is not possible here.

use crate::app::Command;
use crate::app::print::PrintForm;

pub(super) fn panel(f: &mut PrintForm, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if !f.open() {
        return;
    }
    egui::Modal::new(egui::Id::unique("wenze_print")).show(ui.ctx(), |ui| {
        ui.set_width(440.0);
        ui.heading("打印文书");
        ui.label(&f.title);
        ui.add_space(6.0);
        if !f.printers.is_empty() {
            ui.horizontal(|ui| {
                let l = ui.add_sized([60.0, 20.0], egui::Label::new("打印机"));
                egui::ComboBox::from_id_salt("printer")
                    .width(300.0)
                    .selected_text(f.printers.get(f.printer).cloned().unwrap_or_default())
                    .show_ui(ui, |ui| {
                        for (i, p) in f.printers.iter().enumerate() {
                            ui.selectable_value(&mut f.printer, i, p.as_str());
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = ui.add_sized([60.0, 20.0], egui::Label::new("份数"));
                ui.add(egui::TextEdit::singleline(&mut f.copies).desired_width(60.0))
                    .labelled_by(l.id);
            });
        }
        if !f.problem.is_empty() {
            ui.colored_label(ui.visuals().error_fg_color, &f.problem);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if !f.printers.is_empty() && ui.button("确定打印").clicked() {
                commands.push(Command::PrintConfirm);
            }
            if ui.button("关闭").clicked() {
                commands.push(Command::PrintCancel);
            }
        });
    });
}
