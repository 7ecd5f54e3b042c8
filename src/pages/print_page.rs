//! Route `/print?form=…`: the paper forms on A4, with the office name from Settings. Of a
//! renovation case: the application form, each receipt (收据) and refund slip (退款单) by its
//! number, the construction permit with the numbered worker passes (each with a QR code of the
//! case number, for patrol scanning), the management agreement with the office's policy
//! values, and the acceptance form. Of a complaint or suggestion: its handling record. Of a
//! day: the visitor record. Every amount of money is printed in figures and in capitals (大写).

use chrono::{NaiveDate, Utc};
use estate_core::event::Event;
use estate_core::feedback::{FeedbackCase, FeedbackKind};
use estate_core::ledger::{EntryKind, Payer, Receipt, RefundSlip};
use estate_core::renovation::{required_documents, RenovationCase};
use estate_core::report::{visitor_log, Purpose, Visit};
use estate_core::{EntityId, Money, Policy};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::components::qr_code::qr_svg;
use crate::device_settings::load_office_name;
use crate::i18n::feedback::{class_text, department_text};
use crate::i18n::renovation::{
    document_text, ledger_item_text, office_time, payer_text, payment_method_text, status_text,
    DECLARED_CHANGES,
};
use crate::i18n::{feedback_status_text, fill, I18n, Text};
use crate::routes::{PrintForm, Route};
use crate::services::Services;

/// The title of a printed form.
fn form_title(form: PrintForm) -> Text {
    match form {
        PrintForm::Application => Text::ApplicationFormTitle,
        PrintForm::Receipt => Text::ReceiptTitle,
        PrintForm::RefundSlip => Text::RefundSlipTitle,
        PrintForm::Permit => Text::PermitLabel,
        PrintForm::Agreement => Text::AgreementLabel,
        PrintForm::Acceptance => Text::AcceptanceFormTitle,
        PrintForm::FeedbackRecord => Text::FeedbackRecordTitle,
        PrintForm::VisitorLog => Text::VisitorLogTitle,
    }
}

/// What a form is printed from.
#[derive(Debug, Clone, PartialEq)]
enum Printable {
    Renovation {
        id: EntityId,
        case: Box<RenovationCase>,
        /// The receipt or refund slip number, for those forms.
        paper: Option<String>,
    },
    Feedback {
        id: EntityId,
        case: Box<FeedbackCase>,
        timeline: Vec<Event>,
    },
    Visitors {
        day: NaiveDate,
        visits: Vec<Visit>,
    },
}

