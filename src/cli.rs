//! The command line: argument definitions and the commands behind them. `main.rs` only parses and calls
//! [`run`].

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::check::{CheckOptions, Report};
use crate::content::{Audience, Date};
use crate::pipeline::{Checked, Project};
pub use crate::report::Color;
use crate::report::{self, Format, Warnings};

/// A line on stderr through [`report::stderr_line`]: what the commands print names paths and quotes
/// `playbook.yaml` (a theme name, an output folder), which must not act on the terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        report::stderr_line(&format!($($arg)*))
    };
}

/// Compile a sales playbook into a training site, and check that it is complete.
#[derive(Debug, Parser)]
#[command(name = "playbook", version, about)]
pub struct Cli {
    /// The playbook folder (holding `playbook.yaml` and `content/`).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that the playbook is complete and every reference resolves.
    Check(CheckArgs),
    /// Check the playbook, then build the training site (refuses on errors).
    Build(BuildArgs),
    /// Serve the site on a local web server, rebuilding and reloading the pages on every change.
    Serve(ServeArgs),
    /// Create a small, complete playbook to start from (it passes `check`).
    Init(InitArgs),
    /// Add an entry of KIND with every field, commented; `check` fails until its TODOs are filled in.
    New(NewArgs),
    /// Work back from a revenue target to the opportunities each stage of a motion needs.
    Funnel(FunnelArgs),
    /// Write JSON Schemas of `playbook.yaml` and each kind's files, for editors (docs/editors.md).
    Schema(SchemaArgs),
    /// Export the playbook for other tools (refuses on errors, as `build` does).
    Export(ExportArgs),
    /// List each owner's entries with their review status (overdue, due soon, ok), overdue first.
    Owners(OwnersArgs),
    /// Print the completion script of a shell on stdout (docs/install.md says where it goes).
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout: `playbook man | man -l -`.
    Man,
}

/// Arguments of `export scorm`.
#[derive(Debug, clap::Args)]
pub struct ScormArgs {
    /// Where to write the packages (default: `scorm/`, relative to the root).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `funnel`.
#[derive(Debug, clap::Args)]
pub struct FunnelArgs {
    /// The motion's id (`default` when `playbook.yaml` declares no motions).
    #[arg(long, value_name = "ID")]
    pub motion: String,
    /// The revenue target (a number such as 1000000 or 250000.50).
    #[arg(long, value_name = "N")]
    pub target: crate::decimal::Decimal,
    /// The average deal size (default: the motion's `deal_size`).
    #[arg(long, value_name = "N")]
    pub deal: Option<crate::decimal::Decimal>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::funnel::table::TableFormat::Human)]
    pub format: crate::funnel::table::TableFormat,
}

/// Arguments of `export`: what to export.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format.
    #[command(subcommand)]
    pub what: ExportCommand,
}

/// The formats of `export`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole playbook as one JSON document (its schema: `playbook schema`'s `export.schema.json`).
    Json(ExportJsonArgs),
    /// SCORM 1.2 packages for an LMS: one per role-play and per learning path (docs/lms.md).
    Scorm(ScormArgs),
}

/// Arguments of `export json`.
#[derive(Debug, clap::Args)]
pub struct ExportJsonArgs {
    /// The file to write (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The folder to write the schemas to (default: `.playbook/schemas` under the root), created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `owners`.
#[derive(Debug, clap::Args)]
pub struct OwnersArgs {
    /// Output format (`markdown`: a checklist to paste into a tracking issue).
    #[arg(long, value_enum, default_value_t = crate::owners::OwnersFormat::Human)]
    pub format: crate::owners::OwnersFormat,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: crate::shell::Shell,
}

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the playbook (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty: only the starter files it lacks (existing files are kept).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The kind of entry (the help lists the kinds' names, from `content::KINDS`).
    #[arg(value_parser = parse_kind_arg, help = kinds_help())]
    pub kind: crate::content::Kind,
    /// The id, which is also the file name (`content/<kind>/<id>.md`).
    pub id: String,
}

/// The help of `new`'s kind: "segment, persona, selling-point, stage, objection or roleplay".
fn kinds_help() -> String {
    let keys: Vec<&str> = crate::content::Kind::ALL.iter().map(|k| k.key()).collect();
    match keys.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn parse_kind_arg(s: &str) -> Result<crate::content::Kind, String> {
    crate::content::Kind::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = crate::content::Kind::ALL.iter().map(|k| k.key()).collect();
        format!("unknown kind `{s}`; the kinds are: {}", names.join(", "))
    })
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write the site (default: `output` in `playbook.yaml`, `public/`, relative to the root).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Who the site is for: `public` leaves out every internal entry (docs/site.md).
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
}

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port; the URL printed first says which).
    #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on. The default, loopback, keeps the site on this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,

    /// Check what this audience sees: `public` checks the public entries, and that none names an internal one.
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
}

