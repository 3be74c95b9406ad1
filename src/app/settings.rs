//! The settings screen's state changes: office settings, users,
//! regulations and the holiday calendar (administrators only, refusals
//! audited).

use std::path::PathBuf;

use super::WenzeApp;
use super::error::AppResult;
use super::screens::{DocSettingsForm, SettingsForm};
use crate::domain::auth::UserRole;

impl WenzeApp {
    /// Refuse a settings change for lack of the administrator role (audited).
    pub(super) fn refuse(&mut self, action: &str) -> bool {
        match self.shared.require(
            crate::domain::auth::Need::Admin,
            "拒绝：非管理员修改设置",
            action,
        ) {
            Ok(_) => false,
            Err(e) => {
                self.settings.message = e.to_string();
                true
            }
        }
    }

    /// Fill the settings form from the register. A setting that cannot be
    /// read leaves the form unread (`unread`: saving it would overwrite the
    /// stored values with blanks), with the reason shown.
    pub(super) fn load_settings(&mut self) {
        let Some(s) = &self.shared.storage else {
            return;
        };
        let read = (|| -> AppResult<SettingsForm> {
            let get = |k: &str| -> AppResult<String> { Ok(s.setting(k)?.unwrap_or_default()) };
            let b = get("backup_dir")?;
            let backup_dir = if b.is_empty() {
                self.shared
                    .db_path
                    .as_deref()
                    .map(|p| super::backup_dir(p).display().to_string())
                    .unwrap_or_default()
            } else {
                b
            };
            let pdf_fonts = crate::fonts::PdfRole::ALL
                .iter()
                .map(|r| Ok((*r, get(r.setting_key())?)))
                .collect::<AppResult<_>>()?;
            let documents = self
                .shared
                .regulations
                .iter()
                .filter(|r| !r.regulation.overlay)
                .map(|r| {
                    let key = |w: &str| get(&crate::storage::register::doc_setting_key(w, r.id()));
                    Ok(DocSettingsForm {
                        regulation: r.id().to_owned(),
                        name: r.regulation.short_name.clone(),
                        statement_days: key("statement_days")?,
                        decider: key("decider")?,
                        remedy_body: key("remedy_body")?,
                        remedy_period: key("remedy_period")?,
                    })
                })
                .collect::<AppResult<_>>()?;
            Ok(SettingsForm {
                office_name: self.shared.office_name.clone(),
                office_code: s.office_code()?,
                idle_lock_minutes: format!(
                    "{}",
                    (self.access.idle_lock_secs / 60.0).round() as i64
                ),
                backup_dir,
                users: s.users()?,
                fonts_scanning: true,
                pdf_fonts,
                cc: get("cc")?,
                documents,
                ..Default::default()
            })
        })();
        let mut f = match read {
            Ok(f) => f,
            Err(e) => SettingsForm {
                unread: Some(format!(
                    "设置未能读取（{e}）：为免以空白覆盖已有设置，暂不能保存，请稍后重新打开设置"
                )),
                ..Default::default()
            },
        };
        f.message = std::mem::take(&mut self.settings.message);
        if let Some(why) = &f.unread {
            f.message = why.clone();
        }
        // Keep an earlier scan's answer; scan (again) off the UI thread.
        f.official_fonts = std::mem::take(&mut self.settings.official_fonts);
        f.fonts_scanning = match &self.shared.worker {
            Some(w) => w
                .spawn_side("wenze-fonts", || {
                    super::worker::Reply::OfficialFonts(crate::fonts::find_official_fonts())
                })
                .is_ok(),
            None => false,
        };
        self.settings = f;
    }