/// Route `/print?form=…`: a printable form.
#[component]
pub fn PrintPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let printable = Memo::new(move |_| {
        services.version();
        let (form, id, paper, day) = query.with(|query| {
            (
                query.get("form"),
                query.get("id"),
                query.get("paper"),
                query.get("day"),
            )
        });
        let form = PrintForm::from_name(&form?)?;
        let desk = services.desk();
        let loaded = match form {
            PrintForm::VisitorLog => {
                let day = NaiveDate::parse_from_str(&day?, "%Y-%m-%d").ok()?;
                Printable::Visitors {
                    day,
                    visits: desk
                        .with_device(|device| visitor_log(device.log(), device.desk(), day)),
                }
            }
            PrintForm::FeedbackRecord => {
                let id = EntityId(id?);
                let timeline = desk.events_of(&id);
                let case =
                    desk.with_desk(|desk| desk.feedback.get(&id).map(|case| (**case).clone()))?;
                Printable::Feedback {
                    id,
                    case: Box::new(case),
                    timeline,
                }
            }
            _ => {
                let id = EntityId(id?);
                let case =
                    desk.with_desk(|desk| desk.renovations.get(&id).map(|case| (**case).clone()))?;
                Printable::Renovation {
                    id,
                    case: Box::new(case),
                    paper,
                }
            }
        };
        let policy = desk.with_desk(|desk| desk.policy_at(Utc::now()).clone());
        Some((form, loaded, policy))
    });
    let office = load_office_name();
    move || {
        let office = office
            .clone()
            .unwrap_or_else(|| i18n.t(Text::DefaultOfficeName).to_owned());
        let Some((form, printable, policy)) = printable.get() else {
            return view! {
                <section class="page">
                    <h1>{i18n.t(Text::NothingToPrint)}</h1>
                    <A href=Route::Renovations.href(&root) attr:class="button">{i18n.t(Text::BackToList)}</A>
                </section>
            }
            .into_any();
        };
        let (back, back_label) = match &printable {
            Printable::Renovation { id, .. } => (Route::Renovation(id.clone()), Text::BackToList),
            Printable::Feedback { id, .. } => {
                (Route::FeedbackCase(id.clone()), Text::BackToFeedback)
            }
            Printable::Visitors { .. } => (Route::Feedback, Text::BackToFeedback),
        };
        let body = match printable {
            Printable::Renovation { case, paper, .. } => {
                let case = *case;
                let number = case.number.clone().unwrap_or_default();
                let sheet = match form {
                    PrintForm::Receipt => case
                        .receipts
                        .iter()
                        .find(|receipt| Some(&receipt.number) == paper.as_ref())
                        .cloned()
                        .map(|receipt| view! { <ReceiptSheet receipt=receipt case=case.clone() policy=policy.clone() /> }.into_any()),
                    PrintForm::RefundSlip => case
                        .refund_slips
                        .iter()
                        .find(|slip| Some(&slip.number) == paper.as_ref())
                        .cloned()
                        .map(|slip| view! { <RefundSlipSheet slip=slip case=case.clone() policy=policy.clone() /> }.into_any()),
                    PrintForm::Permit => Some(view! { <PermitAndPasses number=number case=case.clone() policy=policy.clone() /> }.into_any()),
                    PrintForm::Agreement => Some(view! { <Agreement office=office.clone() case=case.clone() policy=policy.clone() /> }.into_any()),
                    PrintForm::Acceptance => Some(view! { <AcceptanceForm case=case.clone() policy=policy.clone() /> }.into_any()),
                    _ => Some(view! { <ApplicationForm case=case.clone() policy=policy.clone() /> }.into_any()),
                };
                sheet.map(|sheet| view! { <CaseHeading case=case /> {sheet} }.into_any())
            }
            Printable::Feedback { case, timeline, .. } => Some(
                view! { <FeedbackRecord case=*case timeline=timeline policy=policy /> }.into_any(),
            ),
            Printable::Visitors { day, visits } => {
                Some(view! { <VisitorLog day=day visits=visits policy=policy /> }.into_any())
            }
        };
        let Some(body) = body else {
            return view! {
                <section class="page">
                    <h1>{i18n.t(Text::NothingToPrint)}</h1>
                    <A href=back.href(&root) attr:class="button">{i18n.t(back_label)}</A>
                </section>
            }
            .into_any();
        };
        view! {
            <div class="print-toolbar">
                <A href=back.href(&root) attr:class="button">{i18n.t(back_label)}</A>
                <button type="button" class="button button--primary" on:click=|_| {
                    let _ = window().print();
                }>{i18n.t(Text::PrintButton)}</button>
            </div>
            <article class="print-sheet" aria-labelledby="form-title">
                <p class="print-sheet__office">{office}</p>
                <h1 id="form-title">{i18n.t(form_title(form))}</h1>
                {body}
            </article>
        }
        .into_any()
    }
}

/// The lines people sign at the foot of a form, each named by who signs it.
#[component]
fn Signatures(lines: &'static [Text]) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <p class="signatures">
            {lines.iter().map(|who| view! {
                <span>{i18n.t(*who)} {i18n.t(Text::SignHere)} "________________"</span>
            }).collect_view()}
        </p>
    }
}

