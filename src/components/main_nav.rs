//! The main navigation: a side rail on a landscape tablet or PC, a wrapping bar in portrait.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::i18n::{I18n, Text};

/// Every route of the shell with its label, in menu order.
pub const ROUTES: [(&str, Text); 8] = [
    ("/", Text::NavDashboard),
    ("/renovations", Text::NavRenovations),
    ("/feedback", Text::NavFeedback),
    ("/patrols", Text::NavPatrols),
    ("/tickets", Text::NavTickets),
    ("/reports", Text::NavReports),
    ("/sync", Text::NavSync),
    ("/settings", Text::NavSettings),
];

#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    view! {
        <nav class="main-nav" aria-label=move || i18n.t(Text::MainNavigation)>
            <ul>
                {ROUTES
                    .into_iter()
                    .map(|(route, label)| {
                        view! {
                            <li>
                                <A href=root.href(route) exact=true>
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
