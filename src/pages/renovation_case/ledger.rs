//! FEE-6: every charge, deduction, reversal and refund of the case, with who recorded it and
//! when; the receipts (one per payer per collection) and refund slips, each printable by its
//! number; and voiding a wrong receipt, which reverses it and never edits it.

use estate_core::ledger::{CollectionKind, Receipt, RefundSlip};
use estate_core::renovation::RenovationChange;
use estate_core::step::Step;
use estate_core::Money;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{renovation, CaseView};
use crate::app_root::AppRoot;
use crate::components::command_outcome::FormGap;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::renovation::{
    entry_kind_text, ledger_item_text, office_time, payer_text, payment_method_text,
};
use crate::i18n::{fill, I18n, Text};
use crate::routes::{PrintForm, PrintOf, Route};

/// What a receipt was for.
fn collection_text(kind: CollectionKind) -> Text {
    match kind {
        CollectionKind::Intake => Text::CollectionIntake,
        CollectionKind::Extras => Text::CollectionExtras,
        CollectionKind::Owed => Text::CollectionOwed,
    }
}

/// Money handled by steps held for review (issue #21): the cash changed hands, but the ledger
/// counts it only once a reviewer chooses that step, so the manager sees it here, apart.
#[component]
fn HeldMoneyNotice(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    move || {
        case.with(|view| {
            if view.held_money.is_empty() {
                return None;
            }
            let policy = view.policy.clone();
            let lines = view
                .held_money
                .iter()
                .map(|held| {
                    let at = office_time(held.at, &policy);
                    let by = held.by.clone();
                    let (collected, paid_out) = (held.collected, held.paid_out);
                    view! {
                        <li>
                            {at} " · " {by} " · "
                            {move || {
                                let mut parts = Vec::new();
                                if collected != Money::ZERO {
                                    parts.push(format!("{}{collected}", i18n.t(Text::HeldCollected)));
                                }
                                if paid_out != Money::ZERO {
                                    parts.push(format!("{}{paid_out}", i18n.t(Text::HeldPaidOut)));
                                }
                                parts.join(" · ")
                            }}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="held-money" role="note" aria-labelledby="held-money-title">
                    <h3 id="held-money-title">{move || i18n.t(Text::HeldMoneyTitle)}</h3>
                    <p>{move || i18n.t(Text::HeldMoneyIntro)}</p>
                    <ul>{lines}</ul>
                    <A href=Route::Conflicts(Some(view.id.clone())).href(&root)>{move || i18n.t(Text::ReviewConflicts)}</A>
                </div>
            })
        })
    }
}

/// The fee ledger of a case, its receipts and its refund slips.
#[component]
pub fn LedgerSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let receipts = move || case.with(|view| view.case.receipts.clone());
    let slips = move || case.with(|view| view.case.refund_slips.clone());
    view! {
        <section class="case-section" aria-labelledby="ledger-title">
            <h2 id="ledger-title">{move || i18n.t(Text::LedgerTitle)}</h2>
            {move || case.with(|view| {
                let entries = view.case.ledger.entries.clone();
                if entries.is_empty() {
                    return view! { <p class="hint">{move || i18n.t(Text::NoLedger)}</p> }.into_any();
                }
                let policy = view.policy.clone();
                view! {
                    <table class="ledger">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(Text::WhenLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::KindColumn)}</th>
                                <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::AmountLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::PaperColumn)}</th>
                                <th scope="col">{move || i18n.t(Text::RecordedBy)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|entry| view! {
                                <tr>
                                    <td>{office_time(entry.recorded_at, &policy)}</td>
                                    <td>{move || i18n.t(entry_kind_text(entry.kind))}</td>
                                    <td>{move || i18n.t(payer_text(entry.payer))}</td>
                                    <td>{move || i18n.t(ledger_item_text(entry.item))} " " {entry.note.clone()}</td>
                                    <td class="amount">{entry.amount.to_string()}</td>
                                    <td>{entry.document.clone().unwrap_or_default()}</td>
                                    <td>{entry.recorded_by.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <HeldMoneyNotice case=case />
            <Show when=move || case.with(|view| !view.case.receipts.is_empty())>
                <h3>{move || i18n.t(Text::ReceiptsTitle)}</h3>
                <ul class="papers" aria-label=move || i18n.t(Text::ReceiptsTitle)>
                    <For each=receipts key=|receipt| (receipt.number.clone(), receipt.voided.is_some()) let(receipt)>
                        <ReceiptLine case=case receipt=receipt />
                    </For>
                </ul>
            </Show>
            <Show when=move || case.with(|view| !view.case.refund_slips.is_empty())>
                <h3>{move || i18n.t(Text::RefundSlipsTitle)}</h3>
                <ul class="papers" aria-label=move || i18n.t(Text::RefundSlipsTitle)>
                    <For each=slips key=|slip| slip.number.clone() let(slip)>
                        <SlipLine case=case slip=slip />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// One refund slip and the link that prints it for the payee to sign.
#[component]
fn SlipLine(case: Memo<CaseView>, slip: RefundSlip) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let route = case.with_untracked(|view| {
        Route::Print(
            PrintForm::RefundSlip,
            PrintOf::Paper(view.id.clone(), slip.number.clone()),
        )
    });
    let number = slip.number.clone();
    let (payer, method) = (slip.payer, slip.method);
    view! {
        <li class="paper">
            <span class="paper__number">{slip.number.clone()}</span>
            <span>{move || i18n.t(payer_text(payer))}</span>
            <span class="amount">{slip.amount.to_string()}</span>
            <span>{move || method.map(|m| i18n.t(payment_method_text(m))).unwrap_or_default()}</span>
            <A href=route.href(&root) attr:class="button">
                {move || fill(i18n.t(Text::PrintRefundSlipNumbered), &[("number", &number)])}
            </A>
        </li>
    }
}

/// One receipt: its number, payer, method and total, the link that prints it and, for those
/// who may, voiding it with a reason.
#[component]
fn ReceiptLine(case: Memo<CaseView>, receipt: Receipt) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let reason = RwSignal::new(String::new());
    let number = receipt.number.clone();
    let route = case.with_untracked(|view| {
        Route::Print(
            PrintForm::Receipt,
            PrintOf::Paper(view.id.clone(), number.clone()),
        )
    });
    let live = receipt.is_live();
    let voidable = move || live && case.with(|view| view.can(Step::VoidReceipt));
    let void_number = number.clone();
    let void = move |_| {
        let reason = reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return Err(vec![FormGap::Missing(Text::VoidReasonLabel)]);
        }
        Ok((
            case.with_untracked(|view| view.id.clone()),
            renovation([RenovationChange::ReceiptVoided {
                receipt: void_number.clone(),
                reason,
            }]),
        ))
    };
    let reason_id = format!("void-reason-{number}");
    let print_number = number.clone();
    let void_label_number = number.clone();
    let method = receipt.method;
    let payer = receipt.payer;
    let kind = receipt.kind;
    view! {
        <li class="paper" class:paper--void=!live>
            <span class="paper__number">{number.clone()}</span>
            <span>{move || i18n.t(collection_text(kind))}</span>
            <span>{move || i18n.t(payer_text(payer))}</span>
            <span>{move || method.map(|m| i18n.t(payment_method_text(m))).unwrap_or_default()}</span>
            <span class="amount">{receipt.total().to_string()}</span>
            {(!live).then(|| view! { <span class="badge badge--void">{move || i18n.t(Text::VoidedStamp)}</span> })}
            <A href=route.href(&root) attr:class="button">
                {move || fill(i18n.t(Text::PrintReceiptNumbered), &[("number", &print_number)])}
            </A>
            <Show when=voidable>
                <div class="field">
                    <label for=reason_id.clone()>{move || i18n.t(Text::VoidReasonLabel)}</label>
                    <input id=reason_id.clone() type="text" bind:value=reason />
                </div>
                <StepButton
                    label=Text::VoidReceipt
                    look=StepLook::Danger
                    aria_label=Signal::derive({
                        let number = void_label_number.clone();
                        move || format!("{} {number}", i18n.t(Text::VoidReceipt))
                    })
                    command=void.clone()
                />
            </Show>
        </li>
    }
}
