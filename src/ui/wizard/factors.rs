//! 情节认定, per respondent: behaviours (问责情形), severity, the factors
//! (从重、从轻、减轻、免责), and under the overlay the 容错 items.

use std::collections::BTreeSet;

use super::{cite_text, combo, field, respondent_tabs, step_message};
use crate::app::session::WizardSession;
use crate::rules::engine::{DisciplineForm, FactorSource};
use crate::rules::{Regulation, RegulationSet};

fn toggle(ui: &mut egui::Ui, set: &mut BTreeSet<String>, id: &str, label: &str, text: &str) {
    let mut on = set.contains(id);
    ui.horizontal(|ui| {
        if ui.checkbox(&mut on, label).changed() {
            if on {
                set.insert(id.to_owned());
            } else {
                set.remove(id);
            }
        }
    });
    egui::CollapsingHeader::new("条文")
        .id_salt(format!("art-{id}-{label}"))
        .show(ui, |ui| {
            ui.small(text);
        });
}

pub(super) fn factors(ui: &mut egui::Ui, w: &mut WizardSession, regs: &RegulationSet) {
    ui.heading("情节认定");
    let Some(reg) = regs.get(&w.form.regulation) else {
        ui.label("未找到所选规定");
        return;
    };
    respondent_tabs(ui, w);
    step_message(ui, w, "behaviours");
    ui.strong(format!("问责情形（《{}》）", reg.regulation.name));
    let role = w.form.cur().role.label();
    for b in &reg.behaviours {
        let (art, text) = cite_text(reg, &b.cite);
        // Articles for one role (徐水 第七条 承办人员, 第八条 部门负责人) say so.
        let only = if b.roles.is_empty() || b.roles.iter().any(|x| x == role) {
            String::new()
        } else {
            format!("（适用于{}）", b.roles.join("、"))
        };
        toggle(
            ui,
            &mut w.form.cur_mut().behaviours,
            b.id.get_ref(),
            &format!("{art}　{}{only}", b.label),
            &text,
        );
    }
    ui.add_space(6.0);
    let mut v = w.form.cur().conduct_on.clone();
    field(ui, w, "conduct_on", "行为发生日期", |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut v)
                .hint_text("如 2026-03-05（可不填）")
                .desired_width(200.0),
        )
    });
    w.form.cur_mut().conduct_on = v;
    ui.add_space(6.0);
    severity(ui, w, reg);
    ui.add_space(6.0);
    ui.strong("从重、从轻、减轻、免责情节");
    chosen_factors(ui, w, reg);
    // 加重 / 减轻 are the deciding body's, where a chosen factor's text
    // provides them (000 第五条第（六）项, 002 第十条、第十一条, 004 第十一条).
    ui.horizontal(|ui| {
        let f = &mut w.form.cur_mut().findings;
        ui.checkbox(&mut f.aggravate, "决定加重处理（须有规定加重的情节）");
        ui.checkbox(&mut f.mitigate, "决定减轻处理（须有规定减轻的情节）");
    });
    // The regulation whose joint liability turns on these facts (000
    // 第八条第（四）项, from its file's `[joint]`).
    if let Some(j) = reg.joint.as_ref().filter(|j| !j.heads_cite.is_empty()) {
        joint_facts(ui, w, reg, &j.heads_cite);
    }
    if w.form.overlay
        && let Some(o) = regs.overlay()
    {
        overlay_items(ui, w, o);
    }
}

/// 000 第七条（三）、第八条（四）: the facts a 处室 and its heads answer for.
fn joint_facts(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    reg: &Regulation,
    cite: &crate::rules::regulation::CiteRef,
) {
    ui.add_space(6.0);
    let (art, text) = cite_text(reg, cite);
    ui.strong(format!("后果与考评（{art}）"))
        .on_hover_text(text);
    let f = &mut w.form.cur_mut().findings;
    ui.checkbox(&mut f.serious_impact, "造成严重影响和后果");
    ui.checkbox(
        &mut f.appraisal_deduction,
        "在自治区日常考核和年终考评中扣分（扣除当事人 20% 绩效奖励）",
    );
    ui.checkbox(
        &mut f.circulated_criticism,
        "被自治区绩效办通报批评（扣除全部绩效奖励和精神文明奖）",
    );
    let mut v = w.form.cur().liable_heads.clone();
    field(ui, w, "liable_heads", "连带责任人", |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut v)
                .hint_text("处室（单位）负责人、分管领导的姓名，以顿号分隔（可不填）")
                .desired_width(360.0),
        )
    });
    w.form.cur_mut().liable_heads = v;
}

fn severity(ui: &mut egui::Ui, w: &mut WizardSession, reg: &Regulation) {
    if reg.severity_levels.is_empty() {
        return;
    }
    let levels: Vec<&str> = reg
        .severity_levels
        .iter()
        .map(|l| l.id.get_ref().as_str())
        .collect();
    let mut i = levels
        .iter()
        .position(|l| *l == w.form.cur().severity)
        .unwrap_or(0);
    field(ui, w, "severity", "情节轻重", |ui| {
        combo(ui, "severity", &mut i, &levels)
    });
    w.form.cur_mut().severity = levels.get(i).copied().unwrap_or("").to_owned();
    let mut impact = w.form.cur().impact;
    ui.checkbox(&mut impact, "造成（不良、严重）影响和后果");
    w.form.cur_mut().impact = impact;
}

