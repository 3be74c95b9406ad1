//! `assess(case, regulations, history, calendar) -> Assessment`: what the
//! regulation says about a case. Pure code: no IO, no clock.
//!
//! Every item of the result carries its [`Citation`]: regulation, article and
//! item, and the quoted text.

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::RegulationSet;
use super::calendar::{Calendar, period_end};
use super::regulation::{
    AutoRule, Cite, CiteRef, ConsequenceKind, DeadlineFrom, Effect, PeriodUnit, Regulation,
    SeverityLevel,
};

mod checks;
mod deadlines;
mod direction;
mod factors;
mod input;
mod json;
mod law;
mod output;
mod requires;
mod respondent;
mod units;

pub use deadlines::{case_deadlines, cn_date, deadline};
pub use input::*;
pub use output::*;
use respondent::assess_respondent;
use units::unit_consequences;
pub use units::unit_thresholds;

pub use json::parse_case_json;

// ------------------------------------------------------------------ the engine

/// Assess a case.
pub fn assess(
    case: &CaseInput,
    regulations: &RegulationSet,
    history: &[HistoryRecord],
    calendar: &Calendar,
) -> Result<Assessment, AssessError> {
    let reg = regulations
        .get(&case.regulation)
        .ok_or_else(|| AssessError::UnknownRegulation(case.regulation.clone()))?;
    let overlay = if case.tolerance_overlay {
        regulations.overlay()
    } else {
        None
    };
    if case.respondents.is_empty() {
        return Err(AssessError::NoRespondent);
    }
    checks::date_order(case)?;
    let mut notes = Vec::new();
    let mut respondents = Vec::with_capacity(case.respondents.len());
    for r in &case.respondents {
        respondents.push(assess_respondent(case, r, reg, overlay, history)?);
    }

    let (deadlines, deadline_notes) = case_deadlines(case, reg, overlay, calendar);
    notes.extend(deadline_notes);

    // Remedy (复查 / 申诉) with its last day where the regulation gives one.
    let m = &reg.regulation;
    // `check` admits only "复查", "申诉" or "" (none).
    let remedy =
        crate::domain::procedure::RemedyKind::from_label(&m.remedy).map(|kind| RemedyItem {
            kind,
            body: m.remedy_body.clone(),
            last_day: deadlines
                .iter()
                .find(|d| d.id == m.remedy_deadline)
                .and_then(|d| d.due),
            period: deadlines
                .iter()
                .find(|d| d.id == m.remedy_deadline)
                .map(|d| format!("{}（自{}起算）", d.label, d.from)),
            citation: Citation::of(reg, &m.remedy_cite),
        });

    let unit_consequences = unit_consequences(case, reg, &respondents, history);
    law::joint_heads(case, reg, &mut respondents);
    law::joint_by_fault(case, reg, &mut respondents);
    let findings = law::case_findings(case, reg, &respondents, &deadlines);
    if case.received_on.is_none() {
        notes.push("未填写受理日期：与时间有关的从重情节和期限无法判断".to_owned());
    }
    Ok(Assessment {
        regulation: reg.id().to_owned(),
        regulation_name: reg.regulation.name.clone(),
        respondents,
        deadlines,
        unit_consequences,
        remedy,
        notes,
        findings,
    })
}

/// The warning for a respondent held to account with no 问责情形 found.
pub(crate) const NO_BEHAVIOUR: &str = "未认定问责情形，不推荐问责方式";

/// What [`grade`] finds: the severity (and its index among the levels in
/// order) and the recommended methods.
type Graded = (Option<SeverityItem>, Option<usize>, Vec<MethodItem>);

/// The severity level and the recommended methods for the net direction:
/// 从重/从轻 stay within the level found, 加重/减轻 move one level; none
/// without a behaviour found.
fn grade(
    reg: &Regulation,
    r: &RespondentInput,
    direction: Direction,
    levels: &[&SeverityLevel],
    warnings: &mut Vec<String>,
    notes: &mut Vec<CitedNote>,
) -> Result<Graded, AssessError> {
    let sanctioned = !matches!(direction, Direction::Exempt | Direction::NoAccountability);
    if sanctioned && r.behaviours.is_empty() {
        warnings.push(NO_BEHAVIOUR.to_owned());
        return Ok((None, None, Vec::new()));
    }
    if !sanctioned || levels.is_empty() {
        return Ok((None, None, Vec::new()));
    }
    let base_idx = match &r.severity {
        Some(id) => levels
            .iter()
            .position(|l| l.id.get_ref() == id)
            .ok_or_else(|| AssessError::UnknownItem {
                name: r.name.clone(),
                what: "情节等级",
                id: id.to_owned(),
            })?,
        None => 0,
    };
    let (idx, step) = level_step(direction, base_idx, levels.len());
    let level = levels[idx];
    let ids = method_ids(reg, r, level, direction, idx == base_idx);
    let mut recommended_methods = Vec::new();
    for id in ids {
        if let Some(m) = reg.method(id) {
            recommended_methods.push(MethodItem {
                id: id.clone(),
                group: m.group.clone(),
                citation: Citation::of(reg, &m.cite),
            });
        }
    }
    if recommended_methods.len() > 1 {
        not_combinable(reg, &recommended_methods, notes);
    }
    let severity = Some(SeverityItem {
        id: level.id.get_ref().clone(),
        editorial: level.editorial,
        explanation: if level.editorial {
            format!("{step}（本规定未划分情节等级，此档为按问责方式轻重的参考分档）")
        } else {
            step.to_owned()
        },
        citation: Citation::of(reg, &level.cite),
    });
    if r.severity.is_none() {
        warnings.push("未认定情节轻重，按最轻一档起算".to_owned());
    }
    Ok((severity, Some(idx), recommended_methods))
}

