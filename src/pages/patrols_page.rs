//! Route `/patrols`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn PatrolsPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavPatrols description=Text::PlaceholderPatrols /> }
}
