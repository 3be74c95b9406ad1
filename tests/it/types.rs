//! Numbers and closed sets that belong to the data: regulation numbers read
//! from the regulation files (a modified file changes the result), and the
//! register's enums round-tripping through SQL.

use wenze::app::worker::compute_statistics;
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
    use wenze::domain::procedure::{DeliveryMethod, RemedyKind, RemedyOutcome, ReviewAction};
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
