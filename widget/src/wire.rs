//! The protocol's JSON, read and written without serde.
//!
//! serde_json with the protocol's derives cost about 40 KB gzip of the widget's 100 KB
//! budget (the JSON parser, serde's buffering of internally tagged enums, float formatting
//! in error messages). The browser already parses JSON (`JSON.parse`), so the widget reads
//! the parsed value field by field into the `protocol` types, and writes its few request
//! bodies by hand. Tests check both directions against the protocol's serde derives.

use protocol::visitor::{
    Availability, ErrorBody, OfflineMessage, OfflineReceipt, OutsideHours, RateChat, Rating,
    SendMessage, ServerFrame, SessionState, StartChat, Started, VisitorSession,
};
use protocol::{FileRef, Message, Sender, SessionStatus};

/// A parsed JSON value: `JsValue` in the browser, `serde_json::Value` in tests.
pub trait Json: Sized {
    /// The member `key` of an object; `None` when absent (or not an object).
    fn field(&self, key: &str) -> Option<Self>;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    fn is_null(&self) -> bool;
    fn items(&self) -> Option<Vec<Self>>;
}

fn string<J: Json>(v: &J, key: &str) -> Option<String> {
    v.field(key)?.string()
}

fn int<J: Json>(v: &J, key: &str) -> Option<i64> {
    let n = v.field(key)?.number()?;
    (n.fract() == 0.0).then_some(n as i64)
}

fn boolean<J: Json>(v: &J, key: &str) -> Option<bool> {
    v.field(key)?.boolean()
}

/// An optional member: absent or `null` is `Some(None)`, the wrong type is `None`.
fn optional<J: Json, T>(v: &J, key: &str, read: impl Fn(&J) -> Option<T>) -> Option<Option<T>> {
    match v.field(key) {
        None => Some(None),
        Some(x) if x.is_null() => Some(None),
        Some(x) => read(&x).map(Some),
    }
}

fn opt_string<J: Json>(v: &J, key: &str) -> Option<Option<String>> {
    optional(v, key, J::string)
}

fn opt_int<J: Json>(v: &J, key: &str) -> Option<Option<i64>> {
    optional(v, key, |x| {
        let n = x.number()?;
        (n.fract() == 0.0).then_some(n as i64)
    })
}

pub fn message<J: Json>(v: &J) -> Option<Message> {
    Some(Message {
        seq: int(v, "seq")?,
        sender: Sender::parse(&string(v, "sender")?)?,
        author: opt_string(v, "author")?,
        text: string(v, "text")?,
        client_id: opt_string(v, "client_id")?,
        created_at: int(v, "created_at")?,
        file: optional(v, "file", file_ref)?,
    })
}

fn file_ref<J: Json>(v: &J) -> Option<FileRef> {
    Some(FileRef {
        id: string(v, "id")?,
        name: string(v, "name")?,
        content_type: string(v, "content_type")?,
        size: int(v, "size")?,
    })
}

fn messages<J: Json>(v: &J, key: &str) -> Option<Vec<Message>> {
    v.field(key)?.items()?.iter().map(message).collect()
}

pub fn session<J: Json>(v: &J) -> Option<VisitorSession> {
    Some(VisitorSession {
        id: string(v, "id")?,
        status: SessionStatus::parse(&string(v, "status")?)?,
        visitor_name: string(v, "visitor_name")?,
        visitor_email: opt_string(v, "visitor_email")?,
        agent_name: opt_string(v, "agent_name")?,
        created_at: int(v, "created_at")?,
        accepted_at: opt_int(v, "accepted_at")?,
        closed_at: opt_int(v, "closed_at")?,
        queue_position: opt_int(v, "queue_position")?.map(|n| n.clamp(0, u32::MAX.into()) as u32),
        offer_email_at: opt_int(v, "offer_email_at")?,
        rating: opt_string(v, "rating")?.and_then(|r| Rating::parse(&r)),
    })
}

pub fn started<J: Json>(v: &J) -> Option<Started> {
    Some(Started {
        token: string(v, "token")?,
        session: session(&v.field("session")?)?,
        messages: messages(v, "messages")?,
        agents_available: boolean(v, "agents_available")?,
    })
}

pub fn session_state<J: Json>(v: &J) -> Option<SessionState> {
    Some(SessionState {
        session: session(&v.field("session")?)?,
        messages: messages(v, "messages")?,
        agents_available: boolean(v, "agents_available")?,
    })
}

