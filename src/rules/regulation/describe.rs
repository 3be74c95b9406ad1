//! The plain-text description of a regulation (`wenze regulations show`).

use super::*;

/// Marks conduct the file flags as prohibited (容错 cannot hold for it).
fn prohibited(yes: bool) -> &'static str {
    if yes {
        "（党纪国法明令禁止）"
    } else {
        ""
    }
}

/// A plain-text description: metadata, every article, then the structured
/// items — every id a case file can use (behaviours, methods, factors,
/// levels, 容错 situations and conditions, 履职尽责, 第十七条 exclusions).
pub(crate) fn describe(reg: &Regulation) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let m = &reg.regulation;
    let _ = writeln!(s, "{}（{}）", m.name, m.id);
    let _ = writeln!(s, "制定机关：{}", m.issuer);
    if !m.doc_number.is_empty() {
        let _ = writeln!(s, "文号：{}", m.doc_number);
    }
    if let Some(e) = &m.effective {
        let _ = writeln!(s, "施行日期：{e}");
    }
    if !m.effective_text.is_empty() {
        let _ = writeln!(s, "施行条款：{}", m.effective_text);
    }
    s.push('\n');
    let mut chapter: Option<&str> = None;
    for a in &reg.articles {
        if let Some(c) = a.chapter.as_deref()
            && chapter != Some(c)
        {
            let _ = writeln!(s, "{c}");
            chapter = Some(c);
        }
        let no = *a.no.get_ref();
        let label = match m.numbering {
            Numbering::Article => format!("第{}条 ", chinese_number(no)),
            Numbering::Ordinal => format!("{}、", chinese_number(no)),
        };
        let _ = writeln!(s, "{label}{}", reg.article_text(no).unwrap_or_default());
    }
    let cite = |c: &CiteRef| {
        c.parse()
            .map(|c| c.to_string())
            .unwrap_or_else(|_| c.raw().to_owned())
    };
    let mut section = |title: &str, rows: Vec<String>| {
        if !rows.is_empty() {
            let _ = writeln!(s, "\n【{title}】");
            for r in rows {
                let _ = writeln!(s, "  {r}");
            }
        }
    };
    section(
        "问责情形",
        reg.behaviours
            .iter()
            .map(|b| {
                format!(
                    "{}\t{}\t{}{}",
                    b.id.get_ref(),
                    cite(&b.cite),
                    b.label,
                    prohibited(b.prohibited)
                )
            })
            .collect(),
    );
    section(
        "问责方式",
        reg.methods
            .iter()
            .map(|x| format!("{}\t{}\t{}", x.id.get_ref(), x.group, cite(&x.cite)))
            .collect(),
    );
    section(
        "情节",
        reg.factors
            .iter()
            .map(|f| {
                let effects: Vec<&str> = f.effects.iter().map(|e| e.label()).collect();
                format!(
                    "{}\t{}\t{}{}\t{}{}",
                    f.id.get_ref(),
                    cite(&f.cite),
                    if f.mandatory { "应当" } else { "可以" },
                    effects.join("/"),
                    f.label,
                    prohibited(f.prohibited)
                )
            })
            .collect(),
    );
    section(
        "情节等级",
        reg.severity_levels
            .iter()
            .map(|l| {
                let parts: Vec<String> = l
                    .requires
                    .iter()
                    .map(|q| format!("{}（{}）", q.label, cite(&q.cite)))
                    .collect();
                format!(
                    "{}\t{}\t{}{}",
                    l.id.get_ref(),
                    cite(&l.cite),
                    if l.editorial {
                        "参考分档"
                    } else {
                        "条文分档"
                    },
                    if parts.is_empty() {
                        String::new()
                    } else {
                        format!("\t必备：{}", parts.join("；"))
                    }
                )
            })
            .collect(),
    );
    if let Some(t) = &reg.tolerance {
        let rows = |list: &[Labeled]| -> Vec<String> {
            list.iter()
                .map(|x| format!("{}\t{}\t{}", x.id.get_ref(), cite(&x.cite), x.label))
                .collect()
        };
        section("容错情形", rows(&t.situations));
        section("容错条件", rows(&t.conditions));
        section("履职尽责情形", rows(&t.duty_done));
        section("不纳入容错的情形", rows(&t.exclusions));
    }
    section(
        "期限",
        reg.deadlines
            .iter()
            .map(|d| format!("{}\t{}\t{}", d.id.get_ref(), cite(&d.cite), d.label))
            .collect(),
    );
    section(
        "后果",
        reg.consequences
            .iter()
            .map(|c| format!("{}\t{}\t{}", c.id.get_ref(), cite(&c.cite), c.label))
            .collect(),
    );
    s
}
