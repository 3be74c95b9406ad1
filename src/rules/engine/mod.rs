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
    AutoRule, Cite, CiteRef, ConsequenceKind, DeadlineFrom, Effect, Fact, PeriodUnit, Regulation,
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
mod units;

pub use deadlines::{case_deadlines, cn_date, deadline};
use direction::net_direction;
use factors::{applied, auto_factor, kind_label, tolerance};
pub use input::*;
pub use output::*;
use units::unit_consequences;
pub use units::unit_thresholds;

pub use json::{json_error_zh, parse_case_json};

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

fn assess_respondent(
    case: &CaseInput,
    r: &RespondentInput,
    reg: &Regulation,
    overlay: Option<&Regulation>,
    history: &[HistoryRecord],
) -> Result<RespondentAssessment, AssessError> {
    let unknown = |what: &'static str, id: &str| AssessError::UnknownItem {
        name: r.name.clone(),
        what,
        id: id.to_owned(),
    };
    let mut warnings = Vec::new();
    checks::kind_allowed(reg, r)?;

    // 问责情形.
    let mut behaviours = Vec::new();
    for id in &r.behaviours {
        let b = reg.behaviour(id).ok_or_else(|| unknown("问责情形", id))?;
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

    // Factors: chosen, then found in the register.
    let mut factors: Vec<AppliedFactor> = Vec::new();
    for id in &r.factors {
        let f = reg.factor(id).ok_or_else(|| unknown("情节", id))?;
        factors.push(applied(reg, f, FactorSource::Chosen));
    }
    if let Some(o) = overlay {
        for id in &r.overlay_factors {
            let f = o.factor(id).ok_or_else(|| unknown("容错纠错情节", id))?;
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

    // Joint liability: a member who recorded dissent is exempt.
    if let Some(j) = &reg.joint
        && j.dissent_exempt
        && r.dissent_recorded
    {
        factors.push(AppliedFactor {
            id: "joint-dissent".to_owned(),
            label: "已表示不同意见，不承担共同责任".to_owned(),
            effects: vec![Effect::Exempt.label()],
            mandatory: true,
            source: FactorSource::Joint,
            citation: Citation::of(reg, &j.cite),
        });
    }

    // 容错 (overlay): situations, conditions, 履职尽责 and exclusions.
    let mut duty_done = Vec::new();
    let mut excluded = Vec::new();
    if let Some(o) = overlay.and_then(|o| o.tolerance.as_ref().map(|t| (o, t))) {
        let (oreg, t) = o;
        let known = |list: &[super::regulation::Labeled], id: &String| {
            list.iter().any(|x| x.id.get_ref() == id)
        };
        for (list, ids, what) in [
            (&t.situations, &r.tolerance_situations, "容错情形"),
            (&t.conditions, &r.tolerance_conditions, "容错条件"),
            (&t.duty_done, &r.duty_done, "履职尽责情形"),
            (&t.exclusions, &r.tolerance_exclusions, "不纳入容错的情形"),
        ] {
            if let Some(id) = ids.iter().find(|id| !known(list, id)) {
                return Err(unknown(what, id));
            }
        }
        let cited = |list: &[super::regulation::Labeled], ids: &[String]| -> Vec<CitedItem> {
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
    let mut tolerance = overlay.and_then(|o| tolerance(o, r));
    if let (Some(t), Some(first)) = (&mut tolerance, excluded.first()) {
        // 001 第十七条: 不纳入容错范畴.
        t.exempt = false;
        t.explanation = format!(
            "存在不纳入容错范畴的情形（{}），不适用容错",
            excluded
                .iter()
                .map(|x| x.label.as_str())
                .collect::<Vec<_>>()
                .join("；")
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

    let (mut direction, mut direction_explanation) = net_direction(&factors);
    if !duty_done.is_empty() {
        direction = Direction::NoAccountability;
        direction_explanation = format!(
            "履职尽责：{}，应当认定为履职尽责，不予问责",
            duty_done
                .iter()
                .map(|x| x.label.as_str())
                .collect::<Vec<_>>()
                .join("；")
        );
    }
    let mut notes: Vec<CitedNote> = Vec::new();

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
                aggravating
                    .iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
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
                mitigating
                    .iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            );
        }
    } else if r.mitigate && direction != Direction::Mitigate {
        warnings.push("未认定从轻或减轻情节，不能减轻".to_owned());
    }
    if direction == Direction::Lighter
        && let Some(f) = mitigating.first()
    {
        notes.push(CitedNote {
            text: "条文规定“从轻或减轻”：默认在认定情节的幅度内从轻；低于幅度减轻须由决定机关决定（mitigate）".to_owned(),
            editorial: true,
            citation: f.citation.clone(),
        });
    }
    if direction == Direction::Heavier
        && let Some(f) = aggravating.first()
    {
        notes.push(CitedNote {
            text: "条文规定“从重或加重”：默认在认定情节的幅度内从重；超出幅度加重须由决定机关决定（aggravate）".to_owned(),
            editorial: true,
            citation: f.citation.clone(),
        });
    }

    // Severity and methods: none without a behaviour found, none when exempt.
    let levels = {
        let mut v: Vec<_> = reg.severity_levels.iter().collect();
        v.sort_by_key(|l| l.order);
        v
    };
    let sanctioned = !matches!(direction, Direction::Exempt | Direction::NoAccountability);
    let (severity, level_idx, recommended_methods) =
        grade(reg, r, direction, &levels, &mut warnings, &mut notes)?;

    // Decided methods: known, for this kind and status, combinable.
    let methods: BTreeSet<&str> = if r.methods.is_empty() {
        recommended_methods.iter().map(|m| m.id.as_str()).collect()
    } else {
        checks::decided_methods(reg, r)?;
        r.methods.iter().map(String::as_str).collect()
    };
    let level = level_idx.map(|i| levels[i]);
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
    if sanctioned && (!r.behaviours.is_empty() || !r.methods.is_empty()) {
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
                (ConsequenceKind::NoAwards | ConsequenceKind::UnitNoAwards, Some(d)) => {
                    Date::new(d.year(), 12, 31).ok()
                }
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
        law::keep_heaviest_deduction(&mut consequences, &mut notes);
    }
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

    // Who investigates and decides.
    // An entry for the respondent's status (000 第八条第（一）项: 聘用人员)
    // comes first; otherwise by rank among the entries for every status.
    let for_status = |x: &&super::regulation::Routing| {
        x.statuses.iter().any(|s| s == r.status.label())
            && (x.ranks.is_empty() || x.ranks.iter().any(|k| k == &r.rank))
    };
    let general = || reg.routing.iter().filter(|x| x.statuses.is_empty());
    let routing = reg
        .routing
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
        });

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
        routing,
        warnings,
        kind: r.kind,
        status: r.status,
        duty_done,
        correction,
        notes,
    })
}

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
    let unknown = |what: &'static str, id: &str| AssessError::UnknownItem {
        name: r.name.clone(),
        what,
        id: id.to_owned(),
    };
    let sanctioned = !matches!(direction, Direction::Exempt | Direction::NoAccountability);
    let mut severity = None;
    let mut level_idx = None;
    let mut recommended_methods = Vec::new();
    if sanctioned && r.behaviours.is_empty() {
        warnings.push("未认定问责情形，不推荐问责方式".to_owned());
    } else if sanctioned && !levels.is_empty() {
        let base_idx = match &r.severity {
            Some(id) => levels
                .iter()
                .position(|l| l.id.get_ref() == id)
                .ok_or_else(|| unknown("情节等级", id))?,
            None => 0,
        };
        let (idx, step) = match direction {
            Direction::Heavier => (base_idx, "从重：在认定情节的幅度内从重，较重的方式在前"),
            Direction::Aggravate => (
                (base_idx + 1).min(levels.len() - 1),
                if base_idx + 1 < levels.len() {
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
        };
        let level = levels[idx];
        level_idx = Some(idx);
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
        if matches!(direction, Direction::Lighter | Direction::Mitigate) && (idx == base_idx) {
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
            for m in &recommended_methods {
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
        severity = Some(SeverityItem {
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
    }
    Ok((severity, level_idx, recommended_methods))
}
