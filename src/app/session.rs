//! The wizard session: the form, its draft, validation state, caches, and
//! the issue transaction (register writes + PDF).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::wizard::{FieldError, OUTCOMES, STEPS, WizardForm};
use super::{Command, Route, WenzeApp};
use crate::domain::PersonRow;
use crate::rules::engine::{Assessment, HistoryRecord, cn_date};

/// The result of issuing a decision.
#[derive(Debug, Clone)]
pub struct Issued {
    pub case_id: i64,
    pub case_no: String,
    pub doc_no: String,
    pub title: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
    /// The stored document (for printing).
    pub document_id: Option<i64>,
    /// 复查/申诉 route with its last day.
    pub remedy: String,
    pub saved_to: Option<PathBuf>,
}

pub struct WizardSession {
    pub form: WizardForm,
    /// Draft key in the register.
    pub key: String,
    /// Problems of the current step, shown beside their fields.
    pub errors: Vec<FieldError>,
    /// The field to focus (first invalid) on the next frame.
    pub focus: Option<&'static str>,
    /// The form as last saved.
    saved: WizardForm,
    /// Time (egui seconds) of the last unsaved change.
    pub changed_at: Option<f64>,
    pub person_results: Vec<PersonRow>,
    /// The chosen person's earlier decisions (for repeat offences).
    pub history: Vec<HistoryRecord>,
    /// Reading that history failed: the assessment would silently miss
    /// repeat-offence factors, so the failure is shown and issuing blocked.
    pub history_error: Option<String>,
    pub issued: Option<Issued>,
    pub message: String,
    pub save_dialog: Option<Receiver<Option<PathBuf>>>,
    /// The draft's review history (提交审核 / 退回 / 批准), oldest first.
    pub review: Vec<crate::domain::procedure::ReviewEntry>,
    /// The reviewer's comment when returning the draft (raw input).
    pub return_comment: String,
    /// 审批签发 was pressed: the confirmation is shown.
    pub confirm_issue: bool,
}

impl WizardSession {
    /// Keep the person's history, or the reason it could not be read.
    fn set_history(&mut self, read: Result<Vec<HistoryRecord>, crate::storage::StorageError>) {
        match read {
            Ok(h) => {
                self.history = h;
                self.history_error = None;
            }
            Err(e) => {
                self.history = Vec::new();
                let why = format!(
                    "无法读取该人员以往的问责记录（{e}）：重复问责等从重情节无法认定，暂不能签发。请稍后重新选择该人员。"
                );
                self.message = why.clone();
                self.history_error = Some(why);
            }
        }
    }

    fn new(form: WizardForm, key: String) -> Self {
        WizardSession {
            saved: form.clone(),
            form,
            key,
            errors: Vec::new(),
            focus: None,
            changed_at: None,
            person_results: Vec::new(),
            history: Vec::new(),
            history_error: None,
            issued: None,
            message: String::new(),
            save_dialog: None,
            review: Vec::new(),
            return_comment: String::new(),
            confirm_issue: false,
        }
    }

    /// Has the form changed since the draft was saved?
    pub fn dirty(&self) -> bool {
        self.form != self.saved
    }

