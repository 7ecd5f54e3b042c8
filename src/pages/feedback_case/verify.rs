//! FB-08: the course of events, verified at once.

use estate_core::feedback::FeedbackChange;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::{I18n, Text};

/// Verifying what happened.
#[component]
pub fn VerifySection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let course = RwSignal::new(case.with_untracked(|view| view.case.what.clone()));
    let verify = move |_| {
        let course_of_events = course.get_untracked().trim().to_owned();
        Ok(case.with_untracked(|view| view.command(FeedbackChange::Verified { course_of_events })))
    };
    view! {
        <section class="case-section" aria-labelledby="verify-title">
            <h2 id="verify-title">{move || i18n.t(Text::VerifyTitle)}</h2>
            <div class="field">
                <label for="verify-course">{move || i18n.t(Text::CourseOfEvents)}</label>
                <textarea id="verify-course" rows="3" bind:value=course></textarea>
            </div>
            <StepButton label=Text::RecordVerify look=StepLook::Primary command=verify />
        </section>
    }
}
