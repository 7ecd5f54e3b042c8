//! Who uses this device, in which role, in which language: on first start and in Settings.

use estate_core::Role;
use leptos::prelude::*;

use crate::device_settings::{DeviceProfile, DeviceSettings};
use crate::i18n::feedback::DEPARTMENTS;
use crate::i18n::{role_text, I18n, Lang, Text};

/// The outcome shown under the form after Save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveOutcome {
    Saved,
    Refused(Text),
}

#[component]
pub fn DeviceSetupForm(
    /// On first start the form explains itself; in Settings the page heading does.
    first_run: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
    let current = settings.profile();
    let person_name = RwSignal::new(
        current
            .as_ref()
            .map(|profile| profile.person_name.clone())
            .unwrap_or_default(),
    );
    let role = RwSignal::new(
        current
            .as_ref()
            .map_or(Role::FrontDesk, |profile| profile.role),
    );
    let department = RwSignal::new(current.as_ref().and_then(|profile| profile.department));
    let (outcome, set_outcome) = signal(None::<SaveOutcome>);
    let (language_error, set_language_error) = signal(None::<Text>);

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let result = DeviceProfile::from_form(&person_name.get_untracked(), role.get_untracked())
            .and_then(|profile| {
                settings.save(DeviceProfile {
                    department: department.get_untracked(),
                    ..profile
                })
            });
        if result.is_ok() && first_run {
            // Once someone uses this device, ask the browser not to evict its data.
            wasm_bindgen_futures::spawn_local(async {
                crate::durability::request_persistence().await;
            });
        }
        set_outcome.set(Some(match result {
            Ok(()) => SaveOutcome::Saved,
            Err(reason) => SaveOutcome::Refused(reason),
        }));
    };
    let on_language_change = move |event: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
            set_language_error.set(i18n.set_lang(lang).err());
        }
    };

    view! {
        <form class="device-setup" on:submit=on_submit novalidate=true>
            <Show when=move || first_run>
                <h1 id="page-title">{move || i18n.t(Text::DeviceSetupTitle)}</h1>
                <p>{move || i18n.t(Text::DeviceSetupIntro)}</p>
            </Show>
            <div class="field">
                <label for="device-person-name">{move || i18n.t(Text::PersonName)}</label>
                <input
                    id="device-person-name"
                    type="text"
                    autocomplete="name"
                    required=true
                    bind:value=person_name
                />
            </div>
            <div class="field">
                <label for="device-role">{move || i18n.t(Text::RoleLabel)}</label>
                <select
                    id="device-role"
                    prop:value=move || role.get().wire_name()
                    on:change=move |event| {
                        if let Some(chosen) = Role::from_wire_name(&event_target_value(&event)) {
                            role.set(chosen);
                        }
                    }
                >
                    {Role::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option
                                    value=option.wire_name()
                                    selected=move || role.get() == option
                                >
                                    {move || i18n.t(role_text(option))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="device-department">{move || i18n.t(Text::DepartmentOfUser)}</label>
                <select
                    id="device-department"
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        department.set(DEPARTMENTS.iter().find(|(_, wire, _)| *wire == value).map(|(d, _, _)| *d));
                    }
                >
                    <option value="" selected=move || department.get().is_none()>{move || i18n.t(Text::NoDepartmentChosen)}</option>
                    {DEPARTMENTS
                        .into_iter()
                        .map(|(option, wire, label)| view! {
                            <option value=wire selected=move || department.get() == Some(option)>{move || i18n.t(label)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="device-language">{move || i18n.t(Text::LanguageLabel)}</label>
                <select
                    id="device-language"
                    prop:value=move || i18n.lang().tag()
                    on:change=on_language_change
                >
                    {Lang::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option
                                    value=option.tag()
                                    lang=option.tag()
                                    selected=move || i18n.lang() == option
                                >
                                    {option.endonym()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--primary">
                {move || i18n.t(Text::SaveDeviceSetup)}
            </button>
            <p class="form-status" role="status">
                {move || match (outcome.get(), language_error.get()) {
                    (Some(SaveOutcome::Refused(reason)), _) => i18n.t(reason),
                    (_, Some(reason)) => i18n.t(reason),
                    (Some(SaveOutcome::Saved), None) => i18n.t(Text::DeviceSaved),
                    (None, None) => "",
                }}
            </p>
        </form>
    }
}
