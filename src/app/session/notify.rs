//! 登记并签发事先告知书 from the wizard, and the hearing check before
//! 审批签发: where the regulation requires hearing, each respondent held
//! accountable was heard or the period of the delivered notice has run out.

use super::issue::{Partial, people, write_case};
use super::{WenzeApp, all_steps_valid, flush};
use crate::app::Command;
use crate::app::error::{AppError, AppResult};

/// Each respondent to be held accountable may be decided on the decision
/// date: heard (a statement in the form or the register), or the period of
/// the delivered 事先告知书 run out (`StatementPeriod::may_decide`).
pub(super) fn may_decide(app: &WenzeApp, partial: &Partial) -> AppResult<()> {
    let Some(w) = app.wizard.as_ref() else {
        return Ok(());
    };
    if !super::hearing_required(app, &w.form) {
        return Ok(());
    }
    let on = super::super::wizard::date(&w.form.decided_on)
        .ok_or_else(|| AppError::refused("决定日期无效"))?;
    for (i, r) in w.form.respondents.iter().enumerate() {
        if r.outcome != crate::export::documents::Outcome::Accountability {
            continue;
        }
        let heard = (!r.statement.trim().is_empty()).then(|| r.statement_heard_on.clone());
        let period = match partial.case.as_ref().and_then(|c| c.2.get(i)) {
            Some(rid) => {
                let case_id = partial.case.as_ref().map(|c| c.0).unwrap_or_default();
                crate::app::casedocs::statement_period(app, case_id, *rid, heard)?
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
            .map_err(|e| AppError::Refused(format!("{}：{e}", r.name())))?;
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

fn register_and_notify_inner(app: &mut WenzeApp) -> AppResult<String> {
    // The same gate as 签发 in the case file: a 录入员 numbers nothing.
    let user = app.shared.require(
        crate::domain::auth::Need::Reviewer,
        "拒绝签发告知书",
        "签发问责事先告知书（分配文号）",
    )?;
    let who = format!("{}（{}）", user.display_name, user.role);
    if !all_steps_valid(app) {
        return Err(AppError::refused("表单尚有问题，请先更正"));
    }
    let w = app
        .wizard
        .as_ref()
        .ok_or_else(|| AppError::refused("没有打开的案件"))?;
    if !super::hearing_required(app, &w.form) {
        return Err(AppError::refused(
            "本规定未要求作出决定前听取陈述、申辩，无须事先告知",
        ));
    }
    let form = w.form.clone();
    let reg = match form.registered.clone() {
        Some(r) => r,
        None => {
            let regulations = app.shared.regulations.clone();
            let storage = app.shared.storage.as_mut().ok_or(AppError::NoRegister)?;
            storage.set_actor(&who);
            // One act: the persons, the case with its respondents and facts,
            // and its stage — all registered or none.
            let (people, (case_id, case_no, respondents)) =
                storage.act(|storage| -> AppResult<_> {
                    let people = people(storage, &form)?;
                    let case = write_case(storage, &form, &people, &regulations)?;
                    // The facts are found and a decision proposed: the stage
                    // the notice belongs to.
                    storage.set_stage(case.0, crate::domain::procedure::Stage::Decision)?;
                    Ok((people, case))
                })?;
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
        .shared
        .storage
        .as_ref()
        .ok_or(AppError::NoRegister)?
        .notified_respondents(reg.case_id)?;
    // The notice's own date as the clerk set it, else the day of issue.
    app.case.docs.notice_on = if form.notice_on.trim().is_empty() {
        app.today().to_string()
    } else {
        form.notice_on.trim().to_owned()
    };
    let mut issued = Vec::new();
    for (r, rid) in form.respondents.iter().zip(&reg.respondents) {
        if r.outcome != crate::export::documents::Outcome::Accountability || done.contains(rid) {
            continue;
        }
        app.case
            .docs
            .proposed
            .insert(*rid, r.methods.iter().cloned().collect());
        crate::app::casedocs::issue_notice(app, reg.case_id, *rid)
            .map_err(|e| AppError::Refused(format!("{}：{e}", r.name())))?;
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
