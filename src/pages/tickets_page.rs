//! Route `/tickets`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn TicketsPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavTickets description=Text::PlaceholderTickets /> }
}
