//! The pages of a motion: `motions/<id>.html`, its funnel drawn in inline SVG with the calculator, and
//! `motions/<id>-review.html`, the deal review sheet; plus the funnel numbers a stage page shows.
//!
//! The numbers come from [`crate::funnel`]: the table a page shows without JavaScript (at the motion's
//! `deal_size` and [`default_target`]) is worked out there, and the calculator's script (`funnel.js`)
//! gets the same integers (conversions in millionths of a percent) and the same rule (`ceil` at each
//! stage, on whole numbers), so a target typed in the browser gives what `playbook funnel` prints.

use serde::Serialize;

use super::i18n::Lang;
use super::index::{encode, page_url, SiteIndex};
use super::pages::Cx;
use super::quiz::script_json;
use super::{Page, Section};
use crate::content::{Kind, Motion, Stage};
use crate::decimal::Decimal;
use crate::funnel::{cycle_days, default_target, win_rates, Funnel};

/// The site path (not encoded) of a motion's funnel page.
pub(crate) fn funnel_file(id: &str) -> String {
    format!("motions/{id}.html")
}

/// The site path (not encoded) of a motion's deal review sheet.
pub(crate) fn review_file(id: &str) -> String {
    format!("motions/{id}-review.html")
}

/// The URL, relative to the site root, of a motion's funnel page.
pub(crate) fn funnel_url(id: &str) -> String {
    format!("motions/{}.html", encode(id))
}

fn review_url(id: &str) -> String {
    format!("motions/{}-review.html", encode(id))
}

/// A stage's numbers, as its page shows them (`None` when it has none).
#[derive(Debug, Serialize)]
pub(crate) struct StageNumbers {
    conversion: Option<String>,
    days: Option<String>,
    stall_after: Option<String>,
    /// The motion's funnel page, from the stage page.
    funnel_url: String,
}

/// The numbers of the stage page of `s`.
pub(crate) fn stage_numbers(cx: &Cx<'_, '_>, s: &Stage) -> Option<StageNumbers> {
    if s.conversion.is_none() && s.days.is_none() && s.stall_after.is_none() {
        return None;
    }
    Some(StageNumbers {
        conversion: s.conversion.map(|c| c.0.to_string()),
        days: s.days.map(|d| d.to_string()),
        stall_after: s.stall_after.map(|d| d.to_string()),
        funnel_url: cx.url(&funnel_url(&s.motion)),
    })
}

/// `motions/<id>.html`.
#[derive(Debug, Serialize)]
struct FunnelPage<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    /// The SVG's accessible name.
    svg_title: String,
    /// The labels of the calculator's inputs, with the currency.
    target_label: String,
    deal_label: String,
    /// The motion's deal size, the calculator's default.
    deal_size: Option<String>,
    /// The target of the table shown without JavaScript.
    target: Option<String>,
    /// What the table shows without JavaScript: the target, the deal size and the deals to win.
    note: Option<String>,
    /// Whether every stage but the last has a conversion (otherwise there is no calculator).
    complete: bool,
    /// The titles of the stages before the last without a conversion.
    missing: String,
    stages: Vec<FunnelStage<'a>>,
    svg: Svg,
    /// From the first stage, as a percentage.
    win_rate: Option<String>,
    cycle_days: Option<String>,
    review_url: String,
    /// What `funnel.js` reads: the conversions and the strings it shows.
    script: String,
}

#[derive(Debug, Serialize)]
struct FunnelStage<'a> {
    id: &'a str,
    n: usize,
    title: &'a str,
    url: String,
    conversion: Option<String>,
    days: Option<String>,
    stall_after: Option<String>,
    /// Opportunities needed at the default target (none without a deal size or a complete funnel).
    need: Option<u64>,
    win_rate: Option<String>,
}

/// The funnel drawing: one band per stage, narrowing by each conversion.
#[derive(Debug, Serialize)]
struct Svg {
    width: u32,
    height: u32,
    /// Where the labels start, right of the funnel.
    label_x: u32,
    bands: Vec<Band>,
}

#[derive(Debug, Serialize)]
struct Band {
    /// The trapezoid's corners, `x,y` pairs.
    points: String,
    /// The baseline of the title and of the detail line.
    title_y: u32,
    detail_y: u32,
    title: String,
    detail: String,
}

