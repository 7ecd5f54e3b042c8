//! A labelled one-line text input bound to a signal: the most common field of every form.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// A labelled one-line text input bound to `value`. A `required` field is marked beside its
/// label (issue #22), outside the label's text so its accessible name stays the field's name.
#[component]
pub fn TextField(
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field" class:field--required=required>
            <div class="field__label-row">
                <label for=id>{move || i18n.t(label)}</label>
                {required.then(|| view! { <span class="required-tag" aria-hidden="true">{move || i18n.t(Text::RequiredTag)}</span> })}
            </div>
            <input id=id type="text" required=required aria-required=required.then_some("true") bind:value=value />
        </div>
    }
}
