//! Issue 26, the archive: the OFD-A stored beside the PDF at every issue
//! (its SHA-256 recorded, immutable, exported byte for byte), and `wenze
//! archive` / 归档 in the case file — every issued document of every
//! respondent as stored, the 卷内文件目录 in both formats, the case's audit
//! entries and a manifest, the same bytes each time; refused in Chinese for
//! an undecided case, for missing bytes and for a clerk (audited), with
//! nothing written. Real registers, the real binary, the real window.

use crate::common::TestSignIn;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use wenze::domain::ids::{CaseId, DecisionId, RespondentId};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use wenze::app::casedocs::{DocAction, DocCommand};
use wenze::app::wizard::WizardStep;
use wenze::app::{Command as AppCommand, WenzeApp};
use wenze::storage::Storage;
use wenze::storage::register::sha256_hex;

use crate::kit::signed_in;
use crate::respondents::{intake_two, show_respondent, tick};
use crate::wizard::{approve_and_confirm, click, form, type_into};

/// The reviewer and the clerk beside the administrator the window creates.
fn users(db: &Path) {
    let mut s = Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    for (u, n, r, p) in [
        ("li", "李审核", "审核人", "review2026"),
        ("clerk", "录入员乙", "录入员", "clerk2026"),
    ] {
        let h = wenze::domain::auth::Credentials::new(p).expect("hash");
        let r = wenze::domain::auth::UserRole::from_label(r).expect("role");
        s.add_user(u, n, r, &h).expect("user");
    }
}

/// A 徐水 (004) case with 孙立军 and 周海涛 issued through the window (each a
/// ★ method): the harness, still open, and the case id.
fn issue_two(db: &Path) -> (Harness<'static, WenzeApp>, CaseId) {
    let mut h = signed_in(WenzeApp::open(db));
    h.run();
    intake_two(&mut h);
    click(&mut h, "下一步");
    type_into(
        &mut h,
        "查明的事实",
        "经查，2026年3月对某企业作出的行政处罚认定事实不清、证据不足。",
    );
    type_into(&mut h, "证据", "行政处罚案卷");
    show_respondent(&mut h, "2. 周海涛（部门负责人）");
    type_into(&mut h, "陈述申辩内容", "对事实无异议");
    show_respondent(&mut h, "1. 孙立军（承办人）");
    type_into(&mut h, "陈述申辩内容", "对事实无异议");
    click(&mut h, "下一步");
    assert_eq!(form(&h).step, WizardStep::Factors);
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        tick(&mut h, "第六条第（六）项　事实不清证据不足的处罚");
    }
    click(&mut h, "下一步");
    assert_eq!(form(&h).step, WizardStep::Decision);
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        h.query_all(
            egui_kittest::kittest::by()
                .role(egui::accesskit::Role::CheckBox)
                .label_contains("★ "),
        )
        .next()
        .expect("a ★ method")
        .click_accesskit();
        h.run();
    }
    click(&mut h, "下一步");
    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Issue,
        "{:?}",
        h.state().wizard().map(|w| (&w.errors, &w.message))
    );
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    let issued = w
        .issued
        .clone()
        .unwrap_or_else(|| panic!("not issued: {} {:?}", w.message, w.errors));
    assert_eq!(issued.docs.len(), 2);
    let case_id = issued.case_id;
    (h, case_id)
}

/// `wenze ARGS` on the register, `stdin` given (the password line).
fn wenze(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("password");
    child.wait_with_output().expect("ends")
}

fn archive(db: &Path, case_id: CaseId, out: &Path, user: &str, password: &str) -> Output {
    wenze(
        db,
        &[
            "archive",
            "--case",
            &case_id.to_string(),
            "--out",
            out.to_str().expect("utf-8"),
            "--user",
            user,
        ],
        &format!("{password}\n"),
    )
}

/// The stored documents: (id, kind, 文号, pdf, its sha256, ofd, its sha256).
type Stored = (
    i64,
    String,
    String,
    Vec<u8>,
    String,
    Option<Vec<u8>>,
    Option<String>,
);

