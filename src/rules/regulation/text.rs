//! Looking up a regulation's items and the verbatim text a citation points at.

use super::*;

impl Regulation {
    pub fn id(&self) -> &str {
        &self.regulation.id
    }

    pub(crate) fn article(&self, no: u32) -> Option<&Article> {
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
    pub(crate) fn article_text(&self, no: u32) -> Option<String> {
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
        for x in &self.severity_levels {
            out.extend(
                x.requires
                    .iter()
                    .map(|q| ("severity_levels.requires", &q.cite)),
            );
        }
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
            for c in [&t.correction_cite, &t.excluded_cite, &t.premise_cite] {
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
    pub(crate) fn factor(&self, id: &str) -> Option<&Factor> {
        self.factors.iter().find(|m| m.id.get_ref() == id)
    }
    pub(crate) fn behaviour(&self, id: &str) -> Option<&Behaviour> {
        self.behaviours.iter().find(|m| m.id.get_ref() == id)
    }
    pub(crate) fn consequence(&self, id: &str) -> Option<&Consequence> {
        self.consequences.iter().find(|m| m.id.get_ref() == id)
    }
    pub fn deadline(&self, id: &str) -> Option<&Deadline> {
        self.deadlines.iter().find(|m| m.id.get_ref() == id)
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
