//! Route `/feedback`.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::i18n::Text;

#[component]
pub fn FeedbackPage() -> impl IntoView {
    view! { <ComingSoon title=Text::NavFeedback description=Text::PlaceholderFeedback /> }
}
