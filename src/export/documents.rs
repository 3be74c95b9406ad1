//! The procedure's documents, filled from a case, its assessment and the
//! wording in `assets/templates/documents.toml`. Pure: no IO.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Deserialize;

use super::layout::{Block, Colophon, Document};
use crate::rules::engine::{Assessment, Citation, RespondentAssessment, cn_date};
use crate::rules::regulation::PeriodUnit;
use crate::rules::{Calendar, calendar::period_end};

/// The bundled wording.
pub const TEMPLATES: &str = include_str!("../../assets/templates/documents.toml");

/// The kinds `wenze export --doc` knows.
pub const KINDS: [(&str, &str); 7] = [
    ("notice", "问责事先告知书"),
    ("decision", "问责决定书"),
    ("no-accountability", "不予问责决定书"),
    ("exemption", "容错免责认定书"),
    ("correction", "纠错通知书"),
    ("receipt", "送达回证"),
    ("review", "复查决定书"),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    #[serde(default)]
    pub recipient: String,
    pub paragraphs: Vec<String>,
}

/// Parse a templates file (kind → template).
pub fn templates(source: &str) -> Result<BTreeMap<String, Template>, String> {
    toml::from_str(source).map_err(|e| format!("文书模板有误：{e}"))
}

/// What a document needs beyond the assessment.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocDetails {
    /// Issuing body (署名, 印发机关).
    pub office: String,
    /// 发文字号 of this document.
    pub doc_no: String,
    /// 案由.
    pub cause: String,
    pub gender: String,
    pub unit: String,
    pub post: String,
    pub rank: String,
    /// 送达地点.
    pub address: String,
    pub facts: Vec<String>,
    pub evidence: Vec<String>,
    /// The respondent's 陈述申辩, as recorded, and what was adopted.
    pub statement: String,
    /// Days (working) to submit 陈述申辩 after receiving the notice.
    pub statement_days: Option<u32>,
    /// Who studied and decided (e.g. 局党组会议).
    pub decider: String,
    /// 成文日期.
    pub issued_on: Option<Date>,
    /// 抄送.
    pub cc: String,
    pub correction_reason: String,
    pub correction_items: Vec<String>,
    pub correction_requirement: String,
    /// 纠错期限 in months from the issue date (default 1).
    pub correction_months: Option<u32>,
    pub original_doc_no: String,
    pub review_applied_on: Option<Date>,
    pub review_reasoning: String,
    pub review_result: String,
    /// 送达文书名称及件数.
    pub receipt_documents: String,
    pub receipt_issuer: String,
    pub receipt_deliverer: String,
}

/// Remove an item label "（七）" and trailing punctuation, for quoting inline.
fn inline_quote(text: &str) -> String {
    let t = text.trim();
    let t = match t.strip_prefix('（').and_then(|r| r.split_once('）')) {
        Some((label, rest)) if label.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
            rest
        }
        _ => t,
    };
    let t = t.split('\n').next().unwrap_or(t);
    t.trim_end_matches(['；', '。', '，', ';', '.', '：'])
        .to_owned()
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

fn fill(text: &str, vars: &HashMap<&str, String>) -> String {
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
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
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
    out
}

