//! Thin binary: everything lives in the library so tests build the real app.
fn main() -> std::process::ExitCode {
    wenze::cli::main()
}
