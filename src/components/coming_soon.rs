//! The body of a page whose feature is not built yet: it says what will be there.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};

#[component]
pub fn ComingSoon(
    /// The page heading.
    title: Text,
    /// What the page will do.
    description: Text,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(title)}</h1>
            <p class="coming-soon-badge">{move || i18n.t(Text::ComingSoon)}</p>
            <p>{move || i18n.t(description)}</p>
        </section>
    }
}
