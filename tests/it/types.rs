//! Numbers and closed sets that belong to the data: regulation numbers read
//! from the regulation files (a modified file changes the result), and the
//! register's enums round-tripping through SQL.

use crate::common::TestSignIn;
use wenze::app::worker::compute_statistics;
use wenze::domain::ids::{CaseId, DecisionId, PersonId};
use wenze::rules::engine::unit_thresholds;
use wenze::rules::regulation::{self, Regulation};
use wenze::rules::{BUNDLED, RegulationSet};
use wenze::storage::Storage;

use crate::common::{d, hist};

fn bundled_source(id: &str) -> &'static str {
    BUNDLED
        .iter()
        .find(|(file, _)| file.starts_with(id))
        .map(|(_, source)| *source)
        .expect("bundled file")
}

/// A bundled regulation with one line of its file replaced.
fn modified(id: &str, line_start: &str, replacement: &str) -> Regulation {
    let source = bundled_source(id);
    let line = source
        .lines()
        .find(|l| l.starts_with(line_start))
        .unwrap_or_else(|| panic!("{id} has no line starting {line_start}"));
    let changed = source.replace(line, replacement);
    assert_ne!(changed, source);
    regulation::load(&changed).unwrap_or_else(|e| panic!("modified {id}: {e:?}"))
}

/// 000 第八条(二) counts people "受通报批评以上处理": which methods are below
/// that line comes from the file's `unit_count_below`, not from the code.
#[test]
fn the_unit_rules_threshold_comes_from_the_regulation_file() {
    let history = vec![
        hist("1", "综合处", "A〔2026〕1号", "2026-03-01", &["批评教育"]),
        hist("2", "综合处", "A〔2026〕2号", "2026-04-01", &["诫勉谈话"]),
    ];
    let set = RegulationSet::bundled();
    let bundled = set.get("000").expect("000");
    assert!(
        bundled
            .regulation
            .unit_count_below
            .iter()
            .any(|m| m == "批评教育")
    );
    // Two people, both below 通报批评: no unit consequence.
    assert!(unit_thresholds(bundled, 2026, &history).is_empty());
    // The same two with 通报批评 cross the first rule (二次).
    let heavier = vec![
        hist("1", "综合处", "A〔2026〕1号", "2026-03-01", &["通报批评"]),
        hist("2", "综合处", "A〔2026〕2号", "2026-04-01", &["通报批评"]),
    ];
    let found = unit_thresholds(bundled, 2026, &heavier);
    assert_eq!(found.len(), 1, "{found:?}");
    // A file that counts every method: the light ones now count too.
    let all_count = modified("000", "unit_count_below", "unit_count_below = []");
    let found = unit_thresholds(&all_count, 2026, &history);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].label.contains("不能评为先进"), "{found:?}");
}

/// The 统计分析 report's basis (002 第二十条) comes from `report_cite`.
#[test]
fn the_statistics_basis_comes_from_the_regulation_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = Storage::open(&dir.path().join("w.db")).expect("opens");
    let (from, to) = (d("2026-01-01"), d("2026-07-01"));

    let view = compute_statistics(&storage, &RegulationSet::bundled(), from, to).expect("stats");
    let basis = view.basis.expect("002 第二十条 cited");
    assert_eq!(basis.regulation, "002");
    assert_eq!(basis.article, "第二十条");
    assert!(
        basis.text.contains("每半年分析一次问责工作情况"),
        "{basis:?}"
    );

    // Without the field, nothing is cited (no number invented in code).
    let mut set = RegulationSet::bundled();
    set.insert(modified("002", "report_cite", ""));
    let view = compute_statistics(&storage, &set, from, to).expect("stats");
    assert!(view.basis.is_none(), "{:?}", view.basis);

    // Another article named in the file is cited instead.
    let mut set = RegulationSet::bundled();
    set.insert(modified("002", "report_cite", "report_cite = \"15\""));
    let view = compute_statistics(&storage, &set, from, to).expect("stats");
    assert_eq!(view.basis.expect("cited").article, "第十五条");
}

