//! The case wizard's state: raw form values (kept as typed, possibly invalid,
//! saved as drafts) apart from the validated values the register receives.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::domain::{
    CLUE_SOURCES, NewCase, NewDecision, NewPerson, RANKS, ROLES, Reporter, id_number,
};
use crate::rules::engine::{CaseInput, RespondentInput};

/// The steps, in order.
pub const STEPS: [&str; 6] = [
    "线索登记",
    "调查核实",
    "情节认定",
    "处理决定",
    "审核确认",
    "审批与送达",
];

/// Outcomes a decision can have.
pub const OUTCOMES: [&str; 3] = ["问责", "不予问责", "容错免责"];

/// 004 第十条第（十一）项's catch-all: a measure in the clerk's words is required.
pub const OTHER_METHOD: &str = "其他问责方式";

/// Raw wizard values, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WizardForm {
    pub step: usize,
    // 线索登记
    pub clue_source: usize,
    pub received_on: String,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub regulation: String,
    pub overlay: bool,
    pub summary: String,
    pub person_query: String,
    pub person_id: Option<i64>,
    pub person_label: String,
    /// The chosen existing person's rank, unit, post and gender (for routing and documents).
    pub person_rank: String,
    pub person_unit: String,
    pub person_post: String,
    pub person_gender: String,
    pub new_person: bool,
    pub np_name: String,
    pub np_gender: usize,
    pub np_unit: String,
    pub np_post: String,
    pub np_rank: usize,
    pub np_id_number: String,
    pub role: usize,
    // 调查核实
    pub facts: String,
    pub evidence: String,
    pub team: String,
    pub investigation_started_on: String,
    pub extended: bool,
    pub extension_reason: String,
    pub statement_heard_on: String,
    pub statement: String,
    /// Whether the statement's requests (e.g. 从轻) were adopted, and why.
    pub statement_adopted: String,
    // 情节认定
    pub behaviours: BTreeSet<String>,
    pub factors: BTreeSet<String>,
    pub overlay_factors: BTreeSet<String>,
    pub tolerance_situations: BTreeSet<String>,
    pub tolerance_conditions: BTreeSet<String>,
    pub severity: String,
    pub impact: bool,
    // 处理决定
    pub outcome: usize,
    pub methods: BTreeSet<String>,
    pub departure_reason: String,
    /// The concrete measure in the clerk's words (for 其他问责方式), one a line.
    pub measures: String,
    pub decided_on: String,
    /// The decision's body paragraphs as edited by the clerk (empty = from
    /// the template). "# " starts a 一、 heading, "## " a （一） heading.
    pub custom_body: Vec<String>,
    // 审批与送达
    pub approver: String,
    pub delivered_on: String,
}

/// A field with a problem, and the message shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

fn date(raw: &str) -> Option<Date> {
    raw.trim().parse().ok()
}

