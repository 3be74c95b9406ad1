//! Closed sets of the procedure around a decision, each with its Chinese
//! label in one place: review actions, delivery methods, 复查/申诉 and their
//! outcomes. Plain data, no IO.

use super::{CaseId, DecisionId, DocumentId, RespondentId};

/// A step in the review of a draft before issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// 录入员 submits the draft to a 审核人.
    Submit,
    /// 审核人 returns it with a comment.
    Return,
    /// 审核人 approved and issued it.
    Approve,
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 3] = [Self::Submit, Self::Return, Self::Approve];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Submit => "提交审核",
            Self::Return => "退回",
            Self::Approve => "批准",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.label() == s)
    }
}

impl ReviewAction {
    /// Whether `self` may follow the draft's last review step (`last`;
    /// None: never submitted), or why not — the one rule the window and
    /// storage both apply. A submitted draft waits for its reviewer (no
    /// second 提交审核); only a submitted draft is returned; a returned one
    /// is resubmitted before anyone signs it.
    pub(crate) fn may_follow(self, last: Option<ReviewAction>) -> Result<(), &'static str> {
        match (self, last) {
            (Self::Submit, Some(Self::Submit)) => {
                Err("已提交审核，正在等待审核人处理，不能重复提交")
            }
            (Self::Return, Some(Self::Submit)) => Ok(()),
            (Self::Return, _) => Err("此草稿尚未提交审核（或已退回），无需退回"),
            (Self::Approve, Some(Self::Return)) => {
                Err("已退回录入员修改，须由录入员重新提交审核后方可签发")
            }
            _ => Ok(()),
        }
    }
}

/// One entry of a draft's review history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEntry {
    pub(crate) action: ReviewAction,
    pub(crate) user_name: String,
    pub(crate) comment: String,
    pub(crate) at: String,
}

/// A draft waiting for (or returned from) review, as the 工作台 lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReviewItem {
    pub(crate) draft_key: String,
    /// 线索摘要 / the respondent, for the clerk to recognise the case.
    pub(crate) title: String,
    pub(crate) last: ReviewEntry,
}

/// How a document was delivered (送达方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeliveryMethod {
    #[default]
    Direct,
    Post,
    LeftAtAddress,
    Entrusted,
    Forwarded,
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 5] = [
        Self::Direct,
        Self::Post,
        Self::LeftAtAddress,
        Self::Entrusted,
        Self::Forwarded,
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Direct => "直接送达",
            Self::Post => "邮寄送达",
            Self::LeftAtAddress => "留置送达",
            Self::Entrusted => "委托送达",
            Self::Forwarded => "转交送达",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.label() == s)
    }
}

/// A delivery to record (送达 with its 送达回证).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub case_id: CaseId,
    pub document_id: Option<DocumentId>,
    pub delivered_on: jiff::civil::Date,
    pub method: DeliveryMethod,
    pub recipient: String,
    /// 送达回证: who signed, its number or where it is filed.
    pub receipt: String,
    /// 留置送达: the witness.
    pub witness: String,
    /// 送达地点 (the 送达回证 prints it).
    pub address: String,
    /// 送达时间 on the day, e.g. "10时30分" (may be empty).
    pub served_at: String,
    /// 送达人 (who served it; the 送达回证's last line).
    pub deliverer: String,
    /// 代收人及代收理由 (may be empty).
    pub agent: String,
    /// 备考 (may be empty).
    pub note: String,
}

/// 复查 (to the deciding body) or 申诉 (to the body above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemedyKind {
    #[default]
    Review,
    Appeal,
}

impl RemedyKind {
    pub const ALL: [RemedyKind; 2] = [Self::Review, Self::Appeal];

    pub fn label(self) -> &'static str {
        match self {
            Self::Review => "复查",
            Self::Appeal => "申诉",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.label() == s)
    }
}

impl std::fmt::Display for RemedyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A follow-up a decision leaves behind, with its end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    /// A period of consequences (e.g. 六个月内不得提拔或者重用, 002 第十九条第二款).
    Ban,
    /// A 纠错 task after 容错免责 (001 第十九条).
    Correction,
    /// An economic penalty of the decision's year (000 第八条第（四）项
    /// 扣除全年绩效奖励): carried out within the year, refunded when the
    /// decision is revoked or changed.
    Deduction,
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 3] = [Self::Ban, Self::Correction, Self::Deduction];

    /// What the register stores.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Ban => "ban",
            Self::Correction => "纠错",
            Self::Deduction => "扣减",
        }
    }

    pub(crate) fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    /// What the clerk reads: 影响期 (a consequence running) or 纠错.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Ban => "影响期",
            Self::Correction => "纠错",
            Self::Deduction => "经济处罚",
        }
    }
}

