//! A case's deadlines from its regulation's `[[deadlines]]`, and dates in
//! Chinese.

use super::*;

/// The deadlines of a case under its regulation (and the 容错 overlay): the
/// last day of each, where its start date is known, with notes when the
/// holiday table did not cover the dates. Pure; used by `assess` and the
/// dashboard (工作台).
pub fn case_deadlines(
    case: &CaseInput,
    reg: &Regulation,
    overlay: Option<&Regulation>,
    calendar: &Calendar,
) -> (Vec<DeadlineItem>, Vec<String>) {
    let mut notes: Vec<String> = Vec::new();
    let mut deadlines = Vec::new();
    for (source, d) in reg.deadlines.iter().map(|d| (reg, d)).chain(
        overlay
            .into_iter()
            .flat_map(|o| o.deadlines.iter().map(move |d| (o, d))),
    ) {
        let start = match d.from {
            DeadlineFrom::Received => case.received_on,
            DeadlineFrom::InvestigationStart => case.investigation_started_on,
            DeadlineFrom::Decision => case.decided_on,
            DeadlineFrom::Delivery => case.delivered_on,
            DeadlineFrom::ToleranceDecision => case.tolerance_decided_on,
        };
        let extended = case.investigation_extended
            && d.extend_count > 0
            && d.from == DeadlineFrom::InvestigationStart;
        let mut due = None;
        let mut calendar_note = None;
        if let Some(start) = start {
            let end = match (extended, d.extension_unit()) {
                (true, Some(unit)) if unit == d.unit => {
                    period_end(calendar, start, d.count + d.extend_count, d.unit)
                }
                (true, Some(unit)) => period_end(calendar, start, d.count, d.unit)
                    .and_then(|first| period_end(calendar, first.nominal, d.extend_count, unit)),
                _ => period_end(calendar, start, d.count, d.unit),
            };
            if let Ok(end) = end {
                calendar_note = end.fallback_note();
                due = Some(end.date);
            }
        }
        if let Some(n) = &calendar_note
            && !notes.contains(n)
        {
            notes.push(n.clone());
        }
        deadlines.push(DeadlineItem {
            id: d.id.get_ref().clone(),
            label: d.label.clone(),
            from: d.from,
            start,
            due,
            extended,
            calendar_note,
            citation: Citation::of(source, &d.cite),
        });
    }

    (deadlines, notes)
}

/// 2026年3月5日 (no zero padding).
pub fn cn_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The last day of a plain period (for `wenze deadline`).
pub fn deadline(
    calendar: &Calendar,
    from: Date,
    count: u32,
    unit: PeriodUnit,
) -> Result<crate::rules::calendar::PeriodEnd, crate::rules::calendar::PeriodError> {
    period_end(calendar, from, count, unit)
}