    /// The message for `field`, if it is invalid.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// The person key the rules engine matches history with.
    pub fn person_key(&self) -> String {
        self.form
            .person_id
            .map(|i| i.to_string())
            .unwrap_or_else(|| "new".to_owned())
    }
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Does the regulation require hearing the respondent before a decision?
fn hearing_required(app: &WenzeApp, form: &WizardForm) -> bool {
    app.regulations
        .get(&form.regulation)
        .is_some_and(|r| !r.regulation.hearing_cite.is_empty())
}

/// The live assessment of the form.
pub fn assessment(app: &WenzeApp) -> Option<Result<Assessment, String>> {
    let w = app.wizard.as_ref()?;
    let case = w.form.case_input(&w.person_key());
    Some(
        crate::rules::assess(&case, &app.regulations, &w.history, &app.calendar)
            .map_err(|e| e.to_string()),
    )
}

/// Save the draft if it changed.
pub fn flush(app: &mut WenzeApp) {
    let (Some(w), Some(storage)) = (app.wizard.as_mut(), app.storage.as_mut()) else {
        return;
    };
    if !w.dirty() || w.issued.is_some() {
        return;
    }
    // The reporter (举报人) never enters the draft's raw form: it is kept in
    // the protected table, and the draft refers to it by its key.
    let mut raw = w.form.clone();
    let reporter_name = std::mem::take(&mut raw.reporter_name);
    let reporter_contact = std::mem::take(&mut raw.reporter_contact);
    let reporter = (!reporter_name.trim().is_empty() || !reporter_contact.trim().is_empty())
        .then_some((reporter_name.as_str(), reporter_contact.as_str()));
    match serde_json::to_string(&raw) {
        Ok(json) => match storage.save_draft_protected(&w.key, w.form.step as u32, &json, reporter)
        {
            Ok(()) => {
                w.saved = w.form.clone();
                w.changed_at = None;
            }
            Err(e) => w.message = format!("草稿未能保存：{e}"),
        },
        Err(e) => w.message = format!("草稿未能保存：{e}"),
    }
}

/// Save when typing has paused for `pause` seconds (called every frame).
pub fn autosave(app: &mut WenzeApp, now: f64, pause: f64) {
    let due = app
        .wizard
        .as_ref()
        .is_some_and(|w| w.dirty() && w.changed_at.is_none_or(|t| now - t >= pause));
    if due {
        flush(app);
    }
}

pub(crate) fn validate_step(app: &WenzeApp, step: usize) -> Vec<FieldError> {
    let Some(w) = app.wizard.as_ref() else {
        return Vec::new();
    };
    let mut errs = w
        .form
        .validate(step, today(), hearing_required(app, &w.form));
    if step == 3
        && let Some(Ok(a)) = assessment(app)
    {
        let recommended: BTreeSet<String> = a
            .respondents
            .first()
            .map(|r| r.recommended_methods.iter().map(|m| m.id.clone()).collect())
            .unwrap_or_default();
        errs.extend(w.form.departure_error(&recommended));
    }
    errs
}

pub fn apply(app: &mut WenzeApp, command: Command) {
    match command {
        Command::WizardStart(key) => {
            flush(app);
            if let Some(k) = &key
                && app.user.is_none()
            {
                // Opened once someone has signed in (see `sign_in`).
                app.pending_draft = Some(k.clone());
                return;
            }
            let mut refused = None;
            let resumed = key.as_ref().and_then(|k| {
                let user = app.user.clone()?;
                let storage = app.storage.as_mut()?;
                let (step, json, reporter) = match storage.open_draft(k, &user) {
                    Ok(found) => found?,
                    Err(e) => {
                        refused = Some(e.to_string());
                        return None;
                    }
                };
                let mut form: WizardForm = serde_json::from_str(&json).ok()?;
                if let Some((name, contact)) = reporter {
                    form.reporter_name = name;
                    form.reporter_contact = contact;
                }
                form.step = (step as usize).min(STEPS.len() - 1);
                Some((k.clone(), form))
            });
            if let Some(message) = refused {
                app.status = message;
                return;
            }
            let (key, form) = resumed.unwrap_or_else(|| {
                let key = format!("draft-{}", jiff::Timestamp::now().as_millisecond());
                (key, WizardForm::new("004", today()))
            });
            let mut session = WizardSession::new(form, key);
            if let (Some(pid), Some(storage)) = (session.form.person_id, app.storage.as_ref()) {
                session.set_history(storage.person_history(&[pid]));
            }
            if let Some(storage) = app.storage.as_ref() {
                session.review = storage.review_history(&session.key).unwrap_or_default();
            }
            // A new draft is saved at once so a crash before the first pause loses nothing.
            session.saved = WizardForm::default();
            app.wizard = Some(session);
            flush(app);
            app.route = Route::NewCase;
        }
        Command::WizardChanged => {
            if let Some(w) = app.wizard.as_mut() {
                w.changed_at = Some(w.changed_at.unwrap_or(f64::MIN));
                w.errors.clear();
            }
        }
        Command::WizardSave => {
            flush(app);
            if let Some(w) = app.wizard.as_mut() {
                w.message = "草稿已保存".to_owned();
            }
        }
        Command::WizardNext => {
            let Some(step) = app.wizard.as_ref().map(|w| w.form.step) else {
                return;
            };
            let errs = validate_step(app, step);
            if let Some(w) = app.wizard.as_mut() {
                if errs.is_empty() {
                    w.form.step = (step + 1).min(STEPS.len() - 1);
                    w.errors.clear();
                } else {
                    w.focus = Some(errs[0].field);
                    w.errors = errs;
                }
            }
            flush(app);
        }
        Command::WizardBack => {
            if let Some(w) = app.wizard.as_mut() {
                w.form.step = w.form.step.saturating_sub(1);
                w.errors.clear();
            }
            flush(app);
        }
        Command::WizardGoto(step) => {
            // Earlier steps freely; later ones only through valid steps.
            let current = app.wizard.as_ref().map(|w| w.form.step).unwrap_or(0);
            let mut target = step.min(STEPS.len() - 1);
            let mut errs = Vec::new();
            if target > current {
                for s in current..target {
                    errs = validate_step(app, s);
                    if !errs.is_empty() {
                        target = s;
                        break;
                    }
                }
            }
            if let Some(w) = app.wizard.as_mut() {
                w.form.step = target;
                w.focus = errs.first().map(|e| e.field);
                w.errors = errs;
            }
            flush(app);
        }
        Command::WizardFindPersons(query) => {
            let results = match (&app.storage, query.trim().is_empty()) {
                (Some(s), false) => s.find_persons(&query, 20).unwrap_or_default(),
                _ => Vec::new(),
            };
            if let Some(w) = app.wizard.as_mut() {
                w.person_results = results;
            }
        }
        Command::WizardPickPerson(id, label) => {
            let history = match app.storage.as_ref() {
                Some(s) => s.person_history(&[id]),
                None => Ok(Vec::new()),
            };
            if let Some(w) = app.wizard.as_mut() {
                if let Some(p) = w.person_results.iter().find(|p| p.id == id) {
                    w.form.person_rank = p.rank.clone();
                    w.form.person_unit = p.unit.clone();
                    w.form.person_post = p.post.clone();
                    w.form.person_gender = p.gender.clone();
                }
                w.form.person_id = Some(id);
                w.form.person_label = label;
                w.form.new_person = false;
                w.person_results.clear();
                w.set_history(history);
            }
            flush(app);
        }
        Command::WizardIssue => issue(app),
        Command::WizardSavePdf => {
            let Some(w) = app.wizard.as_mut() else { return };
            let Some(issued) = &w.issued else { return };
            let name = format!("{}-{}.pdf", issued.title, issued.doc_no);
            let (tx, rx) = std::sync::mpsc::channel();
            // A blocking native dialog on the UI thread would freeze the window.
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let path = rfd::FileDialog::new()
                    .set_title("保存公文 PDF")
                    .set_file_name(name)
                    .add_filter("PDF 文件", &["pdf"])
                    .save_file();
                // No answer within a moment means no dialog was shown (no
                // portal, no zenity): an empty path asks for the default folder.
                let path = path.or_else(|| {
                    (started.elapsed() < std::time::Duration::from_millis(400)).then(PathBuf::new)
                });
                let _receiver_may_be_gone = tx.send(path);
            });
            w.save_dialog = Some(rx);
        }
        Command::WizardSavePdfTo(path) if path.as_os_str().is_empty() => {
            let Some(w) = app.wizard.as_mut() else { return };
            let Some(issued) = w.issued.as_mut() else {
                return;
            };
            let name = super::print::file_name(&issued.title, &issued.doc_no);
            match super::print::save_to_default(&issued.pdf, &name) {
                Ok(p) => {
                    w.message = format!(
                        "系统未能显示保存对话框（未找到文件对话框服务），已保存到默认文件夹：{}",
                        p.display()
                    );
                    issued.saved_to = Some(p);
                }
                Err(e) => {
                    w.message = format!(
                        "系统未能显示保存对话框，保存到默认文件夹也失败：{e}。文书已保存在案卷中。"
                    )
                }
            }
        }
        Command::WizardSavePdfTo(path) => {
            let Some(w) = app.wizard.as_mut() else { return };
            let Some(issued) = w.issued.as_mut() else {
                return;
            };
            match crate::storage::lock::write_private(&path, &issued.pdf) {
                Ok(()) => {
                    w.message = format!("已保存：{}", path.display());
                    issued.saved_to = Some(path);
                }
                Err(e) => {
                    w.message = format!(
                        "无法保存到 {}：{e}。请检查磁盘空间和写入权限后重试；文书已保存在案卷中。",
                        path.display()
                    )
                }
            }
        }
        _ => {}
    }
}

