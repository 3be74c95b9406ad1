-- Migration 2: the full register (issue: SQLite storage, Chinese search,
-- audit trail). Nothing here is ever hard-deleted: rows are archived, and
-- triggers refuse DELETE. Issued decisions, documents and the audit log are
-- immutable: triggers refuse UPDATE and DELETE on them.

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    archived   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;

-- A person stays in the register after transfer or retirement (终身问责).
CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    gender       TEXT NOT NULL DEFAULT '',
    id_number    TEXT UNIQUE,
    unit_id      INTEGER REFERENCES units(id),
    post         TEXT NOT NULL DEFAULT '',
    rank         TEXT NOT NULL DEFAULT '科员及一般工作人员',
    party_member INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT '在职',
    archived     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX persons_name ON persons(name);
CREATE INDEX persons_unit ON persons(unit_id);

ALTER TABLE cases ADD COLUMN tolerance_overlay INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN investigation_started_on TEXT;
ALTER TABLE cases ADD COLUMN investigation_extended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_received ON cases(received_on);
CREATE INDEX cases_stage ON cases(stage, received_on);
CREATE INDEX cases_regulation ON cases(regulation_id, received_on);

-- Reporter identity (举报人), kept apart from the case; read only through
-- `Storage::reporter` which checks the role and audits every read.
CREATE TABLE reporters (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    name    TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    note    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE respondents (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    person_id        INTEGER NOT NULL REFERENCES persons(id),
    role             TEXT NOT NULL DEFAULT '承办人',
    unit_at_time     TEXT NOT NULL DEFAULT '',
    post_at_time     TEXT NOT NULL DEFAULT '',
    rank_at_time     TEXT NOT NULL DEFAULT '',
    fault_degree     TEXT NOT NULL DEFAULT '',
    dissent_recorded INTEGER NOT NULL DEFAULT 0,
    archived         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (case_id, person_id)
) STRICT;
CREATE INDEX respondents_person ON respondents(person_id);

CREATE TABLE facts (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    seq      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX facts_case ON facts(case_id);

CREATE TABLE evidence (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    seq      INTEGER NOT NULL,
    title    TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT '书证',
    source   TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX evidence_case ON evidence(case_id);

CREATE TABLE team_members (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    name     TEXT NOT NULL,
    unit     TEXT NOT NULL DEFAULT '',
    duty     TEXT NOT NULL DEFAULT '组员',
    archived INTEGER NOT NULL DEFAULT 0
) STRICT;

-- 陈述申辩 records.
CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    respondent_id INTEGER NOT NULL REFERENCES respondents(id),
    heard_on      TEXT NOT NULL,
    content       TEXT NOT NULL,
    adopted       TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Behaviours, factors and 容错 items the clerk selected, per respondent.
CREATE TABLE selections (
    id            INTEGER PRIMARY KEY,
    respondent_id INTEGER NOT NULL REFERENCES respondents(id),
    regulation_id TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('behaviour','factor','overlay_factor','tolerance_situation','tolerance_condition','severity','impact')),
    item_id       TEXT NOT NULL,
    archived      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX selections_respondent ON selections(respondent_id);

-- 文号 allocation: sequential per code and year, never reused.
CREATE TABLE doc_numbers (
    code        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    doc_no      TEXT NOT NULL UNIQUE,
    case_id     INTEGER REFERENCES cases(id),
    kind        TEXT NOT NULL,
    assigned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (code, year, seq)
) STRICT;

-- Decisions (问责 / 不予问责 / 容错免责 / 复查). Immutable once written; a
-- correction is a new decision whose `supersedes` names the old one.
CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    respondent_id    INTEGER NOT NULL REFERENCES respondents(id),
    kind             TEXT NOT NULL CHECK (kind IN ('问责','不予问责','容错免责','复查')),
    doc_no           TEXT NOT NULL UNIQUE,
    methods          TEXT NOT NULL DEFAULT '[]',
    measures         TEXT NOT NULL DEFAULT '[]',
    basis            TEXT NOT NULL DEFAULT '',
    departure_reason TEXT NOT NULL DEFAULT '',
    decided_on       TEXT NOT NULL,
    approved_by      TEXT NOT NULL,
    supersedes       INTEGER REFERENCES decisions(id),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX decisions_respondent ON decisions(respondent_id);
CREATE INDEX decisions_date ON decisions(decided_on);

-- Issued documents: the exact PDF bytes and their SHA-256. Immutable.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    decision_id INTEGER REFERENCES decisions(id),
    kind        TEXT NOT NULL,
    doc_no      TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    pdf         BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX documents_case ON documents(case_id);

-- 送达.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    document_id  INTEGER REFERENCES documents(id),
    delivered_on TEXT NOT NULL,
    method       TEXT NOT NULL DEFAULT '直接送达',
    recipient    TEXT NOT NULL,
    agent        TEXT NOT NULL DEFAULT '',
    witness      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Follow-ups: 纠错 tasks, bans with end dates, other consequences.
CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    respondent_id INTEGER REFERENCES respondents(id),
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL,
    starts_on     TEXT,
    ends_on       TEXT,
    status        TEXT NOT NULL DEFAULT '进行中',
    cite          TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX follow_ups_end ON follow_ups(ends_on);

-- Wizard drafts, saved as the clerk types.
CREATE TABLE drafts (
    key        TEXT PRIMARY KEY,
    case_id    INTEGER REFERENCES cases(id),
    step       INTEGER NOT NULL DEFAULT 0,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('录入员','审核人','管理员')),
    password_hash TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;

-- Audit log: every write, chained by SHA-256 (hash = sha256(prev_hash | at |
-- actor | action | entity | entity_id | before | after)).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

-- Search: one row per case; `grams` holds the case's text as space-separated
-- CJK bigrams (and name unigrams), so that 1–2 character queries and longer
-- phrases are all index look-ups (FTS5 phrase queries of bigrams).
-- Contentless: the grams are never read back, only matched.
CREATE VIRTUAL TABLE case_search USING fts5(grams, tokenize = 'unicode61', content = '', contentless_delete = 1);

-- Nothing is hard-deleted (终身问责).
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases BEGIN SELECT RAISE(ABORT, '终身问责：案件不可删除，只能归档'); END;
CREATE TRIGGER persons_no_delete BEFORE DELETE ON persons BEGIN SELECT RAISE(ABORT, '终身问责：人员不可删除，只能归档'); END;
CREATE TRIGGER units_no_delete BEFORE DELETE ON units BEGIN SELECT RAISE(ABORT, '单位不可删除，只能归档'); END;
CREATE TRIGGER respondents_no_delete BEFORE DELETE ON respondents BEGIN SELECT RAISE(ABORT, '被问责人记录不可删除，只能归档'); END;
CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts BEGIN SELECT RAISE(ABORT, '事实记录不可删除，只能归档'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence BEGIN SELECT RAISE(ABORT, '证据记录不可删除，只能归档'); END;
CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements BEGIN SELECT RAISE(ABORT, '陈述申辩记录不可删除，只能归档'); END;
CREATE TRIGGER deliveries_no_delete BEFORE DELETE ON deliveries BEGIN SELECT RAISE(ABORT, '送达记录不可删除，只能归档'); END;
CREATE TRIGGER follow_ups_no_delete BEFORE DELETE ON follow_ups BEGIN SELECT RAISE(ABORT, '后续事项不可删除，只能归档'); END;
CREATE TRIGGER doc_numbers_no_update BEFORE UPDATE ON doc_numbers BEGIN SELECT RAISE(ABORT, '文号一经分配不可更改'); END;
CREATE TRIGGER doc_numbers_no_delete BEFORE DELETE ON doc_numbers BEGIN SELECT RAISE(ABORT, '文号一经分配不可删除或重用'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, '已作出的决定不可修改；更正请另作决定并注明所更正的决定'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, '已作出的决定不可删除'); END;
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents BEGIN SELECT RAISE(ABORT, '已签发的文书不可修改'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents BEGIN SELECT RAISE(ABORT, '已签发的文书不可删除'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END;
