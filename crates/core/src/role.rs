//! Staff roles. Each workflow transition names the roles allowed to perform it, so the role is a
//! domain concept, not a UI setting.

use serde::{Deserialize, Serialize};

/// A staff role from the office manual. The wire name (`snake_case`) is stable: it is stored on
/// devices and travels in sync bundles.
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
pub enum Role {
    /// 前台接待: takes applications and feedback, collects fees, issues permits and passes.
    FrontDesk,
    /// 装修主管: reviews drawings (REN-30) and supervises construction.
    RenovationSupervisor,
    /// Patrols units under renovation on a tablet (REN-33).
    Inspector,
    /// 客户服务部经理: classifies and forwards feedback (FB-23, FB-24).
    CsManager,
    /// Head of a responsible department: fills the handling method and signs (FB-26).
    DepartmentHead,
}

impl Role {
    /// Every role, in the order the device-setup form lists them.
    pub const ALL: [Role; 5] = [
        Role::FrontDesk,
        Role::RenovationSupervisor,
        Role::Inspector,
        Role::CsManager,
        Role::DepartmentHead,
    ];

    /// The stable wire name, as stored and exchanged.
    pub fn wire_name(self) -> &'static str {
        match self {
            Role::FrontDesk => "front_desk",
            Role::RenovationSupervisor => "renovation_supervisor",
            Role::Inspector => "inspector",
            Role::CsManager => "cs_manager",
            Role::DepartmentHead => "department_head",
        }
    }

    /// Parses a wire name; `None` for anything this version does not know.
    pub fn from_wire_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.wire_name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_and_match_serde() {
        for role in Role::ALL {
            assert_eq!(Role::from_wire_name(role.wire_name()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.wire_name()));
        }
        assert_eq!(Role::from_wire_name("administrator"), None);
    }

    #[test]
    fn wire_names_are_distinct() {
        let mut names: Vec<_> = Role::ALL.iter().map(|r| r.wire_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Role::ALL.len());
    }
}
