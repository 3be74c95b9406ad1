//! Faults and bad input: a writer killed with SIGKILL many times, a full
//! disk, and arbitrary input to the loaders and the layout engine.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use proptest::prelude::*;
use wenze::storage::{Storage, StorageError};

#[test]
fn killing_a_writer_at_random_moments_never_loses_a_committed_case() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    drop(Storage::open(&db).expect("create"));
    let mut rng = fastrand::Rng::with_seed(42);
    let mut committed: Vec<i64> = Vec::new();
    for round in 0..20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["crash-writer", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.trim().parse::<i64>().ok())
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(150 + rng.u64(0..400)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let ids = reader.join().expect("reader");
        committed.extend(ids);
        // After each kill: the file is sound and every committed case is there.
        let s = Storage::open(&db).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let conn = rusqlite::Connection::open(&db).expect("raw");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "round {round}");
        let count = s.case_count().expect("count");
        assert!(
            count as usize >= committed.len(),
            "round {round}: {count} < {}",
            committed.len()
        );
        for id in &committed {
            let n: i64 = conn
                .query_row("SELECT count(*) FROM cases WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .expect("n");
            assert_eq!(n, 1, "round {round}: committed case {id} is missing");
        }
        assert!(s.audit_verify().expect("verify").ok, "round {round}");
    }
    assert!(
        committed.len() > 20,
        "the writer committed only {} cases",
        committed.len()
    );
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_database_stays_intact() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.set_setting("office_code", "徐环问").expect("setting");
    // Cap the file at its current size: the next growth fails as a full disk would (SQLITE_FULL).
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    drop(conn);
    s.limit_pages_for_test(pages);
    let big = "很长的案情描述。".repeat(4000);
    let mut err = None;
    for i in 0..50 {
        if let Err(e) = s.save_draft(&format!("d{i}"), None, 0, &big) {
            err = Some(e);
            break;
        }
    }
    let err = err.expect("the disk fills up");
    assert!(matches!(err, StorageError::DiskFull), "{err:?}");
    assert!(err.to_string().contains("磁盘已满"), "{err}");
    drop(s);
    let s = Storage::open(&db).expect("still opens");
    assert!(s.audit_verify().expect("verify").ok);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_regulation_loader_never_panics(text in "\\PC{0,400}") {
        let _ = wenze::rules::regulation::load(&text);
    }

    #[test]
    fn a_mutated_regulation_file_never_panics(cut in 0usize..15000, insert in "\\PC{0,20}") {
        let src = wenze::rules::BUNDLED[4].1;
        let mut at = cut.min(src.len());
        while !src.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = format!("{}{}{}", &src[..at], insert, &src[at..]);
        let _ = wenze::rules::regulation::load(&mutated);
    }

    #[test]
    fn case_json_import_never_panics(text in "\\PC{0,300}") {
        if let Ok(case) = serde_json::from_str::<wenze::rules::CaseInput>(&text) {
            let _ = wenze::rules::assess(&case, &wenze::rules::RegulationSet::bundled(), &[], &wenze::rules::Calendar::bundled());
        }
    }

    #[test]
    fn assessing_arbitrary_selections_never_panics(
        reg in prop::sample::select(vec!["000", "002", "003", "004", "001", "999"]),
        ids in prop::collection::vec("[BFTK][0-9]{1,2}(-[0-9]{1,2})?", 0..6),
        severity in prop::option::of("[较轻重严]{2}"),
        overlay in any::<bool>(),
        days in 0i64..4000,
    ) {
        let received = jiff::civil::date(2016, 1, 1).checked_add(jiff::Span::new().days(days)).ok();
        let case = wenze::rules::CaseInput {
            regulation: reg.to_owned(),
            tolerance_overlay: overlay,
            received_on: received,
            decided_on: received,
            respondents: vec![wenze::rules::engine::RespondentInput {
                person_id: "p".into(),
                name: "某".into(),
                behaviours: ids.clone(),
                factors: ids.clone(),
                tolerance_situations: ids.clone(),
                severity,
                ..Default::default()
            }],
            ..Default::default()
        };
        let _ = wenze::rules::assess(&case, &wenze::rules::RegulationSet::bundled(), &[], &wenze::rules::Calendar::bundled());
    }

    #[test]
    fn the_layout_engine_never_panics_on_arbitrary_unicode(title in "\\PC{0,40}", paras in prop::collection::vec("\\PC{0,200}", 0..4)) {
        let doc = wenze::export::Document {
            title,
            body: paras.into_iter().map(wenze::export::Block::Para).collect(),
            signature: "机关".into(),
            date: "2026年3月5日".into(),
            ..Default::default()
        };
        match wenze::export::layout(&doc) {
            Ok(l) => prop_assert!(!l.pages.is_empty()),
            Err(wenze::export::LayoutError::MissingGlyph { .. }) => {}
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
