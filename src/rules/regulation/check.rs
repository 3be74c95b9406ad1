//! Loading a regulation file and checking it: every problem in Chinese,
//! with its line.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use super::*;

/// One problem found in a regulation file, in Chinese, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "第 {l} 行：{}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// One step of a path into the file: a key, or the n-th table of an array.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The line of the deepest step of `path` the file has (a key that is
/// missing is said at its table's line); line 1 when not even the first is.
fn key_line(source: &str, path: &[Step<'_>]) -> usize {
    use toml::de::{DeTable, DeValue};
    let Ok(doc) = DeTable::parse(source) else {
        return 1;
    };
    let mut line = 1;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut value: Option<&DeValue<'_>> = None;
    for step in path {
        match (*step, table, value) {
            (Step::Key(k), Some(t), _) => {
                let Some((key, v)) = t.iter().find(|(key, _)| key.get_ref().as_ref() == k) else {
                    break;
                };
                line = line_of(source, key.span().start);
                value = Some(v.get_ref());
                table = match v.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                };
            }
            (Step::Index(i), _, Some(DeValue::Array(items))) => {
                let Some(item) = items.get(i) else {
                    break;
                };
                line = line_of(source, item.span().start);
                value = Some(item.get_ref());
                table = match item.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                };
            }
            _ => break,
        }
    }
    line
}

/// Parse a file and check it. `Err` holds every problem found.
/// Respondent statuses a regulation file may name (labels of the engine's
/// `RespondentStatus`).
pub const STATUSES: [&str; 5] = ["在职", "调离", "退休", "借调", "聘用"];
/// Respondent kinds a regulation file may name (labels of `RespondentKind`).
pub const KINDS: [&str; 3] = ["个人", "单位", "领导班子"];

pub fn load(source: &str) -> Result<Regulation, Vec<Problem>> {
    let reg: Regulation = toml::from_str(source).map_err(|e| {
        // A value missing from the whole file has no place of its own:
        // the file's last line, where it would be added.
        let line = e.span().map_or_else(
            || source.lines().count().max(1),
            |s| line_of(source, s.start),
        );
        vec![Problem {
            line: Some(line),
            message: format!("格式错误：{}", crate::zh::toml_what(&e)),
        }]
    })?;
    let problems = check(&reg, source);
    if problems.is_empty() {
        Ok(reg)
    } else {
        Err(problems)
    }
}

/// Every problem of a parsed file, each with its line where known.
pub fn check(reg: &Regulation, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_meta(reg, source, &mut problems);
    check_articles(reg, source, &mut problems);
    check_cites_and_ids(reg, source, &mut problems);
    check_references(reg, source, &mut problems);
    check_more_references(reg, source, &mut problems);
    problems
}

/// The `[regulation]` table: dates, remedy, fields that must be filled.
fn check_meta(reg: &Regulation, source: &str, problems: &mut Vec<Problem>) {
    let at = |key: &str| Some(key_line(source, &[Step::Key("regulation"), Step::Key(key)]));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });
    let m = &reg.regulation;
    for (field, value) in [
        ("id", &m.id),
        ("name", &m.name),
        ("short_name", &m.short_name),
        ("issuer", &m.issuer),
    ] {
        if value.trim().is_empty() {
            push(at(field), format!("“[regulation]”表缺少“{field}”"));
        }
    }
    for (field, value) in [("issued", &m.issued), ("effective", &m.effective)] {
        if let Some(v) = value
            && !is_iso_date(v)
        {
            push(
                at(field),
                format!("“{field}”应为“YYYY-MM-DD”格式的日期，现为“{v}”"),
            );
        }
    }
    if !["", "复查", "申诉"].contains(&m.remedy.as_str()) {
        push(
            at("remedy"),
            format!("“remedy”只能是“复查”“申诉”或空，现为“{}”", m.remedy),
        );
    }
}

/// Articles numbered 1..n, each with text.
fn check_articles(reg: &Regulation, source: &str, problems: &mut Vec<Problem>) {
    let at = |span: std::ops::Range<usize>| Some(line_of(source, span.start));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });
    // Articles: 1..n, each with text.
    if reg.articles.is_empty() {
        push(
            Some(key_line(source, &[Step::Key("regulation")])),
            "没有条文（“[[articles]]”）".to_owned(),
        );
    }
    for (i, a) in reg.articles.iter().enumerate() {
        let expected = i as u32 + 1;
        if *a.no.get_ref() != expected {
            push(
                at(a.no.span()),
                format!(
                    "条文编号应为 {expected}（按顺序、无缺号），现为 {}",
                    a.no.get_ref()
                ),
            );
        }
        if a.paragraphs.is_empty()
            || a.paragraphs
                .iter()
                .all(|p| p.text.trim().is_empty() && p.items.is_empty())
        {
            push(
                at(a.no.span()),
                format!("第{}条没有条文内容", chinese_number(*a.no.get_ref())),
            );
        }
    }
}

