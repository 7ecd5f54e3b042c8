//! Policy: every fee, deadline and **Decision** of `rules.md` in one value. The office can change
//! it in Settings (as an event, so devices agree); nothing here is a constant buried in code.

use serde::{Deserialize, Serialize};

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
    pub fire_approval: FireApprovalScope,
    pub fee_collection: FeeCollectionOrder,
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
            fire_approval: FireApprovalScope::AllUnits,
            fee_collection: FeeCollectionOrder::BeforeReview,
        }
    }
}

fn default_idle_lock_minutes() -> u32 {
    10
}

fn default_patrol_interval() -> u32 {
    2
}

impl Policy {
    /// The office's time zone.
    pub fn office_offset(&self) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(self.office_utc_offset_minutes * 60)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn policy_round_trips_as_json() {
        let policy = Policy::default();
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    }
}
