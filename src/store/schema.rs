//! The one schema of the database: every object store and index. The builder deletes any store
//! not declared here, so a store is never removed by forgetting it: it is removed here or not
//! at all. The database keeps its name for ever; upgrades happen in place.

use rexie::{Index, ObjectStore, Rexie, RexieBuilder};

/// The database name. Never change it to "migrate": that would orphan every record.
pub const DATABASE_NAME: &str = "estate-desk";

/// The IndexedDB structure version. Bump it when a store or an index is added or removed;
/// record contents are upgraded separately, by `estate_core::record`.
///
/// - 1: events by entity and by HLC; projections by kind and status, by unit and by deadline.
/// - 2: only the indexes a read uses (issue #19). Every index is written on every put, and the
///   by-HLC, by-unit and by-deadline ones were never read: the desk sorts and filters in
///   memory. Opening a version-1 database deletes them in place; no record is touched.
/// - 3: no index on events (issue #19). The by-entity one was read only by tests: a case's
///   timeline comes from the desk in memory, and every event put paid for its index entry.
pub const DATABASE_VERSION: u32 = 3;

pub const EVENTS: &str = "events";
pub const ENTITIES: &str = "entities";
pub const ATTACHMENTS: &str = "attachments";
pub const META: &str = "meta";

pub const ENTITIES_BY_KIND_STATUS: &str = "by_kind_status";

/// The builder for database `name` (tests use their own names).
pub fn builder(name: &str) -> RexieBuilder {
    Rexie::builder(name)
        .version(DATABASE_VERSION)
        .add_object_store(ObjectStore::new(EVENTS).key_path("id"))
        .add_object_store(
            ObjectStore::new(ENTITIES)
                .key_path("id")
                .add_index(Index::new_array(
                    ENTITIES_BY_KIND_STATUS,
                    ["kind", "status"],
                )),
        )
        .add_object_store(ObjectStore::new(ATTACHMENTS).key_path("sha256"))
        .add_object_store(ObjectStore::new(META).key_path("key"))
}