/// Every closed set the register stores goes in as its one stored text and
/// comes back as itself.
#[test]
fn the_registers_enums_round_trip_through_sql() {
    use wenze::domain::auth::UserRole;
    use wenze::domain::procedure::{
        DeliveryMethod, FollowUpKind, RemedyKind, RemedyOutcome, ReviewAction, SelectionKind, Stage,
    };
    use wenze::export::documents::{DocKind, Outcome};
    use wenze::storage::convert::StoredAs;

    fn round_trip<T>(conn: &rusqlite::Connection, all: &[T])
    where
        T: StoredAs
            + rusqlite::types::ToSql
            + rusqlite::types::FromSql
            + PartialEq
            + std::fmt::Debug,
    {
        let mut seen = std::collections::HashSet::new();
        for v in all {
            let (text, back): (String, T) = conn
                .query_row("SELECT ?1, ?1", [v], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("round trip");
            assert_eq!(&back, v);
            assert_eq!(text, v.stored());
            assert!(seen.insert(text), "{} stored twice", T::WHAT);
        }
    }
    let conn = rusqlite::Connection::open_in_memory().expect("memory");
    round_trip(&conn, &UserRole::ALL);
    round_trip(&conn, &DocKind::ALL);
    round_trip(
        &conn,
        &[
            Outcome::Accountability,
            Outcome::NoAccountability,
            Outcome::Exemption,
        ],
    );
    round_trip(&conn, &ReviewAction::ALL);
    round_trip(&conn, &DeliveryMethod::ALL);
    round_trip(&conn, &RemedyKind::ALL);
    round_trip(&conn, &RemedyOutcome::ALL);
    round_trip(&conn, &FollowUpKind::ALL);
    round_trip(&conn, &Stage::ALL);
    round_trip(&conn, &SelectionKind::ALL);
    assert_eq!(SelectionKind::OverlayFactor.stored(), "overlay_factor");
    assert_eq!(Stage::Clue.stored(), "线索登记");
    assert_eq!(Stage::remedy_pending(RemedyKind::Appeal).stored(), "申诉中");
    assert_eq!(
        Stage::remedy_decided(RemedyKind::Review).stored(),
        "复查已决定"
    );
    // Procedure order: the register's 阶段 filter and sort follow it.
    assert!(Stage::ALL.windows(2).all(|w| w[0] < w[1]));
    assert!(Stage::Clue.is_early() && !Stage::Factors.is_early());
    assert!(Stage::Decided.is_decided() && !Stage::Approval.is_decided());
    assert_eq!(FollowUpKind::Correction.stored(), "纠错");
    assert_eq!(UserRole::Admin.stored(), "管理员");
    assert_eq!(DocKind::Notice.stored(), "notice");
}

/// A value the program does not know (a register written by a newer version
/// with a wider CHECK) is refused in Chinese, not defaulted and not a panic.
#[test]
fn an_unknown_stored_value_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        s.save_draft("d1", None, 0, "{}").expect("draft");
        s.review_step(
            "d1",
            wenze::domain::procedure::ReviewAction::Submit,
            None,
            "张三",
            "",
        )
        .expect("submitted");
        assert_eq!(s.review_history("d1").expect("history").len(), 1);
    }
    {
        let raw = rusqlite::Connection::open(&db).expect("raw");
        raw.execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             INSERT INTO reviews (draft_key, action, user_name) VALUES ('d1', '撤回', '李四');",
        )
        .expect("a newer version's value");
    }
    let s = Storage::open(&db).expect("opens");
    let err = s.review_history("d1").expect_err("unknown action refused");
    assert!(
        matches!(err, wenze::storage::StorageError::UnknownValue(_)),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("审核动作“撤回”无法识别"), "{msg}");
    assert!(msg.contains("数据未作改动"), "{msg}");

    // The same through a plain read of a role.
    let conn = rusqlite::Connection::open_in_memory().expect("memory");
    let err = conn
        .query_row("SELECT '超级用户'", [], |r| {
            r.get::<_, wenze::domain::auth::UserRole>(0)
        })
        .expect_err("unknown role");
    let err = wenze::storage::StorageError::from(err);
    assert!(
        err.to_string().contains("用户角色“超级用户”无法识别"),
        "{err}"
    );
}

