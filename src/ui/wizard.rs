//! 新建案件: the case wizard (线索登记 → 调查核实 → 情节认定 → 处理决定 →
//! 审核确认 → 审批与送达), with a live assessment beside the form.

use std::collections::BTreeSet;

use crate::app::session::{self, WizardSession, outcome_label};
use crate::app::wizard::{OUTCOMES, STEPS};
use crate::app::{Command, Route, WenzeApp};
use crate::domain::{CLUE_SOURCES, RANKS, ROLES};
use crate::rules::engine::{Assessment, FactorSource, cn_date};
use crate::rules::{Regulation, RegulationSet};

/// A labelled field with its error message beside it.
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
        if let Some(msg) = w.error(id) {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {msg}"));
        }
        r
    })
    .inner
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

fn combo(ui: &mut egui::Ui, id: &str, selected: &mut usize, options: &[&str]) -> egui::Response {
    let mut changed = false;
    let r = egui::ComboBox::from_id_salt(id)
        .width(300.0)
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

pub(super) fn show(app: &mut WenzeApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let now = ui.input(|i| i.time);
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) {
        commands.push(Command::WizardSave);
    }
    session::poll_dialog(app);
    let assessment = session::assessment(app);
    let regs = app.regulations.clone();
    let office = app.office_name.clone();
    let calendar = app.calendar.clone();
    let user = app.user.clone();
    let Some(w) = app.wizard.as_mut() else {
        ui.heading("新建案件");
        if ui.button("开始登记新案件").clicked() {
            commands.push(Command::WizardStart(None));
        }
        return;
    };
    let before = w.form.clone();
    let step = w.form.step;

    // Header: back to the register, the step list, progress.
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
        for (i, s) in STEPS.iter().enumerate() {
            let label = format!("{}. {}", i + 1, s);
            if ui.selectable_label(i == step, label).clicked() && w.issued.is_none() {
                commands.push(Command::WizardGoto(i));
            }
            if i + 1 < STEPS.len() {
                ui.label("›");
            }
        }
    });
    ui.add(
        egui::ProgressBar::new((step + 1) as f32 / STEPS.len() as f32).text(format!(
            "第 {} 步，共 {} 步：{}",
            step + 1,
            STEPS.len(),
            STEPS[step]
        )),
    );
    ui.separator();

    // Footer.
    egui::Panel::bottom("wizard_nav").show(ui, |ui| {
        ui.horizontal(|ui| {
            if w.issued.is_none() {
                if ui
                    .add_enabled(step > 0, egui::Button::new("上一步"))
                    .clicked()
                {
                    commands.push(Command::WizardBack);
                }
                if step + 1 < STEPS.len() && ui.button("下一步").clicked() {
                    commands.push(Command::WizardNext);
                }
                if ui.button("保存草稿 (Ctrl+S)").clicked() {
                    commands.push(Command::WizardSave);
                }
            }
            let state = if w.dirty() {
                "有未保存的修改（停顿后自动保存）"
            } else {
                "草稿已保存"
            };
            ui.label(state);
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

    // Live assessment beside the form.
    if step >= 1 {
        egui::Panel::right("assessment")
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("assessment_scroll")
                    .show(ui, |ui| {
                        assessment_panel(ui, assessment.as_ref());
                    });
            });
    }

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("wizard_form")
            .show(ui, |ui| {
                let reg = regs.get(&w.form.regulation);
                match step {
                    0 => intake(ui, w, &regs, assessment.as_ref(), commands),
                    1 => fact_finding(ui, w, assessment.as_ref()),
                    2 => factors(ui, w, reg, regs.overlay(), assessment.as_ref()),
                    3 => decision(ui, w, &office, reg, assessment.as_ref(), &regs, &calendar),
                    4 => review(ui, w, assessment.as_ref()),
                    _ => issue_step(ui, w, user.as_ref(), commands),
                }
            });
    });
    if let Some(w) = app.wizard.as_mut() {
        w.focus = None;
        if w.form != before {
            w.changed_at = Some(now);
            commands.push(Command::WizardChanged);
            if w.form.person_query != before.person_query {
                commands.push(Command::WizardFindPersons(w.form.person_query.clone()));
            }
        }
        if w.dirty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(400));
        }
    }
    session::autosave(app, now, 0.3);
}

