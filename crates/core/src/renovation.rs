//! The renovation case (二次装修), REN-10..41 with the fee rules FEE-1..7.
//!
//! Draft → Submitted → (fees, permits, passes, agreement: REN-20) → drawing review (REN-30:
//! Approved or Rejected, and a rejected case is resubmitted) → UnderConstruction (patrols, lost
//! cards: REN-32..34) → AcceptanceRequested → Accepted, or back to construction with defects
//! (REN-40) → refunds (REN-41) → Refunded → Closed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::deadline::{Deadline, DeadlineKind, Rules, Span};
use crate::event::{EntityId, EventId};
use crate::ledger::{
    intake_charges, CollectionKind, EntryKind, Ledger, LedgerEntry, LedgerItem, Payer,
    PayerBalance, Payment, PaymentMethod, Receipt, ReceiptLine, RefundSlip, Voiding,
};
use crate::money::Money;
use crate::numbering::NumberKind;
use crate::party::{Contractor, Resident, UnitRef};
use crate::policy::{FeeCollectionOrder, FireApprovalScope, Policy};
use crate::role::Role;
use crate::rule::RuleId;
use crate::step::Step;
use crate::violation::{Checks, Gate, Item, Reason, State, Violation};

/// What the application says will change in the unit (REN-11, REN-14, REN-15, REN-20).
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
pub enum DeclaredChange {
    Wiring,
    Plumbing,
    GasPipes,
    /// Welding or cutting: a hot-work permit is needed (REN-20).
    HotWork,
    /// Waste water, gas or solids (三废): environmental approval (REN-14).
    Emissions,
    /// Gas or LPG use needing airport or government approval (REN-15).
    GasUseNeedingApproval,
}

/// A document of the application file.
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
pub enum Document {
    /// REN-10: three photos.
    ResidentPhotos,
    /// REN-10: a copy of the ID card.
    IdCopy,
    /// REN-10: 《住户基本资料》.
    ResidentForm,
    /// REN-11: 《装修申请审批表》.
    ApplicationForm,
    /// REN-11: 装修平面图.
    FloorPlan,
    /// REN-11: 装修立面图.
    ElevationPlan,
    /// REN-11, wiring: 电气平面图.
    ElectricalPlan,
    /// REN-11, wiring: 系统图.
    SystemDiagram,
    /// REN-11, plumbing: 给排水平面图.
    PlumbingPlan,
    /// REN-11, gas pipes: 燃气管图.
    GasPipePlan,
    /// REN-12: 营业执照, stamped.
    ContractorLicence,
    /// REN-12: 资质证书, stamped.
    ContractorQualification,
    /// REN-13: 消防审批意见书.
    FireApproval,
    /// REN-13: 消防平面图.
    FirePlan,
    /// REN-14.
    EnvironmentalApproval,
    /// REN-15.
    GasUseApproval,
}

impl Document {
    /// The stable name used in violations and on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Document::ResidentPhotos => "resident_photos",
            Document::IdCopy => "id_copy",
            Document::ResidentForm => "resident_form",
            Document::ApplicationForm => "application_form",
            Document::FloorPlan => "floor_plan",
            Document::ElevationPlan => "elevation_plan",
            Document::ElectricalPlan => "electrical_plan",
            Document::SystemDiagram => "system_diagram",
            Document::PlumbingPlan => "plumbing_plan",
            Document::GasPipePlan => "gas_pipe_plan",
            Document::ContractorLicence => "contractor_licence",
            Document::ContractorQualification => "contractor_qualification",
            Document::FireApproval => "fire_approval",
            Document::FirePlan => "fire_plan",
            Document::EnvironmentalApproval => "environmental_approval",
            Document::GasUseApproval => "gas_use_approval",
        }
    }

    /// How many copies make the item complete (REN-10 asks for three photos).
    pub fn copies_needed(self) -> u32 {
        match self {
            Document::ResidentPhotos => 3,
            _ => 1,
        }
    }

    /// REN-12: the contractor's papers count only with the company seal.
    pub fn needs_company_stamp(self) -> bool {
        matches!(
            self,
            Document::ContractorLicence | Document::ContractorQualification
        )
    }
}

/// How a document was received: attachments (by SHA-256) and/or copies on paper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    pub attachments: Vec<String>,
    pub paper_copies: u32,
    /// REN-12: the copy bears the company seal.
    pub stamped: bool,
}

impl Evidence {
    fn copies(&self) -> u32 {
        crate::count(self.attachments.len()) + self.paper_copies
    }
}

/// The documents an application needs, each with the rule that asks for it (REN-10..15).
pub fn required_documents(
    declared: &BTreeSet<DeclaredChange>,
    commercial_unit: bool,
    policy: &Policy,
) -> Vec<(Document, RuleId)> {
    let mut required = vec![
        (Document::ResidentPhotos, RuleId::Ren10),
        (Document::IdCopy, RuleId::Ren10),
        (Document::ResidentForm, RuleId::Ren10),
        (Document::ApplicationForm, RuleId::Ren11),
        (Document::FloorPlan, RuleId::Ren11),
        (Document::ElevationPlan, RuleId::Ren11),
    ];
    if declared.contains(&DeclaredChange::Wiring) {
        required.push((Document::ElectricalPlan, RuleId::Ren11));
        required.push((Document::SystemDiagram, RuleId::Ren11));
    }
    if declared.contains(&DeclaredChange::Plumbing) {
        required.push((Document::PlumbingPlan, RuleId::Ren11));
    }
    if declared.contains(&DeclaredChange::GasPipes) {
        required.push((Document::GasPipePlan, RuleId::Ren11));
    }
    required.push((Document::ContractorLicence, RuleId::Ren12));
    required.push((Document::ContractorQualification, RuleId::Ren12));
    let fire_required = match policy.fire_approval {
        FireApprovalScope::AllUnits => true,
        FireApprovalScope::CommercialOnly => commercial_unit,
    };
    if fire_required {
        required.push((Document::FireApproval, RuleId::Ren13));
        required.push((Document::FirePlan, RuleId::Ren13));
    }
    if declared.contains(&DeclaredChange::Emissions) {
        required.push((Document::EnvironmentalApproval, RuleId::Ren14));
    }
    if declared.contains(&DeclaredChange::GasUseNeedingApproval) {
        required.push((Document::GasUseApproval, RuleId::Ren15));
    }
    required
}

/// One of the four review points of REN-30.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewPoint {
    pub passed: bool,
    pub remark: String,
}

/// The supervisor's judgement of the drawings (REN-30).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DrawingReview {
    /// (1) effect on the structure.
    pub structure: ReviewPoint,
    /// (2) changes to plumbing and gas.
    pub plumbing_and_gas: ReviewPoint,
    /// (3) changes to power and low-voltage systems.
    pub power_and_low_voltage: ReviewPoint,
    /// (4) effect on the building facade.
    pub facade: ReviewPoint,
}

/// Which of the four review points of REN-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewPointKind {
    Structure,
    PlumbingAndGas,
    PowerAndLowVoltage,
    Facade,
}

