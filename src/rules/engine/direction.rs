//! How the factors combine into one direction (从重 / 从严 / 从轻 / 减轻 / 免责).

use super::*;

/// Combine the factors' effects into one direction, explaining conflicts.
pub(super) fn net_direction(factors: &[AppliedFactor]) -> (Direction, String) {
    let has = |e: &str| factors.iter().any(|f| f.effects.contains(&e));
    let aggr: Vec<&AppliedFactor> = factors
        .iter()
        .filter(|f| {
            f.effects
                .iter()
                .any(|e| ["从重", "加重", "从严"].contains(e))
        })
        .collect();
    let mitig: Vec<&AppliedFactor> = factors
        .iter()
        .filter(|f| {
            f.effects
                .iter()
                .any(|e| ["从轻", "减轻", "免责"].contains(e))
        })
        .collect();
    // A mandatory exemption that stands alone (joint dissent, full 容错).
    if let Some(exempt) = hard_exemption(factors, aggr.len()) {
        return exempt;
    }
    // 减轻 only where the text offers no 从轻 (003 第十四条第（三）项 says
    // 免责或者减轻); “从轻或减轻” is 从轻 within the level unless the deciding
    // body decides 减轻 (`mitigate`, docs/interpretations.md 4).
    let offers_lighter = factors
        .iter()
        .any(|f| f.effects.contains(&Effect::Lighter.label()));
    let lighter_kind = if has("减轻") && !offers_lighter {
        Direction::Mitigate
    } else {
        Direction::Lighter
    };
    let aggr_label = if has("从重") || has("加重") {
        "从重"
    } else {
        "从严"
    };
    match (aggr.is_empty(), mitig.is_empty()) {
        (true, true) => (Direction::None, "无从重、从轻、减轻或免责情节".to_owned()),
        (false, true) => (
            Direction::Heavier,
            format!("{aggr_label}：{}", names(&aggr)),
        ),
        (true, false) => {
            let mut text = format!("{}：{}", lighter_kind.label(), names(&mitig));
            if has("免责") {
                text.push_str("（所列情节亦允许免于处理，是否免责由决定机关研究确定）");
            }
            (lighter_kind, text)
        }
        (false, false) => conflict(&aggr, &mitig, aggr_label, lighter_kind),
    }
}

/// A mandatory exemption that stands alone (joint dissent, full 容错): 免责,
/// whatever else applies (`aggravating` 从重 factors are named as set aside).
fn hard_exemption(factors: &[AppliedFactor], aggravating: usize) -> Option<(Direction, String)> {
    let hard = |f: &&AppliedFactor| f.mandatory && f.effects == [Effect::Exempt.label()];
    if !factors.iter().any(|f| hard(&f)) {
        return None;
    }
    let names: Vec<&str> = factors
        .iter()
        .filter(hard)
        .map(|f| f.label.as_str())
        .collect();
    let mut text = format!("免责：{}", names.join("；"));
    if aggravating > 0 {
        text.push_str(&format!(
            "（另有从重情节{aggravating}项，免责情形成立时不再适用）"
        ));
    }
    Some((Direction::Exempt, text))
}

/// The factors' labels, joined with ；.
fn names(v: &[&AppliedFactor]) -> String {
    v.iter()
        .map(|f| f.label.as_str())
        .collect::<Vec<_>>()
        .join("；")
}

/// Aggravating and mitigating factors together: “应当” outweighs “可以”;
/// of equal force they cancel out and the deciding body weighs them.
fn conflict(
    aggr: &[&AppliedFactor],
    mitig: &[&AppliedFactor],
    aggr_label: &str,
    lighter_kind: Direction,
) -> (Direction, String) {
    let aggr_mandatory = aggr.iter().any(|f| f.mandatory);
    let mitig_mandatory = mitig.iter().any(|f| f.mandatory);
    if aggr_mandatory && !mitig_mandatory {
        (
            Direction::Heavier,
            format!(
                "情节冲突：应当{}（{}）与可以{}（{}）并存；“应当”优先于“可以”，{}处理，{}情节在本档内酌情考虑",
                aggr_label,
                names(aggr),
                lighter_kind.label(),
                names(mitig),
                aggr_label,
                lighter_kind.label()
            ),
        )
    } else if mitig_mandatory && !aggr_mandatory {
        (
            lighter_kind,
            format!(
                "情节冲突：应当{}（{}）与可以{}（{}）并存；“应当”优先，{}处理",
                lighter_kind.label(),
                names(mitig),
                aggr_label,
                names(aggr),
                lighter_kind.label()
            ),
        )
    } else {
        (
            Direction::None,
            format!(
                "情节冲突：{}（{}）与{}（{}）同时存在且效力相当，相互抵消，按认定情节处理，由决定机关综合裁量",
                aggr_label,
                names(aggr),
                lighter_kind.label(),
                names(mitig)
            ),
        )
    }
}
