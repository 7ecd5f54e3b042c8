//! The desk service in context, and the data version that every read depends on. A commit in
//! this tab or another (told through a BroadcastChannel) bumps the version, so views re-read.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::desk_service::{DeskService, OpeningProgress};
use crate::store::indexed_db::IndexedDbStore;
use crate::store::schema;
use crate::store::StoreError;
use crate::timing::Span;

/// The channel other tabs of this origin listen on.
const CHANNEL: &str = "estate-desk-changes";

/// The desk of this device, in context once the database is open.
#[derive(Clone, Copy)]
pub struct Services {
    desk: StoredValue<Rc<DeskService<IndexedDbStore>>, LocalStorage>,
    version: RwSignal<u64>,
    is_reload_needed: RwSignal<bool>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

/// What a tab announces when it has opened the database: the schema version it runs.
fn schema_announcement(version: u32) -> String {
    format!("schema:{version}")
}

/// Whether `message` comes from a tab running a newer schema than ours.
pub fn announces_newer_schema(message: &str, ours: u32) -> bool {
    message
        .strip_prefix("schema:")
        .and_then(|version| version.parse::<u32>().ok())
        .is_some_and(|theirs| theirs > ours)
}

/// Opens the database and loads the desk, telling `report` how far the load has come.
pub async fn open(
    report: impl FnMut(OpeningProgress),
) -> Result<Rc<DeskService<IndexedDbStore>>, StoreError> {
    let opening = Span::start("startup.open_database");
    let store = IndexedDbStore::open_default().await?;
    drop(opening);
    let _loading = Span::start("startup.load_desk");
    let service =
        DeskService::load_reporting(store, Box::new(|| uuid::Uuid::now_v7().to_string()), report)
            .await?;
    Ok(Rc::new(service))
}

impl Services {
    /// Provides `desk` to the tree and listens for other tabs' commits.
    pub fn provide(desk: Rc<DeskService<IndexedDbStore>>) -> Services {
        let version = RwSignal::new(0u64);
        let is_reload_needed = RwSignal::new(false);
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        if let Some(channel) = &channel {
            let listening = desk.clone();
            let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                move |message: web_sys::MessageEvent| {
                    let text = message.data().as_string().unwrap_or_default();
                    if announces_newer_schema(&text, schema::DATABASE_VERSION) {
                        // Our connection was closed for the upgrade: only a reload brings the new code.
                        is_reload_needed.try_set(true);
                    } else {
                        // Another tab wrote: fold what it wrote before the views re-read.
                        let desk = listening.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = desk.refresh().await;
                            version.try_update(|version| *version += 1);
                        });
                    }
                },
            );
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let _ = channel.post_message(&JsValue::from_str(&schema_announcement(
                schema::DATABASE_VERSION,
            )));
        }
        let services = Services {
            desk: StoredValue::new_local(desk),
            version,
            is_reload_needed,
            channel: StoredValue::new_local(channel.clone()),
        };
        on_cleanup(move || {
            if let Some(channel) = channel {
                channel.close();
            }
        });
        provide_context(services);
        services
    }

    pub fn expect() -> Services {
        expect_context::<Services>()
    }

    /// The desk service.
    pub fn desk(self) -> Rc<DeskService<IndexedDbStore>> {
        self.desk.get_value()
    }

    /// The data version, tracked: read it in every resource that reads the store.
    pub fn version(self) -> u64 {
        self.version.get()
    }

    /// Whether another tab upgraded the database, so this one must reload, tracked.
    pub fn is_reload_needed(self) -> bool {
        self.is_reload_needed.get()
    }

    /// Tells this tab and the others that data changed.
    pub fn changed(self) {
        self.version.update(|version| *version += 1);
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&JsValue::from_str("changed"));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{announces_newer_schema, schema_announcement};

    #[test]
    fn only_a_newer_schema_asks_for_a_reload() {
        assert!(announces_newer_schema(&schema_announcement(2), 1));
        assert!(!announces_newer_schema(&schema_announcement(1), 1));
        assert!(!announces_newer_schema("changed", 1));
        assert!(!announces_newer_schema("schema:x", 1));
    }
}
