//! Users, roles and password hashes (Argon2id). Pure CPU work, no IO.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// A user's role; the Chinese label is the only place each is spelled, and
/// what the register stores (`storage/convert.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserRole {
    /// 录入员: intake and drafting.
    Clerk,
    /// 审核人: reviews and issues decisions, may read a reporter's identity.
    Reviewer,
    /// 管理员: users, settings, restore; everything a 审核人 may do.
    Admin,
}

impl UserRole {
    pub const ALL: [UserRole; 3] = [Self::Clerk, Self::Reviewer, Self::Admin];

    pub const fn label(self) -> &'static str {
        match self {
            Self::Clerk => "录入员",
            Self::Reviewer => "审核人",
            Self::Admin => "管理员",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == s.trim())
    }

    /// May issue (approve) decisions and read a reporter's identity
    /// (徐水 第六条(十)).
    pub(crate) fn may_issue(self) -> bool {
        matches!(self, Self::Reviewer | Self::Admin)
    }
}

impl std::fmt::Display for UserRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The roles' labels, in order (for lists on screen and `--role`).
pub(crate) const ROLES: [&str; 3] = [
    UserRole::Clerk.label(),
    UserRole::Reviewer.label(),
    UserRole::Admin.label(),
];

/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub(crate) display_name: String,
    pub role: UserRole,
}

impl User {
    /// May this user issue (approve) decisions?
    pub(crate) fn may_issue(&self) -> bool {
        self.role.may_issue()
    }
    /// May this user manage users, settings and restore?
    pub(crate) fn is_admin(&self) -> bool {
        self.role == UserRole::Admin
    }
}

/// Why a password cannot be set.
pub(crate) fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < 8 {
        Some("密码至少8位")
    } else if !password.chars().any(|c| c.is_ascii_digit())
        || !password.chars().any(|c| c.is_alphabetic())
    {
        Some("密码须同时包含字母和数字")
    } else {
        None
    }
}

/// An Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("无法生成密码摘要：{e}"))
}

/// Does `password` match the stored PHC string?
pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}
