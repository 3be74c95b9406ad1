//! 审批签发: write the case with every respondent, one decision (own 文号)
//! and one document per respondent, in the register.

use super::super::wizard::WizardForm;
use super::{WenzeApp, all_steps_valid, flush};
use crate::app::Command;
use crate::domain::RespondentDetails;
use crate::rules::engine::{Assessment, HistoryRecord, cn_date};

/// One respondent's issued document.
#[derive(Debug, Clone)]
pub struct IssuedDoc {
    /// The respondent's name.
    pub name: String,
    /// 问责 / 不予问责 / 容错免责.
    pub outcome: String,
    pub doc_no: String,
    pub title: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
    /// The stored document (for printing).
    pub document_id: Option<i64>,
    pub saved_to: Option<std::path::PathBuf>,
}

/// The result of issuing: the case and one document per respondent.
#[derive(Debug, Clone)]
pub struct Issued {
    pub case_id: i64,
    pub case_no: String,
    pub docs: Vec<IssuedDoc>,
    /// 复查/申诉 route with its last day.
    pub remedy: String,
}

/// What an interrupted issue has already written (kept in the session so
/// that 审批签发 again continues it instead of registering the case twice).
#[derive(Debug, Clone, Default)]
pub struct Partial {
    pub people: Vec<i64>,
    /// (case id, 案号, respondent row ids) once the case is written.
    pub case: Option<(i64, String, Vec<i64>)>,
    /// Respondent i's issued document, once done.
    pub docs: Vec<Option<IssuedDoc>>,
}

/// Everything valid? Then write the register, lock the decisions, make the PDFs.
pub(super) fn issue(app: &mut WenzeApp) {
    flush(app);
    // The role check lives here, not only in a hidden button.
    let allowed = app.user.as_ref().is_some_and(|u| u.may_issue());
    if !allowed {
        let who = app
            .user
            .as_ref()
            .map(|u| format!("{}（{}）", u.display_name, u.role))
            .unwrap_or_else(|| "未登录用户".to_owned());
        let recorded = match app.storage.as_mut() {
            Some(s) => s.audit_refusal("拒绝签发", &format!("{who} 试图签发决定")),
            None => Ok(()),
        };
        if let Some(w) = app.wizard.as_mut() {
            w.message = format!("{who}无权签发决定；请由审核人或管理员登录后签发。草稿已保存。");
            if let Err(e) = recorded {
                w.message
                    .push_str(&format!("此次拒绝未能写入审计日志：{e}"));
            }
        }
        return;
    }
    if !all_steps_valid(app) {
        return;
    }
    if let Some(w) = app.wizard.as_mut()
        && let Some(why) = w.history_error.clone()
    {
        w.message = why;
        return;
    }
    // 审核人 is the signed-in reviewer, not a typed name.
    let approver = app.user.as_ref().map(|u| u.display_name.clone());
    if let (Some(w), Some(name)) = (app.wizard.as_mut(), approver) {
        w.form.approver = name;
        w.confirm_issue = false;
    }
    let mut partial = app
        .wizard
        .as_mut()
        .and_then(|w| w.partial.take())
        .unwrap_or_default();
    let result = issue_inner(app, &mut partial);
    if result.is_err()
        && let Some(w) = app.wizard.as_mut()
    {
        w.partial = Some(partial);
    }
    match result {
        Ok(issued) => {
            if let Some(w) = app.wizard.as_mut() {
                let nos: Vec<&str> = issued.docs.iter().map(|d| d.doc_no.as_str()).collect();
                w.message = format!("已签发 {}，决定已锁定", nos.join("、"));
                w.issued = Some(issued);
            }
            app.apply(Command::ReloadRegister);
        }
        Err(e) => {
            if let Some(w) = app.wizard.as_mut() {
                w.message = format!(
                    "签发未完成：{e}。已写入的记录保留，未决定的被问责人不会结案；排除问题后再次审批签发，将接着完成其余的被问责人。"
                );
            }
        }
    }
}

