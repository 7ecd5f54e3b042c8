//! The fee ledger of a renovation case (FEE-1..7). Every charge, refund and deduction is an
//! entry with who, when and why; balances and the refund are derived, never typed in (FEE-6).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::policy::FeeSchedule;

/// Who pays into the case.
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
pub enum Payer {
    Contractor,
    Owner,
}

/// What an entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LedgerItem {
    /// FEE-1, refundable after acceptance.
    RenovationDeposit,
    /// FEE-2, not refunded.
    MaintenanceFee,
    /// FEE-3, not refunded.
    PassCardCost,
    /// FEE-4, refunded per returned card.
    PassCardDeposit,
    /// FEE-5, not refunded.
    PermitCost,
    /// FEE-3 / REN-34: a lost pass card.
    LostPassDeduction,
    /// FEE-5 / REN-34: a lost permit.
    LostPermitDeduction,
    /// REN-33: a deduction under the agreement for a patrol violation.
    ViolationDeduction,
}

/// The kind of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Charge,
    Refund,
    Deduction,
}

/// One ledger line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LedgerEntry {
    pub kind: EntryKind,
    pub payer: Payer,
    pub item: LedgerItem,
    /// Always positive; `kind` gives the direction.
    pub amount: Money,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub note: String,
}

/// The charges the front desk collects at REN-20 (FEE-1..5), pre-filled from the policy.
pub fn intake_charges(
    fees: &FeeSchedule,
    pass_cards: u32,
    permits: u32,
) -> Vec<(Payer, LedgerItem, Money)> {
    vec![
        (
            Payer::Contractor,
            LedgerItem::RenovationDeposit,
            fees.contractor_deposit,
        ),
        (
            Payer::Owner,
            LedgerItem::RenovationDeposit,
            fees.owner_deposit,
        ),
        (
            Payer::Contractor,
            LedgerItem::MaintenanceFee,
            fees.maintenance_fee,
        ),
        (
            Payer::Contractor,
            LedgerItem::PassCardCost,
            fees.pass_card_cost * pass_cards,
        ),
        (
            Payer::Contractor,
            LedgerItem::PassCardDeposit,
            fees.pass_card_deposit * pass_cards,
        ),
        (
            Payer::Owner,
            LedgerItem::PermitCost,
            fees.permit_cost * permits,
        ),
    ]
}

/// What one payer is due back, derived from the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PayerBalance {
    pub payer: Payer,
    pub deposit_paid: Money,
    pub deductions: Money,
    /// Pass-card deposits of returned cards (FEE-4), contractor only.
    pub returned_card_deposits: Money,
    pub already_refunded: Money,
    /// What is still to be refunded; never negative (FEE-7).
    pub refundable: Money,
    /// Deductions beyond the deposit, still owed by the payer (FEE-7).
    pub still_owed: Money,
}

/// The derived state of a case's money.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
}

impl Ledger {
    pub fn record(&mut self, entry: LedgerEntry) {
        self.entries.push(entry);
    }

    fn sum(&self, payer: Payer, kind: EntryKind, item: Option<LedgerItem>) -> Money {
        self.entries
            .iter()
            .filter(|entry| entry.payer == payer && entry.kind == kind)
            .filter(|entry| item.is_none_or(|item| entry.item == item))
            .map(|entry| entry.amount)
            .sum()
    }

    /// Everything charged to `payer`.
    pub fn charged(&self, payer: Payer) -> Money {
        self.sum(payer, EntryKind::Charge, None)
    }

