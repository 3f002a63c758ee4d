//! `playbook-bench`: the benchmark scripts' generator and data builder (`gen-corpus`, `search-data`).
//! Build it with `cargo build --release -p playbook-bench`.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use playbook::report::terminal_safe;
use playbook_bench::corpus::{self, CorpusOptions, Shape};
use playbook_bench::search_data;

/// Benchmark tooling of playbook: generated playbooks and the search benchmark's data.
#[derive(Debug, Parser)]
#[command(name = "playbook-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a generated playbook of N entries (seeded: the same options give the same bytes).
    GenCorpus(GenCorpusArgs),
    /// Write the search benchmark's query set and indexed text (for bench/search).
    SearchData(SearchDataArgs),
    /// Index the paragraphs of Chinese articles (text files) and write Chinese substring queries over them.
    SeedSite(SeedSiteArgs),
}

#[derive(Debug, clap::Args)]
struct GenCorpusArgs {
    /// Where to write it (created; should be empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How many entries.
    #[arg(long, default_value_t = 1000)]
    entries: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Share of Chinese entries, 0–1.
    #[arg(long, default_value_t = 0.1)]
    chinese: f64,
    /// Share of bodies with a fenced code block, 0–1.
    #[arg(long, default_value_t = 0.05)]
    code: f64,
    /// How the entries are shared among the kinds: `bench` (the benchmarks' usual playbook) or `wide`
    /// (60 % objections, motions of 20 stages, references spread at random: lists grow).
    #[arg(long, value_enum, default_value_t = ShapeArg::Bench)]
    shape: ShapeArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ShapeArg {
    Bench,
    Wide,
}

#[derive(Debug, clap::Args)]
struct SearchDataArgs {
    /// The playbook folder (holding `playbook.yaml` and `content/`).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write `queries.json` and `indexed-text.txt`.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Queries per kind (English words, prefixes, word pairs, Chinese substrings).
    #[arg(long, default_value_t = 100)]
    per_kind: usize,
    /// Chinese substring queries (default: as many as `--per-kind`).
    #[arg(long)]
    zh: Option<usize>,
    /// Also write the documents as HTML pages for Pagefind into this folder.
    #[arg(long, value_name = "DIR")]
    pagefind: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct SeedSiteArgs {
    /// The folder of the articles (`*.txt`), read only.
    #[arg(long, value_name = "DIR")]
    seeds: PathBuf,
    /// Where to write the index, `index.html` and `queries.json`.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Chinese substring queries.
    #[arg(long, default_value_t = 300)]
    zh: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::GenCorpus(args) => gen_corpus(args),
        Command::SearchData(args) => write_search_data(args),
        Command::SeedSite(args) => {
            search_data::seed_site(&args.seeds, &args.out, args.zh).map(|n| {
                format!(
                    "indexed {n} paragraphs of {} into {}",
                    args.seeds.display(),
                    args.out.display()
                )
            })
        }
    };
    match result {
        Ok(message) => {
            eprintln!("{}", terminal_safe(&message));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", terminal_safe(&format!("error: {e}")));
            ExitCode::from(2)
        }
    }
}

fn gen_corpus(args: &GenCorpusArgs) -> io::Result<String> {
    let options = CorpusOptions {
        entries: args.entries,
        seed: args.seed,
        chinese: args.chinese,
        code: args.code,
        shape: match args.shape {
            ShapeArg::Bench => Shape::Bench,
            ShapeArg::Wide => Shape::Wide,
        },
    };
    let files = corpus::generate(&args.out, &options)?;
    Ok(format!("wrote {files} files to {}", args.out.display()))
}

fn write_search_data(args: &SearchDataArgs) -> io::Result<String> {
    let playbook = playbook::content::load(&args.root).map_err(io::Error::other)?;
    let docs = playbook::search::documents(&playbook, |kind, id| format!("{}/{id}", kind.folder()));
    let data = search_data::queries(&docs, 7, args.per_kind, args.zh.unwrap_or(args.per_kind));
    if let Some(dir) = &args.pagefind {
        search_data::pagefind_site(&docs, dir)?;
    }
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(
        args.out.join("queries.json"),
        serde_json::to_vec(&data).map_err(io::Error::other)?,
    )?;
    std::fs::write(
        args.out.join("indexed-text.txt"),
        search_data::indexed_text(&docs),
    )?;
    Ok(format!(
        "wrote {} queries over {} documents to {}",
        data.queries.len(),
        data.docs,
        args.out.display()
    ))
}
