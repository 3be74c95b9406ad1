//! Signed audit entries: every entry that writes data rows carries an
//! Ed25519 signature by the signed-in user's key (derived from their
//! password at sign-in, `domain::auth::signing_key`). Signatures are written
//! in the entries' own transaction, just before it commits
//! (`sign_new_entries`); `audit verify` checks each against the key its
//! signer had at that entry (`check_signatures`), read from the audited
//! history of keys (`user_keys`).

use std::collections::{BTreeMap, HashMap, HashSet};

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};

use super::table_exists;
use crate::storage::{Result, StorageError};

#[cfg(test)]
mod tests;

/// The action of the baseline entry migration 21 writes on a register with
/// entries: entries up to it are unsigned.
pub(in crate::storage) const SIGNING_BASELINE: &str =
    "审计签名起点：此后每条写入数据行的审计记录均须由操作用户的签名密钥签名";

/// The `user_keys` table's code in `audit_rows` (`TRACKED`).
pub(in crate::storage) const USER_KEYS: i64 = 18;
/// The `users` table's code.
const USERS: i64 = 5;

/// Who signs the entries a storage writes: a signed-in user and the key
/// their password gives.
pub(crate) struct Signer {
    pub(crate) user_id: i64,
    pub(crate) key: SigningKey,
}

/// What is signed for entry `hash` by user `signer_id`: the entry's hash
/// (which chains its time, actor, action, entity, before/after texts, the
/// digest of its rows and the previous entry's hash) with the signer's id,
/// under a label of its own.
fn message(hash: &str, signer_id: i64) -> Vec<u8> {
    let mut m = b"wenze-audit-signature-v1\0".to_vec();
    m.extend_from_slice(&signer_id.to_le_bytes());
    m.extend_from_slice(hash.as_bytes());
    m
}

/// The last entry's number (0 for none): entries after it belong to the
/// transaction now writing.
pub(in crate::storage) fn last_entry(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM audit_log")?
        .query_row([], |r| r.get(0))?)
}

/// Sign every entry after `since` (this transaction's) with `signer`.
/// Without one, an entry that writes data rows is refused: only events
/// before anyone signs in (a failed sign-in, a refusal) go unsigned.
pub(in crate::storage) fn sign_new_entries(
    conn: &Connection,
    signer: Option<&Signer>,
    since: i64,
) -> Result<()> {
    if !table_exists(conn, "audit_signatures")? {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, hash, rows_hash <> '' FROM audit_log WHERE id > ?1 ORDER BY id",
    )?;
    let entries = stmt
        .query_map([since], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, bool)>>>()?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO audit_signatures (audit_id, signer_id, signature) VALUES (?1, ?2, ?3)",
    )?;
    for (id, hash, writes_rows) in entries {
        match signer {
            Some(s) => {
                let sig = s.key.sign(&message(&hash, s.user_id));
                ins.execute(params![id, s.user_id, sig.to_bytes().to_vec()])?;
            }
            None if writes_rows => {
                return Err(StorageError::Forbidden(
                    "没有已登录的用户，不能写入登记簿：每一次写入都须由登录用户的签名密钥签名。请先登录。"
                        .to_owned(),
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// At migration 21, before its SQL: the users' key columns, unless the
/// register has them (the migration run again over a register that had it).
pub(in crate::storage) fn signing_columns(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    for column in ["public_key", "key_salt"] {
        let has: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('users') WHERE name = ?1)",
            [column],
            |r| r.get(0),
        )?;
        if !has {
            tx.execute_batch(&format!("ALTER TABLE users ADD COLUMN {column} BLOB;"))?;
        }
    }
    Ok(())
}

/// At migration 21 (inside its transaction): a register with entries gets
/// the baseline entry; a new register needs none (every entry is signed),
/// nor does one whose entries are signed already (the migration run again).
pub(in crate::storage) fn signing_baseline(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let n = last_entry(tx)?;
    let signed: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM audit_signatures)", [], |r| {
        r.get(0)
    })?;
    if n == 0 || signed {
        return Ok(());
    }
    crate::storage::register::audit_with_rows(
        tx,
        "系统",
        SIGNING_BASELINE,
        "audit_log",
        None,
        "",
        &format!("此前 {n} 条审计记录未签名"),
        Vec::new(),
    )
}

