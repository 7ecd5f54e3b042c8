//! The IndexedDB store, through rexie. Records are serialized JSON-compatible (plain objects,
//! not `Map`s) so key paths work; puts are issued a chunk at a time, and nothing but the
//! transaction's own requests is awaited inside a transaction.

use estate_core::record::{
    pack_event_records, upgrade_event_records, EntityRecord, EventPack, EventRecord,
    EVENT_PACK_VERSION, EVENT_RECORD_VERSION,
};
use std::collections::VecDeque;
use std::task::Poll;

use futures::future::try_join_all;
use rexie::{KeyRange, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::schema::{self, ATTACHMENTS, ENTITIES, EVENTS, META};
use super::{Attachment, Fault, FaultSlot, Store, StoreError, WriteBatch};

/// The meta entry naming the record version the stored events are in.
pub const SCHEMA_VERSION_KEY: &str = "schema_version";

/// The meta entry holding how many events are stored. Since events are stored in packs
/// (issue #19), the number of stored objects is not the number of events; every commit that
/// writes events updates this entry in its own transaction. A database written before it has
/// only one record per event, so there the count of objects is the count of events.
pub const EVENT_COUNT_KEY: &str = "event_count";

/// The browser database.
pub struct IndexedDbStore {
    database: Rexie,
    fault: FaultSlot,
    /// The event records the upgrade check read at open, kept for the first read of the
    /// events (the desk's load) so opening a large office reads them once, not twice. Any
    /// write drops them.
    events_read_at_open: std::cell::RefCell<Option<Vec<JsValue>>>,
}

fn to_js(value: &impl Serialize) -> Result<JsValue, StoreError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| StoreError::Failed(format!("serialize: {error}")))
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|error| StoreError::Record(error.to_string()))
}

/// Many records as the objects [`to_js`] makes, through one JSON text the browser parses:
/// building each object field by field across the wasm boundary cost more than writing it to
/// IndexedDB (issue #19).
fn to_js_many<T: Serialize>(records: &[T]) -> Result<Vec<JsValue>, StoreError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let text = serde_json::to_string(records)
        .map_err(|error| StoreError::Failed(format!("serialize: {error}")))?;
    let parsed = js_sys::JSON::parse(&text)
        .map_err(|_| StoreError::Failed("serialize: the browser refused the records".into()))?;
    Ok(js_sys::Array::from(&parsed).to_vec())
}

/// Many stored objects read back through one JSON text the browser writes (see
/// [`to_js_many`]).
fn from_js_many<T: DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>, StoreError> {
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let array: js_sys::Array = values.into_iter().collect();
    let text: String = js_sys::JSON::stringify(&array)
        .map_err(|_| StoreError::Record("a stored record is not JSON".into()))?
        .into();
    serde_json::from_str(&text).map_err(|error| StoreError::Record(error.to_string()))
}

/// Names the failure from the browser's error: a full disk and a closed connection get their
/// own messages; anything else keeps the browser's words.
pub fn classify(error: rexie::Error) -> StoreError {
    // rexie's own message is only "idb error"; the browser's words are in the inner error.
    match error {
        rexie::Error::IdbError(inner) => classify_text(inner.to_string()),
        other => classify_text(other.to_string()),
    }
}

fn classify_text(text: String) -> StoreError {
    if text.contains("QuotaExceededError") || text.contains("quota") {
        StoreError::QuotaExceeded
    } else if text.contains("InvalidStateError")
        || text.contains("closing")
        || text.contains("closed")
    {
        StoreError::ClosedByAnotherTab
    } else {
        StoreError::Failed(text)
    }
}

/// The meta key of this device's signing key pair.
const DEVICE_KEY_ENTRY: &str = "device_key";

impl IndexedDbStore {
    /// Opens (creating or upgrading in place) the database `name`, then upgrades any record
    /// written by an older version.
    pub async fn open(name: &str) -> Result<IndexedDbStore, StoreError> {
        let database = schema::builder(name)
            .build()
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        let store = IndexedDbStore {
            database,
            fault: FaultSlot::default(),
            events_read_at_open: std::cell::RefCell::new(None),
        };
        let _upgrading = crate::timing::Span::start("startup.upgrade_records");
        store.upgrade_records().await?;
        Ok(store)
    }

