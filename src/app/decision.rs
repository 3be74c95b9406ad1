//! What a decision prints: the methods the decider chose, not the
//! recommendation. The rules engine recommends ★ methods as alternatives;
//! the document states the method(s) decided, and "（待定）" while none is.

use super::error::{AppError, AppResult, build_document};
use super::wizard::{Outcome, RespondentForm, WizardForm};
use crate::rules::Regulation;
use crate::rules::engine::{Assessment, Citation, MethodItem};

/// Shown in the preview until a method is chosen.
pub(crate) const UNDECIDED: &str = "（待定）";

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

/// `a` (narrowed to one respondent, see [`for_respondent`]) with its methods replaced by the decided ones (with
/// their own citations), or by "（待定）" while none is chosen. Outcomes
/// without methods (不予问责, 容错免责) are left as assessed.
pub fn decided_assessment(
    a: &Assessment,
    form: &RespondentForm,
    reg: Option<&Regulation>,
) -> Assessment {
    let mut out = a.clone();
    if form.outcome != Outcome::Accountability {
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

/// The assessment narrowed to respondent `i` (documents are per respondent
/// and print the first respondent of the assessment they are given; the
/// assessment itself was made over all respondents, so joint liability
/// between them is already applied).
pub(crate) fn for_respondent(a: &Assessment, i: usize) -> Assessment {
    let mut out = a.clone();
    out.respondents = a.respondents.get(i).cloned().into_iter().collect();
    out
}

/// What respondent `i`'s document needs from the form.
pub fn doc_details(
    form: &WizardForm,
    i: usize,
    office: &str,
    doc_no: &str,
    issued_on: Option<jiff::civil::Date>,
) -> crate::export::documents::DocDetails {
    let r = form.respondents.get(i).cloned().unwrap_or_default();
    let (gender, unit, post, rank) = r.details();
    crate::export::documents::DocDetails {
        office: office.to_owned(),
        doc_no: doc_no.to_owned(),
        cause: form.summary.trim().to_owned(),
        gender,
        unit,
        post,
        rank,
        facts: form.facts_for(i),
        evidence: form.evidence_for(i),
        statement: r.statement.trim().to_owned(),
        statement_adopted: r.statement_adopted.trim().to_owned(),
        outcome: r.outcome.label().to_owned(),
        methods: r.decided_methods(),
        measures: r.decided_measures(),
        issued_on,
        ..Default::default()
    }
}

fn no_respondent() -> AppError {
    AppError::refused("没有这位被问责人")
}

/// Respondent `i`'s outcome document, with the clerk's edited paragraphs.
pub(crate) fn document(
    form: &WizardForm,
    i: usize,
    details: &crate::export::documents::DocDetails,
    assessment: &Assessment,
    case_no: &str,
    regulations: &crate::rules::RegulationSet,
    calendar: &crate::rules::Calendar,
) -> AppResult<crate::export::Document> {
    use crate::export::documents;
    let r = form.respondents.get(i).ok_or_else(no_respondent)?;
    let kind = documents::DocKind::for_outcome(r.outcome);
    let mut doc = build_document(
        kind,
        details,
        &for_respondent(assessment, i),
        case_no,
        regulations,
        calendar,
    )?;
    apply_custom_body(&mut doc, &r.custom_body);
    Ok(doc)
}

/// The 送审稿 preview of respondent `i`'s decision (no 文号 yet; "（待定）"
/// until a method is chosen), laid out as it will print.
pub(crate) fn preview(
    form: &WizardForm,
    i: usize,
    a: &Assessment,
    office: &str,
    regulations: &crate::rules::RegulationSet,
    calendar: &crate::rules::Calendar,
) -> crate::app::session::Preview {
    let mut details = doc_details(form, i, office, "", super::wizard::date(&form.decided_on));
    details.draft = true;
    details.preview = true;
    let mut template_body = Vec::new();
    let layout = (|| -> AppResult<_> {
        use crate::export::documents;
        let r = form.respondents.get(i).ok_or_else(no_respondent)?;
        let mut doc = build_document(
            documents::DocKind::for_outcome(r.outcome),
            &details,
            &for_respondent(a, i),
            "",
            regulations,
            calendar,
        )?;
        template_body = body_texts(&doc);
        apply_custom_body(&mut doc, &r.custom_body);
        // The office's chosen fonts (the register's choice, parsed at the
        // first preview, or the settings just saved) decide the line breaks.
        Ok(match crate::fonts::current_pdf_faces() {
            Some(f) => crate::export::layout_with(&doc, &f),
            None => crate::export::layout(&doc),
        }?)
    })();
    crate::app::session::Preview {
        respondent: i,
        template_body,
        layout,
    }
}

/// What the preview and the 审批签发 confirmation say of an edited body
/// whose template has changed since the edit.
pub(crate) const STALE_EDIT: &str = "注意：编辑正文后，事实或认定又有变化，模板文字已与编辑时不同；编辑后的正文不会随之更新。请核对正文，或恢复模板文字后重新编辑。";

/// An edited body whose template (facts, findings, methods) has changed
/// since 编辑正文 began.
pub(crate) fn edit_is_stale(r: &super::wizard::RespondentForm, template: &[String]) -> bool {
    !r.custom_body.is_empty() && !r.custom_body_from.is_empty() && r.custom_body_from != template
}

/// Body blocks as plain paragraphs ("# " / "## " mark headings).
pub fn body_texts(doc: &crate::export::Document) -> Vec<String> {
    use crate::export::Block;
    doc.body
        .iter()
        .filter_map(|b| match b {
            Block::H1(t) => Some(format!("# {t}")),
            Block::H2(t) => Some(format!("## {t}")),
            Block::Para(t) | Block::H3(t) | Block::Flush(t) | Block::Right(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// Replace the body with the clerk's edited paragraphs (if any).
pub(crate) fn apply_custom_body(doc: &mut crate::export::Document, custom: &[String]) {
    use crate::export::Block;
    if custom.is_empty() {
        return;
    }
    doc.body = custom
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(|t| {
            if let Some(h) = t.strip_prefix("## ") {
                Block::H2(h.to_owned())
            } else if let Some(h) = t.strip_prefix("# ") {
                Block::H1(h.to_owned())
            } else {
                Block::Para(t.to_owned())
            }
        })
        .collect();
}

/// The 复查/申诉 period in the regulation's own data, e.g.
/// "自送达之日起15个工作日" (None when the regulation gives none).
pub(crate) fn remedy_period(reg: &Regulation) -> Option<String> {
    use crate::rules::regulation::{DeadlineFrom, PeriodUnit};
    let id = &reg.regulation.remedy_deadline;
    let d = reg.deadlines.iter().find(|d| d.id.get_ref() == id)?;
    let from = match d.from {
        DeadlineFrom::Received => "受理之日",
        DeadlineFrom::InvestigationStart => "调查之日",
        DeadlineFrom::Decision => "作出决定之日",
        DeadlineFrom::Delivery => "送达之日",
        DeadlineFrom::ToleranceDecision => "作出容错免责认定之日",
    };
    let unit = match d.unit {
        PeriodUnit::Days => "日",
        PeriodUnit::WorkingDays => "个工作日",
        PeriodUnit::Months => "个月",
    };
    Some(format!("自{from}起{}{unit}", d.count))
}