/// Citations resolve; ids are unique across the file.
fn check_cites_and_ids(reg: &Regulation, source: &str, problems: &mut Vec<Problem>) {
    let at = |span: std::ops::Range<usize>| Some(line_of(source, span.start));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });
    // Citations resolve.
    for (field, c) in reg.all_cites() {
        let line = at(c.0.span());
        match c.parse() {
            Err(e) => push(line, format!("“{field}”：{e}")),
            Ok(cite) => {
                if reg.cite_text(&cite).is_none() {
                    push(
                        line,
                        format!("“{field}”：引用“{}”（{}）在条文中不存在", c.raw(), cite),
                    );
                }
            }
        }
    }

    // Ids unique across the file.
    let mut seen: HashSet<&str> = HashSet::new();
    let ids = reg
        .behaviours
        .iter()
        .map(|x| &x.id)
        .chain(reg.factors.iter().map(|x| &x.id))
        .chain(reg.severity_levels.iter().map(|x| &x.id))
        .chain(reg.consequences.iter().map(|x| &x.id))
        .chain(reg.deadlines.iter().map(|x| &x.id))
        .chain(reg.tolerance.iter().flat_map(|t| {
            t.situations
                .iter()
                .chain(&t.conditions)
                .chain(&t.duty_done)
                .chain(&t.exclusions)
                .map(|x| &x.id)
        }));
    for id in ids {
        if id.get_ref().is_empty() {
            push(at(id.span()), "“id”不能为空".to_owned());
        } else if !seen.insert(id.get_ref()) {
            push(at(id.span()), format!("id“{}”重复", id.get_ref()));
        }
    }
    let mut method_ids: HashSet<&str> = HashSet::new();
    for mth in &reg.methods {
        if !method_ids.insert(mth.id.get_ref()) {
            push(
                at(mth.id.span()),
                format!("问责方式“{}”重复", mth.id.get_ref()),
            );
        }
    }
}

/// References between items: severity levels, consequences, status rules, methods.
fn check_references(reg: &Regulation, source: &str, problems: &mut Vec<Problem>) {
    let at = |span: std::ops::Range<usize>| Some(line_of(source, span.start));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });
    // References between items.
    for level in &reg.severity_levels {
        for mid in level.methods.iter().chain(&level.methods_if_impact) {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!(
                        "情节“{}”引用了不存在的问责方式“{}”",
                        level.id.get_ref(),
                        mid.get_ref()
                    ),
                );
            }
        }
        for q in &level.requires {
            for mid in &q.methods {
                if reg.method(mid.get_ref()).is_none() {
                    push(
                        at(mid.span()),
                        format!(
                            "情节“{}”的必备内容引用了不存在的问责方式“{}”",
                            level.id.get_ref(),
                            mid.get_ref()
                        ),
                    );
                }
            }
            if q.methods.is_empty() && !reg.methods.iter().any(|m| m.group == q.group) {
                push(
                    at(level.id.span()),
                    format!(
                        "情节“{}”的必备内容“{}”既未列问责方式，也未给出已有的方式类别",
                        level.id.get_ref(),
                        q.label
                    ),
                );
            }
        }
        for cid in level
            .consequences
            .iter()
            .chain(&level.consequences_if_impact)
        {
            if reg.consequence(cid.get_ref()).is_none() {
                push(
                    at(cid.span()),
                    format!(
                        "情节“{}”引用了不存在的后果“{}”",
                        level.id.get_ref(),
                        cid.get_ref()
                    ),
                );
            }
        }
    }
    let orders: BTreeSet<u32> = reg.severity_levels.iter().map(|l| l.order).collect();
    if orders.len() != reg.severity_levels.len()
        || orders
            .iter()
            .copied()
            .ne(1..=reg.severity_levels.len() as u32)
    {
        // Said at the first level whose order repeats one before it or
        // falls outside 1..=n.
        let n = reg.severity_levels.len() as u32;
        let mut seen = BTreeSet::new();
        let first = reg
            .severity_levels
            .iter()
            .find(|l| !(1..=n).contains(&l.order) || !seen.insert(l.order))
            .or(reg.severity_levels.first());
        push(
            first.map(|l| line_of(source, l.id.span().start)),
            "情节等级的“order”应从 1 起连续且不重复".to_owned(),
        );
    }
    for c in &reg.consequences {
        for mid in &c.methods {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!(
                        "后果“{}”引用了不存在的问责方式“{}”",
                        c.id.get_ref(),
                        mid.get_ref()
                    ),
                );
            }
        }
    }
    for rule in &reg.status_rules {
        for st in &rule.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    at(rule.cite.0.span()),
                    format!(
                        "“status_rules”：身份“{st}”不在 {} 之内",
                        STATUSES.join("、")
                    ),
                );
            }
        }
        for mid in &rule.methods {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!("“status_rules”引用了不存在的问责方式“{}”", mid.get_ref()),
                );
            }
        }
    }
    for mth in &reg.methods {
        for k in &mth.kinds {
            if !KINDS.contains(&k.as_str()) {
                push(
                    at(mth.id.span()),
                    format!(
                        "问责方式“{}”的“kinds”中“{k}”不在 {} 之内",
                        mth.id.get_ref(),
                        KINDS.join("、")
                    ),
                );
            }
        }
        for st in &mth.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    at(mth.id.span()),
                    format!(
                        "问责方式“{}”的“statuses”中“{st}”不在 {} 之内",
                        mth.id.get_ref(),
                        STATUSES.join("、")
                    ),
                );
            }
        }
    }
}

