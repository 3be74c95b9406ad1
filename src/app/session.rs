//! The wizard session: the form, its draft (saved as the clerk types, when
//! typing pauses), validation state, the person look-up, and the assessment
//! and preview cached until the form changes. The issue transaction is in
//! `session/issue.rs`, saving issued PDFs in `session/save.rs`.

mod issue;
pub(crate) use issue::before_confirm;
mod notify;
pub(crate) mod precedents;
mod save;

use crate::domain::ids::PersonId;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::error::AppResult;
use super::wizard::{FieldError, WizardForm, WizardStep};
use super::{Route, WenzeApp};
use crate::domain::PersonRow;
use crate::export::Layout;
use crate::rules::engine::{AssessError, Assessment, HistoryRecord};

pub use issue::{Issued, IssuedDoc};

/// The decision preview of one respondent: the template's paragraphs (where
/// 编辑正文 starts from) and the laid-out pages, or why it cannot be shown.
#[derive(Debug)]
pub struct Preview {
    pub respondent: usize,
    pub(crate) template_body: Vec<String>,
    pub layout: AppResult<Layout>,
}

pub struct WizardSession {
    pub form: WizardForm,
    /// Draft key in the register.
    pub key: String,
    /// Problems of the current step, shown beside their fields.
    pub errors: Vec<FieldError>,
    /// The field to focus (first invalid) on the next frame.
    pub(crate) focus: Option<&'static str>,
    /// The form as last saved.
    saved: WizardForm,
    /// Time (egui seconds) of the last unsaved change.
    pub(crate) changed_at: Option<f64>,
    pub(crate) person_results: Vec<PersonRow>,
    /// The chosen persons' earlier decisions (for repeat offences).
    pub(crate) history: Vec<HistoryRecord>,
    /// Reading that history failed: the assessment would silently miss
    /// repeat-offence factors, so the failure is shown and issuing blocked.
    pub(crate) history_error: Option<String>,
    /// The assessment of the whole case (every respondent), as of `cached_for`.
    pub(crate) assessment: Option<Result<Assessment, AssessError>>,
    /// 类案参考 per respondent (处理决定 step; read on the query thread).
    pub(crate) precedents: precedents::Precedents,
    /// The current respondent's decision preview (处理决定 step only).
    pub preview: Option<Preview>,
    /// The form the assessment and preview were computed for.
    cached_for: Option<WizardForm>,
    pub issued: Option<Issued>,
    pub message: String,
    /// A save dialog is open for this issued document (index in `issued.docs`).
    pub(crate) save_dialog: Option<(usize, Receiver<Option<PathBuf>>)>,
    /// The draft's review history (提交审核 / 退回 / 批准), oldest first.
    pub(crate) review: Vec<crate::domain::procedure::ReviewEntry>,
    /// The reviewer's comment when returning the draft (raw input).
    pub(crate) return_comment: String,
    /// 审批签发 was pressed: the confirmation is shown.
    pub confirm_issue: bool,
    /// What the confirmation must say before anyone signs (an edited body
    /// whose template changed since the edit), per respondent.
    pub issue_notes: Vec<String>,
}