/// Poll the save dialog's worker (called every frame).
pub fn poll_dialog(app: &mut WenzeApp) {
    let Some(w) = app.wizard.as_mut() else { return };
    let Some(rx) = &w.save_dialog else { return };
    match rx.try_recv() {
        Ok(Some(path)) => {
            w.save_dialog = None;
            apply(app, Command::WizardSavePdfTo(path));
        }
        Ok(None) => {
            w.save_dialog = None;
            w.message = "未选择保存位置；文书已保存在案卷中，可随时再次保存。".to_owned();
        }
        Err(std::sync::mpsc::TryRecvError::Empty) => {}
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            w.save_dialog = None;
            apply(app, Command::WizardSavePdfTo(PathBuf::new()));
        }
    }
}

/// Everything valid? Then write the register, lock the decision, make the PDF.
fn issue(app: &mut WenzeApp) {
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
    match issue_inner(app) {
        Ok(issued) => {
            if let Some(w) = app.wizard.as_mut() {
                w.message = format!("已签发 {}，决定已锁定", issued.doc_no);
                w.issued = Some(issued);
            }
            app.apply(Command::ReloadRegister);
        }
        Err(e) => {
            if let Some(w) = app.wizard.as_mut() {
                w.message = format!("签发失败，未作任何更改以外的记录：{e}");
            }
        }
    }
}

