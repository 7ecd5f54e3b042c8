//! REN-10..16: the contractor, the declared changes and the document checklist, then the
//! submission for review; and, once submitted, the documents on file.

use std::collections::BTreeSet;

use estate_core::party::Contractor;
use estate_core::renovation::{
    required_documents, DeclaredChange, Document, Evidence, RenovationChange, RenovationStatus,
};
use estate_core::step::Step;
use estate_core::{EntityId, RuleId};
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::commands::Recorder;
use crate::components::command_outcome::{CommandOutcome, RuleReference};
use crate::components::declared_changes_picker::DeclaredChangesPicker;
use crate::components::file_picker::{FilePicker, PickerLook};
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::renovation::{document_text, rejection_reasons};
use crate::i18n::{I18n, Text};
use crate::photo::store_photo;
use crate::services::Services;

/// The application being put together by the front desk.
#[component]
pub fn ApplicationSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let id = move || case.with_untracked(|view| view.id.clone());
    let declared = RwSignal::new(case.with_untracked(|view| view.case.declared.clone()));
    let contractor = case.with_untracked(|view| view.case.contractor.clone());
    let contractor_name = RwSignal::new(
        contractor
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let contractor_phone = RwSignal::new(contractor.map(|c| c.phone).unwrap_or_default());
    let rejection = move || {
        case.with(|view| {
            view.case
                .last_review
                .clone()
                .filter(|_| view.case.status == estate_core::renovation::RenovationStatus::Rejected)
        })
    };
    let save_contractor = move |_| {
        let contractor = Contractor {
            name: contractor_name.get_untracked().trim().to_owned(),
            phone: contractor_phone.get_untracked().trim().to_owned(),
        };
        Ok((
            id(),
            renovation([RenovationChange::ContractorSet { contractor }]),
        ))
    };
    let save_declared = move |_| {
        let changes: BTreeSet<DeclaredChange> = declared.get_untracked();
        Ok((
            id(),
            renovation([RenovationChange::ChangesDeclared { changes }]),
        ))
    };
    let submit = move |_| Ok((id(), renovation([RenovationChange::Submitted])));
    let rows = move || {
        case.with(|view| {
            required_documents(&view.case.declared, view.case.commercial_unit, &view.policy)
        })
    };
    view! {
        <section class="case-section" aria-labelledby="application-title">
            <h2 id="application-title">{move || i18n.t(Text::ChecklistTitle)}</h2>
            {move || rejection().map(|review| view! {
                <div class="refusal" role="note">
                    <p>{move || i18n.t(Text::RejectedReasons)}</p>
                    <ul>{move || rejection_reasons(&review, i18n.lang()).into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}</ul>
                </div>
            })}
            <fieldset>
                <legend>{move || i18n.t(Text::StepContractor)}</legend>
                <div class="field-row">
                    <TextField id="case-contractor" label=Text::ContractorName value=contractor_name />
                    <TextField id="case-contractor-phone" label=Text::ContractorPhone value=contractor_phone />
                </div>
                <StepButton label=Text::SaveContractor command=save_contractor />
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Text::StepDeclaredChanges)}</legend>
                <DeclaredChangesPicker declared=declared prefix="case" />
                <StepButton label=Text::SaveDeclared command=save_declared />
            </fieldset>
            <table class="checklist">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::RequiredBy)}</th>
                        <th scope="col">{move || i18n.t(Text::ReceivedCopies)}</th>
                        <th scope="col">{move || i18n.t(Text::ActionsTitle)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|(document, _)| *document let((document, rule))>
                        <ChecklistRow case=case document=document rule=rule />
                    </For>
                </tbody>
            </table>
            <Show when=move || case.with(|view| view.can(Step::SubmitForReview))>
                <StepButton label=Text::SubmitForReview look=StepLook::Primary command=submit />
            </Show>
        </section>
    }
}

