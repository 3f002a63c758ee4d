//! What shells and `man` read of the command line: completion scripts (`playbook completions SHELL`) and the
//! roff man page (`playbook man`), both generated from the clap definition that `--help` uses, so a new
//! subcommand or flag appears in all three at once. `cli` passes that definition in; nothing here names a flag.

use std::io::{self, Write};

use clap::Command;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

/// The shells `playbook completions` writes a script for: bash, zsh, fish, powershell and elvish.
pub use clap_complete::Shell;

/// The completion script of `cmd` for `shell`, for the program name `cmd` carries (`playbook`).
///
/// Built in memory and returned, rather than written straight to stdout: clap_complete panics when a write
/// fails, and `playbook completions bash | head` must end quietly like every other command.
pub fn completions(mut cmd: Command, shell: Shell) -> Vec<u8> {
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    script
}

/// The man page of `cmd` (roff, section 1), one page for the whole program: title, name, synopsis,
/// description and the global options as clap_mangen renders them, then a `COMMANDS` section with each
/// subcommand's synopsis, description and options under its own `.SS` heading, then the version.
///
/// clap_mangen's own subcommand section points at one page per subcommand (`playbook-check(1)`); a single
/// page printed by the binary is easier to install, so that section is replaced by the subcommands' own.
pub fn man_page(cmd: Command) -> io::Result<Vec<u8>> {
    // clap's implicit `help` subcommand is not a command of playbook's: `--help` is listed with each.
    let cmd = cmd.disable_help_subcommand(true);
    let name = cmd.get_name().to_string();
    let man = Man::new(cmd.clone()).title(name.to_uppercase());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    // The subcommands of the definition as written, before clap copies the global options into each:
    // those are listed once, above.
    let subcommands: Vec<&Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    if !subcommands.is_empty() {
        let mut roff = Roff::new();
        roff.control("SH", ["COMMANDS"]).text([roman(
            "Each command also takes the options above; its own follow its synopsis.",
        )]);
        roff.to_writer(&mut page)?;
        for sub in subcommands {
            write_subcommand(&mut page, &name, sub)?;
        }
    }
    man.render_version_section(&mut page)?;
    Ok(without_repeated_preamble(&page))
}

/// One subcommand under `COMMANDS`: a `.SS` heading with its full name (`playbook check`), its description,
/// its synopsis and its own options; then its own subcommands, the same way.
fn write_subcommand(page: &mut Vec<u8>, program: &str, sub: &Command) -> io::Result<()> {
    let full_name = format!("{program} {}", sub.get_name());
    Roff::new()
        .control("SS", [full_name.as_str()])
        .to_writer(page)?;
    let sub = sub.clone().bin_name(full_name.clone());
    let man = Man::new(sub.clone());
    let mut body = Vec::new();
    man.render_description_section(&mut body)?;
    man.render_synopsis_section(&mut body)?;
    man.render_options_section(&mut body)?;
    write_without_headings(page, &body)?;
    // A group's own subcommands (`playbook export json`) follow it, each under its own heading.
    for child in sub.get_subcommands() {
        if !child.is_hide_set() && child.get_name() != "help" {
            write_subcommand(page, &full_name, child)?;
        }
    }
    Ok(())
}

/// `page` with the roff crate's two-line preamble (the `Aq` apostrophe string) only at the top: each
/// section rendered on its own repeats it.
fn without_repeated_preamble(page: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len());
    let mut seen = Vec::new();
    for line in page.split_inclusive(|&b| b == b'\n') {
        let preamble = line.starts_with(b".ie \\n(.g .ds Aq") || line.starts_with(b".el .ds Aq");
        if preamble {
            if seen.contains(&line) {
                continue;
            }
            seen.push(line);
        }
        out.extend_from_slice(line);
    }
    out
}

/// Copies roff `body` (sections clap_mangen rendered) into `page` without its `.SH` lines: under a
/// subcommand's `.SS` heading, "SYNOPSIS" and "OPTIONS" become short labels instead of top-level sections.
fn write_without_headings(page: &mut Vec<u8>, body: &[u8]) -> io::Result<()> {
    for line in body.split_inclusive(|&b| b == b'\n') {
        match line.strip_prefix(b".SH ") {
            Some(heading) => {
                let label = String::from_utf8_lossy(heading);
                let label = label.trim().trim_matches('"');
                if label != "DESCRIPTION" {
                    let mut roff = Roff::new();
                    roff.control("PP", [])
                        .text([roman(format!("{}:", title_case(label)))]);
                    roff.to_writer(page)?;
                }
            }
            None => page.write_all(line)?,
        }
    }
    Ok(())
}

/// "OPTIONS" → "Options".
fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_headings_of_a_subcommand_become_labels() {
        let mut page = Vec::new();
        write_without_headings(
            &mut page,
            b".SH DESCRIPTION\nChecks.\n.SH SYNOPSIS\n\\fBplaybook check\\fR\n.SH OPTIONS\n.TP\n",
        )
        .expect("writes to memory");
        let page = String::from_utf8(page).expect("utf-8");
        assert!(!page.contains(".SH"), "{page}");
        assert!(page.contains("Checks.\n"), "{page}");
        assert!(page.contains("Synopsis:"), "{page}");
        assert!(page.contains("Options:"), "{page}");
        assert!(!page.contains("Description:"), "{page}");
    }
}
