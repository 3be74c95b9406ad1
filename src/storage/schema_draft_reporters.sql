-- Drafts (issue 15): a reporter's (举报人) identity never sits in clear in a
-- draft's raw form. It is kept in draft_reporters (read only through
-- Storage, audited) and the draft holds the key; drafts record their author
-- so that only the author, a reviewer or an administrator reopens them.
ALTER TABLE drafts ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE TABLE draft_reporters (
    key     TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT ''
) STRICT;
-- Drafts saved before: move their reporters out of the raw form.
INSERT INTO draft_reporters (key, name, contact)
    SELECT key, json_extract(data, '$.reporter_name'), COALESCE(json_extract(data, '$.reporter_contact'), '')
      FROM drafts
     WHERE json_valid(data) AND COALESCE(json_extract(data, '$.reporter_name'), '') <> '';
UPDATE drafts SET data = json_set(data, '$.reporter_name', '', '$.reporter_contact', '')
 WHERE json_valid(data) AND key IN (SELECT key FROM draft_reporters);
