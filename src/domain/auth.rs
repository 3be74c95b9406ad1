//! Users, roles and password hashes (Argon2id). Pure CPU work, no IO.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// 录入员 (intake, drafting), 审核人 (issue decisions), 管理员 (users, settings, restore).
pub const ROLES: [&str; 3] = ["录入员", "审核人", "管理员"];

/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
}

impl User {
    /// May this user issue (approve) decisions?
    pub fn may_issue(&self) -> bool {
        self.role == "审核人" || self.role == "管理员"
    }
    /// May this user manage users, settings and restore?
    pub fn is_admin(&self) -> bool {
        self.role == "管理员"
    }
}

/// Why a password cannot be set.
pub fn password_problem(password: &str) -> Option<&'static str> {
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
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}
