//! The one way a screen records something: changes for one entity, sent to the desk service as
//! the person using this device, at the browser's time; then every view re-reads.

use chrono::Utc;
use estate_core::violation::Violation;
use estate_core::{Actor, Change, EntityId};
use leptos::prelude::*;

use crate::desk_service::CommandError;
use crate::device_settings::{DeviceProfile, DeviceSettings};
use crate::services::Services;

/// What a screen asks for: the entity and the changes, decided and stored together.
pub type Command = (EntityId, Vec<Change>);

/// The outcome the screen shows: saved, or refused with every broken rule.
pub type CommandResult = Result<(), CommandError>;

/// Counts the steps pressed on this page, so that only the latest one shows its outcome: an
/// old "saved" or error beside one button never lingers after another is pressed.
#[derive(Clone, Copy)]
pub struct CommandCounter(RwSignal<u64>);

impl CommandCounter {
    /// Provides the counter to the component tree.
    pub fn provide() -> CommandCounter {
        let counter = CommandCounter(RwSignal::new(0));
        provide_context(counter);
        counter
    }

    /// The counter in context, or a fresh one where none is provided (a widget on its own).
    pub fn expect() -> CommandCounter {
        use_context::<CommandCounter>().unwrap_or_else(|| CommandCounter(RwSignal::new(0)))
    }

    /// Counts a press and returns its number.
    pub fn next(self) -> u64 {
        self.0.update(|count| *count += 1);
        self.0.get_untracked()
    }

    /// The number of the latest press, tracked.
    pub fn latest(self) -> u64 {
        self.0.get()
    }

    /// The number of the latest press, untracked.
    pub fn latest_untracked(self) -> u64 {
        self.0.get_untracked()
    }
}

/// Who records, read from the contexts while the component is alive, so the async part needs
/// no context.
#[derive(Clone, Copy)]
pub struct Recorder {
    services: Services,
    settings: DeviceSettings,
}

impl Recorder {
    pub fn expect() -> Recorder {
        Recorder {
            services: Services::expect(),
            settings: DeviceSettings::expect(),
        }
    }

    /// Decides and stores `changes` to `entity` in one commit, then tells the views.
    pub async fn record(self, entity: EntityId, changes: Vec<Change>) -> CommandResult {
        let steps = changes
            .into_iter()
            .map(|change| (entity.clone(), change))
            .collect();
        self.record_batch(steps).await
    }

    /// Decides and stores changes to several entities in one commit (a patrol and the tickets
    /// its violations open), then tells the views.
    pub async fn record_batch(self, steps: Vec<(EntityId, Change)>) -> CommandResult {
        let profile = self
            .settings
            .profile_untracked()
            .expect("the device is set up before pages show");
        self.record_batch_as(profile, steps).await
    }

    /// The actor `profile` records as. The name on the record is the staff profile's,
    /// whatever the device settings say.
    fn actor(self, profile: DeviceProfile) -> Actor {
        let desk = self.services.desk();
        let staff_name = profile.staff.as_ref().and_then(|id| {
            desk.with_desk(|state| {
                state
                    .staff
                    .get(&EntityId(id.clone()))
                    .map(|member| member.name.clone())
            })
        });
        Actor {
            name: staff_name.unwrap_or(profile.person_name),
            role: profile.role,
            device: desk.device().clone(),
            staff: profile.staff.map(EntityId),
        }
    }

    /// Every rule `command` would break now, without recording anything: a step that cannot
    /// be undone asks for confirmation only when it would be taken (issue #22).
    pub fn refusals(self, (entity, changes): &Command) -> Vec<Violation> {
        let Some(profile) = self.settings.profile_untracked() else {
            return Vec::new();
        };
        let actor = self.actor(profile);
        let now = Utc::now();
        self.services.desk().with_desk(|desk| {
            changes
                .iter()
                .filter_map(|change| desk.decide(entity, change.clone(), &actor, now).err())
                .flatten()
                .collect()
        })
    }

    /// [`Recorder::record_batch`] as `profile`: the person setting up this device records
    /// their own staff profile before they are signed in.
    pub async fn record_batch_as(
        self,
        profile: DeviceProfile,
        steps: Vec<(EntityId, Change)>,
    ) -> CommandResult {
        let desk = self.services.desk();
        let actor = self.actor(profile);
        let recorded = desk
            .execute_batch(&actor, steps, Utc::now())
            .await
            .map(|_| ());
        if recorded.is_ok() {
            self.services.changed();
        }
        recorded
    }
}

/// A write action for one form. Each form has its own, so each shows its own outcome.
pub fn command_action() -> Action<Command, CommandResult> {
    let recorder = Recorder::expect();
    let counter = CommandCounter::expect();
    Action::new_local(move |(entity, changes): &Command| {
        // A form of its own counts as a press when it sends (issue #22): every older outcome
        // on the page, a step button's too, is then stale and goes.
        counter.next();
        recorder.record(entity.clone(), changes.clone())
    })
}

/// The action behind a step button, which counts its own press when it is pressed (before
/// any confirmation), so sending does not count again.
pub fn step_action() -> Action<Command, CommandResult> {
    let recorder = Recorder::expect();
    Action::new_local(move |(entity, changes): &Command| {
        recorder.record(entity.clone(), changes.clone())
    })
}

/// A new entity id: UUID v7, so ids sort by creation time on every device.
pub fn new_entity_id() -> EntityId {
    EntityId(uuid::Uuid::now_v7().to_string())
}
