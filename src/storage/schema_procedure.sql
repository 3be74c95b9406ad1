-- The procedure around and after a decision (issue #14).

-- Review before issue: a 录入员 submits a draft, a 审核人 returns it with a
-- comment or approves it. Append-only: the history of a draft's review is
-- its rows in order.
CREATE TABLE reviews (
    id        INTEGER PRIMARY KEY,
    draft_key TEXT NOT NULL REFERENCES drafts(key),
    action    TEXT NOT NULL CHECK (action IN ('提交审核', '退回', '批准')),
    user_id   INTEGER REFERENCES users(id),
    user_name TEXT NOT NULL,
    comment   TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX reviews_draft ON reviews(draft_key, id);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, '审核记录不可修改'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, '审核记录不可删除'); END;

-- 送达回证: what the receipt says (signed by whom, its number or where it is filed).
ALTER TABLE deliveries ADD COLUMN receipt TEXT NOT NULL DEFAULT '';

-- Follow-ups (纠错, bans) marked done, with the date.
ALTER TABLE follow_ups ADD COLUMN done_on TEXT;

-- 复查 / 申诉: the application and its outcome. The outcome is a new
-- decision (kind 复查) that supersedes the original; the original is never
-- edited.
CREATE TABLE remedies (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    decision_id        INTEGER NOT NULL REFERENCES decisions(id),
    kind               TEXT NOT NULL CHECK (kind IN ('复查', '申诉')),
    applied_on         TEXT NOT NULL,
    grounds            TEXT NOT NULL,
    outcome            TEXT CHECK (outcome IN ('维持', '变更', '撤销')),
    result_decision_id INTEGER REFERENCES decisions(id),
    archived           INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX remedies_case ON remedies(case_id);
CREATE TRIGGER remedies_no_delete BEFORE DELETE ON remedies BEGIN SELECT RAISE(ABORT, '复查/申诉记录不可删除，只能归档'); END;
-- Once decided, the outcome stands (a further change is a further decision).
CREATE TRIGGER remedies_outcome_once BEFORE UPDATE OF outcome, result_decision_id ON remedies
    WHEN OLD.outcome IS NOT NULL
BEGIN SELECT RAISE(ABORT, '复查/申诉结果已记录，不可修改'); END;
