//! Route `/renovation?id=…`: one renovation case from application to refund (REN-10..41,
//! FEE-1..7). Each section offers only the steps the current role may take in the current
//! state; pressing one that still lacks something shows every rule it breaks.

use std::collections::BTreeSet;

use chrono::Utc;
use estate_core::deadline::Deadline;
use estate_core::desk::Patrol;
use estate_core::ledger::Payer;
use estate_core::party::Contractor;
use estate_core::patrol::{Rectification, RectificationStatus};
use estate_core::renovation::{
    required_documents, CaseField, DeclaredChange, Document, DrawingReview, Evidence, PassState,
    RenovationCase, RenovationChange, RenovationStatus, ReviewPoint,
};
use estate_core::{Change, EntityId, Event, Money, Policy, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::commands::{command_action, Recorder};
use crate::components::case_history::{CaseTimeline, DeadlineList};
use crate::components::command_outcome::CommandOutcome;
use crate::components::photo_thumb::PhotoThumb;
use crate::components::text_field::TextField;
use crate::device_settings::DeviceSettings;
use crate::i18n::patrol::item_label;
use crate::i18n::renovation::{
    document_text, entry_kind_text, ledger_item_text, office_time, parse_office_time, payer_text,
    rejection_reasons, status_text,
};
use crate::i18n::{I18n, Text};
use crate::pages::conflicts_page::ConflictsNotice;
use crate::pages::new_renovation_page::DeclaredChangesPicker;
use crate::photo::store_photo;
use crate::services::Services;

/// Everything a section of the page reads: the case as folded now, and who is looking.
#[derive(Debug, Clone, PartialEq)]
struct CaseView {
    id: EntityId,
    case: RenovationCase,
    role: Role,
    policy: Policy,
    deadlines: Vec<Deadline>,
    patrols: Vec<(EntityId, Patrol)>,
    /// Open rectification tickets with the photos of the patrol that opened each.
    open_tickets: Vec<(EntityId, Rectification, Vec<String>)>,
    timeline: Vec<Event>,
}

impl CaseView {
    fn offers(&self, change: RenovationChange) -> bool {
        self.case.offers(&change, self.role, &self.policy)
    }

    /// Whether this role can take any step on the case now; if not, the page says so.
    fn offers_anything(&self) -> bool {
        let fixed = [
            RenovationChange::ChangesDeclared {
                changes: self.case.declared.clone(),
            },
            RenovationChange::DrawingsReviewed {
                review: DrawingReview::default(),
            },
            RenovationChange::AgreementSigned,
            RenovationChange::ConstructionStarted,
            RenovationChange::AcceptanceRequested,
            RenovationChange::AcceptanceScheduled { at: Utc::now() },
            RenovationChange::AcceptanceRecorded {
                passed: true,
                defects: Vec::new(),
            },
            RenovationChange::Closed,
            RenovationChange::PermitLost {
                deduction: Money::ZERO,
            },
        ];
        let passes = self
            .case
            .passes
            .iter()
            .filter(|(_, state)| **state == PassState::Issued)
            .map(|(number, _)| RenovationChange::PassReturned { number: *number });
        let refunds = [Payer::Contractor, Payer::Owner].into_iter().map(|payer| {
            RenovationChange::RefundPaid {
                payer,
                amount: self.case.balance(payer, &self.policy).refundable,
            }
        });
        fixed
            .into_iter()
            .chain(passes)
            .chain(refunds)
            .any(|change| self.offers(change))
    }
}

/// The link to a printable form of a case.
pub fn print_href(root: &AppRoot, form: &str, id: &EntityId) -> String {
    root.href(&format!("/print?form={form}&id={}", id.0))
}

fn renovation(changes: impl IntoIterator<Item = RenovationChange>) -> Vec<Change> {
    changes.into_iter().map(Change::Renovation).collect()
}

#[component]
pub fn RenovationCasePage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let view_of = Memo::new(move |_| {
        services.version();
        let id = EntityId(query.with(|query| query.get("id"))?);
        let role = settings.profile()?.role;
        let desk = services.desk();
        let timeline = desk.events_of(&id);
        desk.with_desk(|desk| {
            let case = desk.renovations.get(&id)?.clone();
            let now = Utc::now();
            let mut deadlines = case.deadlines(now, &desk.calendar, &desk.policy);
            estate_core::deadline::overdue_first(&mut deadlines);
            let patrols = desk
                .patrols_of(&id)
                .map(|(patrol_id, patrol)| (patrol_id.clone(), patrol.clone()))
                .collect();
            let open_tickets = desk
                .rectifications
                .iter()
                .filter(|(_, ticket)| {
                    ticket.case.as_ref() == Some(&id) && ticket.status == RectificationStatus::Open
                })
                .map(|(ticket_id, ticket)| {
                    let photos = ticket
                        .patrol
                        .as_ref()
                        .and_then(|patrol| desk.patrols.get(patrol))
                        .map(|patrol| patrol.record.photos.clone())
                        .unwrap_or_default();
                    (ticket_id.clone(), ticket.clone(), photos)
                })
                .collect();
            Some(CaseView {
                id: id.clone(),
                case,
                role,
                policy: desk.policy.clone(),
                deadlines,
                patrols,
                open_tickets,
                timeline,
            })
        })
    });
    move || match view_of.get() {
        None => view! {
            <section class="page" aria-labelledby="page-title">
                <h1 id="page-title">{i18n.t(Text::CaseNotFound)}</h1>
                <A href=root.href("/renovations") attr:class="button">{i18n.t(Text::BackToList)}</A>
            </section>
        }
        .into_any(),
        Some(case) => view! { <CasePage case=case /> }.into_any(),
    }
}

