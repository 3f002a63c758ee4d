//! Benchmark tooling of playbook, kept apart from the shipped binary: [`corpus`] writes seeded, valid
//! playbooks of any size (for bench/build, bench/search, the serve benchmark and tests), and
//! [`search_data`] writes the search benchmark's query set. The `playbook-bench` binary runs both.

#![warn(missing_docs)]

pub mod corpus;
pub mod search_data;
