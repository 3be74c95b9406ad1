//! The case after issue (案卷 actions): 送达 with its 送达回证 (and the remedy
//! deadline computed from it), 陈述申辩 and evidence added later, 复查/申诉
//! whose outcome is a new decision superseding the original, and
//! follow-ups marked done. Each action is one audited transaction in
//! `storage`; afterwards the case file and the dashboard are reloaded, so a
//! reminder the action settles disappears.

use std::collections::BTreeSet;

use super::case_input::CaseExports;
use super::error::{AppError, AppResult};
use super::{Command, WenzeApp};
use crate::domain::procedure::{
    DeliveryMethod, NewDelivery, RemedyDecision, RemedyKind, RemedyOutcome, RemedyRow,
};

/// Raw values of the 案卷's action forms (as typed, validated on submit).
#[derive(Debug, Default)]
pub struct CaseActions {
    /// The case these forms belong to.
    pub(crate) case_id: Option<i64>,
    pub(crate) delivered_on: String,
    pub(crate) delivery_method: usize,
    /// The document served (None = the newest).
    pub(crate) delivery_document: Option<i64>,
    pub(crate) recipient: String,
    pub(crate) receipt: String,
    pub(crate) witness: String,
    pub follow_up_done_on: String,
    pub(crate) remedy_kind: usize,
    pub(crate) remedy_applied_on: String,
    pub(crate) remedy_grounds: String,
    pub(crate) remedy_outcome: usize,
    pub(crate) remedy_methods: BTreeSet<String>,
    pub(crate) remedy_reason: String,
    pub(crate) remedy_decided_on: String,
    pub(crate) statement_on: String,
    pub(crate) statement: String,
    pub(crate) evidence: String,
    /// The respondent (row id) a 复查/申诉 is for (None: the only one).
    pub remedy_respondent: Option<i64>,
    /// The case's 复查/申诉 (read when the case opens).
    pub remedies: Vec<RemedyRow>,
    /// With several respondents, each decided one's remedy from their own
    /// delivery: (name, assessment, delivered).
    pub remedy_by_respondent: Vec<(String, AppResult<crate::rules::Assessment>, bool)>,
    /// Follow-ups done (id, date).
    pub(crate) done: Vec<(i64, String)>,
    /// 送达回证 of the deliveries, in the order the case file lists them.
    pub(crate) receipts: Vec<String>,
    pub message: String,
}

impl CaseActions {
    pub(crate) fn delivery_method(&self) -> DeliveryMethod {
        DeliveryMethod::ALL
            .get(self.delivery_method)
            .copied()
            .unwrap_or_default()
    }
    pub(crate) fn remedy_kind(&self) -> RemedyKind {
        RemedyKind::ALL
            .get(self.remedy_kind)
            .copied()
            .unwrap_or_default()
    }
    pub(crate) fn remedy_outcome(&self) -> RemedyOutcome {
        RemedyOutcome::ALL
            .get(self.remedy_outcome)
            .copied()
            .unwrap_or_default()
    }
}

/// The start of the message when the case file's own records cannot be read.
const UNREAD: &str = "复查申诉、办结和送达回证记录未能读取：";

/// Read what the case file shows besides `CaseFile` (after `open_case`).
pub fn load(app: &mut WenzeApp, case_id: i64) {
    let today = app.today().to_string();
    let fresh = app.case_actions.case_id != Some(case_id);
    let Some(storage) = &app.storage else { return };
    // What the case file shows besides `CaseFile`; a failed read is said
    // where the clerk looks (the case file's message), never shown as "none".
    let read = (|| -> AppResult<_> {
        Ok((
            storage.remedies(case_id)?,
            storage.follow_ups_done(case_id)?,
            storage.delivery_receipts(case_id)?,
        ))
    })();
    let (remedies, done, receipts, problem) = match read {
        Ok((r, d, rc)) => (r, d, rc, None),
        Err(e) => (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Some(format!("{UNREAD}{e}")),
        ),
    };
    let a = &mut app.case_actions;
    if fresh {
        *a = CaseActions {
            case_id: Some(case_id),
            delivered_on: today.clone(),
            follow_up_done_on: today.clone(),
            remedy_applied_on: today.clone(),
            remedy_decided_on: today.clone(),
            statement_on: today,
            ..Default::default()
        };
    }
    a.remedies = remedies;
    a.done = done;
    a.receipts = receipts;
    match problem {
        Some(p) => a.message = p,
        // Read again: an earlier failure no longer holds.
        None if a.message.starts_with(UNREAD) => a.message.clear(),
        None => {}
    }
    app.case_actions.remedy_by_respondent = remedy_by_respondent(app, case_id);
    super::casedocs::load(app, case_id);
}

