//! A regulation as data (`assets/regulations/*.toml`, format in
//! docs/regulation-format.md): the verbatim articles and the structured items
//! that point back into them.
//!
//! This file depends only on `serde` and `toml`, so that `build.rs` can
//! include it to reject a broken bundled file at compile time.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

// ------------------------------------------------------------------ types

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub regulation: Meta,
    #[serde(default)]
    pub articles: Vec<Article>,
    #[serde(default)]
    pub behaviours: Vec<Behaviour>,
    #[serde(default)]
    pub methods: Vec<Method>,
    #[serde(default)]
    pub factors: Vec<Factor>,
    #[serde(default)]
    pub severity_levels: Vec<SeverityLevel>,
    #[serde(default)]
    pub consequences: Vec<Consequence>,
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    #[serde(default)]
    pub unit_rules: Vec<UnitRule>,
    #[serde(default)]
    pub routing: Vec<Routing>,
    #[serde(default)]
    pub joint: Option<Joint>,
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// What the text says for a respondent of a given status (借调、聘用、调离…).
    #[serde(default)]
    pub status_rules: Vec<StatusRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub issuer: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub issued: Option<String>,
    #[serde(default)]
    pub effective: Option<String>,
    #[serde(default)]
    pub effective_text: String,
    /// The article that sets the effective date (flags conduct before it).
    #[serde(default)]
    pub effective_cite: CiteRef,
    /// Kinds of respondent the text allows besides 个人 ("单位", "领导班子").
    #[serde(default)]
    pub respondent_kinds: Vec<String>,
    /// The article that allows them.
    #[serde(default)]
    pub respondent_kinds_cite: CiteRef,
    pub numbering: Numbering,
    #[serde(default)]
    pub overlay: bool,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub preamble: String,
    /// "复查", "申诉" or "".
    #[serde(default)]
    pub remedy: String,
    #[serde(default)]
    pub remedy_body: String,
    #[serde(default)]
    pub remedy_cite: CiteRef,
    #[serde(default)]
    pub remedy_deadline: String,
    #[serde(default)]
    pub hearing_cite: CiteRef,
    #[serde(default)]
    pub decider: String,
    #[serde(default)]
    pub decider_cite: CiteRef,
    /// The article requiring the periodic report on accountability work
    /// (002 第二十条: 每半年分析一次问责工作情况); the 统计分析 report cites it.
    #[serde(default)]
    pub report_cite: CiteRef,
    /// Methods too light to count toward the `[[unit_rules]]` (000 第八条(二)
    /// counts people "受通报批评以上处理": these are the ones below 通报批评,
    /// including other regulations' names for them, since a unit's year spans
    /// decisions under every regulation).
    #[serde(default)]
    pub unit_count_below: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// 第一条、第二条…
    Article,
    /// 一、二、…
    Ordinal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub no: Spanned<u32>,
    #[serde(default)]
    pub chapter: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub text: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// An item (项), possibly with sub-items (目).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Plain(String),
    Nested {
        text: String,
        #[serde(default)]
        subitems: Vec<String>,
    },
}

