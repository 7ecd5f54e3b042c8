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

const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// One group of four digits (1..=9999) in capitals, a zero inside it written once: 壹仟零伍.
fn capital_group(group: u64) -> String {
    let mut text = String::new();
    let mut zero_pending = false;
    for (place, unit) in [(1000, "仟"), (100, "佰"), (10, "拾"), (1, "")] {
        let digit = (group / place) % 10;
        if digit == 0 {
            zero_pending = !text.is_empty();
            continue;
        }
        if zero_pending {
            text.push('零');
            zero_pending = false;
        }
        text.push(CAPITAL_DIGITS[usize::try_from(digit).unwrap_or(0)]);
        text.push_str(unit);
    }
    text
}

/// Whole yuan (> 0) in capitals, by groups of 万 and 亿: 壹万零伍, 壹亿零壹佰万.
fn capital_yuan(yuan: u64) -> String {
    let mut groups = Vec::new();
    let mut rest = yuan;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let group_unit = |index: usize| match index % 2 {
        0 if index == 0 => String::new(),
        0 => "亿".repeat(index / 2),
        _ => format!("万{}", "亿".repeat(index / 2)),
    };
    let mut text = String::new();
    let mut zero_pending = false;
    for (index, group) in groups.iter().enumerate().rev() {
        if *group == 0 {
            zero_pending = !text.is_empty();
            continue;
        }
        if !text.is_empty() && (zero_pending || *group < 1000) {
            text.push('零');
        }
        zero_pending = false;
        text.push_str(&capital_group(*group));
        text.push_str(&group_unit(index));
    }
    text
}

impl Money {
    /// The amount in capital numerals (大写), as receipts and refund slips write it so that
    /// nobody can alter a figure: `壹仟元整`, `壹万零伍元伍角整`, `伍分`.
    ///
    /// The People's Bank's rules for 大写: a zero between digits is written once (零); 整 ends
    /// an amount with no 分; a 分 with no 角 after whole yuan takes a 零 (壹元零伍分).
    pub fn in_capitals(self) -> String {
        let sign = if self.0 < 0 { "负" } else { "" };
        let fen_total = self.0.unsigned_abs();
        let (yuan, jiao, fen) = (fen_total / 100, (fen_total / 10) % 10, fen_total % 10);
        let digit = |d: u64| CAPITAL_DIGITS[usize::try_from(d).unwrap_or(0)];
        let mut text = String::from(sign);
        if yuan > 0 {
            text.push_str(&capital_yuan(yuan));
            text.push('元');
        }
        if jiao == 0 && fen == 0 {
            if yuan == 0 {
                text.push_str("零元");
            }
            text.push('整');
            return text;
        }
        if jiao > 0 {
            text.push(digit(jiao));
            text.push('角');
        } else if yuan > 0 {
            text.push('零');
        }
        if fen > 0 {
            text.push(digit(fen));
            text.push('分');
        } else {
            text.push('整');
        }
        text
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

    /// Receipts: 大写 with zeros in every position, 角 and 分 alone, and 10,000 元 and up.
    #[test]
    fn fee_6_amounts_in_capitals_for_receipts() {
        let cases: &[(i64, &str)] = &[
            (0, "零元整"),
            (1, "壹分"),
            (5, "伍分"),
            (10, "壹角整"),
            (50, "伍角整"),
            (55, "伍角伍分"),
            (100, "壹元整"),
            (105, "壹元零伍分"),
            (150, "壹元伍角整"),
            (1_000, "壹拾元整"),
            (2_000, "贰拾元整"),
            (10_000, "壹佰元整"),
            (10_100, "壹佰零壹元整"),
            (100_000, "壹仟元整"),
            (100_005, "壹仟元零伍分"),
            (100_100, "壹仟零壹元整"),
            (101_000, "壹仟零壹拾元整"),
            (110_000, "壹仟壹佰元整"),
            (138_000, "壹仟叁佰捌拾元整"),
            (168_032, "壹仟陆佰捌拾元叁角贰分"),
            (1_000_000, "壹万元整"),
            (1_000_500, "壹万零伍元整"),
            (1_000_550, "壹万零伍元伍角整"),
            (1_005_000, "壹万零伍拾元整"),
            (1_100_000, "壹万壹仟元整"),
            (1_010_000, "壹万零壹佰元整"),
            (10_000_000, "壹拾万元整"),
            (10_000_100, "壹拾万零壹元整"),
            (12_345_678, "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
            (100_000_000, "壹佰万元整"),
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (10_010_000_000, "壹亿零壹拾万元整"),
            (10_100_000_000, "壹亿零壹佰万元整"),
            (11_000_000_000, "壹亿壹仟万元整"),
            (100_000_000_000_000, "壹万亿元整"),
            (1_000_000_000_000_000, "壹拾万亿元整"),
            (-1_000, "负壹拾元整"),
        ];
        for (fen, capitals) in cases {
            assert_eq!(Money::from_fen(*fen).in_capitals(), *capitals, "{fen} fen");
        }
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
