//! 案卷 actions after issue: 送达 (with 送达回证; the remedy deadline runs
//! from it), 复查/申诉 and their outcome, follow-ups marked done, 陈述申辩
//! and evidence added later. The forms edit raw values; the commands
//! validate and write.

use crate::app::Command;
use crate::app::error::AppResult;
use crate::app::procedure::CaseActions;
use crate::domain::procedure::DecisionKind;
use crate::domain::procedure::{DeliveryMethod, RemedyKind, RemedyOutcome};
use crate::domain::views::CaseFile;
use crate::rules::RegulationSet;
use crate::rules::engine::{Assessment, cn_date};

fn labelled(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, width: f32) {
    ui.horizontal(|ui| {
        let l = ui.add_sized([110.0, 20.0], egui::Label::new(label));
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(l.id);
    });
}

fn choice(ui: &mut egui::Ui, label: &str, selected: &mut usize, options: &[&str]) {
    ui.horizontal(|ui| {
        let l = ui.add_sized([110.0, 20.0], egui::Label::new(label));
        egui::ComboBox::from_id_salt(label)
            .width(200.0)
            .selected_text(options.get(*selected).copied().unwrap_or(""))
            .show_ui(ui, |ui| {
                for (i, o) in options.iter().enumerate() {
                    ui.selectable_value(selected, i, *o);
                }
            })
            .response
            .labelled_by(l.id);
    });
}

/// A decision not to hold accountable: no remedy is told (it imposes nothing).
const NOT_HELD: DecisionKind = DecisionKind::NoAccountability;

/// The remedy (复查/申诉) route and its last day, computed from the delivery;
/// the period only where the text gives one. None for a respondent not held
/// accountable (`imposes` false: 不予问责, docs/interpretations.md).
pub(super) fn remedy_line(
    ui: &mut egui::Ui,
    a: &AppResult<Assessment>,
    delivered: bool,
    imposes: bool,
) {
    let Ok(a) = a else { return };
    if !imposes {
        return;
    }
    match &a.remedy {
        Some(r) => {
            let text = match (r.last_day, &r.period) {
                (Some(d), _) => format!(
                    "救济期限：被问责人可向{}申请{}，最后一日为{}",
                    r.body,
                    r.kind,
                    cn_date(d)
                ),
                (None, None) => {
                    format!("救济：可向{}申请{}（本规定未规定期限）", r.body, r.kind)
                }
                (None, Some(p)) if delivered => {
                    format!("救济：可向{}申请{}，期限为{p}", r.body, r.kind)
                }
                (None, Some(p)) => format!(
                    "救济：可向{}申请{}，期限为{p}；尚未送达，送达后计算最后一日",
                    r.body, r.kind
                ),
            };
            ui.strong(text).on_hover_text(&r.citation.text);
            ui.small(r.citation.short());
        }
        None => {
            ui.label("本规定未规定复查或申诉途径");
        }
    }
}

