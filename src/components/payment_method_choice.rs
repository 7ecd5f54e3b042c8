//! How a payer paid or is refunded (cash, WeChat, Alipay, transfer, card). Nothing is chosen in
//! advance: a receipt names the method, so the desk picks it as the money changes hands, and a
//! step sent without one is refused naming the payer.

use estate_core::ledger::PaymentMethod;
use leptos::prelude::*;

use crate::i18n::renovation::payment_method_text;
use crate::i18n::{I18n, Text};

/// A labelled select of payment methods bound to `chosen`.
#[component]
pub fn PaymentMethodChoice(
    /// The select's id, unique on the page.
    #[prop(into)]
    id: String,
    /// The field's label, naming the payer when there are two.
    #[prop(into)]
    label: Signal<String>,
    chosen: RwSignal<Option<PaymentMethod>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let for_id = id.clone();
    view! {
        <div class="field">
            <label for=for_id>{move || label.get()}</label>
            <select id=id on:change=move |event| {
                chosen.set(PaymentMethod::from_wire_name(&event_target_value(&event)));
            }>
                <option value="" selected=move || chosen.get().is_none()>
                    {move || i18n.t(Text::ChooseOne)}
                </option>
                {PaymentMethod::ALL.into_iter().map(|method| view! {
                    <option value=method.wire_name() selected=move || chosen.get() == Some(method)>
                        {move || i18n.t(payment_method_text(method))}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}
