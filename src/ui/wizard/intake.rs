//! 线索登记: the clue, the regulation, and the respondents (any number, each
//! an existing person found by name or a new one, with role, kind and status).

use super::{combo, field, multiline, text};
use crate::app::Command;
use crate::app::session::WizardSession;
use crate::app::wizard::GENDERS;
use crate::domain::{CLUE_SOURCES, RANKS, RespondentRole};
use crate::rules::RegulationSet;
use crate::rules::engine::{RespondentKind, RespondentStatus, cn_date};

pub(super) fn intake(
    ui: &mut egui::Ui,
    w: &mut WizardSession,
    regs: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    ui.heading("线索登记");
    ui.add_space(6.0);
    let mut clue = w.form.clue_source;
    field(ui, w, "clue_source", "线索来源", |ui| {
        combo(ui, "clue", &mut clue, &CLUE_SOURCES)
    });
    w.form.clue_source = clue;
    let mut received = w.form.received_on.clone();
    field(ui, w, "received_on", "受理日期", |ui| {
        text(ui, &mut received, "2026-03-05", 140.0)
    });
    w.form.received_on = received;

    let main: Vec<&crate::rules::Regulation> =
        regs.enabled().filter(|r| !r.regulation.overlay).collect();
    let mut reg_index = main
        .iter()
        .position(|r| r.id() == w.form.regulation)
        .unwrap_or(0);
    let names: Vec<&str> = main
        .iter()
        .map(|r| r.regulation.short_name.as_str())
        .collect();
    field(ui, w, "regulation", "适用规定", |ui| {
        combo(ui, "regulation", &mut reg_index, &names)
    });
    if let Some(r) = main.get(reg_index) {
        w.form.regulation = r.id().to_owned();
    }
    // The overlay regulation's name comes from its own file.
    if let Some(o) = regs.overlay() {
        let mut overlay = w.form.overlay;
        field(ui, w, "overlay", "容错纠错", |ui| {
            ui.checkbox(&mut overlay, format!("叠加适用《{}》", o.regulation.name))
        });
        w.form.overlay = overlay;
    }

    ui.add_space(8.0);
    respondents(ui, w, commands);

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
    routing(ui, w);
}

/// The respondents: a list to choose one from, add or remove, then the
/// chosen respondent's form.
fn respondents(ui: &mut egui::Ui, w: &mut WizardSession, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.strong(format!("被问责人（{} 人）", w.form.respondents.len()));
        if ui.button("＋ 添加被问责人").clicked() {
            commands.push(Command::WizardAddRespondent);
        }
    });
    let many = w.form.respondents.len() > 1;
    let flagged = w.respondents_with_errors();
    if many {
        for (i, r) in w.form.respondents.iter().enumerate() {
            let name = r.name();
            let name = if name.is_empty() {
                "（未填写）".to_owned()
            } else {
                name
            };
            ui.horizontal(|ui| {
                let mark = if flagged.contains(&i) { " ⚠" } else { "" };
                let label = format!("{}. {name}（{}）{mark}", i + 1, r.role);
                if ui.selectable_label(w.form.current == i, label).clicked() {
                    w.form.current = i;
                }
                if ui
                    .button(format!("移除第{}位", i + 1))
                    .on_hover_text("签发前可移除；已登记的人员不受影响")
                    .clicked()
                {
                    commands.push(Command::WizardRemoveRespondent(i));
                }
            });
        }
        ui.add_space(4.0);
        ui.label(format!("第{}位被问责人：", w.form.current + 1));
    }
    person(ui, w, commands);
}

