//! Route `/`, the home page: what the signed-in role answers for, overdue first, then due
//! today, then due this week, across renovations, feedback, tickets, patrols and refunds; each
//! line with the rule behind it and the time left; and the counts per status.

use chrono::Utc;
use estate_core::dashboard::department_agenda;
use estate_core::deadline::{Deadline, DeadlineKind};
use estate_core::{Desk, EntityId};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::components::staff_gate::signed_in_administrator;
use crate::device_settings::DeviceSettings;
use crate::i18n::renovation::{deadline_label, time_left_text};
use crate::i18n::{feedback_status_text, fill, I18n, Text};
use crate::routes::Route;
use crate::services::Services;

/// One agenda line: the deadline, the unit it concerns and where to act on it.
#[derive(Debug, Clone, PartialEq)]
struct AgendaLine {
    deadline: Deadline,
    unit: String,
    href: String,
}

/// The unit and the page of the entity a deadline belongs to.
fn place_of(desk: &Desk, deadline: &Deadline, root: &AppRoot) -> (String, String) {
    let id = EntityId(deadline.entity_id.clone());
    if deadline.kind == DeadlineKind::ScheduledPatrol {
        let unit = desk.renovations.get(&id).and_then(|case| case.unit.clone());
        return (
            unit.map(|u| u.to_string()).unwrap_or_default(),
            Route::Patrol(id.clone()).href(root),
        );
    }
    if let Some(case) = desk.renovations.get(&id) {
        let unit = case
            .unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        return (unit, Route::Renovation(id.clone()).href(root));
    }
    if let Some(case) = desk.feedback.get(&id) {
        let unit = case
            .unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        return (unit, Route::FeedbackCase(id.clone()).href(root));
    }
    if let Some(ticket) = desk.rectifications.get(&id) {
        if let Some(case) = ticket.case.as_ref() {
            let unit = desk
                .renovations
                .get(case)
                .and_then(|renovation| renovation.unit.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default();
            return (unit, Route::Renovation(case.clone()).href(root));
        }
    }
    (String::new(), Route::Tickets.href(root))
}

/// Route `/`: the signed-in role's agenda, overdue first.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let root = AppRoot::expect();
    let board = Memo::new(move |_| {
        services.version();
        let profile = settings.profile()?;
        let role = profile.role;
        let root = root.clone();
        Some(services.desk().with_desk(|desk| {
            // A department head sees their department's work orders, and engineering also the
            // class-2 cases it was notified of (FB-25).
            let agenda = department_agenda(desk, Utc::now(), role, profile.department);
            let awaiting: Vec<(String, String, String)> = agenda
                .awaiting_signature
                .iter()
                .filter_map(|id| {
                    let case = desk.feedback.get(id)?;
                    let unit = case
                        .unit
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let title = format!(
                        "{} · {}",
                        case.number.clone().unwrap_or_default(),
                        case.what
                    );
                    Some((unit, title, Route::FeedbackCase(id.clone()).href(&root)))
                })
                .collect();
            let lines = |deadlines: &[Deadline]| {
                deadlines
                    .iter()
                    .map(|deadline| {
                        let (unit, href) = place_of(desk, deadline, &root);
                        AgendaLine {
                            deadline: deadline.clone(),
                            unit,
                            href,
                        }
                    })
                    .collect::<Vec<_>>()
            };
            (
                [
                    (Text::OverdueTitle, "overdue", lines(&agenda.overdue)),
                    (Text::DueTodayTitle, "today", lines(&agenda.today)),
                    (Text::DueThisWeekTitle, "week", lines(&agenda.this_week)),
                ],
                agenda.renovation_counts,
                agenda.feedback_counts,
                awaiting,
            )
        }))
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavDashboard)}</h1>
            <CalendarReminder />
            {move || board.get().map(|(buckets, renovations, feedback, awaiting)| view! {
                {(!awaiting.is_empty()).then(|| view! {
                    <section class="case-section agenda" aria-labelledby="agenda-awaiting">
                        <h2 id="agenda-awaiting">{i18n.t(Text::AwaitingSignatureTitle)} " · " {awaiting.len()}</h2>
                        <ul class="records">
                            {awaiting.into_iter().map(|(unit, title, href)| view! {
                                <li class="record">
                                    <A href=href attr:class="record__link">
                                        <span class="record__unit">{unit}</span>
                                        <span class="record__title">{title}</span>
                                    </A>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {buckets.into_iter().map(|(title, key, lines)| {
                    let heading = format!("agenda-{key}");
                    view! {
                        <section class="case-section agenda" aria-labelledby=heading.clone()>
                            <h2 id=heading.clone()>{i18n.t(title)} " · " {lines.len()}</h2>
                            {if lines.is_empty() {
                                view! { <p class="hint">{i18n.t(Text::NothingDue)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="records">
                                        {lines.into_iter().map(|line| {
                                            let overdue = line.deadline.status == estate_core::deadline::DeadlineStatus::Overdue;
                                            view! {
                                                <li class="record" class:record--overdue=overdue>
                                                    <A href=line.href.clone() attr:class="record__link">
                                                        <span class="record__unit">{line.unit.clone()}</span>
                                                        <span class="record__title">{deadline_label(&line.deadline, i18n.lang())}</span>
                                                        <span class=if overdue { "clock clock--overdue" } else { "clock" }>
                                                            {time_left_text(line.deadline.time_left(Utc::now()), i18n.lang())}
                                                        </span>
                                                    </A>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }
                }).collect_view()}
                <section class="case-section" aria-labelledby="counts-title">
                    <h2 id="counts-title">{i18n.t(Text::CountsTitle)}</h2>
                    <dl class="facts counts">
                        {renovations.into_iter().map(|(status, count)| {
                            let label = crate::i18n::renovation::STATUSES
                                .into_iter()
                                .find(|s| s.name() == status)
                                .map(|s| i18n.t(crate::i18n::renovation::status_text(s)))
                                .unwrap_or(status);
                            view! { <dt>{format!("{} · {label}", i18n.t(Text::KindRenovation))}</dt><dd>{count}</dd> }
                        }).collect_view()}
                        {feedback.into_iter().map(|(status, count)| {
                            let label = feedback_status_text(status).map_or(status, |text| i18n.t(text));
                            view! { <dt>{format!("{} · {label}", i18n.t(Text::KindFeedback))}</dt><dd>{count}</dd> }
                        }).collect_view()}
                    </dl>
                </section>
            })}
        </section>
    }
}

/// From 1 December, the administrator is asked for next year's holidays (or for this year's,
/// when they are missing), with the way to the calendar: deadlines counted into a year without
/// them go by weekends alone.
#[component]
fn CalendarReminder() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let root = AppRoot::expect();
    let administers = signed_in_administrator(services, settings);
    let year = Memo::new(move |_| {
        services.version();
        let today = Utc::now().date_naive();
        services
            .desk()
            .with_desk(|desk| desk.calendar.year_to_enter(today))
    });
    move || {
        let year = year.get().filter(|_| administers())?;
        let href = Route::Calendar(Some(year)).href(&root);
        Some(view! {
            <div class="banner" role="note" aria-label=move || i18n.t(Text::NavCalendar)>
                <p>{fill(i18n.t(Text::EnterNextYearBanner), &[("year", &year)])}</p>
                <A href=href attr:class="button button--primary">{i18n.t(Text::OpenCalendar)}</A>
            </div>
        })
    }
}
