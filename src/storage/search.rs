//! Chinese full-text search over an FTS5 table of bigrams.
//!
//! Chinese has no spaces, and FTS5's trigram tokenizer cannot match the one-
//! and two-character queries clerks type most (a surname, 超时, 审批). So each
//! case's text is indexed as CJK bigrams (plus single characters of person
//! names), separated by spaces, under FTS5's unicode61 tokenizer. A query of
//! two or more characters becomes a phrase of its bigrams — consecutive, so
//! 违反规定 matches only where the four characters stand together. Each CJK
//! run also indexes its last character alone, so every character begins a
//! token and a single-character query — a prefix query — matches it anywhere
//! in the searchable text (names, units, 案号, 文号, summary, facts).

use rusqlite::{Transaction, params};

use super::Result;

/// Surnames read differently from the character's usual reading (单 shàn,
/// not dān; 曾 zēng, not céng …): used for a name's first character only.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan4"),
    ('曾', "zeng1"),
    ('解', "xie4"),
    ('仇', "qiu2"),
    ('朴', "piao2"),
    ('查', "zha1"),
    ('区', "ou1"),
    ('盖', "ge3"),
    ('缪', "miao4"),
    ('乐', "yue4"),
    ('覃', "qin2"),
    ('翟', "zhai2"),
    ('召', "shao4"),
    ('种', "chong2"),
    ('员', "yun4"),
    ('秘', "bi4"),
    ('尉', "yu4"),
    ('长', "chang2"),
    ('重', "chong2"),
    ('柏', "bai3"),
    ('朝', "chao2"),
];

/// A name's pinyin sort key: each character's syllable with its tone
/// number (wang2 jian4 guo2), surnames in their surname reading, other
/// characters as themselves (lower case); then the name itself, so
/// homophones sort together and by character. Byte order of the keys is
/// dictionary order (wan3 before wang2, li3 before lian2, 李 before 李明).
pub fn pinyin_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len() * 3);
    for (i, c) in name.trim().chars().enumerate() {
        if !key.is_empty() {
            key.push(' ');
        }
        let surname = (i == 0)
            .then(|| SURNAME_READINGS.iter().find(|(s, _)| *s == c))
            .flatten();
        match (surname, c.to_pinyin()) {
            (Some((_, reading)), _) => key.push_str(reading),
            (None, Some(p)) => key.push_str(p.with_tone_num_end()),
            (None, None) => key.extend(c.to_lowercase()),
        }
    }
    key.push('\u{1}');
    key.push_str(name.trim());
    key
}

/// Set a case's pinyin sort key from its first respondent's name (call
/// after writing the case's respondents, in the same transaction).
pub(crate) fn set_pinyin_key(tx: &Transaction<'_>, case_id: i64) -> Result<()> {
    let name: String = tx
        .prepare_cached("SELECT sort_respondent FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))?;
    let key = if name.is_empty() {
        String::new()
    } else {
        pinyin_key(&name)
    };
    tx.prepare_cached("UPDATE cases SET sort_pinyin = ?1 WHERE id = ?2 AND sort_pinyin <> ?1")?
        .execute(params![key, case_id])?;
    Ok(())
}

/// At open: key the listed cases that have a name but no pinyin key yet
/// (all of them once after the pinyin migration; cases written by an older
/// Wenze afterwards). One audited transaction, only when there is work.
/// Archived cases are not listed, so they are not keyed.
pub(super) fn pinyin_keys_if_missing(storage: &mut super::Storage) -> Result<()> {
    let missing: bool = storage.conn.query_row(
        // archived = 0: answered from the partial index, not a table scan.
        "SELECT EXISTS (SELECT 1 FROM cases
          WHERE archived = 0 AND sort_pinyin = '' AND sort_respondent <> '')",
        [],
        |r| r.get(0),
    )?;
    let asked: bool = storage.conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'pinyin_reindex')",
        [],
        |r| r.get(0),
    )?;
    if !missing && !asked {
        return Ok(());
    }
    storage.write_public(|tx, actor| {
        let rows: Vec<(i64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT id, sort_respondent FROM cases
                  WHERE archived = 0 AND sort_pinyin = '' AND sort_respondent <> ''",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        {
            let mut update = tx.prepare("UPDATE cases SET sort_pinyin = ?1 WHERE id = ?2")?;
            for (id, name) in &rows {
                update.execute(params![pinyin_key(name), id])?;
            }
        }
        tx.execute("DELETE FROM settings WHERE key = 'pinyin_reindex'", [])?;
        super::register::audit(
            tx,
            actor,
            "生成拼音排序键",
            "cases",
            None,
            "",
            &format!("{} 件案件的被问责人按拼音排序", rows.len()),
        )
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Append the bigrams (and lone characters) of `text` to `out`.
pub(crate) fn push_grams(out: &mut String, text: &str) {
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut String| {
        for w in run.windows(2) {
            out.push(w[0]);
            out.push(w[1]);
            out.push(' ');
        }
        // The run's last character on its own: every character now starts
        // a token, so a one-character query (a prefix query) finds it
        // wherever it stands.
        if let Some(last) = run.last() {
            out.push(*last);
            out.push(' ');
        }
        run.clear();
    };
    let flush_word = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&word.to_lowercase());
            out.push(' ');
            word.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, out);
            word.push(c);
        } else {
            flush_run(&mut run, out);
            flush_word(&mut word, out);
        }
    }
    flush_run(&mut run, out);
    flush_word(&mut word, out);
}

