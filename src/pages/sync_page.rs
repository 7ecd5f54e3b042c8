//! Route `/sync`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn SyncPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavSync description=Text::PlaceholderSync /> }
}