/// The signing baseline's entry number (0: none, every entry is after it).
pub(in crate::storage) fn baseline_entry(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(MIN(id), 0) FROM audit_log WHERE actor = '系统' AND action = ?1",
        )?
        .query_row([SIGNING_BASELINE], |r| r.get(0))?)
}

/// What is wrong with the signature of the last entry that wrote user
/// `user`'s row, if anything (checked at sign-in: a role raised outside
/// the program under an entry that cannot be verified signs no one in).
/// The keys and users before that entry come from their audited history,
/// as `check_signatures` reads them.
pub(in crate::storage) fn user_row_problem(conn: &Connection, user: i64) -> Result<Option<String>> {
    if !table_exists(conn, "audit_signatures")? {
        return Ok(None);
    }
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(audit_id) FROM audit_rows WHERE tbl = ?1 AND row_id = ?2")?
        .query_row([USERS, user], |r| r.get(0))?;
    let Some(id) = last else { return Ok(None) };
    let entry = conn
        .prepare_cached(
            "SELECT a.hash, a.rows_hash <> '', s.signer_id, s.signature
               FROM audit_log a LEFT JOIN audit_signatures s ON s.audit_id = a.id WHERE a.id = ?1",
        )?
        .query_row([id], |r| {
            let signer: Option<i64> = r.get(2)?;
            let signature: Option<Vec<u8>> = r.get(3)?;
            Ok(Entry {
                id,
                hash: r.get(0)?,
                writes_rows: r.get(1)?,
                signed: signer.zip(signature),
            })
        })
        .optional()?;
    let Some(entry) = entry else {
        return Ok(Some(format!("第 {id} 条审计记录已不存在")));
    };
    let baseline = baseline_entry(conn)?;
    let h = history(conn, baseline)?;
    let mut current: HashMap<i64, Vec<u8>> = HashMap::new();
    for keys in h.keys.range(..id).map(|(_, k)| k) {
        for (u, k) in keys {
            current.insert(*u, k.clone());
        }
    }
    let mut created_so_far = h.before_signing.clone();
    for (a, users) in &h.created {
        if *a < id {
            created_so_far.extend(users);
        }
    }
    entry_problem(conn, &entry, baseline, &h, &current, &created_so_far)
}

/// One entry as the signature check reads it.
struct Entry {
    id: i64,
    hash: String,
    writes_rows: bool,
    signed: Option<(i64, Vec<u8>)>,
}

/// What the signature check needs besides the entries: the keys each entry
/// recorded, the users each entry created, the users from before signing.
struct History {
    /// Entry → (user, public key) recorded by it, in entry order.
    keys: BTreeMap<i64, Vec<(i64, Vec<u8>)>>,
    /// Entry → users it created.
    created: HashMap<i64, Vec<i64>>,
    /// Users whose row an entry up to the baseline recorded.
    before_signing: HashSet<i64>,
    /// Users active now (their rows are checked against the audit too).
    active: HashSet<i64>,
}

fn history(conn: &Connection, baseline: i64) -> Result<History> {
    let mut keys: BTreeMap<i64, Vec<(i64, Vec<u8>)>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT a.audit_id, k.user_id, k.public_key FROM user_keys k
           JOIN audit_rows a ON a.tbl = ?1 AND a.row_id = k.id
          ORDER BY a.audit_id, k.id",
    )?;
    let mut q = stmt.query([USER_KEYS])?;
    while let Some(r) = q.next()? {
        keys.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    let mut created: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut before_signing = HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT audit_id, row_id, before_hash IS NOT NULL AND length(before_hash) = 0
           FROM audit_rows WHERE tbl = ?1 ORDER BY audit_id",
    )?;
    let mut q = stmt.query([USERS])?;
    while let Some(r) = q.next()? {
        let (audit_id, user): (i64, i64) = (r.get(0)?, r.get(1)?);
        if audit_id <= baseline {
            before_signing.insert(user);
        }
        if r.get::<_, bool>(2)? {
            created.entry(audit_id).or_default().push(user);
        }
    }
    let active = conn
        .prepare("SELECT id FROM users WHERE active = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<i64>>>()?;
    Ok(History {
        keys,
        created,
        before_signing,
        active,
    })
}

