//! Policy: every fee, deadline and **Decision** of `rules.md` in one value. The office can change
//! it in Settings (as an event, so devices agree); nothing here is a constant buried in code.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::EventId;
use crate::money::Money;

/// Whether the fire bureau approval (REN-13) is required of every unit or only commercial ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FireApprovalScope {
    AllUnits,
    CommercialOnly,
}

/// When the front desk collects fees and issues permits (REN-20) relative to the drawing review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeCollectionOrder {
    /// The manual's flow order: fees first, then the review (the default Decision).
    BeforeReview,
    /// Fees only once the drawings are approved.
    AfterApproval,
}

/// When customer service tells the engineering department at once of a forwarded case (FB-25).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EngineeringNotice {
    /// Always for class 2, and for other cases forwarded to engineering (the default Decision).
    #[default]
    ClassTwoOrEngineering,
    /// Only for cases forwarded to engineering.
    EngineeringOnly,
    /// For every forwarded case, whatever its class and department.
    EveryForward,
}

impl EngineeringNotice {
    fn is_default(&self) -> bool {
        *self == EngineeringNotice::default()
    }
}

/// The fee table of Art. 12 (FEE-1..5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeeSchedule {
    /// FEE-1, paid by the contractor.
    pub contractor_deposit: Money,
    /// FEE-1, paid by the owner.
    pub owner_deposit: Money,
    /// FEE-2, paid by the contractor, not refunded.
    pub maintenance_fee: Money,
    /// FEE-3, per pass card, not refunded.
    pub pass_card_cost: Money,
    /// FEE-3, deducted from the deposit per lost pass card.
    pub lost_pass_deduction: Money,
    /// FEE-4, per pass card, refunded when the card is returned.
    pub pass_card_deposit: Money,
    /// FEE-5, per permit, paid by the owner, not refunded.
    pub permit_cost: Money,
    /// FEE-5, deducted from the deposit per lost permit.
    pub lost_permit_deduction: Money,
}

/// Every adjustable number and Decision of the manual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Policy {
    pub fees: FeeSchedule,
    /// The office's offset from UTC in minutes (China: +480). Working days are local dates.
    pub office_utc_offset_minutes: i32,
    /// REN-30: the supervisor reviews drawings within this many working days.
    pub drawing_review_working_days: u32,
    /// REN-41: the refund service target, in working days after acceptance.
    pub refund_target_working_days: u32,
    /// REN-41: the refund hard limit, in working days after acceptance.
    pub refund_limit_working_days: u32,
    /// FB-22: feedback to the customer within this many hours of receipt.
    pub feedback_reply_hours: u32,
    /// FB-10: the follow-up visit within this many calendar days after handling.
    pub follow_up_visit_days: u32,
    /// REN-33: a patrol violation is to be rectified within this many working days.
    pub rectification_working_days: u32,
    /// a deadline this close (in hours) is shown as due soon.
    pub due_soon_hours: u32,
    /// REN-33: a unit under construction is patrolled at least every this many working days.
    /// Absent from policies recorded before it existed, which get the default.
    #[serde(default = "default_patrol_interval")]
    pub patrol_interval_working_days: u32,
    /// Issue #11: a device locks after this many minutes without a touch or a key, so a tablet
    /// left on a stair landing does not stay signed in. Older policies get the default.
    #[serde(default = "default_idle_lock_minutes")]
    pub idle_lock_minutes: u32,
    /// Issue #21: how many hours ahead of this device's clock another device's records may be
    /// stamped before its bundle is refused as coming from a fast clock. The default is left
    /// out of the JSON, so events recorded before it existed keep their hashes.
    #[serde(
        default = "default_max_clock_lead_hours",
        skip_serializing_if = "is_default_max_clock_lead_hours"
    )]
    pub max_clock_lead_hours: u32,
    pub fire_approval: FireApprovalScope,
    pub fee_collection: FeeCollectionOrder,
    /// FB-25's Decision. Older policies get the default, and the default is left out of the
    /// JSON, so an event recorded before it existed keeps its hash.
    #[serde(default, skip_serializing_if = "EngineeringNotice::is_default")]
    pub engineering_notice: EngineeringNotice,
}

