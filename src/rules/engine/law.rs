//! Cited statements the texts make about a case beyond the level and the
//! methods: status (借调、聘用、调离、退休), effective dates, joint economic
//! liability (000 第八条第（四）项), 纠错 steps (001 第十八至二十条), the
//! 陈述申辩 requirement and a decision after the investigation limit.

use jiff::civil::Date;

use super::MethodItem;
use super::{
    CaseInput, Citation, CitedNote, ConsequenceItem, CorrectionItem, DeadlineItem, Direction,
    RespondentAssessment, RespondentInput, SeverityItem, cn_date,
};
use crate::rules::regulation::{DeadlineFrom, Regulation};

const DEDUCTION: &str = "扣减奖金";

/// The deduction tiers of 000 第八条第（四）项 are alternatives: only the
/// heaviest that applies stays (docs/interpretations.md, 8); an editorial
/// note says so when a lighter tier was dropped.
pub(super) fn keep_heaviest_deduction(
    consequences: &mut Vec<ConsequenceItem>,
    notes: &mut Vec<CitedNote>,
) {
    let Some(max) = consequences
        .iter()
        .filter(|c| c.kind == DEDUCTION)
        .map(|c| c.percent)
        .max()
    else {
        return;
    };
    let mut kept: Option<Citation> = None;
    let mut dropped = Vec::new();
    consequences.retain(|c| {
        if c.kind != DEDUCTION {
            return true;
        }
        if c.percent == max && kept.is_none() {
            kept = Some(c.citation.clone());
            return true;
        }
        dropped.push(c.label.clone());
        false
    });
    if let Some(citation) = kept
        && !dropped.is_empty()
    {
        notes.push(CitedNote {
            text: format!(
                "扣除比例各档为择一适用，取其中最重一档；未另计：{}",
                dropped.join("；")
            ),
            editorial: true,
            citation,
        });
    }
}

/// Status rules, the level's editorial note, and conduct before the
/// regulation took effect.
pub(super) fn respondent_notes(
    r: &RespondentInput,
    reg: &Regulation,
    severity: Option<&SeverityItem>,
    notes: &mut Vec<CitedNote>,
) {
    for rule in reg.status_rules.iter().filter(|x| {
        x.statuses.iter().any(|s| s == r.status.label())
            && (x.levels.is_empty() || severity.is_some_and(|s| x.levels.contains(&s.id)))
    }) {
        notes.push(CitedNote {
            text: format!("{}人员：{}", r.status.label(), rule.label),
            editorial: false,
            citation: Citation::of(reg, &rule.cite),
        });
    }
    if let Some(s) = severity
        && let Some(level) = reg.severity_levels.iter().find(|l| *l.id.get_ref() == s.id)
    {
        let note = if r.impact && !level.note_if_impact.is_empty() {
            &level.note_if_impact
        } else {
            &level.note
        };
        if !note.is_empty() {
            notes.push(CitedNote {
                text: note.clone(),
                editorial: true,
                citation: Citation::of(reg, &level.cite),
            });
        }
    }
    if let (Some(conduct), Some(effective)) = (
        r.conduct_on,
        reg.regulation
            .effective
            .as_deref()
            .and_then(|e| e.parse::<Date>().ok()),
    ) && conduct < effective
        && !reg.regulation.effective_cite.is_empty()
    {
        notes.push(CitedNote {
            text: format!(
                "行为发生于{}，早于本规定施行之日{}：适用本规定须审查行为时的规定",
                cn_date(conduct),
                cn_date(effective)
            ),
            editorial: false,
            citation: Citation::of(reg, &reg.regulation.effective_cite),
        });
    }
    if r.kind != super::RespondentKind::Person && !reg.regulation.respondent_kinds_cite.is_empty() {
        notes.push(CitedNote {
            text: format!(
                "被问责对象为{}：只列对{}适用的方式（领导班子：通报、约谈、责令整改、诫勉谈话，调整岗位至降职对其成员个人适用；单位：追回扣减停拨资金、新建项目限批）",
                r.kind.label(),
                r.kind.label()
            ),
            editorial: true,
            citation: Citation::of(reg, &reg.regulation.respondent_kinds_cite),
        });
    }
}

/// The 纠错 steps of the overlay (001 第十八至二十条), as the text gives them:
/// no deadline is invented where the text sets none.
pub(super) fn correction(o: &Regulation) -> Vec<CorrectionItem> {
    o.tolerance
        .iter()
        .flat_map(|t| &t.correction)
        .map(|c| CorrectionItem {
            by: c.by.clone(),
            label: c.label.clone(),
            citation: Citation::of(o, &c.cite),
        })
        .collect()
}

const HEAD_ROLES: [&str; 2] = ["部门负责人", "分管领导"];

