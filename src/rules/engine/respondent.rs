//! One respondent's assessment: behaviours, factors, 容错, the net
//! direction, severity and methods, consequences and routing.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;

use super::direction::net_direction;
use super::factors::{applied, auto_factor, kind_label, tolerance, tolerance_contradiction};
use super::{
    AppliedFactor, AssessError, CaseInput, Citation, CitedItem, CitedNote, ConsequenceItem,
    Direction, DisciplineForm, FactorSource, HistoryRecord, RespondentAssessment, RespondentInput,
    RespondentKind, RoutingItem, ToleranceResult,
};
use super::{checks, grade, law, requires};
use crate::rules::regulation::{ConsequenceKind, Effect, Fact, Labeled, Regulation, Routing};

/// The error for an id the regulation does not define.
fn unknown(r: &RespondentInput, what: &'static str, id: &str) -> AssessError {
    AssessError::UnknownItem {
        name: r.name.clone(),
        what,
        id: id.to_owned(),
    }
}

/// Labels joined with “；”.
fn joined<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.collect::<Vec<_>>().join("；")
}

pub(super) fn assess_respondent(
    case: &CaseInput,
    r: &RespondentInput,
    reg: &Regulation,
    overlay: Option<&Regulation>,
    history: &[HistoryRecord],
) -> Result<RespondentAssessment, AssessError> {
    let mut warnings = Vec::new();
    checks::kind_allowed(reg, r)?;

    let behaviours = behaviours_found(r, reg, &mut warnings)?;
    let mut notes: Vec<CitedNote> = Vec::new();
    let mut factors = factors_found(case, r, reg, overlay, history)?;
    joint_dissent(case, r, reg, &mut factors, &mut notes);
    let (duty_done, excluded) = tolerance_items(r, overlay, &mut warnings)?;
    let tolerance = tolerance_assessed(r, reg, overlay, &excluded, &mut factors, &mut notes);

    let (direction, direction_explanation) =
        decided_direction(r, &factors, &duty_done, &mut warnings, &mut notes);

    // Severity and methods: none without a behaviour found, none when exempt.
    let levels = {
        let mut v: Vec<_> = reg.severity_levels.iter().collect();
        v.sort_by_key(|l| l.order);
        v
    };
    let (severity, level_idx, mut recommended_methods) =
        grade(reg, r, direction, &levels, &mut warnings, &mut notes)?;
    let level = level_idx.map(|i| levels[i]);
    requires::recommend(
        reg,
        r,
        direction,
        level,
        &mut recommended_methods,
        &mut notes,
    );
    let errors = requires::check(reg, r, direction, level);

    // Decided methods: known, for this kind and status, combinable.
    let methods: BTreeSet<&str> = if r.methods.is_empty() {
        recommended_methods.iter().map(|m| m.id.as_str()).collect()
    } else {
        checks::decided_methods(reg, r)?;
        r.methods.iter().map(String::as_str).collect()
    };
    let consequences = consequences_found(case, r, reg, direction, &methods, level, &mut notes);
    law::respondent_notes(r, reg, severity.as_ref(), &mut notes);
    if let (Some(o), Some(t)) = (overlay, &tolerance)
        && !t.situations.is_empty()
        && excluded.is_empty()
    {
        law::four_forms(o, r.discipline_form, &mut notes);
    }
    let correction = match (overlay, &tolerance) {
        (Some(o), Some(t)) if t.exempt && excluded.is_empty() => law::correction(o),
        (Some(o), _) if !duty_done.is_empty() => law::correction(o),
        _ => Vec::new(),
    };

    Ok(RespondentAssessment {
        person_id: r.person_id.clone(),
        name: r.name.clone(),
        behaviours,
        factors,
        direction,
        direction_explanation,
        severity,
        recommended_methods,
        tolerance,
        consequences,
        routing: routing_for(r, reg),
        warnings,
        kind: r.kind,
        status: r.status,
        duty_done,
        correction,
        notes,
        errors,
        joint_liability: Vec::new(),
    })
}

