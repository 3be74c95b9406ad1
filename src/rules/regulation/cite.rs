//! Citations: as written in a file (`"14:2(3)"`, [`CiteRef`]), parsed
//! ([`Cite`]) and rendered in Chinese (第十四条第二款第（三）项).

use std::fmt;

use serde::Deserialize;
use toml::Spanned;

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

pub(super) fn empty_spanned() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

impl CiteRef {
    pub fn raw(&self) -> &str {
        self.0.get_ref()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.raw().is_empty()
    }
    pub fn parse(&self) -> Result<Cite, String> {
        Cite::parse(self.raw())
    }
}

/// 第X条第Y款第（Z）项第W目.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cite {
    pub(crate) article: u32,
    pub(crate) paragraph: Option<u32>,
    pub(crate) item: Option<u32>,
    pub(crate) sub: Option<u32>,
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