/// Whether `other` is the one recorded as `input`'s 分管领导 (by name or id).
fn is_recorded_supervisor(input: &RespondentInput, other: &RespondentInput) -> bool {
    let recorded = input.supervising_leader.trim();
    !recorded.is_empty() && (recorded == other.name.trim() || recorded == other.person_id.trim())
}

/// The 处室（单位）负责人 of `input`: a 部门负责人 of the same unit (or where a
/// unit is not given).
fn is_unit_head(input: &RespondentInput, other: &RespondentInput) -> bool {
    other.role == HEAD_ROLES[0]
        && (other.unit.is_empty() || input.unit.is_empty() || other.unit == input.unit)
}

/// 000 第八条第（四）项: 处室（单位）负责人和分管领导承担连带责任，参照当事人的
/// 处罚予以相应经济处罚. The 处室负责人 is found by unit; the 分管领导 (a 厅领导,
/// never in the 处室) only by being recorded as the 当事人's 分管领导
/// (`supervising_leader`), whether or not they are a respondent of this case.
/// A 分管领导 in the case who is not so recorded is named, not guessed.
pub(super) fn joint_heads(
    case: &CaseInput,
    reg: &Regulation,
    respondents: &mut [RespondentAssessment],
) {
    let Some(j) = reg.joint.as_ref().filter(|j| !j.heads_cite.is_empty()) else {
        return;
    };
    let citation = Citation::of(reg, &j.heads_cite);
    let note = |text: String| CitedNote {
        text,
        editorial: false,
        citation: citation.clone(),
    };
    let mut extra: Vec<(usize, CitedNote)> = Vec::new();
    let mut joint_of: Vec<(usize, CitedNote)> = Vec::new();
    for (i, (input, result)) in case.respondents.iter().zip(respondents.iter()).enumerate() {
        let Some(deduction) = result.consequences.iter().find(|c| c.kind == DEDUCTION) else {
            continue;
        };
        if HEAD_ROLES.contains(&input.role.as_str()) {
            continue;
        }
        let mut heads: Vec<String> = input.liable_heads.clone();
        let (mut found_supervisor, mut unrecorded) = (false, Vec::new());
        for (k, other) in case.respondents.iter().enumerate() {
            if k == i {
                continue;
            }
            let role = if is_recorded_supervisor(input, other) {
                found_supervisor = true;
                HEAD_ROLES[1]
            } else if is_unit_head(input, other) {
                HEAD_ROLES[0]
            } else {
                if other.role == HEAD_ROLES[1] {
                    unrecorded.push(other.name.clone());
                }
                continue;
            };
            heads.push(format!("{}（{}）", other.name, role));
            let joint = note(format!(
                "作为{}的{}，对其处罚（{}）承担连带责任，参照予以相应经济处罚",
                input.name, role, deduction.label
            ));
            joint_of.push((k, joint.clone()));
            extra.push((k, joint));
        }
        let recorded = input.supervising_leader.trim();
        if !recorded.is_empty() && !found_supervisor && !heads.iter().any(|h| h.contains(recorded))
        {
            heads.push(format!("{recorded}（分管领导）"));
        }
        if !heads.is_empty() {
            extra.push((
                i,
                note(format!(
                    "处室（单位）负责人和分管领导{}承担连带责任，参照本人的处罚（{}）予以相应经济处罚",
                    heads.join("、"),
                    deduction.label
                )),
            ));
        }
        if recorded.is_empty() && !unrecorded.is_empty() {
            extra.push((
                i,
                note(format!(
                    "本案的分管领导{}未记录为{}的分管领导：分管领导的连带责任按当事人的分管领导认定，不按处室认定，请先记录其分管领导",
                    unrecorded.join("、"),
                    input.name
                )),
            ));
        }
    }
    for (k, note) in extra {
        if let Some(r) = respondents.get_mut(k) {
            r.notes.push(note);
        }
    }
    // A head liable only jointly (no 问责情形 of their own): the economic
    // penalty the text gives them is what is recommended, with its article.
    let deduction_methods: Vec<MethodItem> = reg
        .methods
        .iter()
        .filter(|m| j.heads_methods.iter().any(|h| h == m.id.get_ref()))
        .map(|m| MethodItem {
            id: m.id.get_ref().clone(),
            group: m.group.clone(),
            citation: citation.clone(),
        })
        .collect();
    for (k, note) in joint_of {
        if let Some(r) = respondents.get_mut(k) {
            if r.behaviours.is_empty() && r.recommended_methods.is_empty() {
                r.recommended_methods = deduction_methods.clone();
                // Liable jointly, so "no 问责情形, nothing recommended" no
                // longer holds: the ground is this article.
                r.warnings.retain(|w| w != super::NO_BEHAVIOUR);
            }
            r.joint_liability.push(note);
        }
    }
}