/// 问责情形: each chosen behaviour with its citation; a warning where the
/// behaviour targets roles the respondent does not hold.
fn behaviours_found(
    r: &RespondentInput,
    reg: &Regulation,
    warnings: &mut Vec<String>,
) -> Result<Vec<CitedItem>, AssessError> {
    let mut behaviours = Vec::new();
    for id in &r.behaviours {
        let b = reg
            .behaviour(id)
            .ok_or_else(|| unknown(r, "问责情形", id))?;
        if !b.roles.is_empty() && !b.roles.iter().any(|role| role == &r.role) {
            warnings.push(format!(
                "情形“{}”针对{}，而{}的角色为“{}”",
                b.label,
                b.roles.join("、"),
                r.name,
                if r.role.is_empty() { "未填" } else { &r.role }
            ));
        }
        behaviours.push(CitedItem {
            id: id.clone(),
            label: b.label.clone(),
            citation: Citation::of(reg, &b.cite),
        });
    }
    Ok(behaviours)
}

/// Factors: chosen, then found in the register.
fn factors_found(
    case: &CaseInput,
    r: &RespondentInput,
    reg: &Regulation,
    overlay: Option<&Regulation>,
    history: &[HistoryRecord],
) -> Result<Vec<AppliedFactor>, AssessError> {
    let mut factors: Vec<AppliedFactor> = Vec::new();
    for id in &r.factors {
        let f = reg.factor(id).ok_or_else(|| unknown(r, "情节", id))?;
        factors.push(applied(reg, f, FactorSource::Chosen));
    }
    if let Some(o) = overlay {
        for id in &r.overlay_factors {
            let f = o.factor(id).ok_or_else(|| unknown(r, "容错纠错情节", id))?;
            factors.push(applied(o, f, FactorSource::Chosen));
        }
    }
    for f in reg.factors.iter().filter(|f| f.auto.is_some()) {
        if factors.iter().any(|a| a.id == *f.id.get_ref()) {
            continue;
        }
        if let Some(source) = auto_factor(f.auto, case, r, history) {
            factors.push(applied(reg, f, source));
        }
    }

    Ok(factors)
}

/// 004 第九条: a member of a 共同行为 who can prove the dissent is exempt.
/// The exemption needs the joint act: another respondent of the case who
/// shares a 问责情形, or co-actors recorded outside it (`co_actors`).
/// Without them nobody is exempted silently: the note asks for them.
/// Reading: docs/interpretations.md (共同行为).
fn joint_dissent(
    case: &CaseInput,
    r: &RespondentInput,
    reg: &Regulation,
    factors: &mut Vec<AppliedFactor>,
    notes: &mut Vec<CitedNote>,
) {
    let Some(j) = reg.joint.as_ref().filter(|j| j.dissent_exempt) else {
        return;
    };
    if !r.dissent_recorded {
        return;
    }
    let co_respondent = case
        .respondents
        .iter()
        .any(|o| !std::ptr::eq(o, r) && o.behaviours.iter().any(|b| r.behaviours.contains(b)));
    let co_actors: Vec<&str> = r
        .co_actors
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !co_respondent && co_actors.is_empty() {
        notes.push(CitedNote {
            text: "已记录不同意见，但本案没有与其共同行为的其他被问责人，也未记录共同行为人：第九条的除外只适用于共同行为，须先查明并记录共同行为人（可以不在本案中），在此之前不予免责".to_owned(),
            editorial: false,
            citation: Citation::of(reg, &j.cite),
        });
        return;
    }
    if !co_actors.is_empty() {
        notes.push(CitedNote {
            text: format!("共同行为人（不在本案中）：{}", co_actors.join("、")),
            editorial: false,
            citation: Citation::of(reg, &j.cite),
        });
    }
    factors.push(AppliedFactor {
        id: "joint-dissent".to_owned(),
        label: "已表示不同意见，不承担共同责任".to_owned(),
        effects: vec![Effect::Exempt.label()],
        mandatory: true,
        source: FactorSource::Joint,
        citation: Citation::of(reg, &j.cite),
    });
}

