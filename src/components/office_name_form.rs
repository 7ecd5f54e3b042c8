//! Settings: the office name printed at the top of every form.

use leptos::prelude::*;

use crate::device_settings::{load_office_name, store_office_name};
use crate::i18n::{I18n, Text};

/// The office name printed on forms, kept on this device.
#[component]
pub fn OfficeNameForm() -> impl IntoView {
    let i18n = I18n::expect();
    let name = RwSignal::new(load_office_name().unwrap_or_default());
    let outcome = RwSignal::new(None::<Result<(), Text>>);
    view! {
        <form
            class="intake"
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                outcome.set(Some(store_office_name(&name.get_untracked())));
            }
        >
            <div class="field">
                <label for="office-name">{move || i18n.t(Text::OfficeNameLabel)}</label>
                <input
                    id="office-name"
                    type="text"
                    placeholder=move || i18n.t(Text::DefaultOfficeName)
                    bind:value=name
                />
            </div>
            <button type="submit" class="button">{move || i18n.t(Text::SaveOfficeName)}</button>
            <p class="form-status" role="status">
                {move || match outcome.get() {
                    Some(Ok(())) => i18n.t(Text::Saved),
                    Some(Err(text)) => i18n.t(text),
                    None => "",
                }}
            </p>
        </form>
    }
}
