//! The documents' phrases: quoting and citing, filling a template,
//! periods, the remedy, the decider, the methods decided, the 陈述申辩 and
//! 容错 notification paragraphs.

use std::collections::HashMap;

use super::{DocDetails, DocKind};
use crate::rules::engine::{Assessment, Citation, RespondentAssessment, cn_date};
use crate::rules::regulation::{PeriodUnit, Regulation};
use crate::rules::{Calendar, RegulationSet, calendar::period_end};

/// The catch-all method of 004 第十条: never printed as such.
pub(super) const OTHER_METHOD: &str = "其他问责方式";

/// Remove an item label "（七）" and trailing punctuation, for quoting inline;
/// double quotes inside become single quotes (GB/T 15834 4.1.2).
pub(super) fn inline_quote(text: &str) -> String {
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

pub(super) fn cite(c: &Citation) -> String {
    format!("《{}》{}", c.regulation_name, c.article)
}

/// Join citations of one regulation: 《…》第五条第（二）项、第十一条.
pub(super) fn cites(list: &[&Citation]) -> String {
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

pub(super) fn fill(text: &str, vars: &HashMap<&str, String>) -> Result<String, String> {
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
pub(super) fn required(kind: DocKind, value: &str, field: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        Err(format!("不能导出{}：未填写{field}", kind.label()))
    } else {
        Ok(v.to_owned())
    }
}

pub(super) fn period_label(count: u32, unit: PeriodUnit) -> String {
    match unit {
        PeriodUnit::Days => format!("{count}日"),
        PeriodUnit::WorkingDays => format!("{count}个工作日"),
        PeriodUnit::Months => format!("{count}个月"),
    }
}

/// The office's remedy period setting ("30日", "15个工作日", "1个月").
pub(crate) fn parse_period(s: &str) -> Option<(u32, PeriodUnit)> {
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
pub(super) fn remedy_text(
    reg: &Regulation,
    a: &Assessment,
    d: &DocDetails,
) -> Result<String, String> {
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
            Ok(
                if rem.kind == crate::domain::procedure::RemedyKind::Review {
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
                },
            )
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

/// The body that decides for this respondent, without routing notes, as
/// the regulation names it: the office's setting wins; else the routing rule
/// for the respondent (by rank, or the one rule for everyone, e.g. 000
/// 第八条第（一）项 厅党组会); else the regulation's own deciding body (001
/// 第十六条 单位党组, the office's 党组); else, where the text names no single
/// body (有关部门, 主管部门或所在单位), the office's own leadership.
pub(super) fn decider(
    reg: &Regulation,
    r: &RespondentAssessment,
    rank: &str,
    d: &DocDetails,
    office: &str,
) -> String {
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
    // One named body: 所在单位 is the office itself; a choice (或), an
    // unnamed 有关部门 or a rule by rank written as a list is not one body.
    let single = |name: &str| -> Option<String> {
        let name = strip(name);
        let name = match name.strip_prefix("所在单位") {
            Some(rest) if !rest.is_empty() => format!("{office}{rest}"),
            _ => name,
        };
        let one = !name.is_empty()
            && !name.contains('或')
            && !name.contains("有关")
            && !name.contains("所在单位")
            && !name.contains('：')
            && !name.contains('；');
        one.then_some(name)
    };
    let own = format!("{office}领导班子集体");
    if let Some(routing) = &r.routing
        && reg.routing.iter().any(|x| {
            strip(&x.decider) == strip(&routing.decider)
                && (x.ranks.is_empty() || x.ranks.iter().any(|k| k == rank))
        })
        && let Some(name) = single(&routing.decider)
    {
        return name;
    }
    single(&reg.regulation.decider).unwrap_or(own)
}

/// A fact as recorded, without the opening the template already says.
pub(super) fn fact(text: &str) -> String {
    let t = text.trim();
    t.strip_prefix("经调查核实，")
        .or_else(|| t.strip_prefix("经调查核实,"))
        .unwrap_or(t)
        .to_owned()
}

/// The decided methods as printed: 其他问责方式 is replaced by the clerk's
/// wording of the measure.
pub(super) fn methods_text(kind: DocKind, d: &DocDetails) -> Result<String, String> {
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

/// The notice's 陈述申辩 paragraph: the right as the regulation gives it
/// (002 第十五条), the period from receipt of the notice. Where the text
/// names no period the office's setting is used; without one, no notice.
pub(super) fn hearing_text(
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
pub(super) fn reg_notify(
    regulations: &RegulationSet,
    d: &DocDetails,
    calendar: &Calendar,
) -> String {
    let Some(overlay) = regulations.overlay() else {
        return String::new();
    };
    let Some(dl) = overlay.deadline(crate::rules::regulation::TOLERANCE_NOTIFY) else {
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
