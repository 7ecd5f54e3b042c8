//! REN-40: the owner or contractor asks for the acceptance, the office schedules it, and the
//! supervisor or an inspector records the result: a failed acceptance lists its defects and
//! sends the case back to construction. The result starts unchosen.

use estate_core::renovation::RenovationChange;
use estate_core::step::Step;
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::components::command_outcome::FormGap;
use crate::components::pass_fail_choice::PassFailChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::renovation::{office_time, parse_office_time};
use crate::i18n::{I18n, Text};

/// Requesting, scheduling and recording the acceptance.
#[component]
pub fn AcceptanceSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let schedule_at = RwSignal::new(String::new());
    let passed = RwSignal::new(None::<bool>);
    let defects = RwSignal::new(String::new());
    let can = move |step: Step| move || case.with(|view| view.can(step));
    let id = move || case.with_untracked(|view| view.id.clone());
    let scheduled = move || {
        case.with(|view| {
            view.case
                .acceptance_scheduled_for
                .map(|at| office_time(at, &view.policy))
        })
    };
    let defects_text = move || case.with(|view| view.case.open_defects.clone());
    let schedule = move |_| {
        let at = case
            .with_untracked(|view| parse_office_time(&schedule_at.get_untracked(), &view.policy))
            .ok_or_else(|| vec![FormGap::Missing(Text::AcceptanceTime)])?;
        Ok((
            id(),
            renovation([RenovationChange::AcceptanceScheduled { at }]),
        ))
    };
    let record = move |_| {
        let passed = passed
            .get_untracked()
            .ok_or_else(|| vec![FormGap::Missing(Text::AcceptanceResult)])?;
        let defects = defects
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        Ok((
            id(),
            renovation([RenovationChange::AcceptanceRecorded { passed, defects }]),
        ))
    };
    view! {
        <section class="case-section" aria-labelledby="acceptance-title">
            <h2 id="acceptance-title">{move || i18n.t(Text::AcceptanceFormTitle)}</h2>
            {move || {
                let open = defects_text();
                (!open.is_empty()).then(|| view! {
                    <h3>{move || i18n.t(Text::OpenDefects)}</h3>
                    <ul>{open.into_iter().map(|defect| view! { <li>{defect}</li> }).collect_view()}</ul>
                })
            }}
            <Show when=can(Step::RequestAcceptance)>
                <StepButton label=Text::RequestAcceptance look=StepLook::Primary command=move |_| Ok((id(), renovation([RenovationChange::AcceptanceRequested]))) />
            </Show>
            {move || scheduled().map(|at| view! { <p class="scheduled">{move || format!("{} {at}", i18n.t(Text::ScheduledFor))}</p> })}
            <Show when=can(Step::ScheduleAcceptance)>
                <div class="field">
                    <label for="acceptance-time">{move || i18n.t(Text::AcceptanceTime)}</label>
                    <input id="acceptance-time" type="datetime-local" bind:value=schedule_at />
                    <StepButton label=Text::ScheduleAcceptance command=schedule />
                </div>
            </Show>
            <Show when=can(Step::RecordAcceptance)>
                <div class="acceptance-form">
                    <PassFailChoice
                        name="acceptance"
                        legend=Text::AcceptanceResult
                        yes=Text::AcceptancePassed
                        no=Text::AcceptanceFailed
                        choice=passed
                    />
                    <div class="field">
                        <label for="acceptance-defects">{move || i18n.t(Text::DefectsLabel)}</label>
                        <textarea id="acceptance-defects" rows="3" bind:value=defects></textarea>
                    </div>
                    <StepButton label=Text::RecordAcceptance look=StepLook::Primary command=record />
                </div>
            </Show>
        </section>
    }
}
