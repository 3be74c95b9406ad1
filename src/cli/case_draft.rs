//! `wenze case register|amend|submit|return|notice|issue`: the case before
//! and at its decision, driven headless through the wizard's own session (the
//! same validation, the same review steps and the same one-act 审批签发 as
//! the window). The case is given as the wizard's form — the JSON the window
//! keeps as a draft — with labels accepted where the window shows a list.

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

use super::out_raw;

use crate::app::error::{AppError, AppResult};
use crate::app::wizard::{RespondentForm, WizardForm, WizardStep};
use crate::app::{Command, WenzeApp};
use crate::domain::procedure::ReviewAction;

/// A case form larger than this is not a case (1 MiB).
const MAX_FORM_BYTES: u64 = 1 << 20;

/// The window's state, signed in as `user` (password on stdin).
pub(super) fn signed_in(db: &Path, user: Option<&str>) -> AppResult<WenzeApp> {
    let Some(user) = user.filter(|u| !u.trim().is_empty()) else {
        return Err(AppError::refused(
            "请加 --user 用户名，并在标准输入给出密码（一行）",
        ));
    };
    let mut app = WenzeApp::open(db);
    if let Some(e) = app.open_error_text() {
        return Err(AppError::Refused(e));
    }
    app.sign_in_as(user, &super::case::read_password())?;
    Ok(app)
}

/// The draft opened in the wizard session, as the window opens it from the
/// 工作台 (its author's or a reviewer's right to it checked by storage).
fn open_draft(db: &Path, user: Option<&str>, key: &str) -> AppResult<WenzeApp> {
    let mut app = signed_in(db, user)?;
    app.apply(Command::WizardStart(Some(key.trim().to_owned())));
    match &app.wizard {
        Some(w) if w.key == key.trim() => Ok(app),
        _ => {
            let why = app.status().to_owned();
            Err(AppError::Refused(if why.is_empty() {
                format!("没有编号为“{key}”的草稿")
            } else {
                why
            }))
        }
    }
}