#[component]
fn CasePage(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let status = case.case.status;
    let unit = case
        .case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let application_open = case.offers(RenovationChange::ChangesDeclared {
        changes: case.case.declared.clone(),
    });
    let reviewing = case.offers(RenovationChange::DrawingsReviewed {
        review: DrawingReview::default(),
    });
    let fees_window = case.offers(RenovationChange::AgreementSigned)
        || case.offers(RenovationChange::ConstructionStarted);
    let building = matches!(
        status,
        RenovationStatus::UnderConstruction
            | RenovationStatus::AcceptanceRequested
            | RenovationStatus::Accepted
    );
    let editable = case.offers(case.case.edit(CaseField::Notes, ""));
    let refunding = matches!(
        status,
        RenovationStatus::Accepted | RenovationStatus::Refunded
    ) || case.offers(RenovationChange::Closed);
    view! {
        <article class="page case-page" aria-labelledby="page-title">
            <A href=root.href("/renovations") attr:class="back-link">{move || i18n.t(Text::BackToList)}</A>
            <h1 id="page-title">
                {unit}
                " · "
                <span class="case-status">{move || i18n.t(status_text(status))}</span>
            </h1>
            <ConflictsNotice entity=Some(case.id.clone()) />
            <CaseSummary case=case.clone() />
            {editable.then(|| view! { <CaseDetails case=case.clone() /> })}
            {(!case.offers_anything()).then(|| view! {
                <p class="hint" role="note">{move || i18n.t(Text::NoActions)}</p>
            })}
            {application_open.then(|| view! { <ApplicationSection case=case.clone() /> })}
            {(!application_open).then(|| view! { <DocumentsHeld case=case.clone() /> })}
            {reviewing.then(|| view! { <ReviewSection case=case.clone() /> })}
            {fees_window.then(|| view! { <FeesSection case=case.clone() /> })}
            {building.then(|| view! { <ConstructionSection case=case.clone() /> })}
            {refunding.then(|| view! { <RefundSection case=case.clone() /> })}
            <LedgerSection case=case.clone() />
            <CaseTimeline events=case.timeline.clone() policy=case.policy.clone() />
        </article>
    }
}

#[component]
fn CaseSummary(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let resident = case.case.resident.as_ref().map(|resident| {
        format!(
            "{} · {}",
            resident.name,
            case.case.field(CaseField::ResidentPhone)
        )
    });
    let contractor = case.case.contractor.as_ref().map(|contractor| {
        format!(
            "{} · {}",
            contractor.name,
            case.case.field(CaseField::ContractorPhone)
        )
    });
    let notes = case.case.field(CaseField::Notes);
    let deadlines = case.deadlines.clone();
    let policy = case.policy.clone();
    let id = case.id.clone();
    let prints = [
        (true, "application", Text::PrintApplication),
        (case.case.fees_charged, "receipt", Text::PrintReceipt),
        (case.case.permit.is_some(), "permit", Text::PrintPermit),
        (
            case.case.acceptance_requested_at.is_some(),
            "acceptance",
            Text::PrintAcceptance,
        ),
    ];
    view! {
        <section class="case-summary" aria-label=move || i18n.t(Text::ResidentLabel)>
            <dl class="facts">
                <dt>{move || i18n.t(Text::ResidentLabel)}</dt>
                <dd class="resident">{resident.unwrap_or_default()}</dd>
                <dt>{move || i18n.t(Text::ContractorLabel)}</dt>
                <dd>{contractor.unwrap_or_else(|| "—".into())}</dd>
                {(!notes.is_empty()).then(|| view! {
                    <dt>{move || i18n.t(Text::FieldNotes)}</dt>
                    <dd>{notes.clone()}</dd>
                })}
                <dt>{move || i18n.t(Text::CaseNumber)}</dt>
                <dd class="case-id">{case.id.0.clone()}</dd>
            </dl>
            <DeadlineList deadlines=deadlines.clone() policy=policy.clone() />
            <p class="print-links">
                {prints
                    .into_iter()
                    .filter(|(available, _, _)| *available)
                    .map(|(_, form, label)| {
                        view! {
                            <A href=print_href(&root, form, &id) attr:class="button">
                                {move || i18n.t(label)}
                            </A>
                        }
                    })
                    .collect_view()}
            </p>
        </section>
    }
}

