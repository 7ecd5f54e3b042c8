//! The renovation words of the catalogue: statuses, documents, ledger lines, deadlines and the
//! timeline, each domain value mapped to its [`Text`] so both languages stay complete.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use estate_core::deadline::{Deadline, DeadlineKind, Span};
use estate_core::ledger::{EntryKind, LedgerItem, Payer, PaymentMethod};
use estate_core::renovation::{
    DeclaredChange, Document, DrawingReview, RenovationChange, RenovationStatus, ReviewPointKind,
};
use estate_core::Policy;

use super::{fill, Lang, Text};

pub fn status_text(status: RenovationStatus) -> Text {
    use RenovationStatus as S;
    match status {
        S::New => Text::RenStatusNew,
        S::Draft => Text::RenStatusDraft,
        S::Submitted => Text::RenStatusSubmitted,
        S::Rejected => Text::RenStatusRejected,
        S::Approved => Text::RenStatusApproved,
        S::UnderConstruction => Text::RenStatusUnderConstruction,
        S::AcceptanceRequested => Text::RenStatusAcceptanceRequested,
        S::Accepted => Text::RenStatusAccepted,
        S::Refunded => Text::RenStatusRefunded,
        S::Withdrawn => Text::RenStatusWithdrawn,
        S::Closed => Text::RenStatusClosed,
    }
}

/// Every status, in workflow order, for the list's status filter.
pub const STATUSES: [RenovationStatus; 10] = [
    RenovationStatus::Draft,
    RenovationStatus::Submitted,
    RenovationStatus::Rejected,
    RenovationStatus::Approved,
    RenovationStatus::UnderConstruction,
    RenovationStatus::AcceptanceRequested,
    RenovationStatus::Accepted,
    RenovationStatus::Refunded,
    RenovationStatus::Withdrawn,
    RenovationStatus::Closed,
];

/// A REN-30 review point's name.
pub fn review_point_text(point: ReviewPointKind) -> Text {
    match point {
        ReviewPointKind::Structure => Text::PointStructure,
        ReviewPointKind::PlumbingAndGas => Text::PointPlumbingGas,
        ReviewPointKind::PowerAndLowVoltage => Text::PointPowerLowVoltage,
        ReviewPointKind::Facade => Text::PointFacade,
    }
}

/// Every failed review point with its remark, as the front desk reads them back (REN-30).
pub fn rejection_reasons(review: &DrawingReview, lang: Lang) -> Vec<String> {
    review
        .rejection_reasons()
        .into_iter()
        .map(|(point, remark)| format!("{}: {remark}", review_point_text(point).in_lang(lang)))
        .collect()
}

pub fn document_text(document: Document) -> Text {
    use Document as D;
    match document {
        D::ResidentPhotos => Text::DocResidentPhotos,
        D::IdCopy => Text::DocIdCopy,
        D::ResidentForm => Text::DocResidentForm,
        D::ApplicationForm => Text::DocApplicationForm,
        D::FloorPlan => Text::DocFloorPlan,
        D::ElevationPlan => Text::DocElevationPlan,
        D::ElectricalPlan => Text::DocElectricalPlan,
        D::SystemDiagram => Text::DocSystemDiagram,
        D::PlumbingPlan => Text::DocPlumbingPlan,
        D::GasPipePlan => Text::DocGasPipePlan,
        D::ContractorLicence => Text::DocContractorLicence,
        D::ContractorQualification => Text::DocContractorQualification,
        D::FireApproval => Text::DocFireApproval,
        D::FirePlan => Text::DocFirePlan,
        D::EnvironmentalApproval => Text::DocEnvironmentalApproval,
        D::GasUseApproval => Text::DocGasUseApproval,
    }
}

/// Every document, so a violation's wire name can be turned back into its label.
const DOCUMENTS: [Document; 16] = [
    Document::ResidentPhotos,
    Document::IdCopy,
    Document::ResidentForm,
    Document::ApplicationForm,
    Document::FloorPlan,
    Document::ElevationPlan,
    Document::ElectricalPlan,
    Document::SystemDiagram,
    Document::PlumbingPlan,
    Document::GasPipePlan,
    Document::ContractorLicence,
    Document::ContractorQualification,
    Document::FireApproval,
    Document::FirePlan,
    Document::EnvironmentalApproval,
    Document::GasUseApproval,
];