impl DrawingReview {
    /// The four points, in the manual's order.
    pub fn points(&self) -> [(ReviewPointKind, &ReviewPoint); 4] {
        [
            (ReviewPointKind::Structure, &self.structure),
            (ReviewPointKind::PlumbingAndGas, &self.plumbing_and_gas),
            (
                ReviewPointKind::PowerAndLowVoltage,
                &self.power_and_low_voltage,
            ),
            (ReviewPointKind::Facade, &self.facade),
        ]
    }

    /// Any failed point rejects the application.
    pub fn approves(&self) -> bool {
        self.points().iter().all(|(_, point)| point.passed)
    }

    /// The reasons carried back to the front desk: every failed point with its remark.
    pub fn rejection_reasons(&self) -> Vec<(ReviewPointKind, String)> {
        self.points()
            .iter()
            .filter(|(_, point)| !point.passed)
            .map(|(kind, point)| (*kind, point.remark.clone()))
            .collect()
    }
}

/// A field of the case that can be edited after it is opened. Concurrent edits of the same
/// field on two devices are a conflict shown for review.
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
pub enum CaseField {
    ResidentPhone,
    ContractorPhone,
    Notes,
}

/// A change to a renovation case. Amounts derived from the policy are carried in the event,
/// so a later policy change never rewrites history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum RenovationChange {
    Opened {
        unit: UnitRef,
        resident: Resident,
        commercial_unit: bool,
        /// The case number (`ZX2026-A0017`), drawn when the case is opened (issue #17).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
    },
    ContractorSet {
        contractor: Contractor,
    },
    ChangesDeclared {
        changes: BTreeSet<DeclaredChange>,
    },
    DocumentReceived {
        document: Document,
        evidence: Evidence,
    },
    /// A paper copy marked received by mistake, taken off again (issue #22). An event, so the
    /// history keeps both the mark and its undoing.
    PaperUnmarked {
        document: Document,
    },
    Submitted,
    FeesCharged {
        pass_cards: u32,
        permits: u32,
        charges: Vec<(Payer, LedgerItem, Money)>,
        /// How each payer paid, with the receipt numbers drawn for them (issue #17).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        payments: Vec<Payment>,
    },
    /// FEE-3/4/5 during construction: passes for new workers or to replace lost cards, or a
    /// replacement permit, with their own receipts.
    ExtrasCollected {
        pass_cards: u32,
        permits: u32,
        charges: Vec<(Payer, LedgerItem, Money)>,
        payments: Vec<Payment>,
    },
    /// FEE-7: an amount still owed, paid in with its own receipt.
    OwedCollected {
        payer: Payer,
        amount: Money,
        payment: Payment,
    },
    /// A wrong receipt, voided: its charges are reversed, never edited (FEE-6).
    ReceiptVoided {
        receipt: String,
        reason: String,
    },
    /// The application ends before construction, rejected for good or withdrawn: the deposits
    /// come back on the REN-41 clocks, counted from here.
    Withdrawn {
        reason: String,
    },
    /// The CS manager settles `payer`'s whole balance (`net`: positive was due back, negative
    /// was owed) that nobody will collect or pay, with a reason.
    BalanceWrittenOff {
        payer: Payer,
        net: Money,
        reason: String,
    },
    PermitIssued {
        number: String,
    },
    PassesIssued {
        numbers: Vec<u32>,
    },
    HotWorkPermitIssued {
        number: String,
    },
    AgreementSigned,
    DrawingsReviewed {
        review: DrawingReview,
    },
    ConstructionStarted,
    PassLost {
        number: u32,
        deduction: Money,
    },
    PermitLost {
        deduction: Money,
    },
    PassReturned {
        number: u32,
    },
    ViolationDeducted {
        payer: Payer,
        amount: Money,
        ticket: EntityId,
        note: String,
    },
    AcceptanceRequested,
    /// REN-40: the office sets when the parties meet for the acceptance.
    AcceptanceScheduled {
        at: DateTime<Utc>,
    },
    AcceptanceRecorded {
        passed: bool,
        defects: Vec<String>,
    },
    RefundPaid {
        payer: Payer,
        amount: Money,
        /// How the refund was paid (issue #17).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<PaymentMethod>,
        /// The refund slip's number, drawn when the refund is recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slip: Option<String>,
    },
    /// Closed before issue #22 asked why; kept so stored cases replay. New closes say why.
    Closed,
    /// The case is closed, with the reason the person closing it gave (issue #22).
    ClosedBecause {
        reason: String,
    },
    FieldSet {
        field: CaseField,
        value: String,
        /// The event whose value this edit replaces, as the editing device saw it.
        supersedes: Option<EventId>,
    },
}

impl RenovationChange {
    /// The money this step takes in from payers, whatever it is for: what a held step would
    /// have put in the ledger (issue #21).
    pub fn money_collected(&self) -> Money {
        match self {
            RenovationChange::FeesCharged { charges, .. }
            | RenovationChange::ExtrasCollected { charges, .. } => {
                charges.iter().map(|(_, _, amount)| *amount).sum()
            }
            RenovationChange::OwedCollected { amount, .. } => *amount,
            _ => Money::ZERO,
        }
    }

    /// The money this step pays out to payers.
    pub fn money_paid_out(&self) -> Money {
        match self {
            RenovationChange::RefundPaid { amount, .. } => *amount,
            _ => Money::ZERO,
        }
    }

    /// The REN-20 charges, pre-filled from the policy (FEE-1..5).
    pub fn fees_from_policy(policy: &Policy, pass_cards: u32, permits: u32) -> RenovationChange {
        RenovationChange::FeesCharged {
            pass_cards,
            permits,
            charges: intake_charges(&policy.fees, pass_cards, permits),
            payments: vec![
                Payment::by(Payer::Contractor, PaymentMethod::Cash),
                Payment::by(Payer::Owner, PaymentMethod::Cash),
            ],
        }
    }

    /// FEE-3/4/5: extra or replacement passes for the contractor and a replacement permit for
    /// the owner, at the current policy, each payer paying by `method`.
    pub fn extras_from_policy(
        policy: &Policy,
        pass_cards: u32,
        permits: u32,
        method: PaymentMethod,
    ) -> RenovationChange {
        let fees = &policy.fees;
        let mut charges = Vec::new();
        let mut payments = Vec::new();
        if pass_cards > 0 {
            charges.push((
                Payer::Contractor,
                LedgerItem::PassCardCost,
                fees.pass_card_cost * pass_cards,
            ));
            charges.push((
                Payer::Contractor,
                LedgerItem::PassCardDeposit,
                fees.pass_card_deposit * pass_cards,
            ));
            payments.push(Payment::by(Payer::Contractor, method));
        }
        if permits > 0 {
            charges.push((
                Payer::Owner,
                LedgerItem::PermitCost,
                fees.permit_cost * permits,
            ));
            payments.push(Payment::by(Payer::Owner, method));
        }
        RenovationChange::ExtrasCollected {
            pass_cards,
            permits,
            charges,
            payments,
        }
    }