fn stored(db: &Path) -> Vec<Stored> {
    let conn = rusqlite::Connection::open(db).expect("raw");
    conn.prepare("SELECT id, kind, doc_no, pdf, sha256, ofd, ofd_sha256 FROM documents ORDER BY id")
        .expect("stmt")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// pdftotext of `pdf`, whitespace removed.
fn pdf_text(dir: &Path, pdf: &[u8]) -> String {
    let path = dir.join("read.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// pdfinfo's Subject line of `pdf`.
fn pdf_subject(dir: &Path, pdf: &[u8]) -> String {
    let path = dir.join("info.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Subject:"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Every entry of a ZIP: (name, bytes), in the package's order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().expect("a UTF-8 name").into_owned(), bytes)
        })
        .collect()
}

fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner-only: {mode:o}");
    }
}

#[test]
fn an_issue_stores_the_ofd_a_beside_the_pdf_immutable_and_exported_as_stored() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (h, case_id) = issue_two(&db);
    drop(h);
    users(&db);
    let docs = stored(&db);
    assert_eq!(docs.len(), 2);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    for (i, (id, kind, doc_no, pdf, sha, ofd, ofd_sha)) in docs.iter().enumerate() {
        assert_eq!(&sha256_hex(pdf), sha);
        let ofd = ofd.as_ref().expect("an OFD stored at issue");
        assert_eq!(Some(sha256_hex(ofd)), *ofd_sha, "the OFD's sha256 recorded");
        let read = crate::ofd::read(ofd).expect("reads as OFD");
        assert_eq!(read.doc_type, "OFD-A");
        // The same layout: the OFD says the 文号 the PDF says, and carries
        // the audit chain anchor the PDF's Subject carries.
        let text: String = read
            .pages
            .iter()
            .flatten()
            .flat_map(|t| t.chars.iter().map(|c| c.0))
            .collect();
        assert!(text.contains(doc_no.as_str()), "{text}");
        assert!(pdf_text(dir.path(), pdf).contains(doc_no.as_str()));
        let subject = pdf_subject(dir.path(), pdf);
        let anchor = subject
            .strip_prefix("审计链锚点 ")
            .unwrap_or_else(|| panic!("subject: {subject}"));
        assert_eq!(
            read.custom,
            vec![("审计链锚点".to_owned(), anchor.to_owned())]
        );
        // Immutable and never deleted, as the PDF.
        for sql in [
            "UPDATE documents SET ofd = X'00' WHERE id = ?1",
            "UPDATE documents SET ofd_sha256 = 'x' WHERE id = ?1",
            "DELETE FROM documents WHERE id = ?1",
        ] {
            let e = conn.execute(sql, [id]).expect_err("refused by a trigger");
            assert!(e.to_string().contains("已签发的文书不可"), "{e}");
        }
        // The export of the issued kind as OFD is the stored OFD.
        let out = dir.path().join(format!("{i}.ofd"));
        let st = wenze(
            &db,
            &[
                "export",
                "--case",
                &case_id.to_string(),
                "--doc",
                kind,
                "--respondent",
                &(i + 1).to_string(),
                "--format",
                "ofd",
                "--out",
                out.to_str().expect("utf-8"),
                "--user",
                "li",
            ],
            "review2026\n",
        );
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        assert_eq!(&std::fs::read(&out).expect("written"), ofd);
        assert!(String::from_utf8_lossy(&st.stdout).contains("与签发时一致"));
    }
    // The OFDs' rows are audited: the chain and every row hash verify.
    let s = Storage::open(&db).expect("opens");
    assert!(s.audit_verify().expect("verify").ok);
}

