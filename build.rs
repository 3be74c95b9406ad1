//! Compile-time checks of the assets the binary embeds: each fails the build
//! with a message naming the file and what is wrong.

use std::path::Path;

#[path = "src/rules/regulation.rs"]
#[allow(dead_code, unused_imports)]
mod regulation;

/// The TOML messages in Chinese, named `crate::zh` as in the library (the
/// regulation checks above use them).
#[path = "src/zh/syntax.rs"]
#[allow(dead_code)]
mod zh_syntax;
#[allow(unused_imports)]
mod zh {
    pub use super::zh_syntax::*;
}

/// (file under fonts/, face index, a word its family name must contain)
const FONTS: &[(&str, u32, &str)] = &[
    ("FandolFang-Regular.otf", 0, "Fandol"),
    ("FandolHei-Regular.otf", 0, "Fandol"),
    ("FandolKai-Regular.otf", 0, "Fandol"),
    ("NotoSerifCJK-Regular.ttc", 2, "SC"),
    ("NotoSerifCJK-Bold.ttc", 2, "SC"),
    ("wqy-microhei.ttc", 0, "WenQuanYi"),
];

fn main() {
    println!("cargo::rerun-if-changed=fonts");
    println!("cargo::rerun-if-changed=assets");
    println!("cargo::rerun-if-changed=build.rs");
    check_fonts(Path::new("fonts"));
    check_regulations(Path::new("assets/regulations"));
    link_order(Path::new("assets/link-order.txt"));
}

/// Release builds for Linux: link the functions a session of the window runs
/// next to each other, in the order `scripts/link-order/record.sh` recorded
/// them, so that the code the window keeps resident is those functions'
/// pages rather than most of the binary's (ARCHITECTURE.md, "Link order";
/// measured in docs/benchmarks.md, "GUI memory"). The order is lld's
/// `--symbol-ordering-file`; lld is the one rustup ships with every
/// toolchain (`rust-lld`, driven through its `gcc-ld` wrapper, as rustc
/// itself does). A symbol the list names that this build lacks is skipped,
/// a function it does not name goes after the listed ones: a stale list
/// costs memory, never correctness. Without rustup's lld (another Rust
/// distribution) the binary is linked as usual and the build says so.
fn link_order(list: &Path) {
    println!("cargo::rerun-if-env-changed=WENZE_NO_LINK_ORDER");
    // `PROFILE` is "release" for every profile that inherits from release,
    // `cross` included.
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    // The list was recorded from the x86-64 binary, and the ARM64 and
    // LoongArch builds (scripts/build-linux-cross.sh) link through zig's
    // own lld, not the host's `cc`: they are linked as usual.
    let x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "x86_64");
    if !release || !linux || !x86_64 || std::env::var_os("WENZE_NO_LINK_ORDER").is_some() {
        return;
    }
    let Some(gcc_ld) = rustup_gcc_ld() else {
        println!(
            "cargo::warning=rustup's lld (gcc-ld/ld.lld) was not found: linking without {}",
            list.display()
        );
        return;
    };
    let list = std::fs::canonicalize(list)
        .unwrap_or_else(|e| panic!("{} is missing: {e}", list.display()));
    println!("cargo::rustc-link-arg-bins=-B{}", gcc_ld.display());
    println!("cargo::rustc-link-arg-bins=-fuse-ld=lld");
    println!(
        "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        list.display()
    );
    println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// `<sysroot>/lib/rustlib/<host>/bin/gcc-ld`, where rustup puts the `ld.lld`
/// wrapper around its `rust-lld`.
fn rustup_gcc_ld() -> Option<std::path::PathBuf> {
    let rustc = std::env::var_os("RUSTC")?;
    let host = std::env::var("HOST").ok()?;
    let out = std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    let sysroot = String::from_utf8(out.stdout).ok()?;
    let dir = Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(host)
        .join("bin/gcc-ld");
    dir.join("ld.lld").is_file().then_some(dir)
}

/// Every bundled regulation parses and passes the same checks as
/// `wenze regulations check`; a problem fails the build with its line number.
fn check_regulations(dir: &Path) {
    for id in ["000", "001", "002", "003", "004"] {
        let path = dir.join(format!("{id}.toml"));
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("regulation file {} is missing: {e}", path.display()));
        if let Err(problems) = regulation::load(&source) {
            let list: Vec<String> = problems
                .iter()
                .map(|p| {
                    format!(
                        "  {}:{}: {}",
                        path.display(),
                        p.line.unwrap_or(0),
                        p.message
                    )
                })
                .collect();
            panic!(
                "regulation file {} is broken:\n{}",
                path.display(),
                list.join("\n")
            );
        }
    }
}

/// Every embedded font exists, parses, is the face we expect, and has a licence file beside it.
fn check_fonts(dir: &Path) {
    for (file, index, family_word) in FONTS {
        let path = dir.join(file);
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("font {} is missing or unreadable: {e}", path.display()));
        let face = ttf_parser::Face::parse(&bytes, *index)
            .unwrap_or_else(|e| panic!("font {} face {index} does not parse: {e}", path.display()));
        let family = face
            .names()
            .into_iter()
            .filter(|n| {
                n.name_id == ttf_parser::name_id::FAMILY
                    || n.name_id == ttf_parser::name_id::FULL_NAME
            })
            .filter_map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" / ");
        assert!(
            family.contains(family_word),
            "font {} face {index} is \"{family}\", expected a name containing \"{family_word}\"",
            path.display()
        );
        assert!(
            face.glyph_index('问').is_some(),
            "font {} face {index} has no glyph for 问",
            path.display()
        );
    }
    for licence in [
        "LICENSE-Fandol-GPL3.txt",
        "LICENSE-NotoCJK-OFL-1.1.txt",
        "LICENSE-WenQuanYi-Apache-2.0.txt",
        "README.md",
    ] {
        assert!(
            dir.join(licence).is_file(),
            "fonts/{licence} is missing: every bundled font ships with its licence"
        );
    }
}