/// The regulation's factors; those the register finds are shown as found.
fn chosen_factors(ui: &mut egui::Ui, w: &mut WizardSession, reg: &Regulation) {
    let auto: Vec<(String, String)> = match &w.assessment {
        Some(Ok(a)) => a
            .respondents
            .get(w.form.current)
            .map(|r| {
                r.factors
                    .iter()
                    .filter_map(|f| match &f.source {
                        FactorSource::Register { explanation, .. } => {
                            Some((f.id.clone(), explanation.clone()))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    for f in &reg.factors {
        let (art, text) = cite_text(reg, &f.cite);
        let effects: Vec<&str> = f.effects.iter().map(|e| e.label()).collect();
        let label = format!(
            "{art}　{}（{}{}）",
            f.label,
            if f.mandatory { "应当" } else { "可以" },
            effects.join("/")
        );
        if let Some((_, why)) = auto.iter().find(|(id, _)| id == f.id.get_ref()) {
            ui.horizontal(|ui| {
                let mut on = true;
                ui.add_enabled(false, egui::Checkbox::new(&mut on, &label));
            });
            ui.colored_label(
                egui::Color32::from_rgb(160, 80, 0),
                format!("　　登记簿发现：{why}"),
            );
            continue;
        }
        if f.auto.is_some() {
            ui.add_enabled(
                false,
                egui::Label::new(format!("{label}　（由登记簿自动判断，本案未发现）")),
            );
            continue;
        }
        toggle(
            ui,
            &mut w.form.cur_mut().factors,
            f.id.get_ref(),
            &label,
            &text,
        );
    }
}

/// 容错纠错 items of the overlay regulation.
fn overlay_items(ui: &mut egui::Ui, w: &mut WizardSession, o: &Regulation) {
    ui.add_space(6.0);
    ui.strong(format!("容错纠错（《{}》）", o.regulation.name));
    let r = w.form.cur_mut();
    for f in &o.factors {
        let (art, text) = cite_text(o, &f.cite);
        toggle(
            ui,
            &mut r.overlay_factors,
            f.id.get_ref(),
            &format!("{art}　{}", f.label),
            &text,
        );
    }
    if let Some(t) = &o.tolerance {
        ui.label("容错情形（符合其一）：");
        for s in &t.situations {
            let (art, text) = cite_text(o, &s.cite);
            toggle(
                ui,
                &mut r.tolerance_situations,
                s.id.get_ref(),
                &format!("{art}　{}", s.label),
                &text,
            );
        }
        ui.label("免责条件（须同时满足）：");
        for c in &t.conditions {
            let (art, text) = cite_text(o, &c.cite);
            toggle(
                ui,
                &mut r.tolerance_conditions,
                c.id.get_ref(),
                &format!("{art}　{}", c.label),
                &text,
            );
        }
        if !t.premise_cite.is_empty() && !r.tolerance_situations.is_empty() {
            // 第四条: 容错 only 在严守党纪国法、保持清正廉洁的前提下.
            let (art, text) = cite_text(o, &t.premise_cite);
            ui.horizontal(|ui| {
                let l = ui.label("仍予容错的理由").on_hover_text(&text);
                ui.add(
                    egui::TextEdit::singleline(&mut r.tolerance_reason)
                        .hint_text(format!("所认定的行为为党纪国法明令禁止时须填写（{art}）")),
                )
                .labelled_by(l.id);
            });
        }
        // 第十三条: 履职尽责 — no accountability at all, not a 容错.
        ui.label("履职尽责情形（符合其一的，不予问责）：");
        for d in &t.duty_done {
            let (art, text) = cite_text(o, &d.cite);
            toggle_vec(
                ui,
                &mut r.findings.duty_done,
                d.id.get_ref(),
                &format!("{art}　{}", d.label),
                &text,
            );
        }
        // 第十七条: circumstances that exclude 容错 and 减责.
        ui.label("不予容错、减责免责的情形（第十七条）：");
        for e in &t.exclusions {
            let (art, text) = cite_text(o, &e.cite);
            toggle_vec(
                ui,
                &mut r.findings.tolerance_exclusions,
                e.id.get_ref(),
                &format!("{art}　{}", e.label),
                &text,
            );
        }
        let forms: Vec<&str> = std::iter::once("未认定")
            .chain(DisciplineForm::ALL.iter().map(|f| f.label()))
            .collect();
        let mut i = r
            .findings
            .discipline_form
            .as_deref()
            .and_then(|l| forms.iter().position(|f| *f == l))
            .unwrap_or(0);
        ui.horizontal(|ui| {
            let l = ui.label("适用的“四种形态”（第十七条）：");
            if super::combo(ui, "discipline_form", &mut i, &forms)
                .labelled_by(l.id)
                .changed()
            {
                r.findings.discipline_form = (i > 0).then(|| forms[i].to_owned());
            }
        });
    }
}

/// `toggle` for a list kept in order of choice.
fn toggle_vec(ui: &mut egui::Ui, list: &mut Vec<String>, id: &str, label: &str, text: &str) {
    let mut set: BTreeSet<String> = list.iter().cloned().collect();
    let before = set.clone();
    toggle(ui, &mut set, id, label, text);
    if set != before {
        list.retain(|x| set.contains(x));
        for x in set {
            if !list.contains(&x) {
                list.push(x);
            }
        }
    }
}
