//! 类案参考 in the 处理决定 step: the distribution of the methods the office
//! decided for the same conduct and level, the five most similar decisions,
//! and the proportion warning beside the methods. Draws what the app
//! computed (`app::session::precedents`); reads and compares nothing.

use super::{field, multiline};
use crate::app::session::WizardSession;

/// While the proportion warning stands (or a reason was given, or the
/// issue was refused for it): why the methods stand anyway. Required to
/// issue; recorded in the case file and the audit entry, never printed.
pub(super) fn reason(ui: &mut egui::Ui, w: &mut WizardSession) {
    let warned = w
        .precedent_report(w.form.current)
        .is_some_and(|(_, r)| r.as_ref().is_ok_and(|r| r.warning.is_some()));
    if !warned && w.form.cur().precedent_reason.is_empty() && w.error("precedent_reason").is_none()
    {
        return;
    }
    let mut v = w.form.cur().precedent_reason.clone();
    field(
        ui,
        w,
        "precedent_reason",
        "与类案不一致的理由",
        |ui| {
            multiline(
                ui,
                &mut v,
                "必填：为何仍作此处理（记入案卷和审计记录，不印入决定书）",
                2,
            )
        },
    );
    w.form.cur_mut().precedent_reason = v;
}

/// The proportion warning, beside the methods (nothing when there is none).
pub(super) fn warning(ui: &mut egui::Ui, w: &WizardSession) {
    if let Some((_, Ok(report))) = w.precedent_report(w.form.current)
        && let Some(warn) = &report.warning
    {
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {}", warn.message));
    }
}

/// The 类案参考 panel of the respondent shown; names only for those who may
/// issue (审核人, 管理员).
pub(super) fn panel(ui: &mut egui::Ui, w: &WizardSession, show_names: bool) {
    ui.separator();
    ui.strong("类案参考（本单位同一问责情形、同一情节的已生效决定）");
    let report = match w.precedent_report(w.form.current) {
        None if w.precedents_pending() => {
            ui.label("正在读取本单位同类决定……");
            return;
        }
        None => {
            ui.label("选定问责情形和情节轻重后，显示本单位的同类决定。");
            return;
        }
        Some((_, Err(e))) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        Some((level, Ok(report))) => (level, report),
    };
    let (level, report) = report;
    ui.label(report.summary());
    if report.nearest.is_empty() {
        return;
    }
    ui.label(format!(
        "最相近的 {} 件（按相同情节排序）：",
        report.nearest.len()
    ));
    egui::Grid::new(("precedents", w.form.current))
        .striped(true)
        .show(ui, |ui| {
            let mut head = vec!["案号", "决定日期", "单位"];
            if show_names {
                head.push("姓名");
            }
            head.extend(["问责方式", "情节", "所具情节"]);
            for h in head {
                ui.strong(h);
            }
            ui.end_row();
            for r in &report.nearest {
                let p = &r.precedent;
                ui.label(&p.doc_no);
                ui.label(&p.decided_on);
                ui.label(&p.unit);
                if show_names {
                    ui.label(&p.name);
                }
                if r.mark.is_empty() {
                    ui.label(&r.outcome);
                } else {
                    ui.label(format!("{}（{}）", r.outcome, r.mark));
                }
                ui.label(level);
                ui.label(if r.factor_labels.is_empty() {
                    "无".to_owned()
                } else {
                    r.factor_labels.join("；")
                });
                ui.end_row();
            }
        });
}
