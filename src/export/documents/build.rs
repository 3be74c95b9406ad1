//! The documents' wording: a template filled from the case's record and its
//! assessment. Everything printed is recorded or quoted; a missing field is
//! an error naming it, never a placeholder on paper.

use std::collections::{BTreeMap, HashMap};

use super::{DocDetails, DocKind, Template, check};
use crate::export::layout::{Block, Colophon, Document};
use crate::rules::engine::{Assessment, Citation, RespondentAssessment, cn_date};
use crate::rules::regulation::{PeriodUnit, Regulation};
use crate::rules::{Calendar, RegulationSet, calendar::period_end};

use super::receipt::receipt;
use super::wording::*;

/// Build `kind` for the first respondent of `assessment`, after [`check`].
pub fn build(
    kind: DocKind,
    details: &DocDetails,
    assessment: &Assessment,
    case_no: &str,
    regulations: &RegulationSet,
    calendar: &Calendar,
    templates: &BTreeMap<String, Template>,
) -> Result<Document, String> {
    check(kind, details)?;
    let d = details;
    let r: &RespondentAssessment = assessment
        .respondents
        .first()
        .ok_or_else(|| "案件没有被问责人".to_owned())?;
    let reg = regulations
        .get(&assessment.regulation)
        .ok_or_else(|| format!("未找到规定“{}”", assessment.regulation_name))?;
    if kind == DocKind::Review {
        review_allowed(assessment)?;
    }
    let office = required(kind, &d.office, "发文机关（设置中的单位名称）")?;
    let mut doc = frame(kind, d, &office);
    if kind == DocKind::Receipt {
        receipt(&mut doc, d, r, case_no)?;
        return Ok(doc);
    }
    let ctx = Ctx {
        kind,
        d,
        assessment,
        r,
        reg,
        regulations,
        calendar,
        office: &office,
    };
    let (mut vars, facts) = common_vars(&ctx, case_no)?;
    kind_vars(&ctx, &mut vars)?;
    let lists = list_items(&ctx, facts)?;
    let t = templates
        .get(kind.key())
        .ok_or_else(|| format!("文书模板中没有“{}”", kind.key()))?;
    render(&mut doc, kind, t, &vars, &lists)?;
    if matches!(
        kind,
        DocKind::Decision | DocKind::NoAccountability | DocKind::Exemption | DocKind::Review
    ) {
        doc.colophon = Some(Colophon {
            cc: d.cc.trim().to_owned(),
            printer: office,
            date: doc.date.clone(),
        });
    }
    Ok(doc)
}

/// What the wording functions read: the document kind, the details, the
/// assessment and its first respondent, the regulations and the office.
struct Ctx<'a> {
    kind: DocKind,
    d: &'a DocDetails,
    assessment: &'a Assessment,
    r: &'a RespondentAssessment,
    reg: &'a Regulation,
    regulations: &'a RegulationSet,
    calendar: &'a Calendar,
    office: &'a str,
}

/// 复查 and 申诉 are distinct: only a regulation that gives a 复查 (000 第九条)
/// has this office decide on one.
fn review_allowed(assessment: &Assessment) -> Result<(), String> {
    match &assessment.remedy {
        Some(rem) if rem.kind == crate::domain::procedure::RemedyKind::Review => Ok(()),
        Some(rem) => Err(format!(
            "不能导出复查决定书：《{}》规定的是向{}提出{}（{}），不是复查",
            assessment.regulation_name, rem.body, rem.kind, rem.citation.article
        )),
        None => Err(format!(
            "不能导出复查决定书：《{}》没有规定复查",
            assessment.regulation_name
        )),
    }
}

/// The document's frame: title, its own 文号 and 成文日期, signature and the
/// 送审稿 mark for a draft.
fn frame(kind: DocKind, d: &DocDetails, office: &str) -> Document {
    // This document's own 文号 and 成文日期.
    let (doc_no, date) = match kind {
        DocKind::Notice => (d.notice_doc_no.clone(), d.notice_issued_on),
        DocKind::Correction => (d.correction_doc_no.clone(), d.correction_issued_on),
        DocKind::Review => (d.review_doc_no.clone(), d.review_issued_on),
        DocKind::Receipt => (String::new(), d.receipt_made_on),
        _ => (d.doc_no.clone(), d.issued_on),
    };
    Document {
        title: kind.label().to_owned(),
        doc_no: if d.draft { String::new() } else { doc_no },
        signature: office.to_owned(),
        date: if d.draft {
            String::new()
        } else {
            date.map(cn_date).unwrap_or_default()
        },
        author: office.to_owned(),
        mark: if d.draft {
            "送审稿".to_owned()
        } else {
            String::new()
        },
        ..Default::default()
    }
}

