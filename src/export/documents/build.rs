//! The documents' wording: a template filled from the case's record and its
//! assessment. Everything printed is recorded or quoted; a missing field is
//! an error naming it, never a placeholder on paper.

use std::collections::{BTreeMap, HashMap};

use super::{DocDetails, DocKind, Template, check};
use crate::export::layout::{Block, Colophon, Document};
use crate::rules::engine::{Assessment, Citation, RespondentAssessment, cn_date};
use crate::rules::regulation::{PeriodUnit, Regulation};
use crate::rules::{Calendar, RegulationSet, calendar::period_end};

/// The catch-all method of 004 第十条: never printed as such.
const OTHER_METHOD: &str = "其他问责方式";

/// Remove an item label "（七）" and trailing punctuation, for quoting inline;
/// double quotes inside become single quotes (GB/T 15834 4.1.2).
fn inline_quote(text: &str) -> String {
    let t = text.trim();
    let t = match t.strip_prefix('（').and_then(|r| r.split_once('）')) {
        Some((label, rest)) if label.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
            rest
        }
        _ => t,
    };
    let t = t.split('\n').next().unwrap_or(t);
    t.trim_end_matches(['；', '。', '，', ';', '.', '：', ':', ','])
        .replace('“', "‘")
        .replace('”', "’")
}

fn cite(c: &Citation) -> String {
    format!("《{}》{}", c.regulation_name, c.article)
}

/// Join citations of one regulation: 《…》第五条第（二）项、第十一条.
fn cites(list: &[&Citation]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut by_reg: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in list {
        match by_reg.iter_mut().find(|(r, _)| *r == c.regulation_name) {
            Some((_, v)) => {
                if !v.contains(&c.article.as_str()) {
                    v.push(&c.article);
                }
            }
            None => by_reg.push((&c.regulation_name, vec![&c.article])),
        }
    }
    for (reg, arts) in by_reg {
        out.push(format!("《{reg}》{}", arts.join("、")));
    }
    out.join("和")
}

