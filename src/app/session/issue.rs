//! 审批签发: write the case with every respondent, one decision (own 文号)
//! and one document per respondent, in the register.

use super::super::wizard::WizardForm;
use super::{WenzeApp, all_steps_valid, flush};
use crate::app::Command;
use crate::app::error::{AppError, AppResult};
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
        .or_else(|| app.wizard.as_ref().and_then(|w| registered(&w.form)))
        .unwrap_or_default();
    // Where the regulation requires hearing: not before the respondent was
    // heard or the 陈述申辩 period of the delivered notice has run out.
    if let Err(why) = may_decide(app, &partial) {
        if let Some(w) = app.wizard.as_mut() {
            w.partial = Some(partial);
            w.message = format!("不能签发：{why}。草稿已保存。");
        }
        return;
    }
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

/// What registering the case for its notices wrote (continued at issue).
fn registered(form: &WizardForm) -> Option<Partial> {
    let r = form.registered.as_ref()?;
    Some(Partial {
        people: r.people.clone(),
        case: Some((r.case_id, r.case_no.clone(), r.respondents.clone())),
        docs: vec![None; r.respondents.len()],
    })
}

/// Each respondent to be held accountable may be decided on the decision
/// date: heard (a statement in the form or the register), or the period of
/// the delivered 事先告知书 run out (`StatementPeriod::may_decide`).
fn may_decide(app: &WenzeApp, partial: &Partial) -> Result<(), String> {
    let Some(w) = app.wizard.as_ref() else {
        return Ok(());
    };
    if !super::hearing_required(app, &w.form) {
        return Ok(());
    }
    let on = super::super::wizard::date(&w.form.decided_on).ok_or("决定日期无效")?;
    for (i, r) in w.form.respondents.iter().enumerate() {
        if r.outcome != crate::export::documents::Outcome::Accountability {
            continue;
        }
        let heard = (!r.statement.trim().is_empty()).then(|| r.statement_heard_on.clone());
        let period = match partial.case.as_ref().and_then(|c| c.2.get(i)) {
            Some(rid) => {
                let case_id = partial.case.as_ref().map(|c| c.0).unwrap_or_default();
                crate::app::casedocs::statement_period(app, case_id, *rid, &r.name(), heard)?
            }
            // Not registered: only a statement in the form counts.
            None => crate::app::casedocs::StatementPeriod {
                required: crate::app::casedocs::hearing(app, &w.form.regulation),
                heard_on: heard,
                ..Default::default()
            },
        };
        period
            .may_decide(on)
            .map_err(|e| format!("{}：{e}", r.name()))?;
    }
    Ok(())
}

/// 登记并签发事先告知书: register the case now (once: the draft keeps its
/// id, so 审批签发 later continues it) and issue each respondent's 问责事先
/// 告知书 proposing the methods chosen in the form.
pub(super) fn register_and_notify(app: &mut WenzeApp) {
    flush(app);
    let result = register_and_notify_inner(app);
    // The registered case is in the draft before anything else can fail.
    flush(app);
    if let Some(w) = app.wizard.as_mut() {
        w.message = match result {
            Ok(m) => m,
            Err(e) => format!(
                "事先告知书未全部签发：{e}。已登记的案件保留，再次点击将接着签发其余的告知书。"
            ),
        };
    }
    app.apply(Command::ReloadRegister);
}