/// Phones and notes can change at any time while the case is open; each edit carries the value
/// it replaces, so two devices editing the same field at once is shown for review.
#[component]
fn CaseDetails(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let save = command_action();
    let fields = [
        (
            CaseField::ResidentPhone,
            "detail-resident-phone",
            Text::FieldResidentPhone,
        ),
        (
            CaseField::ContractorPhone,
            "detail-contractor-phone",
            Text::ContractorPhone,
        ),
        (CaseField::Notes, "detail-notes", Text::FieldNotes),
    ]
    .map(|(field, id, label)| (field, id, label, RwSignal::new(case.case.field(field))));
    let on_save = move |_| {
        let changes = fields
            .iter()
            .filter(|(field, _, _, value)| value.get_untracked().trim() != case.case.field(*field))
            .map(|(field, _, _, value)| {
                Change::Renovation(case.case.edit(*field, &value.get_untracked()))
            })
            .collect::<Vec<_>>();
        if !changes.is_empty() {
            save.dispatch((case.id.clone(), changes));
        }
    };
    view! {
        <details class="case-section">
            <summary>{move || i18n.t(Text::CaseDetailsTitle)}</summary>
            <div class="field-row">
                {fields
                    .into_iter()
                    .map(|(_, id, label, value)| view! { <TextField id=id label=label value=value /> })
                    .collect_view()}
            </div>
            <button type="button" class="button" on:click=on_save>
                {move || i18n.t(Text::SaveDetails)}
            </button>
            <CommandOutcome outcome=Signal::derive(move || save.value().get()) saved=Text::Saved />
        </details>
    }
}

