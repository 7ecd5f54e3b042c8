//! Route `/reports`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavReports description=Text::PlaceholderReports /> }
}
