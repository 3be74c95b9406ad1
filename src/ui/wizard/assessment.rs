//! The assessment beside the form (and in the case file): every respondent,
//! each statement with its citation.

use crate::rules::engine::{Assessment, cn_date};

pub(crate) fn assessment_panel<E: std::fmt::Display>(
    ui: &mut egui::Ui,
    a: Option<&Result<Assessment, E>>,
) {
    ui.heading("依规评估");
    let Some(a) = a else { return };
    let a = match a {
        Ok(a) => a,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return;
        }
    };
    ui.small(format!("《{}》", a.regulation_name));
    for r in &a.respondents {
        ui.separator();
        ui.strong(format!(
            "{}：{}",
            if r.name.is_empty() {
                "被问责人"
            } else {
                &r.name
            },
            r.direction.label()
        ));
        ui.label(&r.direction_explanation);
        for f in &r.factors {
            ui.small(format!(
                "· {}（{}）{}",
                f.label,
                f.effects.join("/"),
                f.citation.short()
            ));
        }
        if let Some(s) = &r.severity {
            ui.label(format!("情节：{}　{}", s.id, s.explanation));
            ui.small(s.citation.short());
        }
        if !r.recommended_methods.is_empty() {
            let m: Vec<&str> = r
                .recommended_methods
                .iter()
                .map(|m| m.id.as_str())
                .collect();
            ui.label(format!("推荐问责方式：{}", m.join("、")));
            for m in &r.recommended_methods {
                ui.small(format!("· {}：{}", m.id, m.citation.short()));
            }
        }
        if let Some(t) = &r.tolerance {
            ui.label(&t.explanation);
            for c in &t.conditions_unmet {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("未满足：{}（{}）", c.label, c.citation.article),
                );
            }
        }
        for c in &r.consequences {
            let until = c
                .until
                .map(|d| format!("，至{}", cn_date(d)))
                .unwrap_or_default();
            ui.small(format!(
                "后果：{}{}（{}）",
                c.label,
                until,
                c.citation.short()
            ));
        }
        for n in &r.notes {
            let tag = if n.editorial { "【释义】" } else { "" };
            ui.small(format!("{tag}{}（{}）", n.text, n.citation.short()));
        }
        for c in &r.correction {
            ui.small(format!(
                "纠错：{}——{}（{}）",
                c.by,
                c.label,
                c.citation.short()
            ));
        }
        for warn in &r.warnings {
            ui.colored_label(ui.visuals().warn_fg_color, warn);
        }
        for e in &r.errors {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "错误：{}（{}：{}）",
                    e.text,
                    e.citation.short(),
                    e.citation.text
                ),
            );
        }
    }
    for n in &a.findings {
        let tag = if n.editorial { "【释义】" } else { "" };
        ui.label(format!("{tag}{}（{}）", n.text, n.citation.short()));
    }
    if !a.deadlines.is_empty() {
        ui.separator();
        for d in &a.deadlines {
            let due = d
                .due
                .map(cn_date)
                .unwrap_or_else(|| format!("自{}起算", d.from));
            ui.small(format!(
                "期限：{}——{}（{}）",
                d.label,
                due,
                d.citation.short()
            ));
        }
    }
    for n in &a.notes {
        ui.colored_label(ui.visuals().warn_fg_color, n);
    }
}