/// Names also get each character on its own, for surname search.
pub(crate) fn push_name(out: &mut String, name: &str) {
    for c in name.chars().filter(|c| is_cjk(*c)) {
        out.push(c);
        out.push(' ');
    }
    push_grams(out, name);
}

/// The FTS5 MATCH expression for a clerk's query, or `None` if it has nothing
/// searchable. Words separated by spaces must all match.
pub(crate) fn fts_query(query: &str) -> Option<String> {
    let mut parts = Vec::new();
    for word in query.split_whitespace() {
        let mut grams = String::new();
        let cjk: Vec<char> = word.chars().filter(|c| is_cjk(*c)).collect();
        if cjk.len() == 1 && word.chars().count() == 1 {
            // One character: every token that starts with it (the bigrams it
            // begins, and the lone token of a run's last character).
            parts.push(format!("\"{}\" *", cjk[0]));
            continue;
        } else {
            push_grams(&mut grams, word);
        }
        let mut tokens: Vec<&str> = grams.split_whitespace().collect();
        // The indexed text may continue the query's last CJK run, so the
        // lone token that ends a run in the index is not part of the query:
        // after a run of two or more, drop it; after a run of one, the phrase
        // ends with that character as a prefix (处 matches 处 and 处理).
        let last_run = word.chars().rev().take_while(|c| is_cjk(*c)).count();
        let mut prefix = "";
        if last_run >= 2 {
            tokens.pop();
        } else if last_run == 1 {
            prefix = " *";
        }
        if tokens.is_empty() {
            continue;
        }
        // A phrase: tokens consecutive. Quotes inside tokens cannot occur
        // (only letters, digits and CJK survive), so this is safe.
        parts.push(format!("\"{}\"{prefix}", tokens.join(" ")));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

/// The searchable text of one case.
pub(super) fn case_grams(tx: &Transaction<'_>, case_id: i64) -> Result<String> {
    let mut out = String::new();
    let (case_no, summary): (String, String) = tx.query_row(
        "SELECT case_no, summary FROM cases WHERE id = ?1",
        [case_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    push_grams(&mut out, &case_no);
    push_grams(&mut out, &summary);
    let mut names = tx.prepare_cached(
        "SELECT p.name, r.unit_at_time FROM respondents r JOIN persons p ON p.id = r.person_id WHERE r.case_id = ?1",
    )?;
    for row in names.query_map([case_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (name, unit) = row?;
        push_name(&mut out, &name);
        push_grams(&mut out, &unit);
    }
    let mut facts =
        tx.prepare_cached("SELECT text FROM facts WHERE case_id = ?1 AND archived = 0")?;
    for row in facts.query_map([case_id], |r| r.get::<_, String>(0))? {
        push_grams(&mut out, &row?);
    }
    let mut docs = tx.prepare_cached("SELECT doc_no FROM decisions WHERE case_id = ?1")?;
    for row in docs.query_map([case_id], |r| r.get::<_, String>(0))? {
        push_grams(&mut out, &row?);
    }
    Ok(out)
}

/// The FTS rowid of a case: its id negated, so that FTS5's fast ascending
/// rowid order lists the newest cases first (descending iteration over large
/// doclists is slow in FTS5).
pub(crate) fn search_rowid(case_id: i64) -> i64 {
    -case_id
}

/// Rebuild the search row of a case after a change.
pub(super) fn reindex_case(tx: &Transaction<'_>, case_id: i64) -> Result<()> {
    let grams = case_grams(tx, case_id)?;
    let rowid = search_rowid(case_id);
    tx.execute("DELETE FROM case_search WHERE rowid = ?1", [rowid])?;
    tx.execute(
        "INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)",
        params![rowid, grams],
    )?;
    Ok(())
}

/// Rebuild the whole index when a migration asked for it (the tokens changed):
/// one transaction with its audit entry; the flag is cleared in it.
pub(super) fn reindex_all_if_asked(storage: &mut super::Storage) -> Result<()> {
    let asked: Option<String> = storage
        .conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'search_reindex'",
            [],
            |r| r.get(0),
        )
        .ok();
    if asked.is_none() {
        return Ok(());
    }
    storage.write_public(|tx, actor| {
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('delete-all')",
            [],
        )?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM cases ORDER BY id")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in &ids {
            let grams = case_grams(tx, *id)?;
            tx.execute(
                "INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)",
                params![search_rowid(*id), grams],
            )?;
        }
        tx.execute("DELETE FROM settings WHERE key = 'search_reindex'", [])?;
        super::register::audit(
            tx,
            actor,
            "重建检索索引",
            "case_search",
            None,
            "",
            &format!("{} 件案件（单字检索）", ids.len()),
        )
    })
}
