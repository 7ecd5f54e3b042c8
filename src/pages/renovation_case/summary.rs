//! The head of the case page: who and what, the permits and passes issued, the open
//! deadlines, and the forms to print.

use estate_core::renovation::CaseField;
use leptos::prelude::*;
use leptos_router::components::A;

use super::CaseView;
use crate::app_root::AppRoot;
use crate::components::case_history::DeadlineList;
use crate::i18n::{I18n, Text};
use crate::routes::{PrintForm, PrintOf, Route};

/// The resident, the contractor, notes, what was issued, deadlines and print links.
#[component]
pub fn CaseSummary(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let fact = move |read: fn(&CaseView) -> Option<String>| move || case.with(read);
    let resident = fact(|view| {
        view.case.resident.as_ref().map(|resident| {
            format!(
                "{} · {}",
                resident.name,
                view.case.field(CaseField::ResidentPhone)
            )
        })
    });
    let contractor = fact(|view| {
        Some(view.case.contractor.as_ref().map_or_else(
            || "—".to_owned(),
            |contractor| {
                format!(
                    "{} · {}",
                    contractor.name,
                    view.case.field(CaseField::ContractorPhone)
                )
            },
        ))
    });
    let notes = fact(|view| Some(view.case.field(CaseField::Notes)).filter(|n| !n.is_empty()));
    let issued = move || {
        case.with(|view| {
            let case = &view.case;
            let mut lines = Vec::new();
            if let Some(number) = &case.permit {
                lines.push(format!("{}: {number}", i18n.t(Text::PermitLabel)));
            }
            if !case.passes.is_empty() {
                let numbers: Vec<String> = case.passes.keys().map(u32::to_string).collect();
                lines.push(format!(
                    "{}: {}",
                    i18n.t(Text::PassesLabel),
                    numbers.join(", ")
                ));
            }
            if let Some(number) = &case.hot_work_permit {
                lines.push(format!("{}: {number}", i18n.t(Text::HotWorkLabel)));
            }
            if case.agreement_signed {
                lines.push(i18n.t(Text::TlAgreementSigned).to_owned());
            }
            lines.join(" · ")
        })
    };
    let printable = move || {
        case.with(|view| {
            [
                (true, PrintForm::Application, Text::PrintApplication),
                (true, PrintForm::Agreement, Text::PrintAgreement),
                (
                    view.case.permit.is_some(),
                    PrintForm::Permit,
                    Text::PrintPermit,
                ),
                (
                    view.case.acceptance_requested_at.is_some(),
                    PrintForm::Acceptance,
                    Text::PrintAcceptance,
                ),
            ]
            .into_iter()
            .filter(|(available, _, _)| *available)
            .map(|(_, form, label)| (Route::Print(form, PrintOf::Case(view.id.clone())), label))
            .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="case-summary" aria-label=move || i18n.t(Text::ResidentLabel)>
            <dl class="facts">
                <dt>{move || i18n.t(Text::ResidentLabel)}</dt>
                <dd class="resident">{resident}</dd>
                <dt>{move || i18n.t(Text::ContractorLabel)}</dt>
                <dd>{contractor}</dd>
                {move || notes().map(|notes| view! {
                    <dt>{move || i18n.t(Text::FieldNotes)}</dt>
                    <dd>{notes}</dd>
                })}
                <dt>{move || i18n.t(Text::CaseNumber)}</dt>
                <dd class="case-number">{move || case.with(|view| view.case.number.clone().unwrap_or_default())}</dd>
            </dl>
            <p class="issued">{issued}</p>
            {move || case.with(|view| view! {
                <DeadlineList deadlines=view.deadlines.clone() policy=view.policy.clone() />
            })}
            <p class="print-links">
                {move || printable()
                    .into_iter()
                    .map(|(route, label)| view! {
                        <A href=route.href(&root) attr:class="button">{move || i18n.t(label)}</A>
                    })
                    .collect_view()}
            </p>
        </section>
    }
}
