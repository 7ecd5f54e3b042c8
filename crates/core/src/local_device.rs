//! This device's log and desk as a state machine with no I/O, in the manner of a sans-I/O
//! protocol core: the app locks, asks here to *prepare* what to write, commits it to its store,
//! then *confirms* (or *aborts*). Deciding a batch of steps, stamping and chaining its events,
//! numbering arrivals, and planning the merge of events from elsewhere all happen here, so
//! they are tested natively and shared by the app, the tests and the sample generators.
//!
//! Architecture invariant: nothing here reads a clock or makes an id; `now` and an id maker
//! are arguments.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::calendar::WorkingCalendar;
use crate::chain::same_bytes;
use crate::desk::{keeps_snapshot_at, ConflictKind, Desk};
use crate::event::{stamp, Actor, Change, EntityId, Event, EventId};
use crate::hlc::{DeviceId, HlcClock};
use crate::policy::Policy;
use crate::record::{project, EntityRecord, EventRecord, RecordError};
use crate::violation::Violation;

/// The desk before any event: the manual's policy and the official calendar. Every replay
/// starts here; the office's own policy and calendar are events folded on top.
pub fn fresh_desk() -> Desk {
    Desk::new(Policy::default(), WorkingCalendar::china_official())
}

/// What a command writes, in one transaction: its events as chained records, the projections
/// they change, and the clock to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedCommand {
    pub events: Vec<Event>,
    pub records: Vec<EventRecord>,
    pub projections: Vec<EntityRecord>,
    pub clock: HlcClock,
}

/// What taking in events from another device writes, and the merged state it leads to. Made
/// once for a preview, kept for the commit: the merge and replay are not done twice.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedAbsorb {
    /// The new records, numbered in arrival order after what this device holds.
    pub records: Vec<EventRecord>,
    /// The projections of every entity the new events touch or put under review.
    pub projections: Vec<EntityRecord>,
    /// The entities touched.
    pub touched: BTreeSet<EntityId>,
    /// How much of this device's log stays as it is: the new events all sort after it.
    kept: usize,
    /// The merged log from `kept` on, in replay order: the rest of the log with the new events.
    tail: Vec<Event>,
    desk: Desk,
    folded_from: FoldedFrom,
    /// The desk just after the last new event, when events already held sort after it and no
    /// snapshot is near: the next batch of older history (a device pulling the office behind
    /// its own newer events) folds on from here instead of from the start.
    snapshot: Option<(usize, Desk)>,
    heads: BTreeMap<DeviceId, String>,
    /// The arrival number this plan starts from: a plan made before another write is stale.
    base_arrival: u64,
    /// The written records' hashes and links, once [`PreparedAbsorb::gather_held`] took them
    /// out of `records`, and how many records there were.
    gathered: Option<(Held, usize)>,
}

impl PreparedAbsorb {
    /// Takes the written records' hashes and links into maps ahead of
    /// [`LocalDevice::confirm_absorb`], and gives back their event text: for a large import
    /// this is a task of its own, so that the confirm, and the report drawn after it, are
    /// another (issue #19: together they were the longest task of a 10k-case import).
    pub fn gather_held(&mut self) -> Vec<String> {
        let records = std::mem::take(&mut self.records);
        let count = records.len();
        let (texts, held) = Held::of_records(records);
        self.gathered = Some((held, count));
        texts
    }

    /// The desk after the merge, for a preview to count what the import would change.
    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    /// Where the merged desk was folded from: what the merge cost.
    pub fn folded_from(&self) -> FoldedFrom {
        self.folded_from
    }

    /// The merged log from the first new event on, in replay order: the part of the log the
    /// import changes.
    pub fn merged_tail(&self) -> &[Event] {
        &self.tail
    }
}

/// Where a merge folded its desk from (issue #19): the head when every new event sorts after
/// it, else the nearest snapshot before the first new event, else the start of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldedFrom {
    Head,
    Snapshot { position: usize },
    Replay,
}

/// A merge's fold under way: the desk folded so far from `from`, over `log[from..kept]` and
/// then the merged tail.
#[derive(Debug)]
struct Fold {
    desk: Desk,
    from: usize,
    folded_from: FoldedFrom,
    /// How many events are folded.
    folded: usize,
    /// Where to keep a snapshot (see [`LocalDevice::fold_start`]), and the one kept.
    snapshot_at: Option<usize>,
    snapshot: Option<(usize, Desk)>,
    start_sets_nothing_aside: bool,
}

/// An absorb planned a step at a time (issue #19): [`LocalDevice::start_absorb`] sorts the
/// new events into the log, each [`AbsorbPlanning::step`] folds the next events, and
/// [`AbsorbPlanning::finish`] checks the fold and makes the projections. Between them the page
/// gets a turn; the device must not change meanwhile (the caller starts again if it did).
#[derive(Debug)]
pub struct AbsorbPlanning {
    records: Vec<EventRecord>,
    touched: BTreeSet<EntityId>,
    /// The devices the new events come from.
    devices: BTreeSet<DeviceId>,
    kept: usize,
    tail: Vec<Event>,
    /// Where the last new event sits in `tail`.
    last_new: Option<usize>,
    fold: Option<Fold>,
    base_arrival: u64,
}

impl AbsorbPlanning {
    /// Folds the next `events` events of the merge into its desk. True once all are folded.
    pub fn step(&mut self, device: &LocalDevice, events: usize) -> bool {
        let AbsorbPlanning {
            kept,
            tail,
            last_new,
            fold,
            ..
        } = self;
        let kept = *kept;
        let fold = fold.get_or_insert_with(|| device.fold_start(kept, tail, *last_new));
        let held = &device.log[fold.from..kept];
        let total = held.len() + tail.len();
        let end = fold.folded.saturating_add(events).min(total);
        for index in fold.folded..end {
            match index.checked_sub(held.len()) {
                None => fold.desk.apply(&held[index]),
                Some(in_tail) => {
                    fold.desk.apply(&tail[in_tail]);
                    let position = kept + in_tail + 1;
                    if fold.snapshot_at == Some(position) && fold.desk.sets_nothing_aside() {
                        fold.snapshot = Some((position, fold.desk.clone()));
                    }
                }
            }
        }
        fold.folded = end;
        end == total
    }

