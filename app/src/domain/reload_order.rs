//! Reloads of a live list (or saves of a setting) can answer out of order (two changes in quick succession, the
//! second answer overtaking the first). Each request takes a ticket; an answer counts only
//! if no later ticket's answer has been applied, so a list never steps back in time.

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReloadOrder {
    asked: u64,
    applied: u64,
}

impl ReloadOrder {
    /// A new request: its ticket.
    pub fn ask(&mut self) -> u64 {
        self.asked += 1;
        self.asked
    }

    /// Whether the answer to `ticket` may be shown (and, if so, it is now the latest shown).
    pub fn accept(&mut self, ticket: u64) -> bool {
        if ticket > self.applied {
            self.applied = ticket;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_order_are_all_shown() {
        let mut o = ReloadOrder::default();
        let (a, b) = (o.ask(), o.ask());
        assert!(o.accept(a));
        assert!(o.accept(b));
    }

    #[test]
    fn an_answer_overtaken_by_a_later_one_is_dropped() {
        let mut o = ReloadOrder::default();
        let (a, b) = (o.ask(), o.ask());
        assert!(o.accept(b));
        assert!(!o.accept(a));
        // The next request still counts.
        let c = o.ask();
        assert!(o.accept(c));
    }

    #[test]
    fn the_same_answer_is_not_shown_twice() {
        let mut o = ReloadOrder::default();
        let a = o.ask();
        assert!(o.accept(a));
        assert!(!o.accept(a));
    }
}