/// The register's person for each respondent (new persons are added).
fn people(storage: &mut crate::storage::Storage, form: &WizardForm) -> Result<Vec<i64>, String> {
    form.respondents
        .iter()
        .map(|r| match (r.new_person, r.person_id) {
            (false, Some(id)) => Ok(id),
            _ => storage
                .add_person(&r.new_person_value())
                .map_err(|e| e.to_string()),
        })
        .collect()
}

/// The case, its respondents, selections, statements, evidence and team.
fn write_case(
    storage: &mut crate::storage::Storage,
    form: &WizardForm,
    people: &[i64],
) -> Result<(i64, String, Vec<i64>), String> {
    let err = |e: crate::storage::StorageError| e.to_string();
    let new_case = form.new_case_value(people).ok_or("受理日期无效")?;
    let details: Vec<RespondentDetails> = form
        .respondents
        .iter()
        .map(|r| RespondentDetails {
            kind: r.kind.label().to_owned(),
            status: r.status.label().to_owned(),
            dissent_recorded: r.dissent_recorded,
            facts: r.own_facts(),
            evidence: r.own_evidence(),
        })
        .collect();
    let (case_id, case_no, rids) = storage.create_case_with(&new_case, &details).map_err(err)?;
    for (r, rid) in form.respondents.iter().zip(&rids) {
        storage
            .add_selections(*rid, &form.regulation, &r.selections(form.overlay))
            .map_err(err)?;
        if !r.statement.trim().is_empty() {
            let heard = if r.statement_heard_on.trim().is_empty() {
                &form.decided_on
            } else {
                &r.statement_heard_on
            };
            storage
                .add_statement_adopted(
                    case_id,
                    *rid,
                    heard.trim(),
                    r.statement.trim(),
                    r.statement_adopted.trim(),
                )
                .map_err(err)?;
        }
    }
    for e in form.evidence_list() {
        storage.add_evidence(case_id, &e).map_err(err)?;
    }
    for m in form
        .team
        .split(['、', ',', '，', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        storage.add_team_member(case_id, m).map_err(err)?;
    }
    storage
        .set_investigation(
            case_id,
            form.investigation_started_on.trim(),
            form.extended,
            form.extension_reason.trim(),
        )
        .map_err(err)?;
    Ok((case_id, case_no, rids))
}

fn issue_inner(app: &mut WenzeApp, partial: &mut Partial) -> Result<Issued, String> {
    let w = app.wizard.as_ref().ok_or("没有打开的案件")?;
    let form = w.form.clone();
    let key = w.key.clone();
    let history: Vec<HistoryRecord> = w.history.clone();
    let regulations = app.regulations.clone();
    let calendar = app.calendar.clone();
    let storage = app.storage.as_mut().ok_or("数据库未打开")?;
    let err = |e: crate::storage::StorageError| e.to_string();
    if let Some(u) = &app.user {
        storage.set_actor(&format!(
            "{}（{}，审批人：{}）",
            u.display_name,
            u.role,
            form.approver.trim()
        ));
    }
    if partial.people.is_empty() {
        partial.people = people(storage, &form)?;
    }
    let people = partial.people.clone();
    if people.len() != form.respondents.len() {
        let written = partial
            .case
            .as_ref()
            .map(|c| format!("（案号 {}）", c.1))
            .unwrap_or_default();
        return Err(format!(
            "上次签发中断后被问责人已有增减；已写入的部分{written}请在案卷中查看，本次未作更改"
        ));
    }
    if partial.case.is_none() {
        partial.case = Some(write_case(storage, &form, &people)?);
        partial.docs = vec![None; people.len()];
    }
    let (case_id, case_no, rids) = partial.case.clone().ok_or("案件未能登记")?;
    // The documents, from the same assessment the clerk saw (every
    // respondent, so joint liability applies).
    let keys: Vec<String> = people.iter().map(i64::to_string).collect();
    let mut case = form.case_input(&keys);
    case.case_no = case_no.clone();
    let assessment = crate::rules::assess(&case, &regulations, &history, &calendar)
        .map_err(|e| e.to_string())?;
    let decided_on = super::super::wizard::date(&form.decided_on).ok_or("决定日期无效")?;
    let office = storage
        .setting("office_name")
        .ok()
        .flatten()
        .unwrap_or_else(|| "生态环境局".to_owned());
    let settings = storage.doc_settings(&form.regulation).map_err(err)?;
    for (i, rid) in rids.iter().enumerate() {
        if partial.docs.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let r = &form.respondents[i];
        let decision = r.decision_value(case_id, *rid, decided_on, &form.approver);
        let (decision_id, doc_no) = storage.record_decision(&decision).map_err(err)?;
        let mut details =
            super::super::decision::doc_details(&form, i, &office, &doc_no, Some(decided_on));
        // The office's settings where the regulation is silent, on every document.
        details.statement_days = settings.statement_days;
        details.decider = settings.decider.clone();
        details.remedy_body = settings.remedy_body.clone();
        details.remedy_period = settings.remedy_period.clone();
        details.cc = settings.cc.clone();
        let mut doc = super::super::decision::document(
            &form,
            i,
            &details,
            &assessment,
            &case_no,
            &regulations,
            &calendar,
        )?;
        // The audit chain head before this issue, kept outside the register in
        // the document itself (README 数据安全).
        doc.subject = storage.audit_anchor_text().map_err(err)?;
        let pdf = crate::export::render(&doc, jiff::Timestamp::now().as_second())
            .map_err(|e| e.to_string())?;
        let kind = crate::export::documents::DocKind::for_outcome(r.outcome);
        let (doc_id, sha256) = storage
            .store_document(
                case_id,
                Some(decision_id),
                kind.key(),
                &doc_no,
                &doc.title,
                &pdf,
            )
            .map_err(err)?;
        if !form.delivered_on.trim().is_empty() {
            storage
                .add_delivery(case_id, Some(doc_id), form.delivered_on.trim(), &r.name())
                .map_err(err)?;
        }
        partial.docs[i] = Some(IssuedDoc {
            name: r.name(),
            outcome: r.outcome.label().to_owned(),
            doc_no,
            title: doc.title.clone(),
            pdf,
            sha256,
            document_id: Some(doc_id),
            saved_to: None,
        });
    }
    let docs: Vec<IssuedDoc> = partial.docs.iter().flatten().cloned().collect();
    storage.finish_draft(&key, case_id).map_err(err)?;
    if let Some(u) = &app.user {
        storage
            .review_step(
                &key,
                crate::domain::procedure::ReviewAction::Approve,
                Some(u.id),
                &u.display_name,
                "",
            )
            .map_err(err)?;
    }
    Ok(Issued {
        case_id,
        case_no,
        docs,
        remedy: remedy_text(&assessment, &regulations),
    })
}

/// The 复查/申诉 route in words, with its last day where it is known.
fn remedy_text(a: &Assessment, regulations: &crate::rules::RegulationSet) -> String {
    let Some(r) = &a.remedy else {
        return "本规定未规定复查或申诉途径".to_owned();
    };
    if let Some(d) = r.last_day {
        return format!(
            "{}：向{}提出，最后一日为{}（{}）",
            r.kind,
            r.body,
            cn_date(d),
            r.citation.short()
        );
    }
    // The period as the regulation's data gives it (e.g. 自送达之日起15个工作日).
    match regulations
        .get(&a.regulation)
        .and_then(crate::app::decision::remedy_period)
    {
        Some(period) => format!(
            "{}：向{}提出，{period}内；送达日期未填，届满日待定（{}）",
            r.kind,
            r.body,
            r.citation.short()
        ),
        None => format!(
            "{}：向{}提出（{}未规定期限）",
            r.kind,
            r.body,
            r.citation.short()
        ),
    }
}