    /// Folds what is left and plans the write at `now`.
    pub fn finish(mut self, device: &LocalDevice, now: DateTime<Utc>) -> PreparedAbsorb {
        self.step(device, usize::MAX);
        let AbsorbPlanning {
            records,
            mut touched,
            devices,
            kept,
            tail,
            fold,
            base_arrival,
            ..
        } = self;
        let fold = fold.expect("the fold has started");
        // With nothing set aside before or after, the first round of a full replay folds
        // exactly this and is its last. Past a head that set events aside, a replay's every
        // round folds the same prefix, so new events that set nothing aside change no round.
        let same_as_replay = if fold.start_sets_nothing_aside {
            fold.desk.sets_nothing_aside()
        } else {
            fold.from == device.log.len() && !tail.iter().any(sets_aside)
        };
        let (desk, folded_from, snapshot) = if same_as_replay {
            (fold.desk, fold.folded_from, fold.snapshot)
        } else {
            // Only a full replay (more than one round) is sure to give the same desk.
            let mut merged = device.log[..kept].to_vec();
            merged.extend(tail.iter().cloned());
            (fresh_desk().replay(&merged), FoldedFrom::Replay, None)
        };
        // Projections of the entities the new events touch, and of any entity the merge newly
        // holds for review, so lists show "needs review" at once. Nothing new, nothing to write.
        let open_before: BTreeSet<&EventId> = device
            .desk
            .open_conflicts()
            .map(|conflict| &conflict.event)
            .collect();
        touched.extend(
            desk.open_conflicts()
                .filter(|conflict| !open_before.contains(&conflict.event))
                .map(|conflict| conflict.entity.clone()),
        );
        let projections = touched
            .iter()
            .filter_map(|id| project(&desk, id, now))
            .collect();
        let heads = heads_after_merge(&tail, &devices, &records);
        PreparedAbsorb {
            records,
            projections,
            touched,
            kept,
            tail,
            desk,
            folded_from,
            snapshot,
            heads,
            base_arrival,
            gathered: None,
        }
    }
}

/// How many events apart the desk's snapshots are kept, and how many: a day's events from a
/// tablet usually sort among the last few thousand, so the newest snapshots serve them. The
/// cases in a snapshot are shared with the desk, so one costs little memory.
const SNAPSHOT_EVERY: usize = 2_500;
const SNAPSHOTS_KEPT: usize = 4;

/// A device's stored events, decoded as they are read: each batch of records is dropped once
/// its events are taken out, so opening a large office never holds every record's text, the
/// decoded records and the folded desk at once (issue #19: memory).
#[derive(Debug, Clone, Default)]
pub struct StoredEvents {
    log: Vec<Event>,
    held: Held,
    next_arrival: u64,
}

/// The chain hash, link and arrival of every held event, by id: an import finds what is new
/// (and an id that comes back with another hash) and an export writes its events, without
/// reading the store (issue #19).
#[derive(Debug, Clone, Default, PartialEq)]
struct Held {
    hashes: BTreeMap<String, String>,
    links: BTreeMap<String, StoredLink>,
}

impl Held {
    /// Notes a stored record's hash, link and arrival.
    fn hold(&mut self, record: &EventRecord) {
        self.hashes.insert(record.id.clone(), record.hash.clone());
        self.links.insert(record.id.clone(), StoredLink::of(record));
    }

    /// The hashes and links of newly stored `records`, taking their strings instead of
    /// copying them, and each one's event text, the bulk of it. The maps are made by one
    /// sort and bulk build: one insert at a time was 230 ms for 125k records natively, the
    /// longest task of a 10k-case import (issue #19).
    fn of_records(records: Vec<EventRecord>) -> (Vec<String>, Held) {
        let mut texts = Vec::with_capacity(records.len());
        let mut hashes = Vec::with_capacity(records.len());
        let mut links = Vec::with_capacity(records.len());
        for record in records {
            texts.push(record.event);
            links.push((
                record.id.clone(),
                StoredLink {
                    prev_hash: record.prev_hash,
                    arrival: record.arrival,
                },
            ));
            hashes.push((record.id, record.hash));
        }
        let held = Held {
            hashes: hashes.into_iter().collect(),
            links: links.into_iter().collect(),
        };
        (texts, held)
    }

    /// Takes in the hashes and links of other events (none of them held here).
    fn merge(&mut self, mut other: Held) {
        if other.hashes.len() > self.hashes.len() {
            std::mem::swap(self, &mut other);
        }
        // A few among many go in one by one: a bulk merge would rebuild whole maps.
        if other.hashes.len() * 4 < self.hashes.len() {
            self.hashes.extend(other.hashes);
            self.links.extend(other.links);
        } else {
            self.hashes.append(&mut other.hashes);
            self.links.append(&mut other.links);
        }
    }
}

/// Where a held event sits in its device's chain and in this device's arrivals: what its
/// stored record adds to the event. An export is built from the events in memory with these,
/// without reading the store (issue #19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    /// The chain hash of the same device's previous event; `None` for its first.
    pub prev_hash: Option<String>,
    /// When this device stored the event ([`EventRecord::arrival`]).
    pub arrival: u64,
}

/// The places of a device's held events in its log, by a hash of their ids, with each one's
/// id, chain hash and previous hash copied into one text ([`LocalDevice::held_by_id`]): an
/// import finds the events a file carries that this device already holds without a map of
/// 125k copied ids, and without two map lookups of 125k ids per event (issue #19).
#[derive(Debug, Clone)]
pub struct HeldById {
    /// [`id_key`] → log place. Of two ids with one key the later place is kept, and the other
    /// id is looked up in vain (its event is then checked the long way): a place is given only
    /// when its event carries the id looked up. A sort of the places by id, compared as text,
    /// was a tenth of checking a file of held events in wasm (issue #19).
    places: FxHashMap<u64, usize>,
    /// By log place: where the event's id, chain hash and previous hash are in `chain_text`.
    chains: Vec<Option<HeldChain>>,
    chain_text: String,
    /// The place of the event found last. A file lists events in replay order, as the log
    /// holds them, so the place after it is tried before the search.
    last_found: Option<usize>,
}

/// Where a held event's id, chain hash and previous hash are in [`HeldById`]'s text.
#[derive(Debug, Clone)]
struct HeldChain {
    id: std::ops::Range<usize>,
    hash: std::ops::Range<usize>,
    prev_hash: Option<std::ops::Range<usize>>,
}

/// A held event as an import's check takes it ([`LocalDevice::held_at`]): with its chain hash
/// and the previous one, what its text in a file carries besides the event.
#[derive(Debug, Clone, Copy)]
pub struct HeldInChain<'a> {
    pub event: &'a Event,
    pub hash: &'a str,
    pub prev_hash: Option<&'a str>,
}