/// The variables every decision-like document uses (name, unit, person,
/// evidence, decider, methods and their basis, 陈述申辩, 免责 basis), and the
/// facts found.
fn common_vars(
    c: &Ctx<'_>,
    case_no: &str,
) -> Result<(HashMap<&'static str, String>, Vec<String>), String> {
    let Ctx {
        kind,
        d,
        assessment,
        r,
        reg,
        regulations,
        calendar,
        office,
        ..
    } = *c;
    let mut vars: HashMap<&'static str, String> = HashMap::new();
    vars.insert("name", r.name.clone());
    vars.insert("office", office.to_owned());
    vars.insert("case_no", case_no.to_owned());
    let unit = required(kind, &d.unit, "被问责人的单位")?;
    vars.insert("unit", unit);
    vars.insert("post", d.post.trim().to_owned());
    // 性别 and 职级 are printed in the decisions' header line.
    let person = {
        let mut parts = vec![r.name.clone()];
        if !d.gender.trim().is_empty() {
            parts.push(d.gender.trim().to_owned());
        }
        let mut who = format!("{}{}", d.unit.trim(), d.post.trim());
        if !d.rank.trim().is_empty() {
            who.push_str(&format!("（{}）", d.rank.trim()));
        }
        parts.push(who);
        parts.join("，")
    };
    vars.insert("person", person);
    let facts: Vec<String> = d
        .facts
        .iter()
        .map(|f| fact(f))
        .filter(|f| !f.is_empty())
        .collect();
    if kind != DocKind::Correction && facts.is_empty() {
        return Err(format!("不能导出{}：未记录查明的事实", kind.label()));
    }
    vars.insert(
        "evidence",
        if d.evidence.is_empty() {
            String::new()
        } else {
            format!("以上事实有{}等证据证实。", d.evidence.join("、"))
        },
    );
    // A 容错免责 is concluded by the body the 容错纠错 text names (001
    // 第十六条 单位党组); the others by the case regulation's.
    let decider_reg = match (kind, regulations.overlay()) {
        (DocKind::Exemption, Some(o)) => o,
        _ => reg,
    };
    vars.insert("decider", decider(decider_reg, r, &d.rank, d, office));

    let needs_basis = matches!(kind, DocKind::Notice | DocKind::Decision);
    // A head liable only jointly (000 第八条第（四）项) rests on that article.
    if needs_basis && r.behaviours.is_empty() && r.joint_liability.is_empty() {
        return Err(format!(
            "不能导出{}：未认定违规行为（“拟认定的问题及依据”不能为空）",
            kind.label()
        ));
    }
    if matches!(kind, DocKind::Notice | DocKind::Decision) {
        vars.insert("methods", methods_text(kind, d)?);
        let mut basis: Vec<Citation> = r
            .behaviours
            .iter()
            .map(|b| b.citation.clone())
            .chain(r.joint_liability.iter().map(|n| n.citation.clone()))
            .collect();
        for m in &d.methods {
            if let Some(c) = reg
                .method(m.trim())
                .and_then(|x| Citation::lookup(regulations, reg.id(), x.cite.raw()))
            {
                basis.push(c);
            }
        }
        let refs: Vec<&Citation> = basis.iter().collect();
        vars.insert("method_basis", cites(&refs));
    }
    vars.insert("statement", statement_text(kind, d, r, reg)?);
    let exempt: Vec<&Citation> = r
        .factors
        .iter()
        .filter(|f| f.effects.contains(&"免责"))
        .map(|f| &f.citation)
        .collect();
    vars.insert(
        "exempt_basis",
        if exempt.is_empty() {
            format!("《{}》", assessment.regulation_name)
        } else {
            cites(&exempt)
        },
    );
    if kind == DocKind::Notice {
        vars.insert("hearing", hearing_text(reg, regulations, d, office)?);
    }
    if kind == DocKind::Exemption {
        let notify = reg_notify(regulations, d, calendar);
        vars.insert("notify", notify);
        let overlay = regulations
            .overlay()
            .map(|o| o.regulation.name.clone())
            .unwrap_or_else(|| assessment.regulation_name.clone());
        vars.insert("overlay_name", overlay);
    }
    if kind == DocKind::Decision {
        vars.insert("remedy", remedy_text(reg, assessment, d)?);
    }
    Ok((vars, facts))
}

