//! FEE-6: every charge, deduction and refund of the case, with who recorded it and when.

use leptos::prelude::*;

use super::CaseView;
use crate::i18n::renovation::{entry_kind_text, ledger_item_text, office_time, payer_text};
use crate::i18n::{I18n, Text};

/// The fee ledger of a case.
#[component]
pub fn LedgerSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
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
                                    <td>{entry.recorded_by.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
        </section>
    }
}