fn register_and_notify_inner(app: &mut WenzeApp) -> Result<String, String> {
    let who = app
        .user
        .as_ref()
        .map(|u| format!("{}（{}）", u.display_name, u.role))
        .unwrap_or_else(|| "未登录用户".to_owned());
    // The same gate as 签发 in the case file: a 录入员 numbers nothing.
    if !app.user.as_ref().is_some_and(|u| u.may_issue()) {
        if let Some(s) = app.storage.as_mut() {
            s.audit_refusal("拒绝签发告知书", &format!("{who} 试图签发问责事先告知书"))
                .map_err(|e| format!("{who}无权签发；此次拒绝未能写入审计日志：{e}"))?;
        }
        return Err(format!(
            "{who}无权签发问责事先告知书（分配文号）；须由审核人或管理员办理"
        ));
    }
    if !all_steps_valid(app) {
        return Err("表单尚有问题，请先更正".to_owned());
    }
    let w = app.wizard.as_ref().ok_or("没有打开的案件")?;
    if !super::hearing_required(app, &w.form) {
        return Err("本规定未要求作出决定前听取陈述、申辩，无须事先告知".to_owned());
    }
    let form = w.form.clone();
    let reg = match form.registered.clone() {
        Some(r) => r,
        None => {
            let storage = app.storage.as_mut().ok_or("数据库未打开")?;
            storage.set_actor(&who);
            let people = people(storage, &form).map_err(|e| e.to_string())?;
            let (case_id, case_no, respondents) =
                write_case(storage, &form, &people).map_err(|e| e.to_string())?;
            // The facts are found and a decision proposed: the stage the
            // notice belongs to.
            storage
                .set_stage(case_id, crate::domain::procedure::Stage::Decision)
                .map_err(|e| e.to_string())?;
            let r = crate::app::wizard::RegisteredCase {
                case_id,
                case_no,
                people,
                respondents,
            };
            if let Some(w) = app.wizard.as_mut() {
                w.form.registered = Some(r.clone());
            }
            r
        }
    };
    flush(app);
    let done = app
        .storage
        .as_ref()
        .ok_or("数据库未打开")?
        .notified_respondents(reg.case_id)
        .map_err(|e| e.to_string())?;
    app.case_docs.notice_on = app.today().to_string();
    let mut issued = Vec::new();
    for (r, rid) in form.respondents.iter().zip(&reg.respondents) {
        if r.outcome != crate::export::documents::Outcome::Accountability || done.contains(rid) {
            continue;
        }
        app.case_docs
            .proposed
            .insert(*rid, r.methods.iter().cloned().collect());
        crate::app::casedocs::issue_notice(app, reg.case_id, *rid)
            .map_err(|e| format!("{}：{e}", r.name()))?;
        issued.push(r.name());
    }
    Ok(format!(
        "已登记案件 {}，已签发问责事先告知书（{}）。送达后请在案卷“送达”中登记；陈述申辩期限届满或听取陈述申辩后，再审批签发决定。",
        reg.case_no,
        if issued.is_empty() {
            "此前已签发".to_owned()
        } else {
            issued.join("、")
        }
    ))
}

/// The register's person for each respondent (new persons are added).
fn people(storage: &mut crate::storage::Storage, form: &WizardForm) -> AppResult<Vec<i64>> {
    form.respondents
        .iter()
        .map(|r| match (r.new_person, r.person_id) {
            (false, Some(id)) => Ok(id),
            _ => Ok(storage.add_person(&r.new_person_value())?),
        })
        .collect()
}

