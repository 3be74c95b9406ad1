-- 16: what the law needs recorded about a respondent (issue 25).
-- The respondent's own 分管领导 (000 第八条第（四）项: 处室（单位）负责人和
-- 分管领导承担连带责任): a 分管领导 is a 厅领导, never in the 处室, so the
-- engine finds them by this record, not by unit. Empty: not recorded.
ALTER TABLE respondents ADD COLUMN supervising_leader TEXT NOT NULL DEFAULT '';
-- Why 容错 stands although the conduct found is prohibited by 党纪国法
-- (001 第四条、第十四条第二款第（一）项): without it such a 容错 is refused.
ALTER TABLE respondents ADD COLUMN tolerance_reason TEXT NOT NULL DEFAULT '';
-- The others of a 共同行为 who are not respondents of this case, joined
-- with “、” (004 第九条: a recorded dissent exempts only from a joint act).
ALTER TABLE respondents ADD COLUMN co_actors TEXT NOT NULL DEFAULT '';
