//! Typed ids: a register row's id carries what it is the id of, so a case id
//! can never be passed where a respondent's is wanted. Stored as the row's
//! INTEGER id (`ToSql`/`FromSql` in `storage/convert.rs`); serialised as the
//! bare number; printed as the number (the CLI's `case show ID`).

use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            Default,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id of a row the register returned (or a number the user
            /// typed, which the register then looks up).
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            /// The number the register stores.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    };
}

typed_id!(
    /// A case (案件): `cases.id`.
    CaseId
);
typed_id!(
    /// One respondent of a case (被问责人): `respondents.id`.
    RespondentId
);
typed_id!(
    /// A person in the register (人员): `persons.id`.
    PersonId
);
typed_id!(
    /// A decision (决定; 复查决定 and 变更 too): `decisions.id`.
    DecisionId
);
typed_id!(
    /// A stored document (文书): `documents.id`.
    DocumentId
);
