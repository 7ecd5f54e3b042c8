//! Route `/print?form=…&id=…`: the paper forms of a renovation case on A4, with the office
//! name from Settings: the application form, the fee receipt, the construction permit with the
//! numbered worker passes (each with a QR code of the case id, for patrol scanning), and the
//! acceptance form.

use chrono::Utc;
use estate_core::ledger::{EntryKind, Payer};
use estate_core::renovation::{required_documents, RenovationCase};
use estate_core::{EntityId, Money, Policy};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::components::qr_code::qr_svg;
use crate::device_settings::load_office_name;
use crate::i18n::renovation::{
    document_text, ledger_item_text, office_time, payer_text, status_text, DECLARED_CHANGES,
};
use crate::i18n::{I18n, Text};
use crate::routes::{PrintForm, Route};
use crate::services::Services;

/// The title of a printed form.
fn form_title(form: PrintForm) -> Text {
    match form {
        PrintForm::Application => Text::ApplicationFormTitle,
        PrintForm::Receipt => Text::ReceiptTitle,
        PrintForm::Permit => Text::PermitLabel,
        PrintForm::Acceptance => Text::AcceptanceFormTitle,
    }
}

/// Route `/print?form=…&id=…`: a printable form of a case.
#[component]
pub fn PrintPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let printable = Memo::new(move |_| {
        services.version();
        let (form, id) = query.with(|query| (query.get("form"), query.get("id")));
        let form = PrintForm::from_name(&form?)?;
        let id = EntityId(id?);
        services.desk().with_desk(|desk| {
            let case = desk.renovations.get(&id)?.clone();
            Some((form, id, case, desk.policy_at(Utc::now()).clone()))
        })
    });
    let office = load_office_name();
    move || {
        let office = office
            .clone()
            .unwrap_or_else(|| i18n.t(Text::DefaultOfficeName).to_owned());
        match printable.get() {
            None => view! {
                <section class="page">
                    <h1>{i18n.t(Text::NothingToPrint)}</h1>
                    <A href=Route::Renovations.href(&root) attr:class="button">{i18n.t(Text::BackToList)}</A>
                </section>
            }
            .into_any(),
            Some((form, id, case, policy)) => view! {
                <div class="print-toolbar">
                    <A href=Route::Renovation(id.clone()).href(&root) attr:class="button">{i18n.t(Text::BackToList)}</A>
                    <button type="button" class="button button--primary" on:click=|_| {
                        let _ = window().print();
                    }>{i18n.t(Text::PrintButton)}</button>
                </div>
                <article class="print-sheet" aria-labelledby="form-title">
                    <p class="print-sheet__office">{office}</p>
                    <h1 id="form-title">{i18n.t(form_title(form))}</h1>
                    <CaseHeading id=id.clone() case=case.clone() />
                    {match form {
                        PrintForm::Application => view! { <ApplicationForm case=case policy=policy /> }.into_any(),
                        PrintForm::Receipt => view! { <Receipt case=case policy=policy /> }.into_any(),
                        PrintForm::Permit => view! { <PermitAndPasses id=id case=case policy=policy /> }.into_any(),
                        PrintForm::Acceptance => view! { <AcceptanceForm case=case policy=policy /> }.into_any(),
                    }}
                    <p class="signatures">
                        <span>{i18n.t(Text::SignatureLabel)} "（" {i18n.t(Text::PayerOwner)} "）：________"</span>
                        <span>{i18n.t(Text::SignatureLabel)} "（" {i18n.t(Text::PayerContractor)} "）：________"</span>
                        <span>{i18n.t(Text::SignatureLabel)} "（" {i18n.t(Text::RecordedBy)} "）：________"</span>
                    </p>
                </article>
            }
            .into_any(),
        }
    }
}

/// The unit, resident and case number that head every printed form.
#[component]
fn CaseHeading(id: EntityId, case: RenovationCase) -> impl IntoView {
    let i18n = I18n::expect();
    let unit = case
        .unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let resident = case
        .resident
        .as_ref()
        .map(|r| format!("{} · {}", r.name, r.phone))
        .unwrap_or_default();
    let contractor = case
        .contractor
        .as_ref()
        .map(|c| format!("{} · {}", c.name, c.phone))
        .unwrap_or_default();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Text::CaseNumber)}</dt><dd>{id.0}</dd>
            <dt>{i18n.t(Text::Room)}</dt><dd class="print-unit">{unit}</dd>
            <dt>{i18n.t(Text::ResidentLabel)}</dt><dd>{resident}</dd>
            <dt>{i18n.t(Text::ContractorLabel)}</dt><dd>{contractor}</dd>
            <dt>{i18n.t(Text::StatusLabel)}</dt><dd>{i18n.t(status_text(case.status))}</dd>
        </dl>
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
                <th scope="col">{i18n.t(Text::RequiredBy)}</th>
                <th scope="col">{i18n.t(Text::ReceivedCopies)}</th>
            </tr></thead>
            <tbody>
                {documents.into_iter().map(|(document, rule)| {
                    let held = case.documents.get(&document).cloned().unwrap_or_default();
                    let copies = held.attachments.len() as u32 + held.paper_copies;
                    view! {
                        <tr>
                            <td>{i18n.t(document_text(document))}</td>
                            <td>{rule.code()}</td>
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
    }
}

/// The receipt of the fees collected (REN-20).
#[component]
fn Receipt(case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let charges: Vec<_> = case
        .ledger
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::Charge)
        .cloned()
        .collect();
    let total: Money = charges.iter().map(|entry| entry.amount).sum();
    let date = charges
        .first()
        .map(|entry| office_time(entry.recorded_at, &policy))
        .unwrap_or_default();
    let payer_total = |payer: Payer| -> Money {
        charges
            .iter()
            .filter(|entry| entry.payer == payer)
            .map(|entry| entry.amount)
            .sum()
    };
    let subtotals = [Payer::Contractor, Payer::Owner].map(|payer| (payer, payer_total(payer)));
    view! {
        <p>{i18n.t(Text::DateLabel)} "：" {date}</p>
        <table class="ledger">
            <thead><tr>
                <th scope="col">{i18n.t(Text::PayerLabel)}</th>
                <th scope="col">{i18n.t(Text::ItemLabel)}</th>
                <th scope="col">{i18n.t(Text::AmountLabel)}</th>
            </tr></thead>
            <tbody>
                {charges.into_iter().map(|entry| view! {
                    <tr>
                        <td>{i18n.t(payer_text(entry.payer))}</td>
                        <td>{i18n.t(ledger_item_text(entry.item))}</td>
                        <td class="amount">{entry.amount.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                {subtotals.into_iter().map(|(payer, amount)| view! {
                    <tr>
                        <th scope="row" colspan="2">{i18n.t(payer_text(payer))} " · " {i18n.t(Text::TotalLabel)}</th>
                        <td class="amount">{amount.to_string()}</td>
                    </tr>
                }).collect_view()}
                <tr>
                    <th scope="row" colspan="2">{i18n.t(Text::TotalLabel)}</th>
                    <td class="amount receipt-total">{total.to_string()}</td>
                </tr>
            </tfoot>
        </table>
    }
}

/// The construction permit and the numbered worker passes, each with its QR code.
#[component]
fn PermitAndPasses(id: EntityId, case: RenovationCase, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    let qr = qr_svg(&id.0);
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
                <div class="qr__code" role="img" aria-label=format!("QR {}", id.0) inner_html=qr.clone()></div>
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
                    <div class="qr__code qr__code--small" role="img" aria-label=format!("QR {}", id.0) inner_html=qr.clone()></div>
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
    }
}
