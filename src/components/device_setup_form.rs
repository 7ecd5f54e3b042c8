//! This device in Settings: the role the signed-in person works in now (only roles of their
//! own profile, X-1) and the interface language.

use estate_core::Role;
use leptos::prelude::*;

use crate::components::language_field::LanguageField;
use crate::components::staff_gate::signed_in_member;
use crate::device_settings::{DeviceProfile, DeviceSettings};
use crate::i18n::{role_text, I18n, Text};
use crate::services::Services;

/// Who uses this device now: their role among their profile's roles, and the language.
#[component]
pub fn DeviceSetupForm() -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
    let services = Services::expect();
    let member = signed_in_member(services, settings);
    let own_roles = Memo::new(move |_| member().map(|member| member.roles).unwrap_or_default());
    let (saved, set_saved) = signal(None::<Result<(), Text>>);
    let switch_role = move |role: Role| {
        let Some(profile) = settings.profile_untracked() else {
            return;
        };
        set_saved.set(Some(settings.save(DeviceProfile { role, ..profile })));
    };
    view! {
        <form class="device-setup" novalidate=true on:submit=|event| event.prevent_default()>
            <div class="field">
                <label for="device-role">{move || i18n.t(Text::RoleLabel)}</label>
                <select
                    id="device-role"
                    aria-describedby="device-role-hint"
                    on:change=move |event| {
                        if let Some(chosen) = Role::from_wire_name(&event_target_value(&event)) {
                            switch_role(chosen);
                        }
                    }
                >
                    {move || {
                        own_roles
                            .get()
                            .into_iter()
                            .map(|option| view! {
                                <option
                                    value=option.wire_name()
                                    selected=move || settings.profile().is_some_and(|profile| profile.role == option)
                                >
                                    {move || i18n.t(role_text(option))}
                                </option>
                            })
                            .collect_view()
                    }}
                </select>
                <p id="device-role-hint" class="hint">{move || i18n.t(Text::RoleSwitchHint)}</p>
            </div>
            <LanguageField />
            <p class="form-status" role="status">
                {move || match saved.get() {
                    Some(Ok(())) => i18n.t(Text::DeviceSaved),
                    Some(Err(reason)) => i18n.t(reason),
                    None => "",
                }}
            </p>
        </form>
    }
}
