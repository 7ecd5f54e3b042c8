//! The one schema of the database: every object store and index. The builder deletes any store
//! not declared here, so a store is never removed by forgetting it: it is removed here or not
//! at all. The database keeps its name for ever; upgrades happen in place.

use rexie::{Index, ObjectStore, Rexie, RexieBuilder};

/// The database name. Never change it to "migrate": that would orphan every record.
pub const DATABASE_NAME: &str = "estate-desk";

/// The IndexedDB structure version. Bump it when a store or an index is added; record
/// contents are upgraded separately, by `estate_core::record`.
pub const DATABASE_VERSION: u32 = 1;

pub const EVENTS: &str = "events";
pub const ENTITIES: &str = "entities";
pub const ATTACHMENTS: &str = "attachments";
pub const META: &str = "meta";

pub const EVENTS_BY_ENTITY: &str = "by_entity";
pub const EVENTS_BY_HLC: &str = "by_hlc";
pub const ENTITIES_BY_KIND_STATUS: &str = "by_kind_status";
pub const ENTITIES_BY_UNIT: &str = "by_unit";
pub const ENTITIES_BY_DEADLINE: &str = "by_next_deadline";

/// The builder for database `name` (tests use their own names).
pub fn builder(name: &str) -> RexieBuilder {
    Rexie::builder(name)
        .version(DATABASE_VERSION)
        .add_object_store(
            ObjectStore::new(EVENTS)
                .key_path("id")
                .add_index(Index::new(EVENTS_BY_ENTITY, "entity"))
                .add_index(Index::new(EVENTS_BY_HLC, "hlc_key")),
        )
        .add_object_store(
            ObjectStore::new(ENTITIES)
                .key_path("id")
                .add_index(Index::new_array(
                    ENTITIES_BY_KIND_STATUS,
                    ["kind", "status"],
                ))
                .add_index(Index::new(ENTITIES_BY_UNIT, "unit"))
                .add_index(Index::new(ENTITIES_BY_DEADLINE, "next_deadline")),
        )
        .add_object_store(ObjectStore::new(ATTACHMENTS).key_path("sha256"))
        .add_object_store(ObjectStore::new(META).key_path("key"))
}
