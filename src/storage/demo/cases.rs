//! One demo case: its record, 案号, respondent, fact, the clerk's
//! selections, evidence, reporter and search text; a decided case goes on
//! to `decided.rs`.

use crate::domain::ids::CaseId;
use std::ops::Range;

use jiff::civil::Date;
use rusqlite::{CachedStatement, Transaction, params};

use super::Demo;
use super::data::{BEHAVIOURS, EVIDENCE, STAGES_OPEN, SURNAMES, UNITS};
use crate::domain::procedure::{SelectionKind, Stage};
use crate::rules::regulation::SeverityLevel;
use crate::storage::Result;
use crate::storage::search::{push_grams, push_name};

/// 2016-01-01 as days since 1970-01-01.
const START_DAY: i64 = 16_801;
/// 2026-11-16.
const END_DAY: i64 = 20_774;

/// A batch's prepared inserts.
pub(super) struct Inserts<'t> {
    case: CachedStatement<'t>,
    pub(super) no: CachedStatement<'t>,
    resp: CachedStatement<'t>,
    fact: CachedStatement<'t>,
    pub(super) dec: CachedStatement<'t>,
    pub(super) follow: CachedStatement<'t>,
    rep: CachedStatement<'t>,
    fts: CachedStatement<'t>,
    sel: CachedStatement<'t>,
    pub(super) no_dated: CachedStatement<'t>,
    ev: CachedStatement<'t>,
    pub(super) stmt: CachedStatement<'t>,
    pub(super) del: CachedStatement<'t>,
    pub(super) review: CachedStatement<'t>,
    pub(super) end_bans: CachedStatement<'t>,
}

