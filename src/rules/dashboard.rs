//! 工作台: what needs action. Pure: open cases and follow-ups come in as
//! values (read by `storage`), due items with their citations go out.

use crate::domain::ids::CaseId;
use jiff::civil::Date;

use super::RegulationSet;
use super::calendar::Calendar;
use super::engine::{CaseInput, Citation, RespondentInput, case_deadlines};
use super::regulation::DeadlineFrom;
use crate::domain::procedure::FollowUpKind;
use crate::domain::views::{FollowUpRow, OpenCase};

/// How soon a due date counts as "soon".
pub(crate) const SOON_DAYS: i64 = 30;

/// How urgent an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    DueSoon,
}

impl Urgency {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "已逾期",
            Urgency::DueSoon => "即将到期",
        }
    }
}

/// One thing on the dashboard, a click away from its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub case_id: CaseId,
    pub case_no: String,
    pub(crate) person: String,
    /// 调查期限 / 告知 / 复查期限 / 禁止期满 / 纠错 …
    pub kind: &'static str,
    pub label: String,
    pub due: Date,
    /// Days from today to the due date (negative = overdue).
    pub days_left: i64,
    pub urgency: Urgency,
    /// What the register shows still has to happen.
    pub(crate) note: String,
    pub citation: Option<Citation>,
    /// The holiday table did not cover the period: the date is reckoned
    /// Monday to Friday and must be checked (the calendar's own words).
    pub estimated: Option<String>,
}

/// Due and overdue deadlines of the open cases, and follow-ups ending soon
/// or overdue. Sorted: overdue first (most recently overdue first), then
/// due soon (soonest first).
pub fn due_items(
    cases: &[OpenCase],
    follow_ups: &[FollowUpRow],
    regulations: &RegulationSet,
    calendar: &Calendar,
    today: Date,
) -> Vec<DueItem> {
    let mut out = Vec::new();
    for c in cases {
        let Some(reg) = regulations.get(&c.regulation_id) else {
            continue;
        };
        let overlay = if c.tolerance_overlay {
            regulations.overlay()
        } else {
            None
        };
        let decided = c.decided_on;
        let delivered = c.delivered_on;
        let input = CaseInput {
            case_no: c.case_no.clone(),
            regulation: c.regulation_id.clone(),
            tolerance_overlay: c.tolerance_overlay,
            received_on: c.received_on,
            investigation_started_on: c.investigation_started_on,
            investigation_extended: c.investigation_extended,
            decided_on: decided,
            delivered_on: delivered,
            tolerance_decided_on: if c.outcome == "容错免责" {
                decided
            } else {
                None
            },
            respondents: vec![RespondentInput::default()],
        };
        let (deadlines, _notes) = case_deadlines(&input, reg, overlay, calendar);
        for d in deadlines {
            let Some(due) = d.due else { continue };
            let from = reg
                .deadlines
                .iter()
                .chain(overlay.iter().flat_map(|o| o.deadlines.iter()))
                .find(|x| x.id.get_ref() == &d.id)
                .map(|x| x.from);
            // Which deadlines still need something the register can see?
            let (kind, pending, note) = match from {
                Some(DeadlineFrom::Received | DeadlineFrom::InvestigationStart) => (
                    "办理期限",
                    decided.is_none(),
                    if c.investigation_extended {
                        "尚未作出决定（已延长）"
                    } else {
                        "尚未作出决定"
                    },
                ),
                Some(DeadlineFrom::Decision | DeadlineFrom::ToleranceDecision)
                    if d.id == crate::rules::regulation::TOLERANCE_NOTIFY =>
                {
                    ("书面告知", delivered.is_none(), "尚无送达记录")
                }
                Some(DeadlineFrom::Decision | DeadlineFrom::ToleranceDecision) => {
                    ("办结期限", true, "请核实是否已办理完毕")
                }
                Some(DeadlineFrom::Delivery) => ("救济期限", due >= today, "复查/申诉期间"),
                None => continue,
            };
            if !pending {
                continue;
            }
            push(
                &mut out,
                (c.id, &c.case_no, &c.respondent),
                kind,
                &d.label,
                (due, d.calendar_note.clone()),
                today,
                note,
                Some(d.citation.clone()),
            );
        }
    }
    for f in follow_ups {
        let Some(due) = f.ends_on else {
            continue;
        };
        let citation = Citation::lookup_stored(regulations, &f.cite);
        let (kind, note) = match f.kind {
            FollowUpKind::Correction => ("纠错期限", "纠错整改尚未报告完成"),
            FollowUpKind::Ban => ("影响期满", "期满后方可提拔、重用或评优"),
            FollowUpKind::Deduction => ("经济处罚", "应在本年度内执行扣减"),
        };
        // A ban simply ends; only a ban ending soon is worth a reminder.
        if f.kind == FollowUpKind::Ban && due < today {
            continue;
        }
        push(
            &mut out,
            (f.case_id, &f.case_no, &f.person),
            kind,
            &f.label,
            (due, None),
            today,
            note,
            citation,
        );
    }
    sort_items(&mut out);
    out
}

