//! The fallback for any address that is not a route.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::i18n::{I18n, Text};
use crate::routes::Route;

/// Any address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Text::NotFoundBody)}</p>
            <A href=Route::Dashboard.href(&root) attr:class="button">
                {move || i18n.t(Text::BackToDashboard)}
            </A>
        </section>
    }
}
