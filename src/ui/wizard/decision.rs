//! 处理决定, per respondent: the outcome, the decided methods (★ methods are
//! alternatives), a departure's reason, the reason for deciding against the
//! 类案参考's proportion warning, the measures, the decision's date, and
//! the preview of the respondent's own decision (cached by the app).

use super::{cite_text, field, multiline, respondent_tabs, step_message, text};
use crate::app::session::WizardSession;
use crate::app::wizard::{OTHER_METHOD, Outcome};
use crate::rules::RegulationSet;

pub(super) fn decision(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    regs: &RegulationSet,
    show_names: bool,
) {
    ui.heading("处理决定");
    let mut v = w.form.decided_on.clone();
    field(ui, w, "decided_on", "决定日期", |ui| {
        text(ui, &mut v, "2026-03-05", 140.0)
    });
    w.form.decided_on = v;
    respondent_tabs(ui, w);
    let mut outcome = w.form.cur().outcome;
    ui.horizontal(|ui| {
        ui.label("结论");
        for o in Outcome::ALL {
            ui.radio_value(&mut outcome, o, o.label());
        }
    });
    w.form.cur_mut().outcome = outcome;
    if w.error("outcome").is_some() {
        step_message(ui, w, "outcome");
    }
    let recommended = w.recommended(w.form.current);
    if outcome == Outcome::Accountability {
        step_message(ui, w, "methods");
        if let Some(reg) = regs.get(&w.form.regulation) {
            ui.strong("问责方式（★ 为依规推荐）");
            for m in &reg.methods {
                let id = m.id.get_ref();
                let (art, _) = cite_text(reg, &m.cite);
                let star = if recommended.contains(id) {
                    "★ "
                } else {
                    "　 "
                };
                let r = w.form.cur_mut();
                let mut on = r.methods.contains(id);
                if ui
                    .checkbox(&mut on, format!("{star}{id}（{}，{art}）", m.group))
                    .changed()
                {
                    if on {
                        r.methods.insert(id.clone());
                    } else {
                        r.methods.remove(id);
                    }
                }
            }
            ui.small(
                "★ 方式为依规推荐的方式，可择一或数项，无须说明理由；情节有条文必备内容的（见评估中的“错误”），须全部包含才能签发；选择推荐以外的方式须写明理由。",
            );
            super::precedents::warning(ui, w);
        }
        if w.form.cur().methods.contains(OTHER_METHOD) {
            let mut v = w.form.cur().measures.clone();
            field(ui, w, "measures", "具体措施", |ui| {
                multiline(ui, &mut v, "其他问责方式的具体措施，决定书照此打印", 2)
            });
            w.form.cur_mut().measures = v;
        }
        if w.form.cur().departs_from(&recommended) {
            let mut v = w.form.cur().departure_reason.clone();
            field(ui, w, "departure_reason", "不同于推荐的理由", |ui| {
                multiline(ui, &mut v, "必填，记入案卷", 2)
            });
            w.form.cur_mut().departure_reason = v;
        }
        super::precedents::reason(ui, w);
    }
    if outcome == Outcome::Exemption {
        correction(ui, w);
    }
    super::precedents::panel(ui, w, show_names);
    preview(ui, w);
}

/// 容错免责 opens a 纠错 (001 第十八、十九条 “责成限期纠正”): what is to be
/// corrected and by when — the text names no period; the office sets it.
fn correction(ui: &mut egui::Ui, w: &mut WizardSession) {
    ui.add_space(6.0);
    ui.strong("纠错（《容错纠错办法》第十八、十九条）");
    let mut items = w.form.cur().correction_items.clone();
    field(ui, w, "correction_items", "纠错事项", |ui| {
        multiline(
            ui,
            &mut items,
            "每行一项，如：限期补齐许可档案并报告整改情况",
            2,
        )
    });
    w.form.cur_mut().correction_items = items;
    let mut due = w.form.cur().correction_due.clone();
    field(ui, w, "correction_due", "纠错期限", |ui| {
        text(
            ui,
            &mut due,
            "期满日期，如 2026-12-31（规定未设期限，由本单位确定）",
            320.0,
        )
    });
    w.form.cur_mut().correction_due = due;
    ui.small("签发容错免责认定书时同时登记纠错事项，工作台按期限提醒，办结后在案卷中标记。");
}

/// Editable paragraphs and the page preview of the respondent's decision.
fn preview(ui: &mut egui::Ui, w: &mut WizardSession) {
    let Some(p) = w
        .preview
        .as_ref()
        .filter(|p| p.respondent == w.form.current)
    else {
        return;
    };
    let template = p.template_body.clone();
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.strong("正文");
        let r = w.form.cur_mut();
        if r.custom_body.is_empty() {
            if !template.is_empty() && ui.button("编辑正文").clicked() {
                r.custom_body_from = template.clone();
                r.custom_body = template.clone();
            }
        } else {
            ui.label("（正文已人工编辑，打印编辑后的文字）");
            if ui.button("恢复模板文字").clicked() {
                r.custom_body.clear();
                r.custom_body_from.clear();
            }
        }
    });
    if crate::app::decision::edit_is_stale(w.form.cur(), &template) {
        ui.colored_label(ui.visuals().warn_fg_color, crate::app::decision::STALE_EDIT);
    }
    for (i, para) in w.form.cur_mut().custom_body.iter_mut().enumerate() {
        ui.horizontal_top(|ui| {
            let label = ui.label(format!("第{}段", i + 1));
            ui.add(
                egui::TextEdit::multiline(para)
                    .desired_rows(2)
                    .desired_width(600.0)
                    .id_salt(("para", i)),
            )
            .labelled_by(label.id);
        });
    }
    ui.add_space(8.0);
    ui.strong("决定书预览（与打印版式一致）");
    ui.small(match crate::fonts::current_pdf_faces() {
        Some(f) => format!("字体：{}", f.describe()),
        None => "字体：内置字体".to_owned(),
    });
    let Some(p) = w.preview.as_ref() else { return };
    match &p.layout {
        Ok(layout) => {
            for i in 0..layout.pages.len() {
                crate::ui::preview::page(ui, layout, i, 520.0);
                ui.add_space(6.0);
            }
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
        }
    }
}
