//! The monthly forms (REN-21, FB-11, FB-12) as pure functions from the log and the desk to
//! rows. Months are calendar months in the office's time zone.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::desk::{event_time, ConflictKind, Desk};
use crate::event::{Change, EntityId, Event, EventId};
use crate::feedback::{ComplaintClass, FeedbackCase, FeedbackKind};
use crate::ledger::LedgerItem;
use crate::money::Money;
use crate::policy::Policy;
use crate::renovation::RenovationChange;

/// A calendar month of the office.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        assert!((1..=12).contains(&month), "month {month} out of range");
        Month { year, month }
    }

    /// The month of `instant` in the office's time zone.
    pub fn of(instant: DateTime<Utc>, policy: &Policy) -> Month {
        let local = instant.with_timezone(&policy.office_offset());
        Month::new(local.year(), local.month())
    }

    /// The month before, for charts of this month against the previous ones.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month::new(self.year - 1, 12)
        } else {
            Month::new(self.year, self.month - 1)
        }
    }

    /// Whether `instant` falls in this month (office time).
    pub fn contains(self, instant: DateTime<Utc>, policy: &Policy) -> bool {
        Month::of(instant, policy) == self
    }

    /// The first instant after the month, office time.
    pub fn end(self, policy: &Policy) -> DateTime<Utc> {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        let first = NaiveDate::from_ymd_opt(year, month, 1)
            .expect("valid month")
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        policy
            .office_offset()
            .from_local_datetime(&first)
            .single()
            .expect("fixed offset")
            .with_timezone(&Utc)
    }
}

/// 每月装修统计表 (REN-21).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenovationMonthReport {
    pub applications: u32,
    pub approvals: u32,
    pub rejections: u32,
    /// Cases under construction (or awaiting acceptance) at the end of the month.
    pub under_construction: u32,
    pub accepted: u32,
    /// Cases that received a refund in the month.
    pub refunded_cases: u32,
    /// Non-refundable fees collected (FEE-2, FEE-3 card cost, FEE-5).
    pub fees_collected: Money,
    /// Deposits collected (FEE-1, FEE-4).
    pub deposits_collected: Money,
    pub deposits_refunded: Money,
    pub deductions: Money,
}

fn held_events(desk: &Desk) -> BTreeSet<&EventId> {
    desk.conflicts
        .iter()
        .filter(|conflict| matches!(conflict.kind, ConflictKind::InvalidInMergedOrder { .. }))
        .map(|conflict| &conflict.event)
        .collect()
}

/// REN-21: the month's renovation statistics from the event log (held conflicts excluded).
impl RenovationMonthReport {
    /// Counts an amount collected (negative: taken back) as a deposit or as a fee.
    fn count_collected(&mut self, item: LedgerItem, amount: Money) {
        match item {
            LedgerItem::RenovationDeposit | LedgerItem::PassCardDeposit => {
                self.deposits_collected += amount;
            }
            _ => self.fees_collected += amount,
        }
    }
}

