//! A step's button: it records its command, is disabled while the command is pending, and
//! then shows the outcome beside itself: saved, or every reason it was refused. Pressing any
//! other step's button clears the outcome, so an old error never lingers beside a later save.

use leptos::prelude::*;

use crate::commands::{step_action, Command, CommandCounter, Recorder};
use crate::components::command_outcome::{CommandOutcome, FormGap, FormProblems};
use crate::i18n::{I18n, Text};

/// How a step's button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepLook {
    /// One of several steps of a section.
    #[default]
    Plain,
    /// The step the section exists for.
    Primary,
    /// A step that costs money or cannot be undone.
    Danger,
}

impl StepLook {
    fn class(self) -> &'static str {
        match self {
            StepLook::Plain => "button",
            StepLook::Primary => "button button--primary",
            StepLook::Danger => "button button--danger",
        }
    }
}

/// A button that records one step.
#[component]
pub fn StepButton(
    /// What the button says.
    label: Text,
    /// The command to record, or the fields the form still lacks (then nothing is sent and
    /// the button names them).
    #[prop(into)]
    command: Callback<(), Result<Command, Vec<FormGap>>>,
    #[prop(optional)] look: StepLook,
    /// The accessible name, when the label alone is ambiguous (one button per pass).
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    /// What the button says when it names a value (a year, say); `label` otherwise.
    #[prop(optional, into)]
    caption: Option<Signal<String>>,
    /// What a success says.
    #[prop(default = Text::Saved)]
    saved: Text,
    /// What a step that cannot be undone will do, said before it is confirmed (issue #22);
    /// a [`StepLook::Danger`] step without it says only that it cannot be undone.
    #[prop(optional, into)]
    consequence: Option<Signal<String>>,
    /// When the step is not available now (a document already complete), the button stays
    /// in place, greyed, so the outcome beside it stays in view.
    #[prop(optional, into)]
    unavailable: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let action = step_action();
    let counter = CommandCounter::expect();
    let recorder = Recorder::expect();
    let mine = RwSignal::new(None::<u64>);
    let problems = RwSignal::new(Vec::<FormGap>::new());
    // A step that cannot be undone waits here for its second, explicit yes.
    let asking = RwSignal::new(false);
    let is_latest = move || mine.get().is_some() && mine.get() == Some(counter.latest());
    let on_click = move |_| {
        mine.set(Some(counter.next()));
        asking.set(false);
        match command.run(()) {
            Ok(command) => {
                problems.set(Vec::new());
                // A refused step is sent at once, so its refusal shows without asking first.
                if look == StepLook::Danger && recorder.refusals(&command).is_empty() {
                    asking.set(true);
                } else {
                    action.dispatch(command);
                }
            }
            Err(missing) => problems.set(missing),
        }
    };
    let confirmed = move |_| {
        asking.set(false);
        if let Ok(command) = command.run(()) {
            action.dispatch(command);
        }
    };
    let name = move || {
        aria_label.map_or_else(
            || caption.map_or_else(|| i18n.t(label).to_owned(), |caption| caption.get()),
            |label| label.get(),
        )
    };
    let outcome = Signal::derive(move || {
        if is_latest() && problems.with(Vec::is_empty) {
            action.value().get()
        } else {
            None
        }
    });
    let form_problems = Signal::derive(move || {
        if is_latest() {
            problems.get()
        } else {
            Vec::new()
        }
    });
    view! {
        <button
            type="button"
            class=look.class()
            aria-label=move || aria_label.map(|label| label.get())
            aria-busy=move || action.pending().get().to_string()
            disabled=move || action.pending().get() || unavailable.is_some_and(|unavailable| unavailable.get())
            on:click=on_click
        >
            {move || caption.map_or_else(|| i18n.t(label).to_owned(), |caption| caption.get())}
        </button>
        <Show when=move || asking.get() && is_latest()>
            <div class="confirm-step" role="group" aria-label=move || i18n.t(Text::ConfirmStepTitle)>
                <p>{move || consequence.map_or_else(|| i18n.t(Text::CannotBeUndone).to_owned(), |text| text.get())}</p>
                <button type="button" class="button button--danger" on:click=confirmed>
                    {move || format!("{}{}", i18n.t(Text::ConfirmPrefix), name())}
                </button>
                <button type="button" class="button" on:click=move |_| asking.set(false)>
                    {move || i18n.t(Text::CancelStep)}
                </button>
            </div>
        </Show>
        <FormProblems problems=form_problems />
        <CommandOutcome outcome=outcome saved=saved />
    }
}
