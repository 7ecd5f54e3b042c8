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
    /// FEE-7: an amount still owed, paid in.
    OwedPayment,
    /// A refundable balance nobody came for, kept by the office on the CS manager's word.
    UnclaimedRefund,
    /// An amount owed the CS manager let go, with a reason.
    WaivedDebt,
}

/// How a payer paid or was paid (收款方式).
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
pub enum PaymentMethod {
    /// 现金
    Cash,
    /// 微信
    WeChat,
    /// 支付宝
    Alipay,
    /// 银行转账
    BankTransfer,
    /// 刷卡
    Card,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] = [
        PaymentMethod::Cash,
        PaymentMethod::WeChat,
        PaymentMethod::Alipay,
        PaymentMethod::BankTransfer,
        PaymentMethod::Card,
    ];

    /// The wire name, for form values.
    pub fn wire_name(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::WeChat => "we_chat",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Card => "card",
        }
    }

    pub fn from_wire_name(name: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL
            .into_iter()
            .find(|method| method.wire_name() == name)
    }
}

/// How one payer paid one collection, and the receipt it got. The receipt number is drawn
/// when the step is decided (see [`crate::numbering`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Payment {
    pub payer: Payer,
    pub method: PaymentMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
}

impl Payment {
    /// A payment whose receipt number is still to be drawn.
    pub fn by(payer: Payer, method: PaymentMethod) -> Payment {
        Payment {
            payer,
            method,
            receipt: None,
        }
    }
}

/// Why money was collected: the receipt says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CollectionKind {
    /// REN-20: the fees and deposits before construction.
    Intake,
    /// FEE-3/4/5: passes or a permit added during construction.
    Extras,
    /// FEE-7: an amount owed, paid in.
    Owed,
}

/// One line of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReceiptLine {
    pub item: LedgerItem,
    pub quantity: u32,
    pub amount: Money,
}

/// Why and by whom a receipt was voided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Voiding {
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A receipt (收据): one payer, one collection. A wrong one is voided, never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Receipt {
    pub number: String,
    pub kind: CollectionKind,
    pub payer: Payer,
    /// `None` on a collection recorded before payment methods were.
    pub method: Option<PaymentMethod>,
    pub lines: Vec<ReceiptLine>,
    pub collected_by: String,
    pub collected_at: DateTime<Utc>,
    pub voided: Option<Voiding>,
}

impl Receipt {
    pub fn total(&self) -> Money {
        self.lines.iter().map(|line| line.amount).sum()
    }

    /// How many of `item` the receipt covers (pass cards, permits).
    pub fn quantity_of(&self, item: LedgerItem) -> u32 {
        self.lines
            .iter()
            .filter(|line| line.item == item)
            .map(|line| line.quantity)
            .sum()
    }

    pub fn is_live(&self) -> bool {
        self.voided.is_none()
    }
}

/// A refund slip (退款单) for the payee to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RefundSlip {
    pub number: String,
    pub payer: Payer,
    pub amount: Money,
    pub method: Option<PaymentMethod>,
    pub paid_by: String,
    pub paid_at: DateTime<Utc>,
}

/// The kind of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Charge,
    Refund,
    Deduction,
    /// Takes back a charge of a voided receipt.
    Reversal,
    /// Settles a balance on the CS manager's word: an unclaimed refund kept, or a debt let go.
    WriteOff,
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
    /// The receipt or refund slip the entry is on.
    #[serde(default)]
    pub document: Option<String>,
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

/// What one payer is due back or still owes, derived from the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PayerBalance {
    pub payer: Payer,
    pub deposit_paid: Money,
    pub deductions: Money,
    /// Pass-card deposits of returned cards (FEE-4), contractor only.
    pub returned_card_deposits: Money,
    /// Amounts owed that were paid in (FEE-7).
    pub owed_paid: Money,
    pub already_refunded: Money,
    /// Written off on the CS manager's word: positive for an unclaimed refund the office kept,
    /// negative for a debt let go.
    pub written_off: Money,
    /// What is still to be refunded; never negative (FEE-7).
    pub refundable: Money,
    /// What the payer still owes after everything due back is netted against it (FEE-7).
    pub still_owed: Money,
}

