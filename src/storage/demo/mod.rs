//! `wenze demo --cases N`: a deterministic, realistic register for demos,
//! tests and benchmarks — Chinese names (rare name characters included),
//! an environmental bureau's units, every stage, all five regulations, repeat
//! offenders, issued decisions, 不予问责, 容错免责, 纠错 and 复查 outcomes.
//!
//! `data.rs` holds the fixed material, `persons.rs` the units and persons,
//! `cases.rs` one case with its selections, `decided.rs` what a decided case
//! carries (notice, decision, delivery, follow-ups, 复查).

use std::collections::HashMap;

use rusqlite::params;

use super::register::audit;
use super::{Result, Storage, StorageError};
use crate::rules::RegulationSet;

mod cases;
mod data;
mod decided;
mod persons;

use data::DEMO_SETTINGS;

/// Cases per transaction.
const BATCH: usize = 20_000;

/// The generator's state across cases: the random source (one sequence for
/// the whole register, so a seed gives the same register), the persons and
/// the per-year counters of case numbers and 文号.
struct Demo<'a> {
    rng: fastrand::Rng,
    code: String,
    regulations: &'a RegulationSet,
    persons: Vec<(i64, String, usize)>,
    cases: usize,
    per_year_case: HashMap<i16, i64>,
    per_year_doc: HashMap<i16, i64>,
}

impl Demo<'_> {
    /// The next 文号 of `year`: (sequence, 文号).
    fn next_no(&mut self, year: i16) -> (i64, String) {
        let code = &self.code;
        let seq = self.per_year_doc.entry(year).or_insert(0);
        *seq += 1;
        (*seq, format!("{code}〔{year}〕{seq}号"))
    }
}

/// Generate `cases` cases into an empty register. Deterministic for a given
/// `cases` and `seed`.
pub fn generate(storage: &mut Storage, cases: usize, seed: u64) -> Result<()> {
    refuse_unless_empty(storage)?;
    if let Some(problem) = &storage.tampered {
        return Err(StorageError::Forbidden(format!(
            "数据库的保护结构在本程序之外被改动（{problem}），不能生成演示数据"
        )));
    }
    // The rows of each batch are noted for its audit entry, and each
    // entry is signed: by the user signed in, or by the demo's own user.
    crate::storage::audit::install(&storage.conn)?;
    let signer = storage.demo_signer()?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let code = storage.office_code()?;
    let regulations = RegulationSet::bundled();
    let actor = storage.actor.clone();
    let conn = &mut storage.conn;
    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;

    // Units and persons.
    let (persons, signer) = persons::insert(conn, &mut rng, cases, (&actor, signer), seed)?;

    // Cases, in received-date order, in batches.
    let mut demo = Demo {
        rng,
        code,
        regulations: &regulations,
        persons,
        cases,
        per_year_case: HashMap::new(),
        per_year_doc: HashMap::new(),
    };
    let mut done = 0;
    while done < cases {
        let tx = conn.transaction()?;
        let since = crate::storage::audit::last_entry(&tx)?;
        let end = (done + BATCH).min(cases);
        demo.batch(&tx, done..end)?;
        // Each batch carries its own audit entry: a killed demo leaves only
        // whole, audited batches.
        audit(
            &tx,
            &actor,
            "生成演示数据",
            "cases",
            None,
            "",
            &format!("第 {}–{end} 件（种子 {seed}）", done + 1),
        )?;
        done = end;
        crate::storage::audit::sign_new_entries(&tx, Some(&signer), since)?;
        tx.commit()?;
    }
    let tx = conn.transaction()?;
    let since = crate::storage::audit::last_entry(&tx)?;
    // The demo office's own document settings where the regulations are
    // silent (an office's choice, shown in 设置; never a program default).
    for (key, value) in DEMO_SETTINGS {
        tx.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    audit(
        &tx,
        &actor,
        "生成演示数据",
        "cases",
        None,
        "",
        "演示机关的名称、文号代字和文书设置（陈述申辩期限、决定机关、救济途径、抄送）",
    )?;
    crate::storage::audit::sign_new_entries(&tx, Some(&signer), since)?;
    tx.commit()?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA optimize;")?;
    conn.execute(
        "INSERT INTO case_search(case_search) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

/// The demo is generated only into a new register: refuse, in Chinese, one
/// with cases, units or persons.
fn refuse_unless_empty(storage: &Storage) -> Result<()> {
    let existing: i64 = storage
        .conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(StorageError::Invalid(format!(
            "数据库中已有 {existing} 件案件；演示数据只能生成到空数据库中，请用 --db 指定新文件"
        )));
    }
    // A demo interrupted after its persons were written (each batch is one
    // transaction with its audit entry, so nothing half-written remains):
    // refuse clearly instead of failing on a UNIQUE constraint.
    let (units, persons_there): (i64, i64) = storage.conn.query_row(
        "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM persons)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if units > 0 || persons_there > 0 {
        return Err(StorageError::Invalid(format!(
            "数据库中已有 {units} 个单位、{persons_there} 名人员（可能是中断的演示数据生成，或正在使用的登记簿）；演示数据只能生成到新文件中，请用 --db 指定新文件"
        )));
    }
    Ok(())
}
