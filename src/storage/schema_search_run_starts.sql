-- Search (issue 17): each CJK run now also indexes its first character alone,
-- so that a query whose run follows a word — the 号 of 环问案〔2021〕40145号 —
-- is an exact token instead of a prefix (FTS5 answers a prefix by merging
-- the postings of every token that starts with it: 号 ends every 案号). The
-- index is rebuilt (in Rust, with its audit entry) when the register is
-- opened, under the same exclusive lock as this migration and before anyone
-- searches it.
INSERT INTO settings (key, value)
    SELECT 'search_reindex', '词首单字' WHERE EXISTS (SELECT 1 FROM cases)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
