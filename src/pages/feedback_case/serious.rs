//! FB-05, FB-06, FB-07: a serious complaint and its apology, escalation, a resident's request
//! to see management and its answer, special incidents.

use estate_core::feedback::{ApologyMeans, FeedbackChange};
use estate_core::step::Step;
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::step_button::StepButton;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Text};

/// What a serious complaint needs beyond the usual flow.
#[component]
pub fn SeriousSection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let to = RwSignal::new(String::new());
    let containment = RwSignal::new(String::new());
    let request = RwSignal::new(String::new());
    let answered_by = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let reported_to = RwSignal::new(String::new());
    let can = move |step: Step| move || case.with(|view| view.can(step));
    let record = move |change: FeedbackChange| Ok(case.with_untracked(|view| view.command(change)));
    let apology = move |means| move |_| record(FeedbackChange::ApologyMade { means });
    view! {
        <section class="case-section" aria-labelledby="serious-title">
            <h2 id="serious-title">{move || i18n.t(Text::SeriousTitle)}</h2>
            <Show when=can(Step::FlagSerious)>
                <StepButton label=Text::FlagSerious command=move |_| record(FeedbackChange::FlaggedSerious) />
            </Show>
            <Show when=can(Step::Apologise)>
                <div class="choice-row">
                    <StepButton label=Text::ApologyHomeVisit command=apology(ApologyMeans::HomeVisit) />
                    <StepButton label=Text::ApologyPhone command=apology(ApologyMeans::Phone) />
                </div>
            </Show>
            <Show when=can(Step::Escalate)>
                <TextField id="escalate-to" label=Text::EscalateTo value=to />
                <StepButton label=Text::RecordEscalate command=move |_| record(FeedbackChange::Escalated { to: to.get_untracked().trim().to_owned() }) />
            </Show>
            <Show when=can(Step::RecordManagementRequest)>
                <TextField id="management-request" label=Text::ManagementRequestLabel value=request />
                <StepButton label=Text::RecordManagementRequest command=move |_| record(FeedbackChange::ManagementRequested {
                    request: request.get_untracked().trim().to_owned(),
                }) />
            </Show>
            <Show when=can(Step::AnswerManagementRequest)>
                <p class="hint" role="note">
                    {move || case.with(|view| view.case.management_request.clone().unwrap_or_default())}
                </p>
                <TextField id="management-answered-by" label=Text::ManagementAnsweredByLabel value=answered_by />
                <TextField id="management-outcome" label=Text::ManagementOutcomeLabel value=outcome />
                <StepButton label=Text::RecordManagementAnswer command=move |_| record(FeedbackChange::ManagementAnswered {
                    by: answered_by.get_untracked().trim().to_owned(),
                    outcome: outcome.get_untracked().trim().to_owned(),
                }) />
            </Show>
            <Show when=can(Step::RecordSpecialIncident)>
                <h3>{move || i18n.t(Text::SpecialIncidentTitle)}</h3>
                <TextField id="incident-containment" label=Text::ContainmentLabel value=containment />
                <TextField id="incident-reported-to" label=Text::ReportedToLabel value=reported_to />
                <StepButton label=Text::RecordIncident command=move |_| record(FeedbackChange::SpecialIncident {
                    containment: containment.get_untracked().trim().to_owned(),
                    reported_to: reported_to.get_untracked().trim().to_owned(),
                }) />
            </Show>
        </section>
    }
}
