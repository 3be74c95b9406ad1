//! Append-only schema migrations, applied in order through `PRAGMA
//! user_version`. Never edit a released migration: add a new one.

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, Result};

/// Each entry: (why, SQL). Index + 1 is the schema version it produces.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        // 1: the skeleton register — office settings and the case list the
        // register screen shows. Later migrations add persons, decisions, audit.
        "initial register: settings and cases",
        "CREATE TABLE settings (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     CREATE TABLE cases (
         id            INTEGER PRIMARY KEY,
         case_no       TEXT NOT NULL UNIQUE,
         regulation_id TEXT NOT NULL,
         stage         TEXT NOT NULL DEFAULT '线索登记',
         clue_source   TEXT NOT NULL DEFAULT '',
         received_on   TEXT NOT NULL,
         summary       TEXT NOT NULL DEFAULT '',
         decided_on    TEXT,
         archived      INTEGER NOT NULL DEFAULT 0,
         created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
     ) STRICT;",
    ),
    (
        // 2: the full register — persons, respondents, facts, evidence,
        // decisions (immutable), documents (immutable), 文号, deliveries,
        // follow-ups, drafts, users, the hash-chained audit log, and search.
        "full register, immutability triggers, audit log, search",
        include_str!("schema_v2.sql"),
    ),
    (
        // 3: register screens — sort keys for the 被问责人 and 单位 columns
        // (kept by a trigger), indexes for sorting and filtering a large
        // register, regulation files an office adds.
        "register sort keys and indexes, office regulation files",
        include_str!("schema_v3.sql"),
    ),
    (
        // 4: statistics on a large register — "decisions that stand" asks
        // which decisions were superseded; without this index that is a scan
        // of every decision for each count.
        "index of superseded decisions",
        "CREATE INDEX decisions_supersedes ON decisions(supersedes) WHERE supersedes IS NOT NULL;",
    ),
    (
        // 5: importing an office's earlier 台账 — the rows already imported,
        // so a file imported twice adds nothing.
        "rows imported from earlier ledgers",
        include_str!("schema_imports.sql"),
    ),
    (
        // search: one-character queries match all searchable text, not only
        // names (issue 15); asks for an index rebuild at the next open.
        "single-character search: rebuild the search index",
        include_str!("schema_search_single_chars.sql"),
    ),
    (
        // audit: each entry carries the hashes of the rows it wrote, so
        // verify can name rows changed, written or deleted outside Wenze.
        "row hashes in the audit log",
        include_str!("schema_audit_rows.sql"),
    ),
    (
        // drafts: the reporter out of the raw form, and the draft's author.
        "drafts: reporters protected, authors recorded",
        include_str!("schema_draft_reporters.sql"),
    ),
    (
        // documents that say what was decided — each document's own 文号
        // and date, what a 送达回证 prints, a 复查's application and findings.
        "document numbers and dates per document, delivery and review details",
        include_str!("schema_docs.sql"),
    ),
    (
        // the procedure around a decision — review before issue (submit,
        // return with a comment, approve), the 送达回证, follow-ups marked
        // done, 复查/申诉 applications whose outcome supersedes the original.
        "review before issue, delivery receipts, follow-ups done, 复查/申诉",
        include_str!("schema_procedure.sql"),
    ),
    (
        // several respondents per case — each respondent's kind and status,
        // facts and evidence assigned to one respondent or shared.
        "respondents: kind and status; facts and evidence per respondent",
        include_str!("schema_respondents.sql"),
    ),
    (
        // the register sorts names by pinyin (张 after 王 is wrong in a
        // Chinese list): a pinyin sort key beside the name, with its index.
        "pinyin sort keys for respondents' names",
        include_str!("schema_pinyin.sql"),
    ),
    (
        // the case file produces each respondent's documents: a 事先告知书
        // (before any decision) records its respondent.
        "documents: the respondent of a document issued before a decision",
        include_str!("schema_casefile.sql"),
    ),
    (
        // 14: search — a CJK run's first character is indexed alone too, so
        // a 案号 search (…40145号) is an exact phrase, not a prefix merging
        // every token that starts with 号 (issue 17); asks for an index
        // rebuild at the next open.
        "search: lone tokens where a run begins; rebuild the search index",
        include_str!("schema_search_run_starts.sql"),
    ),
    (
        // 15: 复查 and 申诉 as each regulation gives them (issue 23): the
        // answer recorded on the application (body, date, reasons, the
        // 复查决定书's 文号 or the other body's own number); 维持 no longer
        // supersedes, 撤销 is read from here.
        "remedies: the answer of a 复查 or 申诉, per respondent",
        include_str!("schema_remedy_answers.sql"),
    ),
    (
        // 16: audit: an entry covers only the rows its own action wrote (noted
        // by the connection's TEMP triggers, not by the file), with each
        // row's hash before and after; row hashes over every column of
        // every audited table (issue 24). Its baseline entry is written in
        // the same transaction (`AUDIT_ALL_COLUMNS`, `audit::baseline`).
        "audit: rows of an entry noted by the program only, before/after hashes over all columns",
        AUDIT_ALL_COLUMNS,
    ),
    (
        // 17: what the clerk found about a respondent beyond the
        // regulation's items (issue 29): 000 第八条（四）'s facts, 001 第十三条
        // 履职尽责, 001 第十七条 exclusions, the 四种形态 — one JSON object
        // read through `RespondentFindings::from_stored`. The default (no
        // findings) is left out of the row hash, so existing rows keep theirs.
        "respondents: findings beyond the regulation's items",
        "ALTER TABLE respondents ADD COLUMN findings TEXT NOT NULL DEFAULT '{}';",
    ),
    (
        // 18: what the law needs recorded about a respondent (issue 25):
        // their own 分管领导 (000 第八条第（四）项's joint liability finds
        // the 分管领导 by this record, not by unit), why 容错 stands for
        // prohibited conduct (001 第四条), and the co-actors of a 共同行为
        // outside the case (004 第九条).
        "respondents: the 分管领导, the reason 容错 stands, co-actors outside the case",
        include_str!("schema_respondent_law.sql"),
    ),
    (
        // 19: 类案参考 (issue 27): a respondent's similar decisions are found
        // by 问责情形 and 情节 level; without an index on the selected item
        // every query read the whole selections table.
        "selections: index by the selected item",
        "CREATE INDEX IF NOT EXISTS selections_item ON selections(kind, item_id, regulation_id)
             WHERE archived = 0;",
    ),
    (
        // 20: the OFD stored at issue beside the PDF (issue 26): OFD-A from
        // the same layout, its SHA-256, immutable and audited like the PDF;
        // documents issued before have none.
        "documents: the issued OFD-A beside the PDF",
        include_str!("schema_ofd.sql"),
    ),
    (
        // 21: a forged entry needs a password (issue 24): each user's Ed25519
        // public key (derived from the password at sign-in) and its history,
        // and a signature on every entry after this one that writes rows. A
        // register with entries gets a baseline entry in the same
        // transaction (`SIGNATURES`, `audit::signing_baseline`): entries up
        // to it are unsigned, every row-writing entry after it is signed.
        "audit: entries signed with the user's key; users' public keys and their history",
        SIGNATURES,
    ),
    (
        // 22: 类案参考 (issue 27): a decision issued although its methods
        // leave the office's similar decisions (the proportion warning,
        // 004 第三条（三）, 000 第二条, 001 第五条) records why, in the case
        // file and its audit entry, never in the document. The default (no
        // reason) is left out of the row hash, so existing rows keep theirs.
        "decisions: the reason a decision departs from its similar decisions",
        "ALTER TABLE decisions ADD COLUMN precedent_reason TEXT NOT NULL DEFAULT '';",
    ),
    (
        // 23: 类案参考 on the 1,000,000-case register (issue 27): the newest
        // similar decisions read in date order from one index
        // (`precedent_keys`, kept by triggers) instead of every decision of
        // the behaviour sorted on each query.
        "precedent keys: decisions by regulation, behaviour, level and date",
        include_str!("schema_precedent_keys.sql"),
    ),
    (
        // 24: whether a 复查 or 申诉 upheld a decision (复查维持) is asked
        // for each similar decision; without an index SQLite built an
        // automatic one over every remedy on each 类案参考 query.
        "remedies: index by decision and outcome",
        "CREATE INDEX remedies_decision ON remedies(decision_id, outcome);",
    ),
    (
        // 25: the register sorted by 阶段 in procedure order (线索登记 …
        // 申诉已决定), as the screens order search hits, not by the labels'
        // character codes; the expression is `register::stage_order("stage")`
        // (a test holds them equal), indexed so that pages stay one seek.
        "cases: index by stage in procedure order",
        "CREATE INDEX cases_stage_order ON cases((CASE stage WHEN '线索登记' THEN 0 WHEN '调查核实' THEN 1 WHEN '情节认定' THEN 2 WHEN '处理决定' THEN 3 WHEN '审核确认' THEN 4 WHEN '审批与送达' THEN 5 WHEN '已决定' THEN 6 WHEN '已送达' THEN 7 WHEN '复查中' THEN 8 WHEN '复查已决定' THEN 9 WHEN '申诉中' THEN 10 WHEN '申诉已决定' THEN 11 END), received_on, id);",
    ),
];

