//! 审核确认 (a summary of the case and each respondent) and 审批与送达
//! (submit, return or issue; after issue, each respondent's document).

use super::{field, multiline, text};
use crate::app::session::WizardSession;
use crate::app::wizard::Outcome;
use crate::app::{Command, Route};
use crate::domain::CLUE_SOURCES;

pub(super) fn review(ui: &mut egui::Ui, w: &mut WizardSession) {
    ui.heading("审核确认");
    let f = &w.form;
    let reg_name = match &w.assessment {
        Some(Ok(a)) => format!("《{}》", a.regulation_name),
        _ => f.regulation.clone(),
    };
    ui.label(format!(
        "适用规定：{}{}",
        reg_name,
        if f.overlay {
            "（叠加容错纠错）"
        } else {
            ""
        }
    ));
    ui.label(format!(
        "受理日期：{}　线索来源：{}",
        f.received_on,
        CLUE_SOURCES.get(f.clue_source).copied().unwrap_or("")
    ));
    ui.label(format!("线索摘要：{}", f.summary));
    ui.label(format!(
        "共同事实：{} 条；共同证据：{} 项；决定日期：{}",
        f.facts_list().len(),
        f.evidence_list().len(),
        f.decided_on
    ));
    for (i, r) in f.respondents.iter().enumerate() {
        ui.separator();
        let (gender, unit, post, rank) = r.details();
        ui.strong(format!(
            "{}. {}（{}；{gender}，{unit}{post}，{rank}；{}，{}）",
            i + 1,
            r.name(),
            r.role,
            r.kind.label(),
            r.status.label()
        ));
        let methods: Vec<String> = r.methods.iter().cloned().collect();
        ui.label(if r.outcome == Outcome::Accountability {
            format!("结论：问责；问责方式：{}", methods.join("、"))
        } else {
            format!("结论：{}", r.outcome.label())
        });
        if r.dissent_recorded {
            ui.label("已表示不同意见（有记录）");
        }
        if !r.departure_reason.is_empty() {
            ui.label(format!("不同于推荐的理由：{}", r.departure_reason));
        }
        if !r.precedent_reason.is_empty() {
            ui.label(format!("与类案不一致的理由：{}", r.precedent_reason));
        }
        if let Some(Ok(a)) = &w.assessment
            && let Some(x) = a.respondents.get(i)
        {
            ui.label(format!("情节：{}", x.direction_explanation));
        }
    }
    ui.add_space(8.0);
    ui.label(
        "确认无误后进入下一步，由审核人审批签发。每位被问责人各作一份决定、各有文号；签发后决定不可更改（更正须另作决定）。",
    );
}

