//! Reading a draft's raw form, including drafts saved before a case could
//! have several respondents (one person's fields at the top level, the step
//! and outcome as numbers): those become the first respondent, nothing lost.

use crate::app::error::{AppError, AppResult};
use serde_json::{Map, Value};

use super::{Outcome, WizardForm};
use crate::domain::RespondentRole;

/// Fields that belonged to the single respondent in the old form.
const RESPONDENT_FIELDS: [&str; 28] = [
    "person_query",
    "person_id",
    "person_label",
    "person_rank",
    "person_unit",
    "person_post",
    "person_gender",
    "new_person",
    "np_name",
    "np_gender",
    "np_unit",
    "np_post",
    "np_rank",
    "np_id_number",
    "role",
    "statement_heard_on",
    "statement",
    "statement_adopted",
    "behaviours",
    "factors",
    "overlay_factors",
    "tolerance_situations",
    "tolerance_conditions",
    "severity",
    "impact",
    "methods",
    "departure_reason",
    "measures",
];

/// Move an old single-person form's fields into `respondents[0]`.
fn upgrade(old: &mut Map<String, Value>) {
    let mut r = Map::new();
    for key in RESPONDENT_FIELDS {
        if let Some(v) = old.remove(key) {
            r.insert(key.to_owned(), v);
        }
    }
    // The role was an index into the roles (承办人 first).
    if let Some(i) = r.get("role").and_then(Value::as_u64) {
        let label = RespondentRole::ALL
            .get(i as usize)
            .copied()
            .unwrap_or_default()
            .label();
        r.insert("role".to_owned(), Value::String(label.to_owned()));
    }
    // The outcome was an index 0/1/2.
    if let Some(v) = old.remove("outcome") {
        let outcome = v
            .as_u64()
            .and_then(|i| Outcome::ALL.get(i as usize).copied())
            .unwrap_or_default();
        r.insert(
            "outcome".to_owned(),
            Value::String(outcome.label().to_owned()),
        );
    }
    if let Some(v) = old.remove("custom_body") {
        r.insert("custom_body".to_owned(), v);
    }
    old.insert(
        "respondents".to_owned(),
        Value::Array(vec![Value::Object(r)]),
    );
}

impl WizardForm {
    /// A draft's raw form (old single-respondent drafts are upgraded).
    pub(crate) fn from_draft_json(json: &str) -> AppResult<WizardForm> {
        let mut value: Value = serde_json::from_str(json).map_err(AppError::Draft)?;
        if let Value::Object(map) = &mut value
            && !map.contains_key("respondents")
        {
            upgrade(map);
        }
        let mut form: WizardForm = serde_json::from_value(value).map_err(AppError::Draft)?;
        if form.respondents.is_empty() {
            form.respondents.push(super::RespondentForm::new());
        }
        form.current = form.current.min(form.respondents.len() - 1);
        Ok(form)
    }
}