/// The file's JSON, with size limits and Chinese errors.
fn read_json(path: &Path) -> AppResult<Value> {
    let refuse = |why: &str| AppError::Refused(format!("无法读取案件表 {}：{why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| refuse(&crate::zh::io(&e)))?;
    if meta.len() > MAX_FORM_BYTES {
        return Err(refuse("文件超过 1 MiB，不是案件表"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| refuse(&crate::zh::io(&e)))?;
    serde_json::from_str(&text).map_err(|e| {
        AppError::Refused(format!(
            "案件表 {} 格式有误：{}",
            path.display(),
            crate::zh::json(&e)
        ))
    })
}

/// The field names a form may have: those of the window's own form (a
/// misspelt field is refused, never silently ignored).
fn check_fields(input: &Value, template: &Value, at: &str) -> AppResult<()> {
    match (input, template) {
        (Value::Object(given), Value::Object(known)) => {
            for (k, v) in given {
                let Some(t) = known.get(k) else {
                    return Err(AppError::Refused(format!(
                        "案件表中没有字段“{at}{k}”（字段名见 docs/case-json.md“登记用案件表”）"
                    )));
                };
                check_fields(v, t, &format!("{at}{k}."))?;
            }
            Ok(())
        }
        (Value::Array(given), Value::Array(known)) => match known.first() {
            Some(t @ Value::Object(_)) => given
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| check_fields(v, t, &format!("{at}{}.", i + 1))),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A list field given as its label: its position in the list the window offers.
fn label_to_index(value: &mut Value, field: &str, labels: &[&str]) -> AppResult<()> {
    if let Value::String(s) = value {
        let i = labels.iter().position(|l| *l == s.trim()).ok_or_else(|| {
            AppError::Refused(format!(
                "字段“{field}”的值“{s}”无效，可选：{}",
                labels.join("、")
            ))
        })?;
        *value = Value::from(i);
    }
    Ok(())
}

/// Labels where the window shows a list (线索来源, 性别, 职级).
fn labels_to_indices(input: &mut Value) -> AppResult<()> {
    let Value::Object(map) = input else {
        return Err(AppError::refused("案件表应是一个 JSON 对象"));
    };
    if map.get("registered").is_some_and(|v| !v.is_null()) {
        return Err(AppError::refused(
            "案件表不能指定“registered”（已登记的案件）：案件只能由签发告知书或审批签发登记",
        ));
    }
    if let Some(v) = map.get_mut("clue_source") {
        label_to_index(v, "clue_source", &crate::domain::CLUE_SOURCES)?;
    }
    if let Some(Value::Array(rs)) = map.get_mut("respondents") {
        for r in rs.iter_mut() {
            if let Value::Object(r) = r {
                if let Some(v) = r.get_mut("np_gender") {
                    label_to_index(v, "np_gender", &crate::app::wizard::GENDERS)?;
                }
                if let Some(v) = r.get_mut("np_rank") {
                    label_to_index(v, "np_rank", &crate::domain::RANKS)?;
                }
            }
        }
    }
    Ok(())
}

/// The template every given field is checked against.
fn template() -> AppResult<Value> {
    let mut form = WizardForm::default();
    form.respondents.push(RespondentForm::new());
    serde_json::to_value(&form)
        .map_err(|e| AppError::Refused(format!("案件表模板无法生成：{}", crate::zh::json(&e))))
}

/// RFC 7396 merge: `patch`'s fields over `base` (respondents by position).
fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(slot) if k == "respondents" => merge_list(slot, v),
                    Some(slot) if v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, p) => *b = p,
    }
}

fn merge_list(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Array(b), Value::Array(p)) => {
            for (i, v) in p.into_iter().enumerate() {
                match b.get_mut(i) {
                    Some(slot) => merge(slot, v),
                    None => b.push(v),
                }
            }
        }
        (b, p) => *b = p,
    }
}

fn form_from(value: Value) -> AppResult<WizardForm> {
    let json = serde_json::to_string(&value)
        .map_err(|e| AppError::Refused(format!("案件表无法读取：{}", crate::zh::json(&e))))?;
    WizardForm::from_draft_json(&json)
}

/// Every step valid (the wizard's own checks); otherwise each problem with
/// its step, respondent and field, in Chinese.
fn validated(app: &mut WenzeApp) -> AppResult<()> {
    let mut problems = Vec::new();
    for step in WizardStep::ALL {
        for e in crate::app::session::validate_step(app, step) {
            let who = e
                .respondent
                .and_then(|i| app.wizard.as_ref()?.form.respondents.get(i))
                .map(|r| format!("（{}）", r.name()))
                .unwrap_or_default();
            problems.push(format!("{}{who}：{}", step.label(), e.message));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Refused(format!(
            "案件表尚有问题，请改正后重新提交：\n{}",
            problems.join("\n")
        )))
    }
}

fn message(app: &WenzeApp) -> String {
    app.wizard
        .as_ref()
        .map(|w| w.message.clone())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| app.status().to_owned())
}

fn last_review(app: &WenzeApp) -> Option<ReviewAction> {
    app.wizard.as_ref()?.review.last().map(|e| e.action)
}

/// Put the given form into the session, save the draft, validate.
fn put_form(app: &mut WenzeApp, form: WizardForm) -> AppResult<String> {
    let w = app
        .wizard
        .as_mut()
        .ok_or_else(|| AppError::refused("草稿未能打开"))?;
    if w.under_review() {
        return Err(AppError::refused(
            "草稿已提交审核，审核期间不能修改；退回后方可修改",
        ));
    }
    w.form = form;
    w.form.step = WizardStep::Issue;
    let key = w.key.clone();
    app.apply(Command::WizardChanged);
    crate::app::session::flush(app);
    if let Some(w) = app.wizard.as_ref()
        && w.dirty()
    {
        return Err(AppError::Refused(format!("草稿未能保存：{}", w.message)));
    }
    validated(app).map_err(|e| AppError::Refused(format!("{e}\n草稿 {key} 已保存。")))?;
    Ok(key)
}

pub(super) fn register(db: &Path, file: &Path, user: Option<&str>) -> AppResult<ExitCode> {
    let mut input = read_json(file)?;
    check_fields(&input, &template()?, "")?;
    labels_to_indices(&mut input)?;
    let form = form_from(input)?;
    let mut app = signed_in(db, user)?;
    app.apply(Command::WizardStart(None));
    let key = put_form(&mut app, form)?;
    outln!("已登记草稿 {key}（各步校验通过）；下一步：wenze case submit {key}");
    Ok(ExitCode::SUCCESS)
}

