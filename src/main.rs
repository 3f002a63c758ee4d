use clap::Parser;
use playbook::cli::{Cli, Command};

/// mimalloc rather than the system allocator: a 10,000-entry build allocates millions of small strings and
/// template values from several threads, and spends a quarter less CPU time and a fifth less memory with
/// it (bench/build).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Serve(_)) {
        keep_freed_memory();
    }
    playbook::cli::run(cli)
}

/// `mi_option_purge_delay` in mimalloc.h (the same number in its v2 and v3): how many milliseconds freed
/// memory is kept before it is given back to the system (by default 10 in v2, 1,000 in v3; -1 for never).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For `serve`: freed memory is kept for the next rebuild instead of being given back to the system.
/// Every rebuild allocates about as much as the one before; given back, that memory came back as fresh
/// pages the kernel must zero, which was half of a rebuild's time at 10,000 entries (benches/serve_reload:
/// save → page 590 ms → 214 ms, rebuild 527 ms → 155 ms), for about a third more resident memory. Left
/// alone when the option does not hold one of mimalloc's defaults (`MIMALLOC_PURGE_DELAY` set, or
/// another numbering).
fn keep_freed_memory() {
    // SAFETY: reading and setting an option are plain calls into mimalloc with an option number, which
    // mimalloc checks against its range; the purge delay is read anew at every purge, so it may change at
    // any time.
    unsafe {
        if matches!(
            libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
            10 | 1000
        ) {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}
