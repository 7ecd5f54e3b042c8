//! FB-24, FB-25: the content and the resident's demand, forwarded to the responsible
//! department; engineering is told at once where the policy says so.

use estate_core::feedback::{ComplaintClass, Department, FeedbackChange};
use leptos::prelude::*;

use super::FeedbackView;
use crate::components::choice_select::ChoiceSelect;
use crate::components::step_button::{StepButton, StepLook};
use crate::components::text_field::TextField;
use crate::i18n::feedback::DEPARTMENTS;
use crate::i18n::{I18n, Text};

/// Forwarding to a department.
#[component]
pub fn ForwardSection(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let (department, content) = case.with_untracked(|view| {
        let department = match view.case.class {
            Some(ComplaintClass::BuildingQuality) => Department::Engineering,
            _ => Department::CustomerService,
        };
        (department, view.case.what.clone())
    });
    let department = RwSignal::new(department);
    let content = RwSignal::new(content);
    let demand = RwSignal::new(String::new());
    let forward = move |_| {
        Ok(case.with_untracked(|view| {
            view.command(FeedbackChange::Forwarded {
                department: department.get_untracked(),
                content: content.get_untracked().trim().to_owned(),
                demand: demand.get_untracked().trim().to_owned(),
            })
        }))
    };
    view! {
        <section class="case-section" aria-labelledby="forward-title">
            <h2 id="forward-title">{move || i18n.t(Text::ForwardTitle)}</h2>
            <ChoiceSelect id="forward-department" label=Text::DepartmentLabel options=&DEPARTMENTS chosen=department />
            <div class="field">
                <label for="forward-content">{move || i18n.t(Text::ContentLabel)}</label>
                <textarea id="forward-content" rows="3" bind:value=content></textarea>
            </div>
            <TextField id="forward-demand" label=Text::DemandLabel value=demand />
            <StepButton label=Text::RecordForward look=StepLook::Primary command=forward />
        </section>
    }
}