impl WizardSession {
    /// Keep the persons' history, or the reason it could not be read.
    fn set_history(&mut self, read: Result<Vec<HistoryRecord>, crate::storage::StorageError>) {
        match read {
            Ok(h) => {
                self.history = h;
                self.history_error = None;
            }
            Err(e) => {
                self.history = Vec::new();
                let why = format!(
                    "无法读取被问责人以往的问责记录（{e}）：重复问责等从重情节无法认定，暂不能签发。请稍后重新选择该人员。"
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
            assessment: None,
            precedents: precedents::Precedents::default(),
            preview: None,
            cached_for: None,
            issued: None,
            message: String::new(),
            save_dialog: None,
            review: Vec::new(),
            return_comment: String::new(),
            confirm_issue: false,
            issue_notes: Vec::new(),
        }
    }

    /// Has the form changed since the draft was saved?
    pub(crate) fn dirty(&self) -> bool {
        self.form != self.saved
    }

    /// The message for `field` of the case or of the respondent shown.
    pub fn error(&self, field: &str) -> Option<&str> {
        let current = self.form.current;
        self.errors
            .iter()
            .find(|e| e.field == field && e.respondent.is_none_or(|r| r == current))
            .map(|e| e.message.as_str())
    }

    /// Respondents with a problem in the current step (their tabs are marked).
    pub(crate) fn respondents_with_errors(&self) -> BTreeSet<usize> {
        self.errors.iter().filter_map(|e| e.respondent).collect()
    }

    /// The ★ methods the assessment recommends for respondent `i`.
    pub(crate) fn recommended(&self, i: usize) -> BTreeSet<String> {
        match &self.assessment {
            Some(Ok(a)) => a
                .respondents
                .get(i)
                .map(|r| r.recommended_methods.iter().map(|m| m.id.clone()).collect())
                .unwrap_or_default(),
            _ => BTreeSet::new(),
        }
    }

    /// What the decided methods lack that the level requires (000 第七条
    /// 第（二）、（三）项), per respondent, with the article quoted.
    fn required_parts_missing(&self) -> Vec<FieldError> {
        let Some(Ok(a)) = &self.assessment else {
            return Vec::new();
        };
        a.respondents
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.errors.iter().map(move |e| FieldError {
                    field: "methods",
                    respondent: Some(i),
                    message: format!(
                        "{}（{}：“{}”）",
                        e.text,
                        e.citation.short(),
                        e.citation.text
                    ),
                })
            })
            .collect()
    }

    /// 容错免责 only where the assessment finds it (001 第十四条第二款: a
    /// situation and every condition; 第十七条: nothing excluding it) or
    /// 履职尽责 (第十三条): otherwise refused with the text's reason.
    fn exemption_refused(&self) -> Vec<FieldError> {
        let Some(Ok(a)) = &self.assessment else {
            return Vec::new();
        };
        self.form
            .respondents
            .iter()
            .zip(&a.respondents)
            .enumerate()
            .filter(|(_, (f, _))| f.outcome == crate::export::documents::Outcome::Exemption)
            .filter_map(|(i, (_, r))| {
                if !r.duty_done.is_empty() || r.tolerance.as_ref().is_some_and(|t| t.exempt) {
                    return None;
                }
                let message = match &r.tolerance {
                    Some(t) => format!(
                        "不能认定容错免责：{}（{}：“{}”）",
                        t.explanation,
                        t.citation.short(),
                        t.citation.text
                    ),
                    None => "不能认定容错免责：本案未启用容错纠错，或未认定容错情形、履职尽责情形"
                        .to_owned(),
                };
                Some(FieldError {
                    field: "outcome",
                    respondent: Some(i),
                    message,
                })
            })
            .collect()
    }

    /// Registered persons of the case (for their history).
    fn person_ids(&self) -> Vec<PersonId> {
        self.form
            .respondents
            .iter()
            .filter(|r| !r.new_person)
            .filter_map(|r| r.person_id)
            .collect()
    }
}

/// Does the regulation require hearing the respondent before a decision?
pub(crate) fn hearing_required(app: &WenzeApp, form: &WizardForm) -> bool {
    app.shared
        .regulations
        .get(&form.regulation)
        .is_some_and(|r| !r.regulation.hearing_cite.is_empty())
}

/// Respondents whose edited body (编辑正文) is stale: the template built
/// now differs from the one the edit began from.
pub(crate) fn stale_edits(app: &WenzeApp) -> Vec<String> {
    let Some(w) = app.wizard.as_ref() else {
        return Vec::new();
    };
    let Some(Ok(a)) = &w.assessment else {
        return Vec::new();
    };
    w.form
        .respondents
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.custom_body.is_empty() && !r.custom_body_from.is_empty())
        .filter_map(|(i, r)| {
            let p = super::decision::preview(
                &w.form,
                i,
                a,
                &app.shared.office_name,
                &app.shared.regulations,
                &app.shared.calendar,
            );
            super::decision::edit_is_stale(r, &p.template_body)
                .then(|| format!("{}：{}", r.name(), super::decision::STALE_EDIT))
        })
        .collect()
}

/// The live assessment of the form (cached; see [`refresh`]).
pub fn assessment(app: &WenzeApp) -> Option<Result<Assessment, AssessError>> {
    app.wizard.as_ref()?.assessment.clone()
}

