//! Per-device settings in localStorage: who uses this device, in which role, in which language.
//!
//! The stored records are wire types with a schema version, kept apart from the domain values,
//! so a later change of [`DeviceProfile`] never makes an old device unreadable.

use estate_core::feedback::Department;
use std::collections::BTreeMap;

use estate_core::staff::PinLockout;
use estate_core::Role;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{I18n, Lang, Text};

const PROFILE_KEY: &str = "estate-desk.device-profile";
const LANGUAGE_KEY: &str = "estate-desk.language";
const OFFICE_NAME_KEY: &str = "estate-desk.office-name";
const PROFILE_SCHEMA_VERSION: u32 = 1;
const LOCKED_KEY: &str = "estate-desk.locked";
const LAST_ACTIVE_KEY: &str = "estate-desk.last-active-ms";
const LOCKOUTS_KEY: &str = "estate-desk.pin-lockouts";

/// The person using this device and their role, as set up on first start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceProfile {
    pub person_name: String,
    pub role: Role,
    /// The department of a department head, so the dashboard and tickets show theirs.
    pub department: Option<Department>,
    /// The signed-in staff profile: the actor of every command (X-1). Set only by this page
    /// load's PIN check or this tab's signed session (`crate::session`), never read back
    /// from storage.
    pub staff: Option<String>,
}

impl DeviceProfile {
    /// Builds a profile from the setup form, refusing a blank name.
    pub fn from_form(person_name: &str, role: Role) -> Result<DeviceProfile, Text> {
        let person_name = person_name.trim();
        if person_name.is_empty() {
            return Err(Text::PersonNameRequired);
        }
        Ok(DeviceProfile {
            person_name: person_name.to_owned(),
            role,
            department: None,
            staff: None,
        })
    }
}

/// Stored form of [`DeviceProfile`], version 1.
#[derive(Debug, Serialize, Deserialize)]
struct DeviceProfileRecord {
    schema_version: u32,
    person_name: String,
    role: String,
    /// Added within version 1: records written before it read as no department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<Department>,
    /// Added within version 1: who signed in last, so the sign-in screen offers them first.
    /// Only a hint: anyone can edit it, so it signs no one in (issue #21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    staff: Option<String>,
}

impl DeviceProfileRecord {
    fn from_profile(profile: &DeviceProfile) -> DeviceProfileRecord {
        DeviceProfileRecord {
            schema_version: PROFILE_SCHEMA_VERSION,
            person_name: profile.person_name.clone(),
            role: profile.role.wire_name().to_owned(),
            department: profile.department,
            staff: profile.staff.clone(),
        }
    }

    /// `None` for a record this version cannot read: the device is then set up again rather
    /// than run under a guessed role. The profile read is signed out.
    fn into_profile(self) -> Option<DeviceProfile> {
        if self.schema_version != PROFILE_SCHEMA_VERSION {
            return None;
        }
        Some(DeviceProfile {
            person_name: self.person_name,
            role: Role::from_wire_name(&self.role)?,
            department: self.department,
            staff: None,
        })
    }
}

/// Reads the stored profile, signed out; `None` before device setup.
pub fn load_profile() -> Option<DeviceProfile> {
    LocalStorage::get::<DeviceProfileRecord>(PROFILE_KEY)
        .ok()
        .and_then(DeviceProfileRecord::into_profile)
}

/// Who signed in last on this device, to offer them first; never a proof of anything.
pub fn last_signed_in() -> Option<String> {
    LocalStorage::get::<DeviceProfileRecord>(PROFILE_KEY)
        .ok()
        .and_then(|record| record.staff)
}

/// Writes the profile; an error means localStorage is unavailable or full.
pub fn store_profile(profile: &DeviceProfile) -> Result<(), Text> {
    LocalStorage::set(PROFILE_KEY, DeviceProfileRecord::from_profile(profile))
        .map_err(|_| Text::StorageUnavailable)
}

/// Forgets who uses this device, its lock and wrong-PIN counts, so the next person sets it
/// up afresh (after the device is erased).
pub fn forget_profile() {
    crate::session::end_session();
    for key in [PROFILE_KEY, LOCKED_KEY, LAST_ACTIVE_KEY, LOCKOUTS_KEY] {
        LocalStorage::delete(key);
    }
}

