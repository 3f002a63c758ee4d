use clap::Parser;

fn main() -> std::process::ExitCode {
    playbook::cli::run(playbook::cli::Cli::parse())
}