fn intake(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    regs: &RegulationSet,
    a: Option<&Result<Assessment, String>>,
    commands: &mut Vec<Command>,
) {
    ui.heading("线索登记");
    ui.add_space(6.0);
    let f = &mut w.form;
    let mut clue = f.clue_source;
    field(ui, w, "clue_source", "线索来源", |ui| {
        combo(ui, "clue", &mut clue, &CLUE_SOURCES)
    });
    let f = &mut w.form;
    f.clue_source = clue;
    let mut received = f.received_on.clone();
    field(ui, w, "received_on", "受理日期", |ui| {
        text(ui, &mut received, "2026-03-05", 140.0)
    });
    w.form.received_on = received;

    let mut reg_index = regs
        .enabled()
        .filter(|r| !r.regulation.overlay)
        .position(|r| r.id() == w.form.regulation)
        .unwrap_or(0);
    let names: Vec<String> = regs
        .enabled()
        .filter(|r| !r.regulation.overlay)
        .map(|r| r.regulation.short_name.clone())
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    field(ui, w, "regulation", "适用规定", |ui| {
        combo(ui, "regulation", &mut reg_index, &name_refs)
    });
    if let Some(r) = regs
        .enabled()
        .filter(|r| !r.regulation.overlay)
        .nth(reg_index)
    {
        w.form.regulation = r.id().to_owned();
    }
    let mut overlay = w.form.overlay;
    field(ui, w, "overlay", "容错纠错", |ui| {
        ui.checkbox(
            &mut overlay,
            "叠加适用《山东省生态环境系统干部履职尽责容错纠错实施办法》",
        )
    });
    w.form.overlay = overlay;

    ui.add_space(8.0);
    ui.strong("被问责人");
    let mut new_person = w.form.new_person;
    ui.checkbox(&mut new_person, "新增人员（登记簿中尚无此人）");
    w.form.new_person = new_person;
    if w.form.new_person {
        let mut v = w.form.np_name.clone();
        field(ui, w, "np_name", "姓名", |ui| {
            text(ui, &mut v, "姓名", 160.0)
        });
        w.form.np_name = v;
        let mut g = w.form.np_gender;
        field(ui, w, "np_gender", "性别", |ui| {
            combo(ui, "gender", &mut g, &["男", "女"])
        });
        w.form.np_gender = g;
        let mut v = w.form.np_unit.clone();
        field(ui, w, "np_unit", "单位", |ui| {
            text(ui, &mut v, "所在单位", 260.0)
        });
        w.form.np_unit = v;
        let mut v = w.form.np_post.clone();
        field(ui, w, "np_post", "职务", |ui| {
            text(ui, &mut v, "职务", 200.0)
        });
        w.form.np_post = v;
        let mut rk = w.form.np_rank;
        field(ui, w, "np_rank", "职级类别", |ui| {
            combo(ui, "rank", &mut rk, &RANKS)
        });
        w.form.np_rank = rk;
        let mut v = w.form.np_id_number.clone();
        field(ui, w, "np_id_number", "身份证号码", |ui| {
            text(ui, &mut v, "18位，可不填", 220.0)
        });
        if !v.trim().is_empty() && w.error("np_id_number").is_none() {
            let today = jiff::Zoned::now().date();
            match crate::domain::id_number::validate(&v, today) {
                Ok(info) => {
                    ui.label(format!(
                        "　　号码有效：{}，{}生，{}",
                        info.province,
                        cn_date(info.birth),
                        info.gender
                    ));
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("　　⚠ {e}"));
                }
            }
        }
        w.form.np_id_number = v;
    } else {
        let mut q = w.form.person_query.clone();
        field(ui, w, "person", "查找人员", |ui| {
            text(ui, &mut q, "输入姓名，边输边查", 200.0)
        });
        w.form.person_query = q;
        if !w.form.person_label.is_empty() {
            ui.label(format!("　　已选：{}", w.form.person_label));
        }
        for p in &w.person_results {
            let label = format!("{}（{}，{}，{}）", p.name, p.unit, p.post, p.status);
            if ui
                .selectable_label(w.form.person_id == Some(p.id), &label)
                .clicked()
            {
                commands.push(Command::WizardPickPerson(p.id, label));
            }
        }
    }
    let mut role = w.form.role;
    field(ui, w, "role", "角色", |ui| {
        combo(ui, "role", &mut role, &ROLES)
    });
    w.form.role = role;

    ui.add_space(8.0);
    ui.strong("举报人（受保护：界面遮盖显示，仅审核人、管理员可查阅，任何公文都不会出现）");
    let mut v = w.form.reporter_name.clone();
    field(ui, w, "reporter_name", "举报人姓名", |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut v)
                .password(true)
                .hint_text("可不填")
                .desired_width(160.0),
        )
    });
    w.form.reporter_name = v;
    let mut v = w.form.reporter_contact.clone();
    field(ui, w, "reporter_contact", "联系方式", |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut v)
                .password(true)
                .hint_text("可不填")
                .desired_width(160.0),
        )
    });
    w.form.reporter_contact = v;

    ui.add_space(8.0);
    let mut v = w.form.summary.clone();
    field(ui, w, "summary", "线索摘要", |ui| {
        multiline(ui, &mut v, "简述反映的问题", 3)
    });
    w.form.summary = v;

    if let Some(Ok(a)) = a
        && let Some(r) = a.respondents.first().and_then(|r| r.routing.as_ref())
    {
        ui.add_space(8.0);
        ui.group(|ui| {
            ui.strong("调查与决定权限");
            if !r.approve_start.is_empty() {
                ui.label(format!("启动调查须经：{}", r.approve_start));
            }
            ui.label(format!("调查：{}", r.investigator));
            ui.label(format!("决定：{}", r.decider));
            let cites: Vec<String> = r.citations.iter().map(|c| c.article.clone()).collect();
            ui.small(format!(
                "依据：《{}》{}",
                a.regulation_name,
                cites.join("、")
            ));
        });
    }
}

