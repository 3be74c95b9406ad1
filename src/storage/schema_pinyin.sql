-- Names sortable by pinyin in the register: the first respondent's name as
-- a pinyin key (e.g. "wang2 jian4 guo2" + the name, so homophones group by
-- character), computed in Rust (storage::search::pinyin_key) when a case's
-- respondents are written; this migration asks for the existing cases to be
-- keyed once at the next open.
ALTER TABLE cases ADD COLUMN sort_pinyin TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_sort_pinyin ON cases(sort_pinyin, id);
INSERT OR REPLACE INTO settings (key, value) VALUES ('pinyin_reindex', '1');