/// An amount in figures and in capitals, as receipts and slips print it.
#[component]
fn AmountInWords(amount: Money) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <dl class="facts amount-words">
            <dt>{i18n.t(Text::AmountInFigures)}</dt>
            <dd class="amount receipt-total">{amount.to_string()}</dd>
            <dt>{i18n.t(Text::AmountInCapitals)}</dt>
            <dd class="capitals">{amount.in_capitals()}</dd>
        </dl>
    }
}

/// The unit, resident and case number that head every printed form of a renovation.
#[component]
fn CaseHeading(case: RenovationCase) -> impl IntoView {
    let i18n = I18n::expect();
    let unit = case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let resident = case
        .resident
        .as_ref()
        .map(|r| name_and_phone(&r.name, &r.phone))
        .unwrap_or_default();
    let contractor = case
        .contractor
        .as_ref()
        .map(|c| name_and_phone(&c.name, &c.phone))
        .unwrap_or_default();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::CaseNumber)}</dt><dd class="print-case-number">{case.number.clone().unwrap_or_default()}</dd>
            <dt>{i18n.t(Text::Room)}</dt><dd class="print-unit">{unit}</dd>
            <dt>{i18n.t(Text::ResidentLabel)}</dt><dd>{resident}</dd>
            <dt>{i18n.t(Text::ContractorLabel)}</dt><dd>{contractor}</dd>
            <dt>{i18n.t(Text::StatusLabel)}</dt><dd>{i18n.t(status_text(case.status))}</dd>
        </dl>
    }
}

/// A name with its phone number, when there is one.
fn name_and_phone(name: &str, phone: &str) -> String {
    if phone.trim().is_empty() {
        name.to_owned()
    } else {
        format!("{name} · {phone}")
    }
}

/// Who a payer is by name: the contractor's company or the resident.
fn payer_name(case: &RenovationCase, payer: Payer) -> String {
    match payer {
        Payer::Contractor => case.contractor.as_ref().map(|c| c.name.clone()),
        Payer::Owner => case.resident.as_ref().map(|r| r.name.clone()),
    }
    .unwrap_or_default()
}