pub fn availability<J: Json>(v: &J) -> Option<Availability> {
    Some(Availability {
        agents_available: boolean(v, "agents_available")?,
        open: optional(v, "open", J::boolean)?.unwrap_or(true),
        outside_hours: opt_string(v, "outside_hours")?
            .and_then(|s| OutsideHours::parse(&s))
            .unwrap_or_default(),
        transcript_email: optional(v, "transcript_email", J::boolean)?.unwrap_or(false),
    })
}

fn retry_after<J: Json>(v: &J) -> Option<Option<u64>> {
    Some(opt_int(v, "retry_after_secs")?.and_then(|n| u64::try_from(n).ok()))
}

pub fn error_body<J: Json>(v: &J) -> Option<ErrorBody> {
    Some(ErrorBody {
        code: string(v, "code")?,
        message: string(v, "message")?,
        field: opt_string(v, "field")?,
        retry_after_secs: retry_after(v)?,
    })
}

/// A live frame; `None` for a malformed frame or a `type` this widget does not know.
pub fn server_frame<J: Json>(v: &J) -> Option<ServerFrame> {
    Some(match string(v, "type")?.as_str() {
        "ready" => ServerFrame::Ready {
            session: session(&v.field("session")?)?,
            agents_available: boolean(v, "agents_available")?,
        },
        "message" => ServerFrame::Message {
            message: message(&v.field("message")?)?,
        },
        "session" => ServerFrame::Session {
            session: session(&v.field("session")?)?,
        },
        "typing" => ServerFrame::Typing {
            typing: boolean(v, "typing")?,
            name: opt_string(v, "name")?,
        },
        "pong" => ServerFrame::Pong,
        "sent" => ServerFrame::Sent {
            client_id: string(v, "client_id")?,
            message: message(&v.field("message")?)?,
        },
        "not_sent" => ServerFrame::NotSent {
            client_id: string(v, "client_id")?,
            code: string(v, "code")?,
            message: string(v, "message")?,
            retry_after_secs: retry_after(v)?,
        },
        "error" => ServerFrame::Error {
            code: string(v, "code")?,
            message: string(v, "message")?,
        },
        _ => return None,
    })
}

/// Writes a JSON object member by member.
struct Writer(String);

impl Writer {
    fn new() -> Self {
        Writer(String::from("{"))
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_string(&mut self.0, key);
        self.0.push(':');
    }

    fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        push_string(&mut self.0, value);
        self
    }

    fn opt_string(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.string(key, v),
            None => self,
        }
    }

    fn raw(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        self.0.push_str(value);
        self
    }

    fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Appends `s` as a JSON string literal.
fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn start_chat_json(body: &StartChat) -> String {
    Writer::new()
        .string("name", &body.name)
        .opt_string("email", body.email.as_deref())
        .string("message", &body.message)
        .string("client_id", &body.client_id)
        .opt_string("page_url", body.page_url.as_deref())
        .opt_string("time_zone", body.time_zone.as_deref())
        .finish()
}

pub fn offline_message_json(body: &OfflineMessage) -> String {
    Writer::new()
        .string("name", &body.name)
        .string("email", &body.email)
        .string("message", &body.message)
        .finish()
}

pub fn leave_email_json(email: &str) -> String {
    Writer::new().string("email", email).finish()
}

pub fn transcript_queued<J: Json>(v: &J) -> Option<String> {
    string(v, "email")
}

pub fn offline_receipt<J: Json>(v: &J) -> Option<OfflineReceipt> {
    Some(OfflineReceipt {
        ticket_number: int(v, "ticket_number")?,
    })
}

pub fn rate_chat_json(body: &RateChat) -> String {
    Writer::new()
        .string("rating", body.rating.as_str())
        .opt_string("comment", body.comment.as_deref())
        .finish()
}

pub fn send_message_json(body: &SendMessage) -> String {
    Writer::new()
        .string("client_id", &body.client_id)
        .string("text", &body.text)
        .finish()
}

/// The live socket's `send` frame: a message, with the rules of [`send_message_json`].
pub fn send_frame_json(client_id: &str, text: &str) -> String {
    Writer::new()
        .string("type", "send")
        .string("client_id", client_id)
        .string("text", text)
        .finish()
}