fn fill(text: &str, vars: &HashMap<&str, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                let key = &after[..j];
                match vars.get(key) {
                    Some(v) => out.push_str(v),
                    None => return Err(format!("文书模板中的“{{{key}}}”没有对应的数据")),
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A required field: its trimmed value, or an error naming it.
fn required(kind: DocKind, value: &str, field: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        Err(format!("不能导出{}：未填写{field}", kind.label()))
    } else {
        Ok(v.to_owned())
    }
}

fn period_label(count: u32, unit: PeriodUnit) -> String {
    match unit {
        PeriodUnit::Days => format!("{count}日"),
        PeriodUnit::WorkingDays => format!("{count}个工作日"),
        PeriodUnit::Months => format!("{count}个月"),
    }
}

/// The office's remedy period setting ("30日", "15个工作日", "1个月").
pub fn parse_period(s: &str) -> Option<(u32, PeriodUnit)> {
    let s = s.trim();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u32 = digits.parse().ok().filter(|n| *n > 0 && *n <= 366)?;
    let unit = match s[digits.len()..].trim() {
        "日" | "天" => PeriodUnit::Days,
        "个工作日" | "工作日" => PeriodUnit::WorkingDays,
        "个月" | "月" => PeriodUnit::Months,
        _ => return None,
    };
    Some((n, unit))
}

/// What the respondent may do against the decision, in the regulation's own
/// words, completed by the office's setting where the text leaves it open.
fn remedy_text(reg: &Regulation, a: &Assessment, d: &DocDetails) -> Result<String, String> {
    let m = &reg.regulation;
    let setting_period = if d.remedy_period.trim().is_empty() {
        None
    } else {
        Some(parse_period(&d.remedy_period).ok_or_else(|| {
            format!(
                "设置中《{}》的申诉（复查）期限“{}”无法识别，应写作“30日”或“15个工作日”",
                m.name, d.remedy_period
            )
        })?)
    };
    let setting_body = d.remedy_body.trim();
    match &a.remedy {
        Some(rem) => {
            // The text's own period (000 第九条: 15个工作日), else the office's.
            let period = reg
                .deadline(&m.remedy_deadline)
                .map(|dl| (dl.count, dl.unit))
                .or(setting_period);
            let body = if rem.body.is_empty() || rem.body == "有关部门" && !setting_body.is_empty()
            {
                setting_body
            } else {
                rem.body.as_str()
            };
            let body = if body.is_empty() {
                "有关部门"
            } else {
                body
            };
            let within = period
                .map(|(n, u)| format!("在收到本决定书之日起{}内", period_label(n, u)))
                .unwrap_or_default();
            // Counted from receipt of the decision, which the decision
            // cannot know: no calendar date is printed.
            Ok(if rem.kind == "复查" {
                format!(
                    "如不服本决定，可{}向{body}申请复查（依据{}）。",
                    if within.is_empty() {
                        String::new()
                    } else {
                        format!("{within}，")
                    },
                    cite(&rem.citation)
                )
            } else {
                format!(
                    "如对过错的认定或者处理决定不服，可依据规定{within}向{body}提出{}（依据{}）。",
                    rem.kind,
                    cite(&rem.citation)
                )
            })
        }
        None => Ok(match (setting_body, setting_period) {
            ("", None) => "如对本决定不服，可依照有关规定提出申诉。".to_owned(),
            (body, period) => {
                let within = period
                    .map(|(n, u)| format!("在收到本决定书之日起{}内", period_label(n, u)))
                    .unwrap_or_default();
                let body = if body.is_empty() {
                    String::new()
                } else {
                    format!("向{body}")
                };
                format!("如对本决定不服，可{within}{body}提出申诉。")
            }
        }),
    }
}

/// The body that decides for this respondent, without routing notes: the
/// office's setting, else the routing rule for the respondent's rank where
/// the regulation names one body, else the office's own leadership.
fn decider(reg: &Regulation, r: &RespondentAssessment, rank: &str, d: &DocDetails) -> String {
    if !d.decider.trim().is_empty() {
        return d.decider.trim().to_owned();
    }
    let strip = |s: &str| {
        let mut out = String::new();
        let mut depth = 0;
        for c in s.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out.trim().to_owned()
    };
    let own = format!("{}领导班子集体", d.office);
    let Some(routing) = &r.routing else {
        return own;
    };
    let ranked = reg.routing.iter().any(|x| {
        !x.ranks.is_empty()
            && x.ranks.iter().any(|k| k == rank)
            && strip(&x.decider) == strip(&routing.decider)
    });
    let name = strip(&routing.decider);
    if ranked && !name.contains('或') && !name.contains("有关") && !name.contains("所在单位")
    {
        name
    } else {
        own
    }
}

/// A fact as recorded, without the opening the template already says.
fn fact(text: &str) -> String {
    let t = text.trim();
    t.strip_prefix("经调查核实，")
        .or_else(|| t.strip_prefix("经调查核实,"))
        .unwrap_or(t)
        .to_owned()
}

/// The decided methods as printed: 其他问责方式 is replaced by the clerk's
/// wording of the measure.
fn methods_text(kind: DocKind, d: &DocDetails) -> Result<String, String> {
    if d.preview && d.methods.is_empty() {
        return Ok("（待定）".to_owned());
    }
    let named: Vec<&str> = d
        .methods
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty() && *m != OTHER_METHOD)
        .collect();
    let measures: Vec<&str> = d
        .measures
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty())
        .collect();
    let other = d.methods.iter().any(|m| m.trim() == OTHER_METHOD);
    if other && measures.is_empty() {
        return Err(format!(
            "不能导出{}：问责方式为“{OTHER_METHOD}”，须填写具体措施（measures）",
            kind.label()
        ));
    }
    Ok(match (named.is_empty(), measures.is_empty(), other) {
        (true, true, _) => {
            return Err(format!("不能导出{}：未记录问责方式", kind.label()));
        }
        (false, true, _) => named.join("、"),
        (true, false, _) => measures.join("、"),
        (false, false, true) => format!("{}、{}", named.join("、"), measures.join("、")),
        (false, false, false) => format!("{}（{}）", named.join("、"), measures.join("、")),
    })
}

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
        // 复查 and 申诉 are distinct: only a regulation that gives a 复查
        // (000 第九条) has this office decide on one.
        match &assessment.remedy {
            Some(rem) if rem.kind == "复查" => {}
            Some(rem) => {
                return Err(format!(
                    "不能导出复查决定书：《{}》规定的是向{}提出{}（{}），不是复查",
                    assessment.regulation_name, rem.body, rem.kind, rem.citation.article
                ));
            }
            None => {
                return Err(format!(
                    "不能导出复查决定书：《{}》没有规定复查",
                    assessment.regulation_name
                ));
            }
        }
    }
    let office = required(kind, &d.office, "发文机关（设置中的单位名称）")?;
    // This document's own 文号 and 成文日期.
    let (doc_no, date) = match kind {
        DocKind::Notice => (d.notice_doc_no.clone(), d.notice_issued_on),
        DocKind::Correction => (d.correction_doc_no.clone(), d.correction_issued_on),
        DocKind::Review => (d.review_doc_no.clone(), d.review_issued_on),
        DocKind::Receipt => (String::new(), d.receipt_made_on),
        _ => (d.doc_no.clone(), d.issued_on),
    };
    let mut doc = Document {
        title: kind.label().to_owned(),
        doc_no: if d.draft { String::new() } else { doc_no },
        signature: office.clone(),
        date: if d.draft {
            String::new()
        } else {
            date.map(cn_date).unwrap_or_default()
        },
        author: office.clone(),
        mark: if d.draft {
            "送审稿".to_owned()
        } else {
            String::new()
        },
        ..Default::default()
    };
    if kind == DocKind::Receipt {
        receipt(&mut doc, d, r, case_no)?;
        return Ok(doc);
    }

    let mut vars: HashMap<&str, String> = HashMap::new();
    vars.insert("name", r.name.clone());
    vars.insert("office", office.clone());
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
    vars.insert("decider", decider(reg, r, &d.rank, d));

    let needs_basis = matches!(kind, DocKind::Notice | DocKind::Decision);
    if needs_basis && r.behaviours.is_empty() {
        return Err(format!(
            "不能导出{}：未认定违规行为（“拟认定的问题及依据”不能为空）",
            kind.label()
        ));
    }
    if matches!(kind, DocKind::Notice | DocKind::Decision) {
        vars.insert("methods", methods_text(kind, d)?);
        let mut basis: Vec<Citation> = r.behaviours.iter().map(|b| b.citation.clone()).collect();
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
    // 陈述申辩 in the decision: what was asked, and whether it was adopted.
    let statement = d.statement.trim().trim_end_matches(['。', '…']).trim();
    let statement_text = if statement.is_empty() {
        String::new()
    } else {
        let adopted = d.statement_adopted.trim();
        let asks_lenience = ["从轻", "减轻", "免予", "免除"]
            .iter()
            .any(|w| statement.contains(w));
        if asks_lenience && adopted.is_empty() && kind == DocKind::Decision && !d.draft {
            return Err(format!(
                "不能导出{}：陈述申辩中请求从轻或减轻处理，须填写是否采纳及理由（采纳情况）",
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
        s
    };
    vars.insert("statement", statement_text);
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
        vars.insert("hearing", hearing_text(reg, regulations, d, &office)?);
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
    if kind == DocKind::Correction {
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
        let from = d.correction_issued_on.or(d.issued_on);
        let months = d.correction_months.unwrap_or(1);
        let deadline = match from {
            Some(f) => period_end(calendar, f, months, PeriodUnit::Months)
                .map(|e| cn_date(e.date))
                .map_err(|e| format!("不能计算纠错期限：{e}"))?,
            None if d.draft => format!("本通知书印发之日起{months}个月内"),
            None => return Err(format!("不能导出{}：没有成文日期", kind.label())),
        };
        vars.insert("correction_deadline", deadline);
        let overlay = regulations
            .overlay()
            .map(|o| o.regulation.name.clone())
            .unwrap_or_else(|| assessment.regulation_name.clone());
        vars.insert("overlay_name", overlay);
    }
    if kind == DocKind::Review {
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
            .unwrap_or_else(|| office.clone());
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
    }

    // List placeholders.
    let mut lists: HashMap<&str, Vec<String>> = HashMap::new();
    lists.insert("facts", facts);
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
                s.push_str(&format!("，依规{may}{effects}。"));
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

    let t = templates
        .get(kind.key())
        .ok_or_else(|| format!("文书模板中没有“{}”", kind.key()))?;
    doc.title = t.title.clone();
    doc.recipient = fill(&t.recipient, &vars)?;
    for p in &t.paragraphs {
        let key = p.trim().trim_start_matches('{').trim_end_matches('}');
        if p.trim().starts_with('{') && p.trim().ends_with('}') && lists.contains_key(key) {
            for item in &lists[key] {
                doc.body.push(Block::Para(item.clone()));
            }
            continue;
        }
        let text = fill(p, &vars)?;
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

/// The notice's 陈述申辩 paragraph: the right as the regulation gives it
/// (002 第十五条), the period from receipt of the notice. Where the text
/// names no period the office's setting is used; without one, no notice.
fn hearing_text(
    reg: &Regulation,
    regulations: &RegulationSet,
    d: &DocDetails,
    office: &str,
) -> Result<String, String> {
    let m = &reg.regulation;
    let basis = if m.hearing_cite.is_empty() {
        "根据有关规定".to_owned()
    } else {
        Citation::lookup(regulations, reg.id(), m.hearing_cite.raw())
            .map(|c| format!("根据{}的规定", cite(&c)))
            .unwrap_or_else(|| "根据有关规定".to_owned())
    };
    let days = d.statement_days.filter(|n| *n > 0).ok_or_else(|| {
        format!(
            "不能导出问责事先告知书：《{}》未规定陈述申辩的期限，请在设置中为该规定填写本单位的陈述申辩期限（工作日）",
            m.name
        )
    })?;
    Ok(format!(
        "{basis}，你有权进行陈述和申辩。请于收到本告知书之日起{days}个工作日内向{office}提出书面陈述、申辩意见及相关证据；逾期未提出的，视为放弃陈述和申辩的权利。你的陈述和申辩不会导致对你加重处理。"
    ))
}

/// 容错 notification (容错办法 第十六条第二款: 7日内告知), counted from the
/// 认定书's date.
fn reg_notify(regulations: &RegulationSet, d: &DocDetails, calendar: &Calendar) -> String {
    let Some(overlay) = regulations.overlay() else {
        return String::new();
    };
    let Some(dl) = overlay.deadline("notify") else {
        return String::new();
    };
    let last = d
        .issued_on
        .and_then(|x| period_end(calendar, x, dl.count, dl.unit).ok())
        .map(|e| format!("（即{}前）", cn_date(e.date)))
        .unwrap_or_default();
    let c = Citation::lookup(regulations, overlay.id(), dl.cite.raw())
        .map(|c| format!("依据{}，", cite(&c)))
        .unwrap_or_default();
    format!(
        "{c}本认定书自作出之日起{}内告知你及相关单位{last}。",
        period_label(dl.count, dl.unit)
    )
}

/// 送达回证: every field from the register; what is filled in at service
/// (signatures, and the manner and time when not yet served) stays a box.
fn receipt(
    doc: &mut Document,
    d: &DocDetails,
    r: &RespondentAssessment,
    case_no: &str,
) -> Result<(), String> {
    let kind = DocKind::Receipt;
    let served_doc = if d.receipt_documents.trim().is_empty() {
        let (title, no) = match d.outcome() {
            Some(o) => (DocKind::for_outcome(o).label(), d.doc_no.trim()),
            None => (DocKind::Notice.label(), d.notice_doc_no.trim()),
        };
        format!("{title}（{no}）一份")
    } else {
        d.receipt_documents.trim().to_owned()
    };
    let cause = required(kind, &d.cause, "案由")?;
    let address = required(kind, &d.address, "送达地点")?;
    let issuer = required(kind, &d.receipt_issuer, "填发人")?;
    let deliverer = required(kind, &d.receipt_deliverer, "送达人")?;
    let blank_time = "　　　　年　　月　　日　　时　　分".to_owned();
    let method = if d.delivery_method.trim().is_empty() {
        "□直接送达　□留置送达　□委托送达　□邮寄送达".to_owned()
    } else {
        d.delivery_method.trim().to_owned()
    };
    let time = match d.delivered_on {
        Some(x) => format!("{}{}", cn_date(x), d.delivered_time.trim()),
        None => blank_time,
    };
    let sign = "　　　　　　　　　　　　年　　月　　日".to_owned();
    let agent = if d.delivery_agent.trim().is_empty() {
        sign.clone()
    } else {
        d.delivery_agent.trim().to_owned()
    };
    let witness = if d.delivery_witness.trim().is_empty() {
        sign.clone()
    } else {
        d.delivery_witness.trim().to_owned()
    };
    doc.body = vec![Block::Table {
        cols: vec![10, 18],
        rows: vec![
            vec!["案由".into(), cause],
            vec!["案号".into(), case_no.to_owned()],
            vec!["送达文书名称及文号".into(), served_doc],
            vec!["受送达人".into(), r.name.clone()],
            vec!["送达地点".into(), address],
            vec!["送达方式".into(), method],
            vec!["送达时间".into(), time],
            vec!["受送达人签名或者盖章".into(), sign],
            vec!["代收人及代收理由".into(), agent],
            vec!["留置送达见证人".into(), witness],
            vec!["备考".into(), d.delivery_note.trim().to_owned()],
            vec!["填发人".into(), issuer],
            vec!["送达人".into(), deliverer],
        ],
        min_lines: vec![1, 1, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1],
    }];
    Ok(())
}
