//! Client-generated message ids: the server stores a retried send once per id.

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `w-` and 16 random characters of `[0-9A-Za-z]` (about 95 bits): unique per visitor.
/// `random` yields numbers in `[0, 1)` (`Math.random` in the browser).
pub fn client_id(mut random: impl FnMut() -> f64) -> String {
    let mut id = String::with_capacity(18);
    id.push_str("w-");
    for _ in 0..16 {
        let i = (random() * ALPHABET.len() as f64) as usize;
        id.push(ALPHABET[i.min(ALPHABET.len() - 1)] as char);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::limits::is_valid_client_id;

    #[test]
    fn ids_are_valid_and_use_the_random_source() {
        let low = client_id(|| 0.0);
        assert_eq!(low, "w-0000000000000000");
        let high = client_id(|| 0.999_999_999);
        assert_eq!(high, "w-zzzzzzzzzzzzzzzz");
        let mut x = 0.0_f64;
        let mixed = client_id(|| {
            x = (x + 0.37) % 1.0;
            x
        });
        assert!(is_valid_client_id(&low));
        assert!(is_valid_client_id(&high));
        assert!(is_valid_client_id(&mixed));
        assert_ne!(mixed, low);
    }
}