/// The script's data.
#[derive(Debug, Serialize)]
struct Script<'a> {
    /// `[stage id, conversion in millionths of a percent]`, in order; the last stage has none.
    stages: Vec<(&'a str, Option<String>)>,
    currency: Option<&'a str>,
    invalid: &'static str,
    too_large: &'static str,
    result: &'static str,
}

const SVG_WIDTH: u32 = 760;
const FUNNEL_WIDTH: f64 = 300.0;
const NARROWEST: f64 = 36.0;
const BAND: u32 = 52;
const GAP: u32 = 4;
const LABEL_X: u32 = 320;
/// Titles longer than this (in terminal columns: a Chinese character counts two) are cut with `…` in the
/// drawing; the table below it has them whole.
const LABEL_COLUMNS: usize = 46;

fn cut(title: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0;
    let mut out = String::new();
    for c in title.chars() {
        width += c.width().unwrap_or(0);
        if width > LABEL_COLUMNS {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

fn svg(lang: Lang, stages: &[&Stage]) -> Svg {
    let t = lang.strings();
    // The share of the first stage's opportunities that reach each stage; an unknown conversion keeps it.
    let mut share = 1.0_f64;
    let mut widths = Vec::with_capacity(stages.len() + 1);
    for s in stages {
        widths.push(NARROWEST + (FUNNEL_WIDTH - NARROWEST) * share);
        if let Some((c, _)) = s.conversion {
            // Drawing only: the numbers shown are exact.
            share *= c.millionths() as f64 / 100_000_000.0;
        }
    }
    let last = widths.last().copied().unwrap_or(NARROWEST);
    widths.push(NARROWEST.max(last * 0.8));
    let centre = FUNNEL_WIDTH / 2.0;
    let bands = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let top = (i as u32) * (BAND + GAP);
            let bottom = top + BAND;
            let (a, b) = (widths[i] / 2.0, widths[i + 1] / 2.0);
            let points = format!(
                "{:.1},{top} {:.1},{top} {:.1},{bottom} {:.1},{bottom}",
                centre - a,
                centre + a,
                centre + b,
                centre - b
            );
            let mut detail = Vec::new();
            if let Some((c, _)) = s.conversion {
                detail.push(t.svg_conversion.replace("{p}", &c.to_string()));
            }
            if let Some(d) = s.days {
                detail.push(t.svg_days.replace("{n}", &d.to_string()));
            }
            Band {
                points,
                title_y: top + 22,
                detail_y: top + 42,
                title: format!("{}. {}", i + 1, cut(&s.title)),
                detail: detail.join(t.svg_sep),
            }
        })
        .collect();
    Svg {
        width: SVG_WIDTH,
        label_x: LABEL_X,
        height: (stages.len() as u32) * (BAND + GAP),
        bands,
    }
}

/// `motions/<id>.html`.
pub(crate) fn funnel_page(ix: &SiteIndex<'_>, lang: Lang, m: &Motion) -> Page {
    let stages = ix
        .stages_by_motion(m.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let path = funnel_file(&m.id);
    let cx = Cx::new(ix, lang, &path);
    let t = lang.strings();
    let funnel = Funnel::of(ix.playbook(), &m.id).ok();
    // The table without JavaScript: ten deals at the motion's deal size.
    let target = m.deal_size.and_then(default_target);
    let plan = funnel
        .as_ref()
        .zip(target)
        .and_then(|(f, target)| f.plan(target, None).ok());
    let before_last = stages.split_last().map_or(&[][..], |(_, b)| b);
    let missing: Vec<&str> = before_last
        .iter()
        .filter(|s| s.conversion.is_none())
        .map(|s| s.title.as_str())
        .collect();
    let rates = funnel.as_ref().map(|f| win_rates(&f.conversions));
    let with_currency = |label: &str| match &m.currency {
        Some(c) => t
            .in_currency
            .replace("{label}", label)
            .replace("{currency}", c),
        None => label.to_string(),
    };
    let rows = stages
        .iter()
        .enumerate()
        .map(|(i, s)| FunnelStage {
            id: &s.meta.id,
            n: i + 1,
            title: &s.title,
            url: cx.url(&page_url(Kind::Stage, &s.meta.id)),
            conversion: s.conversion.map(|c| c.0.to_string()),
            days: s.days.map(|d| d.to_string()),
            stall_after: s.stall_after.map(|d| d.to_string()),
            need: plan.as_ref().map(|p| p.rows[i].need),
            win_rate: rates.as_ref().map(|r| r[i].percent().to_string()),
        })
        .collect();
    let script = Script {
        stages: stages
            .iter()
            .map(|s| {
                (
                    s.meta.id.as_str(),
                    s.conversion.map(|c| c.0.millionths().to_string()),
                )
            })
            .collect(),
        currency: m.currency.as_deref(),
        invalid: t.calc_invalid,
        too_large: t.calc_too_large,
        result: t.calc_result,
    };
    let data = FunnelPage {
        id: &m.id,
        title: &m.title,
        description: m.description.as_deref(),
        svg_title: t.funnel_of.replace("{title}", &m.title),
        target_label: with_currency(t.target),
        deal_label: with_currency(t.deal_size),
        deal_size: m.deal_size.map(|d| d.to_string()),
        target: plan.as_ref().map(|p| p.target.to_string()),
        note: plan.as_ref().map(|p| {
            let money = |d: Decimal| match &m.currency {
                Some(c) => format!("{d} {c}"),
                None => d.to_string(),
            };
            t.calc_result
                .replace("{target}", &money(p.target))
                .replace("{deal}", &money(p.deal))
                .replace("{won}", &p.won.to_string())
        }),
        complete: funnel.is_some(),
        missing: missing.join(t.list_sep),
        svg: svg(lang, stages),
        win_rate: rates.as_ref().map(|r| r[0].percent().to_string()),
        cycle_days: cycle_days(stages.iter().map(|s| s.days)).map(|d: Decimal| d.to_string()),
        review_url: cx.url(&review_url(&m.id)),
        script: script_json(&script),
        stages: rows,
    };
    Page::new(
        path,
        "motion.html",
        &format!("{} · {}", t.funnel, m.title),
        Section::Overview,
        &data,
    )
    .described(t.describe_funnel.replace("{title}", &m.title))
}

/// `motions/<id>-review.html`.
#[derive(Debug, Serialize)]
struct ReviewPage<'a> {
    id: &'a str,
    title: &'a str,
    funnel_url: String,
    stages: Vec<ReviewStage<'a>>,
    /// What `funnel.js` reads: the storage key and the strings it shows.
    script: String,
}

#[derive(Debug, Serialize)]
struct ReviewStage<'a> {
    id: &'a str,
    n: usize,
    title: &'a str,
    position: String,
    goal: Option<&'a str>,
    exit: &'a [String],
    questions: &'a [String],
    stall_after: Option<String>,
}

