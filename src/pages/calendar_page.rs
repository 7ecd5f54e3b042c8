//! Route `/calendar?year=…`: the working-day calendar (REN-31), a year month by month. Days off
//! and make-up working days show with the holiday's name; an administrator or the CS manager
//! marks a day, undoes a mark, confirms that a year's official holidays are all entered, and
//! imports or exports a calendar file. Every change is an event, so devices agree.

use chrono::{Datelike, NaiveDate, Utc, Weekday};
use estate_core::calendar::{Day, DayKind, DayRule, DaySource, YearEntered};
use estate_core::calendar_file::{calendar_file, read_calendar_file, CalendarImport};
use estate_core::{Change, EntityId, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::components::file_picker::FilePicker;
use crate::components::staff_gate::signed_in_administrator;
use crate::components::step_button::{StepButton, StepLook};
use crate::device_settings::DeviceSettings;
use crate::download::{download, file_text};
use crate::i18n::policy::calendar_problem_text;
use crate::i18n::{fill, I18n, Text};
use crate::routes::Route;
use crate::services::Services;

/// The entity every calendar change is recorded on.
const CALENDAR_ENTITY: &str = "calendar";

/// The calendar of one year.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let administers = signed_in_administrator(services, settings);
    let may_edit = Signal::derive(move || {
        administers()
            || settings
                .profile()
                .is_some_and(|p| p.role == Role::CsManager)
    });
    let year = Memo::new(move |_| {
        query
            .with(|query| query.get("year"))
            .and_then(|year| year.parse::<i32>().ok())
            .unwrap_or_else(|| {
                let today = Utc::now().date_naive();
                services
                    .desk()
                    .with_desk(|desk| desk.calendar.year_to_enter(today).unwrap_or(today.year()))
            })
    });
    let held = Memo::new(move |_| {
        services.version();
        let year = year.get();
        services
            .desk()
            .with_desk(|desk| desk.calendar.has_year(year))
    });
    let selected = RwSignal::new(None::<NaiveDate>);
    let status = move || {
        let template = if held.get() {
            Text::YearHeld
        } else {
            Text::YearMissing
        };
        fill(i18n.t(template), &[("year", &year.get())])
    };
    let confirm_year = move |_| {
        Ok((
            EntityId(CALENDAR_ENTITY.into()),
            vec![Change::CalendarYear(YearEntered {
                year: year.get_untracked(),
                entered: !held.get_untracked(),
            })],
        ))
    };
    view! {
        <section class="page calendar-page" aria-labelledby="page-title">
            <h1 id="page-title">{move || format!("{} · {}", i18n.t(Text::NavCalendar), year.get())}</h1>
            <p>{move || i18n.t(Text::CalendarIntro)}</p>
            <nav class="year-switch" aria-label=move || i18n.t(Text::CalendarYearLabel)>
                <A href={
                    let root = root.clone();
                    move || Route::Calendar(Some(year.get() - 1)).href(&root)
                } attr:class="button">{move || i18n.t(Text::PreviousYear)}</A>
                <A href=move || Route::Calendar(Some(year.get() + 1)).href(&root) attr:class="button">{move || i18n.t(Text::NextYear)}</A>
            </nav>
            <p class=move || if held.get() { "year-status" } else { "year-status year-status--missing" } role="note">{status}</p>
            <Show when=move || may_edit.get()>
                <StepButton
                    label=Text::MarkYearEntered
                    caption=Signal::derive(move || {
                        let template = if held.get() { Text::WithdrawYearEntered } else { Text::MarkYearEntered };
                        fill(i18n.t(template), &[("year", &year.get())])
                    })
                    command=confirm_year
                />
            </Show>
            <ul class="calendar-legend">
                <li><span class="day-mark day-mark--off">{move || i18n.t(Text::DayOff)}</span>" "{move || i18n.t(Text::LegendHoliday)}</li>
                <li><span class="day-mark day-mark--work">{move || i18n.t(Text::DayMakeUp)}</span>" "{move || i18n.t(Text::LegendMakeUp)}</li>
                <li><span class="day-mark day-mark--weekend">{move || i18n.t(Text::WeekdaySat)}</span>" "{move || i18n.t(Text::LegendWeekend)}</li>
                <li>{move || i18n.t(Text::LegendOfficeMark)}</li>
            </ul>
            <Show when=move || selected.get().is_some()>
                <DayEditor day=selected may_edit=may_edit />
            </Show>
            <div class="calendar-year">
                {move || (1..=12).map(|month| view! { <MonthGrid year=year.get() month=month selected=selected /> }).collect_view()}
            </div>
            <CalendarFiles year=year may_edit=may_edit />
        </section>
    }
}

