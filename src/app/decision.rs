//! What a decision prints: the methods the decider chose, not the
//! recommendation. The rules engine recommends ★ methods as alternatives;
//! the document states the method(s) decided, and "（待定）" while none is.

use super::wizard::WizardForm;
use crate::rules::Regulation;
use crate::rules::engine::{Assessment, Citation, MethodItem};

/// Shown in the preview until a method is chosen.
pub const UNDECIDED: &str = "（待定）";

fn citation(reg: &Regulation, cite: &crate::rules::regulation::CiteRef) -> Option<Citation> {
    let c = cite.parse().ok()?;
    Some(Citation {
        regulation: reg.id().to_owned(),
        regulation_name: reg.regulation.name.clone(),
        article: c.to_string(),
        cite: cite.raw().to_owned(),
        text: reg.cite_text(&c).unwrap_or_default(),
    })
}

/// `a` with each respondent's methods replaced by the decided ones (with
/// their own citations), or by "（待定）" while none is chosen. Outcomes
/// without methods (不予问责, 容错免责) are left as assessed.
pub fn decided_assessment(
    a: &Assessment,
    form: &WizardForm,
    reg: Option<&Regulation>,
) -> Assessment {
    let mut out = a.clone();
    if form.outcome != 0 {
        return out;
    }
    for r in &mut out.respondents {
        let chosen: Vec<MethodItem> = form
            .methods
            .iter()
            .filter_map(|id| {
                let reg = reg?;
                let m = reg.method(id)?;
                Some(MethodItem {
                    id: id.clone(),
                    group: m.group.clone(),
                    citation: citation(reg, &m.cite)?,
                })
            })
            .collect();
        if chosen.is_empty() {
            // Undecided: keep the article the alternatives come from as the basis.
            if let Some(first) = r.recommended_methods.first().cloned() {
                r.recommended_methods = vec![MethodItem {
                    id: UNDECIDED.to_owned(),
                    group: String::new(),
                    citation: first.citation,
                }];
            }
        } else {
            r.recommended_methods = chosen;
        }
    }
    out
}