/// Overdue first (most recently overdue first), then due soon (soonest
/// first).
pub fn sort_items(items: &mut [DueItem]) {
    items.sort_by(|a, b| {
        a.urgency.cmp(&b.urgency).then(match a.urgency {
            Urgency::Overdue => b.due.cmp(&a.due),
            Urgency::DueSoon => a.due.cmp(&b.due),
        })
    });
}

/// The 陈述申辩 periods running (002 第十五条 and any text that requires
/// hearing): from the notice's delivery, the office's number of working days
/// (the text names none; without the office's setting no date is made up).
/// Shown while the period runs — once it ends the decision may be made.
pub fn statement_items(
    waits: &[crate::domain::views::StatementWait],
    statement_days: &dyn Fn(&str) -> Option<u32>,
    regulations: &RegulationSet,
    calendar: &Calendar,
    today: Date,
) -> Vec<DueItem> {
    let mut out = Vec::new();
    for w in waits {
        let Some(reg) = regulations.get(&w.regulation_id) else {
            continue;
        };
        let Some(days) = statement_days(&w.regulation_id).filter(|n| *n > 0) else {
            continue;
        };
        // Beyond the calendar's range (a date thousands of years out): no
        // period can be shown for it.
        let Ok(end) = crate::rules::calendar::period_end(
            calendar,
            w.notice_delivered_on,
            days,
            crate::rules::regulation::PeriodUnit::WorkingDays,
        ) else {
            continue;
        };
        if end.date < today {
            continue;
        }
        let citation = Citation::lookup(regulations, reg.id(), reg.regulation.hearing_cite.raw());
        push(
            &mut out,
            (w.case_id, &w.case_no, &w.person),
            "陈述申辩期限",
            &format!("自告知书送达起{days}个工作日内陈述申辩"),
            (end.date, end.fallback_note()),
            today,
            "期满或听取陈述申辩后方可作出决定",
            citation,
        );
    }
    out
}

/// `due`: the last day and, when the holiday table did not cover it, the
/// calendar's note (carried to the 工作台, never dropped).
#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<DueItem>,
    (case_id, case_no, person): (CaseId, &str, &str),
    kind: &'static str,
    label: &str,
    (due, estimated): (Date, Option<String>),
    today: Date,
    note: &str,
    citation: Option<Citation>,
) {
    let days_left = (due - today).get_days() as i64;
    let urgency = if due < today {
        Urgency::Overdue
    } else if days_left <= SOON_DAYS {
        Urgency::DueSoon
    } else {
        return;
    };
    out.push(DueItem {
        case_id,
        case_no: case_no.to_owned(),
        person: person.to_owned(),
        kind,
        label: label.to_owned(),
        due,
        days_left,
        urgency,
        note: note.to_owned(),
        citation,
        estimated,
    });
}
