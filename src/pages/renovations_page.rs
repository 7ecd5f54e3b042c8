//! Route `/renovations`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn RenovationsPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavRenovations description=Text::PlaceholderRenovations /> }
}
