//! What a level requires of the decision (000 第七条第（二）、（三）项): the
//! parts the regulation file lists under `[[severity_levels.requires]]`,
//! recommended where the level's own methods miss them and checked against
//! the decided methods. A missing part is an error quoting the article,
//! unless a 减轻 or 免责 the text allows is decided (then the level's parts
//! no longer bind). Reading: docs/interpretations.md (必备内容).

use super::{
    Citation, CitedNote, Direction, MethodItem, RespondentInput, RespondentKind, RespondentStatus,
};
use crate::rules::regulation::{Regulation, Requirement, SeverityLevel};

/// Whether the level's parts bind this respondent: a serving person, at a
/// level reached without 减轻 or 免责 (the other kinds and statuses have their
/// own methods: 003 第十三条, 000 第八条第（一）项).
fn binds(r: &RespondentInput, direction: Direction) -> bool {
    r.kind == RespondentKind::Person
        && r.status == RespondentStatus::Serving
        && !matches!(
            direction,
            Direction::Mitigate | Direction::Exempt | Direction::NoAccountability
        )
}

/// The level's parts that apply to this respondent (an `if_impact` part only
/// with the impact its clause names).
fn applicable<'a>(
    r: &'a RespondentInput,
    level: &'a SeverityLevel,
) -> impl Iterator<Item = &'a Requirement> {
    level
        .requires
        .iter()
        .filter(move |q| !q.if_impact || r.impact || r.serious_impact)
}

/// Methods the text reserves for a heavier level (its methods or impact
/// methods): a group requirement does not recommend them.
fn reserved_above<'a>(reg: &'a Regulation, level: &SeverityLevel) -> Vec<&'a String> {
    reg.severity_levels
        .iter()
        .filter(|l| l.order > level.order)
        .flat_map(|l| l.methods.iter().chain(&l.methods_if_impact))
        .map(|m| m.get_ref())
        .collect()
}

/// Adds to the recommendation each required part it misses: the listed
/// methods, or — where the text names a group but no method — the group's
/// methods not reserved for a heavier level, as alternatives, with a note
/// quoting the article.
pub(super) fn recommend(
    reg: &Regulation,
    r: &RespondentInput,
    direction: Direction,
    level: Option<&SeverityLevel>,
    recommended: &mut Vec<MethodItem>,
    notes: &mut Vec<CitedNote>,
) {
    let Some(level) = level.filter(|_| binds(r, direction)) else {
        return;
    };
    let reserved = reserved_above(reg, level);
    let before = recommended.len();
    for q in applicable(r, level) {
        let candidates = q.candidates(reg);
        if recommended.iter().any(|m| candidates.contains(&&m.id)) {
            continue;
        }
        let mut added = Vec::new();
        for id in candidates {
            if q.methods.is_empty() && reserved.contains(&id) {
                continue;
            }
            if let Some(m) = reg.method(id) {
                recommended.push(MethodItem {
                    id: id.clone(),
                    group: m.group.clone(),
                    citation: Citation::of(reg, &m.cite),
                });
                added.push(id.as_str());
            }
        }
        if q.methods.is_empty() && !added.is_empty() {
            notes.push(CitedNote {
                text: format!(
                    "“{}”：条文未指明具体方式，推荐{}中的{}供选择（情节更重一档专用的方式不在推荐之列）",
                    q.label,
                    q.group,
                    added.join("、")
                ),
                editorial: true,
                citation: Citation::of(reg, &q.cite),
            });
        }
    }
    if recommended.len() > before && matches!(direction, Direction::Heavier | Direction::Aggravate)
    {
        // Heavier within the range: the heavier methods first, as `grade` does.
        recommended.sort_by_key(|m| std::cmp::Reverse(reg.method(&m.id).map_or(0, |d| d.weight)));
    }
}

/// The decided methods against the level's parts: one error per part
/// missing, quoting the article. None before a decision (no methods).
pub(super) fn check(
    reg: &Regulation,
    r: &RespondentInput,
    direction: Direction,
    level: Option<&SeverityLevel>,
) -> Vec<CitedNote> {
    let Some(level) = level.filter(|_| binds(r, direction) && !r.methods.is_empty()) else {
        return Vec::new();
    };
    applicable(r, level)
        .filter(|q| {
            let candidates = q.candidates(reg);
            !r.methods.iter().any(|m| candidates.contains(&m))
        })
        .map(|q| {
            let which = if q.methods.is_empty() {
                format!("{}中的一种方式", q.group)
            } else {
                q.candidates(reg)
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            CitedNote {
                text: format!(
                    "情节{}的决定缺少条文要求的“{}”：须含{}（依规决定减轻处理或者免责的除外）",
                    level.id.get_ref(),
                    q.label,
                    which
                ),
                editorial: false,
                citation: Citation::of(reg, &q.cite),
            }
        })
        .collect()
}
