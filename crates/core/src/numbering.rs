//! Numbers people can say over the phone (issue #17): `ZX2026-A0017` for a renovation case,
//! `TS…` a complaint, `JY…` a suggestion, `SJ…` a receipt (收据), `TK…` a refund slip (退款单).
//!
//! A number is the kind's two letters, the office year, a dash, the device's one-character
//! code and that device's four-digit sequence for the kind and year: twelve characters. With no
//! server, uniqueness comes from the code: each enrolled device gets its own at enrolment
//! ([`next_free_code`]), and a device numbers only what it records itself, one past the highest
//! number of its code it holds, so two devices never draw the same number. The number is fixed
//! in the event when the step is decided, so every device shows the same one.
//!
//! Records from before numbers existed get one when they are folded, under the code `0`, in
//! replay order. Two devices that enrolled concurrently with the same code are shown for the
//! administrator to give one of them a new code ([`crate::desk::Desk::device_code_clashes`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What is numbered.
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
pub enum NumberKind {
    /// 装修: a renovation case.
    Renovation,
    /// 投诉: a complaint.
    Complaint,
    /// 建议: a suggestion.
    Suggestion,
    /// 收据: a receipt for money collected.
    Receipt,
    /// 退款: a refund slip.
    RefundSlip,
}

impl NumberKind {
    pub const ALL: [NumberKind; 5] = [
        NumberKind::Renovation,
        NumberKind::Complaint,
        NumberKind::Suggestion,
        NumberKind::Receipt,
        NumberKind::RefundSlip,
    ];

    /// The two letters of the pinyin initials the office writes on paper.
    pub fn prefix(self) -> &'static str {
        match self {
            NumberKind::Renovation => "ZX",
            NumberKind::Complaint => "TS",
            NumberKind::Suggestion => "JY",
            NumberKind::Receipt => "SJ",
            NumberKind::RefundSlip => "TK",
        }
    }
}

/// The codes devices are given, in order: letters that cannot be misread as digits (no I or
/// O), then digits 1..9. Thirty-three devices over an office's life.
pub const DEVICE_CODES: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ123456789";

/// The code of records from before numbers existed, and of a device never enrolled.
pub const LEGACY_CODE: char = '0';

/// Whether `code` is one a device may be given.
pub fn is_device_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if DEVICE_CODES.contains(c))
}

/// The first code no device in `taken` holds; `None` once all are used.
pub fn next_free_code<'a>(taken: impl IntoIterator<Item = &'a str>) -> Option<char> {
    let taken: Vec<&str> = taken.into_iter().collect();
    DEVICE_CODES
        .chars()
        .find(|code| !taken.iter().any(|held| held.starts_with(*code)))
}

/// A number's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseNumber {
    pub kind: NumberKind,
    pub year: i32,
    pub code: char,
    pub sequence: u32,
}

impl CaseNumber {
    /// Reads `ZX2026-A0017`; `None` for anything else.
    pub fn parse(text: &str) -> Option<CaseNumber> {
        let kind = NumberKind::ALL
            .into_iter()
            .find(|kind| text.starts_with(kind.prefix()))?;
        let rest = &text[2..];
        let (year, tail) = rest.split_once('-')?;
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut tail_chars = tail.chars();
        let code = tail_chars.next()?;
        let digits = tail_chars.as_str();
        if digits.len() < 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if code != LEGACY_CODE && !DEVICE_CODES.contains(code) {
            return None;
        }
        Some(CaseNumber {
            kind,
            year: year.parse().ok()?,
            code,
            sequence: digits.parse().ok()?,
        })
    }
}

impl std::fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{:04}-{}{:04}",
            self.kind.prefix(),
            self.year,
            self.code,
            self.sequence
        )
    }
}

/// The highest sequence seen for each kind, year and code: the next number is one past it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Numbering {
    highest: BTreeMap<(NumberKind, i32, char), u32>,
}

impl Numbering {
    /// Notes a number carried by an event, so it is never drawn again.
    pub fn observe(&mut self, number: &str) {
        if let Some(parsed) = CaseNumber::parse(number) {
            let highest = self
                .highest
                .entry((parsed.kind, parsed.year, parsed.code))
                .or_default();
            *highest = (*highest).max(parsed.sequence);
        }
    }

    /// The next number of `kind` in `year` for the device with `code`.
    pub fn next(&self, kind: NumberKind, year: i32, code: char) -> String {
        let sequence = self
            .highest
            .get(&(kind, year, code))
            .copied()
            .unwrap_or(0)
            .saturating_add(1);
        CaseNumber {
            kind,
            year,
            code,
            sequence,
        }
        .to_string()
    }

    /// Draws the next number and notes it: for numbering records from before numbers existed
    /// while they are folded.
    pub fn draw(&mut self, kind: NumberKind, year: i32, code: char) -> String {
        let number = self.next(kind, year, code);
        self.observe(&number);
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #17: twelve characters, read back to the same parts.
    #[test]
    fn numbers_are_twelve_characters_and_read_back() {
        let number = CaseNumber {
            kind: NumberKind::Renovation,
            year: 2026,
            code: 'A',
            sequence: 17,
        };
        assert_eq!(number.to_string(), "ZX2026-A0017");
        assert_eq!(number.to_string().chars().count(), 12);
        assert_eq!(CaseNumber::parse("ZX2026-A0017"), Some(number));
        for bad in [
            "",
            "ZX2026A0017",
            "XX2026-A0017",
            "ZX26-A0017",
            "ZX2026-I0001",
            "ZX2026-A17",
        ] {
            assert_eq!(CaseNumber::parse(bad), None, "{bad}");
        }
    }

    /// Issue #17: sequences continue past what was seen, per kind, year and code.
    #[test]
    fn next_number_is_one_past_the_highest_seen() {
        let mut numbering = Numbering::default();
        assert_eq!(
            numbering.next(NumberKind::Receipt, 2026, 'B'),
            "SJ2026-B0001"
        );
        numbering.observe("SJ2026-B0041");
        numbering.observe("SJ2026-B0007");
        assert_eq!(
            numbering.next(NumberKind::Receipt, 2026, 'B'),
            "SJ2026-B0042"
        );
        assert_eq!(
            numbering.next(NumberKind::Receipt, 2027, 'B'),
            "SJ2027-B0001"
        );
        assert_eq!(
            numbering.next(NumberKind::Receipt, 2026, 'C'),
            "SJ2026-C0001"
        );
        assert_eq!(
            numbering.draw(NumberKind::Complaint, 2026, LEGACY_CODE),
            "TS2026-00001"
        );
        assert_eq!(
            numbering.draw(NumberKind::Complaint, 2026, LEGACY_CODE),
            "TS2026-00002"
        );
    }

    /// Device codes skip letters read as digits, and the next one is the first not taken.
    #[test]
    fn device_codes_are_given_in_order_without_i_or_o() {
        assert!(!DEVICE_CODES.contains('I') && !DEVICE_CODES.contains('O'));
        assert!(!DEVICE_CODES.contains(LEGACY_CODE));
        assert_eq!(next_free_code([]), Some('A'));
        assert_eq!(next_free_code(["A", "C"]), Some('B'));
        let all: Vec<String> = DEVICE_CODES.chars().map(String::from).collect();
        assert_eq!(next_free_code(all.iter().map(String::as_str)), None);
        assert!(is_device_code("H") && !is_device_code("I") && !is_device_code("AB"));
    }
}