    /// A lost pass card, with the FEE-3 deduction of the current policy.
    pub fn pass_lost(policy: &Policy, number: u32) -> RenovationChange {
        RenovationChange::PassLost {
            number,
            deduction: policy.fees.lost_pass_deduction,
        }
    }

    /// A lost permit, with the FEE-5 deduction of the current policy.
    pub fn permit_lost(policy: &Policy) -> RenovationChange {
        RenovationChange::PermitLost {
            deduction: policy.fees.lost_permit_deduction,
        }
    }

    /// The step this change takes.
    pub fn step(&self) -> Step {
        match self {
            RenovationChange::Opened { .. } => Step::OpenCase,
            RenovationChange::ContractorSet { .. } => Step::SetContractor,
            RenovationChange::ChangesDeclared { .. } => Step::DeclareChanges,
            RenovationChange::DocumentReceived { .. } | RenovationChange::PaperUnmarked { .. } => {
                Step::ReceiveDocument
            }
            RenovationChange::Submitted => Step::SubmitForReview,
            RenovationChange::FeesCharged { .. } => Step::CollectFees,
            RenovationChange::PermitIssued { .. } => Step::IssuePermit,
            RenovationChange::PassesIssued { .. } => Step::IssuePasses,
            RenovationChange::HotWorkPermitIssued { .. } => Step::IssueHotWorkPermit,
            RenovationChange::AgreementSigned => Step::SignAgreement,
            RenovationChange::DrawingsReviewed { .. } => Step::ReviewDrawings,
            RenovationChange::ConstructionStarted => Step::StartConstruction,
            RenovationChange::PassLost { .. } => Step::RecordLostPass,
            RenovationChange::PermitLost { .. } => Step::RecordLostPermit,
            RenovationChange::PassReturned { .. } => Step::RecordReturnedPass,
            RenovationChange::ViolationDeducted { .. } => Step::DeductForViolation,
            RenovationChange::AcceptanceRequested => Step::RequestAcceptance,
            RenovationChange::AcceptanceScheduled { .. } => Step::ScheduleAcceptance,
            RenovationChange::AcceptanceRecorded { .. } => Step::RecordAcceptance,
            RenovationChange::RefundPaid { .. } => Step::PayRefund,
            RenovationChange::Closed | RenovationChange::ClosedBecause { .. } => Step::Close,
            RenovationChange::FieldSet { .. } => Step::EditCase,
            RenovationChange::ExtrasCollected { .. } => Step::CollectExtras,
            RenovationChange::OwedCollected { .. } => Step::CollectOwed,
            RenovationChange::ReceiptVoided { .. } => Step::VoidReceipt,
            RenovationChange::Withdrawn { .. } => Step::Withdraw,
            RenovationChange::BalanceWrittenOff { .. } => Step::WriteOffBalance,
        }
    }

    /// The numbers this change carries (case, receipts, refund slip), so none is drawn twice.
    pub fn numbers(&self) -> Vec<&str> {
        match self {
            RenovationChange::Opened { number, .. } => number.iter().map(String::as_str).collect(),
            RenovationChange::FeesCharged { payments, .. }
            | RenovationChange::ExtrasCollected { payments, .. } => payments
                .iter()
                .filter_map(|payment| payment.receipt.as_deref())
                .collect(),
            RenovationChange::OwedCollected { payment, .. } => {
                payment.receipt.iter().map(String::as_str).collect()
            }
            RenovationChange::RefundPaid { slip, .. } => slip.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Fills every number still to be drawn, each from `draw`: done once, when the step is
    /// decided on the device that takes it.
    pub fn draw_numbers(&mut self, mut draw: impl FnMut(NumberKind) -> String) {
        match self {
            RenovationChange::Opened { number, .. } => {
                number.get_or_insert_with(|| draw(NumberKind::Renovation));
            }
            RenovationChange::FeesCharged { payments, .. }
            | RenovationChange::ExtrasCollected { payments, .. } => {
                for payment in payments {
                    payment
                        .receipt
                        .get_or_insert_with(|| draw(NumberKind::Receipt));
                }
            }
            RenovationChange::OwedCollected { payment, .. } => {
                payment
                    .receipt
                    .get_or_insert_with(|| draw(NumberKind::Receipt));
            }
            RenovationChange::RefundPaid { slip, .. } => {
                slip.get_or_insert_with(|| draw(NumberKind::RefundSlip));
            }
            _ => {}
        }
    }
}

/// Where a renovation case stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RenovationStatus {
    /// Not opened yet: the state before the first event.
    #[default]
    New,
    Draft,
    Submitted,
    Rejected,
    Approved,
    UnderConstruction,
    AcceptanceRequested,
    Accepted,
    /// Ended before construction, rejected for good or withdrawn: refunds are due (REN-41).
    Withdrawn,
    /// Nothing refundable or owed is left.
    Refunded,
    Closed,
}

impl RenovationStatus {
    pub fn name(self) -> &'static str {
        match self {
            RenovationStatus::New => "new",
            RenovationStatus::Draft => "draft",
            RenovationStatus::Submitted => "submitted",
            RenovationStatus::Rejected => "rejected",
            RenovationStatus::Approved => "approved",
            RenovationStatus::UnderConstruction => "under_construction",
            RenovationStatus::AcceptanceRequested => "acceptance_requested",
            RenovationStatus::Accepted => "accepted",
            RenovationStatus::Withdrawn => "withdrawn",
            RenovationStatus::Refunded => "refunded",
            RenovationStatus::Closed => "closed",
        }
    }

    /// Whether the case still occupies its unit (one open renovation per unit).
    pub fn is_open(self) -> bool {
        !matches!(self, RenovationStatus::New | RenovationStatus::Closed)
    }
}

/// A worker pass (出入证) and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PassState {
    Issued,
    Returned,
    Lost,
}

/// The current value of an editable field and the event that set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldValue {
    pub value: String,
    pub set_by: EventId,
}

/// A renovation case: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenovationCase {
    pub id: Option<EntityId>,
    /// The number people say (`ZX2026-A0017`); records from before numbers get one at fold.
    pub number: Option<String>,
    pub status: RenovationStatus,
    pub unit: Option<UnitRef>,
    pub resident: Option<Resident>,
    pub commercial_unit: bool,
    pub contractor: Option<Contractor>,
    pub declared: BTreeSet<DeclaredChange>,
    pub documents: BTreeMap<Document, Evidence>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// REN-20: every payer's intake fees are collected on a receipt that stands.
    pub fees_charged: bool,
    /// The payers whose intake fees stand on a receipt not voided.
    pub intake_paid_by: BTreeSet<Payer>,
    /// Every receipt of the case, voided ones included (issue #17).
    pub receipts: Vec<Receipt>,
    /// Every refund slip of the case.
    pub refund_slips: Vec<RefundSlip>,
    pub permit: Option<String>,
    pub permit_lost: bool,
    /// Permits handed out, the first and any replacements (FEE-5).
    pub permits_issued: u32,
    pub passes: BTreeMap<u32, PassState>,
    pub hot_work_permit: Option<String>,
    pub agreement_signed: bool,
    pub last_review: Option<DrawingReview>,
    pub construction_started_at: Option<DateTime<Utc>>,
    pub acceptance_requested_at: Option<DateTime<Utc>>,
    pub acceptance_scheduled_for: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// When the application ended before construction, and why (REN-41).
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawal_reason: String,
    pub open_defects: Vec<String>,
    pub ledger: Ledger,
    pub fields: BTreeMap<CaseField, FieldValue>,
    pub closed_at: Option<DateTime<Utc>>,
}

