//! The case wizard's state: raw form values (kept as typed, possibly invalid,
//! saved as drafts) apart from the validated values the register receives.
//! A case has any number of respondents ([`RespondentForm`]); what the case
//! shares (clue, dates, shared facts and evidence, team) is on [`WizardForm`].

mod draft;
mod respondent;
mod validate;
pub(crate) use validate::StepLaw;

use crate::domain::ids::{CaseId, PersonId, RespondentId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::domain::{CLUE_SOURCES, NewCase, Reporter};
pub use crate::export::documents::Outcome;
use crate::rules::engine::CaseInput;
pub use respondent::{GENDERS, RespondentForm};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "usize", into = "usize")]
pub enum WizardStep {
    #[default]
    Intake,
    Investigation,
    Factors,
    Decision,
    Review,
    Issue,
}

impl WizardStep {
    pub(crate) const ALL: [WizardStep; 6] = [
        Self::Intake,
        Self::Investigation,
        Self::Factors,
        Self::Decision,
        Self::Review,
        Self::Issue,
    ];
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Intake => "线索登记",
            Self::Investigation => "调查核实",
            Self::Factors => "情节认定",
            Self::Decision => "处理决定",
            Self::Review => "审核确认",
            Self::Issue => "审批与送达",
        }
    }
    /// 0-based position (the drafts table stores it).
    pub fn index(self) -> usize {
        self as usize
    }
    /// The step at `i`, the last one for anything beyond.
    pub(crate) fn from_index(i: usize) -> Self {
        Self::ALL.get(i).copied().unwrap_or(Self::Issue)
    }
    pub(crate) fn next(self) -> Self {
        Self::from_index(self.index() + 1)
    }
    pub(crate) fn prev(self) -> Self {
        Self::from_index(self.index().saturating_sub(1))
    }
    pub(crate) fn is_last(self) -> bool {
        self == Self::Issue
    }
}

impl From<usize> for WizardStep {
    fn from(i: usize) -> Self {
        Self::from_index(i)
    }
}

impl From<WizardStep> for usize {
    fn from(s: WizardStep) -> usize {
        s.index()
    }
}

/// 004 第十条第（十一）项's catch-all: a measure in the clerk's words is required.
pub(crate) const OTHER_METHOD: &str = "其他问责方式";

/// Raw wizard values, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WizardForm {
    pub step: WizardStep,
    /// The respondent shown in the per-respondent steps.
    pub current: usize,
    // 线索登记
    pub(crate) clue_source: usize,
    pub(crate) received_on: String,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub(crate) regulation: String,
    pub overlay: bool,
    pub summary: String,
    pub respondents: Vec<RespondentForm>,
    // 调查核实 (shared by the case; each respondent may have own facts too)
    pub facts: String,
    pub(crate) evidence: String,
    pub(crate) team: String,
    pub(crate) investigation_started_on: String,
    pub(crate) extended: bool,
    pub(crate) extension_reason: String,
    // 处理决定
    pub decided_on: String,
    // 审批与送达
    pub(crate) approver: String,
    pub(crate) delivered_on: String,
    /// 陈述申辩 not yet heard: a 问责事先告知书 is served first (审批签发
    /// then waits for the statement or the end of its period).
    pub(crate) notice_first: bool,
    /// The 事先告知书's 成文日期 (empty: the day it is issued).
    pub(crate) notice_on: String,
    /// The case as registered when the notices were issued (登记并签发事先
    /// 告知书): 审批签发 continues it and never registers a second case.
    pub registered: Option<RegisteredCase>,
}

/// A case the wizard registered before its decision (for the 事先告知书).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredCase {
    pub case_id: CaseId,
    pub(crate) case_no: String,
    /// The register's person of each respondent, in the form's order.
    pub(crate) people: Vec<PersonId>,
    /// The case's respondent row of each, in the form's order.
    pub(crate) respondents: Vec<RespondentId>,
}

/// A field with a problem, and the message shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub(crate) field: &'static str,
    /// The respondent whose field it is (None: a field of the case).
    pub(crate) respondent: Option<usize>,
    pub message: String,
}

pub(crate) fn date(raw: &str) -> Option<Date> {
    raw.trim().parse().ok()
}

