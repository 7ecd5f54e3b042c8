//! Picking a file: a photo from the tablet's camera, a scan, a bundle or a device card. The
//! input is cleared after each pick, so picking the same file again (after a wrong PIN or a
//! refused file) is seen too.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// How the picker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PickerLook {
    /// A labelled field, as in a form.
    #[default]
    Field,
    /// A button (the input itself is hidden), as beside a checklist row.
    Button,
    /// A big button for a gloved thumb on a patrol.
    BigButton,
}

/// A file input with its label.
#[component]
pub fn FilePicker(
    /// The input's id, unique on the page.
    #[prop(into)]
    id: String,
    /// What the picker says.
    label: Text,
    /// The rest of the accessible name, for pickers repeated in a list.
    #[prop(optional, into)]
    detail: Option<Signal<String>>,
    /// The file types offered.
    accept: &'static str,
    /// `"environment"` opens the back camera on a tablet.
    #[prop(optional)]
    capture: Option<&'static str>,
    #[prop(optional)] look: PickerLook,
    /// Called with each picked file.
    #[prop(into)]
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            on_file.run(file);
        }
        input.set_value("");
    };
    let detail = move || detail.map(|detail| format!(": {}", detail.get()));
    let input = view! {
        <input
            id=id.clone()
            class="visually-hidden"
            type="file"
            accept=accept
            capture=capture
            on:change=on_change
        />
    };
    match look {
        // The browser's own file button speaks the system's language and is small: a button
        // of ours, the input's label, stands in for it.
        PickerLook::Field => view! {
            <div class="field">
                <label class="button file-button" for=id.clone()>
                    {move || i18n.t(label)}
                    <span class="visually-hidden">{detail}</span>
                </label>
                {input}
            </div>
        }
        .into_any(),
        PickerLook::Button | PickerLook::BigButton => {
            let class = if look == PickerLook::BigButton {
                "button button--big file-button"
            } else {
                "button file-button"
            };
            view! {
                <label class=class for=id.clone()>
                    {move || i18n.t(label)}
                    <span class="visually-hidden">{detail}</span>
                </label>
                {input}
            }
            .into_any()
        }
    }
}