/// REN-10..16: the contractor, the declared changes and the document checklist, then submit.
#[component]
fn ApplicationSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let recorder = Recorder::expect();
    let id = case.id.clone();
    let save = command_action();
    let submit = command_action();
    let declared = RwSignal::new(case.case.declared.clone());
    let contractor_name = RwSignal::new(
        case.case
            .contractor
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let contractor_phone = RwSignal::new(
        case.case
            .contractor
            .as_ref()
            .map(|c| c.phone.clone())
            .unwrap_or_default(),
    );
    let rejection = case
        .case
        .last_review
        .as_ref()
        .filter(|_| case.case.status == RenovationStatus::Rejected)
        .cloned();
    let attach = Action::new_local(
        move |(entity, document, file): &(EntityId, Document, web_sys::File)| {
            let (entity, document, file) = (entity.clone(), *document, file.clone());
            let store = services.desk();
            async move {
                let sha256 = store_photo(&store, &file).await?;
                let evidence = Evidence {
                    attachments: vec![sha256],
                    paper_copies: 0,
                    stamped: false,
                };
                recorder
                    .record(
                        entity,
                        renovation([RenovationChange::DocumentReceived { document, evidence }]),
                    )
                    .await
            }
        },
    );
    let rows = required_documents(&case.case.declared, case.case.commercial_unit, &case.policy);
    let id_for_contractor = id.clone();
    let id_for_declared = id.clone();
    let id_for_submit = id.clone();
    view! {
        <section class="case-section" aria-labelledby="application-title">
            <h2 id="application-title">{move || i18n.t(Text::ChecklistTitle)}</h2>
            {rejection.map(|review| view! {
                <div class="refusal" role="note">
                    <p>{move || i18n.t(Text::RejectedReasons)}</p>
                    <ul>{move || rejection_reasons(&review, i18n.lang()).into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}</ul>
                </div>
            })}
            <fieldset>
                <legend>{move || i18n.t(Text::StepContractor)}</legend>
                <div class="field-row">
                    <TextField id="case-contractor" label=Text::ContractorName value=contractor_name />
                    <TextField id="case-contractor-phone" label=Text::ContractorPhone value=contractor_phone />
                </div>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        let contractor = Contractor {
                            name: contractor_name.get_untracked().trim().to_owned(),
                            phone: contractor_phone.get_untracked().trim().to_owned(),
                        };
                        save.dispatch((id_for_contractor.clone(), renovation([RenovationChange::ContractorSet { contractor }])));
                    }
                >
                    {move || i18n.t(Text::SaveContractor)}
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Text::StepDeclaredChanges)}</legend>
                <DeclaredChangesPicker declared=declared prefix="case" />
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        let changes: BTreeSet<DeclaredChange> = declared.get_untracked();
                        save.dispatch((id_for_declared.clone(), renovation([RenovationChange::ChangesDeclared { changes }])));
                    }
                >
                    {move || i18n.t(Text::SaveDeclared)}
                </button>
            </fieldset>
            <CommandOutcome outcome=Signal::derive(move || save.value().get()) saved=Text::Saved />
            <table class="checklist">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::RequiredBy)}</th>
                        <th scope="col">{move || i18n.t(Text::ReceivedCopies)}</th>
                        <th scope="col">{move || i18n.t(Text::ActionsTitle)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(document, rule)| {
                            let held = case.case.documents.get(&document).cloned().unwrap_or_default();
                            let copies = held.attachments.len() as u32 + held.paper_copies;
                            let needed = document.copies_needed();
                            let complete = copies >= needed && (!document.needs_company_stamp() || held.stamped);
                            let sealed = RwSignal::new(false);
                            let label = document_text(document);
                            let id = id.clone();
                            let id_for_file = id.clone();
                            let file_input_id = format!("attach-{}", document.name());
                            let seal_id = format!("seal-{}", document.name());
                            view! {
                                <tr class:checklist--missing=!complete>
                                    <th scope="row">{move || i18n.t(label)}</th>
                                    <td>{rule.code()}</td>
                                    <td>
                                        {format!("{copies}/{needed} ")}
                                        {move || if complete { i18n.t(Text::DocumentComplete) } else { i18n.t(Text::DocumentMissing) }}
                                    </td>
                                    <td class="checklist__actions">
                                        {document.needs_company_stamp().then(|| view! {
                                            <span class="field--check inline-check">
                                                <input id=seal_id.clone() type="checkbox" bind:checked=sealed />
                                                <label for=seal_id.clone()>{move || i18n.t(Text::CompanySeal)}</label>
                                            </span>
                                        })}
                                        <button
                                            type="button"
                                            class="button"
                                            aria-label=move || format!("{}: {}", i18n.t(Text::ReceivedOnPaper), i18n.t(label))
                                            on:click=move |_| {
                                                let evidence = Evidence {
                                                    attachments: Vec::new(),
                                                    paper_copies: 1,
                                                    stamped: sealed.get_untracked(),
                                                };
                                                save.dispatch((id.clone(), renovation([RenovationChange::DocumentReceived { document, evidence }])));
                                            }
                                        >
                                            {move || i18n.t(Text::ReceivedOnPaper)}
                                        </button>
                                        <label class="button file-button" for=file_input_id.clone()>
                                            {move || i18n.t(Text::AttachScan)}
                                            <span class="visually-hidden">{move || format!(": {}", i18n.t(label))}</span>
                                        </label>
                                        <input
                                            id=file_input_id.clone()
                                            class="visually-hidden"
                                            type="file"
                                            accept="image/*"
                                            on:change=move |event| {
                                                let input: web_sys::HtmlInputElement = event_target(&event);
                                                if let Some(file) = input.files().and_then(|files| files.get(0)) {
                                                    attach.dispatch((id_for_file.clone(), document, file));
                                                }
                                            }
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <CommandOutcome outcome=Signal::derive(move || attach.value().get()) saved=Text::Saved />
            <button
                type="button"
                class="button button--primary"
                on:click=move |_| {
                    submit.dispatch((id_for_submit.clone(), renovation([RenovationChange::Submitted])));
                }
            >
                {move || i18n.t(Text::SubmitForReview)}
            </button>
            <CommandOutcome outcome=Signal::derive(move || submit.value().get()) saved=Text::Saved />
        </section>
    }
}

/// The application documents on file, once the application is no longer being edited.
#[component]
fn DocumentsHeld(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let documents: Vec<(Document, Evidence)> = case
        .case
        .documents
        .iter()
        .map(|(document, evidence)| (*document, evidence.clone()))
        .collect();
    view! {
        <details class="case-section">
            <summary>{move || i18n.t(Text::ChecklistTitle)}</summary>
            <ul>
                {documents.into_iter().map(|(document, evidence)| {
                    let line = move || {
                        let seal = if evidence.stamped {
                            format!(" · {}", i18n.t(Text::CompanySeal))
                        } else {
                            String::new()
                        };
                        format!(
                            "{} · {} {} · {} {}{seal}",
                            i18n.t(document_text(document)),
                            i18n.t(Text::PaperCopies),
                            evidence.paper_copies,
                            i18n.t(Text::AttachedScans),
                            evidence.attachments.len(),
                        )
                    };
                    view! { <li>{line}</li> }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// REN-30: the supervisor's four review points, each pass or fail with a remark.
#[component]
fn ReviewSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let review = command_action();
    let points: [(Text, &'static str, RwSignal<bool>, RwSignal<String>); 4] = [
        (
            Text::PointStructure,
            "structure",
            RwSignal::new(true),
            RwSignal::new(String::new()),
        ),
        (
            Text::PointPlumbingGas,
            "plumbing-gas",
            RwSignal::new(true),
            RwSignal::new(String::new()),
        ),
        (
            Text::PointPowerLowVoltage,
            "power",
            RwSignal::new(true),
            RwSignal::new(String::new()),
        ),
        (
            Text::PointFacade,
            "facade",
            RwSignal::new(true),
            RwSignal::new(String::new()),
        ),
    ];
    let id = case.id.clone();
    let on_record = move |_| {
        let point = |index: usize| ReviewPoint {
            passed: points[index].2.get_untracked(),
            remark: points[index].3.get_untracked().trim().to_owned(),
        };
        let judged = DrawingReview {
            structure: point(0),
            plumbing_and_gas: point(1),
            power_and_low_voltage: point(2),
            facade: point(3),
        };
        review.dispatch((
            id.clone(),
            renovation([RenovationChange::DrawingsReviewed { review: judged }]),
        ));
    };
    view! {
        <section class="case-section" aria-labelledby="review-title">
            <h2 id="review-title">{move || i18n.t(Text::ReviewTitle)}</h2>
            {points
                .into_iter()
                .map(|(label, key, passed, remark)| {
                    let group = format!("review-{key}");
                    let remark_id = format!("review-{key}-remark");
                    view! {
                        <fieldset class="review-point">
                            <legend>{move || i18n.t(label)}</legend>
                            <div class="choice-row">
                                <label class="choice">
                                    <input type="radio" name=group.clone() prop:checked=move || passed.get() on:change=move |_| passed.set(true) />
                                    {move || i18n.t(Text::PointPass)}
                                </label>
                                <label class="choice">
                                    <input type="radio" name=group.clone() prop:checked=move || !passed.get() on:change=move |_| passed.set(false) />
                                    {move || i18n.t(Text::PointFail)}
                                </label>
                            </div>
                            <div class="field">
                                <label for=remark_id.clone()>{move || format!("{} · {}", i18n.t(label), i18n.t(Text::RemarkLabel))}</label>
                                <input id=remark_id.clone() type="text" bind:value=remark />
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <button type="button" class="button button--primary" on:click=on_record>
                {move || i18n.t(Text::RecordReview)}
            </button>
            <CommandOutcome outcome=Signal::derive(move || review.value().get()) saved=Text::Saved />
        </section>
    }
}

/// REN-20, FEE-1..5: fees pre-filled from Policy, then the permit, passes, hot-work permit
/// and agreement; construction starts only when all are done.
#[component]
fn FeesSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let action = command_action();
    let pass_cards = RwSignal::new(String::from("2"));
    let permits = RwSignal::new(String::from("1"));
    let permit_number = RwSignal::new(String::new());
    let hot_work_number = RwSignal::new(String::new());
    let passes_to_issue = RwSignal::new(String::from("1"));
    let policy = case.policy.clone();
    let state = case.case.clone();
    let id = case.id.clone();
    let count = |text: String| text.trim().parse::<u32>().unwrap_or(0);
    let preview = {
        let policy = policy.clone();
        move || match RenovationChange::fees_from_policy(
            &policy,
            count(pass_cards.get()),
            count(permits.get()),
        ) {
            RenovationChange::FeesCharged { charges, .. } => charges,
            _ => Vec::new(),
        }
    };
    let next_pass = state.passes.keys().max().map_or(1, |last| last + 1);
    let id = StoredValue::new(id);
    // Only `Copy` captures, so every button can own a copy.
    let send = move |changes: Vec<RenovationChange>| {
        action.dispatch((id.get_value(), renovation(changes)));
    };
    let collect = {
        let policy = policy.clone();
        move |_| {
            send(vec![RenovationChange::fees_from_policy(
                &policy,
                count(pass_cards.get_untracked()),
                count(permits.get_untracked()),
            )]);
        }
    };
    let fees_charged = state.fees_charged;
    let hot_work = state.declared.contains(&DeclaredChange::HotWork);
    let permit_pending = state.permit.is_none();
    let passes_pending = (state.passes.len() as u32) < state.pass_cards_paid;
    let hot_work_pending = state.hot_work_permit.is_none();
    let agreement_pending = !state.agreement_signed;
    let status_line = {
        let state = state.clone();
        move || {
            let mut lines = Vec::new();
            if let Some(number) = &state.permit {
                lines.push(format!("{}: {number}", i18n.t(Text::PermitLabel)));
            }
            if !state.passes.is_empty() {
                let numbers: Vec<String> = state.passes.keys().map(u32::to_string).collect();
                lines.push(format!(
                    "{}: {}",
                    i18n.t(Text::PassesLabel),
                    numbers.join(", ")
                ));
            }
            if let Some(number) = &state.hot_work_permit {
                lines.push(format!("{}: {number}", i18n.t(Text::HotWorkLabel)));
            }
            if state.agreement_signed {
                lines.push(i18n.t(Text::TlAgreementSigned).to_owned());
            }
            lines.join(" · ")
        }
    };
    view! {
        <section class="case-section" aria-labelledby="fees-title">
            <h2 id="fees-title">{move || i18n.t(Text::FeesTitle)}</h2>
            <p class="issued">{status_line}</p>
            {(!fees_charged).then(|| view! {
                <div class="field-row">
                    <div class="field">
                        <label for="fee-pass-cards">{move || i18n.t(Text::PassCardsLabel)}</label>
                        <input id="fee-pass-cards" type="number" min="0" inputmode="numeric" bind:value=pass_cards />
                    </div>
                    <div class="field">
                        <label for="fee-permits">{move || i18n.t(Text::PermitsLabel)}</label>
                        <input id="fee-permits" type="number" min="0" inputmode="numeric" bind:value=permits />
                    </div>
                </div>
                <table class="ledger">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                            <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                            <th scope="col">{move || i18n.t(Text::AmountLabel)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {
                            let preview = preview.clone();
                            move || preview()
                                .into_iter()
                                .map(|(payer, item, amount)| view! {
                                    <tr>
                                        <td>{i18n.t(payer_text(payer))}</td>
                                        <td>{i18n.t(ledger_item_text(item))}</td>
                                        <td class="amount">{amount.to_string()}</td>
                                    </tr>
                                })
                                .collect_view()
                        }
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{move || i18n.t(Text::TotalLabel)}</th>
                            <td class="amount">{move || preview().into_iter().map(|(_, _, amount)| amount).sum::<Money>().to_string()}</td>
                        </tr>
                    </tfoot>
                </table>
                <button type="button" class="button button--primary" on:click=collect.clone()>
                    {move || i18n.t(Text::CollectFees)}
                </button>
            })}
            {fees_charged.then(|| view! {
                <div class="step-grid">
                    {permit_pending.then(|| view! {
                    <div class="field">
                        <label for="permit-number">{move || i18n.t(Text::PermitNumber)}</label>
                        <input id="permit-number" type="text" bind:value=permit_number />
                        <button type="button" class="button" on:click=move |_| send(vec![RenovationChange::PermitIssued { number: permit_number.get_untracked().trim().to_owned() }])>
                            {move || i18n.t(Text::IssuePermit)}
                        </button>
                    </div>
                    })}
                    {passes_pending.then(|| view! {
                    <div class="field">
                        <label for="passes-to-issue">{move || i18n.t(Text::PassesToIssue)}</label>
                        <input id="passes-to-issue" type="number" min="1" inputmode="numeric" bind:value=passes_to_issue />
                        <button type="button" class="button" on:click=move |_| {
                            let numbers = (next_pass..next_pass + count(passes_to_issue.get_untracked())).collect();
                            send(vec![RenovationChange::PassesIssued { numbers }]);
                        }>
                            {move || i18n.t(Text::IssuePasses)}
                        </button>
                    </div>
                    })}
                    {(hot_work && hot_work_pending).then(|| view! {
                        <div class="field">
                            <label for="hot-work-number">{move || i18n.t(Text::HotWorkPermitNumber)}</label>
                            <input id="hot-work-number" type="text" bind:value=hot_work_number />
                            <button type="button" class="button" on:click=move |_| send(vec![RenovationChange::HotWorkPermitIssued { number: hot_work_number.get_untracked().trim().to_owned() }])>
                                {move || i18n.t(Text::IssueHotWorkPermit)}
                            </button>
                        </div>
                    })}
                    {agreement_pending.then(|| view! {
                        <button type="button" class="button" on:click=move |_| send(vec![RenovationChange::AgreementSigned])>
                            {move || i18n.t(Text::SignAgreement)}
                        </button>
                    })}
                </div>
            })}
            {(state.status == RenovationStatus::Approved).then(|| view! {
                <button type="button" class="button button--primary" on:click=move |_| send(vec![RenovationChange::ConstructionStarted])>
                    {move || i18n.t(Text::StartConstruction)}
                </button>
            })}
            <CommandOutcome outcome=Signal::derive(move || action.value().get()) saved=Text::Saved />
        </section>
    }
}

/// Construction (REN-32..34, REN-40): passes, the permit, patrols, tickets and acceptance.
#[component]
fn ConstructionSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let action = command_action();
    let id = case.id.clone();
    let policy = case.policy.clone();
    let send = {
        let id = id.clone();
        move |change: RenovationChange| {
            action.dispatch((id.clone(), renovation([change])));
        }
    };
    let passes: Vec<(u32, PassState)> = case.case.passes.iter().map(|(n, s)| (*n, *s)).collect();
    let can_request = case.offers(RenovationChange::AcceptanceRequested);
    let can_schedule = case.offers(RenovationChange::AcceptanceScheduled { at: Utc::now() });
    let can_accept = case.offers(RenovationChange::AcceptanceRecorded {
        passed: true,
        defects: Vec::new(),
    });
    let can_lose_permit = case.offers(RenovationChange::PermitLost {
        deduction: Money::ZERO,
    });
    let scheduled = case
        .case
        .acceptance_scheduled_for
        .map(|at| office_time(at, &policy));
    let schedule_at = RwSignal::new(String::new());
    let accepted = RwSignal::new(true);
    let defects = RwSignal::new(String::new());
    let role = case.role;
    let policy_for_schedule = policy.clone();
    let policy_for_lost = policy.clone();
    view! {
        <section class="case-section" aria-labelledby="construction-title">
            <h2 id="construction-title">{move || i18n.t(Text::ConstructionTitle)}</h2>
            <h3>{move || i18n.t(Text::PassesLabel)}</h3>
            <ul class="passes">
                {passes
                    .into_iter()
                    .map(|(number, state)| {
                        let out = state == PassState::Issued
                            && case.case.offers(&RenovationChange::PassReturned { number }, role, &policy);
                        let state_text = match state {
                            PassState::Issued => Text::PassOut,
                            PassState::Returned => Text::PassReturnedState,
                            PassState::Lost => Text::PassLostState,
                        };
                        let lost_policy = policy_for_lost.clone();
                        let send_returned = send.clone();
                        let send_lost = send.clone();
                        view! {
                            <li class="pass">
                                <span>{format!("{} {number}", i18n.t(Text::PassesLabel))}</span>
                                <span>{move || i18n.t(state_text)}</span>
                                {out.then(|| view! {
                                    <button type="button" class="button"
                                        aria-label=move || format!("{} {number} {}", i18n.t(Text::PassesLabel), i18n.t(Text::MarkReturned))
                                        on:click=move |_| send_returned(RenovationChange::PassReturned { number })>
                                        {move || i18n.t(Text::MarkReturned)}
                                    </button>
                                    <button type="button" class="button button--danger"
                                        aria-label=move || format!("{} {number} {}", i18n.t(Text::PassesLabel), i18n.t(Text::MarkLost))
                                        on:click=move |_| send_lost(RenovationChange::pass_lost(&lost_policy, number))>
                                        {move || i18n.t(Text::MarkLost)}
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {can_lose_permit.then(|| {
                let send = send.clone();
                let policy = policy.clone();
                view! {
                    <button type="button" class="button button--danger" on:click=move |_| send(RenovationChange::permit_lost(&policy))>
                        {move || i18n.t(Text::PermitLostAction)}
                    </button>
                }
            })}
            <h3>{move || i18n.t(Text::PatrolHistory)}</h3>
            {if case.patrols.is_empty() {
                view! { <p class="hint">{move || i18n.t(Text::NoPatrols)}</p> }.into_any()
            } else {
                view! {
                    <ul class="patrols">
                        {case.patrols.iter().map(|(_, patrol)| {
                            let failed = patrol.record.violations().count();
                            let line = format!("{} · {} · ✗ {failed} · 📷 {}", office_time(patrol.at, &policy), patrol.inspector, patrol.record.photos.len());
                            view! { <li>{line}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{move || i18n.t(Text::OpenTickets)}</h3>
            {if case.open_tickets.is_empty() {
                view! { <p class="hint">{move || i18n.t(Text::NoOpenTickets)}</p> }.into_any()
            } else {
                view! {
                    <ul class="tickets">
                        {case.open_tickets.iter().map(|(_, ticket, photos)| {
                            let due = ticket.due.map(|due| office_time(due, &policy)).unwrap_or_default();
                            let item = ticket.item.map(|item| i18n.t(item_label(item))).unwrap_or_default();
                            view! {
                                <li class="ticket">
                                    <span>{format!("{item} · {} · {} {due} · REN-33", ticket.note, i18n.t(Text::DueAt))}</span>
                                    <span class="photo-strip">
                                        {photos.iter().map(|sha| view! { <PhotoThumb sha256=sha.clone() alt=ticket.note.clone() /> }).collect_view()}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!case.case.open_defects.is_empty()).then(|| view! {
                <h3>{move || i18n.t(Text::OpenDefects)}</h3>
                <ul>{case.case.open_defects.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
            })}
            {can_request.then(|| {
                let send = send.clone();
                view! {
                    <button type="button" class="button button--primary" on:click=move |_| send(RenovationChange::AcceptanceRequested)>
                        {move || i18n.t(Text::RequestAcceptance)}
                    </button>
                }
            })}
            {scheduled.map(|at| view! { <p class="issued">{move || format!("{} {at}", i18n.t(Text::ScheduledFor))}</p> })}
            {can_schedule.then(|| {
                let send = send.clone();
                view! {
                    <div class="field">
                        <label for="acceptance-time">{move || i18n.t(Text::AcceptanceTime)}</label>
                        <input id="acceptance-time" type="datetime-local" bind:value=schedule_at />
                        <button type="button" class="button" on:click=move |_| {
                            if let Some(at) = parse_office_time(&schedule_at.get_untracked(), &policy_for_schedule) {
                                send(RenovationChange::AcceptanceScheduled { at });
                            }
                        }>
                            {move || i18n.t(Text::ScheduleAcceptance)}
                        </button>
                    </div>
                }
            })}
            {can_accept.then(|| {
                let send = send.clone();
                view! {
                    <fieldset class="acceptance-form">
                        <legend>{move || i18n.t(Text::AcceptanceFormTitle)}</legend>
                        <div class="choice-row" role="radiogroup" aria-label=move || i18n.t(Text::AcceptanceResult)>
                            <label class="choice">
                                <input type="radio" name="acceptance" prop:checked=move || accepted.get() on:change=move |_| accepted.set(true) />
                                {move || i18n.t(Text::AcceptancePassed)}
                            </label>
                            <label class="choice">
                                <input type="radio" name="acceptance" prop:checked=move || !accepted.get() on:change=move |_| accepted.set(false) />
                                {move || i18n.t(Text::AcceptanceFailed)}
                            </label>
                        </div>
                        <div class="field">
                            <label for="acceptance-defects">{move || i18n.t(Text::DefectsLabel)}</label>
                            <textarea id="acceptance-defects" rows="3" bind:value=defects></textarea>
                        </div>
                        <button type="button" class="button button--primary" on:click=move |_| {
                            let defects = defects
                                .get_untracked()
                                .lines()
                                .map(str::trim)
                                .filter(|line| !line.is_empty())
                                .map(str::to_owned)
                                .collect();
                            send(RenovationChange::AcceptanceRecorded { passed: accepted.get_untracked(), defects });
                        }>
                            {move || i18n.t(Text::RecordAcceptance)}
                        </button>
                    </fieldset>
                }
            })}
            <CommandOutcome outcome=Signal::derive(move || action.value().get()) saved=Text::Saved />
        </section>
    }
}

/// REN-41, FEE-7: what each payer gets back, never negative, with what is still owed.
#[component]
fn RefundSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let action = command_action();
    let id = case.id.clone();
    let balances: Vec<_> = [Payer::Contractor, Payer::Owner]
        .into_iter()
        .map(|payer| case.case.balance(payer, &case.policy))
        .filter(|balance| balance.deposit_paid > Money::ZERO || balance.refundable > Money::ZERO)
        .collect();
    let can_close = case.offers(RenovationChange::Closed);
    let id_for_close = id.clone();
    view! {
        <section class="case-section" aria-labelledby="refund-title">
            <h2 id="refund-title">{move || i18n.t(Text::RefundTitle)}</h2>
            <table class="ledger refund">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::DepositPaid)}</th>
                        <th scope="col">{move || i18n.t(Text::DeductionsLabel)}</th>
                        <th scope="col">{move || i18n.t(Text::ReturnedCardDeposits)}</th>
                        <th scope="col">{move || i18n.t(Text::AlreadyRefunded)}</th>
                        <th scope="col">{move || i18n.t(Text::RefundableNow)}</th>
                        <th scope="col">{move || i18n.t(Text::StillOwed)}</th>
                        <th scope="col">{move || i18n.t(Text::ActionsTitle)}</th>
                    </tr>
                </thead>
                <tbody>
                    {balances
                        .into_iter()
                        .map(|balance| {
                            let payer = balance.payer;
                            let amount = balance.refundable;
                            let payable = amount > Money::ZERO
                                && case.offers(RenovationChange::RefundPaid { payer, amount });
                            let id = id.clone();
                            view! {
                                <tr>
                                    <th scope="row">{move || i18n.t(payer_text(payer))}</th>
                                    <td class="amount">{balance.deposit_paid.to_string()}</td>
                                    <td class="amount">{balance.deductions.to_string()}</td>
                                    <td class="amount">{balance.returned_card_deposits.to_string()}</td>
                                    <td class="amount">{balance.already_refunded.to_string()}</td>
                                    <td class="amount refundable">{amount.to_string()}</td>
                                    <td class="amount">{balance.still_owed.to_string()}</td>
                                    <td>
                                        {payable.then(|| view! {
                                            <button type="button" class="button button--primary"
                                                aria-label=move || format!("{} · {} · {amount}", i18n.t(Text::PayRefund), i18n.t(payer_text(payer)))
                                                on:click=move |_| { action.dispatch((id.clone(), renovation([RenovationChange::RefundPaid { payer, amount }]))); }>
                                                {move || i18n.t(Text::PayRefund)}
                                            </button>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {can_close.then(|| view! {
                <button type="button" class="button" on:click=move |_| { action.dispatch((id_for_close.clone(), renovation([RenovationChange::Closed]))); }>
                    {move || i18n.t(Text::CloseCase)}
                </button>
            })}
            <CommandOutcome outcome=Signal::derive(move || action.value().get()) saved=Text::Saved />
        </section>
    }
}

#[component]
fn LedgerSection(case: CaseView) -> impl IntoView {
    let i18n = I18n::expect();
    let entries = case.case.ledger.entries.clone();
    let policy = case.policy.clone();
    view! {
        <section class="case-section" aria-labelledby="ledger-title">
            <h2 id="ledger-title">{move || i18n.t(Text::LedgerTitle)}</h2>
            {if entries.is_empty() {
                view! { <p class="hint">{move || i18n.t(Text::NoLedger)}</p> }.into_any()
            } else {
                view! {
                    <table class="ledger">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(Text::WhenLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::KindColumn)}</th>
                                <th scope="col">{move || i18n.t(Text::PayerLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::ItemLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::AmountLabel)}</th>
                                <th scope="col">{move || i18n.t(Text::RecordedBy)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|entry| view! {
                                <tr>
                                    <td>{office_time(entry.recorded_at, &policy)}</td>
                                    <td>{move || i18n.t(entry_kind_text(entry.kind))}</td>
                                    <td>{move || i18n.t(payer_text(entry.payer))}</td>
                                    <td>{move || i18n.t(ledger_item_text(entry.item))} " " {entry.note.clone()}</td>
                                    <td class="amount">{entry.amount.to_string()}</td>
                                    <td>{entry.recorded_by.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
