//! What a decided demo case carries: for 问责 the 事先告知书's 文号 and
//! sometimes a 陈述申辩, the decision with its methods, the delivery with
//! its 送达回证, the follow-ups (影响期, 纠错 with its 纠错通知书) and,
//! now and then, a 复查 that upholds the decision.

use rusqlite::{Transaction, params};

use super::Demo;
use super::cases::{DecidedCase, Inserts};
use super::data::{CLERKS, STATEMENTS};
use crate::export::documents::{DocKind, Outcome};
use crate::storage::Result;
use crate::storage::search::push_grams;

impl Demo<'_> {
    /// Everything after the decision of `case`; every 文号 is added to `grams`.
    pub(super) fn decided(
        &mut self,
        tx: &Transaction<'_>,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
        grams: &mut String,
    ) -> Result<()> {
        self.notice(ins, case, grams)?;
        let (doc_no, dec_id, methods) = self.decision(tx, ins, case)?;
        push_grams(grams, &doc_no);
        let delivered = self.delivery(ins, case, &doc_no)?;
        self.follow_ups(ins, case, &methods, grams)?;
        self.review(ins, case, delivered, dec_id, &methods, grams)
    }

    /// 问责: the notice first (its own 文号, dated before the decision), and
    /// the 陈述申辩 heard.
    fn notice(
        &mut self,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
        grams: &mut String,
    ) -> Result<()> {
        let decided = case.decided;
        let notice_on = decided
            .checked_sub(jiff::Span::new().days(12))
            .unwrap_or(decided)
            .max(case.received);
        if case.outcome == "问责" && notice_on < decided {
            let (nseq, notice_no) = self.next_no(notice_on.year());
            ins.no_dated.execute(params![
                self.code,
                notice_on.year(),
                nseq,
                notice_no,
                case.case_id,
                DocKind::Notice.key(),
                notice_on.to_string()
            ])?;
            push_grams(grams, &notice_no);
            if self.rng.u8(..3) == 0 {
                let (content, adopted) = STATEMENTS[self.rng.usize(..STATEMENTS.len())];
                let heard = notice_on
                    .checked_add(jiff::Span::new().days(4))
                    .unwrap_or(notice_on)
                    .min(decided);
                ins.stmt.execute(params![
                    case.case_id,
                    case.resp_id,
                    heard.to_string(),
                    content,
                    adopted
                ])?;
            }
        }
        Ok(())
    }

    /// The decision: one method of the level's recommendation, occasionally
    /// two; 其他问责方式 with the clerk's measure. Returns its 文号, id and
    /// methods (JSON).
    fn decision(
        &mut self,
        tx: &Transaction<'_>,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
    ) -> Result<(String, i64, String)> {
        let decided = case.decided;
        let outcome = case.outcome;
        let dyear = decided.year();
        let (dseq, doc_no) = self.next_no(dyear);
        ins.no.execute(params![
            self.code,
            dyear,
            dseq,
            doc_no,
            case.case_id,
            outcome
        ])?;
        let level_methods: Vec<&str> = case
            .level
            .map(|l| l.methods.iter().map(|m| m.get_ref().as_str()).collect())
            .unwrap_or_default();
        let mut chosen: Vec<&str> = Vec::new();
        if outcome == "问责" && !level_methods.is_empty() {
            let first = self.rng.usize(..level_methods.len());
            chosen.push(level_methods[first]);
            if level_methods.len() > 1 && self.rng.u8(..8) == 0 {
                let second = (first + 1) % level_methods.len();
                chosen.push(level_methods[second]);
            }
            if let Some(far) = outlier(self.regulations, case, &level_methods) {
                chosen = vec![far];
            }
        }
        let measures: Vec<&str> = if chosen.contains(&"其他问责方式") {
            vec!["责令参加执法规范化培训并作出书面整改报告"]
        } else {
            Vec::new()
        };
        let methods = crate::storage::convert::json_of(&chosen)?;
        let measures = crate::storage::convert::json_of(&measures)?;
        ins.dec.execute(params![
            case.case_id,
            case.resp_id,
            outcome,
            doc_no,
            methods,
            measures,
            case.beh_id,
            decided.to_string(),
            "审核人",
            Option::<i64>::None
        ])?;
        let dec_id = tx.last_insert_rowid();
        Ok((doc_no, dec_id, methods))
    }

    /// Delivery of the outcome's document, with its 送达回证; returns the
    /// day it was delivered.
    fn delivery(
        &mut self,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
        doc_no: &str,
    ) -> Result<jiff::civil::Date> {
        let decided = case.decided;
        let rng = &mut self.rng;
        let delivered = decided
            .checked_add(jiff::Span::new().days(1 + rng.i64(0..3)))
            .unwrap_or(decided)
            .min(case.last_day);
        let title = Outcome::parse(case.outcome)
            .map(|o| DocKind::for_outcome(o).label())
            .unwrap_or("决定书");
        let witness_case = rng.u8(..20) == 0;
        ins.del.execute(params![
            case.case_id,
            delivered.to_string(),
            if witness_case {
                "留置送达"
            } else {
                "直接送达"
            },
            case.pname,
            "",
            if witness_case {
                "本单位工作人员周文博"
            } else {
                ""
            },
            format!("{title}（{doc_no}）一份"),
            format!("本局{}办公室", case.unit),
            format!("{}时{:02}分", 9 + rng.u8(..8), rng.u8(..4) * 15),
            CLERKS[rng.usize(..2)],
            format!("{}、{}", CLERKS[2], CLERKS[3]),
            decided.to_string()
        ])?;
        Ok(delivered)
    }

    /// The 影响期 of a 诫勉, or a 容错免责's 纠错 with its 纠错通知书.
    fn follow_ups(
        &mut self,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
        methods: &str,
        grams: &mut String,
    ) -> Result<()> {
        let decided = case.decided;
        if case.outcome == "问责" && methods.contains("诫勉") {
            let ends = decided
                .checked_add(jiff::Span::new().months(6))
                .unwrap_or(decided);
            ins.follow.execute(params![
                case.case_id,
                case.resp_id,
                crate::domain::procedure::FollowUpKind::Ban,
                "六个月内不得提拔或者重用",
                decided.to_string(),
                ends.to_string(),
                "进行中",
                "002:19:2"
            ])?;
        }
        if case.outcome == "容错免责" {
            let ends = decided
                .checked_add(jiff::Span::new().months(1))
                .unwrap_or(decided);
            ins.follow.execute(params![
                case.case_id,
                case.resp_id,
                crate::domain::procedure::FollowUpKind::Correction,
                "限期纠正工作失误并报告整改情况",
                decided.to_string(),
                ends.to_string(),
                "进行中",
                "001:19"
            ])?;
            // 纠错通知书: its own 文号, on the day of the 认定 (第十八条).
            let dyear = decided.year();
            let (cseq, cno) = self.next_no(dyear);
            ins.no_dated.execute(params![
                self.code,
                dyear,
                cseq,
                cno,
                case.case_id,
                DocKind::Correction.key(),
                decided.to_string()
            ])?;
            push_grams(grams, &cno);
        }
        Ok(())
    }

    /// Some decisions are challenged as their regulation allows: a 000
    /// decision now and then goes to 复查 (the bureau's 复查决定 with its
    /// own 文号: mostly 维持, one in four 撤销); a 004 decision to 申诉 before
    /// 有关部门 (their answer, their number, no 文号 of ours). A 撤销 ends
    /// the person's running consequences.
    fn review(
        &mut self,
        ins: &mut Inserts<'_>,
        case: &DecidedCase<'_>,
        delivered: jiff::civil::Date,
        dec_id: i64,
        _methods: &str,
        grams: &mut String,
    ) -> Result<()> {
        use crate::domain::procedure::{RemedyKind, RemedyOutcome};
        // The same draws as before (only 000 问责 decisions draw), so a seed
        // gives the same register apart from the remedies themselves.
        let kind = if case.outcome == "问责" && case.reg == "000" && self.rng.u8(..20) == 0 {
            RemedyKind::Review
        } else if case.outcome == "问责" && case.reg == "004" && case.case_id % 17 == 0 {
            RemedyKind::Appeal
        } else {
            return Ok(());
        };
        let outcome = if case.case_id % 4 == 1 {
            RemedyOutcome::Revoke
        } else {
            RemedyOutcome::Uphold
        };
        let decided = case.decided;
        let applied = delivered
            .checked_add(jiff::Span::new().days(7))
            .unwrap_or(delivered)
            .min(case.last_day);
        let rdate = decided
            .checked_add(jiff::Span::new().days(25))
            .unwrap_or(decided)
            .min(case.last_day)
            .max(applied);
        let (answer_no, body) = match kind {
            RemedyKind::Review => {
                let ryear = rdate.year();
                let (rseq, rdoc) = self.next_no(ryear);
                ins.no.execute(params![
                    self.code,
                    ryear,
                    rseq,
                    rdoc,
                    case.case_id,
                    crate::domain::procedure::DecisionKind::Review
                ])?;
                push_grams(grams, &rdoc);
                (rdoc, String::new())
            }
            RemedyKind::Appeal => (
                format!("保环申〔{}〕{}号", rdate.year(), case.case_id % 97 + 1),
                "保定市生态环境局".to_owned(),
            ),
        };
        let (grounds, reason) = match outcome {
            RemedyOutcome::Revoke => (
                "所涉事项已按期办结，有办结记录为证。",
                "经核查，申请人所述属实，原决定认定的事实不能成立。",
            ),
            _ => (
                "申请人认为处理过重。",
                "原决定认定事实清楚，证据确实充分，适用依据正确，程序合法，处理适当。申请人提出的理由不能成立。",
            ),
        };
        ins.review.execute(params![
            case.case_id,
            dec_id,
            kind,
            applied.to_string(),
            grounds,
            outcome,
            case.resp_id,
            body,
            rdate.to_string(),
            reason,
            answer_no
        ])?;
        if outcome == RemedyOutcome::Revoke {
            ins.end_bans.execute(params![
                format!("因{kind}撤销而终止"),
                rdate.to_string(),
                case.resp_id
            ])?;
        }
        Ok(())
    }
}

