//! The label of an item the clerk selected (a row of `selections`), from the
//! regulation that defines it. Kept out of `regulation/` because the build
//! script compiles that module on its own, without `domain`.

use super::regulation::{Labeled, Regulation, Tolerance};
use crate::domain::procedure::SelectionKind;

impl Regulation {
    /// The label of a selected item (none for a severity level or impact,
    /// whose id is shown as recorded).
    pub(crate) fn item_label(&self, kind: SelectionKind, id: &str) -> Option<String> {
        let tol = |pick: fn(&Tolerance) -> &Vec<Labeled>| {
            self.tolerance
                .as_ref()
                .and_then(|t| pick(t).iter().find(|x| x.id.get_ref() == id))
                .map(|x| x.label.clone())
        };
        match kind {
            SelectionKind::Behaviour => self.behaviour(id).map(|b| b.label.clone()),
            SelectionKind::Factor | SelectionKind::OverlayFactor => {
                self.factor(id).map(|f| f.label.clone())
            }
            SelectionKind::ToleranceSituation => tol(|t| &t.situations),
            SelectionKind::ToleranceCondition => tol(|t| &t.conditions),
            SelectionKind::Severity | SelectionKind::Impact => None,
        }
    }
}