/// The migration to signed entries: after its SQL, the same transaction
/// writes the baseline entry (`audit::signing_baseline`).
const SIGNATURES: &str = include_str!("schema_signatures.sql");

/// The migration to row hashes over all columns: after its SQL, the same
/// transaction records every existing row (`audit::baseline`). Found by its
/// text, not its number, so renumbering it keeps the hook.
const AUDIT_ALL_COLUMNS: &str = include_str!("schema_audit_all_columns.sql");

/// The version the row hashes over all columns arrive with (tests build
/// the register just before it).
#[cfg(test)]
pub(super) fn audit_all_columns_version() -> i64 {
    MIGRATIONS
        .iter()
        .position(|(_, sql)| *sql == AUDIT_ALL_COLUMNS)
        .map_or(SCHEMA_VERSION, |i| i as i64 + 1)
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration `version`'s SQL (unit tests hold generated SQL equal to it).
#[cfg(test)]
pub(super) fn sql_of_for_test(version: usize) -> &'static str {
    MIGRATIONS[version - 1].1
}

/// Bring the file up to `SCHEMA_VERSION`, one transaction per migration.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Bring the file up to `target` (tests build registers of earlier versions).
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    for (i, (_why, sql)) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version > target {
            break;
        }
        // The version is re-read inside the exclusive transaction: another
        // process (e.g. an older Wenze without the lock file) may have just
        // applied this migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version <= current {
            continue;
        }
        if *sql == SIGNATURES {
            super::audit::signing_columns(&tx)?;
        }
        tx.execute_batch(sql)?;
        if *sql == AUDIT_ALL_COLUMNS {
            super::audit::baseline(&tx)?;
        }
        if *sql == SIGNATURES {
            super::audit::signing_baseline(&tx)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
        ))?;
        tx.commit()?;
    }
    Ok(())
}