impl Default for Policy {
    /// The manual as written, with the Decisions of `rules.md`.
    fn default() -> Policy {
        Policy {
            fees: FeeSchedule {
                contractor_deposit: Money::yuan(1000),
                owner_deposit: Money::yuan(1000),
                maintenance_fee: Money::yuan(300),
                pass_card_cost: Money::yuan(5),
                lost_pass_deduction: Money::yuan(100),
                pass_card_deposit: Money::yuan(20),
                permit_cost: Money::yuan(20),
                lost_permit_deduction: Money::yuan(100),
            },
            office_utc_offset_minutes: 8 * 60,
            drawing_review_working_days: 5,
            refund_target_working_days: 3,
            refund_limit_working_days: 7,
            feedback_reply_hours: 24,
            follow_up_visit_days: 7,
            rectification_working_days: 3,
            due_soon_hours: 24,
            patrol_interval_working_days: default_patrol_interval(),
            idle_lock_minutes: default_idle_lock_minutes(),
            max_clock_lead_hours: default_max_clock_lead_hours(),
            fire_approval: FireApprovalScope::AllUnits,
            fee_collection: FeeCollectionOrder::BeforeReview,
            engineering_notice: EngineeringNotice::default(),
        }
    }
}

/// A day, as `hlc::MAX_CLOCK_LEAD_MS` (a test keeps the two equal).
const DEFAULT_MAX_CLOCK_LEAD_HOURS: u32 = 24;

fn default_max_clock_lead_hours() -> u32 {
    DEFAULT_MAX_CLOCK_LEAD_HOURS
}

fn is_default_max_clock_lead_hours(hours: &u32) -> bool {
    *hours == default_max_clock_lead_hours()
}

impl Policy {
    /// How far ahead another device's stamps may be, in milliseconds (issue #21).
    pub fn max_clock_lead_ms(&self) -> i64 {
        i64::from(self.max_clock_lead_hours) * 3_600_000
    }

    /// How long a device may sit untouched before it locks, in milliseconds: one figure for
    /// the lock screen's timer and for a reload deciding whether the tab's session lapsed.
    pub fn idle_lock_ms(&self) -> u32 {
        self.idle_lock_minutes.saturating_mul(60_000)
    }
}

fn default_idle_lock_minutes() -> u32 {
    10
}

fn default_patrol_interval() -> u32 {
    2
}

/// One value of the policy, as a settings screen edits it and a history shows it.
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
#[serde(rename_all = "snake_case")]
pub enum PolicyField {
    ContractorDeposit,
    OwnerDeposit,
    MaintenanceFee,
    PassCardCost,
    LostPassDeduction,
    PassCardDeposit,
    PermitCost,
    LostPermitDeduction,
    DrawingReviewDays,
    RefundTargetDays,
    RefundLimitDays,
    FeedbackReplyHours,
    FollowUpVisitDays,
    RectificationDays,
    PatrolIntervalDays,
    DueSoonHours,
    IdleLockMinutes,
    MaxClockLeadHours,
    FireApproval,
    FeeCollection,
    EngineeringNotice,
}

/// A policy value of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyValue {
    Money(Money),
    /// Days, hours or minutes, as the field says.
    Count(u32),
    FireApproval(FireApprovalScope),
    FeeCollection(FeeCollectionOrder),
    EngineeringNotice(EngineeringNotice),
}

/// What is wrong with a policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyProblem {
    /// An amount below zero.
    Negative,
    /// A deadline or an interval of zero.
    Zero,
    /// The refund target is later than its hard limit (REN-41).
    TargetOverLimit,
    /// A number beyond any sensible office value (a deadline of years).
    TooLarge,
}

