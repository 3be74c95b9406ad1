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
    let hard_exempt = factors
        .iter()
        .any(|f| f.mandatory && f.effects == [Effect::Exempt.label()]);
    if hard_exempt {
        let names: Vec<&str> = factors
            .iter()
            .filter(|f| f.mandatory && f.effects == [Effect::Exempt.label()])
            .map(|f| f.label.as_str())
            .collect();
        let mut text = format!("免责：{}", names.join("；"));
        if !aggr.is_empty() {
            text.push_str(&format!(
                "（另有从重情节{}项，免责情形成立时不再适用）",
                aggr.len()
            ));
        }
        return (Direction::Exempt, text);
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
            format!(
                "{aggr_label}：{}",
                aggr.iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        ),
        (true, false) => {
            let mut text = format!(
                "{}：{}",
                lighter_kind.label(),
                mitig
                    .iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            );
            if has("免责") {
                text.push_str("（所列情节亦允许免于处理，是否免责由决定机关研究确定）");
            }
            (lighter_kind, text)
        }
        (false, false) => {
            let aggr_mandatory = aggr.iter().any(|f| f.mandatory);
            let mitig_mandatory = mitig.iter().any(|f| f.mandatory);
            let names = |v: &[&AppliedFactor]| {
                v.iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            };
            if aggr_mandatory && !mitig_mandatory {
                (
                    Direction::Heavier,
                    format!(
                        "情节冲突：应当{}（{}）与可以{}（{}）并存；“应当”优先于“可以”，{}处理，{}情节在本档内酌情考虑",
                        aggr_label,
                        names(&aggr),
                        lighter_kind.label(),
                        names(&mitig),
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
                        names(&mitig),
                        aggr_label,
                        names(&aggr),
                        lighter_kind.label()
                    ),
                )
            } else {
                (
                    Direction::None,
                    format!(
                        "情节冲突：{}（{}）与{}（{}）同时存在且效力相当，相互抵消，按认定情节处理，由决定机关综合裁量",
                        aggr_label,
                        names(&aggr),
                        lighter_kind.label(),
                        names(&mitig)
                    ),
                )
            }
        }
    }
}
