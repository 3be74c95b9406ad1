//! A unit's count of sanctioned people in a year (000 第八条第（二）项).

use super::*;

pub(super) fn unit_consequences(
    case: &CaseInput,
    reg: &Regulation,
    respondents: &[RespondentAssessment],
    history: &[HistoryRecord],
) -> Vec<UnitConsequence> {
    if reg.unit_rules.is_empty() {
        return Vec::new();
    }
    let Some(reference) = case.decided_on.or(case.received_on) else {
        return Vec::new();
    };
    let year = reference.year();
    let below = &reg.regulation.unit_count_below;
    let qualifies = |methods: &[&str]| methods.iter().any(|m| !below.iter().any(|b| b == m));
    // unit → people (person_id → display name)
    let mut units: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for h in history
        .iter()
        .filter(|h| h.counts() && h.decided_on.year() == year && h.decided_on <= reference)
    {
        let methods: Vec<&str> = h.methods.iter().map(String::as_str).collect();
        if !h.unit.is_empty() && qualifies(&methods) {
            units
                .entry(h.unit.as_str())
                .or_default()
                .insert(h.person_id.as_str(), h.name.as_str());
        }
    }
    for (input, result) in case.respondents.iter().zip(respondents) {
        let methods: Vec<&str> = if input.methods.is_empty() {
            result
                .recommended_methods
                .iter()
                .map(|m| m.id.as_str())
                .collect()
        } else {
            input.methods.iter().map(String::as_str).collect()
        };
        if !input.unit.is_empty()
            && input.kind == RespondentKind::Person
            && !matches!(
                result.direction,
                Direction::Exempt | Direction::NoAccountability
            )
            && qualifies(&methods)
        {
            units
                .entry(input.unit.as_str())
                .or_default()
                .insert(input.person_id.as_str(), input.name.as_str());
        }
    }
    apply_unit_rules(reg, year, units)
}

/// Units that crossed the regulation's unit thresholds (000 第八条(二)) in
/// calendar `year`, from the register's decisions alone (for 统计分析).
pub fn unit_thresholds(
    reg: &Regulation,
    year: i16,
    history: &[HistoryRecord],
) -> Vec<UnitConsequence> {
    if reg.unit_rules.is_empty() {
        return Vec::new();
    }
    let mut units: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for h in history
        .iter()
        .filter(|h| h.counts() && h.decided_on.year() == year && !h.unit.is_empty())
    {
        if h.methods
            .iter()
            .any(|m| !reg.regulation.unit_count_below.contains(m))
        {
            units
                .entry(h.unit.as_str())
                .or_default()
                .insert(h.person_id.as_str(), h.name.as_str());
        }
    }
    apply_unit_rules(reg, year, units)
}

fn apply_unit_rules(
    reg: &Regulation,
    year: i16,
    units: BTreeMap<&str, BTreeMap<&str, &str>>,
) -> Vec<UnitConsequence> {
    let mut out = Vec::new();
    for (unit, people) in units {
        let count = people.len() as u32;
        // The highest threshold reached applies.
        if let Some(rule) = reg
            .unit_rules
            .iter()
            .filter(|u| count >= u.min_count)
            .max_by_key(|u| u.min_count)
        {
            out.push(UnitConsequence {
                unit: unit.to_owned(),
                year,
                count,
                people: people.values().map(|s| (*s).to_owned()).collect(),
                label: rule.label.clone(),
                citation: Citation::of(reg, &rule.cite),
            });
        }
    }
    out
}