/// 容错 (overlay): checks the chosen situations, conditions, 履职尽责 and
/// exclusions, and returns the 履职尽责 items and the exclusions found.
fn tolerance_items(
    r: &RespondentInput,
    overlay: Option<&Regulation>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<CitedItem>, Vec<CitedItem>), AssessError> {
    let mut duty_done = Vec::new();
    let mut excluded = Vec::new();
    if let Some((oreg, t)) = overlay.and_then(|o| o.tolerance.as_ref().map(|t| (o, t))) {
        let known = |list: &[Labeled], id: &String| list.iter().any(|x| x.id.get_ref() == id);
        for (list, ids, what) in [
            (&t.situations, &r.tolerance_situations, "容错情形"),
            (&t.conditions, &r.tolerance_conditions, "容错条件"),
            (&t.duty_done, &r.duty_done, "履职尽责情形"),
            (&t.exclusions, &r.tolerance_exclusions, "不纳入容错的情形"),
        ] {
            if let Some(id) = ids.iter().find(|id| !known(list, id)) {
                return Err(unknown(r, what, id));
            }
        }
        let cited = |list: &[Labeled], ids: &[String]| -> Vec<CitedItem> {
            list.iter()
                .filter(|x| ids.contains(x.id.get_ref()))
                .map(|x| CitedItem {
                    id: x.id.get_ref().clone(),
                    label: x.label.clone(),
                    citation: Citation::of(oreg, &x.cite),
                })
                .collect()
        };
        duty_done = cited(&t.duty_done, &r.duty_done);
        excluded = cited(&t.exclusions, &r.tolerance_exclusions);
        // 应当适用“第四种形态”处理的 … 不纳入容错范畴.
        if r.discipline_form == Some(DisciplineForm::Fourth)
            && excluded.is_empty()
            && !t.excluded_cite.is_empty()
        {
            excluded.push(CitedItem {
                id: "form-4".to_owned(),
                label: "应当适用“第四种形态”处理".to_owned(),
                citation: Citation::of(oreg, &t.excluded_cite),
            });
        }
    } else if !r.overlay_factors.is_empty()
        || !r.tolerance_situations.is_empty()
        || !r.tolerance_conditions.is_empty()
        || !r.duty_done.is_empty()
        || !r.tolerance_exclusions.is_empty()
    {
        warnings.push("本案未启用容错纠错，所选容错纠错情节未予考虑".to_owned());
    }
    Ok((duty_done, excluded))
}

/// The 容错 assessment (none without the overlay), not applicable where an
/// exclusion was found; adds the 容错 factor where a situation applies.
fn tolerance_assessed(
    r: &RespondentInput,
    reg: &Regulation,
    overlay: Option<&Regulation>,
    excluded: &[CitedItem],
    factors: &mut Vec<AppliedFactor>,
    notes: &mut Vec<CitedNote>,
) -> Option<ToleranceResult> {
    let mut tolerance = overlay.and_then(|o| tolerance(o, r));
    if let (Some(o), Some(t)) = (overlay, &mut tolerance)
        && excluded.is_empty()
        && tolerance_contradiction(o, reg, r, t, notes)
    {
        // Refused: no 容错 factor at all (001 第四条).
        return tolerance;
    }
    if let (Some(t), Some(first)) = (&mut tolerance, excluded.first()) {
        // 001 第十七条: 不纳入容错范畴.
        t.exempt = false;
        t.explanation = format!(
            "存在不纳入容错范畴的情形（{}），不适用容错",
            joined(excluded.iter().map(|x| x.label.as_str()))
        );
        t.citation = first.citation.clone();
    }
    if let Some(t) = &tolerance
        && !t.situations.is_empty()
        && excluded.is_empty()
    {
        let effects: Vec<&'static str> = if t.exempt {
            vec![Effect::Exempt.label()]
        } else {
            vec![Effect::Lighter.label(), Effect::Mitigate.label()]
        };
        factors.push(AppliedFactor {
            id: "tolerance".to_owned(),
            label: if t.exempt {
                "符合容错情形且满足全部条件".to_owned()
            } else {
                "符合容错情形（条件未全部满足）".to_owned()
            },
            effects,
            mandatory: t.exempt,
            source: FactorSource::Tolerance,
            citation: t.citation.clone(),
        });
    }
    tolerance
}

