//! 案卷 → 各被问责人的文书: for each respondent every kind of document, with
//! what can be done with it now (查看/预览, 保存 PDF…, 打印) or why not (the
//! gate's Chinese refusal), the 事先告知书 form before the decision and the
//! 陈述申辩 period its delivery starts.

use crate::app::casedocs::{CaseDocs, DocAction, DocCommand, DocOffer, RespondentDocs};
use crate::app::procedure::CaseActions;
use crate::app::screens::CaseView;
use crate::app::{Command, Shared};
use crate::domain::ids::RespondentId;
use crate::rules::engine::cn_date;

/// The delivery form's 送达地点 and 送达人 decide whether a 送达回证 can be
/// printed before service (the deliverer takes it along).
pub(super) fn section(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &CaseView,
    form: &CaseActions,
    docs: &mut CaseDocs,
    commands: &mut Vec<Command>,
) {
    super::import::message_line(ui, &docs.message);
    let today = shared.today();
    let respondents = docs.respondents.clone();
    for (i, r) in respondents.iter().enumerate() {
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(format!("{}（{}）", r.name, r.role));
                ui.label(if r.decided {
                    "已作出决定"
                } else {
                    "尚未作出决定"
                });
            });
            statement(ui, r, today);
            egui::Grid::new(("case_docs", r.id))
                .num_columns(3)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for o in &r.offers {
                        let missing = o.before_service
                            && (form.address.trim().is_empty() || form.deliverer.trim().is_empty());
                        offer(ui, r.id, o, missing, commands);
                        ui.end_row();
                    }
                });
            if !r.decided && r.offers.iter().any(|o| o.notice_form) {
                notice_form(ui, shared, view, docs, r, i, commands);
            }
            correction_button(ui, shared, view, r, commands);
        });
    }
    if !docs.unassigned.is_empty() {
        ui.label("本案其他文书（未对应具体被问责人，见上方“文书”）：");
        for (_, title, no) in &docs.unassigned {
            ui.small(format!("{title}　{no}"));
        }
    }
}

/// 归档 (under the case's issued documents): once every respondent is
/// decided, the case's archive package (every issued document as PDF and
/// OFD, the 卷内文件目录, the audit entries and the manifest); reviewers
/// only; what became of it below.
pub(super) fn archive_button(
    ui: &mut egui::Ui,
    shared: &Shared,
    docs: &CaseDocs,
    commands: &mut Vec<Command>,
) {
    let respondents = &docs.respondents;
    if respondents.is_empty() || !respondents.iter().all(|r| r.decided) {
        return;
    }
    ui.horizontal(|ui| {
        let reviewer = shared.user().is_some_and(|u| u.may_issue());
        if ui
            .add_enabled(reviewer, egui::Button::new("归档"))
            .on_hover_text("全部已签发文书（PDF 与 OFD 原件）、卷内文件目录、审计记录和文件清单打成一个 ZIP 包")
            .clicked()
        {
            commands.push(Command::CaseDocument(DocCommand::Archive));
        }
        ui.small(if reviewer {
            "生成本案归档包（ZIP），再选择保存位置。"
        } else {
            "须由审核人或管理员归档。"
        });
    });
    super::import::message_line(ui, &docs.archive_message);
}

