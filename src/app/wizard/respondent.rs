//! One respondent of the wizard's case: who (an existing person or a new
//! one), their role, kind and status, and everything found and decided
//! about them (their own facts, 陈述申辩, factors, severity, the decision).

use crate::domain::ids::{CaseId, PersonId, RespondentId};
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Outcome, lines};
use crate::domain::procedure::SelectionKind;
use crate::domain::{NewDecision, NewPerson, RANKS, RespondentRole};
use crate::rules::engine::{RespondentInput, RespondentKind, RespondentStatus};

/// Genders as the person form offers them.
pub const GENDERS: [&str; 2] = ["男", "女"];

/// One respondent, exactly as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RespondentForm {
    // 线索登记: who
    pub(crate) person_query: String,
    pub(crate) person_id: Option<PersonId>,
    pub(crate) person_label: String,
    /// The chosen existing person's rank, unit, post and gender (for routing and documents).
    pub person_rank: String,
    pub(crate) person_unit: String,
    pub(crate) person_post: String,
    pub(crate) person_gender: String,
    pub new_person: bool,
    pub np_name: String,
    pub np_gender: usize,
    pub(crate) np_unit: String,
    pub(crate) np_post: String,
    pub(crate) np_rank: usize,
    pub(crate) np_id_number: String,
    /// 承办人 / 部门负责人 / 分管领导 / 主要负责人 (as its label in drafts).
    pub role: RespondentRole,
    /// 个人 / 单位 / 领导班子 (003 第十二、十三条).
    pub(crate) kind: RespondentKind,
    /// 在职 / 调离 / 退休 / 借调 / 聘用.
    pub(crate) status: RespondentStatus,
    // 调查核实: what concerns only this respondent
    pub facts: String,
    pub(crate) evidence: String,
    pub(crate) statement_heard_on: String,
    pub statement: String,
    /// Whether the statement's requests (e.g. 从轻) were adopted, and why.
    pub(crate) statement_adopted: String,
    /// 能够证明自己已经表示不同意见 (徐水 第九条): recorded dissent.
    pub dissent_recorded: bool,
    /// The respondent's own 分管领导 (000 第八条第（四）项), by name.
    pub supervising_leader: String,
    /// Why 容错 stands although the conduct is prohibited (001 第四条).
    pub tolerance_reason: String,
    /// The others of the 共同行为 outside this case, as typed (004 第九条).
    pub co_actors: String,
    // 情节认定
    pub behaviours: BTreeSet<String>,
    pub(crate) factors: BTreeSet<String>,
    pub(crate) overlay_factors: BTreeSet<String>,
    pub(crate) tolerance_situations: BTreeSet<String>,
    pub(crate) tolerance_conditions: BTreeSet<String>,
    pub severity: String,
    pub impact: bool,
    /// What else was found (000 第八条（四）, 001 第十三条、第十七条), stored
    /// with the respondent.
    pub findings: crate::domain::RespondentFindings,
    /// 行为发生日期 as typed (read into `findings` by `findings()`).
    pub conduct_on: String,
    /// 连带责任人 as typed, names separated by 、 (000 第八条第（四）项).
    pub liable_heads: String,
    // 处理决定
    pub outcome: Outcome,
    pub methods: BTreeSet<String>,
    pub(crate) departure_reason: String,
    /// Why the methods stand although the 类案参考 warns (the proportion
    /// articles); required while the warning is shown, recorded in the case
    /// file and its audit entry, never printed.
    pub precedent_reason: String,
    /// The concrete measure in the clerk's words (for 其他问责方式), one a line.
    pub(crate) measures: String,
    /// 容错免责: the 纠错 the decision opens (001 第十八、十九条) — its items,
    /// one a line, and the period the office sets (the text names none).
    pub correction_items: String,
    pub correction_due: String,
    /// The decision's body paragraphs as edited by the clerk (empty = from
    /// the template). "# " starts a 一、 heading, "## " a （一） heading.
    pub custom_body: Vec<String>,
    /// The template's paragraphs when 编辑正文 began: when the facts or the
    /// findings change the template afterwards, the edit is stale and the
    /// preview and the 审批签发 confirmation say so.
    pub custom_body_from: Vec<String>,
}

