//! Settings → Widget: the widget's colour, title, greeting and corner on customer sites,
//! the defaults the loader (`widget.js`) is served with, and the embed snippet. A script
//! tag's `data-` attributes still override each one.
use serde::{Deserialize, Serialize};

use crate::domain::validation;
use crate::error::AppError;

pub const TITLE_MAX: usize = 60;
pub const GREETING_MAX: usize = 300;
/// Where the loader's template takes the server's look (`var look = {/*look*/};`).
pub const LOADER_MARKER: &str = "{/*look*/}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WidgetPosition {
    #[default]
    Right,
    Left,
}

impl WidgetPosition {
    pub fn as_str(self) -> &'static str {
        match self {
            WidgetPosition::Right => "right",
            WidgetPosition::Left => "left",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "right" => Some(WidgetPosition::Right),
            "left" => Some(WidgetPosition::Left),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WidgetPosition::Right => "Bottom right",
            WidgetPosition::Left => "Bottom left",
        }
    }
}

/// How the widget looks, valid by construction (`parse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLook {
    /// `#rrggbb`, lower case.
    pub color: String,
    pub title: String,
    pub greeting: String,
    pub position: WidgetPosition,
}

impl Default for WidgetLook {
    fn default() -> Self {
        Self {
            color: "#2f5bea".into(),
            title: "Chat with us".into(),
            greeting: "Hi! How can we help?".into(),
            position: WidgetPosition::Right,
        }
    }
}

impl WidgetLook {
    /// From the Settings → Widget form; each refusal names its field.
    pub fn parse(
        color: &str,
        title: &str,
        greeting: &str,
        position: &str,
    ) -> Result<Self, AppError> {
        let color = parse_color(color)
            .ok_or_else(|| AppError::validation("color", "Pick a colour like #2f5bea."))?;
        let title = short_text("title", "Title", title, TITLE_MAX)?;
        let greeting = short_text("greeting", "Greeting", greeting, GREETING_MAX)?;
        let position = WidgetPosition::parse(position.trim())
            .ok_or_else(|| AppError::validation("position", "Pick bottom right or bottom left."))?;
        Ok(Self {
            color,
            title,
            greeting,
            position,
        })
    }

    /// A stored row, read back leniently: a field that no longer parses takes its default.
    pub fn from_stored(color: &str, title: &str, greeting: &str, position: &str) -> Self {
        let d = Self::default();
        Self {
            color: parse_color(color).unwrap_or(d.color),
            title: short_text("title", "", title, TITLE_MAX).unwrap_or(d.title),
            greeting: short_text("greeting", "", greeting, GREETING_MAX).unwrap_or(d.greeting),
            position: WidgetPosition::parse(position).unwrap_or(d.position),
        }
    }

