//! Construction (REN-32..34): the worker passes and the permit, the patrols of the unit and
//! the rectification tickets they opened.

use estate_core::renovation::{PassState, RenovationChange};
use estate_core::step::Step;
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::components::photo_thumb::PhotoThumb;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::patrol::item_label;
use crate::i18n::renovation::office_time;
use crate::i18n::{I18n, Text};

/// What happens on site while the work goes on.
#[component]
pub fn ConstructionSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let passes = move || {
        case.with(|view| {
            view.case
                .passes
                .iter()
                .map(|(number, state)| (*number, *state))
                .collect::<Vec<_>>()
        })
    };
    let lose_permit = move |_| {
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::permit_lost(&view.policy)]),
            ))
        })
    };
    view! {
        <section class="case-section" aria-labelledby="construction-title">
            <h2 id="construction-title">{move || i18n.t(Text::ConstructionTitle)}</h2>
            <h3>{move || i18n.t(Text::PassesLabel)}</h3>
            <ul class="passes">
                <For each=passes key=|pass| *pass let((number, state))>
                    <PassRow case=case number=number state=state />
                </For>
            </ul>
            <Show when=move || case.with(|view| view.can(Step::RecordLostPermit))>
                <StepButton label=Text::PermitLostAction look=StepLook::Danger command=lose_permit />
            </Show>
            <h3>{move || i18n.t(Text::PatrolHistory)}</h3>
            {move || case.with(|view| {
                if view.patrols.is_empty() {
                    return view! { <p class="hint">{move || i18n.t(Text::NoPatrols)}</p> }.into_any();
                }
                let lines: Vec<String> = view.patrols.iter().map(|(_, patrol)| {
                    let failed = patrol.record.violations().count();
                    format!("{} · {} · ✗ {failed} · 📷 {}", office_time(patrol.at, &view.policy), patrol.inspector, patrol.record.photos.len())
                }).collect();
                view! { <ul class="patrols">{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul> }.into_any()
            })}
            <h3>{move || i18n.t(Text::OpenTickets)}</h3>
            {move || case.with(|view| {
                if view.open_tickets.is_empty() {
                    return view! { <p class="hint">{move || i18n.t(Text::NoOpenTickets)}</p> }.into_any();
                }
                let tickets: Vec<_> = view.open_tickets.iter().map(|(_, ticket, photos)| {
                    let due = ticket.due.map(|due| office_time(due, &view.policy)).unwrap_or_default();
                    let item = ticket.item.map(|item| i18n.t(item_label(item))).unwrap_or_default();
                    (format!("{item} · {} · {} {due} · REN-33", ticket.note, i18n.t(Text::DueAt)), ticket.note.clone(), photos.clone())
                }).collect();
                view! {
                    <ul class="tickets">
                        {tickets.into_iter().map(|(line, note, photos)| view! {
                            <li class="ticket">
                                <span>{line}</span>
                                <span class="photo-strip">
                                    {photos.into_iter().map(|sha| view! { <PhotoThumb sha256=sha alt=note.clone() /> }).collect_view()}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

/// One worker pass and, while it is out, its return or loss (FEE-4, REN-34).
#[component]
fn PassRow(case: Memo<CaseView>, number: u32, state: PassState) -> impl IntoView {
    let i18n = I18n::expect();
    let state_text = match state {
        PassState::Issued => Text::PassOut,
        PassState::Returned => Text::PassReturnedState,
        PassState::Lost => Text::PassLostState,
    };
    let out =
        move || state == PassState::Issued && case.with(|view| view.can(Step::RecordReturnedPass));
    let named = move |action: Text| {
        Signal::derive(move || format!("{} {number} {}", i18n.t(Text::PassesLabel), i18n.t(action)))
    };
    view! {
        <li class="pass">
            <span>{move || format!("{} {number}", i18n.t(Text::PassesLabel))}</span>
            <span>{move || i18n.t(state_text)}</span>
            <Show when=out>
                <StepButton
                    label=Text::MarkReturned
                    aria_label=named(Text::MarkReturned)
                    command=move |_| case.with_untracked(|view| Ok((view.id.clone(), renovation([RenovationChange::PassReturned { number }]))))
                />
                <StepButton
                    label=Text::MarkLost
                    look=StepLook::Danger
                    aria_label=named(Text::MarkLost)
                    command=move |_| case.with_untracked(|view| Ok((view.id.clone(), renovation([RenovationChange::pass_lost(&view.policy, number)]))))
                />
            </Show>
        </li>
    }
}