impl PolicyField {
    /// Every field, grouped as the manual groups them: the fee table, the deadlines, the
    /// Decisions.
    pub const ALL: [PolicyField; 21] = [
        PolicyField::ContractorDeposit,
        PolicyField::OwnerDeposit,
        PolicyField::MaintenanceFee,
        PolicyField::PassCardCost,
        PolicyField::LostPassDeduction,
        PolicyField::PassCardDeposit,
        PolicyField::PermitCost,
        PolicyField::LostPermitDeduction,
        PolicyField::DrawingReviewDays,
        PolicyField::RefundTargetDays,
        PolicyField::RefundLimitDays,
        PolicyField::FeedbackReplyHours,
        PolicyField::FollowUpVisitDays,
        PolicyField::RectificationDays,
        PolicyField::PatrolIntervalDays,
        PolicyField::DueSoonHours,
        PolicyField::IdleLockMinutes,
        PolicyField::MaxClockLeadHours,
        PolicyField::FireApproval,
        PolicyField::FeeCollection,
        PolicyField::EngineeringNotice,
    ];
}

/// The longest clock lead an office may allow: a week.
const MAX_CLOCK_LEAD_HOURS: u32 = 7 * 24;

/// The largest count a policy may hold: a year of days, hours or minutes is already absurd.
const MAX_POLICY_COUNT: u32 = 366 * 24;

impl Policy {
    /// The value of `field`.
    pub fn value(&self, field: PolicyField) -> PolicyValue {
        use PolicyField as F;
        use PolicyValue as V;
        let fees = &self.fees;
        match field {
            F::ContractorDeposit => V::Money(fees.contractor_deposit),
            F::OwnerDeposit => V::Money(fees.owner_deposit),
            F::MaintenanceFee => V::Money(fees.maintenance_fee),
            F::PassCardCost => V::Money(fees.pass_card_cost),
            F::LostPassDeduction => V::Money(fees.lost_pass_deduction),
            F::PassCardDeposit => V::Money(fees.pass_card_deposit),
            F::PermitCost => V::Money(fees.permit_cost),
            F::LostPermitDeduction => V::Money(fees.lost_permit_deduction),
            F::DrawingReviewDays => V::Count(self.drawing_review_working_days),
            F::RefundTargetDays => V::Count(self.refund_target_working_days),
            F::RefundLimitDays => V::Count(self.refund_limit_working_days),
            F::FeedbackReplyHours => V::Count(self.feedback_reply_hours),
            F::FollowUpVisitDays => V::Count(self.follow_up_visit_days),
            F::RectificationDays => V::Count(self.rectification_working_days),
            F::PatrolIntervalDays => V::Count(self.patrol_interval_working_days),
            F::DueSoonHours => V::Count(self.due_soon_hours),
            F::IdleLockMinutes => V::Count(self.idle_lock_minutes),
            F::MaxClockLeadHours => V::Count(self.max_clock_lead_hours),
            F::FireApproval => V::FireApproval(self.fire_approval),
            F::FeeCollection => V::FeeCollection(self.fee_collection),
            F::EngineeringNotice => V::EngineeringNotice(self.engineering_notice),
        }
    }

