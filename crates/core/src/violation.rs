//! Refusals. A command is checked against every rule that applies, and all the violations are
//! returned together, each naming its rule, so the user fixes everything at once.

use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::rule::RuleId;

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    /// A required document or item is missing (REN-10..16).
    Missing { item: String },
    /// The actor's role may not perform this step.
    WrongRole { allowed: Vec<Role> },
    /// The entity is not in a state where this step applies.
    WrongState { state: String, step: String },
    /// A value is out of range or inconsistent.
    Invalid { detail: String },
    /// A step that must come first has not been done.
    StepPending { step: String },
}

/// Whether a step is open to the role in the current state, whatever else it still lacks:
/// none of `violations` is about the state or the role. Screens offer a step only then, and a
/// press names what is missing.
pub fn step_is_open(violations: &[Violation]) -> bool {
    violations.iter().all(|violation| {
        !matches!(
            violation.problem,
            Problem::WrongState { .. } | Problem::WrongRole { .. }
        )
    })
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Violation {
    pub rule: RuleId,
    #[serde(flatten)]
    pub problem: Problem,
}

impl Violation {
    pub fn new(rule: RuleId, problem: Problem) -> Violation {
        Violation { rule, problem }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::Missing { item } => write!(f, "{}: missing {item}", self.rule),
            Problem::WrongRole { allowed } => {
                let names: Vec<_> = allowed.iter().map(|role| role.wire_name()).collect();
                write!(f, "{}: only {} may do this", self.rule, names.join(" or "))
            }
            Problem::WrongState { state, step } => {
                write!(f, "{}: cannot {step} while {state}", self.rule)
            }
            Problem::Invalid { detail } => write!(f, "{}: {detail}", self.rule),
            Problem::StepPending { step } => write!(f, "{}: {step} must come first", self.rule),
        }
    }
}

/// Collects violations while a command is checked, so none is lost to an early return.
#[derive(Debug, Default)]
pub struct Checks {
    violations: Vec<Violation>,
}

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    /// Records a violation of `rule` unless `holds`.
    pub fn require(&mut self, holds: bool, rule: RuleId, problem: impl FnOnce() -> Problem) {
        if !holds {
            self.violations.push(Violation::new(rule, problem()));
        }
    }

    /// Records a wrong-role violation unless `role` is one of `allowed`.
    pub fn require_role(&mut self, role: Role, allowed: &[Role], rule: RuleId) {
        self.require(allowed.contains(&role), rule, || Problem::WrongRole {
            allowed: allowed.to_vec(),
        });
    }

    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// `Ok(value)` when nothing was violated, else every violation.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(value())
        } else {
            Err(self.violations)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// every broken rule is reported, and each message names its rule.
    #[test]
    fn x_2_all_violations_are_returned_and_name_their_rule() {
        let mut checks = Checks::new();
        checks.require(false, RuleId::Ren10, || Problem::Missing {
            item: "id_copy".into(),
        });
        checks.require(true, RuleId::Ren11, || unreachable!());
        checks.require_role(
            Role::FrontDesk,
            &[Role::RenovationSupervisor],
            RuleId::Ren30,
        );
        let violations = checks.finish(|| ()).unwrap_err();
        assert_eq!(violations.len(), 2);
        assert_eq!(violations[0].to_string(), "REN-10: missing id_copy");
        assert_eq!(
            violations[1].to_string(),
            "REN-30: only renovation_supervisor may do this"
        );
    }
}
