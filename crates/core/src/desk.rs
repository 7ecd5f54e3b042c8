//! The desk: every entity's state, folded from the event log, with the conflicts a merge
//! surfaced. Commands are decided here against the current state; the log is replayed here.

use chrono::{DateTime, Utc};
use imbl::{GenericHashMap, OrdMap};
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::calendar::WorkingCalendar;
use crate::deadline::Rules;
use crate::deadline::{overdue_first, Deadline};
use crate::device::{DeviceChange, EnrolledDevice};
use crate::event::{Actor, Change, EntityId, Event, EventId};
use crate::feedback::{Department, FeedbackCase, FeedbackChange};
use crate::hlc::DeviceId;
use crate::money::Money;
use crate::numbering::{is_device_code, next_free_code, NumberKind, Numbering, LEGACY_CODE};
use crate::party::UnitRef;
use crate::patrol::{check_patrol, PatrolRecord, Rectification, RectificationChange};
use crate::policy::{Policy, PolicyHistory, PolicyPeriod};
use crate::renovation::{CaseField, RenovationCase, RenovationChange};
use crate::role::Role;
use crate::rule::RuleId;
use crate::staff::{StaffChange, StaffMember};
use crate::violation::{Item, Problem, Reason, Violation};

/// Why an event is held for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ConflictKind {
    /// The event is not valid at its place in the merged order (two devices did conflicting
    /// things). It is kept in the log, not applied, and listed with the rules it breaks.
    InvalidInMergedOrder { violations: Vec<Violation> },
    /// Two devices edited the same field concurrently; the later HLC is shown, both are kept.
    ConcurrentFieldEdit { field: CaseField },
}

/// A conflict, with both sides: the event held and the event it collided with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Conflict {
    pub entity: EntityId,
    pub event: EventId,
    /// The other side: the last event applied to the entity before this one.
    pub other_side: Option<EventId>,
    pub kind: ConflictKind,
    /// The event that settled it, once someone did.
    pub resolved_by: Option<EventId>,
}

/// The only events X-1 lets through without a staff profile that holds their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum X1Exemption {
    /// Recorded before the office had any staff profile: histories from before issue #11
    /// name no one, and the office's first profile cannot be added by a profile.
    BeforeStaffProfiles,
    /// A device's first person adding themselves as its administrator (see
    /// `Desk::is_device_bootstrap`); another device still asks its administrator to accept.
    DeviceBootstrap,
}

/// Money handled by a held step: taken or paid, but not in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldMoney {
    pub event: EventId,
    pub at: DateTime<Utc>,
    pub by: String,
    pub collected: Money,
    pub paid_out: Money,
}

/// Why a logged step is not part of the case's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotInEffect {
    /// Held for review: it broke a rule in the merged order.
    Held,
    /// A reviewer chose the held side of its conflict instead, by `review`.
    SetAside { review: EventId },
}

/// A recorded patrol with its time and inspector (REN-33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Patrol {
    pub record: PatrolRecord,
    pub at: DateTime<Utc>,
    pub inspector: String,
}

/// The last event applied to each entity, hashed with fixed keys and shared between copies.
type LastApplied =
    GenericHashMap<EntityId, EventId, FxBuildHasher, imbl::shared_ptr::DefaultSharedPtr>;

/// All state of the office, as one device knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    /// The office's policies over time: each step is decided by the one in force at its time.
    pub policies: PolicyHistory,
    pub calendar: WorkingCalendar,
    /// Cases are shared between a desk and its clones, and copied only when one changes: a
    /// merge's preview folds a few new events onto a clone of a 10k-case desk (issue #19).
    pub renovations: OrdMap<EntityId, Arc<RenovationCase>>,
    pub feedback: OrdMap<EntityId, Arc<FeedbackCase>>,
    pub patrols: BTreeMap<EntityId, Patrol>,
    pub rectifications: BTreeMap<EntityId, Rectification>,
    pub conflicts: Vec<Conflict>,
    /// The staff profiles (issue #11), by profile id.
    pub staff: BTreeMap<EntityId, StaffMember>,
    /// The enrolled devices (issue #11), by device id.
    pub devices: BTreeMap<EntityId, EnrolledDevice>,
    /// The devices on which a profile was added: a device's first profile may be its own
    /// administrator, later ones are added by an administrator.
    staffed_devices: BTreeSet<DeviceId>,
    /// The last event applied to each entity: the other side of a conflict. Looked up for
    /// every event, so hashed (with fixed keys: the same on every device and run).
    last_applied: LastApplied,
    /// The open renovation cases of each unit, so "one open renovation per unit" (REN-10) is a
    /// lookup, not a scan of every case. A set, so it stays exact even if a merge left two.
    open_renovation_by_unit: OrdMap<UnitRef, BTreeSet<EntityId>>,
    /// The highest number of each kind, year and device code seen: the next is one past it.
    numbering: Numbering,
    /// Events a reviewer set aside for the held side, each with the review that did it: kept
    /// in the log, shown as set aside, never applied.
    pub set_aside: BTreeMap<EventId, EventId>,
    /// The events held for review, whole, so a timeline can show them as not in effect and
    /// a ledger can show money taken that is not in the accounts yet.
    pub held_events: BTreeMap<EventId, Event>,
    /// What this fold skips: the set-aside events as the previous fold found them.
    skipped: BTreeSet<EventId>,
}

