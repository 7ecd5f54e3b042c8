//! Route `/tickets`: all the work the office owes as one list (department work orders FB-26,
//! rectifications REN-33, follow-up visits FB-10, deposit refunds REN-41), overdue first, with
//! each ticket's deadline and the page where it is signed off.

use chrono::Utc;
use estate_core::feedback::Department;
use estate_core::ticket::{open_tickets, Ticket, TicketKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::i18n::feedback::{department_text, DEPARTMENTS};
use crate::i18n::renovation::{deadline_kind_text, time_left_text};
use crate::i18n::{I18n, Text};
use crate::pages::feedback_page::feedback_href;
use crate::pages::renovations_page::case_href;
use crate::services::Services;

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

#[component]
pub fn TicketsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let kind = RwSignal::new(None::<TicketKind>);
    let department = RwSignal::new(None::<Department>);
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
            .filter(|(ticket, _)| {
                department
                    .get()
                    .is_none_or(|d| ticket.department == Some(d))
            })
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
                        <option value="">{move || i18n.t(Text::AllDepartments)}</option>
                        {DEPARTMENTS.into_iter().map(|(_, wire, label)| view! { <option value=wire>{move || i18n.t(label)}</option> }).collect_view()}
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

#[component]
fn TicketLine(ticket: Ticket, page: String) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let href = match ticket.kind {
        TicketKind::DepartmentWorkOrder | TicketKind::FollowUpVisit => feedback_href(&root, &page),
        TicketKind::Rectification | TicketKind::DepositRefund => case_href(&root, &page),
    };
    let overdue = ticket
        .deadline
        .as_ref()
        .is_some_and(|d| d.status == estate_core::deadline::DeadlineStatus::Overdue);
    view! {
        <li class="record" class:record--overdue=overdue>
            <A href=href attr:class="record__link">
                <span class="record__unit">{ticket.unit.as_ref().map(ToString::to_string).unwrap_or_default()}</span>
                <span class="record__title">{move || i18n.t(kind_label(ticket.kind))}</span>
                <span class="record__status">{move || ticket.department.map(|d| i18n.t(department_text(d))).unwrap_or_default()}</span>
                {ticket.deadline.clone().map(|deadline| view! {
                    <span class=if overdue { "clock clock--overdue" } else { "clock" }>
                        {move || format!("{} · {} · {}", i18n.t(deadline_kind_text(deadline.kind)), time_left_text(deadline.time_left(Utc::now()), i18n.lang()), deadline.rule.code())}
                    </span>
                })}
            </A>
        </li>
    }
}
