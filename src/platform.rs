//! What differs per operating system and is not a screen or storage matter.

/// On Windows, `wenze.exe` is a console program so that its subcommands
/// print, pipe and return an exit status like any command-line tool. When a
/// clerk starts it from the Start menu or a shortcut (no arguments, and the
/// console was created for this process alone), the console window is
/// released so only the main window shows. Started from a terminal, the
/// console is shared and stays.
#[cfg(windows)]
pub fn release_own_console_for_the_window() {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        fn FreeConsole() -> i32;
    }
    if std::env::args_os().len() > 1 {
        return;
    }
    let mut ids = [0u32; 2];
    // SAFETY: the buffer holds `ids.len()` entries, as the call is told.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    if attached == 1 {
        // SAFETY: detaching from our own console has no preconditions; a
        // failure only leaves the console window open.
        unsafe {
            FreeConsole();
        }
    }
}

/// Elsewhere the program is started from a desktop entry without a terminal.
#[cfg(not(windows))]
pub fn release_own_console_for_the_window() {}

/// glibc gives every thread that allocates its own malloc arena (up to eight
/// per core) and keeps freed memory in the arena it came from. The window's
/// threads (UI, query thread, Mesa's rasterizer and shader-cache threads)
/// kept ~4 MB more resident with their own arenas than with one shared arena
/// (docs/benchmarks.md, GUI row). Those threads allocate little at the same
/// time, so sharing one arena costs no measurable time. Called before the
/// window starts any thread; without glibc (Windows, musl) there is nothing
/// to do.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn share_one_malloc_arena() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // the window's threads exist. A refusal (return value 0) only leaves the
    // default in place, so there is nothing to report.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn share_one_malloc_arena() {}