/// How many times a replay is redone while reviews that set events aside settle: each round
/// skips what the last one set aside; reviews of reviews are rare, so two rounds is usual.
const SET_ASIDE_ROUNDS: usize = 4;

/// The wall time of an event's HLC as an instant.
pub fn event_time(event: &Event) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(event.hlc.wall_ms).unwrap_or_default()
}

/// Who sets the office's rules and calendar besides an administrator (issue #16).
const POLICY_ROLES: &[Role] = &[Role::CsManager];

/// What a policy or calendar change itself must hold: every policy problem, an effective time
/// not before the change, a calendar year the office may hold, a short name.
fn rules_violations(change: &Change, now: DateTime<Utc>) -> Vec<Violation> {
    let mut violations = Vec::new();
    match change {
        Change::Policy(change) => {
            for (field, problem) in change.policy.problems() {
                violations.push(Violation::invalid(
                    RuleId::X2,
                    Reason::PolicyValue { field, problem },
                ));
            }
            if change.effective_from.is_some_and(|from| from < now) {
                violations.push(Violation::invalid(RuleId::X2, Reason::EffectiveInThePast));
            }
        }
        Change::Calendar(rule) => {
            let year = chrono::Datelike::year(&rule.date);
            if !crate::calendar::CALENDAR_YEARS.contains(&year) {
                violations.push(Violation::invalid(
                    RuleId::Ren31,
                    Reason::CalendarYearOutOfRange { year },
                ));
            }
            if rule
                .name
                .as_ref()
                .is_some_and(|name| name.chars().count() > MAX_DAY_NAME)
            {
                violations.push(Violation::invalid(RuleId::Ren31, Reason::DayNameTooLong));
            }
        }
        Change::CalendarYear(entered)
            if !crate::calendar::CALENDAR_YEARS.contains(&entered.year) =>
        {
            violations.push(Violation::invalid(
                RuleId::Ren31,
                Reason::CalendarYearOutOfRange { year: entered.year },
            ));
        }
        _ => {}
    }
    violations
}

/// The longest holiday name a calendar day shows.
pub const MAX_DAY_NAME: usize = 20;

/// Who settles a merge conflict: the managers who own the cases (renovations and feedback).
pub const REVIEW_ROLES: &[Role] = &[Role::CsManager, Role::RenovationSupervisor];

/// What an event breaks outside its renovation or feedback case: the actor's and device's
/// standing, listed before the case's own rules, and the change's other rules, after them.
struct BesideCase {
    first: Vec<Violation>,
    after: Vec<Violation>,
}

impl BesideCase {
    /// Every violation, in the order [`Desk::check`] lists them, with the case's own.
    fn around(self, case_violations: Vec<Violation>) -> Vec<Violation> {
        let BesideCase { mut first, after } = self;
        first.extend(case_violations);
        first.extend(after);
        first
    }
}

/// The rules of a renovation case itself (a new one when `case` is `None`) that `change`
/// would break.
fn renovation_case_violations(
    case: Option<&RenovationCase>,
    change: &RenovationChange,
    role: Role,
    policy: &Policy,
) -> Vec<Violation> {
    match case {
        Some(case) => case.check(change, role, policy),
        None => RenovationCase::default().check(change, role, policy),
    }
}

/// The rules of a complaint or suggestion itself (a new one when `case` is `None`) that
/// `change` would break.
fn feedback_case_violations(
    case: Option<&FeedbackCase>,
    change: &FeedbackChange,
    role: Role,
    now: DateTime<Utc>,
) -> Vec<Violation> {
    match case {
        Some(case) => case.check(change, role, now),
        None => FeedbackCase::default().check(change, role, now),
    }
}

/// Whether a replay of `events` events keeps the desk before the event at `position`: every
/// `every`-th position among the last `every × kept` (the first is never kept: it is the
/// start). A fold in slices keeps the same ones (`local_device::ReloadFold`).
pub fn keeps_snapshot_at(position: usize, events: usize, every: usize, kept: usize) -> bool {
    position > 0 && position.is_multiple_of(every) && events - position < every * kept
}

impl Desk {
    /// An empty desk with the starting policy and calendar.
    pub fn new(policy: Policy, calendar: WorkingCalendar) -> Desk {
        Desk {
            policies: PolicyHistory::new(policy),
            calendar,
            renovations: OrdMap::new(),
            feedback: OrdMap::new(),
            patrols: BTreeMap::new(),
            rectifications: BTreeMap::new(),
            conflicts: Vec::new(),
            staff: BTreeMap::new(),
            devices: BTreeMap::new(),
            staffed_devices: BTreeSet::new(),
            last_applied: LastApplied::default(),
            open_renovation_by_unit: OrdMap::new(),
            numbering: Numbering::default(),
            set_aside: BTreeMap::new(),
            held_events: BTreeMap::new(),
            skipped: BTreeSet::new(),
        }
    }

    /// The state after `events`, folded in HLC order whatever order they arrive in.
    ///
    /// A review that chose a held side sets another event aside, earlier in the order than the
    /// review itself; so the fold is redone, skipping what the last fold set aside, until the
    /// set-aside events stay the same.
    pub fn replay(self, events: &[Event]) -> Desk {
        self.replay_with_snapshots(events, None).0
    }

