//! The rule IDs of `rules.md`. Every refusal names one, so a user sees which article of the
//! manual an action breaks, and a grep for an ID finds its code and tests.

use serde::{Deserialize, Serialize};

macro_rules! rules {
    ($($variant:ident => $code:literal,)+) => {
        /// A rule of the office manual, by its ID in `rules.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum RuleId { $(#[serde(rename = $code)] $variant,)+ }

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)+];

            /// The ID as written in `rules.md`, such as `"REN-30"`.
            pub fn code(self) -> &'static str {
                match self { $(RuleId::$variant => $code,)+ }
            }
        }
    };
}

rules! {
    Fee1 => "FEE-1", Fee2 => "FEE-2", Fee3 => "FEE-3", Fee4 => "FEE-4", Fee5 => "FEE-5",
    Fee6 => "FEE-6", Fee7 => "FEE-7",
    Ren10 => "REN-10", Ren11 => "REN-11", Ren12 => "REN-12", Ren13 => "REN-13",
    Ren14 => "REN-14", Ren15 => "REN-15", Ren16 => "REN-16",
    Ren20 => "REN-20", Ren21 => "REN-21",
    Ren30 => "REN-30", Ren31 => "REN-31",
    Ren32 => "REN-32", Ren33 => "REN-33", Ren34 => "REN-34",
    Ren40 => "REN-40", Ren41 => "REN-41",
    Fb01 => "FB-01", Fb02 => "FB-02", Fb03 => "FB-03", Fb04 => "FB-04", Fb05 => "FB-05",
    Fb06 => "FB-06", Fb07 => "FB-07", Fb08 => "FB-08", Fb09 => "FB-09", Fb10 => "FB-10",
    Fb11 => "FB-11", Fb12 => "FB-12",
    Fb20 => "FB-20", Fb21 => "FB-21", Fb22 => "FB-22", Fb23 => "FB-23", Fb24 => "FB-24",
    Fb25 => "FB-25", Fb26 => "FB-26",
    X1 => "X-1", X2 => "X-2", X3 => "X-3",
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalogue has 45 rules; the enum must list each exactly once.
    #[test]
    fn all_45_rule_ids_of_the_catalogue_are_listed_once() {
        let mut codes: Vec<_> = RuleId::ALL.iter().map(|rule| rule.code()).collect();
        assert_eq!(codes.len(), 45);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 45);
    }

    #[test]
    fn wire_name_is_the_catalogue_code() {
        assert_eq!(serde_json::to_string(&RuleId::Ren30).unwrap(), "\"REN-30\"");
        let parsed: RuleId = serde_json::from_str("\"FB-09\"").unwrap();
        assert_eq!(parsed, RuleId::Fb09);
    }
}

#[cfg(test)]
mod documentation {
    use super::RuleId;

    /// docs/rules.md maps every rule to its code and tests; a rule missing there is a gap.
    #[test]
    fn x_2_every_rule_is_mapped_in_docs_rules_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
        let mapping = std::fs::read_to_string(path).expect("docs/rules.md exists");
        for rule in RuleId::ALL {
            assert!(
                mapping.contains(&format!("| {} |", rule.code())),
                "{} is not in docs/rules.md",
                rule.code()
            );
        }
    }
}
