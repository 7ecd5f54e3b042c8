//! The patrol words of the catalogue: checklist items and outcomes.

use estate_core::patrol::{ChecklistItem, Outcome};

use super::Text;

/// The checklist in the order the inspector walks it (REN-32).
pub const CHECKLIST: [(ChecklistItem, &str, Text); 6] = [
    (
        ChecklistItem::PermitPosted,
        "permit-posted",
        Text::ItemPermitPosted,
    ),
    (
        ChecklistItem::PassesWorn,
        "passes-worn",
        Text::ItemPassesWorn,
    ),
    (
        ChecklistItem::HotWorkPermitPresent,
        "hot-work",
        Text::ItemHotWork,
    ),
    (
        ChecklistItem::WithinApproval,
        "within-approval",
        Text::ItemWithinApproval,
    ),
    (ChecklistItem::WasteAndCleanliness, "waste", Text::ItemWaste),
    (
        ChecklistItem::WorkingHours,
        "working-hours",
        Text::ItemWorkingHours,
    ),
];

/// The three verdicts of an item, as big buttons.
pub const OUTCOMES: [(Outcome, &str, Text); 3] = [
    (Outcome::Pass, "pass", Text::OutcomePass),
    (Outcome::Fail, "fail", Text::OutcomeFail),
    (Outcome::NotApplicable, "na", Text::OutcomeNa),
];

pub fn item_label(item: ChecklistItem) -> Text {
    CHECKLIST
        .iter()
        .find(|(option, _, _)| *option == item)
        .map_or(Text::ItemPermitPosted, |(_, _, text)| *text)
}

/// The item a violation names by its Rust name (`checklist PermitPosted`).
pub fn item_named(name: &str) -> Option<ChecklistItem> {
    CHECKLIST
        .iter()
        .map(|(item, _, _)| *item)
        .find(|item| format!("{item:?}") == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ren_32_every_checklist_item_has_a_label_and_is_found_by_name() {
        for item in ChecklistItem::ALL {
            assert!(CHECKLIST.iter().any(|(listed, _, _)| *listed == item));
            assert_eq!(item_named(&format!("{item:?}")), Some(item));
        }
        assert_eq!(
            item_label(ChecklistItem::WorkingHours),
            Text::ItemWorkingHours
        );
    }
}
