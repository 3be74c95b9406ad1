//! Validation of the wizard's steps: Chinese messages beside their fields,
//! per respondent where the field is a respondent's.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::{FieldError, OTHER_METHOD, Outcome, RespondentForm, WizardForm, WizardStep, date};
use crate::domain::id_number;

/// A date field: empty, valid and not in the future, or a message.
fn check_date(raw: &str, label: &str, today: Date) -> Result<Option<Date>, String> {
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
}

/// The respondent's name in a message: "第2位被问责人（张三）".
fn who(i: usize, r: &RespondentForm, many: bool) -> String {
    if !many {
        return String::new();
    }
    let name = r.name();
    if name.is_empty() {
        format!("第{}位被问责人：", i + 1)
    } else {
        format!("第{}位被问责人（{name}）：", i + 1)
    }
}

/// What the regulation asks of the form, beyond the form itself.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StepLaw {
    /// 陈述申辩 before the decision (002 第十五条).
    pub(crate) hearing_required: bool,
    /// 处室负责人 and 分管领导 answer jointly for their 当事人's penalty
    /// (000 第八条第（四）项).
    pub(crate) joint_heads: bool,
}

impl WizardForm {
    /// A 部门负责人 or 分管领导 held to account only jointly (000 第八条第（四）项):
    /// no 问责情形 of their own is needed when another respondent of the
    /// case has one.
    fn liable_jointly(&self, i: usize, law: StepLaw) -> bool {
        let Some(r) = self.respondents.get(i) else {
            return false;
        };
        law.joint_heads
            && matches!(r.role.label(), "部门负责人" | "分管领导")
            && self
                .respondents
                .iter()
                .enumerate()
                .any(|(k, o)| k != i && !o.behaviours.is_empty())
    }

    /// Problems of one step (empty = the step is complete).
    pub(crate) fn validate(&self, step: WizardStep, today: Date, law: StepLaw) -> Vec<FieldError> {
        let mut errs: Vec<FieldError> = self
            .case_problems(step, today)
            .into_iter()
            .map(|(field, message)| FieldError {
                field,
                respondent: None,
                message,
            })
            .collect();
        let many = self.respondents.len() > 1;
        for (i, r) in self.respondents.iter().enumerate() {
            for (field, message) in self.respondent_problems(step, i, today, law) {
                errs.push(FieldError {
                    field,
                    respondent: Some(i),
                    message: format!("{}{message}", who(i, r, many)),
                });
            }
        }
        errs
    }

    /// Problems of the case's shared part in `step`: (field, message).
    fn case_problems(&self, step: WizardStep, today: Date) -> Vec<(&'static str, String)> {
        let mut errs = Vec::new();
        let mut case_err = |field: &'static str, message: String| errs.push((field, message));
        match step {
            WizardStep::Intake => {
                match check_date(&self.received_on, "受理日期", today) {
                    Ok(None) => case_err("received_on", "请填写受理日期".to_owned()),
                    Err(m) => case_err("received_on", m),
                    Ok(Some(_)) => {}
                }
                if self.summary.trim().is_empty() {
                    case_err("summary", "请填写线索摘要".to_owned());
                }
            }
            WizardStep::Investigation => {
                match check_date(&self.investigation_started_on, "调查开始日期", today) {
                    Ok(None) => {
                        case_err("investigation_started_on", "请填写调查开始日期".to_owned())
                    }
                    Err(m) => case_err("investigation_started_on", m),
                    Ok(Some(d)) => {
                        if date(&self.received_on).is_some_and(|r| d < r) {
                            case_err(
                                "investigation_started_on",
                                "调查开始日期不能早于受理日期".to_owned(),
                            );
                        }
                    }
                }
                if self.extended && self.extension_reason.trim().is_empty() {
                    case_err("extension_reason", "延长调查期限须填写理由".to_owned());
                }
            }
            WizardStep::Decision => match check_date(&self.decided_on, "决定日期", today) {
                Ok(None) => case_err("decided_on", "请填写决定日期".to_owned()),
                Err(m) => case_err("decided_on", m),
                Ok(Some(_)) => {}
            },
            WizardStep::Issue => {
                if let Err(m) = check_date(&self.delivered_on, "送达日期", today) {
                    case_err("delivered_on", m);
                }
            }
            _ => {}
        }
        errs
    }