/// References of routing, respondent kinds, factors, deadlines and 容错.
fn check_more_references(reg: &Regulation, source: &str, problems: &mut Vec<Problem>) {
    let at = |span: std::ops::Range<usize>| Some(line_of(source, span.start));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });
    let m = &reg.regulation;
    for (i, route) in reg.routing.iter().enumerate() {
        for st in &route.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    Some(key_line(
                        source,
                        &[Step::Key("routing"), Step::Index(i), Step::Key("statuses")],
                    )),
                    format!(
                        "“[[routing]]”的“statuses”中“{st}”不在 {} 之内",
                        STATUSES.join("、")
                    ),
                );
            }
        }
    }
    for k in &m.respondent_kinds {
        if !KINDS.contains(&k.as_str()) {
            push(
                Some(key_line(
                    source,
                    &[Step::Key("regulation"), Step::Key("respondent_kinds")],
                )),
                format!("“respondent_kinds”中“{k}”不在 {} 之内", KINDS.join("、")),
            );
        }
    }
    for f in &reg.factors {
        if f.effects.is_empty() {
            push(
                at(f.id.span()),
                format!("情节因素“{}”没有“effects”", f.id.get_ref()),
            );
        }
    }
    for d in &reg.deadlines {
        if d.count == 0 {
            push(
                at(d.id.span()),
                format!("期限“{}”的“count”不能为 0", d.id.get_ref()),
            );
        }
        let ext = d.extend_unit.get_ref();
        if !ext.is_empty() && d.extension_unit().is_none() {
            push(
                at(d.extend_unit.span()),
                format!("“extend_unit”只能是“days”“working_days”“months”或空，现为“{ext}”"),
            );
        }
        if d.extend_count > 0 && d.extension_unit().is_none() {
            push(
                at(d.id.span()),
                format!(
                    "期限“{}”有“extend_count”但没有“extend_unit”",
                    d.id.get_ref()
                ),
            );
        }
    }
    for (table, key, id) in [("regulation", "remedy_deadline", &m.remedy_deadline)]
        .into_iter()
        .chain(
            reg.tolerance
                .iter()
                .map(|t| ("tolerance", "notify_deadline", &t.notify_deadline)),
        )
    {
        if !id.is_empty() && reg.deadline(id).is_none() {
            push(
                Some(key_line(source, &[Step::Key(table), Step::Key(key)])),
                format!("“{key}”引用了不存在的期限“{id}”"),
            );
        }
    }
    if let Some(t) = &reg.tolerance
        && !t.unprohibited_condition.is_empty()
        && !t
            .conditions
            .iter()
            .any(|c| *c.id.get_ref() == t.unprohibited_condition)
    {
        push(
            Some(key_line(
                source,
                &[Step::Key("tolerance"), Step::Key("unprohibited_condition")],
            )),
            format!(
                "“unprohibited_condition”引用了不存在的容错条件“{}”",
                t.unprohibited_condition
            ),
        );
    }
    if reg.tolerance.is_some() && !m.overlay {
        push(
            Some(key_line(source, &[Step::Key("tolerance")])),
            "“[tolerance]”表只用于容错纠错类（“overlay = true”）的规定".to_owned(),
        );
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}
