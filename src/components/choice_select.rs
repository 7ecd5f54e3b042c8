//! A labelled select over a fixed list of domain values, each with its wire name and label.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// A select bound to `chosen`, over `options` of `(value, wire name, label)`.
#[component]
pub fn ChoiceSelect<T>(
    /// The select's id, unique on the page.
    id: &'static str,
    label: Text,
    options: &'static [(T, &'static str, Text)],
    chosen: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |event| {
                let value = event_target_value(&event);
                if let Some((option, _, _)) = options.iter().find(|(_, wire, _)| *wire == value) {
                    chosen.set(*option);
                }
            }>
                {options.iter().map(|(option, wire, text)| {
                    let (option, text) = (*option, *text);
                    view! { <option value=*wire selected=move || chosen.get() == option>{move || i18n.t(text)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
