//! A labelled one-line text input bound to a signal: the most common field of every form.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// A labelled one-line text input bound to `value`.
#[component]
pub fn TextField(id: &'static str, label: Text, value: RwSignal<String>) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input id=id type="text" bind:value=value />
        </div>
    }
}
