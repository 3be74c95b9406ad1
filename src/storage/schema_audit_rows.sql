-- Audit entries carry the hashes of the rows they wrote (issue 15), so that
-- `wenze audit verify` can re-read decisions, documents, 文号, users and cases
-- and name any row that differs from its last audited state, has no audit
-- entry, or is gone.
--
-- Triggers note every inserted or updated row of those tables in
-- audit_pending; the next audit entry (same transaction) hashes them into
-- audit_rows and chains their digest (audit_log.rows_hash). A row changed
-- outside the program stays pending, or no longer matches its hash.
ALTER TABLE audit_log ADD COLUMN rows_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_pending (
    tbl    INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- tbl: 1 cases, 2 decisions, 3 documents, 4 doc_numbers, 5 users.
-- hash: the first 16 bytes of SHA-256 of the row's audited columns.
CREATE TABLE audit_rows (
    tbl      INTEGER NOT NULL,
    row_id   INTEGER NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit_log(id),
    hash     BLOB NOT NULL,
    PRIMARY KEY (tbl, row_id, audit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_rows_entry ON audit_rows(audit_id);
CREATE TRIGGER audit_rows_no_update BEFORE UPDATE ON audit_rows BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END;
CREATE TRIGGER audit_rows_no_delete BEFORE DELETE ON audit_rows BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END;

CREATE TRIGGER pending_cases_insert AFTER INSERT ON cases BEGIN INSERT OR IGNORE INTO audit_pending VALUES (1, NEW.rowid); END;
CREATE TRIGGER pending_cases_update AFTER UPDATE OF case_no, regulation_id, stage, clue_source, received_on, summary, decided_on, archived, tolerance_overlay, outcome ON cases BEGIN INSERT OR IGNORE INTO audit_pending VALUES (1, NEW.rowid); END;
CREATE TRIGGER pending_decisions_insert AFTER INSERT ON decisions BEGIN INSERT OR IGNORE INTO audit_pending VALUES (2, NEW.rowid); END;
CREATE TRIGGER pending_documents_insert AFTER INSERT ON documents BEGIN INSERT OR IGNORE INTO audit_pending VALUES (3, NEW.rowid); END;
CREATE TRIGGER pending_doc_numbers_insert AFTER INSERT ON doc_numbers BEGIN INSERT OR IGNORE INTO audit_pending VALUES (4, NEW.rowid); END;
CREATE TRIGGER pending_users_insert AFTER INSERT ON users BEGIN INSERT OR IGNORE INTO audit_pending VALUES (5, NEW.rowid); END;
CREATE TRIGGER pending_users_update AFTER UPDATE ON users BEGIN INSERT OR IGNORE INTO audit_pending VALUES (5, NEW.rowid); END;

-- Rows already in the register: their state at this upgrade becomes the
-- baseline (one audit entry written when the register is next opened).
INSERT OR IGNORE INTO audit_pending SELECT 1, rowid FROM cases;
INSERT OR IGNORE INTO audit_pending SELECT 2, rowid FROM decisions;
INSERT OR IGNORE INTO audit_pending SELECT 3, rowid FROM documents;
INSERT OR IGNORE INTO audit_pending SELECT 4, rowid FROM doc_numbers;
INSERT OR IGNORE INTO audit_pending SELECT 5, rowid FROM users;
INSERT INTO settings (key, value)
    SELECT 'audit_baseline', '升级' WHERE EXISTS (SELECT 1 FROM audit_pending)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- Roles, passwords and the active flag change only through the program's
-- audited paths, which open this guard for one user inside their
-- transaction. (Someone with sqlite3 can drop a trigger; `audit verify`
-- then names the changed user row.)
CREATE TABLE users_change_allowed (id INTEGER PRIMARY KEY) STRICT;
CREATE TRIGGER users_guard BEFORE UPDATE OF role, password_hash, active ON users
WHEN NOT EXISTS (SELECT 1 FROM users_change_allowed WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '用户的角色、密码和启用状态只能在本程序中由管理员修改（记入审计日志）'); END;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, '用户不可删除，只能停用'); END;
