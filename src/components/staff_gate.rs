//! Who may use the app now (issue #11). A device with no staff profile is set up by its first
//! person, who becomes the office administrator; otherwise someone signs in with their PIN.
//! After the policy's idle time, or on "switch user", the lock screen asks for a PIN again.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::Utc;
use estate_core::staff::StaffMember;
use estate_core::EntityId;
use leptos::prelude::*;

use crate::commands::Recorder;
use crate::components::join_office::JoinOffice;
use crate::components::language_field::LanguageField;
use crate::components::staff_form::{
    new_staff, StaffDraft, StaffFields, StaffLabels, StaffOutcome, StaffOutcomeView, StaffSaveError,
};
use crate::device_key::DeviceKey;
use crate::device_settings::{
    last_signed_in, load_last_active_ms, store_last_active_ms, DeviceProfile, DeviceSettings,
};
use crate::i18n::renovation::office_clock_time;
use crate::i18n::{I18n, Text};
use crate::pin::{check_pin, PinCheck};
use crate::services::Services;
use crate::session::{open_session, renew_session, restored_session, session_active_ms};
use crate::sync::device_name;
use estate_core::device::DeviceChange;
use estate_core::Change;

/// What the gate shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GateState {
    /// No staff profile on this device yet.
    FirstSetup,
    /// Checking whether this tab's session still proves someone (a moment after a reload).
    Restoring,
    /// Nobody is signed in, or the lock screen is up.
    SignIn,
    /// The signed-in person uses the app.
    Open,
}

/// The staff profiles as the desk holds them now.
pub fn staff_memo(services: Services) -> Memo<BTreeMap<EntityId, StaffMember>> {
    Memo::new(move |_| {
        services.version();
        services.desk().with_desk(|desk| desk.staff.clone())
    })
}

/// The signed-in person's current profile, tracked: the one lookup behind the gate, the roles
/// Settings offers, and what only an administrator sees.
pub fn signed_in_member(
    services: Services,
    settings: DeviceSettings,
) -> impl Fn() -> Option<StaffMember> + Copy + 'static {
    move || {
        let id = settings.profile()?.staff?;
        services.version();
        services
            .desk()
            .with_desk(|desk| desk.staff.get(&EntityId(id)).cloned())
            .filter(|member| !member.removed)
    }
}

/// Whether the signed-in person is a current office administrator, tracked: Settings shows
/// the staff list and device enrolment only to them (core refuses anyone else anyway).
pub fn signed_in_administrator(
    services: Services,
    settings: DeviceSettings,
) -> impl Fn() -> bool + Copy + 'static {
    let member = signed_in_member(services, settings);
    move || member().is_some_and(|member| member.administers())
}

/// First setup, sign-in with a PIN, and the lock screen, before any page shows.
#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let staff = staff_memo(services);
    let member = signed_in_member(services, settings);
    let restore = Action::new_local(move |_: &()| restore_session(services, settings));
    restore.dispatch(());
    let state = Memo::new(move |_| {
        if staff.with(BTreeMap::is_empty) {
            return GateState::FirstSetup;
        }
        if restore.value().with(Option::is_none) {
            return GateState::Restoring;
        }
        let signed_in = settings
            .profile()
            .is_some_and(|profile| member().is_some_and(|member| member.may_act_as(profile.role)));
        if signed_in && !settings.is_locked() {
            GateState::Open
        } else {
            GateState::SignIn
        }
    });
    let children = StoredValue::new(children);
    move || match state.get() {
        GateState::FirstSetup => view! { <FirstSetup /> }.into_any(),
        GateState::Restoring => {
            view! { <main id="main" class="main main--setup" aria-busy="true"></main> }.into_any()
        }
        GateState::SignIn => view! { <SignInForm staff=staff /> }.into_any(),
        GateState::Open => view! {
            <IdleLock />
            {children.with_value(|children| children())}
        }
        .into_any(),
    }
}

/// A device with no staff profile: it joins an office that exists (most devices), or it is
/// the first device of a new office (issue #22).
#[component]
fn FirstSetup() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <main id="main" class="main main--setup">
            <h1 id="page-title">{move || i18n.t(Text::DeviceSetupTitle)}</h1>
            <p>{move || i18n.t(Text::FirstSetupIntro)}</p>
            <JoinOffice />
            <OfficeSetupForm />
        </main>
    }
}