/// Each decided respondent's remedy, from their own decision's delivery
/// (only when the case has several respondents).
fn remedy_by_respondent(
    app: &WenzeApp,
    case_id: i64,
) -> Vec<(String, AppResult<crate::rules::Assessment>, bool)> {
    let Some(f) = app.case_view().map(|v| &v.file) else {
        return Vec::new();
    };
    if f.respondents.len() < 2 {
        return Vec::new();
    }
    f.respondents
        .iter()
        .filter(|r| f.decisions.iter().any(|d| d.respondent_id == r.id))
        .map(|r| match super::casedocs::gather(app, case_id, r.id) {
            Ok((ex, a)) => (r.name.clone(), Ok(a), ex.case.delivered_on.is_some()),
            Err(e) => (r.name.clone(), Err(e), false),
        })
        .collect()
}

fn date(raw: &str, what: &str) -> AppResult<jiff::civil::Date> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::refused(format!("请填写{what}")));
    }
    raw.parse()
        .map_err(|_| AppError::refused(format!("{what}“{raw}”无效，请按 2026-03-05 的格式填写")))
}

fn refused<T>(message: &str) -> AppResult<T> {
    Err(AppError::refused(message))
}

pub(crate) fn apply(app: &mut WenzeApp, command: Command) {
    let Some(case_id) = app.case_view().map(|v| v.file.id) else {
        return;
    };
    if let Some(u) = app.user.clone()
        && let Some(s) = app.storage.as_mut()
    {
        s.set_actor(&format!("{}（{}）", u.display_name, u.role));
    }
    let result = match command {
        Command::RecordDelivery => deliver(app, case_id),
        Command::CompleteFollowUp(id) => complete(app, id),
        Command::RecordRemedy => apply_for_remedy(app),
        Command::DecideRemedy(id) => decide(app, case_id, id),
        Command::AddLaterStatement => later_statement(app, case_id),
        Command::AddLaterEvidence => later_evidence(app, case_id),
        _ => return,
    };
    let message = match result {
        Ok(m) => {
            // The case file, the register and the dashboard show the change.
            app.open_case(case_id);
            app.apply(Command::ReloadRegister);
            app.refresh_dashboard();
            m
        }
        Err(e) => e.to_string(),
    };
    app.case_actions.message = message;
}

fn deliver(app: &mut WenzeApp, case_id: i64) -> AppResult<String> {
    let a = &app.case_actions;
    let delivered_on = date(&a.delivered_on, "送达日期")?;
    if delivered_on > app.today() {
        return refused("送达日期不能晚于今天");
    }
    let method = a.delivery_method();
    if a.recipient.trim().is_empty() {
        return refused("请填写受送达人");
    }
    if a.receipt.trim().is_empty() {
        return refused("请填写送达回证（签收人及回证编号或存放位置）");
    }
    if method == DeliveryMethod::LeftAtAddress && a.witness.trim().is_empty() {
        return refused("留置送达须填写见证人");
    }
    // The document served: the one chosen, else the newest.
    let document_id = app.case_view().and_then(|v| {
        let docs = &v.file.documents;
        a.delivery_document
            .filter(|id| docs.iter().any(|d| d.id == *id))
            .or_else(|| docs.last().map(|d| d.id))
    });
    let d = NewDelivery {
        case_id,
        document_id,
        delivered_on,
        method,
        recipient: a.recipient.trim().to_owned(),
        receipt: a.receipt.trim().to_owned(),
        witness: a.witness.trim().to_owned(),
    };
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.record_delivery(&d)?;
    let a = &mut app.case_actions;
    a.recipient.clear();
    a.receipt.clear();
    a.witness.clear();
    Ok(format!("已记录送达：{} {}", delivered_on, method.label()))
}

