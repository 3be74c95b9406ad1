//! Review and issue as roles: a 录入员 submits a draft (提交审核); it appears
//! in the reviewers' 工作台; a 审核人 returns it with a recorded comment or
//! approves it — 审批签发 asks for confirmation first. Sign-out switches
//! user without quitting. Permissions are checked here, not only by hiding
//! buttons; refusals are audited.

use super::error::{AppError, AppResult};
use super::session::{self, all_steps_valid};
use super::{LoginForm, Route, WenzeApp};
use crate::domain::procedure::{ReviewAction, ReviewItem};

/// Review and issue as roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReviewCommand {
    /// 提交审核 (录入员).
    Submit,
    /// 退回 with the comment typed (审核人).
    Return,
    /// 审批签发 pressed: every check, then the confirmation.
    AskIssue,
    /// The confirmation cancelled.
    CancelIssue,
    SignOut,
}

pub(crate) fn apply(app: &mut WenzeApp, command: ReviewCommand) {
    match command {
        ReviewCommand::Submit => submit(app),
        ReviewCommand::Return => return_to_clerk(app),
        ReviewCommand::AskIssue => ask_issue(app),
        ReviewCommand::CancelIssue => {
            if let Some(w) = app.wizard.as_mut() {
                w.confirm_issue = false;
            }
        }
        ReviewCommand::SignOut => sign_out(app),
    }
}

/// Drafts waiting for a reviewer or returned to the clerk (the 工作台 lists them).
pub(crate) fn load_queue(app: &mut WenzeApp) {
    let Some(storage) = &app.shared.storage else {
        return;
    };
    app.dashboard.queue = match storage.review_queue() {
        Ok(rows) => rows
            .into_iter()
            .map(|(key, data, last)| ReviewItem {
                title: draft_title(&data),
                draft_key: key,
                last,
            })
            .collect(),
        Err(e) => {
            app.shared.status = format!("无法读取待审核案件：{e}");
            Vec::new()
        }
    };
}

/// What the clerk recognises a draft by: the respondent and the clue summary.
fn draft_title(json: &str) -> String {
    let Ok(form) = super::wizard::WizardForm::from_draft_json(json) else {
        return "（草稿无法读取）".to_owned();
    };
    let name = form.names();
    let summary: String = form.summary.trim().chars().take(30).collect();
    match (name.is_empty(), summary.is_empty()) {
        (true, true) => "（未填写被问责人和摘要）".to_owned(),
        (false, true) => name,
        (true, false) => summary,
        (false, false) => format!("{name}：{summary}"),
    }
}

fn set_actor(app: &mut WenzeApp) -> Option<(i64, String)> {
    let u = app.shared.user.clone()?;
    if let Some(s) = app.shared.storage.as_mut() {
        s.set_actor(&format!("{}（{}）", u.display_name, u.role));
    }
    Some((u.id, u.display_name))
}

fn record(app: &mut WenzeApp, action: ReviewAction, comment: &str) -> AppResult<()> {
    let key = app
        .wizard
        .as_ref()
        .map(|w| w.key.clone())
        .ok_or_else(|| AppError::refused("没有打开的案件"))?;
    let (uid, name) = set_actor(app).ok_or_else(|| AppError::refused("请先登录"))?;
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    storage.review_step(&key, action, Some(uid), &name, comment)?;
    // The step is recorded; a failed re-read of the history is said, not
    // shown as an empty history.
    let history = storage.review_history(&key);
    if let Some(w) = app.wizard.as_mut() {
        match history {
            Ok(h) => w.review = h,
            Err(e) => app.shared.status = format!("审核记录未能重新读取：{e}"),
        }
    }
    load_queue(app);
    Ok(())
}

fn submit(app: &mut WenzeApp) {
    session::flush(app);
    if let Some(w) = app.wizard.as_mut()
        && let Err(why) = ReviewAction::Submit.may_follow(w.review.last().map(|e| e.action))
    {
        w.message = why.to_owned();
        return;
    }
    if !all_steps_valid(app) {
        return;
    }
    let result = record(app, ReviewAction::Submit, "");
    if let Some(w) = app.wizard.as_mut() {
        w.message = match result {
            Ok(()) => "已提交审核；审核人在工作台中可见。草稿已保存。".to_owned(),
            Err(e) => format!("提交审核失败：{e}"),
        };
    }
}

/// Refuse (and audit) an action only a reviewer may take.
fn refuse_unless_reviewer(app: &mut WenzeApp, what: &str) -> bool {
    match app.shared.require(
        crate::domain::auth::Need::Reviewer,
        &format!("拒绝{what}"),
        what,
    ) {
        Ok(_) => false,
        Err(e) => {
            if let Some(w) = app.wizard.as_mut() {
                w.message = e.to_string();
            }
            true
        }
    }
}

fn return_to_clerk(app: &mut WenzeApp) {
    session::flush(app);
    if refuse_unless_reviewer(app, "退回") {
        return;
    }
    let comment = app
        .wizard
        .as_ref()
        .map(|w| w.return_comment.trim().to_owned())
        .unwrap_or_default();
    if comment.is_empty() {
        if let Some(w) = app.wizard.as_mut() {
            w.message = "退回须写明意见（记入审核记录）".to_owned();
            w.focus = Some("return_comment");
        }
        return;
    }
    let result = record(app, ReviewAction::Return, &comment);
    if let Some(w) = app.wizard.as_mut() {
        match result {
            Ok(()) => {
                w.return_comment.clear();
                w.message = "已退回录入员修改，意见已记录。".to_owned();
            }
            Err(e) => w.message = format!("退回失败：{e}"),
        }
    }
}

fn ask_issue(app: &mut WenzeApp) {
    session::flush(app);
    if refuse_unless_reviewer(app, "签发决定") {
        return;
    }
    if !all_steps_valid(app) {
        return;
    }
    // The hearing and the notice's date are checked before the permanent
    // lock is asked for, not after it.
    let checked = session::before_confirm(app);
    let stale = session::stale_edits(app);
    if let Some(w) = app.wizard.as_mut() {
        w.issue_notes = stale;
        // After 退回 nobody signs until the clerk resubmits.
        let last = w.review.last().map(|e| e.action);
        match (ReviewAction::Approve.may_follow(last), checked) {
            (Err(why), _) => w.message = why.to_owned(),
            (Ok(()), Err(why)) => w.message = format!("不能签发：{why}。草稿已保存。"),
            (Ok(()), Ok(())) => w.confirm_issue = true,
        }
    }
}

fn sign_out(app: &mut WenzeApp) {
    session::flush(app);
    app.shared.user = None;
    app.access.locked = false;
    app.access.login = LoginForm::default();
    app.wizard = None;
    app.case.view = None;
    app.dashboard.queue.clear();
    // Nothing of the last user's messages stays for the next.
    app.shared.status.clear();
    app.shared.route = Route::Dashboard;
    if let Some(s) = app.shared.storage.as_mut() {
        s.sign_out();
    }
}
