//! `imsmanifest.xml` of a SCORM 1.2 package: IMS Content Packaging 1.1.2 with the ADL SCORM 1.2 extensions
//! (`adlcp:scormtype`, `adlcp:masteryscore`), one organisation, one item per SCO. Every file of the package
//! is listed once, by a shared asset resource every SCO depends on.

use super::links::url_path;

/// A launchable unit the LMS tracks.
pub(crate) struct Sco<'a> {
    /// What the LMS shows in its table of contents.
    pub title: &'a str,
    /// The launch page (a path in the package).
    pub launch: &'a str,
    /// The score (0–100) that passes, for a role-play.
    pub mastery: Option<u8>,
}

/// What the manifest describes.
pub(crate) struct Manifest<'a> {
    /// The manifest's identifier (an XML name, stable across exports of the same entry).
    pub identifier: &'a str,
    /// The organisation's title.
    pub title: &'a str,
    /// The SCOs, in the order the learner meets them.
    pub scos: Vec<Sco<'a>>,
    /// Every file of the package but the manifest (paths in the package).
    pub files: Vec<&'a str>,
}

/// The manifest's text.
pub(crate) fn write(m: &Manifest) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<manifest identifier=\"{}\" version=\"1.0\" \
         xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" \
         xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
         http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
         http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
        crate::xml::escape(m.identifier)
    ));
    x.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n");
    x.push_str("  <organizations default=\"org\">\n    <organization identifier=\"org\">\n");
    x.push_str(&format!(
        "      <title>{}</title>\n",
        crate::xml::escape(m.title)
    ));
    for (n, sco) in m.scos.iter().enumerate() {
        let n = n + 1;
        x.push_str(&format!(
            "      <item identifier=\"item-{n}\" identifierref=\"sco-{n}\" isvisible=\"true\">\n        <title>{}</title>\n",
            crate::xml::escape(sco.title)
        ));
        if let Some(score) = sco.mastery {
            x.push_str(&format!(
                "        <adlcp:masteryscore>{score}</adlcp:masteryscore>\n"
            ));
        }
        x.push_str("      </item>\n");
    }
    x.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    for (n, sco) in m.scos.iter().enumerate() {
        let n = n + 1;
        let href = crate::xml::escape(&url_path(sco.launch));
        x.push_str(&format!(
            "    <resource identifier=\"sco-{n}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{href}\">\n      <file href=\"{href}\"/>\n      <dependency identifierref=\"files\"/>\n    </resource>\n"
        ));
    }
    x.push_str(
        "    <resource identifier=\"files\" type=\"webcontent\" adlcp:scormtype=\"asset\">\n",
    );
    for file in &m.files {
        x.push_str(&format!(
            "      <file href=\"{}\"/>\n",
            crate::xml::escape(&url_path(file))
        ));
    }
    x.push_str("    </resource>\n  </resources>\n</manifest>\n");
    x
}

/// An XML name for an entry's id: ASCII letters, digits, `-` and `.` kept, every other byte `_xx` (hex), so
/// that ids in any script give distinct, valid identifiers.
pub(crate) fn identifier(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_xml_names_and_distinct() {
        assert_eq!(
            identifier("pb-roleplay-", "cold call"),
            "pb-roleplay-cold_20call"
        );
        assert_eq!(identifier("pb-path-", "电"), "pb-path-_e7_94_b5");
        assert_ne!(identifier("p-", "a_20"), identifier("p-", "a 20"));
    }

    #[test]
    fn titles_are_escaped() {
        assert_eq!(
            crate::xml::escape("A & <B> \"c\"\u{1b}"),
            "A &amp; &lt;B&gt; &quot;c&quot;"
        );
    }
}
