//! FB-10: the follow-up visit within the policy's days after handling; an unhappy resident
//! reopens the case. Satisfied or not starts unchosen, so the monthly satisfaction figure
//! counts only what residents said.

use estate_core::feedback::FeedbackChange;
use estate_core::step::Step;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::command_outcome::FormGap;
use crate::components::pass_fail_choice::PassFailChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::{fill, I18n, Text};

/// The follow-up visit, reopening and closing.
#[component]
pub fn FollowUpSection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let satisfied = RwSignal::new(None::<bool>);
    let opinion = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let can = move |step: Step| move || case.with(|view| view.can(step));
    let visit = move |_| {
        let satisfied = satisfied
            .get_untracked()
            .ok_or_else(|| vec![FormGap::Missing(Text::SatisfactionChoice)])?;
        Ok(case.with_untracked(|view| {
            view.command(FeedbackChange::FollowUpVisited {
                satisfied,
                opinion: opinion.get_untracked().trim().to_owned(),
            })
        }))
    };
    let reopen = move |_| {
        let reason = reason.get_untracked().trim().to_owned();
        Ok(case.with_untracked(|view| view.command(FeedbackChange::Reopened { reason })))
    };
    let closing_reason = RwSignal::new(String::new());
    let close = move |_| {
        let reason = closing_reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return Err(vec![FormGap::Missing(Text::ClosingReasonLabel)]);
        }
        Ok(case.with_untracked(|view| view.command(FeedbackChange::ClosedBecause { reason })))
    };
    view! {
        <section class="case-section" aria-labelledby="follow-up-title">
            <h2 id="follow-up-title">{move || {
                let days = case.with(|view| view.policy.follow_up_visit_days);
                fill(i18n.t(Text::FollowUpTitle), &[("days", &days)])
            }}</h2>
            <Show when=can(Step::FollowUpVisit)>
                <PassFailChoice
                    name="satisfied"
                    legend=Text::SatisfactionChoice
                    yes=Text::SatisfiedChoice
                    no=Text::NotSatisfiedChoice
                    choice=satisfied
                />
                <TextField id="follow-up-opinion" label=Text::OpinionLabel value=opinion />
                <StepButton label=Text::RecordFollowUp look=StepLook::Primary command=visit />
            </Show>
            <Show when=can(Step::Reopen)>
                <TextField id="reopen-reason" label=Text::ReopenReason value=reason />
                <StepButton label=Text::ReopenCase command=reopen />
            </Show>
            <Show when=can(Step::Close)>
                <TextField id="feedback-closing-reason" label=Text::ClosingReasonLabel value=closing_reason />
                <StepButton
                    label=Text::CloseCase
                    look=StepLook::Danger
                    consequence=Signal::derive(move || i18n.t(Text::CloseConsequence).to_owned())
                    command=close
                />
            </Show>
        </section>
    }
}