    /// Sets `field` to `value`; a value of another kind than the field's is ignored.
    pub fn set(&mut self, field: PolicyField, value: PolicyValue) {
        use PolicyField as F;
        use PolicyValue as V;
        let fees = &mut self.fees;
        match (field, value) {
            (F::ContractorDeposit, V::Money(m)) => fees.contractor_deposit = m,
            (F::OwnerDeposit, V::Money(m)) => fees.owner_deposit = m,
            (F::MaintenanceFee, V::Money(m)) => fees.maintenance_fee = m,
            (F::PassCardCost, V::Money(m)) => fees.pass_card_cost = m,
            (F::LostPassDeduction, V::Money(m)) => fees.lost_pass_deduction = m,
            (F::PassCardDeposit, V::Money(m)) => fees.pass_card_deposit = m,
            (F::PermitCost, V::Money(m)) => fees.permit_cost = m,
            (F::LostPermitDeduction, V::Money(m)) => fees.lost_permit_deduction = m,
            (F::DrawingReviewDays, V::Count(n)) => self.drawing_review_working_days = n,
            (F::RefundTargetDays, V::Count(n)) => self.refund_target_working_days = n,
            (F::RefundLimitDays, V::Count(n)) => self.refund_limit_working_days = n,
            (F::FeedbackReplyHours, V::Count(n)) => self.feedback_reply_hours = n,
            (F::FollowUpVisitDays, V::Count(n)) => self.follow_up_visit_days = n,
            (F::RectificationDays, V::Count(n)) => self.rectification_working_days = n,
            (F::PatrolIntervalDays, V::Count(n)) => self.patrol_interval_working_days = n,
            (F::DueSoonHours, V::Count(n)) => self.due_soon_hours = n,
            (F::IdleLockMinutes, V::Count(n)) => self.idle_lock_minutes = n,
            (F::MaxClockLeadHours, V::Count(n)) => self.max_clock_lead_hours = n,
            (F::FireApproval, V::FireApproval(v)) => self.fire_approval = v,
            (F::FeeCollection, V::FeeCollection(v)) => self.fee_collection = v,
            (F::EngineeringNotice, V::EngineeringNotice(v)) => self.engineering_notice = v,
            _ => {}
        }
    }

    /// Every problem of this policy, each with its field: no negative amount, no deadline of
    /// zero, the refund target no later than its limit. A settings screen shows each beside
    /// its field, and core refuses a policy change while any remains.
    pub fn problems(&self) -> Vec<(PolicyField, PolicyProblem)> {
        let mut problems = Vec::new();
        for field in PolicyField::ALL {
            match self.value(field) {
                PolicyValue::Money(amount) if amount.is_negative() => {
                    problems.push((field, PolicyProblem::Negative));
                }
                // The due-soon window may be zero: then nothing shows as due soon.
                PolicyValue::Count(0) if field != PolicyField::DueSoonHours => {
                    problems.push((field, PolicyProblem::Zero));
                }
                PolicyValue::Count(count) if count > MAX_POLICY_COUNT => {
                    problems.push((field, PolicyProblem::TooLarge));
                }
                _ => {}
            }
        }
        // A week is already generous: beyond it a fast clock could push deadlines far out.
        if self.max_clock_lead_hours > MAX_CLOCK_LEAD_HOURS {
            problems.push((PolicyField::MaxClockLeadHours, PolicyProblem::TooLarge));
        }
        if self.refund_target_working_days > self.refund_limit_working_days {
            problems.push((
                PolicyField::RefundTargetDays,
                PolicyProblem::TargetOverLimit,
            ));
        }
        problems
    }

    /// The fields whose values differ from `earlier`, with both values: what a change did.
    pub fn differences(&self, earlier: &Policy) -> Vec<(PolicyField, PolicyValue, PolicyValue)> {
        PolicyField::ALL
            .into_iter()
            .filter_map(|field| {
                let (old, new) = (earlier.value(field), self.value(field));
                (old != new).then_some((field, old, new))
            })
            .collect()
    }

    /// The office's time zone.
    pub fn office_offset(&self) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(self.office_utc_offset_minutes * 60)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC"))
    }
}

/// A change of the office's policy (the whole policy, as set), and when it takes effect: at
/// once (`None`), or from a later time, such as a new deposit from 1 January.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PolicyChange {
    #[serde(flatten)]
    pub policy: Policy,
    /// When it takes effect; absent means when it was recorded. Absent from policy events of
    /// apps before issue #16, which keep their hashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<DateTime<Utc>>,
}

impl PolicyChange {
    /// `policy`, in force from when it is recorded.
    pub fn at_once(policy: Policy) -> PolicyChange {
        PolicyChange {
            policy,
            effective_from: None,
        }
    }
}

