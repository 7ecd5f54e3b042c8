//! Route `/renovations`: every renovation case, most urgent first, with the desk's filter
//! (status, building, contractor, overdue, and a search by unit, name or phone). Only the rows
//! in view are rendered, so thousands of cases stay fast.

use chrono::Utc;
use estate_core::deadline::DeadlineStatus;
use estate_core::renovation::{RenovationCase, RenovationStatus};
use estate_core::renovation_list::{
    filter_choices, renovation_rows, RenovationFilter, RenovationRow,
};
use estate_core::Money;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::components::virtual_rows::visible_range;
use crate::device_settings::DeviceSettings;
use crate::i18n::renovation::{deadline_label, status_text, time_left_text, STATUSES};
use crate::i18n::{I18n, Text};
use crate::routes::Route;
use crate::services::Services;

/// The height of one row in pixels; the stylesheet gives `.virtual-row` the same height.
const ROW_HEIGHT: f64 = 76.0;
/// Rows rendered beyond the viewport on either side.
const OVERSCAN: usize = 6;

/// Route `/renovations`: the renovation cases, filtered, overdue first.
#[component]
pub fn RenovationsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let settings = DeviceSettings::expect();
    let rows = Memo::new(move |_| {
        services.version();
        services
            .desk()
            .with_desk(|desk| renovation_rows(desk, Utc::now()))
    });
    let choices = Memo::new(move |_| rows.with(|rows| filter_choices(rows)));
    let status = RwSignal::new(None::<RenovationStatus>);
    let building = RwSignal::new(String::new());
    let contractor = RwSignal::new(String::new());
    let overdue_only = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let filter = Memo::new(move |_| RenovationFilter {
        status: status.get(),
        building: building.get(),
        contractor: contractor.get(),
        overdue_only: overdue_only.get(),
        search: search.get(),
    });
    let shown = Memo::new(move |_| filter.with(|filter| rows.with(|rows| filter.positions(rows))));

    view! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-heading">
                <h1 id="page-title">{move || i18n.t(Text::NavRenovations)}</h1>
                <Show when=move || settings.profile().is_some_and(|profile| RenovationCase::may_open(profile.role))>
                    <A href=Route::NewRenovation.href(&root) attr:class="button button--primary">
                        {move || i18n.t(Text::NewApplication)}
                    </A>
                </Show>
            </div>
            <div class="filter-bar" role="search">
                <div class="field">
                    <label for="filter-search">{move || i18n.t(Text::SearchCases)}</label>
                    <input id="filter-search" type="search" bind:value=search />
                </div>
                <div class="field">
                    <label for="filter-status">{move || i18n.t(Text::StatusLabel)}</label>
                    <select
                        id="filter-status"
                        on:change=move |event| {
                            let chosen = event_target_value(&event);
                            status.set(STATUSES.into_iter().find(|s| s.name() == chosen));
                        }
                    >
                        <option value="">{move || i18n.t(Text::AllStatuses)}</option>
                        {STATUSES
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option value=option.name()>
                                        {move || i18n.t(status_text(option))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <ChoiceFilter
                    id="filter-building"
                    label=Text::Building
                    everything=Text::AllBuildings
                    options=Signal::derive(move || choices.get().0)
                    chosen=building
                />
                <ChoiceFilter
                    id="filter-contractor"
                    label=Text::ContractorLabel
                    everything=Text::AllContractors
                    options=Signal::derive(move || choices.get().1)
                    chosen=contractor
                />
                <div class="field field--check">
                    <input id="filter-overdue" type="checkbox" bind:checked=overdue_only />
                    <label for="filter-overdue">{move || i18n.t(Text::OverdueOnly)}</label>
                </div>
            </div>
            <p class="hint" role="status">
                {move || {
                    format!(
                        "{}: {} / {}",
                        i18n.t(Text::CasesShown),
                        shown.with(Vec::len),
                        rows.with(Vec::len),
                    )
                }}
            </p>
            {move || {
                if rows.with(Vec::is_empty) {
                    view! { <p>{i18n.t(Text::NoRenovationsYet)}</p> }.into_any()
                } else if shown.with(Vec::is_empty) {
                    view! { <p>{i18n.t(Text::NoMatches)}</p> }.into_any()
                } else {
                    view! { <RenovationRows rows=rows shown=shown /> }.into_any()
                }
            }}
        </section>
    }
}

