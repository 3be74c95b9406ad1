-- Signed audit entries (issue 24): an entry that writes data rows must carry
-- a signature by the signed-in user's Ed25519 key, derived from their
-- password (`domain::auth::signing_key`), so that appending a well-formed
-- entry needs a password, not only write access to the file.
--
-- The user's current public key and the salt it is derived with
-- (users.public_key, users.key_salt: BLOB, no default, so existing rows keep
-- their audited row hashes; NULL for users from before this migration until
-- their next sign-in) are added by `audit::signing_baseline` when missing,
-- so that the migration may run again over a register that has them.

-- Every key a user has had, in the order recorded (audited: each row is
-- written by the entry that gives the user that key). `audit verify` reads
-- the key a user had at each entry from here.
CREATE TABLE IF NOT EXISTS user_keys (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX IF NOT EXISTS user_keys_user ON user_keys(user_id);
CREATE TRIGGER IF NOT EXISTS user_keys_no_update BEFORE UPDATE ON user_keys BEGIN SELECT RAISE(ABORT, '签名密钥记录不可修改'); END;
CREATE TRIGGER IF NOT EXISTS user_keys_no_delete BEFORE DELETE ON user_keys BEGIN SELECT RAISE(ABORT, '签名密钥记录不可删除'); END;

-- One signature per signed entry: the signer and the Ed25519 signature of
-- the entry's hash (which chains every field and its rows) with the signer's
-- id. Written in the entry's own transaction, before it commits.
CREATE TABLE IF NOT EXISTS audit_signatures (
    audit_id  INTEGER PRIMARY KEY REFERENCES audit_log(id),
    signer_id INTEGER NOT NULL REFERENCES users(id),
    signature BLOB NOT NULL CHECK (length(signature) = 64)
) STRICT;
CREATE TRIGGER IF NOT EXISTS audit_signatures_no_update BEFORE UPDATE ON audit_signatures BEGIN SELECT RAISE(ABORT, '审计签名不可修改'); END;
CREATE TRIGGER IF NOT EXISTS audit_signatures_no_delete BEFORE DELETE ON audit_signatures BEGIN SELECT RAISE(ABORT, '审计签名不可删除'); END;

-- The key columns change only through the audited paths, as roles and
-- passwords do.
DROP TRIGGER IF EXISTS users_guard;
CREATE TRIGGER users_guard BEFORE UPDATE OF role, password_hash, active, public_key, key_salt ON users
WHEN NOT EXISTS (SELECT 1 FROM users_change_allowed WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '用户的角色、密码、签名密钥和启用状态只能在本程序中由管理员或本人修改（记入审计日志）'); END;
