//! A [`Plan`] as text: the table `playbook funnel` prints, for a terminal (`human`), a program (`json`) or a
//! spreadsheet (`csv`). Each row is a stage: its id, title, opportunities needed, conversion, win rate
//! from it and days.

use std::fmt::Write as _;

use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

use super::Plan;
use crate::decimal::Decimal;

/// The output formats of `playbook funnel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for a terminal.
    #[default]
    Human,
    /// One JSON object.
    Json,
    /// Comma-separated values with a header line (RFC 4180).
    Csv,
}

/// The plan in `format`, ending with a line break. In `human` and `csv`, control characters and
/// bidirectional overrides of titles and ids are written as escapes (`\u{1b}`), so that the output is
/// safe to print on a terminal; JSON escapes control characters itself.
pub fn render(plan: &Plan<'_>, format: TableFormat) -> String {
    match format {
        TableFormat::Human => human(plan),
        TableFormat::Json => format!("{:#}\n", to_json(plan)),
        TableFormat::Csv => csv(plan),
    }
}

fn safe(text: &str) -> String {
    crate::report::terminal_safe(text).into_owned()
}

fn opt(d: Option<Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".to_string())
}

fn money(d: Decimal, plan: &Plan<'_>) -> String {
    match &plan.motion.currency {
        // Three capital letters: checked when it was read.
        Some(c) => format!("{d} {c}"),
        None => d.to_string(),
    }
}

fn human(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: target {}, deal size {}: {} deals to win",
        safe(&plan.motion.title),
        money(plan.target, plan),
        money(plan.deal, plan),
        plan.won
    );
    let header = ["stage", "need", "conversion %", "win rate %", "days"];
    let rows: Vec<[String; 5]> = plan
        .rows
        .iter()
        .map(|r| {
            [
                safe(&r.stage.title),
                r.need.to_string(),
                opt(r.conversion),
                r.win_rate.percent().to_string(),
                opt(r.days),
            ]
        })
        .collect();
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |out: &mut String, cells: [&str; 5]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w - cell.width());
            if i == 0 {
                text.push_str(cell);
                text.push_str(&pad);
            } else {
                text.push_str("  ");
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&mut out, header);
    for row in &rows {
        line(&mut out, row.each_ref().map(String::as_str));
    }
    let _ = writeln!(
        out,
        "win rate from the first stage: {} %; sales cycle: {}",
        plan.win_rate.percent(),
        plan.cycle_days
            .map(|d| format!("{d} days"))
            .unwrap_or_else(|| "unknown (a stage has no `days`)".to_string())
    );
    out
}

/// A decimal as a JSON number: an integer when it is whole.
fn number(d: Decimal) -> Value {
    if d.millionths() % crate::decimal::ONE == 0 {
        if let Ok(n) = u64::try_from(d.millionths() / crate::decimal::ONE) {
            return json!(n);
        }
    }
    // At most six decimal places: the shortest float that reads back as the same text.
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// The plan as a JSON object (the `--format json` output).
pub fn to_json(plan: &Plan<'_>) -> Value {
    json!({
        "motion": plan.motion.id,
        "title": plan.motion.title,
        "currency": plan.motion.currency,
        "target": number(plan.target),
        "deal_size": number(plan.deal),
        "won_deals": plan.won,
        "win_rate": number(plan.win_rate.percent()),
        "cycle_days": plan.cycle_days.map(number),
        "stages": plan.rows.iter().map(|r| json!({
            "id": r.stage.meta.id,
            "title": r.stage.title,
            "need": r.need,
            "conversion": r.conversion.map(number),
            "win_rate": number(r.win_rate.percent()),
            "days": r.days.map(number),
            "stall_after": r.stage.stall_after.map(number),
        })).collect::<Vec<_>>(),
    })
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(plan: &Plan<'_>) -> String {
    let mut out = String::from("stage,title,need,conversion,win_rate,days\r\n");
    let blank = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in &plan.rows {
        let _ = write!(
            out,
            "{},{},{},{},{},{}\r\n",
            field(&safe(&r.stage.meta.id)),
            field(&safe(&r.stage.title)),
            r.need,
            blank(r.conversion),
            r.win_rate.percent(),
            blank(r.days)
        );
    }
    out
}