/// The first person on this device: their own profile, as office administrator.
#[component]
fn OfficeSetupForm() -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
    let recorder = Recorder::expect();
    let draft = StaffDraft::new(true);
    if let Some(earlier) = settings.profile_untracked() {
        // A device set up before staff profiles existed keeps its person and role.
        draft.name.set(earlier.person_name);
        draft.role.set(earlier.role);
        draft.department.set(earlier.department);
    }
    let services = Services::expect();
    let save = Action::new_local(move |_: &()| async move {
        let staff = new_staff(draft).await?;
        let profile = staff.profile.clone();
        // The device enrols its own signing key with its first profile, so its bundles name it.
        let desk = services.desk();
        let key = DeviceKey::of(&desk)
            .await
            .map_err(|_| StaffSaveError::Unavailable)?;
        let device = desk.device().0.clone();
        let enrolment = Change::Device(DeviceChange::Enrolled {
            name: device_name(
                &profile.person_name,
                desk.with_desk(|state| state.own_device_code(&desk.device())),
            ),
            public_key: key.public_key,
            code: None,
        });
        let recorded = recorder
            .record_batch_as(
                profile.clone(),
                vec![(staff.id, staff.change), (EntityId(device), enrolment)],
            )
            .await;
        if recorded.is_ok() {
            if let Some(id) = &profile.staff {
                let _ = open_session(&desk, id).await;
            }
            let _ = settings.sign_in(profile);
            // Once someone uses this device, ask the browser not to evict its data.
            crate::durability::request_persistence().await;
        }
        Ok(recorded)
    });
    let outcome: Signal<StaffOutcome> = save.value().into();
    let labels = StaffLabels {
        id_prefix: "setup",
        name: Text::PersonName,
        role: Text::RoleLabel,
        department: Text::DepartmentOfUser,
        pin: Text::PinLabel,
        pin_again: Text::PinAgainLabel,
    };
    view! {
        <section class="setup-path" aria-labelledby="new-office-title">
            <form
                class="device-setup"
                novalidate=true
                on:submit=move |event| {
                    event.prevent_default();
                    save.dispatch(());
                }
            >
                <h2 id="new-office-title">{move || i18n.t(Text::NewOfficeTitle)}</h2>
                <p>{move || i18n.t(Text::OfficeSetupIntro)}</p>
                <StaffFields draft=draft labels=labels />
                <LanguageField />
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || i18n.t(Text::SaveDeviceSetup)}
                </button>
                <StaffOutcomeView outcome=outcome saved=Text::DeviceSaved />
            </form>
        </section>
    }
}

/// The profile `member` works under once signed in: their own name and department, and the
/// role they were working in if they still hold it (so someone coming back keeps it).
fn signed_in_profile(settings: DeviceSettings, id: EntityId, member: StaffMember) -> DeviceProfile {
    let role = settings
        .profile_untracked()
        .map(|profile| profile.role)
        .filter(|role| member.may_act_as(*role))
        .unwrap_or(member.roles[0]);
    DeviceProfile {
        person_name: member.name,
        role,
        department: member.department,
        staff: Some(id.0),
    }
}

/// Signs in whoever this tab's session proves, if anyone: a reload keeps the person who
/// gave their PIN in this tab, and nothing stored elsewhere signs anyone in.
async fn restore_session(services: Services, settings: DeviceSettings) {
    let desk = services.desk();
    let idle_ms = desk.with_desk(|desk| i64::from(desk.policy_at(Utc::now()).idle_lock_ms()));
    let Some(id) = restored_session(&desk, idle_ms).await else {
        return;
    };
    let id = EntityId(id);
    let member = desk
        .with_desk(|desk| desk.staff.get(&id).cloned())
        .filter(|member| !member.removed);
    if let Some(member) = member {
        let _ = settings.sign_in(signed_in_profile(settings, id, member));
    }
}

/// Checks a PIN for `id` (its own lockout on this device); on success signs them in.
async fn try_sign_in(
    services: Services,
    settings: DeviceSettings,
    id: EntityId,
    member: StaffMember,
    pin: String,
) -> PinCheck {
    let desk = services.desk();
    let checked = check_pin(&desk, &id.0, &pin, std::slice::from_ref(&member.pin)).await;
    if checked != PinCheck::Accepted {
        return checked;
    }
    let _ = open_session(&desk, &id.0).await;
    // A device that joined an office holds its data too: ask the browser not to evict it.
    crate::durability::request_persistence().await;
    match settings.sign_in(signed_in_profile(settings, id, member)) {
        Ok(()) => PinCheck::Accepted,
        Err(_) => PinCheck::Unavailable,
    }
}