fn fact_finding(ui: &mut egui::Ui, w: &mut WizardSession, a: Option<&Result<Assessment, String>>) {
    ui.heading("调查核实");
    let mut v = w.form.facts.clone();
    field(ui, w, "facts", "查明的事实", |ui| {
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
    if let Some(Ok(a)) = a {
        let today = jiff::Zoned::now().date();
        for d in a.deadlines.iter().filter(|d| {
            use crate::rules::regulation::DeadlineFrom;
            matches!(
                d.from,
                DeadlineFrom::InvestigationStart | DeadlineFrom::Received
            )
        }) {
            if let Some(due) = d.due {
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
    }
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
    ui.strong("陈述申辩");
    let mut v = w.form.statement_heard_on.clone();
    field(ui, w, "statement_heard_on", "听取日期", |ui| {
        text(ui, &mut v, "2026-03-05", 140.0)
    });
    w.form.statement_heard_on = v;
    let mut v = w.form.statement.clone();
    field(ui, w, "statement", "陈述申辩内容", |ui| {
        multiline(ui, &mut v, "被问责人的陈述、申辩", 3)
    });
    w.form.statement = v;
    let mut v = w.form.statement_adopted.clone();
    field(ui, w, "statement_adopted", "采纳情况", |ui| {
        multiline(ui, &mut v, "是否采纳及理由（如请求从轻处理，须写明）", 2)
    });
    w.form.statement_adopted = v;
}

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

fn cite_text(reg: &Regulation, cite: &crate::rules::regulation::CiteRef) -> (String, String) {
    match cite.parse() {
        Ok(c) => (c.to_string(), reg.cite_text(&c).unwrap_or_default()),
        Err(_) => (cite.raw().to_owned(), String::new()),
    }
}

fn factors(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    reg: Option<&Regulation>,
    overlay: Option<&Regulation>,
    a: Option<&Result<Assessment, String>>,
) {
    ui.heading("情节认定");
    let Some(reg) = reg else {
        ui.label("未找到所选规定");
        return;
    };
    if let Some(msg) = w.error("behaviours") {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {msg}"));
    }
    ui.strong(format!("问责情形（《{}》）", reg.regulation.name));
    for b in &reg.behaviours {
        let (art, text) = cite_text(reg, &b.cite);
        toggle(
            ui,
            &mut w.form.behaviours,
            b.id.get_ref(),
            &format!("{art}　{}", b.label),
            &text,
        );
    }
    ui.add_space(6.0);
    if !reg.severity_levels.is_empty() {
        let levels: Vec<&str> = reg
            .severity_levels
            .iter()
            .map(|l| l.id.get_ref().as_str())
            .collect();
        let mut i = levels
            .iter()
            .position(|l| *l == w.form.severity)
            .unwrap_or(0);
        field(ui, w, "severity", "情节轻重", |ui| {
            combo(ui, "severity", &mut i, &levels)
        });
        w.form.severity = levels.get(i).copied().unwrap_or("").to_owned();
        let mut impact = w.form.impact;
        ui.checkbox(&mut impact, "造成（不良、严重）影响和后果");
        w.form.impact = impact;
    }
    ui.add_space(6.0);
    ui.strong("从重、从轻、减轻、免责情节");
    let auto: Vec<(String, String)> = match a {
        Some(Ok(a)) => a
            .respondents
            .first()
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
        toggle(ui, &mut w.form.factors, f.id.get_ref(), &label, &text);
    }
    if w.form.overlay
        && let Some(o) = overlay
    {
        ui.add_space(6.0);
        ui.strong(format!("容错纠错（《{}》）", o.regulation.name));
        for f in &o.factors {
            let (art, text) = cite_text(o, &f.cite);
            toggle(
                ui,
                &mut w.form.overlay_factors,
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
                    &mut w.form.tolerance_situations,
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
                    &mut w.form.tolerance_conditions,
                    c.id.get_ref(),
                    &format!("{art}　{}", c.label),
                    &text,
                );
            }
        }
    }
}

fn decision(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    office: &str,
    reg: Option<&Regulation>,
    a: Option<&Result<Assessment, String>>,
    regulations: &crate::rules::RegulationSet,
    calendar: &crate::rules::Calendar,
) {
    ui.heading("处理决定");
    let mut outcome = w.form.outcome;
    ui.horizontal(|ui| {
        ui.label("结论");
        for (i, o) in OUTCOMES.iter().enumerate() {
            ui.radio_value(&mut outcome, i, *o);
        }
    });
    w.form.outcome = outcome;
    let recommended: BTreeSet<String> = match a {
        Some(Ok(a)) => a
            .respondents
            .first()
            .map(|r| r.recommended_methods.iter().map(|m| m.id.clone()).collect())
            .unwrap_or_default(),
        _ => BTreeSet::new(),
    };
    if w.form.outcome == 0 {
        if let Some(msg) = w.error("methods") {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {msg}"));
        }
        if let Some(reg) = reg {
            ui.strong("问责方式（★ 为依规推荐）");
            for m in &reg.methods {
                let id = m.id.get_ref();
                let (art, _) = cite_text(reg, &m.cite);
                let star = if recommended.contains(id) {
                    "★ "
                } else {
                    "　 "
                };
                let mut on = w.form.methods.contains(id);
                if ui
                    .checkbox(&mut on, format!("{star}{id}（{}，{art}）", m.group))
                    .changed()
                {
                    if on {
                        w.form.methods.insert(id.clone());
                    } else {
                        w.form.methods.remove(id);
                    }
                }
            }
            ui.small(
                "★ 方式为可选的替代方案，选其一即可，无须说明理由；选择推荐以外的方式须写明理由。",
            );
        }
        if w.form.methods.contains(crate::app::wizard::OTHER_METHOD) {
            let mut v = w.form.measures.clone();
            field(ui, w, "measures", "具体措施", |ui| {
                multiline(ui, &mut v, "其他问责方式的具体措施，决定书照此打印", 2)
            });
            w.form.measures = v;
        }
        if w.form.departs_from(&recommended) {
            let mut v = w.form.departure_reason.clone();
            field(ui, w, "departure_reason", "不同于推荐的理由", |ui| {
                multiline(ui, &mut v, "必填，记入案卷", 2)
            });
            w.form.departure_reason = v;
        }
    }
    let mut v = w.form.decided_on.clone();
    field(ui, w, "decided_on", "决定日期", |ui| {
        text(ui, &mut v, "2026-03-05", 140.0)
    });
    w.form.decided_on = v;

    // Live page preview from the same layout as the PDF.
    if let Some(Ok(a)) = a {
        let kind = session::outcome_kind(w.form.outcome);
        let mut details =
            session::doc_details(&w.form, office, "", w.form.decided_on.trim().parse().ok());
        // Before issue the preview is the 送审稿 (no 文号 yet); （待定） until
        // a method is chosen.
        details.draft = true;
        details.preview = true;
        let doc = crate::export::documents::templates(crate::export::documents::TEMPLATES)
            .and_then(|t| {
                crate::export::documents::build(kind, &details, a, "", regulations, calendar, &t)
            });
        let doc = doc.map(|mut d| {
            // Editable paragraphs: start from the template's text.
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.strong("正文");
                if w.form.custom_body.is_empty() {
                    if ui.button("编辑正文").clicked() {
                        w.form.custom_body = session::body_texts(&d);
                    }
                } else if ui.button("恢复模板文字").clicked() {
                    w.form.custom_body.clear();
                }
            });
            for (i, p) in w.form.custom_body.iter_mut().enumerate() {
                ui.horizontal_top(|ui| {
                    let label = ui.label(format!("第{}段", i + 1));
                    ui.add(
                        egui::TextEdit::multiline(p)
                            .desired_rows(2)
                            .desired_width(600.0)
                            .id_salt(("para", i)),
                    )
                    .labelled_by(label.id);
                });
            }
            session::apply_custom_body(&mut d, &w.form.custom_body);
            d
        });
        ui.add_space(8.0);
        ui.strong("决定书预览（与打印版式一致）");
        match doc.map(|d| crate::export::layout(&d).map_err(|e| e.to_string())) {
            Ok(Ok(layout)) => {
                for i in 0..layout.pages.len() {
                    super::preview::page(ui, &layout, i, 520.0);
                    ui.add_space(6.0);
                }
            }
            Ok(Err(e)) | Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    }
}

fn review(ui: &mut egui::Ui, w: &mut WizardSession, a: Option<&Result<Assessment, String>>) {
    ui.heading("审核确认");
    let f = &w.form;
    let (gender, unit, post, rank) = f.person_details();
    ui.label(format!(
        "被问责人：{}（{gender}，{unit}{post}，{rank}）",
        f.person_name()
    ));
    let reg_name = match a {
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
        "事实：{} 条；证据：{} 项",
        f.facts_list().len(),
        f.evidence_list().len()
    ));
    ui.label(format!(
        "结论：{}；问责方式：{}",
        outcome_label(f.outcome),
        f.methods.iter().cloned().collect::<Vec<_>>().join("、")
    ));
    if !f.departure_reason.is_empty() {
        ui.label(format!("不同于推荐的理由：{}", f.departure_reason));
    }
    if let Some(Ok(a)) = a
        && let Some(r) = a.respondents.first()
    {
        ui.label(format!("情节：{}", r.direction_explanation));
    }
    ui.add_space(8.0);
    ui.label("确认无误后进入下一步，由审核人审批签发。签发后决定不可更改（更正须另作决定）。");
}

fn issue_step(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    user: Option<&crate::domain::auth::User>,
    commands: &mut Vec<Command>,
) {
    ui.heading("审批与送达");
    if let Some(issued) = &w.issued {
        ui.label(format!("案号：{}", issued.case_no));
        ui.label(format!("文号：{}", issued.doc_no));
        ui.label(format!(
            "文书：{}（{} KB，已存档，不可更改）",
            issued.title,
            issued.pdf.len().div_ceil(1024)
        ));
        ui.label(format!("救济：{}", issued.remedy));
        if let Some(p) = &issued.saved_to {
            ui.label(format!("已保存到：{}", p.display()));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(w.save_dialog.is_none(), egui::Button::new("保存 PDF…"))
                .clicked()
            {
                commands.push(Command::WizardSavePdf);
            }
            if let Some(doc) = issued.document_id
                && ui.button("打印").clicked()
            {
                commands.push(Command::PrintDocument(
                    doc,
                    format!("{} {}", issued.title, issued.doc_no),
                ));
            }
            if ui.button("打开案卷").clicked() {
                commands.push(Command::OpenCase(issued.case_id));
            }
            if ui.button("返回台账").clicked() {
                commands.push(Command::Navigate(Route::Register));
            }
        });
        return;
    }
    super::review::history(ui, &w.review);
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
    if reviewer {
        ui.horizontal(|ui| {
            if ui.button("审批签发").clicked() {
                commands.push(Command::WizardAskIssue);
            }
            ui.small("签发时分配文号、锁定决定、生成并存档 PDF。");
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
    } else if ui.button("提交审核").clicked() {
        commands.push(Command::WizardSubmitReview);
    }
    if w.confirm_issue {
        super::review::confirm_issue(ui, commands);
    }
}

pub(super) fn assessment_panel(ui: &mut egui::Ui, a: Option<&Result<Assessment, String>>) {
    ui.heading("依规评估");
    let Some(a) = a else { return };
    let a = match a {
        Ok(a) => a,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
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
