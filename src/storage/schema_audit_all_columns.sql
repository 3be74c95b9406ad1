-- The audit chain can no longer be laundered (issue 24).
--
-- Until now, persistent triggers noted every written row of cases,
-- decisions, documents, 文号 and users in `audit_pending`, and the next audit
-- entry of any kind took whatever was there: a row edited with sqlite3 (or
-- one INSERT INTO audit_pending, or a settings row `audit_baseline`) was
-- absorbed by the next entry, even a failed sign-in. Now the program notes
-- the rows it writes itself, in TEMP triggers of its own connection
-- (`storage::audit::install`); the persistent ones and the table go.
--
-- Each row record also keeps the row's hash before the entry
-- (`before_hash`: empty for a row the entry inserted; NULL for records
-- before this migration), so a row changed outside the program between two
-- entries stays reported. Hashes now cover every column of every audited
-- table; this migration's audit entry (written by `storage::audit::baseline`
-- in the same transaction) records every existing row with its hash before
-- (over the old columns) and after.
DROP TRIGGER IF EXISTS pending_cases_insert;
DROP TRIGGER IF EXISTS pending_cases_update;
DROP TRIGGER IF EXISTS pending_decisions_insert;
DROP TRIGGER IF EXISTS pending_documents_insert;
DROP TRIGGER IF EXISTS pending_doc_numbers_insert;
DROP TRIGGER IF EXISTS pending_users_insert;
DROP TRIGGER IF EXISTS pending_users_update;
DROP TABLE IF EXISTS audit_pending;
DELETE FROM settings WHERE key = 'audit_baseline';
-- (The column audit_rows.before_hash is added by `audit::baseline`, only
-- where missing.)
