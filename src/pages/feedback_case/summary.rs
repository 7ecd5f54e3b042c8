//! The head of the feedback page: the resident, what happened, the class, the department's
//! handling record, the flags and the open deadlines.

use leptos::prelude::*;

use super::FeedbackView;
use crate::components::case_history::DeadlineList;
use crate::i18n::feedback::{class_text, department_text};
use crate::i18n::renovation::office_time;
use crate::i18n::{I18n, Text};

/// What a complaint or suggestion is about, and where it stands.
#[component]
pub fn FeedbackSummary(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let resident = move || {
        case.with(|view| {
            view.case
                .resident
                .as_ref()
                .map(|r| format!("{} · {}", r.name, r.phone))
                .unwrap_or_default()
        })
    };
    let flags = move || {
        case.with(|view| {
            let c = &view.case;
            [
                (c.serious, Text::SeriousFlag),
                (c.escalated_to.is_some(), Text::EscalatedFlag),
                (c.engineering_notified, Text::EngineeringNotifiedFlag),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, flag)| flag)
            .collect::<Vec<_>>()
        })
    };
    let class = move || {
        case.with(|view| {
            view.case
                .class
                .map(|class| (class, view.case.cause.clone()))
        })
    };
    let ticket = move || {
        case.with(|view| {
            let c = &view.case;
            c.department.map(|department| {
                let signed = c
                    .signed_by
                    .as_ref()
                    .map(|(name, at)| format!("{name} · {}", office_time(*at, &view.policy)))
                    .unwrap_or_default();
                let due = c
                    .complete_by
                    .map(|at| office_time(at, &view.policy))
                    .unwrap_or_default();
                (department, format!("{} · {due} · {signed}", c.method))
            })
        })
    };
    view! {
        <section class="case-summary" aria-label=move || i18n.t(Text::ResidentLabel)>
            <dl class="facts">
                <dt>{move || i18n.t(Text::ResidentLabel)}</dt>
                <dd class="resident">{resident}</dd>
                <dt>{move || i18n.t(Text::WhatHappened)}</dt>
                <dd>{move || case.with(|view| view.case.what.clone())}</dd>
                {move || class().map(|(class, cause)| view! {
                    <dt>{move || i18n.t(Text::ClassLabel)}</dt>
                    <dd class="feedback-class">{move || i18n.t(class_text(class))} " · " {cause}</dd>
                })}
                {move || ticket().map(|(department, line)| view! {
                    <dt>{move || i18n.t(Text::DepartmentLabel)}</dt>
                    <dd>{move || i18n.t(department_text(department))}</dd>
                    <dt>{move || i18n.t(Text::DepartmentTicketTitle)}</dt>
                    <dd class="department-ticket">{line}</dd>
                })}
            </dl>
            {move || {
                let flags = flags();
                (!flags.is_empty()).then(|| view! {
                    <p class="flags">
                        {flags.into_iter().map(|flag| view! { <span class="badge badge--warning">{move || i18n.t(flag)}</span> " " }).collect_view()}
                    </p>
                })
            }}
            {move || case.with(|view| view! {
                <DeadlineList deadlines=view.deadlines.clone() policy=view.policy.clone() />
            })}
        </section>
    }
}