/// One history for a case, used by the case file and `wenze export --case`:
/// the respondents' decisions in other cases, never the case's own, never a
/// superseded one.
#[test]
fn a_cases_history_is_its_respondents_decisions_elsewhere() {
    use wenze::domain::{NewCase, NewDecision, NewPerson};
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = Storage::open(&dir.path().join("w.db")).expect("opens");
    s.sign_in_for_test("测试");
    let pid = s
        .add_person(&NewPerson {
            name: "王建国".to_owned(),
            unit: "综合处".to_owned(),
            rank: wenze::domain::RANKS[0].to_owned(),
            status: "在职".to_owned(),
            ..Default::default()
        })
        .expect("person");
    let other = s
        .add_person(&NewPerson {
            name: "李四".to_owned(),
            unit: "综合处".to_owned(),
            rank: wenze::domain::RANKS[0].to_owned(),
            status: "在职".to_owned(),
            ..Default::default()
        })
        .expect("person");
    let mut case = |who: PersonId, received: &str| {
        s.create_case(&NewCase {
            case_no: None,
            regulation_id: "004".to_owned(),
            tolerance_overlay: false,
            clue_source: wenze::domain::CLUE_SOURCES[0].to_owned(),
            received_on: d(received),
            summary: "测试".to_owned(),
            respondents: vec![(who, wenze::domain::RespondentRole::Handler)],
            facts: vec!["事实".to_owned()],
            reporter: None,
        })
        .expect("case")
        .0
    };
    let first = case(pid, "2026-01-05");
    let second = case(pid, "2026-05-06");
    let stranger = case(other, "2026-02-01");
    let mut decide = |case_id: CaseId, on: &str, supersedes: Option<DecisionId>| {
        let rid = s.respondent_ids(case_id).expect("respondents")[0];
        s.record_decision(&NewDecision {
            case_id,
            respondent_id: rid,
            kind: wenze::domain::procedure::DecisionKind::Accountability,
            methods: vec!["诫勉".to_owned()],
            measures: Vec::new(),
            basis: String::new(),
            departure_reason: String::new(),
            precedent_reason: String::new(),
            decided_on: d(on),
            approved_by: "局长".to_owned(),
            supersedes,
        })
        .expect("decision")
    };
    let (withdrawn, _) = decide(first, "2026-02-01", None);
    let (_, first_no) = decide(first, "2026-02-10", Some(withdrawn));
    let (_, second_no) = decide(second, "2026-06-01", None);
    decide(stranger, "2026-03-01", None);

    let history = s.history_for_case(second).expect("history");
    let numbers: Vec<&str> = history.iter().map(|h| h.case_no.as_str()).collect();
    assert_eq!(numbers, vec![first_no.as_str()], "{history:?}");
    let history = s.history_for_case(first).expect("history");
    let numbers: Vec<&str> = history.iter().map(|h| h.case_no.as_str()).collect();
    assert_eq!(numbers, vec![second_no.as_str()], "{history:?}");
}

/// 001 第十九条 says 责成限期纠正 but names no period: the 纠错通知书 prints
/// the period the office set and refuses without one (no invented month).
#[test]
fn the_correction_period_is_the_offices_never_a_default() {
    use wenze::export::documents::{self, DocKind};
    use wenze::rules::{Calendar, assess};
    let regs = RegulationSet::bundled();
    let cal = Calendar::bundled();
    let build = |f: &crate::common::CaseFile| {
        let a = assess(&f.case, &regs, &f.history, &cal).expect("assess");
        let templates = documents::templates(documents::TEMPLATES).expect("templates");
        documents::build(
            DocKind::Correction,
            &f.document,
            &a,
            &f.case.case_no,
            &regs,
            &cal,
            &templates,
        )
    };
    let text = |doc: &wenze::export::Document| format!("{:?}", doc.body);

    let mut f = crate::common::example_named("case-tolerance.json");
    assert_eq!(f.document.correction_months, Some(1));
    // One month from 2026-09-28, as the file sets it.
    let doc = build(&f).expect("prints with the office's period");
    assert!(text(&doc).contains("2026年10月28日"), "{}", text(&doc));

    // A date recorded for the 纠错 follow-up wins.
    f.document.correction_due = Some(d("2026-12-15"));
    let doc = build(&f).expect("prints with the recorded end");
    assert!(text(&doc).contains("2026年12月15日"), "{}", text(&doc));

    // Neither: refused in Chinese, naming the article's silence …
    f.document.correction_due = None;
    f.document.correction_months = None;
    let err = build(&f).expect_err("no period, no notice");
    assert!(
        err.contains("未确定纠错期限") && err.contains("第十九条"),
        "{err}"
    );
    // … and a 送审稿 shows it as undecided.
    f.document.draft = true;
    let doc = build(&f).expect("draft");
    assert!(text(&doc).contains("（待定）"), "{}", text(&doc));
}

