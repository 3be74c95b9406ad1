//! 案卷: everything the register holds about one case.

use crate::app::casedocs::CaseDocs;
use crate::app::procedure::CaseActions;
use crate::app::screens::{CaseScreen, CaseView};
use crate::app::{Command, Route, Shared};
use crate::domain::views::CaseFile;
use crate::rules::RegulationSet;

/// The 案卷: the shared context and the screen's own state (the case, its
/// action forms, its documents).
pub(super) fn show(
    shared: &Shared,
    case: &mut CaseScreen,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let reviewer = shared.user().is_some_and(|u| u.may_issue());
    let CaseScreen {
        view,
        actions,
        docs,
    } = case;
    show_file(shared, view.as_ref(), actions, docs, reviewer, ui, commands);
}

fn show_file(
    shared: &Shared,
    view: Option<&CaseView>,
    actions: &mut CaseActions,
    docs: &mut CaseDocs,
    reviewer: bool,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let Some(view) = view else {
        ui.label("未选择案件。");
        return;
    };
    let f = &view.file;
    ui.horizontal(|ui| {
        if ui.button("返回台账").clicked() {
            commands.push(Command::Navigate(Route::Register));
        }
        ui.heading(format!("案卷　{}", f.case_no));
        ui.label(format!("阶段：{}", f.stage));
        if f.archived {
            ui.colored_label(ui.visuals().warn_fg_color, "已归档");
        }
    });
    // A reserved line for the messages: the file does not jump when one appears.
    super::import::reserved_line(ui, |ui| {
        for m in [&view.message, &actions.message] {
            if !m.is_empty() {
                ui.strong(m);
            }
        }
    });
    ui.separator();

    egui::Panel::right("case_assessment")
        .default_size(400.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("case_assessment_scroll")
                .show(ui, |ui| {
                    super::wizard::assessment_panel(ui, Some(&view.assessment));
                });
        });

    egui::CentralPanel::default().show(ui, |ui| {
        // Each case its own scroll position: another case starts at the top.
        egui::ScrollArea::vertical()
            .id_salt(("case_file_scroll", view.file.id))
            .show(ui, |ui| {
                file_sections(ui, shared, view, actions, docs, reviewer, commands)
            });
    });
}

/// The file's sections, top to bottom: the record, the documents and the
/// procedure's actions, the audit trail.
fn file_sections(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &CaseView,
    actions: &mut CaseActions,
    docs: &mut CaseDocs,
    reviewer: bool,
    commands: &mut Vec<Command>,
) {
    let f = &view.file;
    let regs = &shared.regulations;
    section(ui, "基本情况", true, |ui| basics(ui, f, regs));
    section(
        ui,
        &format!("被问责人（{}）", f.respondents.len()),
        true,
        |ui| respondents(ui, f, commands),
    );
    section(ui, &format!("事实（{}）", f.facts.len()), true, |ui| {
        for (i, t) in f.facts.iter().enumerate() {
            ui.label(format!("{}. {t}", i + 1));
        }
    });
    section(
        ui,
        &format!("证据（{}）", f.evidence.len()),
        false,
        |ui| evidence(ui, f),
    );
    section(
        ui,
        &format!("陈述申辩（{}）", f.statements.len()),
        false,
        |ui| statements(ui, f),
    );
    section(
        ui,
        &format!("情节认定（{}）", f.selections.len()),
        false,
        |ui| selections(ui, f, regs),
    );
    section(
        ui,
        &format!("决定（{}）", f.decisions.len()),
        true,
        |ui| decisions(ui, f),
    );
    section(
        ui,
        &format!("文书（{}）", f.documents.len()),
        true,
        |ui| {
            documents(ui, f, commands);
            super::case_docs::archive_button(ui, shared, docs, commands);
        },
    );
    // Open while someone is undecided (the 事先告知 comes first);
    // after the decisions the issued documents are listed above.
    let undecided = docs.respondents.iter().any(|r| !r.decided);
    section(ui, "各被问责人的文书", undecided, |ui| {
        super::case_docs::section(ui, shared, view, actions, docs, commands)
    });
    section(
        ui,
        &format!("送达（{}）", f.deliveries.len()),
        true,
        |ui| super::case_actions::delivery(ui, f, actions, &view.assessment, commands),
    );
    let remedy_title = if actions.remedy_kinds.is_empty() {
        "复查/申诉".to_owned()
    } else {
        let k: Vec<&str> = actions.remedy_kinds.iter().map(|k| k.label()).collect();
        k.join("/")
    };
    section(
        ui,
        &format!("{remedy_title}（{}）", actions.remedies.len()),
        !f.decisions.is_empty(),
        |ui| super::case_actions::remedies(ui, f, regs, actions, reviewer, commands),
    );
    section(
        ui,
        &format!("后续事项（{}）", f.follow_ups.len()),
        true,
        |ui| super::case_actions::follow_ups(ui, f, regs, actions, commands),
    );
    section(ui, "补录陈述申辩、证据", false, |ui| {
        super::case_actions::later(ui, f, actions, commands)
    });
    section(
        ui,
        &format!("审计记录（{}）", f.audit.len()),
        false,
        |ui| audit(ui, f),
    );
}