    /// [`Desk::replay`], also keeping the desk as the final fold left it before every
    /// `every`-th event (by position in replay order) among the last `every × kept`, so that a
    /// later merge folds on from the nearest snapshot instead of from the start (issue #19).
    pub fn replay_with_snapshots(
        self,
        events: &[Event],
        snapshots: Option<(usize, usize)>,
    ) -> (Desk, Vec<(usize, Desk)>) {
        let snapshot_at = |position: usize| {
            snapshots
                .is_some_and(|(every, kept)| keeps_snapshot_at(position, events.len(), every, kept))
        };
        let mut ordered: Vec<&Event> = events.iter().collect();
        crate::sorting::sort_by(&mut ordered, |a, b| a.order_key().cmp(&b.order_key()));
        let start = self;
        let mut skipped = BTreeSet::new();
        let mut round = 0;
        loop {
            let mut desk = start.clone();
            desk.skipped = skipped;
            let mut snapshots = Vec::new();
            for (position, event) in ordered.iter().enumerate() {
                if snapshot_at(position) {
                    snapshots.push((position, desk.clone()));
                }
                desk.apply(event);
            }
            let found: BTreeSet<EventId> = desk.set_aside.keys().cloned().collect();
            round += 1;
            if found == desk.skipped || round == SET_ASIDE_ROUNDS {
                return (desk, snapshots);
            }
            skipped = found;
        }
    }

    /// Whether no review has set an event aside, so that folding more events on top of this
    /// desk gives what a full replay gives as long as none of them sets one aside either.
    pub fn sets_nothing_aside(&self) -> bool {
        self.set_aside.is_empty() && self.skipped.is_empty()
    }

    /// Every rule `change` to `entity` by `actor` at `now` would break.
    pub fn check(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Vec<Violation> {
        let case_violations = match change {
            Change::Renovation(change) => renovation_case_violations(
                self.renovations.get(entity).map(Arc::as_ref),
                change,
                actor.role,
                self.policy_at(now),
            ),
            Change::Feedback(change) => feedback_case_violations(
                self.feedback.get(entity).map(Arc::as_ref),
                change,
                actor.role,
                now,
            ),
            _ => Vec::new(),
        };
        self.violations_beside_case(entity, change, actor, now)
            .around(case_violations)
    }

    /// What [`Desk::check`] finds outside the renovation or feedback case itself: the
    /// actor's and device's standing (first), and the change's other rules (after the case's
    /// own). Apart so that a fold searches the case map once per event (issue #19).
    fn violations_beside_case(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> BesideCase {
        let mut violations = self.actor_violations(entity, change, actor);
        if let Some(at) = self
            .devices
            .get(actor.device.0.as_str())
            .and_then(|device| device.revoked_at)
            .filter(|revoked_at| now > *revoked_at)
        {
            violations.push(Violation::invalid(RuleId::X1, Reason::DeviceRevoked { at }));
        }
        BesideCase {
            first: violations,
            after: self.change_violations(entity, change, actor, now),
        }
    }

    /// Who may enrol or revoke a device: an administrator, or a device enrolling its own key
    /// for the first time (its bundles then name it; another device still asks its
    /// administrator before taking them in).
    fn device_violations(
        &self,
        entity: &EntityId,
        change: &DeviceChange,
        actor: &Actor,
    ) -> Vec<Violation> {
        let invalid = |reason: Reason| Violation::invalid(RuleId::X1, reason);
        let by_administrator = self.is_administrator(actor);
        let current = self.devices.get(entity);
        let mut violations = Vec::new();
        match change {
            DeviceChange::Enrolled {
                name,
                public_key,
                code,
            } => {
                if let Some(code) = code.as_ref().filter(|code| !is_device_code(code)) {
                    violations.push(invalid(Reason::DeviceCodeTaken { code: code.clone() }));
                }
                let own_first_key = actor.device.0 == entity.0 && current.is_none();
                if !by_administrator && !own_first_key {
                    violations.push(invalid(Reason::OnlyAdministratorEnrolsDevices));
                }
                if name.trim().is_empty() {
                    violations.push(Violation::missing(RuleId::X1, Item::DeviceName));
                }
                if crate::device::verifying_key(public_key).is_err() {
                    violations.push(invalid(Reason::InvalidPublicKey));
                }
            }
            DeviceChange::CodeAssigned { code } => {
                if !by_administrator {
                    violations.push(invalid(Reason::OnlyAdministratorEnrolsDevices));
                }
                let held_elsewhere = self
                    .devices
                    .iter()
                    .any(|(id, device)| id != entity && device.code.as_ref() == Some(code));
                if !is_device_code(code) || held_elsewhere {
                    violations.push(invalid(Reason::DeviceCodeTaken { code: code.clone() }));
                }
                if current.is_none() {
                    violations.push(invalid(Reason::NoDeviceToRevoke));
                }
            }
            DeviceChange::Revoked { .. } => {
                if !by_administrator {
                    violations.push(invalid(Reason::OnlyAdministratorRevokesDevices));
                }
                if current.is_none_or(|device| device.revoked_at.is_some()) {
                    violations.push(invalid(Reason::NoDeviceToRevoke));
                }
            }
        }
        violations
    }

    /// X-1 without exceptions: every step names a current staff profile that holds the role
    /// it is taken in. Only [`X1Exemption`]s are let through, each for a named reason.
    fn actor_violations(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
    ) -> Vec<Violation> {
        if self.x1_exemption(entity, change, actor).is_some() {
            return Vec::new();
        }
        let Some(profile) = &actor.staff else {
            return vec![Violation::invalid(RuleId::X1, Reason::SignInFirst)];
        };
        match self.staff.get(profile) {
            Some(member) if member.may_act_as(actor.role) => Vec::new(),
            Some(member) if !member.removed => vec![Violation::new(
                RuleId::X1,
                Problem::WrongRole {
                    allowed: member.roles.clone(),
                },
            )],
            _ => vec![Violation::invalid(RuleId::X1, Reason::NoStaffProfile)],
        }
    }

    /// Why an event is let through X-1 without a staff profile holding its role, if it is.
    pub fn x1_exemption(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
    ) -> Option<X1Exemption> {
        if actor.staff.is_none() && self.staff.is_empty() {
            return Some(X1Exemption::BeforeStaffProfiles);
        }
        match change {
            Change::Staff(staff_change)
                if self.is_device_bootstrap(entity, staff_change, actor) =>
            {
                Some(X1Exemption::DeviceBootstrap)
            }
            _ => None,
        }
    }

    /// Money a held step of `entity` took in or paid out that the ledger does not count:
    /// the cash was handled, but the step is not in effect until a reviewer chooses it
    /// (issue #21). The CS manager sees these beside the ledger.
    pub fn held_money(&self, entity: &EntityId) -> Vec<HeldMoney> {
        self.held_events
            .values()
            .filter(|event| event.entity == *entity)
            .filter_map(|event| match &event.change {
                Change::Renovation(change) => Some(HeldMoney {
                    event: event.id.clone(),
                    at: event_time(event),
                    by: event.actor.name.clone(),
                    collected: change.money_collected(),
                    paid_out: change.money_paid_out(),
                }),
                _ => None,
            })
            .filter(|held| held.collected != Money::ZERO || held.paid_out != Money::ZERO)
            .collect()
    }

    /// Whether `event` is in the log but not in effect: held for review, or set aside by a
    /// reviewer who chose the other side. Timelines show such steps apart.
    pub fn not_in_effect(&self, event: &EventId) -> Option<NotInEffect> {
        if let Some(review) = self.set_aside.get(event) {
            return Some(NotInEffect::SetAside {
                review: review.clone(),
            });
        }
        self.held_events
            .contains_key(event)
            .then_some(NotInEffect::Held)
    }

    /// The policy in force at `at`.
    pub fn policy_at(&self, at: DateTime<Utc>) -> &Policy {
        self.policies.at(at)
    }

    /// What deadlines are counted by: the calendar and the policies over time.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            calendar: &self.calendar,
            policies: &self.policies,
        }
    }