/// The case, its respondents, selections, statements, evidence and team.
fn write_case(
    storage: &mut crate::storage::Storage,
    form: &WizardForm,
    people: &[i64],
) -> AppResult<(i64, String, Vec<i64>)> {
    let new_case = form
        .new_case_value(people)
        .ok_or_else(|| AppError::refused("受理日期无效"))?;
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
    let (case_id, case_no, rids) = storage.create_case_with(&new_case, &details)?;
    for (r, rid) in form.respondents.iter().zip(&rids) {
        storage.add_selections(*rid, &form.regulation, &r.selections(form.overlay))?;
        if !r.statement.trim().is_empty() {
            let heard = heard_on(form, r);
            storage.add_statement_adopted(
                case_id,
                *rid,
                heard,
                r.statement.trim(),
                r.statement_adopted.trim(),
            )?;
        }
    }
    for e in form.evidence_list() {
        storage.add_evidence(case_id, &e)?;
    }
    for m in form
        .team
        .split(['、', ',', '，', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        storage.add_team_member(case_id, m)?;
    }
    storage.set_investigation(
        case_id,
        form.investigation_started_on.trim(),
        form.extended,
        form.extension_reason.trim(),
    )?;
    Ok((case_id, case_no, rids))
}

/// The office's name and its document settings for this regulation.
fn office_settings(
    storage: &crate::storage::Storage,
    regulation: &str,
) -> AppResult<(String, crate::storage::register::DocSettings)> {
    let office = storage
        .setting("office_name")
        .ok()
        .flatten()
        .unwrap_or_else(|| "生态环境局".to_owned());
    Ok((office, storage.doc_settings(regulation)?))
}

/// The office's settings where the regulation is silent, on every document.
fn apply_settings(
    details: &mut crate::export::documents::DocDetails,
    settings: &crate::storage::register::DocSettings,
) {
    details.statement_days = settings.statement_days;
    details.decider = settings.decider.clone();
    details.remedy_body = settings.remedy_body.clone();
    details.remedy_period = settings.remedy_period.clone();
    details.cc = settings.cc.clone();
}

/// When a respondent was heard: the date given, else the decision date.
fn heard_on<'a>(
    form: &'a crate::app::wizard::WizardForm,
    r: &'a crate::app::wizard::RespondentForm,
) -> &'a str {
    if r.statement_heard_on.trim().is_empty() {
        form.decided_on.trim()
    } else {
        r.statement_heard_on.trim()
    }
}

/// Build and lay out every respondent's document from the assessment the
/// clerk saw, with placeholders for the 案号 and 文号 not yet assigned.
fn documents_producible(
    storage: &crate::storage::Storage,
    form: &crate::app::wizard::WizardForm,
    seen: &crate::rules::Assessment,
    regulations: &crate::rules::RegulationSet,
    calendar: &crate::rules::Calendar,
    faces: &crate::fonts::PdfFaces,
) -> AppResult<()> {
    let decided_on = super::super::wizard::date(&form.decided_on)
        .ok_or_else(|| AppError::refused("决定日期无效"))?;
    let (office, settings) = office_settings(storage, &form.regulation)?;
    for (i, r) in form.respondents.iter().enumerate() {
        let mut details =
            super::super::decision::doc_details(form, i, &office, "（文号待编）", Some(decided_on));
        apply_settings(&mut details, &settings);
        let doc = super::super::decision::document(
            form,
            i,
            &details,
            seen,
            "（案号待编）",
            regulations,
            calendar,
        )
        .map_err(|e| AppError::Refused(format!("{}的决定书无法生成，未签发：{e}", r.name())))?;
        crate::export::layout_with(&doc, faces)
            .map_err(|e| AppError::Refused(format!("{}的决定书无法排版，未签发：{e}", r.name())))?;
    }
    Ok(())
}