#[derive(Debug, Serialize)]
struct ReviewScript {
    /// The `localStorage` key prefix; the deal name is appended.
    key: String,
    status: &'static str,
    none: &'static str,
    missing: &'static str,
    all: &'static str,
    sep: &'static str,
}

pub(crate) fn review_page(ix: &SiteIndex<'_>, lang: Lang, m: &Motion) -> Page {
    let stages = ix
        .stages_by_motion(m.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let path = review_file(&m.id);
    let cx = Cx::new(ix, lang, &path);
    let t = lang.strings();
    let total = stages.len().to_string();
    let rows = stages
        .iter()
        .enumerate()
        .map(|(i, s)| ReviewStage {
            id: &s.meta.id,
            n: i + 1,
            title: &s.title,
            position: t
                .stage_of
                .replace("{n}", &(i + 1).to_string())
                .replace("{total}", &total),
            goal: s.goal.as_deref(),
            exit: &s.exit,
            questions: &s.review_questions,
            stall_after: s.stall_after.map(|d| d.to_string()),
        })
        .collect();
    let script = ReviewScript {
        // Like the role-plays' progress: per playbook (by title) and motion.
        key: format!("playbook:{}:review:{}:", ix.config().title, m.id),
        status: t.review_status,
        none: t.review_none,
        missing: t.review_missing,
        all: t.review_all,
        sep: t.list_sep,
    };
    let data = ReviewPage {
        id: &m.id,
        title: &m.title,
        funnel_url: cx.url(&funnel_url(&m.id)),
        stages: rows,
        script: script_json(&script),
    };
    Page::new(
        path,
        "motion-review.html",
        &format!("{} · {}", t.review_sheet, m.title),
        Section::Overview,
        &data,
    )
    .described(t.describe_review.replace("{title}", &m.title))
}
