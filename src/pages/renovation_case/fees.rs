//! REN-20, FEE-1..5: the fees pre-filled from the office's policy, then the permit, the worker
//! passes, the hot-work permit and the agreement; construction starts once all are done. Each
//! part shows only while core opens its step.

use estate_core::ledger::{Payer, Payment, PaymentMethod};
use estate_core::renovation::RenovationChange;
use estate_core::step::Step;
use estate_core::Money;
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::components::payment_method_choice::PaymentMethodChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::renovation::{ledger_item_text, payer_text};
use crate::i18n::{fill, I18n, Text};

/// A count typed in a number field; anything else counts as none.
pub(super) fn count(text: &str) -> u32 {
    text.trim().parse::<u32>().unwrap_or(0)
}

/// The front desk's steps before construction.
#[component]
pub fn FeesSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let pass_cards = RwSignal::new(String::from("2"));
    let permits = RwSignal::new(String::from("1"));
    let permit_number = RwSignal::new(String::new());
    let hot_work_number = RwSignal::new(String::new());
    let passes_to_issue = RwSignal::new(String::from("1"));
    let can = move |step: Step| move || case.with(|view| view.can(step));
    let step = move |change: RenovationChange| {
        let id = case.with_untracked(|view| view.id.clone());
        Ok((id, renovation([change])))
    };
    let fees = move || {
        case.with(|view| {
            RenovationChange::fees_from_policy(
                &view.policy,
                count(&pass_cards.get()),
                count(&permits.get()),
            )
        })
    };
    let charges = move || match fees() {
        RenovationChange::FeesCharged { charges, .. } => charges,
        _ => Vec::new(),
    };
    let contractor_method = RwSignal::new(None::<PaymentMethod>);
    let owner_method = RwSignal::new(None::<PaymentMethod>);
    // One receipt per payer, each naming how that payer paid; core names a payer left unchosen.
    let collect = move |_| {
        let mut change = fees();
        if let RenovationChange::FeesCharged { payments, .. } = &mut change {
            *payments = [
                (Payer::Contractor, contractor_method),
                (Payer::Owner, owner_method),
            ]
            .into_iter()
            .filter_map(|(payer, method)| {
                method
                    .get_untracked()
                    .map(|method| Payment::by(payer, method))
            })
            .collect();
        }
        step(change)
    };
    let method_label = move |payer: Payer| {
        Signal::derive(move || {
            fill(
                i18n.t(Text::PaymentMethodOf),
                &[("payer", &i18n.t(payer_text(payer)))],
            )
        })
    };
    let issue_permit = move |_| {
        step(RenovationChange::PermitIssued {
            number: permit_number.get_untracked().trim().to_owned(),
        })
    };
    let issue_passes = move |_| {
        let next =
            case.with_untracked(|view| view.case.passes.keys().max().map_or(1, |last| last + 1));
        let numbers = (next..next + count(&passes_to_issue.get_untracked())).collect();
        step(RenovationChange::PassesIssued { numbers })
    };
    let issue_hot_work = move |_| {
        step(RenovationChange::HotWorkPermitIssued {
            number: hot_work_number.get_untracked().trim().to_owned(),
        })
    };
    view! {
        <section class="case-section" aria-labelledby="fees-title">
            <h2 id="fees-title">{move || i18n.t(Text::FeesTitle)}</h2>
            <Show when=can(Step::CollectFees)>
                <div class="field-row">
                    <div class="field">
                        <label for="fee-pass-cards">{move || i18n.t(Text::PassCardsLabel)}</label>
                        <input id="fee-pass-cards" type="number" min="0" inputmode="numeric" bind:value=pass_cards />
                    </div>
                    <div class="field">
                        <label for="fee-permits">{move || i18n.t(Text::PermitsLabel)}</label>
                        <input id="fee-permits" type="number" min="0" inputmode="numeric" bind:value=permits />
                    </div>
                </div>
                <table class="ledger">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                            <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                            <th scope="col">{move || i18n.t(Text::AmountLabel)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || charges()
                            .into_iter()
                            .map(|(payer, item, amount)| view! {
                                <tr>
                                    <td>{i18n.t(payer_text(payer))}</td>
                                    <td>{i18n.t(ledger_item_text(item))}</td>
                                    <td class="amount">{amount.to_string()}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{move || i18n.t(Text::TotalLabel)}</th>
                            <td class="amount">{move || charges().into_iter().map(|(_, _, amount)| amount).sum::<Money>().to_string()}</td>
                        </tr>
                    </tfoot>
                </table>
                <div class="field-row">
                    <PaymentMethodChoice id="fee-method-contractor" label=method_label(Payer::Contractor) chosen=contractor_method />
                    <PaymentMethodChoice id="fee-method-owner" label=method_label(Payer::Owner) chosen=owner_method />
                </div>
                <StepButton label=Text::CollectFees look=StepLook::Primary command=collect />
            </Show>
            <div class="step-grid">
                <Show when=can(Step::IssuePermit)>
                    <div class="field">
                        <label for="permit-number">{move || i18n.t(Text::PermitNumber)}</label>
                        <input id="permit-number" type="text" bind:value=permit_number />
                        <StepButton label=Text::IssuePermit command=issue_permit />
                    </div>
                </Show>
                <Show when=can(Step::IssuePasses)>
                    <div class="field">
                        <label for="passes-to-issue">{move || i18n.t(Text::PassesToIssue)}</label>
                        <input id="passes-to-issue" type="number" min="1" inputmode="numeric" bind:value=passes_to_issue />
                        <StepButton label=Text::IssuePasses command=issue_passes />
                    </div>
                </Show>
                <Show when=can(Step::IssueHotWorkPermit)>
                    <div class="field">
                        <label for="hot-work-number">{move || i18n.t(Text::HotWorkPermitNumber)}</label>
                        <input id="hot-work-number" type="text" bind:value=hot_work_number />
                        <StepButton label=Text::IssueHotWorkPermit command=issue_hot_work />
                    </div>
                </Show>
                <Show when=can(Step::SignAgreement)>
                    <StepButton label=Text::SignAgreement command=move |_| step(RenovationChange::AgreementSigned) />
                </Show>
            </div>
            <Show when=can(Step::StartConstruction)>
                <StepButton label=Text::StartConstruction look=StepLook::Primary command=move |_| step(RenovationChange::ConstructionStarted) />
            </Show>
        </section>
    }
}
