//! Light message formatting: **bold**, *italic* or _italic_, `code`, ``` code blocks ```,
//! links and @mentions. Parsed into plain pieces a UI renders as elements with text inside:
//! nothing here is ever HTML.
use protocol::linkify;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Code(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Bold(String),
    Italic(String),
    Code(String),
    Link(String),
    Mention(String),
}

pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find("```") {
            Some(start) => {
                let after = &rest[start + 3..];
                match after.find("```") {
                    Some(end) => {
                        push_paragraph(&mut blocks, &rest[..start]);
                        let code = after[..end].strip_prefix('\n').unwrap_or(&after[..end]);
                        blocks.push(Block::Code(code.trim_end_matches('\n').to_string()));
                        rest = &after[end + 3..];
                    }
                    None => {
                        push_paragraph(&mut blocks, rest);
                        rest = "";
                    }
                }
            }
            None => {
                push_paragraph(&mut blocks, rest);
                rest = "";
            }
        }
    }
    blocks
}

fn push_paragraph(blocks: &mut Vec<Block>, text: &str) {
    let text = text.trim_matches('\n');
    if !text.is_empty() {
        blocks.push(Block::Paragraph(inlines(text)));
    }
}

/// Inline markup; unmatched markers stay as text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let rest = &text[pos..];
        let at_word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let span = if rest.starts_with("**") {
            delimited(rest, "**").map(|(inner, len)| (Inline::Bold(inner.to_string()), len))
        } else if c == '`' {
            delimited(rest, "`").map(|(inner, len)| (Inline::Code(inner.to_string()), len))
        } else if (c == '*' || c == '_') && at_word_start {
            let marker = if c == '*' { "*" } else { "_" };
            delimited(rest, marker).map(|(inner, len)| (Inline::Italic(inner.to_string()), len))
        } else if c == '@' && at_word_start {
            let handle: String = rest[1..]
                .chars()
                .take_while(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'))
                .collect();
            let handle = handle.trim_end_matches('.').to_string();
            (!handle.is_empty()).then(|| (Inline::Mention(handle.to_lowercase()), 1 + handle.len()))
        } else {
            None
        };
        match span {
            Some((inline, len)) => {
                flush(&mut out, &mut plain);
                out.push(inline);
                let end = pos + len;
                while i < chars.len() && chars[i].0 < end {
                    i += 1;
                }
            }
            None => {
                plain.push(c);
                i += 1;
            }
        }
    }
    flush(&mut out, &mut plain);
    out
}

/// `marker…marker` at the start of `s` with non-empty, non-space-padded content on one line.
fn delimited<'a>(s: &'a str, marker: &str) -> Option<(&'a str, usize)> {
    let body = &s[marker.len()..];
    let end = body.find(marker)?;
    let inner = &body[..end];
    if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') || inner.contains('\n') {
        return None;
    }
    Some((inner, marker.len() * 2 + end))
}

/// Plain text to pieces, with links found.
fn flush(out: &mut Vec<Inline>, plain: &mut String) {
    if plain.is_empty() {
        return;
    }
    for seg in linkify::segments(plain) {
        match seg {
            linkify::Segment::Text(t) => out.push(Inline::Text(t.to_string())),
            linkify::Segment::Link(_) => out.push(Inline::Link(seg.href().unwrap_or_default())),
        }
    }
    plain.clear();
}

/// The distinct @handles in a message (code excluded).
pub fn mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = parse(text)
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Code(_) => None,
        })
        .flatten()
        .filter_map(|i| match i {
            Inline::Mention(h) => Some(h),
            _ => None,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::Inline::*;
    use super::*;

    #[test]
    fn inline_markup() {
        assert_eq!(
            inlines("a **bold** and *it* and _it2_ `x<y>`"),
            vec![
                Text("a ".into()),
                Bold("bold".into()),
                Text(" and ".into()),
                Italic("it".into()),
                Text(" and ".into()),
                Italic("it2".into()),
                Text(" ".into()),
                Code("x<y>".into()),
            ]
        );
    }

    #[test]
    fn unmatched_or_mid_word_markers_stay_text() {
        assert_eq!(
            inlines("2*3*4 snake_case_name **open"),
            vec![Text("2*3*4 snake_case_name **open".into())]
        );
        assert_eq!(
            inlines("* not italic *"),
            vec![Text("* not italic *".into())]
        );
    }

    #[test]
    fn links_and_mentions() {
        assert_eq!(
            inlines("ask @Bob.B. see https://x.example/a."),
            vec![
                Text("ask ".into()),
                Mention("bob.b".into()),
                Text(". see ".into()),
                Link("https://x.example/a".into()),
                Text(".".into()),
            ]
        );
        assert_eq!(
            inlines("mail ann@acme.example"),
            vec![Text("mail ann@acme.example".into())]
        );
    }

    #[test]
    fn code_blocks() {
        assert_eq!(
            parse("before\n```\nfn main() {}\n<b>\n```\nafter **x**"),
            vec![
                Block::Paragraph(vec![Text("before".into())]),
                Block::Code("fn main() {}\n<b>".into()),
                Block::Paragraph(vec![Text("after ".into()), Bold("x".into())]),
            ]
        );
        assert_eq!(
            parse("``` unclosed"),
            vec![Block::Paragraph(vec![Text("``` unclosed".into())])]
        );
    }

    #[test]
    fn html_is_text() {
        assert_eq!(
            inlines("<script>alert(1)</script>"),
            vec![Text("<script>alert(1)</script>".into())]
        );
    }

    #[test]
    fn mention_list() {
        assert_eq!(
            mentions("@ann and @bob and @ann `@code`\n```\n@block\n```"),
            vec!["ann", "bob"]
        );
    }
}
