//! The header: app name, who is using the device, connectivity, updates and the language.

use leptos::prelude::*;

use crate::device_settings::switch_language;
use crate::device_settings::DeviceSettings;
use crate::i18n::{role_text, I18n, Lang, Text};
use crate::pwa::AppShellStatus;

/// The app bar: the office, who is signed in, offline and update notices, the language.
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
    let shell = AppShellStatus::expect();
    // The switch offers the other language, named in that language.
    let other_lang = move || match i18n.lang() {
        Lang::ZhCn => Lang::En,
        Lang::En => Lang::ZhCn,
    };

    view! {
        <header class="app-header">
            <span class="app-name">{move || i18n.t(Text::AppName)}</span>
            {move || {
                settings
                    .profile()
                    .map(|profile| {
                        view! {
                            <span class="current-user">
                                <span class="visually-hidden">
                                    {move || i18n.t(Text::CurrentUser)}": "
                                </span>
                                <span class="current-user__name">{profile.person_name}</span>
                                " · "
                                <span class="current-user__role">
                                    {move || i18n.t(role_text(profile.role))}
                                </span>
                            </span>
                            <Show when=move || !settings.is_locked() && profile.staff.is_some()>
                                <button type="button" class="button" on:click=move |_| settings.lock()>
                                    {move || i18n.t(Text::SwitchUser)}
                                </button>
                            </Show>
                        }
                    })
            }}
            <Show when=move || !shell.is_online()>
                <span class="offline-badge" role="status" title=move || i18n.t(Text::OfflineHint)>
                    {move || i18n.t(Text::Offline)}
                </span>
            </Show>
            <Show when=move || shell.is_update_waiting()>
                <span class="update-banner" role="status">
                    {move || i18n.t(Text::UpdateAvailable)}
                    <button type="button" class="button" on:click=move |_| shell.activate_update()>
                        {move || i18n.t(Text::ReloadToUpdate)}
                    </button>
                </span>
            </Show>
            <button
                type="button"
                class="button language-switch"
                title=move || i18n.t(Text::LanguageLabel)
                lang=move || other_lang().tag()
                on:click=move |_| {
                    let _ = switch_language(i18n, other_lang());
                }
            >
                {move || other_lang().endonym()}
            </button>
        </header>
    }
}