#[test]
fn the_archive_holds_every_document_in_both_formats_its_catalogue_audit_and_manifest() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (h, case_id) = issue_two(&db);
    drop(h);
    users(&db);
    let docs = stored(&db);
    let zip_path = dir.path().join("案卷.zip");
    let st = archive(&db, case_id, &zip_path, "li", "review2026");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let said = String::from_utf8_lossy(&st.stdout);
    assert!(
        said.contains("已归档案件") && said.contains("卷内文件 2 件"),
        "{said}"
    );
    owner_only(&zip_path);
    let bytes = std::fs::read(&zip_path).expect("written");
    let files = entries(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "entries in name order");
    // Every issued document, both formats, the stored bytes.
    for (_, _, doc_no, pdf, _, ofd, _) in &docs {
        let ofd = ofd.as_ref().expect("ofd");
        let pdf_entry = files.iter().find(|(_, b)| b == pdf).expect("its PDF");
        let ofd_entry = files.iter().find(|(_, b)| b == ofd).expect("its OFD");
        assert!(pdf_entry.0.ends_with(".pdf") && pdf_entry.0.contains(doc_no.as_str()));
        assert!(ofd_entry.0.ends_with(".ofd") && ofd_entry.0.contains(doc_no.as_str()));
    }
    for name in [
        "00-卷内文件目录.pdf",
        "00-卷内文件目录.ofd",
        "审计记录.csv",
        "manifest.json",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert_eq!(files.len(), 2 * docs.len() + 4, "{names:?}");
    // The names are stored as UTF-8 (flagged): an archive tool reads them.
    let raw = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
    assert!(
        raw.file_names()
            .any(|n| n.is_ok_and(|n| n == "审计记录.csv"))
    );

    // The 目录 lists each 文号 and 题名 (the PDF read back), in OFD too.
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .expect("entry")
    };
    let text = pdf_text(dir.path(), &get("00-卷内文件目录.pdf"));
    for head in [
        "卷内文件目录",
        "序号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "页数",
    ] {
        assert!(text.contains(head), "{head}: {text}");
    }
    let conn = rusqlite::Connection::open(&db).expect("raw");
    for (id, _, doc_no, _, _, _, _) in &docs {
        let title: String = conn
            .query_row("SELECT title FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("title");
        assert!(text.contains(doc_no.as_str()), "{doc_no}: {text}");
        assert!(text.contains(&title), "{title}: {text}");
    }
    assert!(text.contains("生态环境局"), "责任者: {text}");
    let catalogue = crate::ofd::read(&get("00-卷内文件目录.ofd")).expect("OFD");
    assert_eq!(catalogue.doc_type, "OFD-A");

    // The manifest: every other file with its sha256.
    let manifest: serde_json::Value = serde_json::from_slice(&get("manifest.json")).expect("json");
    let listed = manifest["文件"].as_array().expect("files");
    assert_eq!(listed.len(), files.len() - 1);
    for f in listed {
        let name = f["名称"].as_str().expect("name");
        assert_eq!(
            f["sha256"].as_str().expect("sha"),
            sha256_hex(&get(name)),
            "{name}"
        );
    }
    // The audit entries with actor, time, action and chain hashes; the
    // anchor is the last one's.
    let csv = String::from_utf8(get("审计记录.csv")).expect("utf-8");
    let header = csv.lines().next().expect("header");
    for col in ["时间", "操作人", "操作", "本条哈希"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(
        csv.contains("签发文书") && csv.contains("作出决定"),
        "{csv}"
    );
    let anchor = manifest["审计链锚点"].as_str().expect("anchor");
    let (n, hash) = anchor.split_once(':').expect("N:HASH");
    let last = csv.lines().last().expect("a row");
    assert!(
        last.starts_with(&format!("{n},")) && last.ends_with(hash),
        "{last}"
    );

    // Archived again: the same bytes.
    let again = dir.path().join("again.zip");
    let st = archive(&db, case_id, &again, "admin", "wenze2026");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert_eq!(std::fs::read(&again).expect("written"), bytes);

    // A clerk is refused, the refusal audited, nothing written.
    let clerk = dir.path().join("clerk.zip");
    let st = archive(&db, case_id, &clerk, "clerk", "clerk2026");
    assert!(!st.status.success());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("无权归档案件") && err.contains("只有审核人或管理员可以办理"),
        "{err}"
    );
    assert!(!clerk.exists());
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = '拒绝归档案件' AND after LIKE '%录入员乙%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(refused, 1);
}

/// A 004 case with one respondent, found but not decided; the office set.
fn undecided(db: &Path) -> (CaseId, RespondentId) {
    users(db);
    let mut s = Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    s.set_setting("office_name", "生态环境局").expect("setting");
    s.set_setting("office_code", "环问").expect("setting");
    let pid = s
        .add_person(&wenze::domain::NewPerson {
            name: "王磊".into(),
            unit: "执法支队".into(),
            rank: "科员及一般工作人员".into(),
            status: "在职".into(),
            ..Default::default()
        })
        .expect("person");
    let role = wenze::domain::RespondentRole::from_label("承办人").expect("role");
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: None,
            regulation_id: "004".into(),
            tolerance_overlay: false,
            clue_source: "群众举报".into(),
            received_on: "2026-03-02".parse().expect("date"),
            summary: "处罚决定认定事实不清".into(),
            respondents: vec![(pid, role)],
            facts: vec!["经查，处罚决定认定事实不清。".into()],
            reporter: None,
        })
        .expect("case");
    let rid = s.respondent_ids(case_id).expect("ids")[0];
    (case_id, rid)
}

