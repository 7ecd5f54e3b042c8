//! "N conflicts wait for review · Review": the notice a case page and the import report show
//! while a merge left something for a manager to settle.

use estate_core::EntityId;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::i18n::{I18n, Text};
use crate::routes::Route;
use crate::services::Services;

/// The open conflicts of `entity` (or of all entities), with a link to review them; nothing
/// when there are none.
#[component]
pub fn ConflictsNotice(
    /// Only the conflicts of this entity, or all.
    entity: Option<EntityId>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let href = Route::Conflicts(entity.clone()).href(&root);
    let count = Memo::new(move |_| {
        services.version();
        services.desk().with_desk(|desk| match &entity {
            Some(id) => desk.open_conflicts_of(id).count(),
            None => desk.open_conflicts().count(),
        })
    });
    move || {
        let open = count.get();
        (open > 0).then(|| {
            let href = href.clone();
            view! {
                <p class="review-notice" role="note">
                    <span class="badge badge--warning">{i18n.t(Text::NeedsReview)}</span>
                    {format!(" {open} {} ", i18n.t(Text::ConflictsWaiting))}
                    <A href=href attr:class="button">{i18n.t(Text::OpenReview)}</A>
                </p>
            }
        })
    }
}