/// A follow-up to record for a respondent (a consequence running until
/// `ends_on`, a 纠错 task), with the stored citation ("004:13").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    pub kind: FollowUpKind,
    pub label: String,
    pub starts_on: jiff::civil::Date,
    pub ends_on: jiff::civil::Date,
    pub cite: String,
}

/// What a recorded decision is (the register's `decisions.kind`): the
/// outcome decided at issue, or the bureau's own 复查决定 that changed one
/// (with its own 文号; 000 第九条). A 申诉 answered by another body is never
/// one of ours: it is recorded with the application (`remedies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// 问责
    Accountability,
    /// 不予问责
    NoAccountability,
    /// 容错免责 (001)
    Exemption,
    /// 复查: the original as changed (or, before schema 15, revoked) on 复查.
    Review,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 4] = [
        Self::Accountability,
        Self::NoAccountability,
        Self::Exemption,
        Self::Review,
    ];

    /// The register's and the documents' wording.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Accountability => "问责",
            Self::NoAccountability => "不予问责",
            Self::Exemption => "容错免责",
            Self::Review => "复查",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == s)
    }

    /// Whether a standing decision of this kind holds the person
    /// accountable (a 复查 decision changes the methods of a 问责).
    pub fn holds_accountable(self) -> bool {
        matches!(self, Self::Accountability | Self::Review)
    }
}

impl std::fmt::Display for DecisionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The outcome of a 复查/申诉.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemedyOutcome {
    /// 维持原决定.
    #[default]
    Uphold,
    /// 变更: different methods.
    Change,
    /// 撤销原决定.
    Revoke,
    /// 不予受理: the application is not taken up (e.g. a 复查 applied for
    /// after the period the regulation gives); the original stands.
    NotAccepted,
}

impl RemedyOutcome {
    pub const ALL: [RemedyOutcome; 4] =
        [Self::Uphold, Self::Change, Self::Revoke, Self::NotAccepted];

    pub(crate) const fn label(self) -> &'static str {
        match self {
            Self::Uphold => "维持",
            Self::Change => "变更",
            Self::Revoke => "撤销",
            Self::NotAccepted => "不予受理",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.label() == s)
    }
}

impl RemedyOutcome {
    /// What the 复查决定书 decides, naming the decision reviewed
    /// (`original`, its 文号) and, for 变更, the methods now decided.
    pub(crate) fn result_text(self, original: &str, methods: &[String]) -> String {
        match self {
            Self::Uphold => format!("维持{original}《问责决定书》"),
            Self::Change => format!(
                "变更{original}《问责决定书》的问责方式为：{}",
                methods.join("、")
            ),
            Self::Revoke => format!("撤销{original}《问责决定书》"),
            Self::NotAccepted => {
                format!("对申请人不服{original}《问责决定书》提出的复查申请，不予受理")
            }
        }
    }
}

/// A 复查/申诉 as the case file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyRow {
    pub(crate) id: i64,
    pub(crate) decision_id: DecisionId,
    /// Whose decision it is against (the applicant).
    pub(crate) respondent_id: Option<RespondentId>,
    pub original_doc_no: String,
    pub kind: RemedyKind,
    pub(crate) applied_on: String,
    /// The applicant's grounds (never printed as findings).
    pub(crate) grounds: String,
    pub outcome: Option<RemedyOutcome>,
    /// The body that answered (申诉: 有关部门 …; 复查: the bureau's organ).
    pub body: String,
    pub(crate) decided_on: Option<String>,
    /// The answer's findings and reasons.
    pub(crate) reason: String,
    /// Our 复查决定书's 文号 (复查) or the other body's own number (申诉).
    pub answer_doc_no: String,
    /// The decision that now stands in the original's place (变更 only).
    pub(crate) result_doc_no: Option<String>,
}

/// The answer to a 复查/申诉 to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemedyDecision {
    pub(crate) remedy_id: i64,
    pub(crate) outcome: RemedyOutcome,
    /// For 变更: the methods now decided.
    pub(crate) methods: Vec<String>,
    pub(crate) reason: String,
    pub(crate) decided_on: jiff::civil::Date,
    /// Who signed it in Wenze (复查) or who recorded the other body's answer.
    pub(crate) approved_by: String,
    /// 申诉: the body that answered; 复查: empty (the bureau).
    pub(crate) body: String,
    /// 申诉: that body's own document number, if it gave one.
    pub(crate) answer_doc_no: String,
}

