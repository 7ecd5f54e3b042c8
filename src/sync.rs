//! Export and import of sync bundles. Core validates and plans; this module reads the store,
//! and writes an import in one transaction.

pub mod body_hash;
pub mod couch;
pub mod encryption;
pub mod live;

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use estate_core::bundle::{
    self, BundleCheck, BundleError, CheckProgress, Header, ImportPlan, ImportPlanning, KindCounts,
    LocalKnowledge, Scope, Source, ValidBundle, WireAttachment, WireEvent,
};
use estate_core::device::BundleSignature;
use estate_core::local_device::LocalDevice;
use estate_core::staff::PinHash;
use estate_core::{Desk, Event, Policy};

use crate::desk_service::DeskService;
use crate::store::{Attachment, Store, StoreError, WriteBatch};
use crate::sync::body_hash::BodyHashing;
use crate::timing::Span;

/// The version written into every bundle's header.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

pub use crate::desk_service::LAST_EXPORT_KEY;

/// A bundle ready to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedBundle {
    /// The exporting device and when, for the file's name ([`file_name`]).
    pub device_id: String,
    pub exported_at: DateTime<Utc>,
    pub text: String,
    pub events: usize,
    pub attachments: usize,
}

/// `<prefix>-<device>-<yyyyMMdd-HHmm>.json`, in office time. The prefix is the file's name
/// in the interface language (管理处数据包 in Chinese, issue #22).
pub fn file_name(prefix: &str, device_id: &str, at: DateTime<Utc>) -> String {
    let device: String = device_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let local = at.with_timezone(&Policy::default().office_offset());
    format!("{prefix}-{device}-{}.json", local.format("%Y%m%d-%H%M"))
}

/// What to export: everything, or what arrived since the last export to a named peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    Everything,
    Peer(String),
}

fn peer_key(peer: &str) -> String {
    format!("last_export_to:{peer}")
}

/// Exports everything this device holds, with every photo the events refer to, and records the
/// export in meta.
pub async fn export_full<S: Store>(
    desk: &DeskService<S>,
    person: &str,
    now: DateTime<Utc>,
) -> Result<ExportedBundle, StoreError> {
    export(desk, person, ExportTarget::Everything, now).await
}

/// Exports for `target`. A peer export holds every event stored here after the previous export
/// to that peer (by arrival, so events that arrived late with old timestamps are not missed);
/// the first export to a peer holds everything.
pub async fn export<S: Store>(
    desk: &DeskService<S>,
    person: &str,
    target: ExportTarget,
    now: DateTime<Utc>,
) -> Result<ExportedBundle, StoreError> {
    export_with_progress(desk, person, target, now, &(), &()).await
}

/// How far a long export got, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStep {
    ReadingRecords,
    ReadingPhotos { done: usize, total: usize },
    Packing { events: usize },
    Saving,
}

/// Where an export reports each step. The browser's reporter also yields to the page, so the
/// progress bar paints between steps; `()` reports nowhere.
pub trait ExportProgress {
    fn report(&self, step: ExportStep) -> impl std::future::Future<Output = ()>;
}

impl ExportProgress for () {
    async fn report(&self, _step: ExportStep) {}
}

/// Signs an export with this device's key (issue #11). `()` leaves it unsigned: the native
/// tests have no WebCrypto.
pub trait BundleSigner {
    fn sign(
        &self,
        header: &Header,
    ) -> impl std::future::Future<Output = Result<Option<BundleSignature>, StoreError>>;
}

impl BundleSigner for () {
    async fn sign(&self, _header: &Header) -> Result<Option<BundleSignature>, StoreError> {
        Ok(None)
    }
}

/// How a device is named in bundles and cards: its person and the one-character code its
/// numbers carry (issue #17), never its id, which no one can read out.
pub fn device_name(person: &str, code: char) -> String {
    format!("{person} · {code}")
}

