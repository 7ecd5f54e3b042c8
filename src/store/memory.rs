//! The in-memory store: the same contract as IndexedDB, for native tests of app services.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use estate_core::record::{EntityRecord, EventRecord};
use serde_json::Value;

use super::{Attachment, Fault, FaultSlot, Store, StoreError, WriteBatch};

#[derive(Debug, Clone, Default)]
struct Contents {
    events: BTreeMap<String, EventRecord>,
    entities: BTreeMap<String, EntityRecord>,
    attachments: BTreeMap<String, Attachment>,
    meta: BTreeMap<String, Value>,
}

/// A store in memory. A commit works on a copy and swaps it in, so it is atomic too.
#[derive(Debug, Default)]
pub struct MemoryStore {
    contents: Rc<RefCell<Contents>>,
    fault: FaultSlot,
    /// How many write transactions this connection committed: a test proves an import of
    /// nothing new writes nothing (issue #19).
    commits: std::cell::Cell<usize>,
}

impl MemoryStore {
    /// How many write transactions this connection has committed.
    pub fn commits(&self) -> usize {
        self.commits.get()
    }

    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The same stored contents seen through a second connection, as a second tab of the
    /// same browser sees one IndexedDB database.
    pub fn second_connection(&self) -> MemoryStore {
        MemoryStore {
            contents: Rc::clone(&self.contents),
            fault: FaultSlot::default(),
            commits: std::cell::Cell::new(0),
        }
    }
}

fn in_hlc_order(mut events: Vec<EventRecord>) -> Vec<EventRecord> {
    estate_core::sorting::sort_by(&mut events, |a, b| a.hlc_key.cmp(&b.hlc_key));
    events
}

impl Store for MemoryStore {
    async fn event_count(&self) -> Result<u64, StoreError> {
        Ok(self.contents.borrow().events.len() as u64)
    }

    async fn erase_everything(&self) -> Result<(), StoreError> {
        *self.contents.borrow_mut() = Contents::default();
        Ok(())
    }

    async fn commit(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        let fault = self.fault.take();
        self.commits.set(self.commits.get() + 1);
        let mut next = self.contents.borrow().clone();
        if batch
            .events_before
            .is_some_and(|expected| expected != next.events.len() as u64)
        {
            return Err(StoreError::Stale);
        }
        let writes =
            batch.events.len() + batch.entities.len() + batch.attachments.len() + batch.meta.len();
        if let Some(Fault::FailWrite(n)) = fault {
            if n <= writes {
                return Err(StoreError::Failed(format!("write {n} of {writes} failed")));
            }
        }
        for event in &batch.events {
            next.events.insert(event.id.clone(), event.clone());
        }
        for entity in &batch.entities {
            next.entities.insert(entity.id.clone(), entity.clone());
        }
        for attachment in &batch.attachments {
            next.attachments
                .entry(attachment.sha256.clone())
                .or_insert_with(|| attachment.clone());
        }
        for (key, value) in &batch.meta {
            next.meta.insert(key.clone(), value.clone());
        }
        if fault == Some(Fault::QuotaExceeded) {
            return Err(StoreError::QuotaExceeded);
        }
        *self.contents.borrow_mut() = next;
        Ok(())
    }

    async fn events(&self) -> Result<Vec<EventRecord>, StoreError> {
        Ok(in_hlc_order(
            self.contents.borrow().events.values().cloned().collect(),
        ))
    }

    async fn each_event_batch(
        &self,
        each: &mut impl FnMut(&[EventRecord]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let records: Vec<EventRecord> = self.contents.borrow().events.values().cloned().collect();
        records.chunks(super::EVENT_BATCH).try_for_each(each)
    }

    async fn entities(&self) -> Result<Vec<EntityRecord>, StoreError> {
        Ok(self.contents.borrow().entities.values().cloned().collect())
    }

    async fn entities_with_status(
        &self,
        kind: &str,
        status: &str,
    ) -> Result<Vec<EntityRecord>, StoreError> {
        let contents = self.contents.borrow();
        Ok(contents
            .entities
            .values()
            .filter(|e| e.kind == kind && e.status == status)
            .cloned()
            .collect())
    }

    async fn replace_entities(&self, records: Vec<EntityRecord>) -> Result<(), StoreError> {
        let mut contents = self.contents.borrow_mut();
        contents.entities = records
            .into_iter()
            .map(|record| (record.id.clone(), record))
            .collect();
        Ok(())
    }

    async fn put_attachment(&self, attachment: Attachment) -> Result<bool, StoreError> {
        let mut contents = self.contents.borrow_mut();
        if contents.attachments.contains_key(&attachment.sha256) {
            return Ok(false);
        }
        contents
            .attachments
            .insert(attachment.sha256.clone(), attachment);
        Ok(true)
    }

    async fn attachment_keys(&self) -> Result<std::collections::BTreeSet<String>, StoreError> {
        Ok(self.contents.borrow().attachments.keys().cloned().collect())
    }

    async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        Ok(self.contents.borrow().attachments.get(sha256).cloned())
    }

    async fn meta(&self, key: &str) -> Result<Option<Value>, StoreError> {
        Ok(self.contents.borrow().meta.get(key).cloned())
    }
}

#[cfg(any(test, feature = "fault-injection"))]
impl super::FaultInjection for MemoryStore {
    fn arm_fault(&self, fault: Fault) {
        self.fault.arm(fault);
    }
}

#[cfg(test)]
mod tests {
    use super::MemoryStore;
    use crate::store::contract;
    use futures::executor::block_on;

    #[test]
    fn memory_store_round_trip() {
        block_on(contract::round_trip(&MemoryStore::new()));
    }

    #[test]
    fn a_second_writer_from_the_same_head_is_refused() {
        block_on(contract::a_second_writer_from_the_same_head_is_refused(
            &MemoryStore::new(),
        ));
    }

    #[test]
    fn memory_store_events_in_batches_are_every_event_once() {
        block_on(contract::events_in_batches_are_every_event_once(
            &MemoryStore::new(),
        ));
    }

    #[test]
    fn memory_store_atomic_failure_of_the_second_of_three_writes() {
        block_on(contract::atomic_failure_of_the_second_of_three_writes(
            &MemoryStore::new(),
        ));
    }

    #[test]
    fn memory_store_a_large_commit_failing_at_its_last_write_writes_nothing() {
        block_on(
            contract::a_large_commit_failing_at_its_last_write_writes_nothing(&MemoryStore::new()),
        );
    }

    #[test]
    fn memory_store_quota_error_writes_nothing() {
        block_on(contract::quota_error_writes_nothing(&MemoryStore::new()));
    }

    #[test]
    fn memory_store_attachment_dedup_by_hash() {
        block_on(contract::attachment_dedup_by_hash(&MemoryStore::new()));
    }

    #[test]
    fn memory_erase_leaves_nothing() {
        block_on(contract::erase_leaves_nothing(&MemoryStore::new()));
    }

    #[test]
    fn memory_store_rebuild_from_events_gives_identical_projections() {
        block_on(contract::rebuild_from_events_gives_identical_projections(
            &MemoryStore::new(),
        ));
    }
}
