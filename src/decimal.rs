//! Exact decimal numbers for the funnel's fields (`conversion`, `days`, `deal_size`) and the calculator's
//! inputs: kept as a whole count of millionths, so `33.3` is exactly 33.3 and no arithmetic on them goes
//! through floating point.

use std::fmt;

/// How many decimal places a [`Decimal`] keeps.
pub const PLACES: u32 = 6;
/// One, in millionths.
pub const ONE: u128 = 1_000_000;
/// The largest whole part accepted (18 digits): anything larger is refused, so that the funnel's
/// arithmetic stays far inside `u128`.
const MAX_WHOLE: u128 = 999_999_999_999_999_999;

/// A non-negative number with at most six decimal places, as a count of millionths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal {
    millionths: u128,
}

/// Why a text is not a [`Decimal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Not digits with an optional decimal point.
    #[error("not a number")]
    NotANumber,
    /// A minus sign.
    #[error("negative")]
    Negative,
    /// More than six decimal places.
    #[error("more than {PLACES} decimal places")]
    TooPrecise,
    /// More than eighteen digits before the point.
    #[error("too large")]
    TooLarge,
}

impl Decimal {
    /// The number `millionths / 1 000 000`.
    pub const fn from_millionths(millionths: u128) -> Decimal {
        Decimal { millionths }
    }

    /// The whole number `n`.
    pub const fn whole(n: u64) -> Decimal {
        Decimal {
            millionths: n as u128 * ONE,
        }
    }

    /// The value in millionths.
    pub const fn millionths(self) -> u128 {
        self.millionths
    }

    /// Whether it is zero.
    pub const fn is_zero(self) -> bool {
        self.millionths == 0
    }

    /// Parses `12`, `12.5`, `0.25`, `.5` (surrounding white space ignored). No sign, exponent or digit
    /// grouping: what a spreadsheet cell or a URL holds.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('-') {
            return match Decimal::parse(rest) {
                Ok(d) if d.is_zero() => Ok(d),
                Ok(_) => Err(DecimalError::Negative),
                Err(e) => Err(e),
            };
        }
        let t = t.strip_prefix('+').unwrap_or(t);
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
            return Err(DecimalError::NotANumber);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > PLACES as usize {
            return Err(DecimalError::TooPrecise);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 18 {
            return Err(DecimalError::TooLarge);
        }
        let w: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| DecimalError::NotANumber)?
        };
        if w > MAX_WHOLE {
            return Err(DecimalError::TooLarge);
        }
        let mut f: u128 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| DecimalError::NotANumber)?
        };
        for _ in frac.len()..PLACES as usize {
            f *= 10;
        }
        Ok(Decimal {
            millionths: w * ONE + f,
        })
    }

    /// The sum, `None` past the largest value.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        self.millionths
            .checked_add(other.millionths)
            .map(Decimal::from_millionths)
    }

    /// The number times the whole number `n`.
    pub fn checked_mul_whole(self, n: u128) -> Option<Decimal> {
        self.millionths.checked_mul(n).map(Decimal::from_millionths)
    }
}

impl std::str::FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::parse(s)
    }
}

/// Written without trailing zeros and without digit grouping: `40`, `33.3`, `0.25`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.millionths / ONE;
        let frac = self.millionths % ONE;
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:06}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// `a / b` rounded up, for `b > 0`.
pub(crate) fn div_ceil(a: u128, b: u128) -> u128 {
    a / b + u128::from(a % b != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_and_prints_back() {
        for (text, millionths, shown) in [
            ("40", 40_000_000, "40"),
            ("33.3", 33_300_000, "33.3"),
            ("0.25", 250_000, "0.25"),
            (".5", 500_000, "0.5"),
            ("007.500", 7_500_000, "7.5"),
            (" 100 ", 100_000_000, "100"),
            ("0.000001", 1, "0.000001"),
            ("-0", 0, "0"),
        ] {
            let d = Decimal::parse(text).unwrap();
            assert_eq!(d.millionths(), millionths, "{text}");
            assert_eq!(d.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        use DecimalError::*;
        for (text, err) in [
            ("", NotANumber),
            (".", NotANumber),
            ("forty", NotANumber),
            ("1e3", NotANumber),
            ("1,000", NotANumber),
            ("4 0", NotANumber),
            ("-5", Negative),
            ("0.0000001", TooPrecise),
            ("1234567890123456789", TooLarge),
        ] {
            assert_eq!(Decimal::parse(text), Err(err), "{text}");
        }
    }

    #[test]
    fn division_rounds_up_only_when_there_is_a_remainder() {
        assert_eq!(div_ceil(10, 5), 2);
        assert_eq!(div_ceil(11, 5), 3);
        assert_eq!(div_ceil(0, 5), 0);
    }
}