impl HeldById {
    /// The log place of the held event with this `id`: the place after the last one found if
    /// its event carries the id, else found by a search. Made before `device` changed, it can
    /// miss an event, never give another one: only a place whose event carries the id is given.
    pub fn place_of(&mut self, device: &LocalDevice, id: &str) -> Option<usize> {
        let next = self.last_found.map_or(0, |last| last + 1);
        let place = if device.carries_id(next, id) {
            next
        } else {
            let place = *self.places.get(&id_key(id))?;
            device.carries_id(place, id).then_some(place)?
        };
        self.last_found = Some(place);
        Some(place)
    }
}

/// The key [`HeldById`] finds an id's place under: its Fx hash (fixed, no randomness).
fn id_key(id: &str) -> u64 {
    std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, id)
}

/// The value under `key` in entries sorted by key, read in key order: entries before it are
/// passed over.
fn next_under_key<'a, V>(
    entries: &mut std::iter::Peekable<std::collections::btree_map::Iter<'a, String, V>>,
    key: &str,
) -> Option<&'a V> {
    while entries.next_if(|(entry, _)| entry.as_str() < key).is_some() {}
    entries
        .next_if(|(entry, _)| entry.as_str() == key)
        .map(|(_, value)| value)
}

/// A held event as an export takes it from memory ([`LocalDevice::held_events`]).
#[derive(Debug, Clone, Copy)]
pub struct HeldEvent<'a> {
    pub event: &'a Event,
    /// Its chain hash.
    pub hash: &'a str,
    pub link: &'a StoredLink,
}

impl StoredLink {
    fn of(record: &EventRecord) -> StoredLink {
        StoredLink {
            prev_hash: record.prev_hash.clone(),
            arrival: record.arrival,
        }
    }
}

impl StoredEvents {
    /// Takes the events out of one batch of stored records, in any order.
    pub fn add(&mut self, records: &[EventRecord]) -> Result<(), RecordError> {
        self.log.reserve(records.len());
        for record in records {
            self.log.push(record.to_event()?);
            self.held.hold(record);
            self.next_arrival = self.next_arrival.max(record.arrival + 1);
        }
        Ok(())
    }

    /// How many events were read so far.
    pub fn len(&self) -> usize {
        self.log.len()
    }

    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }
}

/// Stored events folded into a device a slice at a time, the first round of
/// [`Desk::replay_with_snapshots`] taken in steps (issue #19: opening a 10k-case office folded
/// its 125k events in one task of about two seconds, the page frozen meanwhile). Made by
/// [`LocalDevice::start_reload`], taken in by [`LocalDevice::finish_reload`].
#[derive(Debug)]
pub struct ReloadFold {
    log: Vec<Event>,
    held: Held,
    next_arrival: u64,
    desk: Desk,
    /// How many events of `log` are folded into `desk`.
    folded: usize,
    snapshots: Vec<(usize, Desk)>,
    snapshot_every: usize,
}

impl ReloadFold {
    /// Folds the next `events` events. True once all are folded.
    pub fn step(&mut self, events: usize) -> bool {
        let total = self.log.len();
        let end = self.folded.saturating_add(events).min(total);
        for position in self.folded..end {
            if keeps_snapshot_at(position, total, self.snapshot_every, SNAPSHOTS_KEPT) {
                self.snapshots.push((position, self.desk.clone()));
            }
            self.desk.apply(&self.log[position]);
        }
        self.folded = end;
        end == total
    }

    /// How many events are folded.
    pub fn folded(&self) -> usize {
        self.folded
    }
}

/// One device: its id, every event it holds in replay order, the folded desk, its clock, where
/// each device's hash chain ends, and the next arrival number.
#[derive(Debug, Clone)]
pub struct LocalDevice {
    device: DeviceId,
    desk: Desk,
    log: Vec<Event>,
    clock: HlcClock,
    chain_heads: BTreeMap<DeviceId, String>,
    next_arrival: u64,
    /// A prepared command has been folded into `desk` but not confirmed yet.
    pending: bool,
    /// The chain hash, link and arrival of every event in `log`.
    held: Held,
    /// The desk as the log's first `position` events leave it, oldest first, for merges of
    /// events that sort before the head. Only kept while no review sets an event aside.
    snapshots: Vec<(usize, Desk)>,
    /// How many events apart snapshots are taken: [`SNAPSHOT_EVERY`], or fewer in tests that
    /// make merges fold from a snapshot.
    snapshot_every: usize,
}

impl LocalDevice {
    /// A device that holds nothing yet.
    pub fn new(device: DeviceId) -> LocalDevice {
        LocalDevice {
            clock: HlcClock::new(device.clone()),
            device,
            desk: fresh_desk(),
            log: Vec::new(),
            chain_heads: BTreeMap::new(),
            next_arrival: 0,
            pending: false,
            held: Held::default(),
            snapshots: Vec::new(),
            snapshot_every: SNAPSHOT_EVERY,
        }
    }

    /// This device keeping a snapshot of its desk every `every` events (at least one), for
    /// tests of merges that fold on from a snapshot.
    pub fn with_snapshot_every(mut self, every: usize) -> LocalDevice {
        self.snapshot_every = every.max(1);
        self
    }

    /// The device after its stored `records` (in any order), folded.
    pub fn load(device: DeviceId, records: &[EventRecord]) -> Result<LocalDevice, RecordError> {
        let mut stored = StoredEvents::default();
        stored.add(records)?;
        Ok(LocalDevice::load_stored(device, stored))
    }

    /// The device after its stored events, read a batch at a time ([`StoredEvents`]), folded.
    pub fn load_stored(device: DeviceId, stored: StoredEvents) -> LocalDevice {
        let mut loaded = LocalDevice::new(device);
        loaded.reload_stored(stored);
        loaded
    }

    /// Re-reads the device from its stored `records`: after another tab wrote, or a repair.
    pub fn reload(&mut self, records: &[EventRecord]) -> Result<(), RecordError> {
        let mut stored = StoredEvents::default();
        stored.add(records)?;
        self.reload_stored(stored);
        Ok(())
    }

    /// [`LocalDevice::reload`] from events read a batch at a time.
    pub fn reload_stored(&mut self, stored: StoredEvents) {
        let fold = self.start_reload(stored);
        self.finish_reload(fold);
    }

