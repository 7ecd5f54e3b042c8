//! The interface language of this device, switched and remembered at once.

use leptos::prelude::*;

use crate::device_settings::switch_language;
use crate::i18n::{I18n, Lang, Text};

/// A select of the UI languages, each named in its own language.
#[component]
pub fn LanguageField() -> impl IntoView {
    let i18n = I18n::expect();
    let (language_error, set_language_error) = signal(None::<Text>);
    let on_language_change = move |event: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
            set_language_error.set(switch_language(i18n, lang).err());
        }
    };
    view! {
        <div class="field">
            <label for="device-language">{move || i18n.t(Text::LanguageLabel)}</label>
            <select id="device-language" prop:value=move || i18n.lang().tag() on:change=on_language_change>
                {Lang::ALL
                    .into_iter()
                    .map(|option| view! {
                        <option value=option.tag() lang=option.tag() selected=move || i18n.lang() == option>
                            {option.endonym()}
                        </option>
                    })
                    .collect_view()}
            </select>
            {move || language_error.get().map(|error| view! { <p class="refusal" role="alert">{i18n.t(error)}</p> })}
        </div>
    }
}