fn decide(db: &Path, case_id: CaseId, rid: RespondentId) -> (DecisionId, String) {
    let mut s = Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    s.record_decision(&wenze::domain::NewDecision {
        case_id,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: vec!["通报批评".into()],
        measures: Vec::new(),
        basis: "第六条".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: "2026-03-20".parse().expect("date"),
        approved_by: "李审核".into(),
        supersedes: None,
    })
    .expect("decision")
}

/// Nothing but the register in the folder (no archive, no temporary file).
fn nothing_written(dir: &Path) {
    let extra: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("w.db"))
        .collect();
    assert!(extra.is_empty(), "{extra:?}");
}

#[test]
fn an_undecided_case_or_missing_stored_bytes_is_refused_in_chinese_with_nothing_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided(&db);
    let out = dir.path().join("a.zip");
    let st = archive(&db, case_id, &out, "li", "review2026");
    assert!(!st.status.success());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("尚未决定（王磊 未作出决定），不能归档"),
        "{err}"
    );
    assert!(err.contains("未写入任何文件"), "{err}");
    nothing_written(dir.path());

    // Decided, its document stored without its bytes: refused, naming it.
    let (decision, doc_no) = decide(&db, case_id, rid);
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.store_document(
        case_id,
        Some(decision),
        "decision",
        &doc_no,
        "问责决定书",
        b"",
    )
    .expect("document");
    drop(s);
    let st = archive(&db, case_id, &out, "li", "review2026");
    assert!(!st.status.success());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains(&format!("问责决定书 {doc_no}：存档的 PDF 缺失")),
        "{err}"
    );
    nothing_written(dir.path());
}

#[test]
fn a_document_issued_before_ofds_were_stored_is_archived_as_its_pdf_after_the_upgrade_and_said_so()
{
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided(&db);
    let (decision, doc_no) = decide(&db, case_id, rid);
    // An issued PDF as an earlier version stored it: no OFD beside it.
    let doc = wenze::export::Document {
        title: "问责决定书".into(),
        doc_no: doc_no.clone(),
        body: vec![wenze::export::Block::Para("王磊同志：经查……".into())],
        signature: "生态环境局".into(),
        date: "2026年3月20日".into(),
        ..Default::default()
    };
    let pdf = wenze::export::render(&doc, 0).expect("pdf");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.store_document(
        case_id,
        Some(decision),
        "decision",
        &doc_no,
        "问责决定书",
        &pdf,
    )
    .expect("document");
    drop(s);
    // The register as version 19 left it (no OFD columns, nor what 21 and
    // 22 add), then upgraded: the earlier rows keep their audited hashes.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    conn.execute_batch(
        "DROP TRIGGER precedent_keys_decision; DROP TRIGGER precedent_keys_selection;
         DROP TABLE precedent_keys; DROP INDEX remedies_decision; DROP INDEX cases_stage_order;
         ALTER TABLE decisions DROP COLUMN precedent_reason;
         DROP TRIGGER documents_ofd_pair;
         ALTER TABLE documents DROP COLUMN ofd; ALTER TABLE documents DROP COLUMN ofd_sha256;
         PRAGMA user_version = 19;",
    )
    .expect("version 19");
    drop(conn);
    let s = Storage::open(&db).expect("upgrades");
    assert_eq!(
        s.schema_version().expect("version"),
        wenze::storage::SCHEMA_VERSION
    );
    assert!(s.audit_verify().expect("verify").ok);
    drop(s);
    let out = dir.path().join("a.zip");
    let st = archive(&db, case_id, &out, "li", "review2026");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(
        String::from_utf8_lossy(&st.stdout).contains("1 件未存 OFD（本版本之前签发），仅有 PDF")
    );
    let files = entries(&std::fs::read(&out).expect("written"));
    // Never rendered again under its 文号: the PDF only.
    assert!(files.iter().any(|(_, b)| *b == pdf));
    assert_eq!(
        files
            .iter()
            .filter(|(n, _)| n.contains(doc_no.as_str()))
            .count(),
        1
    );
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .expect("entry")
    };
    let text = pdf_text(dir.path(), &get("00-卷内文件目录.pdf"));
    assert!(text.contains("未存OFD（本版本之前签发）"), "{text}");
    let manifest = String::from_utf8(get("manifest.json")).expect("utf-8");
    assert!(
        manifest.contains("未存 OFD（本版本之前签发）"),
        "{manifest}"
    );
    // Dated as decided (the 目录's 日期 column).
    assert!(text.contains("20260320"), "{text}");
}