/// The respondent shown: who, role, kind, status.
fn person(ui: &mut egui::Ui, w: &mut WizardSession, commands: &mut Vec<Command>) {
    let mut new_person = w.form.cur().new_person;
    ui.checkbox(&mut new_person, "新增人员（登记簿中尚无此人）");
    w.form.cur_mut().new_person = new_person;
    if new_person {
        new_person_form(ui, w);
    } else {
        let mut q = w.form.cur().person_query.clone();
        field(ui, w, "person", "查找人员", |ui| {
            text(ui, &mut q, "输入姓名，边输边查", 200.0)
        });
        w.form.cur_mut().person_query = q;
        let chosen = w.form.cur().person_label.clone();
        ui.label(if chosen.is_empty() {
            "　　尚未选择".to_owned()
        } else {
            format!("　　已选：{chosen}")
        });
        let picked = w.form.cur().person_id;
        for p in &w.person_results {
            let label = format!("{}（{}，{}，{}）", p.name, p.unit, p.post, p.status);
            if ui.selectable_label(picked == Some(p.id), &label).clicked() {
                commands.push(Command::WizardPickPerson(p.id, label));
            }
        }
    }
    let r = w.form.cur();
    let mut role = RespondentRole::ALL
        .iter()
        .position(|x| *x == r.role)
        .unwrap_or(0);
    let mut kind = RespondentKind::ALL
        .iter()
        .position(|k| *k == r.kind)
        .unwrap_or(0);
    let mut status = RespondentStatus::ALL
        .iter()
        .position(|k| *k == r.status)
        .unwrap_or(0);
    let roles: Vec<&str> = RespondentRole::ALL.iter().map(|r| r.label()).collect();
    field(ui, w, "role", "角色", |ui| {
        combo(ui, "role", &mut role, &roles)
    });
    let kinds: Vec<&str> = RespondentKind::ALL.iter().map(|k| k.label()).collect();
    field(ui, w, "kind", "问责对象", |ui| {
        combo(ui, "kind", &mut kind, &kinds)
    });
    let statuses: Vec<&str> = RespondentStatus::ALL.iter().map(|k| k.label()).collect();
    field(ui, w, "status", "人员状态", |ui| {
        combo(ui, "status", &mut status, &statuses)
    });
    let r = w.form.cur_mut();
    r.role = RespondentRole::ALL.get(role).copied().unwrap_or_default();
    r.kind = RespondentKind::ALL.get(kind).copied().unwrap_or_default();
    r.status = RespondentStatus::ALL
        .get(status)
        .copied()
        .unwrap_or_default();
}

fn new_person_form(ui: &mut egui::Ui, w: &mut WizardSession) {
    let mut v = w.form.cur().np_name.clone();
    field(ui, w, "np_name", "姓名", |ui| {
        text(ui, &mut v, "姓名", 160.0)
    });
    w.form.cur_mut().np_name = v;
    let mut g = w.form.cur().np_gender;
    field(ui, w, "np_gender", "性别", |ui| {
        combo(ui, "gender", &mut g, &GENDERS)
    });
    w.form.cur_mut().np_gender = g;
    let mut v = w.form.cur().np_unit.clone();
    field(ui, w, "np_unit", "单位", |ui| {
        text(ui, &mut v, "所在单位", 260.0)
    });
    w.form.cur_mut().np_unit = v;
    let mut v = w.form.cur().np_post.clone();
    field(ui, w, "np_post", "职务", |ui| {
        text(ui, &mut v, "职务", 200.0)
    });
    w.form.cur_mut().np_post = v;
    let mut rk = w.form.cur().np_rank;
    field(ui, w, "np_rank", "职级类别", |ui| {
        combo(ui, "rank", &mut rk, &RANKS)
    });
    w.form.cur_mut().np_rank = rk;
    let mut v = w.form.cur().np_id_number.clone();
    field(ui, w, "np_id_number", "身份证号码", |ui| {
        text(ui, &mut v, "18位，可不填", 220.0)
    });
    // The check below the field always takes its line (no jump).
    let line = if !v.trim().is_empty() && w.error("np_id_number").is_none() {
        let today = jiff::Zoned::now().date();
        match crate::domain::id_number::validate(&v, today) {
            Ok(info) => egui::RichText::new(format!(
                "　　号码有效：{}，{}生，{}",
                info.province,
                cn_date(info.birth),
                info.gender
            )),
            Err(e) => egui::RichText::new(format!("　　⚠ {e}")).color(ui.visuals().error_fg_color),
        }
    } else {
        egui::RichText::new(" ")
    };
    ui.label(line);
    w.form.cur_mut().np_id_number = v;
}

/// Who investigates and decides, for the respondent shown.
fn routing(ui: &mut egui::Ui, w: &WizardSession) {
    let Some(Ok(a)) = &w.assessment else { return };
    let Some(r) = a
        .respondents
        .get(w.form.current)
        .and_then(|r| r.routing.as_ref())
    else {
        return;
    };
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
