//! 新建案件: the case wizard (线索登记 → 调查核实 → 情节认定 → 处理决定 →
//! 审核确认 → 审批与送达), with the cached assessment beside the form. A case
//! has any number of respondents; the per-respondent steps show one at a
//! time, chosen by the tabs above the form.

mod assessment;
mod decision;
mod factors;
mod facts;
mod intake;
mod issue;
mod precedents;

use crate::app::session::WizardSession;
use crate::app::wizard::WizardStep;
use crate::app::{Command, Route, Shared};

pub(super) use assessment::assessment_panel;

/// Width reserved for a field's validation message, so that a message
/// appearing does not move what follows.
const MESSAGE_WIDTH: f32 = 360.0;

/// A labelled field with its error message beside it (space reserved).
fn field(
    ui: &mut egui::Ui,
    w: &WizardSession,
    id: &'static str,
    label: &str,
    add: impl FnOnce(&mut egui::Ui) -> egui::Response,
) -> egui::Response {
    ui.horizontal_top(|ui| {
        let label = ui.add_sized([110.0, 20.0], egui::Label::new(label));
        let r = add(ui).labelled_by(label.id);
        if w.focus == Some(id) {
            r.request_focus();
            r.scroll_to_me(Some(egui::Align::Center));
        }
        // What is left of the row, up to MESSAGE_WIDTH (never wider than the panel).
        let width = ui.available_width().clamp(0.0, MESSAGE_WIDTH);
        match w.error(id) {
            Some(msg) => {
                ui.add_sized(
                    [width, 20.0],
                    egui::Label::new(
                        egui::RichText::new(format!("⚠ {msg}")).color(ui.visuals().error_fg_color),
                    )
                    .wrap(),
                );
            }
            None => {
                ui.allocate_space(egui::vec2(width, 20.0));
            }
        }
        r
    })
    .inner
}

/// A message of the step (e.g. "请至少认定一项问责情形"), on a line that is
/// always there.
fn step_message(ui: &mut egui::Ui, w: &WizardSession, id: &str) {
    let text = w.error(id).map(|m| format!("⚠ {m}")).unwrap_or_default();
    ui.add_sized(
        [ui.available_width().min(720.0), 20.0],
        egui::Label::new(egui::RichText::new(text).color(ui.visuals().error_fg_color)),
    );
}

fn text(ui: &mut egui::Ui, value: &mut String, hint: &str, width: f32) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(width),
    )
}

fn multiline(ui: &mut egui::Ui, value: &mut String, hint: &str, rows: usize) -> egui::Response {
    ui.add(
        egui::TextEdit::multiline(value)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(560.0),
    )
}

/// A combo box of fixed width (it never widens with its choice).
fn combo(ui: &mut egui::Ui, id: &str, selected: &mut usize, options: &[&str]) -> egui::Response {
    let mut changed = false;
    let r = egui::ComboBox::from_id_salt(id)
        .width(300.0)
        .truncate()
        .selected_text(options.get(*selected).copied().unwrap_or(""))
        .show_ui(ui, |ui| {
            for (i, o) in options.iter().enumerate() {
                if ui.selectable_value(selected, i, *o).changed() {
                    changed = true;
                }
            }
        });
    let mut resp = r.response;
    if changed {
        resp.mark_changed();
    }
    resp
}

/// The respondents as tabs: "1. 张三（承办人）"; one with a problem is marked.
fn respondent_tabs(ui: &mut egui::Ui, w: &mut WizardSession) {
    if w.form.respondents.len() < 2 {
        return;
    }
    let flagged = w.respondents_with_errors();
    ui.horizontal_wrapped(|ui| {
        ui.label("被问责人：");
        for (i, r) in w.form.respondents.iter().enumerate() {
            let name = r.name();
            let name = if name.is_empty() {
                "（未填写）".to_owned()
            } else {
                name
            };
            let mark = if flagged.contains(&i) { " ⚠" } else { "" };
            let label = format!("{}. {name}（{}）{mark}", i + 1, r.role);
            if ui.selectable_label(w.form.current == i, label).clicked() {
                w.form.current = i;
            }
        }
    });
    ui.separator();
}

