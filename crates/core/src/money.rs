//! Money as integer fen (分). FEE-6: amounts are exact, never floats.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// An amount in fen. Signed, so a ledger balance can say "still owed".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount of whole yuan (元), as the fee table writes them.
    pub const fn yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The larger of zero and `self`: what can actually be paid out.
    pub fn clamp_to_zero(self) -> Money {
        Money(self.0.max(0))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, other: Money) {
        self.0 -= other.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Mul<u32> for Money {
    type Output = Money;
    fn mul(self, count: u32) -> Money {
        Money(self.0 * i64::from(count))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// `¥1,000.00`, `-¥5.50`: the way receipts write amounts.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let fen = self.0.unsigned_abs();
        let yuan = (fen / 100).to_string();
        let mut grouped = String::new();
        for (index, digit) in yuan.chars().enumerate() {
            if index > 0 && (yuan.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}¥{grouped}.{:02}", fen % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FEE-6: integer fen, exact arithmetic.
    #[test]
    fn fee_6_amounts_are_exact_integer_fen() {
        assert_eq!(Money::yuan(1000).fen(), 100_000);
        let total: Money = [Money::yuan(5), Money::yuan(20), Money::from_fen(1)]
            .into_iter()
            .sum();
        assert_eq!(total.fen(), 2501);
        assert_eq!(Money::yuan(5) * 3, Money::yuan(15));
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(Money::yuan(1000).to_string(), "¥1,000.00");
        assert_eq!(Money::from_fen(-550).to_string(), "-¥5.50");
        assert_eq!(Money::yuan(1_234_567).to_string(), "¥1,234,567.00");
        assert_eq!(Money::ZERO.to_string(), "¥0.00");
    }
}

/// Why typed text is not an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyParseError {
    Empty,
    NotANumber,
    /// More than two decimals: there is nothing below the fen.
    TooManyDecimals,
    Negative,
    /// Over a hundred million 元, far beyond any fee of the manual.
    TooLarge,
}

/// The largest amount a person may type: one hundred million 元.
const MAX_TYPED_FEN: i64 = 100_000_000 * 100;

impl Money {
    /// Reads an amount typed in 元: `1000`, `1,000.5`, `¥20.00`, with full-width digits too.
    /// Money is never negative when typed; a deduction or a refund says its direction.
    pub fn parse_yuan(text: &str) -> Result<Money, MoneyParseError> {
        let normalized: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_digit(u32::from(c) - u32::from('０'), 10).unwrap_or(c),
                '．' | '。' => '.',
                other => other,
            })
            .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥' | ' ' | '元'))
            .collect();
        if normalized.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        if normalized.starts_with('-') {
            return Err(MoneyParseError::Negative);
        }
        let (yuan, fen) = normalized
            .split_once('.')
            .unwrap_or((normalized.as_str(), ""));
        let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if !digits(yuan) || !digits(fen) || (yuan.is_empty() && fen.is_empty()) {
            return Err(MoneyParseError::NotANumber);
        }
        if fen.len() > 2 {
            return Err(MoneyParseError::TooManyDecimals);
        }
        if yuan.len() > 12 {
            return Err(MoneyParseError::TooLarge);
        }
        let yuan: i64 = if yuan.is_empty() {
            0
        } else {
            yuan.parse().map_err(|_| MoneyParseError::NotANumber)?
        };
        let fen: i64 = format!("{fen:0<2}")
            .parse()
            .map_err(|_| MoneyParseError::NotANumber)?;
        let total = yuan * 100 + fen;
        if total > MAX_TYPED_FEN {
            return Err(MoneyParseError::TooLarge);
        }
        Ok(Money(total))
    }

    /// The amount as a person types it back: `1000.00`, no sign, no grouping.
    pub fn yuan_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let fen = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", fen / 100, fen % 100)
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    /// FEE-6: typed amounts become exact fen; anything else is named.
    #[test]
    fn fee_6_typed_yuan_become_exact_fen() {
        assert_eq!(Money::parse_yuan("1000"), Ok(Money::yuan(1000)));
        assert_eq!(Money::parse_yuan(" 1,000.5 "), Ok(Money::from_fen(100_050)));
        assert_eq!(Money::parse_yuan("¥20.00"), Ok(Money::yuan(20)));
        assert_eq!(Money::parse_yuan("２０００元"), Ok(Money::yuan(2000)));
        assert_eq!(Money::parse_yuan(".5"), Ok(Money::from_fen(50)));
        assert_eq!(Money::parse_yuan("0.01"), Ok(Money::from_fen(1)));
        assert_eq!(Money::parse_yuan(""), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse_yuan("12a"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse_yuan("."), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse_yuan("1.2.3"), Err(MoneyParseError::NotANumber));
        assert_eq!(
            Money::parse_yuan("1.005"),
            Err(MoneyParseError::TooManyDecimals)
        );
        assert_eq!(Money::parse_yuan("-5"), Err(MoneyParseError::Negative));
        assert_eq!(
            Money::parse_yuan("99999999999999"),
            Err(MoneyParseError::TooLarge)
        );
        assert_eq!(Money::yuan(1000).yuan_text(), "1000.00");
        assert_eq!(
            Money::parse_yuan(&Money::from_fen(12_345).yuan_text()),
            Ok(Money::from_fen(12_345))
        );
    }
}