pub(super) fn issue_step(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    user: Option<&crate::domain::auth::User>,
    commands: &mut Vec<Command>,
) {
    ui.heading("审批与送达");
    if w.issued.is_some() {
        issued(ui, w, commands);
        return;
    }
    crate::ui::review::history(ui, &w.review);
    let reviewer = user.is_some_and(|u| u.may_issue());
    match user {
        Some(u) if reviewer => {
            ui.label(format!("审核人：{}（{}）", u.display_name, u.role));
        }
        Some(u) => {
            ui.label(format!(
                "{}（{}）：请提交审核，由审核人审批签发。",
                u.display_name, u.role
            ));
        }
        None => {}
    }
    let mut v = w.form.delivered_on.clone();
    field(ui, w, "delivered_on", "送达日期", |ui| {
        text(ui, &mut v, "2026-03-05（可稍后在案卷中补录）", 240.0)
    });
    w.form.delivered_on = v;
    ui.add_space(8.0);
    if let Some(r) = &w.form.registered {
        ui.label(format!(
            "已登记：案号 {}（事先告知书已签发；送达和陈述申辩在案卷中登记）",
            r.case_no
        ));
        if ui.button("打开案卷").clicked() {
            commands.push(Command::OpenCase(r.case_id));
        }
    }
    if reviewer && (w.form.notice_first || w.form.registered.is_some()) {
        let mut v = w.form.notice_on.clone();
        field(ui, w, "notice_on", "告知书日期", |ui| {
            text(
                ui,
                &mut v,
                "成文日期，如 2026-03-05（不填为签发当日）",
                280.0,
            )
        });
        w.form.notice_on = v;
        ui.horizontal(|ui| {
            if ui.button("登记并签发事先告知书").clicked() {
                commands.push(Command::WizardIssueNotice);
            }
            ui.small(
                "作出决定前：登记案件，为每位拟问责的被问责人签发问责事先告知书（各有文号）。",
            );
        });
        ui.add_space(4.0);
    }
    let last = w.review.last().map(|e| e.action);
    if reviewer {
        ui.horizontal(|ui| {
            match crate::domain::procedure::ReviewAction::Approve.may_follow(last) {
                Ok(()) => {
                    if ui.button("审批签发").clicked() {
                        commands.push(Command::WizardAskIssue);
                    }
                    ui.small("签发时为每位被问责人分配文号、锁定决定、生成并存档 PDF。");
                }
                Err(why) => {
                    ui.add_enabled(false, egui::Button::new("审批签发"));
                    ui.small(why);
                }
            }
        });
        ui.add_space(8.0);
        let mut c = w.return_comment.clone();
        field(ui, w, "return_comment", "退回意见", |ui| {
            multiline(ui, &mut c, "退回时必填，记入审核记录", 2)
        });
        w.return_comment = c;
        if ui.button("退回修改").clicked() {
            commands.push(Command::WizardReturn);
        }
    } else {
        match crate::domain::procedure::ReviewAction::Submit.may_follow(last) {
            Ok(()) => {
                if ui.button("提交审核").clicked() {
                    commands.push(Command::WizardSubmitReview);
                }
            }
            Err(why) => {
                ui.add_enabled(false, egui::Button::new("提交审核"));
                ui.small(why);
            }
        }
    }
    if w.confirm_issue {
        crate::ui::review::confirm_issue(ui, &w.issue_notes, commands);
    }
}

/// After issue: the case, and each respondent's document with its actions.
fn issued(ui: &mut egui::Ui, w: &WizardSession, commands: &mut Vec<Command>) {
    let Some(issued) = &w.issued else { return };
    ui.label(format!("案号：{}", issued.case_no));
    ui.label(format!("救济：{}", issued.remedy));
    for (i, doc) in issued.docs.iter().enumerate() {
        ui.separator();
        ui.strong(format!("{}：{}", doc.name, doc.outcome));
        ui.label(format!("文号：{}", doc.doc_no));
        ui.label(format!(
            "文书：{}（{} KB，已存档，不可更改）",
            doc.title,
            doc.pdf.len().div_ceil(1024)
        ));
        if let Some(p) = &doc.saved_to {
            ui.label(format!("已保存到：{}", p.display()));
        }
        ui.horizontal(|ui| {
            let label = if issued.docs.len() > 1 {
                format!("保存 PDF…（{}）", doc.name)
            } else {
                "保存 PDF…".to_owned()
            };
            if ui
                .add_enabled(w.save_dialog.is_none(), egui::Button::new(label))
                .clicked()
            {
                commands.push(Command::WizardSavePdf(i));
            }
            let print = if issued.docs.len() > 1 {
                format!("打印（{}）", doc.name)
            } else {
                "打印".to_owned()
            };
            if let Some(id) = doc.document_id
                && ui.button(print).clicked()
            {
                commands.push(Command::PrintDocument(
                    id,
                    format!("{} {}", doc.title, doc.doc_no),
                ));
            }
        });
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("打开案卷").clicked() {
            commands.push(Command::OpenCase(issued.case_id));
        }
        if ui.button("返回台账").clicked() {
            commands.push(Command::Navigate(Route::Register));
        }
    });
}