pub fn typing_json(typing: bool) -> String {
    Writer::new()
        .raw("typing", if typing { "true" } else { "false" })
        .finish()
}

pub fn hello_json(token: &str, after: i64) -> String {
    Writer::new()
        .string("type", "hello")
        .string("token", token)
        .raw("after", &after.to_string())
        .finish()
}

pub const PING_JSON: &str = r#"{"type":"ping"}"#;

#[cfg(target_arch = "wasm32")]
impl Json for wasm_bindgen::JsValue {
    fn field(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        js_sys::Reflect::get(self, &wasm_bindgen::JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }
    fn string(&self) -> Option<String> {
        self.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_null(&self) -> bool {
        wasm_bindgen::JsValue::is_null(self)
    }
    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).iter().collect())
    }
}

/// Parses JSON text with the browser's parser.
#[cfg(target_arch = "wasm32")]
pub fn parse(text: &str) -> Option<wasm_bindgen::JsValue> {
    js_sys::JSON::parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::visitor::{ClientFrame, Typing};
    use serde_json::Value;

    impl Json for Value {
        fn field(&self, key: &str) -> Option<Self> {
            self.as_object()?.get(key).cloned()
        }
        fn string(&self) -> Option<String> {
            self.as_str().map(Into::into)
        }
        fn number(&self) -> Option<f64> {
            self.as_f64()
        }
        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }
        fn is_null(&self) -> bool {
            Value::is_null(self)
        }
        fn items(&self) -> Option<Vec<Self>> {
            self.as_array().cloned()
        }
    }

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    const SESSION: &str = r#"{"id":"7yq3Jx0bRk2cQf1pW9sLzA","status":"active","visitor_name":"Vi Visitor","visitor_email":null,"agent_name":"Ada Lovelace","created_at":1795999500000,"accepted_at":1795999510000,"closed_at":null}"#;
    const MESSAGE: &str = r#"{"seq":2,"sender":"system","author":null,"text":"Ada Lovelace joined","client_id":null,"created_at":1795999510000}"#;

    /// Every frame the protocol documents reads the same as with serde.
    #[test]
    fn frames_read_like_serde() {
        let frames = [
            format!(
                r#"{{"type":"ready","session":{SESSION},"agents_available":true}}"#
            ),
            format!(r#"{{"type":"message","message":{MESSAGE}}}"#),
            r#"{"type":"message","message":{"seq":5,"sender":"agent","author":"Ada","text":"Found it: https://x.example/a?b=1 \"ok\"\n","client_id":"a-77","created_at":1795999600000}}"#.to_string(),
            format!(r#"{{"type":"session","session":{SESSION}}}"#),
            r#"{"type":"typing","typing":true,"name":"Ada Lovelace"}"#.to_string(),
            r#"{"type":"typing","typing":false,"name":null}"#.to_string(),
            r#"{"type":"typing","typing":false}"#.to_string(),
            r#"{"type":"pong"}"#.to_string(),
            r#"{"type":"error","code":"unauthorized","message":"This chat is no longer available."}"#.to_string(),
            r#"{"type":"sent","client_id":"w-1","message":{"seq":6,"sender":"visitor","author":"Vi Visitor","text":"Thanks \"a lot\"","client_id":"w-1","created_at":1795999700000}}"#.to_string(),
            r#"{"type":"not_sent","client_id":"w-2","code":"rate_limited","message":"You're sending messages too fast.","retry_after_secs":2}"#.to_string(),
            r#"{"type":"not_sent","client_id":"w-3","code":"conflict","message":"This chat has ended."}"#.to_string(),
            r#"{"type":"not_sent","client_id":"w-4","code":"unavailable","message":"Try again.","retry_after_secs":null}"#.to_string(),
        ];
        for text in frames {
            let expected: ServerFrame = serde_json::from_str(&text).unwrap();
            assert_eq!(server_frame(&json(&text)), Some(expected), "{text}");
        }
    }

    #[test]
    fn answers_read_like_serde() {
        let started_text = format!(
            r#"{{"token":"Yk8a","session":{SESSION},"messages":[{MESSAGE}],"agents_available":false}}"#
        );
        let expected: Started = serde_json::from_str(&started_text).unwrap();
        assert_eq!(started(&json(&started_text)), Some(expected));

        let state_text =
            format!(r#"{{"session":{SESSION},"messages":[],"agents_available":true}}"#);
        let expected: SessionState = serde_json::from_str(&state_text).unwrap();
        assert_eq!(session_state(&json(&state_text)), Some(expected));

        for avail in [
            r#"{"agents_available":false}"#,
            r#"{"agents_available":true,"open":false,"outside_hours":"hide","transcript_email":true}"#,
        ] {
            let expected: Availability = serde_json::from_str(avail).unwrap();
            assert_eq!(availability(&json(avail)), Some(expected));
        }

        let with_file = r#"{"seq":3,"sender":"agent","author":"Ann","text":"guide.pdf","client_id":"a-1","created_at":5,"file":{"id":"Fk2","name":"guide.pdf","content_type":"application/pdf","size":2048}}"#;
        let expected: Message = serde_json::from_str(with_file).unwrap();
        assert!(expected.file.is_some());
        assert_eq!(message(&json(with_file)), Some(expected));

        for text in [
            r#"{"code":"validation","field":"email","message":"Enter an email address like name@example.com."}"#,
            r#"{"code":"rate_limited","message":"Slow down.","retry_after_secs":30}"#,
        ] {
            let expected: ErrorBody = serde_json::from_str(text).unwrap();
            assert_eq!(error_body(&json(text)), Some(expected));
        }
    }

    #[test]
    fn malformed_or_unknown_input_is_refused() {
        for text in [
            r#"{"type":"ready"}"#,
            r#"{"type":"brand_new_frame"}"#,
            r#"{"type":"message","message":{"seq":"1"}}"#,
            r#"{"type":"message","message":{"seq":1.5,"sender":"agent","author":null,"text":"x","client_id":null,"created_at":1}}"#,
            r#"{"type":"session","session":{"id":"x","status":"paused"}}"#,
            r#"{"type":"sent","client_id":"w-1"}"#,
            r#"{"type":"sent","message":{"seq":6,"sender":"visitor","author":null,"text":"x","client_id":"w-1","created_at":1}}"#,
            r#"{"type":"not_sent","client_id":"w-2","message":"No code."}"#,
            r#"{"type":"not_sent","client_id":"w-2","code":"rate_limited","message":"x","retry_after_secs":"2"}"#,
            r#"[]"#,
            r#"null"#,
        ] {
            assert_eq!(server_frame(&json(text)), None, "{text}");
        }
    }

    #[test]
    fn bodies_written_like_serde() {
        let start = StartChat {
            name: "Vi \"the\" Visitor\\".into(),
            email: None,
            message: "Line 1\nLine 2\t\u{1}é😀".into(),
            client_id: "w-abc".into(),
            page_url: Some("https://shop.example.com/orders/1234".into()),
            time_zone: Some("America/Argentina/Buenos_Aires".into()),
        };
        let written: StartChat = serde_json::from_str(&start_chat_json(&start)).unwrap();
        assert_eq!(written, start);

        let send = SendMessage {
            client_id: "w-1".into(),
            text: "</script><b>hi</b>".into(),
        };
        let written: SendMessage = serde_json::from_str(&send_message_json(&send)).unwrap();
        assert_eq!(written, send);

        for rate in [
            RateChat {
                rating: Rating::Good,
                comment: Some("Fast \"and\" kind\n👍".into()),
            },
            RateChat {
                rating: Rating::Bad,
                comment: None,
            },
        ] {
            let written: RateChat = serde_json::from_str(&rate_chat_json(&rate)).unwrap();
            assert_eq!(written, rate);
        }

        for typing in [true, false] {
            let written: Typing = serde_json::from_str(&typing_json(typing)).unwrap();
            assert_eq!(written, Typing { typing });
        }

        let written: ClientFrame = serde_json::from_str(&hello_json("tok\"en", 42)).unwrap();
        assert_eq!(
            written,
            ClientFrame::Hello {
                token: "tok\"en".into(),
                after: 42
            }
        );
        let written: ClientFrame =
            serde_json::from_str(&send_frame_json("w-1", "Line 1\n\"quoted\" é😀\u{7}")).unwrap();
        assert_eq!(
            written,
            ClientFrame::Send {
                client_id: "w-1".into(),
                text: "Line 1\n\"quoted\" é😀\u{7}".into()
            }
        );
        let ping: ClientFrame = serde_json::from_str(PING_JSON).unwrap();
        assert_eq!(ping, ClientFrame::Ping);
    }
}
