//! Closed sets of the procedure around a decision, each with its Chinese
//! label in one place: review actions, delivery methods, 复查/申诉 and their
//! outcomes. Plain data, no IO.

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
    pub case_id: i64,
    pub document_id: Option<i64>,
    pub delivered_on: jiff::civil::Date,
    pub method: DeliveryMethod,
    pub recipient: String,
    /// 送达回证: who signed, its number or where it is filed.
    pub receipt: String,
    /// 留置送达: the witness.
    pub witness: String,
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
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 2] = [Self::Ban, Self::Correction];

    /// What the register stores.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Ban => "ban",
            Self::Correction => "纠错",
        }
    }

    pub(crate) fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
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
}

impl RemedyOutcome {
    pub const ALL: [RemedyOutcome; 3] = [Self::Uphold, Self::Change, Self::Revoke];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Uphold => "维持",
            Self::Change => "变更",
            Self::Revoke => "撤销",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.label() == s)
    }
}

/// A 复查/申诉 as the case file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyRow {
    pub(crate) id: i64,
    pub(crate) decision_id: i64,
    pub original_doc_no: String,
    pub(crate) kind: RemedyKind,
    pub(crate) applied_on: String,
    pub(crate) grounds: String,
    pub(crate) outcome: Option<RemedyOutcome>,
    pub(crate) result_doc_no: Option<String>,
}

/// The outcome of a 复查/申诉 to record: a new decision superseding the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemedyDecision {
    pub(crate) remedy_id: i64,
    pub(crate) outcome: RemedyOutcome,
    /// For 变更: the methods now decided.
    pub(crate) methods: Vec<String>,
    pub(crate) reason: String,
    pub(crate) decided_on: jiff::civil::Date,
    pub(crate) approved_by: String,
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
