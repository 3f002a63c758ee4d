//! Exports: the playbook in the formats of the tools its users already live in. [`scorm`] writes SCORM 1.2
//! packages for a company LMS, made from the same rendered pages as the site.

mod links;
mod manifest;
pub mod scorm;
mod zipfile;
