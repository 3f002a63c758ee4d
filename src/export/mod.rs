//! `playbook export`: the playbook in the formats other tools read.

pub mod json;
