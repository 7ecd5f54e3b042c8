//! Units, residents and contractors: who and where a case is about (FB-01, REN-10, REN-12).

use serde::{Deserialize, Serialize};

/// A unit as the office addresses it: building / unit / room.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct UnitRef {
    pub building: String,
    pub unit: String,
    pub room: String,
}

impl UnitRef {
    pub fn new(building: &str, unit: &str, room: &str) -> UnitRef {
        UnitRef {
            building: building.trim().to_owned(),
            unit: unit.trim().to_owned(),
            room: room.trim().to_owned(),
        }
    }
}

impl std::fmt::Display for UnitRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}", self.building, self.unit, self.room)
    }
}

/// Whether the resident owns the unit or rents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Occupancy {
    Owner,
    Tenant,
}

/// A resident (业主/住户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Resident {
    pub name: String,
    pub occupancy: Occupancy,
    pub phone: String,
}

/// A contractor (施工单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Contractor {
    pub name: String,
    pub phone: String,
}