/// [`export`], reporting each step to `progress`.
pub async fn export_with_progress<S: Store>(
    desk: &DeskService<S>,
    person: &str,
    target: ExportTarget,
    now: DateTime<Utc>,
    progress: &impl ExportProgress,
    signer: &impl BundleSigner,
) -> Result<ExportedBundle, StoreError> {
    let store = desk.store();
    progress.report(ExportStep::ReadingRecords).await;
    let reading = Span::start("export.read_events");
    // The events are in memory (issue #19: reading and parsing every stored record was most
    // of an export).
    desk.catch_up().await?;
    let until = desk.with_device(|device| device.next_arrival());
    let (scope, after) = match &target {
        ExportTarget::Everything => (Scope::Full, None),
        ExportTarget::Peer(peer) => {
            let previous = store.meta(&peer_key(peer)).await?;
            let since = previous
                .as_ref()
                .and_then(|last| serde_json::from_value::<DateTime<Utc>>(last["at"].clone()).ok());
            let scope = Scope::SinceLastExport {
                peer: peer.clone(),
                since,
            };
            (scope, previous.and_then(|last| last["arrival"].as_u64()))
        }
    };
    let arrivals = after.map_or(0, |after| after + 1)..until;
    let (referenced, newest, events) = desk.with_device(|device| {
        let held = device.held_events(arrivals.clone());
        let referenced: BTreeSet<String> = held
            .iter()
            .flat_map(|held| bundle::referenced_photos(held.event))
            .collect();
        let newest = held.iter().map(|held| held.link.arrival).max();
        (referenced, newest, held.len())
    });
    let peer_meta = match &target {
        ExportTarget::Everything => None,
        ExportTarget::Peer(peer) => Some((
            peer_key(peer),
            serde_json::json!({ "at": now, "arrival": newest.or(after) }),
        )),
    };
    drop(reading);
    let mut attachments = Vec::new();
    for (done, sha256) in referenced.iter().enumerate() {
        progress
            .report(ExportStep::ReadingPhotos {
                done,
                total: referenced.len(),
            })
            .await;
        if let Some(photo) = store.attachment(sha256).await? {
            attachments.push(WireAttachment::new(photo.sha256, photo.mime, &photo.bytes));
        }
    }
    progress.report(ExportStep::Packing { events }).await;
    let device_id = desk.device().0.clone();
    let source = Source {
        device_name: desk
            .with_desk(|state| device_name(person, state.own_device_code(&desk.device()))),
        device_id: device_id.clone(),
        person: person.to_owned(),
    };
    let packing = Span::start("export.build_and_serialize");
    let body = desk.with_device(|device| {
        bundle::write_held(
            device.held_events(arrivals),
            attachments,
            source,
            now,
            scope,
            APP_VERSION,
        )
    });
    let attachments = body.attachments;
    // Hashed by the browser in a worker: on the page, 60 MB was one task of ~150 ms (issue #19).
    let body_sha256 = BodyHashing::start(body.text()).finish().await;
    let mut written = body.with_hash(body_sha256);
    written.header.signature = signer.sign(&written.header).await?;
    let text = written.into_text();
    drop(packing);
    // Own events only count towards "not yet exported": they exist nowhere else until exported.
    let last_export =
        serde_json::json!({ "at": now, "events": events, "own_events": desk.own_event_count() });
    let mut meta = vec![(LAST_EXPORT_KEY.to_owned(), last_export)];
    meta.extend(peer_meta);
    progress.report(ExportStep::Saving).await;
    store
        .commit(&WriteBatch {
            meta,
            ..WriteBatch::default()
        })
        .await?;
    Ok(ExportedBundle {
        device_id,
        exported_at: now,
        events,
        attachments,
        text,
    })
}

/// A validated bundle and what importing it would do.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub valid: ValidBundle,
    pub plan: ImportPlan,
}

/// What a byte of event text is reckoned to cost in IndexedDB with its indexes and the
/// projections it changes: a generous guess, so an import near the limit is refused whole
/// rather than tried and failed.
const STORED_BYTES_PER_TEXT_BYTE: f64 = 3.0;

impl ImportPreview {
    /// About how many bytes the import will take on disk: its new records (with room for their
    /// indexes and projections) and the bytes of its new photos. The import is refused before
    /// anything is written when the browser says there is less room than this (issue #21).
    pub fn bytes_needed(&self) -> f64 {
        let records: usize = self
            .plan
            .new_records()
            .iter()
            .map(|record| record.event.len() + record.hash.len() * 2 + record.hlc_key.len())
            .sum();
        let photos: u64 = self
            .plan
            .new_attachments
            .iter()
            .map(|photo| photo.size)
            .sum();
        records as f64 * STORED_BYTES_PER_TEXT_BYTE + photos as f64
    }
}

/// The administrators a bundle brings that this office does not have, by name: a device set up
/// apart founded an office of its own, and its first person became its administrator. The
/// preview names them (issue #22), so the administrator can merge a duplicate profile.
pub fn newcomer_administrators(desk: &Desk, preview: &ImportPreview) -> Vec<String> {
    if desk.staff.is_empty() {
        return Vec::new();
    }
    preview
        .plan
        .absorb
        .desk()
        .staff
        .iter()
        .filter(|(id, member)| member.administers() && !desk.staff.contains_key(*id))
        .map(|(_, member)| member.name.clone())
        .collect()
}

