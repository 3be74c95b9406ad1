//! What a ledger row records of the conduct: the 情节 level a cell names
//! and the 问责情形 its 依据 cites by article (类案参考 reads both).

use super::squash;
use crate::rules::regulation::Regulation;

/// The 情节 level a cell names (the file's id, e.g. 较轻), or none for an
/// empty cell; another text is a problem of the row.
pub(super) fn level_of(text: &str, reg: &Regulation) -> Result<Option<String>, String> {
    let t = squash(text);
    if t.is_empty() {
        return Ok(None);
    }
    reg.severity_levels
        .iter()
        .map(|l| l.id.get_ref())
        .find(|id| squash(id) == t)
        .map(|id| Some(id.clone()))
        .ok_or_else(|| {
            let known: Vec<&str> = reg
                .severity_levels
                .iter()
                .map(|l| l.id.get_ref().as_str())
                .collect();
            format!(
                "情节轻重“{}”不是本规定的情节（可填：{}）",
                text.trim(),
                known.join("、")
            )
        })
}

/// The behaviours whose article the 依据 cites ("第六条第（七）项", brackets
/// optional): a cited article followed by an item of its own ("第六条第…")
/// is that item, not the whole article.
pub(super) fn behaviours_cited(basis: &str, reg: &Regulation) -> Vec<String> {
    let text = squash(basis);
    reg.behaviours
        .iter()
        .filter(|b| {
            let Ok(cite) = b.cite.parse() else {
                return false;
            };
            let article = squash(&cite.to_string());
            !article.is_empty()
                && text
                    .match_indices(&article)
                    .any(|(at, m)| !text[at + m.len()..].starts_with('第'))
        })
        .map(|b| b.id.get_ref().clone())
        .collect()
}
