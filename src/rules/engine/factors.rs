//! Factors: as chosen, found in the register (repeat offences), and the
//! 容错 overlay's view of a respondent.

use super::*;

pub(super) fn kind_label(kind: ConsequenceKind) -> &'static str {
    match kind {
        ConsequenceKind::NoPromotion => "不得提拔",
        ConsequenceKind::NoAwards => "取消评优",
        ConsequenceKind::BonusDeduction => "扣减奖金",
        ConsequenceKind::Appraisal => "年度考核",
        ConsequenceKind::NoLeadership => "不得担任相当职务",
        ConsequenceKind::UnitNoAwards => "单位不得评先",
        ConsequenceKind::Other => "其他",
    }
}

pub(super) fn applied(
    reg: &Regulation,
    f: &crate::rules::regulation::Factor,
    source: FactorSource,
) -> AppliedFactor {
    AppliedFactor {
        id: f.id.get_ref().clone(),
        label: f.label.clone(),
        effects: f.effects.iter().map(|e| e.label()).collect(),
        mandatory: f.mandatory,
        source,
        citation: Citation::of(reg, &f.cite),
    }
}

/// The decisions of `person` before `before`, newest first.
pub(super) fn earlier<'h>(
    history: &'h [HistoryRecord],
    person: &str,
    before: Date,
) -> Vec<&'h HistoryRecord> {
    let mut v: Vec<&HistoryRecord> = history
        .iter()
        .filter(|h| h.person_id == person && h.counts() && h.decided_on < before)
        .collect();
    v.sort_by_key(|h| std::cmp::Reverse(h.decided_on));
    v
}