/// The document whose wire name is `name` (as violations carry it).
pub fn document_named(name: &str) -> Option<Document> {
    DOCUMENTS
        .into_iter()
        .find(|document| document.name() == name)
}

/// The declared changes an application can list, with their labels (REN-11, 14, 15, 20).
pub const DECLARED_CHANGES: [(DeclaredChange, &str, Text); 6] = [
    (DeclaredChange::Wiring, "wiring", Text::DeclaredWiring),
    (DeclaredChange::Plumbing, "plumbing", Text::DeclaredPlumbing),
    (
        DeclaredChange::GasPipes,
        "gas-pipes",
        Text::DeclaredGasPipes,
    ),
    (DeclaredChange::HotWork, "hot-work", Text::DeclaredHotWork),
    (
        DeclaredChange::Emissions,
        "emissions",
        Text::DeclaredEmissions,
    ),
    (
        DeclaredChange::GasUseNeedingApproval,
        "gas-use",
        Text::DeclaredGasUse,
    ),
];

pub fn ledger_item_text(item: LedgerItem) -> Text {
    use LedgerItem as I;
    match item {
        I::RenovationDeposit => Text::ItemRenovationDeposit,
        I::MaintenanceFee => Text::ItemMaintenanceFee,
        I::PassCardCost => Text::ItemPassCardCost,
        I::PassCardDeposit => Text::ItemPassCardDeposit,
        I::PermitCost => Text::ItemPermitCost,
        I::LostPassDeduction => Text::ItemLostPassDeduction,
        I::LostPermitDeduction => Text::ItemLostPermitDeduction,
        I::ViolationDeduction => Text::ItemViolationDeduction,
        I::OwedPayment => Text::ItemOwedPayment,
        I::UnclaimedRefund => Text::ItemUnclaimedRefund,
        I::WaivedDebt => Text::ItemWaivedDebt,
    }
}

pub fn entry_kind_text(kind: EntryKind) -> Text {
    match kind {
        EntryKind::Charge => Text::EntryCharge,
        EntryKind::Refund => Text::EntryRefund,
        EntryKind::Deduction => Text::EntryDeduction,
        EntryKind::Reversal => Text::EntryReversal,
        EntryKind::WriteOff => Text::EntryWriteOff,
    }
}

/// How money was paid or refunded, as a receipt says it.
pub fn payment_method_text(method: PaymentMethod) -> Text {
    match method {
        PaymentMethod::Cash => Text::MethodCash,
        PaymentMethod::WeChat => Text::MethodWeChat,
        PaymentMethod::Alipay => Text::MethodAlipay,
        PaymentMethod::BankTransfer => Text::MethodBankTransfer,
        PaymentMethod::Card => Text::MethodCard,
    }
}

pub fn payer_text(payer: Payer) -> Text {
    match payer {
        Payer::Contractor => Text::PayerContractor,
        Payer::Owner => Text::PayerOwner,
    }
}

pub fn deadline_kind_text(kind: DeadlineKind) -> Text {
    use DeadlineKind as K;
    match kind {
        K::DrawingReview => Text::DeadlineDrawingReview,
        K::RefundTarget => Text::DeadlineRefundTarget,
        K::RefundLimit => Text::DeadlineRefundLimit,
        K::FeedbackReply => Text::DeadlineFeedbackReply,
        K::AgreedReply => Text::DeadlineAgreedReply,
        K::FollowUpVisit => Text::DeadlineFollowUpVisit,
        K::DepartmentCompletion => Text::DeadlineDepartmentCompletion,
        K::Rectification => Text::DeadlineRectification,
        K::ScheduledPatrol => Text::DeadlineScheduledPatrol,
    }
}

/// A deadline's name with the length its policy gave it ("退款期限（7个工作日）"), and, when its
/// counting ran into a year whose holidays are not entered, a note that says so.
pub fn deadline_label(deadline: &Deadline, lang: Lang) -> String {
    let (days, hours) = match deadline.span {
        Some(Span::WorkingDays(days) | Span::CalendarDays(days)) => (days, 0),
        Some(Span::Hours(hours)) => (0, hours),
        None => (0, 0),
    };
    let label = fill(
        deadline_kind_text(deadline.kind).in_lang(lang),
        &[("days", &days), ("hours", &hours)],
    );
    match deadline.missing_year {
        Some(year) => format!(
            "{label} · {}",
            fill(Text::MissingYearNote.in_lang(lang), &[("year", &year)])
        ),
        None => label,
    }
}

