//! 公民身份号码 (GB 11643-1999): 18 characters — 6-digit area code, 8-digit
//! birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.

use jiff::civil::Date;

/// What a valid number tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdInfo {
    pub(crate) birth: Date,
    /// 男 / 女 (from the sequence number's parity).
    pub(crate) gender: &'static str,
    pub(crate) province: &'static str,
}

/// Why a number is not valid. Messages are for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum IdError {
    #[error("身份证号码应为18位，现为{0}位")]
    Length(usize),
    #[error("身份证号码前17位应为数字，第{0}位不是数字")]
    NotDigit(usize),
    #[error("身份证号码最后一位应为数字或X")]
    LastChar,
    #[error("身份证号码的地区代码{0}不是有效的省级代码")]
    Area(String),
    #[error("身份证号码中的出生日期{0}不是真实日期")]
    Birth(String),
    #[error("身份证号码中的出生日期{0}晚于今天或早于1900年")]
    BirthRange(String),
    #[error("身份证号码校验位不符（应为{expected}，现为{found}），请核对是否录错")]
    Check { expected: char, found: char },
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// GB/T 2260 province-level codes (first two digits).
const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// The check character for the first 17 digits.
pub(crate) fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Validate a number; `today` bounds the birth date.
pub(crate) fn validate(raw: &str, today: Date) -> Result<IdInfo, IdError> {
    let s: String = raw.trim().to_uppercase();
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 18 {
        return Err(IdError::Length(chars.len()));
    }
    if let Some(i) = chars[..17].iter().position(|c| !c.is_ascii_digit()) {
        return Err(IdError::NotDigit(i + 1));
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdError::LastChar);
    }
    let b = s.as_bytes();
    let area = &s[..2];
    let province = PROVINCES
        .iter()
        .find(|(code, _)| *code == area)
        .map(|(_, name)| *name)
        .ok_or_else(|| IdError::Area(s[..6].to_owned()))?;
    let birth_text = &s[6..14];
    let (y, m, d) = (
        birth_text[..4].parse::<i16>().unwrap_or(0),
        birth_text[4..6].parse::<i8>().unwrap_or(0),
        birth_text[6..].parse::<i8>().unwrap_or(0),
    );
    let birth = Date::new(y, m, d).map_err(|_| IdError::Birth(birth_text.to_owned()))?;
    if birth > today || y < 1900 {
        return Err(IdError::BirthRange(birth_text.to_owned()));
    }
    let mut first17 = [0u8; 17];
    first17.copy_from_slice(&b[..17]);
    let expected = check_char(&first17);
    if expected != last {
        return Err(IdError::Check {
            expected,
            found: last,
        });
    }
    let gender = if (b[16] - b'0') % 2 == 1 {
        "男"
    } else {
        "女"
    };
    Ok(IdInfo {
        birth,
        gender,
        province,
    })
}
