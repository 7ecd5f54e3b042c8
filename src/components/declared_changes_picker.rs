//! The six declared changes of an application as large check boxes (REN-11, 14, 15, 20):
//! they decide which drawings and approvals the application needs.

use std::collections::BTreeSet;

use estate_core::renovation::DeclaredChange;
use leptos::prelude::*;

use crate::i18n::renovation::DECLARED_CHANGES;
use crate::i18n::I18n;

/// A check box per declared change, bound to `declared`.
#[component]
pub fn DeclaredChangesPicker(
    declared: RwSignal<BTreeSet<DeclaredChange>>,
    /// Keeps the ids unique when two pickers could be on one page.
    prefix: &'static str,
) -> impl IntoView {
    let i18n = I18n::expect();
    DECLARED_CHANGES
        .into_iter()
        .map(|(change, wire, label)| {
            let id = format!("{prefix}-declared-{wire}");
            view! {
                <div class="field field--check">
                    <input
                        id=id.clone()
                        type="checkbox"
                        prop:checked=move || declared.with(|set| set.contains(&change))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            declared.update(|set| {
                                if on { set.insert(change); } else { set.remove(&change); }
                            });
                        }
                    />
                    <label for=id>{move || i18n.t(label)}</label>
                </div>
            }
        })
        .collect_view()
}
