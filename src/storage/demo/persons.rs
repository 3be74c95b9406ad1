//! The demo's units and persons, in one audited transaction.

use rusqlite::{Connection, params};

use super::data::{GIVEN, POSTS, SURNAMES, UNITS};
use crate::storage::Result;
use crate::storage::audit::Signer;
use crate::storage::register::audit;

/// A demo person: (id, name, unit index).
type Person = (i64, String, usize);

/// Insert the units and `cases / 3` persons (at least 40): (id, name,
/// unit index) of each person, and who signs the demo: `signer`, or the
/// demo's own user created in the same transaction (an interrupted demo
/// leaves neither).
pub(super) fn insert(
    conn: &mut Connection,
    rng: &mut fastrand::Rng,
    cases: usize,
    (actor, signer): (&str, Option<Signer>),
    seed: u64,
) -> Result<(Vec<Person>, Signer)> {
    let persons_n = (cases / 3).clamp(40, 400_000);
    let mut persons: Vec<Person> = Vec::with_capacity(persons_n);
    let tx = conn.transaction()?;
    let since = crate::storage::audit::last_entry(&tx)?;
    let signer = match signer {
        Some(s) => s,
        None => crate::storage::register::insert_demo_user(&tx, actor)?,
    };
    for u in UNITS {
        tx.execute("INSERT INTO units (name) VALUES (?1)", [u])?;
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO persons (name, gender, unit_id, post, rank, party_member, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for i in 0..persons_n {
            let name = format!(
                "{}{}",
                SURNAMES[rng.usize(..SURNAMES.len())],
                GIVEN[rng.usize(..GIVEN.len())]
            );
            let unit = rng.usize(..UNITS.len());
            let post = POSTS[rng.usize(..POSTS.len())];
            let rank = if post.contains('长') {
                "科级领导干部"
            } else {
                "科员及一般工作人员"
            };
            let status = match i % 29 {
                0 => "调离",
                1 => "退休",
                _ => "在职",
            };
            ins.execute(params![
                name,
                if rng.bool() { "男" } else { "女" },
                unit as i64 + 1,
                post,
                rank,
                rng.u8(..10) < 7,
                status
            ])?;
            persons.push((tx.last_insert_rowid(), name, unit));
        }
    }
    audit(
        &tx,
        actor,
        "生成演示数据",
        "persons",
        None,
        "",
        &format!("{} 个单位、{persons_n} 名人员（种子 {seed}）", UNITS.len()),
    )?;
    crate::storage::audit::sign_new_entries(&tx, Some(&signer), since)?;
    tx.commit()?;
    Ok((persons, signer))
}