/// Exit status for a usage or I/O failure.
const EXIT_FAILURE: u8 = 2;

/// Runs the parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Check(args) => run_check(&cli, args),
        Command::Build(args) => run_build(&cli, args),
        Command::Serve(args) => run_serve(&cli, args),
        Command::Init(args) => run_init(args),
        Command::New(args) => run_new(&cli, args),
        Command::Funnel(args) => today().and_then(|today| {
            crate::funnel::command::run(&crate::funnel::command::Request {
                root: &cli.root,
                motion: &args.motion,
                target: args.target,
                deal: args.deal,
                format: args.format,
                color: cli.color,
                today,
            })
        }),
        Command::Schema(args) => run_schema(&cli, args),
        Command::Export(args) => match &args.what {
            ExportCommand::Json(json) => run_export_json(&cli, json),
            ExportCommand::Scorm(scorm) => run_export_scorm(&cli, scorm),
        },
        Command::Owners(args) => run_owners(&cli, args),
        Command::Completions(args) => print(&crate::shell::completions(Cli::command(), args.shell)),
        Command::Man => crate::shell::man_page(Cli::command()).and_then(|page| print(&page)),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            // Errors name paths (a page id, a file under `content/`): no control character reaches the terminal.
            say!("error: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// The date `review_by` is compared with: `PLAYBOOK_TODAY` (`YYYY-MM-DD`, for reproducible runs) or the
/// system clock.
fn today() -> io::Result<Date> {
    match std::env::var("PLAYBOOK_TODAY") {
        Ok(s) => Date::parse(&s).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("PLAYBOOK_TODAY must be a date YYYY-MM-DD, found `{s}`"),
            )
        }),
        Err(_) => Ok(Date::today()),
    }
}

/// The pipeline on the playbook at `--root`, checked against today's date.
fn project(cli: &Cli) -> io::Result<Project> {
    Ok(Project::new(&cli.root, CheckOptions { today: today()? }))
}

fn run_check(cli: &Cli, args: &CheckArgs) -> io::Result<ExitCode> {
    let Checked { playbook, report } = project(cli)?
        .for_audience(args.audience)
        .check()
        .map_err(io::Error::other)?;
    let warnings = if args.strict {
        Warnings::Fail
    } else {
        Warnings::Pass
    };
    match args.format {
        Format::Human => {
            let stderr = report::stderr(cli.color);
            let mut lock = stderr.lock();
            report::write_human(&mut lock, &report, &playbook)?;
            lock.flush()?;
        }
        Format::Json => {
            let mut out = io::stdout().lock();
            writeln!(out, "{}", report::to_json(&report))?;
        }
        Format::Github => {
            let mut out = io::stdout().lock();
            write!(out, "{}", report::to_github(&report))?;
        }
        Format::Sarif => {
            let mut out = io::stdout().lock();
            writeln!(out, "{}", report::to_sarif(&report, &cli.root))?;
        }
        Format::Junit => {
            let mut out = io::stdout().lock();
            write!(out, "{}", report::to_junit(&report, &playbook, warnings))?;
        }
    }
    Ok(exit_code(&report, warnings))
}

/// `owners`: the report on stdout, exit 0; the playbook's diagnostics are `check`'s business.
fn run_owners(cli: &Cli, args: &OwnersArgs) -> io::Result<ExitCode> {
    let today = today()?;
    let Checked { playbook, .. } = Project::new(&cli.root, CheckOptions { today })
        .check()
        .map_err(io::Error::other)?;
    print(crate::owners::render(&playbook, today, args.format).as_bytes())
}

/// Loads and checks the playbook, printing the diagnostics; `Err(exit status)` when there are errors, after
/// saying `refused` ("the site was not built").
fn checked_or_refuse(
    cli: &Cli,
    project: &mut Project,
    refused: &str,
) -> io::Result<Result<Checked, ExitCode>> {
    let checked = project.check().map_err(io::Error::other)?;
    if !checked.report.diagnostics.is_empty() {
        let stderr = report::stderr(cli.color);
        let mut lock = stderr.lock();
        report::write_human(&mut lock, &checked.report, &checked.playbook)?;
        lock.flush()?;
    }
    let code = exit_code(&checked.report, Warnings::Pass);
    if code != ExitCode::SUCCESS {
        say!("error: {refused}: fix the errors above first");
        return Ok(Err(code));
    }
    Ok(Ok(checked))
}

