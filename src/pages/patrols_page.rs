//! Route `/patrols`: patrol mode for inspectors on tablets (REN-32..34). Today's route, overdue
//! first; scan a permit's QR code or type a unit to open a patrol; today's summary; and one
//! button to export everything for the front desk. Big targets throughout, for gloves.

use chrono::Utc;
use estate_core::patrol_route::{find_case_by_code, patrol_route, RouteStop};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app_root::AppRoot;
use crate::components::export_panel::ExportPanel;
use crate::components::file_picker::{FilePicker, PickerLook};
use crate::i18n::renovation::{office_time, time_left_text};
use crate::i18n::{I18n, Text};
use crate::routes::Route;
use crate::services::Services;

/// The patrol form of a case.
#[component]
pub fn PatrolsPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page patrol-mode" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavPatrols)}</h1>
            <ScanToOpen />
            <TodaysRoute />
            <TodaysSummary />
            <ExportPanel />
        </section>
    }
}

/// Reads the first QR code in `image` with the browser's BarcodeDetector, where it has one.
async fn read_qr_code(image: web_sys::File) -> Option<String> {
    let window = web_sys::window()?;
    let detector_class = js_sys::Reflect::get(&window, &"BarcodeDetector".into()).ok()?;
    let detector_class: js_sys::Function = detector_class.dyn_into().ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &"formats".into(),
        &js_sys::Array::of1(&"qr_code".into()),
    )
    .ok()?;
    let detector =
        js_sys::Reflect::construct(&detector_class, &js_sys::Array::of1(&options)).ok()?;
    let bitmap = JsFuture::from(window.create_image_bitmap_with_blob(&image).ok()?)
        .await
        .ok()?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let found = detect.call1(&detector, &bitmap).ok()?;
    let codes = JsFuture::from(found.dyn_into::<js_sys::Promise>().ok()?)
        .await
        .ok()?;
    let first = js_sys::Array::from(&codes).get(0);
    js_sys::Reflect::get(&first, &"rawValue".into())
        .ok()?
        .as_string()
}

fn has_barcode_detector() -> bool {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &"BarcodeDetector".into()).ok())
        .is_some_and(|detector| !detector.is_undefined())
}

/// Scan to open: the camera reads the permit's QR code where the browser can; a typed unit or
/// case number always works.
#[component]
fn ScanToOpen() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let not_found = RwSignal::new(false);
    let open = move |typed: String| match services
        .desk()
        .with_desk(|desk| find_case_by_code(desk, &typed))
    {
        Some(case) => {
            not_found.set(false);
            navigate(&Route::Patrol(case).target(), Default::default());
        }
        None => not_found.set(true),
    };
    let open_typed = open.clone();
    let scan = Action::new_local(move |image: &web_sys::File| read_qr_code(image.clone()));
    Effect::new(move |_| {
        if let Some(Some(scanned)) = scan.value().get() {
            open(scanned);
        }
    });
    view! {
        <form
            class="case-section scan"
            aria-labelledby="scan-title"
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                open_typed(code.get_untracked());
            }
        >
            <h2 id="scan-title">{move || i18n.t(Text::ScanTitle)}</h2>
            <div class="field">
                <label for="scan-code">{move || i18n.t(Text::ScanCode)}</label>
                <input id="scan-code" type="text" inputmode="text" autocomplete="off" bind:value=code />
            </div>
            <button type="submit" class="button button--primary">{move || i18n.t(Text::OpenByCode)}</button>
            {has_barcode_detector().then(|| view! {
                <FilePicker
                    id="scan-camera"
                    label=Text::ScanWithCamera
                    accept="image/*"
                    capture="environment"
                    look=PickerLook::Button
                    on_file=move |file| { scan.dispatch(file); }
                />
            })}
            <Show when=move || not_found.get() || matches!(scan.value().get(), Some(None))>
                <p class="refusal" role="alert">
                    {move || i18n.t(if matches!(scan.value().get(), Some(None)) { Text::CameraUnavailable } else { Text::CodeNotFound })}
                </p>
            </Show>
        </form>
    }
}