const NOBODY: &[Role] = &[];
const DESK: &[Role] = &[Role::FrontDesk, Role::RenovationSupervisor];
const SUPERVISOR: &[Role] = &[Role::RenovationSupervisor];
const ON_SITE: &[Role] = &[Role::FrontDesk, Role::RenovationSupervisor, Role::Inspector];
const ACCEPTANCE: &[Role] = &[Role::RenovationSupervisor, Role::Inspector];
const VOIDERS: &[Role] = &[Role::FrontDesk, Role::RenovationSupervisor, Role::CsManager];
const CS_MANAGER: &[Role] = &[Role::CsManager];

impl RenovationCase {
    /// Every application item still missing, with the rule that asks for it (REN-16).
    pub fn missing_items(&self, policy: &Policy) -> Vec<Violation> {
        let mut missing = Vec::new();
        if self.contractor.is_none() {
            missing.push(Violation::missing(RuleId::Ren12, Item::Contractor));
        }
        for (document, rule) in required_documents(&self.declared, self.commercial_unit, policy) {
            let evidence = self.documents.get(&document);
            let held = evidence.map_or(0, Evidence::copies);
            let stamped = evidence.is_some_and(|e| e.stamped);
            let needed = document.copies_needed();
            if held < needed {
                missing.push(Violation::missing(
                    rule,
                    Item::Document {
                        document,
                        held,
                        needed,
                    },
                ));
            } else if document.needs_company_stamp() && !stamped {
                missing.push(Violation::missing(rule, Item::CompanySeal { document }));
            }
        }
        missing
    }

    /// The current value of an editable field: the latest edit, else the value the case was
    /// opened with.
    pub fn field(&self, field: CaseField) -> String {
        if let Some(edited) = self.fields.get(&field) {
            return edited.value.clone();
        }
        match field {
            CaseField::ResidentPhone => self.resident.as_ref().map(|r| r.phone.clone()),
            CaseField::ContractorPhone => self.contractor.as_ref().map(|c| c.phone.clone()),
            CaseField::Notes => None,
        }
        .unwrap_or_default()
    }

    /// An edit of `field` to `value`, made with the current value in view, so that it settles
    /// any clash on that field it was chosen to settle.
    pub fn edit(&self, field: CaseField, value: &str) -> RenovationChange {
        RenovationChange::FieldSet {
            field,
            value: value.trim().to_owned(),
            supersedes: self
                .fields
                .get(&field)
                .map(|current| current.set_by.clone()),
        }
    }

    /// The REN-20 steps not yet done before construction may start.
    pub fn pending_start_steps(&self) -> Vec<Step> {
        let mut pending = Vec::new();
        if !self.fees_charged {
            pending.push(Step::CollectFees);
        }
        if self.permit.is_none() {
            pending.push(Step::IssuePermit);
        }
        if self.passes.is_empty() {
            pending.push(Step::IssuePasses);
        }
        if self.declared.contains(&DeclaredChange::HotWork) && self.hot_work_permit.is_none() {
            pending.push(Step::IssueHotWorkPermit);
        }
        if !self.agreement_signed {
            pending.push(Step::SignAgreement);
        }
        pending
    }

    /// Cards whose deposit is due back: those handed back, and, once no more passes can be
    /// issued (accepted or withdrawn), those paid for but never issued, still at the office.
    fn returned_cards(&self) -> u32 {
        let returned = crate::count(
            self.passes
                .values()
                .filter(|state| **state == PassState::Returned)
                .count(),
        );
        let finished = self.accepted_at.is_some() || self.withdrawn_at.is_some();
        let never_issued = if finished {
            self.pass_cards_paid()
                .saturating_sub(crate::count(self.passes.len()))
        } else {
            0
        };
        returned + never_issued
    }

    fn live_receipts(&self) -> impl Iterator<Item = &Receipt> {
        self.receipts.iter().filter(|receipt| receipt.is_live())
    }

    /// Pass cards paid for (FEE-3/4) on receipts that stand: at intake and since.
    pub fn pass_cards_paid(&self) -> u32 {
        self.live_receipts()
            .map(|receipt| receipt.quantity_of(LedgerItem::PassCardCost))
            .sum()
    }

    /// Permits paid for (FEE-5) on receipts that stand: the first and any replacements.
    pub fn permits_paid(&self) -> u32 {
        self.live_receipts()
            .map(|receipt| receipt.quantity_of(LedgerItem::PermitCost))
            .sum()
    }

    /// FEE-4: the deposit charged per pass card when the cards were paid for, refunded per
    /// returned card: a later fee change does not touch it.
    pub fn pass_card_deposit_each(&self) -> Money {
        let cards = self.pass_cards_paid();
        if cards == 0 {
            return Money::ZERO;
        }
        let paid = self
            .ledger
            .collected(Payer::Contractor, LedgerItem::PassCardDeposit);
        Money::from_fen(paid.fen() / i64::from(cards))
    }

    /// What `payer` is due back or owes now (REN-41, FEE-7).
    pub fn balance(&self, payer: Payer) -> PayerBalance {
        self.ledger
            .balance(payer, self.pass_card_deposit_each(), self.returned_cards())
    }

    /// Both payers' balances.
    pub fn balances(&self) -> [PayerBalance; 2] {
        [self.balance(Payer::Contractor), self.balance(Payer::Owner)]
    }

    /// Nothing is refundable or owed by anyone: the case may close (FEE-7).
    pub fn is_settled(&self) -> bool {
        self.balances().iter().all(PayerBalance::is_settled)
    }

    /// The receipt numbered `number`.
    pub fn receipt(&self, number: &str) -> Option<&Receipt> {
        self.receipts
            .iter()
            .find(|receipt| receipt.number == number)
    }

    /// The payers whose intake fees are still to be collected (again, after a voided receipt).
    pub fn intake_due(&self) -> Vec<Payer> {
        [Payer::Contractor, Payer::Owner]
            .into_iter()
            .filter(|payer| !self.intake_paid_by.contains(payer))
            .collect()
    }

    fn front_desk_window(&self, policy: &Policy) -> bool {
        match policy.fee_collection {
            FeeCollectionOrder::BeforeReview => matches!(
                self.status,
                RenovationStatus::Submitted | RenovationStatus::Approved
            ),
            FeeCollectionOrder::AfterApproval => self.status == RenovationStatus::Approved,
        }
    }