fn assess_form(app: &WenzeApp, w: &WizardSession) -> Result<Assessment, AssessError> {
    let case = w.form.case_input_keyed();
    crate::rules::assess(
        &case,
        &app.shared.regulations,
        &w.history,
        &app.shared.calendar,
    )
}

/// Recompute the assessment and the preview if the form changed since.
pub(crate) fn refresh(app: &mut WenzeApp) {
    let Some(w) = app.wizard.as_ref() else { return };
    if w.cached_for.as_ref() == Some(&w.form) || w.issued.is_some() {
        return;
    }
    let assessment = assess_form(app, w);
    let preview = (w.form.step == WizardStep::Decision)
        .then(|| {
            let a = assessment.as_ref().ok()?;
            let office = app.shared.office_name.clone();
            Some(super::decision::preview(
                &w.form,
                w.form
                    .current
                    .min(w.form.respondents.len().saturating_sub(1)),
                a,
                &office,
                &app.shared.regulations,
                &app.shared.calendar,
            ))
        })
        .flatten();
    if let Some(w) = app.wizard.as_mut() {
        w.cached_for = Some(w.form.clone());
        w.assessment = Some(assessment);
        w.preview = preview;
    }
}

/// Once a frame, before the screens draw: answers from the save dialog,
/// the draft saved once typing has paused, the cache brought up to date.
pub(crate) fn tick(app: &mut WenzeApp, now: f64) {
    if app.wizard.is_none() {
        return;
    }
    save::poll_dialog(app);
    autosave(app, now, 0.3);
    refresh(app);
    precedents::refresh(app);
}

/// Save the draft if it changed.
impl WizardSession {
    /// Submitted and not yet returned or issued (提交审核 was the last step).
    pub(crate) fn under_review(&self) -> bool {
        self.issued.is_none()
            && self.review.last().map(|e| e.action)
                == Some(crate::domain::procedure::ReviewAction::Submit)
    }
}

pub(crate) fn flush(app: &mut WenzeApp) {
    let (Some(w), Some(storage)) = (app.wizard.as_mut(), app.shared.storage.as_mut()) else {
        return;
    };
    if !w.dirty() || w.issued.is_some() {
        return;
    }
    // A clerk reading a draft under review changes nothing of it (moving
    // between steps included); the reviewer may.
    let reviewer = app.shared.user.as_ref().is_some_and(|u| u.may_issue());
    if !reviewer && w.under_review() {
        w.saved = w.form.clone();
        w.changed_at = None;
        return;
    }
    // The reporter (举报人) never enters the draft's raw form: it is kept in
    // the protected table, and the draft refers to it by its key.
    let mut raw = w.form.clone();
    let reporter_name = std::mem::take(&mut raw.reporter_name);
    let reporter_contact = std::mem::take(&mut raw.reporter_contact);
    let reporter = (!reporter_name.trim().is_empty() || !reporter_contact.trim().is_empty())
        .then_some((reporter_name.as_str(), reporter_contact.as_str()));
    let step = w.form.step.index() as u32;
    match serde_json::to_string(&raw) {
        Ok(json) => match storage.save_draft_protected(&w.key, step, &json, reporter) {
            Ok(()) => {
                w.saved = w.form.clone();
                w.changed_at = None;
            }
            Err(e) => w.message = format!("草稿未能保存：{e}"),
        },
        Err(e) => w.message = format!("草稿未能保存：{}", crate::zh::json(&e)),
    }
}

/// Save when typing has paused for `pause` seconds.
pub(crate) fn autosave(app: &mut WenzeApp, now: f64, pause: f64) {
    let due = app
        .wizard
        .as_ref()
        .is_some_and(|w| w.dirty() && w.changed_at.is_none_or(|t| now - t >= pause));
    if due {
        flush(app);
    }
}

