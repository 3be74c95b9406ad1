//! The 送达回证's table.

use super::wording::required;
use super::{DocDetails, DocKind};
use crate::export::layout::{Block, Document};
use crate::rules::engine::{RespondentAssessment, cn_date};

/// 送达回证: every field from the register; what is filled in at service
/// (signatures, and the manner and time when not yet served) stays a box.
pub(super) fn receipt(
    doc: &mut Document,
    d: &DocDetails,
    r: &RespondentAssessment,
    case_no: &str,
) -> Result<(), String> {
    let kind = DocKind::Receipt;
    let served_doc = if d.receipt_documents.trim().is_empty() {
        let (title, no) = match d.outcome() {
            Some(o) => (DocKind::for_outcome(o).label(), d.doc_no.trim()),
            None => (DocKind::Notice.label(), d.notice_doc_no.trim()),
        };
        format!("{title}（{no}）一份")
    } else {
        d.receipt_documents.trim().to_owned()
    };
    let cause = required(kind, &d.cause, "案由")?;
    let address = required(kind, &d.address, "送达地点")?;
    let issuer = required(kind, &d.receipt_issuer, "填发人")?;
    let deliverer = required(kind, &d.receipt_deliverer, "送达人")?;
    let blank_time = "　　　　年　　月　　日　　时　　分".to_owned();
    let method = if d.delivery_method.trim().is_empty() {
        "□直接送达　□留置送达　□委托送达　□邮寄送达".to_owned()
    } else {
        d.delivery_method.trim().to_owned()
    };
    let time = match d.delivered_on {
        Some(x) => format!("{}{}", cn_date(x), d.delivered_time.trim()),
        None => blank_time,
    };
    let sign = "　　　　　　　　　　　　年　　月　　日".to_owned();
    let agent = if d.delivery_agent.trim().is_empty() {
        sign.clone()
    } else {
        d.delivery_agent.trim().to_owned()
    };
    let witness = if d.delivery_witness.trim().is_empty() {
        sign.clone()
    } else {
        d.delivery_witness.trim().to_owned()
    };
    doc.body = vec![Block::Table {
        cols: vec![10, 18],
        rows: vec![
            vec!["案由".into(), cause],
            vec!["案号".into(), case_no.to_owned()],
            vec!["送达文书名称及文号".into(), served_doc],
            vec!["受送达人".into(), r.name.clone()],
            vec!["送达地点".into(), address],
            vec!["送达方式".into(), method],
            vec!["送达时间".into(), time],
            vec!["受送达人签名或者盖章".into(), sign],
            vec!["代收人及代收理由".into(), agent],
            vec!["留置送达见证人".into(), witness],
            vec!["备考".into(), d.delivery_note.trim().to_owned()],
            vec!["填发人".into(), issuer],
            vec!["送达人".into(), deliverer],
        ],
        min_lines: vec![1, 1, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1],
    }];
    Ok(())
}