fn statement(ui: &mut egui::Ui, r: &RespondentDocs, today: jiff::civil::Date) {
    let s = &r.statement;
    if let Some(on) = s.notice_delivered_on {
        let text = match (s.days, s.last_day) {
            (Some(n), Some(last)) => format!(
                "事先告知书已于{}送达；陈述申辩期限：自收到之日起{n}个工作日，最后一日为{}",
                cn_date(on),
                cn_date(last)
            ),
            _ => format!(
                "事先告知书已于{}送达；陈述申辩期限未设定（设置 → 文书）",
                cn_date(on)
            ),
        };
        ui.label(text);
        if let Some(note) = &s.fallback_note {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
    }
    if let Some(h) = &s.heard_on {
        ui.label(format!("已于{h}记录陈述申辩"));
    }
    if r.decided {
        return;
    }
    match s.may_decide(today) {
        Ok(()) if s.required.is_some() => {
            ui.label("已听取陈述申辩或陈述申辩期限已届满，可以作出决定");
        }
        Ok(()) => {}
        Err(why) => {
            let resp = ui.colored_label(ui.visuals().warn_fg_color, why.to_string());
            if let Some((_, text)) = &s.required {
                resp.on_hover_text(text);
            }
        }
    }
}

/// 签发纠错通知书: after a decision that opened 纠错 (001 第十八、十九条), for
/// a reviewer, while none is issued.
fn correction_button(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &CaseView,
    r: &RespondentDocs,
    commands: &mut Vec<Command>,
) {
    let Some(o) = r
        .offers
        .iter()
        .find(|o| o.kind == crate::export::documents::DocKind::Correction)
    else {
        return;
    };
    let opened = view.file.follow_ups.iter().any(|f| {
        f.kind == crate::domain::procedure::FollowUpKind::Correction && f.person == r.name
    });
    if !r.decided || !o.stored.is_empty() || !opened {
        return;
    }
    ui.horizontal(|ui| {
        let reviewer = shared.user().is_some_and(|u| u.may_issue());
        if ui
            .add_enabled(reviewer, egui::Button::new("签发纠错通知书"))
            .clicked()
        {
            commands.push(Command::CaseDocument(DocCommand::IssueCorrection {
                respondent: r.id,
            }));
        }
        ui.small(if reviewer {
            "以今日为成文日期分配文号，纠错事项和期限取自签发时登记的纠错事项。"
        } else {
            "须由审核人或管理员签发。"
        });
    });
}

fn offer(
    ui: &mut egui::Ui,
    respondent: RespondentId,
    o: &DocOffer,
    form_missing: bool,
    commands: &mut Vec<Command>,
) {
    ui.label(o.kind.label());
    let produce = |action| {
        Command::CaseDocument(DocCommand::Produce {
            respondent,
            kind: o.kind,
            action,
        })
    };
    if let Some((_, _, no)) = o.stored.last() {
        ui.label(format!("已签发　{no}"));
        ui.horizontal(|ui| {
            if ui.button("查看").clicked() {
                commands.push(produce(DocAction::Preview));
            }
            if ui.button("保存 PDF…").clicked() {
                commands.push(produce(DocAction::Save));
            }
            if ui
                .button("保存 OFD…")
                .on_hover_text(
                    "签发时存档的 OFD 原件（GB/T 33190）；本版本之前签发、未存 OFD 的，按登记簿的记录生成",
                )
                .clicked()
            {
                commands.push(produce(DocAction::SaveOfd));
            }
            if ui.button("打印").clicked() {
                commands.push(produce(DocAction::Print));
            }
        });
        return;
    }
    match &o.refusal {
        Some(why) if o.notice_form => {
            ui.label("未签发");
            ui.small("须先签发（见下方“事先告知”），签发时分配文号")
                .on_hover_text(why);
        }
        Some(why) => {
            ui.label("不可生成");
            ui.vertical(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(why).small()).wrap());
                // 尚未编号 / 尚未决定: the reviewer's 送审稿 can still be made.
                if o.draftable {
                    ui.horizontal(|ui| {
                        if ui.button("送审稿").clicked() {
                            commands.push(produce(DocAction::Draft));
                        }
                        if ui.button("送审稿 OFD…").clicked() {
                            commands.push(produce(DocAction::DraftOfd));
                        }
                    });
                }
            });
        }
        None if form_missing => {
            ui.label("送达前可打印");
            ui.small("请先在下方“登记送达”中填写送达地点和送达人");
        }
        None => {
            // Short, so that the buttons fit beside it in a 1280-wide window.
            if o.before_service {
                ui.label("送达前可打印")
                    .on_hover_text("送达地点、送达人取自下方“登记送达”中填写的内容");
            } else {
                ui.label("可从登记簿生成");
            }
            ui.horizontal(|ui| {
                if ui.button("预览").clicked() {
                    commands.push(produce(DocAction::Preview));
                }
                if o.draftable && ui.button("送审稿").clicked() {
                    commands.push(produce(DocAction::Draft));
                }
                if o.draftable && ui.button("送审稿 OFD…").clicked() {
                    commands.push(produce(DocAction::DraftOfd));
                }
                if ui.button("保存 PDF…").clicked() {
                    commands.push(produce(DocAction::Save));
                }
                if ui.button("保存 OFD…").clicked() {
                    commands.push(produce(DocAction::SaveOfd));
                }
                if ui.button("打印").clicked() {
                    commands.push(produce(DocAction::Print));
                }
            });
        }
    }
}