pub(crate) fn validate_step(app: &mut WenzeApp, step: WizardStep) -> Vec<FieldError> {
    refresh(app);
    let Some(w) = app.wizard.as_ref() else {
        return Vec::new();
    };
    let mut errs = w.form.validate(
        step,
        app.today(),
        crate::app::wizard::StepLaw {
            hearing_required: hearing_required(app, &w.form),
            joint_heads: app
                .shared
                .regulations
                .get(&w.form.regulation)
                .and_then(|r| r.joint.as_ref())
                .is_some_and(|j| !j.heads_cite.is_empty()),
        },
    );
    if step == WizardStep::Decision {
        for i in 0..w.form.respondents.len() {
            errs.extend(w.form.departure_error(i, &w.recommended(i)));
        }
        errs.extend(w.required_parts_missing());
        errs.extend(w.exemption_refused());
    }
    if step == WizardStep::Decision {
        precedents::settle(app);
        if let Some(w) = app.wizard.as_ref() {
            errs.extend(w.precedent_errors());
        }
    }
    errs
}

/// Show the step's problems: the first one's respondent and field.
fn show_errors(w: &mut WizardSession, errs: Vec<FieldError>) {
    if let Some(first) = errs.first() {
        if let Some(r) = first.respondent {
            w.form.current = r;
        }
        w.focus = Some(first.field);
    }
    w.errors = errs;
}

/// Read the history of every registered person of the case.
fn load_history(app: &mut WenzeApp) {
    let Some(ids) = app.wizard.as_ref().map(WizardSession::person_ids) else {
        return;
    };
    let read = match app.shared.storage.as_ref() {
        Some(s) if !ids.is_empty() => s.person_history(&ids),
        _ => Ok(Vec::new()),
    };
    if let Some(w) = app.wizard.as_mut() {
        w.set_history(read);
        w.cached_for = None;
    }
}

fn start(app: &mut WenzeApp, key: Option<String>) {
    flush(app);
    if let Some(k) = &key
        && app.shared.user.is_none()
    {
        // Opened once someone has signed in (see `sign_in`).
        app.access.pending_draft = Some(k.clone());
        return;
    }
    let mut refused = None;
    let resumed = key.as_ref().and_then(|k| {
        let user = app.shared.user.clone()?;
        let storage = app.shared.storage.as_mut()?;
        let (step, json, reporter) = match storage.open_draft(k, &user) {
            Ok(found) => found?,
            Err(e) => {
                refused = Some(e.to_string());
                return None;
            }
        };
        let mut form = match WizardForm::from_draft_json(&json) {
            Ok(f) => f,
            Err(e) => {
                refused = Some(e.to_string());
                return None;
            }
        };
        if let Some((name, contact)) = reporter {
            form.reporter_name = name;
            form.reporter_contact = contact;
        }
        form.step = WizardStep::from_index(step as usize);
        Some((k.clone(), form))
    });
    if let Some(message) = refused {
        app.shared.status = message;
        return;
    }
    let (key, form) = resumed.unwrap_or_else(|| {
        let key = format!("draft-{}", jiff::Timestamp::now().as_millisecond());
        (key, WizardForm::new("004", app.today()))
    });
    let mut session = WizardSession::new(form, key);
    if let Some(storage) = app.shared.storage.as_ref() {
        match storage.review_history(&session.key) {
            Ok(h) => session.review = h,
            // Shown, not taken for "never reviewed".
            Err(e) => session.message = format!("审核记录未能读取：{e}"),
        }
    }
    // A new draft is saved at once so a crash before the first pause loses nothing.
    session.saved = WizardForm::default();
    app.wizard = Some(session);
    load_history(app);
    flush(app);
    refresh(app);
    app.shared.route = Route::NewCase;
}

fn goto(app: &mut WenzeApp, step: WizardStep) {
    // Earlier steps freely; later ones only through valid steps.
    let current = app.wizard.as_ref().map(|w| w.form.step).unwrap_or_default();
    let mut target = step;
    let mut errs = Vec::new();
    if target > current {
        for s in WizardStep::ALL
            .into_iter()
            .filter(|s| *s >= current && *s < step)
        {
            errs = validate_step(app, s);
            if !errs.is_empty() {
                target = s;
                break;
            }
        }
    }
    if let Some(w) = app.wizard.as_mut() {
        w.form.step = target;
        w.errors.clear();
        show_errors(w, errs);
    }
    flush(app);
    refresh(app);
}