    /// The balance of `payer`, with `returned_cards` pass cards handed back (FEE-4) at
    /// `deposit_per_card` each, the deposit charged per card when the fees were collected.
    ///
    /// FEE-7: deductions come out of the renovation deposit; an excess is not taken from the
    /// pass-card deposits or shown as a negative refund, it is shown as still owed.
    pub fn balance(
        &self,
        payer: Payer,
        deposit_per_card: Money,
        returned_cards: u32,
    ) -> PayerBalance {
        let deposit_paid = self.sum(
            payer,
            EntryKind::Charge,
            Some(LedgerItem::RenovationDeposit),
        );
        let deductions = self.sum(payer, EntryKind::Deduction, None);
        let returned_card_deposits = match payer {
            Payer::Contractor => {
                let paid = self.sum(payer, EntryKind::Charge, Some(LedgerItem::PassCardDeposit));
                (deposit_per_card * returned_cards).min(paid)
            }
            Payer::Owner => Money::ZERO,
        };
        let already_refunded = self.sum(payer, EntryKind::Refund, None);
        let deposit_left = deposit_paid - deductions;
        let refundable = (deposit_left.clamp_to_zero() + returned_card_deposits - already_refunded)
            .clamp_to_zero();
        PayerBalance {
            payer,
            deposit_paid,
            deductions,
            returned_card_deposits,
            already_refunded,
            refundable,
            still_owed: (-deposit_left).clamp_to_zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn entry(kind: EntryKind, payer: Payer, item: LedgerItem, amount: Money) -> LedgerEntry {
        LedgerEntry {
            kind,
            payer,
            item,
            amount,
            recorded_by: "王芳".into(),
            recorded_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            note: String::new(),
        }
    }

    fn collected(pass_cards: u32) -> Ledger {
        let fees = Policy::default().fees;
        let mut ledger = Ledger::default();
        for (payer, item, amount) in intake_charges(&fees, pass_cards, 1) {
            ledger.record(entry(EntryKind::Charge, payer, item, amount));
        }
        ledger
    }

    /// FEE-1..5: what the front desk collects for 3 workers and one permit.
    #[test]
    fn fee_1_2_3_4_5_intake_charges_per_payer() {
        let ledger = collected(3);
        // contractor: 1000 deposit + 300 maintenance + 3×5 cards + 3×20 card deposits
        assert_eq!(
            ledger.charged(Payer::Contractor),
            Money::yuan(1000 + 300 + 15 + 60)
        );
        // owner: 1000 deposit + 20 permit
        assert_eq!(ledger.charged(Payer::Owner), Money::yuan(1020));
    }

    /// FEE-1 and FEE-4: the deposits and the returned cards' deposits come back; FEE-2, the
    /// card cost (FEE-3) and the permit cost (FEE-5) do not.
    #[test]
    fn fee_4_returned_cards_are_refunded_card_by_card() {
        let fees = Policy::default().fees;
        let ledger = collected(3);
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 2);
        assert_eq!(contractor.refundable, Money::yuan(1000 + 40));
        let owner = ledger.balance(Payer::Owner, fees.pass_card_deposit, 0);
        assert_eq!(owner.refundable, Money::yuan(1000));
    }

    /// FEE-3: a lost card deducts 100 from the contractor's deposit.
    #[test]
    fn fee_3_lost_card_deducts_100_from_deposit() {
        let fees = Policy::default().fees;
        let mut ledger = collected(3);
        ledger.record(entry(
            EntryKind::Deduction,
            Payer::Contractor,
            LedgerItem::LostPassDeduction,
            fees.lost_pass_deduction,
        ));
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 2);
        assert_eq!(contractor.refundable, Money::yuan(900 + 40));
    }

    /// FEE-5: a lost permit deducts 100 from the owner's deposit.
    #[test]
    fn fee_5_lost_permit_deducts_100_from_owner_deposit() {
        let fees = Policy::default().fees;
        let mut ledger = collected(1);
        ledger.record(entry(
            EntryKind::Deduction,
            Payer::Owner,
            LedgerItem::LostPermitDeduction,
            fees.lost_permit_deduction,
        ));
        assert_eq!(
            ledger
                .balance(Payer::Owner, fees.pass_card_deposit, 0)
                .refundable,
            Money::yuan(900)
        );
    }

    /// FEE-7: deductions beyond the deposit never make the refund negative; the excess is owed.
    #[test]
    fn fee_7_deductions_never_make_a_refund_negative() {
        let fees = Policy::default().fees;
        let mut ledger = collected(2);
        for _ in 0..12 {
            ledger.record(entry(
                EntryKind::Deduction,
                Payer::Contractor,
                LedgerItem::LostPassDeduction,
                fees.lost_pass_deduction,
            ));
        }
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 2);
        assert_eq!(contractor.still_owed, Money::yuan(200));
        assert_eq!(
            contractor.refundable,
            Money::yuan(40),
            "returned cards still come back"
        );
        assert!(!contractor.refundable.is_negative());
    }

    /// FEE-6: the refund is derived from entries, and a refund entry reduces what is left.
    #[test]
    fn fee_6_refund_is_derived_and_paid_once() {
        let fees = Policy::default().fees;
        let mut ledger = collected(1);
        let due = ledger
            .balance(Payer::Owner, fees.pass_card_deposit, 0)
            .refundable;
        ledger.record(entry(
            EntryKind::Refund,
            Payer::Owner,
            LedgerItem::RenovationDeposit,
            due,
        ));
        assert_eq!(
            ledger
                .balance(Payer::Owner, fees.pass_card_deposit, 0)
                .refundable,
            Money::ZERO
        );
    }
}