/// 陈述申辩 in the decision: what was asked, and whether it was adopted.
fn statement_text(
    kind: DocKind,
    d: &DocDetails,
    r: &RespondentAssessment,
    reg: &crate::rules::Regulation,
) -> Result<String, String> {
    let statement = d.statement.trim().trim_end_matches(['。', '…']).trim();
    if statement.is_empty() {
        return Ok(String::new());
    }
    let adopted = d.statement_adopted.trim();
    // A regulation that requires hearing also requires the reasonable
    // opinions adopted (002 第十五条 “听取被问责人的陈述、申辩……对其合理意见，
    // 应当予以采纳”): its decision says whether the statement was adopted and
    // why, whatever it asked. Elsewhere a request for lenience needs it.
    let hearing = !reg.regulation.hearing_cite.raw().trim().is_empty();
    let asks_lenience = ["从轻", "减轻", "免予", "免除"]
        .iter()
        .any(|w| statement.contains(w));
    if (hearing || asks_lenience) && adopted.is_empty() && kind == DocKind::Decision && !d.draft {
        return Err(format!(
            "不能导出{}：已记录陈述申辩，须填写是否采纳及理由（采纳情况）",
            kind.label()
        ));
    }
    let quoted = statement.replace('“', "‘").replace('”', "’");
    let ends_with_ellipsis = d.statement.trim_end().ends_with('…');
    let mut s = format!(
        "{}在陈述申辩中提出：“{quoted}{}”",
        r.name,
        if ends_with_ellipsis { "……" } else { "" }
    );
    s.push_str(if ends_with_ellipsis { "" } else { "。" });
    if !adopted.is_empty() {
        s.push_str(adopted.trim_end_matches('。'));
        s.push('。');
    }
    Ok(s)
}

/// The variables of the 纠错 and 复查 documents.
fn kind_vars(c: &Ctx<'_>, vars: &mut HashMap<&'static str, String>) -> Result<(), String> {
    match c.kind {
        DocKind::Correction => correction_vars(c, vars),
        DocKind::Review => review_vars(c, vars),
        _ => Ok(()),
    }
}

/// 纠错通知书: reason, items, requirement, deadline (never invented).
fn correction_vars(c: &Ctx<'_>, vars: &mut HashMap<&'static str, String>) -> Result<(), String> {
    let Ctx {
        kind,
        d,
        assessment,
        regulations,
        calendar,
        ..
    } = *c;
    vars.insert(
        "correction_reason",
        required(kind, &d.correction_reason, "纠错事由")?,
    );
    if d.correction_items.iter().all(|i| i.trim().is_empty()) {
        return Err(format!("不能导出{}：未填写纠错事项", kind.label()));
    }
    // Default: 容错办法 第十九条's own words.
    vars.insert(
        "correction_requirement",
        if d.correction_requirement.trim().is_empty() {
            "认真分析原因、深刻汲取教训，完善制度、健全机制，防止类似错误再次发生。".to_owned()
        } else {
            d.correction_requirement.trim().to_owned()
        },
    );
    // 001 第十九条 says 责成限期纠正 but names no period: the period is the
    // one the office sets (the 纠错 follow-up's end, or `correction_months`);
    // none is invented (docs/interpretations.md 17).
    let from = d.correction_issued_on.or(d.issued_on);
    let deadline = match (d.correction_due, d.correction_months, from) {
        (Some(due), _, _) => cn_date(due),
        (None, Some(months), Some(f)) => period_end(calendar, f, months, PeriodUnit::Months)
            .map(|e| cn_date(e.date))
            .map_err(|e| format!("不能计算纠错期限：{e}"))?,
        (None, Some(months), None) if d.draft => format!("本通知书印发之日起{months}个月内"),
        (None, Some(_), None) => {
            return Err(format!("不能导出{}：没有成文日期", kind.label()));
        }
        (None, None, _) if d.draft => "（待定）".to_owned(),
        (None, None, _) => {
            return Err(format!(
                "不能导出{}：未确定纠错期限（《容错纠错办法》第十九条只说“责成限期纠正”，未规定期限，须由本单位确定）。请为纠错事项填写期满日期",
                kind.label()
            ));
        }
    };
    vars.insert("correction_deadline", deadline);
    let overlay = regulations
        .overlay()
        .map(|o| o.regulation.name.clone())
        .unwrap_or_else(|| assessment.regulation_name.clone());
    vars.insert("overlay_name", overlay);
    Ok(())
}