/// Statements about the whole case: the 陈述申辩 requirement, a decision
/// after the investigation limit.
pub(super) fn case_findings(
    case: &CaseInput,
    reg: &Regulation,
    respondents: &[RespondentAssessment],
    deadlines: &[DeadlineItem],
) -> Vec<CitedNote> {
    let mut out = Vec::new();
    let m = &reg.regulation;
    let sanctioned = respondents.iter().zip(&case.respondents).any(|(a, r)| {
        !matches!(a.direction, Direction::Exempt | Direction::NoAccountability)
            && (!a.recommended_methods.is_empty() || !r.methods.is_empty())
    });
    if sanctioned && !m.hearing_cite.is_empty() {
        out.push(CitedNote {
            text: "作出问责决定前，应当听取被问责人的陈述、申辩，并记录在案；对其合理意见，应当予以采纳".to_owned(),
            editorial: false,
            citation: Citation::of(reg, &m.hearing_cite),
        });
    }
    if let Some(decided) = case.decided_on {
        for d in deadlines.iter().filter(|d| {
            d.from == DeadlineFrom::InvestigationStart && d.citation.regulation == reg.id()
        }) {
            if let Some(due) = d.due
                && decided > due
            {
                out.push(CitedNote {
                    text: format!(
                        "决定日期{}晚于“{}”的最后一日{}{}",
                        cn_date(decided),
                        d.label,
                        cn_date(due),
                        if d.extended {
                            "（已按延长计算）"
                        } else {
                            "（未延长）"
                        }
                    ),
                    editorial: false,
                    citation: d.citation.clone(),
                });
            }
        }
    }
    out
}

/// 001 第十七条: 应当适用“第二种形态”，符合容错规定情形的，可以转化为“第一种形态”；
/// 应当适用“第三种形态”的，可以转化为“第二种形态”.
pub(super) fn four_forms(
    o: &Regulation,
    form: Option<super::DisciplineForm>,
    notes: &mut Vec<CitedNote>,
) {
    use super::DisciplineForm as F;
    let Some(t) = o.tolerance.as_ref().filter(|t| !t.excluded_cite.is_empty()) else {
        return;
    };
    let text = match form {
        Some(F::Second) => "应当适用“第二种形态”，符合容错规定情形的，可以转化为“第一种形态”",
        Some(F::Third) => {
            "应当适用“第三种形态”，符合容错规定情形的，可以转化为“第二种形态”，给予党纪政务轻处分、组织调整或者组织处理"
        }
        _ => return,
    };
    notes.push(CitedNote {
        text: text.to_owned(),
        editorial: false,
        citation: Citation::of(o, &t.excluded_cite),
    });
}

/// 徐水 第九条: respondents whose findings share a 问责情形 acted jointly
/// (第一款); a member whose dissent is recorded is exempt (see
/// `assess_respondent`), the others "依其过错的大小分别承担责任" (第二款) —
/// each is told with whom, and each gets their own decision. Reading:
/// docs/interpretations.md (共同行为).
pub(super) fn joint_by_fault(
    case: &CaseInput,
    reg: &Regulation,
    respondents: &mut [RespondentAssessment],
) {
    let Some(j) = reg.joint.as_ref().filter(|j| j.by_fault) else {
        return;
    };
    let exempt = |r: &RespondentInput| j.dissent_exempt && r.dissent_recorded;
    let citation = Citation::of(reg, &j.cite);
    for (i, input) in case.respondents.iter().enumerate() {
        if exempt(input) {
            continue;
        }
        let (mut sharing, mut excused) = (Vec::new(), Vec::new());
        for (k, o) in case.respondents.iter().enumerate() {
            if k == i || !o.behaviours.iter().any(|b| input.behaviours.contains(b)) {
                continue;
            }
            let who = format!("{}（{}）", o.name, o.role);
            if exempt(o) {
                excused.push(who);
            } else {
                sharing.push(who);
            }
        }
        let text = match (sharing.is_empty(), excused.is_empty()) {
            (true, true) => continue,
            (false, true) => format!(
                "与{}的共同行为导致执法过错，共同承担责任，依其过错的大小分别承担责任（各自作出决定）",
                sharing.join("、")
            ),
            (true, false) => format!(
                "共同行为人{}能够证明已经表示不同意见，不承担共同责任；本人依其过错的大小承担责任",
                excused.join("、")
            ),
            (false, false) => format!(
                "与{}的共同行为导致执法过错，依其过错的大小分别承担责任（各自作出决定）；{}能够证明已经表示不同意见，不承担共同责任",
                sharing.join("、"),
                excused.join("、")
            ),
        };
        if let Some(r) = respondents.get_mut(i) {
            r.notes.push(CitedNote {
                text,
                editorial: false,
                citation: citation.clone(),
            });
        }
    }
}