    /// The PIN hashes of the current administrators, to accept what needs their word.
    pub fn administrator_pins(&self) -> Vec<crate::staff::PinHash> {
        self.staff
            .values()
            .filter(|member| member.administers())
            .map(|member| member.pin.clone())
            .collect()
    }

    /// Whether `actor` is signed in with a current administrator's profile.
    fn is_administrator(&self, actor: &Actor) -> bool {
        actor
            .staff
            .as_ref()
            .and_then(|profile| self.staff.get(profile))
            .is_some_and(StaffMember::administers)
    }

    /// A device's first profile, added by that person as an administrator of their own.
    fn is_device_bootstrap(&self, entity: &EntityId, change: &StaffChange, actor: &Actor) -> bool {
        matches!(
            change,
            StaffChange::Added { administrator: true, roles, .. } if roles.contains(&actor.role)
        ) && actor.staff.as_ref() == Some(entity)
            && !self.staffed_devices.contains(&actor.device)
    }

    /// Who may change the staff list, and what a profile must hold.
    fn staff_violations(
        &self,
        entity: &EntityId,
        change: &StaffChange,
        actor: &Actor,
    ) -> Vec<Violation> {
        let invalid = |reason: Reason| Violation::invalid(RuleId::X1, reason);
        let mut violations = Vec::new();
        let bootstrap = self.is_device_bootstrap(entity, change, actor);
        let by_administrator = self.is_administrator(actor);
        if !bootstrap && !by_administrator {
            violations.push(invalid(Reason::OnlyAdministratorChangesStaff));
        }
        let current = self.staff.get(entity).filter(|member| !member.removed);
        let check_roles =
            |roles: &[Role], department: &Option<Department>, violations: &mut Vec<Violation>| {
                if roles.is_empty() {
                    violations.push(invalid(Reason::StaffNeedsARole));
                }
                if roles.contains(&Role::DepartmentHead) && department.is_none() {
                    violations.push(Violation::missing(RuleId::X1, Item::Department));
                }
            };
        match change {
            StaffChange::Added {
                name,
                roles,
                department,
                pin,
                ..
            } => {
                if self.staff.contains_key(entity) {
                    violations.push(invalid(Reason::StaffProfileExists));
                }
                if name.trim().is_empty() {
                    violations.push(Violation::missing(RuleId::X1, Item::StaffName));
                }
                check_roles(roles, department, &mut violations);
                violations.extend(
                    pin.problems()
                        .into_iter()
                        .map(|problem| invalid(Reason::WeakPinHash { problem })),
                );
            }
            StaffChange::RolesChanged {
                roles,
                department,
                administrator,
            } => {
                check_roles(roles, department, &mut violations);
                if !administrator && self.is_last_administrator(entity) {
                    violations.push(invalid(Reason::KeepOneAdministrator));
                }
            }
            StaffChange::PinReset { pin } => {
                violations.extend(
                    pin.problems()
                        .into_iter()
                        .map(|problem| invalid(Reason::WeakPinHash { problem })),
                );
            }
            StaffChange::Removed => {
                if self.is_last_administrator(entity) {
                    violations.push(invalid(Reason::KeepOneAdministrator));
                }
            }
            StaffChange::MergedInto { into } => {
                let kept = self.staff.get(into).filter(|member| !member.removed);
                if into == entity || kept.is_none() {
                    violations.push(invalid(Reason::MergeIntoCurrentProfile));
                }
                if self.is_last_administrator(entity) {
                    violations.push(invalid(Reason::KeepOneAdministrator));
                }
            }
        }
        if !matches!(change, StaffChange::Added { .. }) && current.is_none() {
            violations.push(invalid(Reason::NoStaffProfile));
        }
        violations
    }

