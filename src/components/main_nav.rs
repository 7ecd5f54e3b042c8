//! The main navigation: a side rail on a landscape tablet or PC, a wrapping bar in portrait.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::i18n::{I18n, Text};
use crate::routes::Route;

/// The menu of the main screens.
#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    view! {
        <nav class="main-nav" aria-label=move || i18n.t(Text::MainNavigation)>
            <ul>
                {Route::MENU
                    .into_iter()
                    .map(|(route, label)| {
                        view! {
                            <li>
                                <A href=route.href(&root) exact=true>
                                    {move || i18n.t(label)}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