/// A picker over the values present in the list, with "all" first.
#[component]
fn ChoiceFilter(
    id: &'static str,
    label: Text,
    everything: Text,
    options: Signal<Vec<String>>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |event| chosen.set(event_target_value(&event))>
                <option value="">{move || i18n.t(everything)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The windowed list: a scroll box as tall as every row, with only the visible rows in it.
#[component]
fn RenovationRows(rows: Memo<Vec<RenovationRow>>, shown: Memo<Vec<usize>>) -> impl IntoView {
    let i18n = I18n::expect();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(720.0);
    let list = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        // The box's real height is known once it is in the page.
        if let Some(element) = list.get() {
            viewport.set(f64::from(element.client_height()).max(ROW_HEIGHT));
        }
    });
    let window = Memo::new(move |_| {
        let total = shown.with(Vec::len);
        visible_range(
            scroll_top.get(),
            viewport.get(),
            ROW_HEIGHT,
            total,
            OVERSCAN,
        )
    });
    let visible = move || {
        let range = window.get();
        shown.with(|shown| {
            rows.with(|rows| {
                shown[range]
                    .iter()
                    .map(|&index| rows[index].clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <div
            class="virtual-list"
            node_ref=list
            role="list"
            aria-label=move || i18n.t(Text::RenovationListLabel)
            on:scroll=move |event| {
                let element: web_sys::HtmlElement = event_target(&event);
                scroll_top.set(f64::from(element.scroll_top()));
            }
        >
            <div
                class="virtual-list__spacer"
                style:height=move || format!("{}px", shown.with(Vec::len) as f64 * ROW_HEIGHT)
            >
                <div
                    class="virtual-list__window"
                    style:transform=move || format!("translateY({}px)", window.get().start as f64 * ROW_HEIGHT)
                >
                    <For each=visible key=|row| row.id.clone() let:row>
                        <RenovationRowView row=row />
                    </For>
                </div>
            </div>
        </div>
    }
}

/// One renovation case in the list.
#[component]
fn RenovationRowView(row: RenovationRow) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let href = Route::Renovation(row.id.clone()).href(&root);
    let status = row.status;
    let deadline = row.next_deadline.clone();
    let overdue = deadline
        .as_ref()
        .is_some_and(|deadline| deadline.status == DeadlineStatus::Overdue);
    let (owed, refundable) = (row.owed, row.refundable);
    // FEE-7: a case shows what is still owed if anything is, else what is due back.
    let money = move || {
        if owed > Money::ZERO {
            format!("{} {owed}", i18n.t(Text::Owed))
        } else if refundable > Money::ZERO {
            format!("{} {refundable}", i18n.t(Text::Refundable))
        } else {
            String::new()
        }
    };
    view! {
        <div class="virtual-row" role="listitem">
            <A href=href attr:class="case-row" class:case-row--overdue=overdue>
                <span class="case-row__unit">
                    {row.unit.to_string()}
                    <small class="case-number">{row.number.clone()}</small>
                </span>
                <span class="case-row__who">
                    {row.resident_name.clone()}
                    <small>{row.contractor_name.clone()}</small>
                </span>
                <span class="case-row__status">
                    {move || i18n.t(status_text(status))}
                    <Show when=move || row.needs_review>
                        " "
                        <span class="badge badge--warning">{move || i18n.t(Text::NeedsReview)}</span>
                    </Show>
                </span>
                <span class="case-row__deadline">
                    {move || {
                        deadline
                            .as_ref()
                            .map(|deadline| {
                                format!(
                                    "{} · {}",
                                    deadline_label(deadline, i18n.lang()),
                                    time_left_text(deadline.time_left(Utc::now()), i18n.lang()),
                                )
                            })
                            .unwrap_or_default()
                    }}
                </span>
                <span class="case-row__money">{money}</span>
            </A>
        </div>
    }
}
