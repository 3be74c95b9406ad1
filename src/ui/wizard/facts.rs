//! 调查核实: facts and evidence shared by the case, the team, the
//! investigation's dates; per respondent, the facts and evidence that concern
//! them alone and their 陈述申辩 (and, under a joint-liability article, a
//! recorded dissent).

use super::{field, multiline, respondent_tabs, text};
use crate::app::session::WizardSession;
use crate::rules::RegulationSet;
use crate::rules::engine::cn_date;

pub(super) fn fact_finding(ui: &mut egui::Ui, w: &mut WizardSession, regs: &RegulationSet) {
    ui.heading("调查核实");
    let many = w.form.respondents.len() > 1;
    if many {
        ui.label("本案共同的事实和证据（各被问责人的决定书都写明）：");
    }
    let mut v = w.form.facts.clone();
    // With one respondent the case's facts are theirs: the message goes here.
    let id = if many { "shared_facts" } else { "facts" };
    field(ui, w, id, "查明的事实", |ui| {
        multiline(ui, &mut v, "每行一条事实", 5)
    });
    w.form.facts = v;
    let mut v = w.form.evidence.clone();
    field(ui, w, "evidence", "证据", |ui| {
        multiline(ui, &mut v, "每行一项证据，如：询问笔录", 3)
    });
    w.form.evidence = v;
    let mut v = w.form.team.clone();
    field(ui, w, "team", "调查组成员", |ui| {
        text(ui, &mut v, "用顿号分隔", 360.0)
    });
    w.form.team = v;
    let mut v = w.form.investigation_started_on.clone();
    field(
        ui,
        w,
        "investigation_started_on",
        "调查开始日期",
        |ui| text(ui, &mut v, "2026-03-05", 140.0),
    );
    w.form.investigation_started_on = v;
    deadlines(ui, w);
    let mut ext = w.form.extended;
    ui.checkbox(&mut ext, "经批准延长调查期限");
    w.form.extended = ext;
    if w.form.extended {
        let mut v = w.form.extension_reason.clone();
        field(ui, w, "extension_reason", "延长理由", |ui| {
            text(ui, &mut v, "特殊情况及批准情况", 360.0)
        });
        w.form.extension_reason = v;
    }
    ui.add_space(8.0);
    respondent_tabs(ui, w);
    if many {
        ui.strong(format!("仅涉及{}的事实和证据", w.form.cur().name()));
        let mut v = w.form.cur().facts.clone();
        field(ui, w, "facts", "本人的事实", |ui| {
            multiline(ui, &mut v, "每行一条，只写入本人的决定书", 3)
        });
        w.form.cur_mut().facts = v;
        let mut v = w.form.cur().evidence.clone();
        field(ui, w, "own_evidence", "本人的证据", |ui| {
            multiline(ui, &mut v, "每行一项", 2)
        });
        w.form.cur_mut().evidence = v;
    }
    ui.add_space(8.0);
    ui.strong("陈述申辩");
    let mut v = w.form.cur().statement_heard_on.clone();
    field(ui, w, "statement_heard_on", "听取日期", |ui| {
        text(ui, &mut v, "2026-03-05", 140.0)
    });
    w.form.cur_mut().statement_heard_on = v;
    let mut v = w.form.cur().statement.clone();
    field(ui, w, "statement", "陈述申辩内容", |ui| {
        multiline(ui, &mut v, "被问责人的陈述、申辩", 3)
    });
    w.form.cur_mut().statement = v;
    let mut v = w.form.cur().statement_adopted.clone();
    field(ui, w, "statement_adopted", "采纳情况", |ui| {
        multiline(ui, &mut v, "是否采纳及理由（如请求从轻处理，须写明）", 2)
    });
    w.form.cur_mut().statement_adopted = v;
    let mut first = w.form.notice_first;
    if ui
        .checkbox(
            &mut first,
            "先送达事先告知书（尚未听取；在“审批与送达”一步登记并签发，期满或听取后方可签发决定）",
        )
        .changed()
    {
        w.form.notice_first = first;
    }
    dissent(ui, w, regs);
    supervising_leader(ui, w, regs);
}

