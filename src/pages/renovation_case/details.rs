//! Phones and notes, which change at any time while the case is open. Each edit carries the
//! value it replaces, so two devices editing the same field at once is shown for review.

use estate_core::renovation::CaseField;
use estate_core::Change;
use leptos::prelude::*;

use super::CaseView;
use crate::components::step_button::StepButton;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Text};

/// The editable contacts and notes of a case, folded away until opened.
#[component]
pub fn CaseDetails(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let fields = [
        (
            CaseField::ResidentPhone,
            "detail-resident-phone",
            Text::FieldResidentPhone,
        ),
        (
            CaseField::ContractorPhone,
            "detail-contractor-phone",
            Text::ContractorPhone,
        ),
        (CaseField::Notes, "detail-notes", Text::FieldNotes),
    ]
    .map(|(field, id, label)| {
        let value = RwSignal::new(case.with_untracked(|view| view.case.field(field)));
        (field, id, label, value)
    });
    let save = move |_| {
        case.with_untracked(|view| {
            let changes: Vec<Change> = fields
                .iter()
                .filter(|(field, _, _, value)| {
                    value.get_untracked().trim() != view.case.field(*field)
                })
                .map(|(field, _, _, value)| {
                    Change::Renovation(view.case.edit(*field, &value.get_untracked()))
                })
                .collect();
            Ok((view.id.clone(), changes))
        })
    };
    view! {
        <details class="case-section">
            <summary>{move || i18n.t(Text::CaseDetailsTitle)}</summary>
            <div class="field-row">
                {fields
                    .into_iter()
                    .map(|(_, id, label, value)| view! { <TextField id=id label=label value=value /> })
                    .collect_view()}
            </div>
            <StepButton label=Text::SaveDetails command=save />
        </details>
    }
}
