//! Checks that make a case unassessable: dates out of order, decided methods
//! the regulation does not allow (unknown, for another kind of respondent or
//! status, or not combinable). Errors name both fields or the article.

use super::{AssessError, CaseInput, Citation, RespondentInput, cn_date};
use crate::rules::regulation::Regulation;

/// Dates of a case must follow the procedure: conduct ≤ receipt ≤
/// investigation ≤ decision ≤ delivery; a 容错 decision not before receipt.
pub(super) fn date_order(case: &CaseInput) -> Result<(), AssessError> {
    let chain = [
        ("受理日期", case.received_on),
        ("调查开始日期", case.investigation_started_on),
        ("决定日期", case.decided_on),
        ("送达日期", case.delivered_on),
    ];
    let mut pairs: Vec<(
        &'static str,
        jiff::civil::Date,
        &'static str,
        jiff::civil::Date,
    )> = Vec::new();
    for (i, (later, later_date)) in chain.iter().enumerate() {
        let Some(later_date) = later_date else {
            continue;
        };
        // The nearest earlier date that is set.
        if let Some((earlier, Some(earlier_date))) =
            chain[..i].iter().rev().find(|(_, d)| d.is_some())
        {
            pairs.push((earlier, *earlier_date, later, *later_date));
        }
    }
    if let (Some(r), Some(t)) = (case.received_on, case.tolerance_decided_on) {
        pairs.push(("受理日期", r, "容错决定日期", t));
    }
    for r in &case.respondents {
        if let (Some(c), Some(rec)) = (r.conduct_on, case.received_on) {
            pairs.push(("行为发生日期", c, "受理日期", rec));
        }
    }
    for (earlier, e, later, l) in pairs {
        if l < e {
            return Err(AssessError::DateOrder {
                earlier,
                earlier_date: cn_date(e),
                later,
                later_date: cn_date(l),
            });
        }
    }
    Ok(())
}

/// Decided methods: each in the regulation's list, for this kind of
/// respondent and status; a method that cannot be combined stands alone
/// (004 第十条第二款: 除辞退外，既可单独适用，也可合并适用).
pub(super) fn decided_methods(reg: &Regulation, r: &RespondentInput) -> Result<(), AssessError> {
    let invalid = |message: String, cite: &crate::rules::regulation::CiteRef| {
        let c = Citation::of(reg, cite);
        AssessError::Invalid {
            name: r.name.clone(),
            message,
            article: c.short(),
            text: c.text,
        }
    };
    for id in &r.methods {
        let Some(m) = reg.method(id) else {
            return Err(AssessError::UnknownItem {
                name: r.name.clone(),
                what: "问责方式",
                id: id.clone(),
            });
        };
        if !m.for_kind(r.kind.label()) {
            return Err(invalid(
                format!("问责方式“{id}”不适用于{}", r.kind.label()),
                &m.cite,
            ));
        }
        if !m.statuses.is_empty() && !m.statuses.iter().any(|s| s == r.status.label()) {
            return Err(invalid(
                format!(
                    "问责方式“{id}”只适用于{}人员，而其身份为{}",
                    m.statuses.join("、"),
                    r.status.label()
                ),
                &m.cite,
            ));
        }
        let distinct = r.methods.iter().filter(|x| *x != id).count();
        if !m.combinable && distinct > 0 {
            let cite = if m.combinable_cite.is_empty() {
                &m.cite
            } else {
                &m.combinable_cite
            };
            return Err(invalid(
                format!("问责方式“{id}”不能与其他问责方式合并适用"),
                cite,
            ));
        }
    }
    Ok(())
}

/// A unit or a 领导班子 is a respondent only where the text allows it
/// (003 第十二、十三条).
pub(super) fn kind_allowed(reg: &Regulation, r: &RespondentInput) -> Result<(), AssessError> {
    let kind = r.kind.label();
    if r.kind == super::RespondentKind::Person
        || reg.regulation.respondent_kinds.iter().any(|k| k == kind)
    {
        return Ok(());
    }
    Err(AssessError::KindNotAllowed {
        name: r.name.clone(),
        kind,
        regulation: reg.regulation.name.clone(),
    })
}
