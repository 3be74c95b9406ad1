//! The rules engine's `CaseInput` and the documents' `DocDetails` built from
//! a case as the register holds it (`domain::record::CaseRecord`, read by
//! `Storage::case_record`): every respondent for the engine (so joint
//! liability applies), the chosen one first; that respondent's decision,
//! 文号, facts, evidence and statement for the documents. Documents print
//! the assessment's first respondent.

use crate::domain::ids::{CaseId, PersonId, RespondentId};
use crate::domain::procedure::SelectionKind;
use crate::domain::record::{CaseRecord, RespondentRecord};
use crate::export::documents::{DocDetails, Outcome};
use crate::rules::engine::{CaseInput, RespondentInput, RespondentKind, RespondentStatus};
use crate::storage::{Storage, StorageError};

/// A registered case for the rules engine and one respondent's documents.
#[derive(Debug, Clone)]
pub struct CaseExport {
    pub case: CaseInput,
    pub details: DocDetails,
    /// The respondents' persons, in the order of `case.respondents`.
    pub person_ids: Vec<PersonId>,
    /// The chosen respondent's outcome decision (问责 / 不予问责 / 容错免责), if any.
    pub outcome: Option<String>,
}

/// Gathering a registered case for assessment and export: what the register
/// holds (`Storage::case_record`), built into the engine's and the
/// documents' input here.
pub trait CaseExports {
    /// Every respondent (joint liability applies), the documents' details
    /// for the first. For another respondent see `case_export_for`.
    fn case_export(&self, case_id: CaseId) -> Result<CaseExport, StorageError> {
        self.case_export_for(case_id, None)
    }

    /// Every respondent, with `respondent` (a `respondents` row id; None:
    /// the first) placed first, and the documents' details for that
    /// respondent — their own decision, 文号, facts, evidence and statement.
    fn case_export_for(
        &self,
        case_id: CaseId,
        respondent: Option<RespondentId>,
    ) -> Result<CaseExport, StorageError>;
}

impl CaseExports for Storage {
    fn case_export_for(
        &self,
        case_id: CaseId,
        respondent: Option<RespondentId>,
    ) -> Result<CaseExport, StorageError> {
        CaseExport::from_record(&self.case_record(case_id)?, respondent)
    }
}

impl CaseExport {
    /// The engine's and the documents' input for `respondent` (a
    /// `respondents` row id; None: the first) of a case read from the register.
    pub(crate) fn from_record(
        rec: &CaseRecord,
        respondent: Option<RespondentId>,
    ) -> Result<Self, StorageError> {
        let chosen = match respondent {
            None => rec.respondents.first(),
            Some(id) => rec.respondents.iter().find(|r| r.id == id),
        };
        let Some(chosen) = chosen else {
            return Err(StorageError::Invalid(match respondent {
                None => format!("案件 {} 没有被问责人", rec.case_no),
                Some(id) => format!("案件 {} 没有编号为 {id} 的被问责人", rec.case_no),
            }));
        };
        let mut order = vec![chosen];
        order.extend(rec.respondents.iter().filter(|r| r.id != chosen.id));
        let case = CaseInput {
            case_no: rec.case_no.clone(),
            regulation: rec.regulation.clone(),
            tolerance_overlay: rec.tolerance_overlay,
            received_on: rec.received_on,
            investigation_started_on: rec.investigation_started_on,
            investigation_extended: rec.investigation_extended,
            decided_on: rec.decided_on,
            // This respondent's remedy period runs from their own delivery.
            delivered_on: chosen.delivered_on,
            tolerance_decided_on: chosen
                .decision
                .as_ref()
                .filter(|d| d.kind == Outcome::Exemption.label())
                .and_then(|d| d.decided_on),
            respondents: order.iter().map(|r| respondent_input(r)).collect(),
        };
        Ok(CaseExport {
            case,
            details: doc_details(rec, chosen),
            person_ids: order.iter().map(|r| r.person_id).collect(),
            outcome: chosen.decision.as_ref().map(|d| d.kind.clone()),
        })
    }
}

/// What the clerk found beyond the regulation's items, as the engine takes
/// it — one mapping for the register's record and the wizard's form.
pub(crate) fn apply_findings(input: &mut RespondentInput, f: &crate::domain::RespondentFindings) {
    input.serious_impact = f.serious_impact;
    input.appraisal_deduction = f.appraisal_deduction;
    input.circulated_criticism = f.circulated_criticism;
    input.duty_done = f.duty_done.clone();
    input.tolerance_exclusions = f.tolerance_exclusions.clone();
    input.discipline_form = f
        .discipline_form
        .as_deref()
        .and_then(crate::rules::engine::DisciplineForm::from_label);
    input.conduct_on = f.conduct_on;
    input.aggravate = f.aggravate;
    input.mitigate = f.mitigate;
    input.liable_heads = f.liable_heads.clone();
}

