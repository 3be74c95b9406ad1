//! Compile-time checks of the assets the binary embeds: each fails the build
//! with a message naming the file and what is wrong.

use std::path::Path;

#[path = "src/rules/regulation.rs"]
#[allow(dead_code, unused_imports)]
mod regulation;

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
