//! `scripts/test`, the README's test command, on machines simulated by a PATH of stand-in programs: it installs
//! what the browser tests lack with apt-get (as root, else through sudo), says exactly what to install when it
//! cannot (exit 2, tests not run), and runs `cargo test` with its arguments when everything is there.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A simulated machine: a folder of stand-in programs that is the whole PATH, and a log of their calls.
struct Machine {
    dir: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        let machine = Machine {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir(machine.bin()).expect("mkdir");
        // `env` is real (the script runs `sudo env … apt-get`); it finds the stand-ins through PATH.
        std::os::unix::fs::symlink(real("env"), machine.bin().join("env")).expect("symlink");
        machine
            .program(
                "cargo",
                "echo \"cargo $*\" >> \"$LOG\"; exit \"${CARGO_STATUS:-0}\"",
            )
            .program("id", "echo 1000")
    }

    fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    fn chromium(&self) -> PathBuf {
        self.dir.path().join("chromium")
    }

    fn log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// A stand-in program `name` running the shell `body`.
    fn program(self, name: &str, body: &str) -> Machine {
        let path = self.bin().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("writes");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        self
    }

    /// Node.js, npm and Chromium installed.
    fn with_browser_tools(self) -> Machine {
        let chromium = self.chromium();
        std::fs::write(&chromium, "#!/bin/sh\n").expect("writes");
        std::fs::set_permissions(&chromium, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        self.program("node", "exit 0")
            .program("npm", "echo \"npm $*\" >> \"$LOG\"")
    }

    /// An apt-get that logs its calls and, on `install`, installs the stand-ins of node, npm and chromium.
    fn with_apt_get(self) -> Machine {
        let body = format!(
            "echo \"apt-get $*\" >> \"$LOG\"\n\
             if [ \"$1\" = install ]; then\n\
               printf '#!/bin/sh\\nexit 0\\n' > '{bin}/node'; printf '#!/bin/sh\\nexit 0\\n' > '{bin}/npm'\n\
               printf '#!/bin/sh\\n' > '{chromium}'; '{chmod}' +x '{bin}/node' '{bin}/npm' '{chromium}'\n\
             fi",
            bin = self.bin().display(),
            chromium = self.chromium().display(),
            chmod = real("chmod"),
        );
        self.program("apt-get", &body)
    }

    /// Runs `scripts/test ARGS` with only the stand-ins on PATH.
    fn run(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(real("bash"));
        cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test"))
            .args(args)
            .env_clear()
            .env("PATH", self.bin())
            .env("LOG", self.dir.path().join("log"))
            .env("CHROMIUM", self.chromium());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.output().expect("bash runs")
    }
}

/// The path of a real system program (only the stand-ins are on the script's PATH).
fn real(name: &str) -> String {
    ["/bin", "/usr/bin"]
        .into_iter()
        .map(|dir| format!("{dir}/{name}"))
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| panic!("no {name} in /bin or /usr/bin"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn with_every_tool_present_it_runs_cargo_test_with_its_arguments_and_status() {
    let machine = Machine::new().with_browser_tools();
    let out = machine.run(&["--test", "cli_check"], &[("CARGO_STATUS", "3")]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let log = machine.log();
    assert!(!log.iter().any(|l| l.starts_with("apt-get")), "{log:?}");
    assert_eq!(
        log.last().map(String::as_str),
        Some("cargo test --test cli_check")
    );
}

#[test]
fn without_apt_get_it_says_what_to_install_and_runs_nothing() {
    let machine = Machine::new();
    let out = machine.run(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("apt-get is not available"), "{err}");
    assert!(
        err.contains("sudo apt-get install -y nodejs npm chromium"),
        "{err}"
    );
    assert!(err.contains("set CHROMIUM"), "{err}");
    assert!(machine.log().is_empty(), "{:?}", machine.log());
}

#[test]
fn as_root_it_installs_the_missing_packages_then_runs_the_tests() {
    let machine = Machine::new()
        .with_apt_get()
        .program("id", "echo 0")
        .program("npm", "echo \"npm $*\" >> \"$LOG\"")
        .program("node", "exit 0");
    let out = machine.run(&["--lib"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = machine.log();
    assert_eq!(log[0], "apt-get update -qq", "{log:?}");
    assert_eq!(log[1], "apt-get install -y -qq chromium", "{log:?}");
    assert_eq!(log.last().map(String::as_str), Some("cargo test --lib"));
}

#[test]
fn not_root_it_installs_through_sudo() {
    let machine = Machine::new()
        .with_apt_get()
        .program("sudo", "echo \"sudo $*\" >> \"$LOG\"; exec \"$@\"");
    let out = machine.run(&[], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = machine.log();
    assert!(
        log.contains(
            &"sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm chromium"
                .to_string()
        ),
        "{log:?}"
    );
    assert!(
        log.contains(&"apt-get install -y -qq nodejs npm chromium".to_string()),
        "{log:?}"
    );
    assert_eq!(log.last().map(String::as_str), Some("cargo test"));
}

#[test]
fn not_root_without_sudo_or_with_a_refusing_sudo_it_says_what_to_install() {
    let no_sudo = Machine::new().with_apt_get();
    let out = no_sudo.run(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not running as root, and sudo is not available"));
    assert!(no_sudo.log().is_empty(), "{:?}", no_sudo.log());

    let refusing = Machine::new()
        .with_apt_get()
        .program("sudo", "echo \"sudo $*\" >> \"$LOG\"; exit 1");
    let out = refusing.run(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("apt-get failed"), "{err}");
    assert!(
        err.contains("sudo apt-get install -y nodejs npm chromium"),
        "{err}"
    );
    assert!(!refusing.log().iter().any(|l| l.starts_with("cargo")));
}

#[test]
fn a_package_apt_get_did_not_provide_is_named_and_the_tests_are_not_run() {
    // apt-get succeeds but leaves no Chromium at CHROMIUM (e.g. a snap-only shim on Ubuntu).
    let machine = Machine::new()
        .program("id", "echo 0")
        .program("apt-get", "echo \"apt-get $*\" >> \"$LOG\"")
        .program("node", "exit 0")
        .program("npm", "exit 0");
    let out = machine.run(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("need chromium") && err.contains("still missing after apt-get"),
        "{err}"
    );
    assert!(!machine.log().iter().any(|l| l.starts_with("cargo")));
}