/// One receipt (收据, FEE-6): one payer, one collection, its lines, the amount in figures and
/// capitals, the payment method, who collected it, and the payer's signature line.
#[component]
fn ReceiptSheet(receipt: Receipt, case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let total = receipt.total();
    let voided = receipt.voided.clone();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::ReceiptNumber)}</dt><dd class="paper-number">{receipt.number.clone()}</dd>
            <dt>{i18n.t(Text::DateLabel)}</dt><dd>{office_time(receipt.collected_at, &policy)}</dd>
            <dt>{i18n.t(Text::PayerLabel)}</dt>
            <dd>{i18n.t(payer_text(receipt.payer))} " · " {payer_name(&case, receipt.payer)}</dd>
            <dt>{i18n.t(Text::PaymentMethodLabel)}</dt>
            <dd class="payment-method">{receipt.method.map(|method| i18n.t(payment_method_text(method))).unwrap_or("—")}</dd>
        </dl>
        {voided.map(|voided| view! {
            <p class="void-stamp" role="note">
                {i18n.t(Text::VoidedStamp)} " · " {voided.reason} " · " {voided.by} " · " {office_time(voided.at, &policy)}
            </p>
        })}
        <table class="ledger">
            <thead><tr>
                <th scope="col">{i18n.t(Text::ItemLabel)}</th>
                <th scope="col">{i18n.t(Text::QuantityLabel)}</th>
                <th scope="col">{i18n.t(Text::AmountLabel)}</th>
            </tr></thead>
            <tbody>
                {receipt.lines.iter().map(|line| view! {
                    <tr>
                        <td>{i18n.t(ledger_item_text(line.item))}</td>
                        <td>{line.quantity}</td>
                        <td class="amount">{line.amount.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <AmountInWords amount=total />
        <p>{i18n.t(Text::CollectedBy)} "：" {receipt.collected_by.clone()}</p>
        <Signatures lines=&[Text::PaidByLabel, Text::CollectedBy] />
    }
}

/// A refund slip (退款单, REN-41): the amount in figures and capitals, what was deducted from
/// the payer's deposit and why, and the payee's signature line.
#[component]
fn RefundSlipSheet(slip: RefundSlip, case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let deductions: Vec<_> = case
        .ledger
        .entries
        .iter()
        .filter(|entry| entry.payer == slip.payer && entry.kind == EntryKind::Deduction)
        .cloned()
        .collect();
    let balance = case.balance(slip.payer);
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::SlipNumber)}</dt><dd class="paper-number">{slip.number.clone()}</dd>
            <dt>{i18n.t(Text::DateLabel)}</dt><dd>{office_time(slip.paid_at, &policy)}</dd>
            <dt>{i18n.t(Text::PayeeLabel)}</dt>
            <dd>{i18n.t(payer_text(slip.payer))} " · " {payer_name(&case, slip.payer)}</dd>
            <dt>{i18n.t(Text::RefundMethodLabel)}</dt>
            <dd class="payment-method">{slip.method.map(|method| i18n.t(payment_method_text(method))).unwrap_or("—")}</dd>
            <dt>{i18n.t(Text::DepositPaid)}</dt><dd class="amount">{balance.deposit_paid.to_string()}</dd>
            <dt>{i18n.t(Text::ReturnedCardDeposits)}</dt><dd class="amount">{balance.returned_card_deposits.to_string()}</dd>
        </dl>
        <h2>{i18n.t(Text::DeductionsLabel)}</h2>
        {if deductions.is_empty() {
            view! { <p>{i18n.t(Text::NoDeductions)}</p> }.into_any()
        } else {
            view! {
                <table class="ledger deductions">
                    <tbody>
                        {deductions.into_iter().map(|entry| view! {
                            <tr>
                                <td>{office_time(entry.recorded_at, &policy)}</td>
                                <td>{i18n.t(ledger_item_text(entry.item))} " " {entry.note.clone()}</td>
                                <td class="amount">{entry.amount.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <AmountInWords amount=slip.amount />
        <p>{i18n.t(Text::Handler)} "：" {slip.paid_by.clone()}</p>
        <Signatures lines=&[Text::PayeeLabel, Text::Handler] />
    }
}

/// 《装修管理协议》 (REN-20): the three parties and the clauses, each with the office's policy
/// values in force today, so the paper says what the app charges and counts.
#[component]
fn Agreement(office: String, case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let fees = &policy.fees;
    let clauses = [
        fill(
            i18n.t(Text::AgreementClauseFees),
            &[
                ("contractor_deposit", &fees.contractor_deposit),
                ("owner_deposit", &fees.owner_deposit),
                ("maintenance", &fees.maintenance_fee),
                ("card_cost", &fees.pass_card_cost),
                ("card_deposit", &fees.pass_card_deposit),
                ("permit_cost", &fees.permit_cost),
            ],
        ),
        fill(
            i18n.t(Text::AgreementClauseReview),
            &[("days", &policy.drawing_review_working_days)],
        ),
        i18n.t(Text::AgreementClauseSite).to_owned(),
        fill(
            i18n.t(Text::AgreementClausePasses),
            &[
                ("lost_pass", &fees.lost_pass_deduction),
                ("lost_permit", &fees.lost_permit_deduction),
            ],
        ),
        fill(
            i18n.t(Text::AgreementClausePatrol),
            &[
                ("days", &policy.patrol_interval_working_days),
                ("rectify", &policy.rectification_working_days),
            ],
        ),
        fill(
            i18n.t(Text::AgreementClauseRefund),
            &[
                ("target", &policy.refund_target_working_days),
                ("limit", &policy.refund_limit_working_days),
            ],
        ),
    ];
    let declared: Vec<&str> = DECLARED_CHANGES
        .iter()
        .filter(|(change, _, _)| case.declared.contains(change))
        .map(|(_, _, label)| i18n.t(*label))
        .collect();
    view! {
        <dl class="facts parties">
            <dt>{i18n.t(Text::PartyOffice)}</dt><dd>{office}</dd>
            <dt>{i18n.t(Text::PartyOwner)}</dt><dd>{payer_name(&case, Payer::Owner)}</dd>
            <dt>{i18n.t(Text::PartyContractor)}</dt><dd>{payer_name(&case, Payer::Contractor)}</dd>
        </dl>
        <p>
            <strong>{i18n.t(Text::DeclaredChangesShort)}</strong> "："
            {if declared.is_empty() { i18n.t(Text::NothingDeclared).to_owned() } else { declared.join("、") }}
        </p>
        <ol class="clauses">
            {clauses.into_iter().map(|clause| view! { <li>{clause}</li> }).collect_view()}
        </ol>
        <Signatures lines=&[Text::PartyOffice, Text::PartyOwner, Text::PartyContractor] />
    }
}

/// 《客户建议/投诉处理记录表》 (FB-01..10): the case as received, classified, handled and
/// followed up, and every step with who took it and when.
#[component]
fn FeedbackRecord(case: FeedbackCase, timeline: Vec<Event>, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let lang = i18n.lang();
    let resident = case
        .resident
        .as_ref()
        .map(|r| name_and_phone(&r.name, &r.phone))
        .unwrap_or_default();
    let unit = case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let received = case
        .received_at
        .map(|at| office_time(at, &policy))
        .unwrap_or_default();
    let kind = case
        .kind
        .map(|kind| {
            i18n.t(match kind {
                FeedbackKind::Complaint => Text::KindComplaint,
                FeedbackKind::Suggestion => Text::KindSuggestion,
            })
        })
        .unwrap_or_default();
    let class = case
        .class
        .map(|class| format!("{} · {}", i18n.t(class_text(class)), case.cause))
        .unwrap_or_default();
    let department = case
        .department
        .map(|department| i18n.t(department_text(department)).to_owned())
        .unwrap_or_default();
    let signed = case
        .signed_by
        .as_ref()
        .map(|(by, at)| format!("{by} · {}", office_time(*at, &policy)))
        .unwrap_or_default();
    let follow_up = case
        .follow_up
        .as_ref()
        .map(|(satisfied, opinion, at)| {
            let answer = if *satisfied {
                Text::SatisfiedChoice
            } else {
                Text::NotSatisfiedChoice
            };
            format!(
                "{} · {opinion} · {}",
                i18n.t(answer),
                office_time(*at, &policy)
            )
        })
        .unwrap_or_default();
    let status = feedback_status_text(case.status.name())
        .map(|text| i18n.t(text))
        .unwrap_or_default();
    let steps: Vec<(String, String, String)> = timeline
        .iter()
        .filter_map(|event| match &event.change {
            estate_core::Change::Feedback(change) => Some((
                office_time(estate_core::desk::event_time(event), &policy),
                crate::i18n::feedback::change_text(change, lang, &policy),
                event.actor.name.clone(),
            )),
            _ => None,
        })
        .collect();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::CaseNumber)}</dt><dd class="print-case-number">{case.number.clone().unwrap_or_default()}</dd>
            <dt>{i18n.t(Text::FeedbackKindLabel)}</dt><dd>{kind}</dd>
            <dt>{i18n.t(Text::ResidentLabel)}</dt><dd>{resident}</dd>
            <dt>{i18n.t(Text::Room)}</dt><dd class="print-unit">{unit}</dd>
            <dt>{i18n.t(Text::ReceivedAtLabel)}</dt><dd>{received}</dd>
            <dt>{i18n.t(Text::WhatHappened)}</dt><dd>{case.what.clone()}</dd>
            <dt>{i18n.t(Text::ClassLabel)}</dt><dd>{class}</dd>
            <dt>{i18n.t(Text::DepartmentLabel)}</dt><dd>{department}</dd>
            <dt>{i18n.t(Text::DemandLabel)}</dt><dd>{case.demand.clone()}</dd>
            <dt>{i18n.t(Text::MethodLabel)}</dt><dd>{case.method.clone()}</dd>
            <dt>{i18n.t(Text::SignedByLabel)}</dt><dd>{signed}</dd>
            <dt>{i18n.t(Text::FollowUpResult)}</dt><dd>{follow_up}</dd>
            <dt>{i18n.t(Text::StatusLabel)}</dt><dd>{status}</dd>
        </dl>
        <h2>{i18n.t(Text::TimelineTitle)}</h2>
        <table class="ledger">
            <tbody>
                {steps.into_iter().map(|(at, what, who)| view! {
                    <tr><td>{at}</td><td>{what}</td><td>{who}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <Signatures lines=&[Text::RecordedBy, Text::CsManagerSignature] />
    }
}

/// 《来访接待记录表》 of one office day (FB-01, REN-10).
#[component]
fn VisitorLog(day: NaiveDate, visits: Vec<Visit>, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <p>{i18n.t(Text::DateLabel)} "：" <span class="print-day">{day.format("%Y-%m-%d").to_string()}</span></p>
        {if visits.is_empty() {
            view! { <p>{i18n.t(Text::NoVisitors)}</p> }.into_any()
        } else {
            view! {
                <table class="ledger visitor-log">
                    <thead><tr>
                        <th scope="col">{i18n.t(Text::WhenLabel)}</th>
                        <th scope="col">{i18n.t(Text::VisitorLabel)}</th>
                        <th scope="col">{i18n.t(Text::Phone)}</th>
                        <th scope="col">{i18n.t(Text::Room)}</th>
                        <th scope="col">{i18n.t(Text::PurposeLabel)}</th>
                        <th scope="col">{i18n.t(Text::CaseNumber)}</th>
                        <th scope="col">{i18n.t(Text::ReceivedByLabel)}</th>
                    </tr></thead>
                    <tbody>
                        {visits.into_iter().map(|visit| {
                            let purpose = match &visit.purpose {
                                Purpose::RenovationApplication => i18n.t(Text::PurposeRenovation).to_owned(),
                                Purpose::Complaint(what) => format!("{}：{what}", i18n.t(Text::KindComplaint)),
                                Purpose::Suggestion(what) => format!("{}：{what}", i18n.t(Text::KindSuggestion)),
                            };
                            let time = office_time(visit.at, &policy);
                            let clock = time.split(' ').nth(1).unwrap_or_default().to_owned();
                            view! {
                                <tr>
                                    <td>{clock}</td>
                                    <td>{visit.visitor}</td>
                                    <td>{visit.phone}</td>
                                    <td>{visit.unit}</td>
                                    <td>{purpose}</td>
                                    <td>{visit.number}</td>
                                    <td>{visit.received_by}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <Signatures lines=&[Text::ReceivedByLabel, Text::CsManagerSignature] />
    }
}

/// 《装修申请审批表》 as printed (REN-11).
#[component]
fn ApplicationForm(case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let declared: Vec<&str> = DECLARED_CHANGES
        .iter()
        .filter(|(change, _, _)| case.declared.contains(change))
        .map(|(_, _, label)| i18n.t(*label))
        .collect();
    let documents = required_documents(&case.declared, case.commercial_unit, &policy);
    let review = case.last_review.clone();
    view! {
        <p><strong>{i18n.t(Text::StepDeclaredChanges)}</strong> "：" {declared.join("、")}</p>
        <table class="ledger">
            <thead><tr>
                <th scope="col">{i18n.t(Text::ItemLabel)}</th>
                <th scope="col">{i18n.t(Text::ReceivedCopies)}</th>
            </tr></thead>
            <tbody>
                // A form for residents carries no rule IDs (issue #22).
                {documents.into_iter().map(|(document, _)| {
                    let held = case.documents.get(&document).cloned().unwrap_or_default();
                    let copies = held.attachments.len() as u32 + held.paper_copies;
                    view! {
                        <tr>
                            <td>{i18n.t(document_text(document))}</td>
                            <td>{format!("{copies}/{}", document.copies_needed())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {review.map(|review| {
            let points = [
                (Text::PointStructure, review.structure),
                (Text::PointPlumbingGas, review.plumbing_and_gas),
                (Text::PointPowerLowVoltage, review.power_and_low_voltage),
                (Text::PointFacade, review.facade),
            ];
            view! {
                <h2>{i18n.t(Text::ReviewTitle)}</h2>
                <table class="ledger">
                    <tbody>
                        {points.into_iter().map(|(label, point)| view! {
                            <tr>
                                <td>{i18n.t(label)}</td>
                                <td>{i18n.t(if point.passed { Text::PointPass } else { Text::PointFail })}</td>
                                <td>{point.remark}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <Signatures lines=&[Text::PartyOwner, Text::PartyContractor, Text::RecordedBy] />
    }
}

/// The construction permit and the numbered worker passes, each with its QR code.
#[component]
fn PermitAndPasses(number: String, case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let qr = qr_svg(&number);
    let unit = case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let started = case
        .construction_started_at
        .map(|at| office_time(at, &policy))
        .unwrap_or_else(|| "—".into());
    let passes: Vec<u32> = case.passes.keys().copied().collect();
    let printed = office_time(chrono::Utc::now(), &policy);
    view! {
        <div class="permit">
            <div>
                <p class="permit__number">{i18n.t(Text::PermitNumber)} "：" {case.permit.clone().unwrap_or_default()}</p>
                <p>{i18n.t(Text::WorkStarted)} "：" {started.clone()}</p>
                <p>{i18n.t(Text::DateLabel)} "：" {printed}</p>
                {case.hot_work_permit.clone().map(|number| view! {
                    <p>{i18n.t(Text::HotWorkLabel)} "：" {number}</p>
                })}
            </div>
            <figure class="qr">
                <div class="qr__code" role="img" aria-label=format!("QR {number}") inner_html=qr.clone()></div>
                <figcaption>{i18n.t(Text::ScanOnPatrol)}</figcaption>
            </figure>
        </div>
        <h2>{i18n.t(Text::PassesLabel)}</h2>
        <div class="pass-cards">
            {passes.into_iter().map(|number| view! {
                <div class="pass-card">
                    <p class="pass-card__title">{i18n.t(Text::PassesLabel)} " No. " {number}</p>
                    <p>{unit.clone()}</p>
                    <p>{i18n.t(Text::WorkStarted)} "：" {started.clone()}</p>
                    <div class="qr__code qr__code--small" role="img" aria-label=format!("QR {number}") inner_html=qr.clone()></div>
                </div>
            }).collect_view()}
        </div>
    }
}

/// 《装修验收单》 as printed (REN-40).
#[component]
fn AcceptanceForm(case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let requested = case
        .acceptance_requested_at
        .map(|at| office_time(at, &policy))
        .unwrap_or_default();
    let scheduled = case
        .acceptance_scheduled_for
        .map(|at| office_time(at, &policy))
        .unwrap_or_default();
    let result = case
        .accepted_at
        .map(|at| {
            format!(
                "{} · {}",
                i18n.t(Text::AcceptancePassed),
                office_time(at, &policy)
            )
        })
        .unwrap_or_default();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::TlAcceptanceRequested)}</dt><dd>{requested}</dd>
            <dt>{i18n.t(Text::AcceptanceTime)}</dt><dd>{scheduled}</dd>
            <dt>{i18n.t(Text::AcceptanceResult)}</dt><dd>{result}</dd>
        </dl>
        <h2>{i18n.t(Text::OpenDefects)}</h2>
        <ol class="defect-lines">
            {case.open_defects.iter().map(|defect| view! { <li>{defect.clone()}</li> }).collect_view()}
            <li></li>
            <li></li>
        </ol>
        <Signatures lines=&[Text::PartyOwner, Text::PartyContractor, Text::AcceptedBy] />
    }
}