pub(super) fn amend(db: &Path, key: &str, file: &Path, user: Option<&str>) -> AppResult<ExitCode> {
    let mut patch = read_json(file)?;
    check_fields(&patch, &template()?, "")?;
    labels_to_indices(&mut patch)?;
    let mut app = open_draft(db, user, key)?;
    let current = app
        .wizard
        .as_ref()
        .map(|w| serde_json::to_value(&w.form))
        .transpose()
        .map_err(|e| AppError::Refused(format!("草稿无法读取：{}", crate::zh::json(&e))))?
        .ok_or_else(|| AppError::refused("草稿未能打开"))?;
    let mut merged = current;
    merge(&mut merged, patch);
    let form = form_from(merged)?;
    let key = put_form(&mut app, form)?;
    outln!("已修改草稿 {key}（各步校验通过）");
    Ok(ExitCode::SUCCESS)
}

pub(super) fn submit(db: &Path, key: &str, user: Option<&str>) -> AppResult<ExitCode> {
    let mut app = open_draft(db, user, key)?;
    let before = app.wizard.as_ref().map_or(0, |w| w.review.len());
    app.apply(Command::WizardSubmitReview);
    let after = app.wizard.as_ref().map_or(0, |w| w.review.len());
    if after > before && last_review(&app) == Some(ReviewAction::Submit) {
        outln!("{}", message(&app));
        Ok(ExitCode::SUCCESS)
    } else {
        Err(AppError::Refused(format!(
            "未能提交审核：{}",
            message(&app)
        )))
    }
}

pub(super) fn return_to_clerk(
    db: &Path,
    key: &str,
    comment: &str,
    user: Option<&str>,
) -> AppResult<ExitCode> {
    let mut app = open_draft(db, user, key)?;
    if let Some(w) = app.wizard.as_mut() {
        w.return_comment = comment.to_owned();
    }
    let before = app.wizard.as_ref().map_or(0, |w| w.review.len());
    app.apply(Command::WizardReturn);
    let after = app.wizard.as_ref().map_or(0, |w| w.review.len());
    if after > before && last_review(&app) == Some(ReviewAction::Return) {
        outln!("{}", message(&app));
        Ok(ExitCode::SUCCESS)
    } else {
        Err(AppError::Refused(format!("未能退回：{}", message(&app))))
    }
}

pub(super) fn notice(db: &Path, key: &str, user: Option<&str>) -> AppResult<ExitCode> {
    let mut app = open_draft(db, user, key)?;
    app.apply(Command::WizardIssueNotice);
    let registered = app.wizard.as_ref().and_then(|w| {
        w.form
            .registered
            .as_ref()
            .map(|r| (r.case_id, r.case_no.clone()))
    });
    let msg = message(&app);
    match registered {
        Some((id, no)) if msg.starts_with("已") => {
            outln!("{msg}\n案件编号 {id}，案号 {no}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(AppError::Refused(msg)),
    }
}

pub(super) fn issue(db: &Path, key: &str, user: Option<&str>) -> AppResult<ExitCode> {
    let mut app = open_draft(db, user, key)?;
    // The window's two presses: 审批签发 (every check, before the lock is
    // asked for), then the confirmation.
    app.apply(Command::WizardAskIssue);
    if !app.wizard.as_ref().is_some_and(|w| w.confirm_issue) {
        return Err(AppError::Refused(format!("不能签发：{}", message(&app))));
    }
    app.apply(Command::WizardIssue);
    let Some(issued) = app.wizard.as_ref().and_then(|w| w.issued.clone()) else {
        return Err(AppError::Refused(message(&app)));
    };
    outln!("{}", message(&app));
    outln!("案件编号 {}，案号 {}", issued.case_id, issued.case_no);
    for d in &issued.docs {
        outln!("{}：{}，{}《{}》", d.name, d.outcome, d.doc_no, d.title);
    }
    if !issued.remedy.is_empty() {
        outln!("{}", issued.remedy);
    }
    Ok(ExitCode::SUCCESS)
}