/// One document of the checklist: what is held, and receiving it on paper or as a scan.
#[component]
fn ChecklistRow(case: Memo<CaseView>, document: Document, rule: RuleId) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let recorder = Recorder::expect();
    let id = move || case.with_untracked(|view| view.id.clone());
    let held = move || {
        case.with(|view| {
            view.case
                .documents
                .get(&document)
                .cloned()
                .unwrap_or_default()
        })
    };
    let needed = document.copies_needed();
    let complete = move || {
        let held = held();
        held.attachments.len() as u32 + held.paper_copies >= needed
            && (!document.needs_company_stamp() || held.stamped)
    };
    let sealed = RwSignal::new(false);
    let label = document_text(document);
    let seal_id = format!("seal-{}", document.name());
    let on_paper = move |_| {
        let evidence = Evidence {
            attachments: Vec::new(),
            paper_copies: 1,
            stamped: sealed.get_untracked(),
        };
        Ok((
            id(),
            renovation([RenovationChange::DocumentReceived { document, evidence }]),
        ))
    };
    let has_paper = move || held().paper_copies > 0;
    // A complete document takes no more copies while the file is first collected; after a
    // rejection, revised drawings come in on top (core refuses the same way).
    let receivable =
        move || !complete() || case.with(|view| view.case.status != RenovationStatus::Draft);
    let unmark = move |_| {
        Ok((
            id(),
            renovation([RenovationChange::PaperUnmarked { document }]),
        ))
    };
    let attach = Action::new_local(move |(entity, file): &(EntityId, web_sys::File)| {
        let (entity, file) = (entity.clone(), file.clone());
        let desk = services.desk();
        async move {
            let sha256 = store_photo(&desk, &file).await?;
            let evidence = Evidence {
                attachments: vec![sha256],
                paper_copies: 0,
                stamped: false,
            };
            recorder
                .record(
                    entity,
                    renovation([RenovationChange::DocumentReceived { document, evidence }]),
                )
                .await
        }
    });
    view! {
        <tr class:checklist--missing=move || !complete()>
            <th scope="row">{move || i18n.t(label)}</th>
            <td><RuleReference rule=rule /></td>
            <td>
                {move || {
                    let held = held();
                    // Issue #22: the count never reads past the need ("2/1").
                    let counted = (held.attachments.len() as u32 + held.paper_copies).min(needed);
                    format!("{counted}/{needed} ")
                }}
                {move || if complete() { i18n.t(Text::DocumentComplete) } else { i18n.t(Text::DocumentMissing) }}
            </td>
            <td class="checklist__actions">
                {document.needs_company_stamp().then(|| view! {
                    <span class="field--check inline-check">
                        <input id=seal_id.clone() type="checkbox" bind:checked=sealed />
                        <label for=seal_id.clone()>{move || i18n.t(Text::CompanySeal)}</label>
                    </span>
                })}
                <StepButton
                    label=Text::ReceivedOnPaper
                    aria_label=Signal::derive(move || format!("{}: {}", i18n.t(Text::ReceivedOnPaper), i18n.t(label)))
                    unavailable=Signal::derive(move || !receivable())
                    command=on_paper
                />
                <Show when=has_paper>
                    <StepButton
                        label=Text::UnmarkPaper
                        aria_label=Signal::derive(move || format!("{}: {}", i18n.t(Text::UnmarkPaper), i18n.t(label)))
                        command=unmark
                    />
                </Show>
                <FilePicker
                    id=format!("attach-{}", document.name())
                    label=Text::AttachScan
                    detail=Signal::derive(move || i18n.t(label).to_owned())
                    accept="image/*"
                    look=PickerLook::Button
                    on_file=move |file| { attach.dispatch_local((id(), file)); }
                />
                <CommandOutcome outcome=Signal::derive(move || attach.value().get()) saved=Text::Saved />
            </td>
        </tr>
    }
}

/// The application documents on file, once the application is no longer being edited.
#[component]
pub fn DocumentsHeld(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let documents = move || {
        case.with(|view| {
            view.case
                .documents
                .iter()
                .map(|(document, evidence)| (*document, evidence.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="case-section">
            <summary>{move || i18n.t(Text::ChecklistTitle)}</summary>
            <ul>
                {move || documents().into_iter().map(|(document, evidence)| {
                    let line = move || {
                        let seal = if evidence.stamped {
                            format!(" · {}", i18n.t(Text::CompanySeal))
                        } else {
                            String::new()
                        };
                        format!(
                            "{} · {} {} · {} {}{seal}",
                            i18n.t(document_text(document)),
                            i18n.t(Text::PaperCopies),
                            evidence.paper_copies,
                            i18n.t(Text::AttachedScans),
                            evidence.attachments.len(),
                        )
                    };
                    view! { <li>{line}</li> }
                }).collect_view()}
            </ul>
        </details>
    }
}
