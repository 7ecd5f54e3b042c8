//! Route `/tickets`: all the work the office owes as one list (department work orders FB-26,
//! rectifications REN-33, follow-up visits FB-10, deposit refunds REN-41), overdue first, with
//! each ticket's deadline and the page where it is signed off.

use chrono::Utc;
use estate_core::feedback::FeedbackChange;
use estate_core::patrol::{ChecklistItem, RectificationChange};
use estate_core::step::Step;
use estate_core::ticket::{open_tickets, Ticket, TicketKind};
use estate_core::{Change, Role};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::components::step_button::{StepButton, StepLook};
use crate::device_settings::DeviceSettings;
use crate::i18n::feedback::{department_text, DEPARTMENTS};
use crate::i18n::patrol::item_label;
use crate::i18n::renovation::{deadline_label, time_left_text};
use crate::i18n::{I18n, Text};
use crate::routes::Route;
use crate::services::Services;
use estate_core::EntityId;

const KINDS: [(TicketKind, &str, Text); 4] = [
    (
        TicketKind::DepartmentWorkOrder,
        "department",
        Text::TicketKindDepartment,
    ),
    (
        TicketKind::Rectification,
        "rectification",
        Text::TicketKindRectification,
    ),
    (
        TicketKind::FollowUpVisit,
        "follow-up",
        Text::TicketKindFollowUp,
    ),
    (TicketKind::DepositRefund, "refund", Text::TicketKindRefund),
];

fn kind_label(kind: TicketKind) -> Text {
    KINDS
        .iter()
        .find(|(option, _, _)| *option == kind)
        .map_or(Text::TicketKindDepartment, |(_, _, text)| *text)
}