/// One policy in force from a time on, with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPeriod {
    pub effective_from: DateTime<Utc>,
    pub policy: Policy,
    /// The event that set it; `None` for the manual's defaults.
    pub set_by: Option<EventId>,
    pub set_at: Option<DateTime<Utc>>,
    pub set_by_name: String,
}

/// The office's policies over time. A step is decided, and a deadline's length counted, by
/// the policy in force at its time: a change applies to what happens after it takes effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyHistory {
    /// In order of taking effect; a later change with the same effective time comes later.
    periods: Vec<PolicyPeriod>,
}

impl PolicyHistory {
    /// `initial` in force from the beginning of time.
    pub fn new(initial: Policy) -> PolicyHistory {
        PolicyHistory {
            periods: vec![PolicyPeriod {
                effective_from: DateTime::<Utc>::MIN_UTC,
                policy: initial,
                set_by: None,
                set_at: None,
                set_by_name: String::new(),
            }],
        }
    }

    /// The policy in force at `at`.
    pub fn at(&self, at: DateTime<Utc>) -> &Policy {
        let index = self
            .periods
            .partition_point(|period| period.effective_from <= at);
        &self.periods[index.saturating_sub(1)].policy
    }

    /// The last policy set, whether or not it is in force yet: what a settings screen edits.
    pub fn latest(&self) -> &Policy {
        &self.periods[self.periods.len() - 1].policy
    }

    /// Records a change, kept in order of taking effect.
    pub fn record(&mut self, period: PolicyPeriod) {
        let index = self
            .periods
            .partition_point(|held| held.effective_from <= period.effective_from);
        self.periods.insert(index, period);
    }

