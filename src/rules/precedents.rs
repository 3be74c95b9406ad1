//! 类案参考 (pure): the register's earlier decisions for the same conduct,
//! ranked by the factors they share with the respondent at hand, the
//! distribution of the methods decided, and a warning citing the articles
//! of proportion when the chosen methods leave every one of them, or when
//! the decision's own year decided the same conduct both lighter and
//! heavier and the chosen methods are far from every one of that year's.
//!
//! "Heavier" is read from the regulation file's own order of `[[methods]]`
//! (later = heavier; `docs/interpretations.md`): a decision weighs as its
//! heaviest method, and a decision without methods (不予问责, 容错免责)
//! weighs less than any method.

use crate::domain::precedent::{ClusterDecision, Precedent};
use crate::domain::procedure::DecisionKind;
use crate::rules::RegulationSet;
use crate::rules::engine::Citation;
use crate::rules::regulation::{Effect, Regulation};

/// How many of the most similar decisions are shown.
pub const NEAREST: usize = 5;
/// The fewest similar decisions a proportion warning needs.
pub const WARN_MIN: usize = 5;
/// How many steps of the regulation's `[[methods]]` order the chosen
/// methods must be from every decision of their year for the year's
/// spread to warn ("very different": at least one method lies wholly
/// between them; `docs/interpretations.md`).
pub const SPREAD_STEPS: i64 = 2;

/// The articles of proportion, as `(regulation, cite)`.
const PROPORTION: [(&str, &str); 3] = [("004", "3(3)"), ("000", "2"), ("001", "5")];

/// What the respondent at hand brings to the comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrecedentQuery {
    /// The case's regulation id.
    pub regulation: String,
    /// The respondent's chosen factor ids (the regulation's and the overlay's).
    pub factors: Vec<String>,
    /// 容错 situations recorded for the respondent.
    pub tolerance: bool,
    /// The respondent's role label (承办人 …).
    pub role: String,
    /// The methods chosen so far.
    pub chosen: Vec<String>,
    /// The decision's year (its 决定日期), for the same-year comparison;
    /// none before the date is known.
    pub year: Option<i16>,
}

/// One similar decision with how much it shares with the respondent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedPrecedent {
    pub precedent: Precedent,
    /// Shared factors, plus one each for the same 从重/从轻 direction, the
    /// same 容错 and the same role.
    pub shared: usize,
    /// The factors' labels (所具情节), in the regulation's words.
    pub factor_labels: Vec<String>,
    /// 问责方式 as shown: the methods, or the decision's kind without them.
    pub outcome: String,
    /// Changed on 复查/申诉 ("复查变更") or upheld ("复查维持"), else empty.
    pub mark: String,
}

/// Which way the chosen methods leave every similar decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    Heavier,
    Lighter,
    /// The same year decided the same conduct both lighter and heavier,
    /// and the chosen methods are `SPREAD_STEPS` or more from every one.
    Spread,
}

/// The proportion warning: its sentence and the articles it rests on.
#[derive(Debug, Clone)]
pub struct ProportionWarning {
    pub departure: Departure,
    pub message: String,
    pub citations: Vec<Citation>,
}

/// The comparison for one respondent.
#[derive(Debug, Clone, Default)]
pub struct PrecedentReport {
    pub total: usize,
    /// (问责方式 or outcome, count), most frequent first; equal counts
    /// lightest first (a decision without methods before any method).
    pub distribution: Vec<(String, usize)>,
    pub nearest: Vec<RankedPrecedent>,
    pub warning: Option<ProportionWarning>,
}

impl PrecedentReport {
    /// "同类 23 件：通报批评 14，诫勉谈话 6" (or "暂无同类决定").
    pub fn summary(&self) -> String {
        if self.total == 0 {
            return "暂无同类决定".to_owned();
        }
        let parts: Vec<String> = self
            .distribution
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect();
        format!("同类 {} 件：{}", self.total, parts.join("，"))
    }
}

