//! An amount typed in 元 with up to two decimals, kept exactly in fen (FEE-6). A value that is
//! not an amount is named next to the field at once, and the form cannot send it.

use estate_core::money::{Money, MoneyParseError};
use leptos::prelude::*;

use crate::i18n::{I18n, Text};

/// The catalogue text of an amount that cannot be read.
pub fn money_problem_text(problem: MoneyParseError) -> Text {
    match problem {
        MoneyParseError::Empty => Text::MoneyEmpty,
        MoneyParseError::NotANumber => Text::MoneyNotANumber,
        MoneyParseError::TooManyDecimals => Text::MoneyTooManyDecimals,
        MoneyParseError::Negative => Text::MoneyNegative,
        MoneyParseError::TooLarge => Text::MoneyTooLarge,
    }
}

/// A labelled amount field bound to `amount`: `Ok(money)` when what is typed is an amount.
#[component]
pub fn MoneyField(
    /// The input's id, unique on the page.
    #[prop(into)]
    id: String,
    /// What the amount is.
    label: Text,
    /// The amount, as last typed.
    amount: RwSignal<Result<Money, MoneyParseError>>,
    /// A problem of the form's own rules (a target over its limit), shown under the field.
    #[prop(optional, into)]
    problem: Option<Signal<Option<Text>>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let typed = RwSignal::new(
        amount
            .get_untracked()
            .map(Money::yuan_text)
            .unwrap_or_default(),
    );
    let problem_id = format!("{id}-problem");
    let shown_problem = move || {
        let own = amount.get().err().map(money_problem_text);
        own.or_else(|| problem.and_then(|problem| problem.get()))
    };
    view! {
        <div class="field field--money">
            <label for=id.clone()>{move || format!("{}（{}）", i18n.t(label), i18n.t(Text::YuanUnit))}</label>
            <input
                id=id.clone()
                type="text"
                inputmode="decimal"
                autocomplete="off"
                aria-invalid=move || shown_problem().is_some().to_string()
                aria-describedby=problem_id.clone()
                prop:value=move || typed.get()
                on:input=move |event| {
                    let text = event_target_value(&event);
                    amount.set(Money::parse_yuan(&text));
                    typed.set(text);
                }
            />
            <p id=problem_id class="field-problem" role="alert">
                {move || shown_problem().map(|text| i18n.t(text))}
            </p>
        </div>
    }
}