impl Item {
    pub fn text(&self) -> &str {
        match self {
            Item::Plain(t) | Item::Nested { text: t, .. } => t,
        }
    }
    pub fn subitems(&self) -> &[String] {
        match self {
            Item::Plain(_) => &[],
            Item::Nested { subitems, .. } => subitems,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub id: Spanned<String>,
    pub cite: CiteRef,
    pub label: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: Spanned<String>,
    pub group: String,
    pub cite: CiteRef,
    pub weight: u32,
    #[serde(default)]
    pub light: bool,
    #[serde(default = "yes")]
    pub combinable: bool,
    /// The article that says the method stands alone (004 第十条第二款).
    #[serde(default)]
    pub combinable_cite: CiteRef,
    /// Respondent kinds this method applies to ("个人", "单位", "领导班子");
    /// empty = 个人 only.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Respondent statuses this method is limited to (e.g. 聘用); empty = any.
    #[serde(default)]
    pub statuses: Vec<String>,
}

impl Method {
    /// Whether the method applies to a respondent of this kind ("个人" …).
    pub fn for_kind(&self, kind: &str) -> bool {
        if self.kinds.is_empty() {
            kind == "个人"
        } else {
            self.kinds.iter().any(|k| k == kind)
        }
    }
}

fn yes() -> bool {
    true
}

/// What a factor does to the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Effect {
    #[serde(rename = "从重")]
    Heavier,
    #[serde(rename = "加重")]
    Aggravate,
    #[serde(rename = "从严")]
    Strict,
    #[serde(rename = "从轻")]
    Lighter,
    #[serde(rename = "减轻")]
    Mitigate,
    #[serde(rename = "免责")]
    Exempt,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::Heavier => "从重",
            Effect::Aggravate => "加重",
            Effect::Strict => "从严",
            Effect::Lighter => "从轻",
            Effect::Mitigate => "减轻",
            Effect::Exempt => "免责",
        }
    }
    /// 从重 / 加重 / 从严 push the outcome up.
    pub fn is_aggravating(self) -> bool {
        matches!(self, Effect::Heavier | Effect::Aggravate | Effect::Strict)
    }
}

/// Register-driven factors the engine finds by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoRule {
    /// A decision against the respondent within 12 months before this case.
    RepeatWithinYear,
    /// At least one earlier decision in the same calendar year (this makes two).
    #[serde(rename = "count_in_year_2")]
    CountInYear2,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub id: Spanned<String>,
    pub cite: CiteRef,
    pub effects: Vec<Effect>,
    pub mandatory: bool,
    pub label: String,
    #[serde(default)]
    pub auto: Option<AutoRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub id: Spanned<String>,
    pub order: u32,
    pub cite: CiteRef,
    pub methods: Vec<Spanned<String>>,
    #[serde(default)]
    pub methods_if_impact: Vec<Spanned<String>>,
    #[serde(default)]
    pub consequences: Vec<Spanned<String>>,
    /// Consequences that follow only when the level's impact clause holds
    /// (000 第七条第（二）项: 造成不良影响和后果的 … 一年内不得晋升职务).
    #[serde(default)]
    pub consequences_if_impact: Vec<Spanned<String>>,
    /// Wenze's reading of the level's text (shown as an editorial note).
    #[serde(default)]
    pub note: String,
    /// The same when the level's impact clause holds.
    #[serde(default)]
    pub note_if_impact: String,
    #[serde(default)]
    pub editorial: bool,
}

/// A fact of the case a consequence can hang on (000 第八条第（四）项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// 造成严重影响和后果.
    SeriousImpact,
    /// 在日常考核和年终考评中扣分.
    AppraisalDeduction,
    /// 被（自治区绩效办）通报批评.
    CirculatedCriticism,
}

/// What the text says about a respondent of a status (000 第八条第（一）项,
/// 002 第九条第三款, 003 第十四条第（二）项).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// Statuses it applies to (在职 / 调离 / 退休 / 借调 / 聘用).
    pub statuses: Vec<String>,
    pub cite: CiteRef,
    /// The statement, paraphrasing the cited text.
    pub label: String,
    /// Only at these 情节 levels (empty = any).
    #[serde(default)]
    pub levels: Vec<String>,
    /// Methods the text gives for this case (replacing the level's).
    #[serde(default)]
    pub methods: Vec<Spanned<String>>,
}

