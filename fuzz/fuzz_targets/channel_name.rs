//! `app::domain::channel_input`: channel and folder names, descriptions and @handles.
//!
//! Properties: no panic; an accepted channel name is 1–80 characters of `[a-z0-9_-]` and
//! parsing it again (also with a `#` in front, or upper-cased) gives the same name; a
//! refusal names the field. A folder name is 1–60 characters, trimmed, single-spaced, its
//! key is its lower-case form, and parsing it again gives the same pair. A description is at
//! most 250 characters, single-spaced and idempotent. A handle has no `@`, is the lower-cased
//! part of the address before the first `@`, and is its own handle.
#![no_main]

use app::domain::channel_input::{
    channel_name, description, folder_name, handle, CHANNEL_NAME_MAX, DESCRIPTION_MAX,
    FOLDER_NAME_MAX,
};
use libfuzzer_sys::fuzz_target;

fn single_spaced(what: &str, s: &str) {
    assert_eq!(s, s.trim(), "{what} {s:?} is not trimmed");
    assert!(!s.contains("  "), "{what} {s:?} has a double space");
    assert!(
        !s.chars().any(|c| c.is_whitespace() && c != ' '),
        "{what} {s:?} has whitespace other than a space"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };

    match channel_name(raw) {
        Ok(name) => {
            assert!(!name.is_empty(), "empty channel name from {raw:?}");
            assert!(
                name.chars().count() <= CHANNEL_NAME_MAX,
                "{name:?} is too long"
            );
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'),
                "channel name {name:?} from {raw:?} has a character outside [a-z0-9_-]"
            );
            assert_eq!(channel_name(&name).as_ref(), Ok(&name), "not idempotent");
            assert_eq!(channel_name(&format!("#{name}")).as_ref(), Ok(&name));
            assert_eq!(channel_name(&name.to_uppercase()).as_ref(), Ok(&name));
        }
        Err(e) => assert_eq!(e.field(), Some("name")),
    }

    match folder_name(raw) {
        Ok((name, key)) => {
            assert!(!name.is_empty());
            assert!(
                name.chars().count() <= FOLDER_NAME_MAX,
                "{name:?} is too long"
            );
            single_spaced("folder name", &name);
            assert_eq!(key, name.to_lowercase());
            assert_eq!(
                folder_name(&name).as_ref(),
                Ok(&(name.clone(), key.clone())),
                "not idempotent"
            );
        }
        Err(e) => assert_eq!(e.field(), Some("name")),
    }

    match description(raw) {
        Ok(d) => {
            assert!(d.chars().count() <= DESCRIPTION_MAX, "{d:?} is too long");
            single_spaced("description", &d);
            assert_eq!(description(&d).as_ref(), Ok(&d), "not idempotent");
        }
        Err(e) => assert_eq!(e.field(), Some("description")),
    }

    let h = handle(raw);
    assert!(!h.contains('@'), "handle {h:?} has an '@'");
    let local = raw.split('@').next().unwrap_or_default();
    assert_eq!(h, local.to_lowercase());
    assert!(raw.starts_with(local));
    assert_eq!(handle(&h), h, "a handle is not its own handle");
});
