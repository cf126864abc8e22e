//! Words and numbers the panel shows, built without `format!` machinery.

/// `09:05` from an hour and minute (local time, 24-hour: understood everywhere).
pub fn clock(hours: u32, minutes: u32) -> String {
    let mut s = String::with_capacity(5);
    push_two_digits(&mut s, hours);
    s.push(':');
    push_two_digits(&mut s, minutes);
    s
}

fn push_two_digits(s: &mut String, n: u32) {
    let n = n % 100;
    s.push(char::from(b'0' + (n / 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// "Ada is typing…"
pub fn typing_line(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 13);
    s.push_str(name);
    s.push_str(" is typing…");
    s
}

/// "Chatting with Ada"
pub fn chatting_with(name: &str) -> String {
    let mut s = String::from("Chatting with ");
    s.push_str(name);
    s
}

/// Appends `n` in decimal (digits by hand: `format!` would pull in the formatter).
fn push_number(s: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut v = n;
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for d in digits[..len].iter().rev() {
        s.push(char::from(*d));
    }
}

/// "You are number 3 in line"
pub fn place_in_line(n: u32) -> String {
    let mut s = String::from("You are number ");
    push_number(&mut s, n.into());
    s.push_str(" in line");
    s
}

/// "Thanks! Your message is ticket #42. We'll answer by email."
pub fn offline_receipt(ticket: i64) -> String {
    let mut s = String::from("Thanks! Your message is ticket #");
    push_number(&mut s, ticket.max(0) as u64);
    s.push_str(". We'll answer by email.");
    s
}

/// " (14 KB)", " (2.5 MB)", " (512 B)": a file's size after its name.
pub fn file_size(bytes: i64) -> String {
    let b = bytes.max(0) as u64;
    let mut s = String::from(" (");
    if b < 1024 {
        push_number(&mut s, b);
        s.push_str(" B");
    } else if b < 1024 * 1024 {
        push_number(&mut s, b.div_ceil(1024));
        s.push_str(" KB");
    } else {
        let tenths = (b * 10).div_ceil(1024 * 1024);
        push_number(&mut s, tenths / 10);
        if !tenths.is_multiple_of(10) {
            s.push('.');
            push_number(&mut s, tenths % 10);
        }
        s.push_str(" MB");
    }
    s.push(')');
    s
}

/// "We are sending the transcript to vi@example.com."
pub fn transcript_sent(to: &str) -> String {
    let mut s = String::from("We are sending the transcript to ");
    s.push_str(to);
    s.push('.');
    s
}

/// A whole number in decimal.
pub fn number(n: u64) -> String {
    let mut s = String::new();
    push_number(&mut s, n);
    s
}

/// The launcher badge: the unread count, "9+" past nine.
pub fn badge(unread: u32) -> String {
    if unread > 9 {
        "9+".into()
    } else {
        let mut s = String::new();
        s.push(char::from(b'0' + unread as u8));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_pads_to_two_digits() {
        assert_eq!(clock(9, 5), "09:05");
        assert_eq!(clock(23, 59), "23:59");
        assert_eq!(clock(0, 0), "00:00");
    }

    #[test]
    fn place_in_line_in_words() {
        assert_eq!(place_in_line(1), "You are number 1 in line");
        assert_eq!(place_in_line(30), "You are number 30 in line");
        assert_eq!(
            place_in_line(4_294_967_295),
            "You are number 4294967295 in line"
        );
    }

    #[test]
    fn sentences() {
        assert_eq!(typing_line("Ada"), "Ada is typing…");
        assert_eq!(chatting_with("Ada Lovelace"), "Chatting with Ada Lovelace");
        assert_eq!(badge(3), "3");
        assert_eq!(file_size(512), " (512 B)");
        assert_eq!(file_size(14 * 1024), " (14 KB)");
        assert_eq!(file_size(10 * 1024 * 1024), " (10 MB)");
        assert_eq!(file_size(5 * 1024 * 1024 / 2), " (2.5 MB)");
        assert_eq!(number(42), "42");
        assert_eq!(
            transcript_sent("vi@example.com"),
            "We are sending the transcript to vi@example.com."
        );
        assert_eq!(badge(12), "9+");
        assert_eq!(
            offline_receipt(42),
            "Thanks! Your message is ticket #42. We'll answer by email."
        );
    }
}
