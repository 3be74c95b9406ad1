//! Thin binary: everything lives in the library so tests build the real app.
fn main() -> std::process::ExitCode {
    wenze::platform::release_own_console_for_the_window();
    wenze::cli::main()
}
