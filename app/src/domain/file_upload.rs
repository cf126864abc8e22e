//! What a chat accepts as a file: images (PNG, JPEG, GIF, WebP), PDF and plain text, the
//! type read from the bytes (never from the name), a claimed type that must agree with
//! them, a size limit, and a file name safe anywhere it is shown or sent back.

/// The kinds of file a chat takes, as recognised from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    Text,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn from_mime(mime: &str) -> Option<FileKind> {
        let essence = mime
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        Some(match essence.as_str() {
            "image/png" => FileKind::Png,
            "image/jpeg" | "image/jpg" | "image/pjpeg" => FileKind::Jpeg,
            "image/gif" => FileKind::Gif,
            "image/webp" => FileKind::Webp,
            "application/pdf" => FileKind::Pdf,
            "text/plain" => FileKind::Text,
            _ => return None,
        })
    }

    /// Shown inline (as a thumbnail); everything else is a download.
    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp
        )
    }
}

/// What the bytes are, if they are one of the kinds a chat takes. Text is UTF-8 without
/// NUL or other control characters besides tab and line breaks (so no HTML-sniffing
/// browser, mail client or viewer gets a binary or a script in disguise as one).
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(FileKind::Gif);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(FileKind::Webp);
    }
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let clean = !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{0c}'));
    clean.then_some(FileKind::Text)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    Empty,
    TooLarge {
        max_bytes: u64,
    },
    /// Not an image, PDF or plain text.
    UnsupportedType,
    /// The bytes are not what the upload said they were.
    Mismatch {
        claimed: String,
    },
}

impl FileRefusal {
    pub fn message(&self) -> String {
        match self {
            FileRefusal::Empty => "The file is empty.".into(),
            FileRefusal::TooLarge { max_bytes } => {
                format!("Files can be {} at most.", size_label(*max_bytes))
            }
            FileRefusal::UnsupportedType => {
                "Only images (PNG, JPEG, GIF, WebP), PDF and plain text files can be sent."
                    .into()
            }
            FileRefusal::Mismatch { .. } => {
                "The file's content does not match its type. Only real images, PDF and text files can be sent."
                    .into()
            }
        }
    }
}

/// Checks an upload: its size, what its bytes are, and that they agree with the type the
/// sender claimed (a browser's guess from the name; none or `application/octet-stream`
/// claims nothing).
pub fn check(claimed: Option<&str>, bytes: &[u8], max_bytes: u64) -> Result<FileKind, FileRefusal> {
    if bytes.is_empty() {
        return Err(FileRefusal::Empty);
    }
    if bytes.len() as u64 > max_bytes {
        return Err(FileRefusal::TooLarge { max_bytes });
    }
    let claimed = claimed
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("application/octet-stream"));
    let sniffed = sniff(bytes);
    match (claimed, sniffed) {
        (None, Some(kind)) => Ok(kind),
        (None, None) => Err(FileRefusal::UnsupportedType),
        (Some(c), sniffed) => match (FileKind::from_mime(c), sniffed) {
            (None, _) => Err(FileRefusal::UnsupportedType),
            (Some(said), Some(is)) if said == is => Ok(is),
            (Some(_), _) => Err(FileRefusal::Mismatch {
                claimed: c.chars().take(100).collect(),
            }),
        },
    }
}

/// A file name as shown and as sent back in `Content-Disposition`: the last path part, no
/// control or bidirectional-override characters, at most 120 characters (keeping the
/// extension), never empty.
pub fn safe_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_format_char(*c))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        return "file".into();
    }
    const MAX: usize = 120;
    if trimmed.chars().count() <= MAX {
        return trimmed.to_string();
    }
    match trimmed.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.chars().count() <= 10 => {
            let keep = MAX - ext.chars().count() - 1;
            format!("{}.{ext}", stem.chars().take(keep).collect::<String>())
        }
        _ => trimmed.chars().take(MAX).collect(),
    }
}