pub(crate) fn lines(raw: &str) -> Vec<String> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl WizardForm {
    /// A fresh form for `regulation`, received today, with one respondent.
    pub(crate) fn new(regulation: &str, today: Date) -> Self {
        WizardForm {
            regulation: regulation.to_owned(),
            received_on: today.to_string(),
            investigation_started_on: today.to_string(),
            decided_on: today.to_string(),
            respondents: vec![RespondentForm::new()],
            ..Default::default()
        }
    }

    /// The respondent shown (the first if `current` is out of range).
    pub fn cur(&self) -> &RespondentForm {
        static EMPTY: std::sync::OnceLock<RespondentForm> = std::sync::OnceLock::new();
        self.respondents
            .get(self.current)
            .or_else(|| self.respondents.first())
            .unwrap_or_else(|| EMPTY.get_or_init(RespondentForm::new))
    }

    /// The respondent shown, for editing (one is added if there is none).
    pub fn cur_mut(&mut self) -> &mut RespondentForm {
        if self.respondents.is_empty() {
            self.respondents.push(RespondentForm::new());
        }
        self.current = self.current.min(self.respondents.len() - 1);
        &mut self.respondents[self.current]
    }

    /// Add a respondent and show it.
    pub(crate) fn add_respondent(&mut self) {
        self.respondents.push(RespondentForm::new());
        self.current = self.respondents.len() - 1;
    }

    /// Remove respondent `i` before issue (the last one stays, emptied).
    pub(crate) fn remove_respondent(&mut self, i: usize) {
        if i < self.respondents.len() {
            self.respondents.remove(i);
        }
        if self.respondents.is_empty() {
            self.respondents.push(RespondentForm::new());
        }
        self.current = self.current.min(self.respondents.len() - 1);
    }

    /// Facts shared by the case.
    pub(crate) fn facts_list(&self) -> Vec<String> {
        lines(&self.facts)
    }

    /// Evidence shared by the case.
    pub(crate) fn evidence_list(&self) -> Vec<String> {
        lines(&self.evidence)
    }

    /// The facts a respondent's documents state: the shared ones, then theirs.
    pub(crate) fn facts_for(&self, i: usize) -> Vec<String> {
        let mut v = self.facts_list();
        if let Some(r) = self.respondents.get(i) {
            v.extend(lines(&r.facts));
        }
        v
    }

    /// The evidence a respondent's documents state: shared, then theirs.
    pub(crate) fn evidence_for(&self, i: usize) -> Vec<String> {
        let mut v = self.evidence_list();
        if let Some(r) = self.respondents.get(i) {
            v.extend(lines(&r.evidence));
        }
        v
    }

    /// All respondents' names (for titles), joined with 、.
    pub(crate) fn names(&self) -> String {
        self.respondents
            .iter()
            .map(RespondentForm::name)
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The key the rules engine matches respondent `i`'s history with.
    pub(crate) fn person_key(&self, i: usize) -> String {
        match self.respondents.get(i).and_then(|r| r.person_id) {
            Some(id) if !self.respondents[i].new_person => id.to_string(),
            _ => format!("new-{}", i + 1),
        }
    }

    /// The case as the rules engine sees it (from whatever is valid so far),
    /// every respondent in order; `keys[i]` is respondent i's history key.
    pub(crate) fn case_input(&self, keys: &[String]) -> CaseInput {
        let decided = self.step >= WizardStep::Decision;
        CaseInput {
            case_no: String::new(),
            regulation: self.regulation.clone(),
            tolerance_overlay: self.overlay,
            received_on: date(&self.received_on),
            investigation_started_on: date(&self.investigation_started_on),
            investigation_extended: self.extended,
            // Until the decision step the form's 决定日期 is only today's
            // default: no period runs from a decision not yet made (the
            // assessment shows the rule, “自作出决定之日起算”).
            decided_on: decided.then(|| date(&self.decided_on)).flatten(),
            delivered_on: date(&self.delivered_on),
            tolerance_decided_on: (decided
                && self
                    .respondents
                    .iter()
                    .any(|r| r.outcome == Outcome::Exemption))
            .then(|| date(&self.decided_on))
            .flatten(),
            respondents: self
                .respondents
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let key = keys.get(i).cloned().unwrap_or_else(|| self.person_key(i));
                    r.input(key, self.overlay)
                })
                .collect(),
        }
    }

    /// The case with every respondent keyed by [`Self::person_key`].
    pub(crate) fn case_input_keyed(&self) -> CaseInput {
        let keys: Vec<String> = (0..self.respondents.len())
            .map(|i| self.person_key(i))
            .collect();
        self.case_input(&keys)
    }

    /// The validated case (after step 0 passed); `people[i]` is respondent
    /// i's person id in the register.
    pub(crate) fn new_case_value(&self, people: &[PersonId]) -> Option<NewCase> {
        Some(NewCase {
            case_no: None,
            regulation_id: self.regulation.clone(),
            tolerance_overlay: self.overlay,
            clue_source: CLUE_SOURCES
                .get(self.clue_source)
                .copied()
                .unwrap_or(CLUE_SOURCES[6])
                .to_owned(),
            received_on: date(&self.received_on)?,
            summary: self.summary.trim().to_owned(),
            respondents: self
                .respondents
                .iter()
                .zip(people)
                .map(|(r, id)| (*id, r.role))
                .collect(),
            facts: self.facts_list(),
            reporter: (!self.reporter_name.trim().is_empty()).then(|| Reporter {
                name: self.reporter_name.trim().to_owned(),
                contact: self.reporter_contact.trim().to_owned(),
                note: String::new(),
            }),
        })
    }
}
