//! `playbook completions SHELL` and `playbook man`: every subcommand and every flag of the clap definition
//! (walked here, not listed by hand) reaches the completion scripts and the man page.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use clap::CommandFactory;
use playbook::cli::Cli;

fn playbook() -> Command {
    Command::cargo_bin("playbook").expect("binary")
}

/// The stdout of a `playbook` run that must succeed.
fn stdout_of(args: &[&str]) -> String {
    let out = playbook().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "playbook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The subcommands as defined (clap's implicit `help` is added later, on build, and is not one of them).
fn subcommands() -> Vec<clap::Command> {
    let subs: Vec<clap::Command> = Cli::command().get_subcommands().cloned().collect();
    assert!(subs.len() >= 7, "the definition has the known subcommands");
    subs
}

/// The long flags a command defines itself (`--format`), without clap's implicit `--help`/`--version`.
fn long_flags(cmd: &clap::Command) -> Vec<String> {
    cmd.get_arguments()
        .filter_map(|a| a.get_long())
        .map(|l| format!("--{l}"))
        .collect()
}

/// The value names of a command's positional arguments (`KIND`, `ID`).
fn positionals(cmd: &clap::Command) -> Vec<String> {
    cmd.get_arguments()
        .filter(|a| a.is_positional())
        .map(|a| match a.get_value_names() {
            Some([name, ..]) => name.to_string(),
            _ => a.get_id().as_str().to_uppercase(),
        })
        .collect()
}

fn global_flags() -> Vec<String> {
    let flags = long_flags(&Cli::command());
    assert!(flags.contains(&"--root".to_string()), "{flags:?}");
    flags
}

/// What bash offers when the cursor is at the end of `words`, with the script `playbook completions bash`
/// printed loaded the way bash-completion loads it.
fn bash_offers(script: &Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        r#"source "$1"
fn=$(complete -p playbook | sed -E 's/.*-F ([^ ]+).*/\1/')
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE='{line}'
COMP_POINT=${{#COMP_LINE}}
"$fn" playbook "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let out = Process::new("bash")
        .args(["-c", &program, "bash"])
        .arg(script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_every_subcommand_and_every_flag_of_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("playbook.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).expect("writes");

    let offered = bash_offers(&script, &["playbook", ""]);
    for sub in subcommands() {
        assert!(
            offered.iter().any(|o| o == sub.get_name()),
            "`playbook <TAB>` does not offer {}: {offered:?}",
            sub.get_name()
        );
    }
    for sub in subcommands() {
        let offered = bash_offers(&script, &["playbook", sub.get_name(), "--"]);
        for flag in long_flags(&sub).into_iter().chain(global_flags()) {
            assert!(
                offered.contains(&flag),
                "`playbook {} --<TAB>` does not offer {flag}: {offered:?}",
                sub.get_name()
            );
        }
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand_and_flag() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for sub in subcommands() {
            assert!(
                script.contains(sub.get_name()),
                "{shell}: no {}",
                sub.get_name()
            );
            for flag in long_flags(&sub) {
                // fish writes `-l format`, the others `--format`.
                let name = flag.trim_start_matches('-');
                assert!(script.contains(name), "{shell}: no {flag}");
            }
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = playbook()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tcsh"));
}

/// `--format` as roff writes it in bold: `\fB\-\-format\fR`.
fn roff_flag(flag: &str) -> String {
    format!("\\fB{}\\fR", flag.replace('-', "\\-"))
}

/// Whether roff `section` describes `item` in its option list: an entry (`.TP`) whose tag names it, not only
/// the synopsis line.
fn describes(section: &str, item: &str) -> bool {
    let lines: Vec<&str> = section.lines().collect();
    lines
        .windows(2)
        .any(|pair| pair[0] == ".TP" && pair[1].contains(item))
}

/// The roff between the line `heading` and the next heading of the same or a higher level.
fn roff_section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no `{heading}` in the man page:\n{page}"));
    let body = &page[start + heading.len() + 2..];
    let end = [body.find("\n.SS "), body.find("\n.SH ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(body.len());
    &body[..end]
}

#[test]
fn the_man_page_has_every_subcommand_with_its_flags_and_arguments() {
    let page = stdout_of(&["man"]);
    assert!(page.contains("\n.TH PLAYBOOK 1 "), "{page}");
    for heading in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION"] {
        assert!(page.contains(&format!("\n{heading}\n")), "no {heading}");
    }
    let options = roff_section(&page, ".SH OPTIONS");
    for flag in global_flags() {
        assert!(
            describes(options, &roff_flag(&flag)),
            "OPTIONS lacks {flag}"
        );
    }
    roff_section(&page, ".SH COMMANDS");
    for sub in subcommands() {
        let name = sub.get_name();
        let section = roff_section(&page, &format!(".SS \"playbook {name}\""));
        assert!(
            section.contains(&format!("\\fBplaybook {name}\\fR")),
            "no synopsis for {name}:\n{section}"
        );
        for flag in long_flags(&sub) {
            assert!(
                describes(section, &roff_flag(&flag)),
                "`playbook {name}` lacks {flag}:\n{section}"
            );
        }
        for value in positionals(&sub) {
            assert!(
                describes(section, &format!("\\fI{value}\\fR")),
                "`playbook {name}` lacks {value}:\n{section}"
            );
        }
    }
    // clap's implicit `help` subcommand is not a command of the page.
    assert!(!page.contains(".SS \"playbook help\""));
}

/// Where groff is installed, the page renders without a warning and shows every subcommand (`man -l`
/// runs groff the same way). The structural test above runs everywhere.
#[test]
fn the_man_page_renders_with_groff_where_present() {
    let has_groff = Process::new("groff")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_groff {
        eprintln!("groff is not installed: the rendering is not checked here");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("playbook.1");
    std::fs::write(&file, stdout_of(&["man"])).expect("writes");
    let out = Process::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .arg(&file)
        .output()
        .expect("groff runs");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && warnings.is_empty(), "{warnings}");
    let text = String::from_utf8_lossy(&out.stdout);
    // groff's tty output emboldens by overstriking or escape sequences: compare letters only.
    let plain: String = strip_tty(&text);
    assert!(plain.contains("PLAYBOOK(1)"), "{plain}");
    for sub in subcommands() {
        let heading = format!("playbook {}", sub.get_name());
        assert!(plain.contains(&heading), "no {heading} in:\n{plain}");
    }
}

/// groff's terminal text without SGR escape sequences and overstrikes (`x\bx`).
fn strip_tty(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            '\u{8}' => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_man_page_describes_the_subcommands_of_a_group_with_their_flags() {
    let page = stdout_of(&["man"]);
    let section = roff_section(&page, ".SS \"playbook export json\"");
    assert!(
        section.contains("\\fBplaybook export json\\fR"),
        "no synopsis for export json:\n{section}"
    );
    assert!(describes(section, &roff_flag("--out")), "{section}");
}
