//! The case after issue (案卷 actions): 送达 with its 送达回证 (and the remedy
//! deadline computed from it), 陈述申辩 and evidence added later, 复查/申诉
//! whose outcome is a new decision superseding the original, and
//! follow-ups marked done. Each action is one audited transaction in
//! `storage`; afterwards the case file and the dashboard are reloaded, so a
//! reminder the action settles disappears.

use crate::domain::ids::{CaseId, DecisionId, DocumentId, RespondentId};
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
    pub(crate) case_id: Option<CaseId>,
    pub(crate) delivered_on: String,
    pub(crate) delivery_method: usize,
    /// The document served (None = the newest).
    pub(crate) delivery_document: Option<DocumentId>,
    pub(crate) recipient: String,
    pub(crate) receipt: String,
    pub(crate) witness: String,
    /// 送达回证 particulars: 送达地点, 送达时间 (e.g. 10时30分), 送达人,
    /// 代收人及代收理由, 备考.
    pub(crate) address: String,
    pub(crate) served_at: String,
    pub(crate) deliverer: String,
    pub(crate) agent: String,
    pub(crate) note: String,
    pub follow_up_done_on: String,
    pub(crate) remedy_kind: usize,
    pub remedy_applied_on: String,
    pub(crate) remedy_grounds: String,
    pub(crate) remedy_outcome: usize,
    pub(crate) remedy_methods: BTreeSet<String>,
    pub(crate) remedy_reason: String,
    pub(crate) remedy_decided_on: String,
    /// 申诉: the body that answered and its own document number.
    pub(crate) remedy_body: String,
    pub(crate) remedy_answer_no: String,
    /// The open application the answer form is for (several may be open at
    /// once; one form, for the one chosen — the oldest until another is).
    pub(crate) remedy_answering: Option<i64>,
    /// The remedies this case's regulation gives (000 复查, 004 申诉; a
    /// silent text: those the office set up), and the body it names.
    pub(crate) remedy_kinds: Vec<RemedyKind>,
    pub(crate) remedy_default_body: String,
    pub(crate) statement_on: String,
    pub(crate) statement: String,
    /// 采纳情况: whether the statement's requests are adopted, and why (002
    /// 第十五条 “对其合理意见，应当予以采纳”).
    pub(crate) statement_adopted: String,
    /// Whose statement (None: the only respondent).
    pub(crate) statement_respondent: Option<RespondentId>,
    pub(crate) evidence: String,
    /// The respondent (row id) a 复查/申诉 is for (None: the only one).
    pub remedy_respondent: Option<RespondentId>,
    /// The case's 复查/申诉 (read when the case opens).
    pub remedies: Vec<RemedyRow>,
    /// With several respondents, each decided one's remedy from their own
    /// delivery: (name, assessment, delivered).
    /// Each decided respondent: name, assessment, delivered, and whether the
    /// decision imposes anything (not 不予问责: no remedy line then).
    pub remedy_by_respondent: Vec<(String, AppResult<crate::rules::Assessment>, bool, bool)>,
    /// 复查/申诉 applied for after the period the regulation gives: (remedy
    /// id, what the window says, with the article).
    pub(crate) late: Vec<(i64, String)>,
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
    /// The kind chosen among those offered (None: the regulation gives none).
    pub(crate) fn remedy_kind(&self) -> Option<RemedyKind> {
        self.remedy_kinds
            .get(self.remedy_kind)
            .or(self.remedy_kinds.first())
            .copied()
    }

    /// A fresh answer form (after an answer is recorded, or for another
    /// application): nothing of the previous answer is kept.
    pub(crate) fn clear_answer(&mut self, today: &str) {
        self.remedy_outcome = 0;
        self.remedy_methods.clear();
        self.remedy_reason.clear();
        self.remedy_answer_no.clear();
        self.remedy_body = self.remedy_default_body.clone();
        self.remedy_decided_on = today.to_owned();
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
pub fn load(app: &mut WenzeApp, case_id: CaseId) {
    let today = app.today().to_string();
    let fresh = app.case.actions.case_id != Some(case_id);
    let Some(storage) = &app.shared.storage else {
        return;
    };
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
    let a = &mut app.case.actions;
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
    let (kinds, body) = match offered_remedies(app) {
        Ok(k) => k,
        Err(e) => {
            app.case.actions.message = format!("{UNREAD}{e}");
            (Vec::new(), String::new())
        }
    };
    let a = &mut app.case.actions;
    if fresh || a.remedy_kinds != kinds {
        a.remedy_kind = 0;
        a.remedy_kinds = kinds;
        a.remedy_default_body = body.clone();
        a.remedy_body = body;
    }
    app.case.actions.remedy_by_respondent = remedy_by_respondent(app, case_id);
    app.case.actions.late = late_remedies(app, case_id);
    super::casedocs::load(app, case_id);
}

/// Why an application dated `applied_on` by respondent `rid` is late, with
/// the article — None when it is in time or the regulation gives no period.
fn lateness(
    app: &WenzeApp,
    case_id: CaseId,
    rid: RespondentId,
    kind: RemedyKind,
    applied_on: jiff::civil::Date,
) -> AppResult<Option<String>> {
    let (_, assessment) = super::casedocs::gather(app, case_id, rid)?;
    let Some(remedy) = assessment.remedy else {
        return Ok(None);
    };
    let Some(last) = remedy.last_day else {
        return Ok(None);
    };
    Ok((applied_on > last).then(|| {
        format!(
            "{kind}申请日期（{applied_on}）已超过规定的期限，最后一日为{}（{}），可作出不予受理的决定",
            crate::rules::engine::cn_date(last),
            remedy.citation.short()
        )
    }))
}

/// The case's unanswered applications made after their period (or why that
/// could not be checked).
fn late_remedies(app: &WenzeApp, case_id: CaseId) -> Vec<(i64, String)> {
    app.case
        .actions
        .remedies
        .iter()
        .filter(|r| r.outcome.is_none())
        .filter_map(|r| {
            let rid = r.respondent_id?;
            let checked = date(&r.applied_on, "申请日期")
                .and_then(|on| lateness(app, case_id, rid, r.kind, on));
            match checked {
                Ok(late) => late.map(|why| (r.id, why)),
                Err(e) => Some((r.id, format!("未能核对申请是否逾期：{e}"))),
            }
        })
        .collect()
}

/// The remedies the open case's regulation gives, with the body it names:
/// its own (000 第九条 复查 by 厅绩效领导小组, 004 第十六条 申诉 to 有关部门);
/// a text that is silent (002, 003) leaves the 申诉 its decisions print
/// (“可依照有关规定提出申诉”), to the body the office set (设置 → 文书) or
/// 有关部门. A 复查 the regulation does not give is never offered.
fn offered_remedies(app: &WenzeApp) -> AppResult<(Vec<RemedyKind>, String)> {
    let Some(reg_id) = app.case_view().map(|v| v.file.regulation_id.clone()) else {
        return Ok((Vec::new(), String::new()));
    };
    if let Some(m) = app.shared.regulations.get(&reg_id).map(|r| &r.regulation)
        && let Some(kind) = RemedyKind::from_label(&m.remedy)
    {
        return Ok((vec![kind], m.remedy_body.clone()));
    }
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let office_body = storage.doc_settings(&reg_id)?.remedy_body;
    let body = if office_body.trim().is_empty() {
        "有关部门".to_owned()
    } else {
        office_body.trim().to_owned()
    };
    Ok((vec![RemedyKind::Appeal], body))
}

/// Each decided respondent's remedy, from their own decision's delivery
/// (only when the case has several respondents).
fn remedy_by_respondent(
    app: &WenzeApp,
    case_id: CaseId,
) -> Vec<(String, AppResult<crate::rules::Assessment>, bool, bool)> {
    let Some(f) = app.case_view().map(|v| &v.file) else {
        return Vec::new();
    };
    if f.respondents.len() < 2 {
        return Vec::new();
    }
    f.respondents
        .iter()
        .filter(|r| f.decisions.iter().any(|d| d.respondent_id == r.id))
        .map(|r| {
            let imposes = f.decisions.iter().any(|d| {
                d.respondent_id == r.id
                    && d.kind != crate::domain::procedure::DecisionKind::NoAccountability
            });
            match super::casedocs::gather(app, case_id, r.id) {
                Ok((ex, a)) => (
                    r.name.clone(),
                    Ok(a),
                    ex.case.delivered_on.is_some(),
                    imposes,
                ),
                Err(e) => (r.name.clone(), Err(e), false, imposes),
            }
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

/// The 案卷's actions after issue (the case file's forms, `wenze case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseAction {
    /// 登记送达 from the delivery form.
    Deliver,
    /// A follow-up (纠错, a consequence) marked done on the form's date.
    CompleteFollowUp(i64),
    /// A 复查/申诉 application from the form.
    ApplyForRemedy,
    /// The answer to this 复查/申诉.
    DecideRemedy(i64),
    /// A later 陈述申辩 or evidence from the form.
    AddLaterStatement,
    AddLaterEvidence,
}

pub(crate) fn apply(app: &mut WenzeApp, command: CaseAction) {
    if app.case_view().is_none() {
        return;
    }
    app.case.actions.message = match run(app, command) {
        Ok(m) => m,
        Err(e) => e.to_string(),
    };
}

/// One 案卷 action on the open case, as the window and `wenze case` both
/// take it: Ok with what was done (the case file, the register and the
/// dashboard then show it), or the refusal.
pub(crate) fn run(app: &mut WenzeApp, command: CaseAction) -> AppResult<String> {
    let case_id = app
        .case_view()
        .map(|v| v.file.id)
        .ok_or_else(|| AppError::refused("未打开案件"))?;
    if let Some(u) = app.shared.user.clone()
        && let Some(s) = app.shared.storage.as_mut()
    {
        s.set_actor(&format!("{}（{}）", u.display_name, u.role));
    }
    let result = match command {
        CaseAction::Deliver => deliver(app, case_id),
        CaseAction::CompleteFollowUp(id) => complete(app, id),
        CaseAction::ApplyForRemedy => apply_for_remedy(app),
        CaseAction::DecideRemedy(id) => decide(app, case_id, id),
        CaseAction::AddLaterStatement => later_statement(app, case_id),
        CaseAction::AddLaterEvidence => later_evidence(app, case_id),
    };
    if result.is_ok() {
        // The case file, the register and the dashboard show the change.
        app.open_case(case_id);
        app.apply(Command::ReloadRegister);
        app.refresh_dashboard();
    }
    result
}

fn deliver(app: &mut WenzeApp, case_id: CaseId) -> AppResult<String> {
    let a = &app.case.actions;
    let delivered_on = date(&a.delivered_on, "送达日期")?;
    if delivered_on > app.today() {
        return refused("送达日期不能晚于今天");
    }
    let method = a.delivery_method();
    if a.recipient.trim().is_empty() {
        return refused("请填写受送达人");
    }
    if a.address.trim().is_empty() {
        return refused("请填写送达地点");
    }
    if a.deliverer.trim().is_empty() {
        return refused("请填写送达人");
    }
    if a.receipt.trim().is_empty() {
        return refused("请填写送达回证（签收人及回证编号或存放位置）");
    }
    if method == DeliveryMethod::LeftAtAddress && a.witness.trim().is_empty() {
        return refused("留置送达须填写见证人");
    }
    let document_id = served_document(app);
    let a = &app.case.actions;
    let d = NewDelivery {
        case_id,
        document_id,
        delivered_on,
        method,
        recipient: a.recipient.trim().to_owned(),
        receipt: a.receipt.trim().to_owned(),
        witness: a.witness.trim().to_owned(),
        address: a.address.trim().to_owned(),
        served_at: a.served_at.trim().to_owned(),
        deliverer: a.deliverer.trim().to_owned(),
        agent: a.agent.trim().to_owned(),
        note: a.note.trim().to_owned(),
    };
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.record_delivery(&d)?;
    let a = &mut app.case.actions;
    // A fresh form for the next service (the 送达地点 and 送达人 often
    // repeat: kept).
    a.recipient.clear();
    a.receipt.clear();
    a.witness.clear();
    a.agent.clear();
    a.note.clear();
    a.served_at.clear();
    Ok(format!("已记录送达：{} {}", delivered_on, method.label()))
}

/// The document the delivery form serves: the one chosen, else the newest.
pub(crate) fn served_document(app: &WenzeApp) -> Option<DocumentId> {
    let a = &app.case.actions;
    app.case_view().and_then(|v| {
        let docs = &v.file.documents;
        a.delivery_document
            .filter(|id| docs.iter().any(|d| d.id == *id))
            .or_else(|| docs.last().map(|d| d.id))
    })
}

fn complete(app: &mut WenzeApp, id: i64) -> AppResult<String> {
    let done_on = date(&app.case.actions.follow_up_done_on, "办结日期")?;
    if done_on > app.today() {
        return refused("办结日期不能晚于今天");
    }
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.complete_follow_up(id, done_on)?;
    Ok(format!("已办结（{done_on}）；工作台不再提醒此事项"))
}

/// The decision a 复查/申诉 is against: the newest one not superseded (of
/// the chosen respondent, when the case has several).
pub(crate) fn current_decision(app: &WenzeApp) -> Option<(DecisionId, String)> {
    let f = &app.case_view()?.file;
    let whose = match app.case.actions.remedy_respondent {
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
        .filter(|d| {
            // Revoked on 复查/申诉: no longer a decision in force.
            !app.case
                .actions
                .remedies
                .iter()
                .any(|r| r.decision_id == d.id && r.outcome == Some(RemedyOutcome::Revoke))
        })
        .find(|d| !f.decisions.iter().any(|x| x.supersedes == Some(d.id)))
        .map(|d| (d.id, d.doc_no.clone()))
}

fn apply_for_remedy(app: &mut WenzeApp) -> AppResult<String> {
    let Some(kind) = app.case.actions.remedy_kind() else {
        return refused("本案适用的规定没有规定复查或申诉途径，不能登记申请");
    };
    let several = app
        .case_view()
        .is_some_and(|v| v.file.respondents.len() > 1);
    if several && app.case.actions.remedy_respondent.is_none() {
        return refused(&format!(
            "本案有多名被问责人，请选择{kind}申请人（被问责人）"
        ));
    }
    let (decision_id, doc_no) = current_decision(app)
        .ok_or_else(|| AppError::refused(format!("该被问责人尚无现行决定，不能申请{kind}")))?;
    let a = &app.case.actions;
    let applied_on = date(&a.remedy_applied_on, "申请日期")?;
    if applied_on > app.today() {
        return refused("申请日期不能晚于今天");
    }
    let grounds = a.remedy_grounds.trim().to_owned();
    if grounds.is_empty() {
        return refused("请填写申请理由");
    }
    let case_id = app
        .case_view()
        .map(|v| v.file.id)
        .ok_or_else(|| AppError::refused("未打开案件"))?;
    let rid = app
        .case_view()
        .and_then(|v| v.file.decisions.iter().find(|d| d.id == decision_id))
        .map(|d| d.respondent_id);
    let late = match rid.map(|rid| lateness(app, case_id, rid, kind, applied_on)) {
        Some(Ok(late)) => late,
        Some(Err(e)) => Some(format!("未能核对申请是否逾期：{e}")),
        None => None,
    };
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.record_remedy(decision_id, kind, applied_on, &grounds)?;
    let today = app.today().to_string();
    let a = &mut app.case.actions;
    a.remedy_grounds.clear();
    a.clear_answer(&today);
    Ok(match late {
        // Recorded as applied (the application exists); the late date is
        // said with the article, and 不予受理 is the answer it allows.
        Some(why) => format!("已登记对 {doc_no} 的{kind}申请。注意：{why}"),
        None => format!("已登记对 {doc_no} 的{kind}申请"),
    })
}

fn decide(app: &mut WenzeApp, case_id: CaseId, remedy_id: i64) -> AppResult<String> {
    let user = app.shared.require(
        crate::domain::auth::Need::Reviewer,
        "拒绝复查决定",
        "登记复查/申诉结果",
    )?;
    let remedy = app
        .case
        .actions
        .remedies
        .iter()
        .find(|r| r.id == remedy_id)
        .cloned()
        .ok_or_else(|| AppError::refused("没有这项复查/申诉"))?;
    let a = &app.case.actions;
    let decided_on = date(&a.remedy_decided_on, "决定日期")?;
    if decided_on > app.today() {
        return refused("决定日期不能晚于今天");
    }
    let outcome = a.remedy_outcome();
    let d = RemedyDecision {
        remedy_id,
        outcome,
        methods: a.remedy_methods.iter().cloned().collect(),
        reason: a.remedy_reason.trim().to_owned(),
        decided_on,
        approved_by: user.display_name.clone(),
        body: a.remedy_body.trim().to_owned(),
        answer_doc_no: a.remedy_answer_no.trim().to_owned(),
    };
    // Checked before anything is built: the same check storage applies.
    let applied_on = date(&remedy.applied_on, "申请日期")?;
    let effect = d.plan(remedy.kind, applied_on).map_err(AppError::Refused)?;
    // The 复查决定书 is laid out before the transaction opens; storage
    // renders it for the 文号 it allocates, in the same transaction.
    let make = if effect.our_document {
        // The bureau's 复查决定书: never under a default name or 文号代字.
        super::office::issuing_office(app.shared.storage.as_ref().ok_or(AppError::NoRegister)?)?;
        Some(review_document(app, case_id, &remedy, &d)?)
    } else {
        None
    };
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    let answer_no = storage.decide_remedy(&d, |doc_no| match make {
        Some(make) => make(doc_no),
        None => Err("申诉由有关部门处理，本机关不制作复查决定书".to_owned()),
    })?;
    let today = app.today().to_string();
    app.case.actions.clear_answer(&today);
    let kind = remedy.kind;
    let original = &remedy.original_doc_no;
    Ok(match (kind, outcome) {
        (RemedyKind::Review, RemedyOutcome::NotAccepted) => {
            format!("复查决定 {answer_no}：不予受理，原决定 {original} 继续有效")
        }
        (RemedyKind::Appeal, RemedyOutcome::NotAccepted) => format!(
            "已登记申诉结果：{} 不予受理，原决定 {original} 继续有效",
            d.body
        ),
        (RemedyKind::Review, RemedyOutcome::Uphold) => {
            format!("复查决定 {answer_no}：维持原决定 {original}，原决定继续有效")
        }
        (RemedyKind::Review, RemedyOutcome::Change) => format!(
            "复查决定 {answer_no}：变更原决定 {original}，此后以 {answer_no} 为准（原决定保留不变）"
        ),
        (RemedyKind::Review, RemedyOutcome::Revoke) => format!(
            "复查决定 {answer_no}：撤销原决定 {original}，原决定不再计入问责记录，其后续事项已终止"
        ),
        (RemedyKind::Appeal, RemedyOutcome::Uphold) => {
            format!(
                "已登记申诉结果：{} 维持原决定 {original}，原决定继续有效",
                d.body
            )
        }
        (RemedyKind::Appeal, RemedyOutcome::Change) => format!(
            "已登记申诉结果：{} 以 {answer_no} 变更原决定 {original}，此后以其为准",
            d.body
        ),
        (RemedyKind::Appeal, RemedyOutcome::Revoke) => format!(
            "已登记申诉结果：{} 撤销原决定 {original}，原决定不再计入问责记录，其后续事项已终止",
            d.body
        ),
    })
}

/// A 复查决定书 maker: everything laid out from the applicant's own record
/// (never another respondent's) except the 文号, which storage allocates.
type ReviewMaker = Box<dyn FnOnce(&str) -> Result<crate::storage::register::IssuedFiles, String>>;

fn review_document(
    app: &mut WenzeApp,
    case_id: CaseId,
    remedy: &RemedyRow,
    d: &RemedyDecision,
) -> AppResult<ReviewMaker> {
    use crate::export::documents;
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let rid = remedy
        .respondent_id
        .ok_or_else(|| AppError::refused("这项复查没有记录申请人"))?;
    let ex = storage.case_export_for(case_id, Some(rid))?;
    let assessment = super::casedocs::assess_as_decided(app, &ex)?;
    let assessment = super::decision::for_respondent(&assessment, 0);
    // The applicant's running consequences end with a 撤销 / change with a 变更.
    let running = storage.running_bans(rid)?;
    let mut details = ex.details.clone();
    details.original_doc_no = remedy.original_doc_no.clone();
    details.review_applied_on = Some(date(&remedy.applied_on, "申请日期")?);
    details.review_grounds = remedy.grounds.clone();
    details.review_reasoning = d.reason.clone();
    details.review_result = d.outcome.result_text(&remedy.original_doc_no, &d.methods);
    details.review_follows = match d.outcome {
        RemedyOutcome::Uphold => String::new(),
        RemedyOutcome::NotAccepted => "原决定继续有效。".to_owned(),
        RemedyOutcome::Revoke if running.is_empty() => {
            "原决定自本决定作出之日起不再执行。".to_owned()
        }
        RemedyOutcome::Revoke => format!(
            "原决定自本决定作出之日起不再执行，因原决定产生的{}同时终止。",
            running.join("、")
        ),
        RemedyOutcome::Change if running.is_empty() => String::new(),
        RemedyOutcome::Change => format!(
            "因原决定产生的{}同时终止，依变更后的问责方式执行。",
            running.join("、")
        ),
    };
    // An economic penalty already carried out is refunded with a 撤销 / 变更.
    let deductions = storage.running_deductions(rid)?;
    if matches!(d.outcome, RemedyOutcome::Revoke | RemedyOutcome::Change) && !deductions.is_empty()
    {
        let what: Vec<&str> = deductions
            .iter()
            .map(|l| l.split_once('：').map_or(l.as_str(), |(_, what)| what))
            .collect();
        details
            .review_follows
            .push_str(&format!("依原决定已执行的{}，予以退还。", what.join("、")));
    }
    details.review_issued_on = Some(d.decided_on);
    let regulations = app.shared.regulations.clone();
    let calendar = app.shared.calendar.clone();
    let case_no = ex.case.case_no.clone();
    let (faces, problems) =
        super::files::office_faces(app.shared.storage.as_ref().ok_or(AppError::NoRegister)?)?;
    if !problems.is_empty() {
        app.shared.status = problems.join("；");
    }
    Ok(Box::new(move |doc_no: &str| {
        let mut details = details;
        details.review_doc_no = doc_no.to_owned();
        let doc = super::error::build_document(
            documents::DocKind::Review,
            &details,
            &assessment,
            &case_no,
            &regulations,
            &calendar,
        )
        .map_err(|e| e.to_string())?;
        // The PDF and the OFD-A from one layout, stored together.
        let (pdf, ofd) =
            crate::export::render_issued(&doc, jiff::Timestamp::now().as_second(), &faces)
                .map_err(|e| AppError::from(e).to_string())?;
        Ok(crate::storage::register::IssuedFiles {
            title: doc.title.clone(),
            pdf,
            ofd: Some(ofd),
        })
    }))
}

fn later_statement(app: &mut WenzeApp, case_id: CaseId) -> AppResult<String> {
    let a = &app.case.actions;
    let heard = date(&a.statement_on, "陈述申辩日期")?;
    if heard > app.today() {
        return refused("陈述申辩日期不能晚于今天");
    }
    let text = a.statement.trim().to_owned();
    if text.is_empty() {
        return refused("请填写陈述申辩内容");
    }
    let adopted = a.statement_adopted.trim().to_owned();
    let chosen = a.statement_respondent;
    let f = &app
        .case_view()
        .ok_or_else(|| AppError::refused("未打开案件"))?
        .file;
    // Whose statement: the one chosen, or the only respondent.
    let (rid, name) = match (chosen, f.respondents.as_slice()) {
        (Some(id), list) => list
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.id, r.name.clone()))
            .ok_or_else(|| AppError::refused("所选被问责人不属于本案"))?,
        (None, [only]) => (only.id, only.name.clone()),
        (None, []) => return refused("本案没有被问责人"),
        (None, _) => return refused("本案有多名被问责人，请选择陈述申辩人"),
    };
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.add_statement_adopted(case_id, rid, &heard.to_string(), &text, &adopted)?;
    let a = &mut app.case.actions;
    a.statement.clear();
    a.statement_adopted.clear();
    Ok(if adopted.is_empty() {
        format!("已补录{name}的陈述申辩；作出决定前须填写采纳情况")
    } else {
        format!("已补录{name}的陈述申辩及采纳情况")
    })
}

fn later_evidence(app: &mut WenzeApp, case_id: CaseId) -> AppResult<String> {
    let title = app.case.actions.evidence.trim().to_owned();
    if title.is_empty() {
        return refused("请填写证据名称");
    }
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.add_evidence(case_id, &title)?;
    app.case.actions.evidence.clear();
    Ok(format!("已补录证据：{title}"))
}