pub(super) fn delivery(
    ui: &mut egui::Ui,
    f: &CaseFile,
    a: &mut CaseActions,
    assessment: &AppResult<Assessment>,
    commands: &mut Vec<Command>,
) {
    for (i, d) in f.deliveries.iter().enumerate() {
        let receipt = a.receipts.get(i).map(String::as_str).unwrap_or("");
        ui.label(format!(
            "{}　{}　受送达人：{}{}{}",
            d.delivered_on,
            d.method,
            d.recipient,
            if d.witness.is_empty() {
                String::new()
            } else {
                format!("　见证人：{}", d.witness)
            },
            if receipt.is_empty() {
                String::new()
            } else {
                format!("　送达回证：{receipt}")
            }
        ));
    }
    if a.remedy_by_respondent.is_empty() {
        remedy_line(
            ui,
            assessment,
            !f.decisions.is_empty() && !f.deliveries.is_empty(),
            f.decisions.is_empty() || f.decisions.iter().any(|d| d.kind != NOT_HELD),
        );
    } else {
        // Several respondents: each one's period runs from their own delivery.
        for (name, assessment, delivered, imposes) in &a.remedy_by_respondent {
            if *imposes {
                ui.label(format!("{name}："));
                remedy_line(ui, assessment, *delivered, true);
            }
        }
    }
    if f.documents.is_empty() {
        ui.label("签发文书（事先告知书或决定书）后可登记送达。");
        return;
    }
    ui.add_space(4.0);
    ui.strong("登记送达");
    // Which document is served (default: the newest).
    let chosen = a
        .delivery_document
        .and_then(|id| f.documents.iter().find(|d| d.id == id))
        .or_else(|| f.documents.last());
    ui.horizontal(|ui| {
        let l = ui.add_sized([110.0, 20.0], egui::Label::new("送达文书"));
        egui::ComboBox::from_id_salt("delivery_document")
            .width(320.0)
            .selected_text(
                chosen
                    .map(|d| format!("{} {}", d.title, d.doc_no))
                    .unwrap_or_default(),
            )
            .show_ui(ui, |ui| {
                for d in f.documents.iter().rev() {
                    ui.selectable_value(
                        &mut a.delivery_document,
                        Some(d.id),
                        format!("{} {}", d.title, d.doc_no),
                    );
                }
            })
            .response
            .labelled_by(l.id);
    });
    labelled(ui, "送达日期", &mut a.delivered_on, "2026-03-05", 140.0);
    let methods: Vec<&str> = DeliveryMethod::ALL.iter().map(|m| m.label()).collect();
    choice(ui, "送达方式", &mut a.delivery_method, &methods);
    labelled(ui, "受送达人", &mut a.recipient, "签收人姓名", 200.0);
    labelled(
        ui,
        "送达地点",
        &mut a.address,
        "如：本局执法处办公室",
        320.0,
    );
    labelled(ui, "送达时间", &mut a.served_at, "如：10时30分", 140.0);
    labelled(
        ui,
        "送达人",
        &mut a.deliverer,
        "两名送达人，以顿号分隔",
        240.0,
    );
    labelled(
        ui,
        "代收人",
        &mut a.agent,
        "代收人姓名及代收理由（无则不填）",
        320.0,
    );
    labelled(
        ui,
        "送达回证",
        &mut a.receipt,
        "回证签收情况、编号或存放位置",
        320.0,
    );
    // The witness line is always there (enabled for 留置送达 only): the form
    // does not jump when the method changes.
    ui.add_enabled_ui(a.delivery_method() == DeliveryMethod::LeftAtAddress, |ui| {
        labelled(ui, "见证人", &mut a.witness, "留置送达须有见证人", 200.0);
    });
    labelled(ui, "备考", &mut a.note, "", 320.0);
    if ui.button("记录送达").clicked() {
        commands.push(Command::RecordDelivery);
    }
}

