//! 类案参考 in the wizard: for each respondent, the register's earlier
//! decisions for the same conduct are asked of the query thread (never read
//! on the UI thread while it runs) and kept by what they were asked for; the
//! comparison (`rules::precedents::compare`) is made when the form or the
//! answers change, never while drawing.

use crate::domain::ids::CaseId;
use std::collections::BTreeMap;

use super::WizardSession;
use crate::app::WenzeApp;
use crate::app::wizard::{Outcome, WizardStep};
use crate::domain::precedent::Precedent;
use crate::rules::precedents::{PrecedentQuery, PrecedentReport, compare};
use crate::storage::register::PRECEDENT_LIMIT;

/// What one respondent's similar decisions are read by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PrecedentKey {
    pub regulation: String,
    pub behaviour: String,
    pub level: String,
    /// The case itself, once registered, is left out.
    pub exclude_case: Option<CaseId>,
}

/// A read asked for, or its answer (an error as its Chinese message).
#[derive(Debug, Clone)]
pub(crate) enum Found {
    Pending,
    Ready(Result<Vec<Precedent>, String>),
}

/// The wizard's 类案参考: the reads by key, and each respondent's report.
#[derive(Debug, Clone, Default)]
pub(crate) struct Precedents {
    found: BTreeMap<PrecedentKey, Found>,
    /// Per respondent: the level compared and the report, or why there is
    /// none (shown as such).
    pub(crate) reports: Vec<Option<(String, Result<PrecedentReport, String>)>>,
    /// The inputs the reports were made from; `None` after an answer came.
    made_for: Option<Vec<Option<(PrecedentKey, PrecedentQuery)>>>,
}

/// Respondent `i`'s key and comparison query: the first behaviour chosen
/// and the level chosen or assessed; none before both are known.
fn inputs(w: &WizardSession, i: usize) -> Option<(PrecedentKey, PrecedentQuery)> {
    let r = w.form.respondents.get(i)?;
    let behaviour = r.behaviours.iter().next()?.clone();
    let level = if r.severity.is_empty() {
        let Some(Ok(a)) = &w.assessment else {
            return None;
        };
        a.respondents.get(i)?.severity.as_ref()?.id.clone()
    } else {
        r.severity.clone()
    };
    let key = PrecedentKey {
        regulation: w.form.regulation.clone(),
        behaviour,
        level,
        exclude_case: w.form.registered.as_ref().map(|c| c.case_id),
    };
    let chosen = if r.outcome == Outcome::Accountability {
        r.methods.iter().cloned().collect()
    } else {
        Vec::new()
    };
    let query = PrecedentQuery {
        regulation: w.form.regulation.clone(),
        factors: r
            .factors
            .iter()
            .chain(&r.overlay_factors)
            .cloned()
            .collect(),
        tolerance: !r.tolerance_situations.is_empty(),
        role: r.role.label().to_owned(),
        chosen,
        year: crate::app::wizard::date(&w.form.decided_on).map(|d| d.year()),
    };
    Some((key, query))
}

/// Once a frame (from `tick`, after the assessment): in the 处理决定 step,
/// ask for the reads not yet asked and make the reports that changed.
pub(crate) fn refresh(app: &mut WenzeApp) {
    let Some(w) = app.wizard.as_ref() else { return };
    if w.form.step != WizardStep::Decision || w.issued.is_some() {
        return;
    }
    let wanted: Vec<Option<(PrecedentKey, PrecedentQuery)>> = (0..w.form.respondents.len())
        .map(|i| inputs(w, i))
        .collect();
    let ask: Vec<PrecedentKey> = wanted
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !w.precedents.found.contains_key(k))
        .collect();
    let same = w.precedents.made_for.as_ref() == Some(&wanted);
    if same && ask.is_empty() {
        return;
    }
    for key in ask {
        let found = match app.shared.worker.as_ref() {
            Some(worker)
                if worker.send(crate::app::worker::Job::Precedents { key: key.clone() }) =>
            {
                Found::Pending
            }
            // Without the query thread the app answers here (as for pages).
            _ => Found::Ready(match &app.shared.storage {
                Some(s) => read(s, &key),
                None => Err("未打开登记簿".to_owned()),
            }),
        };
        if let Some(w) = app.wizard.as_mut() {
            w.precedents.found.insert(key, found);
        }
    }
    make_reports(app, wanted);
}