fn complete(app: &mut WenzeApp, id: i64) -> AppResult<String> {
    let done_on = date(&app.case_actions.follow_up_done_on, "办结日期")?;
    if done_on > app.today() {
        return refused("办结日期不能晚于今天");
    }
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.complete_follow_up(id, done_on)?;
    Ok(format!("已办结（{done_on}）；工作台不再提醒此事项"))
}

/// The decision a 复查/申诉 is against: the newest one not superseded (of
/// the chosen respondent, when the case has several).
pub(crate) fn current_decision(app: &WenzeApp) -> Option<(i64, String)> {
    let f = &app.case_view()?.file;
    let whose = match app.case_actions.remedy_respondent {
        Some(rid) if f.respondents.len() > 1 => {
            // Chosen from another case's list: no decision of this one.
            if !f.respondents.iter().any(|r| r.id == rid) {
                return None;
            }
            Some(rid)
        }
        _ => None,
    };
    f.decisions
        .iter()
        .rev()
        .filter(|d| whose.is_none_or(|id| id == d.respondent_id))
        .find(|d| !f.decisions.iter().any(|x| x.supersedes == Some(d.id)))
        .map(|d| (d.id, d.doc_no.clone()))
}

fn apply_for_remedy(app: &mut WenzeApp) -> AppResult<String> {
    let several = app
        .case_view()
        .is_some_and(|v| v.file.respondents.len() > 1);
    if several && app.case_actions.remedy_respondent.is_none() {
        return refused("本案有多名被问责人，请选择申请人（被问责人）");
    }
    let (decision_id, doc_no) = current_decision(app)
        .ok_or_else(|| AppError::refused("该被问责人尚无决定，不能申请复查或申诉"))?;
    let a = &app.case_actions;
    let applied_on = date(&a.remedy_applied_on, "申请日期")?;
    if applied_on > app.today() {
        return refused("申请日期不能晚于今天");
    }
    let kind = a.remedy_kind();
    let grounds = a.remedy_grounds.trim().to_owned();
    if grounds.is_empty() {
        return refused("请填写申请理由");
    }
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.record_remedy(decision_id, kind, applied_on, &grounds)?;
    app.case_actions.remedy_grounds.clear();
    Ok(format!("已登记对 {doc_no} 的{}申请", kind.label()))
}

fn decide(app: &mut WenzeApp, case_id: i64, remedy_id: i64) -> AppResult<String> {
    let Some(user) = app.user.clone().filter(|u| u.may_issue()) else {
        let who = app
            .user
            .as_ref()
            .map(|u| format!("{}（{}）", u.display_name, u.role))
            .unwrap_or_else(|| "未登录用户".to_owned());
        let mut why = format!("{who}无权作出复查/申诉决定；须由审核人或管理员办理");
        if let Some(s) = app.storage.as_mut()
            && let Err(e) = s.audit_refusal("拒绝复查决定", &format!("{who} 试图作出复查/申诉决定"))
        {
            why.push_str(&format!("。此次拒绝未能写入审计日志：{e}"));
        }
        return Err(AppError::Refused(why));
    };
    let a = &app.case_actions;
    let decided_on = date(&a.remedy_decided_on, "决定日期")?;
    let outcome = a.remedy_outcome();
    let d = RemedyDecision {
        remedy_id,
        outcome,
        methods: a.remedy_methods.iter().cloned().collect(),
        reason: a.remedy_reason.trim().to_owned(),
        decided_on,
        approved_by: user.display_name.clone(),
    };
    let remedy = a
        .remedies
        .iter()
        .find(|r| r.id == remedy_id)
        .cloned()
        .ok_or_else(|| AppError::refused("没有这项复查/申诉"))?;
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    let (decision_id, doc_no) = storage.decide_remedy(&d)?;
    // Its document: the 复查决定书, stored immutably with the new decision.
    let doc = review_document(app, case_id, &remedy, &d, &doc_no);
    let stored = doc.and_then(|(title, pdf)| {
        app.storage
            .as_mut()
            .ok_or(AppError::NoRegister)?
            .store_document(case_id, Some(decision_id), "review", &doc_no, &title, &pdf)
            .map_err(AppError::from)
    });
    let a = &mut app.case_actions;
    a.remedy_reason.clear();
    a.remedy_methods.clear();
    Ok(match stored {
        Ok(_) => format!(
            "{}{}：已作出决定 {doc_no}，取代原决定 {}（原决定未作任何修改）",
            remedy.kind.label(),
            outcome.label(),
            remedy.original_doc_no
        ),
        Err(e) => format!("已作出决定 {doc_no}，但复查决定书未能生成：{e}。可在案卷中重新生成。"),
    })
}

