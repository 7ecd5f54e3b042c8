//! Storage behind a trait: IndexedDB in the browser, memory in native tests. Both pass the same
//! contract suite (`store::contract`).
//!
//! Architecture invariant: the store writes what core computed. A commit is one short
//! transaction that awaits nothing but its own requests; it is all or nothing.

pub mod contract;
pub mod indexed_db;
pub mod memory;
pub mod schema;

use estate_core::record::{EntityRecord, EventRecord};
use serde_json::Value;

use crate::i18n::Text;

/// Why storage failed. Every variant has a message for the user; nothing is half-written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage is full: the command was not saved. Export, then free space.
    QuotaExceeded,
    /// Another tab upgraded the database; this tab must reload.
    ClosedByAnotherTab,
    /// IndexedDB could not be opened (private mode, disabled, or not supported).
    Unavailable(String),
    /// A stored record could not be read or upgraded.
    Record(String),
    /// Any other failure, with the browser's own words.
    Failed(String),
    /// Another tab of this device wrote first: re-read, decide again, then write.
    Stale,
}

impl StoreError {
    /// The catalogue entry shown to the user.
    pub fn text(&self) -> Text {
        match self {
            StoreError::QuotaExceeded => Text::StoreQuotaExceeded,
            StoreError::ClosedByAnotherTab => Text::StoreClosedByAnotherTab,
            StoreError::Unavailable(_) => Text::StoreUnavailable,
            StoreError::Record(_) => Text::StoreRecordUnreadable,
            StoreError::Failed(_) | StoreError::Stale => Text::StoreFailed,
        }
    }

    /// The technical detail, for the "details" line under the message.
    pub fn detail(&self) -> &str {
        match self {
            StoreError::QuotaExceeded | StoreError::ClosedByAnotherTab | StoreError::Stale => "",
            StoreError::Unavailable(detail)
            | StoreError::Record(detail)
            | StoreError::Failed(detail) => detail,
        }
    }
}

/// What one command or import writes: its events, the projections they changed, the photos
/// they bring, and meta entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteBatch {
    pub events: Vec<EventRecord>,
    pub entities: Vec<EntityRecord>,
    pub attachments: Vec<Attachment>,
    pub meta: Vec<(String, Value)>,
    /// How many events the writer holds, when its new events continue this device's chain.
    /// The commit reads the stored count inside its own transaction and is refused as
    /// [`StoreError::Stale`] if another tab wrote in between (issue #21): two tabs never
    /// continue the chain from the same head.
    pub events_before: Option<u64>,
}

/// A photo or scan, stored once by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub sha256: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// A failure the contract suite makes happen, to prove that nothing is half-written. Only
/// test builds (`cfg(test)`, or the `fault-injection` feature of the browser tests) can arm
/// one: production code has no way to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The write carrying the n-th record (1-based: events, then projections, photos and meta
    /// entries) of the next commit fails. In IndexedDB that is the whole pack the event is in.
    FailWrite(usize),
    /// The next commit runs out of quota after issuing its writes.
    QuotaExceeded,
}

/// How many stored events [`Store::each_event_batch`] decodes at a time: a few hundred
/// kilobytes of text, and few enough crossings of the wasm boundary (250 for 125k events).
pub const EVENT_BATCH: usize = 500;

/// The storage contract. Futures are not `Send`: IndexedDB lives on the page's thread.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Writes the batch atomically: everything or nothing.
    async fn commit(&self, batch: &WriteBatch) -> Result<(), StoreError>;
    /// Every event, in HLC order.
    async fn events(&self) -> Result<Vec<EventRecord>, StoreError>;
    /// Every event, in batches of about [`EVENT_BATCH`] in no set order, each handed to `each`
    /// and dropped before the next is decoded: opening a large office never holds every
    /// record's text at once (issue #19: memory).
    async fn each_event_batch(
        &self,
        each: &mut impl FnMut(&[EventRecord]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// How many events are stored: whether another tab wrote since this one last read, without
    /// reading them (issue #19).
    async fn event_count(&self) -> Result<u64, StoreError>;
    /// Every projection.
    async fn entities(&self) -> Result<Vec<EntityRecord>, StoreError>;
    /// The projections of one kind in one status.
    async fn entities_with_status(
        &self,
        kind: &str,
        status: &str,
    ) -> Result<Vec<EntityRecord>, StoreError>;
    /// Replaces every projection at once (the "rebuild from events" repair).
    async fn replace_entities(&self, records: Vec<EntityRecord>) -> Result<(), StoreError>;
    /// Stores an attachment; `false` when the same SHA-256 was already stored.
    async fn put_attachment(&self, attachment: Attachment) -> Result<bool, StoreError>;
    /// The SHA-256 of every stored attachment.
    async fn attachment_keys(&self) -> Result<std::collections::BTreeSet<String>, StoreError>;
    /// An attachment by its SHA-256.
    async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>, StoreError>;
    /// A meta entry (device id, HLC state, last export per peer, …).
    async fn meta(&self, key: &str) -> Result<Option<Value>, StoreError>;
    /// Deletes every record, projection, photo and meta entry in one transaction: handing the
    /// device to someone else. The UI warns with the count of changes not yet exported first.
    async fn erase_everything(&self) -> Result<(), StoreError>;
}

/// The next commit's armed failure, if any. In a production build it is always empty.
#[derive(Debug, Default)]
pub struct FaultSlot(
    #[cfg(any(test, feature = "fault-injection"))] std::cell::RefCell<Option<Fault>>,
);

impl FaultSlot {
    /// The armed failure, disarmed.
    pub fn take(&self) -> Option<Fault> {
        #[cfg(any(test, feature = "fault-injection"))]
        {
            self.0.borrow_mut().take()
        }
        #[cfg(not(any(test, feature = "fault-injection")))]
        {
            None
        }
    }

    /// Arms `fault` for the next commit.
    #[cfg(any(test, feature = "fault-injection"))]
    pub fn arm(&self, fault: Fault) {
        *self.0.borrow_mut() = Some(fault);
    }
}

/// The test hook that makes the next commit fail (`Fault`).
#[cfg(any(test, feature = "fault-injection"))]
pub trait FaultInjection {
    fn arm_fault(&self, fault: Fault);
}