pub fn renovation_month(events: &[Event], desk: &Desk, month: Month) -> RenovationMonthReport {
    let policy = desk.policies.latest();
    let held = held_events(desk);
    let mut ordered: Vec<&Event> = events
        .iter()
        .filter(|event| !held.contains(&event.id))
        .collect();
    crate::sorting::sort_by(&mut ordered, |a, b| a.order_key().cmp(&b.order_key()));
    let month_end = month.end(policy);
    let mut report = RenovationMonthReport::default();
    let mut building: BTreeSet<&EntityId> = BTreeSet::new();
    let mut refunded: BTreeSet<&EntityId> = BTreeSet::new();
    for event in ordered {
        let at = event_time(event);
        if at >= month_end {
            break;
        }
        let Change::Renovation(change) = &event.change else {
            continue;
        };
        match change {
            RenovationChange::ConstructionStarted => {
                building.insert(&event.entity);
            }
            RenovationChange::AcceptanceRecorded { passed: true, .. }
            | RenovationChange::Withdrawn { .. }
            | RenovationChange::Closed
            | RenovationChange::ClosedBecause { .. } => {
                building.remove(&event.entity);
            }
            _ => {}
        }
        if !month.contains(at, policy) {
            continue;
        }
        match change {
            RenovationChange::Opened { .. } => report.applications += 1,
            RenovationChange::DrawingsReviewed { review } if review.approves() => {
                report.approvals += 1;
            }
            RenovationChange::DrawingsReviewed { .. } => report.rejections += 1,
            RenovationChange::AcceptanceRecorded { passed: true, .. } => report.accepted += 1,
            RenovationChange::FeesCharged { charges, .. }
            | RenovationChange::ExtrasCollected { charges, .. } => {
                for (_, item, amount) in charges {
                    report.count_collected(*item, *amount);
                }
            }
            RenovationChange::OwedCollected { amount, .. } => {
                report.count_collected(LedgerItem::OwedPayment, *amount);
            }
            // A voided receipt is taken back in the month it is voided (FEE-6).
            RenovationChange::ReceiptVoided { receipt, .. } => {
                let lines = desk
                    .renovations
                    .get(&event.entity)
                    .and_then(|case| case.receipt(receipt))
                    .map(|receipt| receipt.lines.clone())
                    .unwrap_or_default();
                for line in lines {
                    report.count_collected(line.item, -line.amount);
                }
            }
            RenovationChange::RefundPaid { amount, .. } => {
                report.deposits_refunded += *amount;
                refunded.insert(&event.entity);
            }
            RenovationChange::PassLost { deduction, .. }
            | RenovationChange::PermitLost { deduction } => report.deductions += *deduction,
            RenovationChange::ViolationDeducted { amount, .. } => report.deductions += *amount,
            _ => {}
        }
    }
    report.under_construction = crate::count(building.len());
    report.refunded_cases = crate::count(refunded.len());
    report
}

/// 投诉情况月度汇总单 (FB-11): complaints received in the month.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComplaintMonthReport {
    pub received: u32,
    pub by_class: BTreeMap<ComplaintClass, u32>,
    pub unclassified: u32,
    pub by_cause: BTreeMap<String, u32>,
    /// Feedback given within 24 hours (FB-22) or by the agreed time (FB-09).
    pub answered_on_time: u32,
    pub answered_late: u32,
    pub unanswered: u32,
    pub follow_up_satisfied: u32,
    pub follow_up_unsatisfied: u32,
    /// The departments' handling methods: the measures taken.
    pub measures: Vec<String>,
}

fn received_in(
    desk: &Desk,
    month: Month,
    kind: FeedbackKind,
) -> impl Iterator<Item = &FeedbackCase> {
    desk.feedback
        .values()
        .map(AsRef::as_ref)
        .filter(move |case| {
            case.kind == Some(kind)
                && case
                    .received_at
                    .is_some_and(|at| month.contains(at, desk.policies.latest()))
        })
}

/// FB-11: the month's complaint summary, from the cases' current state.
pub fn complaint_month(desk: &Desk, month: Month) -> ComplaintMonthReport {
    let mut report = ComplaintMonthReport::default();
    for case in received_in(desk, month, FeedbackKind::Complaint) {
        report.received += 1;
        match case.class {
            Some(class) => *report.by_class.entry(class).or_default() += 1,
            None => report.unclassified += 1,
        }
        if !case.cause.is_empty() {
            *report.by_cause.entry(case.cause.clone()).or_default() += 1;
        }
        let received = case.received_at.expect("filtered on received_at");
        let reply_hours =
            chrono::Duration::hours(i64::from(desk.policy_at(received).feedback_reply_hours));
        match case.first_reply_at {
            Some(reply) if reply <= received + reply_hours => report.answered_on_time += 1,
            Some(_) => report.answered_late += 1,
            None => report.unanswered += 1,
        }
        match &case.follow_up {
            Some((true, _, _)) => report.follow_up_satisfied += 1,
            Some((false, _, _)) => report.follow_up_unsatisfied += 1,
            None => {}
        }
        if !case.method.is_empty() {
            report.measures.push(case.method.clone());
        }
    }
    report
}

