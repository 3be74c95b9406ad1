//! Storage returns domain records; the app builds the rules engine's and the
//! documents' input from them. The case export of every case of a demo
//! register and of a two-respondent case (each respondent first in turn) is
//! compared with a snapshot made by the code before that move, so the move
//! changed nothing.

use crate::common::TestSignIn;
use std::path::Path;
use wenze::domain::ids::CaseId;

use wenze::app::case_input::CaseExports;
use wenze::domain::procedure::SelectionKind;
use wenze::domain::{NewCase, NewDecision, NewPerson, RespondentDetails};
use wenze::storage::Storage;

/// The snapshot (`tests/it/records_case_export.txt`); `WENZE_BLESS=1`
/// rewrites it from the current code.
const SNAPSHOT: &str = "tests/it/records_case_export.txt";

/// A 徐水 (004) case with two respondents: shared and own facts and
/// evidence, selections, a statement and a decision each, a delivery.
fn two_respondent_case(s: &mut Storage) -> CaseId {
    s.sign_in_for_test("测试");
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
                respondents: vec![
                    (a, wenze::domain::RespondentRole::Handler),
                    (b, wenze::domain::RespondentRole::DepartmentHead),
                ],
                facts: vec!["共同的事实".into()],
                reporter: None,
            },
            &[
                RespondentDetails {
                    facts: vec!["孙立军自己的事实".into()],
                    supervising_leader: "吕副厅长".into(),
                    tolerance_reason: "经查所涉礼品已当场退还".into(),
                    ..Default::default()
                },
                RespondentDetails {
                    kind: "个人".into(),
                    status: "调离".into(),
                    dissent_recorded: true,
                    supervising_leader: String::new(),
                    tolerance_reason: String::new(),
                    co_actors: vec!["赵某（已调离）".into()],
                    facts: vec!["周海燕自己的事实".into()],
                    evidence: vec!["周海燕的谈话笔录".into()],
                    ..Default::default()
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
            kind: wenze::domain::procedure::DecisionKind::from_label(kind).expect("decision kind"),
            methods,
            measures: vec![],
            basis: "第六条".into(),
            departure_reason: String::new(),
            precedent_reason: String::new(),
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
    let ids: Vec<CaseId> = {
        let raw = rusqlite::Connection::open(s.path()).expect("raw");
        let mut stmt = raw
            .prepare("SELECT id FROM cases ORDER BY id")
            .expect("stmt");
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
        let worth = id.get() % 8 == 0
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
    assert!(
        now.lines().any(|l| !l.contains("review_doc_no: \"\"")),
        "a 复查 compared"
    );
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

/// Respondent roles are a closed set: each role is stored as its label and
/// read back as itself; a stored role outside the set (a newer version, a
/// hand edit) is refused in Chinese wherever the respondents are read —
/// the list, the case file, the case export — and nothing is changed.
#[test]
fn an_unknown_stored_role_is_refused_in_chinese() {
    use wenze::domain::RespondentRole;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let case_id = {
        let mut s = Storage::open(&db).expect("opens");
        let case_id = two_respondent_case(&mut s);
        let roles: Vec<RespondentRole> = s
            .case_respondents(case_id)
            .expect("respondents")
            .iter()
            .map(|r| r.role)
            .collect();
        assert_eq!(
            roles,
            [RespondentRole::Handler, RespondentRole::DepartmentHead]
        );
        let file = s.case_file(case_id).expect("file");
        assert_eq!(file.respondents[1].role, RespondentRole::DepartmentHead);
        let ex = s.case_export(case_id).expect("export");
        assert_eq!(ex.case.respondents[1].role, "部门负责人");
        case_id
    };
    for role in RespondentRole::ALL {
        assert_eq!(RespondentRole::from_label(role.label()), Some(role));
        let json = serde_json::to_string(&role).expect("json");
        assert_eq!(json, format!("\"{}\"", role.label()));
    }
    let raw = rusqlite::Connection::open(&db).expect("raw");
    raw.execute(
        "UPDATE respondents SET role = '协办人' WHERE case_id = ?1 AND person_id =
           (SELECT id FROM persons WHERE name = '周海燕')",
        [case_id],
    )
    .expect("a newer version's role");
    let s = Storage::open(&db).expect("opens");
    let refused = [
        s.case_respondents(case_id).map(|_| ()).expect_err("list"),
        s.case_file(case_id).map(|_| ()).expect_err("case file"),
        s.case_export(case_id).map(|_| ()).expect_err("export"),
        s.case_record(case_id).map(|_| ()).expect_err("record"),
    ];
    for err in refused {
        assert!(
            matches!(err, wenze::storage::StorageError::UnknownValue(_)),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains("被问责人角色“协办人”无法识别"), "{msg}");
        assert!(msg.contains("数据未作改动"), "{msg}");
    }
    let stored: String = raw
        .query_row(
            "SELECT role FROM respondents WHERE role = '协办人'",
            [],
            |r| r.get(0),
        )
        .expect("still there");
    assert_eq!(stored, "协办人");
}

/// The register's 阶段 filter is a `Stage`: the options are the stages the
/// cases are in, in procedure order, and each filter returns exactly the
/// cases of that stage (the register's count and pages, and searches).
#[test]
fn the_stage_filter_returns_exactly_the_cases_of_that_stage() {
    use wenze::domain::SearchFilters;
    use wenze::domain::procedure::Stage;
    use wenze::domain::views::RegisterQuery;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 80, 3).expect("demo");
    let raw = rusqlite::Connection::open(&db).expect("raw");
    let by_stage = |stage: Stage| -> Vec<CaseId> {
        let mut stmt = raw
            .prepare("SELECT id FROM cases WHERE stage = ?1 AND archived = 0 ORDER BY id")
            .expect("stmt");
        stmt.query_map([stage.label()], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids")
    };
    let options = s.filter_options().expect("options").stages;
    let present: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|st| !by_stage(*st).is_empty())
        .collect();
    assert!(present.len() >= 3, "{present:?}");
    assert_eq!(options, present, "the stages in use, in procedure order");
    for stage in Stage::ALL {
        let want = by_stage(stage);
        let q = RegisterQuery {
            filters: SearchFilters {
                stage: Some(stage),
                ..Default::default()
            },
            ..RegisterQuery::newest()
        };
        let count = s.register_count(&q.filters).expect("count");
        assert_eq!(count as usize, want.len(), "{stage:?}");
        let mut got: Vec<CaseId> = s
            .register_page(&q, 0, 1000)
            .expect("page")
            .iter()
            .inspect(|row| assert_eq!(row.stage, stage))
            .map(|row| row.id)
            .collect();
        got.sort();
        assert_eq!(got, want, "{stage:?}");
    }
}

/// `--stage` takes a stage's label; anything else is refused in Chinese
/// with the stages listed, instead of silently finding nothing.
#[test]
fn the_command_lines_stage_is_a_stage() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 12, 3).expect("demo");
    drop(s);
    let run = |stage: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .arg("--db")
            .arg(&db)
            .args(["search", "环境", "--stage", stage])
            .output()
            .expect("runs")
    };
    let ok = run("已决定");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = run("已撤销");
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("阶段“已撤销”无效"), "{err}");
    assert!(err.contains("线索登记"), "{err}");
}