/// 基本情况: the case's record.
fn basics(ui: &mut egui::Ui, f: &CaseFile, regs: &RegulationSet) {
    let reg_name = regs
        .get(&f.regulation_id)
        .map(|r| r.regulation.name.clone())
        .unwrap_or_else(|| f.regulation_id.clone());
    grid(
        ui,
        "case_head",
        &[
            ("适用规定", format!("《{reg_name}》")),
            (
                "容错纠错",
                if f.tolerance_overlay {
                    "同时适用".into()
                } else {
                    "否".into()
                },
            ),
            ("线索来源", f.clue_source.clone()),
            ("受理日期", f.received_on.clone()),
            (
                "开始调查",
                f.investigation_started_on.clone().unwrap_or_default(),
            ),
            (
                "调查期限",
                if f.investigation_extended {
                    format!("已延长：{}", f.extension_reason)
                } else {
                    "未延长".into()
                },
            ),
            ("决定日期", f.decided_on.clone().unwrap_or_default()),
            (
                "举报人",
                f.reporter_masked.clone().unwrap_or_else(|| "无".into()),
            ),
            ("案情摘要", f.summary.clone()),
        ],
    );
}

/// 被问责人, each a link to their person file.
fn respondents(ui: &mut egui::Ui, f: &CaseFile, commands: &mut Vec<Command>) {
    for r in &f.respondents {
        ui.horizontal(|ui| {
            if ui
                .link(&r.name)
                .on_hover_text("查看此人的全部案件")
                .clicked()
            {
                commands.push(Command::OpenPerson(r.person_id));
            }
            ui.label(format!(
                "{}　{}　{}　{}　{}{}",
                r.role,
                r.unit,
                r.post,
                r.rank,
                r.status,
                if r.dissent_recorded {
                    "　已记录不同意见"
                } else {
                    ""
                }
            ));
            ui.label(egui::RichText::new(format!("【{}】", r.state.label())).strong())
                .on_hover_text("该被问责人的办理状态（由登记的记录推定）");
        });
    }
}

/// 证据 and the 调查组.
fn evidence(ui: &mut egui::Ui, f: &CaseFile) {
    for e in &f.evidence {
        ui.label(format!("{}. {}（{}）{}", e.seq, e.title, e.kind, e.source));
    }
    if !f.team.is_empty() {
        let team: Vec<String> = f.team.iter().map(|(n, d)| format!("{n}（{d}）")).collect();
        ui.label(format!("调查组：{}", team.join("、")));
    }
}