impl PayerBalance {
    /// Nothing refundable and nothing owed: the payer's part of the case may close.
    pub fn is_settled(&self) -> bool {
        self.refundable == Money::ZERO && self.still_owed == Money::ZERO
    }

    /// The balance as one signed amount: positive is due back, negative is owed.
    pub fn net(&self) -> Money {
        self.refundable - self.still_owed
    }
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

    /// What was collected of `item` from `payer`, voided receipts taken back.
    pub fn collected(&self, payer: Payer, item: LedgerItem) -> Money {
        self.sum(payer, EntryKind::Charge, Some(item))
            - self.sum(payer, EntryKind::Reversal, Some(item))
    }

    /// Everything charged to `payer`, voided receipts taken back.
    pub fn charged(&self, payer: Payer) -> Money {
        self.sum(payer, EntryKind::Charge, None) - self.sum(payer, EntryKind::Reversal, None)
    }

    /// The balance of `payer`, with `returned_cards` pass cards handed back (FEE-4) at
    /// `deposit_per_card` each, the deposit charged per card when they were paid for.
    ///
    /// FEE-7: deductions come out of what is due back, and everything due back (the deposit,
    /// the returned cards' deposits, amounts owed paid in) is netted into one balance: a
    /// refund is never negative, and an excess of deductions is shown as still owed.
    pub fn balance(
        &self,
        payer: Payer,
        deposit_per_card: Money,
        returned_cards: u32,
    ) -> PayerBalance {
        let deposit_paid = self.collected(payer, LedgerItem::RenovationDeposit);
        let deductions = self.sum(payer, EntryKind::Deduction, None);
        let returned_card_deposits = match payer {
            Payer::Contractor => (deposit_per_card * returned_cards)
                .min(self.collected(payer, LedgerItem::PassCardDeposit))
                .clamp_to_zero(),
            Payer::Owner => Money::ZERO,
        };
        let owed_paid = self.collected(payer, LedgerItem::OwedPayment);
        let already_refunded = self.sum(payer, EntryKind::Refund, None);
        let written_off = self.sum(
            payer,
            EntryKind::WriteOff,
            Some(LedgerItem::UnclaimedRefund),
        ) - self.sum(payer, EntryKind::WriteOff, Some(LedgerItem::WaivedDebt));
        let net = deposit_paid + returned_card_deposits + owed_paid
            - deductions
            - already_refunded
            - written_off;
        PayerBalance {
            payer,
            deposit_paid,
            deductions,
            returned_card_deposits,
            owed_paid,
            already_refunded,
            written_off,
            refundable: net.clamp_to_zero(),
            still_owed: (-net).clamp_to_zero(),
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
            document: None,
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

    /// FEE-7: deductions beyond the deposit never make the refund negative; the returned
    /// cards' deposits are netted against the excess, and the rest is owed.
    #[test]
    fn fee_7_pass_deposits_are_netted_against_the_amount_owed() {
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
        // 1000 deposit + 40 returned card deposits - 1200 deductions
        assert_eq!(contractor.still_owed, Money::yuan(160));
        assert_eq!(contractor.refundable, Money::ZERO);
        assert!(!contractor.is_settled());
        ledger.record(entry(
            EntryKind::Charge,
            Payer::Contractor,
            LedgerItem::OwedPayment,
            Money::yuan(160),
        ));
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 2);
        assert!(contractor.is_settled(), "{contractor:?}");
    }

    /// A voided receipt's reversal takes its charges back; a write-off settles what is left.
    #[test]
    fn fee_6_reversal_and_write_off_settle_the_balance() {
        let fees = Policy::default().fees;
        let mut ledger = collected(1);
        ledger.record(entry(
            EntryKind::Reversal,
            Payer::Owner,
            LedgerItem::RenovationDeposit,
            fees.owner_deposit,
        ));
        let owner = ledger.balance(Payer::Owner, fees.pass_card_deposit, 0);
        assert_eq!(owner.deposit_paid, Money::ZERO);
        assert!(owner.is_settled());
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 0);
        ledger.record(entry(
            EntryKind::WriteOff,
            Payer::Contractor,
            LedgerItem::UnclaimedRefund,
            contractor.refundable,
        ));
        let contractor = ledger.balance(Payer::Contractor, fees.pass_card_deposit, 0);
        assert!(contractor.is_settled());
        assert_eq!(contractor.written_off, fees.contractor_deposit);
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
