-- Migration 3: what the register, dashboard and statistics screens need on
-- a large register (1,000,000 cases must sort and filter without a scan).

-- Sort keys for the 被问责人 and 单位 columns: the first respondent's name
-- and unit at the time, kept by the trigger below.
ALTER TABLE cases ADD COLUMN sort_respondent TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN sort_unit TEXT NOT NULL DEFAULT '';
UPDATE cases SET
    sort_respondent = COALESCE((SELECT p.name FROM respondents r JOIN persons p ON p.id = r.person_id
                                 WHERE r.case_id = cases.id ORDER BY r.id LIMIT 1), ''),
    sort_unit = COALESCE((SELECT r.unit_at_time FROM respondents r
                           WHERE r.case_id = cases.id ORDER BY r.id LIMIT 1), '');
CREATE TRIGGER respondents_sort_keys AFTER INSERT ON respondents
WHEN (SELECT sort_respondent FROM cases WHERE id = NEW.case_id) = ''
BEGIN
    UPDATE cases SET sort_respondent = (SELECT name FROM persons WHERE id = NEW.person_id),
                     sort_unit = NEW.unit_at_time
     WHERE id = NEW.case_id;
END;
CREATE INDEX cases_sort_respondent ON cases(sort_respondent, id);
CREATE INDEX cases_sort_unit ON cases(sort_unit, received_on);
CREATE INDEX cases_decided ON cases(decided_on);
CREATE INDEX cases_open ON cases(received_on) WHERE decided_on IS NULL AND archived = 0;
CREATE INDEX respondents_unit ON respondents(unit_at_time, case_id);
CREATE INDEX decisions_case ON decisions(case_id);
CREATE INDEX deliveries_case ON deliveries(case_id);
CREATE INDEX follow_ups_case ON follow_ups(case_id);
CREATE INDEX statements_case ON statements(case_id);
CREATE INDEX audit_entity ON audit_log(entity_id);

-- An office's own regulation files (设置 → 适用规定), validated before they
-- are stored. Never deleted: a file is disabled, and a newer one replaces it.
CREATE TABLE regulation_files (
    id         INTEGER PRIMARY KEY,
    reg_id     TEXT NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE TRIGGER regulation_files_no_delete BEFORE DELETE ON regulation_files BEGIN SELECT RAISE(ABORT, '规定文件不可删除，只能停用'); END;
CREATE TRIGGER regulation_files_no_update BEFORE UPDATE ON regulation_files BEGIN SELECT RAISE(ABORT, '规定文件导入后不可修改；请导入新版本'); END;
