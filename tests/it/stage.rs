//! The case's stage is derived from its respondents' records (one rule,
//! `Stage::of_case`), and what the register stores is always that.

use crate::common::TestSignIn;
use wenze::domain::CaseId;
use wenze::domain::procedure::{RemedyKind, Stage, StateFacts};
use wenze::storage::Storage;

fn decided() -> StateFacts {
    StateFacts {
        investigated: true,
        decided: true,
        ..StateFacts::default()
    }
}

#[test]
fn the_case_stage_follows_its_respondents() {
    let served = StateFacts {
        served: true,
        ..decided()
    };
    // Not everyone decided: the case stays where its drafting is.
    assert_eq!(
        Stage::of_case(Stage::Decision, &[decided(), StateFacts::default()], None),
        Stage::Decision
    );
    assert_eq!(Stage::of_case(Stage::Clue, &[], None), Stage::Clue);
    // A stored decided stage is never kept for an undecided case.
    assert_eq!(
        Stage::of_case(Stage::Delivered, &[StateFacts::default()], None),
        Stage::Approval
    );
    // Decided, one of two served: 已决定; both: 已送达.
    assert_eq!(
        Stage::of_case(Stage::Decision, &[served, decided()], None),
        Stage::Decided
    );
    assert_eq!(
        Stage::of_case(Stage::Decided, &[served, served], None),
        Stage::Delivered
    );
    // A remedy open for anyone: 申诉中 / 复查中, whatever the others.
    let pending = StateFacts {
        remedy_pending: true,
        ..served
    };
    let answered = StateFacts {
        remedy_answered: true,
        ..served
    };
    assert_eq!(
        Stage::of_case(
            Stage::Delivered,
            &[served, pending],
            Some(RemedyKind::Appeal)
        ),
        Stage::AppealPending
    );
    assert_eq!(
        Stage::of_case(
            Stage::Delivered,
            &[answered, pending],
            Some(RemedyKind::Review)
        ),
        Stage::ReviewPending
    );
    assert_eq!(
        Stage::of_case(
            Stage::AppealPending,
            &[answered, served],
            Some(RemedyKind::Appeal)
        ),
        Stage::AppealDecided
    );
}

#[test]
fn every_case_of_the_demo_register_stores_its_derived_stage() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 400, 9).expect("demo");
    let ids: Vec<i64> = {
        let c = rusqlite::Connection::open(&db).expect("sqlite");
        let mut q = c.prepare("SELECT id FROM cases ORDER BY id").expect("q");
        q.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids")
    };
    assert_eq!(ids.len(), 400);
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        let (stored, derived) = s.stage_stored_and_derived(CaseId::new(id)).expect("stage");
        assert_eq!(stored, derived, "case {id}");
        seen.insert(stored);
    }
    // The demo's remedies put decided cases in the remedy stages.
    assert!(seen.contains(&Stage::Decided), "{seen:?}");
    assert!(
        seen.iter()
            .any(|s| matches!(s, Stage::ReviewDecided | Stage::AppealDecided)),
        "{seen:?}"
    );
}

#[test]
fn a_decided_stage_is_never_set_by_hand() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 60, 11).expect("demo");
    s.sign_in_for_test("测试");
    let decided: i64 = rusqlite::Connection::open(&db)
        .expect("sqlite")
        .query_row(
            "SELECT case_id FROM decisions ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a decided case");
    let id = CaseId::new(decided);
    let err = s
        .set_stage(id, Stage::Delivered)
        .expect_err("a decided stage is refused");
    assert!(err.to_string().contains("不能直接设置"), "{err}");
    // A drafting stage asked for a decided case: the rule's stage stays.
    let (before, _) = s.stage_stored_and_derived(id).expect("stage");
    s.set_stage(id, Stage::Investigation).expect("audited");
    let (after, derived) = s.stage_stored_and_derived(id).expect("stage");
    assert_eq!((after, derived), (before, before));
}
