//! The five bundled regulations: each parses, every citation resolves to
//! article text, and the article text is the seed's text verbatim.

use wenze::rules::regulation::{self, Cite};
use wenze::rules::{BUNDLED, RegulationSet};

#[test]
fn every_bundled_file_parses_and_passes_its_checks() {
    for (file, source) in BUNDLED {
        if let Err(problems) = regulation::load(source) {
            panic!("{file}: {problems:?}");
        }
    }
    assert_eq!(RegulationSet::bundled().iter().count(), 5);
}

#[test]
fn every_citation_resolves_to_article_text() {
    let mut n = 0;
    for reg in RegulationSet::bundled().iter() {
        for (field, cite) in reg.all_cites() {
            let parsed = cite
                .parse()
                .unwrap_or_else(|e| panic!("{} {field}: {e}", reg.id()));
            let text = reg
                .cite_text(&parsed)
                .unwrap_or_else(|| panic!("{} {field}: {} does not resolve", reg.id(), cite.raw()));
            assert!(
                text.chars().count() > 3,
                "{} {}: empty text",
                reg.id(),
                cite.raw()
            );
            n += 1;
        }
    }
    assert!(n > 200, "only {n} citations checked");
}

/// Remove whitespace and item labels so article text can be compared with the seed.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn article_text_is_verbatim_from_the_seed() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    }
    for reg in RegulationSet::bundled().iter() {
        let source = &reg.regulation.source;
        let seed = std::fs::read_to_string(seeds.join(source)).expect("seed file");
        let seed = squash(&seed.replace("**", "").replace("- （", "（"));
        for a in &reg.articles {
            for p in &a.paragraphs {
                let t = squash(&p.text);
                assert!(
                    seed.contains(&t),
                    "{} article {}: paragraph not in seed: {t}",
                    reg.id(),
                    a.no.get_ref()
                );
                for item in &p.items {
                    let t = squash(item.text());
                    assert!(
                        seed.contains(&t),
                        "{} article {}: item not in seed: {t}",
                        reg.id(),
                        a.no.get_ref()
                    );
                    for sub in item.subitems() {
                        assert!(
                            seed.contains(&squash(sub)),
                            "{}: sub-item not in seed: {sub}",
                            reg.id()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn citations_render_in_chinese() {
    let c = Cite::parse("14:2(3)").expect("parses");
    assert_eq!(c.to_string(), "第十四条第二款第（三）项");
    assert_eq!(
        Cite::parse("12(7)").expect("parses").to_string(),
        "第十二条第（七）项"
    );
    assert_eq!(
        Cite::parse("14(1)3").expect("parses").to_string(),
        "第十四条第（一）项第3目"
    );
    assert_eq!(Cite::parse("20").expect("parses").to_string(), "第二十条");
    assert!(Cite::parse("x").is_err());
    assert!(Cite::parse("3(").is_err());
    assert!(Cite::parse("0").is_err());
}

#[test]
fn quoted_text_is_the_article_item() {
    let regs = RegulationSet::bundled();
    let xushui = regs.get("004").expect("004");
    let text = xushui
        .cite_text(&Cite::parse("12(7)").expect("cite"))
        .expect("resolves");
    assert_eq!(text, "（七）全年累计被追究二次以上过错责任的；");
    let jintan = regs.get("002").expect("002");
    let text = jintan
        .cite_text(&Cite::parse("19:2").expect("cite"))
        .expect("resolves");
    assert!(
        text.starts_with("受到问责的机关工作人员，取消当年年度考核评优评先的资格。"),
        "{text}"
    );
    let shandong = regs.get("001").expect("001");
    let text = shandong
        .cite_text(&Cite::parse("14:2(4)").expect("cite"))
        .expect("resolves");
    assert_eq!(text, "（四）积极主动消除不良影响、挽回损失的。");
}

#[test]
fn a_broken_file_is_reported_with_line_numbers() {
    let broken = BUNDLED[4]
        .1
        .replacen("cite = \"12(7)\"", "cite = \"12(9)\"", 1);
    let problems = regulation::load(&broken).expect_err("must fail");
    let p = problems
        .iter()
        .find(|p| p.message.contains("12(9)"))
        .expect("names the cite");
    let line = p.line.expect("has a line");
    assert!(
        broken
            .lines()
            .nth(line - 1)
            .expect("line exists")
            .contains("12(9)")
    );

    let bad_toml = "[regulation]\nid = \"x\"\nname = \n";
    let problems = regulation::load(bad_toml).expect_err("must fail");
    assert_eq!(problems[0].line, Some(3));
    assert!(problems[0].message.starts_with("格式错误"));

    let unknown_key = BUNDLED[0].1.replacen("short_name", "shortname", 1);
    let problems = regulation::load(&unknown_key).expect_err("must fail");
    assert!(problems[0].message.contains("shortname"), "{:?}", problems);
}

#[test]
fn cli_check_reports_problems_in_chinese_with_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("office.toml");
    std::fs::write(
        &path,
        BUNDLED[2]
            .1
            .replacen("methods = [\"通报\"", "methods = [\"通报X\"", 1),
    )
    .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["regulations", "check"])
        .arg(&path)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("第 ") && err.contains("不存在的问责方式“通报X”"),
        "{err}"
    );

    let good = dir.path().join("good.toml");
    std::fs::write(&good, BUNDLED[2].1).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["regulations", "check"])
        .arg(&good)
        .output()
        .expect("runs");
    assert!(out.status.success());
}

/// The issue-12 additions to the format are checked with line numbers: a
/// status the engine does not know, a kind, a method a status rule names,
/// a `combinable_cite` that does not resolve.
#[test]
fn new_format_fields_are_checked_with_line_numbers() {
    let (_, source) = BUNDLED[4]; // 004
    let bad_status = format!(
        "{source}\n[[status_rules]]\nstatuses = [\"临时工\"]\ncite = \"10\"\nlabel = \"x\"\nmethods = [\"开除\"]\n"
    );
    let problems = regulation::load(&bad_status).expect_err("rejected");
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("临时工") && t.starts_with("第 ")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("开除")), "{text:?}");

    let bad_cite = source.replace("combinable_cite = \"10:2\"", "combinable_cite = \"10:9\"");
    assert_ne!(bad_cite, source);
    let problems = regulation::load(&bad_cite).expect_err("rejected");
    assert!(
        problems.iter().any(|p| p.message.contains("10:9")),
        "{problems:?}"
    );

    let bad_kind = source.replace(
        "combinable_cite = \"10:2\"",
        "combinable_cite = \"10:2\"\nkinds = [\"集体\"]",
    );
    let problems = regulation::load(&bad_kind).expect_err("rejected");
    assert!(
        problems.iter().any(|p| p.message.contains("集体")),
        "{problems:?}"
    );
}

/// 004 第十条第二款 is encoded: 辞退 stands alone and says where the text says so.
#[test]
fn dismissal_is_marked_not_combinable_with_its_paragraph() {
    let regs = RegulationSet::bundled();
    let m = regs
        .get("004")
        .and_then(|r| r.method("辞退"))
        .expect("辞退");
    assert!(!m.combinable);
    assert_eq!(m.combinable_cite.raw(), "10:2");
    let text = regs
        .get("004")
        .and_then(|r| r.cite_text(&Cite::parse("10:2").expect("cite")))
        .expect("text");
    assert!(text.contains("除辞退外"));
}
