//! REN-41, FEE-7: what each payer gets back, never negative, with what is still owed and its
//! collection on a receipt; a balance the CS manager writes off with a reason; an application
//! withdrawn before construction, whose deposits then come back too; and closing, which waits
//! until every balance is settled.

use estate_core::ledger::{Payer, PayerBalance, Payment, PaymentMethod};
use estate_core::renovation::RenovationChange;
use estate_core::step::Step;
use estate_core::Money;
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::components::command_outcome::FormGap;
use crate::components::payment_method_choice::PaymentMethodChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::renovation::payer_text;
use crate::i18n::{fill, I18n, Text};

/// The deposit refund of each payer, and closing.
#[component]
pub fn RefundSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let balances = move || {
        case.with(|view| {
            [Payer::Contractor, Payer::Owner]
                .into_iter()
                .map(|payer| view.case.balance(payer))
                .filter(|balance| {
                    balance.deposit_paid > Money::ZERO
                        || balance.refundable > Money::ZERO
                        || balance.still_owed > Money::ZERO
                })
                .collect::<Vec<_>>()
        })
    };
    let closing_reason = RwSignal::new(String::new());
    let close = move |_| {
        let reason = closing_reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return Err(vec![FormGap::Missing(Text::ClosingReasonLabel)]);
        }
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::ClosedBecause { reason }]),
            ))
        })
    };
    let withdrawal_reason = RwSignal::new(String::new());
    let withdraw = move |_| {
        let reason = withdrawal_reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return Err(vec![FormGap::Missing(Text::WithdrawalReasonLabel)]);
        }
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::Withdrawn { reason }]),
            ))
        })
    };
    view! {
        <section class="case-section" aria-labelledby="refund-title">
            <h2 id="refund-title">{move || i18n.t(Text::RefundTitle)}</h2>
            <table class="ledger refund">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::DepositPaid)}</th>
                        <th scope="col">{move || i18n.t(Text::DeductionsLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::ReturnedCardDeposits)}</th>
                        <th scope="col">{move || i18n.t(Text::AlreadyRefunded)}</th>
                        <th scope="col">{move || i18n.t(Text::RefundableNow)}</th>
                        <th scope="col">{move || i18n.t(Text::StillOwed)}</th>
                        <th scope="col">{move || i18n.t(Text::ActionsTitle)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=balances key=|balance| (balance.payer, balance.refundable, balance.still_owed, balance.already_refunded) let(balance)>
                        <BalanceRow case=case balance=balance />
                    </For>
                </tbody>
            </table>
            <Show when=move || case.with(|view| view.can(Step::Withdraw))>
                <div class="field">
                    <label for="withdrawal-reason">{move || i18n.t(Text::WithdrawalReasonLabel)}</label>
                    <input id="withdrawal-reason" type="text" bind:value=withdrawal_reason />
                </div>
                <StepButton
                    label=Text::WithdrawApplication
                    look=StepLook::Danger
                    consequence=Signal::derive(move || i18n.t(Text::WithdrawConsequence).to_owned())
                    command=withdraw
                />
            </Show>
            <Show when=move || case.with(|view| view.can(Step::Close))>
                <TextField id="renovation-closing-reason" label=Text::ClosingReasonLabel value=closing_reason />
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

/// A field's id for `payer`'s row, unique on the page.
fn payer_field(what: &str, payer: Payer) -> String {
    let payer = match payer {
        Payer::Contractor => "contractor",
        Payer::Owner => "owner",
    };
    format!("{what}-{payer}")
}

/// A label of the catalogue that names the payer (`{payer}退款方式`).
fn of_payer(text: Text, payer: Payer) -> Signal<String> {
    let i18n = I18n::expect();
    Signal::derive(move || fill(i18n.t(text), &[("payer", &i18n.t(payer_text(payer)))]))
}

/// One payer's balance and, when money is due back, the refund.
#[component]
fn BalanceRow(case: Memo<CaseView>, balance: PayerBalance) -> impl IntoView {
    let i18n = I18n::expect();
    let payer = balance.payer;
    let amount = balance.refundable;
    let payable = move || amount > Money::ZERO && case.with(|view| view.can(Step::PayRefund));
    let method = RwSignal::new(None::<PaymentMethod>);
    let pay = move |_| {
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::RefundPaid {
                    payer,
                    amount,
                    method: method.get_untracked(),
                    slip: None,
                }]),
            ))
        })
    };
    let method_label = of_payer(Text::RefundMethodOf, payer);
    let method_id = payer_field("refund-method", payer);
    // FEE-7: what the payer still owes, collected on its own receipt.
    let owed = balance.still_owed;
    let collectable = move || owed > Money::ZERO && case.with(|view| view.can(Step::CollectOwed));
    let owed_method = RwSignal::new(None::<PaymentMethod>);
    let collect_owed = move |_| {
        let Some(method) = owed_method.get_untracked() else {
            return Err(vec![FormGap::Missing(Text::PaymentMethodLabel)]);
        };
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::OwedCollected {
                    payer,
                    amount: owed,
                    payment: Payment::by(payer, method),
                }]),
            ))
        })
    };
    let owed_label = of_payer(Text::PaymentMethodOf, payer);
    let owed_method_id = payer_field("owed-method", payer);
    // FEE-7: the CS manager settles a balance nobody will pay or collect, with a reason.
    let net = balance.net();
    let writable = move || net != Money::ZERO && case.with(|view| view.can(Step::WriteOffBalance));
    let write_off_reason = RwSignal::new(String::new());
    let write_off = move |_| {
        let reason = write_off_reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return Err(vec![FormGap::Missing(Text::WriteOffReasonLabel)]);
        }
        case.with_untracked(|view| {
            Ok((
                view.id.clone(),
                renovation([RenovationChange::BalanceWrittenOff { payer, net, reason }]),
            ))
        })
    };
    let write_off_id = payer_field("write-off-reason", payer);
    let write_off_label = of_payer(Text::WriteOffReasonOf, payer);
    view! {
        <tr>
            <th scope="row">{move || i18n.t(payer_text(payer))}</th>
            <td class="amount">{balance.deposit_paid.to_string()}</td>
            <td class="amount">{balance.deductions.to_string()}</td>
            <td class="amount">{balance.returned_card_deposits.to_string()}</td>
            <td class="amount">{balance.already_refunded.to_string()}</td>
            <td class="amount refundable">{amount.to_string()}</td>
            <td class="amount">{balance.still_owed.to_string()}</td>
            <td>
                <Show when=payable>
                    <PaymentMethodChoice id=method_id.clone() label=method_label chosen=method />
                    <StepButton
                        label=Text::PayRefund
                        look=StepLook::Primary
                        aria_label=Signal::derive(move || format!("{} · {} · {amount}", i18n.t(Text::PayRefund), i18n.t(payer_text(payer))))
                        command=pay
                    />
                </Show>
                <Show when=collectable>
                    <PaymentMethodChoice id=owed_method_id.clone() label=owed_label chosen=owed_method />
                    <StepButton
                        label=Text::CollectOwed
                        look=StepLook::Primary
                        aria_label=Signal::derive(move || format!("{} · {} · {owed}", i18n.t(Text::CollectOwed), i18n.t(payer_text(payer))))
                        command=collect_owed
                    />
                </Show>
                <Show when=writable>
                    <div class="field">
                        <label for=write_off_id.clone()>{move || write_off_label.get()}</label>
                        <input id=write_off_id.clone() type="text" bind:value=write_off_reason />
                    </div>
                    <StepButton
                        label=Text::WriteOffBalance
                        look=StepLook::Danger
                        aria_label=Signal::derive(move || format!("{} · {} · {net}", i18n.t(Text::WriteOffBalance), i18n.t(payer_text(payer))))
                        command=write_off
                    />
                </Show>
            </td>
        </tr>
    }
}
