//! Users, roles, password hashes (Argon2id) and the signing key each user's
//! password gives (Ed25519, derived with Argon2id from the password and a
//! salt of its own). Pure CPU work, no IO.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
    rand_core::{OsRng, RngCore},
};
use ed25519_dalek::SigningKey;

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

/// The role an act needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any signed-in user (reading personal data out of the register).
    Anyone,
    /// 审核人 or 管理员
    Reviewer,
    /// 管理员
    Admin,
}

impl Need {
    pub fn label(self) -> &'static str {
        match self {
            Need::Anyone => "已登记的用户",
            Need::Reviewer => "审核人或管理员",
            Need::Admin => "管理员",
        }
    }

    pub fn allows(self, u: &User) -> bool {
        match self {
            Need::Anyone => true,
            Need::Reviewer => u.may_issue(),
            Need::Admin => u.is_admin(),
        }
    }
}

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
        .map_err(|_| "无法生成密码摘要（密码过长或系统随机数不可用）".to_owned())
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

/// Bytes of the salt a signing key is derived with.
const KEY_SALT_LEN: usize = 16;

/// The Ed25519 signing key `password` gives with `salt`: the 32-byte seed is
/// Argon2id (default parameters, as for the password hash) of the password
/// with this salt, which is drawn separately from the password hash's own
/// salt, so the stored PHC string says nothing about the key.
pub(crate) fn signing_key(password: &str, salt: &[u8]) -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    Argon2::default()
        .hash_password_into(password.as_bytes(), salt, &mut seed)
        .map_err(|_| "无法生成签名密钥（密码过长）".to_owned())?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    Ok(key)
}

/// A user's signing key with the salt it was derived with.
pub(crate) struct UserKey {
    pub(crate) salt: Vec<u8>,
    pub(crate) key: SigningKey,
}

impl UserKey {
    /// The key `password` gives with a fresh salt.
    pub(crate) fn new(password: &str) -> Result<Self, String> {
        let mut salt = vec![0u8; KEY_SALT_LEN];
        OsRng
            .try_fill_bytes(&mut salt)
            .map_err(|_| "无法生成签名密钥的盐值（系统随机数不可用）".to_owned())?;
        let key = signing_key(password, &salt)?;
        Ok(Self { salt, key })
    }

    /// The public key, as stored with the user.
    pub(crate) fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }
}

/// What a new password gives a user: its Argon2id hash, and its signing
/// key with a fresh salt (the public half is stored; the private half only
/// lives while the user is signed in).
pub struct Credentials {
    pub(crate) hash: String,
    pub(crate) key: UserKey,
}

impl Credentials {
    /// Hash `password` and derive its signing key with a fresh salt.
    pub fn new(password: &str) -> Result<Self, String> {
        Ok(Self {
            hash: hash_password(password)?,
            key: UserKey::new(password)?,
        })
    }
}