/// What recording an answer does to the register — the one place that
/// says it (pure; storage applies it in one transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RemedyEffect {
    /// A 文号 of ours and a 复查决定书 (only the bureau's own 复查).
    pub(crate) our_document: bool,
    /// A new decision superseding the original (变更 only): the original is
    /// kept unchanged, the new one counts from now on.
    pub(crate) new_decision: bool,
    /// The original no longer counts (撤销): not in history, statistics or
    /// a later case's repeat findings; its consequences end.
    pub(crate) revokes: bool,
}

impl RemedyDecision {
    /// Check the answer against its application and say what it does, or
    /// refuse in Chinese. 维持 leaves the original in force.
    pub(crate) fn plan(
        &self,
        kind: RemedyKind,
        applied_on: jiff::civil::Date,
    ) -> Result<RemedyEffect, String> {
        if self.decided_on < applied_on {
            return Err(format!(
                "{kind}结果的日期（{}）不能早于申请日期（{applied_on}）",
                self.decided_on
            ));
        }
        // The bureau's 复查决定书 always states its own findings.
        if kind == RemedyKind::Review && self.reason.trim().is_empty() {
            return Err("请填写复查查明的情况和理由（复查决定书“经复查查明”一段）".to_owned());
        }
        if kind == RemedyKind::Appeal && self.body.trim().is_empty() {
            return Err("请填写受理申诉的机关（作出申诉决定的有关部门）".to_owned());
        }
        match self.outcome {
            RemedyOutcome::Uphold => {}
            RemedyOutcome::Change if self.methods.is_empty() => {
                return Err("变更原决定须选择变更后的问责方式".to_owned());
            }
            RemedyOutcome::Change | RemedyOutcome::Revoke if self.reason.trim().is_empty() => {
                return Err("变更或撤销原决定须写明理由".to_owned());
            }
            RemedyOutcome::NotAccepted if self.reason.trim().is_empty() => {
                return Err("不予受理须写明理由（如：申请已超过规定的期限）".to_owned());
            }
            RemedyOutcome::Change | RemedyOutcome::Revoke | RemedyOutcome::NotAccepted => {}
        }
        if kind == RemedyKind::Appeal
            && self.outcome == RemedyOutcome::Change
            && self.answer_doc_no.trim().is_empty()
        {
            return Err("有关部门变更原决定的，须填写其决定的文号".to_owned());
        }
        Ok(RemedyEffect {
            our_document: kind == RemedyKind::Review,
            new_decision: self.outcome == RemedyOutcome::Change,
            revokes: self.outcome == RemedyOutcome::Revoke,
        })
    }
}

/// Where one respondent's procedure stands (in procedure order), derived
/// from the register's records — never stored beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RespondentState {
    /// 线索: registered, not yet investigated.
    Clue,
    /// 调查: facts being found.
    Investigation,
    /// 告知: a 事先告知书 issued, the decision not yet made.
    Notified,
    /// 已决定: their decision issued.
    Decided,
    /// 已送达: their decision served.
    Served,
    /// 救济中: a 复查 / 申诉 applied for, not yet answered.
    RemedyPending,
    /// 救济已决: the 复查 / 申诉 answered.
    RemedyDecided,
    /// 执行完毕: served, no remedy pending, every consequence recorded for
    /// them ended or done.
    Completed,
}

/// What a respondent's state is derived from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateFacts {
    pub investigated: bool,
    pub notified: bool,
    pub decided: bool,
    pub served: bool,
    pub remedy_pending: bool,
    pub remedy_answered: bool,
    /// Consequences recorded for them: any, and still running.
    pub follow_ups: bool,
    pub follow_ups_running: bool,
}

impl RespondentState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Clue => "线索",
            Self::Investigation => "调查",
            Self::Notified => "告知",
            Self::Decided => "已决定",
            Self::Served => "已送达",
            Self::RemedyPending => "救济中",
            Self::RemedyDecided => "救济已决",
            Self::Completed => "执行完毕",
        }
    }

    /// The state the records show (pure).
    pub fn derive(f: StateFacts) -> Self {
        match f {
            StateFacts {
                decided: false,
                notified: true,
                ..
            } => Self::Notified,
            StateFacts {
                decided: false,
                investigated: true,
                ..
            } => Self::Investigation,
            StateFacts { decided: false, .. } => Self::Clue,
            StateFacts {
                remedy_pending: true,
                ..
            } => Self::RemedyPending,
            StateFacts {
                served: true,
                follow_ups: true,
                follow_ups_running: false,
                ..
            } => Self::Completed,
            StateFacts {
                remedy_answered: true,
                ..
            } => Self::RemedyDecided,
            StateFacts { served: true, .. } => Self::Served,
            _ => Self::Decided,
        }
    }
}

/// The stage (阶段) a case is at, in procedure order (the register's 阶段
/// filter lists them so; `Ord` follows that order). The register stores the
/// label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Stage {
    #[default]
    Clue,
    Investigation,
    Factors,
    Decision,
    Review,
    Approval,
    Decided,
    Delivered,
    ReviewPending,
    ReviewDecided,
    AppealPending,
    AppealDecided,
}