/// One respondent as the rules engine sees them. The behaviours found are
/// the clerk's selections (the wizard and the demo both record them there).
fn respondent_input(r: &RespondentRecord) -> RespondentInput {
    let (methods, measures) = match &r.decision {
        Some(d) => (d.methods.clone(), d.measures.clone()),
        None => (Vec::new(), Vec::new()),
    };
    let mut input = RespondentInput {
        person_id: r.person_id.to_string(),
        name: r.name.clone(),
        unit: r.unit.clone(),
        rank: r.rank.clone(),
        role: r.role.label().to_owned(),
        behaviours: r.picked(SelectionKind::Behaviour),
        factors: r.picked(SelectionKind::Factor),
        overlay_factors: r.picked(SelectionKind::OverlayFactor),
        tolerance_situations: r.picked(SelectionKind::ToleranceSituation),
        tolerance_conditions: r.picked(SelectionKind::ToleranceCondition),
        impact: !r.picked(SelectionKind::Impact).is_empty(),
        severity: r.picked(SelectionKind::Severity).into_iter().next(),
        dissent_recorded: r.dissent_recorded,
        supervising_leader: r.supervising_leader.clone(),
        tolerance_reason: r.tolerance_reason.clone(),
        co_actors: r.co_actors.clone(),
        methods,
        measures,
        // A kind or status this version does not know reads as the
        // default (个人, 在职), as the register always has.
        kind: RespondentKind::ALL
            .into_iter()
            .find(|k| k.label() == r.kind)
            .unwrap_or_default(),
        status: RespondentStatus::ALL
            .into_iter()
            .find(|k| k.label() == r.status)
            .unwrap_or_default(),
        ..Default::default()
    };
    apply_findings(&mut input, &r.findings);
    input
}

/// What the documents print for `chosen`: the case's own parts (office,
/// notice, 纠错, 复查, the latest delivery's 送达回证) and the respondent's.
fn doc_details(rec: &CaseRecord, chosen: &RespondentRecord) -> DocDetails {
    let decision = chosen.decision.as_ref();
    let delivery = chosen.delivery.clone().unwrap_or_default();
    let review = chosen.review.as_ref();
    let settings = rec.doc_settings.clone();
    let doc_no = decision.map(|d| d.doc_no.clone()).unwrap_or_default();
    let with_corrections = !rec.corrections.is_empty();
    let (statement, statement_adopted) = chosen.statement.clone().unwrap_or_default();
    DocDetails {
        office: rec.office.clone(),
        doc_no,
        issued_on: decision.and_then(|d| d.decided_on),
        outcome: decision.map(|d| d.kind.clone()).unwrap_or_default(),
        stage: Some(rec.stage),
        methods: decision.map(|d| d.methods.clone()).unwrap_or_default(),
        measures: decision.map(|d| d.measures.clone()).unwrap_or_default(),
        notice_doc_no: rec
            .notice
            .as_ref()
            .map(|n| n.doc_no.clone())
            .unwrap_or_default(),
        notice_issued_on: rec.notice.as_ref().and_then(|n| n.issued_on),
        cause: rec.summary.trim_end_matches('。').to_owned(),
        gender: chosen.gender.clone(),
        unit: chosen.unit.clone(),
        post: chosen.post.clone(),
        rank: chosen.rank.clone(),
        address: delivery.address,
        facts: chosen.facts.clone(),
        evidence: chosen.evidence.clone(),
        statement,
        statement_adopted,
        statement_days: settings.statement_days,
        decider: settings.decider,
        cc: settings.cc,
        remedy_body: settings.remedy_body,
        remedy_period: settings.remedy_period,
        correction_followup: with_corrections,
        correction_doc_no: rec
            .correction
            .as_ref()
            .map(|n| n.doc_no.clone())
            .unwrap_or_default(),
        correction_issued_on: rec.correction.as_ref().and_then(|n| n.issued_on),
        correction_reason: if with_corrections {
            rec.summary.clone()
        } else {
            String::new()
        },
        correction_items: rec.corrections.clone(),
        // This respondent's own 复查 (the applicant is the one chosen).
        original_doc_no: review
            .map(|r| r.original_doc_no.clone())
            .unwrap_or_default(),
        review_doc_no: review.map(|r| r.doc_no.clone()).unwrap_or_default(),
        review_issued_on: review.and_then(|r| r.decided_on),
        review_result: review
            .map(|r| r.outcome.result_text(&r.original_doc_no, &r.methods))
            .unwrap_or_default(),
        review_applied_on: review.and_then(|r| r.applied_on),
        review_reasoning: review.map(|r| r.reasoning.clone()).unwrap_or_default(),
        review_grounds: review.map(|r| r.grounds.clone()).unwrap_or_default(),
        review_follows: String::new(),
        // This respondent's remedy period runs from their own delivery;
        // undelivered, the case's 送达回证 lists nothing for them.
        receipt_documents: if chosen.delivered {
            delivery.documents
        } else {
            String::new()
        },
        receipt_made_on: delivery.made_on,
        receipt_issuer: delivery.issuer,
        receipt_deliverer: delivery.deliverer,
        delivery_method: delivery.method,
        delivered_on: chosen.delivered_on,
        delivered_time: delivery.served_at,
        delivery_agent: delivery.agent,
        delivery_witness: delivery.witness,
        delivery_note: delivery.note,
        correction_requirement: String::new(),
        correction_months: None,
        correction_due: rec.correction_due,
        draft: false,
        preview: false,
    }
}