impl Default for RespondentForm {
    fn default() -> Self {
        Self::new()
    }
}

impl RespondentForm {
    pub(crate) fn new() -> Self {
        RespondentForm {
            person_query: String::new(),
            person_id: None,
            person_label: String::new(),
            person_rank: String::new(),
            person_unit: String::new(),
            person_post: String::new(),
            person_gender: String::new(),
            new_person: false,
            np_name: String::new(),
            np_gender: 0,
            np_unit: String::new(),
            np_post: String::new(),
            np_rank: 0,
            np_id_number: String::new(),
            role: RespondentRole::Handler,
            kind: RespondentKind::Person,
            status: RespondentStatus::Serving,
            facts: String::new(),
            evidence: String::new(),
            statement_heard_on: String::new(),
            statement: String::new(),
            statement_adopted: String::new(),
            dissent_recorded: false,
            supervising_leader: String::new(),
            tolerance_reason: String::new(),
            co_actors: String::new(),
            behaviours: BTreeSet::new(),
            factors: BTreeSet::new(),
            overlay_factors: BTreeSet::new(),
            tolerance_situations: BTreeSet::new(),
            tolerance_conditions: BTreeSet::new(),
            severity: "较轻".to_owned(),
            impact: false,
            findings: Default::default(),
            conduct_on: String::new(),
            liable_heads: String::new(),
            correction_items: String::new(),
            correction_due: String::new(),
            outcome: Outcome::Accountability,
            methods: BTreeSet::new(),
            departure_reason: String::new(),
            precedent_reason: String::new(),
            measures: String::new(),
            custom_body: Vec::new(),
            custom_body_from: Vec::new(),
        }
    }