/// Every step valid? Otherwise show the first step with a problem.
pub(crate) fn all_steps_valid(app: &mut WenzeApp) -> bool {
    for (step, name) in STEPS.iter().enumerate() {
        let errs = validate_step(app, step);
        if !errs.is_empty() {
            if let Some(w) = app.wizard.as_mut() {
                w.form.step = step;
                w.focus = Some(errs[0].field);
                w.errors = errs;
                w.message = format!("“{name}”一步尚有问题，请先更正");
                w.confirm_issue = false;
            }
            return false;
        }
    }
    true
}

fn issue_inner(app: &mut WenzeApp) -> Result<Issued, String> {
    use crate::export::documents;
    let w = app.wizard.as_ref().ok_or("没有打开的案件")?;
    let form = w.form.clone();
    let key = w.key.clone();
    let history = w.history.clone();
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
    let person_id = match (form.new_person, form.person_id) {
        (false, Some(id)) => id,
        _ => storage.add_person(&form.new_person_value()).map_err(err)?,
    };
    let new_case = form.new_case_value(person_id).ok_or("受理日期无效")?;
    let (case_id, case_no) = storage.create_case(&new_case).map_err(err)?;
    let rid = *storage
        .respondent_ids(case_id)
        .map_err(err)?
        .first()
        .ok_or("没有被问责人")?;
    storage
        .add_selections(rid, &form.regulation, &form.selections())
        .map_err(err)?;
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
    if !form.statement.trim().is_empty() {
        let heard = if form.statement_heard_on.trim().is_empty() {
            &form.decided_on
        } else {
            &form.statement_heard_on
        };
        storage
            .add_statement_adopted(
                case_id,
                rid,
                heard.trim(),
                form.statement.trim(),
                form.statement_adopted.trim(),
            )
            .map_err(err)?;
    }
    storage
        .set_investigation(
            case_id,
            form.investigation_started_on.trim(),
            form.extended,
            form.extension_reason.trim(),
        )
        .map_err(err)?;
    let basis: Vec<String> = form.behaviours.iter().cloned().collect();
    let decision = form
        .decision_value(case_id, rid, basis.join(" "))
        .ok_or("决定日期无效")?;
    let (decision_id, doc_no) = storage.record_decision(&decision).map_err(err)?;

    // The document, from the same assessment the clerk saw.
    let mut case = form.case_input(&person_id.to_string());
    case.case_no = case_no.clone();
    let assessment = crate::rules::assess(&case, &app.regulations, &history, &app.calendar)
        .map_err(|e| e.to_string())?;
    let kind = outcome_kind(form.outcome);
    let office = storage
        .setting("office_name")
        .ok()
        .flatten()
        .unwrap_or_else(|| "生态环境局".to_owned());
    let mut details = doc_details(&form, &office, &doc_no, decision.decided_on.into());
    // The office's settings where the regulation is silent, on every document.
    let settings = storage.doc_settings(&form.regulation).map_err(err)?;
    details.statement_days = settings.statement_days;
    details.decider = settings.decider;
    details.remedy_body = settings.remedy_body;
    details.remedy_period = settings.remedy_period;
    details.cc = settings.cc;
    let templates = documents::templates(documents::TEMPLATES)?;
    let mut doc = documents::build(
        kind,
        &details,
        &assessment,
        &case_no,
        &app.regulations,
        &app.calendar,
        &templates,
    )?;
    apply_custom_body(&mut doc, &form.custom_body);
    // The audit chain head before this issue, kept outside the register in
    // the document itself (README 数据安全).
    doc.subject = storage.audit_anchor_text().map_err(err)?;
    let pdf = crate::export::render(&doc, jiff::Timestamp::now().as_second())
        .map_err(|e| e.to_string())?;
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
            .add_delivery(
                case_id,
                Some(doc_id),
                form.delivered_on.trim(),
                &form.person_name(),
            )
            .map_err(err)?;
    }
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
    let remedy = match &assessment.remedy {
        Some(r) => match r.last_day {
            Some(d) => format!(
                "{}：向{}提出，最后一日为{}（{}）",
                r.kind,
                r.body,
                cn_date(d),
                r.citation.short()
            ),
            None if r.kind == crate::domain::procedure::RemedyKind::Review => format!(
                "{}：向{}提出，自送达之日起15个工作日内；送达日期未填，届满日待定",
                r.kind, r.body
            ),
            None => format!(
                "{}：向{}提出（{}未规定期限）",
                r.kind,
                r.body,
                r.citation.short()
            ),
        },
        None => "本规定未规定复查或申诉途径".to_owned(),
    };
    Ok(Issued {
        case_id,
        case_no,
        doc_no,
        title: doc.title.clone(),
        pdf,
        sha256,
        document_id: Some(doc_id),
        remedy,
        saved_to: None,
    })
}