    /// Problems of respondent `i` in `step`: (field, message), without the
    /// respondent's name (added by [`WizardForm::validate`]).
    fn respondent_problems(
        &self,
        step: WizardStep,
        i: usize,
        today: Date,
        law: StepLaw,
    ) -> Vec<(&'static str, String)> {
        let hearing_required = law.hearing_required;
        let r = &self.respondents[i];
        let mut errs = Vec::new();
        let mut err = |field: &'static str, message: String| errs.push((field, message));
        match step {
            WizardStep::Intake => {
                if r.new_person {
                    if r.np_name.trim().is_empty() {
                        err("np_name", "请填写被问责人姓名".to_owned());
                    }
                    if r.np_unit.trim().is_empty() {
                        err("np_unit", "请填写被问责人所在单位".to_owned());
                    }
                    if !r.np_id_number.trim().is_empty()
                        && let Err(e) = id_number::validate(&r.np_id_number, today)
                    {
                        err("np_id_number", e.to_string());
                    }
                } else if r.person_id.is_none() {
                    err("person", "请选择被问责人，或勾选“新增人员”".to_owned());
                } else if self.respondents[..i]
                    .iter()
                    .any(|o| !o.new_person && o.person_id == r.person_id)
                {
                    err("person", "同一人员已列为本案被问责人".to_owned());
                }
            }
            WizardStep::Investigation => {
                if self.facts_for(i).is_empty() {
                    err("facts", "请至少填写一条经调查核实的事实".to_owned());
                }
                if let Err(m) = check_date(&r.statement_heard_on, "陈述申辩日期", today) {
                    err("statement_heard_on", m);
                }
                if hearing_required && r.statement.trim().is_empty() && !self.notice_first {
                    err(
                        "statement",
                        "本规定要求作出决定前听取被问责人的陈述、申辩，请记录；尚未听取的，勾选“先送达事先告知书”".to_owned(),
                    );
                }
                // 002 第十五条 “对其合理意见，应当予以采纳”: the decision says
                // whether the statement is adopted, and why.
                if hearing_required
                    && !r.statement.trim().is_empty()
                    && r.statement_adopted.trim().is_empty()
                {
                    err(
                        "statement_adopted",
                        "本规定要求对陈述申辩的合理意见予以采纳：请填写是否采纳及理由".to_owned(),
                    );
                }
            }
            WizardStep::Factors if !r.conduct_on.trim().is_empty() => {
                if let Err(m) = check_date(&r.conduct_on, "行为发生日期", today) {
                    err("conduct_on", m);
                }
                if r.behaviours.is_empty()
                    && r.outcome == Outcome::Accountability
                    && !self.liable_jointly(i, law)
                {
                    err("behaviours", "请至少认定一项问责情形".to_owned());
                }
            }
            WizardStep::Factors
                if r.behaviours.is_empty()
                    && r.outcome == Outcome::Accountability
                    && !self.liable_jointly(i, law) =>
            {
                err("behaviours", "请至少认定一项问责情形".to_owned());
            }
            WizardStep::Decision => {
                if r.outcome == Outcome::Accountability && r.methods.is_empty() {
                    err("methods", "请选择问责方式".to_owned());
                }
                // 001 第十九条 “责成限期纠正”: the 纠错 opened with the
                // 容错免责, with the period the office sets (none in the text).
                if r.outcome == Outcome::Exemption {
                    if r.correction_items.trim().is_empty() {
                        err(
                            "correction_items",
                            "容错免责须同时启动纠错（第十八条）：请填写纠错事项".to_owned(),
                        );
                    }
                    match r.correction_due.trim().parse::<jiff::civil::Date>() {
                        Err(_) => err(
                            "correction_due",
                            "请填写纠错期限（期满日期，如 2026-12-31）：第十九条只说“限期纠正”，期限须由本单位确定"
                                .to_owned(),
                        ),
                        Ok(due) if self.decided_on.trim().parse::<jiff::civil::Date>().is_ok_and(|d| due <= d) => err(
                            "correction_due",
                            "纠错期限应晚于决定日期".to_owned(),
                        ),
                        Ok(_) => {}
                    }
                }
                if r.outcome == Outcome::Accountability
                    && r.methods.contains(OTHER_METHOD)
                    && r.measures_list().is_empty()
                {
                    err(
                        "measures",
                        "选择“其他问责方式”时须写明具体措施（决定书打印所写的措施）".to_owned(),
                    );
                }
            }
            _ => {}
        }
        errs
    }

    /// Where respondent `i`'s chosen methods depart from the recommendation,
    /// the reason is required.
    pub(crate) fn departure_error(
        &self,
        i: usize,
        recommended: &BTreeSet<String>,
    ) -> Option<FieldError> {
        let r = self.respondents.get(i)?;
        (r.departs_from(recommended) && r.departure_reason.trim().is_empty()).then(|| FieldError {
            field: "departure_reason",
            respondent: Some(i),
            message: format!(
                "{}所选问责方式不在推荐（★）之列，须写明理由（将记入案卷）",
                who(i, r, self.respondents.len() > 1)
            ),
        })
    }
}