    pub(super) fn save_settings(&mut self) {
        if self.refuse("机关名称、文号代字、锁定时间、备份文件夹") {
            return;
        }
        if let Some(why) = &self.settings.unread {
            self.settings.message = why.clone();
            return;
        }
        let f = self.settings.clone();
        let name = f.office_name.trim().to_owned();
        let code = f.office_code.trim().to_owned();
        let minutes: Result<u32, _> = f.idle_lock_minutes.trim().parse();
        let problem = if name.is_empty() {
            Some("请填写机关名称".to_owned())
        } else if code.is_empty() || code.chars().count() > 8 {
            Some("文号代字应为 1 至 8 个字（如“徐环问”）".to_owned())
        } else if !matches!(minutes, Ok(1..=240)) {
            Some("锁定时间应为 1 至 240 分钟的整数".to_owned())
        } else {
            let dir = PathBuf::from(f.backup_dir.trim());
            match crate::storage::lock::create_private_dir(&dir) {
                Ok(()) => None,
                Err(e) => Some(format!(
                    "备份文件夹 {} 无法使用：{}",
                    dir.display(),
                    crate::zh::io(&e)
                )),
            }
        };
        // A chosen font file must be readable and usable before it is stored.
        let problem = problem.or_else(|| {
            f.pdf_fonts.iter().find_map(|(role, path)| {
                let path = path.trim();
                (!path.is_empty())
                    .then(|| crate::fonts::load_office_face(std::path::Path::new(path)).err())
                    .flatten()
                    .map(|e| format!("{}：{e}", role.label()))
            })
        });
        let problem = problem.or_else(|| {
            f.documents.iter().find_map(|d| {
                let days = d.statement_days.trim();
                let period = d.remedy_period.trim();
                if !days.is_empty() && !matches!(days.parse::<u32>(), Ok(1..=90)) {
                    Some(format!("{}：陈述申辩期限应为 1 至 90 的工作日数", d.name))
                } else if !period.is_empty()
                    && crate::export::documents::parse_period(period).is_none()
                {
                    Some(format!(
                        "{}：申诉（复查）期限“{period}”无法识别，应写作“30日”或“15个工作日”",
                        d.name
                    ))
                } else {
                    None
                }
            })
        });
        if let Some(p) = problem {
            self.settings.message = p;
            return;
        }
        let minutes = minutes.unwrap_or(15);
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        let result = (|| {
            let mut pairs: Vec<(String, String)> = vec![
                ("office_name".to_owned(), name.clone()),
                ("office_code".to_owned(), code.clone()),
                ("idle_lock_seconds".to_owned(), (minutes * 60).to_string()),
                ("backup_dir".to_owned(), f.backup_dir.trim().to_owned()),
                ("cc".to_owned(), f.cc.trim().to_owned()),
            ];
            for (role, path) in &f.pdf_fonts {
                pairs.push((role.setting_key().to_owned(), path.trim().to_owned()));
            }
            for d in &f.documents {
                for (what, v) in [
                    ("statement_days", &d.statement_days),
                    ("decider", &d.decider),
                    ("remedy_body", &d.remedy_body),
                    ("remedy_period", &d.remedy_period),
                ] {
                    pairs.push((
                        crate::storage::register::doc_setting_key(what, &d.regulation),
                        v.trim().to_owned(),
                    ));
                }
            }
            for (k, v) in pairs {
                let before = s.setting(&k)?.unwrap_or_default();
                if before != v {
                    s.set_setting(&k, &v)?;
                }
            }
            Ok::<(), crate::storage::StorageError>(())
        })();
        match result {
            Ok(()) => {
                self.shared.office_name = name;
                self.access.idle_lock_secs = f64::from(minutes * 60);
                self.load_settings();
                // The preview follows the new font choice at once.
                if let Some(s) = &self.shared.storage {
                    // The preview draws in the office's chosen fonts; a font not used or
                    // a setting not read is said.
                    match super::files::office_faces(s) {
                        Ok((_, problems)) if problems.is_empty() => {}
                        Ok((_, problems)) => self.shared.status = problems.join("；"),
                        Err(e) => {
                            self.shared.status =
                                format!("公文字体设置未能读取，预览暂用内置字体：{e}")
                        }
                    }
                }
                self.settings.message = "设置已保存".to_owned();
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn add_user(&mut self) {
        if self.refuse("新增用户") {
            return;
        }
        let f = self.settings.clone();
        let role = UserRole::ALL
            .get(f.new_role)
            .copied()
            .unwrap_or(UserRole::Clerk);
        let problem = if f.new_username.trim().is_empty() || f.new_display_name.trim().is_empty() {
            Some("请填写用户名和姓名")
        } else {
            crate::domain::auth::password_problem(&f.new_password)
        };
        if let Some(p) = problem {
            self.settings.message = p.to_owned();
            return;
        }
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        let result = crate::domain::auth::Credentials::new(&f.new_password)
            .map_err(super::error::AppError::Refused)
            .and_then(|h| Ok(s.add_user(&f.new_username, &f.new_display_name, role, &h)?));
        match result {
            Ok(_) => {
                self.load_settings();
                self.settings.message = format!("已新增用户 {}（{role}）", f.new_username.trim());
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// 重置密码 (administrators): the chosen user's new password, audited.
    pub(super) fn reset_password(&mut self) {
        if self.refuse("重置密码") {
            return;
        }
        let Some(id) = self.settings.reset_user else {
            self.settings.message = "请选择要重置密码的用户".to_owned();
            return;
        };
        let password = self.settings.reset_password.clone();
        if let Some(p) = crate::domain::auth::password_problem(&password) {
            self.settings.message = p.to_owned();
            return;
        }
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        let result = crate::domain::auth::Credentials::new(&password)
            .map_err(super::error::AppError::Refused)
            .and_then(|h| Ok(s.set_user_password(id, &h, false)?));
        match result {
            Ok(()) => {
                self.settings.reset_password.clear();
                self.settings.message = "已重置密码（已记入审计日志）".to_owned();
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// 修改本人密码: the current password first, then the new one twice;
    /// audited as the user's own change.
    pub(super) fn change_own_password(&mut self) {
        let f = self.access.own_password.clone();
        let Some(user) = self.shared.user.clone() else {
            self.access.own_password.message = "请先登录".to_owned();
            return;
        };
        let problem = if f.new != f.confirm {
            Some("两次输入的新密码不一致")
        } else {
            crate::domain::auth::password_problem(&f.new)
        };
        if let Some(p) = problem {
            self.access.own_password.message = p.to_owned();
            return;
        }
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        let result = (|| -> super::error::AppResult<()> {
            if s.check_credentials(&user.username, &f.old)?.is_none() {
                s.audit_refusal(
                    "拒绝修改密码",
                    &format!("{} 输入的当前密码不正确", user.display_name),
                )?;
                return Err(super::error::AppError::refused("当前密码不正确"));
            }
            let h = crate::domain::auth::Credentials::new(&f.new)
                .map_err(super::error::AppError::Refused)?;
            s.set_actor(&format!("{}（{}）", user.display_name, user.role));
            Ok(s.set_user_password(user.id, &h, true)?)
        })();
        self.access.own_password = super::PasswordForm {
            message: match result {
                Ok(()) => "已修改本人密码（已记入审计日志）".to_owned(),
                Err(e) => e.to_string(),
            },
            ..Default::default()
        };
    }

    pub(super) fn set_user_active(&mut self, id: i64, active: bool) {
        if self.refuse("启用/停用用户") {
            return;
        }
        if self.shared.user.as_ref().is_some_and(|u| u.id == id) && !active {
            self.settings.message = "不能停用正在使用的账户".to_owned();
            return;
        }
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        match s.set_user_active(id, active) {
            Ok(()) => {
                self.load_settings();
                self.settings.message = if active { "已启用" } else { "已停用" }.to_owned();
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn set_user_role(&mut self, id: i64, role: &str) {
        if self.refuse("更改用户角色") {
            return;
        }
        let Some(role) = UserRole::from_label(role) else {
            self.settings.message = format!("角色“{role}”无效");
            return;
        };
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        match s.set_user_role(id, role) {
            Ok(()) => {
                self.load_settings();
                self.settings.message = format!("角色已改为{role}（下次登录时生效）");
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn set_regulation_enabled(&mut self, id: &str, enabled: bool) {
        if self.refuse("启用/停用规定") {
            return;
        }
        let mut regs = self.shared.regulations.clone();
        regs.set_enabled(id, enabled);
        if !regs.enabled().any(|r| !r.regulation.overlay) {
            self.settings.message = "至少要保留一个适用规定".to_owned();
            return;
        }
        let disabled: Vec<&str> = regs.disabled().collect();
        let value = serde_json::to_string(&disabled).unwrap_or_else(|_| "[]".to_owned());
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        match s.set_setting("disabled_regulations", &value) {
            Ok(()) => {
                self.shared.regulations = regs;
                self.settings.message = format!(
                    "规定 {id} 已{}",
                    if enabled {
                        "启用"
                    } else {
                        "停用（已有案件不受影响）"
                    }
                );
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// Validate and store an office regulation file.
    pub fn import_regulation(&mut self, path: &std::path::Path) {
        if self.refuse("导入规定文件") {
            return;
        }
        let source = match std::fs::read(path) {
            Ok(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(_) => {
                    self.settings.message =
                        "规定文件不是 UTF-8 编码的文本，请用 UTF-8 保存后再导入".to_owned();
                    return;
                }
            },
            Err(e) => {
                self.settings.message =
                    format!("无法读取 {}：{}", path.display(), crate::zh::io(&e));
                return;
            }
        };
        let reg = match crate::rules::regulation::load(&source) {
            Ok(r) => r,
            Err(e) => {
                self.settings.message = format!(
                    "规定文件有误，未导入：\n{}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                );
                return;
            }
        };
        let id = reg.id().to_owned();
        if crate::rules::RegulationSet::bundled().get(&id).is_some() {
            self.settings.message = format!("规定编号“{id}”与内置规定重复，请在文件中改用其他编号");
            return;
        }
        let name = reg.regulation.name.clone();
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        match s.add_regulation_file(&id, &name, &source) {
            Ok(_) => {
                self.shared.regulations.insert(reg);
                self.restart_worker();
                self.settings.message = format!("已导入《{name}》（编号 {id}），新建案件时可选用");
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// Validate and store a holiday calendar (replacing the bundled table).
    pub(crate) fn import_calendar(&mut self, path: &std::path::Path) {
        if self.refuse("导入节假日安排") {
            return;
        }
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                self.settings.message =
                    format!("无法读取 {}：{}", path.display(), crate::zh::io(&e));
                return;
            }
        };
        let calendar = match crate::rules::Calendar::from_toml(&source) {
            Ok(c) => c,
            Err(e) => {
                self.settings.message = format!("节假日文件有误，未导入：{}", e.0);
                return;
            }
        };
        let Some(s) = self.shared.storage.as_mut() else {
            return;
        };
        match s.set_setting("holiday_calendar", &source) {
            Ok(()) => {
                let years: Vec<String> = calendar.years().map(|y| y.to_string()).collect();
                self.shared.calendar = calendar;
                self.restart_worker();
                self.settings.message = format!("已导入节假日安排：{} 年", years.join("、"));
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }
}
