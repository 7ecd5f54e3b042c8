//! Construction (REN-32..34): the worker passes and the permit, the patrols of the unit and
//! the rectification tickets they opened.

use estate_core::ledger::{Payer, PaymentMethod};
use estate_core::money::{Money, MoneyParseError};
use estate_core::renovation::{PassState, RenovationChange};
use estate_core::step::Step;
use estate_core::{EntityId, RuleId};
use leptos::prelude::*;

use super::fees::count;
use super::{renovation, CaseView};
use crate::components::command_outcome::{FormGap, RuleReference};
use crate::components::money_field::{money_problem_text, MoneyField};
use crate::components::payment_method_choice::PaymentMethodChoice;
use crate::components::photo_thumb::PhotoThumb;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::patrol::item_label;
use crate::i18n::renovation::office_time;
use crate::i18n::{fill, I18n, Text};

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
    let tickets = move || {
        case.with(|view| {
            view.open_tickets
                .iter()
                .map(|(id, _, _)| id.clone())
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
                <StepButton
                    label=Text::PermitLostAction
                    look=StepLook::Danger
                    consequence=Signal::derive(move || {
                        let amount = case.with(|view| view.policy.fees.lost_permit_deduction);
                        fill(i18n.t(Text::LostPermitConsequence), &[("amount", &amount)])
                    })
                    command=lose_permit
                />
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
            <Show
                when=move || case.with(|view| !view.open_tickets.is_empty())
                fallback=move || view! { <p class="hint">{move || i18n.t(Text::NoOpenTickets)}</p> }
            >
                <ul class="tickets">
                    <For each=tickets key=|id| id.clone() let(ticket)>
                        <TicketLine case=case ticket=ticket />
                    </For>
                </ul>
            </Show>
            <Show when=move || case.with(|view| view.can(Step::CollectExtras))>
                <ExtrasForm case=case />
            </Show>
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
                    consequence=Signal::derive(move || {
                        let amount = case.with(|view| view.policy.fees.lost_pass_deduction);
                        fill(i18n.t(Text::LostPassConsequence), &[("amount", &amount)])
                    })
                    command=move |_| case.with_untracked(|view| Ok((view.id.clone(), renovation([RenovationChange::pass_lost(&view.policy, number)]))))
                />
            </Show>
        </li>
    }
}

/// One open rectification ticket (REN-33), its patrol photos and, for the desk, the deduction
/// from the contractor's deposit for the violation: an amount and what it was for.
#[component]
fn TicketLine(case: Memo<CaseView>, ticket: EntityId) -> impl IntoView {
    let i18n = I18n::expect();
    let found = case.with_untracked(|view| {
        view.open_tickets
            .iter()
            .enumerate()
            .find(|(_, (id, _, _))| *id == ticket)
            .map(|(position, (_, found, photos))| {
                (position, found.clone(), photos.clone(), view.policy.clone())
            })
    });
    let Some((position, found, photos, policy)) = found else {
        return ().into_any();
    };
    let due = found
        .due
        .map(|due| office_time(due, &policy))
        .unwrap_or_default();
    let item = found.item;
    let note = found.note.clone();
    let line = {
        let note = note.clone();
        move || {
            let item = item
                .map(|item| i18n.t(item_label(item)))
                .unwrap_or_default();
            format!("{item} · {note} · {} {due}", i18n.t(Text::DueAt))
        }
    };
    let amount = RwSignal::new(Err::<Money, MoneyParseError>(MoneyParseError::Empty));
    let reason = RwSignal::new(note.clone());
    let deductible = move || case.with(|view| view.can(Step::DeductForViolation));
    let ticket_id = ticket.clone();
    let deduct = move |_| {
        let amount = amount.get_untracked().map_err(|problem| {
            vec![FormGap::Invalid(
                Text::DeductionAmount,
                money_problem_text(problem),
            )]
        })?;
        Ok((
            case.with_untracked(|view| view.id.clone()),
            renovation([RenovationChange::ViolationDeducted {
                payer: Payer::Contractor,
                amount,
                ticket: ticket_id.clone(),
                note: reason.get_untracked().trim().to_owned(),
            }]),
        ))
    };
    // Field ids by position, so no entity id shows up in the page.
    let field = move |name: &str| format!("deduct-{name}-{position}");
    view! {
        <li class="ticket">
            <span>{line}</span>
            " "
            <RuleReference rule=RuleId::Ren33 />
            <span class="photo-strip">
                {photos.into_iter().map(|sha| view! { <PhotoThumb sha256=sha alt=note.clone() /> }).collect_view()}
            </span>
            <Show when=deductible>
                <div class="field-row">
                    <MoneyField id=field("amount") label=Text::DeductionAmount amount=amount />
                    <div class="field">
                        <label for=field("reason")>{move || i18n.t(Text::DeductionReason)}</label>
                        <input id=field("reason") type="text" bind:value=reason />
                    </div>
                </div>
                <StepButton label=Text::DeductForViolation look=StepLook::Danger command=deduct.clone() />
            </Show>
        </li>
    }
    .into_any()
}

/// FEE-3/4/5 during the work: passes for new workers or in place of lost cards, and a permit
/// in place of a lost one, paid for on their own receipt before they are issued.
#[component]
fn ExtrasForm(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let pass_cards = RwSignal::new(String::from("1"));
    let permits = RwSignal::new(String::from("0"));
    let method = RwSignal::new(None::<PaymentMethod>);
    let collect = move |_| {
        let Some(method) = method.get_untracked() else {
            return Err(vec![FormGap::Missing(Text::PaymentMethodLabel)]);
        };
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::extras_from_policy(
                    &view.policy,
                    count(&pass_cards.get_untracked()),
                    count(&permits.get_untracked()),
                    method,
                )]),
            ))
        })
    };
    let method_label = Signal::derive(move || i18n.t(Text::PaymentMethodLabel).to_owned());
    view! {
        <h3>{move || i18n.t(Text::ExtrasTitle)}</h3>
        <div class="field-row">
            <div class="field">
                <label for="extra-pass-cards">{move || i18n.t(Text::ExtraPassCards)}</label>
                <input id="extra-pass-cards" type="number" min="0" inputmode="numeric" bind:value=pass_cards />
            </div>
            <div class="field">
                <label for="extra-permits">{move || i18n.t(Text::ExtraPermits)}</label>
                <input id="extra-permits" type="number" min="0" inputmode="numeric" bind:value=permits />
            </div>
            <PaymentMethodChoice id="extra-method" label=method_label chosen=method />
        </div>
        <StepButton label=Text::CollectExtras look=StepLook::Primary command=collect />
    }
}