impl Stage {
    /// Every stage, in procedure order.
    pub const ALL: [Stage; 12] = [
        Self::Clue,
        Self::Investigation,
        Self::Factors,
        Self::Decision,
        Self::Review,
        Self::Approval,
        Self::Decided,
        Self::Delivered,
        Self::ReviewPending,
        Self::ReviewDecided,
        Self::AppealPending,
        Self::AppealDecided,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Clue => "线索登记",
            Self::Investigation => "调查核实",
            Self::Factors => "情节认定",
            Self::Decision => "处理决定",
            Self::Review => "审核确认",
            Self::Approval => "审批与送达",
            Self::Decided => "已决定",
            Self::Delivered => "已送达",
            Self::ReviewPending => "复查中",
            Self::ReviewDecided => "复查已决定",
            Self::AppealPending => "申诉中",
            Self::AppealDecided => "申诉已决定",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.label() == s)
    }

    /// Before the facts are investigated (线索登记, 调查核实).
    pub fn is_early(self) -> bool {
        matches!(self, Self::Clue | Self::Investigation)
    }

    /// A 复查/申诉 applied for and not yet decided (复查中, 申诉中).
    pub fn remedy_pending(kind: RemedyKind) -> Self {
        match kind {
            RemedyKind::Review => Self::ReviewPending,
            RemedyKind::Appeal => Self::AppealPending,
        }
    }

    /// A 复查/申诉 decided (复查已决定, 申诉已决定).
    pub fn remedy_decided(kind: RemedyKind) -> Self {
        match kind {
            RemedyKind::Review => Self::ReviewDecided,
            RemedyKind::Appeal => Self::AppealDecided,
        }
    }

    /// A decision has been issued (已决定 and every stage after it).
    pub fn is_decided(self) -> bool {
        self >= Self::Decided
    }

    /// The case's stage from its respondents' records (pure; the one rule —
    /// `storage::procedure::settle_stage` applies it in the transaction that
    /// changed what it rests on). Until every respondent is decided the case
    /// stays where its drafting stands (`drafting`, never a decided stage).
    /// Then: a 复查/申诉 open for anyone → 复查中/申诉中; else one answered →
    /// 复查已决定/申诉已决定; else everyone served → 已送达; else 已决定.
    /// `remedy` is the kind of the case's open 复查/申诉, else of its latest
    /// answered one.
    pub fn of_case(
        drafting: Stage,
        respondents: &[StateFacts],
        remedy: Option<RemedyKind>,
    ) -> Self {
        if respondents.is_empty() || respondents.iter().any(|r| !r.decided) {
            return drafting.min(Self::Approval);
        }
        let any = |f: fn(&StateFacts) -> bool| respondents.iter().any(f);
        match remedy {
            Some(kind) if any(|r| r.remedy_pending) => Self::remedy_pending(kind),
            Some(kind) if any(|r| r.remedy_answered) => Self::remedy_decided(kind),
            _ if respondents.iter().all(|r| r.served) => Self::Delivered,
            _ => Self::Decided,
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What a row of `selections` records for a respondent: an item of the
/// regulation the clerk found (情节认定). The register stores the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelectionKind {
    /// 问责情形.
    Behaviour,
    /// 情节 of the case's regulation.
    Factor,
    /// 情节 of the 容错纠错 overlay.
    OverlayFactor,
    /// 容错情形.
    ToleranceSituation,
    /// 容错条件.
    ToleranceCondition,
    /// 情节轻重 (a severity level's id).
    Severity,
    /// 造成影响 (item "1").
    Impact,
}

impl SelectionKind {
    pub const ALL: [SelectionKind; 7] = [
        Self::Behaviour,
        Self::Factor,
        Self::OverlayFactor,
        Self::ToleranceSituation,
        Self::ToleranceCondition,
        Self::Severity,
        Self::Impact,
    ];

    /// What the register stores (the CHECK of `selections.kind`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Behaviour => "behaviour",
            Self::Factor => "factor",
            Self::OverlayFactor => "overlay_factor",
            Self::ToleranceSituation => "tolerance_situation",
            Self::ToleranceCondition => "tolerance_condition",
            Self::Severity => "severity",
            Self::Impact => "impact",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Behaviour => "问责情形",
            Self::Factor => "情节",
            Self::OverlayFactor => "容错纠错情节",
            Self::ToleranceSituation => "容错情形",
            Self::ToleranceCondition => "容错条件",
            Self::Severity => "情节轻重",
            Self::Impact => "造成影响",
        }
    }

    pub(crate) fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}