/// Now and then (about one 问责 decision in twenty, by case number: no draw,
/// so a seed's sequence stays) a decision two steps or more outside its
/// level's methods in the regulation's `[[methods]]` order — heavier for
/// some cases, lighter for others where the order allows — the outliers
/// 类案参考 warns of and 统计分析's 类案一致性 names.
fn outlier<'r>(
    regulations: &'r crate::rules::RegulationSet,
    case: &DecidedCase<'_>,
    level_methods: &[&str],
) -> Option<&'r str> {
    let heavier = match case.case_id % 41 {
        3 => true,
        23 => false,
        _ => return None,
    };
    // Methods any serving individual may be given (not 聘用人员's 解聘, not
    // a unit's), in the file's order.
    let order: Vec<&str> = regulations
        .get(case.reg)?
        .methods
        .iter()
        .filter(|m| m.for_kind("个人") && m.statuses.is_empty())
        .map(|m| m.id.get_ref().as_str())
        .filter(|m| *m != "其他问责方式")
        .collect();
    let places: Vec<usize> = level_methods
        .iter()
        .filter_map(|m| order.iter().position(|o| o == m))
        .collect();
    let (lo, hi) = (places.iter().min()?, places.iter().max()?);
    let above = order.get(hi + 2).copied();
    let below = lo.checked_sub(2).and_then(|i| order.get(i).copied());
    if heavier {
        above.or(below)
    } else {
        below.or(above)
    }
}
