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