    /// Opens the app's own database.
    pub async fn open_default() -> Result<IndexedDbStore, StoreError> {
        IndexedDbStore::open(schema::DATABASE_NAME).await
    }

    /// This device's signing key entry (issue #11): WebCrypto `CryptoKey` objects, which only
    /// IndexedDB's structured clone can keep, since the private key is not extractable. Kept in
    /// the meta store, so erasing the device erases its identity too.
    pub async fn device_key_entry(&self) -> Result<Option<JsValue>, StoreError> {
        self.keyed_entry(DEVICE_KEY_ENTRY).await
    }

    /// Stores the entry made by `crate::device_key` under its fixed key.
    pub async fn put_device_key_entry(&self, entry: &js_sys::Object) -> Result<(), StoreError> {
        self.put_keyed_entry(DEVICE_KEY_ENTRY, entry).await
    }

    /// A meta entry kept as a JS object, for `CryptoKey`s, which only structured clone
    /// stores (the device key, the sync password's seal key).
    pub async fn keyed_entry(&self, key: &str) -> Result<Option<JsValue>, StoreError> {
        self.get(META, key).await
    }

    /// Stores `entry` as the meta entry `key`.
    pub async fn put_keyed_entry(
        &self,
        key: &str,
        entry: &js_sys::Object,
    ) -> Result<(), StoreError> {
        js_sys::Reflect::set(entry, &JsValue::from_str("key"), &JsValue::from_str(key))
            .map_err(classify_js)?;
        let transaction = self
            .database
            .transaction(&[META], TransactionMode::ReadWrite)
            .map_err(classify)?;
        let meta = transaction.store(META).map_err(classify)?;
        meta.put(entry, None).await.map_err(classify)?;
        transaction.done().await.map_err(classify)?;
        Ok(())
    }

    /// Closes the connection (tests reopen to prove persistence).
    pub fn close(self) {
        self.database.close();
    }

