//! A patrol being filled in, saved on every change so that a closed tab or a flat battery
//! loses nothing (REN-33). The draft is small (photos are stored in IndexedDB as they are taken
//! and the draft keeps only their hashes), so it lives in localStorage, one per case.

use std::collections::BTreeMap;

use estate_core::patrol::{ChecklistItem, Finding, Outcome, PatrolKind, PatrolRecord};
use estate_core::EntityId;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const DRAFT_VERSION: u32 = 1;

fn key(case: &EntityId) -> String {
    format!("estate-desk.patrol-draft.{}", case.0)
}

/// The stored draft: a wire type with a version, read back only by the same version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatrolDraft {
    pub v: u32,
    pub kind: PatrolKind,
    /// One entry per checklist item; `None` until judged.
    pub outcomes: BTreeMap<ChecklistItem, Outcome>,
    pub notes: BTreeMap<ChecklistItem, String>,
    pub workers_seen: String,
    /// SHA-256 of each photo taken, already stored.
    pub photos: Vec<String>,
    /// The verdict on each open rectification ticket of the case: fixed or not.
    pub fixes: BTreeMap<String, bool>,
    pub lost_pass: String,
}

impl PatrolDraft {
    /// A fresh draft: nothing judged; the hot-work item is not applicable unless hot work is
    /// declared (REN-32).
    pub fn new(kind: PatrolKind, hot_work: bool) -> PatrolDraft {
        let mut outcomes = BTreeMap::new();
        if !hot_work {
            outcomes.insert(ChecklistItem::HotWorkPermitPresent, Outcome::NotApplicable);
        }
        PatrolDraft {
            v: DRAFT_VERSION,
            kind,
            outcomes,
            notes: BTreeMap::new(),
            workers_seen: String::new(),
            photos: Vec::new(),
            fixes: BTreeMap::new(),
            lost_pass: String::new(),
        }
    }

    /// The draft of `case` saved on this device, if any.
    pub fn load(case: &EntityId) -> Option<PatrolDraft> {
        LocalStorage::get::<PatrolDraft>(key(case))
            .ok()
            .filter(|draft| draft.v == DRAFT_VERSION)
    }

    /// Saves the draft; `false` when localStorage refused (full or disabled).
    pub fn save(&self, case: &EntityId) -> bool {
        LocalStorage::set(key(case), self).is_ok()
    }

    /// Forgets the draft once the patrol is recorded.
    pub fn clear(case: &EntityId) {
        LocalStorage::delete(key(case));
    }

    /// The patrol record this draft describes. Unjudged items are left out, so the core names
    /// each of them when the patrol is finished too early.
    pub fn record(&self, case: &EntityId) -> PatrolRecord {
        PatrolRecord {
            case: case.clone(),
            kind: self.kind,
            findings: ChecklistItem::ALL
                .into_iter()
                .filter_map(|item| {
                    Some(Finding {
                        item,
                        outcome: *self.outcomes.get(&item)?,
                        note: self
                            .notes
                            .get(&item)
                            .cloned()
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    })
                })
                .collect(),
            workers_seen: self.workers_seen.trim().parse().unwrap_or(0),
            photos: self.photos.clone(),
        }
    }

    /// The lost pass number typed, if it is a number.
    pub fn lost_pass_number(&self) -> Option<u32> {
        self.lost_pass.trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ren_33_a_draft_round_trips_and_becomes_the_patrol_record() {
        let case = EntityId("case-1".into());
        let mut draft = PatrolDraft::new(PatrolKind::Scheduled, false);
        draft
            .outcomes
            .insert(ChecklistItem::PermitPosted, Outcome::Fail);
        draft
            .notes
            .insert(ChecklistItem::PermitPosted, " 许可证未张贴 ".into());
        draft.workers_seen = "3".into();
        draft.photos.push("ab".repeat(32));
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<PatrolDraft>(&json).unwrap(), draft);
        let record = draft.record(&case);
        assert_eq!(record.workers_seen, 3);
        assert_eq!(record.findings.len(), 2, "only judged items");
        assert_eq!(record.findings[0].note, "许可证未张贴");
        assert_eq!(record.violations().count(), 1);
    }

    #[test]
    fn ren_32_hot_work_must_be_judged_when_declared() {
        let without = PatrolDraft::new(PatrolKind::Random, false);
        assert_eq!(
            without.outcomes.get(&ChecklistItem::HotWorkPermitPresent),
            Some(&Outcome::NotApplicable)
        );
        let with = PatrolDraft::new(PatrolKind::Random, true);
        assert!(with.outcomes.is_empty());
        assert_eq!(with.lost_pass_number(), None);
    }
}
