//! What both case pages do around their sections: read the case id from the link, and keep the
//! case in one memo that sections read while the case exists.

use estate_core::EntityId;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The `id` of the link's query, as a memo that changes only when the link does: a new id
/// mounts a new page, a save does not.
pub fn query_id() -> Memo<Option<EntityId>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|query| query.get("id")).map(EntityId))
}

/// The case while it is found: the sections of a page read this, and it keeps the last case
/// found, so a section never reads a case that just vanished (erased, or another tab's import)
/// before the page shows "not found".
pub fn while_found<T>(found: Memo<Option<T>>) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&T>| {
        found
            .get()
            .or_else(|| previous.cloned())
            .expect("a case is shown only while it is found")
    })
}
