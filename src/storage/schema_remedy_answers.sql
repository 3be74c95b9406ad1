-- 复查 and 申诉 as each regulation gives them (issue 23).
--
-- A 复查 (by the deciding side, e.g. 000 第九条) ends in the bureau's own
-- 复查决定 with its 文号 and 复查决定书; a 申诉 (to another body, e.g. 004
-- 第十六条) ends in that body's answer: its name, its date and its own
-- document number, never a 文号 of ours. Either way 维持 leaves the original
-- decision in force (no new decision); 变更 is a new decision superseding
-- it; 撤销 is recorded here and takes the original out of what counts.
-- (No REFERENCES clause: it is the decision's respondent, copied here so a
-- remedy reads per respondent without a join; the program writes both.)
ALTER TABLE remedies ADD COLUMN respondent_id INTEGER;
-- 申诉: the body that received it (有关部门 …); 复查: the bureau's organ.
ALTER TABLE remedies ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE remedies ADD COLUMN decided_on TEXT;
-- The findings / reasons of the answer (the applicant's grounds stay in
-- `grounds`).
ALTER TABLE remedies ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- Our 复查决定书's 文号 (复查), or the receiving body's own number (申诉).
ALTER TABLE remedies ADD COLUMN answer_doc_no TEXT NOT NULL DEFAULT '';
UPDATE remedies SET respondent_id = (SELECT respondent_id FROM decisions WHERE id = remedies.decision_id);
-- Answers recorded before this migration: their date and 文号 from the
-- 复查 decision they produced.
UPDATE remedies SET
    decided_on = (SELECT decided_on FROM decisions WHERE id = remedies.result_decision_id),
    answer_doc_no = COALESCE((SELECT doc_no FROM decisions WHERE id = remedies.result_decision_id), '')
  WHERE result_decision_id IS NOT NULL;
-- Once answered, nothing of the answer changes.
CREATE TRIGGER remedies_answer_once BEFORE UPDATE OF respondent_id, body, decided_on, reason, answer_doc_no, decision_id, kind, applied_on, grounds ON remedies
    WHEN OLD.outcome IS NOT NULL
BEGIN SELECT RAISE(ABORT, '复查/申诉结果已记录，不可修改'); END;
CREATE INDEX remedies_revoked ON remedies(decision_id) WHERE outcome = '撤销';