fn notice_form(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &CaseView,
    docs: &mut CaseDocs,
    r: &RespondentDocs,
    index: usize,
    commands: &mut Vec<Command>,
) {
    let assessment = &view.assessment;
    let Some(reg) = shared.regulations.get(&view.file.regulation_id) else {
        return;
    };
    let recommended: Vec<String> = assessment
        .as_ref()
        .ok()
        .and_then(|a| a.respondents.get(index))
        .map(|ra| {
            ra.recommended_methods
                .iter()
                .map(|m| m.id.clone())
                .collect()
        })
        .unwrap_or_default();
    ui.add_space(4.0);
    ui.strong("事先告知（作出决定前）");
    ui.small("告知拟作出的问责方式、事实和依据，并告知陈述、申辩的权利；★为评估推荐的方式（择一或数项）。");
    let chosen = docs.proposed.entry(r.id).or_default();
    ui.horizontal_wrapped(|ui| {
        ui.label("拟作出的问责方式：");
        for m in &reg.methods {
            let id = m.id.get_ref();
            let label = if recommended.contains(id) {
                format!("★ {id}")
            } else {
                id.clone()
            };
            let mut on = chosen.contains(id);
            if ui.checkbox(&mut on, label).changed() {
                if on {
                    chosen.insert(id.clone());
                } else {
                    chosen.remove(id);
                }
            }
        }
    });
    ui.horizontal(|ui| {
        let l = ui.add_sized([110.0, 20.0], egui::Label::new("告知书日期"));
        ui.add(
            egui::TextEdit::singleline(&mut docs.notice_on)
                .hint_text("2026-03-05")
                .desired_width(140.0),
        )
        .labelled_by(l.id);
        if ui.button("签发事先告知书").clicked() {
            commands.push(Command::CaseDocument(DocCommand::IssueNotice {
                respondent: r.id,
            }));
        }
    });
}

/// The preview of a document produced from the register (a window over
/// the case file).
pub(super) fn preview_window(docs: &CaseDocs, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(p) = &docs.preview else {
        return;
    };
    let mut open = true;
    egui::Window::new("文书预览")
        .id(egui::Id::unique("case_doc_preview"))
        .open(&mut open)
        .default_size([600.0, 700.0])
        .resizable(true)
        .show(ui.ctx(), |ui| {
            ui.strong(&p.title);
            ui.horizontal(|ui| {
                let n = p.layout.pages.len();
                if ui
                    .add_enabled(p.page > 0, egui::Button::new("上一页"))
                    .clicked()
                {
                    commands.push(Command::CaseDocument(DocCommand::PreviewPage(
                        p.page.saturating_sub(1),
                    )));
                }
                ui.label(format!("第 {} 页，共 {n} 页", p.page + 1));
                if ui
                    .add_enabled(p.page + 1 < n, egui::Button::new("下一页"))
                    .clicked()
                {
                    commands.push(Command::CaseDocument(DocCommand::PreviewPage(p.page + 1)));
                }
                let produce = |action| {
                    Command::CaseDocument(DocCommand::Produce {
                        respondent: p.respondent,
                        kind: p.kind,
                        action,
                    })
                };
                if ui.button("保存 PDF…").clicked() {
                    commands.push(produce(DocAction::Save));
                }
                if ui.button("保存 OFD…").clicked() {
                    commands.push(produce(DocAction::SaveOfd));
                }
                if ui.button("打印").clicked() {
                    commands.push(produce(DocAction::Print));
                }
            });
            egui::ScrollArea::vertical()
                .id_salt("case_doc_preview_scroll")
                .show(ui, |ui| {
                    super::preview::page(ui, &p.layout, p.page, 520.0);
                });
        });
    if !open {
        commands.push(Command::CaseDocument(DocCommand::ClosePreview));
    }
}