/// Reads the stored language, zh-CN when none was chosen.
pub fn load_language() -> Lang {
    LocalStorage::get::<String>(LANGUAGE_KEY)
        .ok()
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// Remembers the UI language for this device.
pub fn store_language(lang: Lang) -> Result<(), Text> {
    LocalStorage::set(LANGUAGE_KEY, lang.tag()).map_err(|_| Text::StorageUnavailable)
}

/// Switches the UI to `lang` at once and remembers it for this device. The UI switches even
/// when storage fails, and the error is returned for display.
pub fn switch_language(i18n: I18n, lang: Lang) -> Result<(), Text> {
    i18n.set_lang(lang);
    store_language(lang)
}

/// The office name printed on forms, if one was set in Settings.
pub fn load_office_name() -> Option<String> {
    LocalStorage::get::<String>(OFFICE_NAME_KEY)
        .ok()
        .filter(|name| !name.trim().is_empty())
}

/// Remembers the office name for printed forms; a blank name goes back to the default.
pub fn store_office_name(name: &str) -> Result<(), Text> {
    let name = name.trim();
    if name.is_empty() {
        LocalStorage::delete(OFFICE_NAME_KEY);
        return Ok(());
    }
    LocalStorage::set(OFFICE_NAME_KEY, name).map_err(|_| Text::StorageUnavailable)
}

/// The wrong-PIN counts an older version kept in localStorage, removed as they are taken
/// over by the signed book beside the device key (see `crate::pin`).
pub fn take_legacy_lockouts() -> BTreeMap<String, PinLockout> {
    let lockouts =
        LocalStorage::get::<BTreeMap<String, PinLockout>>(LOCKOUTS_KEY).unwrap_or_default();
    LocalStorage::delete(LOCKOUTS_KEY);
    lockouts
}

/// When someone last touched or typed on this device (ms since the epoch), if recorded.
pub fn load_last_active_ms() -> Option<f64> {
    LocalStorage::get::<f64>(LAST_ACTIVE_KEY).ok()
}

/// Records activity, so a reload after a long idle time still locks.
pub fn store_last_active_ms(at_ms: f64) {
    let _ = LocalStorage::set(LAST_ACTIVE_KEY, at_ms);
}

/// The device profile in context, so the header, the setup gate and Settings share one value.
/// `locked` is the lock screen: the profile stays, but nothing is shown until a PIN is given.
#[derive(Debug, Clone, Copy)]
pub struct DeviceSettings {
    profile: RwSignal<Option<DeviceProfile>>,
    locked: RwSignal<bool>,
}

impl DeviceSettings {
    /// Loads the stored profile and provides it to the component tree.
    pub fn provide() -> DeviceSettings {
        let settings = DeviceSettings {
            profile: RwSignal::new(load_profile()),
            locked: RwSignal::new(LocalStorage::get::<bool>(LOCKED_KEY).unwrap_or(false)),
        };
        provide_context(settings);
        settings
    }

    /// The settings provided by [`DeviceSettings::provide`].
    pub fn expect() -> DeviceSettings {
        expect_context::<DeviceSettings>()
    }

    /// The current profile, tracked.
    pub fn profile(self) -> Option<DeviceProfile> {
        self.profile.get()
    }

    /// The current profile, untracked: for async work after a click.
    pub fn profile_untracked(self) -> Option<DeviceProfile> {
        self.profile.get_untracked()
    }

    /// Whether device setup is done, tracked.
    pub fn is_set_up(self) -> bool {
        self.profile.with(Option::is_some)
    }

    /// Stores the profile, then shows it everywhere.
    pub fn save(self, profile: DeviceProfile) -> Result<(), Text> {
        store_profile(&profile)?;
        self.profile.set(Some(profile));
        Ok(())
    }

    /// Whether the lock screen is up, tracked.
    pub fn is_locked(self) -> bool {
        self.locked.get()
    }

    /// Shows the lock screen (idle time, or "switch user") and ends this tab's session, so a
    /// reload asks for the PIN too.
    pub fn lock(self) {
        crate::session::end_session();
        let _ = LocalStorage::set(LOCKED_KEY, true);
        self.locked.set(true);
    }

    /// Signs `profile` in, after its PIN was checked or this tab's session proved it.
    pub fn sign_in(self, profile: DeviceProfile) -> Result<(), Text> {
        self.save(profile)?;
        LocalStorage::delete(LOCKED_KEY);
        store_last_active_ms(js_sys::Date::now());
        self.locked.set(false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_names_are_refused() {
        assert_eq!(
            DeviceProfile::from_form("   ", Role::Inspector),
            Err(Text::PersonNameRequired)
        );
        let profile = DeviceProfile::from_form("  王芳 ", Role::FrontDesk).unwrap();
        assert_eq!(profile.person_name, "王芳");
    }

    #[test]
    fn profile_records_round_trip_and_reject_unknown_versions() {
        let profile = DeviceProfile::from_form("Li Wei", Role::CsManager).unwrap();
        let json = serde_json::to_string(&DeviceProfileRecord::from_profile(&profile)).unwrap();
        let record: DeviceProfileRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(record.into_profile(), Some(profile));

        let future: DeviceProfileRecord = serde_json::from_str(
            r#"{"schema_version":2,"person_name":"Li Wei","role":"cs_manager"}"#,
        )
        .unwrap();
        assert_eq!(future.into_profile(), None);
        let unknown_role: DeviceProfileRecord = serde_json::from_str(
            r#"{"schema_version":1,"person_name":"Li Wei","role":"administrator"}"#,
        )
        .unwrap();
        assert_eq!(unknown_role.into_profile(), None);

        // A department head's department round-trips; an older record reads as none.
        let head = DeviceProfile {
            department: Some(Department::Security),
            ..DeviceProfile::from_form("孙工", Role::DepartmentHead).unwrap()
        };
        let json = serde_json::to_string(&DeviceProfileRecord::from_profile(&head)).unwrap();
        let record: DeviceProfileRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(record.into_profile(), Some(head));
        let older: DeviceProfileRecord = serde_json::from_str(
            r#"{"schema_version":1,"person_name":"孙工","role":"department_head"}"#,
        )
        .unwrap();
        assert_eq!(older.into_profile().unwrap().department, None);
    }
}