    /// Who may take `step`, in which states, and the rules that say so. Steps of other
    /// workflows are never open on a renovation.
    fn gate(&self, step: Step, policy: &Policy) -> Gate {
        use RenovationStatus as S;
        let status = self.status;
        let within = |states: &[RenovationStatus]| states.contains(&status);
        let building = within(&[S::UnderConstruction, S::AcceptanceRequested, S::Accepted]);
        let constructing = within(&[S::UnderConstruction, S::AcceptanceRequested]);
        // Passes and the permit are out from the intake until they come back or the refund.
        let holding = within(&[
            S::Approved,
            S::UnderConstruction,
            S::AcceptanceRequested,
            S::Accepted,
            S::Withdrawn,
        ]);
        let (open, state_rule, roles, role_rule) = match step {
            Step::OpenCase => (within(&[S::New]), RuleId::X1, DESK, RuleId::Ren10),
            Step::SetContractor | Step::DeclareChanges | Step::ReceiveDocument => (
                within(&[S::Draft, S::Rejected]),
                RuleId::Ren16,
                DESK,
                RuleId::Ren10,
            ),
            Step::SubmitForReview => (
                within(&[S::Draft, S::Rejected]),
                RuleId::Ren16,
                DESK,
                RuleId::Ren16,
            ),
            Step::IssuePermit | Step::IssuePasses => (
                self.front_desk_window(policy) || constructing,
                RuleId::Ren20,
                DESK,
                RuleId::Ren20,
            ),
            Step::CollectFees | Step::IssueHotWorkPermit | Step::SignAgreement => (
                self.front_desk_window(policy),
                RuleId::Ren20,
                DESK,
                RuleId::Ren20,
            ),
            Step::ReviewDrawings => (
                within(&[S::Submitted]),
                RuleId::Ren30,
                SUPERVISOR,
                RuleId::Ren30,
            ),
            Step::StartConstruction => (within(&[S::Approved]), RuleId::Ren20, DESK, RuleId::Ren20),
            Step::Withdraw => (
                within(&[S::Submitted, S::Rejected, S::Approved]),
                RuleId::Ren41,
                DESK,
                RuleId::Ren41,
            ),
            Step::CollectExtras => (
                within(&[S::Approved, S::UnderConstruction, S::AcceptanceRequested]),
                RuleId::Fee4,
                DESK,
                RuleId::Ren20,
            ),
            Step::RecordLostPass => (holding, RuleId::Ren34, ON_SITE, RuleId::Ren34),
            Step::RecordReturnedPass => (holding, RuleId::Fee4, ON_SITE, RuleId::Fee4),
            Step::RecordLostPermit => (holding, RuleId::Ren34, ON_SITE, RuleId::Ren34),
            Step::DeductForViolation => (building, RuleId::Ren33, DESK, RuleId::Ren33),
            Step::RequestAcceptance => (
                within(&[S::UnderConstruction]),
                RuleId::Ren40,
                DESK,
                RuleId::Ren40,
            ),
            Step::ScheduleAcceptance => (
                within(&[S::AcceptanceRequested]),
                RuleId::Ren40,
                DESK,
                RuleId::Ren40,
            ),
            Step::RecordAcceptance => (
                within(&[S::AcceptanceRequested]),
                RuleId::Ren40,
                ACCEPTANCE,
                RuleId::Ren40,
            ),
            Step::PayRefund => (
                within(&[S::Accepted, S::Withdrawn]),
                RuleId::Ren41,
                DESK,
                RuleId::Ren41,
            ),
            Step::CollectOwed => (holding, RuleId::Fee7, DESK, RuleId::Fee7),
            Step::WriteOffBalance => (
                within(&[S::Accepted, S::Withdrawn]),
                RuleId::Fee7,
                CS_MANAGER,
                RuleId::Fee7,
            ),
            Step::VoidReceipt => (
                status.is_open() && status != S::Draft,
                RuleId::Fee6,
                VOIDERS,
                RuleId::Fee6,
            ),
            Step::Close => (
                within(&[
                    S::Draft,
                    S::Rejected,
                    S::Withdrawn,
                    S::Accepted,
                    S::Refunded,
                ]),
                RuleId::Ren41,
                DESK,
                RuleId::Ren41,
            ),
            Step::EditCase => (status.is_open(), RuleId::X1, ON_SITE, RuleId::X1),
            _ => (false, RuleId::X2, NOBODY, RuleId::X2),
        };
        Gate {
            open,
            state_rule,
            roles,
            role_rule,
        }
    }

    /// The state and role violations of `step` by `role`: empty when the step applies now.
    fn gate_violations(&self, step: Step, role: Role, policy: &Policy) -> Vec<Violation> {
        self.gate(step, policy)
            .violations(State::Renovation(self.status), step, role)
    }

    /// Whether `step` has anything to act on: a pass out to return, money to refund, a permit
    /// not yet issued. A screen offers a step only when it is open and has something to do.
    fn has_work(&self, step: Step) -> bool {
        let passes_out = self
            .passes
            .values()
            .any(|state| *state == PassState::Issued);
        match step {
            Step::CollectFees => !self.fees_charged,
            Step::IssuePermit => {
                self.permit.is_none()
                    || (self.permit_lost && self.permits_paid() > self.permits_issued)
            }
            Step::IssuePasses => crate::count(self.passes.len()) < self.pass_cards_paid(),
            Step::IssueHotWorkPermit => {
                self.declared.contains(&DeclaredChange::HotWork) && self.hot_work_permit.is_none()
            }
            Step::SignAgreement => !self.agreement_signed,
            Step::RecordLostPass | Step::RecordReturnedPass => passes_out,
            Step::RecordLostPermit => self.permit.is_some() && !self.permit_lost,
            Step::PayRefund => self
                .balances()
                .iter()
                .any(|balance| balance.refundable > Money::ZERO),
            Step::CollectOwed => self
                .balances()
                .iter()
                .any(|balance| balance.still_owed > Money::ZERO),
            Step::WriteOffBalance => !self.is_settled(),
            Step::VoidReceipt => self.live_receipts().next().is_some(),
            _ => true,
        }
    }

    /// The steps `role` can take on this case now, in the manual's order. Case pages show
    /// exactly these; pressing one names anything it still lacks (REN-16, X-2).
    pub fn open_steps(&self, role: Role, policy: &Policy) -> Vec<Step> {
        Step::RENOVATION
            .iter()
            .copied()
            .filter(|step| {
                self.gate_violations(*step, role, policy).is_empty() && self.has_work(*step)
            })
            .collect()
    }

    /// Whether `role` may open a new case at all: screens offer the application form only to
    /// the roles that may file it (issue #22), instead of refusing it once filled in.
    pub fn may_open(role: Role) -> bool {
        RenovationCase::default()
            .gate_violations(Step::OpenCase, role, &Policy::default())
            .is_empty()
    }

    /// Whether `role` may take `change` in this state, whatever else is still missing.
    pub fn offers(&self, change: &RenovationChange, role: Role, policy: &Policy) -> bool {
        crate::violation::step_is_open(&self.check(change, role, policy))
    }