pub(super) fn remedies(
    ui: &mut egui::Ui,
    f: &CaseFile,
    regs: &RegulationSet,
    a: &mut CaseActions,
    reviewer: bool,
    commands: &mut Vec<Command>,
) {
    // One answer form, for the application chosen (the oldest open one
    // until the reviewer picks another): two forms would share one state.
    let open: Vec<i64> = a
        .remedies
        .iter()
        .filter(|r| r.outcome.is_none())
        .map(|r| r.id)
        .collect();
    let answering = a
        .remedy_answering
        .filter(|id| open.contains(id))
        .or_else(|| open.first().copied());
    for r in a.remedies.clone() {
        ui.group(|ui| {
            ui.label(format!(
                "{}申请　{}　针对 {}　申请人理由：{}",
                r.kind.label(),
                r.applied_on,
                r.original_doc_no,
                r.grounds
            ));
            match r.outcome {
                Some(o) => {
                    ui.strong(answer_line(&r, o));
                    if !r.reason.is_empty() {
                        ui.label(format!("理由：{}", r.reason));
                    }
                    if o == RemedyOutcome::Revoke {
                        joint_heads_flag(ui, f, regs, &r);
                    }
                }
                None if reviewer && answering == Some(r.id) => {
                    late_line(ui, a, r.id);
                    decide_form(ui, f, regs, a, &r, commands)
                }
                None if reviewer => {
                    late_line(ui, a, r.id);
                    if ui.button("办理此申请").clicked() {
                        let today = a.remedy_decided_on.clone();
                        a.clear_answer(&today);
                        a.remedy_answering = Some(r.id);
                    }
                }
                None => {
                    late_line(ui, a, r.id);
                    ui.label("尚未登记结果（由审核人或管理员办理）");
                }
            }
        });
    }
    // Only a decision in force can be challenged (not one revoked or
    // superseded).
    let in_force = f
        .decisions
        .iter()
        .any(|d| !d.revoked && !f.decisions.iter().any(|x| x.supersedes == Some(d.id)));
    if !in_force {
        if !f.decisions.is_empty() {
            ui.label("本案没有现行有效的决定（已撤销或已被取代），无须再申请。");
        }
        return;
    }
    ui.add_space(4.0);
    if a.remedy_kinds.is_empty() {
        ui.label("本案适用的规定没有规定复查或申诉途径，本机关也未设置（设置 → 文书）。");
        return;
    }
    let names: Vec<&str> = a.remedy_kinds.iter().map(|k| k.label()).collect();
    ui.strong(format!("登记{}申请", names.join("/")));
    if f.respondents.len() > 1 {
        let chosen = a
            .remedy_respondent
            .and_then(|id| f.respondents.iter().find(|r| r.id == id))
            .map(|r| format!("{}（{}）", r.name, r.role))
            .unwrap_or_else(|| "请选择".to_owned());
        ui.horizontal(|ui| {
            let l = ui.add_sized([110.0, 20.0], egui::Label::new("申请人"));
            egui::ComboBox::from_id_salt("remedy_respondent")
                .width(240.0)
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for r in &f.respondents {
                        ui.selectable_value(
                            &mut a.remedy_respondent,
                            Some(r.id),
                            format!("{}（{}）", r.name, r.role),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
    if names.len() > 1 {
        choice(ui, "申请类别", &mut a.remedy_kind, &names);
    }
    labelled(
        ui,
        "申请日期",
        &mut a.remedy_applied_on,
        "2026-03-05",
        140.0,
    );
    labelled(
        ui,
        "申请理由",
        &mut a.remedy_grounds,
        "被问责人提出的理由",
        360.0,
    );
    if ui.button("登记申请").clicked() {
        commands.push(Command::RecordRemedy);
    }
}

/// 000 第八条第（四）项: heads who answer jointly for the 当事人's penalty.
/// When the 当事人's decision is revoked, their decisions rest on nothing:
/// said beside the answer, with the article, for the office to review them.
fn joint_heads_flag(
    ui: &mut egui::Ui,
    f: &CaseFile,
    regs: &RegulationSet,
    r: &crate::domain::procedure::RemedyRow,
) {
    let Some(reg) = regs.get(&f.regulation_id) else {
        return;
    };
    let Some(j) = reg.joint.as_ref().filter(|j| !j.heads_cite.is_empty()) else {
        return;
    };
    let heads: Vec<String> = f
        .respondents
        .iter()
        .filter(|x| Some(x.id) != r.respondent_id)
        .filter(|x| matches!(x.role.label(), "部门负责人" | "分管领导"))
        .filter(|x| {
            f.decisions
                .iter()
                .any(|d| d.respondent_id == x.id && !d.revoked)
        })
        .map(|x| format!("{}（{}）", x.name, x.role.label()))
        .collect();
    if heads.is_empty() {
        return;
    }
    let article = j
        .heads_cite
        .parse()
        .map(|c| c.to_string())
        .unwrap_or_default();
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!(
            "原决定已撤销：{}依{article}对当事人的处罚承担连带责任，其决定须一并审查（可另行复查或更正）",
            heads.join("、")
        ),
    );
}

/// An application made after its period: said, with the article.
fn late_line(ui: &mut egui::Ui, a: &CaseActions, remedy_id: i64) {
    if let Some((_, why)) = a.late.iter().find(|(id, _)| *id == remedy_id) {
        ui.colored_label(ui.visuals().warn_fg_color, why);
    }
}

/// A recorded answer in the regulation's own words: the bureau's 复查决定
/// with its 文号, or the other body's 申诉 answer with its number.
fn answer_line(r: &crate::domain::procedure::RemedyRow, o: RemedyOutcome) -> String {
    let on = r.decided_on.clone().unwrap_or_default();
    let effect = match (o, &r.result_doc_no) {
        (RemedyOutcome::Uphold | RemedyOutcome::NotAccepted, _) => "原决定继续有效".to_owned(),
        (RemedyOutcome::Change, Some(n)) => format!("此后以 {n} 为准，原决定保留不变"),
        (RemedyOutcome::Change, None) => "原决定保留不变".to_owned(),
        (RemedyOutcome::Revoke, _) => "原决定不再计入问责记录".to_owned(),
    };
    match r.kind {
        RemedyKind::Review => format!(
            "复查决定：{}（{}，{on}）；{effect}",
            o.label(),
            r.answer_doc_no
        ),
        RemedyKind::Appeal => {
            let no = if r.answer_doc_no.is_empty() {
                String::new()
            } else {
                format!("，{}", r.answer_doc_no)
            };
            format!("申诉结果：{}{}（{on}{no}）；{effect}", r.body, o.label())
        }
    }
}

fn decide_form(
    ui: &mut egui::Ui,
    f: &CaseFile,
    regs: &RegulationSet,
    a: &mut CaseActions,
    r: &crate::domain::procedure::RemedyRow,
    commands: &mut Vec<Command>,
) {
    let kind = r.kind;
    if kind == RemedyKind::Appeal {
        labelled(
            ui,
            "受理机关",
            &mut a.remedy_body,
            "作出申诉决定的有关部门",
            280.0,
        );
    }
    let outcomes: Vec<&str> = RemedyOutcome::ALL.iter().map(|o| o.label()).collect();
    let what = match kind {
        RemedyKind::Review => "复查结果",
        RemedyKind::Appeal => "申诉结果",
    };
    choice(ui, what, &mut a.remedy_outcome, &outcomes);
    if a.remedy_outcome() == RemedyOutcome::Change
        && let Some(reg) = regs.get(&f.regulation_id)
    {
        ui.label("变更后的问责方式：");
        ui.horizontal_wrapped(|ui| {
            for m in &reg.methods {
                let id = m.id.get_ref();
                let mut on = a.remedy_methods.contains(id);
                if ui.checkbox(&mut on, id.as_str()).changed() {
                    if on {
                        a.remedy_methods.insert(id.clone());
                    } else {
                        a.remedy_methods.remove(id);
                    }
                }
            }
        });
    }
    match kind {
        RemedyKind::Review => {
            labelled(
                ui,
                "复查查明",
                &mut a.remedy_reason,
                "复查查明的情况和理由（必填）",
                360.0,
            );
        }
        RemedyKind::Appeal => {
            labelled(
                ui,
                "对方文号",
                &mut a.remedy_answer_no,
                "有关部门决定的文号（变更时必填）",
                280.0,
            );
            labelled(
                ui,
                "决定理由",
                &mut a.remedy_reason,
                "变更或撤销时必填",
                360.0,
            );
        }
    }
    labelled(
        ui,
        "决定日期",
        &mut a.remedy_decided_on,
        "2026-03-05",
        140.0,
    );
    let button = match kind {
        RemedyKind::Review => "作出复查决定",
        RemedyKind::Appeal => "登记申诉结果",
    };
    if ui.button(button).clicked() {
        commands.push(Command::DecideRemedy(r.id));
    }
    ui.small(match kind {
        RemedyKind::Review => {
            "复查决定另行编号并制作复查决定书；维持的，原决定继续有效；变更、撤销的，原决定保留不变，不再计入。"
        }
        RemedyKind::Appeal => {
            "申诉由有关部门处理，本机关不另行编号；维持的，原决定继续有效；变更、撤销的，以有关部门的决定为准。"
        }
    });
}

pub(super) fn follow_ups(
    ui: &mut egui::Ui,
    f: &CaseFile,
    regs: &RegulationSet,
    a: &mut CaseActions,
    commands: &mut Vec<Command>,
) {
    let mut any_open = false;
    for fu in &f.follow_ups {
        let cite = crate::rules::engine::Citation::lookup_stored(regs, &fu.cite);
        ui.horizontal_wrapped(|ui| {
            let done = a.done.iter().find(|(id, _)| *id == fu.id);
            let status = match done {
                Some((_, on)) => format!("{}（{on}）", fu.status),
                None => fu.status.clone(),
            };
            let resp = ui.label(format!(
                "{}　{}　{} 至 {}　{}",
                fu.person,
                fu.label,
                fu.starts_on.map(|d| d.to_string()).unwrap_or_default(),
                fu.ends_on.map(|d| d.to_string()).unwrap_or_default(),
                status
            ));
            if let Some(c) = &cite {
                resp.on_hover_text(&c.text);
            }
            if fu.status == "进行中" {
                any_open = true;
                if ui.button("办结").clicked() {
                    commands.push(Command::CompleteFollowUp(fu.id));
                }
            }
        });
        if let Some(c) = cite {
            ui.small(c.short());
        }
    }
    if any_open {
        labelled(
            ui,
            "办结日期",
            &mut a.follow_up_done_on,
            "2026-03-05",
            140.0,
        );
    }
}

pub(super) fn later(
    ui: &mut egui::Ui,
    f: &CaseFile,
    a: &mut CaseActions,
    commands: &mut Vec<Command>,
) {
    if f.respondents.len() > 1 {
        let chosen = a
            .statement_respondent
            .and_then(|id| f.respondents.iter().find(|r| r.id == id))
            .map(|r| format!("{}（{}）", r.name, r.role))
            .unwrap_or_else(|| "请选择".to_owned());
        ui.horizontal(|ui| {
            let l = ui.add_sized([110.0, 20.0], egui::Label::new("陈述申辩人"));
            egui::ComboBox::from_id_salt("statement_respondent")
                .width(240.0)
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for r in &f.respondents {
                        ui.selectable_value(
                            &mut a.statement_respondent,
                            Some(r.id),
                            format!("{}（{}）", r.name, r.role),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
    labelled(ui, "陈述申辩日期", &mut a.statement_on, "2026-03-05", 140.0);
    labelled(
        ui,
        "陈述申辩内容",
        &mut a.statement,
        "被问责人的陈述、申辩",
        360.0,
    );
    labelled(
        ui,
        "采纳情况",
        &mut a.statement_adopted,
        "是否采纳及理由（作出决定前须填写）",
        360.0,
    );
    if ui.button("补录陈述申辩").clicked() {
        commands.push(Command::AddLaterStatement);
    }
    labelled(ui, "证据名称", &mut a.evidence, "如：询问笔录", 260.0);
    if ui.button("补录证据").clicked() {
        commands.push(Command::AddLaterEvidence);
    }
}