/// What a document needs from the form.
pub fn doc_details(
    form: &WizardForm,
    office: &str,
    doc_no: &str,
    issued_on: Option<jiff::civil::Date>,
) -> crate::export::documents::DocDetails {
    let (gender, unit, post, rank) = form.person_details();
    crate::export::documents::DocDetails {
        office: office.to_owned(),
        doc_no: doc_no.to_owned(),
        cause: form.summary.trim().to_owned(),
        gender,
        unit,
        post,
        rank,
        facts: form.facts_list(),
        evidence: form.evidence_list(),
        statement: form.statement.trim().to_owned(),
        statement_adopted: form.statement_adopted.trim().to_owned(),
        outcome: outcome_label(form.outcome).to_owned(),
        methods: if form.outcome == 0 {
            form.methods.iter().cloned().collect()
        } else {
            Vec::new()
        },
        measures: if form.outcome == 0 {
            form.measures_list()
        } else {
            Vec::new()
        },
        issued_on,
        ..Default::default()
    }
}

/// The document that carries the wizard's outcome.
pub fn outcome_kind(outcome: usize) -> crate::export::documents::DocKind {
    use crate::export::documents::DocKind;
    match outcome {
        1 => DocKind::NoAccountability,
        2 => DocKind::Exemption,
        _ => DocKind::Decision,
    }
}

/// Body blocks as plain paragraphs ("# " / "## " mark headings).
pub fn body_texts(doc: &crate::export::Document) -> Vec<String> {
    use crate::export::Block;
    doc.body
        .iter()
        .filter_map(|b| match b {
            Block::H1(t) => Some(format!("# {t}")),
            Block::H2(t) => Some(format!("## {t}")),
            Block::Para(t) | Block::H3(t) | Block::Flush(t) | Block::Right(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// Replace the body with the clerk's edited paragraphs (if any).
pub fn apply_custom_body(doc: &mut crate::export::Document, custom: &[String]) {
    use crate::export::Block;
    if custom.is_empty() {
        return;
    }
    doc.body = custom
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(|t| {
            if let Some(h) = t.strip_prefix("## ") {
                Block::H2(h.to_owned())
            } else if let Some(h) = t.strip_prefix("# ") {
                Block::H1(h.to_owned())
            } else {
                Block::Para(t.to_owned())
            }
        })
        .collect();
}

/// The outcome's label.
pub fn outcome_label(i: usize) -> &'static str {
    OUTCOMES.get(i).copied().unwrap_or("问责")
}