    /// Every rule `change` by `role` would break in the current state; empty when allowed.
    pub fn check(&self, change: &RenovationChange, role: Role, policy: &Policy) -> Vec<Violation> {
        use RenovationChange as C;
        let mut checks = Checks::new();
        for violation in self.gate_violations(change.step(), role, policy) {
            checks.push(violation);
        }
        match change {
            C::Opened { unit, resident, .. } => {
                checks.require_item(
                    !unit.building.trim().is_empty() && !unit.room.trim().is_empty(),
                    RuleId::Ren10,
                    Item::Unit,
                );
                checks.require_item(
                    !resident.name.trim().is_empty(),
                    RuleId::Ren10,
                    Item::ResidentName,
                );
            }
            C::ContractorSet { .. }
            | C::ChangesDeclared { .. }
            | C::DocumentReceived { .. }
            | C::PaperUnmarked { .. }
            | C::AgreementSigned
            | C::AcceptanceRequested
            | C::AcceptanceScheduled { .. }
            | C::Closed
            | C::ClosedBecause { .. }
            | C::FieldSet { .. } => {}
            C::Submitted => {
                for violation in self.missing_items(policy) {
                    checks.push(violation);
                }
            }
            C::FeesCharged { charges, .. } => {
                checks.require_valid(
                    charges
                        .iter()
                        .all(|(payer, _, _)| !self.intake_paid_by.contains(payer)),
                    RuleId::Fee6,
                    || Reason::FeesAlreadyCollected,
                );
                checks.require_valid(
                    charges.iter().all(|(_, _, amount)| !amount.is_negative()),
                    RuleId::Fee6,
                    || Reason::NegativeCharge,
                );
            }
            C::ExtrasCollected {
                pass_cards,
                permits,
                charges,
                ..
            } => {
                checks.require_valid(*pass_cards + *permits > 0, RuleId::Fee4, || {
                    Reason::NothingToCollect
                });
                checks.require_valid(
                    charges.iter().all(|(_, _, amount)| !amount.is_negative()),
                    RuleId::Fee6,
                    || Reason::NegativeCharge,
                );
            }
            C::OwedCollected { payer, amount, .. } => {
                let owed = self.balance(*payer).still_owed;
                checks.require_valid(
                    *amount > Money::ZERO && *amount <= owed,
                    RuleId::Fee7,
                    || Reason::OwedPaymentTooLarge {
                        amount: *amount,
                        owed,
                    },
                );
            }
            C::ReceiptVoided { receipt, reason } => {
                match self.receipt(receipt) {
                    None => checks.require_valid(false, RuleId::Fee6, || Reason::NoSuchReceipt),
                    Some(found) => checks.require_valid(found.is_live(), RuleId::Fee6, || {
                        Reason::ReceiptAlreadyVoided
                    }),
                }
                checks.require_item(!reason.trim().is_empty(), RuleId::Fee6, Item::Reason);
            }
            C::Withdrawn { reason } => {
                checks.require_item(!reason.trim().is_empty(), RuleId::Ren41, Item::Reason);
            }
            C::BalanceWrittenOff { payer, net, reason } => {
                let balance = self.balance(*payer).net();
                checks.require_valid(
                    *net == balance && balance != Money::ZERO,
                    RuleId::Fee7,
                    || Reason::WriteOffMustMatchBalance { balance },
                );
                checks.require_item(!reason.trim().is_empty(), RuleId::Fee7, Item::Reason);
            }
            C::PermitIssued { .. } | C::PassesIssued { .. } | C::HotWorkPermitIssued { .. } => {
                checks.require_done(self.fees_charged, RuleId::Ren20, Step::CollectFees);
                if let C::PassesIssued { numbers } = change {
                    let fresh = numbers.iter().all(|n| !self.passes.contains_key(n));
                    let distinct = numbers.iter().collect::<BTreeSet<_>>().len() == numbers.len();
                    checks.require_valid(
                        fresh && distinct && !numbers.is_empty(),
                        RuleId::Ren20,
                        || Reason::PassNumbersNotNew,
                    );
                    let total = crate::count(self.passes.len() + numbers.len());
                    checks.require_valid(total <= self.pass_cards_paid(), RuleId::Fee4, || {
                        Reason::TooManyPasses {
                            passes: total,
                            paid: self.pass_cards_paid(),
                        }
                    });
                }
                if let C::HotWorkPermitIssued { .. } = change {
                    checks.require_valid(
                        self.declared.contains(&DeclaredChange::HotWork),
                        RuleId::Ren20,
                        || Reason::NoHotWorkDeclared,
                    );
                }
            }
            C::DrawingsReviewed { review } => {
                let remarks_given = review
                    .points()
                    .iter()
                    .all(|(_, point)| point.passed || !point.remark.trim().is_empty());
                checks.require_valid(remarks_given, RuleId::Ren30, || {
                    Reason::FailedReviewPointNeedsReason
                });
            }
            C::ConstructionStarted => {
                for step in self.pending_start_steps() {
                    checks.require_done(false, RuleId::Ren20, step);
                }
            }
            C::PassLost { number, .. } | C::PassReturned { number } => {
                let rule = if matches!(change, C::PassLost { .. }) {
                    RuleId::Ren34
                } else {
                    RuleId::Fee4
                };
                checks.require_valid(
                    self.passes.get(number) == Some(&PassState::Issued),
                    rule,
                    || Reason::PassNotOut { number: *number },
                );
            }
            C::PermitLost { .. } => {
                checks.require_valid(
                    self.permit.is_some() && !self.permit_lost,
                    RuleId::Ren34,
                    || Reason::NoPermitOut,
                );
                checks.require_valid(
                    self.balance(Payer::Owner).already_refunded == Money::ZERO,
                    RuleId::Ren34,
                    || Reason::RefundAlreadyPaid,
                );
            }
            C::ViolationDeducted { amount, .. } => {
                checks.require_valid(*amount > Money::ZERO, RuleId::Fee6, || {
                    Reason::DeductionNotPositive
                });
            }
            C::AcceptanceRecorded { passed, defects } => {
                checks.require_item(
                    *passed || !defects.is_empty(),
                    RuleId::Ren40,
                    Item::AcceptanceDefects,
                );
            }
            C::RefundPaid { payer, amount, .. } => {
                let refundable = self.balance(*payer).refundable;
                checks.require_valid(
                    *amount > Money::ZERO && *amount <= refundable,
                    RuleId::Fee7,
                    || Reason::RefundTooLarge {
                        amount: *amount,
                        refundable,
                    },
                );
            }
        }
        checks.into_violations()
    }