/// How a user is named in a problem.
fn user_name(conn: &Connection, id: i64) -> Result<String> {
    let name: Option<String> = conn
        .prepare_cached("SELECT username FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match name {
        Some(n) => format!("用户“{n}”（第 {id} 号）"),
        None => format!("不存在的用户（第 {id} 号）"),
    })
}

fn verifies(key: &[u8], hash: &str, signer: i64, signature: &[u8]) -> bool {
    let Ok(key) = <[u8; 32]>::try_from(key) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&key) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(signature) else {
        return false;
    };
    key.verify_strict(&message(hash, signer), &sig).is_ok()
}

/// Check every entry's signature against the key its signer had at that
/// entry. Entries up to the signing baseline (migration 21 on a register
/// that had entries) are unsigned; after it, every entry that writes rows
/// must be signed. A key is known from the audited entry that recorded it;
/// an entry may be signed by a key it records itself only where no earlier
/// key can vouch for it: a user from before signing at their first sign-in,
/// or a user created while no earlier user is active (the first
/// administrator; the demo register's own user). Problems are named in
/// Chinese, at most `max` listed, all counted.
pub(in crate::storage) fn check_signatures(
    conn: &Connection,
    max: usize,
) -> Result<(Vec<String>, usize)> {
    let mut list = Vec::new();
    let mut total = 0usize;
    if !table_exists(conn, "audit_signatures")? {
        return Ok((list, 0));
    }
    let baseline = baseline_entry(conn)?;
    let h = history(conn, baseline)?;
    let mut current: HashMap<i64, Vec<u8>> = HashMap::new();
    let mut created_so_far: HashSet<i64> = h.before_signing.clone();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.hash, a.rows_hash <> '', s.signer_id, s.signature
           FROM audit_log a LEFT JOIN audit_signatures s ON s.audit_id = a.id ORDER BY a.id",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let signer: Option<i64> = r.get(3)?;
        let signature: Option<Vec<u8>> = r.get(4)?;
        let e = Entry {
            id: r.get(0)?,
            hash: r.get(1)?,
            writes_rows: r.get(2)?,
            signed: signer.zip(signature),
        };
        let recorded = h.keys.get(&e.id);
        let created = h.created.get(&e.id);
        if let Some(problem) = entry_problem(conn, &e, baseline, &h, &current, &created_so_far)? {
            total += 1;
            if list.len() < max {
                list.push(problem);
            }
        }
        for (user, key) in recorded.into_iter().flatten() {
            current.insert(*user, key.clone());
        }
        created_so_far.extend(created.into_iter().flatten());
    }
    Ok((list, total))
}

/// What is wrong with one entry's signature, if anything.
fn entry_problem(
    conn: &Connection,
    e: &Entry,
    baseline: i64,
    h: &History,
    current: &HashMap<i64, Vec<u8>>,
    created_so_far: &HashSet<i64>,
) -> Result<Option<String>> {
    let id = e.id;
    let Some((signer, signature)) = &e.signed else {
        return Ok((id > baseline && e.writes_rows).then(|| {
            format!("第 {id} 条写入了数据行，却没有签名（不是登录用户在本程序中写入的，可能在本程序之外伪造）")
        }));
    };
    if id <= baseline {
        return Ok(Some(format!(
            "第 {id} 条在签名起点（第 {baseline} 条）之前却带有签名：签名起点可能是伪造的"
        )));
    }
    let own_key = || {
        h.keys
            .get(&id)
            .and_then(|ks| ks.iter().rev().find(|(u, _)| u == signer))
            .map(|(_, k)| k)
    };
    let key = match current.get(signer) {
        Some(k) => Some(k),
        None => {
            let first_sign_in = h.before_signing.contains(signer);
            let first_user = h.created.get(&id).is_some_and(|c| c.contains(signer))
                && !created_so_far.iter().any(|u| h.active.contains(u));
            own_key().filter(|_| first_sign_in || first_user)
        }
    };
    let Some(key) = key else {
        return Ok(Some(format!(
            "第 {id} 条的签名者{}在该条之时没有登记的签名密钥（签名不能核实，可能是伪造的）",
            user_name(conn, *signer)?
        )));
    };
    if !verifies(key, &e.hash, *signer, signature) {
        return Ok(Some(format!(
            "第 {id} 条的签名与签名者{}当时的密钥不符（记录被改动，或签名是伪造的）",
            user_name(conn, *signer)?
        )));
    }
    Ok(None)
}
