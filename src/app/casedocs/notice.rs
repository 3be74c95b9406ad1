//! 签发 of the 问责事先告知书 before the decision: the role check (refusals
//! audited), the proposed methods, a draft built first, then the 文号 and
//! the PDF and OFD in one transaction (`Storage::issue_notice`).

use crate::domain::ids::{CaseId, RespondentId};
use jiff::civil::Date;

use super::super::WenzeApp;
use super::super::error::{AppError, AppResult, build_document};
use super::{build, gather};
use crate::export::documents::{self, DocKind};
use crate::storage::register::IssuedFiles;

/// Only a 审核人 or 管理员 numbers a document; a refusal is audited (the
/// action `拒绝签发{short}`) and says who was refused, in Chinese.
fn may_issue(app: &mut WenzeApp, short: &str, doc: &str) -> AppResult<()> {
    app.shared
        .require(
            crate::domain::auth::Need::Reviewer,
            &format!("拒绝签发{short}"),
            &format!("签发{doc}（分配文号）"),
        )
        .map(|_| ())
}

pub fn issue_notice(
    app: &mut WenzeApp,
    case_id: CaseId,
    respondent: RespondentId,
) -> AppResult<String> {
    may_issue(app, "告知书", "问责事先告知书")?;
    // Never a default office name or 文号代字 on an issued notice.
    crate::app::office::issuing_office(app.shared.storage.as_ref().ok_or(AppError::NoRegister)?)?;
    let raw = app.case.docs.notice_on.trim().to_owned();
    let on: Date = raw.parse().map_err(|_| {
        AppError::Refused(format!("告知书日期“{raw}”无效，请按 2026-03-05 的格式填写"))
    })?;
    if on > app.today() {
        return Err(AppError::refused("告知书日期不能晚于今天"));
    }
    let methods: Vec<String> = app
        .case
        .docs
        .proposed
        .get(&respondent)
        .map(|m| m.iter().cloned().collect())
        .unwrap_or_default();
    if methods.is_empty() {
        return Err(AppError::refused(
            "请选择拟作出的问责方式（告知书告知的是拟作出的处理，须先选定）",
        ));
    }
    let (ex, assessment) = gather(app, case_id, respondent)?;
    let mut details = ex.details.clone();
    details.methods = methods;
    details.notice_issued_on = Some(on);
    // Everything checked before a 文号 is taken: a draft of the same notice.
    let mut draft = details.clone();
    draft.draft = true;
    build(app, DocKind::Notice, &draft, &assessment, &ex.case.case_no)?;
    let anchor = app
        .shared
        .storage
        .as_ref()
        .ok_or(AppError::NoRegister)?
        .audit_anchor_text()?;
    // Issued in the office's chosen fonts, as the wizard issues it.
    let (faces, font_problems) = super::super::files::office_faces(
        app.shared.storage.as_ref().ok_or(AppError::NoRegister)?,
    )?;
    let (regs, cal) = (&app.shared.regulations, &app.shared.calendar);
    let case_no = ex.case.case_no.clone();
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    // Storage takes the document's maker with its reason as text (it rolls
    // the 文号 back and reports that reason).
    let (_, doc_no) = storage.issue_notice(case_id, respondent, on, |doc_no| {
        details.notice_doc_no = doc_no.to_owned();
        let made = (|| -> AppResult<_> {
            documents::check(DocKind::Notice, &details).map_err(AppError::Document)?;
            let mut doc =
                build_document(DocKind::Notice, &details, &assessment, &case_no, regs, cal)?;
            doc.subject = anchor;
            let (pdf, ofd) =
                crate::export::render_issued(&doc, jiff::Timestamp::now().as_second(), &faces)?;
            Ok(IssuedFiles {
                title: doc.title,
                pdf,
                ofd: Some(ofd),
            })
        })();
        made.map_err(|e| e.to_string())
    })?;
    app.case.docs.proposed.remove(&respondent);
    let mut said = format!(
        "已签发问责事先告知书 {doc_no}；送达后请在“送达”中登记，陈述申辩期限自送达之日起计算"
    );
    for p in font_problems {
        said.push_str(&format!("；{p}"));
    }
    Ok(said)
}

/// 签发纠错通知书 (001 第十九条: 以送达纠错通知等适当方式说明纠错事由、明确纠错
/// 事项、提出纠错要求, 责成限期纠正): for a respondent whose decision opened
/// 纠错, dated today, with its own 文号; the items and the period are the
/// 纠错 follow-ups recorded at issue. Reviewers only; refusals audited.
pub fn issue_correction(
    app: &mut WenzeApp,
    case_id: CaseId,
    respondent: RespondentId,
) -> AppResult<String> {
    may_issue(app, "纠错通知书", "纠错通知书")?;
    crate::app::office::issuing_office(app.shared.storage.as_ref().ok_or(AppError::NoRegister)?)?;
    let on = app.today();
    let (ex, assessment) = gather(app, case_id, respondent)?;
    let mut details = ex.details.clone();
    details.correction_issued_on = Some(on);
    // Checked before a 文号 is taken: a draft of the same notice.
    let mut draft = details.clone();
    draft.draft = true;
    build(
        app,
        DocKind::Correction,
        &draft,
        &assessment,
        &ex.case.case_no,
    )?;
    let anchor = app
        .shared
        .storage
        .as_ref()
        .ok_or(AppError::NoRegister)?
        .audit_anchor_text()?;
    let (faces, font_problems) = super::super::files::office_faces(
        app.shared.storage.as_ref().ok_or(AppError::NoRegister)?,
    )?;
    let (regs, cal) = (&app.shared.regulations, &app.shared.calendar);
    let case_no = ex.case.case_no.clone();
    let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
    let (_, doc_no) =
        storage.issue_numbered((case_id, respondent), DocKind::Correction, on, |doc_no| {
            details.correction_doc_no = doc_no.to_owned();
            let made = (|| -> AppResult<_> {
                documents::check(DocKind::Correction, &details).map_err(AppError::Document)?;
                let mut doc = build_document(
                    DocKind::Correction,
                    &details,
                    &assessment,
                    &case_no,
                    regs,
                    cal,
                )?;
                doc.subject = anchor;
                let (pdf, ofd) =
                    crate::export::render_issued(&doc, jiff::Timestamp::now().as_second(), &faces)?;
                Ok(IssuedFiles {
                    title: doc.title,
                    pdf,
                    ofd: Some(ofd),
                })
            })();
            made.map_err(|e| e.to_string())
        })?;
    let mut said = format!("已签发纠错通知书 {doc_no}；送达后请在“送达”中登记");
    for p in font_problems {
        said.push_str(&format!("；{p}"));
    }
    Ok(said)
}