fn lines(raw: &str) -> Vec<String> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl WizardForm {
    /// A fresh form for `regulation`, received today.
    pub fn new(regulation: &str, today: Date) -> Self {
        WizardForm {
            regulation: regulation.to_owned(),
            received_on: today.to_string(),
            investigation_started_on: today.to_string(),
            decided_on: today.to_string(),
            severity: "较轻".to_owned(),
            ..Default::default()
        }
    }

    pub fn facts_list(&self) -> Vec<String> {
        lines(&self.facts)
    }

    pub fn evidence_list(&self) -> Vec<String> {
        lines(&self.evidence)
    }

    /// Respondent's display name.
    pub fn person_name(&self) -> String {
        if self.new_person {
            self.np_name.trim().to_owned()
        } else {
            self.person_label
                .split(['（', ' '])
                .next()
                .unwrap_or("")
                .to_owned()
        }
    }

    /// Problems of one step (empty = the step is complete).
    pub fn validate(&self, step: usize, today: Date, hearing_required: bool) -> Vec<FieldError> {
        let mut errs = Vec::new();
        let mut err =
            |field: &'static str, message: String| errs.push(FieldError { field, message });
        let check_date = |raw: &str, label: &str| -> Result<Option<Date>, String> {
            if raw.trim().is_empty() {
                return Ok(None);
            }
            match date(raw) {
                Some(d) if d > today => Err(format!("{label}不能晚于今天（{today}）")),
                Some(d) => Ok(Some(d)),
                None => Err(format!(
                    "{label}“{}”不是有效日期，请按 2026-03-05 的格式填写",
                    raw.trim()
                )),
            }
        };
        match step {
            0 => {
                match check_date(&self.received_on, "受理日期") {
                    Ok(None) => err("received_on", "请填写受理日期".to_owned()),
                    Err(m) => err("received_on", m),
                    Ok(Some(_)) => {}
                }
                if self.summary.trim().is_empty() {
                    err("summary", "请填写线索摘要".to_owned());
                }
                if self.new_person {
                    if self.np_name.trim().is_empty() {
                        err("np_name", "请填写被问责人姓名".to_owned());
                    }
                    if self.np_unit.trim().is_empty() {
                        err("np_unit", "请填写被问责人所在单位".to_owned());
                    }
                    if !self.np_id_number.trim().is_empty()
                        && let Err(e) = id_number::validate(&self.np_id_number, today)
                    {
                        err("np_id_number", e.to_string());
                    }
                } else if self.person_id.is_none() {
                    err("person", "请选择被问责人，或勾选“新增人员”".to_owned());
                }
            }
            1 => {
                if self.facts_list().is_empty() {
                    err("facts", "请至少填写一条经调查核实的事实".to_owned());
                }
                match check_date(&self.investigation_started_on, "调查开始日期") {
                    Ok(None) => err("investigation_started_on", "请填写调查开始日期".to_owned()),
                    Err(m) => err("investigation_started_on", m),
                    Ok(Some(d)) => {
                        if date(&self.received_on).is_some_and(|r| d < r) {
                            err(
                                "investigation_started_on",
                                "调查开始日期不能早于受理日期".to_owned(),
                            );
                        }
                    }
                }
                if self.extended && self.extension_reason.trim().is_empty() {
                    err("extension_reason", "延长调查期限须填写理由".to_owned());
                }
                if let Err(m) = check_date(&self.statement_heard_on, "陈述申辩日期") {
                    err("statement_heard_on", m);
                }
                if hearing_required && self.statement.trim().is_empty() {
                    err(
                        "statement",
                        "本规定要求作出决定前听取被问责人的陈述、申辩，请记录".to_owned(),
                    );
                }
            }
            2 if self.behaviours.is_empty() && self.outcome == 0 => {
                err("behaviours", "请至少认定一项问责情形".to_owned());
            }
            3 => {
                match check_date(&self.decided_on, "决定日期") {
                    Ok(None) => err("decided_on", "请填写决定日期".to_owned()),
                    Err(m) => err("decided_on", m),
                    Ok(Some(_)) => {}
                }
                if self.outcome == 0 && self.methods.is_empty() {
                    err("methods", "请选择问责方式".to_owned());
                }
                if self.outcome == 0
                    && self.methods.contains(OTHER_METHOD)
                    && self.measures_list().is_empty()
                {
                    err(
                        "measures",
                        "选择“其他问责方式”时须写明具体措施（决定书打印所写的措施）".to_owned(),
                    );
                }
            }
            5 => {
                if let Err(m) = check_date(&self.delivered_on, "送达日期") {
                    err("delivered_on", m);
                }
            }
            _ => {}
        }
        errs
    }

    /// Does the choice depart from the recommendation? The ★ methods are
    /// alternatives: choosing any of them is no departure; a method outside
    /// them is.
    pub fn departs_from(&self, recommended: &BTreeSet<String>) -> bool {
        self.outcome == 0 && self.methods.iter().any(|m| !recommended.contains(m))
    }

    /// Where the chosen methods depart from the recommendation, the reason is required.
    pub fn departure_error(&self, recommended: &BTreeSet<String>) -> Option<FieldError> {
        (self.departs_from(recommended) && self.departure_reason.trim().is_empty()).then(|| {
            FieldError {
                field: "departure_reason",
                message: "所选问责方式不在推荐（★）之列，须写明理由（将记入案卷）".to_owned(),
            }
        })
    }

    /// The case as the rules engine sees it (from whatever is valid so far).
    /// The measures as typed, one per line (or separated by 、/；).
    pub fn measures_list(&self) -> Vec<String> {
        self.measures
            .split(['\n', '、', '；', ';'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn case_input(&self, person_key: &str) -> CaseInput {
        let rank = if self.new_person {
            RANKS
                .get(self.np_rank)
                .copied()
                .unwrap_or(RANKS[0])
                .to_owned()
        } else {
            self.person_rank.clone()
        };
        CaseInput {
            case_no: String::new(),
            regulation: self.regulation.clone(),
            tolerance_overlay: self.overlay,
            received_on: date(&self.received_on),
            investigation_started_on: date(&self.investigation_started_on),
            investigation_extended: self.extended,
            decided_on: date(&self.decided_on),
            delivered_on: date(&self.delivered_on),
            tolerance_decided_on: (self.outcome == 2)
                .then(|| date(&self.decided_on))
                .flatten(),
            respondents: vec![RespondentInput {
                person_id: person_key.to_owned(),
                name: self.person_name(),
                unit: if self.new_person {
                    self.np_unit.clone()
                } else {
                    self.person_unit.clone()
                },
                rank,
                role: ROLES.get(self.role).copied().unwrap_or(ROLES[0]).to_owned(),
                behaviours: self.behaviours.iter().cloned().collect(),
                factors: self.factors.iter().cloned().collect(),
                overlay_factors: if self.overlay {
                    self.overlay_factors.iter().cloned().collect()
                } else {
                    Vec::new()
                },
                tolerance_situations: if self.overlay {
                    self.tolerance_situations.iter().cloned().collect()
                } else {
                    Vec::new()
                },
                tolerance_conditions: if self.overlay {
                    self.tolerance_conditions.iter().cloned().collect()
                } else {
                    Vec::new()
                },
                impact: self.impact,
                severity: (!self.severity.is_empty()).then(|| self.severity.clone()),
                dissent_recorded: false,
                methods: if self.outcome == 0 {
                    self.methods.iter().cloned().collect()
                } else {
                    Vec::new()
                },
                measures: if self.outcome == 0 {
                    self.measures_list()
                } else {
                    Vec::new()
                },
                ..Default::default()
            }],
        }
    }

    /// The validated new person (when adding one).
    pub fn new_person_value(&self) -> NewPerson {
        NewPerson {
            name: self.np_name.trim().to_owned(),
            gender: ["男", "女"]
                .get(self.np_gender)
                .copied()
                .unwrap_or("男")
                .to_owned(),
            id_number: Some(self.np_id_number.trim().to_uppercase()).filter(|s| !s.is_empty()),
            unit: self.np_unit.trim().to_owned(),
            post: self.np_post.trim().to_owned(),
            rank: RANKS
                .get(self.np_rank)
                .copied()
                .unwrap_or(RANKS[0])
                .to_owned(),
            party_member: false,
            status: "在职".to_owned(),
        }
    }

    /// The validated case (after step 0 passed).
    pub fn new_case_value(&self, person_id: i64) -> Option<NewCase> {
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
            respondents: vec![(
                person_id,
                ROLES.get(self.role).copied().unwrap_or(ROLES[0]).to_owned(),
            )],
            facts: self.facts_list(),
            reporter: (!self.reporter_name.trim().is_empty()).then(|| Reporter {
                name: self.reporter_name.trim().to_owned(),
                contact: self.reporter_contact.trim().to_owned(),
                note: String::new(),
            }),
        })
    }

    /// The validated decision.
    pub fn decision_value(
        &self,
        case_id: i64,
        respondent_id: i64,
        basis: String,
    ) -> Option<NewDecision> {
        Some(NewDecision {
            case_id,
            respondent_id,
            kind: OUTCOMES
                .get(self.outcome)
                .copied()
                .unwrap_or("问责")
                .to_owned(),
            methods: if self.outcome == 0 {
                self.methods.iter().cloned().collect()
            } else {
                Vec::new()
            },
            measures: if self.outcome == 0 {
                self.measures_list()
            } else {
                Vec::new()
            },
            basis,
            departure_reason: self.departure_reason.trim().to_owned(),
            decided_on: date(&self.decided_on)?,
            approved_by: self.approver.trim().to_owned(),
            supersedes: None,
        })
    }

    /// Person details for documents: (gender, unit, post, rank).
    pub fn person_details(&self) -> (String, String, String, String) {
        if self.new_person {
            (
                ["男", "女"][self.np_gender.min(1)].to_owned(),
                self.np_unit.trim().to_owned(),
                self.np_post.trim().to_owned(),
                RANKS
                    .get(self.np_rank)
                    .copied()
                    .unwrap_or(RANKS[0])
                    .to_owned(),
            )
        } else {
            (
                self.person_gender.clone(),
                self.person_unit.clone(),
                self.person_post.clone(),
                self.person_rank.clone(),
            )
        }
    }

    /// Selections to record (kind, id).
    pub fn selections(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        let mut add = |kind: &str, set: &BTreeSet<String>| {
            v.extend(set.iter().map(|i| (kind.to_owned(), i.clone())))
        };
        add("behaviour", &self.behaviours);
        add("factor", &self.factors);
        if self.overlay {
            add("overlay_factor", &self.overlay_factors);
            add("tolerance_situation", &self.tolerance_situations);
            add("tolerance_condition", &self.tolerance_conditions);
        }
        if !self.severity.is_empty() {
            v.push(("severity".to_owned(), self.severity.clone()));
        }
        if self.impact {
            v.push(("impact".to_owned(), "1".to_owned()));
        }
        v
    }
}