/// The net direction and its explanation: 履职尽责 first, then 加重 / 减轻
/// only where a factor's text provides it and the deciding body decided it.
fn decided_direction(
    r: &RespondentInput,
    factors: &[AppliedFactor],
    duty_done: &[CitedItem],
    warnings: &mut Vec<String>,
    notes: &mut Vec<CitedNote>,
) -> (Direction, String) {
    let (mut direction, mut direction_explanation) = net_direction(factors);
    if !duty_done.is_empty() {
        direction = Direction::NoAccountability;
        direction_explanation = format!(
            "履职尽责：{}，应当认定为履职尽责，不予问责",
            joined(duty_done.iter().map(|x| x.label.as_str()))
        );
    }

    // 加重 only where a chosen factor's text provides it.
    let aggravating: Vec<&AppliedFactor> = factors
        .iter()
        .filter(|f| f.effects.contains(&Effect::Aggravate.label()))
        .collect();
    if r.aggravate && direction == Direction::Heavier {
        if aggravating.is_empty() {
            warnings.push(
                "所认定的情节均未规定“加重”，不能超出认定情节的幅度，仅在本档内从重".to_owned(),
            );
        } else {
            direction = Direction::Aggravate;
            direction_explanation = format!(
                "加重：{}（决定机关决定超出认定情节的幅度）",
                joined(aggravating.iter().map(|f| f.label.as_str()))
            );
        }
    } else if r.aggravate {
        warnings.push("未认定从重或加重情节，不能加重".to_owned());
    }
    // 减轻 where the text offers “从轻或减轻”: only when the deciding body decides it.
    let mitigating: Vec<&AppliedFactor> = factors
        .iter()
        .filter(|f| f.effects.contains(&Effect::Mitigate.label()))
        .collect();
    if r.mitigate && direction == Direction::Lighter {
        if mitigating.is_empty() {
            warnings.push(
                "所认定的情节均未规定“减轻”，不能低于认定情节的幅度，仅在本档内从轻".to_owned(),
            );
        } else {
            direction = Direction::Mitigate;
            direction_explanation = format!(
                "减轻：{}（决定机关决定低于认定情节的幅度）",
                joined(mitigating.iter().map(|f| f.label.as_str()))
            );
        }
    } else if r.mitigate && direction != Direction::Mitigate {
        warnings.push("未认定从轻或减轻情节，不能减轻".to_owned());
    }
    if direction == Direction::Lighter
        && let Some(f) = mitigating.first()
    {
        notes.push(CitedNote {
            text: "条文规定“从轻或减轻”：默认在认定情节的幅度内从轻；低于幅度减轻须由决定机关决定（情节认定中勾选“决定减轻处理”）".to_owned(),
            editorial: true,
            citation: f.citation.clone(),
        });
    }
    if direction == Direction::Heavier
        && let Some(f) = aggravating.first()
    {
        notes.push(CitedNote {
            text: "条文规定“从重或加重”：默认在认定情节的幅度内从重；超出幅度加重须由决定机关决定（情节认定中勾选“决定加重处理”）".to_owned(),
            editorial: true,
            citation: f.citation.clone(),
        });
    }
    (direction, direction_explanation)
}

