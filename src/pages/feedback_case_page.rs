//! Route `/feedback-case?id=…`: one complaint or suggestion from intake to the follow-up visit
//! (FB-01..26). Customer service owns it until the follow-up is done; each section offers a
//! step only to the roles the manual gives it, in the states where it applies.

use chrono::Utc;
use estate_core::deadline::Deadline;
use estate_core::feedback::{
    ApologyMeans, ComplaintClass, Department, FeedbackCase, FeedbackChange, FeedbackKind,
};
use estate_core::{Change, EntityId, Event, Policy, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::commands::{command_action, Command, CommandResult};
use crate::components::case_history::{CaseTimeline, DeadlineList};
use crate::components::command_outcome::CommandOutcome;
use crate::components::text_field::TextField;
use crate::device_settings::DeviceSettings;
use crate::i18n::feedback::{class_text, department_text, status_text, CLASSES, DEPARTMENTS};
use crate::i18n::renovation::{office_time, parse_office_time};
use crate::i18n::{I18n, Text};
use crate::pages::conflicts_page::ConflictsNotice;
use crate::services::Services;

/// The case as folded now, and who is looking.
#[derive(Debug, Clone, PartialEq)]
struct FeedbackView {
    id: EntityId,
    case: FeedbackCase,
    role: Role,
    person: String,
    policy: Policy,
    deadlines: Vec<Deadline>,
    timeline: Vec<Event>,
}

impl FeedbackView {
    fn offers(&self, change: &FeedbackChange) -> bool {
        self.case.offers(change, self.role, Utc::now())
    }

    fn is_complaint(&self) -> bool {
        self.case.kind == Some(FeedbackKind::Complaint)
    }
}

#[component]
pub fn FeedbackCasePage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let view_of = Memo::new(move |_| {
        services.version();
        let id = EntityId(query.with(|query| query.get("id"))?);
        let profile = settings.profile()?;
        let desk = services.desk();
        let timeline = desk.events_of(&id);
        desk.with_desk(|desk| {
            let case = desk.feedback.get(&id)?.clone();
            let mut deadlines = case.deadlines(Utc::now(), &desk.calendar, &desk.policy);
            estate_core::deadline::overdue_first(&mut deadlines);
            Some(FeedbackView {
                id: id.clone(),
                case,
                role: profile.role,
                person: profile.person_name.clone(),
                policy: desk.policy.clone(),
                deadlines,
                timeline,
            })
        })
    });
    move || {
        match view_of.get() {
        None => view! {
            <section class="page">
                <h1>{i18n.t(Text::FeedbackCaseNotFound)}</h1>
                <A href=root.href("/feedback") attr:class="button">{i18n.t(Text::BackToFeedback)}</A>
            </section>
        }
        .into_any(),
        Some(case) => view! { <FeedbackCaseView case=case /> }.into_any(),
    }
    }
}

/// A step's button with the outcome under it.
fn step_button(
    label: Text,
    action: Action<Command, CommandResult>,
    command: impl Fn() -> Option<Command> + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <button
            type="button"
            class="button button--primary"
            disabled=move || action.pending().get()
            on:click=move |_| {
                if let Some(command) = command() {
                    action.dispatch(command);
                }
            }
        >
            {move || i18n.t(label)}
        </button>
        <CommandOutcome outcome=Signal::derive(move || action.value().get()) saved=Text::Saved />
    }
}

fn feedback(id: &EntityId, change: FeedbackChange) -> Option<Command> {
    Some((id.clone(), vec![Change::Feedback(change)]))
}

