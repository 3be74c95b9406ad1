//! `wenze case …`: the steps after issue driven headless through the same
//! transitions the window takes (`app::procedure::run` on a signed-in
//! `WenzeApp` with the case open and the form filled), and `case show`: the
//! whole record of a case, per respondent, as text or JSON.

use crate::domain::ids::{CaseId, DocumentId, RespondentId};
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::args::CaseCmd;
use super::{fail, out_raw};
use crate::app::error::{AppError, AppResult};
use crate::app::procedure::CaseAction;
use crate::app::{Command, WenzeApp};
use crate::domain::procedure::{DeliveryMethod, RemedyKind, RemedyOutcome, RespondentState};
use crate::storage::Storage;

/// The password: one line of standard input (without the line end).
pub(super) fn read_password() -> String {
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => line.trim_end_matches(['\r', '\n']).to_owned(),
        Err(_) => String::new(),
    }
}

/// The window's state, signed in as `user` (password on stdin), the case
/// open. A failed sign-in is audited by the register, as in the window.
fn open_as(db: &Path, user: Option<&str>, case_id: CaseId) -> AppResult<WenzeApp> {
    let mut app = super::case_draft::signed_in(db, user)?;
    app.apply(Command::OpenCase(case_id));
    if app.case_view().is_none() {
        let why = app.status().to_owned();
        return Err(AppError::Refused(if why.is_empty() {
            format!("没有编号为 {case_id} 的案件")
        } else {
            why
        }));
    }
    Ok(app)
}

/// The respondent chosen by number (1 = first) or name; the only one when
/// none is given.
fn respondent(app: &WenzeApp, choice: Option<&str>) -> AppResult<RespondentId> {
    let f = &app
        .case_view()
        .ok_or_else(|| AppError::refused("未打开案件"))?
        .file;
    let list = || {
        f.respondents
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", i + 1, r.name))
            .collect::<Vec<_>>()
            .join("；")
    };
    match choice.map(str::trim) {
        None if f.respondents.len() == 1 => Ok(f.respondents[0].id),
        None => Err(AppError::Refused(format!(
            "本案有 {} 位被问责人，请用 --respondent 指定序号或姓名：{}",
            f.respondents.len(),
            list()
        ))),
        Some(c) => {
            let by_number = c
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| f.respondents.get(i));
            by_number
                .or_else(|| f.respondents.iter().find(|r| r.name == c))
                .map(|r| r.id)
                .ok_or_else(|| {
                    AppError::Refused(format!("本案没有被问责人“{c}”；可选：{}", list()))
                })
        }
    }
}