/// 复查决定书: the original decision, the application and the result.
fn review_vars(c: &Ctx<'_>, vars: &mut HashMap<&'static str, String>) -> Result<(), String> {
    let Ctx {
        kind,
        d,
        assessment,
        office,
        ..
    } = *c;
    vars.insert(
        "original_doc_no",
        required(kind, &d.original_doc_no, "原决定文号")?,
    );
    vars.insert(
        "review_applied_on",
        d.review_applied_on.map(cn_date).unwrap_or_default(),
    );
    let body = assessment
        .remedy
        .as_ref()
        .map(|x| x.body.clone())
        .filter(|b| !b.is_empty() && b != "有关部门")
        .or_else(|| Some(d.remedy_body.trim().to_owned()).filter(|b| !b.is_empty()))
        .unwrap_or_else(|| office.to_owned());
    vars.insert("remedy_body", body);
    vars.insert(
        "remedy_basis",
        assessment
            .remedy
            .as_ref()
            .map(|x| cite(&x.citation))
            .unwrap_or_else(|| format!("《{}》", assessment.regulation_name)),
    );
    vars.insert(
        "review_reasoning",
        required(kind, &d.review_reasoning, "复查理由（复查查明的情况）")?,
    );
    vars.insert(
        "review_result",
        required(kind, &d.review_result, "复查结论")?
            .trim_end_matches('。')
            .to_owned(),
    );
    // The applicant's grounds are theirs, never the 复查's findings.
    let grounds = d.review_grounds.trim().trim_end_matches('。');
    vars.insert(
        "review_grounds",
        if grounds.is_empty() {
            String::new()
        } else {
            format!("申请人提出：{grounds}。")
        },
    );
    vars.insert("review_follows", d.review_follows.trim().to_owned());
    Ok(())
}

