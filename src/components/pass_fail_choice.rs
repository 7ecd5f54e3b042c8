//! A judgement between two answers (pass or fail, satisfied or not, adopted or not) that
//! starts with neither chosen: nothing is pre-approved, and a form sent without a choice names
//! the missing one.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// Two radio buttons in a group; `choice` is `None` until one is picked.
#[component]
pub fn PassFailChoice(
    /// The group's name (and the prefix of its ids), unique on the page.
    #[prop(into)]
    name: String,
    /// What is being judged; the group's accessible name.
    legend: Text,
    /// The first answer (pass, satisfied, adopted).
    yes: Text,
    /// The second answer (fail, not satisfied, not adopted).
    no: Text,
    choice: RwSignal<Option<bool>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let option = move |value: bool, text: Text| {
        let name = name.clone();
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name=name
                    prop:checked=move || choice.get() == Some(value)
                    on:change=move |_| choice.set(Some(value))
                />
                {move || i18n.t(text)}
            </label>
        }
    };
    view! {
        <fieldset class="choice-group">
            <legend>{move || i18n.t(legend)}</legend>
            <div class="choice-row">{option(true, yes)} {option(false, no)}</div>
        </fieldset>
    }
}