fn act(app: &mut WenzeApp, command: CaseAction) -> ExitCode {
    match crate::app::procedure::run(app, command) {
        Ok(m) => {
            outln!("{m}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

pub(super) fn run(db: &Path, cmd: CaseCmd) -> ExitCode {
    match run_inner(db, cmd) {
        Ok(code) => code,
        Err(e) => fail(&e.to_string()),
    }
}

fn run_inner(db: &Path, cmd: CaseCmd) -> AppResult<ExitCode> {
    use super::case_draft as draft;
    Ok(match cmd {
        CaseCmd::Register { file, user } => draft::register(db, &file, user.as_deref())?,
        CaseCmd::Amend {
            draft: key,
            file,
            user,
        } => draft::amend(db, &key, &file, user.as_deref())?,
        CaseCmd::Submit { draft: key, user } => draft::submit(db, &key, user.as_deref())?,
        CaseCmd::Return {
            draft: key,
            comment,
            user,
        } => draft::return_to_clerk(db, &key, &comment, user.as_deref())?,
        CaseCmd::Notice { draft: key, user } => draft::notice(db, &key, user.as_deref())?,
        CaseCmd::Issue { draft: key, user } => draft::issue(db, &key, user.as_deref())?,
        CaseCmd::Show { id, json, user } => {
            let app = open_as(db, user.as_deref(), CaseId::new(id))?;
            let record = show(&app)?;
            if json {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&record).map_err(|e| {
                        AppError::Refused(format!("案件记录无法输出：{}", crate::zh::json(&e)))
                    })?
                );
            } else {
                print_text(&record);
            }
            ExitCode::SUCCESS
        }
        CaseCmd::Deliver(d) => {
            let mut app = open_as(db, d.user.as_deref(), CaseId::new(d.id))?;
            let rid = respondent(&app, d.respondent.as_deref())?;
            let method = DeliveryMethod::ALL
                .iter()
                .position(|m| m.label() == d.method.trim())
                .ok_or_else(|| {
                    let all: Vec<&str> = DeliveryMethod::ALL.iter().map(|m| m.label()).collect();
                    AppError::Refused(format!(
                        "送达方式“{}”无效，可选：{}",
                        d.method,
                        all.join("、")
                    ))
                })?;
            // The respondent's newest document (their decision's, or the
            // 事先告知书 served before it).
            let document = served_document(db, CaseId::new(d.id), rid)?;
            let a = app.case_actions_mut();
            a.delivery_document = Some(document);
            a.delivered_on = d.date;
            a.delivery_method = method;
            a.recipient = d.recipient;
            a.address = d.address;
            a.deliverer = d.deliverer;
            a.receipt = d.receipt;
            a.witness = d.witness.unwrap_or_default();
            a.served_at = d.time.unwrap_or_default();
            a.agent = d.agent.unwrap_or_default();
            a.note = d.note.unwrap_or_default();
            act(&mut app, CaseAction::Deliver)
        }
        CaseCmd::Remedy {
            id,
            respondent: who,
            date,
            grounds,
            user,
        } => {
            let mut app = open_as(db, user.as_deref(), CaseId::new(id))?;
            let rid = respondent(&app, who.as_deref())?;
            let a = app.case_actions_mut();
            a.remedy_respondent = Some(rid);
            a.remedy_applied_on = date;
            a.remedy_grounds = grounds;
            act(&mut app, CaseAction::ApplyForRemedy)
        }
        CaseCmd::Answer(x) => {
            let mut app = open_as(db, x.user.as_deref(), CaseId::new(x.id))?;
            let outcome = RemedyOutcome::ALL
                .iter()
                .position(|o| o.label() == x.outcome.trim())
                .ok_or_else(|| {
                    AppError::Refused(format!(
                        "结果“{}”无效，可选：维持、变更、撤销、不予受理",
                        x.outcome
                    ))
                })?;
            let a = app.case_actions_mut();
            a.remedy_outcome = outcome;
            a.remedy_decided_on = x.date;
            a.remedy_reason = x.reason.unwrap_or_default();
            a.remedy_answer_no = x.number.unwrap_or_default();
            if let Some(body) = x.body {
                a.remedy_body = body;
            }
            a.remedy_methods = x.method.into_iter().collect();
            act(&mut app, CaseAction::DecideRemedy(x.remedy))
        }
        CaseCmd::Correct {
            id,
            respondent: who,
            user,
        } => {
            let mut app = open_as(db, user.as_deref(), CaseId::new(id))?;
            let rid = respondent(&app, who.as_deref())?;
            let count = |app: &WenzeApp| {
                app.case_view().map_or(0, |v| {
                    v.file
                        .documents
                        .iter()
                        .filter(|d| d.kind == "correction")
                        .count()
                })
            };
            let before = count(&app);
            app.apply(Command::CaseDocument(
                crate::app::casedocs::DocCommand::IssueCorrection { respondent: rid },
            ));
            let said = app.case_docs().message.clone();
            if count(&app) > before {
                outln!("{said}");
                ExitCode::SUCCESS
            } else {
                return Err(AppError::Refused(said));
            }
        }
        CaseCmd::Done {
            id,
            follow_up,
            date,
            user,
        } => {
            let mut app = open_as(db, user.as_deref(), CaseId::new(id))?;
            app.case_actions_mut().follow_up_done_on = date;
            act(&mut app, CaseAction::CompleteFollowUp(follow_up))
        }
    })
}

/// The respondent's newest issued document.
fn served_document(db: &Path, case_id: CaseId, rid: RespondentId) -> AppResult<DocumentId> {
    let s = Storage::open_reader(db)?;
    s.document_respondents(case_id)?
        .into_iter()
        .rev()
        .find(|(_, owner)| owner.is_none_or(|o| o == rid))
        .map(|(id, _)| id)
        .ok_or_else(|| AppError::refused("该被问责人尚无已签发的文书，不能登记送达"))
}

/// The whole record: the case, each respondent with their state, decisions,
/// documents with their sha256, deliveries, 复查/申诉, consequences with end
/// dates, audit entries with actor and time.
fn show(app: &WenzeApp) -> AppResult<Value> {
    let v = app
        .case_view()
        .ok_or_else(|| AppError::refused("未打开案件"))?;
    let f = &v.file;
    let storage = app.storage_ref().ok_or(AppError::NoRegister)?;
    let rec = storage.case_record(f.id)?;
    let remedies = &app.case_actions().remedies;
    let owners: std::collections::BTreeMap<DocumentId, Option<RespondentId>> =
        storage.document_respondents(f.id)?.into_iter().collect();
    let states: std::collections::BTreeMap<RespondentId, RespondentState> =
        storage.respondent_states(f.id)?.into_iter().collect();
    let mut respondents = Vec::new();
    for r in &rec.respondents {
        let mine: Vec<_> = remedies
            .iter()
            .filter(|m| m.respondent_id == Some(r.id))
            .collect();
        let state = states
            .get(&r.id)
            .copied()
            .ok_or_else(|| AppError::refused("被问责人记录不全，请核对登记簿"))?;
        let mut running = storage.running_bans(r.id)?;
        running.extend(storage.running_deductions(r.id)?);
        let decisions: Vec<Value> = f
            .decisions
            .iter()
            .filter(|d| d.respondent_id == r.id)
            .map(|d| {
                json!({
                    "文号": d.doc_no,
                    "结论": d.kind.label(),
                    "问责方式": d.methods,
                    "决定日期": d.decided_on,
                    "批准": d.approved_by,
                    "取代": d.supersedes.and_then(|s| f.decisions.iter().find(|x| x.id == s)).map(|x| x.doc_no.clone()),
                    "已被取代": f.decisions.iter().any(|x| x.supersedes == Some(d.id)),
                    "已撤销": d.revoked,
                    "未采用推荐方式的理由": d.departure_reason,
                    "与类案不一致的理由": d.precedent_reason,
                })
            })
            .collect();
        let documents: Vec<Value> = f
            .documents
            .iter()
            .filter(|d| {
                owners
                    .get(&d.id)
                    .copied()
                    .flatten()
                    .is_none_or(|o| o == r.id)
            })
            .map(|d| {
                json!({
                    "编号": d.id,
                    "种类": d.title,
                    "文号": d.doc_no,
                    "sha256": d.sha256,
                    "ofd_sha256": d.ofd_sha256.clone().unwrap_or_else(|| crate::app::archive::NO_OFD.to_owned()),
                })
            })
            .collect();
        let remedies: Vec<Value> = mine
            .iter()
            .map(|m| {
                json!({
                    "编号": m.id,
                    "类别": m.kind.label(),
                    "针对": m.original_doc_no,
                    "申请日期": m.applied_on,
                    "申请理由": m.grounds,
                    "结果": m.outcome.map(RemedyOutcome::label),
                    "作出机关": if m.kind == RemedyKind::Review { "本机关".to_owned() } else { m.body.clone() },
                    "结果日期": m.decided_on,
                    "结果文号": m.answer_doc_no,
                    "理由": m.reason,
                })
            })
            .collect();
        let delivery = r.delivery.as_ref().map(|d| {
            json!({
                "送达日期": d.delivered_on.map(|x| x.to_string()),
                "送达方式": d.method,
                "受送达人": d.recipient,
                "送达地点": d.address,
                "送达人": d.deliverer,
                "见证人": d.witness,
            })
        });
        respondents.push(json!({
            "编号": r.id,
            "姓名": r.name,
            "角色": r.role.label(),
            "状态": state.label(),
            "决定": decisions,
            "文书": documents,
            "送达": delivery,
            "复查申诉": remedies,
            "未届满的后果": running,
            "类案参考": precedents_json(app, storage, &rec.regulation, f.id, r)?,
        }));
    }
    let follow_ups: Vec<Value> = f
        .follow_ups
        .iter()
        .map(|x| {
            json!({
                "编号": x.id,
                "人员": x.person,
                "类别": x.kind.label(),
                "事项": x.label,
                "依据": x.cite,
                "起": x.starts_on,
                "止": x.ends_on,
                "状态": x.status,
            })
        })
        .collect();
    let audit: Vec<Value> = f
        .audit
        .iter()
        .map(|a| json!({"时间": a.at, "操作人": a.actor, "操作": a.action, "内容": a.detail}))
        .collect();
    Ok(json!({
        "案件编号": f.id,
        "案号": f.case_no,
        "适用规定": f.regulation_id,
        "阶段": f.stage.label(),
        "被问责人": respondents,
        "后续事项": follow_ups,
        "审计记录": audit,
    }))
}

fn print_text(record: &Value) {
    let s = |v: &Value| match v {
        Value::String(x) => x.clone(),
        Value::Null => "—".to_owned(),
        other => other.to_string(),
    };
    outln!(
        "{}　{}　阶段：{}",
        s(&record["案号"]),
        s(&record["适用规定"]),
        s(&record["阶段"])
    );
    for r in record["被问责人"].as_array().into_iter().flatten() {
        outln!(
            "被问责人 {}（{}）：{}",
            s(&r["姓名"]),
            s(&r["角色"]),
            s(&r["状态"])
        );
        for d in r["决定"].as_array().into_iter().flatten() {
            let mark = if d["已撤销"] == Value::Bool(true) {
                "（已撤销）"
            } else if d["已被取代"] == Value::Bool(true) {
                "（已被取代）"
            } else {
                ""
            };
            outln!(
                "　决定 {} {} {} {}{mark}",
                s(&d["文号"]),
                s(&d["结论"]),
                s(&d["决定日期"]),
                d["问责方式"]
                    .as_array()
                    .map(|m| m.iter().map(&s).collect::<Vec<_>>().join("、"))
                    .unwrap_or_default()
            );
            if let Some(why) = d["与类案不一致的理由"].as_str().filter(|w| !w.is_empty()) {
                outln!("　　与类案不一致的理由：{why}");
            }
        }
        for m in r["复查申诉"].as_array().into_iter().flatten() {
            outln!(
                "　{} {} 针对 {}：{} {} {}",
                s(&m["类别"]),
                s(&m["申请日期"]),
                s(&m["针对"]),
                s(&m["作出机关"]),
                s(&m["结果"]),
                s(&m["结果文号"])
            );
        }
        for x in r["未届满的后果"].as_array().into_iter().flatten() {
            outln!("　后果 {}", s(x));
        }
    }
    for a in record["审计记录"].as_array().into_iter().flatten() {
        outln!(
            "审计 {} {} {} {}",
            s(&a["时间"]),
            s(&a["操作人"]),
            s(&a["操作"]),
            s(&a["内容"])
        );
    }
}

/// 类案参考 of one respondent of a registered case: the office's other
/// decisions in force for the same 问责情形 (the first recorded) and 情节, the
/// distribution, the five most similar (names only for 审核人 and 管理员) and
/// the proportion warning against the decided methods; `null` before both
/// the behaviour and the level are recorded.
fn precedents_json(
    app: &WenzeApp,
    storage: &Storage,
    regulation: &str,
    case_id: CaseId,
    r: &crate::domain::record::RespondentRecord,
) -> AppResult<Value> {
    use crate::domain::procedure::SelectionKind;
    let first = |kind: SelectionKind| {
        r.selections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, id)| id.clone())
    };
    let (Some(behaviour), Some(level)) = (
        first(SelectionKind::Behaviour),
        first(SelectionKind::Severity),
    ) else {
        return Ok(Value::Null);
    };
    let found = storage.similar_decisions(
        regulation,
        &behaviour,
        &level,
        Some(case_id),
        crate::storage::register::PRECEDENT_LIMIT,
    )?;
    let query = crate::rules::precedents::PrecedentQuery {
        regulation: regulation.to_owned(),
        factors: r
            .selections
            .iter()
            .filter(|(k, _)| matches!(k, SelectionKind::Factor | SelectionKind::OverlayFactor))
            .map(|(_, id)| id.clone())
            .collect(),
        tolerance: r
            .selections
            .iter()
            .any(|(k, _)| *k == SelectionKind::ToleranceSituation),
        role: r.role.label().to_owned(),
        chosen: r
            .decision
            .as_ref()
            .filter(|d| d.kind == "问责")
            .map(|d| d.methods.clone())
            .unwrap_or_default(),
        year: r
            .decision
            .as_ref()
            .and_then(|d| d.decided_on)
            .map(|d| d.year()),
    };
    let report = crate::rules::precedents::compare(&app.shared.regulations, &query, &found);
    let names = app.user().is_some_and(|u| u.may_issue());
    let nearest: Vec<Value> = report
        .nearest
        .iter()
        .map(|n| {
            let p = &n.precedent;
            let mut v = json!({
                "文号": p.doc_no,
                "决定日期": p.decided_on,
                "单位": p.unit,
                "问责方式": n.outcome,
                "情节": level,
                "所具情节": n.factor_labels,
                "相同因素": n.shared,
                "复查申诉": n.mark,
            });
            if names && let Some(o) = v.as_object_mut() {
                o.insert("姓名".to_owned(), json!(p.name));
            }
            v
        })
        .collect();
    Ok(json!({
        "概况": report.summary(),
        "同类件数": report.total,
        "分布": report.distribution.iter().map(|(m, n)| json!({"问责方式": m, "件数": n})).collect::<Vec<_>>(),
        "最相近": nearest,
        "比例提示": report.warning.as_ref().map(|w| w.message.clone()),
    }))
}
