//! The outcome of a command under its form: saved, refused with every rule it breaks,
//! or a storage failure that saved nothing.

use estate_core::RuleId;
use leptos::prelude::*;

use crate::commands::CommandCounter;
use crate::desk_service::CommandError;
use crate::i18n::rules::rule_summary;
use crate::i18n::{fill, violation_words, I18n, Text};

/// The outcome of a command: nothing yet, "saved", or every reason it was refused.
#[component]
pub fn CommandOutcome(
    outcome: Signal<Option<Result<(), CommandError>>>,
    /// What a success says, such as "Recorded."
    saved: Text,
) -> impl IntoView {
    let i18n = I18n::expect();
    // The press count when this outcome arrived: once any step is pressed after it, the old
    // message is stale and goes (issue #22), so an error never lingers beside later work.
    let counter = CommandCounter::expect();
    let arrived_at = Memo::new(move |_| {
        outcome.track();
        counter.latest_untracked()
    });
    let current = move || {
        if counter.latest() == arrived_at.get() {
            outcome.get()
        } else {
            None
        }
    };
    move || match current() {
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
                            .map(|violation| view! {
                                <li>{violation_words(violation, lang)}" "<RuleReference rule=violation.rule /></li>
                            })
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

/// Why a form cannot be sent yet, before core sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormGap {
    /// A choice not made or a value not given.
    Missing(Text),
    /// A value that cannot be read: the field and what is wrong.
    Invalid(Text, Text),
}

impl FormGap {
    fn text(self, i18n: I18n) -> String {
        match self {
            FormGap::Missing(field) => {
                fill(i18n.t(Text::ViolationMissing), &[("item", &i18n.t(field))])
            }
            FormGap::Invalid(field, problem) => format!("{}：{}", i18n.t(field), i18n.t(problem)),
        }
    }
}

/// What a form still lacks before it can be sent (a choice not made, a time not given), named
/// next to its button; nothing when it lacks nothing.
#[component]
pub fn FormProblems(problems: Signal<Vec<FormGap>>) -> impl IntoView {
    let i18n = I18n::expect();
    move || {
        let gaps = problems.get();
        (!gaps.is_empty()).then(|| {
            view! {
                <div class="refusal" role="alert">
                    <ul>
                        {gaps
                            .into_iter()
                            .map(|gap| view! { <li>{gap.text(i18n)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A rule's ID as a small reference beside the words of a refusal or a deadline (issue #22):
/// pressing it opens what the rule says.
#[component]
pub fn RuleReference(rule: RuleId) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <details class="rule-reference">
            <summary aria-label=move || fill(i18n.t(Text::RuleReferenceLabel), &[("rule", &rule.code())])>{rule.code()}</summary>
            <span class="rule-reference__text">{move || rule_summary(rule, i18n.lang())}</span>
        </details>
    }
}