    /// Starts folding stored events into this device: sorts them into replay order, for
    /// [`ReloadFold::step`] to fold a slice at a time and [`LocalDevice::finish_reload`] to
    /// take in. The device is unchanged until then.
    pub fn start_reload(&self, stored: StoredEvents) -> ReloadFold {
        let StoredEvents {
            mut log,
            held,
            next_arrival,
        } = stored;
        // Ids are unique, so the order is total: the unstable sort needs no buffer of half
        // the log, as the stable one does.
        log.sort_unstable_by(|a, b| a.order_key().cmp(&b.order_key()));
        ReloadFold {
            log,
            held,
            next_arrival,
            desk: fresh_desk(),
            folded: 0,
            snapshots: Vec::new(),
            snapshot_every: self.snapshot_every,
        }
    }

    /// Takes in a fold of its stored events ([`LocalDevice::start_reload`]): the folded desk,
    /// its snapshots, the log, the chain heads and the clock. A log in which a review set an
    /// event aside is replayed whole here, as only a replay of several rounds folds it right.
    pub fn finish_reload(&mut self, mut fold: ReloadFold) {
        fold.step(usize::MAX);
        let ReloadFold {
            log,
            held,
            next_arrival,
            mut desk,
            mut snapshots,
            ..
        } = fold;
        if !desk.sets_nothing_aside() {
            // The first round set events aside: the rounds after it skip them. Snapshots are
            // kept only while nothing is set aside.
            desk = fresh_desk().replay(&log);
            snapshots.clear();
        }
        for event in &log {
            self.clock.observe(&event.hlc);
        }
        // Each device's chain ends at its last held event: found from the end, each device's
        // once, instead of writing every event's hash over the one before.
        let mut heads = BTreeMap::new();
        for event in log.iter().rev() {
            if !heads.contains_key(&event.hlc.device) {
                if let Some(hash) = held.hashes.get(&event.id.0) {
                    heads.insert(event.hlc.device.clone(), hash.clone());
                }
            }
        }
        self.desk = desk;
        self.snapshots = snapshots;
        self.held = held;
        self.log = log;
        self.chain_heads = heads;
        self.next_arrival = next_arrival;
        self.pending = false;
    }

    /// This device's id, for the actor of every event made here.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// The folded state.
    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    /// Every event held, in replay order.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// The clock, as it is to be kept.
    pub fn clock(&self) -> &HlcClock {
        &self.clock
    }

    /// Where each device's hash chain ends.
    pub fn chain_heads(&self) -> &BTreeMap<DeviceId, String> {
        &self.chain_heads
    }

    /// The chain hash of every event held, by event id: what an import checks a bundle
    /// against (`bundle::LocalKnowledge::event_hashes`).
    pub fn held_hashes(&self) -> &BTreeMap<String, String> {
        &self.held.hashes
    }