/// The units to patrol today, overdue first (REN-33).
#[component]
fn TodaysRoute() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let route = Memo::new(move |_| {
        services.version();
        services
            .desk()
            .with_desk(|desk| patrol_route(desk, Utc::now()))
    });
    view! {
        <section class="case-section" aria-labelledby="route-title">
            <h2 id="route-title">{move || i18n.t(Text::PatrolRouteTitle)}</h2>
            {move || {
                let stops = route.get();
                if stops.is_empty() {
                    return view! { <p class="hint">{i18n.t(Text::PatrolRouteEmpty)}</p> }.into_any();
                }
                view! {
                    <ul class="route" aria-label=i18n.t(Text::PatrolRouteTitle)>
                        <For each=move || route.get() key=|stop| (stop.case.clone(), stop.last_patrolled, stop.open_tickets) let:stop>
                            <RouteStopView stop=stop />
                        </For>
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// One unit on today's patrol route.
#[component]
fn RouteStopView(stop: RouteStop) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let services = Services::expect();
    let policy = services
        .desk()
        .with_desk(|desk| desk.policy_at(Utc::now()).clone());
    let last = stop.last_patrolled.map(|at| office_time(at, &policy));
    let due = stop.due.clone();
    let overdue = stop.due.status == estate_core::deadline::DeadlineStatus::Overdue;
    view! {
        <li class="route-stop" class:route-stop--overdue=overdue>
            <A href=Route::Patrol(stop.case.clone()).href(&root) attr:class="route-stop__link">
                <span class="route-stop__unit">{stop.unit.to_string()}</span>
                <span>{stop.contractor.clone()}</span>
                <span class="route-stop__due">
                    {move || time_left_text(due.time_left(Utc::now()), i18n.lang())}
                </span>
                <span class="route-stop__last">
                    {move || match &last {
                        Some(at) => format!("{}: {at}", i18n.t(Text::LastPatrolled)),
                        None => i18n.t(Text::NeverPatrolled).to_owned(),
                    }}
                </span>
                {(stop.open_tickets > 0).then(|| view! {
                    <span class="badge badge--warning">{move || format!("{}: {}", i18n.t(Text::OpenTicketsCount), stop.open_tickets)}</span>
                })}
            </A>
        </li>
    }
}

/// The units visited today, the violations and the photos: what the export will carry.
#[component]
fn TodaysSummary() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let summary = Memo::new(move |_| {
        services.version();
        let now = Utc::now();
        services.desk().with_desk(|desk| {
            let offset = desk.policy_at(Utc::now()).office_offset();
            let today = now.with_timezone(&offset).date_naive();
            let mut units = Vec::new();
            let (mut violations, mut photos) = (0, 0);
            for patrol in desk.patrols.values() {
                if patrol.at.with_timezone(&offset).date_naive() != today {
                    continue;
                }
                if let Some(unit) = desk
                    .renovations
                    .get(&patrol.record.case)
                    .and_then(|case| case.unit.as_ref())
                {
                    units.push(unit.to_string());
                }
                violations += patrol.record.violations().count();
                photos += patrol.record.photos.len();
            }
            estate_core::sorting::sort(&mut units);
            units.dedup();
            (units, violations, photos)
        })
    });
    view! {
        <section class="case-section" aria-labelledby="summary-title">
            <h2 id="summary-title">{move || i18n.t(Text::PatrolSummaryTitle)}</h2>
            {move || {
                let (units, violations, photos) = summary.get();
                if units.is_empty() {
                    return view! { <p class="hint">{i18n.t(Text::NoPatrolsToday)}</p> }.into_any();
                }
                view! {
                    <dl class="facts patrol-summary">
                        <dt>{i18n.t(Text::UnitsVisited)}</dt>
                        <dd data-testid="units-visited">{format!("{} · {}", units.len(), units.join("、"))}</dd>
                        <dt>{i18n.t(Text::ViolationsFound)}</dt>
                        <dd data-testid="violations">{violations}</dd>
                        <dt>{i18n.t(Text::PhotosTaken)}</dt>
                        <dd data-testid="photos-taken">{photos}</dd>
                    </dl>
                }
                .into_any()
            }}
        </section>
    }
}
