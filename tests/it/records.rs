//! Storage returns domain records; the app builds the rules engine's and the
//! documents' input from them. The case export of every case of a demo
//! register and of a two-respondent case (each respondent first in turn) is
//! compared with a snapshot made by the code before that move, so the move
//! changed nothing.

use std::path::Path;

use wenze::domain::procedure::SelectionKind;
use wenze::domain::{NewCase, NewDecision, NewPerson, RespondentDetails};
use wenze::storage::Storage;

/// The snapshot (`tests/it/records_case_export.txt`); `WENZE_BLESS=1`
/// rewrites it from the current code.
const SNAPSHOT: &str = "tests/it/records_case_export.txt";

/// A 徐水 (004) case with two respondents: shared and own facts and
/// evidence, selections, a statement and a decision each, a delivery.
fn two_respondent_case(s: &mut Storage) -> i64 {
    let person = |name: &str, gender: &str| NewPerson {
        name: name.into(),
        gender: gender.into(),
        unit: "执法大队".into(),
        post: "队员".into(),
        rank: "科员及一般工作人员".into(),
        status: "在职".into(),
        ..Default::default()
    };
    let a = s.add_person(&person("孙立军", "男")).expect("a");
    let b = s.add_person(&person("周海燕", "女")).expect("b");
    let (case_id, _, rids) = s
        .create_case_with(
            &NewCase {
                case_no: None,
                regulation_id: "004".into(),
                tolerance_overlay: true,
                clue_source: "其他".into(),
                received_on: "2026-03-02".parse().expect("date"),
                summary: "执法过错。".into(),
                respondents: vec![(a, "承办人".into()), (b, "部门负责人".into())],
                facts: vec!["共同的事实".into()],
                reporter: None,
            },
            &[
                RespondentDetails {
                    facts: vec!["孙立军自己的事实".into()],
                    ..Default::default()
                },
                RespondentDetails {
                    kind: "个人".into(),
                    status: "调离".into(),
                    dissent_recorded: true,
                    facts: vec!["周海燕自己的事实".into()],
                    evidence: vec!["周海燕的谈话笔录".into()],
                },
            ],
        )
        .expect("case");
    s.add_evidence(case_id, "现场检查笔录").expect("evidence");
    s.add_selections(
        rids[0],
        "004",
        &[
            (SelectionKind::Behaviour, "B6-6".into()),
            (SelectionKind::Behaviour, "B7-4".into()),
            (SelectionKind::Severity, "较重".into()),
            (SelectionKind::Impact, "1".into()),
        ],
    )
    .expect("selections");
    s.add_selections(rids[1], "004", &[(SelectionKind::Behaviour, "B6-6".into())])
        .expect("selections");
    s.add_statement_adopted(case_id, rids[1], "2026-03-10", "证据不足", "不予采纳")
        .expect("statement");
    for (rid, kind, methods) in [
        (rids[0], "问责", vec!["责令作出书面检查".to_owned()]),
        (rids[1], "不予问责", vec![]),
    ] {
        s.record_decision(&NewDecision {
            case_id,
            respondent_id: rid,
            kind: kind.into(),
            methods,
            measures: vec![],
            basis: "第六条".into(),
            departure_reason: String::new(),
            decided_on: "2026-03-20".parse().expect("date"),
            approved_by: "管理员甲".into(),
            supersedes: None,
        })
        .expect("decision");
    }
    s.add_delivery(case_id, None, "2026-03-22", "孙立军")
        .expect("delivery");
    case_id
}

/// The export of the cases worth comparing, each respondent first in turn,
/// one line each: every eighth case, every case with a 复查 or a 纠错 (the
/// demo has a few), and the last (the two-respondent case).
fn exports(s: &Storage) -> String {
    let ids: Vec<i64> = {
        let raw = rusqlite::Connection::open(s.path()).expect("raw");
        let mut stmt = raw.prepare("SELECT id FROM cases ORDER BY id").expect("stmt");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids")
    };
    let last = ids.last().copied();
    let mut out = String::new();
    for id in ids {
        let ex = s.case_export(id).expect("export");
        let line = format!(
            "{id} - {:?} {:?} {:?} {:?}\n",
            ex.case, ex.details, ex.person_ids, ex.outcome
        );
        let worth = id % 8 == 0
            || Some(id) == last
            || ex.details.correction_followup
            || !ex.details.review_doc_no.is_empty();
        if !worth {
            continue;
        }
        out.push_str(&line);
        for r in s.case_respondents(id).expect("respondents") {
            let ex = s.case_export_for(id, Some(r.id)).expect("export for");
            out.push_str(&format!(
                "{id} {} {:?} {:?} {:?} {:?}\n",
                r.id, ex.case, ex.details, ex.person_ids, ex.outcome
            ));
        }
    }
    out
}

#[test]
fn the_case_export_is_what_it_was_before_storage_returned_records() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 300, 11).expect("demo");
    two_respondent_case(&mut s);
    let now = exports(&s);
    assert!(now.contains("孙立军") && now.contains("周海燕自己的事实"));
    assert!(now.contains("correction_followup: true"), "a 纠错 compared");
    assert!(now.lines().any(|l| !l.contains("review_doc_no: \"\"")), "a 复查 compared");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("WENZE_BLESS").is_some() {
        std::fs::write(&path, &now).expect("snapshot written");
    }
    let before = std::fs::read_to_string(&path).expect("snapshot");
    for (i, (a, b)) in before.lines().zip(now.lines()).enumerate() {
        assert_eq!(a, b, "line {} of {SNAPSHOT} differs", i + 1);
    }
    assert_eq!(before.lines().count(), now.lines().count());
}
