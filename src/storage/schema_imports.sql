-- Rows imported from an office's earlier 台账 (Excel/WPS/CSV): each row's
-- content key, so re-importing a file adds nothing, and the case it became.
CREATE TABLE imported_rows (
    row_key     TEXT PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    source      TEXT NOT NULL,
    line        INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE TRIGGER imported_rows_no_delete BEFORE DELETE ON imported_rows
BEGIN SELECT RAISE(ABORT, '导入记录不可删除'); END;
CREATE TRIGGER imported_rows_no_update BEFORE UPDATE ON imported_rows
BEGIN SELECT RAISE(ABORT, '导入记录不可修改'); END;
