//! FB-26: the department head's handling method, deadline and signature; then progress, and
//! the case handed back to customer service.

use estate_core::feedback::FeedbackChange;
use estate_core::step::Step;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::command_outcome::FormGap;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::renovation::parse_office_time;
use crate::i18n::{I18n, Text};

/// The responsible department's part.
#[component]
pub fn DepartmentSection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let method = RwSignal::new(String::new());
    let complete_by = RwSignal::new(String::new());
    let progress = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let signed_by = RwSignal::new(case.with_untracked(|view| view.person.clone()));
    let can = move |step: Step| move || case.with(|view| view.can(step));
    let sign = move |_| {
        case.with_untracked(|view| {
            let complete_by = parse_office_time(&complete_by.get_untracked(), &view.policy)
                .ok_or_else(|| vec![FormGap::Missing(Text::CompleteBy)])?;
            Ok(view.command(FeedbackChange::DepartmentAccepted {
                method: method.get_untracked().trim().to_owned(),
                complete_by,
                signed_by: signed_by.get_untracked().trim().to_owned(),
            }))
        })
    };
    let note = move |_| {
        let note = progress.get_untracked().trim().to_owned();
        Ok(case.with_untracked(|view| view.command(FeedbackChange::ProgressNoted { note })))
    };
    let handled = move |_| {
        let result = result.get_untracked().trim().to_owned();
        Ok(case.with_untracked(|view| view.command(FeedbackChange::Handled { result })))
    };
    view! {
        <section class="case-section" aria-labelledby="department-title">
            <h2 id="department-title">{move || i18n.t(Text::DepartmentTicketTitle)}</h2>
            <Show when=can(Step::SignHandlingMethod)>
                <div class="field">
                    <label for="department-method">{move || i18n.t(Text::MethodLabel)}</label>
                    <textarea id="department-method" rows="3" bind:value=method></textarea>
                </div>
                <div class="field">
                    <label for="department-complete-by">{move || i18n.t(Text::CompleteBy)}</label>
                    <input id="department-complete-by" type="datetime-local" bind:value=complete_by />
                </div>
                <TextField id="department-signed-by" label=Text::SignedByLabel value=signed_by />
                <StepButton label=Text::SignTicket look=StepLook::Primary command=sign />
            </Show>
            <Show when=can(Step::NoteProgress)>
                <TextField id="department-progress" label=Text::ProgressLabel value=progress />
                <StepButton label=Text::RecordProgress command=note />
            </Show>
            <Show when=can(Step::MarkHandled)>
                <TextField id="department-result" label=Text::ResultLabel value=result />
                <StepButton label=Text::MarkHandled look=StepLook::Primary command=handled />
            </Show>
        </section>
    }
}