/// Compare the respondent with the register's similar decisions.
pub fn compare(
    regulations: &RegulationSet,
    query: &PrecedentQuery,
    precedents: &[Precedent],
) -> PrecedentReport {
    let Some(reg) = regulations.get(&query.regulation) else {
        return PrecedentReport::default();
    };
    let overlay = regulations.overlay();
    let own_direction = direction(reg, overlay, &query.factors);
    let mut ranked: Vec<RankedPrecedent> = precedents
        .iter()
        .map(|p| rank(reg, overlay, query, own_direction, p))
        .collect();
    // Stable: among equals the newest (storage's order) comes first.
    ranked.sort_by_key(|r| std::cmp::Reverse(r.shared));
    let warning = warning(regulations, reg, query, precedents);
    ranked.truncate(NEAREST);
    PrecedentReport {
        total: precedents.len(),
        distribution: distribution(reg, precedents),
        nearest: ranked,
        warning,
    }
}

fn rank(
    reg: &Regulation,
    overlay: Option<&Regulation>,
    query: &PrecedentQuery,
    own_direction: i8,
    p: &Precedent,
) -> RankedPrecedent {
    let mut shared = p
        .factors
        .iter()
        .filter(|f| query.factors.contains(f))
        .count();
    if own_direction == direction(reg, overlay, &p.factors) {
        shared += 1;
    }
    if p.tolerance == query.tolerance {
        shared += 1;
    }
    if !query.role.is_empty() && p.role == query.role {
        shared += 1;
    }
    let factor_labels = p
        .factors
        .iter()
        .filter_map(|id| {
            reg.factor(id)
                .or_else(|| overlay.and_then(|o| o.factor(id)))
                .map(|f| f.label.clone())
        })
        .collect();
    let mark = match (p.kind, p.upheld) {
        (DecisionKind::Review, _) => "复查变更",
        (_, true) => "复查维持",
        _ => "",
    };
    RankedPrecedent {
        precedent: p.clone(),
        shared,
        factor_labels,
        outcome: outcome(p.kind, &p.methods),
        mark: mark.to_owned(),
    }
}

/// The decision's methods joined, or its kind where it has none.
fn outcome(kind: DecisionKind, methods: &[String]) -> String {
    if methods.is_empty() {
        if kind.holds_accountable() {
            DecisionKind::Accountability.label().to_owned()
        } else {
            kind.label().to_owned()
        }
    } else {
        methods.join("、")
    }
}

/// The net direction of factors: 1 从重/加重/从严, -1 从轻/减轻/免责, 0 none
/// or balanced.
fn direction(reg: &Regulation, overlay: Option<&Regulation>, factors: &[String]) -> i8 {
    let mut net = 0i32;
    for id in factors {
        let Some(f) = reg
            .factor(id)
            .or_else(|| overlay.and_then(|o| o.factor(id)))
        else {
            continue;
        };
        for e in &f.effects {
            match e {
                Effect::Heavier | Effect::Aggravate | Effect::Strict => net += 1,
                Effect::Lighter | Effect::Mitigate | Effect::Exempt => net -= 1,
            }
        }
    }
    net.signum() as i8
}

fn distribution(reg: &Regulation, precedents: &[Precedent]) -> Vec<(String, usize)> {
    spread_of(
        reg,
        precedents.iter().map(|p| (p.kind, p.methods.as_slice())),
    )
}

/// (method or outcome, count) over decisions given as (kind, methods), most
/// frequent first, equal counts lightest first.
fn spread_of<'a>(
    reg: &Regulation,
    decisions: impl Iterator<Item = (DecisionKind, &'a [String])>,
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (kind, methods) in decisions {
        let keys: Vec<String> = if methods.is_empty() {
            vec![outcome(kind, methods)]
        } else {
            methods.to_vec()
        };
        for k in keys {
            match counts.iter_mut().find(|(m, _)| *m == k) {
                Some((_, n)) => *n += 1,
                None => counts.push((k, 1)),
            }
        }
    }
    let order = |m: &str| method_rank(reg, m);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| order(&a.0).cmp(&order(&b.0))));
    counts
}

/// A method's place in the file's `[[methods]]` (0 = lightest); a name the
/// file does not list weighs as nothing.
fn method_rank(reg: &Regulation, method: &str) -> i64 {
    reg.methods
        .iter()
        .position(|m| m.id.get_ref() == method)
        .map_or(-1, |i| i as i64)
}