/// One month as a grid of weeks, Monday first; each day a button that opens its editor.
#[component]
fn MonthGrid(year: i32, month: u32, selected: RwSignal<Option<NaiveDate>>) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return ().into_any();
    };
    let days = Memo::new(move |_| {
        services.version();
        services.desk().with_desk(|desk| {
            first
                .iter_days()
                .take_while(|date| date.month() == month)
                .map(|date| desk.calendar.day(date))
                .collect::<Vec<Day>>()
        })
    });
    let blanks = first.weekday().num_days_from_monday() as usize;
    let weekdays = [
        Text::WeekdayMon,
        Text::WeekdayTue,
        Text::WeekdayWed,
        Text::WeekdayThu,
        Text::WeekdayFri,
        Text::WeekdaySat,
        Text::WeekdaySun,
    ];
    view! {
        <section class="month" aria-label=format!("{year}-{month:02}")>
            <h2>{move || fill(i18n.t(Text::MonthTitle), &[("month", &month)])}</h2>
            <div class="month__grid" role="grid">
                <div role="row" class="month__week month__week--head">
                    {weekdays.into_iter().map(|day| view! { <span role="columnheader">{move || i18n.t(day)}</span> }).collect_view()}
                </div>
                {move || {
                    let mut cells: Vec<Option<Day>> = vec![None; blanks];
                    cells.extend(days.get().into_iter().map(Some));
                    cells
                        .chunks(7)
                        .map(|week| {
                            let week = week.to_vec();
                            view! {
                                <div role="row" class="month__week">
                                    {week.into_iter().map(|cell| match cell {
                                        None => view! { <span role="gridcell" class="day day--blank"></span> }.into_any(),
                                        Some(day) => view! { <DayCell day=day selected=selected /> }.into_any(),
                                    }).collect_view()}
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
    .into_any()
}

/// One day: its number, off or on, its holiday's name, and the office's mark.
#[component]
fn DayCell(day: Day, selected: RwSignal<Option<NaiveDate>>) -> impl IntoView {
    let i18n = I18n::expect();
    let date = day.date;
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    let name = day
        .special
        .as_ref()
        .map(|special| special.name.clone())
        .unwrap_or_default();
    let mark = match day.special.as_ref().map(|special| special.kind) {
        Some(DayKind::Holiday) => Some(Text::DayOff),
        Some(DayKind::MakeUpWorkday) => Some(Text::DayMakeUp),
        None => None,
    };
    let class = match (day.special.as_ref().map(|special| special.kind), weekend) {
        (Some(DayKind::Holiday), _) => "day day--off",
        (Some(DayKind::MakeUpWorkday), _) => "day day--work",
        (None, true) => "day day--weekend",
        (None, false) => "day",
    };
    let office = day.source == DaySource::Office;
    let working = day.working;
    let label_name = name.clone();
    let label = move || {
        let meaning = i18n.t(if working {
            Text::DayIsWorking
        } else {
            Text::DayIsOff
        });
        let mut label = format!("{} {meaning}", date.format("%Y-%m-%d"));
        if !label_name.is_empty() {
            label.push(' ');
            label.push_str(&label_name);
        }
        if office {
            label.push_str(&format!(" · {}", i18n.t(Text::DayOfficeMark)));
        }
        label
    };
    view! {
        <button
            type="button"
            role="gridcell"
            class=class
            aria-label=label
            aria-selected=move || (selected.get() == Some(date)).to_string()
            on:click=move |_| selected.set(Some(date))
        >
            <span class="day__number">{date.day()}{office.then_some("★")}</span>
            {mark.map(|mark| view! { <span class="day__mark">{move || i18n.t(mark)}</span> })}
            <span class="day__name">{name}</span>
        </button>
    }
}

/// The chosen day: what it is, and, for those who may, marking it or undoing the mark.
#[component]
fn DayEditor(day: RwSignal<Option<NaiveDate>>, may_edit: Signal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let name = RwSignal::new(String::new());
    let current = Memo::new(move |_| {
        services.version();
        let date = day.get()?;
        Some(services.desk().with_desk(|desk| desk.calendar.day(date)))
    });
    let mark = move |kind: Option<DayKind>| {
        move |_| {
            let date = day.get_untracked().ok_or_else(|| {
                vec![crate::components::command_outcome::FormGap::Missing(
                    Text::DateLabel,
                )]
            })?;
            let typed = name.get_untracked().trim().to_owned();
            let name = (kind.is_some() && !typed.is_empty()).then_some(typed);
            Ok((
                EntityId(CALENDAR_ENTITY.into()),
                vec![Change::Calendar(DayRule { date, kind, name })],
            ))
        }
    };
    let summary = move || {
        current.get().map(|day| {
            let meaning = i18n.t(if day.working {
                Text::DayIsWorking
            } else {
                Text::DayIsOff
            });
            let name = day.special.map(|special| special.name).unwrap_or_default();
            format!("{} · {meaning} {name}", day.date.format("%Y-%m-%d"))
        })
    };
    let office_mark = move || {
        current
            .get()
            .is_some_and(|day| day.source == DaySource::Office)
    };
    view! {
        <section class="case-section day-editor" aria-labelledby="day-editor-title">
            <h2 id="day-editor-title">{move || i18n.t(Text::DayEditorTitle)}</h2>
            <p class="day-editor__day">{summary}</p>
            <Show when=move || may_edit.get()>
                <div class="field">
                    <label for="day-name">{move || i18n.t(Text::HolidayNameLabel)}</label>
                    <input id="day-name" type="text" maxlength="20" bind:value=name />
                </div>
                <div class="choice-row">
                    <StepButton label=Text::MarkHoliday command=mark(Some(DayKind::Holiday)) />
                    <StepButton label=Text::MarkMakeUpWorkday command=mark(Some(DayKind::MakeUpWorkday)) />
                    <Show when=office_mark>
                        <StepButton label=Text::UndoDayMark look=StepLook::Danger command=mark(None) />
                    </Show>
                </div>
            </Show>
        </section>
    }
}

/// Importing a calendar file (checked whole, every problem named, nothing changed while any
/// remains) and exporting the year shown.
#[component]
fn CalendarFiles(year: Memo<i32>, may_edit: Signal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let read = RwSignal::new(None::<Result<CalendarImport, Vec<String>>>);
    let on_file = move |file: web_sys::File| {
        leptos::task::spawn_local(async move {
            let text = file_text(&file).await;
            let lang = i18n.lang();
            read.set(Some(read_calendar_file(&text).map_err(|problems| {
                problems
                    .iter()
                    .map(|problem| calendar_problem_text(problem, lang))
                    .collect()
            })));
        });
    };
    let import = move |_| {
        let changes = read
            .with_untracked(|read| {
                read.as_ref()
                    .and_then(|read| read.as_ref().ok())
                    .map(CalendarImport::changes)
            })
            .unwrap_or_default();
        Ok((EntityId(CALENDAR_ENTITY.into()), changes))
    };
    let export = move |_| {
        let year = year.get_untracked();
        let text = services
            .desk()
            .with_desk(|desk| calendar_file(&desk.calendar, &[year]));
        let name = fill(i18n.t(Text::CalendarFileName), &[("year", &year)]);
        let _ = download(&name, &text, "application/json");
    };
    view! {
        <section class="case-section" aria-labelledby="calendar-files-title">
            <h2 id="calendar-files-title">{move || i18n.t(Text::CalendarFilesTitle)}</h2>
            <button type="button" class="button" on:click=export>
                {move || fill(i18n.t(Text::ExportCalendar), &[("year", &year.get())])}
            </button>
            <Show when=move || may_edit.get()>
                <FilePicker id="calendar-file" label=Text::ImportCalendar accept=".json,application/json" on_file=on_file />
                {move || match read.get() {
                    None => ().into_any(),
                    Some(Err(problems)) => view! {
                        <div class="refusal" role="alert">
                            <p>{i18n.t(Text::CalendarRefused)}</p>
                            <ul>{problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                    Some(Ok(calendar)) => {
                        let years: Vec<String> = calendar.years.iter().map(i32::to_string).collect();
                        view! {
                            <p role="status">{fill(i18n.t(Text::CalendarImportPreview), &[("years", &years.join("、")), ("days", &calendar.days.len())])}</p>
                            <StepButton label=Text::ConfirmCalendarImport look=StepLook::Primary saved=Text::CalendarImported command=import />
                        }.into_any()
                    }
                }}
            </Show>
        </section>
    }
}