fn issue_inner(app: &mut WenzeApp, partial: &mut Partial) -> AppResult<Issued> {
    let w = app
        .wizard
        .as_ref()
        .ok_or_else(|| AppError::refused("没有打开的案件"))?;
    let form = w.form.clone();
    let key = w.key.clone();
    let history: Vec<HistoryRecord> = w.history.clone();
    let seen = w.assessment.clone();
    let regulations = app.regulations.clone();
    let calendar = app.calendar.clone();
    let storage = app
        .storage
        .as_mut()
        .ok_or_else(|| AppError::refused("数据库未打开"))?;
    // The office's chosen PDF fonts; a file that cannot be used is named and
    // its bundled face prints instead.
    let (faces, font_problems) =
        crate::fonts::PdfFaces::load(&crate::fonts::FontChoice::from_settings(|k| {
            storage.setting(k).ok().flatten()
        }));
    if !font_problems.is_empty() {
        app.status = font_problems.join("；");
    }
    if let Some(u) = &app.user {
        storage.set_actor(&format!(
            "{}（{}，审批人：{}）",
            u.display_name,
            u.role,
            form.approver.trim()
        ));
    }
    if partial.case.is_none() {
        // Nothing written yet: every document must be producible first, so a
        // document that cannot be built (a missing 采纳情况, a character no
        // font has…) never leaves a registered case or a numbered decision
        // without its document.
        let seen = match seen {
            Some(Ok(a)) => a,
            Some(Err(e)) => return Err(AppError::Refused(e)),
            None => return Err(AppError::refused("评估尚未完成，请稍候再签发")),
        };
        documents_producible(storage, &form, &seen, &regulations, &calendar, &faces)?;
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
        return Err(AppError::Refused(format!(
            "上次签发中断后被问责人已有增减；已写入的部分{written}请在案卷中查看，本次未作更改"
        )));
    }
    if partial.case.is_none() {
        partial.case = Some(write_case(storage, &form, &people)?);
        partial.docs = vec![None; people.len()];
    }
    let (case_id, case_no, rids) = partial
        .case
        .clone()
        .ok_or_else(|| AppError::refused("案件未能登记"))?;
    // Registered for its notices: the statements heard since (in the form)
    // join the register once.
    if form.registered.is_some() {
        let known = storage.case_file(case_id)?.statements;
        for (r, rid) in form.respondents.iter().zip(&rids) {
            let content = r.statement.trim();
            if content.is_empty()
                || known
                    .iter()
                    .any(|s| s.respondent == r.name() && s.content == content)
            {
                continue;
            }
            let heard = heard_on(&form, r);
            storage.add_statement_adopted(
                case_id,
                *rid,
                heard,
                content,
                r.statement_adopted.trim(),
            )?;
        }
    }
    // The documents, from the same assessment the clerk saw (every
    // respondent, so joint liability applies).
    let keys: Vec<String> = people.iter().map(i64::to_string).collect();
    let mut case = form.case_input(&keys);
    case.case_no = case_no.clone();
    let assessment = crate::rules::assess(&case, &regulations, &history, &calendar)?;
    let decided_on = super::super::wizard::date(&form.decided_on)
        .ok_or_else(|| AppError::refused("决定日期无效"))?;
    let (office, settings) = office_settings(storage, &form.regulation)?;
    for (i, rid) in rids.iter().enumerate() {
        if partial.docs.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let r = &form.respondents[i];
        let decision = r.decision_value(case_id, *rid, decided_on, &form.approver);
        let (decision_id, doc_no) = storage.record_decision(&decision)?;
        let mut details =
            super::super::decision::doc_details(&form, i, &office, &doc_no, Some(decided_on));
        apply_settings(&mut details, &settings);
        let mut doc = super::super::decision::document(
            &form,
            i,
            &details,
            &assessment,
            &case_no,
            &regulations,
            &calendar,
        )
        .map_err(AppError::Refused)?;
        // The audit chain head before this issue, kept outside the register in
        // the document itself (README 数据安全).
        doc.subject = storage.audit_anchor_text()?;
        let pdf = crate::export::render_with(&doc, jiff::Timestamp::now().as_second(), &faces)?;
        let kind = crate::export::documents::DocKind::for_outcome(r.outcome);
        let (doc_id, sha256) = storage.store_document(
            case_id,
            Some(decision_id),
            kind.key(),
            &doc_no,
            &doc.title,
            &pdf,
        )?;
        if !form.delivered_on.trim().is_empty() {
            storage.add_delivery(case_id, Some(doc_id), form.delivered_on.trim(), &r.name())?;
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
    storage.finish_draft(&key, case_id)?;
    if let Some(u) = &app.user {
        storage.review_step(
            &key,
            crate::domain::procedure::ReviewAction::Approve,
            Some(u.id),
            &u.display_name,
            "",
        )?;
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