/// A set of methods weighs as its heaviest; none weighs -1.
fn weight(reg: &Regulation, methods: &[String]) -> i64 {
    methods
        .iter()
        .map(|m| method_rank(reg, m))
        .max()
        .unwrap_or(-1)
}

fn warning(
    regulations: &RegulationSet,
    reg: &Regulation,
    query: &PrecedentQuery,
    precedents: &[Precedent],
) -> Option<ProportionWarning> {
    if precedents.len() < WARN_MIN || query.chosen.is_empty() {
        return None;
    }
    let chosen = weight(reg, &query.chosen);
    let weights: Vec<i64> = precedents.iter().map(|p| weight(reg, &p.methods)).collect();
    let (departure, mut message) = if weights.iter().all(|w| chosen > *w) {
        (
            Departure::Heavier,
            format!(
                "所选问责方式重于本单位全部 {} 件同类决定，请核对是否过错与责任相当",
                precedents.len()
            ),
        )
    } else if weights.iter().all(|w| chosen < *w) {
        (
            Departure::Lighter,
            format!(
                "所选问责方式轻于本单位全部 {} 件同类决定，请核对是否过错与责任相当",
                precedents.len()
            ),
        )
    } else {
        (Departure::Spread, spread(reg, query, chosen, precedents)?)
    };
    let citations = proportion_citations(regulations);
    let cited: Vec<String> = citations
        .iter()
        .map(|c| format!("{}“{}”", c.short(), quoted(&c.text)))
        .collect();
    if !cited.is_empty() {
        message.push_str(&format!("（{}）", cited.join("；")));
    }
    message.push('。');
    Some(ProportionWarning {
        departure,
        message,
        citations,
    })
}

/// The articles of proportion the office's files give (004 第三条（三）,
/// 000 第二条, 001 第五条), quoted.
pub fn proportion_citations(regulations: &RegulationSet) -> Vec<Citation> {
    PROPORTION
        .iter()
        .filter_map(|(r, c)| Citation::lookup(regulations, r, c))
        .collect()
}

/// The same-year spread: the decision's year decided the same conduct and
/// level both lighter and heavier than `chosen`, and `chosen` is at least
/// `SPREAD_STEPS` from every one of them — the sentence, or none.
fn spread(
    reg: &Regulation,
    query: &PrecedentQuery,
    chosen: i64,
    precedents: &[Precedent],
) -> Option<String> {
    let year = query.year?;
    let prefix = format!("{year:04}-");
    let weights: Vec<i64> = precedents
        .iter()
        .filter(|p| p.decided_on.starts_with(&prefix))
        .map(|p| weight(reg, &p.methods))
        .collect();
    let lighter = weights.iter().filter(|w| **w < chosen).count();
    let heavier = weights.iter().filter(|w| **w > chosen).count();
    let far = weights.iter().all(|w| (chosen - w).abs() >= SPREAD_STEPS);
    (lighter > 0 && heavier > 0 && far).then(|| {
        format!(
            "{year}年本单位同类决定 {} 件，有 {lighter} 件轻于、{heavier} 件重于所选问责方式，且所选方式与其中每一件在本规定问责方式的轻重顺序上均相差两档以上，同类情形处理差异明显，请核对是否过错与责任相当",
            weights.len()
        )
    })
}

/// An item's text without its own label ("（三）") and closing mark, for
/// quoting after the citation that already names it.
fn quoted(text: &str) -> &str {
    let body = match text.strip_prefix('（').and_then(|t| t.split_once('）')) {
        Some((label, rest)) if label.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
            rest
        }
        _ => text,
    };
    body.trim_end_matches(['；', '。'])
}

/// The fewest decisions of one 问责情形 and 情节 level in a period that
/// 统计分析's 类案一致性 examines.
pub const CLUSTER_MIN: usize = 5;

