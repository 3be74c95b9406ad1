//! Chinese full-text search over an FTS5 table of bigrams.
//!
//! Chinese has no spaces, and FTS5's trigram tokenizer cannot match the one-
//! and two-character queries clerks type most (a surname, 超时, 审批). So each
//! case's text is indexed as CJK bigrams (plus single characters of person
//! names), separated by spaces, under FTS5's unicode61 tokenizer. A query of
//! two or more characters becomes a phrase of its bigrams — consecutive, so
//! 违反规定 matches only where the four characters stand together. Each CJK
//! run also indexes its first and last characters alone, so every character
//! begins a token and a single-character query — a prefix query — matches it
//! anywhere in the searchable text (names, units, 案号, 文号, summary, facts);
//! and a query's one-character run next to a word (the 号 of 〔2021〕40145号)
//! is an exact token, not a prefix over every token starting with it.

use crate::domain::ids::CaseId;
use rusqlite::{Connection, params};

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
pub(crate) fn set_pinyin_key(tx: &Connection, case_id: CaseId) -> Result<()> {
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

/// At sign-in: key the listed cases that have a name but no pinyin key yet
/// (all of them once after the pinyin migration; cases written by an older
/// Wenze afterwards). One audited transaction, only when there is work,
/// signed by the user signing in (a write of rows needs a signer, so this
/// no longer runs at open). Archived cases are not listed, so they are not
/// keyed.
pub(in crate::storage) fn pinyin_keys_if_missing(storage: &mut super::Storage) -> Result<()> {
    if storage.signer.is_none() {
        return Ok(());
    }
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

/// A piece of text as the index sees it: a run of CJK characters, or a
/// word of other letters and digits (lower-cased). Anything else separates
/// pieces and is not indexed.
enum Piece {
    Run(Vec<char>),
    Word(String),
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    // At most one of `run` and `word` is being collected at a time.
    let flush = |run: &mut Vec<char>, word: &mut String, out: &mut Vec<Piece>| {
        if !run.is_empty() {
            out.push(Piece::Run(std::mem::take(run)));
        }
        if !word.is_empty() {
            out.push(Piece::Word(std::mem::take(word).to_lowercase()));
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                flush(&mut run, &mut word, &mut out);
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            if !run.is_empty() {
                flush(&mut run, &mut word, &mut out);
            }
            word.push(c);
        } else {
            flush(&mut run, &mut word, &mut out);
        }
    }
    flush(&mut run, &mut word, &mut out);
    out
}

/// Push a run's tokens: its first character alone (`open_start` false), its
/// bigrams, its last character alone (`open_end` false). A run of one
/// character is a single lone token, both first and last.
fn push_run(tokens: &mut Vec<String>, run: &[char], open_start: bool, open_end: bool) {
    if let [only] = run {
        if !(open_start && open_end) {
            tokens.push(only.to_string());
        }
        return;
    }
    if !open_start && let Some(first) = run.first() {
        tokens.push(first.to_string());
    }
    for w in run.windows(2) {
        tokens.push(w.iter().collect());
    }
    if !open_end && let Some(last) = run.last() {
        tokens.push(last.to_string());
    }
}

/// Append the tokens of `text` to `out`: each CJK run as its first character
/// alone, its bigrams and its last character alone (湖北省 → 湖 湖北 北省
/// 省); each other word as itself. Every character thus begins a token, so a
/// one-character query (a prefix query) finds it wherever it stands; and a
/// query's run that must begin (or end) a run in the text — because a word
/// or another run stands before (after) it in the query — is an exact token,
/// never a prefix (40145号 is the phrase `40145 号`, not `40145 号*`, which
/// FTS5 would answer by merging the postings of every token starting with 号).
pub(crate) fn push_grams(out: &mut String, text: &str) {
    let mut tokens = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Run(run) => push_run(&mut tokens, &run, false, false),
            Piece::Word(word) => tokens.push(word),
        }
    }
    for t in tokens {
        out.push_str(&t);
        out.push(' ');
    }
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
pub fn fts_query(query: &str) -> Option<String> {
    let mut parts = Vec::new();
    for word in query.split_whitespace() {
        let pieces = pieces(word);
        // The indexed text may continue the query's first run backwards and
        // its last run forwards (超时 is found in 投诉超时未处理): those ends
        // are open, so their lone tokens are not part of the phrase. A run
        // that is followed by punctuation in the query ends there (as
        // before issue 17); one with a word or run before it in the query
        // begins there.
        let ends_open = word.chars().next_back().is_some_and(is_cjk);
        let last = pieces.len().saturating_sub(1);
        let mut tokens = Vec::new();
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Run(run) if run.len() == 1 && i == 0 && i == last && ends_open => {
                    // One character open at both ends: every token that
                    // starts with it (the bigrams it begins and the lone
                    // token where a run begins or ends with it).
                    parts.push(format!("\"{}\" *", run[0]));
                }
                Piece::Run(run) => push_run(&mut tokens, run, i == 0, i == last && ends_open),
                Piece::Word(w) => tokens.push(w.clone()),
            }
        }
        if tokens.is_empty() {
            continue;
        }
        // A phrase: tokens consecutive. Quotes inside tokens cannot occur
        // (only letters, digits and CJK survive), so this is safe.
        parts.push(format!("\"{}\"", tokens.join(" ")));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

/// The searchable text of one case.
pub(super) fn case_grams(tx: &Connection, case_id: CaseId) -> Result<String> {
    let mut out = String::new();
    let (case_no, summary): (String, String) = tx
        .prepare_cached("SELECT case_no, summary FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
pub fn search_rowid(case_id: CaseId) -> i64 {
    -case_id.get()
}

/// Rebuild the search row of a case after a change.
pub(super) fn reindex_case(tx: &Connection, case_id: CaseId) -> Result<()> {
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
    let Some(reason) = asked else {
        return Ok(());
    };
    storage.write_public(|tx, actor| {
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('delete-all')",
            [],
        )?;
        let ids: Vec<CaseId> = {
            let mut stmt = tx.prepare("SELECT id FROM cases ORDER BY id")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut insert = tx.prepare("INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)")?;
        for id in &ids {
            insert.execute(params![search_rowid(*id), case_grams(tx, *id)?])?;
        }
        drop(insert);
        tx.execute("DELETE FROM settings WHERE key = 'search_reindex'", [])?;
        super::register::audit(
            tx,
            actor,
            "重建检索索引",
            "case_search",
            None,
            "",
            &format!("{} 件案件（{}）", ids.len(), reason),
        )
    })
}