/// Whose PIN may accept a bundle that no device enrolled here signed: this office's
/// administrators. A device that has joined no office yet has none, so one of the
/// administrators of the office in the bundle approves it joining (issue #22): they stand at
/// the new device and type their own PIN.
pub fn approving_administrators(desk: &Desk, preview: &ImportPreview) -> Vec<PinHash> {
    if desk.staff.is_empty() {
        preview.plan.absorb.desk().administrator_pins()
    } else {
        desk.administrator_pins()
    }
}

/// Whether the browser says it has room for the import (issue #21). A browser that does not
/// say is let through: the write transaction is still all or nothing.
pub async fn has_room_for(preview: &ImportPreview) -> bool {
    let storage = crate::durability::report().await;
    match (storage.usage_bytes, storage.quota_bytes) {
        (Some(usage), Some(quota)) => quota - usage >= preview.bytes_needed(),
        _ => true,
    }
}

/// Why an import preview failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewError {
    /// The file is bad: every problem found.
    Invalid(Vec<BundleError>),
    Store(StoreError),
}

/// Validates `text` against what this device holds, and plans the import at `now`. The plan
/// carries the merged desk, which the commit keeps.
pub async fn preview_import<S: Store>(
    desk: &DeskService<S>,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ImportPreview, PreviewError> {
    preview_import_reporting(desk, text, now, |_| {}).await
}

/// How much of a bundle's text is checked in one step; a turn of the page takes steps until
/// its time is up ([`crate::timing::Turn`]). A step is at most about 25 ms in the browser on
/// a slow machine (issue #19: 1 MB took up to 220 ms there).
const CHECK_STEP_BYTES: usize = 128 * 1024;

/// How many events the plan sorts, or folds into the merged desk, between two turns of the
/// page: about 40 ms natively. Steps of 2,500 until a turn's time was up, as the check takes
/// its steps, were tried and showed no gain (issue #19).
const PLAN_SLICE_EVENTS: usize = 10_000;

/// [`preview_import`], telling `report` how far the check has come after each slice.
pub async fn preview_import_reporting<S: Store>(
    desk: &DeskService<S>,
    text: &str,
    now: DateTime<Utc>,
    mut report: impl FnMut(CheckProgress),
) -> Result<ImportPreview, PreviewError> {
    let store = desk.store();
    let reading = Span::start("import.read_local");
    // What this device holds is in memory.
    desk.catch_up().await.map_err(PreviewError::Store)?;
    let attachments = store.attachment_keys().await.map_err(PreviewError::Store)?;
    drop(reading);
    // Checked a slice at a time, then planned, against the device's own holdings, borrowed,
    // not copied. The page gets a turn between the slices and before the plan (issue #19); if
    // anything was written in a turn, the bundle is checked again against what the device
    // holds now.
    let mut body_hashing: Option<BodyHashing> = None;
    loop {
        let validating = Span::start("import.validate");
        let checked_at = desk.with_device(LocalDevice::next_arrival);
        let mut check = BundleCheck::start(text);
        let checked = slice_by_slice(desk, checked_at, &attachments, now, |_, local| {
            let done =
                crate::timing::Turn::start().take_steps(|| check.step(local, CHECK_STEP_BYTES));
            // The body is hashed off the page from the moment the file is cut, while the
            // events are checked (issue #19).
            if body_hashing.is_none() {
                body_hashing = check.body_text().map(BodyHashing::start);
            }
            report(check.progress());
            done
        })
        .await;
        if !checked {
            continue;
        }
        // A body as Estate Desk writes it is the canonical text its hash is taken over: the
        // worker's hash is the one checked. If anything was written here meanwhile, the check
        // starts again.
        let body_hash = match check.body_as_written() {
            // The hashing started from this same text's body (`body_text`) once it was cut.
            Some(body) => Some(
                body_hashing
                    .take()
                    .unwrap_or_else(|| BodyHashing::start(body))
                    .finish()
                    .await,
            ),
            None => None,
        };
        let checked = desk.with_device(|device| {
            (device.next_arrival() == checked_at).then(|| {
                check
                    .finish_with_body_sha256(&local_knowledge(device, &attachments, now), body_hash)
            })
        });
        let Some(checked) = checked else {
            continue;
        };
        let valid = checked.map_err(PreviewError::Invalid)?;
        drop(validating);
        let planning_span = Span::start("import.plan");
        let mut planning = ImportPlanning::default();
        let folded = slice_by_slice(desk, checked_at, &attachments, now, |device, local| {
            planning.step(&valid, local, device, PLAN_SLICE_EVENTS)
        })
        .await;
        if !folded {
            continue;
        }
        crate::timing::yield_to_page().await;
        let planned = desk.with_device(|device| {
            (device.next_arrival() == checked_at).then(|| {
                planning.finish(
                    &valid,
                    &local_knowledge(device, &attachments, now),
                    device,
                    now,
                )
            })
        });
        drop(planning_span);
        if let Some(plan) = planned {
            return Ok(ImportPreview { valid, plan });
        }
    }
}

/// Takes `step` a slice at a time against what the device holds, the page getting a turn
/// before each slice (issue #19), until `step` says it is done. False when anything was
/// written here since `checked_at`: then the caller starts again.
async fn slice_by_slice<S: Store>(
    desk: &DeskService<S>,
    checked_at: u64,
    attachments: &BTreeSet<String>,
    now: DateTime<Utc>,
    mut step: impl FnMut(&LocalDevice, &LocalKnowledge) -> bool,
) -> bool {
    loop {
        crate::timing::yield_to_page().await;
        let outcome = desk.with_device(|device| {
            (device.next_arrival() == checked_at)
                .then(|| step(device, &local_knowledge(device, attachments, now)))
        });
        match outcome {
            None => return false,
            Some(true) => return true,
            Some(false) => {}
        }
    }
}

/// What `device` holds, for checking and planning an import at `now`: its chain hashes
/// borrowed, not copied.
fn local_knowledge<'a>(
    device: &'a LocalDevice,
    attachments: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> LocalKnowledge<'a> {
    LocalKnowledge {
        devices: device.desk().devices.clone(),
        event_hashes: Cow::Borrowed(device.held_hashes()),
        attachments: attachments.clone(),
        open_conflicts: device
            .desk()
            .open_conflicts()
            .map(|conflict| conflict.event.0.clone())
            .collect(),
        // A bundle from a device whose clock runs fast is refused (issue #21).
        now: Some(now),
        max_clock_lead_ms: Some(device.desk().policy_at(now).max_clock_lead_ms()),
        // An event the file carries as this device wrote it is taken without decoding
        // (issue #19: a second import of the same file).
        held_events: Some(device),
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub imported_by_kind: KindCounts,
    pub skipped: usize,
    pub conflicts_by_kind: KindCounts,
    pub photos_expected: usize,
    pub photos_present: usize,
    pub photos_stored: usize,
}

/// Commits a previewed import: all or nothing, in one transaction. The preview stays on
/// screen until the import is done (a wrong PIN keeps it for another try), so only what is
/// written is copied out of it, never the whole bundle (issue #19).
pub async fn commit_import<S: Store>(
    desk: &DeskService<S>,
    preview: &ImportPreview,
    now: DateTime<Utc>,
) -> Result<ImportReport, StoreError> {
    let attachments = attachments_to_store(&preview.plan)?;
    let report = report_of(&preview.plan, attachments.len());
    desk.absorb(preview.plan.absorb.clone(), attachments, now)
        .await?;
    Ok(report)
}

/// Commits a preview that nobody keeps on screen (a batch pulled from the sync server, or a
/// confirmed import whose preview gave way to its report): the merged desk, log and records
/// move into the device and the store instead of being copied (issues #18, #19). The file's
/// checked events are handed back to be freed once the report is drawn.
pub async fn commit_unseen_import<S: Store>(
    desk: &DeskService<S>,
    preview: ImportPreview,
    now: DateTime<Utc>,
) -> Result<CommittedImport, StoreError> {
    let ImportPreview { valid, plan } = preview;
    let checked = CheckedEvents {
        events: valid.events,
        wire_events: valid.bundle.body.events,
    };
    let attachments = attachments_to_store(&plan)?;
    let report = report_of(&plan, attachments.len());
    match desk.absorb(plan.absorb, attachments, now).await {
        Ok(_) => Ok(CommittedImport { report, checked }),
        Err(error) => {
            checked.release().await;
            Err(error)
        }
    }
}

/// A committed import: what it did, and the file's checked events, still to be freed.
pub struct CommittedImport {
    pub report: ImportReport,
    checked: CheckedEvents,
}

impl CommittedImport {
    /// Frees the file's checked events a slice at a time: for a 10k-case file, 125k events
    /// and their wire forms, about a tenth of a second, which the report need not wait for
    /// (issue #19).
    pub async fn release_checked(self) -> ImportReport {
        self.checked.release().await;
        self.report
    }
}

/// A checked file's events, typed and as the file carried them.
struct CheckedEvents {
    events: Vec<Event>,
    wire_events: Vec<WireEvent>,
}

impl CheckedEvents {
    async fn release(self) {
        crate::timing::release_in_slices(self.events).await;
        crate::timing::release_in_slices(self.wire_events).await;
    }
}

fn attachments_to_store(plan: &ImportPlan) -> Result<Vec<Attachment>, StoreError> {
    plan.new_attachments
        .iter()
        .map(|wire| {
            Ok(Attachment {
                sha256: wire.sha256.clone(),
                mime: wire.mime.clone(),
                bytes: wire
                    .bytes()
                    .map_err(|error| StoreError::Record(error.to_string()))?,
            })
        })
        .collect()
}

fn report_of(plan: &ImportPlan, photos_stored: usize) -> ImportReport {
    ImportReport {
        imported_by_kind: plan.new_by_kind.clone(),
        skipped: plan.already_present_by_kind.values().sum(),
        conflicts_by_kind: plan.conflicts_by_kind.clone(),
        photos_expected: plan.photos_expected,
        photos_present: plan.photos_present,
        photos_stored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;
    use estate_core::scenario::walk_in_complaint;
    use estate_core::{Actor, EntityId, Role};
    use futures::executor::block_on;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:30:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    async fn device(name: &'static str) -> DeskService<MemoryStore> {
        let counter = std::cell::Cell::new(0);
        DeskService::load(
            MemoryStore::new(),
            Box::new(move || {
                counter.set(counter.get() + 1);
                format!("{name}-{:04}", counter.get())
            }),
        )
        .await
        .unwrap()
    }

    /// The front desk of `desk`, as its commands are recorded.
    fn front_desk(desk: &DeskService<MemoryStore>) -> Actor {
        Actor {
            name: "王芳".into(),
            role: Role::FrontDesk,
            device: desk.device().clone(),
            staff: None,
        }
    }

    /// A tablet holding complaint `fb-t` and a front-desk PC holding `fb-d`.
    async fn tablet_and_desk_with_a_case_each(
    ) -> (DeskService<MemoryStore>, DeskService<MemoryStore>) {
        let tablet = device("tablet").await;
        let desk_pc = device("desk").await;
        record(&tablet, "fb-t", "101").await;
        record(&desk_pc, "fb-d", "102").await;
        (tablet, desk_pc)
    }

    async fn record(desk: &DeskService<MemoryStore>, entity: &str, room: &str) {
        let actor = front_desk(desk);
        let change = walk_in_complaint(room);
        desk.execute(&actor, &EntityId(entity.into()), change, now())
            .await
            .unwrap();
    }

    /// The preview gives the page a turn between checking and planning (issue #19). A write
    /// in that turn is checked against: here the desk stores an event under the id of one in
    /// the bundle, and the import is refused for the collision instead of skipping the
    /// bundle's event as already held.
    #[test]
    fn x_1_a_write_between_check_and_plan_is_checked_again() {
        block_on(async {
            let tablet = device("tablet").await;
            record(&tablet, "fb-t", "101").await;
            let bundle = export_full(&tablet, "李娜", now()).await.unwrap();
            let held_by_tablet = tablet.store().events().await.unwrap()[0].id.clone();
            // The desk's next event id is the tablet's: a collision made in the turn between.
            let ids = std::cell::RefCell::new(vec![held_by_tablet.clone(), "pc".to_owned()]);
            let pc = DeskService::load(
                MemoryStore::new(),
                Box::new(move || ids.borrow_mut().pop().unwrap_or_default()),
            )
            .await
            .unwrap();
            let (preview, ()) = futures::join!(
                preview_import(&pc, &bundle.text, now()),
                record(&pc, "fb-pc", "102")
            );
            match preview {
                Err(PreviewError::Invalid(problems)) => assert_eq!(
                    problems,
                    vec![BundleError::IdCollision { id: held_by_tablet }]
                ),
                other => panic!(
                    "expected the collision, got {:?}",
                    other.map(|p| p.plan.already_present_by_kind)
                ),
            }
        });
    }

    /// Issue #19: a large bundle is checked a slice at a time, and the page hears how far the
    /// check has come after each slice, up to every event and photo. (Natively every step is
    /// a turn of its own; the browser takes steps until its turn's time is up.)
    #[test]
    fn x_1_a_large_import_reports_its_check_slice_by_slice() {
        block_on(async {
            let office = estate_core::sample::office(400, 3);
            let records = estate_core::record::chain_records(office.log());
            let source = Source {
                device_id: "tablet".into(),
                device_name: "巡视平板".into(),
                person: "赵巡".into(),
            };
            let bundle = bundle::build(
                &records,
                Vec::new(),
                source,
                estate_core::sample::start(),
                Scope::Full,
                APP_VERSION,
            )
            .unwrap();
            let text = serde_json::to_string(&bundle).unwrap();
            assert!(text.len() > 2 * CHECK_STEP_BYTES, "{} bytes", text.len());
            let pc = device("pc").await;
            let mut reports = Vec::new();
            let preview =
                preview_import_reporting(&pc, &text, now(), |progress| reports.push(progress))
                    .await
                    .unwrap();
            // The file is cut into its parts first (nothing checked yet), then each step
            // checks more; the count never goes back.
            assert!(reports
                .windows(2)
                .all(|pair| pair[0].checked <= pair[1].checked));
            let counts: BTreeSet<usize> = reports.iter().map(|report| report.checked).collect();
            assert!(counts.len() > 2, "{reports:?}");
            let last = reports.last().unwrap();
            assert_eq!((last.checked, last.total), (records.len(), records.len()));
            assert_eq!(preview.plan.new_records().len(), records.len());
        });
    }

    /// Records every reported step, as the browser's progress bar would show them.
    #[derive(Default)]
    struct Steps(std::cell::RefCell<Vec<ExportStep>>);

    impl ExportProgress for Steps {
        async fn report(&self, step: ExportStep) {
            self.0.borrow_mut().push(step);
        }
    }

    /// A long export reports each step in order, counting the photos it packs.
    #[test]
    fn export_reports_its_progress_step_by_step() {
        use estate_core::scenario::renovation_with_photos;
        block_on(async {
            let tablet = device("tablet").await;
            let mut photos = Vec::new();
            for bytes in [b"photo-1".to_vec(), b"photo-2".to_vec()] {
                let sha256 = crate::photo::sha256_hex(&bytes);
                tablet
                    .store()
                    .put_attachment(Attachment {
                        sha256: sha256.clone(),
                        mime: "image/jpeg".into(),
                        bytes,
                    })
                    .await
                    .unwrap();
                photos.push(sha256);
            }
            let actor = front_desk(&tablet);
            tablet
                .execute_all(
                    &actor,
                    &EntityId("ren-1".into()),
                    renovation_with_photos("101", photos),
                    now(),
                )
                .await
                .unwrap();
            let steps = Steps::default();
            let exported = export_with_progress(
                &tablet,
                "王芳",
                ExportTarget::Everything,
                now(),
                &steps,
                &(),
            )
            .await
            .unwrap();
            assert_eq!(exported.attachments, 2);
            assert_eq!(
                steps.0.into_inner(),
                vec![
                    ExportStep::ReadingRecords,
                    ExportStep::ReadingPhotos { done: 0, total: 2 },
                    ExportStep::ReadingPhotos { done: 1, total: 2 },
                    ExportStep::Packing { events: 2 },
                    ExportStep::Saving,
                ]
            );
        });
    }

    #[test]
    fn export_file_names_carry_device_and_office_time() {
        assert_eq!(
            file_name("管理处数据包", "0193f6a2-7c1e-7b3a", now()),
            "管理处数据包-0193f6a2-20260302-0930.json"
        );
    }

    /// Two devices exchange full bundles both ways and end with the same events; importing
    /// the same bundle again changes nothing.
    #[test]
    fn x_1_two_devices_exchange_bundles_and_importing_twice_changes_nothing() {
        block_on(async {
            let (tablet, desk_pc) = tablet_and_desk_with_a_case_each().await;

            let from_tablet = export_full(&tablet, "赵巡", now()).await.unwrap();
            assert_eq!(from_tablet.events, 1);
            assert!(tablet
                .store()
                .meta(LAST_EXPORT_KEY)
                .await
                .unwrap()
                .is_some());
            let preview = preview_import(&desk_pc, &from_tablet.text, now())
                .await
                .unwrap();
            assert_eq!(preview.plan.new_by_kind.get("feedback"), Some(&1));
            // Issue #21: the room an import needs counts its new records, with margin.
            let text_bytes: usize = preview
                .plan
                .new_records()
                .iter()
                .map(|record| record.event.len())
                .sum();
            assert!(preview.bytes_needed() >= 2.0 * text_bytes as f64);
            let report = commit_import(&desk_pc, &preview, now()).await.unwrap();
            assert_eq!(report.imported_by_kind.get("feedback"), Some(&1));

            let from_desk = export_full(&desk_pc, "王芳", now()).await.unwrap();
            commit_import(
                &tablet,
                &preview_import(&tablet, &from_desk.text, now())
                    .await
                    .unwrap(),
                now(),
            )
            .await
            .unwrap();
            let ids = |desk: &DeskService<MemoryStore>| {
                desk.with_device(|device| {
                    device
                        .log()
                        .iter()
                        .map(|event| event.id.0.clone())
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(ids(&tablet), ids(&desk_pc));
            desk_pc.write_pending_projections().await.unwrap();
            assert_eq!(desk_pc.store().entities().await.unwrap().len(), 2);

            let again = preview_import(&desk_pc, &from_tablet.text, now())
                .await
                .unwrap();
            assert!(again.plan.new_records().is_empty());
            assert!(again.bytes_needed() < 1.0, "nothing new needs no room");
            let commits = desk_pc.store().commits();
            let report = commit_import(&desk_pc, &again, now()).await.unwrap();
            assert_eq!((report.imported_by_kind.len(), report.skipped), (0, 1));
            assert_eq!(desk_pc.event_count(), 2);
            assert_eq!(
                desk_pc.store().commits(),
                commits,
                "nothing new is not written"
            );
        });
    }

    /// Previews and commits `text` on `desk`.
    async fn import(desk: &DeskService<MemoryStore>, text: &str) -> ImportReport {
        let preview = preview_import(desk, text, now()).await.unwrap();
        commit_import(desk, &preview, now()).await.unwrap()
    }

    /// Whether the store marks an import's projections as not written yet.
    async fn projections_pending(desk: &DeskService<MemoryStore>) -> bool {
        desk.store()
            .meta(crate::desk_service::PROJECTIONS_PENDING_KEY)
            .await
            .unwrap()
            == Some(serde_json::Value::Bool(true))
    }

    async fn stored_projection_ids(desk: &DeskService<MemoryStore>) -> Vec<String> {
        let mut ids: Vec<String> = desk
            .store()
            .entities()
            .await
            .unwrap()
            .into_iter()
            .map(|record| record.id)
            .collect();
        estate_core::sorting::sort(&mut ids);
        ids
    }

    /// Issue #19: an import's critical transaction holds its events; the projections they
    /// change follow in a second one, and a device closed in between writes them on opening.
    #[test]
    fn x_1_an_imports_projections_follow_its_events_and_are_redone_on_open() {
        block_on(async {
            let (tablet, desk_pc) = tablet_and_desk_with_a_case_each().await;
            let from_tablet = export_full(&tablet, "赵巡", now()).await.unwrap();
            import(&desk_pc, &from_tablet.text).await;
            assert_eq!(desk_pc.store().events().await.unwrap().len(), 2);
            assert_eq!(stored_projection_ids(&desk_pc).await, ["fb-d"]);
            assert!(projections_pending(&desk_pc).await);

            // The tab closes before the second transaction: opening writes them.
            let reopened = DeskService::load(desk_pc.into_store(), Box::new(|| "x".into()))
                .await
                .unwrap();
            assert_eq!(stored_projection_ids(&reopened).await, ["fb-d", "fb-t"]);
            assert!(!projections_pending(&reopened).await);

            // Written by the second transaction, they are the same records.
            let written_later = device("desk").await;
            record(&written_later, "fb-d", "102").await;
            import(&written_later, &from_tablet.text).await;
            written_later.write_pending_projections().await.unwrap();
            assert!(!projections_pending(&written_later).await);
            let sorted = |mut records: Vec<estate_core::record::EntityRecord>| {
                estate_core::sorting::sort_by(&mut records, |a, b| a.id.cmp(&b.id));
                records
            };
            assert_eq!(
                sorted(written_later.store().entities().await.unwrap()),
                sorted(reopened.store().entities().await.unwrap())
            );
        });
    }

    /// A command on an imported case before its projections are written: the second
    /// transaction writes the case as it stands, not as the import left it.
    #[test]
    fn x_1_pending_projections_written_after_a_command_show_the_command() {
        block_on(async {
            let tablet = device("tablet").await;
            let desk_pc = device("desk").await;
            record(&tablet, "fb-t", "101").await;
            let from_tablet = export_full(&tablet, "赵巡", now()).await.unwrap();
            import(&desk_pc, &from_tablet.text).await;
            let imported_status = desk_pc.with_desk(|desk| {
                estate_core::record::project(desk, &EntityId("fb-t".into()), now())
                    .unwrap()
                    .status
            });
            let actor = front_desk(&desk_pc);
            desk_pc
                .execute(
                    &actor,
                    &EntityId("fb-t".into()),
                    estate_core::Change::Feedback(
                        estate_core::feedback::FeedbackChange::SolvedOnSpot {
                            note: "当场解决".into(),
                        },
                    ),
                    now(),
                )
                .await
                .unwrap();
            desk_pc.write_pending_projections().await.unwrap();
            let stored = desk_pc.store().entities().await.unwrap();
            let solved = stored.iter().find(|record| record.id == "fb-t").unwrap();
            assert_ne!(
                solved.status, imported_status,
                "the command changed the case"
            );
            let current = desk_pc.with_desk(|desk| {
                estate_core::record::project(desk, &EntityId("fb-t".into()), now()).unwrap()
            });
            assert_eq!(*solved, current);
            assert!(!projections_pending(&desk_pc).await);
        });
    }

    /// After an import, the chain heads and arrival numbers kept in memory are what a reload
    /// of the same store computes, so the next event continues the right chain.
    #[test]
    fn x_1_an_import_leaves_the_chain_state_a_reload_would_find() {
        block_on(async {
            let tablet = device("tablet").await;
            let desk_pc = device("desk").await;
            record(&tablet, "fb-t1", "101").await;
            record(&tablet, "fb-t2", "103").await;
            record(&desk_pc, "fb-d", "102").await;
            let from_tablet = export_full(&tablet, "赵巡", now()).await.unwrap();
            let preview = preview_import(&desk_pc, &from_tablet.text, now())
                .await
                .unwrap();
            commit_import(&desk_pc, &preview, now()).await.unwrap();

            let (heads, next_arrival) = desk_pc.chain_state();
            let reloaded = DeskService::load(desk_pc.into_store(), Box::new(|| "x".into()))
                .await
                .unwrap();
            assert_eq!(heads.len(), 2);
            assert_eq!(next_arrival, 3);
            assert_eq!((heads, next_arrival), reloaded.chain_state());
        });
    }

    /// The export is written from the events in memory (issue #19), so a tab that has not yet
    /// seen what another tab of this browser stored reads the store again first: nothing
    /// stored is left out, and the peer's watermark covers it.
    #[test]
    fn x_1_an_export_holds_what_another_tab_stored() {
        block_on(async {
            let first_tab = device("tab").await;
            let second_tab = DeskService::load(
                first_tab.store().second_connection(),
                Box::new(|| "tab2-0001".into()),
            )
            .await
            .unwrap();
            record(&second_tab, "fb-1", "101").await;
            assert_eq!(first_tab.event_count(), 0, "not seen yet");
            let to_desk = || ExportTarget::Peer("前台".into());
            let exported = export(&first_tab, "王芳", to_desk(), now()).await.unwrap();
            assert_eq!(exported.events, 1);
            assert!(exported.text.contains("fb-1"));
            let again = export(&first_tab, "王芳", to_desk(), now()).await.unwrap();
            assert_eq!(
                again.events, 0,
                "the watermark covers what the other tab stored"
            );
        });
    }

    /// A peer export holds only what arrived since the last export to that peer; it imports on
    /// a device that has the earlier events, and a device without them is told the chain is
    /// broken rather than left with a gap.
    #[test]
    fn peer_exports_carry_only_what_is_new_for_that_peer() {
        block_on(async {
            let tablet = device("tablet").await;
            let desk_pc = device("desk").await;
            let stranger = device("other").await;
            let to_desk = || ExportTarget::Peer("前台".into());
            record(&tablet, "fb-1", "101").await;
            let first = export(&tablet, "赵巡", to_desk(), now()).await.unwrap();
            assert_eq!(first.events, 1, "the first export to a peer has everything");
            record(&tablet, "fb-2", "102").await;
            let second = export(&tablet, "赵巡", to_desk(), now()).await.unwrap();
            assert_eq!(second.events, 1, "only what is new for that peer");
            assert_eq!(
                export(&tablet, "赵巡", ExportTarget::Peer("工程部".into()), now())
                    .await
                    .unwrap()
                    .events,
                2
            );
            let nothing = export(&tablet, "赵巡", to_desk(), now()).await.unwrap();
            assert_eq!(nothing.events, 0);

            commit_import(
                &desk_pc,
                &preview_import(&desk_pc, &first.text, now()).await.unwrap(),
                now(),
            )
            .await
            .unwrap();
            commit_import(
                &desk_pc,
                &preview_import(&desk_pc, &second.text, now()).await.unwrap(),
                now(),
            )
            .await
            .unwrap();
            assert_eq!(desk_pc.event_count(), 2);

            let refused = preview_import(&stranger, &second.text, now()).await;
            assert!(
                matches!(&refused, Err(PreviewError::Invalid(problems)) if matches!(problems[0], BundleError::ChainBroken { .. })),
                "{refused:?}"
            );
        });
    }

    /// A bad file changes nothing and names its problem.
    #[test]
    fn x_2_a_bad_bundle_leaves_the_database_unchanged() {
        block_on(async {
            let tablet = device("tablet").await;
            let desk_pc = device("desk").await;
            record(&tablet, "fb-t", "101").await;
            let text = export_full(&tablet, "赵巡", now())
                .await
                .unwrap()
                .text
                .replace("101 漏水", "101 改动");
            let refused = preview_import(&desk_pc, &text, now()).await;
            assert!(
                matches!(&refused, Err(PreviewError::Invalid(problems)) if problems == &vec![BundleError::BodyHashMismatch]),
                "{refused:?}"
            );
            assert!(desk_pc.store().events().await.unwrap().is_empty());
        });
    }
}
