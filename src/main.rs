use clap::Parser;

/// mimalloc rather than the system allocator: a 10,000-entry build allocates millions of small strings and
/// template values from several threads, and spends a quarter less CPU time and a fifth less memory with
/// it (bench/build).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    playbook::cli::run(playbook::cli::Cli::parse())
}