    /// What a step taken now must also hold, beyond [`RenovationCase::check`]: rules added
    /// after offices had data (issue #17). They are checked when a step is decided, never when
    /// history is replayed, so stored events never turn into conflicts on an upgrade.
    pub fn check_new_step(&self, change: &RenovationChange) -> Vec<Violation> {
        use RenovationChange as C;
        let mut checks = Checks::new();
        let nonblank = |text: &str| !text.trim().is_empty();
        match change {
            // Issue #22: while the file is first collected, a count never passes what is
            // needed; only a sealed copy of a document still missing its seal may come on top.
            // After a rejection (REN-30) revised drawings come in on top of the old ones.
            C::DocumentReceived { document, evidence }
                if self.status == RenovationStatus::Draft =>
            {
                let held = self.documents.get(document);
                let counted = held.map_or(0, Evidence::copies) >= document.copies_needed();
                let sealed = held.is_some_and(|held| held.stamped);
                if counted && document.needs_company_stamp() && !sealed {
                    checks.require_item(
                        evidence.stamped,
                        RuleId::Ren12,
                        Item::CompanySeal {
                            document: *document,
                        },
                    );
                } else if counted {
                    checks.require_valid(false, RuleId::Ren10, || Reason::DocumentAlreadyComplete);
                }
            }
            C::PaperUnmarked { document } => {
                let marked = self
                    .documents
                    .get(document)
                    .is_some_and(|held| held.paper_copies > 0);
                checks.require_valid(marked, RuleId::Ren10, || Reason::NoPaperCopyToUnmark);
            }
            C::FeesCharged {
                charges, payments, ..
            }
            | C::ExtrasCollected {
                charges, payments, ..
            } => {
                let payers: BTreeSet<Payer> = charges.iter().map(|(payer, _, _)| *payer).collect();
                for payer in payers {
                    let methods = payments
                        .iter()
                        .filter(|payment| payment.payer == payer)
                        .count();
                    checks.require_item(methods == 1, RuleId::Fee6, Item::PaymentMethod { payer });
                }
            }
            C::OwedCollected { payer, payment, .. } => {
                checks.require_item(
                    payment.payer == *payer,
                    RuleId::Fee6,
                    Item::PaymentMethod { payer: *payer },
                );
            }
            C::RefundPaid { payer, method, .. } => {
                checks.require_item(
                    method.is_some(),
                    RuleId::Fee6,
                    Item::PaymentMethod { payer: *payer },
                );
            }
            C::PermitIssued { number } => {
                checks.require_item(nonblank(number), RuleId::Ren20, Item::PermitNumber);
                checks.require_valid(self.has_work(Step::IssuePermit), RuleId::Ren20, || {
                    Reason::PermitNotNeeded
                });
            }
            C::HotWorkPermitIssued { number } => {
                checks.require_item(nonblank(number), RuleId::Ren20, Item::PermitNumber);
            }
            C::Closed | C::ClosedBecause { .. } => {
                // Issue #22: a case is closed for good, so the person closing it says why.
                let reason = match change {
                    C::ClosedBecause { reason } => reason.as_str(),
                    _ => "",
                };
                checks.require_item(nonblank(reason), RuleId::X1, Item::Reason);
                for balance in self.balances() {
                    // REN-41 while a deposit waits to be returned, FEE-7 while money is owed.
                    let rule = if balance.still_owed == Money::ZERO {
                        RuleId::Ren41
                    } else {
                        RuleId::Fee7
                    };
                    checks.require_valid(balance.is_settled(), rule, || {
                        Reason::BalanceNotSettled {
                            payer: balance.payer,
                            refundable: balance.refundable,
                            owed: balance.still_owed,
                        }
                    });
                }
            }
            _ => {}
        }
        checks.into_violations()
    }

