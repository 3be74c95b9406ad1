//! 类案参考: an earlier standing decision of the register for the same
//! conduct (same regulation, 问责情形 and 情节 level), as storage reads it.

/// One earlier decision under the same regulation whose respondent was
/// found to have the same behaviour at the same severity level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedent {
    /// The decision's 文号 (案号 of the decision as issued).
    pub doc_no: String,
    /// 决定日期 as stored (YYYY-MM-DD).
    pub decided_on: String,
    /// 单位 at the time.
    pub unit: String,
    /// The respondent's name (shown to 审核人 and 管理员 only).
    pub name: String,
    /// The respondent's role (承办人 …) as stored.
    pub role: String,
    /// The decision's kind (a 复查 decision: changed on review).
    pub kind: crate::domain::procedure::DecisionKind,
    /// The decided methods, in the order decided.
    pub methods: Vec<String>,
    /// The respondent's other selections: factor ids (`factor` and
    /// `overlay_factor`).
    pub factors: Vec<String>,
    /// Whether 容错 situations were recorded for the respondent.
    pub tolerance: bool,
    /// A 复查 or 申诉 upheld it (维持).
    pub upheld: bool,
}

/// A standing decision of a period with the 问责情形 and 情节 level its
/// respondent was found to have (统计分析's 类案一致性).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDecision {
    /// The case's regulation id.
    pub regulation: String,
    /// The behaviour's id in that regulation.
    pub behaviour: String,
    /// The severity level's id.
    pub level: String,
    pub doc_no: String,
    /// The decision's kind (a 复查 decision: changed on review).
    pub kind: crate::domain::procedure::DecisionKind,
    pub methods: Vec<String>,
}