#[component]
fn FeedbackCaseView(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let kind = case.case.kind;
    let status = case.case.status;
    let unit = case
        .case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let blank = String::new;
    let sections = [
        case.offers(&FeedbackChange::ReplyGiven {
            explanation: blank(),
        }),
        case.offers(&FeedbackChange::Verified {
            course_of_events: blank(),
        }),
        case.offers(&FeedbackChange::Classified {
            class: ComplaintClass::Service,
            cause: blank(),
        }),
        case.offers(&FeedbackChange::Forwarded {
            department: Department::Engineering,
            content: blank(),
            demand: blank(),
        }),
        case.offers(&FeedbackChange::DepartmentAccepted {
            method: blank(),
            complete_by: Utc::now(),
            signed_by: blank(),
        }) || case.offers(&FeedbackChange::Handled { result: blank() }),
        case.is_complaint() && case.offers(&FeedbackChange::Escalated { to: blank() }),
        !case.is_complaint()
            && case.offers(&FeedbackChange::SuggestionDecided {
                adopted: true,
                owner_informed: true,
                explanation: blank(),
            }),
        case.offers(&FeedbackChange::FollowUpVisited {
            satisfied: true,
            opinion: blank(),
        }) || case.offers(&FeedbackChange::Closed),
    ];
    let [reply, verify, classify, forward, department, serious, suggestion, follow_up] = sections;
    view! {
        <article class="page case-page" aria-labelledby="page-title">
            <A href=root.href("/feedback") attr:class="back-link">{move || i18n.t(Text::BackToFeedback)}</A>
            <h1 id="page-title">
                {move || i18n.t(if kind == Some(FeedbackKind::Suggestion) { Text::KindSuggestion } else { Text::KindComplaint })}
                " · " {unit.clone()} " · "
                <span class="case-status">{move || i18n.t(status_text(status))}</span>
            </h1>
            <ConflictsNotice entity=Some(case.id.clone()) />
            <FeedbackSummary case=case.clone() />
            {reply.then(|| view! { <ReplySection case=case.clone() /> })}
            {verify.then(|| view! { <VerifySection case=case.clone() /> })}
            {classify.then(|| view! { <ClassifySection case=case.clone() /> })}
            {forward.then(|| view! { <ForwardSection case=case.clone() /> })}
            {department.then(|| view! { <DepartmentSection case=case.clone() /> })}
            {serious.then(|| view! { <SeriousSection case=case.clone() /> })}
            {suggestion.then(|| view! { <SuggestionSection case=case.clone() /> })}
            {follow_up.then(|| view! { <FollowUpSection case=case.clone() /> })}
            {(!sections.iter().any(|offered| *offered)).then(|| view! {
                <p class="hint" role="note">{move || i18n.t(Text::NoActions)}</p>
            })}
            <CaseTimeline events=case.timeline.clone() policy=case.policy.clone() />
        </article>
    }
}

#[component]
fn FeedbackSummary(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let policy = case.policy.clone();
    let c = case.case.clone();
    let resident = c
        .resident
        .as_ref()
        .map(|r| format!("{} · {}", r.name, r.phone))
        .unwrap_or_default();
    let mut flags = Vec::new();
    if c.serious {
        flags.push(Text::SeriousFlag);
    }
    if c.escalated_to.is_some() {
        flags.push(Text::EscalatedFlag);
    }
    if c.engineering_notified {
        flags.push(Text::EngineeringNotifiedFlag);
    }
    let ticket = c.department.map(|department| {
        let signed = c
            .signed_by
            .as_ref()
            .map(|(name, at)| format!("{name} · {}", office_time(*at, &policy)))
            .unwrap_or_default();
        let due = c
            .complete_by
            .map(|at| office_time(at, &policy))
            .unwrap_or_default();
        (department, signed, due)
    });
    let deadlines = case.deadlines.clone();
    view! {
        <section class="case-summary" aria-label=move || i18n.t(Text::ResidentLabel)>
            <dl class="facts">
                <dt>{move || i18n.t(Text::ResidentLabel)}</dt>
                <dd class="resident">{resident}</dd>
                <dt>{move || i18n.t(Text::WhatHappened)}</dt>
                <dd>{c.what.clone()}</dd>
                {c.class.map(|class| view! {
                    <dt>{move || i18n.t(Text::ClassLabel)}</dt>
                    <dd class="feedback-class">{move || i18n.t(class_text(class))} " · " {c.cause.clone()}</dd>
                })}
                {ticket.map(|(department, signed, due)| view! {
                    <dt>{move || i18n.t(Text::DepartmentLabel)}</dt>
                    <dd>{move || i18n.t(department_text(department))}</dd>
                    <dt>{move || i18n.t(Text::DepartmentTicketTitle)}</dt>
                    <dd class="department-ticket">{format!("{} · {due} · {signed}", c.method)}</dd>
                })}
            </dl>
            {(!flags.is_empty()).then(|| view! {
                <p class="flags">
                    {flags.into_iter().map(|flag| view! { <span class="badge badge--warning">{move || i18n.t(flag)}</span> " " }).collect_view()}
                </p>
            })}
            <DeadlineList deadlines=deadlines.clone() policy=policy.clone() />
        </section>
    }
}

