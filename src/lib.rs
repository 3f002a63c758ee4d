//! playbook: compile a sales playbook — segments, selling points, stages, objections and role-plays
//! written as Markdown/YAML — into a static training site, and check that it is complete.
//!
//! The pipeline is plain functions over plain data: [`content::load`] reads the tree into typed entries
//! (each with file and line), [`check::check`] runs the whole-playbook rules, [`report`] prints the
//! diagnostics; [`pipeline::Project`] drives these steps and rendering for every command. The binary
//! (`src/main.rs`) only parses arguments and calls [`cli::run`].

#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod content;
pub mod decimal;
pub mod diagnostic;
pub mod export;
pub mod funnel;
mod lock;
pub mod output;
pub mod owners;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod shell;
pub mod theme;
mod xml;
pub mod yaml;
