//! Our own leftovers beside a register or a backup, cleaned at the next open
//! or backup: the temporary files (`.NAME.PID-N.tmp` and their SQLite
//! sidecars) of a creation, restore or backup that was killed, and the name
//! a killed restore gave the register it was about to keep
//! (`NAME.before-restore-…`) while that name is still a link to the live
//! register. Only names our own writers make are touched, and a temporary
//! file only when the process that made it has ended.

use std::path::Path;

use super::lock;

/// Clean the leftovers beside the register at `path`. Called with the
/// register's lock held (shared or exclusive), so no restore or creation of
/// this register runs in another process. Housekeeping: a leftover that
/// cannot be removed is said on standard error and stays (it loses nothing).
pub(crate) fn clean(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let dir = folder(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let live = lock::file_identity(path);
    let aside_prefix = format!("{name}.before-restore-");
    for entry in entries.flatten() {
        let Some(file) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let candidate = entry.path();
        if is_temp_of(&file, name) && dead(&file, &candidate) {
            remove(&candidate);
        } else if file.starts_with(&aside_prefix)
            && !file.ends_with("-wal")
            && live.is_some()
            && lock::file_identity(&candidate) == live
        {
            // A restore killed before its swap: this name is a second link
            // to the live register, not a kept copy. The register itself is
            // untouched by removing it.
            remove(&candidate);
        }
    }
}

/// Clean the dead temporary files of any of our writers in `dir` (the
/// folder a backup is written to).
pub(crate) fn clean_temps_in(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(file) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let candidate = entry.path();
        if temp_pid(&file).is_some() && dead(&file, &candidate) {
            remove(&candidate);
        }
    }
}

/// Remove a temporary register file and its SQLite sidecars.
pub(crate) fn remove_temp(tmp: &Path) {
    for side in ["", "-wal", "-shm", "-journal"] {
        remove(&lock::sidecar(tmp, side));
    }
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.NAME.PID-N.tmp[-wal|-shm|-journal]` for this register's `name`.
fn is_temp_of(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with('.'))
        && temp_pid(file).is_some()
}

/// Whether the writer of temporary file `file` (at `path`) has ended.
#[cfg_attr(unix, allow(unused_variables))]
fn dead(file: &str, path: &Path) -> bool {
    let Some(pid) = temp_pid(file) else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        !alive(pid)
    }
    #[cfg(not(unix))]
    {
        // No cheap probe for another process here: a temporary file is
        // taken for dead only when no writer could still be at it.
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600))
    }
}

/// The process id in a name made by `lock::temp_beside`
/// (`.ANY.PID-N.tmp`, optionally with a SQLite sidecar suffix).
fn temp_pid(file: &str) -> Option<u32> {
    let body = file.strip_prefix('.')?;
    let body = ["-wal", "-shm", "-journal", ""]
        .iter()
        .find_map(|suffix| body.strip_suffix(suffix))?;
    let body = body.strip_suffix(".tmp")?;
    let (rest, n) = body.rsplit_once('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (_, pid) = rest.rsplit_once('.')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` still runs.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn remove(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => eprintln!(
            "注意：无法删除上次中断留下的临时文件 {}：{e}",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_with_their_process() {
        assert_eq!(temp_pid(".wenze.db.1234-0.tmp"), Some(1234));
        assert_eq!(temp_pid(".wenze.db.1234-17.tmp-wal"), Some(1234));
        assert_eq!(temp_pid(".wenze.db.1234-0.tmp-journal"), Some(1234));
        assert_eq!(temp_pid(".台账.xlsx.99-3.tmp"), Some(99));
        assert_eq!(temp_pid("wenze.db"), None);
        assert_eq!(temp_pid(".wenze.db.tmp"), None);
        assert_eq!(temp_pid(".wenze.db.x-0.tmp"), None);
        let own = format!(".wenze.db.{}-0.tmp", std::process::id());
        assert!(is_temp_of(&own, "wenze.db"));
        assert!(!dead(&own, Path::new(&own)), "our own is never dead");
        assert!(!is_temp_of(".other.db.1-0.tmp", "wenze.db"));
        assert!(!is_temp_of(".wenze.db.bak", "wenze.db"));
    }
}
