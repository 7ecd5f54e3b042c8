//! FB-22, FB-03, FB-09: the reply within the policy's hours, or a reply time the resident
//! agreed to.

use estate_core::feedback::FeedbackChange;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::command_outcome::FormGap;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::renovation::parse_office_time;
use crate::i18n::{fill, I18n, Text};

/// Replying to the resident.
#[component]
pub fn ReplySection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let explanation = RwSignal::new(String::new());
    let reply_by = RwSignal::new(String::new());
    let agreed = RwSignal::new(false);
    let reply = move |_| {
        let explanation = explanation.get_untracked().trim().to_owned();
        Ok(case.with_untracked(|view| view.command(FeedbackChange::ReplyGiven { explanation })))
    };
    let agree = move |_| {
        case.with_untracked(|view| {
            let reply_by = parse_office_time(&reply_by.get_untracked(), &view.policy)
                .ok_or_else(|| vec![FormGap::Missing(Text::ReplyBy)])?;
            Ok(view.command(FeedbackChange::ReplyTimeAgreed {
                reply_by,
                resident_agreed: agreed.get_untracked(),
            }))
        })
    };
    view! {
        <section class="case-section" aria-labelledby="reply-title">
            <h2 id="reply-title">{move || {
                let hours = case.with(|view| view.policy.feedback_reply_hours);
                fill(i18n.t(Text::ReplyTitle), &[("hours", &hours)])
            }}</h2>
            <TextField id="reply-explanation" label=Text::ExplanationLabel value=explanation />
            <StepButton label=Text::RecordReply look=StepLook::Primary command=reply />
            <h3>{move || i18n.t(Text::AgreedReplyTitle)}</h3>
            <div class="field">
                <label for="reply-by">{move || i18n.t(Text::ReplyBy)}</label>
                <input id="reply-by" type="datetime-local" bind:value=reply_by />
            </div>
            <div class="field field--check">
                <input id="reply-agreed" type="checkbox" bind:checked=agreed />
                <label for="reply-agreed">{move || i18n.t(Text::ResidentAgreed)}</label>
            </div>
            <StepButton label=Text::RecordAgreedReply command=agree />
        </section>
    }
}