/// Sign in, or unlock: choose a person and give their PIN.
#[component]
fn SignInForm(staff: Memo<BTreeMap<EntityId, StaffMember>>) -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
    let services = Services::expect();
    let people = Memo::new(move |_| {
        staff.with(|staff| {
            staff
                .iter()
                .filter(|(_, member)| !member.removed)
                .map(|(id, member)| (id.clone(), member.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let chosen = RwSignal::new(
        settings
            .profile_untracked()
            .and_then(|profile| profile.staff)
            .or_else(last_signed_in)
            .filter(|id| people.with_untracked(|people| people.iter().any(|(p, _)| p.0 == *id)))
            .or_else(|| people.with_untracked(|people| people.first().map(|(id, _)| id.0.clone())))
            .unwrap_or_default(),
    );
    let pin = RwSignal::new(String::new());
    let attempt = Action::new_local(move |_: &()| {
        let id = EntityId(chosen.get_untracked());
        let member = staff.with_untracked(|staff| staff.get(&id).cloned());
        let typed = pin.get_untracked();
        pin.set(String::new());
        async move { Some(try_sign_in(services, settings, id, member?, typed).await) }
    });
    let locked = settings.is_locked();
    view! {
        <main id="main" class="main main--setup">
            <form
                class="device-setup sign-in"
                novalidate=true
                on:submit=move |event| {
                    event.prevent_default();
                    attempt.dispatch(());
                }
            >
                <h1 id="page-title">
                    {move || i18n.t(if locked { Text::LockedTitle } else { Text::SignInTitle })}
                </h1>
                <p>{move || i18n.t(Text::SignInIntro)}</p>
                <div class="field">
                    <label for="sign-in-person">{move || i18n.t(Text::StaffMemberLabel)}</label>
                    <select id="sign-in-person" on:change=move |event| chosen.set(event_target_value(&event))>
                        <For each=move || people.get() key=|(id, _)| id.clone() let((id, name))>
                            <option value=id.0.clone() selected=move || chosen.get() == id.0>{name}</option>
                        </For>
                    </select>
                </div>
                <div class="field">
                    <label for="sign-in-pin">{move || i18n.t(Text::PinEntryLabel)}</label>
                    <input id="sign-in-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="8" bind:value=pin />
                </div>
                <button type="submit" class="button button--primary" disabled=move || attempt.pending().get()>
                    {move || i18n.t(Text::SignInButton)}
                </button>
                <p class="form-status" role="status">
                    {move || if attempt.pending().get() { i18n.t(Text::CheckingPin) } else { "" }}
                </p>
                {move || {
                    // The last refusal is taken down while a new PIN is checked: it answered
                    // an earlier PIN, and left up it would read as this one's answer.
                    if attempt.pending().get() {
                        return None;
                    }
                    let policy = services.desk().with_desk(|desk| desk.policy_at(Utc::now()).clone());
                    let refusal = match attempt.value().get().flatten()? {
                        PinCheck::Accepted => return None,
                        PinCheck::Wrong { attempts_left } => format!("{}{attempts_left}", i18n.t(Text::WrongPinAttemptsLeft)),
                        PinCheck::LockedUntil(until) => format!("{}{}", i18n.t(Text::ProfileLockedUntil), office_clock_time(until, &policy)),
                        PinCheck::Unavailable => i18n.t(Text::PinHashUnavailable).to_owned(),
                    };
                    Some(view! { <p class="refusal" role="alert">{refusal}</p> })
                }}
            </form>
        </main>
    }
}

/// How much later than the session's last renewal someone must be active before it is
/// signed again: often enough for the idle lock, rarely enough to cost nothing.
const SESSION_RENEW_MS: i64 = 30_000;

/// How often the idle clock is looked at.
const IDLE_CHECK_MS: u64 = 5_000;

/// Locks the device after the policy's idle time without a touch, a click or a key. The last
/// activity is remembered, so a reload after a long pause locks too.
#[component]
fn IdleLock() -> impl IntoView {
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let idle_ms = move || {
        services
            .desk()
            .with_desk(|desk| f64::from(desk.policy_at(Utc::now()).idle_lock_ms()))
    };
    // A plain cell, not an arena value: a timer tick may still run while the gate takes the
    // signed-in view (and this component) down.
    let last_active = Rc::new(Cell::new(
        load_last_active_ms().unwrap_or_else(js_sys::Date::now),
    ));
    let touched = {
        let last_active = Rc::clone(&last_active);
        move || last_active.set(js_sys::Date::now())
    };
    let listeners = [
        window_event_listener(leptos::ev::pointerdown, {
            let touched = touched.clone();
            move |_| touched()
        }),
        window_event_listener(leptos::ev::keydown, move |_| touched()),
    ];
    let check = move || {
        let now = js_sys::Date::now();
        let last = last_active.get();
        if now - last >= idle_ms() {
            settings.lock();
        } else {
            store_last_active_ms(last);
            let renewed = session_active_ms().unwrap_or(i64::MAX);
            if last as i64 - renewed >= SESSION_RENEW_MS {
                let desk = services.desk();
                leptos::task::spawn_local(async move {
                    renew_session(&desk, last as i64).await;
                });
            }
        }
    };
    // At once too (after this render): a reload after a long pause locks straight away.
    queue_microtask(check.clone());
    let interval =
        set_interval_with_handle(check, std::time::Duration::from_millis(IDLE_CHECK_MS)).ok();
    on_cleanup(move || {
        for listener in listeners {
            listener.remove();
        }
        if let Some(interval) = interval {
            interval.clear();
        }
    });
}
