//! `playbook export`: the playbook in the formats of the tools its users already live in: [`json`] (the whole
//! playbook as one document) and [`scorm`] (SCORM 1.2 packages for a company LMS, made from the same rendered pages
//! as the site).

pub mod json;
mod links;
mod manifest;
pub mod scorm;
mod zipfile;
