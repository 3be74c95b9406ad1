-- Several respondents per case (issue 14): each respondent's kind
-- (个人/单位/领导班子, 003 第十二、十三条) and status when the case is
-- handled (在职/调离/退休/借调/聘用), and facts and evidence that concern one
-- respondent only (NULL: shared by the case). No REFERENCES clause on the
-- added columns: with one, processes opening a new register at once met
-- SQLITE_BUSY in about one run in three (tests/it/safety.rs); the writes
-- come only from create_case_with, which takes the ids from the same case.
ALTER TABLE respondents ADD COLUMN kind TEXT NOT NULL DEFAULT '个人';
ALTER TABLE respondents ADD COLUMN status TEXT NOT NULL DEFAULT '在职';
ALTER TABLE facts ADD COLUMN respondent_id INTEGER;
ALTER TABLE evidence ADD COLUMN respondent_id INTEGER;