fn run_export_scorm(cli: &Cli, args: &ScormArgs) -> io::Result<ExitCode> {
    let mut project = project(cli)?;
    let checked = match checked_or_refuse(cli, &mut project, "the SCORM packages were not made")? {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => cli.root.join("scorm"),
    };
    let made = project
        .render(&checked)
        .map_err(crate::export::scorm::ExportError::from)
        .and_then(|site| crate::export::scorm::packages(&checked.playbook, &site))
        .and_then(|packages| {
            crate::export::scorm::write(&packages, &out)?;
            Ok(packages.len())
        });
    match made {
        Ok(n) => {
            say!("wrote {n} SCORM 1.2 packages into {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            say!("error: {e}");
            Ok(ExitCode::from(e.exit_status()))
        }
    }
}

fn run_build(cli: &Cli, args: &BuildArgs) -> io::Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut project = project(cli)?.for_audience(args.audience);
    let mut checked = match checked_or_refuse(cli, &mut project, "the site was not built")? {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let out = match &args.output {
        Some(dir) => dir.clone(),
        None => cli.root.join(&checked.playbook.config.output),
    };
    // The source texts only serve diagnostics, which are printed: free them before rendering.
    for file in &mut checked.playbook.files {
        file.text = None;
    }
    match project.write(&checked, &out) {
        Ok(built) => {
            say!(
                "built {} pages ({} files) into {} in {} ms",
                built.pages,
                built.files,
                out.display(),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            say!("error: {e}");
            Ok(ExitCode::from(e.exit_status()))
        }
    }
}

fn exit_code(report: &Report, warnings: Warnings) -> ExitCode {
    let io_failure = report
        .diagnostics
        .iter()
        .any(|d| d.code == crate::diagnostic::Code::IoError);
    if io_failure {
        ExitCode::from(EXIT_FAILURE)
    } else if report.errors() > 0 || (warnings == Warnings::Fail && report.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_serve(cli: &Cli, args: &ServeArgs) -> io::Result<ExitCode> {
    let mut options = crate::serve::ServeOptions::new(cli.root.clone(), today()?);
    options.bind = args.bind;
    options.port = args.port;
    options.color = cli.color;
    let (stop, stopped) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })
    .map_err(io::Error::other)?;
    let server = crate::serve::Server::start(options).map_err(io::Error::other)?;
    if args.open {
        if let Err(e) = crate::serve::open_in_browser(&server.url()) {
            say!("warning: cannot open a browser: {e}");
        }
    }
    // Ctrl-C (or SIGTERM); a dropped sender cannot happen while the handler is installed.
    let _ = stopped.recv();
    server.stop();
    say!("stopped");
    Ok(ExitCode::SUCCESS)
}

fn run_init(args: &InitArgs) -> io::Result<ExitCode> {
    let done = crate::scaffold::init(&args.dir, args.force).map_err(io::Error::other)?;
    for path in &done.kept {
        say!("kept {} (it exists already)", path.display());
    }
    if done.written.is_empty() {
        say!(
            "nothing to add: every starter file is in {} already",
            args.dir.display()
        );
    } else {
        say!(
            "created a playbook of {} files in {}",
            done.written.len(),
            args.dir.display()
        );
        say!("next: cd {} && playbook serve --open", args.dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes generated text (a completion script, the man page) to stdout.
fn print(bytes: &[u8]) -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_new(cli: &Cli, args: &NewArgs) -> io::Result<ExitCode> {
    let path = crate::scaffold::new(&cli.root, args.kind, &args.id).map_err(io::Error::other)?;
    report::stdout_line(&path.display().to_string());
    say!("fill in the TODOs, then run `playbook check`");
    Ok(ExitCode::SUCCESS)
}

fn run_schema(cli: &Cli, args: &SchemaArgs) -> io::Result<ExitCode> {
    let dir = match &args.out {
        Some(dir) => dir.clone(),
        None => cli.root.join(crate::schema::DEFAULT_DIR),
    };
    let written = crate::schema::write(&dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    say!("wrote {} schemas into {}", written.len(), dir.display());
    Ok(ExitCode::SUCCESS)
}

fn run_export_json(cli: &Cli, args: &ExportJsonArgs) -> io::Result<ExitCode> {
    let checked = match checked_or_refuse(cli, &mut project(cli)?, "nothing was exported")? {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let json = crate::export::json::to_json(&checked.playbook);
    match &args.out {
        Some(path) => {
            std::fs::write(path, json)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            say!("exported the playbook to {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        None => print(json.as_bytes()),
    }
}