fn pick_person(app: &mut WenzeApp, id: PersonId, label: String) {
    if let Some(w) = app.wizard.as_mut() {
        let found = w.person_results.iter().find(|p| p.id == id).cloned();
        let r = w.form.cur_mut();
        if let Some(p) = found {
            // The register's status of the person, as the engine names it.
            r.status = crate::rules::engine::RespondentStatus::ALL
                .into_iter()
                .find(|s| s.label() == p.status)
                .unwrap_or_default();
            r.person_rank = p.rank;
            r.person_unit = p.unit;
            r.person_post = p.post;
            r.person_gender = p.gender;
        }
        r.person_id = Some(id);
        r.person_label = label;
        r.new_person = false;
        w.person_results.clear();
    }
    load_history(app);
    flush(app);
    refresh(app);
}

/// The wizard's own commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WizardCommand {
    /// A new case, or a draft resumed by its key.
    Start(Option<String>),
    Next,
    Back,
    Goto(WizardStep),
    AddRespondent,
    RemoveRespondent(usize),
    /// Save the draft now (Ctrl+S).
    Save,
    /// The form changed (saved once typing pauses).
    Changed,
    FindPersons(String),
    PickPerson(PersonId, String),
    /// 确认签发.
    Issue,
    /// 登记并签发事先告知书.
    IssueNotice,
    /// Ask where to save issued document N, or save it to this path.
    SavePdf(usize),
    SavePdfTo(usize, PathBuf),
}

pub(crate) fn apply(app: &mut WenzeApp, command: WizardCommand) {
    match command {
        WizardCommand::Start(key) => start(app, key),
        WizardCommand::Changed => {
            if let Some(w) = app.wizard.as_mut() {
                w.changed_at = Some(w.changed_at.unwrap_or(f64::MIN));
                w.errors.clear();
            }
        }
        WizardCommand::Save => {
            flush(app);
            if let Some(w) = app.wizard.as_mut() {
                w.message = "草稿已保存".to_owned();
            }
        }
        WizardCommand::Next => {
            if let Some(step) = app.wizard.as_ref().map(|w| w.form.step) {
                goto(app, step.next());
            }
        }
        WizardCommand::Back => {
            if let Some(step) = app.wizard.as_ref().map(|w| w.form.step) {
                goto(app, step.prev());
            }
        }
        WizardCommand::Goto(step) => goto(app, step),
        WizardCommand::AddRespondent => {
            if let Some(w) = app.wizard.as_mut() {
                w.form.add_respondent();
                w.person_results.clear();
                w.errors.clear();
            }
            flush(app);
            refresh(app);
        }
        WizardCommand::RemoveRespondent(i) => {
            if let Some(w) = app.wizard.as_mut() {
                if w.issued.is_some() {
                    return;
                }
                w.form.remove_respondent(i);
                w.errors.clear();
            }
            load_history(app);
            flush(app);
            refresh(app);
        }
        WizardCommand::FindPersons(query) => {
            let results = match (&app.shared.storage, query.trim().is_empty()) {
                (Some(s), false) => s.find_persons(&query, 20),
                _ => Ok(Vec::new()),
            };
            if let Some(w) = app.wizard.as_mut() {
                match results {
                    Ok(r) => w.person_results = r,
                    Err(e) => {
                        w.person_results.clear();
                        w.message = format!("查找人员失败：{e}");
                    }
                }
            }
        }
        WizardCommand::PickPerson(id, label) => pick_person(app, id, label),
        WizardCommand::Issue => issue::issue(app),
        WizardCommand::IssueNotice => notify::register_and_notify(app),
        WizardCommand::SavePdf(i) => save::ask(app, i),
        WizardCommand::SavePdfTo(i, path) => save::save_to(app, i, path),
    }
}

/// Every step valid? Otherwise show the first step with a problem.
pub(crate) fn all_steps_valid(app: &mut WenzeApp) -> bool {
    for step in WizardStep::ALL {
        let errs = validate_step(app, step);
        if !errs.is_empty() {
            if let Some(w) = app.wizard.as_mut() {
                w.form.step = step;
                // The first problem said too: headless (`wenze case issue`)
                // there is no field to show it beside.
                w.message = match errs.first() {
                    Some(e) => format!("“{}”一步尚有问题，请先更正：{}", step.label(), e.message),
                    None => format!("“{}”一步尚有问题，请先更正", step.label()),
                };
                w.confirm_issue = false;
                show_errors(w, errs);
            }
            refresh(app);
            return false;
        }
    }
    true
}