/// One 问责情形 at one 情节 level in a period: how its decisions spread and
/// which stand apart (统计分析's 类案一致性).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub regulation: String,
    pub behaviour: String,
    pub level: String,
    /// The behaviour in the regulation's words (its id when unknown).
    pub behaviour_label: String,
    pub total: usize,
    /// (问责方式 or outcome, count), as in 类案参考.
    pub distribution: Vec<(String, usize)>,
    /// The lightest and heaviest method decided (by the order; the
    /// catch-all aside), equal when all agree; empty when no decision of
    /// the group has such a method.
    pub range: (String, String),
    /// (文号, what it got): decisions `SPREAD_STEPS` or more steps of the
    /// regulation's `[[methods]]` order outside the group's middle half.
    pub outliers: Vec<(String, String)>,
}

/// 004 第十条第（十一）项's catch-all: it names no weight, so it has no
/// place in the order when decisions are compared for 类案一致性.
const CATCH_ALL: &str = "其他问责方式";

/// A decision's weight for 类案一致性: its heaviest method other than the
/// catch-all; none for a decision without such a method (不予问责, 容错免责,
/// 其他问责方式 alone), which is counted but not compared.
fn comparable(reg: &Regulation, methods: &[String]) -> Option<i64> {
    methods
        .iter()
        .filter(|m| *m != CATCH_ALL)
        .map(|m| method_rank(reg, m))
        .filter(|r| *r >= 0)
        .max()
}

/// Every 问责情形 and 情节 level with at least `CLUSTER_MIN` decisions: the
/// spread of methods and the outliers, most decisions first. The group's
/// usual range is the middle half of its comparable decisions (from the
/// lower to the upper quartile of their weights); an outlier is
/// `SPREAD_STEPS` or more steps outside it (docs/interpretations.md).
pub fn consistency(regulations: &RegulationSet, decisions: &[ClusterDecision]) -> Vec<Cluster> {
    let mut groups: std::collections::BTreeMap<(&str, &str, &str), Vec<&ClusterDecision>> =
        std::collections::BTreeMap::new();
    for d in decisions {
        groups
            .entry((&d.regulation, &d.behaviour, &d.level))
            .or_default()
            .push(d);
    }
    let mut out: Vec<Cluster> = groups
        .into_iter()
        .filter(|(_, ds)| ds.len() >= CLUSTER_MIN)
        .filter_map(|((r, b, l), ds)| {
            let reg = regulations.get(r)?;
            Some(cluster(reg, (r, b, l), &ds))
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.total));
    out
}

fn cluster(reg: &Regulation, (r, b, l): (&str, &str, &str), ds: &[&ClusterDecision]) -> Cluster {
    let mut weights: Vec<i64> = ds
        .iter()
        .filter_map(|d| comparable(reg, &d.methods))
        .collect();
    weights.sort_unstable();
    let at = |i: usize| weights.get(i).copied();
    let n = weights.len().max(1);
    let usual = at((n - 1) / 4).zip(at(3 * (n - 1) / 4));
    let named = |w: Option<i64>| {
        w.and_then(|w| {
            ds.iter().find_map(|d| {
                let m = d.methods.iter().find(|m| method_rank(reg, m) == w)?;
                Some(m.clone())
            })
        })
        .unwrap_or_default()
    };
    let range = (
        named(weights.first().copied()),
        named(weights.last().copied()),
    );
    let outliers = match usual {
        Some((q1, q3)) => ds
            .iter()
            .filter(|d| {
                comparable(reg, &d.methods)
                    .is_some_and(|w| w <= q1 - SPREAD_STEPS || w >= q3 + SPREAD_STEPS)
            })
            .map(|d| (d.doc_no.clone(), outcome(d.kind, &d.methods)))
            .collect(),
        None => Vec::new(),
    };
    Cluster {
        regulation: r.to_owned(),
        behaviour: b.to_owned(),
        level: l.to_owned(),
        behaviour_label: reg
            .item_label(crate::domain::procedure::SelectionKind::Behaviour, b)
            .unwrap_or_else(|| b.to_owned()),
        total: ds.len(),
        distribution: spread_of(reg, ds.iter().map(|d| (d.kind, d.methods.as_slice()))),
        range,
        outliers,
    }
}
