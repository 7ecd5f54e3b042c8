//! FB-04: a suggestion adopted or not, and the owner told (with the reason when not). Neither
//! answer is chosen in advance.

use estate_core::feedback::FeedbackChange;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::command_outcome::FormGap;
use crate::components::pass_fail_choice::PassFailChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Text};

/// Deciding on a suggestion.
#[component]
pub fn SuggestionSection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let adopted = RwSignal::new(None::<bool>);
    let explanation = RwSignal::new(String::new());
    let decide = move |_| {
        let adopted = adopted
            .get_untracked()
            .ok_or_else(|| vec![FormGap::Missing(Text::AdoptionChoice)])?;
        Ok(case.with_untracked(|view| {
            view.command(FeedbackChange::SuggestionDecided {
                adopted,
                owner_informed: true,
                explanation: explanation.get_untracked().trim().to_owned(),
            })
        }))
    };
    view! {
        <section class="case-section" aria-labelledby="suggestion-title">
            <h2 id="suggestion-title">{move || i18n.t(Text::SuggestionTitle)}</h2>
            <PassFailChoice
                name="adopted"
                legend=Text::AdoptionChoice
                yes=Text::AdoptChoice
                no=Text::NotAdoptChoice
                choice=adopted
            />
            <TextField id="suggestion-explanation" label=Text::ExplanationForOwner value=explanation />
            <StepButton label=Text::RecordDecision look=StepLook::Primary command=decide />
        </section>
    }
}
