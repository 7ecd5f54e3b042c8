//! Route `/`, the home page.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavDashboard description=Text::PlaceholderDashboard /> }
}
