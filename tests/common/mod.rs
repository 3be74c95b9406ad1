//! Helpers shared by the integration tests.
#![allow(dead_code)]

use jiff::civil::Date;
use wenze::rules::engine::{Assessment, CaseInput, HistoryRecord, RespondentInput};
use wenze::rules::{Calendar, RegulationSet, assess};

pub fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

pub fn person(id: &str, name: &str, unit: &str) -> RespondentInput {
    RespondentInput {
        person_id: id.to_owned(),
        name: name.to_owned(),
        unit: unit.to_owned(),
        rank: "科员及一般工作人员".to_owned(),
        role: "承办人".to_owned(),
        ..Default::default()
    }
}

pub fn case(regulation: &str, received: &str, respondents: Vec<RespondentInput>) -> CaseInput {
    CaseInput {
        case_no: "测试〔2026〕1号".to_owned(),
        regulation: regulation.to_owned(),
        received_on: Some(d(received)),
        respondents,
        ..Default::default()
    }
}

pub fn hist(
    person_id: &str,
    unit: &str,
    case_no: &str,
    decided: &str,
    methods: &[&str],
) -> HistoryRecord {
    HistoryRecord {
        person_id: person_id.to_owned(),
        name: format!("人员{person_id}"),
        unit: unit.to_owned(),
        case_no: case_no.to_owned(),
        decided_on: d(decided),
        regulation: String::new(),
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        no_accountability: false,
    }
}

pub fn run(case: &CaseInput, history: &[HistoryRecord]) -> Assessment {
    assess(
        case,
        &RegulationSet::bundled(),
        history,
        &Calendar::bundled(),
    )
    .expect("assessable case")
}

pub fn methods(a: &Assessment, i: usize) -> Vec<String> {
    a.respondents[i]
        .recommended_methods
        .iter()
        .map(|m| m.id.clone())
        .collect()
}

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}
