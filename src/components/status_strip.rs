//! The strip at the top of a case page (issue #22): the state it is in, who acts next, and
//! the nearest deadline, so nobody reads the timeline to learn what happens now.

use chrono::Utc;
use estate_core::deadline::{Deadline, DeadlineStatus};
use estate_core::{Policy, Role};
use leptos::prelude::*;

use crate::i18n::renovation::{deadline_label, office_time, time_left_text};
use crate::i18n::{role_text, I18n, Text};

/// What the strip says of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStatus {
    pub state: Text,
    pub next: Vec<Role>,
    /// The signed-in role, so the strip can say "you".
    pub role: Role,
    /// The deadline to watch: overdue first, else the nearest.
    pub due: Option<Deadline>,
    pub policy: Policy,
}

/// The state, who acts next and the due time of a case.
#[component]
pub fn StatusStrip(#[prop(into)] status: Signal<CaseStatus>) -> impl IntoView {
    let i18n = I18n::expect();
    let next = move || {
        status.with(|status| {
            if status.next.is_empty() {
                return i18n.t(Text::NobodyActsNext).to_owned();
            }
            status
                .next
                .iter()
                .map(|role| {
                    let name = i18n.t(role_text(*role));
                    if *role == status.role {
                        format!("{name}{}", i18n.t(Text::ThatIsYou))
                    } else {
                        name.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("、")
        })
    };
    let due = move || {
        status.with(|status| {
            let deadline = status.due.as_ref()?;
            let lang = i18n.lang();
            Some((
                deadline.status == DeadlineStatus::Overdue,
                format!(
                    "{} · {} · {}",
                    deadline_label(deadline, lang),
                    office_time(deadline.due, &status.policy),
                    time_left_text(deadline.time_left(Utc::now()), lang)
                ),
            ))
        })
    };
    view! {
        <section class="status-strip" aria-label=move || i18n.t(Text::StatusStripLabel)>
            <dl>
                <div>
                    <dt>{move || i18n.t(Text::StateNow)}</dt>
                    <dd data-testid="state-now">{move || status.with(|status| i18n.t(status.state))}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t(Text::ActsNext)}</dt>
                    <dd data-testid="acts-next">{next}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t(Text::DueNext)}</dt>
                    {move || match due() {
                        Some((overdue, text)) => view! {
                            <dd class:status-strip__overdue=overdue data-testid="due-next">{text}</dd>
                        }.into_any(),
                        None => view! { <dd data-testid="due-next">{i18n.t(Text::NoDeadline)}</dd> }.into_any(),
                    }}
                </div>
            </dl>
        </section>
    }
}