/// The level the direction leads to from the level found (`base_idx` of
/// `n_levels`), and how the explanation says so.
fn level_step(direction: Direction, base_idx: usize, n_levels: usize) -> (usize, &'static str) {
    match direction {
        Direction::Heavier => (base_idx, "从重：在认定情节的幅度内从重，较重的方式在前"),
        Direction::Aggravate => (
            (base_idx + 1).min(n_levels - 1),
            if base_idx + 1 < n_levels {
                "加重：在认定情节基础上提高一档"
            } else {
                "加重：已是最重一档，不能再提高，在本档内从重"
            },
        ),
        Direction::Mitigate => (
            base_idx.saturating_sub(1),
            if base_idx > 0 {
                "减轻：在认定情节基础上降低一档"
            } else {
                "减轻：已是最轻一档，取本档最轻方式"
            },
        ),
        Direction::Lighter => (base_idx, "从轻：在本档内取较轻方式"),
        _ => (base_idx, "按认定情节"),
    }
}

/// The level's methods for this respondent (their status, their kind),
/// each once; 从轻/减轻 within the level found keep only the lightest,
/// 从重/加重 put the heavier first.
fn method_ids<'a>(
    reg: &'a Regulation,
    r: &RespondentInput,
    level: &'a SeverityLevel,
    direction: Direction,
    same_level: bool,
) -> Vec<&'a String> {
    let kind = r.kind.label();
    let mut ids: Vec<&String> = level.methods.iter().map(|m| m.get_ref()).collect();
    if r.impact {
        ids.extend(level.methods_if_impact.iter().map(|m| m.get_ref()));
    }
    // The text's own methods for this status (002 第九条第三款).
    for rule in reg.status_rules.iter().filter(|x| {
        x.statuses.iter().any(|s| s == r.status.label())
            && !x.methods.is_empty()
            && (x.levels.is_empty() || x.levels.contains(level.id.get_ref()))
    }) {
        ids = rule.methods.iter().map(|m| m.get_ref()).collect();
    }
    if r.kind != RespondentKind::Person {
        ids.retain(|id| reg.method(id).is_some_and(|m| m.for_kind(kind)));
        if ids.is_empty() {
            ids = reg
                .methods
                .iter()
                .filter(|m| m.for_kind(kind))
                .map(|m| m.id.get_ref())
                .collect();
        }
    }
    ids.retain(|id| {
        reg.method(id).is_some_and(|m| {
            m.statuses.is_empty() || m.statuses.iter().any(|s| s == r.status.label())
        })
    });
    let mut seen = BTreeSet::new();
    ids.retain(|id| seen.insert(*id));
    if matches!(direction, Direction::Lighter | Direction::Mitigate) && same_level {
        // Lightest method(s) of the level only.
        if let Some(min) = ids
            .iter()
            .filter_map(|id| reg.method(id))
            .map(|m| m.weight)
            .min()
        {
            ids.retain(|id| reg.method(id).is_some_and(|m| m.weight == min));
        }
    }
    if matches!(direction, Direction::Heavier | Direction::Aggravate) {
        // Heavier within the range: the heavier methods first.
        ids.sort_by_key(|id| std::cmp::Reverse(reg.method(id).map_or(0, |m| m.weight)));
    }
    ids
}

/// Several methods recommended are alternatives: a note for each that may
/// not be combined with others.
fn not_combinable(reg: &Regulation, methods: &[MethodItem], notes: &mut Vec<CitedNote>) {
    for m in methods {
        if let Some(def) = reg.method(&m.id).filter(|d| !d.combinable) {
            let cite = if def.combinable_cite.is_empty() {
                &def.cite
            } else {
                &def.combinable_cite
            };
            notes.push(CitedNote {
                text: format!("推荐方式为可选项；“{}”不能与其他问责方式合并适用", m.id),
                editorial: false,
                citation: Citation::of(reg, cite),
            });
        }
    }
}