/// Each respondent's report from the reads answered so far.
fn make_reports(app: &mut WenzeApp, wanted: Vec<Option<(PrecedentKey, PrecedentQuery)>>) {
    let regs = &app.shared.regulations;
    let Some(w) = app.wizard.as_mut() else { return };
    let reports = wanted
        .iter()
        .map(|input| {
            let (key, query) = input.as_ref()?;
            let report = match w.precedents.found.get(key)? {
                Found::Pending => return None,
                Found::Ready(Err(e)) => Err(e.clone()),
                Found::Ready(Ok(found)) => Ok(compare(regs, query, found)),
            };
            Some((key.level.clone(), report))
        })
        .collect();
    w.precedents.reports = reports;
    w.precedents.made_for = Some(wanted);
}

/// Before the decision step is validated (下一步, 审批签发, `wenze case`):
/// every respondent's report made for the form as it is now, in any step.
/// A read the query thread has not answered yet is made here, at once: a
/// check that gates the permanent act must not depend on the thread's
/// timing. It is one indexed read of at most `PRECEDENT_LIMIT` rows, cached
/// by key, so the query thread's later answer (the same rows) is no second
/// read, and in the window the thread has usually answered long before.
pub(crate) fn settle(app: &mut WenzeApp) {
    let Some(w) = app.wizard.as_ref() else { return };
    if w.issued.is_some() {
        return;
    }
    let wanted: Vec<Option<(PrecedentKey, PrecedentQuery)>> = (0..w.form.respondents.len())
        .map(|i| inputs(w, i))
        .collect();
    let missing: Vec<PrecedentKey> = wanted
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !matches!(w.precedents.found.get(k), Some(Found::Ready(_))))
        .collect();
    for key in missing {
        let found = match &app.shared.storage {
            Some(s) => read(s, &key),
            None => Err("未打开登记簿".to_owned()),
        };
        if let Some(w) = app.wizard.as_mut() {
            w.precedents.found.insert(key, Found::Ready(found));
        }
    }
    make_reports(app, wanted);
}

/// The read itself (the query thread's job, or here without one).
pub(crate) fn read(
    storage: &crate::storage::Storage,
    key: &PrecedentKey,
) -> Result<Vec<Precedent>, String> {
    storage
        .similar_decisions(
            &key.regulation,
            &key.behaviour,
            &key.level,
            key.exclude_case,
            PRECEDENT_LIMIT,
        )
        .map_err(|e| format!("无法读取类案：{e}"))
}

impl WenzeApp {
    /// The query thread's answer: kept, and the reports made again.
    pub(crate) fn on_precedents(
        &mut self,
        key: PrecedentKey,
        found: Result<Vec<Precedent>, String>,
    ) {
        if let Some(w) = self.wizard.as_mut() {
            w.precedents.found.insert(key, Found::Ready(found));
            w.precedents.made_for = None;
        }
    }
}

impl WizardSession {
    /// Respondent `i`'s 类案参考: `None` while it is read or before the
    /// behaviour and level are known.
    pub(crate) fn precedent_report(
        &self,
        i: usize,
    ) -> Option<&(String, Result<PrecedentReport, String>)> {
        self.precedents.reports.get(i)?.as_ref()
    }

    /// Where a proportion warning stands without a reason, or the similar
    /// decisions could not be read: the decision may not be issued (the
    /// reports as `settle` made them).
    pub(crate) fn precedent_errors(&self) -> Vec<crate::app::wizard::FieldError> {
        let many = self.form.respondents.len() > 1;
        let mut errs = Vec::new();
        for (i, r) in self.form.respondents.iter().enumerate() {
            let who = if many {
                format!("第{}位被问责人（{}）：", i + 1, r.name())
            } else {
                String::new()
            };
            let message = match self.precedent_report(i) {
                Some((_, Err(e))) => format!(
                    "{who}{e}；所选问责方式与本单位同类决定是否相当无法核对，暂不能签发，请稍后再试"
                ),
                Some((_, Ok(report))) if r.precedent_reason.trim().is_empty() => {
                    let Some(warn) = &report.warning else {
                        continue;
                    };
                    let articles: Vec<String> = warn.citations.iter().map(|c| c.short()).collect();
                    format!(
                        "{who}所选问责方式与本单位同类决定明显不一致（见类案参考的提示），须写明理由方可签发（记入案卷和审计记录，不印入决定书）。依据：{}",
                        articles.join("、")
                    )
                }
                _ => continue,
            };
            errs.push(crate::app::wizard::FieldError {
                field: "precedent_reason",
                respondent: Some(i),
                message,
            });
        }
        errs
    }

    /// Reads still running on the query thread (tests wait for them).
    pub fn precedents_pending(&self) -> bool {
        self.precedents
            .found
            .values()
            .any(|f| matches!(f, Found::Pending))
    }
}