    /// The held events whose arrival falls in `arrivals`, in replay order, with their hashes
    /// and links: what an export since a peer's last one holds.
    pub fn held_events(&self, arrivals: std::ops::Range<u64>) -> Vec<HeldEvent<'_>> {
        self.log
            .iter()
            .filter_map(|event| {
                let link = self.held.links.get(&event.id.0)?;
                let hash = self.held.hashes.get(&event.id.0)?;
                arrivals
                    .contains(&link.arrival)
                    .then_some(HeldEvent { event, hash, link })
            })
            .collect()
    }

    /// The held events' places in the log, by id, with their chain hashes and links: what
    /// [`HeldById::place_of`] and [`LocalDevice::held_at`] look an event up in. Made once per
    /// check of a file (a pass over the log, and one over the hashes and links in id order),
    /// and good while this device does not change.
    pub fn held_by_id(&self) -> HeldById {
        let mut places =
            FxHashMap::with_capacity_and_hasher(self.log.len(), rustc_hash::FxBuildHasher);
        for (place, event) in self.log.iter().enumerate() {
            places.insert(id_key(&event.id.0), place);
        }
        let mut chains = vec![None; self.log.len()];
        let mut chain_text = String::new();
        let mut links = self.held.links.iter().peekable();
        for (id, hash) in &self.held.hashes {
            let Some(link) = next_under_key(&mut links, id) else {
                continue;
            };
            let Some(&place) = places
                .get(&id_key(id))
                .filter(|&&place| self.carries_id(place, id))
            else {
                continue;
            };
            let mut copy = |text: &str| {
                let start = chain_text.len();
                chain_text.push_str(text);
                start..chain_text.len()
            };
            chains[place] = Some(HeldChain {
                id: copy(id),
                hash: copy(hash),
                prev_hash: link.prev_hash.as_deref().map(&mut copy),
            });
        }
        HeldById {
            places,
            chains,
            chain_text,
            last_found: None,
        }
    }

    /// Whether the event at log `place` has this `id`: what every place [`HeldById`] gives is
    /// held to, since its places are found by a hash of the id.
    fn carries_id(&self, place: usize, id: &str) -> bool {
        self.log
            .get(place)
            .is_some_and(|event| same_bytes(event.id.0.as_bytes(), id.as_bytes()))
    }

    /// The held event at log `place` ([`HeldById::place_of`]), with its chain hash and
    /// previous hash. `None` when `by_id` was made before the event at `place` came: it can
    /// miss an event, never give another event's hashes.
    pub fn held_at<'a>(&'a self, by_id: &'a HeldById, place: usize) -> Option<HeldInChain<'a>> {
        let event = self.log.get(place)?;
        let chain = by_id.chains.get(place)?.as_ref()?;
        let text = |range: &std::ops::Range<usize>| &by_id.chain_text[range.clone()];
        same_bytes(text(&chain.id).as_bytes(), event.id.0.as_bytes()).then(|| HeldInChain {
            event,
            hash: text(&chain.hash),
            prev_hash: chain.prev_hash.as_ref().map(text),
        })
    }

    /// The arrival number the next stored event gets.
    pub fn next_arrival(&self) -> u64 {
        self.next_arrival
    }

    /// Decides `steps` in order, each against the state the ones before it leave, and stamps
    /// their events on this device's chain: a form that records several steps lands whole or
    /// not at all. The events are folded into the desk at once (so their projections can be
    /// computed); the caller commits the result and then calls [`LocalDevice::confirm`], or
    /// [`LocalDevice::abort`] if the write failed. A refusal changes nothing.
    pub fn prepare(
        &mut self,
        actor: &Actor,
        steps: Vec<(EntityId, Change)>,
        now: DateTime<Utc>,
        mut new_id: impl FnMut() -> EventId,
    ) -> Result<PreparedCommand, Vec<Violation>> {
        assert!(
            !self.pending,
            "a prepared command must be confirmed or aborted"
        );
        let mut clock = self.clock.clone();
        let mut events = Vec::new();
        for (entity, change) in steps {
            let decided = match self.desk.decide(&entity, change, actor, now) {
                Ok(decided) => decided,
                Err(violations) => {
                    if !events.is_empty() {
                        self.restore_desk();
                    }
                    return Err(violations);
                }
            };
            let stamped = stamp(
                &entity,
                decided,
                actor,
                &mut clock,
                now.timestamp_millis(),
                &mut new_id,
            );
            for event in &stamped {
                self.desk.apply(event);
            }
            events.extend(stamped);
        }
        if let Some(refused) = self.fold_chosen_sides(&events) {
            self.restore_desk();
            return Err(refused);
        }
        self.pending = true;
        let touched: BTreeSet<&EntityId> = events.iter().map(|event| &event.entity).collect();
        let projections = touched
            .into_iter()
            .filter_map(|id| project(&self.desk, id, now))
            .collect();
        let mut head = self.chain_heads.get(&self.device).cloned();
        let records = events
            .iter()
            .zip(self.next_arrival..)
            .map(|(event, arrival)| {
                let mut record = EventRecord::chained(event, head.as_deref());
                record.arrival = arrival;
                head = Some(record.hash.clone());
                record
            })
            .collect();
        Ok(PreparedCommand {
            events,
            records,
            projections,
            clock,
        })
    }

    /// A review choosing a held side sets aside an event earlier in the order, which only a
    /// full fold can do: the desk is folded again with `events`. `Some` with the rules the held
    /// event still breaks when it could not take effect even so, since the choice would then
    /// leave neither side in effect.
    fn fold_chosen_sides(&mut self, events: &[Event]) -> Option<Vec<Violation>> {
        let chosen: Vec<&EventId> = events
            .iter()
            .filter_map(|event| match &event.change {
                Change::ConflictReviewed {
                    event: held,
                    set_aside: Some(_),
                    ..
                } => Some(held),
                _ => None,
            })
            .collect();
        if chosen.is_empty() {
            return None;
        }
        let mut log = self.log.clone();
        log.extend(events.iter().cloned());
        self.desk = fresh_desk().replay(&log);
        let still_held: Vec<Violation> = self
            .desk
            .conflicts
            .iter()
            .filter(|conflict| chosen.contains(&&conflict.event))
            .filter_map(|conflict| match &conflict.kind {
                ConflictKind::InvalidInMergedOrder { violations } => Some(violations.clone()),
                ConflictKind::ConcurrentFieldEdit { .. } => None,
            })
            .flatten()
            .collect();
        (!still_held.is_empty()).then_some(still_held)
    }

    /// The prepared command was written: it becomes part of the log.
    pub fn confirm(&mut self, prepared: PreparedCommand) {
        if let Some(last) = prepared.records.last() {
            self.chain_heads
                .insert(self.device.clone(), last.hash.clone());
        }
        self.next_arrival += prepared.records.len() as u64;
        self.held.merge(Held::of_records(prepared.records).1);
        self.log.extend(prepared.events);
        self.clock = prepared.clock;
        self.pending = false;
        self.keep_snapshot();
    }

    /// After the log grew: a snapshot of the head every `snapshot_every` events, none once a
    /// review set an event aside (folding on from one would not redo the set-aside rounds).
    fn keep_snapshot(&mut self) {
        if !self.desk.sets_nothing_aside() {
            self.snapshots.clear();
            return;
        }
        let last = self.snapshots.last().map_or(0, |(position, _)| *position);
        if self.log.len() >= last + self.snapshot_every {
            self.snapshots.push((self.log.len(), self.desk.clone()));
        }
        self.snapshots
            .drain(..self.snapshots.len().saturating_sub(SNAPSHOTS_KEPT));
    }

    /// The prepared command was not written: the desk goes back to what the log says.
    pub fn abort(&mut self) {
        if self.pending {
            self.restore_desk();
            self.pending = false;
        }
    }

    fn restore_desk(&mut self) {
        self.desk = fresh_desk().replay(&self.log);
    }

    /// Plans taking in `incoming` events (already validated) with their stored forms
    /// `records`: the events not held yet, numbered as they will be stored; the merged log and
    /// desk; and the projections that change. [`LocalDevice::start_absorb`] does the same a
    /// step at a time.
    ///
    /// The desk is folded on from the head when every new event sorts after it (a day's events
    /// from a tablet), or from the nearest snapshot before the first new event; a full replay
    /// is left for merges after a review set an event aside. Each gives the desk a full replay
    /// of the merged log gives (issue #19; `tests/merge_properties.rs`).
    pub fn plan_absorb(
        &self,
        records: Vec<EventRecord>,
        incoming: Vec<Event>,
        now: DateTime<Utc>,
    ) -> PreparedAbsorb {
        self.start_absorb(records, incoming).finish(self, now)
    }

    /// Starts [`LocalDevice::plan_absorb`]: sets aside what is held already, numbers the new
    /// records, and sorts the new events into the log, moved, not copied. `incoming` holds one
    /// content per event id, as a valid bundle does; records and events pair up by id.
    pub fn start_absorb(
        &self,
        mut records: Vec<EventRecord>,
        mut incoming: Vec<Event>,
    ) -> AbsorbPlanning {
        let held = &self.held.hashes;
        records.retain(|record| !held.contains_key(&record.id));
        incoming.retain(|event| !held.contains_key(&event.id.0));
        for (record, arrival) in records.iter_mut().zip(self.next_arrival..) {
            record.arrival = arrival;
        }
        // Gathered by hash, then sorted once: a 10k-case office's 125k events looked up in
        // a sorted set were 50 ms natively, in one task (issue #19). Fixed hash keys: core
        // makes no random numbers.
        let mut touched: FxHashSet<&EntityId> = FxHashSet::default();
        let mut devices = BTreeSet::new();
        for event in &incoming {
            touched.insert(&event.entity);
            if !devices.contains(&event.hlc.device) {
                devices.insert(event.hlc.device.clone());
            }
        }
        let touched: BTreeSet<EntityId> = touched.into_iter().cloned().collect();
        // Ids are unique but for a bundle's repeats of one event, which sort side by side.
        incoming.sort_unstable_by(|a, b| a.order_key().cmp(&b.order_key()));
        incoming.dedup_by(|a, b| a.id == b.id);
        let kept = incoming.first().map_or(self.log.len(), |first| {
            self.log
                .partition_point(|held| held.order_key() < first.order_key())
        });
        let (tail, last_new) = merge_into_tail(&self.log[kept..], incoming);
        AbsorbPlanning {
            records,
            touched,
            devices,
            kept,
            tail,
            last_new,
            fold: None,
            base_arrival: self.next_arrival,
        }
    }

    /// Where the fold of a merge that keeps `log[..kept]` starts: the head when nothing sorts
    /// before it, else the newest snapshot that stays, else the start of the log.
    fn fold_start(&self, kept: usize, tail: &[Event], last_new: Option<usize>) -> Fold {
        let newest_kept = self
            .snapshots
            .iter()
            .rev()
            .find(|(position, _)| *position <= kept);
        let (from, desk, folded_from) = if kept == self.log.len() && !self.pending {
            (kept, self.desk.clone(), FoldedFrom::Head)
        } else if let Some((position, snapshot)) = newest_kept {
            (
                *position,
                snapshot.clone(),
                FoldedFrom::Snapshot {
                    position: *position,
                },
            )
        } else {
            // The start of the log is a snapshot too: the first round of a full replay.
            (0, fresh_desk(), FoldedFrom::Replay)
        };
        // A snapshot after the last new event, when held events follow it and the newest
        // snapshot that stays is `snapshot_every` or more events back: a copy of the desk per
        // merge would cost more than the folds it saves.
        let newest_position = newest_kept.map_or(0, |(position, _)| *position);
        let snapshot_at = last_new
            .filter(|index| index + 1 < tail.len())
            .map(|index| kept + index + 1)
            .filter(|position| *position >= newest_position + self.snapshot_every);
        Fold {
            start_sets_nothing_aside: desk.sets_nothing_aside(),
            desk,
            from,
            folded_from,
            folded: 0,
            snapshot_at,
            snapshot: None,
        }
    }

    /// `plan` made again against what this device holds now.
    pub fn replan(&self, plan: PreparedAbsorb, now: DateTime<Utc>) -> PreparedAbsorb {
        let new_ids: BTreeSet<&str> = plan.records.iter().map(|r| r.id.as_str()).collect();
        let incoming = plan
            .tail
            .iter()
            .filter(|event| new_ids.contains(event.id.0.as_str()))
            .cloned()
            .collect();
        self.plan_absorb(plan.records, incoming, now)
    }

    /// Whether `plan` still applies: nothing was written here since it was made.
    pub fn is_current(&self, plan: &PreparedAbsorb) -> bool {
        plan.base_arrival == self.next_arrival && !self.pending
    }

    /// The planned absorb was written: the merged log and desk become this device's. Gives
    /// back the written records' event text, which a caller may free a slice at a time (a
    /// 10k-case import's is 60 MB); none if [`PreparedAbsorb::gather_held`] took it already.
    pub fn confirm_absorb(&mut self, mut plan: PreparedAbsorb) -> Vec<String> {
        let texts = match plan.gathered {
            Some(_) => Vec::new(),
            None => plan.gather_held(),
        };
        let (held, written) = plan.gathered.take().expect("gathered just above");
        // The held events of the tail are observed already: observing them again changes
        // nothing, so this observes the new ones.
        for event in &plan.tail {
            self.clock.observe(&event.hlc);
        }
        self.chain_heads.extend(plan.heads);
        self.held.merge(held);
        self.next_arrival += written as u64;
        self.desk = plan.desk;
        self.log.truncate(plan.kept);
        if self.log.is_empty() {
            // An office's first import: the tail is the whole log, taken as it is.
            self.log = plan.tail;
        } else {
            self.log.extend(plan.tail);
        }
        self.snapshots
            .retain(|(position, _)| *position <= plan.kept);
        self.snapshots.extend(plan.snapshot);
        self.keep_snapshot();
        texts
    }

    /// How many events were made on this device (not received from others).
    pub fn own_event_count(&self) -> usize {
        self.log
            .iter()
            .filter(|event| event.hlc.device == self.device)
            .count()
    }
}