/// One step of 纠错 (001 第十八至二十条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionStep {
    pub cite: CiteRef,
    /// Who acts.
    pub by: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsequenceKind {
    NoPromotion,
    NoAwards,
    BonusDeduction,
    Appraisal,
    NoLeadership,
    UnitNoAwards,
    Other,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consequence {
    pub id: Spanned<String>,
    pub cite: CiteRef,
    pub kind: ConsequenceKind,
    #[serde(default)]
    pub months: u32,
    #[serde(default)]
    pub percent: u32,
    #[serde(default)]
    pub methods: Vec<Spanned<String>>,
    #[serde(default)]
    pub any_decision: bool,
    pub label: String,
    /// The concrete measure within a broad method (002: 组织调整或者组织处理 → 降职).
    #[serde(default)]
    pub measure: Option<String>,
    /// Facts of the case that trigger it (any of them).
    #[serde(default)]
    pub when: Vec<Fact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineFrom {
    Received,
    InvestigationStart,
    Decision,
    Delivery,
    ToleranceDecision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Days,
    WorkingDays,
    Months,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: Spanned<String>,
    pub cite: CiteRef,
    pub label: String,
    pub from: DeadlineFrom,
    pub unit: PeriodUnit,
    pub count: u32,
    #[serde(default)]
    pub extend_count: u32,
    /// "" when there is no extension.
    #[serde(default = "empty_spanned")]
    pub extend_unit: Spanned<String>,
    #[serde(default)]
    pub extend_cite: CiteRef,
}

impl Deadline {
    /// The extension's unit, when the deadline can be extended.
    pub fn extension_unit(&self) -> Option<PeriodUnit> {
        match self.extend_unit.get_ref().as_str() {
            "days" => Some(PeriodUnit::Days),
            "working_days" => Some(PeriodUnit::WorkingDays),
            "months" => Some(PeriodUnit::Months),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRule {
    pub cite: CiteRef,
    pub min_count: u32,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    #[serde(default)]
    pub ranks: Vec<String>,
    /// Only for respondents of these statuses (e.g. 聘用); empty = any.
    #[serde(default)]
    pub statuses: Vec<String>,
    #[serde(default)]
    pub approve_start: String,
    pub investigator: String,
    pub decider: String,
    #[serde(default)]
    pub cites: Vec<CiteRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Joint {
    pub cite: CiteRef,
    #[serde(default)]
    pub dissent_exempt: bool,
    #[serde(default)]
    pub by_fault: bool,
    #[serde(default)]
    pub heads_cite: CiteRef,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labeled {
    pub id: Spanned<String>,
    pub cite: CiteRef,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    pub cite: CiteRef,
    pub effects: Vec<Effect>,
    pub exempt_cite: CiteRef,
    #[serde(default)]
    pub notify_deadline: String,
    #[serde(default)]
    pub correction_cite: CiteRef,
    #[serde(default)]
    pub excluded_cite: CiteRef,
    #[serde(default)]
    pub situations: Vec<Labeled>,
    #[serde(default)]
    pub conditions: Vec<Labeled>,
    #[serde(default)]
    pub duty_done: Vec<Labeled>,
    /// Cases excluded from 容错 (001 第十七条).
    #[serde(default)]
    pub exclusions: Vec<Labeled>,
    /// 纠错 steps after a 容错免责 / 尽职免责 outcome (001 第十八至二十条).
    #[serde(default)]
    pub correction: Vec<CorrectionStep>,
}

// ------------------------------------------------------------------ citations

/// A citation as written in the file (`"14:2(3)"`), with where it was written.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct CiteRef(pub Spanned<String>);

impl Default for CiteRef {
    fn default() -> Self {
        CiteRef(empty_spanned())
    }
}

fn empty_spanned() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

impl CiteRef {
    pub fn raw(&self) -> &str {
        self.0.get_ref()
    }
    pub fn is_empty(&self) -> bool {
        self.raw().is_empty()
    }
    pub fn parse(&self) -> Result<Cite, String> {
        Cite::parse(self.raw())
    }
}

/// 第X条第Y款第（Z）项第W目.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cite {
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
    pub sub: Option<u32>,
}

impl Cite {
    /// Parse `art[:para][(item)[sub]]`.
    pub fn parse(s: &str) -> Result<Cite, String> {
        let bad = || format!("引用“{s}”格式不对（应如 9、19:2、3(1)、14:2(3)、14(1)3）");
        let (head, rest) = match s.find('(') {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let (art, para) = match head.split_once(':') {
            Some((a, p)) => (a, Some(p)),
            None => (head, None),
        };
        let num = |t: &str| -> Result<u32, String> {
            match t.parse::<u32>() {
                Ok(n) if n > 0 && t.chars().all(|c| c.is_ascii_digit()) => Ok(n),
                _ => Err(bad()),
            }
        };
        let article = num(art)?;
        let paragraph = para.map(num).transpose()?;
        let (item, sub) = match rest {
            None => (None, None),
            Some(r) => {
                let (i, after) = r.split_once(')').ok_or_else(bad)?;
                let sub = if after.is_empty() {
                    None
                } else {
                    Some(num(after)?)
                };
                (Some(num(i)?), sub)
            }
        };
        Ok(Cite {
            article,
            paragraph,
            item,
            sub,
        })
    }
}

impl fmt::Display for Cite {
    /// Chinese form: 第十四条第二款第（三）项第1目.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}条", chinese_number(self.article))?;
        if let Some(p) = self.paragraph {
            write!(f, "第{}款", chinese_number(p))?;
        }
        if let Some(i) = self.item {
            write!(f, "第（{}）项", chinese_number(i))?;
        }
        if let Some(s) = self.sub {
            write!(f, "第{s}目")?;
        }
        Ok(())
    }
}

/// 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 26 → 二十六 (1–999).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |k: u32| DIGITS[(k % 10) as usize];
    match n {
        0..=9 => d(n).to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { d(n) }),
        20..=99 => format!(
            "{}十{}",
            d(n / 10),
            if n.is_multiple_of(10) { "" } else { d(n) }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", d(rest)),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", d(n / 100))
        }
        _ => n.to_string(),
    }
}

// ------------------------------------------------------------------ text

impl Regulation {
    pub fn id(&self) -> &str {
        &self.regulation.id
    }

    pub fn article(&self, no: u32) -> Option<&Article> {
        self.articles.iter().find(|a| *a.no.get_ref() == no)
    }

    /// The verbatim text a citation points at, or `None` if it does not resolve.
    pub fn cite_text(&self, cite: &Cite) -> Option<String> {
        let article = self.article(cite.article)?;
        let paragraphs: Vec<&Paragraph> = match cite.paragraph {
            None if cite.item.is_none() => article.paragraphs.iter().collect(),
            None => vec![article.paragraphs.first()?],
            Some(p) => vec![article.paragraphs.get(p.checked_sub(1)? as usize)?],
        };
        let Some(item_no) = cite.item else {
            return Some(
                paragraphs
                    .iter()
                    .map(|p| render_paragraph(p))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        };
        let item = paragraphs
            .first()?
            .items
            .get(item_no.checked_sub(1)? as usize)?;
        match cite.sub {
            None => Some(render_item(item_no, item)),
            Some(s) => item
                .subitems()
                .get(s.checked_sub(1)? as usize)
                .map(|t| format!("{s}. {t}")),
        }
    }

    /// The whole article, items labelled, paragraphs on their own lines.
    pub fn article_text(&self, no: u32) -> Option<String> {
        self.cite_text(&Cite {
            article: no,
            paragraph: None,
            item: None,
            sub: None,
        })
    }

    /// Every citation in the file, with the field it came from.
    pub fn all_cites(&self) -> Vec<(&'static str, &CiteRef)> {
        let mut out: Vec<(&'static str, &CiteRef)> = Vec::new();
        let m = &self.regulation;
        for (field, c) in [
            ("remedy_cite", &m.remedy_cite),
            ("hearing_cite", &m.hearing_cite),
            ("decider_cite", &m.decider_cite),
            ("effective_cite", &m.effective_cite),
            ("respondent_kinds_cite", &m.respondent_kinds_cite),
            ("report_cite", &m.report_cite),
        ] {
            if !c.is_empty() {
                out.push((field, c));
            }
        }
        out.extend(self.behaviours.iter().map(|x| ("behaviours", &x.cite)));
        for x in &self.methods {
            out.push(("methods", &x.cite));
            if !x.combinable_cite.is_empty() {
                out.push(("methods.combinable_cite", &x.combinable_cite));
            }
        }
        out.extend(self.factors.iter().map(|x| ("factors", &x.cite)));
        out.extend(
            self.severity_levels
                .iter()
                .map(|x| ("severity_levels", &x.cite)),
        );
        out.extend(self.consequences.iter().map(|x| ("consequences", &x.cite)));
        for d in &self.deadlines {
            out.push(("deadlines", &d.cite));
            if !d.extend_cite.is_empty() {
                out.push(("deadlines.extend_cite", &d.extend_cite));
            }
        }
        out.extend(self.unit_rules.iter().map(|x| ("unit_rules", &x.cite)));
        for r in &self.routing {
            out.extend(r.cites.iter().map(|c| ("routing", c)));
        }
        if let Some(j) = &self.joint {
            out.push(("joint", &j.cite));
            if !j.heads_cite.is_empty() {
                out.push(("joint.heads_cite", &j.heads_cite));
            }
        }
        if let Some(t) = &self.tolerance {
            out.push(("tolerance", &t.cite));
            out.push(("tolerance.exempt_cite", &t.exempt_cite));
            for c in [&t.correction_cite, &t.excluded_cite] {
                if !c.is_empty() {
                    out.push(("tolerance", c));
                }
            }
            for list in [&t.situations, &t.conditions, &t.duty_done, &t.exclusions] {
                out.extend(list.iter().map(|x| ("tolerance", &x.cite)));
            }
            out.extend(
                t.correction
                    .iter()
                    .map(|x| ("tolerance.correction", &x.cite)),
            );
        }
        out.extend(self.status_rules.iter().map(|x| ("status_rules", &x.cite)));
        out
    }

    pub fn method(&self, id: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.id.get_ref() == id)
    }
    pub fn factor(&self, id: &str) -> Option<&Factor> {
        self.factors.iter().find(|m| m.id.get_ref() == id)
    }
    pub fn behaviour(&self, id: &str) -> Option<&Behaviour> {
        self.behaviours.iter().find(|m| m.id.get_ref() == id)
    }
    pub fn consequence(&self, id: &str) -> Option<&Consequence> {
        self.consequences.iter().find(|m| m.id.get_ref() == id)
    }
    pub fn deadline(&self, id: &str) -> Option<&Deadline> {
        self.deadlines.iter().find(|m| m.id.get_ref() == id)
    }

    /// The label of a selected item (selection kind as the register stores it).
    pub fn item_label(&self, kind: &str, id: &str) -> Option<String> {
        let tol = |pick: fn(&Tolerance) -> &Vec<Labeled>| {
            self.tolerance
                .as_ref()
                .and_then(|t| pick(t).iter().find(|x| x.id.get_ref() == id))
                .map(|x| x.label.clone())
        };
        match kind {
            "behaviour" => self.behaviour(id).map(|b| b.label.clone()),
            "factor" | "overlay_factor" => self.factor(id).map(|f| f.label.clone()),
            "tolerance_situation" => tol(|t| &t.situations),
            "tolerance_condition" => tol(|t| &t.conditions),
            "duty_done" => tol(|t| &t.duty_done),
            "tolerance_exclusion" => tol(|t| &t.exclusions),
            _ => None,
        }
    }
}

fn render_item(no: u32, item: &Item) -> String {
    let mut s = format!("（{}）{}", chinese_number(no), item.text());
    for (i, sub) in item.subitems().iter().enumerate() {
        s.push_str(&format!("\n{}. {}", i + 1, sub));
    }
    s
}

fn render_paragraph(p: &Paragraph) -> String {
    let mut s = p.text.clone();
    for (i, item) in p.items.iter().enumerate() {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&render_item(i as u32 + 1, item));
    }
    s
}

// ------------------------------------------------------------------ loading and checking

/// One problem found in a regulation file, in Chinese, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "第 {l} 行：{}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// Parse a file and check it. `Err` holds every problem found.
/// Respondent statuses a regulation file may name (labels of the engine's
/// `RespondentStatus`).
pub const STATUSES: [&str; 5] = ["在职", "调离", "退休", "借调", "聘用"];
/// Respondent kinds a regulation file may name (labels of `RespondentKind`).
pub const KINDS: [&str; 3] = ["个人", "单位", "领导班子"];

pub fn load(source: &str) -> Result<Regulation, Vec<Problem>> {
    let reg: Regulation = toml::from_str(source).map_err(|e| {
        vec![Problem {
            line: e.span().map(|s| line_of(source, s.start)),
            message: format!("格式错误：{}", e.message()),
        }]
    })?;
    let problems = check(&reg, source);
    if problems.is_empty() {
        Ok(reg)
    } else {
        Err(problems)
    }
}

/// Every consistency problem of a parsed file.
pub fn check(reg: &Regulation, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| Some(line_of(source, span.start));
    let mut push = |line: Option<usize>, message: String| problems.push(Problem { line, message });

    let m = &reg.regulation;
    for (field, value) in [
        ("id", &m.id),
        ("name", &m.name),
        ("short_name", &m.short_name),
        ("issuer", &m.issuer),
    ] {
        if value.trim().is_empty() {
            push(None, format!("[regulation] 缺少 {field}"));
        }
    }
    for (field, value) in [("issued", &m.issued), ("effective", &m.effective)] {
        if let Some(v) = value
            && !is_iso_date(v)
        {
            push(
                None,
                format!("[regulation] {field} 应为 YYYY-MM-DD 格式的日期，现为“{v}”"),
            );
        }
    }
    if !["", "复查", "申诉"].contains(&m.remedy.as_str()) {
        push(
            None,
            format!(
                "[regulation] remedy 只能是“复查”“申诉”或空，现为“{}”",
                m.remedy
            ),
        );
    }

    // Articles: 1..n, each with text.
    if reg.articles.is_empty() {
        push(None, "没有条文（[[articles]]）".to_owned());
    }
    for (i, a) in reg.articles.iter().enumerate() {
        let expected = i as u32 + 1;
        if *a.no.get_ref() != expected {
            push(
                at(a.no.span()),
                format!(
                    "条文编号应为 {expected}（按顺序、无缺号），现为 {}",
                    a.no.get_ref()
                ),
            );
        }
        if a.paragraphs.is_empty()
            || a.paragraphs
                .iter()
                .all(|p| p.text.trim().is_empty() && p.items.is_empty())
        {
            push(
                at(a.no.span()),
                format!("第{}条没有条文内容", chinese_number(*a.no.get_ref())),
            );
        }
    }

    // Citations resolve.
    for (field, c) in reg.all_cites() {
        let line = at(c.0.span());
        match c.parse() {
            Err(e) => push(line, format!("{field}：{e}")),
            Ok(cite) => {
                if reg.cite_text(&cite).is_none() {
                    push(
                        line,
                        format!("{field}：引用 {}（{}）在条文中不存在", c.raw(), cite),
                    );
                }
            }
        }
    }

    // Ids unique across the file.
    let mut seen: HashSet<&str> = HashSet::new();
    let ids = reg
        .behaviours
        .iter()
        .map(|x| &x.id)
        .chain(reg.factors.iter().map(|x| &x.id))
        .chain(reg.severity_levels.iter().map(|x| &x.id))
        .chain(reg.consequences.iter().map(|x| &x.id))
        .chain(reg.deadlines.iter().map(|x| &x.id))
        .chain(reg.tolerance.iter().flat_map(|t| {
            t.situations
                .iter()
                .chain(&t.conditions)
                .chain(&t.duty_done)
                .chain(&t.exclusions)
                .map(|x| &x.id)
        }));
    for id in ids {
        if id.get_ref().is_empty() {
            push(at(id.span()), "id 不能为空".to_owned());
        } else if !seen.insert(id.get_ref()) {
            push(at(id.span()), format!("id“{}”重复", id.get_ref()));
        }
    }
    let mut method_ids: HashSet<&str> = HashSet::new();
    for mth in &reg.methods {
        if !method_ids.insert(mth.id.get_ref()) {
            push(
                at(mth.id.span()),
                format!("问责方式“{}”重复", mth.id.get_ref()),
            );
        }
    }

    // References between items.
    for level in &reg.severity_levels {
        for mid in level.methods.iter().chain(&level.methods_if_impact) {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!(
                        "情节“{}”引用了不存在的问责方式“{}”",
                        level.id.get_ref(),
                        mid.get_ref()
                    ),
                );
            }
        }
        for cid in level
            .consequences
            .iter()
            .chain(&level.consequences_if_impact)
        {
            if reg.consequence(cid.get_ref()).is_none() {
                push(
                    at(cid.span()),
                    format!(
                        "情节“{}”引用了不存在的后果“{}”",
                        level.id.get_ref(),
                        cid.get_ref()
                    ),
                );
            }
        }
    }
    let orders: BTreeSet<u32> = reg.severity_levels.iter().map(|l| l.order).collect();
    if orders.len() != reg.severity_levels.len()
        || orders
            .iter()
            .copied()
            .ne(1..=reg.severity_levels.len() as u32)
    {
        push(None, "情节等级的 order 应从 1 起连续且不重复".to_owned());
    }
    for c in &reg.consequences {
        for mid in &c.methods {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!(
                        "后果“{}”引用了不存在的问责方式“{}”",
                        c.id.get_ref(),
                        mid.get_ref()
                    ),
                );
            }
        }
    }
    for rule in &reg.status_rules {
        for st in &rule.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    at(rule.cite.0.span()),
                    format!("status_rules：身份“{st}”不在 {} 之内", STATUSES.join("、")),
                );
            }
        }
        for mid in &rule.methods {
            if reg.method(mid.get_ref()).is_none() {
                push(
                    at(mid.span()),
                    format!("status_rules 引用了不存在的问责方式“{}”", mid.get_ref()),
                );
            }
        }
    }
    for mth in &reg.methods {
        for k in &mth.kinds {
            if !KINDS.contains(&k.as_str()) {
                push(
                    at(mth.id.span()),
                    format!(
                        "问责方式“{}”的 kinds“{k}”不在 {} 之内",
                        mth.id.get_ref(),
                        KINDS.join("、")
                    ),
                );
            }
        }
        for st in &mth.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    at(mth.id.span()),
                    format!(
                        "问责方式“{}”的 statuses“{st}”不在 {} 之内",
                        mth.id.get_ref(),
                        STATUSES.join("、")
                    ),
                );
            }
        }
    }
    for route in &reg.routing {
        for st in &route.statuses {
            if !STATUSES.contains(&st.as_str()) {
                push(
                    None,
                    format!(
                        "[[routing]] statuses“{st}”不在 {} 之内",
                        STATUSES.join("、")
                    ),
                );
            }
        }
    }
    for k in &m.respondent_kinds {
        if !KINDS.contains(&k.as_str()) {
            push(
                None,
                format!(
                    "[regulation] respondent_kinds“{k}”不在 {} 之内",
                    KINDS.join("、")
                ),
            );
        }
    }
    for f in &reg.factors {
        if f.effects.is_empty() {
            push(
                at(f.id.span()),
                format!("情节因素“{}”没有 effects", f.id.get_ref()),
            );
        }
    }
    for d in &reg.deadlines {
        if d.count == 0 {
            push(
                at(d.id.span()),
                format!("期限“{}”的 count 不能为 0", d.id.get_ref()),
            );
        }
        let ext = d.extend_unit.get_ref();
        if !ext.is_empty() && d.extension_unit().is_none() {
            push(
                at(d.extend_unit.span()),
                format!("extend_unit 只能是 days、working_days、months 或空，现为“{ext}”"),
            );
        }
        if d.extend_count > 0 && d.extension_unit().is_none() {
            push(
                at(d.id.span()),
                format!("期限“{}”有 extend_count 但没有 extend_unit", d.id.get_ref()),
            );
        }
    }
    for (field, id) in [("remedy_deadline", &m.remedy_deadline)].into_iter().chain(
        reg.tolerance
            .iter()
            .map(|t| ("tolerance.notify_deadline", &t.notify_deadline)),
    ) {
        if !id.is_empty() && reg.deadline(id).is_none() {
            push(None, format!("{field} 引用了不存在的期限“{id}”"));
        }
    }
    if reg.tolerance.is_some() && !m.overlay {
        push(
            None,
            "[tolerance] 只用于容错纠错类（overlay = true）的规定".to_owned(),
        );
    }
    problems
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

