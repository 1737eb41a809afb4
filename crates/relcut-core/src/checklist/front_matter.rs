//! GitHub-style front matter (`title:`, `created_at:`) on a cut issue kept as a Markdown file.

/// A Markdown file with GitHub-style front matter (`title:`, `created_at:`), as relcut's
/// examples and test fixtures keep a cut issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: Option<String>,
    pub created_at: Option<String>,
    /// The file with its front matter blanked out (spaces, line breaks kept), so that byte
    /// offsets and line numbers of the body stay those of the file.
    pub body: String,
    /// Where the body starts in the file.
    pub body_offset: usize,
}

pub fn split_front_matter(text: &str) -> Document {
    let plain = Document {
        title: None,
        created_at: None,
        body: text.to_string(),
        body_offset: 0,
    };
    let first_end = match text.find('\n') {
        Some(i) if text[..i].trim_end_matches('\r') == "---" => i + 1,
        _ => return plain,
    };
    let mut title = None;
    let mut created_at = None;
    let mut pos = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        pos += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if l == "---" {
            // Byte by byte, so that a multi-byte character keeps its length.
            let blank: String = text[..pos]
                .bytes()
                .map(|b| {
                    if b == b'\n' || b == b'\r' {
                        b as char
                    } else {
                        ' '
                    }
                })
                .collect();
            return Document {
                title,
                created_at,
                body: blank + &text[pos..],
                body_offset: pos,
            };
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches(['"', '\'']).to_string();
            match k.trim() {
                "title" => title = Some(v),
                "created_at" => created_at = Some(v),
                _ => {}
            }
        }
    }
    plain
}
