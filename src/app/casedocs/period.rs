//! The 陈述申辩 period of a respondent: the article requiring a hearing,
//! the 事先告知书's delivery, the office's period and the statements
//! recorded since — and whether a decision may be made on a given day.

use crate::domain::ids::{CaseId, RespondentId};
use jiff::civil::Date;

use super::super::WenzeApp;
use super::super::error::{AppError, AppResult};
use crate::rules::regulation::PeriodUnit;

/// The 陈述申辩 period of one respondent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatementPeriod {
    /// The regulation requires hearing before the decision (its citation).
    pub required: Option<(String, String)>,
    /// The 事先告知书 was delivered on …
    pub notice_delivered_on: Option<Date>,
    /// … giving this many working days (office setting) …
    pub days: Option<u32>,
    /// … whose last day is this.
    pub last_day: Option<Date>,
    /// A 陈述申辩 recorded on or after the delivery.
    pub heard_on: Option<String>,
    /// The holiday table did not cover the period: said beside the last day.
    pub fallback_note: Option<String>,
}

impl StatementPeriod {
    /// May a decision be made for this respondent on `on`? Where the
    /// regulation requires hearing, not before the respondent was heard or
    /// the period of the delivered notice has run out (docs/interpretations.md).
    pub fn may_decide(&self, on: Date) -> AppResult<()> {
        let Some((cite, _)) = &self.required else {
            return Ok(());
        };
        if self.heard_on.is_some() {
            return Ok(());
        }
        let refused = |why: String| Err(AppError::Refused(why));
        match (self.notice_delivered_on, self.last_day) {
            (None, _) => refused(format!(
                "{cite}：作出问责决定前须听取陈述、申辩；尚未送达问责事先告知书，也未记录陈述申辩"
            )),
            (Some(_), None) => refused(format!(
                "{cite}：陈述申辩期限未设定（设置 → 文书 → 陈述申辩期限），无法确定何时可以作出决定"
            )),
            (Some(_), Some(last)) if on <= last => refused(format!(
                "{cite}：陈述申辩期限至{}届满，期满前（或听取陈述申辩前）不得作出问责决定",
                crate::rules::engine::cn_date(last)
            )),
            _ => Ok(()),
        }
    }
}

/// The 陈述申辩 period of respondent `rid` of a registered case, from the
/// register (the notice's delivery, the office's period, the statements
/// recorded on or after it); `heard_on`: a statement the wizard holds.
pub(crate) fn statement_period(
    app: &WenzeApp,
    case_id: CaseId,
    rid: RespondentId,
    heard_on: Option<String>,
) -> AppResult<StatementPeriod> {
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let file = storage.case_file(case_id)?;
    let required = hearing(app, &file.regulation_id);
    let days = storage
        .doc_settings(&file.regulation_id)?
        .statement_days
        .filter(|n| *n > 0);
    let notices = storage.notice_deliveries(case_id)?;
    let mut period = of_respondent(&app.shared.calendar, &notices, &file.statements, rid, days)?;
    period.required = required;
    period.heard_on = heard_on.or(period.heard_on);
    Ok(period)
}

/// One respondent's 陈述申辩 period from the register's records: the latest
/// delivery of their (or the case's) 事先告知书, the office's period in
/// working days and its last day (with the holiday table's note), and a
/// statement recorded on or after the delivery. The one computation the
/// case file and 审批签发 both use.
pub(crate) fn of_respondent(
    calendar: &crate::rules::Calendar,
    notices: &[(Option<RespondentId>, Option<Date>)],
    statements: &[crate::domain::views::StatementRow],
    rid: RespondentId,
    days: Option<u32>,
) -> AppResult<StatementPeriod> {
    let delivered = notices
        .iter()
        .filter(|(owner, _)| owner.is_none_or(|o| o == rid))
        .filter_map(|(_, on)| *on)
        .max();
    let end = match delivered.zip(days) {
        Some((d, n)) => Some(
            crate::rules::calendar::period_end(calendar, d, n, PeriodUnit::WorkingDays)
                .map_err(|e| AppError::Refused(format!("陈述申辩期限无法计算：{e}")))?,
        ),
        None => None,
    };
    let mut heard_on = None;
    if let Some(d) = delivered {
        for s in statements.iter().filter(|s| s.respondent_id == rid) {
            let h = s.heard_on.parse::<Date>().map_err(|_| {
                AppError::Refused(format!(
                    "登记簿中的陈述申辩日期“{}”无法识别，请核对后更正",
                    s.heard_on
                ))
            })?;
            if h >= d {
                heard_on = Some(s.heard_on.clone());
            }
        }
    }
    Ok(StatementPeriod {
        required: None,
        notice_delivered_on: delivered,
        days,
        last_day: end.as_ref().map(|e| e.date),
        heard_on,
        fallback_note: end.as_ref().and_then(|e| e.fallback_note()),
    })
}

/// The article requiring a hearing before the decision (short citation, text).
pub(crate) fn hearing(app: &WenzeApp, regulation: &str) -> Option<(String, String)> {
    app.shared
        .regulations
        .get(regulation)
        .filter(|r| !r.regulation.hearing_cite.is_empty())
        .and_then(|r| {
            crate::rules::engine::Citation::lookup(
                &app.shared.regulations,
                r.id(),
                r.regulation.hearing_cite.raw(),
            )
        })
        .map(|c| (c.short(), c.text.clone()))
}