    fn is_last_administrator(&self, entity: &EntityId) -> bool {
        let administrators: Vec<&EntityId> = self
            .staff
            .iter()
            .filter(|(_, member)| member.administers())
            .map(|(id, _)| id)
            .collect();
        administrators == [entity]
    }

    /// Every rule `change` itself breaks, the actor's profile aside.
    fn change_violations(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Vec<Violation> {
        match change {
            Change::Staff(staff_change) => self.staff_violations(entity, staff_change, actor),
            Change::Device(device_change) => self.device_violations(entity, device_change, actor),
            // The case's own rules are checked by the caller, on the case it found.
            Change::Renovation(change) => {
                let mut violations = Vec::new();
                if let RenovationChange::Opened { unit, .. } = change {
                    let occupied = self
                        .open_renovation_by_unit
                        .get(unit)
                        .and_then(|open| open.iter().find(|id| *id != entity))
                        .and_then(|id| Some((id, self.renovations.get(id)?)));
                    if let Some((id, other)) = occupied {
                        violations.push(Violation::invalid(
                            RuleId::Ren10,
                            Reason::UnitHasOpenCase {
                                case: id.clone(),
                                number: other.number.clone().unwrap_or_default(),
                            },
                        ));
                    }
                }
                violations
            }
            Change::Feedback(_) => Vec::new(),
            Change::Patrol(record) => {
                let mut violations = check_patrol(
                    record,
                    self.renovations.get(&record.case).map(Arc::as_ref),
                    actor.role,
                );
                if self.patrols.contains_key(entity) {
                    violations.push(Violation::invalid(RuleId::X1, Reason::PatrolRecordedOnce));
                }
                violations
            }
            Change::Rectification(change) => {
                let new_ticket = Rectification::default();
                let mut violations = self
                    .rectifications
                    .get(entity)
                    .unwrap_or(&new_ticket)
                    .check(change, actor.role);
                if let RectificationChange::Opened { patrol, item, .. } = change {
                    let failed = self.patrols.get(patrol).is_some_and(|patrol| {
                        patrol
                            .record
                            .violations()
                            .any(|finding| finding.item == *item)
                    });
                    if !failed {
                        violations.push(Violation::invalid(
                            RuleId::Ren33,
                            Reason::NoSuchFailedPatrolItem,
                        ));
                    }
                }
                violations
            }
            Change::ConflictReviewed {
                event, set_aside, ..
            } => {
                let mut violations = Vec::new();
                if !REVIEW_ROLES.contains(&actor.role) {
                    violations.push(Violation::new(
                        RuleId::X2,
                        Problem::WrongRole {
                            allowed: REVIEW_ROLES.to_vec(),
                        },
                    ));
                }
                let open = self
                    .conflicts
                    .iter()
                    .find(|conflict| conflict.event == *event && conflict.resolved_by.is_none());
                // Choosing the held side names the other side of its conflict; once that is
                // set aside (a later round of the fold) the held event may be in effect.
                let settles = match set_aside {
                    None => open.is_some(),
                    Some(other) => {
                        self.skipped.contains(other)
                            || open.is_some_and(|conflict| {
                                conflict.other_side.as_ref() == Some(other)
                                    && matches!(
                                        conflict.kind,
                                        ConflictKind::InvalidInMergedOrder { .. }
                                    )
                            })
                    }
                };
                if !settles {
                    violations.push(Violation::invalid(RuleId::X2, Reason::NoOpenConflict));
                }
                violations
            }
            Change::Policy(_) | Change::Calendar(_) | Change::CalendarYear(_) => {
                let mut violations = Vec::new();
                if !(self.is_administrator(actor) || POLICY_ROLES.contains(&actor.role)) {
                    violations.push(Violation::invalid(
                        RuleId::X2,
                        Reason::OnlyAdministratorOrManagerSetsRules,
                    ));
                }
                violations.extend(rules_violations(change, now));
                violations
            }
        }
    }

    /// Decides a command: the changes to record, or every violation. A forward of
    /// feedback also notifies engineering where FB-25 says so.
    pub fn decide(
        &self,
        entity: &EntityId,
        change: Change,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<Change>, Vec<Violation>> {
        let mut change = change;
        let mut violations = self.check(entity, &change, actor, now);
        violations.extend(self.new_step_violations(entity, &change, actor));
        if let Change::Device(DeviceChange::Enrolled { code, .. }) = &mut change {
            if code.is_none() {
                *code = self.device_code_for(entity);
                if code.is_none() {
                    violations.push(Violation::invalid(RuleId::X1, Reason::NoDeviceCodeLeft));
                }
            }
        }
        if !violations.is_empty() {
            return Err(violations);
        }
        self.draw_numbers(&mut change, actor, now);
        Ok(match change {
            Change::Feedback(FeedbackChange::Forwarded {
                department,
                content,
                demand,
            }) => {
                let class = self.feedback.get(entity).and_then(|case| case.class);
                let notice = self.policy_at(now).engineering_notice;
                FeedbackChange::forward(class, department, (content, demand), notice)
                    .into_iter()
                    .map(Change::Feedback)
                    .collect()
            }
            other => vec![other],
        })
    }

    /// Rules a step taken now must also hold, which stored history is not replayed against
    /// (issue #17): every payer's payment method, a settled balance to close, a deduction's
    /// ticket of the same case, FB-04/05/08, and FB-26's head of the case's own department.
    fn new_step_violations(
        &self,
        entity: &EntityId,
        change: &Change,
        actor: &Actor,
    ) -> Vec<Violation> {
        match change {
            Change::Renovation(change) => {
                let mut violations = self
                    .renovations
                    .get(entity)
                    .map(|case| case.check_new_step(change))
                    .unwrap_or_default();
                // REN-33: a deduction names a rectification ticket of this very case.
                if let RenovationChange::ViolationDeducted { ticket, .. } = change {
                    let of_this_case = self
                        .rectifications
                        .get(ticket)
                        .is_some_and(|found| found.case.as_ref() == Some(entity));
                    if !of_this_case {
                        violations.push(Violation::invalid(
                            RuleId::Ren33,
                            Reason::TicketNotOfThisCase,
                        ));
                    }
                }
                violations
            }
            Change::Feedback(change) => {
                let Some(case) = self.feedback.get(entity) else {
                    return Vec::new();
                };
                let mut violations = case.check_new_step(change);
                let department_step = matches!(
                    change.step(),
                    crate::step::Step::SignHandlingMethod
                        | crate::step::Step::Assign
                        | crate::step::Step::NoteProgress
                        | crate::step::Step::MarkHandled
                );
                let head_department = actor
                    .staff
                    .as_ref()
                    .and_then(|profile| self.staff.get(profile))
                    .and_then(|member| member.department);
                if let (true, Role::DepartmentHead, Some(department)) =
                    (department_step, actor.role, case.department)
                {
                    if actor.staff.is_some() && head_department != Some(department) {
                        violations.push(Violation::invalid(
                            RuleId::Fb26,
                            Reason::NotHeadOfCaseDepartment { department },
                        ));
                    }
                }
                violations
            }
            _ => Vec::new(),
        }
    }

    /// The one-character code of `device`: the one it was enrolled with, else `0`.
    pub fn device_code(&self, device: &DeviceId) -> char {
        self.devices
            .get(&EntityId(device.0.clone()))
            .and_then(|enrolled| enrolled.code.as_deref())
            .and_then(|code| code.chars().next())
            .unwrap_or(LEGACY_CODE)
    }

    /// The code a device enrolled now gets: the one it holds already, else the first free.
    fn device_code_for(&self, device: &EntityId) -> Option<String> {
        self.devices
            .get(device)
            .and_then(|held| held.code.clone())
            .or_else(|| self.free_device_code())
    }

    /// The code `device` carries, or will get when it enrols: what its name shows before then.
    pub fn own_device_code(&self, device: &DeviceId) -> char {
        self.device_code_for(&EntityId(device.0.clone()))
            .and_then(|code| code.chars().next())
            .unwrap_or(LEGACY_CODE)
    }

    /// Devices that hold the same code: they enrolled concurrently on two devices that had not
    /// yet exchanged bundles. The administrator gives one of them a new code.
    pub fn device_code_clashes(&self) -> Vec<(String, Vec<EntityId>)> {
        let mut by_code: BTreeMap<&str, Vec<EntityId>> = BTreeMap::new();
        for (id, device) in &self.devices {
            if let Some(code) = &device.code {
                by_code.entry(code).or_default().push(id.clone());
            }
        }
        by_code
            .into_iter()
            .filter(|(_, devices)| devices.len() > 1)
            .map(|(code, devices)| (code.to_owned(), devices))
            .collect()
    }

    /// The next free device code, for the administrator giving a clashing device a new one.
    pub fn free_device_code(&self) -> Option<String> {
        next_free_code(
            self.devices
                .values()
                .filter_map(|enrolled| enrolled.code.as_deref()),
        )
        .map(String::from)
    }

    /// Numbers the step: a case, a receipt, a refund slip get the next number of the actor's
    /// device code in the office year (issue #17).
    fn draw_numbers(&self, change: &mut Change, actor: &Actor, now: DateTime<Utc>) {
        let year = chrono::Datelike::year(&now.with_timezone(&self.policy_at(now).office_offset()));
        let code = self.device_code(&actor.device);
        let mut numbering = self.numbering.clone();
        let mut draw = |kind: NumberKind| numbering.draw(kind, year, code);
        match change {
            Change::Renovation(change) => change.draw_numbers(&mut draw),
            Change::Feedback(FeedbackChange::Received { number, kind, .. }) => {
                number.get_or_insert_with(|| {
                    draw(match kind {
                        crate::feedback::FeedbackKind::Complaint => NumberKind::Complaint,
                        crate::feedback::FeedbackKind::Suggestion => NumberKind::Suggestion,
                    })
                });
            }
            _ => {}
        }
    }

    /// Folds one event. An event that breaks a rule at its place in the order is kept as a
    /// conflict and not applied; nothing is ever dropped.
    pub fn apply(&mut self, event: &Event) {
        if self.skipped.contains(&event.id) {
            return;
        }
        let at = event_time(event);
        let folded = match &event.change {
            Change::Renovation(change) => self.fold_renovation(event, change, at),
            Change::Feedback(change) => self.fold_feedback(event, change, at),
            _ => {
                let violations = self.check(&event.entity, &event.change, &event.actor, at);
                if violations.is_empty() {
                    self.fold_beside_cases(event, at);
                    Ok(())
                } else {
                    Err(violations)
                }
            }
        };
        if let Err(violations) = folded {
            let other_side = self.last_applied.get(&event.entity).cloned();
            self.held_events.insert(event.id.clone(), event.clone());
            self.conflicts.push(Conflict {
                entity: event.entity.clone(),
                event: event.id.clone(),
                other_side,
                kind: ConflictKind::InvalidInMergedOrder { violations },
                resolved_by: None,
            });
            return;
        }
        match self.last_applied.get_mut(&event.entity) {
            Some(last) => last.clone_from(&event.id),
            None => {
                self.last_applied
                    .insert(event.entity.clone(), event.id.clone());
            }
        }
    }

    /// Checks and folds a renovation event, searching the case map once (issue #19): the
    /// case's own rules are checked on the case found, which is then changed in place.
    fn fold_renovation(
        &mut self,
        event: &Event,
        change: &RenovationChange,
        at: DateTime<Utc>,
    ) -> Result<(), Vec<Violation>> {
        let beside = self.violations_beside_case(&event.entity, &event.change, &event.actor, at);
        let year = self.office_year(at);
        let policy = self.policies.at(at);
        let found = self.renovations.get_mut(&event.entity);
        let violations = beside.around(renovation_case_violations(
            found.as_deref().map(Arc::as_ref),
            change,
            event.actor.role,
            policy,
        ));
        if !violations.is_empty() {
            return Err(violations);
        }
        let case = Arc::make_mut(match found {
            Some(case) => case,
            None => self.renovations.entry(event.entity.clone()).or_default(),
        });
        if let RenovationChange::FieldSet {
            field, supersedes, ..
        } = change
        {
            let current = case.fields.get(field).map(|value| value.set_by.clone());
            if current.is_some() && current != *supersedes {
                self.conflicts.push(Conflict {
                    entity: event.entity.clone(),
                    event: event.id.clone(),
                    other_side: current,
                    kind: ConflictKind::ConcurrentFieldEdit { field: *field },
                    resolved_by: None,
                });
            } else if let Some(current) = current {
                // An edit made with the current value in view settles earlier clashes.
                for conflict in &mut self.conflicts {
                    let same_field =
                        conflict.kind == ConflictKind::ConcurrentFieldEdit { field: *field };
                    let involves =
                        conflict.event == current || conflict.other_side.as_ref() == Some(&current);
                    if conflict.entity == event.entity
                        && same_field
                        && involves
                        && conflict.resolved_by.is_none()
                    {
                        conflict.resolved_by = Some(event.id.clone());
                    }
                }
            }
        }
        for number in change.numbers() {
            self.numbering.observe(number);
        }
        let numbering = &mut self.numbering;
        let was_open = case.status.is_open();
        case.apply(
            &event.id,
            &event.entity,
            (at, &event.actor.name),
            change,
            &mut |kind| numbering.draw(kind, year, LEGACY_CODE),
        );
        // A unit is set only when a case opens, so only a change of openness moves it.
        match (&case.unit, was_open, case.status.is_open()) {
            (Some(unit), false, true) => {
                self.open_renovation_by_unit
                    .entry(unit.clone())
                    .or_default()
                    .insert(event.entity.clone());
            }
            (Some(unit), true, false) => {
                if let Some(open_here) = self.open_renovation_by_unit.get_mut(unit) {
                    open_here.remove(&event.entity);
                    // Most units have no open case: kept, their empty sets were half the
                    // cost of copying a 10k-case desk for a merge (issue #19).
                    if open_here.is_empty() {
                        self.open_renovation_by_unit.remove(unit);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks and folds a complaint or suggestion event, searching the case map once.
    fn fold_feedback(
        &mut self,
        event: &Event,
        change: &FeedbackChange,
        at: DateTime<Utc>,
    ) -> Result<(), Vec<Violation>> {
        let beside = self.violations_beside_case(&event.entity, &event.change, &event.actor, at);
        let year = self.office_year(at);
        let found = self.feedback.get_mut(&event.entity);
        let violations = beside.around(feedback_case_violations(
            found.as_deref().map(Arc::as_ref),
            change,
            event.actor.role,
            at,
        ));
        if !violations.is_empty() {
            return Err(violations);
        }
        if let FeedbackChange::Received {
            number: Some(number),
            ..
        } = change
        {
            self.numbering.observe(number);
        }
        let numbering = &mut self.numbering;
        let case = Arc::make_mut(match found {
            Some(case) => case,
            None => self.feedback.entry(event.entity.clone()).or_default(),
        });
        case.apply(&event.entity, at, change, &mut |kind| {
            numbering.draw(kind, year, LEGACY_CODE)
        });
        Ok(())
    }

    /// Folds an event that is neither a renovation's nor a complaint's, once checked.
    fn fold_beside_cases(&mut self, event: &Event, at: DateTime<Utc>) {
        match &event.change {
            // Folded on the case found by fold_renovation and fold_feedback.
            Change::Renovation(_) | Change::Feedback(_) => {}
            Change::Patrol(record) => {
                let patrol = Patrol {
                    record: record.clone(),
                    at,
                    inspector: event.actor.name.clone(),
                };
                self.patrols.insert(event.entity.clone(), patrol);
            }
            Change::Rectification(change) => {
                self.rectifications
                    .entry(event.entity.clone())
                    .or_default()
                    .apply(&event.entity, at, change);
            }
            Change::ConflictReviewed {
                event: held,
                set_aside,
                ..
            } => {
                for conflict in &mut self.conflicts {
                    if conflict.event == *held && conflict.resolved_by.is_none() {
                        conflict.resolved_by = Some(event.id.clone());
                    }
                }
                if let Some(set_aside) = set_aside {
                    self.set_aside.insert(set_aside.clone(), event.id.clone());
                }
            }
            Change::Policy(change) => self.policies.record(PolicyPeriod {
                effective_from: change.effective_from.unwrap_or(at).max(at),
                policy: change.policy.clone(),
                set_by: Some(event.id.clone()),
                set_at: Some(at),
                set_by_name: event.actor.name.clone(),
            }),
            Change::Calendar(rule) => self.calendar.apply(rule),
            Change::CalendarYear(year) => self.calendar.apply_year(year),
            Change::Staff(change) => {
                if let Some(member) = StaffMember::after(self.staff.get(&event.entity), change) {
                    self.staff.insert(event.entity.clone(), member);
                }
                if matches!(change, StaffChange::Added { .. }) {
                    self.staffed_devices.insert(event.actor.device.clone());
                }
            }
            Change::Device(change) => {
                if let Some(device) = EnrolledDevice::after(self.devices.get(&event.entity), change)
                {
                    self.devices.insert(event.entity.clone(), device);
                }
            }
        }
    }

    /// The office's calendar year at `at`: numbers count within it.
    fn office_year(&self, at: DateTime<Utc>) -> i32 {
        chrono::Datelike::year(&at.with_timezone(&self.policy_at(at).office_offset()))
    }

    /// The renovation or feedback case numbered `number` (as people say it), for a search or
    /// a scanned QR code.
    pub fn case_by_number(&self, number: &str) -> Option<&EntityId> {
        let number = number.trim();
        self.renovations
            .iter()
            .find(|(_, case)| case.number.as_deref() == Some(number))
            .map(|(id, _)| id)
            .or_else(|| {
                self.feedback
                    .iter()
                    .find(|(_, case)| case.number.as_deref() == Some(number))
                    .map(|(id, _)| id)
            })
    }

    /// The rectification tickets a recorded patrol's violations call for (REN-33), to be
    /// opened each under a fresh id.
    pub fn rectifications_for(&self, patrol: &EntityId) -> Vec<RectificationChange> {
        let Some(recorded) = self.patrols.get(patrol) else {
            return Vec::new();
        };
        recorded
            .record
            .violations()
            .map(|finding| {
                Rectification::open(
                    &recorded.record.case,
                    patrol,
                    finding,
                    recorded.at,
                    self.rules(),
                )
            })
            .collect()
    }

    /// The patrols of a renovation case, oldest first.
    pub fn patrols_of<'a>(
        &'a self,
        case: &'a EntityId,
    ) -> impl Iterator<Item = (&'a EntityId, &'a Patrol)> + 'a {
        let mut patrols: Vec<_> = self
            .patrols
            .iter()
            .filter(|(_, patrol)| patrol.record.case == *case)
            .collect();
        crate::sorting::sort_by_key(&mut patrols, |(id, patrol)| (patrol.at, (*id).clone()));
        patrols.into_iter()
    }

    /// The conflicts on `entity` nobody has settled yet.
    pub fn open_conflicts_of<'a>(
        &'a self,
        entity: &'a EntityId,
    ) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.open_conflicts()
            .filter(move |conflict| conflict.entity == *entity)
    }

    /// The conflicts nobody has settled yet.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts
            .iter()
            .filter(|conflict| conflict.resolved_by.is_none())
    }

    /// Every open deadline at `now`, overdue first.
    pub fn deadlines(&self, now: DateTime<Utc>) -> Vec<Deadline> {
        let mut deadlines: Vec<Deadline> = self
            .renovations
            .values()
            .flat_map(|case| case.deadlines(now, self.rules()))
            .chain(
                self.feedback
                    .values()
                    .flat_map(|case| case.deadlines(now, self.rules())),
            )
            // Issue #22: an open rectification's deadline belongs on the 工作台 too; without
            // it an overdue 整改单 reached nobody.
            .chain(
                self.rectifications
                    .values()
                    .flat_map(|ticket| ticket.deadlines(now, self.rules())),
            )
            .collect();
        overdue_first(&mut deadlines);
        deadlines
    }
}