fn review_document(
    app: &mut WenzeApp,
    case_id: i64,
    remedy: &RemedyRow,
    d: &RemedyDecision,
    doc_no: &str,
) -> AppResult<(String, Vec<u8>)> {
    use crate::export::documents;
    let storage = app.storage.as_ref().ok_or(AppError::NoRegister)?;
    let ex = storage.case_export(case_id)?;
    let history = storage
        .person_history(&ex.person_ids)?
        .into_iter()
        .filter(|h| Some(h.decided_on) < ex.case.decided_on.or(ex.case.received_on))
        .collect::<Vec<_>>();
    let assessment = crate::rules::assess(&ex.case, &app.regulations, &history, &app.calendar)?;
    let mut details = ex.details.clone();
    details.doc_no = doc_no.to_owned();
    details.original_doc_no = remedy.original_doc_no.clone();
    details.review_applied_on = remedy.applied_on.parse().ok();
    details.review_reasoning = if d.reason.is_empty() {
        remedy.grounds.clone()
    } else {
        d.reason.clone()
    };
    details.review_result = match d.outcome {
        RemedyOutcome::Uphold => format!("维持{}", remedy.original_doc_no),
        RemedyOutcome::Change => format!(
            "变更{}的问责方式为：{}",
            remedy.original_doc_no,
            d.methods.join("、")
        ),
        RemedyOutcome::Revoke => format!("撤销{}", remedy.original_doc_no),
    };
    details.issued_on = Some(d.decided_on);
    let doc = super::error::build_document(
        documents::DocKind::Review,
        &details,
        &assessment,
        &ex.case.case_no,
        &app.regulations,
        &app.calendar,
    )?;
    let (faces, problems) =
        super::files::office_faces(app.storage.as_ref().ok_or(AppError::NoRegister)?)?;
    if !problems.is_empty() {
        app.status = problems.join("；");
    }
    let pdf = crate::export::render_with(&doc, jiff::Timestamp::now().as_second(), &faces)?;
    Ok((doc.title.clone(), pdf))
}

fn later_statement(app: &mut WenzeApp, case_id: i64) -> AppResult<String> {
    let a = &app.case_actions;
    let heard = date(&a.statement_on, "陈述申辩日期")?;
    let text = a.statement.trim().to_owned();
    if text.is_empty() {
        return refused("请填写陈述申辩内容");
    }
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    let rid = *storage
        .respondent_ids(case_id)?
        .first()
        .ok_or_else(|| AppError::refused("本案没有被问责人"))?;
    storage.add_statement(case_id, rid, &heard.to_string(), &text)?;
    app.case_actions.statement.clear();
    Ok("已补录陈述申辩".to_owned())
}

fn later_evidence(app: &mut WenzeApp, case_id: i64) -> AppResult<String> {
    let title = app.case_actions.evidence.trim().to_owned();
    if title.is_empty() {
        return refused("请填写证据名称");
    }
    let storage = app.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.add_evidence(case_id, &title)?;
    app.case_actions.evidence.clear();
    Ok(format!("已补录证据：{title}"))
}