/// The list placeholders: facts, basis, factors, consequences, 容错 and
/// 纠错 items.
fn list_items(
    c: &Ctx<'_>,
    facts: Vec<String>,
) -> Result<HashMap<&'static str, Vec<String>>, String> {
    let Ctx {
        kind, d, r, reg, ..
    } = *c;
    // List placeholders.
    let mut lists: HashMap<&'static str, Vec<String>> = HashMap::new();
    lists.insert("facts", facts);
    // What the person was examined for (the conduct and the article
    // alleged): a 不予问责决定书 says it before why nothing follows.
    lists.insert(
        "examined",
        r.behaviours
            .iter()
            .map(|b| {
                format!(
                    "对{}的调查涉及{}规定的“{}”情形。",
                    r.name,
                    cite(&b.citation),
                    inline_quote(&b.citation.text)
                )
            })
            .collect(),
    );
    // A decision heavier than every method the (mitigated) recommendation
    // offers has not applied the mitigation: never presented as applied.
    let weight = |id: &str| reg.method(id.trim()).map(|m| m.weight);
    let heaviest_recommended = r
        .recommended_methods
        .iter()
        .filter_map(|m| weight(&m.id))
        .max();
    let mitigation_unapplied = kind == DocKind::Decision
        && heaviest_recommended
            .is_some_and(|top| d.methods.iter().any(|m| weight(m).is_some_and(|w| w > top)));
    lists.insert(
        "basis",
        r.behaviours
            .iter()
            .map(|b| {
                format!(
                    "{}的上述行为，属于{}规定的“{}”情形。",
                    r.name,
                    cite(&b.citation),
                    inline_quote(&b.citation.text)
                )
            })
            // Whose penalty a head answers for jointly, and the article.
            .chain(r.joint_liability.iter().map(|n| {
                format!(
                    "{}{}（{}：“{}”）。",
                    r.name,
                    n.text,
                    cite(&n.citation),
                    inline_quote(&n.citation.text)
                )
            }))
            .collect(),
    );
    lists.insert(
        "factors",
        r.factors
            .iter()
            .map(|f| {
                let mut s = format!(
                    "具有{}规定的“{}”情节",
                    cite(&f.citation),
                    inline_quote(&f.citation.text)
                );
                if let crate::rules::engine::FactorSource::Register { explanation, .. } = &f.source
                {
                    s.push_str(&format!("（{explanation}）"));
                }
                // 004 第十一条 “可以从轻、减轻或者免于追究责任”; 第十二条 “应从重”.
                let effects = match f.effects.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{}或者{last}", rest.join("、"))
                    }
                    _ => f.effects.join("、"),
                };
                let may = if f.mandatory { "应当" } else { "可以" };
                let mitigating = f
                    .effects
                    .iter()
                    .any(|e| matches!(*e, "从轻" | "减轻" | "免责"));
                if mitigating && mitigation_unapplied && !f.mandatory {
                    s.push_str(&format!(
                        "，依规{may}{effects}；经研究，本决定对该情节未予适用。"
                    ));
                } else {
                    s.push_str(&format!("，依规{may}{effects}。"));
                }
                s
            })
            .collect(),
    );
    lists.insert(
        "consequences",
        if kind == DocKind::Decision {
            r.consequences
                .iter()
                .map(|c| {
                    let until = c
                        .until
                        .map(|x| format!("（至{}）", cn_date(x)))
                        .unwrap_or_default();
                    format!("依据{}，{}{}。", cite(&c.citation), c.label, until)
                })
                .collect()
        } else {
            Vec::new()
        },
    );
    let tolerance: Vec<String> = r
        .tolerance
        .iter()
        .flat_map(|t| {
            t.situations
                .iter()
                .map(|s| {
                    format!(
                        "符合{}规定的“{}”情形。",
                        cite(&s.citation),
                        inline_quote(&s.citation.text)
                    )
                })
                .chain(t.conditions_met.iter().map(|c| {
                    format!(
                        "满足{}规定的“{}”条件。",
                        cite(&c.citation),
                        inline_quote(&c.citation.text)
                    )
                }))
                .collect::<Vec<_>>()
        })
        .collect();
    if kind == DocKind::Exemption && tolerance.is_empty() {
        return Err(format!(
            "不能导出{}：未认定容错情形（“认定的容错情形”不能为空）",
            kind.label()
        ));
    }
    lists.insert("tolerance", tolerance);
    lists.insert(
        "correction_items",
        d.correction_items
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect(),
    );
    Ok(lists)
}

/// Fill the template's recipient and paragraphs into `doc`; no heading
/// without content.
fn render(
    doc: &mut Document,
    kind: DocKind,
    t: &Template,
    vars: &HashMap<&'static str, String>,
    lists: &HashMap<&'static str, Vec<String>>,
) -> Result<(), String> {
    doc.title = t.title.clone();
    doc.recipient = fill(&t.recipient, vars)?;
    for p in &t.paragraphs {
        let key = p.trim().trim_start_matches('{').trim_end_matches('}');
        if p.trim().starts_with('{') && p.trim().ends_with('}') && lists.contains_key(key) {
            for item in &lists[key] {
                doc.body.push(Block::Para(item.clone()));
            }
            continue;
        }
        let text = fill(p, vars)?;
        if text.trim().is_empty() {
            continue;
        }
        if let Some(h) = text.strip_prefix("## ") {
            doc.body.push(Block::H2(h.to_owned()));
        } else if let Some(h) = text.strip_prefix("# ") {
            doc.body.push(Block::H1(h.to_owned()));
        } else {
            doc.body.push(Block::Para(text));
        }
    }
    // No heading without content.
    for (i, b) in doc.body.iter().enumerate() {
        if let Block::H1(h) | Block::H2(h) = b {
            let next = doc.body.get(i + 1);
            if matches!(next, None | Some(Block::H1(_))) {
                return Err(format!("不能导出{}：“{h}”一节没有内容", kind.label()));
            }
        }
    }
    Ok(())
}
