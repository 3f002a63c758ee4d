//! A deterministic zip: entries sorted by name, every timestamp the zip epoch (1980-01-01 00:00), the same
//! permissions, deflate. The same files give the same bytes on every run and machine.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `files` (`(name, bytes)`, `/`-separated names) in name order.
pub(crate) fn zip(files: &[(String, &[u8])]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut sorted: Vec<&(String, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}
