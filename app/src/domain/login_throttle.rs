//! Limits on sign-in attempts, decided from counts kept in the database.
//!
//! An attempt is *reserved* before the password is checked (a row is written first, then
//! counted), so a burst of concurrent guesses cannot all pass the check before any of them
//! is recorded: of the attempts that count themselves in, at most `per_pair` see a total
//! within the limit.
//!
//! Keys:
//! - per (client address, account): `per_pair` attempts in `window`. Only the address that
//!   guesses is slowed down: the account's owner, elsewhere, still signs in.
//! - per client address: at most `accounts_per_address` different accounts in `window`, so
//!   one address cannot try a few passwords on every account.
//!
//! A successful sign-in clears its (address, account) record.
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub per_pair: u64,
    pub accounts_per_address: u64,
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            per_pair: 5,
            accounts_per_address: 10,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// What the counts say, the reserved attempt included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptCounts {
    /// Attempts from this address on this account within the window.
    pub pair: u64,
    /// Different accounts this address tried within the window.
    pub accounts: u64,
}

/// Which limit an attempt hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooManyForAccount,
    TooManyAccounts,
}

impl ThrottlePolicy {
    pub fn judge(&self, counts: AttemptCounts) -> Result<(), Refused> {
        if counts.pair > self.per_pair {
            Err(Refused::TooManyForAccount)
        } else if counts.accounts > self.accounts_per_address {
            Err(Refused::TooManyAccounts)
        } else {
            Ok(())
        }
    }

    /// Seconds until the oldest counted attempt (`age` old now) leaves the window; at least 1.
    pub fn wait_secs(&self, oldest_age: Duration) -> u64 {
        self.window.saturating_sub(oldest_age).as_secs().max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            per_pair: 3,
            accounts_per_address: 2,
            window: Duration::from_secs(60),
        }
    }

    #[test]
    fn allows_up_to_the_limit_counting_the_reserved_attempt() {
        let p = policy();
        for pair in 1..=3 {
            assert_eq!(p.judge(AttemptCounts { pair, accounts: 1 }), Ok(()));
        }
        assert_eq!(
            p.judge(AttemptCounts {
                pair: 4,
                accounts: 1
            }),
            Err(Refused::TooManyForAccount)
        );
    }

    #[test]
    fn one_address_may_try_only_a_few_accounts() {
        let p = policy();
        assert_eq!(
            p.judge(AttemptCounts {
                pair: 1,
                accounts: 2
            }),
            Ok(())
        );
        assert_eq!(
            p.judge(AttemptCounts {
                pair: 1,
                accounts: 3
            }),
            Err(Refused::TooManyAccounts)
        );
    }

    #[test]
    fn waits_until_the_oldest_attempt_leaves_the_window() {
        let p = policy();
        assert_eq!(p.wait_secs(Duration::from_secs(0)), 60);
        assert_eq!(p.wait_secs(Duration::from_secs(45)), 15);
        assert_eq!(p.wait_secs(Duration::from_secs(90)), 1);
    }

    #[test]
    fn defaults() {
        let p = ThrottlePolicy::default();
        assert_eq!((p.per_pair, p.accounts_per_address), (5, 10));
        assert_eq!(p.window, Duration::from_secs(900));
    }
}
