-- Search: each CJK run now also indexes its last character alone, so that a
-- one-character query matches anywhere in the searchable text. The index is
-- rebuilt (in Rust, with its audit entry) when the register is next opened.
INSERT INTO settings (key, value)
    SELECT 'search_reindex', '单字检索' WHERE EXISTS (SELECT 1 FROM cases)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
