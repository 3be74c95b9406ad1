-- 复查 and 申诉 as each regulation gives them (issues 23, 29).
--
-- A 复查 (by the deciding side, e.g. 000 第九条) ends in the bureau's own
-- 复查决定 with its 文号 and 复查决定书; a 申诉 (to another body, e.g. 004
-- 第十六条) ends in that body's answer: its name, its date and its own
-- document number, never a 文号 of ours. Either way 维持 leaves the original
-- decision in force (no new decision); 变更 is a new decision superseding
-- it; 撤销 is recorded here and takes the original out of what counts;
-- 不予受理 (e.g. a 复查 applied for after 000 第九条's 15 working days)
-- leaves the original as it was.
--
-- The table is rebuilt (SQLite cannot widen a CHECK): the answer's columns
-- are added and the outcome may be 不予受理. Nothing references remedies.
CREATE TABLE remedies_v15 (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    decision_id        INTEGER NOT NULL REFERENCES decisions(id),
    kind               TEXT NOT NULL CHECK (kind IN ('复查', '申诉')),
    applied_on         TEXT NOT NULL,
    grounds            TEXT NOT NULL,
    outcome            TEXT CHECK (outcome IN ('维持', '变更', '撤销', '不予受理')),
    result_decision_id INTEGER REFERENCES decisions(id),
    archived           INTEGER NOT NULL DEFAULT 0,
    -- The applicant: the decision's respondent, copied so a remedy reads
    -- per respondent without a join (no REFERENCES: the program writes both).
    respondent_id      INTEGER,
    -- 申诉: the body that answered (有关部门 …); 复查: empty (the bureau).
    body               TEXT NOT NULL DEFAULT '',
    decided_on         TEXT,
    -- The answer's findings and reasons (the applicant's are `grounds`).
    reason             TEXT NOT NULL DEFAULT '',
    -- Our 复查决定书's 文号 (复查), or the other body's own number (申诉).
    answer_doc_no      TEXT NOT NULL DEFAULT ''
) STRICT;
-- Answers recorded before: their date and 文号 from the 复查 decision they
-- produced.
INSERT INTO remedies_v15 (id, case_id, decision_id, kind, applied_on, grounds, outcome,
                          result_decision_id, archived, respondent_id, decided_on, answer_doc_no)
SELECT m.id, m.case_id, m.decision_id, m.kind, m.applied_on, m.grounds, m.outcome,
       m.result_decision_id, m.archived,
       (SELECT respondent_id FROM decisions WHERE id = m.decision_id),
       (SELECT decided_on FROM decisions WHERE id = m.result_decision_id),
       COALESCE((SELECT doc_no FROM decisions WHERE id = m.result_decision_id), '')
  FROM remedies m;
DROP TABLE remedies;
ALTER TABLE remedies_v15 RENAME TO remedies;
CREATE INDEX remedies_case ON remedies(case_id);
CREATE INDEX remedies_revoked ON remedies(decision_id) WHERE outcome = '撤销';
CREATE TRIGGER remedies_no_delete BEFORE DELETE ON remedies BEGIN SELECT RAISE(ABORT, '复查/申诉记录不可删除，只能归档'); END;
-- Once answered, nothing of the application or the answer changes (a
-- further change is a further application); it can only be archived.
CREATE TRIGGER remedies_answer_once BEFORE UPDATE OF case_id, decision_id, kind, applied_on, grounds, outcome,
        result_decision_id, respondent_id, body, decided_on, reason, answer_doc_no ON remedies
    WHEN OLD.outcome IS NOT NULL
BEGIN SELECT RAISE(ABORT, '复查/申诉结果已记录，不可修改'); END;
