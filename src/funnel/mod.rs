//! The funnel in numbers, defined once: from a revenue target and a deal size, how many opportunities each
//! stage of a motion needs, the win rate from each stage and the length of the sales cycle. `playbook
//! funnel`, the motion pages of the site and (through the integers it is given) the calculator's script
//! all show these numbers.
//!
//! For a motion with stages s1 … sn in `order`, a target T and a deal size D:
//!
//! * won deals: `need(sn) = ceil(T / D)`;
//! * `need(si) = ceil(need(s(i+1)) × 100 / conversion(si))`, from n−1 down to 1;
//! * win rate from si: the product of `conversion / 100` from si to s(n−1) (100 % for the last stage);
//! * sales cycle: the sum of `days` over every stage (none when a stage has no `days`).
//!
//! Every quantity is an exact [`Decimal`] (millionths) or a whole number, so a conversion of 100 % or
//! 33.3 % divides exactly and `ceil` rounds up only a real remainder. Win rates are kept in units of
//! 10⁻²⁴ (rounded down at each stage: exact for up to three conversions, otherwise off by less than
//! 10⁻²³) and shown as a percentage rounded half up to two decimal places.

pub mod command;
pub mod table;

use crate::content::{Motion, Playbook, Stage};
use crate::decimal::{div_ceil, Decimal, ONE};

/// Why the numbers of a motion cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FunnelError {
    /// No motion has this id.
    #[error("unknown motion `{id}`; the motions are: {}", known.join(", "))]
    UnknownMotion {
        /// The id asked for.
        id: String,
        /// The motions there are.
        known: Vec<String>,
    },
    /// The motion has no stages.
    #[error("motion `{0}` has no stages")]
    NoStages(String),
    /// Some stage before the last has no `conversion`.
    #[error("motion `{motion}` has no numbers: no `conversion` on {}", stages.join(", "))]
    MissingConversion {
        /// The motion.
        motion: String,
        /// The stages before the last without `conversion`.
        stages: Vec<String>,
    },
    /// Neither a deal size was given nor does the motion have a `deal_size`.
    #[error("motion `{0}` has no `deal_size` in playbook.yaml: give one with --deal")]
    NoDealSize(String),
    /// A target or deal size of zero.
    #[error("the {0} must be greater than 0")]
    Zero(&'static str),
    /// A number needed is larger than 2⁶⁴ − 1.
    #[error("the numbers are too large to work out")]
    TooLarge,
}

/// The stages of `motion` in order (by `order`, then id), as the site lists them.
pub fn stages_of<'a>(pb: &'a Playbook, motion: &str) -> Vec<&'a Stage> {
    let mut stages: Vec<&Stage> = pb.stages.iter().filter(|s| s.motion == motion).collect();
    stages.sort_by(|a, b| (a.order, &a.meta.id).cmp(&(b.order, &b.meta.id)));
    stages
}

/// Won deals needed: `ceil(target / deal)`.
pub fn won_deals(target: Decimal, deal: Decimal) -> Result<u64, FunnelError> {
    if target.is_zero() {
        return Err(FunnelError::Zero("target"));
    }
    if deal.is_zero() {
        return Err(FunnelError::Zero("deal size"));
    }
    u64::try_from(div_ceil(target.millionths(), deal.millionths()))
        .map_err(|_| FunnelError::TooLarge)
}

/// The opportunities each stage needs to win `won` deals, given the conversion (percent, > 0) of every
/// stage but the last: one more number than `conversions`, the last being `won`.
pub fn needs(won: u64, conversions: &[Decimal]) -> Result<Vec<u64>, FunnelError> {
    let mut out = vec![0u64; conversions.len() + 1];
    let mut need = u128::from(won);
    out[conversions.len()] = won;
    for (i, c) in conversions.iter().enumerate().rev() {
        if c.is_zero() {
            return Err(FunnelError::Zero("conversion"));
        }
        // need × 100 / (millionths / ONE) = need × 100 × ONE / millionths
        let scaled = need.checked_mul(100 * ONE).ok_or(FunnelError::TooLarge)?;
        need = div_ceil(scaled, c.millionths());
        out[i] = u64::try_from(need).map_err(|_| FunnelError::TooLarge)?;
    }
    Ok(out)
}

/// A share between 0 and 1, in units of 10⁻²⁴.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(u128);

const RATE_ONE: u128 = 1_000_000_000_000_000_000_000_000;