    /// Rewrites every event record of an older version in one transaction. Read first, compute
    /// the upgrades, then write: nothing but IndexedDB requests is awaited while writing. When
    /// every record is current, the records read are kept for the desk's load.
    async fn upgrade_records(&self) -> Result<(), StoreError> {
        let stored = self.all_event_records().await?;
        // Only the version is looked at here: copying every record into wasm to read one
        // number cost as much as the load's own read (issue #19). A pack (v3) holds current
        // records.
        let older = stored
            .iter()
            .filter(|record| {
                stored_version(record).is_none_or(|version| {
                    version != EVENT_RECORD_VERSION && version != EVENT_PACK_VERSION
                })
            })
            .map(|record| from_js::<Value>(record.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        if older.is_empty() {
            *self.events_read_at_open.borrow_mut() = Some(stored);
            return Ok(());
        }
        let upgraded = upgrade_event_records(older)
            .map_err(|error| StoreError::Record(error.to_string()))?
            .iter()
            .map(to_js)
            .collect::<Result<Vec<_>, _>>()?;
        let transaction = self
            .database
            .transaction(&[EVENTS], TransactionMode::ReadWrite)
            .map_err(classify)?;
        let events = transaction.store(EVENTS).map_err(classify)?;
        events
            .put_all(upgraded.into_iter().map(|record| (record, None)))
            .await
            .map_err(classify)?;
        transaction.done().await.map_err(classify)?;
        Ok(())
    }

    async fn get_all(&self, store_name: &str) -> Result<Vec<JsValue>, StoreError> {
        let transaction = self
            .database
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let store = transaction.store(store_name).map_err(classify)?;
        store.get_all(None, None).await.map_err(classify)
    }

    /// Every stored event object, read in pages by key in one transaction: first the one-event
    /// records ([`EVENT_READ_PAGE`] a page), then the packs, whose array keys sort after every
    /// string ([`PACK_READ_PAGE`] a page). The browser makes each page's objects in a task of
    /// its own, where one `getAll` of a 10k-case office's 125k records made them all in one task
    /// of most of a second (issue #19).
    async fn all_event_records(&self) -> Result<Vec<JsValue>, StoreError> {
        let transaction = self
            .database
            .transaction(&[EVENTS], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let store = transaction.store(EVENTS).map_err(classify)?;
        let id_key = JsValue::from_str("id");
        // The smallest array key: every string key is below it, every pack's key above.
        let first_array_key: JsValue = js_sys::Array::new().into();
        let mut records: Vec<JsValue> = Vec::new();
        for (packs, page_size) in [(false, EVENT_READ_PAGE), (true, PACK_READ_PAGE)] {
            let mut after: Option<JsValue> = None;
            loop {
                let range = match (&after, packs) {
                    (None, false) => KeyRange::upper_bound(&first_array_key, Some(true)),
                    (Some(last), false) => {
                        KeyRange::bound(last, &first_array_key, Some(true), Some(true))
                    }
                    (None, true) => KeyRange::lower_bound(&first_array_key, Some(false)),
                    (Some(last), true) => KeyRange::lower_bound(last, Some(true)),
                }
                .map_err(|error| classify_text(error.to_string()))?;
                let page = store
                    .get_all(Some(range), Some(page_size))
                    .await
                    .map_err(classify)?;
                let is_last = page.len() < page_size as usize;
                if let Some(last) = page.last() {
                    after = Some(
                        js_sys::Reflect::get(last, &id_key)
                            .map_err(|_| StoreError::Record("an event record has no id".into()))?,
                    );
                }
                records.extend(page);
                if is_last {
                    break;
                }
            }
        }
        Ok(records)
    }

    async fn get_all_by_index(
        &self,
        store_name: &str,
        index: &str,
        key: &JsValue,
    ) -> Result<Vec<JsValue>, StoreError> {
        let transaction = self
            .database
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let store = transaction.store(store_name).map_err(classify)?;
        let range = KeyRange::only(key).map_err(|error| classify_text(error.to_string()))?;
        store
            .index(index)
            .map_err(classify)?
            .get_all(Some(range), None)
            .await
            .map_err(classify)
    }

    async fn get(&self, store_name: &str, key: &str) -> Result<Option<JsValue>, StoreError> {
        let transaction = self
            .database
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let store = transaction.store(store_name).map_err(classify)?;
        store.get(JsValue::from_str(key)).await.map_err(classify)
    }
}

/// The stored form of an attachment: its bytes as a Blob, beside its hash, type and size.
fn attachment_object(attachment: &Attachment) -> Result<JsValue, StoreError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(attachment.bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&attachment.mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|error| StoreError::Failed(format!("{error:?}")))?;
    let record = js_sys::Object::new();
    for (key, value) in [
        ("sha256", JsValue::from_str(&attachment.sha256)),
        ("mime", JsValue::from_str(&attachment.mime)),
        ("size", JsValue::from_f64(attachment.bytes.len() as f64)),
        ("blob", blob.into()),
    ] {
        js_sys::Reflect::set(&record, &JsValue::from_str(key), &value)
            .map_err(|error| StoreError::Failed(format!("{error:?}")))?;
    }
    Ok(record.into())
}

/// How many records a large commit converts, and issues puts for, at a time: each chunk is a
/// short task (about 50 ms for 500 events on the benchmark machine).
const WRITE_CHUNK: usize = 500;

/// How many one-event records one read request takes (see
/// [`IndexedDbStore::all_event_records`]): about 4 MB, made into objects in a few tens of
/// milliseconds.
pub const EVENT_READ_PAGE: u32 = 5_000;

/// How many packs one read request takes: about the same 4 MB as a page of one-event records.
pub const PACK_READ_PAGE: u32 = 100;

/// One request of a commit: the object, its store, and how many of the batch's records it
/// carries (a pack carries many, the stored event count none), and whether it only adds.
struct Write {
    store: &'static str,
    object: JsValue,
    records: usize,
    /// Added, never put: an object already stored under its key fails the commit instead of
    /// being replaced (a pack: the events only it holds would be lost).
    add_only: bool,
}

impl Write {
    fn one(store: &'static str, object: JsValue) -> Write {
        Write {
            store,
            object,
            records: 1,
            add_only: false,
        }
    }

    /// A meta entry: `value` under `key`.
    fn meta(key: &str, value: &Value) -> Result<Write, StoreError> {
        let entry = to_js(&serde_json::json!({ "key": key, "value": value }))?;
        Ok(Write::one(META, entry))
    }
}

/// The packs of `records` (see [`EventPack`]) as the objects stored.
fn pack_writes(records: &[EventRecord]) -> Result<Vec<Write>, StoreError> {
    pack_event_records(records)
        .iter()
        .map(|pack| {
            Ok(Write {
                store: EVENTS,
                object: to_js(pack)?,
                records: pack.count as usize,
                add_only: true,
            })
        })
        .collect()
}

/// Issues a chunk's requests, each run of one store's objects at once: only the last one is
/// awaited. IndexedDB completes a transaction's requests in order, and a failed one aborts the
/// transaction, which fails every later one: the last succeeding means they all did. A future
/// and two callbacks per record cost more than the browser's own work of writing it (issue
/// #19).
async fn put_chunk<'s>(
    store_of: &impl Fn(&str) -> &'s rexie::Store,
    chunk: Vec<Write>,
) -> Result<(), rexie::Error> {
    let mut writes = chunk.into_iter().peekable();
    while let Some(first) = writes.next() {
        let (store_name, add_only) = (first.store, first.add_only);
        let mut run = vec![first.object];
        while let Some(next) =
            writes.next_if(|next| next.store == store_name && next.add_only == add_only)
        {
            run.push(next.object);
        }
        let requests = run.into_iter().map(|object| (object, None));
        if add_only {
            store_of(store_name).add_all(requests).await?;
        } else {
            store_of(store_name).put_all(requests).await?;
        }
    }
    Ok(())
}

/// The version of a stored event object, read in place: `None` for a v1 record, which has no
/// `v`.
fn stored_version(object: &JsValue) -> Option<u32> {
    js_sys::Reflect::get(object, &JsValue::from_str("v"))
        .ok()
        .and_then(|version| version.as_f64())
        .map(|version| version as u32)
}

/// How many events a stored object holds: a pack says, any other holds one.
fn events_in(object: &JsValue) -> usize {
    if stored_version(object) == Some(EVENT_PACK_VERSION) {
        js_sys::Reflect::get(object, &JsValue::from_str("count"))
            .ok()
            .and_then(|count| count.as_f64())
            .map_or(1, |count| count as usize)
    } else {
        1
    }
}

/// Stored event objects grouped, in order, into batches of up to [`crate::store::EVENT_BATCH`]
/// events: many one-event records, or a few packs (a pack larger than that alone).
fn event_batches(objects: Vec<JsValue>) -> Vec<Vec<JsValue>> {
    let mut batches: Vec<Vec<JsValue>> = Vec::new();
    let mut events_in_last = 0;
    for object in objects {
        let events = events_in(&object);
        match batches.last_mut() {
            Some(last) if events_in_last + events <= crate::store::EVENT_BATCH => {
                last.push(object);
                events_in_last += events;
            }
            _ => {
                batches.push(vec![object]);
                events_in_last = events;
            }
        }
    }
    batches
}

/// The event records in stored objects: one-event records through one JSON text (see
/// [`from_js_many`]), packs through their own text.
fn decode_event_objects(objects: Vec<JsValue>) -> Result<Vec<EventRecord>, StoreError> {
    let (packs, single): (Vec<JsValue>, Vec<JsValue>) = objects
        .into_iter()
        .partition(|object| stored_version(object) == Some(EVENT_PACK_VERSION));
    let mut records: Vec<EventRecord> = from_js_many(single)?;
    for pack in packs {
        let pack: EventPack = from_js(pack)?;
        records.extend(
            pack.records()
                .map_err(|error| StoreError::Record(error.to_string()))?,
        );
    }
    Ok(records)
}

/// The number of stored events, read inside `transaction`'s stores: the count entry, or on a
/// database written before it, the count of objects (one per event there).
async fn stored_event_count(events: &rexie::Store, meta: &rexie::Store) -> Result<u64, StoreError> {
    match meta
        .get(JsValue::from_str(EVENT_COUNT_KEY))
        .await
        .map_err(classify)?
    {
        Some(entry) => js_sys::Reflect::get(&entry, &JsValue::from_str("value"))
            .ok()
            .and_then(|value| value.as_f64())
            .map(|count| count as u64)
            .ok_or_else(|| StoreError::Record("the stored event count is not a number".into())),
        None => Ok(u64::from(events.count(None).await.map_err(classify)?)),
    }
}

/// Why a commit's writing stopped: a record that would not convert, or a refused put.
enum WriteFailure {
    Convert(StoreError),
    Put(rexie::Error),
}

fn sorted_events(values: Vec<JsValue>) -> Result<Vec<EventRecord>, StoreError> {
    let mut events = decode_event_objects(values)?;
    estate_core::sorting::sort_by(&mut events, |a, b| a.hlc_key.cmp(&b.hlc_key));
    Ok(events)
}

impl Store for IndexedDbStore {
    async fn commit(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        self.events_read_at_open.take();
        let fault = self.fault.take();
        // Photos and meta entries are few: converted before the transaction opens. Events and
        // projections are converted a chunk at a time inside it, each chunk while the one
        // before is being written (see below). Events go in packs (issue #19).
        let mut last_writes: Vec<Write> = Vec::new();
        for attachment in &batch.attachments {
            // Content-addressed: writing the same photo again stores the same bytes.
            last_writes.push(Write::one(ATTACHMENTS, attachment_object(attachment)?));
        }
        for (key, value) in &batch.meta {
            last_writes.push(Write::meta(key, value)?);
        }
        let event_chunks = batch.events.chunks(WRITE_CHUNK).map(pack_writes);
        let entity_chunks = batch.entities.chunks(WRITE_CHUNK).map(|chunk| {
            to_js_many(chunk).map(|objects| {
                objects
                    .into_iter()
                    .map(|object| Write::one(ENTITIES, object))
                    .collect::<Vec<_>>()
            })
        });

        let transaction = self
            .database
            .transaction(
                &[EVENTS, ENTITIES, ATTACHMENTS, META],
                TransactionMode::ReadWrite,
            )
            .map_err(classify)?;
        let stores = [EVENTS, ENTITIES, ATTACHMENTS, META]
            .map(|name| transaction.store(name).map_err(classify));
        let [events, entities, attachments, meta] = stores;
        let (events, entities, attachments, meta) = (events?, entities?, attachments?, meta?);
        if !batch.events.is_empty() || batch.events_before.is_some() {
            // Read inside the write transaction: no other tab can write between this count
            // and the writes below, since IndexedDB runs overlapping read-write transactions
            // one after another.
            let stored = stored_event_count(&events, &meta).await?;
            if batch
                .events_before
                .is_some_and(|expected| expected != stored)
            {
                let _ = transaction.abort().await;
                return Err(StoreError::Stale);
            }
            if !batch.events.is_empty() {
                let count = stored + batch.events.len() as u64;
                // Not one of the batch's records.
                last_writes.push(Write {
                    records: 0,
                    ..Write::meta(EVENT_COUNT_KEY, &count.into())?
                });
            }
        }
        let chunks = event_chunks
            .chain(entity_chunks)
            .chain((!last_writes.is_empty()).then_some(Ok(last_writes)));
        let store_of = |store_name: &str| match store_name {
            EVENTS => &events,
            ENTITIES => &entities,
            ATTACHMENTS => &attachments,
            _ => &meta,
        };
        // A chunk is converted (serialization only: nothing but this transaction's own
        // requests is awaited) and its requests issued when the one before the last has been
        // written: one chunk is always queued behind the one being written, so the database
        // never waits, and converting the next chunk overlaps the writing of the last
        // (issue #19: converting every record before the transaction opened added its whole
        // time to the write). Each turn is one chunk's work, a short task.
        let mut records_so_far = 0;
        let written: Result<(), WriteFailure> = async {
            let mut in_flight = VecDeque::new();
            for chunk in chunks {
                let mut chunk = chunk.map_err(WriteFailure::Convert)?;
                for write in &mut chunk {
                    if let Some(Fault::FailWrite(n)) = fault {
                        if (records_so_far + 1..=records_so_far + write.records).contains(&n) {
                            // Not an object: the key path cannot be evaluated and the request
                            // is refused.
                            write.object = JsValue::from_f64(f64::NAN);
                        }
                    }
                    records_so_far += write.records;
                }
                let mut issued = Box::pin(put_chunk(&store_of, chunk));
                // The first poll issues the chunk's requests.
                match futures::poll!(issued.as_mut()) {
                    Poll::Ready(done) => {
                        done.map_err(WriteFailure::Put)?;
                    }
                    Poll::Pending => in_flight.push_back(issued),
                }
                if in_flight.len() > 1 {
                    if let Some(oldest) = in_flight.pop_front() {
                        oldest.await.map_err(WriteFailure::Put)?;
                    }
                }
            }
            for rest in in_flight {
                rest.await.map_err(WriteFailure::Put)?;
            }
            Ok(())
        }
        .await;
        let failure = match (written, fault) {
            (Err(WriteFailure::Convert(error)), _) => Some(error),
            (Err(WriteFailure::Put(error)), _) => Some(match classify(error) {
                // Chromium aborts a write transaction that runs out of quota, and its requests
                // then fail with AbortError; rexie does not pass on the transaction's own
                // QuotaExceededError. Nothing else aborts a transaction of plain puts.
                StoreError::Failed(detail) if detail.contains("AbortError") => {
                    StoreError::QuotaExceeded
                }
                other => other,
            }),
            (Ok(_), Some(Fault::QuotaExceeded)) => Some(StoreError::QuotaExceeded),
            (Ok(_), _) => None,
        };
        if let Some(failure) = failure {
            // Roll back whatever was issued; the transaction may already be aborting.
            let _ = transaction.abort().await;
            return Err(failure);
        }
        let outcome = transaction.done().await.map_err(classify)?;
        if outcome.is_committed() {
            Ok(())
        } else {
            // Every put succeeded and we did not abort, yet the browser did, at commit: that is
            // the quota (a big import can pass every put and still not fit, while a tiny probe
            // would). rexie does not pass on the transaction's QuotaExceededError, nor does
            // `estimate()` always know the quota.
            Err(StoreError::QuotaExceeded)
        }
    }

