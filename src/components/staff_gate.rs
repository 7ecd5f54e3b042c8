//! Who may use the app now (issue #11). A device with no staff profile is set up by its first
//! person, who becomes the office administrator; otherwise someone signs in with their PIN.
//! After the policy's idle time, or on "switch user", the lock screen asks for a PIN again.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use estate_core::staff::{PinLockout, StaffMember, LOCKOUT_AFTER_FAILURES};
use estate_core::EntityId;
use leptos::prelude::*;

use crate::commands::Recorder;
use crate::components::device_setup_form::LanguageField;
use crate::components::staff_form::{
    new_staff, StaffDraft, StaffFields, StaffLabels, StaffOutcome, StaffOutcomeView, StaffSaveError,
};
use crate::device_key::DeviceKey;
use crate::device_settings::{
    load_last_active_ms, load_lockout, store_last_active_ms, store_lockout, DeviceProfile,
    DeviceSettings,
};
use crate::i18n::{I18n, Text};
use crate::pin::pin_matches;
use crate::services::Services;
use crate::sync::device_name;
use estate_core::device::DeviceChange;
use estate_core::Change;

/// What the gate shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GateState {
    /// No staff profile on this device yet.
    FirstSetup,
    /// Nobody is signed in, or the lock screen is up.
    SignIn,
    /// The signed-in person uses the app.
    Open,
}

/// The staff profiles as the desk holds them now.
fn staff_memo(services: Services) -> Memo<BTreeMap<EntityId, StaffMember>> {
    Memo::new(move |_| {
        services.version();
        services.desk().with_desk(|desk| desk.staff.clone())
    })
}

/// Whether the signed-in person is a current office administrator, tracked: Settings shows
/// the staff list and device enrolment only to them (core refuses anyone else anyway).
pub fn signed_in_administrator(
    services: Services,
    settings: DeviceSettings,
) -> impl Fn() -> bool + Copy + 'static {
    move || {
        settings
            .profile()
            .and_then(|profile| profile.staff)
            .is_some_and(|id| {
                services.version();
                services.desk().with_desk(|desk| {
                    desk.staff
                        .get(&EntityId(id))
                        .is_some_and(StaffMember::administers)
                })
            })
    }
}

#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let staff = staff_memo(services);
    let state = Memo::new(move |_| {
        if staff.with(BTreeMap::is_empty) {
            return GateState::FirstSetup;
        }
        let signed_in = settings
            .profile()
            .and_then(|profile| profile.staff)
            .is_some_and(|id| {
                staff.with(|staff| {
                    staff.get(&EntityId(id)).is_some_and(|member| {
                        settings
                            .profile()
                            .is_some_and(|profile| member.may_act_as(profile.role))
                    })
                })
            });
        if signed_in && !settings.is_locked() {
            GateState::Open
        } else {
            GateState::SignIn
        }
    });
    let children = StoredValue::new(children);
    move || match state.get() {
        GateState::FirstSetup => view! { <OfficeSetupForm /> }.into_any(),
        GateState::SignIn => view! { <SignInForm staff=staff /> }.into_any(),
        GateState::Open => view! {
            <IdleLock />
            {children.with_value(|children| children())}
        }
        .into_any(),
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
        let key = DeviceKey::load_or_create(desk.store())
            .await
            .map_err(|_| StaffSaveError::Unavailable)?;
        let device = desk.device().0.clone();
        let enrolment = Change::Device(DeviceChange::Enrolled {
            name: device_name(&profile.person_name, &device),
            public_key: key.public_key,
        });
        let recorded = recorder
            .record_batch_as(
                profile.clone(),
                vec![(staff.id, staff.change), (EntityId(device), enrolment)],
            )
            .await;
        if recorded.is_ok() {
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
        <main id="main" class="main main--setup">
            <form
                class="device-setup"
                novalidate=true
                on:submit=move |event| {
                    event.prevent_default();
                    save.dispatch(());
                }
            >
                <h1 id="page-title">{move || i18n.t(Text::DeviceSetupTitle)}</h1>
                <p>{move || i18n.t(Text::OfficeSetupIntro)}</p>
                <StaffFields draft=draft labels=labels />
                <LanguageField />
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || i18n.t(Text::SaveDeviceSetup)}
                </button>
                <StaffOutcomeView outcome=outcome saved=Text::DeviceSaved />
            </form>
        </main>
    }
}

/// What a sign-in attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SignInOutcome {
    WrongPin { attempts_left: u32 },
    LockedUntil(i64),
    Unavailable,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A lock's end in the office's local time.
fn local_time(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .map(|at| {
            at.with_timezone(&chrono::Local)
                .format("%H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// Checks a PIN for `id`, counting wrong ones on this device; on success signs them in.
async fn try_sign_in(
    settings: DeviceSettings,
    id: EntityId,
    member: StaffMember,
    pin: String,
) -> Option<SignInOutcome> {
    let lockout = load_lockout(&id.0);
    let now = now_ms();
    if let Some(until) = lockout.locked_until(now) {
        return Some(SignInOutcome::LockedUntil(until));
    }
    match pin_matches(&pin, &member.pin).await {
        Err(_) => Some(SignInOutcome::Unavailable),
        Ok(true) => {
            let _ = store_lockout(&id.0, PinLockout::after_success());
            let earlier = settings.profile_untracked();
            // Someone coming back keeps the role they were working in.
            let role = earlier
                .filter(|profile| profile.staff.as_deref() == Some(id.0.as_str()))
                .map(|profile| profile.role)
                .filter(|role| member.may_act_as(*role))
                .unwrap_or(member.roles[0]);
            let profile = DeviceProfile {
                person_name: member.name,
                role,
                department: member.department,
                staff: Some(id.0),
            };
            settings
                .sign_in(profile)
                .err()
                .map(|_| SignInOutcome::Unavailable)
        }
        Ok(false) => {
            let after = lockout.after_failure(now_ms());
            let _ = store_lockout(&id.0, after);
            Some(match after.locked_until(now_ms()) {
                Some(until) => SignInOutcome::LockedUntil(until),
                None => SignInOutcome::WrongPin {
                    attempts_left: LOCKOUT_AFTER_FAILURES.saturating_sub(after.failures),
                },
            })
        }
    }
}

/// Sign in, or unlock: choose a person and give their PIN.
#[component]
fn SignInForm(staff: Memo<BTreeMap<EntityId, StaffMember>>) -> impl IntoView {
    let i18n = I18n::expect();
    let settings = DeviceSettings::expect();
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
        async move {
            let member = member?;
            try_sign_in(settings, id, member, typed).await
        }
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
                {move || match attempt.value().get().flatten() {
                    Some(SignInOutcome::WrongPin { attempts_left }) => view! {
                        <p class="refusal" role="alert">{i18n.t(Text::WrongPinAttemptsLeft)}{attempts_left}</p>
                    }.into_any(),
                    Some(SignInOutcome::LockedUntil(until)) => view! {
                        <p class="refusal" role="alert">{i18n.t(Text::ProfileLockedUntil)}{local_time(until)}</p>
                    }.into_any(),
                    Some(SignInOutcome::Unavailable) => view! {
                        <p class="refusal" role="alert">{i18n.t(Text::PinHashUnavailable)}</p>
                    }.into_any(),
                    None => ().into_any(),
                }}
            </form>
        </main>
    }
}

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
            .with_desk(|desk| f64::from(desk.policy.idle_lock_minutes) * 60_000.0)
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
