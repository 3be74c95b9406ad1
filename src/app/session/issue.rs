//! 审批签发: write the case with every respondent, one decision (own 文号)
//! and one document per respondent, in the register.

use super::super::wizard::WizardForm;
use super::{WenzeApp, all_steps_valid, flush};
use crate::app::Command;
use crate::app::error::{AppError, AppResult};
use crate::domain::RespondentDetails;
use crate::domain::ids::{CaseId, DocumentId, PersonId, RespondentId};
use crate::rules::engine::{Assessment, HistoryRecord, cn_date};

/// One respondent's issued document.
#[derive(Debug, Clone)]
pub struct IssuedDoc {
    /// The respondent's name.
    pub(crate) name: String,
    /// 问责 / 不予问责 / 容错免责.
    pub(crate) outcome: String,
    pub doc_no: String,
    pub title: String,
    pub pdf: Vec<u8>,
    /// The stored document (for printing).
    pub(crate) document_id: Option<DocumentId>,
    pub(crate) saved_to: Option<std::path::PathBuf>,
}

/// The result of issuing: the case and one document per respondent.
#[derive(Debug, Clone)]
pub struct Issued {
    pub case_id: CaseId,
    pub(crate) case_no: String,
    pub docs: Vec<IssuedDoc>,
    /// 复查/申诉 route with its last day.
    pub(crate) remedy: String,
}

/// What the issue finds already in the register: the persons and the case
/// registered for its 事先告知书 (an issue itself is one act and leaves
/// nothing behind when it fails).
#[derive(Debug, Clone, Default)]
pub(crate) struct Partial {
    pub(crate) people: Vec<PersonId>,
    /// (case id, 案号, respondent row ids) once the case is written.
    pub(crate) case: Option<(CaseId, String, Vec<RespondentId>)>,
}

