//! 保存 PDF…: the native dialog on its own thread (a blocking dialog on the
//! UI thread would freeze the window), polled once a frame by the app.

use std::path::PathBuf;

use super::WenzeApp;

/// Ask where to save issued document `i`.
pub(super) fn ask(app: &mut WenzeApp, i: usize) {
    let Some(w) = app.wizard.as_mut() else { return };
    let Some(doc) = w.issued.as_ref().and_then(|x| x.docs.get(i)) else {
        return;
    };
    let name = format!("{}-{}.pdf", doc.title, doc.doc_no);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let path = rfd::FileDialog::new()
            .set_title("保存公文 PDF")
            .set_file_name(name)
            .add_filter("PDF 文件", &["pdf"])
            .save_file();
        // No answer within a moment means no dialog was shown (no
        // portal, no zenity): an empty path asks for the default folder.
        let path = path.or_else(|| {
            (started.elapsed() < std::time::Duration::from_millis(400)).then(PathBuf::new)
        });
        let _receiver_may_be_gone = tx.send(path);
    });
    w.save_dialog = Some((i, rx));
}

/// Save issued document `i` to `path` (empty: the default folder).
pub(super) fn save_to(app: &mut WenzeApp, i: usize, path: PathBuf) {
    let Some(w) = app.wizard.as_mut() else { return };
    let Some(doc) = w.issued.as_mut().and_then(|x| x.docs.get_mut(i)) else {
        return;
    };
    if path.as_os_str().is_empty() {
        let name =
            crate::app::print::file_name(&doc.title, &doc.doc_no, crate::export::DocFormat::Pdf);
        match crate::app::print::save_to_default(&doc.pdf, &name) {
            Ok(p) => {
                w.message = format!(
                    "系统未能显示保存对话框（未找到文件对话框服务），已保存到默认文件夹：{}",
                    p.display()
                );
                doc.saved_to = Some(p);
            }
            Err(e) => {
                w.message = format!(
                    "系统未能显示保存对话框，保存到默认文件夹也失败：{e}文书已保存在案卷中。"
                )
            }
        }
        return;
    }
    match crate::storage::lock::write_private(&path, &doc.pdf) {
        Ok(()) => {
            w.message = format!("已保存：{}", path.display());
            doc.saved_to = Some(path);
        }
        Err(e) => {
            w.message = format!(
                "无法保存到 {}：{}。请检查磁盘空间和写入权限后重试；文书已保存在案卷中。",
                path.display(),
                crate::zh::io(&e)
            )
        }
    }
}

/// The save dialog's answer, if it has come.
pub(super) fn poll_dialog(app: &mut WenzeApp) {
    let Some(w) = app.wizard.as_mut() else { return };
    let Some((i, rx)) = &w.save_dialog else {
        return;
    };
    let i = *i;
    match rx.try_recv() {
        Ok(Some(path)) => {
            w.save_dialog = None;
            save_to(app, i, path);
        }
        Ok(None) => {
            w.save_dialog = None;
            w.message = "未选择保存位置；文书已保存在案卷中，可随时再次保存。".to_owned();
        }
        Err(std::sync::mpsc::TryRecvError::Empty) => {}
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            w.save_dialog = None;
            save_to(app, i, PathBuf::new());
        }
    }
}