    /// Records a collection: one receipt per payer, each line in the ledger under it.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &mut self,
        kind: CollectionKind,
        (pass_cards, permits): (u32, u32),
        charges: &[(Payer, LedgerItem, Money)],
        payments: &[Payment],
        (actor, at): (&str, DateTime<Utc>),
        draw_legacy: &mut dyn FnMut(NumberKind) -> String,
    ) {
        for payer in [Payer::Contractor, Payer::Owner] {
            let lines: Vec<ReceiptLine> = charges
                .iter()
                .filter(|(charged, _, _)| *charged == payer)
                .map(|(_, item, amount)| ReceiptLine {
                    item: *item,
                    quantity: match item {
                        LedgerItem::PassCardCost | LedgerItem::PassCardDeposit => pass_cards,
                        LedgerItem::PermitCost => permits,
                        _ => 1,
                    },
                    amount: *amount,
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            let payment = payments.iter().find(|payment| payment.payer == payer);
            let number = payment
                .and_then(|payment| payment.receipt.clone())
                .unwrap_or_else(|| draw_legacy(NumberKind::Receipt));
            for line in &lines {
                self.ledger.record(LedgerEntry {
                    kind: EntryKind::Charge,
                    payer,
                    item: line.item,
                    amount: line.amount,
                    recorded_by: actor.to_owned(),
                    recorded_at: at,
                    note: String::new(),
                    document: Some(number.clone()),
                });
            }
            self.receipts.push(Receipt {
                number,
                kind,
                payer,
                method: payment.map(|payment| payment.method),
                lines,
                collected_by: actor.to_owned(),
                collected_at: at,
                voided: None,
            });
            if kind == CollectionKind::Intake {
                self.intake_paid_by.insert(payer);
            }
        }
        self.fees_charged = self.intake_due().is_empty();
    }

    /// After money moves on an accepted or ended case: once nothing is refundable or owed,
    /// the case is settled.
    fn settle_if_done(&mut self) {
        let refunding = matches!(
            self.status,
            RenovationStatus::Accepted | RenovationStatus::Withdrawn
        );
        if refunding && self.is_settled() {
            self.status = RenovationStatus::Refunded;
        }
    }

    /// Folds one event into the state. Callers check first; apply never refuses. A record
    /// from before numbers existed gets its receipt or slip number from `draw_legacy`.
    pub fn apply(
        &mut self,
        id: &EventId,
        entity: &EntityId,
        (at, actor): (DateTime<Utc>, &str),
        change: &RenovationChange,
        draw_legacy: &mut dyn FnMut(NumberKind) -> String,
    ) {
        use RenovationChange as C;
        use RenovationStatus as S;
        let entry = |kind, payer, item, amount, note: &str| LedgerEntry {
            kind,
            payer,
            item,
            amount,
            recorded_by: actor.to_owned(),
            recorded_at: at,
            note: note.to_owned(),
            document: None,
        };
        match change {
            C::Opened {
                unit,
                resident,
                commercial_unit,
                number,
            } => {
                self.id = Some(entity.clone());
                self.number = Some(
                    number
                        .clone()
                        .unwrap_or_else(|| draw_legacy(NumberKind::Renovation)),
                );
                self.status = S::Draft;
                self.unit = Some(unit.clone());
                self.resident = Some(resident.clone());
                self.commercial_unit = *commercial_unit;
            }
            C::ContractorSet { contractor } => self.contractor = Some(contractor.clone()),
            C::ChangesDeclared { changes } => self.declared = changes.clone(),
            C::DocumentReceived { document, evidence } => {
                let held = self.documents.entry(*document).or_default();
                held.attachments
                    .extend(evidence.attachments.iter().cloned());
                held.paper_copies += evidence.paper_copies;
                held.stamped |= evidence.stamped;
            }
            C::PaperUnmarked { document } => {
                if let Some(held) = self.documents.get_mut(document) {
                    held.paper_copies = held.paper_copies.saturating_sub(1);
                    // Only paper bears a seal: with no paper copy left, no seal is held.
                    if held.paper_copies == 0 {
                        held.stamped = false;
                    }
                }
            }
            C::Submitted => {
                self.status = S::Submitted;
                self.submitted_at = Some(at);
            }
            C::FeesCharged {
                pass_cards,
                permits,
                charges,
                payments,
            } => self.collect(
                CollectionKind::Intake,
                (*pass_cards, *permits),
                charges,
                payments,
                (actor, at),
                draw_legacy,
            ),
            C::ExtrasCollected {
                pass_cards,
                permits,
                charges,
                payments,
            } => self.collect(
                CollectionKind::Extras,
                (*pass_cards, *permits),
                charges,
                payments,
                (actor, at),
                draw_legacy,
            ),
            C::OwedCollected {
                payer,
                amount,
                payment,
            } => {
                self.collect(
                    CollectionKind::Owed,
                    (0, 0),
                    &[(*payer, LedgerItem::OwedPayment, *amount)],
                    std::slice::from_ref(payment),
                    (actor, at),
                    draw_legacy,
                );
                self.settle_if_done();
            }
            C::ReceiptVoided { receipt, reason } => {
                if let Some(voided) = self
                    .receipts
                    .iter_mut()
                    .find(|found| found.number == *receipt && found.is_live())
                {
                    voided.voided = Some(Voiding {
                        reason: reason.clone(),
                        by: actor.to_owned(),
                        at,
                    });
                    let voided = voided.clone();
                    for line in &voided.lines {
                        let mut reversal = entry(
                            EntryKind::Reversal,
                            voided.payer,
                            line.item,
                            line.amount,
                            reason,
                        );
                        reversal.document = Some(voided.number.clone());
                        self.ledger.record(reversal);
                    }
                    if voided.kind == CollectionKind::Intake {
                        self.intake_paid_by.remove(&voided.payer);
                        self.fees_charged = false;
                    }
                }
            }
            C::Withdrawn { reason } => {
                self.status = S::Withdrawn;
                self.withdrawn_at = Some(at);
                self.withdrawal_reason = reason.clone();
            }
            C::BalanceWrittenOff { payer, net, reason } => {
                let item = if net.is_negative() {
                    LedgerItem::WaivedDebt
                } else {
                    LedgerItem::UnclaimedRefund
                };
                let amount = if net.is_negative() { -*net } else { *net };
                self.ledger
                    .record(entry(EntryKind::WriteOff, *payer, item, amount, reason));
                self.settle_if_done();
            }
            C::PermitIssued { number } => {
                self.permit = Some(number.clone());
                self.permit_lost = false;
                self.permits_issued += 1;
            }
            C::PassesIssued { numbers } => {
                for number in numbers {
                    self.passes.insert(*number, PassState::Issued);
                }
            }
            C::HotWorkPermitIssued { number } => self.hot_work_permit = Some(number.clone()),
            C::AgreementSigned => self.agreement_signed = true,
            C::DrawingsReviewed { review } => {
                self.status = if review.approves() {
                    S::Approved
                } else {
                    S::Rejected
                };
                self.last_review = Some(review.clone());
            }
            C::ConstructionStarted => {
                self.status = S::UnderConstruction;
                self.construction_started_at = Some(at);
            }
            C::PassLost { number, deduction } => {
                self.passes.insert(*number, PassState::Lost);
                let note = format!("#{number}");
                self.ledger.record(entry(
                    EntryKind::Deduction,
                    Payer::Contractor,
                    LedgerItem::LostPassDeduction,
                    *deduction,
                    &note,
                ));
            }
            C::PermitLost { deduction } => {
                self.permit_lost = true;
                self.ledger.record(entry(
                    EntryKind::Deduction,
                    Payer::Owner,
                    LedgerItem::LostPermitDeduction,
                    *deduction,
                    "",
                ));
            }
            C::PassReturned { number } => {
                self.passes.insert(*number, PassState::Returned);
            }
            C::ViolationDeducted {
                payer,
                amount,
                ticket: _,
                note,
            } => {
                self.ledger.record(entry(
                    EntryKind::Deduction,
                    *payer,
                    LedgerItem::ViolationDeduction,
                    *amount,
                    note,
                ));
            }
            C::AcceptanceRequested => {
                self.status = S::AcceptanceRequested;
                self.acceptance_requested_at = Some(at);
            }
            C::AcceptanceScheduled { at } => self.acceptance_scheduled_for = Some(*at),
            C::AcceptanceRecorded { passed, defects } => {
                self.acceptance_scheduled_for = None;
                if *passed {
                    self.status = S::Accepted;
                    self.accepted_at = Some(at);
                    self.open_defects.clear();
                } else {
                    self.status = S::UnderConstruction;
                    self.open_defects = defects.clone();
                }
            }
            C::RefundPaid {
                payer,
                amount,
                method,
                slip,
            } => {
                let number = slip
                    .clone()
                    .unwrap_or_else(|| draw_legacy(NumberKind::RefundSlip));
                let mut refund = entry(
                    EntryKind::Refund,
                    *payer,
                    LedgerItem::RenovationDeposit,
                    *amount,
                    "",
                );
                refund.document = Some(number.clone());
                self.ledger.record(refund);
                self.refund_slips.push(RefundSlip {
                    number,
                    payer: *payer,
                    amount: *amount,
                    method: *method,
                    paid_by: actor.to_owned(),
                    paid_at: at,
                });
                self.settle_if_done();
            }
            C::Closed | C::ClosedBecause { .. } => {
                self.status = S::Closed;
                self.closed_at = Some(at);
            }
            C::FieldSet { field, value, .. } => {
                self.fields.insert(
                    *field,
                    FieldValue {
                        value: value.clone(),
                        set_by: id.clone(),
                    },
                );
            }
        }
    }

    /// The open deadlines of this case at `now` (REN-30, REN-41; X-3). Each counted length is
    /// the one the policy gave when its clock started.
    pub fn deadlines(&self, now: DateTime<Utc>, rules: Rules) -> Vec<Deadline> {
        let Some(id) = &self.id else {
            return Vec::new();
        };
        let mut deadlines = Vec::new();
        if let (RenovationStatus::Submitted, Some(submitted)) = (self.status, self.submitted_at) {
            let days = rules.policy_at(submitted).drawing_review_working_days;
            deadlines.push(rules.counted(
                &id.0,
                (DeadlineKind::DrawingReview, RuleId::Ren30),
                submitted,
                Span::WorkingDays(days),
                now,
            ));
        }
        let refund_clock = match self.status {
            RenovationStatus::Accepted => self.accepted_at,
            RenovationStatus::Withdrawn => self.withdrawn_at,
            _ => None,
        };
        let refund_due = self
            .balances()
            .iter()
            .any(|balance| balance.refundable > Money::ZERO);
        if let (Some(started), true) = (refund_clock, refund_due) {
            let policy = rules.policy_at(started);
            for (kind, days) in [
                (
                    DeadlineKind::RefundTarget,
                    policy.refund_target_working_days,
                ),
                (DeadlineKind::RefundLimit, policy.refund_limit_working_days),
            ] {
                deadlines.push(rules.counted(
                    &id.0,
                    (kind, RuleId::Ren41),
                    started,
                    Span::WorkingDays(days),
                    now,
                ));
            }
        }
        deadlines
    }
}
