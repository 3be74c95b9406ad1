//! 统计分析报告: the half-yearly analysis 金坛办法 第二十条 asks for, laid
//! out as a GB/T 9704 document (tables on the same grid as the notices).

use jiff::civil::Date;

use super::{Block, Document};
use crate::domain::views::Statistics;
use crate::rules::engine::{UnitConsequence, cn_date};

/// Counts, charts and thresholds for one period.
#[derive(Debug, Clone, Default)]
pub struct StatisticsView {
    pub stats: Statistics,
    /// Units over 000 第八条(二)'s thresholds in the period's calendar year.
    pub(crate) thresholds: Vec<UnitConsequence>,
    /// The regulation's caption of each `stats.by_behaviour` row (same order).
    pub(crate) behaviour_labels: Vec<String>,
    /// The short name of each behaviour's regulation.
    pub(crate) behaviour_sources: Vec<String>,
    /// "000 环保厅行政效能追责制度" for each `stats.by_regulation` row.
    pub(crate) regulation_names: Vec<String>,
    /// Where the analysis is required (金坛办法 第二十条), when a regulation
    /// the office applies requires it.
    pub basis: Option<crate::rules::engine::Citation>,
    /// Where a unit's count is set (000 第八条(二)), when a regulation the
    /// office applies sets one.
    pub unit_basis: Option<crate::rules::engine::Citation>,
    /// 类案一致性: each 问责情形 and 情节 level with five or more decisions
    /// in the period, its spread of methods and its outliers.
    pub consistency: Vec<crate::rules::precedents::Cluster>,
    /// The articles of proportion the section rests on (004 第三条（三）,
    /// 000 第二条, 001 第五条), as the office's files give them.
    pub proportion: Vec<crate::rules::engine::Citation>,
}

/// The report for one period (`period` e.g. "2026年上半年").
pub fn report(view: &StatisticsView, office: &str, period: &str, today: Date) -> Document {
    let mut body = Vec::new();
    overview(&mut body, view, period);
    body.push(Block::H1("二、分类统计".into()));
    by_category(&mut body, view);
    body.push(Block::H1("三、月度趋势".into()));
    by_month(&mut body, &view.stats);
    body.push(Block::H1("四、单位问责人次情况".into()));
    unit_thresholds(&mut body, view);
    body.push(Block::H1("五、类案一致性".into()));
    consistency(&mut body, view);
    Document {
        title: format!("{period}问责工作统计分析报告"),
        doc_no: String::new(),
        // 主送: the office's leading party group, to whom the analysis reports.
        recipient: format!("{office}党组："),
        body,
        attachments: Vec::new(),
        signature: office.to_owned(),
        date: cn_date(today),
        colophon: None,
        author: office.to_owned(),
        subject: String::new(),
        mark: String::new(),
    }
}

/// The opening paragraph (with the report's basis) and 一、总体情况.
fn overview(body: &mut Vec<Block>, view: &StatisticsView, period: &str) {
    let s = &view.stats;
    let outcome = |k: &str| {
        s.by_outcome
            .iter()
            .find(|(o, _)| o == k)
            .map_or(0, |(_, n)| *n)
    };
    let basis = view.basis.as_ref().map_or_else(
        || "本单位适用的规定未规定定期分析报告问责工作情况，".to_owned(),
        |c| format!("根据{}关于“每半年分析一次问责工作情况”的规定，", c.short()),
    );
    body.push(Block::Para(format!(
        "{basis}现将{period}问责工作情况报告如下。"
    )));
    use crate::domain::procedure::DecisionKind as K;
    body.push(Block::H1("一、总体情况".into()));
    body.push(Block::Para(format!(
        "{period}共受理问责线索{}件，作出处理决定{}件，其中问责{}件、不予问责{}件、容错免责{}件（经复查变更的决定计入问责）。",
        s.cases_received,
        s.decisions,
        outcome(K::Accountability.label()),
        outcome(K::NoAccountability.label()),
        outcome(K::Exemption.label()),
    )));
}

/// A （…） heading and its two-column table, or 本期无数据.
fn table(body: &mut Vec<Block>, heading: &str, head: [&str; 2], rows: Vec<(String, i64)>) {
    body.push(Block::H2(heading.into()));
    if rows.is_empty() {
        body.push(Block::Para("本期无数据。".into()));
        return;
    }
    let mut cells = vec![vec![head[0].to_owned(), head[1].to_owned()]];
    cells.extend(rows.into_iter().map(|(k, n)| vec![k, n.to_string()]));
    body.push(Block::Table {
        cols: vec![20, 8],
        rows: cells,
        min_lines: Vec::new(),
    });
}

