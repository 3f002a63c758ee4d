//! `playbook funnel`: load and check the playbook, work out a motion's numbers for a target, print the
//! table. The argument definitions are in `cli.rs`; this is what runs behind them.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::table::{render, TableFormat};
use super::Funnel;
use crate::check::CheckOptions;
use crate::content::Date;
use crate::decimal::Decimal;
use crate::pipeline::{Checked, Project};
use crate::report::{self, Color};

/// What `playbook funnel` was asked.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The playbook's root.
    pub root: &'a Path,
    /// The motion's id.
    pub motion: &'a str,
    /// The revenue target.
    pub target: Decimal,
    /// The deal size, instead of the motion's `deal_size`.
    pub deal: Option<Decimal>,
    /// How to print the table.
    pub format: TableFormat,
    /// The colours of diagnostics.
    pub color: Color,
    /// "Today", for `check`.
    pub today: Date,
}

/// Runs `playbook funnel`: prints the table on stdout and exits 0. A playbook with errors is reported as
/// `check` reports it (exit 1); an unknown motion, a motion without numbers, no deal size or a zero
/// target are an error (`Err`: the caller prints it and exits 2).
pub fn run(req: &Request<'_>) -> io::Result<ExitCode> {
    let options = CheckOptions { today: req.today };
    let Checked { playbook, report } = Project::new(req.root, options)
        .check()
        .map_err(io::Error::other)?;
    if report.errors() > 0 {
        let stderr = report::stderr(req.color);
        let mut lock = stderr.lock();
        report::write_human(&mut lock, &report, &playbook)?;
        lock.flush()?;
        return Ok(ExitCode::from(1));
    }
    let plan = Funnel::of(&playbook, req.motion)
        .and_then(|f| f.plan(req.target, req.deal))
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut out = io::stdout().lock();
    out.write_all(render(&plan, req.format).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