pub(super) fn show(
    shared: &Shared,
    wizard: &mut Option<WizardSession>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let now = ui.input(|i| i.time);
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) {
        commands.push(Command::WizardSave);
    }
    let regs = &shared.regulations;
    let user = shared.user.as_ref();
    let Some(w) = wizard.as_mut() else {
        ui.heading("新建案件");
        if ui.button("开始登记新案件").clicked() {
            commands.push(Command::WizardStart(None));
        }
        return;
    };
    let before = w.form.clone();
    let step = w.form.step;
    header(ui, w, commands);
    footer(ui, w, commands);

    // The assessment beside the form (computed by the app when the form changes).
    if step >= WizardStep::Investigation {
        egui::Panel::right("assessment")
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("assessment_scroll")
                    .show(ui, |ui| {
                        assessment_panel(ui, w.assessment.as_ref());
                    });
            });
    }

    // Submitted and not yet returned: the clerk reads, nobody but a
    // reviewer changes it (退回 gives it back).
    let under_review = !user.is_some_and(|u| u.may_issue()) && w.under_review();
    egui::CentralPanel::default().show(ui, |ui| {
        if under_review {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "已提交审核，等待审核人处理；审核期间不可修改（退回后可修改）。",
            );
        }
        // Each step (and each case) starts at the top.
        egui::ScrollArea::vertical()
            .id_salt(("wizard_form", w.key.as_str(), step.index()))
            .show(ui, |ui| {
                ui.add_enabled_ui(
                    !under_review || step == WizardStep::Issue,
                    |ui| match step {
                        WizardStep::Intake => intake::intake(ui, w, regs, commands),
                        WizardStep::Investigation => facts::fact_finding(ui, w, regs),
                        WizardStep::Factors => factors::factors(ui, w, regs),
                        WizardStep::Decision => {
                            decision::decision(ui, w, regs, user.is_some_and(|u| u.may_issue()))
                        }
                        WizardStep::Review => issue::review(ui, w),
                        WizardStep::Issue => issue::issue_step(ui, w, user, commands),
                    },
                )
            });
    });
    w.focus = None;
    // Under review the clerk only reads: moving between steps is not a
    // change of the submitted draft.
    if w.form != before && !under_review {
        w.changed_at = Some(now);
        commands.push(Command::WizardChanged);
        let (q, q0) = (&w.form.cur().person_query, &before.cur().person_query);
        if q != q0 || w.form.current != before.current {
            commands.push(Command::WizardFindPersons(q.clone()));
        }
    }
    if w.dirty() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(400));
    }
}

/// Back to the register, the step list, progress.
fn header(ui: &mut egui::Ui, w: &WizardSession, commands: &mut Vec<Command>) {
    let step = w.form.step;
    ui.horizontal(|ui| {
        if ui
            .button("返回台账")
            .on_hover_text("草稿已自动保存，可随时从台账继续")
            .clicked()
        {
            commands.push(Command::WizardSave);
            commands.push(Command::Navigate(Route::Register));
        }
        ui.heading(if w.issued.is_some() {
            "案件已签发"
        } else {
            "新建案件"
        });
        ui.add_space(12.0);
        for s in WizardStep::ALL {
            let label = format!("{}. {}", s.index() + 1, s.label());
            if ui.selectable_label(s == step, label).clicked() && w.issued.is_none() {
                commands.push(Command::WizardGoto(s));
            }
            if !s.is_last() {
                ui.label("›");
            }
        }
    });
    let total = WizardStep::ALL.len();
    ui.add(
        egui::ProgressBar::new((step.index() + 1) as f32 / total as f32).text(format!(
            "第 {} 步，共 {total} 步：{}",
            step.index() + 1,
            step.label()
        )),
    );
    ui.separator();
}

fn footer(ui: &mut egui::Ui, w: &WizardSession, commands: &mut Vec<Command>) {
    let step = w.form.step;
    egui::Panel::bottom("wizard_nav").show(ui, |ui| {
        ui.horizontal(|ui| {
            if w.issued.is_none() {
                if ui
                    .add_enabled(step > WizardStep::Intake, egui::Button::new("上一步"))
                    .clicked()
                {
                    commands.push(Command::WizardBack);
                }
                if !step.is_last() && ui.button("下一步").clicked() {
                    commands.push(Command::WizardNext);
                }
                if ui.button("保存草稿 (Ctrl+S)").clicked() {
                    commands.push(Command::WizardSave);
                }
            }
            // After 审批签发 the draft is finished: nothing is saved from it
            // any more, so its save state is not shown.
            if w.issued.is_none() {
                ui.label(if w.dirty() {
                    "有未保存的修改（停顿后自动保存）"
                } else {
                    "草稿已保存"
                });
            }
            if !w.message.is_empty() {
                ui.separator();
                ui.strong(&w.message);
            }
            if !w.errors.is_empty() {
                ui.separator();
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("本步有 {} 处需要更正", w.errors.len()),
                );
            }
        });
    });
}

/// A regulation's article reference and text.
fn cite_text(
    reg: &crate::rules::Regulation,
    cite: &crate::rules::regulation::CiteRef,
) -> (String, String) {
    match cite.parse() {
        Ok(c) => (c.to_string(), reg.cite_text(&c).unwrap_or_default()),
        Err(_) => (cite.raw().to_owned(), String::new()),
    }
}