/// A regulation's name, never its raw id ("000 环保厅…" → "环保厅…").
fn regulation_name(view: &StatisticsView, id: &str) -> String {
    view.stats
        .by_regulation
        .iter()
        .position(|(r, _)| r == id)
        .and_then(|i| view.regulation_names.get(i))
        .map(|n| match n.split_once(' ') {
            Some((head, rest)) if head == id => rest.trim().to_owned(),
            _ => n.clone(),
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "其他规定".to_owned())
}

/// 二、分类统计's tables: by regulation, behaviour, method, unit and rank.
fn by_category(body: &mut Vec<Block>, view: &StatisticsView) {
    let s = &view.stats;
    let reg_name = |id: &str| regulation_name(view, id);
    table(
        body,
        "（一）按适用规定",
        ["适用规定", "受理件数"],
        s.by_regulation
            .iter()
            .map(|(id, n)| (reg_name(id), *n))
            .collect(),
    );
    table(
        body,
        "（二）按问责情形（前十五项）",
        ["问责情形（适用规定）", "问责人次"],
        s.by_behaviour
            .iter()
            .take(15)
            .zip(
                view.behaviour_labels
                    .iter()
                    .chain(std::iter::repeat(&String::new())),
            )
            .map(|((reg, item, n), label)| {
                let name = if label.is_empty() {
                    item.clone()
                } else {
                    label.clone()
                };
                (format!("{name}（{}）", reg_name(reg)), *n)
            })
            .collect(),
    );
    table(
        body,
        "（三）按问责方式",
        ["问责方式", "问责人次"],
        s.by_method.clone(),
    );
    table(
        body,
        "（四）按单位",
        ["单位", "受理件数"],
        s.by_unit.iter().take(20).cloned().collect(),
    );
    table(
        body,
        "（五）按职级",
        ["职级", "问责人次"],
        s.by_rank.clone(),
    );
}

/// 三、月度趋势: received and decided per month.
fn by_month(body: &mut Vec<Block>, s: &Statistics) {
    if s.by_month.is_empty() {
        body.push(Block::Para("本期无数据。".into()));
    } else {
        let mut rows = vec![vec![
            "月份".to_owned(),
            "受理".to_owned(),
            "决定".to_owned(),
        ]];
        rows.extend(
            s.by_month
                .iter()
                .map(|(m, r, d)| vec![month_label(m), r.to_string(), d.to_string()]),
        );
        body.push(Block::Table {
            cols: vec![12, 8, 8],
            rows,
            min_lines: Vec::new(),
        });
    }
}

/// 四、单位问责人次情况: units over the thresholds of the office's own
/// regulation (000 第八条(二)); said so when none sets any.
fn unit_thresholds(body: &mut Vec<Block>, view: &StatisticsView) {
    if view.thresholds.is_empty() {
        body.push(Block::Para(match &view.unit_basis {
            Some(c) => format!(
                "本年度尚无处室（单位）被问责人次达到{}规定的数量。",
                c.short()
            ),
            None => "本单位适用的规定未规定处室（单位）问责人次的数量标准。".to_owned(),
        }));
    } else {
        for t in &view.thresholds {
            body.push(Block::Para(format!(
                "{}{}年有{}人次受到通报批评以上问责，依照{}：{}。",
                t.unit,
                t.year,
                t.count,
                t.citation.short(),
                t.label
            )));
        }
    }
}

/// "2026-01" → "2026年1月" (no zero padding).
fn month_label(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mo)) => format!("{y}年{}月", mo.trim_start_matches('0')),
        None => m.to_owned(),
    }
}

/// 五、类案一致性: for each 问责情形 and 情节 level with at least five
/// decisions in the period, how they were decided and which stand two or
/// more steps from the group's middle (docs/interpretations.md).
fn consistency(body: &mut Vec<Block>, view: &StatisticsView) {
    let basis = if view.proportion.is_empty() {
        String::new()
    } else {
        let cited: Vec<String> = view.proportion.iter().map(|c| c.short()).collect();
        format!("依照{}关于过错与责任相当的规定，", cited.join("、"))
    };
    if view.consistency.is_empty() {
        body.push(Block::Para(format!(
            "{basis}本期没有同一问责情形、同一情节轻重的决定达到{}件，不作类案比较。",
            crate::rules::precedents::CLUSTER_MIN
        )));
        return;
    }
    body.push(Block::Para(format!(
        "{basis}对本期同一问责情形、同一情节轻重的决定达到{}件的，比较其问责方式：按本规定所列问责方式由轻到重的顺序，同组居中一半决定的问责方式为常见幅度，超出常见幅度两档以上的，列为明显偏离，请核对其理由是否记入案卷。",
        crate::rules::precedents::CLUSTER_MIN
    )));
    for (i, c) in view.consistency.iter().enumerate() {
        body.push(Block::H2(format!(
            "（{}）{}，情节{}",
            crate::rules::regulation::chinese_number(u32::try_from(i + 1).unwrap_or(u32::MAX)),
            c.behaviour_label,
            c.level
        )));
        let parts: Vec<String> = c
            .distribution
            .iter()
            .map(|(m, n)| format!("{m}{n}件"))
            .collect();
        let range = if c.range.0.is_empty() {
            "无可比较的问责方式".to_owned()
        } else if c.range.0 == c.range.1 {
            format!("问责方式均为{}", c.range.0)
        } else {
            format!("问责方式最轻为{}，最重为{}", c.range.0, c.range.1)
        };
        let outliers = if c.outliers.is_empty() {
            "无明显偏离的决定".to_owned()
        } else {
            let named: Vec<String> = c
                .outliers
                .iter()
                .map(|(no, got)| format!("{no}（{got}）"))
                .collect();
            format!("明显偏离的决定{}件：{}", c.outliers.len(), named.join("；"))
        };
        body.push(Block::Para(format!(
            "共{}件：{}；{range}；{outliers}。",
            c.total,
            parts.join("，")
        )));
    }
}