/// Under a joint-liability article that exempts a member who showed dissent
/// (徐水 第九条), whether this respondent's dissent is on record.
fn dissent(ui: &mut egui::Ui, w: &mut WizardSession, regs: &RegulationSet) {
    let Some(reg) = regs.get(&w.form.regulation) else {
        return;
    };
    let Some(joint) = reg.joint.as_ref().filter(|j| j.dissent_exempt) else {
        return;
    };
    let (art, article) = super::cite_text(reg, &joint.cite);
    ui.add_space(8.0);
    ui.strong(format!("共同责任（{art}）"));
    let mut on = w.form.cur().dissent_recorded;
    ui.checkbox(
        &mut on,
        "集体讨论或共同办理中已表示不同意见，且有记录可以证明",
    );
    w.form.cur_mut().dissent_recorded = on;
    if on {
        // 第九条 is about a 共同行为: the co-actors may be outside this case.
        ui.horizontal(|ui| {
            let l = ui.label("本案以外的共同行为人");
            ui.add(
                egui::TextEdit::singleline(&mut w.form.cur_mut().co_actors)
                    .hint_text("姓名，多人以“、”分隔；本案其他被问责人无须填写"),
            )
            .labelled_by(l.id);
        });
    }
    egui::CollapsingHeader::new("条文")
        .id_salt("joint-article")
        .show(ui, |ui| {
            ui.small(article);
        });
}

/// Where the regulation makes the heads jointly liable (000 第八条第（四）项),
/// the respondent's own 分管领导: found by this record, never by unit.
fn supervising_leader(ui: &mut egui::Ui, w: &mut WizardSession, regs: &RegulationSet) {
    let Some(reg) = regs.get(&w.form.regulation) else {
        return;
    };
    let Some(joint) = reg.joint.as_ref().filter(|j| !j.heads_cite.is_empty()) else {
        return;
    };
    let (art, article) = super::cite_text(reg, &joint.heads_cite);
    ui.add_space(8.0);
    ui.strong(format!("连带责任（{art}）"));
    ui.horizontal(|ui| {
        let l = ui.label("本人的分管领导");
        ui.add(
            egui::TextEdit::singleline(&mut w.form.cur_mut().supervising_leader)
                .hint_text("姓名，如：吕副厅长（分管领导不按处室认定）"),
        )
        .labelled_by(l.id);
    });
    egui::CollapsingHeader::new("条文")
        .id_salt("heads-article")
        .show(ui, |ui| {
            ui.small(article);
        });
}

/// The investigation's deadlines as the assessment computes them.
fn deadlines(ui: &mut egui::Ui, w: &WizardSession) {
    let Some(Ok(a)) = &w.assessment else { return };
    let today = jiff::Zoned::now().date();
    for d in a.deadlines.iter().filter(|d| {
        use crate::rules::regulation::DeadlineFrom;
        matches!(
            d.from,
            DeadlineFrom::InvestigationStart | DeadlineFrom::Received
        )
    }) {
        let Some(due) = d.due else { continue };
        let left = (due - today).get_days();
        let text = format!(
            "　　{}：{}届满（{}）{}",
            d.label,
            cn_date(due),
            if left >= 0 {
                format!("尚余 {left} 天")
            } else {
                format!("已逾期 {} 天", -left)
            },
            d.calendar_note
                .as_deref()
                .map(|n| format!("；{n}"))
                .unwrap_or_default()
        );
        if left < 0 {
            ui.colored_label(ui.visuals().error_fg_color, text);
        } else {
            ui.label(text);
        }
        ui.small(format!("　　依据：{}", d.citation.short()));
    }
}