/// Build one of the [`KINDS`] for the first respondent of `assessment`.
pub fn build(
    kind: &str,
    details: &DocDetails,
    assessment: &Assessment,
    case_no: &str,
    delivered_on: Option<Date>,
    calendar: &Calendar,
    templates: &BTreeMap<String, Template>,
) -> Result<Document, String> {
    let r: &RespondentAssessment = assessment
        .respondents
        .first()
        .ok_or_else(|| "案件没有被问责人".to_owned())?;
    let issued = details.issued_on;
    let issued_text = issued.map(cn_date).unwrap_or_default();
    let mut vars: HashMap<&str, String> = HashMap::new();
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "（未填）".to_owned()
        } else {
            s.to_owned()
        }
    };
    vars.insert("name", r.name.clone());
    vars.insert("gender", dash(&details.gender));
    vars.insert("unit", details.unit.clone());
    vars.insert("post", details.post.clone());
    vars.insert("rank", dash(&details.rank));
    vars.insert("office", details.office.clone());
    vars.insert("case_no", case_no.to_owned());
    vars.insert(
        "evidence",
        if details.evidence.is_empty() {
            "调查笔录、书证".to_owned()
        } else {
            details.evidence.join("、")
        },
    );
    vars.insert(
        "decider",
        if details.decider.is_empty() {
            r.routing
                .as_ref()
                .map(|x| x.decider.clone())
                .unwrap_or_else(|| format!("{}领导班子", details.office))
        } else {
            details.decider.clone()
        },
    );
    let methods: Vec<&str> = r
        .recommended_methods
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    vars.insert(
        "methods",
        if methods.is_empty() {
            "免予处理".to_owned()
        } else {
            methods.join("、")
        },
    );
    let method_cites: Vec<&Citation> = r.recommended_methods.iter().map(|m| &m.citation).collect();
    let behaviour_cites: Vec<&Citation> = r.behaviours.iter().map(|b| &b.citation).collect();
    let mut basis_cites = behaviour_cites.clone();
    basis_cites.extend(method_cites.iter().copied());
    vars.insert(
        "method_basis",
        if basis_cites.is_empty() {
            format!("《{}》", assessment.regulation_name)
        } else {
            cites(&basis_cites)
        },
    );
    vars.insert(
        "statement",
        if details.statement.is_empty() {
            String::new()
        } else {
            format!(
                "{}在陈述申辩中提出：{}",
                r.name,
                details.statement.trim_end_matches('。')
            ) + "。"
        },
    );
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
    let statement_days = details.statement_days.unwrap_or(5);
    vars.insert("statement_days", statement_days.to_string());
    vars.insert(
        "statement_last_day",
        issued
            .and_then(|d| period_end(calendar, d, statement_days, PeriodUnit::WorkingDays).ok())
            .map(|e| cn_date(e.date))
            .unwrap_or_else(|| "期限届满日".to_owned()),
    );
    vars.insert(
        "notify_last_day",
        issued
            .and_then(|d| period_end(calendar, d, 7, PeriodUnit::Days).ok())
            .map(|e| cn_date(e.date))
            .unwrap_or_else(|| "期限届满日".to_owned()),
    );
    // Remedy (复查 / 申诉).
    let remedy = match &assessment.remedy {
        Some(rem) if rem.kind == "复查" => {
            let last = rem
                .last_day
                .or_else(|| {
                    delivered_on
                        .and_then(|d| period_end(calendar, d, 15, PeriodUnit::WorkingDays).ok())
                        .map(|e| e.date)
                })
                .map(|d| format!("（即{}前）", cn_date(d)))
                .unwrap_or_default();
            format!(
                "如不服本决定，可在收到本决定书之日起15个工作日内{last}，向{}申请复查（依据{}）。",
                rem.body,
                cite(&rem.citation)
            )
        }
        Some(rem) => format!(
            "如对过错的认定或者处理决定不服，可依据规定向{}提出{}（依据{}）。",
            rem.body,
            rem.kind,
            cite(&rem.citation)
        ),
        None => "如对本决定不服，可依照有关规定提出申诉。".to_owned(),
    };
    vars.insert("remedy", remedy);
    vars.insert(
        "remedy_body",
        assessment
            .remedy
            .as_ref()
            .map(|x| x.body.clone())
            .unwrap_or_else(|| details.office.clone()),
    );
    vars.insert(
        "remedy_basis",
        assessment
            .remedy
            .as_ref()
            .map(|x| cite(&x.citation))
            .unwrap_or_else(|| format!("《{}》", assessment.regulation_name)),
    );
    vars.insert("correction_reason", dash(&details.correction_reason));
    vars.insert(
        "correction_requirement",
        if details.correction_requirement.is_empty() {
            "认真分析原因、深刻汲取教训，完善制度、健全机制，防止类似错误再次发生。".to_owned()
        } else {
            details.correction_requirement.clone()
        },
    );
    vars.insert(
        "correction_deadline",
        issued
            .and_then(|d| {
                period_end(
                    calendar,
                    d,
                    details.correction_months.unwrap_or(1),
                    PeriodUnit::Months,
                )
                .ok()
            })
            .map(|e| cn_date(e.date))
            .unwrap_or_else(|| "规定期限".to_owned()),
    );
    vars.insert("original_doc_no", dash(&details.original_doc_no));
    vars.insert(
        "review_applied_on",
        details
            .review_applied_on
            .map(cn_date)
            .unwrap_or_else(|| "（未填）".to_owned()),
    );
    vars.insert("review_reasoning", details.review_reasoning.clone());
    vars.insert(
        "review_result",
        if details.review_result.is_empty() {
            "维持原问责决定".to_owned()
        } else {
            details.review_result.clone()
        },
    );

    // List placeholders.
    let mut lists: HashMap<&str, Vec<String>> = HashMap::new();
    lists.insert("facts", details.facts.clone());
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
                s.push_str(&format!("，依规{}。", f.effects.join("、")));
                s
            })
            .collect(),
    );
    lists.insert(
        "consequences",
        r.consequences
            .iter()
            .map(|c| {
                let until = c
                    .until
                    .map(|d| format!("（至{}）", cn_date(d)))
                    .unwrap_or_default();
                format!("依据{}，{}{}。", cite(&c.citation), c.label, until)
            })
            .collect(),
    );
    lists.insert(
        "tolerance",
        r.tolerance
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
            .collect(),
    );
    lists.insert("correction_items", details.correction_items.clone());

    let title = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("未知文书种类“{kind}”"))?;
    let mut doc = Document {
        title: title.to_owned(),
        doc_no: details.doc_no.clone(),
        signature: details.office.clone(),
        date: issued_text.clone(),
        author: details.office.clone(),
        ..Default::default()
    };
    if kind == "receipt" {
        doc.doc_no.clear();
        doc.body = vec![Block::Table {
            cols: vec![8, 20],
            rows: vec![
                vec!["案由".into(), details.cause.clone()],
                vec!["案号".into(), case_no.to_owned()],
                vec![
                    "送达文书名称及件数".into(),
                    details.receipt_documents.clone(),
                ],
                vec!["受送达人".into(), r.name.clone()],
                vec!["送达地点".into(), details.address.clone()],
                vec![
                    "受送达人签名或者盖章".into(),
                    "　　　　　　　　　　　　年　　月　　日".into(),
                ],
                vec![
                    "代收人及代收理由".into(),
                    "　　　　　　　　　　　　年　　月　　日".into(),
                ],
                vec!["备考".into(), String::new()],
                vec!["填发人".into(), details.receipt_issuer.clone()],
                vec!["送达人".into(), details.receipt_deliverer.clone()],
            ],
            min_lines: vec![1, 1, 2, 1, 1, 3, 3, 2, 1, 1],
        }];
        doc.signature = details.office.clone();
        return Ok(doc);
    }
    let t = templates
        .get(kind)
        .ok_or_else(|| format!("文书模板中没有“{kind}”"))?;
    doc.title = t.title.clone();
    doc.recipient = fill(&t.recipient, &vars);
    for p in &t.paragraphs {
        let key = p.trim().trim_start_matches('{').trim_end_matches('}');
        if p.trim().starts_with('{') && p.trim().ends_with('}') && lists.contains_key(key) {
            for item in &lists[key] {
                doc.body.push(Block::Para(item.clone()));
            }
            continue;
        }
        let text = fill(p, &vars);
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
    if kind == "decision" {
        doc.colophon = Some(Colophon {
            cc: details.cc.clone(),
            printer: details.office.clone(),
            date: issued_text,
        });
    }
    Ok(doc)
}