/// FB-22, FB-03, FB-09: the reply within 24 hours, or an agreed reply time.
#[component]
fn ReplySection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let [explanation, reply_by] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let agreed = RwSignal::new(false);
    let (id, policy) = (case.id.clone(), case.policy.clone());
    let id_for_agreed = id.clone();
    view! {
        <section class="case-section" aria-labelledby="reply-title">
            <h2 id="reply-title">{move || i18n.t(Text::ReplyTitle)}</h2>
            <TextField id="reply-explanation" label=Text::ExplanationLabel value=explanation />
            {step_button(Text::RecordReply, command_action(), move || feedback(&id, FeedbackChange::ReplyGiven { explanation: explanation.get_untracked().trim().to_owned() }))}
            <h3>{move || i18n.t(Text::AgreedReplyTitle)}</h3>
            <div class="field">
                <label for="reply-by">{move || i18n.t(Text::ReplyBy)}</label>
                <input id="reply-by" type="datetime-local" bind:value=reply_by />
            </div>
            <div class="field field--check">
                <input id="reply-agreed" type="checkbox" bind:checked=agreed />
                <label for="reply-agreed">{move || i18n.t(Text::ResidentAgreed)}</label>
            </div>
            {step_button(Text::RecordAgreedReply, command_action(), move || {
                let reply_by = parse_office_time(&reply_by.get_untracked(), &policy)?;
                feedback(&id_for_agreed, FeedbackChange::ReplyTimeAgreed { reply_by, resident_agreed: agreed.get_untracked() })
            })}
        </section>
    }
}

/// FB-08: the course of events, verified at once.
#[component]
fn VerifySection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let course = RwSignal::new(case.case.what.clone());
    let id = case.id.clone();
    view! {
        <section class="case-section" aria-labelledby="verify-title">
            <h2 id="verify-title">{move || i18n.t(Text::VerifyTitle)}</h2>
            <div class="field">
                <label for="verify-course">{move || i18n.t(Text::CourseOfEvents)}</label>
                <textarea id="verify-course" rows="3" bind:value=course></textarea>
            </div>
            {step_button(Text::RecordVerify, command_action(), move || feedback(&id, FeedbackChange::Verified { course_of_events: course.get_untracked().trim().to_owned() }))}
        </section>
    }
}