/// A plain-text description: metadata, every article, then the structured items.
pub fn describe(reg: &Regulation) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let m = &reg.regulation;
    let _ = writeln!(s, "{}（{}）", m.name, m.id);
    let _ = writeln!(s, "制定机关：{}", m.issuer);
    if !m.doc_number.is_empty() {
        let _ = writeln!(s, "文号：{}", m.doc_number);
    }
    if let Some(e) = &m.effective {
        let _ = writeln!(s, "施行日期：{e}");
    }
    if !m.effective_text.is_empty() {
        let _ = writeln!(s, "施行条款：{}", m.effective_text);
    }
    s.push('\n');
    let mut chapter: Option<&str> = None;
    for a in &reg.articles {
        if let Some(c) = a.chapter.as_deref()
            && chapter != Some(c)
        {
            let _ = writeln!(s, "{c}");
            chapter = Some(c);
        }
        let no = *a.no.get_ref();
        let label = match m.numbering {
            Numbering::Article => format!("第{}条 ", chinese_number(no)),
            Numbering::Ordinal => format!("{}、", chinese_number(no)),
        };
        let _ = writeln!(s, "{label}{}", reg.article_text(no).unwrap_or_default());
    }
    let cite = |c: &CiteRef| {
        c.parse()
            .map(|c| c.to_string())
            .unwrap_or_else(|_| c.raw().to_owned())
    };
    let mut section = |title: &str, rows: Vec<String>| {
        if !rows.is_empty() {
            let _ = writeln!(s, "\n【{title}】");
            for r in rows {
                let _ = writeln!(s, "  {r}");
            }
        }
    };
    section(
        "问责情形",
        reg.behaviours
            .iter()
            .map(|b| format!("{}\t{}\t{}", b.id.get_ref(), cite(&b.cite), b.label))
            .collect(),
    );
    section(
        "问责方式",
        reg.methods
            .iter()
            .map(|x| format!("{}\t{}\t{}", x.id.get_ref(), x.group, cite(&x.cite)))
            .collect(),
    );
    section(
        "情节",
        reg.factors
            .iter()
            .map(|f| {
                let effects: Vec<&str> = f.effects.iter().map(|e| e.label()).collect();
                format!(
                    "{}\t{}\t{}{}\t{}",
                    f.id.get_ref(),
                    cite(&f.cite),
                    if f.mandatory { "应当" } else { "可以" },
                    effects.join("/"),
                    f.label
                )
            })
            .collect(),
    );
    section(
        "期限",
        reg.deadlines
            .iter()
            .map(|d| format!("{}\t{}\t{}", d.id.get_ref(), cite(&d.cite), d.label))
            .collect(),
    );
    section(
        "后果",
        reg.consequences
            .iter()
            .map(|c| format!("{}\t{}\t{}", c.id.get_ref(), cite(&c.cite), c.label))
            .collect(),
    );
    s
}