#[test]
fn pressing_archive_in_the_case_file_without_a_file_dialog_saves_into_the_default_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (mut h, case_id) = issue_two(&db);
    let folder = dir.path().join("问责文书");
    h.state_mut().set_save_dir(&folder);
    h.state_mut().apply(AppCommand::OpenCase(case_id));
    h.run();
    // 保存 OFD… of an issued decision offers the OFD stored at its issue.
    let r = h.state().case_docs().respondents[0].clone();
    let issued = r
        .offers
        .iter()
        .find(|o| !o.stored.is_empty())
        .expect("an issued kind")
        .clone();
    h.state_mut()
        .apply(AppCommand::CaseDocument(DocCommand::Produce {
            respondent: r.id,
            kind: issued.kind,
            action: DocAction::SaveOfd,
        }));
    let (ofd, name, _) = h
        .state_mut()
        .case_docs_mut()
        .saving
        .take()
        .expect("the OFD to save");
    assert!(name.ends_with(".ofd"), "{name}");
    let doc_id = issued.stored[0].0;
    assert_eq!(
        Some(ofd),
        stored(&db)
            .into_iter()
            .find(|d| d.0 == doc_id.get())
            .and_then(|d| d.5)
    );
    assert!(h.state().case_docs().message.contains("OFD 原件"));
    h.get_by_label("归档").click_accesskit();
    h.run();
    // The dialog thread answers at once when no dialog can be shown.
    for _ in 0..100 {
        if h.state().case_docs().archive_message.contains("默认文件夹") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    let m = h.state().case_docs().archive_message.clone();
    assert!(m.contains("已保存到默认文件夹"), "{m}");
    let saved: Vec<_> = std::fs::read_dir(&folder)
        .expect("the default folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let path = &saved[0];
    assert!(m.contains(&path.display().to_string()), "{m}");
    assert!(
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("案卷-") && n.ends_with(".zip")),
        "{path:?}"
    );
    owner_only(path);
    let first = std::fs::read(path).expect("zip");
    assert_eq!(entries(&first).len(), 2 * 2 + 4);

    // Pressed again in the same session: a second file beside the first
    // (never overwritten), the same bytes.
    h.state_mut().case_docs_mut().archive_message.clear();
    h.get_by_label("归档").click_accesskit();
    h.run();
    for _ in 0..100 {
        if h.state().case_docs().archive_message.contains("默认文件夹") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    let mut saved: Vec<_> = std::fs::read_dir(&folder)
        .expect("the default folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 2, "{saved:?}");
    for p in &saved {
        assert_eq!(std::fs::read(p).expect("zip"), first, "{p:?}");
    }

    // A clerk sees 归档 disabled, and the command itself is refused and
    // audited, nothing saved.
    users(&db);
    h.state_mut().apply(AppCommand::SignOut);
    h.run();
    crate::kit::fill(&mut h, "用户名", "clerk");
    crate::kit::fill(&mut h, "密码", "clerk2026");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "登录")
        .click();
    h.run();
    assert_eq!(h.state().user().map(|u| u.username.as_str()), Some("clerk"));
    h.state_mut().apply(AppCommand::OpenCase(case_id));
    h.run();
    assert!(h.get_by_label("归档").accesskit_node().is_disabled());
    h.state_mut()
        .apply(AppCommand::CaseDocument(DocCommand::Archive));
    h.run();
    let m = h.state().case_docs().archive_message.clone();
    assert!(
        m.contains("无权归档案件") && m.contains("已记录此次拒绝"),
        "{m}"
    );
    assert!(h.state().case_docs().saving.is_none());
    let refused: i64 = rusqlite::Connection::open(&db)
        .expect("raw")
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = '拒绝归档案件'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(refused, 1);
}