impl<'t> Inserts<'t> {
    fn prepare(tx: &'t Transaction<'_>) -> Result<Self> {
        Ok(Inserts {
            case: tx.prepare_cached(
                "INSERT INTO cases (case_no, regulation_id, stage, clue_source, received_on, summary, decided_on,
                                    tolerance_overlay, investigation_started_on, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            no: tx.prepare_cached(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            resp: tx.prepare_cached(
                "INSERT INTO respondents (case_id, person_id, role, unit_at_time, post_at_time, rank_at_time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            fact: tx
                .prepare_cached("INSERT INTO facts (case_id, seq, text) VALUES (?1, ?2, ?3)")?,
            dec: tx.prepare_cached(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis, decided_on, approved_by, supersedes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            follow: tx.prepare_cached(
                "INSERT INTO follow_ups (case_id, respondent_id, kind, label, starts_on, ends_on, status, cite)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            rep: tx.prepare_cached(
                "INSERT INTO reporters (case_id, name, contact) VALUES (?1, ?2, ?3)",
            )?,
            fts: tx.prepare_cached("INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)")?,
            sel: tx.prepare_cached(
                "INSERT INTO selections (respondent_id, regulation_id, kind, item_id) VALUES (?1, ?2, ?3, ?4)",
            )?,
            no_dated: tx.prepare_cached(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind, issued_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            ev: tx
                .prepare_cached("INSERT INTO evidence (case_id, seq, title) VALUES (?1, ?2, ?3)")?,
            stmt: tx.prepare_cached(
                "INSERT INTO statements (case_id, respondent_id, heard_on, content, adopted) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            del: tx.prepare_cached(
                "INSERT INTO deliveries (case_id, delivered_on, method, recipient, agent, witness, note,
                                         doc_no, address, served_at, issuer, deliverer, made_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            // A 复查 (000) or 申诉 (004) answered: 维持 keeps the decision
            // in force, 撤销 takes it out of what counts (no new decision).
            review: tx.prepare_cached(
                "INSERT INTO remedies (case_id, decision_id, kind, applied_on, grounds, outcome, respondent_id,
                                       body, decided_on, reason, answer_doc_no)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            end_bans: tx.prepare_cached(
                "UPDATE follow_ups SET status = ?1, done_on = ?2
                  WHERE respondent_id = ?3 AND kind = 'ban' AND status = '进行中'",
            )?,
        })
    }
}

/// A decided case, as `decided.rs` continues it.
pub(super) struct DecidedCase<'a> {
    pub(super) case_id: i64,
    pub(super) resp_id: i64,
    pub(super) reg: &'static str,
    pub(super) beh_id: &'static str,
    pub(super) pname: &'a str,
    pub(super) unit: &'static str,
    pub(super) received: Date,
    pub(super) decided: Date,
    pub(super) last_day: Date,
    pub(super) outcome: &'static str,
    pub(super) level: Option<&'a SeverityLevel>,
}

impl<'a> Demo<'a> {
    /// Cases `range` (of `self.cases`), in one transaction.
    pub(super) fn batch(&mut self, tx: &Transaction<'_>, range: Range<usize>) -> Result<()> {
        let mut ins = Inserts::prepare(tx)?;
        for i in range {
            self.case(tx, &mut ins, i)?;
        }
        Ok(())
    }

    /// Case `i`: received on its day of the demo's ten years.
    fn case(&mut self, tx: &Transaction<'_>, ins: &mut Inserts<'_>, i: usize) -> Result<()> {
        let epoch = jiff::civil::date(1970, 1, 1);
        let (start_day, end_day) = (START_DAY, END_DAY);
        let code = self.code.clone();
        let rng = &mut self.rng;
        let day = start_day + (end_day - start_day) * i as i64 / self.cases.max(1) as i64;
        let received = epoch
            .checked_add(jiff::Span::new().days(day))
            .unwrap_or(epoch);
        let year = received.year();
        let (reg, beh_id, phrase) = BEHAVIOURS[rng.usize(..BEHAVIOURS.len())];
        let seq = self.per_year_case.entry(year).or_insert(0);
        *seq += 1;
        let case_no = format!("{code}案〔{year}〕{seq}号");
        let (pid, pname, punit) = self.persons[rng.usize(..self.persons.len())].clone();
        let unit = UNITS[punit];
        let age_days = end_day - day;
        let overlay = rng.u8(..10) == 0;
        let stage = draw_stage(rng, age_days);
        let source = crate::domain::CLUE_SOURCES[rng.usize(..crate::domain::CLUE_SOURCES.len())];
        let summary = format!("{unit}{pname}{phrase}。");
        let fact = fact_text(rng, received, &pname, phrase);
        let last_day = epoch
            .checked_add(jiff::Span::new().days(end_day))
            .unwrap_or(epoch);
        // Never a decision after the demo's last day.
        let decided = (stage == Stage::Decided).then(|| {
            received
                .checked_add(jiff::Span::new().days(20 + rng.i64(0..60)))
                .unwrap_or(received)
                .min(last_day)
        });
        let outcome_roll = rng.u8(..100);
        let outcome = match (decided, outcome_roll) {
            (None, _) => "",
            (Some(_), 0..=7) => "不予问责",
            (Some(_), 8..=11) if overlay => "容错免责",
            _ => "问责",
        };
        ins.case.execute(params![
            case_no,
            reg,
            stage,
            source,
            received.to_string(),
            summary,
            decided.map(|d| d.to_string()),
            overlay,
            received
                .checked_add(jiff::Span::new().days(3))
                .ok()
                .map(|d| d.to_string()),
            outcome
        ])?;
        let case_id = tx.last_insert_rowid();
        ins.no.execute(params![
            format!("{code}案"),
            year,
            *seq,
            case_no,
            case_id,
            "案号"
        ])?;
        let person = tx.query_row("SELECT post, rank FROM persons WHERE id = ?1", [pid], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        });
        let (post, rank) = person?;
        ins.resp.execute(params![
            case_id,
            pid,
            crate::domain::RespondentRole::Handler,
            unit,
            post,
            rank
        ])?;
        crate::storage::search::set_pinyin_key(tx, CaseId::new(case_id))?;
        let resp_id = tx.last_insert_rowid();
        ins.fact.execute(params![case_id, 1, fact])?;
        // What the clerk established: the behaviour and, once
        // investigated, the 情节 level and evidence.
        ins.sel
            .execute(params![resp_id, reg, SelectionKind::Behaviour, beh_id])?;
        let level = self.level(reg);
        self.tolerance(ins, resp_id, outcome)?;
        self.findings(ins, case_id, resp_id, reg, level, stage, source)?;
        let mut grams = String::with_capacity(512);
        push_grams(&mut grams, &case_no);
        push_grams(&mut grams, &summary);
        push_name(&mut grams, &pname);
        push_grams(&mut grams, unit);
        push_grams(&mut grams, &fact);
        if let Some(decided) = decided {
            let case = DecidedCase {
                case_id,
                resp_id,
                reg,
                beh_id,
                pname: &pname,
                unit,
                received,
                decided,
                last_day,
                outcome,
                level,
            };
            self.decided(tx, ins, &case, &mut grams)?;
            crate::storage::procedure::settle_stage(tx, CaseId::new(case_id))?;
        }
        ins.fts.execute(params![
            crate::storage::search::search_rowid(CaseId::new(case_id)),
            grams
        ])?;
        Ok(())
    }

    /// The 情节 level (the first most often), drawn for every case.
    fn level(&mut self, reg: &str) -> Option<&'a SeverityLevel> {
        let reg_data = self.regulations.get(reg);
        let level_roll = self.rng.u8(..100);
        reg_data.and_then(|r| {
            let n = r.severity_levels.len();
            let i = match level_roll {
                0..=69 => 0,
                70..=94 => 1,
                _ => 2,
            };
            r.severity_levels.get(i.min(n.saturating_sub(1)))
        })
    }

    /// A 容错免责 case's 容错 situation and every condition, as the 认定书
    /// cites them.
    fn tolerance(&mut self, ins: &mut Inserts<'_>, resp_id: i64, outcome: &str) -> Result<()> {
        if outcome == "容错免责"
            && let Some(t) = self
                .regulations
                .overlay()
                .and_then(|o| o.tolerance.as_ref())
        {
            if !t.situations.is_empty() {
                let sit = &t.situations[self.rng.usize(..t.situations.len())];
                ins.sel.execute(params![
                    resp_id,
                    "001",
                    SelectionKind::ToleranceSituation,
                    sit.id.get_ref()
                ])?;
            }
            for c in &t.conditions {
                ins.sel.execute(params![
                    resp_id,
                    "001",
                    SelectionKind::ToleranceCondition,
                    c.id.get_ref()
                ])?;
            }
        }
        Ok(())
    }
}

impl<'a> Demo<'a> {
    /// Once investigated, the 情节 level and evidence; a reporter for a
    /// case from a complaint.
    #[allow(clippy::too_many_arguments)]
    fn findings(
        &mut self,
        ins: &mut Inserts<'_>,
        case_id: i64,
        resp_id: i64,
        reg: &str,
        level: Option<&'a SeverityLevel>,
        stage: Stage,
        source: &str,
    ) -> Result<()> {
        let rng = &mut self.rng;
        let investigated = !stage.is_early();
        if investigated {
            if let Some(l) = level {
                ins.sel.execute(params![
                    resp_id,
                    reg,
                    SelectionKind::Severity,
                    l.id.get_ref()
                ])?;
            }
            for (k, e) in EVIDENCE.iter().skip(rng.usize(..3)).take(3).enumerate() {
                ins.ev.execute(params![case_id, k as i64 + 1, e])?;
            }
        }
        if source == "群众投诉核实" {
            ins.rep.execute(params![
                case_id,
                format!("{}某", SURNAMES[rng.usize(..SURNAMES.len())]),
                "138****0000"
            ])?;
        }
        Ok(())
    }
}

/// The case's stage: open when recent (or now and then), else mostly decided.
fn draw_stage(rng: &mut fastrand::Rng, age_days: i64) -> Stage {
    if age_days < 60 || rng.u8(..100) < 3 {
        STAGES_OPEN[rng.usize(..STAGES_OPEN.len())]
    } else if age_days < 120 && rng.u8(..4) == 0 {
        Stage::Investigation
    } else {
        Stage::Decided
    }
}

/// The established fact, dated the day the case was received.
fn fact_text(rng: &mut fastrand::Rng, received: Date, pname: &str, phrase: &str) -> String {
    format!(
        "{}年{}月{}日，{pname}{phrase}，{}。",
        received.year(),
        received.month(),
        received.day(),
        [
            "造成一定不良影响",
            "当事人对事实无异议",
            "已责令限期整改",
            "服务对象多次投诉"
        ][rng.usize(..4)]
    )
}