/// 建议情况月度表 (FB-12): suggestions received in the month.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SuggestionMonthReport {
    pub received: u32,
    pub adopted: u32,
    pub not_adopted: u32,
    pub undecided: u32,
    pub owner_informed: u32,
}

impl std::ops::AddAssign<&SuggestionMonthReport> for SuggestionMonthReport {
    fn add_assign(&mut self, other: &SuggestionMonthReport) {
        self.received += other.received;
        self.adopted += other.adopted;
        self.not_adopted += other.not_adopted;
        self.undecided += other.undecided;
        self.owner_informed += other.owner_informed;
    }
}

/// FB-12: the month's suggestion table.
pub fn suggestion_month(desk: &Desk, month: Month) -> SuggestionMonthReport {
    let mut report = SuggestionMonthReport::default();
    for case in received_in(desk, month, FeedbackKind::Suggestion) {
        report.received += 1;
        match case.adopted {
            Some(true) => report.adopted += 1,
            Some(false) => report.not_adopted += 1,
            None => report.undecided += 1,
        }
        if case.owner_informed {
            report.owner_informed += 1;
        }
    }
    report
}

/// FB-12: the year-end summary: the twelve months and their total.
pub fn suggestion_year(
    desk: &Desk,
    year: i32,
) -> (Vec<SuggestionMonthReport>, SuggestionMonthReport) {
    let months: Vec<_> = (1..=12)
        .map(|month| suggestion_month(desk, Month::new(year, month)))
        .collect();
    let mut total = SuggestionMonthReport::default();
    for month in &months {
        total += month;
    }
    (months, total)
}

/// One line of the day's 来访接待记录表 (FB-01, REN-10): someone who came to the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Visit {
    pub at: DateTime<Utc>,
    pub entity: EntityId,
    /// The case number, as people say it.
    pub number: String,
    pub visitor: String,
    pub phone: String,
    pub unit: String,
    /// Why they came: the complaint or suggestion in their words, or a renovation application.
    pub purpose: Purpose,
    /// The staff member who received them.
    pub received_by: String,
}

/// Why a visitor came to the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Purpose {
    RenovationApplication,
    Complaint(String),
    Suggestion(String),
}

/// The visitors received at the desk on office day `day`, in the order they came: renovation
/// applications opened and complaints or suggestions received in person that day.
pub fn visitor_log(events: &[Event], desk: &Desk, day: NaiveDate) -> Vec<Visit> {
    use crate::feedback::{Channel, FeedbackChange};
    let held = held_events(desk);
    let mut visits: Vec<Visit> = events
        .iter()
        .filter(|event| !held.contains(&event.id))
        .filter_map(|event| {
            let at = event_time(event);
            let offset = desk.policy_at(at).office_offset();
            if at.with_timezone(&offset).date_naive() != day {
                return None;
            }
            let (resident, unit, purpose, number) = match &event.change {
                Change::Renovation(RenovationChange::Opened { resident, unit, .. }) => (
                    resident,
                    unit,
                    Purpose::RenovationApplication,
                    desk.renovations.get(&event.entity)?.number.clone(),
                ),
                Change::Feedback(FeedbackChange::Received {
                    resident,
                    unit,
                    what,
                    kind,
                    channel: Channel::Visit,
                    ..
                }) => (
                    resident,
                    unit,
                    match kind {
                        FeedbackKind::Complaint => Purpose::Complaint(what.clone()),
                        FeedbackKind::Suggestion => Purpose::Suggestion(what.clone()),
                    },
                    desk.feedback.get(&event.entity)?.number.clone(),
                ),
                _ => return None,
            };
            Some(Visit {
                at,
                entity: event.entity.clone(),
                number: number.unwrap_or_default(),
                visitor: resident.name.clone(),
                phone: resident.phone.clone(),
                unit: unit.to_string(),
                purpose,
                received_by: event.actor.name.clone(),
            })
        })
        .collect();
    crate::sorting::sort_by(&mut visits, |a, b| {
        (a.at, &a.entity).cmp(&(b.at, &b.entity))
    });
    visits
}