/// Invisible characters that reorder or hide text (`evil\u{202e}gnp.exe`).
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `Content-Disposition` for a download of `name`: an ASCII fallback and the UTF-8 name
/// percent-encoded (RFC 6266 / 8187); nothing in the name can end the header or add one.
pub fn content_disposition(inline: bool, name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%' | ';') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(b) {
            encoded.push(*b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// "512 B", "14 KB", "2.5 MB".
pub fn size_label(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const MB: u64 = 1024 * 1024;

    #[test]
    fn sniffs_the_kinds_a_chat_takes() {
        assert_eq!(sniff(PNG), Some(FileKind::Png));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(sniff(b"GIF89a\x01\0"), Some(FileKind::Gif));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some(FileKind::Pdf));
        assert_eq!(
            sniff("Order #12\r\nDéjà vu\tok".as_bytes()),
            Some(FileKind::Text)
        );
        assert_eq!(sniff(b"MZ\x90\0\x03\0"), None, "an executable");
        assert_eq!(sniff(b"text with a NUL\0"), None);
        assert_eq!(sniff(&[0xC3, 0x28]), None, "not UTF-8");
        assert_eq!(sniff(b"PK\x03\x04"), None, "a zip");
    }

    #[test]
    fn an_html_or_svg_file_is_text_only_if_claimed_as_nothing_else() {
        // HTML is valid text: it is stored as text/plain and served as a download with
        // nosniff, so no browser renders it. Claiming it is HTML or SVG is refused.
        let html = b"<script>alert(1)</script>";
        assert_eq!(check(None, html, MB), Ok(FileKind::Text));
        assert_eq!(
            check(Some("text/html"), html, MB),
            Err(FileRefusal::UnsupportedType)
        );
        assert_eq!(
            check(Some("image/svg+xml"), b"<svg onload=alert(1)>", MB),
            Err(FileRefusal::UnsupportedType)
        );
    }

    #[test]
    fn the_claimed_type_must_match_the_bytes() {
        assert_eq!(check(Some("image/png"), PNG, MB), Ok(FileKind::Png));
        assert_eq!(
            check(Some("application/octet-stream"), PNG, MB),
            Ok(FileKind::Png)
        );
        assert_eq!(
            check(Some("image/png"), b"%PDF-1.4", MB),
            Err(FileRefusal::Mismatch {
                claimed: "image/png".into()
            })
        );
        assert_eq!(
            check(Some("application/pdf"), b"MZ\x90\0", MB),
            Err(FileRefusal::Mismatch {
                claimed: "application/pdf".into()
            })
        );
        assert_eq!(
            check(Some("application/zip"), b"PK\x03\x04", MB),
            Err(FileRefusal::UnsupportedType)
        );
    }

    #[test]
    fn size_limits() {
        assert_eq!(check(None, b"", MB), Err(FileRefusal::Empty));
        let big = vec![b'a'; (MB + 1) as usize];
        assert_eq!(
            check(None, &big, MB),
            Err(FileRefusal::TooLarge { max_bytes: MB })
        );
        assert_eq!(
            FileRefusal::TooLarge { max_bytes: 10 * MB }.message(),
            "Files can be 10 MB at most."
        );
        assert_eq!(check(None, &big[..MB as usize], MB), Ok(FileKind::Text));
    }

    #[test]
    fn names_are_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\vi\\photo.png"), "photo.png");
        assert_eq!(safe_name("a\r\nX-Evil: 1.txt"), "aX-Evil: 1.txt");
        assert_eq!(safe_name("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(safe_name("   "), "file");
        assert_eq!(safe_name(".htaccess"), "htaccess");
        let long = format!("{}.pdf", "x".repeat(300));
        let cut = safe_name(&long);
        assert_eq!(cut.chars().count(), 120);
        assert!(cut.ends_with(".pdf"));
    }

    #[test]
    fn content_disposition_cannot_be_broken_out_of() {
        assert_eq!(
            content_disposition(false, "report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        let header = content_disposition(true, "Ünïcode \"q\";x.png");
        assert_eq!(
            header,
            "inline; filename=\"_n_code _q__x.png\"; filename*=UTF-8''%C3%9Cn%C3%AFcode%20%22q%22%3Bx.png"
        );
        assert!(!header.contains('\r') && !header.contains('\n'));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(14 * 1024), "14 KB");
        assert_eq!(size_label(10 * MB), "10 MB");
        assert_eq!(size_label(5 * MB / 2), "2.5 MB");
    }
}