impl Rate {
    /// Certainty: the win rate from the last stage.
    pub const ALL: Rate = Rate(RATE_ONE);

    /// As a percentage rounded half up to two decimal places (`2.4`, `12.25`, `100`).
    pub fn percent(self) -> Decimal {
        // hundredths of a percent = share × 10 000
        let unit = RATE_ONE / 10_000;
        let hundredths = (self.0 + unit / 2) / unit;
        Decimal::from_millionths(hundredths * (ONE / 100))
    }
}

/// The win rate from each stage: the product of the conversions from it to the last but one. One more
/// number than `conversions`, the last being 100 %.
pub fn win_rates(conversions: &[Decimal]) -> Vec<Rate> {
    let mut out = vec![Rate::ALL; conversions.len() + 1];
    let mut rate = RATE_ONE;
    for (i, c) in conversions.iter().enumerate().rev() {
        // rate ≤ 10²⁴ and a conversion ≤ 10⁸ millionths: the product stays below 10³³.
        rate = rate * c.millionths().min(100 * ONE) / (100 * ONE);
        out[i] = Rate(rate);
    }
    out
}

/// The sales cycle: the sum of every stage's `days`, or `None` when a stage has none.
pub fn cycle_days(days: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    days.into_iter()
        .try_fold(Decimal::default(), |sum, d| sum.checked_add(d?))
}

/// A motion whose every stage but the last has a `conversion`: what the numbers are worked out from.
#[derive(Debug, Clone)]
pub struct Funnel<'a> {
    /// The motion.
    pub motion: &'a Motion,
    /// Its stages, in order.
    pub stages: Vec<&'a Stage>,
    /// The conversion of every stage but the last.
    pub conversions: Vec<Decimal>,
}

/// The numbers of one stage for one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// Opportunities needed at this stage.
    pub need: u64,
    /// Its conversion to the next stage (`None` for the last).
    pub conversion: Option<Decimal>,
    /// The win rate from this stage.
    pub win_rate: Rate,
    /// Typical days in the stage.
    pub days: Option<Decimal>,
}

/// A motion's numbers for one target and deal size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<'a> {
    /// The motion.
    pub motion: &'a Motion,
    /// The revenue target.
    pub target: Decimal,
    /// The deal size used.
    pub deal: Decimal,
    /// Deals to win (the last stage's need).
    pub won: u64,
    /// A row per stage, in order.
    pub rows: Vec<Row<'a>>,
    /// The win rate from the first stage.
    pub win_rate: Rate,
    /// The sales cycle, when every stage has `days`.
    pub cycle_days: Option<Decimal>,
}

impl<'a> Funnel<'a> {
    /// The funnel of the motion `id`: an error when there is no such motion, it has no stages, or a stage
    /// before the last has no `conversion`.
    pub fn of(pb: &'a Playbook, id: &str) -> Result<Funnel<'a>, FunnelError> {
        let motion = pb
            .config
            .motions
            .iter()
            .find(|m| m.id == id)
            .ok_or_else(|| FunnelError::UnknownMotion {
                id: id.to_string(),
                known: pb.config.motions.iter().map(|m| m.id.clone()).collect(),
            })?;
        let stages = stages_of(pb, id);
        let Some((_, before_last)) = stages.split_last() else {
            return Err(FunnelError::NoStages(id.to_string()));
        };
        let missing: Vec<String> = before_last
            .iter()
            .filter(|s| s.conversion.is_none())
            .map(|s| s.meta.id.clone())
            .collect();
        if !missing.is_empty() {
            return Err(FunnelError::MissingConversion {
                motion: id.to_string(),
                stages: missing,
            });
        }
        let conversions = before_last
            .iter()
            .filter_map(|s| s.conversion.map(|c| c.0))
            .collect();
        Ok(Funnel {
            motion,
            stages,
            conversions,
        })
    }

    /// The numbers for `target` at `deal` (the motion's `deal_size` when `None`).
    pub fn plan(&self, target: Decimal, deal: Option<Decimal>) -> Result<Plan<'a>, FunnelError> {
        let deal = deal
            .or(self.motion.deal_size)
            .ok_or_else(|| FunnelError::NoDealSize(self.motion.id.clone()))?;
        let won = won_deals(target, deal)?;
        let needs = needs(won, &self.conversions)?;
        let rates = win_rates(&self.conversions);
        let rows: Vec<Row<'a>> = self
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| Row {
                stage: s,
                need: needs[i],
                conversion: self.conversions.get(i).copied(),
                win_rate: rates[i],
                days: s.days,
            })
            .collect();
        Ok(Plan {
            motion: self.motion,
            target,
            deal,
            won,
            win_rate: rates[0],
            cycle_days: cycle_days(self.stages.iter().map(|s| s.days)),
            rows,
        })
    }
}