/// A select over `(value, wire name, label)` options, bound to `chosen`.
fn choice_select<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    label: Text,
    options: &'static [(T, &'static str, Text)],
    chosen: RwSignal<T>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |event| {
                let value = event_target_value(&event);
                if let Some((option, _, _)) = options.iter().find(|(_, wire, _)| *wire == value) {
                    chosen.set(*option);
                }
            }>
                {options.iter().map(|(option, wire, text)| {
                    let (option, text) = (*option, *text);
                    view! { <option value=*wire selected=move || chosen.get() == option>{move || i18n.t(text)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// FB-23: the CS manager's class and cause.
#[component]
fn ClassifySection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let class = RwSignal::new(case.case.class.unwrap_or(ComplaintClass::Service));
    let cause = RwSignal::new(case.case.cause.clone());
    let id = case.id.clone();
    view! {
        <section class="case-section" aria-labelledby="classify-title">
            <h2 id="classify-title">{move || i18n.t(Text::ClassifyTitle)}</h2>
            {choice_select("classify-class", Text::ClassLabel, &CLASSES, class)}
            <TextField id="classify-cause" label=Text::CauseLabel value=cause />
            {step_button(Text::RecordClassify, command_action(), move || feedback(&id, FeedbackChange::Classified { class: class.get_untracked(), cause: cause.get_untracked().trim().to_owned() }))}
        </section>
    }
}

/// FB-24, FB-25: the content and demand, forwarded; class 2 tells engineering at once.
#[component]
fn ForwardSection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let default_department = match case.case.class {
        Some(ComplaintClass::BuildingQuality) => Department::Engineering,
        _ => Department::CustomerService,
    };
    let department = RwSignal::new(default_department);
    let content = RwSignal::new(case.case.what.clone());
    let demand = RwSignal::new(String::new());
    let id = case.id.clone();
    view! {
        <section class="case-section" aria-labelledby="forward-title">
            <h2 id="forward-title">{move || i18n.t(Text::ForwardTitle)}</h2>
            {choice_select("forward-department", Text::DepartmentLabel, &DEPARTMENTS, department)}
            <div class="field">
                <label for="forward-content">{move || i18n.t(Text::ContentLabel)}</label>
                <textarea id="forward-content" rows="3" bind:value=content></textarea>
            </div>
            <TextField id="forward-demand" label=Text::DemandLabel value=demand />
            {step_button(Text::RecordForward, command_action(), move || feedback(&id, FeedbackChange::Forwarded {
                department: department.get_untracked(),
                content: content.get_untracked().trim().to_owned(),
                demand: demand.get_untracked().trim().to_owned(),
            }))}
        </section>
    }
}

/// FB-26: the department head's method, deadline and signature; then progress and done.
#[component]
fn DepartmentSection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let [method, complete_by, progress, result] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let signed_by = RwSignal::new(case.person.clone());
    let signing = case.offers(&FeedbackChange::DepartmentAccepted {
        method: String::new(),
        complete_by: Utc::now(),
        signed_by: String::new(),
    });
    let (id, policy) = (case.id.clone(), case.policy.clone());
    let (id_progress, id_result) = (id.clone(), id.clone());
    view! {
        <section class="case-section" aria-labelledby="department-title">
            <h2 id="department-title">{move || i18n.t(Text::DepartmentTicketTitle)}</h2>
            {if signing {
                view! {
                    <div class="field">
                        <label for="department-method">{move || i18n.t(Text::MethodLabel)}</label>
                        <textarea id="department-method" rows="3" bind:value=method></textarea>
                    </div>
                    <div class="field">
                        <label for="department-complete-by">{move || i18n.t(Text::CompleteBy)}</label>
                        <input id="department-complete-by" type="datetime-local" bind:value=complete_by />
                    </div>
                    <TextField id="department-signed-by" label=Text::SignedByLabel value=signed_by />
                    {step_button(Text::SignTicket, command_action(), move || {
                        let complete_by = parse_office_time(&complete_by.get_untracked(), &policy)?;
                        feedback(&id, FeedbackChange::DepartmentAccepted {
                            method: method.get_untracked().trim().to_owned(),
                            complete_by,
                            signed_by: signed_by.get_untracked().trim().to_owned(),
                        })
                    })}
                }.into_any()
            } else {
                view! {
                    <TextField id="department-progress" label=Text::ProgressLabel value=progress />
                    {step_button(Text::RecordProgress, command_action(), move || feedback(&id_progress, FeedbackChange::ProgressNoted { note: progress.get_untracked().trim().to_owned() }))}
                    <TextField id="department-result" label=Text::ResultLabel value=result />
                    {step_button(Text::MarkHandled, command_action(), move || feedback(&id_result, FeedbackChange::Handled { result: result.get_untracked().trim().to_owned() }))}
                }.into_any()
            }}
        </section>
    }
}

/// FB-05, FB-06, FB-07: a serious complaint and its apology, escalation, special incidents.
#[component]
fn SeriousSection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let [to, containment, reported_to] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let id = case.id.clone();
    let (flag_id, visit_id, phone_id, escalate_id, incident_id) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let serious = case.case.serious;
    view! {
        <section class="case-section" aria-labelledby="serious-title">
            <h2 id="serious-title">{move || i18n.t(Text::SeriousTitle)}</h2>
            {if serious {
                view! {
                    <div class="choice-row">
                        {step_button(Text::ApologyHomeVisit, command_action(), move || feedback(&visit_id, FeedbackChange::ApologyMade { means: ApologyMeans::HomeVisit }))}
                        {step_button(Text::ApologyPhone, command_action(), move || feedback(&phone_id, FeedbackChange::ApologyMade { means: ApologyMeans::Phone }))}
                    </div>
                }.into_any()
            } else {
                step_button(Text::FlagSerious, command_action(), move || feedback(&flag_id, FeedbackChange::FlaggedSerious)).into_any()
            }}
            <TextField id="escalate-to" label=Text::EscalateTo value=to />
            {step_button(Text::RecordEscalate, command_action(), move || feedback(&escalate_id, FeedbackChange::Escalated { to: to.get_untracked().trim().to_owned() }))}
            <h3>{move || i18n.t(Text::SpecialIncidentTitle)}</h3>
            <TextField id="incident-containment" label=Text::ContainmentLabel value=containment />
            <TextField id="incident-reported-to" label=Text::ReportedToLabel value=reported_to />
            {step_button(Text::RecordIncident, command_action(), move || feedback(&incident_id, FeedbackChange::SpecialIncident {
                containment: containment.get_untracked().trim().to_owned(),
                reported_to: reported_to.get_untracked().trim().to_owned(),
            }))}
        </section>
    }
}

/// FB-04: adopted or not, and the owner told (with the reason when not).
#[component]
fn SuggestionSection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let adopted = RwSignal::new(true);
    let explanation = RwSignal::new(String::new());
    let id = case.id.clone();
    view! {
        <section class="case-section" aria-labelledby="suggestion-title">
            <h2 id="suggestion-title">{move || i18n.t(Text::SuggestionTitle)}</h2>
            <div class="choice-row" role="radiogroup" aria-label=move || i18n.t(Text::SuggestionTitle)>
                <label class="choice">
                    <input type="radio" name="adopted" prop:checked=move || adopted.get() on:change=move |_| adopted.set(true) />
                    {move || i18n.t(Text::AdoptChoice)}
                </label>
                <label class="choice">
                    <input type="radio" name="adopted" prop:checked=move || !adopted.get() on:change=move |_| adopted.set(false) />
                    {move || i18n.t(Text::NotAdoptChoice)}
                </label>
            </div>
            <TextField id="suggestion-explanation" label=Text::ExplanationForOwner value=explanation />
            {step_button(Text::RecordDecision, command_action(), move || feedback(&id, FeedbackChange::SuggestionDecided {
                adopted: adopted.get_untracked(),
                owner_informed: true,
                explanation: explanation.get_untracked().trim().to_owned(),
            }))}
        </section>
    }
}

