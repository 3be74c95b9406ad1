-- The case file produces documents per respondent (issue 14): a 问责事先告知书
-- has no decision yet, so the document names its respondent itself. NULL
-- for documents of a decision (their respondent is the decision's) and for
-- documents written before this migration.
ALTER TABLE documents ADD COLUMN respondent_id INTEGER REFERENCES respondents(id);
