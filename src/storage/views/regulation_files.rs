//! An office's own regulation files, stored in the register.

use rusqlite::params;

use crate::storage::register::audit;
use crate::storage::{Result, Storage};

impl Storage {
    /// Store an office's own regulation file (already validated by the caller).
    pub(crate) fn add_regulation_file(
        &mut self,
        reg_id: &str,
        name: &str,
        source: &str,
    ) -> Result<i64> {
        let (reg_id, name, source) = (reg_id.to_owned(), name.to_owned(), source.to_owned());
        let sha = crate::storage::register::sha256_hex(source.as_bytes());
        self.write_public(|tx, actor| {
            tx.execute(
                "INSERT INTO regulation_files (reg_id, name, source, sha256, added_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![reg_id, name, source, sha, actor],
            )?;
            let id = tx.last_insert_rowid();
            audit(
                tx,
                actor,
                "导入规定文件",
                "regulation_files",
                Some(id),
                "",
                &format!("{reg_id} {name} sha256:{sha}"),
            )?;
            Ok(id)
        })
    }

    /// The newest stored file of each office regulation: (reg id, source).
    pub(crate) fn regulation_files(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reg_id, source FROM regulation_files f
              WHERE id = (SELECT max(id) FROM regulation_files g WHERE g.reg_id = f.reg_id)
              ORDER BY reg_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