/// FB-10: the follow-up visit within a week of handling; an unhappy resident reopens the case.
#[component]
fn FollowUpSection(case: FeedbackView) -> impl IntoView {
    let i18n = I18n::expect();
    let satisfied = RwSignal::new(true);
    let [opinion, reason] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let visiting = case.offers(&FeedbackChange::FollowUpVisited {
        satisfied: true,
        opinion: String::new(),
    });
    let reopenable = case.offers(&FeedbackChange::Reopened {
        reason: String::new(),
    }) && case
        .case
        .follow_up
        .as_ref()
        .is_some_and(|(happy, _, _)| !happy);
    let closable = case.offers(&FeedbackChange::Closed);
    let id = case.id.clone();
    let (reopen_id, close_id) = (id.clone(), id.clone());
    view! {
        <section class="case-section" aria-labelledby="follow-up-title">
            <h2 id="follow-up-title">{move || i18n.t(Text::FollowUpTitle)}</h2>
            {visiting.then(|| view! {
                <div class="choice-row" role="radiogroup" aria-label=move || i18n.t(Text::FollowUpTitle)>
                    <label class="choice">
                        <input type="radio" name="satisfied" prop:checked=move || satisfied.get() on:change=move |_| satisfied.set(true) />
                        {move || i18n.t(Text::SatisfiedChoice)}
                    </label>
                    <label class="choice">
                        <input type="radio" name="satisfied" prop:checked=move || !satisfied.get() on:change=move |_| satisfied.set(false) />
                        {move || i18n.t(Text::NotSatisfiedChoice)}
                    </label>
                </div>
                <TextField id="follow-up-opinion" label=Text::OpinionLabel value=opinion />
                {step_button(Text::RecordFollowUp, command_action(), move || feedback(&id, FeedbackChange::FollowUpVisited {
                    satisfied: satisfied.get_untracked(),
                    opinion: opinion.get_untracked().trim().to_owned(),
                }))}
            })}
            {reopenable.then(|| view! {
                <TextField id="reopen-reason" label=Text::ReopenReason value=reason />
                {step_button(Text::ReopenCase, command_action(), move || feedback(&reopen_id, FeedbackChange::Reopened { reason: reason.get_untracked().trim().to_owned() }))}
            })}
            {closable.then(|| step_button(Text::CloseCase, command_action(), move || feedback(&close_id, FeedbackChange::Closed)))}
        </section>
    }
}
