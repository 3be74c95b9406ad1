-- Documents that say what was decided (issue 13): each issued document has
-- its own 文号 and 成文日期 (the notice, the correction notice and the review
-- decision as well as the outcome's document), a 送达 records what a 送达回证
-- prints, and a 复查 decision records when it was applied for and what the
-- review found.
ALTER TABLE doc_numbers ADD COLUMN issued_on TEXT;
ALTER TABLE deliveries ADD COLUMN doc_no TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN served_at TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN deliverer TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN made_on TEXT;
ALTER TABLE decisions ADD COLUMN applied_on TEXT;
ALTER TABLE decisions ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
CREATE INDEX doc_numbers_case ON doc_numbers(case_id, kind);
