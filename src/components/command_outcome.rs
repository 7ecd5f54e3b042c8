//! The outcome of a command under its form: saved, refused with every rule it breaks,
//! or a storage failure that saved nothing.

use leptos::prelude::*;

use crate::desk_service::CommandError;
use crate::i18n::{violation_text, I18n, Text};

/// The outcome of a command: nothing yet, "saved", or every reason it was refused.
#[component]
pub fn CommandOutcome(
    outcome: Signal<Option<Result<(), CommandError>>>,
    /// What a success says, such as "Recorded."
    saved: Text,
) -> impl IntoView {
    let i18n = I18n::expect();
    move || match outcome.get() {
        None => ().into_any(),
        Some(Ok(())) => {
            view! { <p class="form-status" role="status">{i18n.t(saved)}</p> }.into_any()
        }
        Some(Err(CommandError::Refused(violations))) => {
            let lang = i18n.lang();
            view! {
                <div class="refusal" role="alert">
                    <p>{i18n.t(Text::RefusedTitle)}</p>
                    <ul>
                        {violations
                            .iter()
                            .map(|violation| view! { <li>{violation_text(violation, lang)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        Some(Err(CommandError::Store(error))) => view! {
            <div class="refusal" role="alert">
                <p>{i18n.t(error.text())}</p>
                <p class="error-detail">{error.detail().to_owned()}</p>
            </div>
        }
        .into_any(),
    }
}

/// What a form still lacks before it can be sent (a choice not made, a time not given), named
/// next to its button; nothing when it lacks nothing.
#[component]
pub fn FormProblems(problems: Signal<Vec<Text>>) -> impl IntoView {
    let i18n = I18n::expect();
    move || {
        let missing = problems.get();
        (!missing.is_empty()).then(|| {
            view! {
                <div class="refusal" role="alert">
                    <ul>
                        {missing
                            .into_iter()
                            .map(|item| view! { <li>{format!("{}: {}", i18n.t(Text::ViolationMissing), i18n.t(item))}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