/// 陈述申辩 heard, with whether each was adopted.
fn statements(ui: &mut egui::Ui, f: &CaseFile) {
    for s in &f.statements {
        ui.label(format!("{} {}：{}", s.heard_on, s.respondent, s.content));
        if !s.adopted.is_empty() {
            ui.small(format!("采纳情况：{}", s.adopted));
        }
    }
}

/// 情节认定: the clerk's selections, in the regulation's words.
fn selections(ui: &mut egui::Ui, f: &CaseFile, regs: &RegulationSet) {
    for s in &f.selections {
        let label = regs
            .get(&s.regulation_id)
            .and_then(|r| r.item_label(s.kind, &s.item_id))
            .unwrap_or_else(|| s.item_id.clone());
        ui.label(format!("{}：{}　{}", s.respondent, s.kind.label(), label));
    }
}

/// 决定: each decision, what it supersedes and what superseded it.
fn decisions(ui: &mut egui::Ui, f: &CaseFile) {
    for d in &f.decisions {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{}　{}", d.kind, d.doc_no));
            ui.label(format!(
                "{}　{}　方式：{}{}　批准：{}",
                d.decided_on,
                d.respondent,
                if d.methods.is_empty() {
                    "无".into()
                } else {
                    d.methods.join("、")
                },
                if d.measures.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", d.measures.join("、"))
                },
                d.approved_by
            ));
        });
        if !d.departure_reason.is_empty() {
            ui.small(format!("未采用推荐方式的理由：{}", d.departure_reason));
        }
        if !d.precedent_reason.is_empty() {
            ui.small(format!("与类案不一致的理由：{}", d.precedent_reason));
        }
        if let Some(s) = d.supersedes {
            let old = f
                .decisions
                .iter()
                .find(|x| x.id == s)
                .map(|x| x.doc_no.as_str())
                .unwrap_or("（原决定）");
            ui.small(format!("变更/更正决定，取代 {old}"));
        }
        if d.revoked {
            ui.small("已撤销（本决定保留不变，不再计入问责记录）");
        }
        if f.decisions.iter().any(|x| x.supersedes == Some(d.id)) {
            ui.small("已被后来的决定取代（本决定保留不变）");
        }
    }
    ui.small("已作出的决定不可修改；更正须另作决定。");
}

/// 文书: the issued documents, to open, save or print.
fn documents(ui: &mut egui::Ui, f: &CaseFile, commands: &mut Vec<Command>) {
    for d in &f.documents {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{}　{}　{} KB　{}",
                d.title,
                d.doc_no,
                (d.bytes + 1023) / 1024,
                d.created_at
                    .get(..16)
                    .unwrap_or(&d.created_at)
                    .replace('T', " ")
            ))
            .on_hover_text("与签发时逐字节一致（已校验）");
            if ui.button("打开").clicked() {
                commands.push(Command::OpenDocument(d.id));
            }
            if ui.button("另存为…").clicked() {
                commands.push(Command::SaveDocument(d.id));
            }
            if ui.button("打印").clicked() {
                commands.push(Command::PrintDocument(
                    d.id,
                    format!("{} {}", d.title, d.doc_no),
                ));
            }
        });
    }
}

/// 审计记录 about the case.
fn audit(ui: &mut egui::Ui, f: &CaseFile) {
    for a in &f.audit {
        ui.small(format!(
            "{}　{}　{}　{}",
            a.at.get(..19).unwrap_or(&a.at).replace('T', " "),
            a.actor,
            a.action,
            crate::domain::views::audit_detail_for_reading(&a.detail)
        ));
    }
}

pub(super) fn section(ui: &mut egui::Ui, title: &str, open: bool, add: impl FnOnce(&mut egui::Ui)) {
    egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .id_salt(title.split('（').next().unwrap_or(title))
        .default_open(open)
        .show(ui, add);
}

pub(super) fn grid(ui: &mut egui::Ui, id: &str, rows: &[(&str, String)]) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (k, v) in rows {
                ui.strong(*k);
                ui.label(v);
                ui.end_row();
            }
        });
}