/// "2 天 3 小时" left, or overdue by that much; minutes only under an hour.
pub fn time_left_text(left: Duration, lang: Lang) -> String {
    let overdue = left < Duration::zero();
    let left = if overdue { -left } else { left };
    let (days, hours, minutes) = (
        left.num_days(),
        left.num_hours() % 24,
        left.num_minutes() % 60,
    );
    let unit = |text: Text| text.in_lang(lang);
    let span = if days > 0 {
        format!(
            "{days} {} {hours} {}",
            unit(Text::DaysUnit),
            unit(Text::HoursUnit)
        )
    } else if hours > 0 {
        format!("{hours} {}", unit(Text::HoursUnit))
    } else {
        format!("{minutes} {}", unit(Text::MinutesUnit))
    };
    if overdue {
        format!("{} {span}", unit(Text::OverdueBy))
    } else if lang == Lang::ZhCn {
        format!("{} {span}", unit(Text::TimeLeft))
    } else {
        format!("{span} {}", unit(Text::TimeLeft))
    }
}

/// An instant as the office's wall clock reads it: `2026-10-09 17:30`.
pub fn office_time(at: DateTime<Utc>, policy: &Policy) -> String {
    at.with_timezone(&policy.office_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The time of day on the office's wall clock, to the second: `17:30:25` (when a short PIN
/// lock ends).
pub fn office_clock_time(at_ms: i64, policy: &Policy) -> String {
    DateTime::from_timestamp_millis(at_ms)
        .map(|at| {
            at.with_timezone(&policy.office_offset())
                .format("%H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// Parses a `datetime-local` value as the office's wall clock.
pub fn parse_office_time(value: &str, policy: &Policy) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()?;
    naive
        .and_local_timezone(policy.office_offset())
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// A collection's timeline line: its total and the receipts it gave.
fn collection_line(
    title: String,
    charges: &[(Payer, LedgerItem, estate_core::Money)],
    payments: &[estate_core::ledger::Payment],
) -> String {
    let total: estate_core::Money = charges.iter().map(|(_, _, amount)| *amount).sum();
    let receipts: Vec<&str> = payments
        .iter()
        .filter_map(|payment| payment.receipt.as_deref())
        .collect();
    if receipts.is_empty() {
        format!("{title} · {total}")
    } else {
        format!("{title} · {total} · {}", receipts.join("、"))
    }
}

/// One timeline line: what happened, in plain words, with its particulars.
pub fn change_text(change: &RenovationChange, lang: Lang, policy: &Policy) -> String {
    use RenovationChange as C;
    let t = |text: Text| text.in_lang(lang).to_owned();
    match change {
        C::Opened {
            unit,
            resident,
            number,
            ..
        } => {
            let number = number
                .as_deref()
                .map(|n| format!(" · {n}"))
                .unwrap_or_default();
            format!("{} · {unit} · {}{number}", t(Text::TlOpened), resident.name)
        }
        C::ContractorSet { contractor } => {
            format!("{} · {}", t(Text::TlContractorSet), contractor.name)
        }
        C::ChangesDeclared { changes } => {
            let listed: Vec<String> = DECLARED_CHANGES
                .iter()
                .filter(|(change, _, _)| changes.contains(change))
                .map(|(_, _, label)| t(*label))
                .collect();
            format!("{} · {}", t(Text::TlChangesDeclared), listed.join("、"))
        }
        C::DocumentReceived { document, .. } => {
            format!(
                "{} · {}",
                t(Text::TlDocumentReceived),
                t(document_text(*document))
            )
        }
        C::PaperUnmarked { document } => format!(
            "{} · {}",
            t(Text::TlPaperUnmarked),
            t(document_text(*document))
        ),
        C::Submitted => t(Text::TlSubmitted),
        C::FeesCharged {
            charges, payments, ..
        } => collection_line(t(Text::TlFeesCharged), charges, payments),
        C::PermitIssued { number } => format!("{} · {number}", t(Text::TlPermitIssued)),
        C::PassesIssued { numbers } => {
            let listed: Vec<String> = numbers.iter().map(u32::to_string).collect();
            format!("{} · {}", t(Text::TlPassesIssued), listed.join(", "))
        }
        C::HotWorkPermitIssued { number } => {
            format!("{} · {number}", t(Text::TlHotWorkPermitIssued))
        }
        C::AgreementSigned => t(Text::TlAgreementSigned),
        C::DrawingsReviewed { review } if review.approves() => t(Text::TlReviewApproved),
        C::DrawingsReviewed { review } => format!(
            "{} · {}",
            t(Text::TlReviewRejected),
            rejection_reasons(review, lang).join("; ")
        ),
        C::ConstructionStarted => t(Text::TlConstructionStarted),
        C::PassLost { number, deduction } => {
            format!("{} · {number} · {deduction}", t(Text::TlPassLost))
        }
        C::PermitLost { deduction } => format!("{} · {deduction}", t(Text::TlPermitLost)),
        C::PassReturned { number } => format!("{} · {number}", t(Text::TlPassReturned)),
        C::ViolationDeducted { amount, note, .. } => {
            format!("{} · {amount} · {note}", t(Text::TlViolationDeducted))
        }
        C::AcceptanceRequested => t(Text::TlAcceptanceRequested),
        C::AcceptanceScheduled { at } => format!(
            "{} · {}",
            t(Text::TlAcceptanceScheduled),
            office_time(*at, policy)
        ),
        C::AcceptanceRecorded { passed: true, .. } => t(Text::TlAcceptancePassed),
        C::AcceptanceRecorded { defects, .. } => {
            format!("{} · {}", t(Text::TlAcceptanceFailed), defects.join("; "))
        }
        C::RefundPaid {
            payer,
            amount,
            method,
            slip,
        } => {
            let mut line = format!(
                "{} · {} · {amount}",
                t(Text::TlRefundPaid),
                t(payer_text(*payer))
            );
            if let Some(method) = method {
                line.push_str(&format!(" · {}", t(payment_method_text(*method))));
            }
            if let Some(slip) = slip {
                line.push_str(&format!(" · {slip}"));
            }
            line
        }
        C::ExtrasCollected {
            charges, payments, ..
        } => collection_line(t(Text::TlExtrasCollected), charges, payments),
        C::OwedCollected {
            payer,
            amount,
            payment,
        } => format!(
            "{} · {} · {amount} · {}{}",
            t(Text::TlOwedCollected),
            t(payer_text(*payer)),
            t(payment_method_text(payment.method)),
            payment
                .receipt
                .as_deref()
                .map(|r| format!(" · {r}"))
                .unwrap_or_default()
        ),
        C::ReceiptVoided { receipt, reason } => {
            format!("{} · {receipt} · {reason}", t(Text::TlReceiptVoided))
        }
        C::Withdrawn { reason } => format!("{} · {reason}", t(Text::TlWithdrawn)),
        C::BalanceWrittenOff { payer, net, reason } => format!(
            "{} · {} · {net} · {reason}",
            t(Text::TlBalanceWrittenOff),
            t(payer_text(*payer))
        ),
        C::Closed => t(Text::TlClosed),
        C::ClosedBecause { reason } => format!("{} · {reason}", t(Text::TlClosed)),
        C::FieldSet { value, .. } => format!("{} · {value}", t(Text::TlFieldSet)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_3_time_left_reads_in_days_hours_or_minutes_and_says_overdue() {
        let zh = |minutes: i64| time_left_text(Duration::minutes(minutes), Lang::ZhCn);
        assert_eq!(zh(2 * 24 * 60 + 3 * 60 + 5), "剩余 2 天 3 小时");
        assert_eq!(zh(90), "剩余 1 小时");
        assert_eq!(zh(5), "剩余 5 分钟");
        assert_eq!(zh(-(5 * 60)), "已逾期 5 小时");
        assert_eq!(
            time_left_text(Duration::hours(30), Lang::En),
            "1 d 6 h left"
        );
    }

    #[test]
    fn ren_40_a_chosen_time_is_read_as_office_time() {
        let policy = Policy::default();
        let at = parse_office_time("2026-10-12T14:30", &policy).unwrap();
        assert_eq!(office_time(at, &policy), "2026-10-12 14:30");
        assert!(parse_office_time("next tuesday", &policy).is_none());
    }

    #[test]
    fn ren_16_every_document_wire_name_maps_back_to_its_label() {
        for document in DOCUMENTS {
            assert_eq!(document_named(document.name()), Some(document));
        }
        assert_eq!(document_named("passport"), None);
    }
}
