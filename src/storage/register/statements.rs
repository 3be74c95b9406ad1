//! What the procedure adds to a case: respondents' selections, evidence,
//! team, statements, investigation dates, deliveries.

use crate::domain::ids::{CaseId, DocumentId, RespondentId};
use rusqlite::params;

use super::{audit, next_seq};
use crate::storage::{Result, Storage, StorageError};

/// A 送达 as its 送达回证 records it.
#[derive(Debug, Clone)]
pub struct DeliveryRecord {
    pub document_id: Option<DocumentId>,
    pub delivered_on: jiff::civil::Date,
    /// 直接送达 / 留置送达 / 委托送达 / 邮寄送达 …
    pub method: String,
    pub recipient: String,
    /// 代收人 and the reason.
    pub agent: String,
    /// 留置送达's witness.
    pub witness: String,
    pub note: String,
    /// 送达文书名称及文号, e.g. 问责决定书（徐环问〔2026〕3号）一份.
    pub documents: String,
    pub address: String,
    /// e.g. 10时30分.
    pub served_at: String,
    pub issuer: String,
    pub deliverer: String,
    /// The day the 送达回证 was made (填发).
    pub made_on: Option<jiff::civil::Date>,
}

impl Storage {
    /// The respondent rows of a case, in order.
    pub fn respondent_ids(&self, case_id: CaseId) -> Result<Vec<RespondentId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM respondents WHERE case_id = ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Record what the clerk selected for a respondent (behaviours, factors,
    /// 容错 items, severity, impact): `(kind, item id)` pairs. The audit
    /// entry names each by its kind and id (use `add_selections_described`
    /// where the regulation's labels are at hand).
    pub fn add_selections(
        &mut self,
        respondent_id: RespondentId,
        regulation: &str,
        items: &[(crate::domain::procedure::SelectionKind, String)],
    ) -> Result<()> {
        let text: Vec<String> = items
            .iter()
            .map(|(k, i)| format!("{}：{i}", k.label()))
            .collect();
        self.add_selections_described(respondent_id, regulation, items, &text.join("；"))
    }

    /// The same, the audit entry saying `described` (the items in the
    /// regulation's words, e.g. 问责情形：第六条第（六）项 事实不清证据不足的处罚).
    pub(crate) fn add_selections_described(
        &mut self,
        respondent_id: RespondentId,
        regulation: &str,
        items: &[(crate::domain::procedure::SelectionKind, String)],
        described: &str,
    ) -> Result<()> {
        let (regulation, items, described) =
            (regulation.to_owned(), items.to_vec(), described.to_owned());
        self.write(|tx, actor| {
            for (kind, item) in &items {
                tx.execute(
                    "INSERT INTO selections (respondent_id, regulation_id, kind, item_id) VALUES (?1, ?2, ?3, ?4)",
                    params![respondent_id, regulation, kind, item],
                )?;
            }
            audit(tx, actor, "认定情节", "selections", Some(respondent_id.get()), "", &described)
        })
    }

    /// Add an evidence item, a team member or a 陈述申辩 record.
    pub fn add_evidence(&mut self, case_id: CaseId, title: &str) -> Result<()> {
        let title = title.to_owned();
        self.write(|tx, actor| {
            let seq = next_seq(tx, "evidence", case_id)?;
            tx.execute(
                "INSERT INTO evidence (case_id, seq, title) VALUES (?1, ?2, ?3)",
                params![case_id, seq, title],
            )?;
            audit(
                tx,
                actor,
                "添加证据",
                "evidence",
                Some(case_id.get()),
                "",
                &title,
            )
        })
    }

    pub(crate) fn add_team_member(&mut self, case_id: CaseId, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO team_members (case_id, name) VALUES (?1, ?2)",
                params![case_id, name],
            )?;
            audit(
                tx,
                actor,
                "添加调查组成员",
                "team_members",
                Some(case_id.get()),
                "",
                &name,
            )
        })
    }

    /// A 陈述申辩 record with whether its requests were adopted and why.
    pub fn add_statement_adopted(
        &mut self,
        case_id: CaseId,
        respondent_id: RespondentId,
        heard_on: &str,
        content: &str,
        adopted: &str,
    ) -> Result<()> {
        let (heard_on, content, adopted) =
            (heard_on.to_owned(), content.to_owned(), adopted.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO statements (case_id, respondent_id, heard_on, content, adopted) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, respondent_id, heard_on, content, adopted],
            )?;
            audit(tx, actor, "记录陈述申辩", "statements", Some(case_id.get()), "", &content)
        })
    }

    /// Investigation start, extension and its reason.
    pub(crate) fn set_investigation(
        &mut self,
        case_id: CaseId,
        started_on: &str,
        extended: bool,
        reason: &str,
    ) -> Result<()> {
        let (started_on, reason) = (started_on.to_owned(), reason.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE cases SET investigation_started_on = ?1, investigation_extended = ?2, extension_reason = ?3 WHERE id = ?4",
                params![started_on, extended, reason, case_id],
            )?;
            let extension = if extended {
                format!("已延长（{reason}）")
            } else {
                "未延长".to_owned()
            };
            audit(
                tx,
                actor,
                "调查期限",
                "cases",
                Some(case_id.get()),
                "",
                &format!("调查开始于 {started_on}，{extension}"),
            )
        })
    }

    /// Record a delivery (送达).
    /// Record a 送达 with what its 送达回证 prints (送达文书及文号, 地点, 方式,
    /// 时间, 代收人, 见证人, 填发人, 送达人, 填发日期), audited.
    pub fn add_delivery_record(&mut self, case_id: CaseId, d: &DeliveryRecord) -> Result<()> {
        let d = d.clone();
        if d.recipient.trim().is_empty() {
            return Err(StorageError::Invalid("送达记录缺少受送达人".to_owned()));
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO deliveries (case_id, document_id, delivered_on, method, recipient, agent, witness, note,
                                         doc_no, address, served_at, issuer, deliverer, made_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    case_id,
                    d.document_id,
                    d.delivered_on.to_string(),
                    d.method,
                    d.recipient,
                    d.agent,
                    d.witness,
                    d.note,
                    d.documents,
                    d.address,
                    d.served_at,
                    d.issuer,
                    d.deliverer,
                    d.made_on.map(|x| x.to_string())
                ],
            )?;
            crate::storage::procedure::settle_stage(tx, case_id)?;
            audit(
                tx,
                actor,
                "送达",
                "deliveries",
                Some(case_id.get()),
                "",
                &format!("{} {} {} {}", d.delivered_on, d.method, d.recipient, d.documents),
            )
        })
    }

    pub fn add_delivery(
        &mut self,
        case_id: CaseId,
        document_id: Option<DocumentId>,
        delivered_on: &str,
        recipient: &str,
    ) -> Result<()> {
        let (delivered_on, recipient) = (delivered_on.to_owned(), recipient.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO deliveries (case_id, document_id, delivered_on, recipient) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, document_id, delivered_on, recipient],
            )?;
            crate::storage::procedure::settle_stage(tx, case_id)?;
            audit(tx, actor, "送达", "deliveries", Some(case_id.get()), "", &format!("{delivered_on} {recipient}"))
        })
    }
}