/// Route `/tickets`: the work owed by each department, overdue first.
#[component]
pub fn TicketsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let kind = RwSignal::new(None::<TicketKind>);
    // A department head sees their department's tickets first; the filter can widen it.
    let department = RwSignal::new(
        settings
            .profile_untracked()
            .filter(|profile| profile.role == Role::DepartmentHead)
            .and_then(|profile| profile.department),
    );
    let tickets = Memo::new(move |_| {
        services.version();
        let desk = services.desk();
        desk.with_desk(|desk| {
            open_tickets(desk, Utc::now())
                .into_iter()
                .map(|ticket| {
                    // A rectification is signed off on its renovation case.
                    let page = desk
                        .rectifications
                        .get(&ticket.entity)
                        .and_then(|r| r.case.clone())
                        .unwrap_or_else(|| ticket.entity.clone());
                    (ticket, page)
                })
                .collect::<Vec<_>>()
        })
    });
    let shown = move || {
        tickets
            .get()
            .into_iter()
            .filter(|(ticket, _)| kind.get().is_none_or(|k| ticket.kind == k))
            .filter(|(ticket, _)| department.get().is_none_or(|d| ticket.concerns(d)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavTickets)}</h1>
            <div class="filter-bar" role="search">
                <div class="field">
                    <label for="ticket-kind">{move || i18n.t(Text::KindFilter)}</label>
                    <select id="ticket-kind" on:change=move |event| {
                        let value = event_target_value(&event);
                        kind.set(KINDS.iter().find(|(_, wire, _)| *wire == value).map(|(k, _, _)| *k));
                    }>
                        <option value="">{move || i18n.t(Text::AllTicketKinds)}</option>
                        {KINDS.into_iter().map(|(_, wire, label)| view! { <option value=wire>{move || i18n.t(label)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ticket-department">{move || i18n.t(Text::DepartmentLabel)}</label>
                    <select id="ticket-department" on:change=move |event| {
                        let value = event_target_value(&event);
                        department.set(DEPARTMENTS.iter().find(|(_, wire, _)| *wire == value).map(|(d, _, _)| *d));
                    }>
                        <option value="" selected=move || department.get().is_none()>{move || i18n.t(Text::AllDepartments)}</option>
                        {DEPARTMENTS.into_iter().map(|(option, wire, label)| view! { <option value=wire selected=move || department.get() == Some(option)>{move || i18n.t(label)}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            {move || {
                let list = shown();
                if list.is_empty() {
                    return view! { <p>{i18n.t(Text::NoTickets)}</p> }.into_any();
                }
                view! {
                    <ul class="records" aria-label=i18n.t(Text::TicketListLabel)>
                        {list.into_iter().map(|(ticket, page)| view! { <TicketLine ticket=ticket page=page.0 /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// What the signed-in role may do on a ticket right here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct TicketSteps {
    assign: bool,
    progress: bool,
    close: bool,
}

fn steps_for(desk: &estate_core::Desk, ticket: &Ticket, role: Role) -> TicketSteps {
    let steps = match ticket.kind {
        TicketKind::DepartmentWorkOrder => desk
            .feedback
            .get(&ticket.entity)
            .map(|case| case.open_steps(role)),
        TicketKind::Rectification => desk
            .rectifications
            .get(&ticket.entity)
            .map(|rectification| rectification.open_steps(role)),
        TicketKind::FollowUpVisit | TicketKind::DepositRefund => None,
    }
    .unwrap_or_default();
    TicketSteps {
        assign: steps.contains(&Step::Assign),
        progress: steps.contains(&Step::NoteProgress),
        close: steps.contains(&Step::MarkHandled) || steps.contains(&Step::VerifyRectification),
    }
}

/// One ticket with its due time and the steps the role can take on it.
#[component]
fn TicketLine(ticket: Ticket, page: String) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let steps = settings
        .profile_untracked()
        .map(|profile| {
            services
                .desk()
                .with_desk(|desk| steps_for(desk, &ticket, profile.role))
        })
        .unwrap_or_default();
    let href = match ticket.kind {
        TicketKind::DepartmentWorkOrder | TicketKind::FollowUpVisit => {
            Route::FeedbackCase(EntityId(page.clone())).href(&root)
        }
        TicketKind::Rectification | TicketKind::DepositRefund => {
            Route::Renovation(EntityId(page.clone())).href(&root)
        }
    };
    let overdue = ticket
        .deadline
        .as_ref()
        .is_some_and(|d| d.status == estate_core::deadline::DeadlineStatus::Overdue);
    let [assignee, progress, result] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let entity = StoredValue::new(ticket.entity.clone());
    let is_work_order = ticket.kind == TicketKind::DepartmentWorkOrder;
    let step = move |change: Change| Ok((entity.get_value(), vec![change]));
    let assign = move |_| {
        let to = assignee.get_untracked().trim().to_owned();
        step(if is_work_order {
            Change::Feedback(FeedbackChange::Assigned { to })
        } else {
            Change::Rectification(RectificationChange::Assigned { to })
        })
    };
    let note = move |_| {
        step(Change::Feedback(FeedbackChange::ProgressNoted {
            note: progress.get_untracked().trim().to_owned(),
        }))
    };
    let close = move |_| {
        step(if is_work_order {
            Change::Feedback(FeedbackChange::Handled {
                result: result.get_untracked().trim().to_owned(),
            })
        } else {
            Change::Rectification(RectificationChange::Verified {
                fixed: true,
                note: String::new(),
            })
        })
    };
    let field_id = |what: &str| format!("ticket-{what}-{}", ticket.entity.0);
    let (assign_id, progress_id, result_id) = (
        field_id("assignee"),
        field_id("progress"),
        field_id("result"),
    );
    view! {
        <li class="record ticket-line" class:record--overdue=overdue>
            <A href=href attr:class="record__link">
                <span class="record__unit">{ticket.unit.as_ref().map(ToString::to_string).unwrap_or_default()}</span>
                <span class="record__title">{move || i18n.t(kind_label(ticket.kind))}</span>
                <span class="record__status">{move || ticket.department.map(|d| i18n.t(department_text(d))).unwrap_or_default()}</span>
                <span class="record__what">{move || problem_text(&ticket.item, &ticket.what, i18n)}</span>
                {ticket.deadline.clone().map(|deadline| view! {
                    <span class=if overdue { "clock clock--overdue" } else { "clock" }>
                        {move || format!("{} · {}", deadline_label(&deadline, i18n.lang()), time_left_text(deadline.time_left(Utc::now()), i18n.lang()))}
                    </span>
                })}
                {ticket.assignee.clone().map(|who| view! {
                    <span class="assignee">{move || format!("{}: {who}", i18n.t(Text::AssigneeLabel))}</span>
                })}
            </A>
            {steps.assign.then(|| view! {
                <div class="inline-step">
                    <label for=assign_id.clone()>{move || i18n.t(Text::AssignTo)}</label>
                    <input id=assign_id.clone() type="text" bind:value=assignee />
                    <StepButton label=Text::AssignButton command=assign />
                </div>
            })}
            {steps.progress.then(|| view! {
                <div class="inline-step">
                    <label for=progress_id.clone()>{move || i18n.t(Text::ProgressLabel)}</label>
                    <input id=progress_id.clone() type="text" bind:value=progress />
                    <StepButton label=Text::RecordProgress command=note />
                </div>
            })}
            {steps.close.then(|| view! {
                <div class="inline-step">
                    {is_work_order.then(|| view! {
                        <label for=result_id.clone()>{move || i18n.t(Text::ResultLabel)}</label>
                        <input id=result_id.clone() type="text" bind:value=result />
                    })}
                    <StepButton
                        label=if is_work_order { Text::MarkHandled } else { Text::CloseRectification }
                        look=StepLook::Primary
                        command=close
                    />
                </div>
            })}
        </li>
    }
}

/// What is wrong, as a row says it: the failed item and the note, or the words recorded.
fn problem_text(item: &Option<ChecklistItem>, what: &str, i18n: I18n) -> String {
    match (item, what.trim()) {
        (Some(item), "") => i18n.t(item_label(*item)).to_owned(),
        (Some(item), note) => format!("{}：{note}", i18n.t(item_label(*item))),
        (None, what) => what.to_owned(),
    }
}