pub(super) fn auto_factor(
    rule: Option<AutoRule>,
    case: &CaseInput,
    r: &RespondentInput,
    history: &[HistoryRecord],
) -> Option<FactorSource> {
    let received = case.received_on?;
    match rule? {
        AutoRule::RepeatWithinYear => {
            // 受到问责后，一年内再次发生: from the earlier decision to this
            // conduct (the receipt date when the conduct date is unknown).
            let (reference, what) = match r.conduct_on {
                Some(c) => (c, "本案行为发生于"),
                None => (received, "本案受理于"),
            };
            let year_before = reference.checked_sub(1.year()).ok()?;
            let hits: Vec<&HistoryRecord> = earlier(history, &r.person_id, reference)
                .into_iter()
                .filter(|h| h.decided_on >= year_before)
                .collect();
            let first = hits.first()?;
            Some(FactorSource::Register {
                cases: hits.iter().map(|h| h.case_no.clone()).collect(),
                explanation: format!(
                    "{}曾于{}受到问责（{}），{}{}，在一年之内",
                    r.name,
                    cn_date(first.decided_on),
                    first.case_no,
                    what,
                    cn_date(reference)
                ),
            })
        }
        AutoRule::CountInYear2 => {
            let reference = case.decided_on.unwrap_or(received);
            let hits: Vec<&HistoryRecord> = earlier(history, &r.person_id, reference)
                .into_iter()
                .filter(|h| h.decided_on.year() == reference.year())
                .collect();
            if hits.is_empty() {
                return None;
            }
            Some(FactorSource::Register {
                cases: hits.iter().map(|h| h.case_no.clone()).collect(),
                explanation: format!(
                    "{}在{}年已被追究{}次（{}），连同本案累计{}次",
                    r.name,
                    reference.year(),
                    hits.len(),
                    hits.iter()
                        .map(|h| h.case_no.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                    hits.len() + 1
                ),
            })
        }
    }
}

pub(super) fn tolerance(o: &Regulation, r: &RespondentInput) -> Option<ToleranceResult> {
    let t = o.tolerance.as_ref()?;
    if r.tolerance_situations.is_empty() && r.tolerance_conditions.is_empty() {
        return None;
    }
    let item = |x: &crate::rules::regulation::Labeled| CitedItem {
        id: x.id.get_ref().clone(),
        label: x.label.clone(),
        citation: Citation::of(o, &x.cite),
    };
    let situations: Vec<CitedItem> = t
        .situations
        .iter()
        .filter(|s| r.tolerance_situations.contains(s.id.get_ref()))
        .map(item)
        .collect();
    let (met, unmet): (Vec<_>, Vec<_>) = t
        .conditions
        .iter()
        .partition(|c| r.tolerance_conditions.contains(c.id.get_ref()));
    let conditions_met: Vec<CitedItem> = met.into_iter().map(item).collect();
    let conditions_unmet: Vec<CitedItem> = unmet.into_iter().map(item).collect();
    let exempt = !situations.is_empty() && conditions_unmet.is_empty();
    let explanation = if situations.is_empty() {
        "未认定容错情形，不适用容错".to_owned()
    } else if exempt {
        "符合容错情形之一，且同时满足全部条件，可以免除责任".to_owned()
    } else {
        format!(
            "符合容错情形，但尚有{}项条件未满足（{}），不能免责，可从轻、减轻处理",
            conditions_unmet.len(),
            conditions_unmet
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join("；")
        )
    };
    Some(ToleranceResult {
        situations,
        conditions_met,
        conditions_unmet,
        exempt,
        explanation,
        citation: Citation::of(o, if exempt { &t.exempt_cite } else { &t.cite }),
    })
}

/// 容错 that contradicts itself (001 第四条: 在严守党纪国法、保持清正廉洁的
/// 前提下; 第十四条第二款第（一）项: 党章党规、法律法规没有明令禁止的): a
/// finding the regulation marks `prohibited` (a behaviour or a factor, e.g.
/// 004 第十二条第（一）项 索贿) cannot meet them. Flagged with both articles;
/// the 容错 is refused (`true`) until a reason is recorded
/// (`tolerance_reason`). A 第十七条 exclusion is handled before this.
/// Reading: docs/interpretations.md (容错的前提).
pub(super) fn tolerance_contradiction(
    o: &Regulation,
    reg: &Regulation,
    r: &RespondentInput,
    t: &mut ToleranceResult,
    notes: &mut Vec<CitedNote>,
) -> bool {
    let Some(rule) = o.tolerance.as_ref().filter(|x| !x.premise_cite.is_empty()) else {
        return false;
    };
    if t.situations.is_empty() {
        return false;
    }
    let mut found: Vec<String> = Vec::new();
    for b in reg.behaviours.iter().filter(|b| b.prohibited) {
        if r.behaviours.contains(b.id.get_ref()) {
            found.push(format!(
                "“{}”（{}）",
                b.label,
                Citation::of(reg, &b.cite).short()
            ));
        }
    }
    for f in reg.factors.iter().filter(|f| f.prohibited) {
        if r.factors.contains(f.id.get_ref()) {
            found.push(format!(
                "“{}”（{}）",
                f.label,
                Citation::of(reg, &f.cite).short()
            ));
        }
    }
    if found.is_empty() {
        return false;
    }
    let premise = Citation::of(o, &rule.premise_cite);
    let condition = rule
        .conditions
        .iter()
        .find(|c| *c.id.get_ref() == rule.unprohibited_condition)
        .map(|c| Citation::of(o, &c.cite));
    let what = found.join("、");
    let reason = r.tolerance_reason.trim();
    let verdict = if reason.is_empty() {
        "不予容错：须记录第十七条不纳入容错的情形，或者记录仍予容错的理由"
    } else {
        "已记录仍予容错的理由，须审慎审查"
    };
    notes.push(CitedNote {
        text: format!(
            "所认定的{what}为党纪国法明令禁止的行为，与容错的前提“在严守党纪国法、保持清正廉洁的前提下”相矛盾；{verdict}"
        ),
        editorial: false,
        citation: premise,
    });
    if let Some(c) = condition {
        let ticked = r
            .tolerance_conditions
            .contains(&rule.unprohibited_condition);
        notes.push(CitedNote {
            text: format!(
                "容错条件“党章党规、法律法规没有明令禁止的”不能对{what}成立{}",
                if ticked { "，虽已勾选" } else { "" }
            ),
            editorial: false,
            citation: c,
        });
    }
    if !reason.is_empty() {
        notes.push(CitedNote {
            text: format!("仍予容错的理由：{reason}"),
            editorial: false,
            citation: Citation::of(o, &rule.premise_cite),
        });
        return false;
    }
    t.exempt = false;
    t.explanation = format!(
        "所认定的{what}为党纪国法明令禁止的行为，不适用容错（须记录第十七条的情形或者理由）"
    );
    t.citation = Citation::of(o, &rule.premise_cite);
    true
}
