-- 16: the respondent's own 分管领导 (000 第八条第（四）项: 处室（单位）负责人和
-- 分管领导承担连带责任). A 分管领导 is a 厅领导, never in the 处室, so the
-- engine finds them by this record, not by unit (issue 25). Empty: not
-- recorded.
ALTER TABLE respondents ADD COLUMN supervising_leader TEXT NOT NULL DEFAULT '';