    /// Every period, oldest first: the history a settings screen shows.
    pub fn periods(&self) -> &[PolicyPeriod] {
        &self.periods
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #21: the office's clock lead starts at the lead bundles are checked by without a
    /// policy, and an old policy without the field reads as that default.
    #[test]
    fn x_1_the_default_clock_lead_is_a_day_everywhere() {
        assert_eq!(
            Policy::default().max_clock_lead_ms(),
            crate::hlc::MAX_CLOCK_LEAD_MS
        );
        let mut json = serde_json::to_value(Policy::default()).unwrap();
        assert!(
            json.get("max_clock_lead_hours").is_none(),
            "left out at its default"
        );
        json.as_object_mut()
            .unwrap()
            .insert("max_clock_lead_hours".into(), 200.into());
        let read: Policy = serde_json::from_value(json).unwrap();
        assert_eq!(
            read.problems(),
            vec![(PolicyField::MaxClockLeadHours, PolicyProblem::TooLarge)]
        );
    }

    /// FEE-1..5: the default policy is the fee table of Art. 12.
    #[test]
    fn fee_1_to_5_default_policy_is_the_fee_table() {
        let fees = Policy::default().fees;
        assert_eq!(fees.contractor_deposit, Money::yuan(1000)); // FEE-1
        assert_eq!(fees.owner_deposit, Money::yuan(1000)); // FEE-1
        assert_eq!(fees.maintenance_fee, Money::yuan(300)); // FEE-2
        assert_eq!(fees.pass_card_cost, Money::yuan(5)); // FEE-3
        assert_eq!(fees.lost_pass_deduction, Money::yuan(100)); // FEE-3
        assert_eq!(fees.pass_card_deposit, Money::yuan(20)); // FEE-4
        assert_eq!(fees.permit_cost, Money::yuan(20)); // FEE-5
        assert_eq!(fees.lost_permit_deduction, Money::yuan(100)); // FEE-5
    }

    #[test]
    fn ren_33_a_policy_recorded_before_patrol_scheduling_reads_with_the_default_interval() {
        let mut json = serde_json::to_value(Policy::default()).unwrap();
        json.as_object_mut()
            .unwrap()
            .remove("patrol_interval_working_days");
        let read: Policy = serde_json::from_value(json).unwrap();
        assert_eq!(read.patrol_interval_working_days, 2);
    }

    #[test]
    fn a_policy_recorded_before_the_idle_lock_reads_with_ten_minutes() {
        let mut json = serde_json::to_value(Policy::default()).unwrap();
        json.as_object_mut().unwrap().remove("idle_lock_minutes");
        let read: Policy = serde_json::from_value(json).unwrap();
        assert_eq!(read.idle_lock_minutes, 10);
    }

    /// Validation names every problem with its field at once.
    #[test]
    fn fee_6_ren_41_every_policy_problem_is_named_with_its_field() {
        let mut policy = Policy::default();
        policy.fees.owner_deposit = Money::from_fen(-1);
        policy.drawing_review_working_days = 0;
        policy.refund_target_working_days = 9;
        policy.feedback_reply_hours = 0;
        assert_eq!(
            policy.problems(),
            vec![
                (PolicyField::OwnerDeposit, PolicyProblem::Negative),
                (PolicyField::DrawingReviewDays, PolicyProblem::Zero),
                (PolicyField::FeedbackReplyHours, PolicyProblem::Zero),
                (
                    PolicyField::RefundTargetDays,
                    PolicyProblem::TargetOverLimit
                ),
            ]
        );
        assert!(Policy::default().problems().is_empty());
    }

    #[test]
    fn every_field_reads_and_writes_its_own_value() {
        let mut policy = Policy::default();
        policy.set(
            PolicyField::OwnerDeposit,
            PolicyValue::Money(Money::yuan(2000)),
        );
        policy.set(PolicyField::RefundLimitDays, PolicyValue::Count(10));
        policy.set(
            PolicyField::RefundLimitDays,
            PolicyValue::Money(Money::yuan(1)),
        );
        assert_eq!(policy.fees.owner_deposit, Money::yuan(2000));
        assert_eq!(policy.refund_limit_working_days, 10);
        assert_eq!(
            policy.differences(&Policy::default()),
            vec![
                (
                    PolicyField::OwnerDeposit,
                    PolicyValue::Money(Money::yuan(1000)),
                    PolicyValue::Money(Money::yuan(2000))
                ),
                (
                    PolicyField::RefundLimitDays,
                    PolicyValue::Count(7),
                    PolicyValue::Count(10)
                ),
            ]
        );
    }

    /// A change takes effect at its time: before it the earlier policy is in force.
    #[test]
    fn fee_1_a_policy_takes_effect_from_its_effective_time() {
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        let mut history = PolicyHistory::new(Policy::default());
        let mut dearer = Policy::default();
        dearer.fees.owner_deposit = Money::yuan(2000);
        history.record(PolicyPeriod {
            effective_from: at("2027-01-01T00:00:00+08:00"),
            policy: dearer.clone(),
            set_by: None,
            set_at: Some(at("2026-12-01T09:00:00+08:00")),
            set_by_name: "周经理".into(),
        });
        assert_eq!(
            history
                .at(at("2026-12-31T23:59:59+08:00"))
                .fees
                .owner_deposit,
            Money::yuan(1000)
        );
        assert_eq!(
            history
                .at(at("2027-01-01T00:00:00+08:00"))
                .fees
                .owner_deposit,
            Money::yuan(2000)
        );
        assert_eq!(history.latest(), &dearer);
    }

    /// Policy events recorded before effective times exist read, and write, as they were.
    #[test]
    fn an_older_policy_event_reads_and_keeps_its_form() {
        let old = serde_json::to_value(Policy::default()).unwrap();
        assert!(old.get("engineering_notice").is_none());
        let change: PolicyChange = serde_json::from_value(old.clone()).unwrap();
        assert_eq!(change.effective_from, None);
        assert_eq!(change.policy, Policy::default());
        assert_eq!(serde_json::to_value(&change).unwrap(), old);
    }

    #[test]
    fn policy_round_trips_as_json() {
        let policy = Policy::default();
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    }
}