/// The held events after the kept part of the log and the new ones, which share no id, in
/// replay order, with the index of the last new one. New events that all sort after the head
/// (an office's first import, a day's events from a tablet) are the tail as they are, not
/// moved one by one (issue #19).
fn merge_into_tail(held_after: &[Event], incoming: Vec<Event>) -> (Vec<Event>, Option<usize>) {
    if held_after.is_empty() {
        let last_new = incoming.len().checked_sub(1);
        return (incoming, last_new);
    }
    let mut held_after = held_after.iter().peekable();
    let mut tail = Vec::with_capacity(held_after.len() + incoming.len());
    let mut last_new = None;
    for event in incoming {
        while let Some(held) = held_after.next_if(|held| held.order_key() < event.order_key()) {
            tail.push(held.clone());
        }
        last_new = Some(tail.len());
        tail.push(event);
    }
    tail.extend(held_after.cloned());
    (tail, last_new)
}

/// Whether `event` is a review that chose the held side, setting another event aside.
fn sets_aside(event: &Event) -> bool {
    matches!(
        event.change,
        Change::ConflictReviewed {
            set_aside: Some(_),
            ..
        }
    )
}

/// The chain heads that new events move: for each device they come from, its latest event
/// in the merged log, when that event is one of the new `records`.
fn heads_after_merge(
    merged: &[Event],
    devices: &BTreeSet<DeviceId>,
    records: &[EventRecord],
) -> BTreeMap<DeviceId, String> {
    let mut latest_of: BTreeMap<&DeviceId, &str> = BTreeMap::new();
    for event in merged {
        if let Some(device) = devices.get(&event.hlc.device) {
            latest_of.insert(device, &event.id.0);
        }
    }
    let latest: BTreeMap<&str, &DeviceId> = latest_of
        .into_iter()
        .map(|(device, id)| (id, device))
        .collect();
    records
        .iter()
        .filter_map(|record| {
            latest
                .get(record.id.as_str())
                .map(|device| ((*device).clone(), record.hash.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::renovation::RenovationChange;
    use crate::role::Role;
    use crate::scenario::walk_in_complaint;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn ids(prefix: &str) -> impl FnMut() -> EventId {
        let prefix = prefix.to_owned();
        let mut next = 0;
        move || {
            next += 1;
            EventId(format!("{prefix}-{next:04}"))
        }
    }

    fn actor(device: &LocalDevice) -> Actor {
        Actor {
            name: "王芳".into(),
            role: Role::FrontDesk,
            device: device.device().clone(),
            staff: None,
        }
    }

    fn record(device: &mut LocalDevice, entity: &str, room: &str) -> Vec<EventRecord> {
        let actor = actor(device);
        let prepared = device
            .prepare(
                &actor,
                vec![(EntityId(entity.into()), walk_in_complaint(room))],
                now(),
                ids(entity),
            )
            .unwrap();
        let records = prepared.records.clone();
        device.confirm(prepared);
        records
    }

    /// a device's own events form one chain, numbered in arrival order, across commands.
    #[test]
    fn x_1_confirmed_commands_extend_the_devices_chain() {
        let mut device = LocalDevice::new(DeviceId("desk".into()));
        let first = record(&mut device, "fb-1", "101");
        let second = record(&mut device, "fb-2", "102");
        assert_eq!(first[0].prev_hash, None);
        assert_eq!(second[0].prev_hash.as_ref(), Some(&first[0].hash));
        assert_eq!((first[0].arrival, second[0].arrival), (0, 1));
        assert_eq!(device.next_arrival(), 2);
        let all: Vec<EventRecord> = first.into_iter().chain(second).collect();
        let reloaded = LocalDevice::load(DeviceId("desk".into()), &all).unwrap();
        assert_eq!(reloaded.chain_heads(), device.chain_heads());
        assert_eq!(reloaded.desk(), device.desk());
    }

    /// a batch refused at a later step changes nothing, and neither does an aborted one.
    #[test]
    fn x_2_a_refused_or_aborted_batch_leaves_the_desk_as_the_log_says() {
        let mut device = LocalDevice::new(DeviceId("desk".into()));
        let actor = actor(&device);
        let case = EntityId("fb-1".into());
        let refused = device.prepare(
            &actor,
            vec![
                (case.clone(), walk_in_complaint("101")),
                (
                    EntityId("ren-1".into()),
                    Change::Renovation(RenovationChange::AcceptanceRequested),
                ),
            ],
            now(),
            ids("x"),
        );
        assert!(refused.is_err());
        assert!(device.desk().feedback.is_empty());
        let prepared = device
            .prepare(
                &actor,
                vec![(case.clone(), walk_in_complaint("101"))],
                now(),
                ids("y"),
            )
            .unwrap();
        assert!(device.desk().feedback.contains_key(&case), "folded at once");
        drop(prepared);
        device.abort();
        assert!(device.desk().feedback.is_empty());
        assert!(device.log().is_empty());
        assert_eq!(device.next_arrival(), 0);
    }

    /// Every held event's id, hash and link, in replay order.
    fn held_links(device: &LocalDevice) -> Vec<(EventId, String, StoredLink)> {
        device
            .held_events(0..u64::MAX)
            .iter()
            .map(|held| {
                (
                    held.event.id.clone(),
                    held.hash.to_owned(),
                    held.link.clone(),
                )
            })
            .collect()
    }

    /// Issue #19: a confirm whose records' hashes and links were gathered first (a task of
    /// their own) leaves the device as a confirm that takes them itself, whichever holds more.
    #[test]
    fn x_1_a_confirm_after_gathering_the_held_records_is_the_same_confirm() {
        let office = crate::sample::office(30, 3);
        let records = crate::record::chain_records(office.log());
        let events = office.log().to_vec();
        let small_desk = || {
            let mut desk = LocalDevice::new(DeviceId("desk".into()));
            record(&mut desk, "fb-d", "102");
            desk
        };
        let large_desk = || {
            let mut desk = LocalDevice::new(DeviceId("desk".into()));
            let first = records.len() - 3;
            let plan = desk.plan_absorb(records[..first].to_vec(), events[..first].to_vec(), now());
            desk.confirm_absorb(plan);
            desk
        };
        let desks: [&dyn Fn() -> LocalDevice; 2] = [&small_desk, &large_desk];
        for desk in desks {
            let mut direct = desk();
            let mut gathered = desk();
            let plan = direct.plan_absorb(records.clone(), events.clone(), now());
            let mut early = plan.clone();
            let texts_direct = direct.confirm_absorb(plan);
            let texts_early = early.gather_held();
            assert_eq!(texts_early, texts_direct);
            assert!(gathered.confirm_absorb(early).is_empty());
            assert_eq!(gathered.held_hashes(), direct.held_hashes());
            assert_eq!(gathered.next_arrival(), direct.next_arrival());
            assert_eq!(gathered.chain_heads(), direct.chain_heads());
            assert_eq!(gathered.log(), direct.log());
            assert_eq!(held_links(&gathered), held_links(&direct));
            assert_eq!(held_links(&direct).len(), direct.log().len());
        }
    }

    /// Absorbing another device's events: only the new ones are numbered and stored, the
    /// heads follow, and a plan made before another write is known to be stale.
    #[test]
    fn x_1_an_absorb_takes_only_new_events_and_a_stale_plan_is_detected() {
        let mut tablet = LocalDevice::new(DeviceId("tablet".into()));
        let records = record(&mut tablet, "fb-t", "101");
        let mut desk = LocalDevice::new(DeviceId("desk".into()));
        record(&mut desk, "fb-d", "102");
        let events: Vec<Event> = records.iter().map(|r| r.to_event().unwrap()).collect();
        let plan = desk.plan_absorb(records.clone(), events.clone(), now());
        assert_eq!(plan.records.len(), 1);
        assert_eq!(plan.records[0].arrival, 1);
        assert!(desk.is_current(&plan));
        record(&mut desk, "fb-d2", "103");
        assert!(!desk.is_current(&plan), "the desk wrote since");
        let plan = desk.plan_absorb(records.clone(), events.clone(), now());
        desk.confirm_absorb(plan);
        assert_eq!(desk.log().len(), 3);
        assert_eq!(
            desk.chain_heads().get(&DeviceId("tablet".into())),
            Some(&records[0].hash)
        );
        let again = desk.plan_absorb(records, events, now());
        assert!(again.records.is_empty(), "nothing new the second time");
    }

    /// An absorb notes what it wrote as opening the store would: an office's first import
    /// (built in bulk) and then a few events among many (inserted one by one) leave the hashes
    /// and links that loading every record gives (issue #19).
    #[test]
    fn x_1_an_absorb_holds_what_loading_the_same_records_holds() {
        let office = crate::sample::office(12, 3);
        let log = office.log();
        let (first, rest) = log.split_at(log.len() - 3);
        let mut device = LocalDevice::new(DeviceId("pc".into()));
        for part in [first, rest] {
            let records = crate::record::chain_records(log)
                .into_iter()
                .filter(|record| part.iter().any(|event| event.id.0 == record.id))
                .collect::<Vec<_>>();
            let plan = device.plan_absorb(records, part.to_vec(), now());
            let texts = device.confirm_absorb(plan);
            assert_eq!(
                texts.len(),
                part.len(),
                "each written event's text comes back"
            );
        }
        let mut stored = crate::record::chain_records(log);
        for (record, arrival) in stored.iter_mut().zip(0..) {
            record.arrival = arrival;
        }
        let loaded = LocalDevice::load(DeviceId("pc".into()), &stored).unwrap();
        assert_eq!(device.held_hashes(), loaded.held_hashes());
        assert_eq!(device.held_hashes().len(), log.len());
        assert_eq!(held_links(&device), held_links(&loaded));
        assert_eq!(device.log(), loaded.log());
    }

    /// Issue #19: an import's check finds a held event by id with its own chain hash and
    /// previous hash, in the file's order (the place after the last one) or any other (the
    /// search). Made before the device took in events that sort among its own, the lookup
    /// misses events, and never gives an event another event's hashes.
    #[test]
    fn x_2_held_lookup_gives_each_event_its_own_hashes_even_once_stale() {
        let office = crate::sample::office(12, 3);
        let log = office.log();
        let records = crate::record::chain_records(log);
        let (odd, even): (Vec<_>, Vec<_>) = records
            .iter()
            .cloned()
            .enumerate()
            .partition(|(index, _)| index % 2 == 1);
        let odd: Vec<EventRecord> = odd.into_iter().map(|(_, record)| record).collect();
        let even: Vec<EventRecord> = even.into_iter().map(|(_, record)| record).collect();
        let mut device = LocalDevice::load(DeviceId("pc".into()), &odd).unwrap();
        let own_hashes = |device: &LocalDevice| -> Vec<(String, String, Option<String>)> {
            device
                .held_events(0..u64::MAX)
                .iter()
                .map(|held| {
                    (
                        held.event.id.0.clone(),
                        held.hash.to_owned(),
                        held.link.prev_hash.clone(),
                    )
                })
                .collect()
        };
        let looked_up = |device: &LocalDevice, by_id: &mut HeldById, id: &str| {
            let place = by_id.place_of(device, id)?;
            assert_eq!(device.log()[place].id.0, id, "a place of another event");
            let held = device.held_at(by_id, place)?;
            Some((
                held.event.id.0.clone(),
                held.hash.to_owned(),
                held.prev_hash.map(str::to_owned),
            ))
        };
        let expected = own_hashes(&device);
        assert!(expected.len() > 20);
        let mut by_id = device.held_by_id();
        for order in [expected.clone(), expected.iter().rev().cloned().collect()] {
            for held in &order {
                assert_eq!(looked_up(&device, &mut by_id, &held.0).as_ref(), Some(held));
            }
        }
        assert_eq!(looked_up(&device, &mut by_id, "no-such-event"), None);

        let events: Vec<Event> = even
            .iter()
            .map(|record| {
                log.iter()
                    .find(|event| event.id.0 == record.id)
                    .unwrap()
                    .clone()
            })
            .collect();
        let plan = device.plan_absorb(even, events, now());
        device.confirm_absorb(plan);
        let now_held = own_hashes(&device);
        assert_eq!(now_held.len(), log.len());
        let mut found = 0;
        for held in &now_held {
            if let Some(looked) = looked_up(&device, &mut by_id, &held.0) {
                assert_eq!(&looked, held, "another event's hashes");
                found += 1;
            }
        }
        assert!(found < now_held.len(), "the places moved: some are missed");
        let mut fresh = device.held_by_id();
        for held in &now_held {
            assert_eq!(looked_up(&device, &mut fresh, &held.0).as_ref(), Some(held));
        }
    }

    /// Opening reads the store a batch at a time (issue #19: memory); batches in any order and
    /// of any size give the device one read of every record gives.
    #[test]
    fn x_1_loading_in_batches_gives_the_device_one_read_gives() {
        let office = crate::sample::office(12, 3);
        let records = crate::record::chain_records(office.log());
        let at_once = LocalDevice::load(DeviceId("pc".into()), &records).unwrap();
        let mut reversed = records.clone();
        reversed.reverse();
        for size in [1, 7, 500] {
            let mut stored = StoredEvents::default();
            for batch in reversed.chunks(size) {
                stored.add(batch).unwrap();
            }
            assert_eq!(stored.len(), records.len());
            let batched = LocalDevice::load_stored(DeviceId("pc".into()), stored);
            assert_eq!(batched.desk(), at_once.desk(), "batches of {size}");
            assert_eq!(batched.log(), at_once.log());
            assert_eq!(batched.chain_heads(), at_once.chain_heads());
            assert_eq!(batched.held_hashes(), at_once.held_hashes());
            assert_eq!(batched.next_arrival(), records.len() as u64);
            assert_eq!(batched.clock(), at_once.clock());
        }
        // Folded a slice at a time, as opening does: the desk and the snapshots a replay
        // keeps (issue #19). The spacing divides the log's length, so that the first kept
        // snapshot falls on the first position a replay keeps one at.
        let every = 10;
        let log = &office.log()[..office.log().len() / every * every];
        assert!(
            log.len() / every > SNAPSHOTS_KEPT,
            "long enough to keep snapshots"
        );
        let (replayed_desk, replayed) =
            fresh_desk().replay_with_snapshots(log, Some((every, SNAPSHOTS_KEPT)));
        let mut prefix_records = crate::record::chain_records(log);
        prefix_records.reverse();
        for slice in [1, 7, 500] {
            let mut stored = StoredEvents::default();
            stored.add(&prefix_records).unwrap();
            let mut sliced = LocalDevice::new(DeviceId("pc".into())).with_snapshot_every(every);
            let mut fold = sliced.start_reload(stored);
            while !fold.step(slice) {}
            sliced.finish_reload(fold);
            assert_eq!(sliced.desk(), &replayed_desk, "slices of {slice}");
            assert_eq!(sliced.snapshots, replayed, "slices of {slice}");
        }
        // Each chain ends at its device's last record (chain_records writes them in order).
        let mut last_of_device = BTreeMap::new();
        for (record, event) in records.iter().zip(office.log()) {
            assert_eq!(record.id, event.id.0);
            last_of_device.insert(event.hlc.device.clone(), record.hash.clone());
        }
        assert_eq!(at_once.chain_heads(), &last_of_device);
    }
}