/// A case whose stored 阶段 is outside the set (a newer version, or a hand
/// edit) is refused in Chinese when its file is read; nothing is changed.
#[test]
fn an_unknown_stored_stage_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let case_id: CaseId = {
        let mut s = Storage::open(&db).expect("opens");
        wenze::storage::demo::generate(&mut s, 3, 7).expect("demo");
        let raw = rusqlite::Connection::open(&db).expect("raw");
        let id = raw
            .query_row("SELECT min(id) FROM cases", [], |r| r.get(0))
            .expect("a case");
        raw.execute("UPDATE cases SET stage = '已撤销' WHERE id = ?1", [id])
            .expect("a newer version's stage");
        id
    };
    let s = Storage::open(&db).expect("opens");
    let err = s.case_file(case_id).expect_err("unknown stage refused");
    assert!(
        matches!(err, wenze::storage::StorageError::UnknownValue(_)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("案件阶段“已撤销”无法识别"),
        "{err}"
    );
    let raw = rusqlite::Connection::open(&db).expect("raw");
    let stored: String = raw
        .query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
            r.get(0)
        })
        .expect("still there");
    assert_eq!(stored, "已撤销");
}

/// The statistics' 问责情形 come from the recorded selections (as the wizard
/// and the demo write them), not from what a decision's `basis` text holds:
/// a decision whose basis looks like a behaviour id adds nothing.
#[test]
fn behaviour_statistics_read_the_selections() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 40, 3).expect("demo");
    let (from, to) = ("2000-01-01", "2100-01-01");
    let before = s.statistics(from, to).expect("stats");
    let raw = rusqlite::Connection::open(&db).expect("raw");
    // The behaviours of the people held accountable: a standing 问责
    // decision (not superseded, not revoked on 复查/申诉); 不予问责 and
    // 容错免责 are not 问责.
    let selected: i64 = raw
        .query_row(
            "SELECT count(*) FROM selections s JOIN respondents r ON r.id = s.respondent_id
               JOIN cases c ON c.id = r.case_id
               JOIN decisions d ON d.respondent_id = r.id
              WHERE s.kind = 'behaviour' AND s.archived = 0 AND c.archived = 0
                AND d.kind IN ('问责', '复查')
                AND d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)
                AND d.id NOT IN (SELECT decision_id FROM remedies WHERE outcome = '撤销')
                AND NOT (d.kind = '复查' AND d.methods = '[]')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let all_selected: i64 = raw
        .query_row(
            "SELECT count(*) FROM selections WHERE kind = 'behaviour'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(
        selected < all_selected,
        "the demo has cases not held accountable"
    );
    assert!(selected > 0);
    let total: i64 = before.by_behaviour.iter().map(|(_, _, n)| n).sum();
    assert_eq!(total, selected);
    // Sorted by count, most frequent first.
    assert!(before.by_behaviour.windows(2).all(|w| w[0].2 >= w[1].2));

    // The demo's decisions keep the behaviour ids in `basis` (as the wizard
    // does); without selections they count for nothing: `basis` is free text
    // (an imported ledger's 依据), not a behaviour.
    let basis_like_ids: i64 = raw
        .query_row(
            "SELECT count(*) FROM decisions WHERE basis LIKE 'B%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(basis_like_ids > 0);
    raw.execute("DELETE FROM selections WHERE kind = 'behaviour'", [])
        .expect("no selections");
    let after = s.statistics(from, to).expect("stats");
    assert!(after.by_behaviour.is_empty(), "{:?}", after.by_behaviour);
}

/// The query thread's errors are `AppError`s: a register that cannot be
/// opened is a storage error with its Chinese message, not a bare string.
#[test]
fn the_query_thread_reports_typed_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let missing = dir.path().join("无此文件.db");
    let regs = wenze::rules::RegulationSet::bundled();
    let calendar = wenze::rules::Calendar::bundled();
    let err = match wenze::app::worker::Worker::start(&missing, regs, calendar) {
        Ok(_) => panic!("a missing register cannot be read"),
        Err(e) => e,
    };
    assert!(
        matches!(err, wenze::app::error::AppError::Storage(_)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{err}"
    );
}