    /// Display name.
    pub(crate) fn name(&self) -> String {
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

    /// The rank (职级类别) the engine routes by.
    pub(crate) fn rank(&self) -> String {
        if self.new_person {
            RANKS
                .get(self.np_rank)
                .copied()
                .unwrap_or(RANKS[0])
                .to_owned()
        } else {
            self.person_rank.clone()
        }
    }

    /// The measures as typed, one per line (or separated by 、/；).
    pub(crate) fn measures_list(&self) -> Vec<String> {
        self.measures
            .split(['\n', '、', '；', ';'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Facts found about this respondent only.
    pub(crate) fn own_facts(&self) -> Vec<String> {
        lines(&self.facts)
    }

    /// Evidence concerning this respondent only.
    pub(crate) fn own_evidence(&self) -> Vec<String> {
        lines(&self.evidence)
    }

    /// Methods decided (none unless the outcome is 问责).
    pub(crate) fn decided_methods(&self) -> Vec<String> {
        if self.outcome == Outcome::Accountability {
            self.methods.iter().cloned().collect()
        } else {
            Vec::new()
        }
    }

    /// Measures decided (none unless the outcome is 问责).
    pub(crate) fn decided_measures(&self) -> Vec<String> {
        if self.outcome == Outcome::Accountability {
            self.measures_list()
        } else {
            Vec::new()
        }
    }

    /// Does the choice depart from the recommendation? The ★ methods are
    /// alternatives: choosing any of them is no departure; a method outside
    /// them is.
    pub(crate) fn departs_from(&self, recommended: &BTreeSet<String>) -> bool {
        self.outcome == Outcome::Accountability
            && self.methods.iter().any(|m| !recommended.contains(m))
    }

    /// The respondent as the rules engine sees them.
    pub(crate) fn input(&self, person_key: String, overlay: bool) -> RespondentInput {
        let when = |set: &BTreeSet<String>| -> Vec<String> {
            if overlay {
                set.iter().cloned().collect()
            } else {
                Vec::new()
            }
        };
        let mut input = RespondentInput {
            person_id: person_key,
            name: self.name(),
            unit: self.details().1,
            rank: self.rank(),
            role: self.role.label().to_owned(),
            behaviours: self.behaviours.iter().cloned().collect(),
            factors: self.factors.iter().cloned().collect(),
            overlay_factors: when(&self.overlay_factors),
            tolerance_situations: when(&self.tolerance_situations),
            tolerance_conditions: when(&self.tolerance_conditions),
            impact: self.impact,
            severity: (!self.severity.is_empty()).then(|| self.severity.clone()),
            dissent_recorded: self.dissent_recorded,
            supervising_leader: self.supervising_leader.trim().to_owned(),
            co_actors: crate::domain::split_names(&self.co_actors),
            tolerance_reason: if overlay {
                self.tolerance_reason.trim().to_owned()
            } else {
                String::new()
            },
            methods: self.decided_methods(),
            measures: self.decided_measures(),
            kind: self.kind,
            status: self.status,
            ..Default::default()
        };
        // 001's items count only under the 容错纠错 overlay.
        let mut findings = self.findings();
        if !overlay {
            findings.duty_done.clear();
            findings.tolerance_exclusions.clear();
            findings.discipline_form = None;
        }
        crate::app::case_input::apply_findings(&mut input, &findings);
        input
    }

    /// What the clerk found, with the typed 行为发生日期 and 连带责任人 read
    /// in (a date that does not read is left out; validation says so).
    pub(crate) fn findings(&self) -> crate::domain::RespondentFindings {
        let mut f = self.findings.clone();
        f.conduct_on = self.conduct_on.trim().parse().ok();
        f.liable_heads = self
            .liable_heads
            .split(['、', ',', '，', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        f
    }

    /// The validated new person (when adding one).
    pub(crate) fn new_person_value(&self) -> NewPerson {
        NewPerson {
            name: self.np_name.trim().to_owned(),
            gender: GENDERS
                .get(self.np_gender)
                .copied()
                .unwrap_or(GENDERS[0])
                .to_owned(),
            id_number: Some(self.np_id_number.trim().to_uppercase()).filter(|s| !s.is_empty()),
            unit: self.np_unit.trim().to_owned(),
            post: self.np_post.trim().to_owned(),
            rank: self.rank(),
            party_member: false,
            status: self.status.label().to_owned(),
        }
    }

    /// The validated decision.
    pub(crate) fn decision_value(
        &self,
        case_id: CaseId,
        respondent_id: RespondentId,
        decided_on: jiff::civil::Date,
        approver: &str,
    ) -> NewDecision {
        NewDecision {
            case_id,
            respondent_id,
            kind: self.outcome.into(),
            methods: self.decided_methods(),
            measures: self.decided_measures(),
            basis: self
                .behaviours
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            departure_reason: self.departure_reason.trim().to_owned(),
            precedent_reason: self.precedent_reason.trim().to_owned(),
            decided_on,
            approved_by: approver.trim().to_owned(),
            supersedes: None,
        }
    }

    /// Person details for documents: (gender, unit, post, rank).
    pub(crate) fn details(&self) -> (String, String, String, String) {
        if self.new_person {
            (
                GENDERS[self.np_gender.min(1)].to_owned(),
                self.np_unit.trim().to_owned(),
                self.np_post.trim().to_owned(),
                self.rank(),
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
    pub(crate) fn selections(&self, overlay: bool) -> Vec<(SelectionKind, String)> {
        let mut v = Vec::new();
        let mut add = |kind: SelectionKind, set: &BTreeSet<String>| {
            v.extend(set.iter().map(|i| (kind, i.clone())))
        };
        add(SelectionKind::Behaviour, &self.behaviours);
        add(SelectionKind::Factor, &self.factors);
        if overlay {
            add(SelectionKind::OverlayFactor, &self.overlay_factors);
            add(
                SelectionKind::ToleranceSituation,
                &self.tolerance_situations,
            );
            add(
                SelectionKind::ToleranceCondition,
                &self.tolerance_conditions,
            );
        }
        if !self.severity.is_empty() {
            v.push((SelectionKind::Severity, self.severity.clone()));
        }
        if self.impact {
            v.push((SelectionKind::Impact, "1".to_owned()));
        }
        v
    }
}
