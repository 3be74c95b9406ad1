-- Several respondents per case (issue 14): each respondent's kind
-- (个人/单位/领导班子, 003 第十二、十三条) and status when the case is
-- handled (在职/调离/退休/借调/聘用), and facts and evidence that concern one
-- respondent only (NULL: shared by the case).
ALTER TABLE respondents ADD COLUMN kind TEXT NOT NULL DEFAULT '个人';
ALTER TABLE respondents ADD COLUMN status TEXT NOT NULL DEFAULT '在职';
ALTER TABLE facts ADD COLUMN respondent_id INTEGER REFERENCES respondents(id);
ALTER TABLE evidence ADD COLUMN respondent_id INTEGER REFERENCES respondents(id);
