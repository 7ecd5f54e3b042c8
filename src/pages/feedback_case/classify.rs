//! FB-23: the CS manager's class and cause.

use estate_core::feedback::{ComplaintClass, FeedbackChange};
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::choice_select::ChoiceSelect;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::feedback::CLASSES;
use crate::i18n::{I18n, Text};

/// Classifying a complaint.
#[component]
pub fn ClassifySection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let (class, cause) = case.with_untracked(|view| {
        (
            view.case.class.unwrap_or(ComplaintClass::Service),
            view.case.cause.clone(),
        )
    });
    let class = RwSignal::new(class);
    let cause = RwSignal::new(cause);
    let classify = move |_| {
        Ok(case.with_untracked(|view| {
            view.command(FeedbackChange::Classified {
                class: class.get_untracked(),
                cause: cause.get_untracked().trim().to_owned(),
            })
        }))
    };
    view! {
        <section class="case-section" aria-labelledby="classify-title">
            <h2 id="classify-title">{move || i18n.t(Text::ClassifyTitle)}</h2>
            <ChoiceSelect id="classify-class" label=Text::ClassLabel options=&CLASSES chosen=class />
            <TextField id="classify-cause" label=Text::CauseLabel value=cause />
            <StepButton label=Text::RecordClassify look=StepLook::Primary command=classify />
        </section>
    }
}