/// The target the site's tables show without JavaScript: ten won deals at `deal`.
pub fn default_target(deal: Decimal) -> Option<Decimal> {
    deal.checked_mul_whole(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn won_deals_round_up_only_a_real_remainder() {
        assert_eq!(won_deals(d("1000000"), d("50000")), Ok(20));
        assert_eq!(won_deals(d("1000001"), d("50000")), Ok(21));
        assert_eq!(won_deals(d("999999.99"), d("50000")), Ok(20));
        assert_eq!(won_deals(d("0.5"), d("50000")), Ok(1));
        assert_eq!(won_deals(d("0"), d("1")), Err(FunnelError::Zero("target")));
        assert_eq!(
            won_deals(d("1"), d("0")),
            Err(FunnelError::Zero("deal size"))
        );
    }

    #[test]
    fn needs_work_back_with_ceil_at_each_stage() {
        // 20 won; 50 % → 40; 40 % → 100; 25 % → 400.
        assert_eq!(
            needs(20, &[d("25"), d("40"), d("50")]),
            Ok(vec![400, 100, 40, 20])
        );
        // 7 / 0.3 = 23.33… → 24, then 24 / 0.3 = 80 exactly: rounded once per stage, not at the end.
        assert_eq!(needs(7, &[d("30"), d("30")]), Ok(vec![80, 24, 7]));
    }

    #[test]
    fn a_third_and_other_decimals_divide_exactly() {
        // 10 / 0.333 = 30.03… → 31. 333 / 0.333 is exactly 1000, which floating point (0.333 is not
        // representable) would make 999.99… or 1000.00…1 and could round up to 1001.
        assert_eq!(needs(10, &[d("33.3")]), Ok(vec![31, 10]));
        assert_eq!(needs(333, &[d("33.3")]), Ok(vec![1000, 333]));
        assert_eq!(needs(1, &[d("12.5")]), Ok(vec![8, 1]));
        assert_eq!(needs(3, &[d("0.000001")]), Ok(vec![300_000_000, 3]));
    }

    #[test]
    fn one_hundred_percent_keeps_the_number() {
        assert_eq!(needs(17, &[d("100"), d("100")]), Ok(vec![17, 17, 17]));
        assert_eq!(win_rates(&[d("100"), d("100")]), vec![Rate::ALL; 3]);
        assert_eq!(Rate::ALL.percent(), d("100"));
    }

    #[test]
    fn a_single_stage_needs_the_won_deals_only() {
        assert_eq!(needs(5, &[]), Ok(vec![5]));
        assert_eq!(win_rates(&[]), vec![Rate::ALL]);
    }

    #[test]
    fn win_rates_multiply_and_round_half_up_to_hundredths() {
        let rates = win_rates(&[d("35"), d("35")]);
        // 0.35 × 0.35 = 12.25 % exactly (in f64 it is 12.249999…).
        assert_eq!(rates[0].percent(), d("12.25"));
        assert_eq!(rates[1].percent(), d("35"));
        assert_eq!(rates[2].percent(), d("100"));
        // 0.3333 × 0.3333 = 0.11108889 → 11.11 %; half a hundredth rounds up, less rounds down.
        assert_eq!(
            win_rates(&[d("33.33"), d("33.33")])[0].percent(),
            d("11.11")
        );
        assert_eq!(win_rates(&[d("0.005")])[0].percent(), d("0.01"));
        assert_eq!(win_rates(&[d("0.004")])[0].percent(), d("0"));
    }

    #[test]
    fn too_large_numbers_are_an_error_not_a_wrap() {
        let tiny = vec![d("0.000001"); 6];
        assert_eq!(needs(u64::MAX, &tiny), Err(FunnelError::TooLarge));
    }

    #[test]
    fn the_cycle_needs_days_on_every_stage() {
        assert_eq!(
            cycle_days([Some(d("7")), Some(d("0.5")), Some(d("14"))]),
            Some(d("21.5"))
        );
        assert_eq!(cycle_days([Some(d("7")), None]), None);
    }
}