/// Everything valid? Then write the register, lock the decisions, make the PDFs.
pub(super) fn issue(app: &mut WenzeApp) {
    flush(app);
    // The role check lives here, not only in a hidden button.
    if let Err(e) = app
        .shared
        .require(crate::domain::auth::Need::Reviewer, "拒绝签发", "签发决定")
    {
        if let Some(w) = app.wizard.as_mut() {
            w.message = format!("{e}草稿已保存。");
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
    let approver = app.shared.user.as_ref().map(|u| u.display_name.clone());
    if let (Some(w), Some(name)) = (app.wizard.as_mut(), approver) {
        w.form.approver = name;
        w.confirm_issue = false;
    }
    // What was registered before (the case, for its 事先告知书) is the only
    // thing an issue continues: an issue itself is one act, whole or absent.
    let mut partial = app
        .wizard
        .as_ref()
        .and_then(|w| registered(&w.form))
        .unwrap_or_default();
    // Where the regulation requires hearing: not before the respondent was
    // heard or the 陈述申辩 period of the delivered notice has run out.
    if let Err(why) = super::notify::may_decide(app, &partial) {
        if let Some(w) = app.wizard.as_mut() {
            w.message = format!("不能签发：{why}。草稿已保存。");
        }
        return;
    }
    let result = issue_inner(app, &mut partial);
    match result {
        Ok(issued) => {
            if let Some(w) = app.wizard.as_mut() {
                let nos: Vec<&str> = issued.docs.iter().map(|d| d.doc_no.as_str()).collect();
                w.message = format!("已签发 {}，决定已锁定", nos.join("、"));
                w.issued = Some(issued);
            }
            app.apply(Command::ReloadRegister);
            app.refresh_dashboard();
        }
        Err(e) => {
            if let Some(w) = app.wizard.as_mut() {
                w.message = format!(
                    "签发未完成：{e}。本次签发未写入任何记录（登记簿保持签发前的状态），草稿已保存；排除问题后可再次审批签发。"
                );
            }
        }
    }
}

/// Before the 审批签发 confirmation (a permanent lock): the 第十五条 hearing
/// check and, for a case registered for its 事先告知书, a decision dated
/// after the notice (as the export checks it) — said first, with the
/// article, never after the confirmation.
pub(crate) fn before_confirm(app: &WenzeApp) -> AppResult<()> {
    let Some(w) = app.wizard.as_ref() else {
        return Ok(());
    };
    let partial = registered(&w.form).unwrap_or_default();
    super::notify::may_decide(app, &partial)?;
    if let Some(reg) = &w.form.registered
        && let Some(decided) = super::super::wizard::date(&w.form.decided_on)
    {
        let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
        let record = storage.case_record(reg.case_id)?;
        if let Some(notice) = record.notice.as_ref().and_then(|n| n.issued_on)
            && decided <= notice
        {
            return Err(AppError::Refused(format!(
                "决定日期（{decided}）应晚于事先告知书的成文日期（{notice}）：告知在先，听取陈述申辩后方可决定"
            )));
        }
    }
    Ok(())
}

/// What registering the case for its notices wrote (continued at issue).
fn registered(form: &WizardForm) -> Option<Partial> {
    let r = form.registered.as_ref()?;
    Some(Partial {
        people: r.people.clone(),
        case: Some((r.case_id, r.case_no.clone(), r.respondents.clone())),
    })
}

/// The register's person for each respondent (new persons are added).
pub(super) fn people(
    storage: &mut crate::storage::Storage,
    form: &WizardForm,
) -> AppResult<Vec<PersonId>> {
    form.respondents
        .iter()
        .map(|r| match (r.new_person, r.person_id) {
            (false, Some(id)) => Ok(id),
            _ => Ok(storage.add_person(&r.new_person_value())?),
        })
        .collect()
}

/// The case, its respondents, selections, statements, evidence and team.
pub(super) fn write_case(
    storage: &mut crate::storage::Storage,
    form: &WizardForm,
    people: &[PersonId],
    regulations: &crate::rules::RegulationSet,
) -> AppResult<(CaseId, String, Vec<RespondentId>)> {
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
            supervising_leader: r.supervising_leader.trim().to_owned(),
            co_actors: crate::domain::split_names(&r.co_actors),
            tolerance_reason: if form.overlay {
                r.tolerance_reason.trim().to_owned()
            } else {
                String::new()
            },
            facts: r.own_facts(),
            evidence: r.own_evidence(),
            findings: r.findings(),
        })
        .collect();
    let (case_id, case_no, rids) = storage.create_case_with(&new_case, &details)?;
    for (r, rid) in form.respondents.iter().zip(&rids) {
        let items = r.selections(form.overlay);
        storage.add_selections_described(
            *rid,
            &form.regulation,
            &items,
            &describe_selections(regulations, &form.regulation, &items),
        )?;
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

/// What the clerk found, in the regulation's words (the audit entry):
/// 问责情形：第六条第（六）项 事实不清证据不足的处罚；情节轻重：较轻 …
fn describe_selections(
    regulations: &crate::rules::RegulationSet,
    regulation: &str,
    items: &[(crate::domain::procedure::SelectionKind, String)],
) -> String {
    let reg = regulations.get(regulation);
    let overlay = regulations.overlay();
    items
        .iter()
        .map(|(kind, id)| {
            let source = match kind {
                crate::domain::procedure::SelectionKind::OverlayFactor
                | crate::domain::procedure::SelectionKind::ToleranceSituation
                | crate::domain::procedure::SelectionKind::ToleranceCondition => overlay,
                _ => reg,
            };
            let label = source.and_then(|r| r.item_label(*kind, id));
            match label {
                Some(l) => format!("{}：{l}", kind.label()),
                None => format!("{}：{id}", kind.label()),
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The office's name and its document settings for this regulation.
fn office_settings(
    storage: &crate::storage::Storage,
    regulation: &str,
) -> AppResult<(String, crate::storage::register::DocSettings)> {
    // Unset, or a setting that cannot be read, stops the issue: an issued
    // document never carries a default office name in place of the
    // office's own.
    let (office, _) = crate::app::office::issuing_office(storage)?;
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
    // Who entered the facts and when they submitted them: the entries that
    // register the case say so (the act itself is the signer's, now).
    let entered_by = w
        .review
        .iter()
        .rev()
        .find(|e| e.action == crate::domain::procedure::ReviewAction::Submit)
        .map(|e| {
            format!(
                "；录入：{}，{}提交审核",
                e.user_name,
                e.at.get(..16).unwrap_or(&e.at).replace('T', " ")
            )
        })
        .unwrap_or_default();
    let seen = w.assessment.clone();
    let regulations = app.shared.regulations.clone();
    let calendar = app.shared.calendar.clone();
    let user = app.shared.user.clone();
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    // One statement record per respondent, wherever it was entered: a
    // 陈述申辩 recorded in the case file (after the 事先告知书) is the one
    // the decision states when the form has none.
    let form = with_registered_statements(storage, form)?;
    // The office's chosen PDF fonts; a file that cannot be used is named and
    // its bundled face prints instead.
    let (faces, font_problems) = crate::app::files::office_faces(storage)?;
    if !font_problems.is_empty() {
        app.shared.status = font_problems.join("；");
    }
    let signer = user
        .as_ref()
        .map(|u| {
            format!(
                "{}（{}，审批人：{}）",
                u.display_name,
                u.role,
                form.approver.trim()
            )
        })
        .unwrap_or_else(|| storage.actor().to_owned());
    if partial.case.is_none() {
        // Nothing written yet: every document must be producible first, so a
        // document that cannot be built (a missing 采纳情况, a character no
        // font has…) never leaves a registered case or a numbered decision
        // without its document.
        let seen = match seen {
            Some(Ok(a)) => a,
            Some(Err(e)) => return Err(e.into()),
            None => return Err(AppError::refused("评估尚未完成，请稍候再签发")),
        };
        documents_producible(storage, &form, &seen, &regulations, &calendar, &faces)?;
    }
    let user_id = user.as_ref().map(|u| (u.id, u.display_name.clone()));
    // One act: the case (unless registered for its notices), every
    // respondent's decision with its 文号, document, delivery and
    // consequences, the draft finished and the approval recorded — in one
    // transaction, or nothing.
    storage.act(|storage| -> AppResult<Issued> {
        storage.set_actor(&format!("{signer}{entered_by}"));
        let registered = register_once(storage, partial, &form, &regulations);
        storage.set_actor(&signer);
        let (case_id, case_no, rids) = registered?;
        // Registered for its notices: the statements heard since (in the
        // form) join the register once.
        if form.registered.is_some() {
            join_new_statements(storage, &form, case_id, &rids)?;
        }
        // The documents, from the same assessment the clerk saw (every
        // respondent, so joint liability applies).
        let keys: Vec<String> = partial.people.iter().map(PersonId::to_string).collect();
        let mut case = form.case_input(&keys);
        case.case_no = case_no.clone();
        let assessment = crate::rules::assess(&case, &regulations, &history, &calendar)?;
        let run = IssueRun {
            form: &form,
            case_id,
            case_no: &case_no,
            assessment: &assessment,
            regulations: &regulations,
            calendar: &calendar,
            faces: &faces,
        };
        let mut docs = Vec::with_capacity(rids.len());
        for (i, rid) in rids.iter().enumerate() {
            docs.push(run.issue_one(storage, i, *rid)?);
        }
        storage.finish_draft(&key, case_id)?;
        if let Some((id, name)) = &user_id {
            storage.review_step(
                &key,
                crate::domain::procedure::ReviewAction::Approve,
                Some(*id),
                name,
                "",
            )?;
        }
        Ok(Issued {
            case_id,
            case_no,
            docs,
            remedy: remedy_text(&assessment, &regulations),
        })
    })
}

/// The form with each respondent's latest 陈述申辩 from the register (the
/// case registered for its 事先告知书) where the form itself has none.
fn with_registered_statements(
    storage: &crate::storage::Storage,
    mut form: WizardForm,
) -> AppResult<WizardForm> {
    let Some(reg) = form.registered.clone() else {
        return Ok(form);
    };
    let record = storage.case_record(reg.case_id)?;
    for (r, rid) in form.respondents.iter_mut().zip(&reg.respondents) {
        if !r.statement.trim().is_empty() {
            continue;
        }
        let Some(rec) = record.respondents.iter().find(|x| x.id == *rid) else {
            continue;
        };
        if let Some((content, adopted)) = &rec.statement {
            r.statement = content.clone();
            r.statement_adopted = adopted.clone();
        }
    }
    Ok(form)
}

/// The persons and the case: written now, unless the case was registered
/// before (for its 事先告知书).
fn register_once(
    storage: &mut crate::storage::Storage,
    partial: &mut Partial,
    form: &WizardForm,
    regulations: &crate::rules::RegulationSet,
) -> AppResult<(CaseId, String, Vec<RespondentId>)> {
    if partial.people.is_empty() {
        partial.people = people(storage, form)?;
    }
    let people = partial.people.clone();
    if people.len() != form.respondents.len() {
        let written = partial
            .case
            .as_ref()
            .map(|c| format!("（案号 {}）", c.1))
            .unwrap_or_default();
        return Err(AppError::Refused(format!(
            "案件登记（事先告知）后被问责人已有增减；已登记的案件{written}请在案卷中查看，本次未作更改"
        )));
    }
    if partial.case.is_none() {
        partial.case = Some(write_case(storage, form, &people, regulations)?);
    }
    partial
        .case
        .clone()
        .ok_or_else(|| AppError::refused("案件未能登记"))
}

/// The statements heard since the case was registered for its notices,
/// added to the register once each.
fn join_new_statements(
    storage: &mut crate::storage::Storage,
    form: &WizardForm,
    case_id: CaseId,
    rids: &[RespondentId],
) -> AppResult<()> {
    let known = storage.case_file(case_id)?.statements;
    for (r, rid) in form.respondents.iter().zip(rids) {
        let content = r.statement.trim();
        if content.is_empty()
            || known
                .iter()
                .any(|s| s.respondent == r.name() && s.content == content)
        {
            continue;
        }
        let heard = heard_on(form, r);
        storage.add_statement_adopted(case_id, *rid, heard, content, r.statement_adopted.trim())?;
    }
    Ok(())
}

/// What every respondent's decision of one issue shares.
struct IssueRun<'a> {
    form: &'a WizardForm,
    case_id: CaseId,
    case_no: &'a str,
    assessment: &'a Assessment,
    regulations: &'a crate::rules::RegulationSet,
    calendar: &'a crate::rules::Calendar,
    faces: &'a crate::fonts::PdfFaces,
}

impl IssueRun<'_> {
    /// Respondent `i`'s decision (its 文号), document and delivery.
    fn issue_one(
        &self,
        storage: &mut crate::storage::Storage,
        i: usize,
        rid: RespondentId,
    ) -> AppResult<IssuedDoc> {
        let form = self.form;
        let decided_on = super::super::wizard::date(&form.decided_on)
            .ok_or_else(|| AppError::refused("决定日期无效"))?;
        let (office, settings) = office_settings(storage, &form.regulation)?;
        let r = &form.respondents[i];
        let decision = r.decision_value(self.case_id, rid, decided_on, &form.approver);
        let (decision_id, doc_no) = storage.record_decision(&decision)?;
        let mut details =
            super::super::decision::doc_details(form, i, &office, &doc_no, Some(decided_on));
        apply_settings(&mut details, &settings);
        let mut doc = super::super::decision::document(
            form,
            i,
            &details,
            self.assessment,
            self.case_no,
            self.regulations,
            self.calendar,
        )?;
        // The audit chain head before this issue, kept outside the register in
        // the document itself (README 数据安全).
        doc.subject = storage.audit_anchor_text()?;
        // The PDF and the OFD-A from one layout, stored together.
        let (pdf, ofd) =
            crate::export::render_issued(&doc, jiff::Timestamp::now().as_second(), self.faces)?;
        let kind = crate::export::documents::DocKind::for_outcome(r.outcome);
        let files = crate::storage::register::IssuedFiles {
            title: doc.title.clone(),
            pdf,
            ofd: Some(ofd),
        };
        let (doc_id, _sha256) =
            storage.store_issued(self.case_id, Some(decision_id), kind.key(), &doc_no, &files)?;
        let pdf = files.pdf;
        // Every consequence with an end date (影响期, bans, 取消评优 until …)
        // becomes a record of the person: the person page, the 工作台 and
        // a later 撤销 / 变更 read it.
        if let Some(ra) = self.assessment.respondents.get(i) {
            let (_, unit, _, _) = r.details();
            let running: Vec<crate::domain::procedure::NewFollowUp> = ra
                .consequences
                .iter()
                .filter_map(|c| {
                    // A unit's consequence is kept with the case that caused
                    // it, under the unit's name.
                    let label = if c.is_unit() && !unit.is_empty() {
                        format!("{unit}：{}", c.label)
                    } else {
                        c.label.clone()
                    };
                    c.until.map(|until| crate::domain::procedure::NewFollowUp {
                        kind: if c.is_deduction() {
                            crate::domain::procedure::FollowUpKind::Deduction
                        } else {
                            crate::domain::procedure::FollowUpKind::Ban
                        },
                        label,
                        starts_on: decided_on,
                        ends_on: until,
                        cite: format!("{}:{}", c.citation.regulation, c.citation.cite),
                    })
                })
                .collect();
            storage.add_follow_ups(self.case_id, rid, &running)?;
        }
        // 容错免责 opens its 纠错 (001 第十八、十九条) with the period the
        // office set: each item a follow-up the 工作台 reminds of.
        if r.outcome == crate::export::documents::Outcome::Exemption {
            let due = r
                .correction_due
                .trim()
                .parse::<jiff::civil::Date>()
                .map_err(|_| AppError::refused("请填写纠错期限（期满日期）"))?;
            // The 纠错 article as the overlay's file names it (001 第十九条).
            let cite = self
                .regulations
                .overlay()
                .and_then(|o| {
                    o.tolerance
                        .as_ref()
                        .map(|t| format!("{}:{}", o.id(), t.correction_cite.raw()))
                })
                .unwrap_or_default();
            let items: Vec<crate::domain::procedure::NewFollowUp> = r
                .correction_items
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| crate::domain::procedure::NewFollowUp {
                    kind: crate::domain::procedure::FollowUpKind::Correction,
                    label: l.to_owned(),
                    starts_on: decided_on,
                    ends_on: due,
                    cite: cite.clone(),
                })
                .collect();
            if items.is_empty() {
                return Err(AppError::refused("容错免责须同时启动纠错：请填写纠错事项"));
            }
            storage.add_follow_ups(self.case_id, rid, &items)?;
        }
        if !form.delivered_on.trim().is_empty() {
            storage.add_delivery(
                self.case_id,
                Some(doc_id),
                form.delivered_on.trim(),
                &r.name(),
            )?;
        }
        Ok(IssuedDoc {
            name: r.name(),
            outcome: r.outcome.label().to_owned(),
            doc_no,
            title: doc.title.clone(),
            pdf,
            document_id: Some(doc_id),
            saved_to: None,
        })
    }
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