    /// The text colour on the widget's colour: white or dark, whichever contrasts more
    /// (WCAG relative luminance; the loader makes the same choice for any CSS colour).
    pub fn ink(&self) -> &'static str {
        let channel = |i: usize| {
            let v = u8::from_str_radix(&self.color[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
            let c = f64::from(v) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let lum = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
        if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.067 {
            "#fff"
        } else {
            "#1f2430"
        }
    }

    /// The look as a JavaScript object literal for the loader: JSON, with every character
    /// that could end a script or a line in older parsers escaped.
    pub fn as_script_value(&self) -> String {
        let json = serde_json::json!({
            "color": self.color,
            "title": self.title,
            "greeting": self.greeting,
            "position": self.position.as_str(),
        })
        .to_string();
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        out
    }

    /// The loader as served: its template with this look in place of the marker (a
    /// template without the marker is served as it is).
    pub fn loader_source(&self, template: &str) -> String {
        template.replacen(LOADER_MARKER, &self.as_script_value(), 1)
    }
}

/// `#rgb` or `#rrggbb` (any case, trimmed) as `#rrggbb` in lower case.
pub fn parse_color(raw: &str) -> Option<String> {
    let hex = raw.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    Some(format!("#{}", full.to_ascii_lowercase()))
}

/// Trimmed, one line (line breaks and tabs become spaces: the widget shows one paragraph).
fn short_text(field: &str, label: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let one_line: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    validation::short_text(field, label, &one_line, max)
}

/// The chat server's address as a customer site must write it, from the `Host` this page
/// was asked for; `None` when that does not look like a host name (and port).
pub fn origin_from(host: &str, secure: bool) -> Option<String> {
    let ok = !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let scheme = if secure { "https" } else { "http" };
    ok.then(|| format!("{scheme}://{host}"))
}

/// The one tag a customer pastes into their site.
pub fn snippet(origin: &str) -> String {
    format!("<script src=\"{origin}/widget.js\" async></script>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_hex_only() {
        assert_eq!(parse_color(" #2F5BEA ").as_deref(), Some("#2f5bea"));
        assert_eq!(parse_color("#abc").as_deref(), Some("#aabbcc"));
        for bad in [
            "2f5bea",
            "#2f5be",
            "red",
            "#12345g",
            "#fff;background:url(x)",
            "",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_refusal_names_its_field() {
        let field = |r: Result<WidgetLook, AppError>| r.unwrap_err().field().map(str::to_string);
        assert_eq!(
            field(WidgetLook::parse("blue", "Hi", "Hello", "right")).as_deref(),
            Some("color")
        );
        assert_eq!(
            field(WidgetLook::parse("#000", " ", "Hello", "right")).as_deref(),
            Some("title")
        );
        let long = "x".repeat(GREETING_MAX + 1);
        assert_eq!(
            field(WidgetLook::parse("#000", "Hi", &long, "right")).as_deref(),
            Some("greeting")
        );
        assert_eq!(
            field(WidgetLook::parse("#000", "Hi\u{202e}", "Hello", "right")).as_deref(),
            Some("title")
        );
        assert_eq!(
            field(WidgetLook::parse("#000", "Hi", "Hello", "top")).as_deref(),
            Some("position")
        );
        let two_lines =
            WidgetLook::parse("#000", "Hi", "Hello!\r\nHow can we help?\n", "right").unwrap();
        assert_eq!(two_lines.greeting, "Hello!  How can we help?");
        let ok = WidgetLook::parse("#0F766E", " Talk to us ", "Hello", "left").unwrap();
        assert_eq!(
            (ok.color.as_str(), ok.title.as_str(), ok.position),
            ("#0f766e", "Talk to us", WidgetPosition::Left)
        );
    }

    #[test]
    fn a_bad_stored_field_falls_back_alone() {
        let look = WidgetLook::from_stored("nope", "Support", "", "left");
        assert_eq!(look.color, WidgetLook::default().color);
        assert_eq!(look.title, "Support");
        assert_eq!(look.greeting, WidgetLook::default().greeting);
        assert_eq!(look.position, WidgetPosition::Left);
    }

    #[test]
    fn ink_contrasts_like_the_loader() {
        let on = |c: &str| {
            WidgetLook {
                color: c.into(),
                ..WidgetLook::default()
            }
            .ink()
        };
        assert_eq!(on("#0f766e"), "#fff");
        assert_eq!(on("#fde047"), "#1f2430");
        assert_eq!(on("#2f5bea"), "#fff");
        assert_eq!(on("#ffffff"), "#1f2430");
    }

    #[test]
    fn the_loader_gets_a_script_safe_value() {
        let look = WidgetLook {
            title: "</script><script>alert(1)</script>".into(),
            greeting: "a\u{2028}b & \"c\"".into(),
            ..WidgetLook::default()
        };
        let value = look.as_script_value();
        assert!(!value.contains('<') && !value.contains('>') && !value.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&value).unwrap();
        assert_eq!(back["title"], look.title);
        assert_eq!(back["greeting"], look.greeting);
        assert_eq!(back["position"], "right");
        let served = look.loader_source("var look = {/*look*/};\nvar x = 1;");
        assert!(served.starts_with("var look = {\"color\":\"#2f5bea\""));
        assert!(served.ends_with("};\nvar x = 1;"));
        assert_eq!(look.loader_source("no marker"), "no marker");
    }

    #[test]
    fn origins_come_from_plain_host_names() {
        assert_eq!(
            origin_from("help.example.com", true).as_deref(),
            Some("https://help.example.com")
        );
        assert_eq!(
            origin_from("127.0.0.1:3000", false).as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(origin_from("evil.com\"><script>", true), None);
        assert_eq!(origin_from("", true), None);
        assert_eq!(
            snippet("https://h"),
            "<script src=\"https://h/widget.js\" async></script>"
        );
    }
}