    async fn events(&self) -> Result<Vec<EventRecord>, StoreError> {
        sorted_events(self.all_event_records().await?)
    }

    async fn each_event_batch(
        &self,
        each: &mut impl FnMut(&[EventRecord]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let read_at_open = self.events_read_at_open.borrow_mut().take();
        let stored = match read_at_open {
            Some(stored) => stored,
            None => self.all_event_records().await?,
        };
        // The records are read: decoding them takes turns with the page (issue #19: a 10k-case
        // office's 125k records were decoded in one task of over a second).
        let mut turn = crate::timing::Turn::start();
        for batch in event_batches(stored) {
            if turn.is_over() {
                crate::timing::yield_to_page().await;
                turn = crate::timing::Turn::start();
            }
            each(&decode_event_objects(batch)?)?;
        }
        Ok(())
    }

    async fn entities(&self) -> Result<Vec<EntityRecord>, StoreError> {
        from_js_many(self.get_all(ENTITIES).await?)
    }

    async fn entities_with_status(
        &self,
        kind: &str,
        status: &str,
    ) -> Result<Vec<EntityRecord>, StoreError> {
        let key = js_sys::Array::of2(&JsValue::from_str(kind), &JsValue::from_str(status));
        from_js_many(
            self.get_all_by_index(ENTITIES, schema::ENTITIES_BY_KIND_STATUS, &key)
                .await?,
        )
    }

    async fn erase_everything(&self) -> Result<(), StoreError> {
        self.events_read_at_open.take();
        let stores = [EVENTS, ENTITIES, ATTACHMENTS, META];
        let transaction = self
            .database
            .transaction(&stores, TransactionMode::ReadWrite)
            .map_err(classify)?;
        let cleared = stores
            .iter()
            .map(|name| transaction.store(name))
            .collect::<Result<Vec<_>, _>>()
            .map_err(classify)?;
        try_join_all(cleared.iter().map(|store| store.clear()))
            .await
            .map_err(classify)?;
        transaction.done().await.map_err(classify)?;
        Ok(())
    }

    async fn replace_entities(&self, records: Vec<EntityRecord>) -> Result<(), StoreError> {
        let values = to_js_many(&records)?;
        let transaction = self
            .database
            .transaction(&[ENTITIES], TransactionMode::ReadWrite)
            .map_err(classify)?;
        let entities = transaction.store(ENTITIES).map_err(classify)?;
        entities.clear().await.map_err(classify)?;
        entities
            .put_all(values.into_iter().map(|value| (value, None)))
            .await
            .map_err(classify)?;
        transaction.done().await.map_err(classify)?;
        Ok(())
    }

    async fn put_attachment(&self, attachment: Attachment) -> Result<bool, StoreError> {
        let record = attachment_object(&attachment)?;
        let transaction = self
            .database
            .transaction(&[ATTACHMENTS], TransactionMode::ReadWrite)
            .map_err(classify)?;
        let attachments = transaction.store(ATTACHMENTS).map_err(classify)?;
        // The same photo is never stored twice: both requests are in one transaction.
        let exists = attachments
            .key_exists(JsValue::from_str(&attachment.sha256))
            .await
            .map_err(classify)?;
        if !exists {
            attachments.add(&record, None).await.map_err(classify)?;
        }
        transaction.done().await.map_err(classify)?;
        Ok(!exists)
    }

    async fn event_count(&self) -> Result<u64, StoreError> {
        let transaction = self
            .database
            .transaction(&[EVENTS, META], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let events = transaction.store(EVENTS).map_err(classify)?;
        let meta = transaction.store(META).map_err(classify)?;
        stored_event_count(&events, &meta).await
    }

    async fn attachment_keys(&self) -> Result<std::collections::BTreeSet<String>, StoreError> {
        let transaction = self
            .database
            .transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)
            .map_err(classify)?;
        let store = transaction.store(ATTACHMENTS).map_err(classify)?;
        let keys = store.get_all_keys(None, None).await.map_err(classify)?;
        Ok(keys.into_iter().filter_map(|key| key.as_string()).collect())
    }

    async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        let Some(record) = self.get(ATTACHMENTS, sha256).await? else {
            return Ok(None);
        };
        let field = |name: &str| {
            js_sys::Reflect::get(&record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
        };
        let blob: web_sys::Blob = field("blob")
            .dyn_into()
            .map_err(|_| StoreError::Record("attachment without a blob".into()))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .map_err(classify_js)?;
        Ok(Some(Attachment {
            sha256: field("sha256").as_string().unwrap_or_default(),
            mime: field("mime").as_string().unwrap_or_default(),
            bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
        }))
    }

    async fn meta(&self, key: &str) -> Result<Option<Value>, StoreError> {
        let Some(entry) = self.get(META, key).await? else {
            return Ok(None);
        };
        let entry: Value = from_js(entry)?;
        Ok(entry.get("value").cloned())
    }
}

#[cfg(any(test, feature = "fault-injection"))]
impl super::FaultInjection for IndexedDbStore {
    fn arm_fault(&self, fault: Fault) {
        self.fault.arm(fault);
    }
}

fn classify_js(error: JsValue) -> StoreError {
    classify_text(format!("{error:?}"))
}
