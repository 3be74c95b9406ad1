//! How the register stores its closed sets: each enum is written as one
//! fixed text (its Chinese label, or for document kinds the key the
//! templates and `--doc` use) and read back through the same table. A stored
//! value the program does not know is an error with a Chinese message (a
//! register written by a newer version, or altered by hand), never a panic
//! and never a silent default.

use crate::domain::ids::{CaseId, DecisionId, DocumentId, PersonId, RespondentId};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::RespondentRole;
use crate::domain::auth::UserRole;
use crate::domain::procedure::{
    DecisionKind, DeliveryMethod, FollowUpKind, RemedyKind, RemedyOutcome, ReviewAction,
    SelectionKind, Stage,
};
use crate::export::documents::{DocKind, Outcome};

/// A stored value outside its closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownValue {
    /// What the column holds, in Chinese (e.g. 用户角色).
    pub(crate) what: &'static str,
    pub(crate) value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "数据库中的{}“{}”无法识别（可能由更新版本的本软件写入，或被直接改动）。数据未作改动；请升级本软件或从备份恢复。",
            self.what, self.value
        )
    }
}

impl std::error::Error for UnknownValue {}

/// The closed sets stored as text: their stored form and its reading.
pub trait StoredAs: Sized + Copy {
    /// What the column holds, in Chinese, for error messages.
    const WHAT: &'static str;
    fn stored(self) -> &'static str;
    fn from_stored(s: &str) -> Option<Self>;
}

macro_rules! stored_as {
    ($t:ty, $what:literal, $to:expr, $from:expr) => {
        impl StoredAs for $t {
            const WHAT: &'static str = $what;
            fn stored(self) -> &'static str {
                $to(self)
            }
            fn from_stored(s: &str) -> Option<Self> {
                $from(s)
            }
        }
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Text(
                    self.stored().as_bytes(),
                )))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                <$t>::from_stored(s).ok_or_else(|| {
                    FromSqlError::Other(Box::new(UnknownValue {
                        what: <$t as StoredAs>::WHAT,
                        value: s.to_owned(),
                    }))
                })
            }
        }
    };
}

stored_as!(UserRole, "用户角色", UserRole::label, UserRole::from_label);
stored_as!(DocKind, "文书种类", DocKind::key, |s: &str| {
    DocKind::ALL.into_iter().find(|k| k.key() == s)
});
stored_as!(Outcome, "处理结果", Outcome::label, Outcome::parse);
stored_as!(
    ReviewAction,
    "审核动作",
    ReviewAction::label,
    ReviewAction::from_label
);
stored_as!(
    DeliveryMethod,
    "送达方式",
    DeliveryMethod::label,
    DeliveryMethod::from_label
);
stored_as!(
    RemedyKind,
    "救济种类",
    RemedyKind::label,
    RemedyKind::from_label
);
stored_as!(
    RemedyOutcome,
    "复查（申诉）结果",
    RemedyOutcome::label,
    RemedyOutcome::from_label
);

stored_as!(
    FollowUpKind,
    "后续事项种类",
    FollowUpKind::key,
    FollowUpKind::from_key
);

stored_as!(Stage, "案件阶段", Stage::label, Stage::from_label);

stored_as!(
    DecisionKind,
    "决定类别",
    DecisionKind::label,
    DecisionKind::from_label
);

stored_as!(
    RespondentRole,
    "被问责人角色",
    RespondentRole::label,
    RespondentRole::from_label
);

stored_as!(
    SelectionKind,
    "认定事项种类",
    SelectionKind::key,
    SelectionKind::from_key
);

/// A stored text read as its closed set (for values read as plain text,
/// e.g. the distinct values of a column); outside the set it is
/// `StorageError::UnknownValue`.
pub(super) fn from_stored<T: StoredAs>(s: &str) -> super::Result<T> {
    T::from_stored(s).ok_or_else(|| {
        super::StorageError::UnknownValue(
            UnknownValue {
                what: T::WHAT,
                value: s.to_owned(),
            }
            .to_string(),
        )
    })
}

/// A stored date (`YYYY-MM-DD`): absent (or empty) is none; anything else
/// that is not a date is an error naming the value — never taken for "none".
pub(crate) fn date(s: Option<&str>) -> rusqlite::Result<Option<jiff::civil::Date>> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(d) => d.parse().map(Some).map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                Box::new(UnknownValue {
                    what: "日期",
                    value: d.to_owned(),
                }),
            )
        }),
    }
}

/// The Chinese message of a stored value outside its set, if that is what
/// went wrong in a read.
pub(super) fn unknown_value(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner
            .downcast_ref::<UnknownValue>()
            .map(ToString::to_string),
        _ => None,
    }
}

/// A JSON column that does not hold what Wenze writes there.
#[derive(Debug)]
pub(crate) struct JsonUnreadable(pub(crate) String);

impl std::fmt::Display for JsonUnreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "数据库中的列表记录无法读取（{}；可能被直接改动）。数据未作改动；请运行“wenze audit verify”并从备份恢复。",
            self.0
        )
    }
}

impl std::error::Error for JsonUnreadable {}

/// The one reading of the register's JSON text columns (method and measure
/// lists, selections): a value that is not what Wenze writes is an error
/// with a Chinese message, never read as empty.
pub(crate) fn json_text<T: serde::de::DeserializeOwned>(
    raw: &str,
) -> std::result::Result<T, JsonUnreadable> {
    serde_json::from_str(raw).map_err(|e| JsonUnreadable(crate::zh::json(&e)))
}

/// Column `i` of `r` through [`json_text`].
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    json_text(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The one writing of a JSON text column.
pub(crate) fn json_of<T: serde::Serialize>(value: &T) -> super::Result<String> {
    serde_json::to_string(value)
        .map_err(|e| super::StorageError::Invalid(format!("列表无法写入：{}", crate::zh::json(&e))))
}

/// Typed ids are stored as the row's INTEGER id.
macro_rules! stored_id {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.get()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_i64().map(<$t>::new)
            }
        }
    )*};
}

stored_id!(CaseId, RespondentId, PersonId, DecisionId, DocumentId);