/// The consequences (影响期, deductions, …) that the decided methods, the
/// level found and the facts bring; none when exempt or nothing was found.
fn consequences_found(
    case: &CaseInput,
    r: &RespondentInput,
    reg: &Regulation,
    direction: Direction,
    methods: &BTreeSet<&str>,
    level: Option<&crate::rules::regulation::SeverityLevel>,
    notes: &mut Vec<CitedNote>,
) -> Vec<ConsequenceItem> {
    let sanctioned = !matches!(direction, Direction::Exempt | Direction::NoAccountability);
    let mut level_consequences: BTreeSet<&str> = level
        .map(|l| {
            l.consequences
                .iter()
                .map(|c| c.get_ref().as_str())
                .collect()
        })
        .unwrap_or_default();
    if r.impact
        && let Some(l) = level
    {
        level_consequences.extend(
            l.consequences_if_impact
                .iter()
                .map(|c| c.get_ref().as_str()),
        );
    }
    let fact = |f: Fact| match f {
        Fact::SeriousImpact => r.serious_impact,
        Fact::AppraisalDeduction => r.appraisal_deduction,
        Fact::CirculatedCriticism => r.circulated_criticism,
    };
    let mut consequences = Vec::new();
    if !(sanctioned && (!r.behaviours.is_empty() || !r.methods.is_empty())) {
        return consequences;
    }
    for c in &reg.consequences {
        let by_method = c
            .methods
            .iter()
            .any(|m| methods.contains(m.get_ref().as_str()));
        let fires = (c.any_decision && !methods.is_empty())
            || level_consequences.contains(c.id.get_ref().as_str())
            || by_method
            || c.when.iter().any(|f| fact(*f));
        let measure_ok = c
            .measure
            .as_ref()
            .is_none_or(|m| r.measures.iter().any(|x| x == m));
        let kind_ok = match r.kind {
            RespondentKind::Person => true,
            _ => matches!(
                c.kind,
                ConsequenceKind::UnitNoAwards | ConsequenceKind::Other
            ),
        };
        if !fires || !measure_ok || !kind_ok {
            continue;
        }
        let until = match (c.kind, case.decided_on) {
            (_, Some(d)) if c.months > 0 => d.checked_add((c.months as i64).months()).ok(),
            // 当年 / 全年: the decision's year (docs/interpretations.md).
            (
                ConsequenceKind::NoAwards
                | ConsequenceKind::UnitNoAwards
                | ConsequenceKind::BonusDeduction,
                Some(d),
            ) => Date::new(d.year(), 12, 31).ok(),
            _ => None,
        };
        consequences.push(ConsequenceItem {
            id: c.id.get_ref().clone(),
            label: c.label.clone(),
            kind: kind_label(c.kind),
            until,
            months: c.months,
            percent: c.percent,
            citation: Citation::of(reg, &c.cite),
        });
    }
    law::keep_heaviest_deduction(&mut consequences, notes);
    consequences
}

/// Who investigates and decides. An entry for the respondent's status (000
/// 第八条第（一）项: 聘用人员) comes first; otherwise by rank among the
/// entries for every status.
fn routing_for(r: &RespondentInput, reg: &Regulation) -> Option<RoutingItem> {
    let for_status = |x: &&Routing| {
        x.statuses.iter().any(|s| s == r.status.label())
            && (x.ranks.is_empty() || x.ranks.iter().any(|k| k == &r.rank))
    };
    let general = || reg.routing.iter().filter(|x| x.statuses.is_empty());
    reg.routing
        .iter()
        .find(for_status)
        .or_else(|| general().find(|x| x.ranks.iter().any(|k| k == &r.rank)))
        .or_else(|| general().find(|x| x.ranks.is_empty()))
        .map(|x| RoutingItem {
            approve_start: x.approve_start.clone(),
            investigator: x.investigator.clone(),
            decider: x.decider.clone(),
            simplified_methods: reg
                .methods
                .iter()
                .filter(|m| m.light)
                .map(|m| m.id.get_ref().clone())
                .collect(),
            citations: x.cites.iter().map(|c| Citation::of(reg, c)).collect(),
        })
}
